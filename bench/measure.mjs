// Timing and size measurement. Query times are taken per call with process.hrtime.bigint (its own
// cost is ~0.1 µs, small next to a search); start-up is measured in fresh processes so that
// compilation and JIT are really cold.

import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

export function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}

export function summarize(samples) {
  const sorted = Float64Array.from(samples).sort();
  return { n: sorted.length, median: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), max: sorted.at(-1) };
}

/**
 * Times `run(query)` for every query, round after round, so that the queries interleave as they do
 * for a user and no query enjoys a cache warmed by a burst of itself. The number of rounds is chosen
 * from the warm-up so that the whole measurement takes about `budgetMs`.
 * Returns per-query summaries (µs) and the summary over all samples.
 */
export function timeQueries(queries, run, { budgetMs = 4000, warmupMs = 500, minRounds = 20, maxRounds = 5000 } = {}) {
  const warmStart = performance.now();
  let warmRounds = 0;
  do {
    for (const q of queries) run(q);
    warmRounds++;
  } while (performance.now() - warmStart < warmupMs || warmRounds < 3);
  const perRound = (performance.now() - warmStart) / warmRounds;
  const rounds = Math.max(minRounds, Math.min(maxRounds, Math.round(budgetMs / perRound)));

  const samples = queries.map(() => new Float64Array(rounds));
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < queries.length; i++) {
      const t0 = process.hrtime.bigint();
      run(queries[i]);
      const t1 = process.hrtime.bigint();
      samples[i][r] = Number(t1 - t0) / 1000;
    }
  }
  const all = new Float64Array(rounds * queries.length);
  samples.forEach((s, i) => all.set(s, i * rounds));
  return { rounds, perQuery: samples.map(summarize), all: summarize(all) };
}

/** Median (and all values) of `runs` executions of a child node process that prints `{ ms }` as JSON. */
export function coldStarts(script, args, runs) {
  const values = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(process.execPath, [script, ...args], { encoding: "utf8" });
    const { ms } = JSON.parse(out.trim().split("\n").at(-1));
    values.push(ms);
  }
  return { median: summarize(values).median, values };
}

export function compressedSizes(buffer) {
  return {
    raw: buffer.length,
    gzip: gzipSync(buffer, { level: 9 }).length,
    brotli: brotliCompressSync(buffer, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: buffer.length,
      },
    }).length,
  };
}

/** Sizes of files compressed one by one (as a server sends them), added up. */
export function fileSizes(paths) {
  return paths
    .map((p) => compressedSizes(readFileSync(p)))
    .reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli }));
}
