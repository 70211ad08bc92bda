// One corpus, one index, whichever path builds it: the real-shaped pages of tests/data/pages/ (a
// folder of HTML, Markdown and text) and tests/data/documents.jsonl are built three ways — by
// build.rs (what `make build CORPUS=` embeds: the build script runs under `cargo check` with
// FAHRAS_CORPUS, in its own target dir, and writes $OUT_DIR/index.fhr), by `npx fahras build`, and by
// IndexBuilder in JavaScript as a user would call it — and the bytes must be identical. Then what
// the CLI reports about a corpus: drafts, other files, symbolic links, --skip-invalid, --lenient.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { pkgDir } from "./fahras.mjs";
import { initSync, IndexBuilder, SearchIndex } from "../../pkg/fahras_indexer.js";

initSync({ module: readFileSync(new URL("fahras_indexer_bg.wasm", pkgDir)) });

const root = fileURLToPath(new URL("../../", import.meta.url));
const cli = fileURLToPath(new URL("cli.mjs", pkgDir));
const pagesDir = join(root, "tests/data/pages");
const jsonlFile = join(root, "tests/data/documents.jsonl");
const fahras = (...args) => spawnSync(process.execPath, [cli, ...args], { encoding: "utf8" });

function withTempDir(body) {
  const dir = mkdtempSync(join(tmpdir(), "fahras-corpus-"));
  try {
    return body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The index build.rs writes for `corpus`: the build script run by `cargo check`. */
function buildScriptIndex(corpus) {
  const run = spawnSync("cargo", ["check", "--lib", "--quiet", "--message-format=json"], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, FAHRAS_CORPUS: corpus, CARGO_TARGET_DIR: join(root, "target/corpus-paths") },
  });
  assert.equal(run.status, 0, run.stderr);
  const outDir = run.stdout
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l))
    .find((m) => m.reason === "build-script-executed" && m.package_id.includes("fahras"))?.out_dir;
  assert.ok(outDir, "cargo reported the build script's OUT_DIR");
  return new Uint8Array(readFileSync(join(outDir, "index.fhr")));
}

function cliIndex(corpus) {
  return withTempDir((dir) => {
    const out = join(dir, "index.fhr");
    const run = fahras("build", corpus, "-o", out);
    assert.equal(run.status, 0, run.stderr);
    return new Uint8Array(readFileSync(out));
  });
}

/** A user's own walk: every file the engine says is a document, ids from paths. */
function builderIndexOfFolder(dir) {
  const builder = new IndexBuilder();
  const walk = (abs, rel) => {
    for (const name of readdirSync(abs).sort()) {
      if (IndexBuilder.isIgnoredName(name)) continue;
      const path = join(abs, name);
      const relPath = rel ? `${rel}/${name}` : name;
      if (statSync(path).isDirectory()) walk(path, relPath);
      else {
        const format = IndexBuilder.fileFormat(name);
        if (format) builder.addFile(relPath.replace(/\.[^.]+$/, ""), readFileSync(path, "utf8"), format);
      }
    }
  };
  walk(dir, "");
  return builder.finish();
}

/** A user's own JSON lines: parsed by JavaScript, handed to `add` as objects. */
function builderIndexOfJsonl(file) {
  const builder = new IndexBuilder();
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (line.trim()) builder.add(JSON.parse(line));
  }
  return builder.finish();
}

const same = (a, b, what) => assert.ok(Buffer.from(a).equals(Buffer.from(b)), `${what}: the index bytes differ`);

test("a folder of pages gives byte-identical indexes through build.rs, the CLI and IndexBuilder", { timeout: 900_000 }, () => {
  const viaCli = cliIndex(pagesDir);
  same(builderIndexOfFolder(pagesDir), viaCli, "IndexBuilder vs CLI");
  same(buildScriptIndex(pagesDir), viaCli, "build.rs vs CLI");
  const index = SearchIndex.fromBytes(viaCli);
  assert.equal(index.stats.documents, 6);
  const doc = index.document("blog/2024/hugo-post");
  assert.deepEqual(doc.fields, {
    categories: ["مهارات", "كتب"],
    featured: true,
    level: "مبتدئ",
    rating: 4.5,
    tags: ["قراءة", "تعلم"],
    weight: 3,
  });
});

