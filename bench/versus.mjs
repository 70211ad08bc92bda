// Two builds of fahras query by query, in one Node process: what a change cost each query kind.
// `make bench` compares fahras with its peers; this compares fahras with itself (an older release,
// or main before a branch), with the same queries (bench/queries.mjs) and options, timed by the
// same interleaved loop (bench/measure.mjs), so that a load change on the machine hits both alike.
//
//   node bench/versus.mjs --base DIR --head DIR [--base-quran DIR --head-quran DIR]
//                         [--base-hadith FILE --head-hadith FILE]
//
// --base/--head: built packages with the seeds embedded (`make build PKG_DIR=…` in each checkout);
// --base-quran/--head-quran: packages with the Quran embedded (`make build CORPUS=bench/data/quran.jsonl
// PKG_DIR=…`); --base-hadith/--head-hadith: .fhr files each build's own CLI wrote from
// bench/data/hadith.jsonl (`node DIR/cli.mjs build bench/data/hadith.jsonl -o FILE`), opened with the
// matching package's `SearchIndex.fromBytes`. Prints, per query, the median µs of each build and
// their ratio, then the worst ratio per query kind. Not part of `make test`.

import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { importFahras, wasmBytes } from "./fahras.mjs";
import { timeEngines } from "./measure.mjs";
import { QUERIES } from "./queries.mjs";
import { Table, us } from "./report.mjs";

const { values: args } = parseArgs({
  options: Object.fromEntries(
    ["base", "head", "base-quran", "head-quran", "base-hadith", "head-hadith"].map((name) => [name, { type: "string" }]),
  ),
});
if (!args.base || !args.head) throw new Error("usage: node bench/versus.mjs --base DIR --head DIR [...] (see the header)");

const OPTIONS = { limit: 10 }; // as `make bench`: prefix and typo matching on, snippets in every hit
const BUDGET_MS = Number(process.env.BENCH_BUDGET_MS ?? 10000);

/** An index of each build per corpus given: [corpus, baseIndex, headIndex]. */
async function openCorpora() {
  const opened = [];
  const embedded = async (dir) => {
    const fahras = await importFahras(dir);
    fahras.initSync({ module: wasmBytes(dir) });
    return { fahras, index: new fahras.SearchIndex() };
  };
  const base = await embedded(args.base);
  const head = await embedded(args.head);
  opened.push(["seeds", base.index, head.index]);
  if (args["base-quran"] && args["head-quran"]) {
    opened.push(["quran", (await embedded(args["base-quran"])).index, (await embedded(args["head-quran"])).index]);
  }
  if (args["base-hadith"] && args["head-hadith"]) {
    // Each .fhr is read by the package whose CLI wrote it: formats differ between versions.
    opened.push([
      "hadith",
      base.fahras.SearchIndex.fromBytes(readFileSync(args["base-hadith"])),
      head.fahras.SearchIndex.fromBytes(readFileSync(args["head-hadith"])),
    ]);
  }
  return opened;
}

const table = new Table("Median µs per query, base against head", ["corpus", "kind", "query", "base µs", "head µs", "head / base"], { rightFrom: 3 });
const worst = new Map();
for (const [corpus, base, head] of await openCorpora()) {
  const queries = QUERIES[corpus];
  for (const { q } of queries) {
    // Both must answer: a build that throws or finds nothing is not timed.
    for (const [name, index] of [["base", base], ["head", head]]) {
      if (index.search(q, OPTIONS).total === 0) throw new Error(`${name} finds nothing for ${q} on ${corpus}`);
    }
  }
  const [baseTimes, headTimes] = timeEngines(
    [base, head].map((index) => ({ queries: queries.map(({ q }) => q), run: (q) => index.search(q, OPTIONS) })),
    { budgetMs: BUDGET_MS },
  );
  queries.forEach(({ q, kind }, i) => {
    const ratio = headTimes.perQuery[i].median / baseTimes.perQuery[i].median;
    table.add(corpus, kind, q, us(baseTimes.perQuery[i].median), us(headTimes.perQuery[i].median), `${ratio.toFixed(2)}×`);
    const key = `${corpus} ${kind}`;
    if (!worst.has(key) || worst.get(key).ratio < ratio) worst.set(key, { ratio, q });
  });
}
const kinds = new Table("The slowest query of each kind, head against base", ["corpus, kind", "head / base", "query"]);
for (const [key, { ratio, q }] of worst) kinds.add(key, `${ratio.toFixed(2)}×`, q);
// The terminal's tables, then the same as Markdown for the README.
console.log(`${table.text()}\n\n${kinds.text()}\n\n${table.markdown()}\n\n${kinds.markdown()}`);
