// The reader and the corpus text it shows, over an index the test builds with the package's own
// CLI (`pkg/cli.mjs build`, what `npx fahras build` runs) into a temporary folder: a generated
// 50 MB document, a title carrying a right-to-left override, a document without a title, and an
// ordinary one. The demo opens it with ?index=.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { startServer } from "./server.mjs";
import { SITE, assertSite, launchBrowser, openPage, waitForQuery } from "./harness.mjs";

const BIG_BYTES = 50 * 1024 * 1024;
// A word that occurs once, 60 % of the way into the big document.
const RARE = "الزعفران";
const RLO_TITLE = "صورة العطلة \u202Egnp.exe";
const DOCS = {
  rlo: { id: "holiday-photo", title: RLO_TITLE, text: "ملف مرفق للعطلة باسم مخادع يبدو صورة وهو برنامج." },
  // No title and no text line to take one from: the engine names it by its id.
  untitled: { id: "notes/untitled-7", title: "", text: " " },
  titled: { id: "a1b2c3d4e5f6", title: "القوافل في طريق الحرير", text: "القوافل في طريق الحرير\nحملت القوافل الحرير والتوابل بين المدن." },
};

// A word that occurs once, in the middle of a document that is one 6 MB paragraph.
const RARE_IN_LINE = "اللبان";

/** One paragraph of pseudo-random words, `bytes` long, with RARE_IN_LINE in its middle. */
function oneParagraph(bytes) {
  const words = "قافلة تاجر سوق طريق واحة جمل حرير عطر ذهب فضة".split(" ");
  const out = [];
  for (let n = 0, i = 0; n < bytes; i++) {
    const w = words[(i * 7 + (i >> 3)) % words.length];
    out.push(w);
    n += Buffer.byteLength(w) + 1;
  }
  out.splice(out.length >> 1, 0, RARE_IN_LINE);
  return out.join(" ");
}
const ONE_LINE = oneParagraph(6 * 1024 * 1024);

/** A 50 MB Arabic document of paragraphs of pseudo-random words (deterministic), with RARE in
 *  exactly one paragraph far from the start. */
function bigText() {
  const words = "الكتاب المدينة القديمة مكتبة الفلك الطب الرياضيات الباحثون قرون قاعة جديدة المخطوطات النادرة العلماء الرحلة البحر السفينة النهر الجبل الوادي الشمس القمر النجوم الليل النهار".split(" ");
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const paragraphs = [];
  for (let bytes = 0; bytes < BIG_BYTES; ) {
    const n = 40 + Math.floor(next() * 80);
    const p = `${Array.from({ length: n }, () => words[Math.floor(next() * words.length)]).join(" ")}.`;
    paragraphs.push(p);
    bytes += Buffer.byteLength(p) + 1;
  }
  paragraphs.splice(Math.floor(paragraphs.length * 0.6), 0, `وفي هذا الموضع وحده ذكرٌ لنبات ${RARE} المميز.`);
  return paragraphs.join("\n");
}

let BIG;
let work;
let server;
let browser;

