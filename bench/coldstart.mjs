// One cold start, in a fresh process (run by measure.mjs' coldStarts): from bytes in memory to the
// first query's answer. Reading files and importing the JS glue are left out on both sides: a site
// has fetched them by then. Prints { ms, total } as JSON.
//   node bench/coldstart.mjs fahras <pkg dir> <query>
//   node bench/coldstart.mjs minisearch <serialized index .json> <query>

import { readFileSync } from "node:fs";
import { importFahras, openIndex, wasmBytes } from "./fahras.mjs";
import { loadMiniSearch, MINISEARCH_VARIANTS, miniSearchQuery } from "./peers.mjs";

const [engine, path, query] = process.argv.slice(2);
let ms, total;
if (engine === "fahras") {
  const fahras = await importFahras(path);
  const bytes = wasmBytes(path);
  const t0 = process.hrtime.bigint();
  const index = openIndex(fahras, bytes);
  total = index.search(query, { limit: 10 }).total;
  ms = Number(process.hrtime.bigint() - t0) / 1e6;
} else if (engine === "minisearch") {
  const json = readFileSync(path, "utf8");
  const t0 = process.hrtime.bigint();
  const index = loadMiniSearch(json);
  total = index.search(miniSearchQuery(query), MINISEARCH_VARIANTS[0].searchOptions).length;
  ms = Number(process.hrtime.bigint() - t0) / 1e6;
} else {
  throw new Error(`unknown engine ${engine}`);
}
// A start-up that answers nothing is not a start-up.
if (!(total > 0)) throw new Error(`${engine}: the first query ${query} found nothing`);
console.log(JSON.stringify({ ms, total }));
