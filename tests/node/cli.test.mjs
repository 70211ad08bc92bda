// The package's `fahras` command (npx fahras build): an index file built from a corpus must search
// exactly like the index build.rs embeds from the same corpus, since both are meant to run the
// same analyser and writer.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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

test("fahras build indexes a folder of .txt files like the embedded index", () =>
  withTempDir((dir) => {
    const out = join(dir, "seeds.fhr");
    const run = fahras("build", seedsDir, "-o", out);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`${seeds.length} documents`));

    const built = SearchIndex.fromBytes(readFileSync(out));
    const embedded = new SearchIndex();
    assert.equal(built.stats.documents, embedded.stats.documents);
    assert.equal(built.stats.terms, embedded.stats.terms);
    for (const query of ["بوتين", "الصين", "موسك", '"روسيا والصين"', "استراتيجيه", "بوتين -موسكو", "موسقو"]) {
      assert.deepEqual(built.search(query, { limit: 100 }), embedded.search(query, { limit: 100 }), query);
    }
    for (const { id } of seeds) assert.deepEqual(built.document(id), embedded.document(id), id);
  }));

test("fahras build reads JSONL with metadata, and fahras search finds it", () =>
  withTempDir((dir) => {
    const corpus = join(dir, "docs.jsonl");
    const docs = [
      { id: "cairo", title: "القاهرة", text: "مدينة القاهرة على نهر النيل", url: "https://example.org/cairo", date: "2024-01-02" },
      { id: "nile", title: "النيل", text: "نهر النيل أطول أنهار أفريقيا" },
    ];
    writeFileSync(corpus, docs.map((d) => JSON.stringify(d)).join("\n") + "\n\n");
    const out = join(dir, "docs.fhr");
    const run = fahras("build", corpus, "--out", out);
    assert.equal(run.status, 0, run.stderr);

    const index = SearchIndex.fromBytes(readFileSync(out));
    assert.equal(index.stats.documents, 2);
    const cairo = index.document("cairo");
    assert.equal(cairo.title, "القاهرة");
    assert.equal(cairo.url, "https://example.org/cairo");
    assert.equal(cairo.date, "2024-01-02");
    assert.deepEqual(index.search("النيل").hits.map((h) => h.id).sort(), ["cairo", "nile"]);

    const found = fahras("search", out, "القاهرة");
    assert.equal(found.status, 0, found.stderr);
    const [summary, ...hits] = found.stdout.trim().split("\n").map((line) => JSON.parse(line));
    assert.equal(summary.total, 1);
    assert.equal(hits[0].id, "cairo");
  }));

test("fahras build reports bad input with the file, line and reason, and exits non-zero", () =>
  withTempDir((dir) => {
    const cases = [
      ["missing.jsonl", null, /missing\.jsonl: no such file/],
      ["notjson.jsonl", '{"id":"a","text":"نص"}\n{not json}\n', /notjson\.jsonl:2: not JSON/],
      ["noid.jsonl", '{"text":"نص بلا معرف"}\n', /noid\.jsonl:1: .*id/],
      ["dup.jsonl", '{"id":"a","text":"نص"}\n{"id":"a","text":"نص آخر"}\n', /dup\.jsonl:2: .*\ba\b/],
      ["array.jsonl", "[1,2]\n", /array\.jsonl:1: a document must be a JSON object/],
      ["empty.jsonl", "\n", /no documents/],
      ["corpus.csv", "id,text\n", /folder of \.txt files or a \.jsonl file/],
    ];
    for (const [name, content, message] of cases) {
      const path = join(dir, name);
      if (content !== null) writeFileSync(path, content);
      const run = fahras("build", path, "-o", join(dir, "out.fhr"));
      assert.equal(run.status, 1, `${name}: exit ${run.status}`);
      assert.match(run.stderr, message, name);
    }
    for (const args of [[], ["frob"], ["build"], ["build", dir, "--bogus"], ["build", dir, "-o"]]) {
      const run = fahras(...args);
      assert.equal(run.status, 2, `${args.join(" ")}: exit ${run.status}`);
      assert.match(run.stderr, /usage:/);
    }
  }));
