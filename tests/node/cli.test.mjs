// The package's `fahras` command (npx fahras build): an index file built from a corpus must search
// exactly like the index build.rs embeds from the same corpus, since both are meant to run the
// same analyser and writer; folders of Markdown and HTML become clean documents; large corpora
// report progress; and every kind of bad input is reported with the file (and line or byte) it is
// about, on stderr, with exit code 1 (2 for usage errors), and leaves no index file behind.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { SearchIndex, pkgDir, seeds } from "./fahras.mjs";

const cli = fileURLToPath(new URL("cli.mjs", pkgDir));
const seedsDir = fileURLToPath(new URL("../../seeds/", import.meta.url));
const fahras = (...args) => spawnSync(process.execPath, [cli, ...args], { encoding: "utf8" });

function withTempDir(body) {
  const dir = mkdtempSync(join(tmpdir(), "fahras-cli-"));
  try {
    return body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Write `files` ({ relative path: string or bytes }) under `dir`. */
function writeTree(dir, files) {
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), content);
  }
}

const jsonl = (docs) => docs.map((d) => JSON.stringify(d)).join("\n") + "\n";

test("fahras build indexes a folder of .txt files like the embedded index", () =>
  withTempDir((dir) => {
    const out = join(dir, "seeds.fhr");
    const run = fahras("build", seedsDir, "-o", out);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`${seeds.length} documents`));
    assert.equal(run.stderr, "", "no progress lines for a small corpus");

    const built = SearchIndex.fromBytes(readFileSync(out));
    const embedded = new SearchIndex();
    assert.equal(built.stats.documents, embedded.stats.documents);
    assert.equal(built.stats.terms, embedded.stats.terms);
    for (const query of ["بوتين", "الصين", "موسك", '"روسيا والصين"', "استراتيجيه", "بوتين -موسكو", "موسقو"]) {
      assert.deepEqual(built.search(query, { limit: 100 }), embedded.search(query, { limit: 100 }), query);
    }
    for (const { id } of seeds) assert.deepEqual(built.document(id), embedded.document(id), id);
  }));

test("fahras build reads JSONL with metadata; hits carry url, date and fields; fahras search finds it", () =>
  withTempDir((dir) => {
    const corpus = join(dir, "docs.jsonl");
    const docs = [
      {
        id: "cairo",
        title: "القاهرة",
        text: "مدينة القاهرة على نهر النيل",
        url: "https://example.org/cairo",
        date: "2024-01-02",
        author: "سلمى",
        section: "مدن",
      },
      { id: "nile", title: "النيل", text: "نهر النيل أطول أنهار أفريقيا" },
      { id: 7, title: "رقم", text: "وثيقة معرفها رقم", pages: 12, draft: false },
    ];
    // A byte order mark (Windows editors), CRLF line ends and blank lines are fine.
    writeFileSync(corpus, "\ufeff" + docs.map((d) => JSON.stringify(d)).join("\r\n") + "\r\n\r\n");
    const out = join(dir, "docs.fhr");
    const run = fahras("build", corpus, "--out", out);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /3 documents/);

    const index = SearchIndex.fromBytes(readFileSync(out));
    assert.equal(index.stats.documents, 3);
    const [hit] = index.search("القاهرة").hits;
    assert.equal(hit.id, "cairo");
    assert.equal(hit.url, "https://example.org/cairo");
    assert.equal(hit.date, "2024-01-02");
    assert.deepEqual(hit.fields, { author: "سلمى", section: "مدن" });
    const cairo = index.document("cairo");
    assert.equal(cairo.title, "القاهرة");
    assert.equal(cairo.url, "https://example.org/cairo");
    assert.deepEqual(cairo.fields, { author: "سلمى", section: "مدن" });
    assert.equal(index.search("النيل").hits.find((h) => h.id === "nile").url, undefined, "no url, no key");
    // Numbers and booleans are kept as JS prints them.
    // Fields keep their JSON types; `draft` is not metadata (draft: true leaves a document out).
    assert.deepEqual(index.document("7").fields, { pages: 12 });
    assert.deepEqual(index.search("النيل").hits.map((h) => h.id).sort(), ["cairo", "nile"]);

    const found = fahras("search", out, "القاهرة");
    assert.equal(found.status, 0, found.stderr);
    const [summary, ...hits] = found.stdout.trim().split("\n").map((line) => JSON.parse(line));
    assert.equal(summary.total, 1);
    assert.equal(hits[0].id, "cairo");
    assert.equal(hits[0].url, "https://example.org/cairo");
    assert.match(hits[0].snippet, /\[القاهرة\]/);
  }));

