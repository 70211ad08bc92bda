// A corpus written by an attacker (markup in titles, text and urls) plus enough plain documents to
// need paging. The test builds a package with that corpus embedded (`make build CORPUS=…
// PKG_DIR=…`, the path a user takes for their own documents) and checks, both with that package
// and with the default package opening the same index as a file (?index=), that every byte shows
// up as text and nothing runs. The same corpus shows that the example searches come from whatever
// corpus is loaded, and exercises the second page of results.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
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
    // Markup as a metadata value too: it becomes a facet chip.
    tags: [ATTACK, "مخطوطات"],
  },
  {
    id: "hostile-2",
    title: "مكتبة المخطوطات في المدينة القديمة",
    text: "افتتحت مكتبة المدينة القديمة قاعة جديدة للمخطوطات النادرة، وتضم القاعة مخطوطات في الفلك والطب والرياضيات جمعها الباحثون عبر قرون.",
    url: "https://example.org/manuscripts",
    tags: ["مخطوطات"],
  },
  {
    id: "hostile-3",
    title: `<b onmouseover="window.__pwned=4">عنوان</b> & "اقتباس" عن الفلك`,
    text: `قسم الفلك في المكتبة يعرض أسطرلابات قديمة & <a href="javascript:window.__pwned=5">رابط</a> ومخطوطات في علم الفلك.`,
  },
  // Enough ordinary documents for one query to need a second page of results.
  ...Array.from({ length: 12 }, (_, i) => ({
    id: `bulletin-${String(i + 1).padStart(2, "0")}`,
    title: `نشرة المكتبة رقم ${i + 1}`,
    text: `تعرض نشرة المكتبة رقم ${i + 1} أخبار المخطوطات والقراءة في المدينة القديمة.`,
  })),
];

// Kept under target/ so cargo can reuse the build when the corpus has not changed.
const WORK = join(REPO, "target", "browser-tests");
const CORPUS = join(WORK, "hostile.jsonl");
const PKG = join(WORK, "hostile-pkg");
const CARGO_TARGET = join(WORK, "cargo");

