// The page as an offline app: after one visit, the page, the engine and its embedded index come
// from the service worker's cache, so searching works with the network gone; and Chromium
// accepts it as an installable app.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
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

test("a rebuilt site reaches a returning visitor after one reload", async () => {
  // Cache first must not mean stale forever: the worker refreshes its copy in the background.
  let probe = "";
  const css = readFileSync(join(SITE, "style.css"), "utf8");
  const site = await startServer({
    root: SITE,
    routes: {
      "/style.css": (req, res) => {
        res.writeHead(200, { "content-type": "text/css; charset=utf-8", "cache-control": "no-cache" });
        res.end(`${css}\n:root { --build: "${probe}"; }\n`);
      },
    },
  });
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const build = () => page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue("--build").trim());
    probe = "one";
    await openPage(page, site.url);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.reload();
    await waitReady(page);
    assert.equal(await build(), '"one"');

    probe = "two"; // the site is rebuilt
    await page.reload(); // served from the cache at once, refreshed behind the scenes
    await waitReady(page);
    assert.equal(await build(), '"one"', "the first load after the rebuild comes from the cache");
    await page.waitForFunction(async () => {
      const cached = await caches.match(new URL("style.css", location.href).href);
      return cached && (await cached.text()).includes('"two"');
    });
    await page.reload();
    await waitReady(page);
    assert.equal(await build(), '"two"');
  } finally {
    await context.close();
    await site.close();
  }
});
