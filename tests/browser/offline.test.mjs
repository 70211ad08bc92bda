// The page as an offline app: after one visit, the page, the engine and its embedded index come
// from the service worker's cache, so searching works with the network gone; and Chromium
// accepts it as an installable app.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { startServer } from "./server.mjs";
import {
  SITE,
  assertSite,
  launchBrowser,
  launchProfile,
  openPage,
  typeQuery,
  waitReady,
  waitForQuery,
} from "./harness.mjs";

let server;
let browser;

before(async () => {
  assertSite();
  server = await startServer({ root: SITE });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test("after one visit the page searches offline", async () => {
  const context = await browser.newContext({ locale: "ar" });
  try {
    const page = await context.newPage();
    await openPage(page, server.url);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.reload();
    await waitReady(page);
    assert.equal(
      await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL),
      new URL("sw.js", server.url).href,
      "the service worker controls the page",
    );

    await context.setOffline(true);
    // The network really is gone: a file the worker never cached cannot be fetched.
    const uncached = await page.evaluate(() =>
      fetch("./not-cached.txt").then(
        () => "fetched",
        () => "failed",
      ),
    );
    assert.equal(uncached, "failed");

    const fromWorker = [];
    page.on("response", (res) => fromWorker.push([new URL(res.url()).pathname, res.fromServiceWorker()]));
    await page.reload();
    await waitReady(page);
    await typeQuery(page, "بوتين");
    await waitForQuery(page, "بوتين");
    assert.equal(await page.locator("#results").getAttribute("data-state"), "results");
    assert.equal(await page.locator("#hits > li").count(), 5);
    assert.ok(await page.locator("#hits .snippet mark").count() > 0);
    for (const path of ["/", "/app.js", "/pkg/fahras.js", "/pkg/fahras_bg.wasm"]) {
      assert.deepEqual(fromWorker.find(([p]) => p === path), [path, true], `${path} came from the cache`);
    }

    // A search URL never visited before also opens offline (one cached page serves every ?q=).
    await page.goto(`${server.url}?q=${encodeURIComponent("الصين")}`);
    await waitReady(page);
    await waitForQuery(page, "الصين");
    assert.ok(Number(await page.locator("#results").getAttribute("data-total")) > 0);
  } finally {
    await context.close();
  }
});

test("the page can be installed as an Arabic, right-to-left app", async () => {
  // Installability is never granted in an incognito-like context: use a real (fresh) profile.
  const context = await launchProfile({ locale: "ar" });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await openPage(page, server.url);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
    assert.deepEqual(installabilityErrors, []);
    const { errors, data } = await cdp.send("Page.getAppManifest");
    assert.deepEqual(errors, []);
    const manifest = JSON.parse(data);
    assert.equal(manifest.lang, "ar");
    assert.equal(manifest.dir, "rtl");
    assert.equal(manifest.display, "standalone");
    assert.equal(new URL(manifest.start_url, server.url).href, server.url);
  } finally {
    await context.close();
  }
});

test("a rebuilt site and a rebuilt index show on the first reload", async () => {
  // Network first: the worker answers from the server whenever it can, and keeps that answer for
  // offline use; so a returning visitor never sees the previous build, not even once.
  let build = "one";
  const css = readFileSync(join(SITE, "style.css"), "utf8");
  const work = mkdtempSync(join(tmpdir(), "fahras-rebuild-"));
  const indexes = {};
  for (const [name, count] of [["one", 2], ["two", 3]]) {
    const corpus = join(work, `${name}.jsonl`);
    const docs = Array.from({ length: count }, (_, i) => ({ id: `d${i}`, title: `وثيقة ${i}`, text: `نص الوثيقة رقم ${i} عن المكتبة.` }));
    writeFileSync(corpus, docs.map((d) => JSON.stringify(d)).join("\n") + "\n");
    const out = join(work, `${name}.fhr`);
    const cli = spawnSync(process.execPath, [join(SITE, "pkg", "cli.mjs"), "build", corpus, "-o", out], { encoding: "utf8" });
    assert.equal(cli.status, 0, cli.stderr);
    indexes[name] = readFileSync(out);
  }
  const site = await startServer({
    root: SITE,
    routes: {
      "/style.css": (req, res) => {
        res.writeHead(200, { "content-type": "text/css; charset=utf-8" });
        res.end(`${css}\n:root { --build: "${build}"; }\n`);
      },
      // Served as a static host would: no cache-control, so the browser's HTTP cache may keep
      // it by heuristic freshness; the worker must still fetch the new one.
      "/corpus.fhr": (req, res) => {
        res.writeHead(200, { "content-type": "application/octet-stream", "last-modified": new Date(Date.now() - 864e5).toUTCString() });
        res.end(indexes[build]);
      },
    },
  });
  const context = await browser.newContext({ locale: "ar" });
  try {
    const page = await context.newPage();
    const probe = () => page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue("--build").trim());
    const documents = () => page.locator("#results").evaluate(() => document.getElementById("stats").textContent);
    await openPage(page, `${site.url}?index=corpus.fhr`);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.reload();
    await waitReady(page);
    assert.ok(await page.evaluate(() => Boolean(navigator.serviceWorker.controller)), "the worker controls the page");
    assert.equal(await probe(), '"one"');
    assert.match(await documents(), /وثيقتان/);

    build = "two"; // the site and its index are rebuilt
    await page.reload();
    await waitReady(page);
    assert.equal(await probe(), '"two"', "the new style sheet on the first reload");
    assert.match(await documents(), /٣|3/, "the new index on the first reload");

    // ...and the new build is what the cache now holds for offline use.
    await context.setOffline(true);
    await page.reload();
    await waitReady(page);
    assert.equal(await probe(), '"two"');
    assert.match(await documents(), /٣|3/);
  } finally {
    await context.close();
    await site.close();
    rmSync(work, { recursive: true, force: true });
  }
});
