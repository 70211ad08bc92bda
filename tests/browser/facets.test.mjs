// Browser scenarios for facet chips and the date sort, over a news corpus with fields
// (tests/data/news.jsonl: section, tags, author, date, views). The index file is built with the
// site's own CLI (`npx fahras build`, the path a user takes) and opened with ?index=. What each
// scenario expects is worked out here from the corpus file itself (which documents have which
// section, tag and date), so a count or an order on screen is checked against the documents, not
// against the engine's own answer.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { startServer } from "./server.mjs";
import { REPO, SITE, assertSite, launchBrowser, openPage, waitForQuery, watchProblems } from "./harness.mjs";

const CORPUS = join(REPO, "tests", "data", "news.jsonl");
const DOCS = new Map(
  readFileSync(CORPUS, "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line))
    .map((doc) => [doc.id, doc]),
);
const WORK = join(REPO, "target", "browser-tests");
const INDEX_FILE = join(WORK, "news.fhr");

let server;
let browser;


before(async () => {
  assertSite();
  mkdirSync(WORK, { recursive: true });
  const build = spawnSync(process.execPath, [join(SITE, "pkg", "cli.mjs"), "build", CORPUS, "-o", INDEX_FILE], {
    encoding: "utf8",
  });
  if (build.status !== 0) throw new Error(`fahras build ${CORPUS} failed:\n${build.stdout}${build.stderr}`);
  const bytes = readFileSync(INDEX_FILE);
  server = await startServer({
    root: SITE,
    routes: {
      "/news.fhr": (req, res) => {
        res.writeHead(200, { "content-type": "application/octet-stream", "cache-control": "no-cache" });
        res.end(bytes);
      },
    },
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function withPage(body) {
  const context = await browser.newContext({ locale: "ar" });
  const page = await context.newPage();
  const problems = watchProblems(page);
  try {
    await body(page);
    assert.deepEqual(problems, [], "no console errors, page errors or failed requests");
  } finally {
    await context.close();
  }
}

/** The news page, with these URL parameters besides ?index=. */
const newsUrl = (params = {}) => {
  const url = new URL(server.url);
  url.searchParams.set("index", "news.fhr");
  for (const [name, value] of Object.entries(params)) {
    for (const v of [value].flat()) url.searchParams.append(name, v);
  }
  return url.href;
};

/** Wait until the list on screen is for `query` with the chips and sort `refine`
 *  ("section=ثقافة&sort=desc", "" for none). */
async function waitForView(page, query, refine) {
  await page.waitForFunction(
    ([q, r]) => {
      const res = document.getElementById("results");
      return res.dataset.query === q && (res.dataset.refine ?? "") === r && res.dataset.state !== "loading";
    },
    [query, refine],
  );
}

const hitIds = (page) => page.locator("#hits .hit-title a").evaluateAll((as) => as.map((a) => a.dataset.id));
const total = async (page) => Number(await page.locator("#results").getAttribute("data-total"));

/** Every chip on screen: { field, value, count, pressed }. */
const chips = (page) =>
  page.locator("#facets .facet-value").evaluateAll((bs) =>
    bs.map((b) => ({
      field: b.dataset.field,
      value: b.dataset.value,
      count: Number(b.dataset.count),
      pressed: b.getAttribute("aria-pressed") === "true",
    })),
  );
const chip = (page, field, value) => page.locator(`#facets .facet-value[data-field="${field}"][data-value="${value}"]`);

/** How many of `ids` have `value` in `field` (a list field: among its values). */
function countWith(ids, field, value) {
  return ids.filter((id) => [DOCS.get(id)[field]].flat().includes(value)).length;
}

/** Load all the results of the search on screen (press "more" until it is gone). */
async function allHits(page) {
  while (await page.locator("#more").isVisible()) {
    const before = (await hitIds(page)).length;
    await page.locator("#more").click();
    await page.waitForFunction((n) => document.querySelectorAll("#hits > li").length > n, before);
  }
  return hitIds(page);
}

test("a news index shows chips for its section, author and tags fields, counted over the results", () =>
  withPage(async (page) => {
    await openPage(page, newsUrl({ q: "معرض" }));
    await waitForView(page, "معرض", "");
    assert.ok(await page.locator("#refine").isVisible());
    const ids = await allHits(page);
    assert.ok(ids.length >= 5, `معرض finds the exhibitions: ${ids}`);
    // Fields by how few values they have; no chips for the numbers, the date or the ids.
    const fields = await page.locator("#facets .facet").evaluateAll((gs) => gs.map((g) => g.dataset.field));
    assert.deepEqual(fields, ["section", "author", "tags"]);
    const names = await page.locator("#facets .facet-name").allTextContents();
    assert.deepEqual(names.slice(0, 3), ["القسم", "الكاتب", "الوسوم"]);
    // Each field's name labels its group of buttons.
    const group = page.locator('#facets .facet[data-field="section"]');
    assert.equal(await group.getAttribute("role"), "group");
    assert.equal(await page.locator(`#${await group.getAttribute("aria-labelledby")}`).textContent(), "القسم");
    // Every count is the number of matching documents with that value, and every section of a
    // matching document has its chip.
    const onScreen = await chips(page);
    for (const c of onScreen) {
      assert.equal(c.count, countWith(ids, c.field, c.value), `${c.field}=${c.value}`);
      assert.equal(c.pressed, false);
    }
    const sections = new Set(ids.map((id) => DOCS.get(id).section).filter(Boolean));
    assert.deepEqual(new Set(onScreen.filter((c) => c.field === "section").map((c) => c.value)), sections);
    // Each chip shows its count after its value, as the page writes numbers (Intl, "ar").
    const culture = chip(page, "section", "ثقافة");
    const cultureCount = countWith(ids, "section", "ثقافة");
    const written = await page.evaluate((n) => new Intl.NumberFormat("ar").format(n), cultureCount);
    assert.equal((await culture.textContent()).replace(/\s+/g, " ").trim(), `ثقافة ${written}`);
    assert.ok(await page.locator("#sort").isVisible(), "the corpus has dates: a sort control");
    assert.equal(await page.locator("#sort").inputValue(), "");
  }));

test("choosing a chip narrows the results, updates the other counts, keeps it in the URL, and Back restores", () =>
  withPage(async (page) => {
    await openPage(page, newsUrl({ q: "معرض" }));
    await waitForView(page, "معرض", "");
    const before = await allHits(page);
    const beforeTotal = await total(page);
    const cultureCount = Number(await chip(page, "section", "ثقافة").getAttribute("data-count"));
    const economyCount = Number(await chip(page, "section", "اقتصاد").getAttribute("data-count"));
    assert.ok(cultureCount > 0 && cultureCount < beforeTotal);

    await chip(page, "section", "ثقافة").click();
    await waitForView(page, "معرض", "section=ثقافة");
    assert.equal(await total(page), cultureCount, "as many results as the chip said");
    const narrowed = await allHits(page);
    assert.equal(narrowed.length, cultureCount);
    assert.ok(narrowed.every((id) => DOCS.get(id).section === "ثقافة"), `only culture: ${narrowed}`);
    assert.ok(narrowed.every((id) => before.includes(id)), "a subset of the results before");
    assert.equal(new URL(page.url()).searchParams.get("section"), "ثقافة");
    assert.equal(new URL(page.url()).searchParams.get("q"), "معرض");
    assert.equal(await chip(page, "section", "ثقافة").getAttribute("aria-pressed"), "true");
    // The other sections keep their counts (what choosing them instead would give) ...
    assert.equal(Number(await chip(page, "section", "اقتصاد").getAttribute("data-count")), economyCount);
    // ... and the other fields count only what is left.
    for (const c of (await chips(page)).filter((c) => c.field !== "section")) {
      assert.equal(c.count, countWith(narrowed, c.field, c.value), `${c.field}=${c.value} after the chip`);
    }

    // A second value of the same field widens: culture or economy.
    await chip(page, "section", "اقتصاد").click();
    await waitForView(page, "معرض", "section=ثقافة&section=اقتصاد");
    assert.equal(await total(page), cultureCount + economyCount);
    assert.deepEqual(new URL(page.url()).searchParams.getAll("section"), ["ثقافة", "اقتصاد"]);

    // Back: culture only; Back again: everything, as before the first chip.
    await page.goBack();
    await waitForView(page, "معرض", "section=ثقافة");
    assert.deepEqual(await allHits(page), narrowed);
    await page.goBack();
    await waitForView(page, "معرض", "");
    assert.equal(await total(page), beforeTotal);
    assert.deepEqual(await allHits(page), before);
    assert.equal(new URL(page.url()).searchParams.get("section"), null);
    assert.equal(await chip(page, "section", "ثقافة").getAttribute("aria-pressed"), "false");
    assert.equal(await page.locator("#q").inputValue(), "معرض");
    await page.goForward();
    await waitForView(page, "معرض", "section=ثقافة");
    assert.equal(await total(page), cultureCount);

    // A reload (or a shared link) shows the same narrowed search.
    await page.reload();
    await waitForView(page, "معرض", "section=ثقافة");
    assert.equal(await total(page), cultureCount);
    assert.equal(await chip(page, "section", "ثقافة").getAttribute("aria-pressed"), "true");
  }));

test("a list field's chip keeps the documents that have the tag among theirs", () =>
  withPage(async (page) => {
    await openPage(page, newsUrl({ q: "الطاقة" }));
    await waitForView(page, "الطاقة", "");
    const before = await allHits(page);
    const energy = chip(page, "tags", "طاقة");
    const count = Number(await energy.getAttribute("data-count"));
    assert.equal(count, countWith(before, "tags", "طاقة"));
    await energy.click();
    await waitForView(page, "الطاقة", "tags=طاقة");
    const narrowed = await allHits(page);
    assert.equal(narrowed.length, count);
    assert.ok(narrowed.every((id) => DOCS.get(id).tags.includes("طاقة")), `tagged طاقة: ${narrowed}`);
  }));

test("a chip with no words browses: every document of that section, with the total", () =>
  withPage(async (page) => {
    await openPage(page, newsUrl());
    // The start page offers the chips, counted over the whole corpus.
    const sport = chip(page, "section", "رياضة");
    await sport.waitFor();
    const inSection = [...DOCS.values()].filter((d) => d.section === "رياضة").map((d) => d.id);
    assert.equal(Number(await sport.getAttribute("data-count")), inSection.length);
    await sport.click();
    await waitForView(page, "", "section=رياضة");
    assert.equal(await page.locator("#results").getAttribute("data-state"), "results");
    assert.equal(await total(page), inSection.length);
    assert.deepEqual((await allHits(page)).sort(), inSection.sort());
    assert.match(await page.locator("#status").textContent(), /نتائج|نتيجة/);
    assert.equal(new URL(page.url()).searchParams.get("section"), "رياضة");
    assert.equal(new URL(page.url()).searchParams.get("q"), null);
    // Unchoosing it returns to the start page.
    await chip(page, "section", "رياضة").click();
    await waitForView(page, "", "");
    assert.equal(await page.locator("#results").getAttribute("data-state"), "empty");
    assert.equal(await page.locator("#hits > li").count(), 0);
    // Back: the section again, browsed.
    await page.goBack();
    await waitForView(page, "", "section=رياضة");
    assert.equal(await total(page), inSection.length);
  }));

test("sorting by date orders the results newest or oldest first, undated documents last", () =>
  withPage(async (page) => {
    await openPage(page, newsUrl({ q: "معرض" }));
    await waitForView(page, "معرض", "");
    const byRelevance = await allHits(page);
    const undated = byRelevance.filter((id) => !DOCS.get(id).date);
    assert.ok(undated.length >= 1, "the corpus has a matching document without a date");
    const dates = (ids) => ids.filter((id) => DOCS.get(id).date).map((id) => DOCS.get(id).date);

    await page.locator("#sort").selectOption("desc");
    await waitForView(page, "معرض", "sort=desc");
    const newest = await allHits(page);
    assert.deepEqual([...newest].sort(), [...byRelevance].sort(), "the same documents");
    assert.deepEqual(dates(newest), [...dates(newest)].sort().reverse(), "newest first");
    assert.deepEqual(newest.slice(-undated.length), undated, "undated last");
    assert.notDeepEqual(newest, byRelevance, "the order changed");
    assert.equal(new URL(page.url()).searchParams.get("sort"), "date");

    await page.locator("#sort").selectOption("asc");
    await waitForView(page, "معرض", "sort=asc");
    const oldest = await allHits(page);
    assert.deepEqual(dates(oldest), [...dates(oldest)].sort(), "oldest first");
    assert.deepEqual(oldest.slice(-undated.length), undated, "undated last");
    assert.equal(new URL(page.url()).searchParams.get("sort"), "date:asc");

    await page.goBack();
    await waitForView(page, "معرض", "sort=desc");
    assert.equal(await page.locator("#sort").inputValue(), "desc");
    await page.goBack();
    await waitForView(page, "معرض", "");
    assert.equal(await page.locator("#sort").inputValue(), "");
    assert.deepEqual(await allHits(page), byRelevance);

    // The sort alone, with no words, lists the whole corpus newest first.
    await openPage(page, newsUrl({ sort: "date" }));
    await waitForView(page, "", "sort=desc");
    assert.equal(await total(page), DOCS.size);
    const first = (await hitIds(page))[0];
    const newestDate = [...DOCS.values()].map((d) => d.date ?? "").sort().at(-1);
    assert.equal(DOCS.get(first).date, newestDate);
  }));

test("chips and the sort work from the keyboard, with a visible focus", () =>
  withPage(async (page) => {
    await openPage(page, newsUrl({ q: "معرض" }));
    await waitForView(page, "معرض", "");
    await page.locator("#q").focus();
    // The chips come right after the search box in the tab order.
    await page.keyboard.press("Tab");
    const focused = () =>
      page.evaluate(() => ({
        field: document.activeElement.dataset.field,
        value: document.activeElement.dataset.value,
        outline: getComputedStyle(document.activeElement).outlineStyle,
      }));
    const first = await focused();
    assert.equal(first.field, "section", "the first chip has the focus");
    assert.notEqual(first.outline, "none", "the focus is visible");
    const count = Number(await chip(page, first.field, first.value).getAttribute("data-count"));
    await page.keyboard.press("Enter");
    await waitForView(page, "معرض", `section=${first.value}`);
    assert.equal(await total(page), count);
    // The focus stays on the chip just pressed (the chips were redrawn with new counts).
    const after = await focused();
    assert.deepEqual([after.field, after.value], [first.field, first.value]);
    assert.equal(await chip(page, first.field, first.value).getAttribute("aria-pressed"), "true");
    // Space toggles it back.
    await page.keyboard.press("Space");
    await waitForView(page, "معرض", "");
    assert.equal(await chip(page, first.field, first.value).getAttribute("aria-pressed"), "false");

    // The sort control: focus it and choose with the arrow keys.
    await page.locator("#sort").focus();
    await page.keyboard.press("ArrowDown");
    await waitForView(page, "معرض", "sort=desc");
  }));

test("when the chips leave nothing, the page says so and keeps the chosen chip to remove", () =>
  withPage(async (page) => {
    // ماراثون is a sports story: nothing in the culture section.
    await openPage(page, newsUrl({ q: "ماراثون", section: "ثقافة" }));
    await waitForView(page, "ماراثون", "section=ثقافة");
    assert.equal(await page.locator("#results").getAttribute("data-state"), "no-results");
    assert.equal(await page.locator("#notice .advice").getAttribute("data-reason"), "filtered");
    const culture = chip(page, "section", "ثقافة");
    assert.equal(await culture.getAttribute("aria-pressed"), "true");
    assert.equal(await culture.getAttribute("data-count"), "0");
    assert.equal(Number(await chip(page, "section", "رياضة").getAttribute("data-count")), 1);
    await culture.click();
    await waitForView(page, "ماراثون", "");
    assert.equal(await total(page), 1);
  }));

test("a page over the seeds corpus, whose fields are no categories, shows no chips", () =>
  withPage(async (page) => {
    await openPage(page, `${server.url}?q=${encodeURIComponent("بوتين")}`);
    await waitForQuery(page, "بوتين");
    assert.equal(await page.locator("#facets .facet-value").count(), 0);
    assert.equal(await page.locator("#facets .facet").count(), 0);
    // A parameter named like no offered field narrows nothing.
    await openPage(page, `${server.url}?q=${encodeURIComponent("بوتين")}&section=x`);
    await waitForQuery(page, "بوتين");
    assert.ok((await total(page)) > 0);
  }));