test("a JSONL corpus gives byte-identical indexes through build.rs, the CLI and IndexBuilder.add", { timeout: 900_000 }, () => {
  const viaCli = cliIndex(jsonlFile);
  same(builderIndexOfJsonl(jsonlFile), viaCli, "IndexBuilder.add vs CLI");
  same(buildScriptIndex(jsonlFile), viaCli, "build.rs vs CLI");
  const index = SearchIndex.fromBytes(viaCli);
  const hit = index.search("الأعمال").hits[0];
  assert.equal(hit.date, "2024-03-15");
  assert.equal(index.document("h1").dateText, "15/03/2024");
  assert.deepEqual(hit.fields, { book: "البخاري", grade: "صحيح", number: 1, tags: ["نية", "عمل"], verified: true });
  assert.equal(index.document("h2").title, "الدين النصيحة…", "a title derived from the text on every path");
  assert.equal(index.document("h4"), undefined, "a draft is left out");
});

test("the summary counts drafts, other files and symbolic links, and stderr names each", () =>
  withTempDir((dir) => {
    const corpus = join(dir, "site");
    mkdirSync(join(corpus, "sub"), { recursive: true });
    writeFileSync(join(corpus, "a.md"), "# أ\n\nنص");
    writeFileSync(join(corpus, "draft.md"), "---\ndraft: true\n---\nمسودة");
    writeFileSync(join(corpus, "image.png"), "PNG");
    symlinkSync(corpus, join(corpus, "sub", "loop"));
    symlinkSync(join(corpus, "missing.md"), join(corpus, "broken.md"));
    const run = fahras("build", corpus, "-o", join(dir, "out.fhr"));
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /out\.fhr: 1 document, .*; skipped 1 draft, 2 symbolic links, 1 file of another type\n$/);
    assert.match(run.stderr, /draft\.md: a draft \(`draft: true`\), skipped/);
    assert.match(run.stderr, /sub\/loop: a symbolic link to a folder already read/);
    assert.match(run.stderr, /broken\.md: a broken symbolic link, skipped/);
  }));

test("--skip-invalid leaves out unreadable files with one line each; without it nothing is written", () =>
  withTempDir((dir) => {
    const corpus = join(dir, "site");
    mkdirSync(corpus);
    writeFileSync(join(corpus, "good.txt"), "عنوان\n\nنص سليم");
    writeFileSync(join(corpus, "binary.txt"), Buffer.from([0xff, 0xfe, 0x00, 0x41]));
    writeFileSync(join(corpus, "bad.md"), "---\ntags: [a, [b]]\n---\nنص");
    const out = join(dir, "out.fhr");
    const strict = fahras("build", corpus, "-o", out);
    assert.equal(strict.status, 1);
    assert.match(strict.stderr, /bad\.md:\d+: front matter: field `tags`/);
    assert.throws(() => statSync(out), "no output on error");
    const lenient = fahras("build", corpus, "-o", out, "--skip-invalid");
    assert.equal(lenient.status, 0, lenient.stderr);
    assert.match(lenient.stdout, /1 document, .*skipped 2 invalid inputs/);
    assert.equal(lenient.stderr.trim().split("\n").length, 2, lenient.stderr);
    assert.match(lenient.stderr, /binary\.txt: not valid UTF-8.*, skipped/);
  }));

test("an unreadable date is an error naming the file and line, a warning under --lenient", () =>
  withTempDir((dir) => {
    const file = join(dir, "c.ndjson");
    writeFileSync(file, '{"id":"a","text":"نص"}\n{"id":"b","text":"نص","date":"الأسبوع القادم"}\n');
    const strict = fahras("build", file, "-o", join(dir, "out.fhr"));
    assert.equal(strict.status, 1);
    assert.match(strict.stderr, /c\.ndjson:2: document `b`: the date `الأسبوع القادم` cannot be read/);
    const lenient = fahras("build", file, "-o", join(dir, "out.fhr"), "--lenient");
    assert.equal(lenient.status, 0, lenient.stderr);
    assert.match(lenient.stderr, /warning: .*c\.ndjson:2: /);
    const doc = SearchIndex.fromBytes(readFileSync(join(dir, "out.fhr"))).document("b");
    assert.equal(doc.date, undefined);
    assert.equal(doc.dateText, "الأسبوع القادم");
  }));

test("a .json file holding an array of documents is a corpus", () =>
  withTempDir((dir) => {
    const file = join(dir, "export.json");
    writeFileSync(file, JSON.stringify([{ id: "a", text: "أول", views: 22000000 }, { id: "b", text: "ثان" }]));
    const run = fahras("build", file, "-o", join(dir, "out.fhr"));
    assert.equal(run.status, 0, run.stderr);
    const index = SearchIndex.fromBytes(readFileSync(join(dir, "out.fhr")));
    assert.deepEqual(index.document("a").fields, { views: 22000000 });
    writeFileSync(file, JSON.stringify([{ id: "a", text: "x" }, { id: "b" }]));
    assert.match(fahras("build", file, "-o", join(dir, "out.fhr")).stderr, /export\.json: item 2 of the array: document `b`: the document has no `text`/);
  }));
