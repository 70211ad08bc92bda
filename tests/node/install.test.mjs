// A fresh machine following the README, in Node: the release tarball installed into an empty
// `npm init -y` project, the user's own Markdown folder built with `npx fahras build`, then opened
// with fromBytes (an index file) and with --embed (the module holding the index), from an ES
// module (.mjs) and from CommonJS through import(). The browser half is
// tests/browser/install.test.mjs.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DOCS, freshProject, npmEnv, npx } from "./fresh-project.mjs";

let project;
let cleanup;
let built;
let embedded;
before(() => ({ project, cleanup, built, embedded } = freshProject()));
after(() => cleanup?.());

const node = (file) => JSON.parse(execFileSync(process.execPath, [file], { cwd: project, encoding: "utf8" }));
const docIds = Object.keys(DOCS).map((f) => f.replace(/\.md$/, "")).sort();

test("npx fahras build writes the index file and the --embed folder, and says what it wrote", () => {
  assert.match(built, new RegExp(`^public/docs\\.fhr: ${docIds.length} documents, \\d+ terms, [\\d.]+ KiB\\n$`));
  assert.match(embedded, new RegExp(`^public/search/: ${docIds.length} documents, \\d+ terms, [\\d.]+ KiB inside fahras_bg\\.wasm, next to fahras\\.js\\n$`));
  assert.deepEqual(readdirSync(join(project, "public", "search")).sort(), ["fahras.d.ts", "fahras.js", "fahras_bg.wasm", "package.json"]);
  assert.deepEqual(JSON.parse(readFileSync(join(project, "public", "search", "package.json"), "utf8")).type, "module");
});

test("the installed package's new SearchIndex() has no index and says how to open one", () => {
  writeFileSync(
    join(project, "empty.mjs"),
    `import { readFileSync } from "node:fs";
import { initSync, SearchIndex } from "fahras";
initSync({ module: readFileSync(new URL("./fahras_bg.wasm", import.meta.resolve("fahras"))) });
try { new SearchIndex(); console.log(JSON.stringify({ opened: true })); }
catch (e) { console.log(JSON.stringify({ error: e.message, isError: e instanceof Error })); }
`,
  );
  const out = node("empty.mjs");
  assert.equal(out.isError, true, "an Error");
  assert.match(out.error, /no index inside/);
  for (const way of ["SearchIndex.fromBytes(bytes)", "await SearchIndex.fromUrl(url)", "npx fahras build docs/ --embed -o public/search/"]) {
    assert.ok(out.error.includes(way), `the message mentions ${way}: ${out.error}`);
  }
});

test("an ES module opens the index file with fromBytes and the --embed module with new SearchIndex()", () => {
  writeFileSync(
    join(project, "search.mjs"),
    `import { readFileSync } from "node:fs";
import { initSync, SearchIndex } from "fahras";
import * as embedded from "./public/search/fahras.js";

initSync({ module: readFileSync(new URL("./fahras_bg.wasm", import.meta.resolve("fahras"))) });
const bytes = readFileSync("public/docs.fhr");
const fromFile = SearchIndex.fromBytes(bytes);
const fromBuffer = SearchIndex.fromBytes(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));

embedded.initSync({ module: readFileSync("public/search/fahras_bg.wasm") });
const inside = new embedded.SearchIndex();

const ids = (index, q) => index.search(q, { limit: 100 }).hits.map((h) => h.id);
const queries = ["بايثون", "تثبيت المكتبة", "المكتب", "\\"بلغة بايثون\\"", "بايثون -تثبيت"];
console.log(JSON.stringify({
  stats: [fromFile.stats, fromBuffer.stats, inside.stats],
  file: queries.map((q) => ids(fromFile, q)),
  buffer: queries.map((q) => ids(fromBuffer, q)),
  inside: queries.map((q) => ids(inside, q)),
  title: inside.document("guide/python")?.title,
}));
`,
  );
  const out = node("search.mjs");
  assert.equal(out.stats[0].documents, docIds.length);
  assert.deepEqual(out.stats[1], out.stats[0]);
  assert.deepEqual(out.stats[2], out.stats[0], "the --embed module holds the same index");
  const [python, install, prefix, phrase, excluded] = out.file;
  assert.deepEqual([...python].sort(), ["guide/python", "index"]);
  assert.deepEqual([...install].sort(), ["guide/install", "guide/python"]);
  assert.ok(prefix.length === docIds.length, `a prefix while typing finds all three: ${prefix}`);
  assert.deepEqual([...phrase].sort(), ["guide/python", "index"]);
  assert.deepEqual(excluded, ["index"]);
  assert.deepEqual(out.buffer, out.file, "an ArrayBuffer opens like the Buffer");
  assert.deepEqual(out.inside, out.file, "the --embed module answers like the index file");
  assert.equal(out.title, "البرمجة بلغة بايثون");
});

test("CommonJS loads the package with import() (the README's require note)", () => {
  writeFileSync(
    join(project, "search.cjs"),
    `const { readFileSync } = require("node:fs");
(async () => {
  const { initSync, SearchIndex } = await import("fahras");
  initSync({ module: readFileSync(require.resolve("fahras/fahras_bg.wasm")) });
  const index = SearchIndex.fromBytes(readFileSync("public/docs.fhr"));
  console.log(JSON.stringify(index.search("بايثون").hits.map((h) => h.id).sort()));
})();
`,
  );
  assert.deepEqual(node("search.cjs"), ["guide/python", "index"]);
  // And `require("fahras")` itself fails with the ES-module error, not silently.
  const run = spawnSync(process.execPath, ["-e", `require("fahras")`], { cwd: project, encoding: "utf8" });
  if (run.status !== 0) assert.match(run.stderr, /ERR_REQUIRE_ESM|ES Module|import/);
});

test("npx fahras search takes a query that starts with - after --, and -h on every command", () => {
  const lines = npx(project, "fahras", "search", "public/docs.fhr", "--", "-تثبيت", "بايثون").trim().split("\n").map((l) => JSON.parse(l));
  assert.deepEqual(lines.slice(1).map((h) => h.id), ["index"], "the exclusion applies");
  for (const command of ["build", "search"]) {
    const out = npx(project, "fahras", command, "-h");
    assert.match(out, new RegExp(`^usage: fahras ${command} `), `${command} -h`);
  }
  const run = spawnSync("npx", ["fahras", "search", "public/docs.fhr", "-بايثون"], { cwd: project, env: npmEnv, encoding: "utf8" });
  assert.equal(run.status, 2);
  assert.match(run.stderr, /unknown option -بايثون \(words that start with "-" go after --: -- "-بايثون"\)/);
});

test("the installed package is the release: its search module carries no demo articles", () => {
  const wasm = readFileSync(join(project, "node_modules", "fahras", "fahras_bg.wasm"));
  const module = new WebAssembly.Module(wasm);
  assert.equal(WebAssembly.Module.customSections(module, "fahras.index").length, 0);
  // The first words of a seed article are nowhere in the module's bytes.
  const seed = readFileSync(new URL("../../seeds/000_341317d9654fed0c.txt", import.meta.url), "utf8");
  const probe = Buffer.from(seed.split("\n").find((l) => l.trim().length > 40).trim().slice(0, 40));
  assert.equal(wasm.indexOf(probe), -1, "seed text in the release module");
});
