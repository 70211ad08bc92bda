// Shared set-up for the browser scenarios: the site folder, a headless Debian Chromium driven by
// playwright-core (never a downloaded browser), and small waits that read the page's own state.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const REPO = fileURLToPath(new URL("../../", import.meta.url));
/** The assembled demo (www/ + pkg/), written by `make site`. */
export const SITE = process.env.FAHRAS_SITE ?? join(REPO, "target", "site");
export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

export function assertSite(site = SITE) {
  for (const f of ["index.html", "app.js", "sw.js", "pkg/fahras.js", "pkg/fahras_bg.wasm"]) {
    if (!existsSync(join(site, f))) {
      throw new Error(`${join(site, f)} is missing: run \`make site\` before the browser tests`);
    }
  }
}

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

/** launch() gives every browser a fresh temporary profile (user-data-dir), deleted on close. */
export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}

/** A browser with an explicit, fresh, non-incognito profile (what installability checks need).
 *  Closing the returned context also deletes the profile. */
export async function launchProfile(options = {}) {
  const dir = mkdtempSync(join(tmpdir(), "fahras-chromium-"));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    ...options,
  });
  const close = context.close.bind(context);
  context.close = async () => {
    await close();
    rmSync(dir, { recursive: true, force: true });
  };
  return context;
}

/** Everything that went wrong while a page ran: console errors, uncaught exceptions, failed
 *  requests and HTTP errors. */
export function watchProblems(page) {
  const problems = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(`console error: ${msg.text()}`);
  });
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  page.on("requestfailed", (req) => {
    // A request the browser itself dropped (the page moved on before the favicon arrived) is
    // no failure a user sees; a refused or unreachable one is.
    const why = req.failure()?.errorText;
    if (why !== "net::ERR_ABORTED") problems.push(`request failed: ${req.url()} (${why})`);
  });
  page.on("response", (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  return problems;
}

/** Open the page and wait until the index is loaded (or loading failed). */
export async function openPage(page, url) {
  await page.goto(url);
  await waitReady(page);
}

/** Wait until the page on screen has loaded its index (or failed to): after a reload, say. */
export async function waitReady(page) {
  await page.waitForFunction(() => {
    const state = document.getElementById("results")?.dataset.state;
    return document.documentElement.dataset.ready === "true" || state === "error";
  });
}

/** Wait until the list on screen belongs to `query`. */
export async function waitForQuery(page, query) {
  await page.waitForFunction(
    (q) => {
      const r = document.getElementById("results");
      return r.dataset.query === q && r.dataset.state !== "loading";
    },
    query,
  );
}

/** Type like a person (one key at a time, so debounce and suggestions run as they do for users). */
export async function typeQuery(page, text) {
  await page.locator("#q").pressSequentially(text, { delay: 15 });
}

/** Normalise the way the tests need to compare highlighted words: drop harakat, tatweel and
 *  unify alef/ya/ta-marbuta forms (a simplified copy of the engine's rules, test-side only). */
export function bare(text) {
  return text
    .replace(/[\u064B-\u065F\u0670\u0640]/g, "")
    .replace(/[أإآٱ]/g, "ا")
    .replace(/ى/g, "ي")
    .replace(/ة/g, "ه")
    .replace(/[^\p{L}]/gu, "");
}
