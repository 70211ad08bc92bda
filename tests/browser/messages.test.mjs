// What the page says, over the default site (seeds embedded): errors in Arabic first with the
// technical detail left to right, the same-site rule for ?index=, suggestions that keep the query
// around the word, no "no results" while a word is being typed, advice that fits why nothing was
// found, and title highlights that are the engine's.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startServer } from "./server.mjs";
import { SITE, assertSite, launchBrowser, openPage, typeQuery, waitForQuery } from "./harness.mjs";

let server;
let other;
let browser;

before(async () => {
  assertSite();
  server = await startServer({
    root: SITE,
    routes: {
      "/garbage.fhr": (req, res) => {
        res.writeHead(200, { "content-type": "application/octet-stream" });
        res.end(Buffer.from("this is not a fahras index (not at all), just some bytes"));
      },
    },
  });
  // Another origin (another port) holding a perfectly good copy of the site.
  other = await startServer({ root: SITE });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  await other?.close();
});

async function withPage(body, options = {}) {
  const context = await browser.newContext({ locale: "ar", ...options });
  const page = await context.newPage();
  try {
    await body(page);
  } finally {
    await context.close();
  }
}

/** How many times `text` appears in what the page shows. */
const timesShown = (page, text) => page.evaluate((t) => document.body.innerText.split(t).length - 1, text);

/** Runs in the page: the engine's own answer for `query` (a second instance of the module). */
async function engineSearch(page, query) {
  return page.evaluate(async (q) => {
    const { SearchIndex } = await import("./pkg/fahras.js");
    return new SearchIndex().search(q, { limit: 10 });
  }, query);
}

test("an index on another site is refused with the same-site rule explained in Arabic", () =>
  withPage(async (page) => {
    const foreign = `${other.url.replace("127.0.0.1", "localhost")}pkg/fahras_bg.wasm`;
    await openPage(page, `${server.url}?index=${encodeURIComponent(foreign)}`);
    assert.equal(await page.locator("#results").getAttribute("data-state"), "error");
    const notice = page.locator("#notice");
    assert.equal(await notice.getAttribute("role"), "alert");
    const text = await notice.textContent();
    assert.match(await notice.locator(".notice-title").textContent(), /^تعذّر تحميل الفهرس/, "Arabic first");
    assert.match(text, /موقع آخر/);
    assert.match(text, /connect-src 'self'/);
    assert.match(text, /npx fahras build/, "says how to host an index instead");
    assert.ok(text.includes(foreign), "names the address");
    assert.equal(await timesShown(page, "تعذّر تحميل الفهرس"), 1, "the failure is said once");
    assert.equal(other.requests.length, 0, "nothing was requested from the other site");
  }));

test("a technical error detail reads left to right inside the Arabic message, once", () =>
  withPage(async (page) => {
    await openPage(page, `${server.url}?index=garbage.fhr`);
    assert.equal(await page.locator("#results").getAttribute("data-state"), "error");
    assert.match(await page.locator("#notice .notice-title").textContent(), /تعذّر تحميل الفهرس/);
    assert.match(await page.locator("#notice .error-explain").textContent(), /garbage\.fhr.*ليس فهرسًا صالحًا|ليس فهرسًا صالحًا/s);
    const detail = page.locator("#notice .error-detail bdi");
    assert.match(await detail.textContent(), /not a fahras index/, "the engine's own words");
    assert.equal(await detail.evaluate((e) => getComputedStyle(e).direction), "ltr");
    assert.equal(await detail.evaluate((e) => getComputedStyle(e).unicodeBidi), "isolate");
    assert.equal(await detail.getAttribute("lang"), "en");
    assert.equal(await timesShown(page, "تعذّر تحميل الفهرس"), 1);
    assert.equal((await page.locator("#status").textContent()).trim(), "", "the live region does not repeat the alert");
  }));

test("picking a suggestion inside a closed phrase keeps the closing quote", () =>
  withPage(async (page) => {
    await openPage(page, server.url);
    await typeQuery(page, '"روسيا والص"');
    await waitForQuery(page, '"روسيا والص"');
    const option = page.locator("#suggestions [role=option]").first();
    await option.waitFor();
    const completion = await option.textContent();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    assert.equal(await page.locator("#q").inputValue(), `"روسيا ${completion}" `);
  }));

