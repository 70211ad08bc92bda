// The release package's checks (`make package` runs them before packing): what a user of the
// published tarball relies on, tested on the assembled folder before it is packed.
//
//   node scripts/check-package.mjs <package dir>
//
// - package.json: name, the version of Cargo.toml, every listed file present;
// - the search module embeds no corpus: `new SearchIndex()` throws the Error that explains
//   fromBytes / fromUrl / --embed, and the module has no index section;
// - the package's own CLI builds the seed articles into an index file that fromBytes opens;
// - `fahras build --embed` writes fahras.js + fahras_bg.wasm whose `new SearchIndex()` opens
//   that index, in a fresh module instance.
// Prints one line per check; exits 1 at the first failure.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [dirArg] = process.argv.slice(2);
if (!dirArg) {
  console.error("usage: node scripts/check-package.mjs <package dir>");
  process.exit(2);
}
const dir = resolve(dirArg);
const repo = new URL("../", import.meta.url);
const seedsDir = new URL("seeds/", repo);
const seedCount = readdirSync(seedsDir).filter((f) => f.endsWith(".txt")).length;

let passed = 0;
function check(what, ok, detail = "") {
  if (!ok) {
    console.error(`package check failed: ${what}${detail ? `: ${detail}` : ""}`);
    process.exit(1);
  }
  passed++;
  console.log(`ok ${what}`);
}

const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
const cargo = readFileSync(new URL("Cargo.toml", repo), "utf8");
const version = cargo.match(/^\[package\][^[]*?^version\s*=\s*"([^"]+)"/ms)?.[1];
check("package.json names fahras at the version of Cargo.toml", pkg.name === "fahras" && pkg.version === version, `${pkg.name}@${pkg.version}`);
const missing = pkg.files.filter((f) => !existsSync(join(dir, f)));
check("every file package.json lists is there", missing.length === 0, missing.join(", "));

const wasm = readFileSync(join(dir, "fahras_bg.wasm"));
const module = new WebAssembly.Module(wasm);
check("the search module has no index section", WebAssembly.Module.customSections(module, "fahras.index").length === 0);

const page = await import(pathToFileURL(join(dir, "fahras.js")).href);
page.initSync({ module });
let thrown;
try {
  new page.SearchIndex();
} catch (e) {
  thrown = e;
}
check(
  "new SearchIndex() throws an Error that says how to open an index (the module embeds no corpus)",
  thrown instanceof Error && /fromBytes/.test(thrown.message) && /fromUrl/.test(thrown.message) && /--embed/.test(thrown.message),
  thrown ? thrown.message : "it opened an index",
);

const work = mkdtempSync(join(tmpdir(), "fahras-check-"));
try {
  const cli = join(dir, "cli.mjs");
  const seeds = new URL(seedsDir).pathname;
  execFileSync(process.execPath, [cli, "build", seeds, "-o", join(work, "seeds.fhr")], { stdio: ["ignore", "ignore", "inherit"] });
  const index = page.SearchIndex.fromBytes(readFileSync(join(work, "seeds.fhr")));
  check("the CLI's index file opens with fromBytes", index.stats.documents === seedCount, `${index.stats.documents} documents`);

  execFileSync(process.execPath, [cli, "build", seeds, "--embed", "-o", join(work, "search")], { stdio: ["ignore", "ignore", "inherit"] });
  const files = readdirSync(join(work, "search")).sort();
  check("--embed writes fahras.js, fahras.d.ts, fahras_bg.wasm and package.json", files.join(",") === "fahras.d.ts,fahras.js,fahras_bg.wasm,package.json", files.join(", "));
  // A second import under another URL is a separate module instance, as in a page.
  const embedded = await import(pathToFileURL(join(work, "search", "fahras.js")).href);
  embedded.initSync({ module: readFileSync(join(work, "search", "fahras_bg.wasm")) });
  const inside = new embedded.SearchIndex();
  check(
    "new SearchIndex() of the --embed module opens the index inside it",
    inside.stats.documents === seedCount && inside.stats.terms === index.stats.terms,
    JSON.stringify(inside.stats),
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(`package checks: ${passed} passed`);