test("fahras build reads .txt, .md and .html files in subfolders, ids are paths without extension", () =>
  withTempDir((dir) => {
    const corpus = join(dir, "site");
    writeTree(corpus, {
      "guide/summit.md": `---\ntitle: "قمة موسكو"\ndate: 2025-05-09\nauthor: أحمد\n---\n\n# عنوان ثانوي\n\nأكد **الرئيس** [بوتين](https://x.ru/link) أن العلاقات قوية\n`,
      "guide/deep/library.markdown": "# مكتبة الإسكندرية\n\nتضم المكتبة *مخطوطات* نادرة.\n",
      "nile.html": `<!doctype html><html><head><title>النيل | موقع</title><meta name="date" content="2024-03-01">
<link rel="canonical" href="https://example.org/nile"><style>.x{color:red}</style></head>
<body><h1>نهر النيل</h1><script>var hidden = "سرية";</script><p>نهر <b>النيل</b> أطول أنهار أفريقيا.</p></body></html>`,
      "old/page.HTM": "<html><head><title>صفحة قديمة</title></head><body><p>أرشيف الصحيفة</p></body></html>",
      [`news/${seeds[0].id}.txt`]: seeds[0].text,
      // Not a corpus: hidden folders, installed packages, other file types.
      ".git/notes.txt": "ملاحظات مخفية",
      "node_modules/pkg/readme.md": "# حزمة مثبتة",
      "image.png": "not text",
    });
    const out = join(dir, "site.fhr");
    const run = fahras("build", corpus, "-o", out);
    assert.equal(run.status, 0, run.stderr);

    const index = SearchIndex.fromBytes(readFileSync(out));
    assert.equal(index.stats.documents, 5);
    const summit = index.document("guide/summit");
    assert.equal(summit.title, "قمة موسكو", "the front matter's title");
    assert.equal(summit.date, "2025-05-09");
    assert.deepEqual(summit.fields, { author: "أحمد" });
    assert.doesNotMatch(summit.text, /\*\*|\]\(|https:\/\/x\.ru/, "Markdown markup is not text");
    assert.equal(index.document("guide/deep/library").title, "مكتبة الإسكندرية", "the first heading");

    const nile = index.document("nile");
    assert.equal(nile.title, "نهر النيل");
    assert.equal(nile.date, "2024-03-01");
    assert.equal(nile.url, "https://example.org/nile");
    assert.doesNotMatch(nile.text, /[<>]|color|hidden/, "tags, styles and scripts are not text");
    // Exact matching: typo tolerance would find the seed's سريعة.
    assert.equal(index.search("سرية", { fuzzy: false, prefix: false }).total, 0, "script text is not indexed");
    assert.equal(index.document("old/page").title, "صفحة قديمة");

    const news = index.document(`news/${seeds[0].id}`);
    assert.equal(news.text, new SearchIndex().document(seeds[0].id).text, "a .txt reads as in the seeds");
    for (const hidden of ["ملاحظات", "حزمة"]) {
      assert.equal(index.search(hidden, { fuzzy: false, prefix: false }).total, 0, `${hidden}: skipped files are not indexed`);
    }
    assert.deepEqual(index.search("بوتين").hits.map((h) => h.id).sort(), ["guide/summit", `news/${seeds[0].id}`]);
  }));

