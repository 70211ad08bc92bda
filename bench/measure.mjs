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
 * Times each engine's `run(query)` on each of its queries. Every round runs every query once, so
 * the queries interleave as they do for a user (no query enjoys a cache warmed by a burst of
 * itself). The engines take turns in blocks of about `blockMs`: short enough that a change in the
 * machine's load (other processes on 2 shared cores) hits all engines alike, long enough that each
 * engine's garbage is mostly collected within its own block, not during another engine's calls.
 * The number of rounds is chosen from the warm-up so that the measurement takes about `budgetMs`.
 * Returns, per engine, per-query summaries (µs) and the summary over all its samples.
 */
export function timeEngines(engines, { budgetMs = 10000, warmupMs = 1000, blockMs = 300, minRounds = 20, maxRounds = 5000 } = {}) {
  const roundMs = engines.map(() => 0);
  let warmRounds = 0;
  const warmStart = performance.now();
  do {
    engines.forEach((e, k) => {
      const t0 = performance.now();
      for (const q of e.queries) e.run(q);
      roundMs[k] += performance.now() - t0;
    });
    warmRounds++;
  } while (performance.now() - warmStart < warmupMs || warmRounds < 3);
  const perRound = roundMs.map((t) => t / warmRounds);
  const total = perRound.reduce((a, b) => a + b);
  const rounds = Math.max(minRounds, Math.min(maxRounds, Math.round(budgetMs / total)));
  const blockRounds = Math.max(1, Math.round(blockMs / Math.max(...perRound)));

  const samples = engines.map((e) => e.queries.map(() => new Float64Array(rounds)));
  for (let first = 0; first < rounds; first += blockRounds) {
    const last = Math.min(rounds, first + blockRounds);
    engines.forEach((e, k) => {
      for (let r = first; r < last; r++) {
        for (let i = 0; i < e.queries.length; i++) {
          const t0 = process.hrtime.bigint();
          e.run(e.queries[i]);
          const t1 = process.hrtime.bigint();
          samples[k][i][r] = Number(t1 - t0) / 1000;
        }
      }
    });
  }
  return samples.map((perQuery) => {
    const all = new Float64Array(rounds * perQuery.length);
    perQuery.forEach((s, i) => all.set(s, i * rounds));
    return { rounds, perQuery: perQuery.map(summarize), all: summarize(all) };
  });
}

/**
 * Start-up times: `runs` executions of a child node process per argument list, alternating between
 * the lists (for the same reason the query loops interleave). The child prints `{ ms }` as JSON.
 * Returns, per argument list, the median and all values (ms).
 */
export function coldStarts(script, argLists, runs) {
  const values = argLists.map(() => []);
  for (let i = 0; i < runs; i++) {
    argLists.forEach((args, k) => {
      const out = execFileSync(process.execPath, [script, ...args], { encoding: "utf8" });
      values[k].push(JSON.parse(out.trim().split("\n").at(-1)).ms);
    });
  }
  return values.map((v) => ({ median: summarize(v).median, values: v }));
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
