// Browser scenarios for the search page, over the site `make site` assembled (www/ + pkg/ with
// the default seeds corpus embedded). Each scenario is a sentence a user could check by hand.
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { startServer } from "./server.mjs";
import {
  REPO,
  SITE,
  assertSite,
  bare,
  launchBrowser,
  openPage,
  typeQuery,
  waitForQuery,
  watchProblems,
} from "./harness.mjs";

const SEED_IDS = readdirSync(join(REPO, "seeds"))
  .filter((f) => f.endsWith(".txt"))
  .map((f) => f.slice(0, -4))
  .sort();

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

/** Run `body` in a fresh browser context (own cookies, storage and service worker). */
async function withPage(body, options = {}) {
  const context = await browser.newContext({ locale: "ar", ...options });
  const page = await context.newPage();
  try {
    await body(page, context);
  } finally {
    await context.close();
  }
}

const q = (text) => `?q=${encodeURIComponent(text)}`;
const hitIds = (page) => page.locator("#hits .hit-title a").evaluateAll((as) => as.map((a) => a.dataset.id));

test("typing a query shows the five seed documents with highlighted snippets", () =>
  withPage(async (page) => {
    await openPage(page, server.url);
    await typeQuery(page, "بوتين");
    await waitForQuery(page, "بوتين");
    assert.equal(await page.locator("#results").getAttribute("data-state"), "results");
    assert.deepEqual((await hitIds(page)).sort(), SEED_IDS);
    assert.equal(await page.locator("#results").getAttribute("data-total"), String(SEED_IDS.length));
    const hits = page.locator("#hits > li");
    for (let i = 0; i < (await hits.count()); i++) {
      const title = (await hits.nth(i).locator(".hit-title").textContent()).trim();
      assert.ok(title.length > 0, `hit ${i} has a title`);
      const marks = await hits.nth(i).locator(".snippet mark").allTextContents();
      assert.ok(marks.length > 0, `hit ${i} has highlighted words`);
      assert.ok(marks.some((m) => bare(m).includes("بوتين")), `hit ${i} marks بوتين, got ${marks}`);
    }
    // The count in the live region, in Arabic; the time taken beside it, visible but not
    // announced (it would be read out on every keystroke).
    const status = await page.locator("#status").textContent();
    assert.match(status, /نتائج/);
    assert.doesNotMatch(status, /ميلي ثانية|\d+[.,٫]\d/);
    assert.equal(await page.locator("#status").getAttribute("aria-live"), "polite");
    const timing = page.locator("#status-extra");
    assert.match(await timing.textContent(), /ميلي ثانية/);
    assert.ok(await timing.isVisible());
    assert.equal(await timing.evaluate((e) => e.closest("[aria-live]")), null, "the timing is outside the live region");
  }));

test("typing a diacritised query shows highlighted results", () =>
  withPage(async (page) => {
    await openPage(page, server.url);
    await typeQuery(page, "بُوتِين");
    await waitForQuery(page, "بُوتِين");
    assert.deepEqual((await hitIds(page)).sort(), SEED_IDS);
    assert.equal(await page.locator("#q").inputValue(), "بُوتِين", "the box keeps what was typed");

    await page.locator("#q").fill("");
    await typeQuery(page, "أَكَّدَ");
    await waitForQuery(page, "أَكَّدَ");
    assert.equal(await page.locator("#results").getAttribute("data-state"), "results");
    const marks = await page.locator("#hits .snippet mark").allTextContents();
    assert.ok(
      marks.some((m) => bare(m) === "اكد"),
      `a mark holds the corpus word أكد itself, got ${JSON.stringify(marks)}`,
    );
    // Marks show the corpus text, not the query's spelling.
    assert.ok(!marks.some((m) => m.includes("أَكَّدَ")));
  }));

