// How large a corpus the indexer builds, and in how much memory: the hadith six books repeated N
// times (ids renamed `id~k`, so every copy is a new document), built with `npx fahras build`,
// by default with --split. Reports the peak resident memory of the build (from /usr/bin/time when
// the machine has it) and its wall time. Not part of `make test`: at ×32 it is 1.2 GB of text.
//
//   node bench/big-build.mjs [--times 32] [--single] [--pkg pkg]
//
// The corpus is written to bench/data/ (git-ignored) a line at a time and kept for the next run.

import { spawnSync } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { DATA_DIR, ROOT } from "./corpora.mjs";
import { hadithCorpus } from "./eval/corpora.mjs";

const { values } = parseArgs({
  options: {
    times: { type: "string", default: "32" },
    single: { type: "boolean", default: false },
    pkg: { type: "string", default: join(ROOT, "pkg") },
  },
});
const times = Number(values.times);
if (!Number.isInteger(times) || times < 1) throw new Error(`--times must be a whole number ≥ 1, not ${values.times}`);

const { jsonl } = hadithCorpus();
const big = join(DATA_DIR, `hadith-x${times}.jsonl`);
if (!existsSync(big)) {
  const lines = readFileSync(jsonl, "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line));
  const partial = `${big}.partial`;
  const fd = openSync(partial, "w");
  for (let k = 0; k < times; k++) {
    const copy = lines.map((doc) => JSON.stringify({ ...doc, id: `${doc.id}~${k}` })).join("\n") + "\n";
    writeSync(fd, copy);
  }
  closeSync(fd);
  renameSync(partial, big);
}
const documents = readFileSync(jsonl, "utf8").split("\n").filter(Boolean).length * times;
const out = join(DATA_DIR, values.single ? `hadith-x${times}.fhr` : `hadith-x${times}-split`);
rmSync(out, { recursive: true, force: true });

const cli = join(resolve(values.pkg), "cli.mjs");
const args = [cli, "build", big, ...(values.single ? [] : ["--split"]), "-o", out];
const timer = existsSync("/usr/bin/time") ? ["/usr/bin/time", ["-f", "peak-rss-kb %M", process.execPath, ...args]] : [process.execPath, args];
const started = process.hrtime.bigint();
const run = spawnSync(timer[0], timer[1], { stdio: ["ignore", "inherit", "pipe"], encoding: "utf8" });
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
process.stderr.write(run.stderr.replace(/^peak-rss-kb \d+\n?/m, ""));
if (run.status !== 0) throw new Error(`the build failed (exit ${run.status})`);
const peak = /peak-rss-kb (\d+)/.exec(run.stderr);
const mb = (bytes) => `${(bytes / 1e6).toFixed(0)} MB`;
console.log(
  `hadith ×${times}: ${documents.toLocaleString("en")} documents, ${mb(statSync(big).size)} of JSONL, ` +
    `built ${values.single ? "as one file" : "with --split"} in ${seconds.toFixed(0)} s, ` +
    `peak memory ${peak ? mb(Number(peak[1]) * 1024) : "unknown (no /usr/bin/time)"}`,
);