/** The index file build.rs wrote for this corpus (there is no CLI to write one yet). */
function builtIndexFile() {
  const dir = join(CARGO_TARGET, "wasm32-unknown-unknown", "release", "build");
  const files = readdirSync(dir)
    .filter((d) => d.startsWith("fahras-"))
    .map((d) => join(dir, d, "out", "index.fhr"))
    .filter((f) => existsSync(f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (!files.length) throw new Error(`no index.fhr under ${dir}: where does build.rs write it now?`);
  return readFileSync(files[0]);
}

let server;
let browser;
/** How the hostile corpus reaches the page: embedded in a package, or as an ?index= file. */
const deliveries = {};

before(async () => {
  assertSite();
  mkdirSync(WORK, { recursive: true });
  const jsonl = DOCS.map((d) => JSON.stringify(d)).join("\n") + "\n";
  // Rewrite only on change: a new mtime would make cargo rebuild the index every run.
  if (!existsSync(CORPUS) || readFileSync(CORPUS, "utf8") !== jsonl) writeFileSync(CORPUS, jsonl);
  // An outer `make test` passes its own variables down through MAKEFLAGS; they must not win here.
  const { MAKEFLAGS, MFLAGS, MAKELEVEL, FAHRAS_CORPUS, ...env } = process.env;
  const build = spawnSync("make", ["--no-print-directory", "build", `CORPUS=${CORPUS}`, `PKG_DIR=${PKG}`], {
    cwd: REPO,
    encoding: "utf8",
    env: { ...env, CARGO_TARGET_DIR: CARGO_TARGET },
  });
  if (build.status !== 0) {
    throw new Error(`make build with the hostile corpus failed:\n${(build.stdout + build.stderr).slice(-4000)}`);
  }
  const indexBytes = builtIndexFile();
  // The demo as `make site` built it, with this package in place of the default one; and
  // unchanged, with the index file next to it.
  server = await startServer({
    root: SITE,
    mounts: { "/embedded/pkg/": PKG, "/embedded/": SITE },
    routes: {
      "/hostile.fhr": (req, res) => {
        res.writeHead(200, { "content-type": "application/octet-stream" });
        res.end(indexBytes);
      },
    },
  });
  deliveries["embedded in the package"] = (query = "") => `${server.url}embedded/${query ? `?q=${encodeURIComponent(query)}` : ""}`;
  deliveries["opened from ?index="] = (query = "") =>
    `${server.url}?index=hostile.fhr${query ? `&q=${encodeURIComponent(query)}` : ""}`;
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

const DELIVERIES = ["embedded in the package", "opened from ?index="];

for (const delivery of DELIVERIES) {
  test(`a hostile document renders as text (${delivery})`, () =>
    withPage(async (page, errors) => {
      const url = deliveries[delivery];
      await openPage(page, url());
      assert.equal(await page.locator("#results").getAttribute("data-state"), "empty");
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
}

test("a metadata value with markup shows as a chip's text", () =>
  withPage(async (page, errors) => {
    await openPage(page, deliveries["opened from ?index="]("مخطوطة"));
    await waitForQuery(page, "مخطوطة");
    const chip = page.locator('#facets .facet-value[data-field="tags"]').filter({ hasText: "<img" });
    assert.equal((await chip.locator("bdi").textContent()), ATTACK);
    await chip.click();
    await page.waitForFunction(() => document.getElementById("results").dataset.refine.startsWith("tags="));
    assert.deepEqual(await page.locator("#hits .hit-title a").evaluateAll((as) => as.map((a) => a.dataset.id)), ["hostile-1"]);
    await settle(page);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.equal(await page.locator("main img").count(), 0);
    assert.deepEqual(errors, []);
  }));

test("a document's web address links to its source", () =>
  withPage(async (page) => {
    await openPage(page, deliveries["opened from ?index="]("النادرة"));
    await waitForQuery(page, "النادرة");
    const source = page.locator("#hits .meta a.source");
    assert.equal(await source.getAttribute("href"), DOCS[1].url);
    assert.equal(await source.getAttribute("rel"), "noopener noreferrer");
  }));

test("example searches come from whichever corpus is loaded", () =>
  withPage(async (page) => {
    // The default package (seeds embedded) opening the hostile corpus's index file.
    await openPage(page, deliveries["opened from ?index="]());
    assert.match(await page.locator("#stats").textContent(), /hostile\.fhr/);
    await page.locator("#notice .examples button").first().waitFor();
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
    // Links and history keep the index: a reload still searches the same file.
    assert.equal(new URL(page.url()).searchParams.get("index"), "hostile.fhr");
    await page.reload();
    await waitForQuery(page, examples[0]);
    assert.match(await page.locator("#stats").textContent(), /hostile\.fhr/);
  }));

test("the more-results button loads the next page", () =>
  withPage(async (page) => {
    await openPage(page, deliveries["opened from ?index="]("نشرة"));
    await waitForQuery(page, "نشرة");
    assert.equal(await page.locator("#results").getAttribute("data-total"), "12");
    assert.equal(await page.locator("#hits > li").count(), 10);
    const more = page.locator("#more");
    assert.ok(await more.isVisible());
    await more.click();
    await page.waitForFunction(() => document.querySelectorAll("#hits > li").length === 12);
    const ids = await page.locator("#hits .hit-title a").evaluateAll((as) => as.map((a) => a.dataset.id));
    assert.equal(new Set(ids).size, 12, "no document twice");
    assert.ok(ids.every((id) => id.startsWith("bulletin-")));
    assert.ok(await more.isHidden(), "nothing left to load");
    // Reading continues where the new results start.
    assert.equal(await page.evaluate(() => document.activeElement.id), await page.locator("#hits .hit-title a").nth(10).getAttribute("id"));
  }));
