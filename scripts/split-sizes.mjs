#!/usr/bin/env node
// The brotli sizes of a split index's folder (what a static host sends), after
// `cargo run --release --example split -- <corpus.jsonl> <folder>` wrote it with its
// first-searches.json: the entry, the pieces by kind, and each query's first search.
//
//   node scripts/split-sizes.mjs target/split/hadith

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync } from "node:zlib";

const dir = process.argv[2];
if (!dir) {
  console.error("usage: node scripts/split-sizes.mjs <split folder>");
  process.exit(2);
}
const brotli = new Map();
const raw = new Map();
for (const name of readdirSync(dir).filter((n) => n.endsWith(".bin"))) {
  const bytes = readFileSync(join(dir, name));
  raw.set(name, bytes.length);
  brotli.set(name, brotliCompressSync(bytes).length);
}
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const entry = "fahras-entry.bin";
console.log(`entry: ${kb(raw.get(entry))} raw, ${kb(brotli.get(entry))} brotli`);
for (const [kind, what] of [["w", "dictionary blocks"], ["p", "postings pieces"], ["s", "store pieces"], ["i", "id pieces"]]) {
  const names = [...raw.keys()].filter((n) => n.startsWith(`${kind}-`));
  const b = names.map((n) => brotli.get(n));
  const r = names.map((n) => raw.get(n));
  const sum = (xs) => xs.reduce((a, x) => a + x, 0);
  console.log(
    `${what}: ${names.length}, ${kb(sum(r))} raw / ${kb(sum(b))} brotli; median ${median(r)} B raw / ${median(b)} B brotli; largest ${kb(Math.max(0, ...b))} brotli`,
  );
}
const total = [...brotli.values()].reduce((a, x) => a + x, 0);
console.log(`folder: ${raw.size} files, ${kb(total)} brotli`);
const searches = JSON.parse(readFileSync(join(dir, "first-searches.json"), "utf8"));
for (const { query, rounds, pieces } of searches) {
  const bytes = pieces.reduce((a, n) => a + brotli.get(n), brotli.get(entry));
  const kinds = {};
  for (const n of pieces) kinds[n[0]] = (kinds[n[0]] ?? 0) + 1;
  console.log(
    `${query}: ${rounds} rounds, ${pieces.length} pieces (${Object.entries(kinds).map(([k, v]) => `${k} ${v}`).join(", ")}), ${kb(bytes)} brotli with the entry`,
  );
}
