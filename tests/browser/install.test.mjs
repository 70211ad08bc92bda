// A fresh machine following the README, in Chromium: the release tarball installed into an empty
// `npm init -y` project builds the user's own Markdown folder (tests/node/fresh-project.mjs), and
// two plain pages served from public/ search it: one opens the index file with fromUrl and with
// fromBytes, the other imports the --embed folder's fahras.js and calls `new SearchIndex()`,
// which must need nothing but fahras.js and fahras_bg.wasm. fromUrl's errors in a browser (HTTP
// status, another origin without CORS) are checked on the same pages.
import assert from "node:assert/strict";
import { copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { freshProject } from "../node/fresh-project.mjs";
import { startServer } from "./server.mjs";
import { launchBrowser, watchProblems } from "./harness.mjs";

let project;
let cleanup;
let server;
let other;
let browser;

const FILE_PAGE = `<!doctype html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>بحث</title></head>
<body><output id="out"></output>
<script type="module">
  import init, { SearchIndex } from "./fahras.js";
  await init();
  const ids = (index, q) => index.search(q, { limit: 100 }).hits.map((h) => h.id);
  const fromUrl = await SearchIndex.fromUrl("docs.fhr");
  const fromBytes = SearchIndex.fromBytes(await (await fetch("docs.fhr")).arrayBuffer());
  const errors = [];
  for (const url of ["missing.fhr", new URLSearchParams(location.search).get("other")]) {
    try { await SearchIndex.fromUrl(url); errors.push("opened"); } catch (e) { errors.push(e.message); }
  }
  document.getElementById("out").textContent = JSON.stringify({
    url: ids(fromUrl, "بايثون"), bytes: ids(fromBytes, "بايثون"), errors,
  });
</script></body></html>
`;

const EMBED_PAGE = `<!doctype html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>بحث</title></head>
<body><output id="out"></output>
<script type="module">
  import init, { SearchIndex } from "./search/fahras.js";
  await init();
  const index = new SearchIndex();
  document.getElementById("out").textContent = JSON.stringify({
    ids: index.search("بايثون", { limit: 100 }).hits.map((h) => h.id),
    documents: index.stats.documents,
    title: index.document("guide/python").title,
  });
</script></body></html>
`;

before(async () => {
  ({ project, cleanup } = freshProject());
  const pub = join(project, "public");
  // "Serve fahras.js and fahras_bg.wasm side by side" (the plain-page quick start).
  for (const f of ["fahras.js", "fahras_bg.wasm"]) copyFileSync(join(project, "node_modules", "fahras", f), join(pub, f));
  writeFileSync(join(pub, "file.html"), FILE_PAGE);
  writeFileSync(join(pub, "embed.html"), EMBED_PAGE);
  server = await startServer({ root: pub });
  // Another origin (another port) serving the same index without CORS headers.
  other = await startServer({ root: pub });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  await other?.close();
  cleanup?.();
});

async function shown(page) {
  await page.waitForFunction(() => document.getElementById("out").textContent !== "", null, { timeout: 30_000 });
  return JSON.parse(await page.textContent("#out"));
}

test("a page opens the user's index file with SearchIndex.fromUrl and with fromBytes", async () => {
  const page = await browser.newPage();
  const problems = watchProblems(page);
  await page.goto(`${server.url}file.html?other=${encodeURIComponent(`${other.url}docs.fhr`)}`);
  const out = await shown(page);
  assert.deepEqual([...out.url].sort(), ["guide/python", "index"]);
  assert.deepEqual(out.bytes, out.url);
  const [missing, crossOrigin] = out.errors;
  assert.match(missing, new RegExp(`^SearchIndex\\.fromUrl: ${server.url}missing\\.fhr answered HTTP 404 Not Found`), "the status, with the URL resolved against the page");
  assert.match(crossOrigin, /^SearchIndex\.fromUrl: cannot fetch http:\/\/127\.0\.0\.1:\d+\/docs\.fhr: the index is on another origin than the page: its server must allow this page with CORS/);
  // The 404 and the refused cross-origin request are what the page asked for; nothing else failed.
  // (Chromium logs both to the console too, without the URL: a 404, and net::ERR_FAILED.)
  const expectedProblems = /missing\.fhr|docs\.fhr|CORS|Access-Control|status of 404 \(Not Found\)|net::ERR_FAILED/;
  const unexpected = problems.filter((p) => !expectedProblems.test(p));
  assert.deepEqual(unexpected, []);
  await page.close();
});

test("a page imports the --embed folder's fahras.js and new SearchIndex() opens the index inside, with no other request", async () => {
  const page = await browser.newPage();
  const problems = watchProblems(page);
  const before = server.requests.length;
  await page.goto(`${server.url}embed.html`);
  const out = await shown(page);
  assert.deepEqual([...out.ids].sort(), ["guide/python", "index"]);
  assert.equal(out.documents, 3);
  assert.equal(out.title, "البرمجة بلغة بايثون");
  assert.deepEqual(server.requests.slice(before), ["/embed.html", "/search/fahras.js", "/search/fahras_bg.wasm"]);
  assert.deepEqual(problems, []);
  await page.close();
});
