// The package README's plain-page quick start, run as written: its <script type="module"> block in
// a page served next to fahras.js and fahras_bg.wasm (what "serve them side by side" means), in
// headless Chromium. It must show one paragraph per hit with the matched words in <mark>, and
// nothing may fail. (The bundler and Web Worker quick starts run in vite.test.mjs.)
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { initSync, SearchIndex } from "../../pkg/fahras.js";
import { startServer } from "./server.mjs";
import { REPO, launchBrowser, watchProblems } from "./harness.mjs";
import { readmeBlocks } from "./readme.mjs";

let dir;
let server;
let browser;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "fahras-readme-"));
  for (const f of ["fahras.js", "fahras_bg.wasm"]) copyFileSync(join(REPO, "pkg", f), join(dir, f));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

test("the README's plain page shows the hits with marked words", async () => {
  const [html] = readmeBlocks("Quick start: a plain page", "html");
  const query = html.match(/index\.search\("([^"]+)", \{ limit: (\d+) \}\)/);
  assert.ok(query, "the quick start searches a literal query with a limit");
  writeFileSync(
    join(dir, "index.html"),
    `<!doctype html>\n<html lang="ar" dir="rtl">\n<head><meta charset="utf-8"><link rel="icon" href="data:,"></head>\n<body>\n${html}</body>\n</html>\n`,
  );

  initSync({ module: readFileSync(join(REPO, "pkg", "fahras_bg.wasm")) });
  const expected = new SearchIndex().search(query[1], { limit: Number(query[2]) });
  assert.ok(expected.hits.length > 0, `${query[1]} finds something in the seeds`);

  server = await startServer({ root: dir });
  const page = await browser.newPage();
  const problems = watchProblems(page);
  await page.goto(server.url);
  await page.waitForFunction((n) => document.querySelectorAll("body > p").length === n, expected.hits.length);
  // Each paragraph is its hit's snippet, verbatim, with exactly the hit pieces marked.
  const shown = await page.$$eval("body > p", (ps) =>
    ps.map((p) => ({ text: p.textContent, marked: [...p.querySelectorAll("mark")].map((m) => m.textContent) })),
  );
  assert.deepEqual(
    shown,
    expected.hits.map((h) => ({
      text: h.snippet.map((s) => s.text).join(""),
      marked: h.snippet.filter((s) => s.hit).map((s) => s.text),
    })),
  );
  assert.ok(shown.every((p) => p.marked.length > 0), "every snippet marks a word");
  assert.deepEqual(problems, []);
  await page.close();
});