before(async () => {
  assertSite();
  work = mkdtempSync(join(tmpdir(), "fahras-reader-"));
  const corpus = join(work, "reader.jsonl");
  BIG = bigText();
  const docs = [
    { id: "travel-log", title: "سجل الرحلات الكبير", text: BIG },
    { id: "one-line", title: "سطر القوافل الطويل", text: ONE_LINE },
    ...Object.values(DOCS),
  ];
  writeFileSync(corpus, docs.map((d) => JSON.stringify(d)).join("\n") + "\n");
  const out = join(work, "reader.fhr");
  const cli = spawnSync(process.execPath, [join(SITE, "pkg", "cli.mjs"), "build", corpus, "-o", out], { encoding: "utf8" });
  if (cli.status !== 0) throw new Error(`fahras build failed:\n${cli.stderr}`);
  const bytes = readFileSync(out);
  server = await startServer({
    root: SITE,
    routes: {
      "/reader.fhr": (req, res) => {
        res.writeHead(200, { "content-type": "application/octet-stream", "content-length": bytes.length });
        res.end(bytes);
      },
    },
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function withPage(body) {
  const context = await browser.newContext({ locale: "ar", viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (err) => errors.push(err.message));
  try {
    await body(page);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
}

const at = (params) => `${server.url}?index=reader.fhr&${new URLSearchParams(params)}`;

/** What the reader has on screen: characters rendered, of how many, and its range. */
const readerState = (page) =>
  page.evaluate(() => {
    const body = document.getElementById("reader-body");
    return {
      rendered: body.textContent.length,
      length: Number(body.dataset.length),
      range: body.dataset.rendered,
      complete: body.dataset.complete,
    };
  });

test("a 50 MB document opens at its match, renders more as the reader scrolls, and never freezes the tab", (t) =>
  withPage(async (page) => {
    await openPage(page, at({ q: RARE }));
    await waitForQuery(page, RARE);
    // Long tasks (main thread busy > 50 ms) from here on: the old reader rendered and analysed
    // the whole text in one go and froze the tab for minutes.
    await page.evaluate(() => {
      window.__longest = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
      }).observe({ type: "longtask" });
    });
    // Every text the page reads from the engine, by length: the reader must read windows of the
    // document, never the whole text (copying 50 MB out of the engine took 0.3–1.2 s).
    await page.evaluate(async () => {
      const { SearchIndex } = await import("./pkg/fahras.js");
      window.__textsRead = [];
      for (const name of ["document", "documentText"]) {
        const read = SearchIndex.prototype[name];
        SearchIndex.prototype[name] = function (...args) {
          const out = read.apply(this, args);
          window.__textsRead.push(out?.text?.length ?? 0);
          return out;
        };
      }
    });
    const started = Date.now();
    await page.locator("#hits .hit-title a").first().click();
    await page.locator("#reader[open] #reader-body mark").first().waitFor();
    const openMs = Date.now() - started;

    const first = await readerState(page);
    assert.ok(first.length > 25_000_000, `the whole document is there to read: ${first.length} characters`);
    assert.ok(first.rendered < 400_000, `a few screens are rendered, not the document: ${first.rendered}`);
    assert.equal(first.complete, "false");
    // The first screen shows the match, 60 % into the text.
    const mark = page.locator("#reader-body mark").first();
    assert.equal(await mark.textContent(), RARE);
    assert.ok(await mark.isVisible());
    const inView = await mark.evaluate((m) => {
      const box = m.getBoundingClientRect();
      const view = document.getElementById("reader-body").getBoundingClientRect();
      return box.top >= view.top && box.bottom <= view.bottom;
    });
    assert.ok(inView, "the matched word is in the reader's viewport");

    // Scrolling down renders what follows; scrolling up renders what precedes, with the text on
    // screen staying in place.
    const [, back0] = first.range.split("-").map(Number);
    for (let i = 0; i < 5; i++) {
      await page.locator("#reader-body").evaluate((b) => { b.scrollTop = b.scrollHeight; });
      await page.waitForTimeout(100);
    }
    const down = await readerState(page);
    assert.ok(Number(down.range.split("-")[1]) > back0, `more text below: ${first.range} → ${down.range}`);
    const front1 = Number(down.range.split("-")[0]);
    const anchor = await page.locator("#reader-body mark").first().evaluate((m) => m.getBoundingClientRect().top);
    await page.locator("#reader-body").evaluate((b) => { b.scrollTop = 0; });
    await page.waitForFunction((f) => Number(document.getElementById("reader-body").dataset.rendered.split("-")[0]) < f, front1);
    const up = await readerState(page);
    assert.ok(up.rendered < 2_000_000, `still only what was scrolled through: ${up.rendered}`);
    assert.ok(Number.isFinite(anchor));

    await assertRenderedExactly(page, BIG);
    const textsRead = await page.evaluate(() => window.__textsRead);
    assert.ok(textsRead.length > 0, "the reader reads the text through the engine's API");
    assert.ok(Math.max(...textsRead) < 1_000_000, `never the whole text: the longest read is ${Math.max(...textsRead)} characters`);
    const longest = await page.evaluate(() => window.__longest);
    const measures = await page.evaluate(() =>
      performance.getEntriesByType("measure").filter((m) => m.name.startsWith("fahras:")).map((m) => `${m.name} ${Math.round(m.duration)} ms`),
    );
    t.diagnostic(`click → first screen with the match: ${openMs} ms (${measures.join(", ")}); longest main-thread task: ${Math.round(longest)} ms`);
    assert.ok(longest < 5000, `the tab never freezes: longest task ${Math.round(longest)} ms`);
    // Still responsive: Escape closes the reader.
    await page.keyboard.press("Escape");
    await page.locator("#reader").waitFor({ state: "hidden" });
  }));

/** The reader shows exactly the text of [front, back): its paragraphs in order, nothing lost or
 *  doubled at the seams between rendering steps. */
async function assertRenderedExactly(page, text) {
  const { range, shown } = await page.evaluate(() => {
    const body = document.getElementById("reader-body");
    return { range: body.dataset.rendered, shown: [...body.querySelectorAll("p")].map((p) => p.textContent) };
  });
  const [front, back] = range.split("-").map(Number);
  const want = text.slice(front, back).split("\n").filter((p) => p.trim());
  assert.equal(shown.length, want.length, `paragraphs of ${range}`);
  for (let i = 0; i < want.length; i++) assert.equal(shown[i], want[i], `paragraph ${i} of ${range}`);
}

test("a document of one 6 MB paragraph renders piece by piece, exactly its text, both ways", () =>
  withPage(async (page) => {
    await openPage(page, at({ q: RARE_IN_LINE }));
    await waitForQuery(page, RARE_IN_LINE);
    await page.locator("#hits .hit-title a").first().click();
    await page.locator("#reader[open] #reader-body mark").first().waitFor();
    const first = await readerState(page);
    assert.ok(first.rendered < 200_000, `a few screens: ${first.rendered}`);
    assert.ok(Number(first.range.split("-")[0]) > 0, `starts mid-paragraph, at the match: ${first.range}`);
    await assertRenderedExactly(page, ONE_LINE);
    for (const end of ["top", "bottom"]) {
      for (let i = 0; i < 4; i++) {
        await page.locator("#reader-body").evaluate((b, e) => { b.scrollTop = e === "top" ? 0 : b.scrollHeight; }, end);
        await page.waitForTimeout(100);
      }
    }
    const after = await readerState(page);
    const [f0, b0] = first.range.split("-").map(Number);
    const [f1, b1] = after.range.split("-").map(Number);
    assert.ok(f1 < f0 && b1 > b0, `grew both ways: ${first.range} → ${after.range}`);
    await assertRenderedExactly(page, ONE_LINE);
    assert.equal(await page.locator("#reader-body p").count(), 1, "still one paragraph");
  }));

test("a 50 MB document opened from a link starts at its beginning", () =>
  withPage(async (page) => {
    await openPage(page, at({ doc: "travel-log" }));
    await page.locator("#reader[open]").waitFor();
    const state = await readerState(page);
    assert.ok(state.rendered > 1000 && state.rendered < 400_000, `one step of text: ${state.rendered}`);
    assert.equal(state.range.split("-")[0], "0", "from the top");
    assert.equal((await page.locator("#reader-title").textContent()).trim(), "سجل الرحلات الكبير");
  }));

/** Runs in the page: whether the file name after the override control reads left to right, i.e.
 *  its first letter «g» is drawn left of its last letter «e» (reversed it would read exe.png). */
function fileNameReadsLeftToRight(selector) {
  const container = document.querySelector(selector);
  const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const i = node.data.indexOf("gnp.exe");
    if (i < 0) continue;
    const rect = (k) => {
      const r = document.createRange();
      r.setStart(node, k);
      r.setEnd(node, k + 1);
      return r.getBoundingClientRect();
    };
    const g = rect(i);
    const e = rect(i + "gnp.exe".length - 1);
    return { found: true, ltr: g.left < e.left };
  }
  return { found: false };
}

test("a title with a right-to-left override cannot display its file name reversed", () =>
  withPage(async (page) => {
    await openPage(page, at({ q: "العطلة" }));
    await waitForQuery(page, "العطلة");
    const link = page.locator("#hits .hit-title a").first();
    assert.equal(await link.getAttribute("data-id"), DOCS.rlo.id);
    // Every character is kept (the text is the corpus's), the control is shown by name...
    assert.equal(await link.textContent(), RLO_TITLE);
    const control = link.locator(".bidi-control");
    assert.equal(await control.count(), 1);
    assert.ok(await control.isVisible());
    assert.equal(await control.getAttribute("data-name"), "RLO");
    // ...and has no effect outside itself: the file name reads gnp.exe, left to right.
    assert.deepEqual(await page.evaluate(fileNameReadsLeftToRight, "#hits .hit-title a"), { found: true, ltr: true });
    // The same in the reader's heading.
    await link.click();
    await page.locator("#reader[open]").waitFor();
    assert.equal(await page.locator("#reader-title").textContent(), RLO_TITLE);
    assert.deepEqual(await page.evaluate(fileNameReadsLeftToRight, "#reader-title"), { found: true, ltr: true });
  }));

test("corpus text is isolated in its own direction", () =>
  withPage(async (page) => {
    await openPage(page, at({ q: "القوافل" }));
    await waitForQuery(page, "القوافل");
    const isolated = await page.evaluate(() =>
      [...document.querySelectorAll("#hits .hit-title a, #hits .snippet")].map((e) => [
        e.getAttribute("dir"),
        getComputedStyle(e).unicodeBidi,
      ]),
    );
    assert.ok(isolated.length >= 2);
    for (const [dir, bidi] of isolated) {
      assert.equal(dir, "auto");
      assert.match(bidi, /isolate|plaintext/);
    }
  }));

test("the reader shows no raw id for a titled document, and the id for one without a title", () =>
  withPage(async (page) => {
    await openPage(page, at({ doc: DOCS.titled.id }));
    await page.locator("#reader[open]").waitFor();
    const head = await page.locator(".reader-head").textContent();
    assert.ok(!head.includes(DOCS.titled.id), `no id in the heading or metadata: ${head}`);
    assert.equal((await page.locator("#reader-title").textContent()).trim(), DOCS.titled.title);
    // The text's opening line repeats the title: shown once.
    assert.ok(!(await page.locator("#reader-body").textContent()).includes(DOCS.titled.title));
    await page.keyboard.press("Escape");

    await openPage(page, at({ doc: DOCS.untitled.id }));
    await page.locator("#reader[open]").waitFor();
    assert.equal((await page.locator("#reader-title").textContent()).trim(), DOCS.untitled.id);
    assert.equal((await page.locator(".reader-head").textContent()).split(DOCS.untitled.id).length, 2, "the id once");
  }));

test("a link to a document the index does not have says so", () =>
  withPage(async (page) => {
    await openPage(page, at({ doc: "no-such-document" }));
    assert.equal(await page.locator("#reader").isVisible(), false);
    const notice = page.locator("#notice");
    assert.ok(await notice.isVisible());
    assert.match(await notice.textContent(), /لا توجد في هذا الفهرس وثيقة/);
    assert.equal(await notice.locator(".missing-doc .echo").textContent(), "no-such-document");
    // The search page is still there to find it.
    assert.ok(await page.locator("#q").isEnabled());
    assert.equal(new URL(page.url()).searchParams.get("doc"), null);
  }));
