// Lucene's ArabicAnalyzer as a reference engine: bench/eval/lucene/LuceneEval.java, compiled with
// the JDK's javac against Debian's liblucene4.10-java jars (`apt-get install liblucene4.10-java`;
// no Maven, nothing downloaded here). When the jars or javac are missing the evaluation says so and
// goes on without Lucene.

import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DATA_DIR } from "../corpora.mjs";

const JARS = ["lucene-core", "lucene-analyzers-common", "lucene-queryparser"].map((j) => `/usr/share/java/${j}-4.10.4.jar`);
const SOURCE = fileURLToPath(new URL("./lucene/LuceneEval.java", import.meta.url));
const OUT = join(DATA_DIR, "eval", "lucene");

/** Why Lucene cannot run here, or null when it can. */
export function luceneUnavailable() {
  const missing = JARS.filter((j) => !existsSync(j));
  if (missing.length) return `${missing.join(", ")} missing: apt-get install liblucene4.10-java`;
  for (const tool of ["javac", "java"]) {
    try {
      execFileSync(tool, ["-version"], { stdio: "ignore" });
    } catch {
      return `${tool} is not installed (a JDK, e.g. apt-get install default-jdk-headless)`;
    }
  }
  return null;
}

function compile() {
  const cls = join(OUT, "LuceneEval.class");
  if (existsSync(cls) && statSync(cls).mtimeMs >= statSync(SOURCE).mtimeMs) return;
  mkdirSync(OUT, { recursive: true });
  execFileSync("javac", ["-encoding", "UTF-8", "-d", OUT, "-cp", JARS.join(":"), SOURCE], { stdio: ["ignore", 2, 2] });
}

const flat = (s) => String(s ?? "").replace(/[\t\r\n]+/g, " ");

/**
 * Runs the queries on `docs` (the text fahras indexes) with Lucene; returns one array of ids per
 * query, in Lucene's order.
 */
export function luceneIds(name, docs, queries) {
  compile();
  const corpus = join(OUT, `${name}.tsv`);
  const queryFile = join(OUT, `${name}-queries.txt`);
  writeFileSync(corpus, docs.map((d) => `${flat(d.id)}\t${flat(d.title)}\t${flat(d.text)}`).join("\n") + "\n");
  writeFileSync(queryFile, queries.map(flat).join("\n") + "\n");
  const out = execFileSync("java", ["-cp", [...JARS, OUT].join(":"), "LuceneEval", corpus, queryFile], {
    encoding: "utf8",
    maxBuffer: 1 << 28,
    stdio: ["ignore", "pipe", 2],
  });
  const lines = out.split("\n");
  return queries.map((_, i) => (lines[i] ? lines[i].split(" ") : []));
}
