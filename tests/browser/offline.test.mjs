// The service worker scenario: after one visit, the page, the engine and its embedded index come
// from the cache, so searching works with the network gone.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startServer } from "./server.mjs";
import { SITE, assertSite, launchBrowser, openPage, typeQuery, waitForQuery } from "./harness.mjs";

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
    await openPage(page, page.url());
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
    await openPage(page, page.url());
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
    await openPage(page, page.url());
    await waitForQuery(page, "الصين");
    assert.ok(Number(await page.locator("#results").getAttribute("data-total")) > 0);
  } finally {
    await context.close();
  }
});
