// The fahras command's argument parsing: `--` ends the options (a query may start with "-", an
// exclusion), `-h`/`--help` works after every command and wins over everything else, options may
// be written `--out=x`, and a misplaced query word gets a hint instead of a bare "unknown option".
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { SearchIndex, pkgDir } from "./fahras.mjs";

const cli = fileURLToPath(new URL("cli.mjs", pkgDir));
const seedsDir = fileURLToPath(new URL("../../seeds/", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "fahras-args-"));
process.on("exit", () => rmSync(work, { recursive: true, force: true }));
const fahras = (...args) => spawnSync(process.execPath, [cli, ...args], { cwd: work, encoding: "utf8" });

const fhr = join(work, "seeds.fhr");
assert.equal(fahras("build", seedsDir, "-o", fhr).status, 0);
const index = SearchIndex.fromBytes(readFileSync(fhr)); // the bytes the command searches

/** What `fahras search` prints, parsed: the summary line and the hits' ids. */
function searched(run) {
  assert.equal(run.status, 0, run.stderr);
  const [summary, ...hits] = run.stdout.trim().split("\n").map((l) => JSON.parse(l));
  return { total: summary.total, ids: hits.map((h) => h.id) };
}
const api = (query, limit = 10) => {
  const res = index.search(query, { limit });
  return { total: res.total, ids: res.hits.map((h) => h.id) };
};

test("everything after -- is the query, even words that start with - (exclusions) or look like options", () => {
  for (const words of [["-بوتين", "الصين"], ["الصين", "-بوتين"], ["--limit", "1"], ["-h"], ["--", "بوتين"]]) {
    assert.deepEqual(searched(fahras("search", fhr, "--", ...words)), api(words.join(" ")), words.join(" "));
  }
  // Options still work before the --.
  assert.deepEqual(searched(fahras("search", fhr, "--limit", "2", "--", "-الصين", "بوتين")), api("-الصين بوتين", 2));
  // An exclusion really excludes: no hit for بوتين -الصين contains الصين in the index's view.
  const excluded = searched(fahras("search", fhr, "--", "بوتين", "-الصين"));
  assert.ok(excluded.total < api("بوتين").total, "the exclusion removed documents");
});

test("options may be written --name=value", () => {
  assert.deepEqual(searched(fahras("search", fhr, "--limit=1", "بوتين")), api("بوتين", 1));
  const out = join(work, "eq.fhr");
  const run = fahras("build", seedsDir, `--out=${out}`);
  assert.equal(run.status, 0, run.stderr);
  assert.ok(existsSync(out));
});

test("-h and --help after every command print that command's usage and exit 0, doing nothing else", () => {
  const cases = [
    [["build", "-h"], /^usage: fahras build <corpus> \[-o <file\.fhr>\] \[--skip-invalid\] \[--lenient\]\n\s+fahras build <corpus> --embed/],
    [["build", "--help"], /^usage: fahras build /],
    [["build", seedsDir, "-o", join(work, "never.fhr"), "-h"], /^usage: fahras build /],
    [["search", "-h"], /^usage: fahras search <file\.fhr> \[--limit <n>\] \[--\] <query>\.\.\./],
    [["search", fhr, "بوتين", "--help"], /^usage: fahras search /],
    [["help", "build"], /^usage: fahras build /],
    [["help", "search"], /^usage: fahras search /],
    [["--help"], /^usage:\n  fahras build/],
    [["-h"], /^usage:\n  fahras build/],
  ];
  for (const [args, usage] of cases) {
    const run = fahras(...args);
    assert.equal(run.status, 0, `${args.join(" ")}: ${run.stderr}`);
    assert.match(run.stdout, usage, args.join(" "));
    assert.equal(run.stderr, "", args.join(" "));
  }
  assert.ok(!existsSync(join(work, "never.fhr")), "build -h builds nothing");
  // The command's usage says how to search for a word that starts with "-".
  assert.match(fahras("search", "-h").stdout, /fahras search docs\.fhr -- "-بايثون" برمجة/);
});

test("a query word with a leading - before -- is a usage error with a hint; other unknown options stay as they were", () => {
  const word = fahras("search", fhr, "-بايثون");
  assert.equal(word.status, 2);
  assert.match(word.stderr, /^fahras: unknown option -بايثون \(words that start with "-" go after --: -- "-بايثون"\)\n\nusage:/);
  for (const args of [["search", fhr, "بوتين", "--bogus"], ["build", seedsDir, "--bogus"], ["build", seedsDir, "--embed=yes"]]) {
    const run = fahras(...args);
    assert.equal(run.status, 2, args.join(" "));
    assert.match(run.stderr, /^fahras: unknown option --(bogus|embed=yes)\n\nusage:/, args.join(" "));
  }
  const noValue = fahras("search", fhr, "بوتين", "--limit");
  assert.equal(noValue.status, 2);
  assert.match(noValue.stderr, /^fahras: --limit needs a value/);
});