test("picking a suggestion for an excluded word keeps its minus", () =>
  withPage(async (page) => {
    await openPage(page, server.url);
    await typeQuery(page, "بوتين -الص");
    await waitForQuery(page, "بوتين -الص");
    const option = page.locator("#suggestions [role=option]").first();
    await option.waitFor();
    const completion = await option.textContent();
    await option.click();
    assert.equal(await page.locator("#q").inputValue(), `بوتين -${completion} `);
  }));

test("one letter shows suggestions and no 'no results'", () =>
  withPage(async (page) => {
    const letter = "ت";
    await openPage(page, server.url);
    // The premise, from the engine: the letter alone finds nothing.
    assert.equal((await engineSearch(page, letter)).total, 0);
    await typeQuery(page, letter);
    await waitForQuery(page, letter);
    await page.locator("#suggestions [role=option]").first().waitFor();
    assert.ok((await page.locator("#suggestions [role=option]").count()) > 0);
    assert.equal(await page.locator("#results").getAttribute("data-state"), "typing");
    assert.ok(await page.locator("#notice").isHidden());
    assert.doesNotMatch(await page.locator("#results").innerText(), /لا نتائج|لا توجد نتائج/);
    // Leaving the box keeps the completions on screen, as chips.
    await page.locator("#q").blur();
    assert.ok((await page.locator("#notice .completions button").count()) > 0);

    // From a link (no focus, so no list under the box): the completions as chips.
    await openPage(page, `${server.url}?q=${encodeURIComponent(letter)}`);
    await waitForQuery(page, letter);
    const chips = page.locator("#notice .completions button");
    assert.ok((await chips.count()) > 0);
    assert.doesNotMatch(await page.locator("#results").innerText(), /لا نتائج|لا توجد نتائج/);
    const first = await chips.first().getAttribute("data-query");
    await chips.first().click();
    await waitForQuery(page, first);
    assert.equal(await page.locator("#results").getAttribute("data-state"), "results");
  }));

test("a query of only an exclusion gets advice about exclusions, not quotation marks", () =>
  withPage(async (page) => {
    for (const query of ["-روسيا ", '-"روسيا والصين" ']) {
      await openPage(page, `${server.url}?q=${encodeURIComponent(query)}`);
      await waitForQuery(page, query);
      assert.equal(await page.locator("#results").getAttribute("data-state"), "no-results", query);
      const advice = page.locator("#notice .advice");
      assert.equal(await advice.getAttribute("data-reason"), "excluded", query);
      const text = await advice.textContent();
      assert.match(text, /تستبعد/);
      assert.doesNotMatch(text, /التنصيص/);
    }
  }));

test("a phrase whose words never come in that order gets advice about quotation marks", () =>
  withPage(async (page) => {
    const query = '"موسكو الصين" ';
    await openPage(page, server.url);
    // The premise, from the engine: each word finds documents, the phrase none.
    assert.equal((await engineSearch(page, query)).total, 0);
    assert.ok((await engineSearch(page, "موسكو ")).total > 0 && (await engineSearch(page, "الصين ")).total > 0);
    await openPage(page, `${server.url}?q=${encodeURIComponent(query)}`);
    await waitForQuery(page, query);
    const advice = page.locator("#notice .advice");
    assert.equal(await advice.getAttribute("data-reason"), "phrase");
    assert.match(await advice.textContent(), /التنصيص/);
  }));

test("titles are highlighted exactly where the engine says, and never guessed from the snippet", () =>
  withPage(async (page) => {
    for (const query of ["بوتين", "روسيا والصين", "تخططان"]) {
      await openPage(page, `${server.url}?q=${encodeURIComponent(query)}`);
      await waitForQuery(page, query);
      const res = await engineSearch(page, query);
      const shown = await page.locator("#hits .hit-title a").evaluateAll((as) =>
        as.map((a) => ({ id: a.dataset.id, marks: [...a.querySelectorAll("mark")].map((m) => m.textContent), text: a.textContent })),
      );
      assert.equal(shown.length, res.hits.length, query);
      res.hits.forEach((hit, i) => {
        assert.equal(shown[i].id, hit.id);
        assert.equal(shown[i].text, hit.title, "the title verbatim");
        // Today's engine may not send titleSegments: then the title is plain.
        const expected = (hit.titleSegments ?? []).filter((s) => s.hit).map((s) => s.text);
        assert.deepEqual(shown[i].marks, expected, `${query}: marks of ${hit.id}`);
      });
    }
  }));