test("the same folder always gives the same index bytes", () =>
  withTempDir((dir) => {
    writeTree(join(dir, "c"), { "b.md": "# ب\n\nنص ثان", "a.txt": "نص أول", "z/c.html": "<p>نص ثالث</p>" });
    const outs = ["one.fhr", "two.fhr"].map((name) => {
      const run = fahras("build", join(dir, "c"), "-o", join(dir, name));
      assert.equal(run.status, 0, run.stderr);
      return readFileSync(join(dir, name));
    });
    assert.deepEqual(outs[0], outs[1]);
  }));

test("large corpora report progress on stderr, one plain line at a time when it is not a terminal", () =>
  withTempDir((dir) => {
    const docs = (n) => Array.from({ length: n }, (_, i) => ({ id: `d${i}`, text: `وثيقة رقم ${i} عن المدينة` }));
    writeFileSync(join(dir, "small.jsonl"), jsonl(docs(999)));
    writeFileSync(join(dir, "large.jsonl"), jsonl(docs(2500)));

    const small = fahras("build", join(dir, "small.jsonl"), "-o", join(dir, "small.fhr"));
    assert.equal(small.status, 0, small.stderr);
    assert.equal(small.stderr, "", "silent under 1,000 documents");

    const large = fahras("build", join(dir, "large.jsonl"), "-o", join(dir, "large.fhr"));
    assert.equal(large.status, 0, large.stderr);
    const lines = large.stderr.split("\n");
    assert.equal(lines.pop(), "", "every line ends with a newline");
    assert.ok(!large.stderr.includes("\r"), "no carriage returns in a log");
    assert.equal(lines[0], "indexed 1,000 documents…");
    assert.equal(lines.at(-1), "analysing 2,500 documents…");
    for (const line of lines) assert.match(line, /^(indexed|analysing) [\d,]+ documents…$/);
    assert.match(large.stdout, /2,500 documents/);
    assert.equal(SearchIndex.fromBytes(readFileSync(join(dir, "large.fhr"))).stats.documents, 2500);
  }));