test("arrow keys and Enter select a suggestion or result", () =>
  withPage(async (page) => {
    await openPage(page, server.url);
    const input = page.locator("#q");
    await typeQuery(page, "استرا");
    // Suggestions are drawn with the results: once the list is for "استرا", so are they.
    await waitForQuery(page, "استرا");
    await page.locator("#suggestions [role=option]").first().waitFor();
    const options = await page.locator("#suggestions [role=option]").allTextContents();
    assert.ok(options.length >= 1 && options.length <= 6, `1–6 suggestions, got ${options}`);
    assert.ok(options.every((o) => bare(o).includes("استرا")), `completions of استرا: ${options}`);
    assert.equal(await input.getAttribute("aria-expanded"), "true");
    assert.equal(await input.getAttribute("aria-controls"), "suggestions");

    await page.keyboard.press("ArrowDown");
    assert.equal(await input.getAttribute("aria-activedescendant"), "suggestion-0");
    assert.equal(await page.locator("#suggestion-0").getAttribute("aria-selected"), "true");
    if (options.length > 1) {
      await page.keyboard.press("ArrowDown");
      assert.equal(await input.getAttribute("aria-activedescendant"), "suggestion-1");
      await page.keyboard.press("ArrowUp");
      assert.equal(await input.getAttribute("aria-activedescendant"), "suggestion-0");
    }

    await page.keyboard.press("Enter");
    const applied = `${options[0]} `;
    assert.equal(await input.inputValue(), applied, "Enter applies the active suggestion");
    await waitForQuery(page, applied);
    assert.equal(await page.locator("#suggestions").isHidden(), true);
    assert.equal(await input.getAttribute("aria-expanded"), "false");
    assert.equal(new URL(page.url()).searchParams.get("q"), applied);
    const ids = await hitIds(page);
    assert.ok(ids.length > 0, "the applied suggestion finds documents");

    // Down from the box walks the results with real focus; Up walks back to the box.
    await page.keyboard.press("ArrowDown");
    assert.equal(await page.evaluate(() => document.activeElement.dataset.id), ids[0]);
    if (ids.length > 1) {
      await page.keyboard.press("ArrowDown");
      assert.equal(await page.evaluate(() => document.activeElement.dataset.id), ids[1]);
      await page.keyboard.press("ArrowUp");
      assert.equal(await page.evaluate(() => document.activeElement.dataset.id), ids[0]);
    }
    const title = (await page.locator("#hits .hit-title a").first().textContent()).trim();

    // Enter opens the focused result; Escape closes it and gives focus back.
    await page.keyboard.press("Enter");
    await page.locator("#reader[open]").waitFor();
    assert.equal((await page.locator("#reader-title").textContent()).trim(), title);
    assert.equal(new URL(page.url()).searchParams.get("doc"), ids[0]);
    assert.ok((await page.locator("#reader-body").textContent()).length > title.length);
    // The reader marks the matched words (the snippet's on its first screen; waited for, as the
    // rest of the text is rendered frame by frame).
    await page.locator("#reader-body mark").first().waitFor({ timeout: 5000 });
    await page.keyboard.press("Escape");
    await page.locator("#reader").waitFor({ state: "hidden" });
    await page.waitForFunction(() => !new URL(location.href).searchParams.has("doc"));
    assert.equal(await page.evaluate(() => document.activeElement.dataset.id), ids[0]);
    await page.keyboard.press("ArrowUp");
    assert.equal(await page.evaluate(() => document.activeElement.id), "q");

    // Escape in the box (no suggestions open) clears the search.
    await page.keyboard.press("Escape");
    assert.equal(await input.inputValue(), "");
    await waitForQuery(page, "");
    assert.equal(await page.locator("#results").getAttribute("data-state"), "empty");
  }));

test("pressing Down straight after typing goes to the results of the new words", () =>
  withPage(async (page) => {
    await openPage(page, server.url + q("بوتين"));
    await waitForQuery(page, "بوتين");
    // One input event and the key at once, well inside the typing debounce.
    await page.locator("#q").fill("موسكو");
    await page.keyboard.press("ArrowDown");
    assert.equal(await page.locator("#results").getAttribute("data-query"), "موسكو");
    const ids = await hitIds(page);
    assert.equal(await page.evaluate(() => document.activeElement.dataset.id), ids[0]);
  }));

