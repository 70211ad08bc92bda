// The bundler and Web Worker quick starts of the package README (the code blocks themselves), for real: an empty project installs the packed
// tarball of pkg/ (as `npm install fahras` would), Vite builds a page that imports "fahras" by name,
// and headless Chromium runs the built page. It checks what can break between wasm-bindgen's glue
// and a bundler: Vite must see `new URL("fahras_bg.wasm", import.meta.url)` in the glue, emit the
// .wasm as an asset and rewrite the URL, and the page must then load it with no failed request.
// The page also runs the README's Web Worker quick start, which Vite bundles with its defaults.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { build, createServer } from "vite";
import { initSync, SearchIndex } from "../../pkg/fahras.js";
import { startServer } from "./server.mjs";
import { REPO, launchBrowser, watchProblems } from "./harness.mjs";
import { readmeBlocks } from "./readme.mjs";

const PKG = join(REPO, "pkg");
const QUERY = "بوتين";

// npm must not stop to ask, phone home, or audit while the test runs.
const npmEnv = {
  ...process.env,
  npm_config_audit: "false",
  npm_config_fund: "false",
  npm_config_update_notifier: "false",
  npm_config_loglevel: "error",
};

let work;
let project;
let server;
let browser;
let expected;

/** Wait until the page shows both counts (its own search and the worker's); return them. */
async function shownCounts(page) {
  await page.waitForFunction(
    () => document.getElementById("count").textContent !== "" && document.getElementById("worker-count").textContent !== "",
    null,
    { timeout: 30_000 },
  );
  return {
    count: await page.textContent("#count"),
    workerCount: await page.textContent("#worker-count"),
    ids: await page.$$eval("#hits li", (lis) => lis.map((li) => li.dataset.id)),
  };
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), "fahras-vite-"));
  browser = await launchBrowser();
  // What the same package answers in Node: the pages must show exactly that.
  initSync({ module: readFileSync(join(PKG, "fahras_bg.wasm")) });
  expected = new SearchIndex().search(QUERY);
  const seeds = readdirSync(join(REPO, "seeds")).filter((f) => f.endsWith(".txt"));
  assert.equal(expected.total, seeds.length, `every seed article mentions ${QUERY}`);

  const [packed] = JSON.parse(
    execFileSync("npm", ["pack", PKG, "--pack-destination", work, "--json"], { env: npmEnv, encoding: "utf8" }),
  );
  project = join(work, "project");
  mkdirSync(project);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "vite-consumer", private: true, type: "module" }));
  // fahras has no dependencies, so installing the tarball needs no registry.
  execFileSync("npm", ["install", "--offline", join(work, packed.filename)], { cwd: project, env: npmEnv });

  // The README's quick starts as written, plus a few lines that put their results on the page.
  const [bundlerMain] = readmeBlocks("Quick start: a bundler", "js", "main.js");
  const [workerMain] = readmeBlocks("Quick start: a Web Worker", "js", "main.js");
  const [worker] = readmeBlocks("Quick start: a Web Worker", "js", "worker.js");
  writeFileSync(
    join(project, "index.html"),
    `<!doctype html>
<html lang="ar" dir="rtl">
<head><meta charset="utf-8"><link rel="icon" href="data:,"><title>fahras + Vite</title></head>
<body>
<p>نتائج: <output id="count"></output></p>
<p>نتائج العامل: <output id="worker-count"></output></p>
<ol id="hits"></ol>
<script type="module" src="./main.js"></script>
<script type="module" src="./worker-main.js"></script>
</body>
</html>
`,
  );
  writeFileSync(
    join(project, "main.js"),
    `${bundlerMain}
for (const hit of hits) {
  const li = document.createElement("li");
  li.textContent = hit.title;
  li.dataset.id = hit.id;
  document.getElementById("hits").append(li);
}
`,
  );
  writeFileSync(join(project, "worker-main.js"), `${workerMain}
document.getElementById("worker-count").textContent = String(total);
`);
  writeFileSync(join(project, "worker.js"), worker);
  // The expectations below are for QUERY: the README's examples must search for it.
  for (const code of [bundlerMain, workerMain]) assert.ok(code.includes(`"${QUERY}"`), code);
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

test("vite build emits the .wasm, and the built page searches (on the page and in a worker)", { timeout: 120_000 }, async () => {
  // Vite is the repo's devDependency; the project's own node_modules holds only fahras.
  await build({ root: project, configFile: false, logLevel: "error", build: { outDir: "dist" } });
  const dist = join(project, "dist");
  const assets = readdirSync(join(dist, "assets"));
  const wasm = assets.filter((f) => f.endsWith(".wasm"));
  assert.equal(wasm.length, 1, `Vite emitted one .wasm asset: ${assets.join(", ")}`);
  assert.deepEqual(
    readFileSync(join(dist, "assets", wasm[0])),
    readFileSync(join(PKG, "fahras_bg.wasm")),
    "the emitted asset is the package's module",
  );

  server = await startServer({ root: dist });
  const page = await browser.newPage();
  const problems = watchProblems(page);
  await page.goto(server.url);
  assert.deepEqual(await shownCounts(page), {
    count: String(expected.total),
    workerCount: String(expected.total),
    ids: expected.hits.map((h) => h.id),
  });
  assert.ok(
    server.requests.includes(`/assets/${wasm[0]}`),
    `the page fetched the emitted module: ${server.requests.join(", ")}`,
  );
  assert.deepEqual(problems, []);
  await page.close();
});

// `vite` (the dev server) pre-bundles dependencies into .vite/deps, which breaks packages whose
// glue finds its .wasm with import.meta.url in some Vite versions: the README promises that no
// configuration is needed, so the dev server is checked too.
test("the Vite dev server serves the same page with no configuration", { timeout: 60_000 }, async () => {
  const dev = await createServer({
    root: project,
    configFile: false,
    logLevel: "error",
    server: { host: "127.0.0.1", port: 0, strictPort: false },
  });
  const page = await browser.newPage();
  try {
    await dev.listen();
    const problems = watchProblems(page);
    await page.goto(dev.resolvedUrls.local[0]);
    assert.deepEqual(await shownCounts(page), {
      count: String(expected.total),
      workerCount: String(expected.total),
      ids: expected.hits.map((h) => h.id),
    });
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
    await dev.close();
  }
});
