#!/usr/bin/env node
// The brotli sizes of a split index's folder (what a static host sends), after
// `cargo run --release --example split -- <corpus.jsonl> <folder>` wrote it with its
// first-searches.json: the entry, the pieces by kind, and each query's first search.
//
//   node scripts/split-sizes.mjs target/split/hadith
//   node scripts/split-sizes.mjs target/split/hadith --searches   # the first searches only (fast)

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync } from "node:zlib";
import { QUERIES } from "../bench/queries.mjs";

const dir = process.argv[2];
if (!dir) {
  console.error("usage: node scripts/split-sizes.mjs <split folder> [--searches]");
  process.exit(2);
}
const searches = JSON.parse(readFileSync(join(dir, "first-searches.json"), "utf8"));
const onlySearches = process.argv.includes("--searches");
const wanted = new Set(["fahras-entry.bin", ...searches.flatMap((s) => s.pieces)]);
const brotli = new Map();
const raw = new Map();
for (const name of readdirSync(dir).filter((n) => n.endsWith(".bin") && (!onlySearches || wanted.has(n)))) {
  const bytes = readFileSync(join(dir, name));
  raw.set(name, bytes.length);
  brotli.set(name, brotliCompressSync(bytes).length);
}
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const entry = "fahras-entry.bin";
console.log(`entry: ${kb(raw.get(entry))} raw, ${kb(brotli.get(entry))} brotli`);
for (const [kind, what] of onlySearches ? [] : [["w", "dictionary blocks"], ["p", "postings pieces"], ["s", "store pieces"], ["i", "id pieces"]]) {
  const names = [...raw.keys()].filter((n) => n.startsWith(`${kind}-`));
  const b = names.map((n) => brotli.get(n));
  const r = names.map((n) => raw.get(n));
  const sum = (xs) => xs.reduce((a, x) => a + x, 0);
  console.log(
    `${what}: ${names.length}, ${kb(sum(r))} raw / ${kb(sum(b))} brotli; median ${median(r)} B raw / ${median(b)} B brotli; largest ${kb(Math.max(0, ...b))} brotli`,
  );
}
const total = [...brotli.values()].reduce((a, x) => a + x, 0);
if (!onlySearches) console.log(`folder: ${raw.size} files, ${kb(total)} brotli`);
const bench = new Set(QUERIES.hadith.map(({ q }) => q));
const benchBytes = [];
for (const { query, rounds, pieces } of searches) {
  const bytes = pieces.reduce((a, n) => a + brotli.get(n), brotli.get(entry));
  if (bench.has(query)) benchBytes.push(bytes);
  const kinds = {};
  for (const n of pieces) {
    const k = (kinds[n[0]] ??= { count: 0, bytes: 0 });
    k.count += 1;
    k.bytes += brotli.get(n);
  }
  const parts = Object.entries(kinds).map(([k, { count, bytes }]) => `${k} ${count} ${(bytes / 1024).toFixed(1)}`);
  console.log(`${query}: ${rounds} rounds, ${pieces.length} pieces (${parts.join(", ")} KB), ${kb(bytes)} brotli with the entry`);
}
if (benchBytes.length === bench.size) {
  // bench/split.mjs's median first search (code not included: add fahras.js + fahras_bg.wasm).
  console.log(`median of bench/queries.mjs's ${bench.size} hadith queries: ${kb(median(benchBytes))} brotli with the entry (${benchBytes.sort((a, b) => a - b).map((b) => (b / 1024).toFixed(1)).join(", ")})`);
}
