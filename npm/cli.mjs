#!/usr/bin/env node
// The `fahras` command of the npm package (`npx fahras build ...`): builds an index file (.fhr)
// from a folder of .txt files or a JSONL file, for pages that load their own corpus with
// `SearchIndex.fromBytes`. It runs the indexer module (fahras_indexer_bg.wasm, the engine built
// with its `indexer` feature and no embedded corpus), so an index built here is analysed by the
// very code that searches it.
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { basename, extname, join } from "node:path";
import { initSync, IndexBuilder, SearchIndex } from "./fahras_indexer.js";

const USAGE = `usage:
  fahras build <corpus> [-o <file.fhr>]   index a corpus (default output: index.fhr)
  fahras search <file.fhr> <query> [--limit <n>]
                                          search an index file, print the hits as JSON lines
  fahras --version | --help

<corpus> is a folder of .txt files (id = file name without .txt; the title and date are read
from the text) or a .jsonl file with one document per line:
  {"id": "...", "title": "...", "text": "...", "url"?: "...", "date"?: "...", ...metadata}

In a page:  SearchIndex.fromBytes(new Uint8Array(await (await fetch("index.fhr")).arrayBuffer()))`;

class UsageError extends Error {}

function loadEngine() {
  initSync({ module: readFileSync(new URL("./fahras_indexer_bg.wasm", import.meta.url)) });
}

// Flags may come anywhere after the command; everything else is positional.
function parseArgs(args, flags) {
  const positional = [];
  const values = {};
  for (let i = 0; i < args.length; i++) {
    const name = flags[args[i]];
    if (name) {
      if (i + 1 >= args.length) throw new UsageError(`${args[i]} needs a value`);
      values[name] = args[++i];
    } else if (args[i].startsWith("-") && args[i] !== "-") {
      throw new UsageError(`unknown option ${args[i]}`);
    } else {
      positional.push(args[i]);
    }
  }
  return { positional, values };
}

function addTextFolder(builder, dir) {
  // Sorted, so the same folder always gives the same index bytes.
  const files = readdirSync(dir).filter((name) => extname(name).toLowerCase() === ".txt").sort();
  if (files.length === 0) throw new Error(`${dir} has no .txt files`);
  for (const name of files) {
    builder.addFile(basename(name, extname(name)), readFileSync(join(dir, name), "utf8"), "txt");
  }
}

function addJsonl(builder, file) {
  const lines = readFileSync(file, "utf8").split(/\r?\n/);
  lines.forEach((line, i) => {
    if (line.trim() === "") return;
    let doc;
    try {
      doc = JSON.parse(line);
    } catch (e) {
      throw new Error(`${file}:${i + 1}: not JSON: ${e.message}`);
    }
    if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
      throw new Error(`${file}:${i + 1}: a document must be a JSON object`);
    }
    try {
      builder.add(doc);
    } catch (e) {
      throw new Error(`${file}:${i + 1}: ${e.message}`);
    }
  });
}

function build(args) {
  const { positional, values } = parseArgs(args, { "-o": "out", "--out": "out" });
  if (positional.length !== 1) throw new UsageError("build takes one corpus: a folder of .txt files or a .jsonl file");
  const [corpus] = positional;
  const out = values.out ?? "index.fhr";
  let stat;
  try {
    stat = statSync(corpus);
  } catch {
    throw new Error(`${corpus}: no such file or folder`);
  }
  loadEngine();
  const builder = new IndexBuilder();
  if (stat.isDirectory()) addTextFolder(builder, corpus);
  else if (extname(corpus).toLowerCase() === ".jsonl") addJsonl(builder, corpus);
  else throw new Error(`${corpus}: expected a folder of .txt files or a .jsonl file`);
  if (builder.length === 0) throw new Error(`${corpus} has no documents`);
  const bytes = builder.finish();
  writeFileSync(out, bytes);
  const { documents, terms } = SearchIndex.fromBytes(bytes).stats;
  console.log(`${out}: ${documents} documents, ${terms} terms, ${(bytes.length / 1024).toFixed(1)} KiB`);
}

function search(args) {
  const { positional, values } = parseArgs(args, { "--limit": "limit", "-n": "limit" });
  if (positional.length < 2) throw new UsageError("search takes an index file and a query");
  const [file, ...words] = positional;
  loadEngine();
  const index = SearchIndex.fromBytes(readFileSync(file));
  const res = index.search(words.join(" "), { limit: values.limit === undefined ? 10 : Number(values.limit) });
  console.log(JSON.stringify({ total: res.total, ...(res.suggestion ? { suggestion: res.suggestion } : {}) }));
  for (const hit of res.hits) {
    const snippet = hit.snippet.map((s) => (s.hit ? `[${s.text}]` : s.text)).join("");
    console.log(JSON.stringify({ id: hit.id, title: hit.title, score: hit.score, snippet }));
  }
}

function main(argv) {
  const [command, ...args] = argv;
  switch (command) {
    case "build":
      return build(args);
    case "search":
      return search(args);
    case "--version":
    case "-V":
      return console.log(JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")).version);
    case "--help":
    case "-h":
    case "help":
      return console.log(USAGE);
    case undefined:
      throw new UsageError("no command given");
    default:
      throw new UsageError(`unknown command ${command}`);
  }
}

try {
  main(process.argv.slice(2));
} catch (e) {
  if (e instanceof UsageError) {
    console.error(`fahras: ${e.message}\n\n${USAGE}`);
    process.exitCode = 2;
  } else {
    console.error(`fahras: ${e.message}`);
    process.exitCode = 1;
  }
}
