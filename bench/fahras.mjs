// Loading a built fahras package (pkg/ or bench/data/pkg-quran/) the way a Node user does.

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

export const PAYLOAD_FILES = ["fahras.js", "fahras_bg.wasm"];

/** Imports the package's ES module; the wasm is not instantiated yet. */
export async function importFahras(pkgDir) {
  const js = join(pkgDir, "fahras.js");
  if (!existsSync(js)) throw new Error(`${js} is missing: build the package first (make build)`);
  return import(pathToFileURL(js).href);
}

export function wasmBytes(pkgDir) {
  return readFileSync(join(pkgDir, "fahras_bg.wasm"));
}

/** Instantiates the wasm (synchronously, from bytes in memory) and opens the embedded index. */
export function openIndex(fahras, bytes) {
  fahras.initSync({ module: bytes });
  return new fahras.SearchIndex();
}

export async function loadFahras(pkgDir) {
  const fahras = await importFahras(pkgDir);
  return { fahras, index: openIndex(fahras, wasmBytes(pkgDir)) };
}