test("a tap on a suggestion applies it on a phone", () =>
  withPage(
    async (page) => {
      await openPage(page, server.url);
      await page.locator("#q").tap();
      await typeQuery(page, "استرا");
      await waitForQuery(page, "استرا");
      const option = page.locator("#suggestions [role=option]").first();
      await option.waitFor();
      const text = await option.textContent();
      await option.tap();
      assert.equal(await page.locator("#q").inputValue(), `${text} `);
      await waitForQuery(page, `${text} `);
      assert.ok(await page.locator("#suggestions").isHidden());
      assert.ok((await page.locator("#hits > li").count()) > 0);
    },
    { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
  ));

test("the query round-trips through ?q= and the back button restores the previous search", () =>
  withPage(async (page) => {
    await openPage(page, server.url + q("بوتين"));
    await waitForQuery(page, "بوتين");
    assert.equal(await page.locator("#q").inputValue(), "بوتين");
    const putinIds = await hitIds(page);
    assert.equal(putinIds.length, SEED_IDS.length);

    // A new search, typed and confirmed with Enter.
    await page.locator("#q").click();
    await page.keyboard.press("Control+A");
    await typeQuery(page, "موسكو");
    await page.keyboard.press("Enter");
    await waitForQuery(page, "موسكو");
    assert.equal(new URL(page.url()).searchParams.get("q"), "موسكو");
    const moscowIds = await hitIds(page);
    assert.ok(moscowIds.length > 0 && moscowIds.length < putinIds.length, "موسكو is a narrower search");

    await page.goBack();
    await waitForQuery(page, "بوتين");
    assert.equal(await page.locator("#q").inputValue(), "بوتين");
    assert.match(await page.title(), /^بوتين — /);
    assert.deepEqual(await hitIds(page), putinIds);

    await page.goForward();
    await waitForQuery(page, "موسكو");
    assert.equal(await page.locator("#q").inputValue(), "موسكو");

    // A reload (or a shared link) restores the search from the URL alone.
    await page.reload();
    await waitForQuery(page, "موسكو");
    assert.deepEqual(await hitIds(page), moscowIds);
  }));

test("an empty box shows example searches from the corpus", () =>
  withPage(async (page) => {
    await openPage(page, server.url);
    assert.equal(await page.locator("#results").getAttribute("data-state"), "empty");
    const chips = page.locator("#notice .examples button");
    // Derived after the page is ready, a search at a time (the box works meanwhile).
    await chips.first().waitFor();
    const examples = await chips.evaluateAll((bs) => bs.map((b) => b.dataset.query));
    assert.ok(examples.length >= 3, `at least three examples, got ${examples}`);
    assert.equal(new Set(examples).size, examples.length, "examples are distinct");
    // Every example is a search that finds something in this corpus.
    for (let i = 0; i < examples.length; i++) {
      await page.locator("#notice .examples button").nth(i).click();
      await waitForQuery(page, examples[i]);
      assert.equal(await page.locator("#results").getAttribute("data-state"), "results", examples[i]);
      assert.ok(Number(await page.locator("#results").getAttribute("data-total")) > 0, examples[i]);
      assert.equal(new URL(page.url()).searchParams.get("q"), examples[i]);
      await page.locator("#q").press("Escape");
      await waitForQuery(page, "");
    }
  }));

test("a query with no results says so and invents no respelling", () =>
  withPage(async (page) => {
    // بوتين with four extra letters: beyond any typo tolerance. The page once offered the
    // completion of its longest known prefix (فلسطين → «فلاديمير»); only the engine respells.
    const typo = "بوتينكسوف";
    await openPage(page, server.url);
    await typeQuery(page, typo);
    await waitForQuery(page, typo);
    assert.equal(await page.locator("#results").getAttribute("data-state"), "no-results");
    assert.equal(await page.locator("#hits > li").count(), 0);
    assert.match(await page.locator("#notice").textContent(), /لا توجد نتائج/);
    assert.equal(await page.locator("#notice .echo").textContent(), typo);
    const engine = await page.evaluate(async (q) => {
      const { SearchIndex } = await import("./pkg/fahras.js");
      return new SearchIndex().search(q).suggestion ?? null;
    }, typo);
    const offered = await page.locator("#notice .did-you-mean button").evaluateAll((bs) => bs.map((b) => b.dataset.query));
    assert.deepEqual(offered, engine ? [engine] : [], "the only respelling offered is the engine's");
    assert.equal(await page.locator("#notice .advice").getAttribute("data-reason"), "unknown-words");
  }));

test("a misspelt query shows the close matches and offers the corpus spelling", () =>
  withPage(async (page) => {
    const typo = "روسسيا"; // روسيا with a doubled letter
    await openPage(page, server.url);
    await typeQuery(page, typo);
    await waitForQuery(page, typo);
    assert.equal(await page.locator("#results").getAttribute("data-state"), "results");
    assert.ok((await page.locator("#hits > li").count()) > 0, "typo tolerance finds documents");
    const offer = page.locator("#notice .did-you-mean button");
    assert.equal(await offer.getAttribute("data-query"), "روسيا");
    await offer.click();
    await waitForQuery(page, "روسيا");
    assert.equal(new URL(page.url()).searchParams.get("q"), "روسيا");
    assert.ok(await page.locator("#notice").isHidden(), "a correct spelling offers nothing");
    assert.ok((await page.locator("#hits .snippet mark").allTextContents()).some((m) => bare(m).includes("روسيا")));
  }));

test("a hostile query renders as text", () =>
  withPage(async (page) => {
    const hostile = "<img src=x onerror=window.__pwned=true>";
    await openPage(page, server.url);
    await page.locator("#q").fill(hostile);
    await waitForQuery(page, hostile);
    assert.equal(await page.locator("#results").getAttribute("data-state"), "no-results");
    // The query is echoed in the message: as characters, not as an element.
    assert.equal(await page.locator("#notice .echo").textContent(), hostile);
    assert.ok(await page.locator("#notice .echo").isVisible());
    assert.equal(await page.locator("main img, #notice img").count(), 0);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    // ...and from the URL, which is how a malicious link would deliver it.
    await openPage(page, server.url + q(hostile));
    await waitForQuery(page, hostile);
    assert.equal(await page.locator("#notice .echo").textContent(), hostile);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
  }));

test("unusual input never breaks the page", () =>
  withPage(async (page) => {
    const errors = [];
    page.on("pageerror", (err) => errors.push(err.message));
    await openPage(page, server.url);
    // Set in the page, as a paste would: a lone surrogate does not survive the trip from Node.
    const paste = (i) =>
      page.evaluate(async (n) => {
        const inputs = [
          "\uD800بوتين", // a lone surrogate
          "بوتين\u0000الصين",
          "🙂 بوتين 🇷🇺",
          "\u200F\u202Bبوتين\u202C\u200E",
          "ــــــ", // tatweel only
          "َُِّ", // diacritics only
          '"""---',
          "بوتين ".repeat(20000), // 120 000 characters
        ];
        const box = document.getElementById("q");
        const results = document.getElementById("results");
        box.value = inputs[n];
        box.dispatchEvent(new Event("input", { bubbles: true }));
        for (let t = 0; t < 400 && results.dataset.query !== inputs[n]; t++) {
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
        return { shown: results.dataset.query === inputs[n], state: results.dataset.state, more: n + 1 < inputs.length };
      }, i);
    for (let i = 0, more = true; more; i++) {
      const outcome = await paste(i);
      assert.ok(outcome.shown, `input ${i} was searched`);
      assert.ok(["results", "no-results", "empty", "typing"].includes(outcome.state), `input ${i}: ${outcome.state}`);
      more = outcome.more;
    }
    assert.deepEqual(errors, []);
  }));

test("the page has no console errors or failed requests", () =>
  withPage(async (page) => {
    const problems = watchProblems(page);
    await openPage(page, server.url);
    await typeQuery(page, "الصين");
    await waitForQuery(page, "الصين");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Escape");
    await page.locator("#hits .hit-title a").first().click();
    await page.locator("#reader[open]").waitFor();
    await page.locator("#reader-close").click();
    await page.locator("#reader").waitFor({ state: "hidden" });
    // The manifest and its icons are fetched by the browser only on demand; fetch them as an
    // installing browser would, and the service worker's files too.
    const urls = await page.evaluate(async () => {
      const manifest = await (await fetch(document.querySelector("link[rel=manifest]").href)).json();
      const base = new URL("manifest.webmanifest", location.href);
      return [...manifest.icons.map((i) => new URL(i.src, base).href), new URL("sw.js", location.href).href];
    });
    for (const url of urls) {
      // Read the whole body: an unread response would be cut off (and reported) by the reload.
      const status = await page.evaluate(async (u) => {
        const res = await fetch(u);
        await res.arrayBuffer();
        return res.status;
      }, url);
      assert.equal(status, 200, url);
    }
    await page.reload();
    await waitForQuery(page, "الصين");
    assert.deepEqual(problems, []);
  }));

test("a broken index file or engine shows a clear error instead of a blank page", async () => {
  // The same site, plus an index URL that answers garbage and one that does not exist; and the
  // same site under /no-engine/ with its WebAssembly module missing.
  const broken = await startServer({
    root: SITE,
    mounts: { "/no-engine/": SITE },
    routes: {
      "/no-engine/pkg/fahras_bg.wasm": (req, res) => {
        res.writeHead(404, { "content-type": "text/plain" });
        res.end("not found");
      },
      "/garbage.fhr": (req, res) => {
        res.writeHead(200, { "content-type": "application/octet-stream" });
        res.end(Buffer.from("this is not a fahras index at all, just some bytes"));
      },
    },
  });
  try {
    for (const [path, why] of [
      ["?index=garbage.fhr", /ليس فهرسًا صالحًا/],
      ["?index=missing.fhr", /404/],
      ["no-engine/", /محرك البحث/],
    ]) {
      await withPage(async (page) => {
        await openPage(page, `${broken.url}${path}`);
        assert.equal(await page.locator("#results").getAttribute("data-state"), "error");
        assert.equal(await page.locator("#notice").getAttribute("role"), "alert");
        const text = await page.locator("#notice").textContent();
        assert.match(text, /تعذّر تحميل الفهرس/);
        assert.match(text, why);
        const file = path.startsWith("?index=") ? path.slice(7) : "fahras_bg.wasm";
        assert.ok(text.includes(file), `the message names the file: ${text}`);
        assert.equal(await page.locator("#q").isDisabled(), true);
      });
    }
  } finally {
    await broken.close();
  }
});
