// A corpus written by an attacker: markup in titles, text and urls. The test builds a package with
// that corpus embedded (`make build CORPUS=… PKG_DIR=…`, the path a user takes for their own
// documents), serves the demo with it, and checks that every byte shows up as text and nothing
// runs. The same corpus also shows that the example searches come from whatever corpus is loaded.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { startServer } from "./server.mjs";
import { REPO, SITE, assertSite, bare, launchBrowser, openPage, typeQuery, waitForQuery } from "./harness.mjs";

const ATTACK = "<img src=x onerror=window.__pwned=1>";
const SCRIPT = "<script>window.__pwned=2</script>";
const DOCS = [
  {
    id: "hostile-1",
    title: `${ATTACK} مخطوطة مسمومة`,
    text: `${ATTACK} مخطوطة مسمومة\n\nتحاول هذه المخطوطة حقن ${ATTACK} في صفحة القارئ ثم ${SCRIPT} ولكن الفهرس يعرضها نصًا عاديًا بين المخطوطات الأخرى.`,
    url: "javascript:window.__pwned=3",
    date: "2024-02-29",
  },
  {
    id: "hostile-2",
    title: "مكتبة المخطوطات في المدينة القديمة",
    text: "افتتحت مكتبة المدينة القديمة قاعة جديدة للمخطوطات النادرة، وتضم القاعة مخطوطات في الفلك والطب والرياضيات جمعها الباحثون عبر قرون.",
    url: "https://example.org/manuscripts",
  },
  {
    id: "hostile-3",
    title: `<b onmouseover="window.__pwned=4">عنوان</b> & "اقتباس" عن الفلك`,
    text: `قسم الفلك في المكتبة يعرض أسطرلابات قديمة & <a href="javascript:window.__pwned=5">رابط</a> ومخطوطات في علم الفلك.`,
  },
];

// Kept under target/ so cargo can reuse the build when the corpus has not changed.
const WORK = join(REPO, "target", "browser-tests");
const CORPUS = join(WORK, "hostile.jsonl");
const PKG = join(WORK, "hostile-pkg");

let server;
let browser;

before(async () => {
  assertSite();
  mkdirSync(WORK, { recursive: true });
  const jsonl = DOCS.map((d) => JSON.stringify(d)).join("\n") + "\n";
  // Rewrite only on change: a new mtime would make cargo rebuild the index every run.
  if (!existsSync(CORPUS) || readFileSync(CORPUS, "utf8") !== jsonl) writeFileSync(CORPUS, jsonl);
  const build = spawnSync("make", ["--no-print-directory", "build", `CORPUS=${CORPUS}`, `PKG_DIR=${PKG}`], {
    cwd: REPO,
    encoding: "utf8",
    env: { ...process.env, CARGO_TARGET_DIR: join(WORK, "cargo") },
  });
  if (build.status !== 0) {
    throw new Error(`make build with the hostile corpus failed:\n${(build.stdout + build.stderr).slice(-4000)}`);
  }
  // The demo as `make site` built it, with this package in place of the default one.
  server = await startServer({ root: SITE, mounts: { "/pkg/": PKG } });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function withPage(body) {
  const context = await browser.newContext({ locale: "ar" });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (err) => errors.push(err.message));
  try {
    await body(page, errors);
  } finally {
    await context.close();
  }
}

/** Give any injected handler (an <img onerror>, a script) time to have run. */
const settle = (page) => page.waitForTimeout(300);

test("a hostile document renders as text", () =>
  withPage(async (page, errors) => {
    await openPage(page, server.url);
    await typeQuery(page, "مسمومة");
    await waitForQuery(page, "مسمومة");
    const first = page.locator("#hits > li").first();
    assert.equal(await first.locator(".hit-title a").getAttribute("data-id"), "hostile-1");
    assert.equal((await first.locator(".hit-title").textContent()).trim(), DOCS[0].title);
    assert.ok((await first.locator(".snippet").textContent()).includes("<img"), "the snippet shows the markup");
    await settle(page);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.equal(await page.locator("main img, main script, main b").count(), 0);
    // A javascript: url is not turned into a link.
    assert.equal(await page.locator('a[href^="javascript:" i]').count(), 0);

    await first.locator(".hit-title a").click();
    await page.locator("#reader[open]").waitFor();
    assert.equal((await page.locator("#reader-title").textContent()).trim(), DOCS[0].title);
    const body = await page.locator("#reader-body").textContent();
    assert.ok(body.includes(ATTACK) && body.includes(SCRIPT), `the reader shows the markup as text: ${body}`);
    assert.ok(await page.locator("#reader-body").getByText("<script>", { exact: false }).first().isVisible());
    await settle(page);
    assert.equal(await page.locator("#reader img, #reader script").count(), 0);
    assert.equal(await page.locator('a[href^="javascript:" i]').count(), 0);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);

    // The third document: markup and entities in the title, a javascript: link in the text.
    await page.keyboard.press("Escape");
    await page.locator("#q").fill("أسطرلابات");
    await waitForQuery(page, "أسطرلابات");
    assert.equal((await page.locator("#hits .hit-title").first().textContent()).trim(), DOCS[2].title);
    await page.locator("#hits .hit-title").first().hover();
    await settle(page);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.equal(await page.locator('a[href^="javascript:" i]').count(), 0);
    assert.deepEqual(errors, []);
  }));

test("a document's web address links to its source", () =>
  withPage(async (page) => {
    await openPage(page, `${server.url}?q=${encodeURIComponent("النادرة")}`);
    await waitForQuery(page, "النادرة");
    const source = page.locator("#hits .meta a.source");
    assert.equal(await source.getAttribute("href"), DOCS[1].url);
    assert.equal(await source.getAttribute("rel"), "noopener noreferrer");
  }));

test("example searches come from whichever corpus is loaded", () =>
  withPage(async (page) => {
    await openPage(page, server.url);
    const examples = await page.locator("#notice .examples button").evaluateAll((bs) => bs.map((b) => b.dataset.query));
    assert.ok(examples.length >= 2, `examples for a three-document corpus: ${examples}`);
    const corpusWords = new Set(DOCS.flatMap((d) => `${d.title} ${d.text}`.split(/\s+/)).map(bare));
    for (const example of examples) {
      for (const word of example.replace(/"/g, "").split(/\s+/)) {
        assert.ok(corpusWords.has(bare(word)), `${word} (from example ${example}) is a word of this corpus`);
      }
    }
    await page.locator("#notice .examples button").first().click();
    await waitForQuery(page, examples[0]);
    assert.ok(Number(await page.locator("#results").getAttribute("data-total")) > 0);
  }));
