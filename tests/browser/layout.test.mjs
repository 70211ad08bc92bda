// The page at phone and desktop widths, in light and dark: no sideways scrolling, the search box
// fully on screen, readable contrast. Screenshots go to tests/browser/screenshots/ (gitignored) so
// a person can look at them.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, test } from "node:test";
import { startServer } from "./server.mjs";
import { SITE, assertSite, launchBrowser, openPage, typeQuery, waitForQuery } from "./harness.mjs";

const SHOTS = fileURLToPath(new URL("./screenshots/", import.meta.url));
const SCREENS = {
  desktop: { viewport: { width: 1280, height: 800 } },
  mobile: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
};

let server;
let browser;

before(async () => {
  assertSite();
  mkdirSync(SHOTS, { recursive: true });
  server = await startServer({ root: SITE });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Runs in the page: WCAG contrast of each selector's text against its effective background. */
function contrasts(selectors) {
  const rgb = (c) => {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return { r, g, b, a };
  };
  const lum = ({ r, g, b }) => {
    const f = (v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0.5) return c;
    }
    return { r: 255, g: 255, b: 255 };
  };
  const out = {};
  for (const sel of selectors) {
    const el = document.querySelector(sel);
    if (!el) {
      out[sel] = null;
      continue;
    }
    const fg = lum(rgb(getComputedStyle(el).color));
    const bg = lum(background(el));
    out[sel] = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
  }
  return out;
}

for (const [screen, screenOptions] of Object.entries(SCREENS)) {
  for (const scheme of ["light", "dark"]) {
    test(`the page fits a ${screen} screen in ${scheme} mode and stays readable`, async () => {
      const context = await browser.newContext({ ...screenOptions, colorScheme: scheme, locale: "ar" });
      try {
        const page = await context.newPage();
        await openPage(page, `${server.url}?q=${encodeURIComponent("بوتين")}`);
        await waitForQuery(page, "بوتين");
        assert.deepEqual(
          await page.evaluate(() => [document.documentElement.lang, getComputedStyle(document.body).direction]),
          ["ar", "rtl"],
        );
        const fit = await page.evaluate(() => {
          const box = document.getElementById("q").getBoundingClientRect();
          return {
            scrollWidth: document.documentElement.scrollWidth,
            width: window.innerWidth,
            input: [box.left, box.right, box.width],
          };
        });
        assert.ok(fit.scrollWidth <= fit.width, `no sideways scrolling: ${JSON.stringify(fit)}`);
        assert.ok(fit.input[0] >= 0 && fit.input[1] <= fit.width, `search box on screen: ${fit.input}`);
        assert.ok(fit.input[2] >= Math.min(300, fit.width * 0.8), `search box is wide: ${fit.input}`);

        const ratios = await page.evaluate(contrasts, [
          "body",
          "#status",
          "#hits .hit-title a",
          "#hits .snippet",
          "#hits .snippet mark",
          "#stats",
        ]);
        for (const [sel, ratio] of Object.entries(ratios)) {
          assert.ok(ratio !== null, `${sel} is on the page`);
          assert.ok(ratio >= 4.5, `${sel} contrast ${ratio.toFixed(2)} ≥ 4.5 (${screen}, ${scheme})`);
        }
        // Reading text is set in the page's own Naskh (shipped in fonts/, or the machine's copy
        // of the same font), so it looks the same on a machine with no Arabic font of its own.
        const font = await page.evaluate(async () => {
          await document.fonts.ready;
          const faces = [...document.fonts].filter((f) => f.family.replace(/"/g, "") === "Fahras Naskh");
          return {
            family: getComputedStyle(document.querySelector("#hits .snippet")).fontFamily,
            loaded: faces.filter((f) => f.status === "loaded").map((f) => f.weight),
          };
        });
        assert.match(font.family, /^"?Fahras Naskh"?,/);
        assert.deepEqual(font.loaded.sort(), ["400", "700"], `both weights loaded: ${JSON.stringify(font)}`);
        // ...and ships with its licence beside it (SIL OFL 1.1).
        const licence = await page.evaluate(async () => (await fetch("fonts/OFL.txt")).text());
        assert.match(licence, /SIL OPEN FONT LICENSE Version 1\.1/);
        await page.screenshot({ path: join(SHOTS, `${screen}-${scheme}.png`) });

        // Suggestions open over the results, still inside the screen.
        await page.locator("#q").fill("");
        await typeQuery(page, "الر");
        // Suggestions are drawn with the results: once the list is for "الر", so are they.
        await waitForQuery(page, "الر");
        await page.locator("#suggestions [role=option]").first().waitFor();
        const list = await page.locator("#suggestions").boundingBox();
        assert.ok(list.x >= 0 && list.x + list.width <= fit.width, "suggestions on screen");
        await page.screenshot({ path: join(SHOTS, `${screen}-${scheme}-suggestions.png`) });

        // The empty state and the reader, for the record.
        await page.keyboard.press("Escape");
        await page.keyboard.press("Escape");
        await waitForQuery(page, "");
        await page.screenshot({ path: join(SHOTS, `${screen}-${scheme}-empty.png`) });
        await page.locator("#notice .examples button").first().click();
        await page.locator("#hits .hit-title a").first().click();
        await page.locator("#reader[open]").waitFor();
        const reader = await page.locator("#reader").boundingBox();
        assert.ok(reader.x >= 0 && reader.x + reader.width <= fit.width, "reader on screen");
        await page.screenshot({ path: join(SHOTS, `${screen}-${scheme}-reader.png`) });
      } finally {
        await context.close();
      }
    });
  }
}
