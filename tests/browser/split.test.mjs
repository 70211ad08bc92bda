// The page over a split index (?index=/search/, a folder `fahras build --split` wrote): it
// fetches only the pieces a search needs and shows what the single file would; the service worker
// keeps every piece it fetched, so a search repeated offline still answers; and "make available
// offline" fetches every piece with a progress bar, after which any search works offline.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { startServer } from "./server.mjs";
import { SITE, assertSite, launchBrowser, openPage, typeQuery, waitForQuery, waitReady, watchProblems } from "./harness.mjs";

let server;
let browser;
let work;
let single;
let pieces;
// A smaller corpus for "make available offline" (surahs 1–12): its every piece, fetched through
// the service worker in this test's time.
let small;
let smallPieces;
// A folder built twice: { folder, first, second } (the corpora of its two builds).
let rebuilt;

function fahrasCli(...args) {
  const run = spawnSync(process.execPath, [join(SITE, "pkg", "cli.mjs"), ...args], { encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
}
const buildSplit = (corpus, folder) => fahrasCli("build", corpus, "--split", "-o", folder);

before(async () => {
  assertSite();
  work = mkdtempSync(join(tmpdir(), "fahras-split-page-"));
  const suras = JSON.parse(readFileSync(createRequire(import.meta.url).resolve("quran-json/dist/quran.json"), "utf8"));
  const verses = suras.flatMap((s) => s.verses.map((v) => ({ id: `${s.id}:${v.id}`, title: `${s.name} ${v.id}`, text: v.text, surah: s.id })));
  const corpus = join(work, "quran.jsonl");
  writeFileSync(corpus, verses.map((v) => JSON.stringify(v)).join("\n") + "\n");
  const smallCorpus = join(work, "quran-small.jsonl");
  writeFileSync(smallCorpus, verses.filter((v) => v.surah <= 12).map((v) => JSON.stringify(v)).join("\n") + "\n");
  const folder = join(work, "search");
  const smallFolder = join(work, "small");
  for (const args of [[corpus, "--split", "-o", folder], [corpus, "-o", join(work, "quran.fhr")], [smallCorpus, "--split", "-o", smallFolder], [smallCorpus, "-o", join(work, "small.fhr")]]) {
    fahrasCli("build", ...args);
  }
  pieces = readdirSync(folder).filter((name) => name !== "fahras-entry.bin");
  smallPieces = readdirSync(smallFolder).filter((name) => name !== "fahras-entry.bin");
  // What the page must show: the single file's answers, from the site's own engine.
  const fahras = await import(join(SITE, "pkg", "fahras.js"));
  fahras.initSync({ module: readFileSync(join(SITE, "pkg", "fahras_bg.wasm")) });
  single = fahras.SearchIndex.fromBytes(readFileSync(join(work, "quran.fhr")));
  small = fahras.SearchIndex.fromBytes(readFileSync(join(work, "small.fhr")));
  // Built again from a bigger corpus in the test: a site that was rebuilt between two visits.
  rebuilt = { folder: join(work, "rebuilt"), first: join(work, "quran-3.jsonl"), second: join(work, "quran-4.jsonl") };
  writeFileSync(rebuilt.first, verses.filter((v) => v.surah <= 3).map((v) => JSON.stringify(v)).join("\n") + "\n");
  writeFileSync(rebuilt.second, verses.filter((v) => v.surah <= 4).map((v) => JSON.stringify(v)).join("\n") + "\n");
  buildSplit(rebuilt.first, rebuilt.folder);
  server = await startServer({ root: SITE, mounts: { "/search/": folder, "/small/": smallFolder, "/rebuilt/": rebuilt.folder } });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

const pieceRequests = () => server.requests.filter((path) => path.startsWith("/search/") && !path.endsWith("/fahras-entry.bin"));

/** Open the page on a split index, under the control of its service worker. */
async function openControlled(page, folder = "/search/") {
  await openPage(page, `${server.url}?index=${folder}`);
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.reload();
  await waitReady(page);
  assert.ok(await page.evaluate(() => Boolean(navigator.serviceWorker.controller)), "the worker controls the page");
}

const expected = (query, index = single) => {
  const res = index.search(query, { limit: 10 });
  return { state: res.total ? "results" : "no-results", total: res.total, titles: res.hits.map((h) => h.title) };
};

/** Search as a person who types the query and presses Enter: one search, so the pieces it
 *  fetches do not depend on how fast the keys came. */
async function submit(page, query) {
  await page.locator("#q").fill(query);
  await page.locator("#q").press("Enter");
  return shown(page, query);
}

async function shown(page, query) {
  await waitForQuery(page, query);
  return {
    state: await page.locator("#results").getAttribute("data-state"),
    total: Number(await page.locator("#results").getAttribute("data-total")),
    titles: await page.locator("#hits .hit-title a").allTextContents(),
  };
}

test("the page opens a split index, fetches only some pieces, and repeats a search offline from the worker's cache", async () => {
  const context = await browser.newContext({ locale: "ar" });
  try {
    const page = await context.newPage();
    const problems = watchProblems(page);
    await openControlled(page);
    assert.equal(await page.locator("#offline").isVisible(), true, "the offline action is offered for a split index");
    server.requests.length = 0;
    assert.deepEqual(await submit(page, "موسى"), expected("موسى"));
    const fetched = new Set(pieceRequests());
    assert.ok(fetched.size > 0 && fetched.size < pieces.length / 4, `${fetched.size} of ${pieces.length} pieces fetched`);
    assert.deepEqual(problems, []);

    // Offline, the reload searches موسى again (?q= in the address): from the worker's cache.
    await context.setOffline(true);
    const fromWorker = [];
    page.on("response", (res) => fromWorker.push([new URL(res.url()).pathname, res.fromServiceWorker()]));
    await page.reload();
    await waitReady(page);
    assert.deepEqual(await shown(page, "موسى"), expected("موسى"), "the same search, offline");
    const offlinePieces = fromWorker.filter(([path]) => path.startsWith("/search/") && !path.endsWith("/fahras-entry.bin"));
    assert.equal(offlinePieces.length, fetched.size, "every piece the search needs again");
    assert.ok(offlinePieces.every(([, cached]) => cached), JSON.stringify(offlinePieces));
    // And the reader opens a hit from the cache too.
    await page.locator("#hits .hit-title a").first().click();
    await page.waitForFunction(() => document.getElementById("reader").open && document.getElementById("reader-body").textContent.length > 0);
  } finally {
    await context.close();
  }
});

test("'make available offline' fills its progress bar with every piece, then any search works offline", async () => {
  const context = await browser.newContext({ locale: "ar" });
  try {
    const page = await context.newPage();
    await openControlled(page, "/small/");
    const button = page.getByRole("button", { name: "إتاحة الفهرس كله دون اتصال" });
    const values = [];
    await page.exposeFunction("progressed", (value, max) => values.push([value, max]));
    await page.evaluate(() => {
      const bar = document.getElementById("offline-progress");
      new MutationObserver(() => window.progressed(bar.value, bar.max)).observe(bar, { attributes: true, attributeFilter: ["aria-valuetext"] });
    });
    await button.click();
    await page.waitForFunction(() => document.getElementById("offline").dataset.state !== undefined, undefined, { timeout: 120_000 });
    assert.equal(await page.locator("#offline").getAttribute("data-state"), "done", await page.locator("#offline-status").textContent());
    const progress = page.locator("#offline-progress");
    assert.equal(await progress.isVisible(), true);
    assert.equal(Number(await progress.getAttribute("max")), smallPieces.length);
    assert.equal(await progress.evaluate((p) => p.value), smallPieces.length);
    assert.ok(values.length > 2 && values.some(([v]) => v > 0 && v < smallPieces.length), `the bar moved: ${values.length} updates`);
    assert.match(await page.locator("#offline-status").textContent(), /البحث يعمل الآن دون اتصال/);
    assert.equal(await button.isDisabled(), true);

    await context.setOffline(true);
    await page.reload();
    await waitReady(page);
    // Typed a key at a time: every search as you type, each needing its own pieces.
    for (const query of ["يوسف", "فرعوم", '"بسم الله الرحمن الرحيم"']) {
      await page.locator("#q").fill("");
      await typeQuery(page, query);
      assert.deepEqual(await shown(page, query), expected(query, small), query);
    }
    // A document opens in the reader, offline.
    await page.locator("#hits .hit-title a").first().click();
    await page.waitForFunction(() => document.getElementById("reader").open && document.getElementById("reader-body").textContent.length > 0);
  } finally {
    await context.close();
  }
});

test("a piece the host cannot serve is an Arabic error naming it, and searching again once it is back shows the results", async () => {
  const broken = { on: true };
  // Every piece answers 404 while `broken.on`; the entry file and the page are served as usual.
  const routes = new Proxy({}, {
    get: (_, path) =>
      broken.on && typeof path === "string" && path.startsWith("/search/") && !path.endsWith("/fahras-entry.bin")
        ? (req, res) => {
            res.writeHead(404, { "content-type": "text/plain" });
            res.end("not found");
          }
        : undefined,
  });
  const faulty = await startServer({ root: SITE, mounts: { "/search/": join(work, "search") }, routes });
  const context = await browser.newContext({ locale: "ar", serviceWorkers: "block" });
  try {
    const page = await context.newPage();
    await openPage(page, `${faulty.url}?index=/search/`);
    await page.locator("#q").fill("موسى");
    await page.locator("#q").press("Enter");
    await page.waitForFunction(() => document.getElementById("results").dataset.state === "error");
    const notice = await page.locator("#notice").textContent();
    assert.match(notice, /تعذّر جلب جزء من الفهرس/);
    assert.match(notice, /answered HTTP 404 Not Found/);
    assert.ok(notice.includes(`${faulty.url}search/`), notice);
    assert.equal(await page.locator("#hits > li").count(), 0, "no partial results");

    broken.on = false;
    await page.locator("#q").press("Enter");
    assert.deepEqual(await shown(page, "موسى"), expected("موسى"));
  } finally {
    await context.close();
    await faulty.close();
  }
});


test("once a rebuilt folder's new pieces are fetched, the worker's cache forgets the old build's", async () => {
  const context = await browser.newContext({ locale: "ar" });
  /** The build hashes of the worker's cached pieces of /rebuilt/. */
  const cachedBuilds = (page) =>
    page.evaluate(async () => {
      const keys = await (await caches.open("fahras-pieces")).keys();
      return keys.map((k) => new URL(k.url).pathname).filter((p) => p.startsWith("/rebuilt/")).map((p) => p.split(".")[1]);
    });
  const buildOf = () => readdirSync(rebuilt.folder).find((n) => n !== "fahras-entry.bin").split(".")[1];
  try {
    const page = await context.newPage();
    await openControlled(page, "/rebuilt/");
    const first = buildOf();
    await submit(page, "موسى");
    const before = await cachedBuilds(page);
    assert.ok(before.length > 0 && before.every((b) => b === first), JSON.stringify(before));

    // The site is rebuilt (the CLI removes the old build's pieces from the folder) and visited again.
    buildSplit(rebuilt.second, rebuilt.folder);
    const second = buildOf();
    assert.notEqual(second, first, "the second build has other pieces");
    fahrasCli("build", rebuilt.second, "-o", join(work, "rebuilt.fhr"));
    const fahras = await import(join(SITE, "pkg", "fahras.js"));
    const rebuiltSingle = fahras.SearchIndex.fromBytes(readFileSync(join(work, "rebuilt.fhr")));
    await page.reload();
    await waitReady(page);
    assert.deepEqual(await submit(page, "موسى"), expected("موسى", rebuiltSingle), "the new build's answers");
    // The worker sweeps after it has answered: wait for it.
    let after = await cachedBuilds(page);
    for (let tries = 0; tries < 100 && after.includes(first); tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      after = await cachedBuilds(page);
    }
    assert.ok(after.length > 0, "the new build's pieces are cached");
    assert.deepEqual([...new Set(after)], [second], "only the new build's pieces are left");
  } finally {
    await context.close();
  }
});