// util-linux `script` gives the command a terminal; without it (not Debian) there is nothing to run.
const hasScript = spawnSync("script", ["--version"]).status === 0;
test("on a terminal the progress line is rewritten in place", { skip: !hasScript && "no `script` command" }, () =>
  withTempDir((dir) => {
    const docs = Array.from({ length: 2000 }, (_, i) => ({ id: `d${i}`, text: `وثيقة ${i}` }));
    writeFileSync(join(dir, "c.jsonl"), jsonl(docs));
    const command = [process.execPath, cli, "build", join(dir, "c.jsonl"), "-o", join(dir, "c.fhr")]
      .map((a) => `'${a}'`)
      .join(" ");
    // Only stderr on the terminal: stdout (the summary) goes to a file.
    const run = spawnSync("script", ["-qec", `${command} >'${join(dir, "stdout")}'`, "/dev/null"], { encoding: "utf8" });
    assert.equal(run.status, 0, run.stdout);
    assert.match(run.stdout, /\rindexed 1,000 documents…\x1b\[K\rindexed 2,000 documents…\x1b\[K\ranalysing 2,000 documents…\x1b\[K\r?\n/);
    assert.match(readFileSync(join(dir, "stdout"), "utf8"), /2,000 documents/);
  }));

/** Run `fahras build <corpus> -o <dir>/out.fhr`; expect exit 1, a `fahras: ` message, no output. */
function buildFails(dir, corpus, out = join(dir, "out.fhr")) {
  const run = fahras("build", corpus, "-o", out);
  assert.equal(run.status, 1, `exit ${run.status}: ${run.stderr}`);
  assert.equal(run.stdout, "");
  assert.match(run.stderr, /^fahras: /);
  assert.equal(run.stderr.trim().split("\n").length, 1, `one line: ${run.stderr}`);
  assert.ok(!existsSync(join(dir, "out.fhr")), "no index file is left behind");
  return run.stderr;
}

test("invalid UTF-8 in a file names the file and the byte offset", () =>
  withTempDir((dir) => {
    const bad = Buffer.concat([Buffer.from("سطر أول\nكلمة "), Buffer.from([0xd8, 0x41]), Buffer.from(" بقية")]);
    writeTree(join(dir, "c"), { "a.txt": "نص سليم", "sub/bad.md": bad });
    const offset = Buffer.byteLength("سطر أول\nكلمة ");
    const message = buildFails(dir, join(dir, "c"));
    assert.ok(message.includes(join(dir, "c", "sub", "bad.md")), message);
    assert.match(message, new RegExp(`not valid UTF-8: byte 0xd8 at byte offset ${offset} \\(line 2\\)`));

    // UTF-16 (what some Windows editors save) is named as such.
    writeTree(join(dir, "u"), { "w.txt": Buffer.from("\ufeffنص", "utf16le") });
    assert.match(buildFails(dir, join(dir, "u")), /w\.txt: not valid UTF-8 \(it looks like UTF-16\): byte 0xff at byte offset 0/);
  }));

test("invalid UTF-8 in a JSONL file names the file, byte offset and line", () =>
  withTempDir((dir) => {
    const first = Buffer.from(jsonl([{ id: "a", text: "نص" }]));
    // An overlong encoding of "/" is invalid UTF-8 even though every byte looks like a sequence.
    const second = Buffer.concat([Buffer.from('{"id":"b","text":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}\n')]);
    writeFileSync(join(dir, "c.jsonl"), Buffer.concat([first, second]));
    const offset = first.length + '{"id":"b","text":"'.length;
    assert.match(buildFails(dir, join(dir, "c.jsonl")), new RegExp(`c\\.jsonl: not valid UTF-8: byte 0xc0 at byte offset ${offset} \\(line 2\\)`));
  }));

test("a malformed JSONL line names the file, the line and the JSON error", () =>
  withTempDir((dir) => {
    writeFileSync(join(dir, "c.jsonl"), '{"id":"a","text":"نص"}\n\n{"id": "b", text: "x"}\n');
    const message = buildFails(dir, join(dir, "c.jsonl"));
    assert.match(message, /c\.jsonl:3: not JSON: /);
    // The parser's own words (serde_json's, as build.rs reports them), with the column.
    assert.match(message, /key must be a string at line 1 column \d+/);
  }));

test("a JSONL line that is not an object is refused with its line", () =>
  withTempDir((dir) => {
    for (const [value, kind] of [["[1, 2]", "an array"], ['"نص"', "a string"], ["42", "a number"], ["null", "null"]]) {
      writeFileSync(join(dir, "c.jsonl"), `{"id":"a","text":"نص"}\n${value}\n`);
      const message = buildFails(dir, join(dir, "c.jsonl"));
      assert.match(message, new RegExp(`c\\.jsonl:2: a document must be a JSON object .*not ${kind}$`, "m"), value);
    }
  }));

test("a JSONL document without an id is refused with its line", () =>
  withTempDir((dir) => {
    for (const doc of [{ text: "نص بلا معرف" }, { id: "", text: "نص" }, { id: "  ", text: "نص" }, { id: null, text: "نص" }]) {
      writeFileSync(join(dir, "c.jsonl"), jsonl([{ id: "a", text: "نص" }, { id: "b", text: "نص" }, doc]));
      assert.match(buildFails(dir, join(dir, "c.jsonl")), /c\.jsonl:3: the document has no `id`/, JSON.stringify(doc));
    }
    // An id that is not text is the engine's to refuse: still with the line.
    writeFileSync(join(dir, "c.jsonl"), jsonl([{ id: { x: 1 }, text: "نص" }]));
    assert.match(buildFails(dir, join(dir, "c.jsonl")), /c\.jsonl:1: .*`id`/);
  }));

test("duplicate ids name the id and both places", () =>
  withTempDir((dir) => {
    writeFileSync(join(dir, "c.jsonl"), jsonl([{ id: "a", text: "١" }, { id: "b", text: "٢" }, { id: "a", text: "٣" }]));
    assert.match(buildFails(dir, join(dir, "c.jsonl")), /c\.jsonl:3: duplicate document id `a`/);
    // A number and the same digits as a string are the same id.
    writeFileSync(join(dir, "n.jsonl"), jsonl([{ id: 7, text: "١" }, { id: "7", text: "٢" }]));
    assert.match(buildFails(dir, join(dir, "n.jsonl")), /n\.jsonl:2: duplicate document id `7`/);

    // In a folder, two files that differ only by extension.
    writeTree(join(dir, "f"), { "notes/a.md": "# أ", "notes/a.txt": "أ", "b.txt": "ب" });
    assert.match(buildFails(dir, join(dir, "f")), /duplicate id `notes\/a`: notes\/a\.md and notes\/a\.txt both give it/);
  }));

test("an empty corpus says what was looked for", () =>
  withTempDir((dir) => {
    mkdirSync(join(dir, "empty"));
    writeTree(join(dir, "other"), { "a.pdf": "%PDF", "b.json": "{}", ".hidden.txt": "مخفي" });
    for (const folder of ["empty", "other"]) {
      const message = buildFails(dir, join(dir, folder));
      assert.match(message, new RegExp(`${folder}: no documents found \\(looked for \\.txt, \\.md, \\.html files`));
    }
    writeFileSync(join(dir, "c.jsonl"), "\n  \n");
    assert.match(buildFails(dir, join(dir, "c.jsonl")), /c\.jsonl: no documents found/);
  }));

test("a missing input path or an input that is not a corpus is named", () =>
  withTempDir((dir) => {
    assert.match(buildFails(dir, join(dir, "missing.jsonl")), /missing\.jsonl: no such file or folder/);
    writeFileSync(join(dir, "corpus.csv"), "id,text\n");
    assert.match(buildFails(dir, join(dir, "corpus.csv")), /corpus\.csv: expected a folder of \.txt, \.md.* files, a \.json file or a \.jsonl\/\.ndjson file/);
  }));

test("an unwritable output is named before any work is done", () =>
  withTempDir((dir) => {
    writeFileSync(join(dir, "c.jsonl"), jsonl([{ id: "a", text: "نص" }]));
    mkdirSync(join(dir, "folder"));
    assert.match(buildFails(dir, join(dir, "c.jsonl"), join(dir, "folder")), /cannot write .*folder: it is a folder/);
    writeFileSync(join(dir, "file"), "");
    assert.match(
      buildFails(dir, join(dir, "c.jsonl"), join(dir, "file", "out.fhr")),
      /cannot write .*file\/out\.fhr: a part of the path is a file, not a folder/,
    );
    // A missing folder is created, as `-o public/docs.fhr` in a fresh project expects.
    const run = fahras("build", join(dir, "c.jsonl"), "-o", join(dir, "new", "deep", "c.fhr"));
    assert.equal(run.status, 0, run.stderr);
    assert.equal(SearchIndex.fromBytes(readFileSync(join(dir, "new", "deep", "c.fhr"))).stats.documents, 1);
  }));

test("fahras search names a missing or corrupt index file", () =>
  withTempDir((dir) => {
    const missing = fahras("search", join(dir, "none.fhr"), "نص");
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /^fahras: .*none\.fhr: no such file/);
    writeFileSync(join(dir, "bad.fhr"), "not an index");
    const bad = fahras("search", join(dir, "bad.fhr"), "نص");
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /^fahras: .*bad\.fhr: .*fahras/);
  }));

test("usage errors exit 2 and print the usage", () =>
  withTempDir((dir) => {
    const usage = [[], ["frob"], ["build"], ["build", dir, dir], ["build", dir, "--bogus"], ["build", dir, "-o"], ["search", "x.fhr"], ["search", "x.fhr", "q", "--limit", "0"]];
    for (const args of usage) {
      const run = fahras(...args);
      assert.equal(run.status, 2, `${args.join(" ")}: exit ${run.status}`);
      assert.match(run.stderr, /^fahras: .*\n\nusage:/, args.join(" "));
    }
    const help = fahras("--help");
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^usage:/);
    const version = fahras("--version");
    assert.equal(version.stdout.trim(), JSON.parse(readFileSync(new URL("package.json", pkgDir), "utf8")).version);
  }));
