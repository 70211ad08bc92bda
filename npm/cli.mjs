#!/usr/bin/env node
// The `fahras` command of the npm package (`npx fahras build ...`): builds an index file (.fhr)
// from a folder of .txt, .md and .html files or a JSONL file, for pages that load their own corpus
// with `SearchIndex.fromBytes`. It runs the indexer module (fahras_indexer_bg.wasm, the engine
// built with its `indexer` feature and no embedded corpus), so an index built here is analysed by
// the very code that searches it.
//
// Errors are for people who did not write this tool: each one names the file (and line, or byte
// offset) it is about, goes to stderr prefixed `fahras: `, and exits 1 (2 for a usage error).
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, extname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as indexer from "./fahras_indexer.js";
const { initSync, IndexBuilder, SearchIndex } = indexer;
// The page's module, only to check what --embed writes opens as a page will open it.
import { initSync as initPageModule, SearchIndex as PageSearchIndex } from "./fahras.js";

// Which files a folder holds is the engine's rule (IndexBuilder.fileFormat, isIgnoredName), the
// same build.rs applies; these lists are for messages.
const EXTENSIONS = [".txt", ".md", ".html"];
const JSONL_EXTENSIONS = [".jsonl", ".ndjson"];
// Below this many documents the build is over before a progress line could help.
const PROGRESS_EVERY = 1000;

const BUILD_USAGE = `usage: fahras build <corpus> [-o <file.fhr>] [--skip-invalid] [--lenient]
       fahras build <corpus> --embed [-o <folder>] [--skip-invalid] [--lenient]
       fahras build <corpus> --split [-o <folder>] [--skip-invalid] [--lenient]

Indexes <corpus> into an index file (default: index.fhr), or with --embed writes a folder
(default: search/) holding fahras.js and fahras_bg.wasm with the index inside, whose
\`new SearchIndex()\` opens it: one file to fetch, nothing else to host.

With --split it writes a split index to a folder (default: search/) for static hosting:
fahras-entry.bin and pieces named by the build's hash, which
\`await SearchIndex.open("/search/")\` fetches as searches need them. The folder is created;
an existing one must be empty or hold an earlier split build, whose pieces are removed once
the new build is written (other files in it are left alone).

<corpus> is either
  a folder of ${EXTENSIONS.join(", ")} files, subfolders included (id = the path inside the
  folder without extension, e.g. "guide/intro"; the title and date are read from the file:
  front matter or first heading in Markdown, <h1>/<title> and <meta>/<time> in HTML);
  hidden files and folders and node_modules are skipped, symbolic links followed once; or
  a .json file (one document or an array of them), or a .jsonl/.ndjson file with one per line:
  {"id": "...", "text": "...", "title"?: "...", "url"?: "...", "date"?: "...", ...metadata}

  --skip-invalid  leave out a file (or JSON line) that cannot be read, with a line on stderr,
                  instead of stopping at the first one
  --lenient       an unreadable date is a warning (the document is kept without it)

In a page:  const index = await SearchIndex.fromUrl("index.fhr")
        or  import init, { SearchIndex } from "./search/fahras.js"; await init(); new SearchIndex()
        or  const index = await SearchIndex.open("/search/"); await index.search("…")   (--split)`;

const SEARCH_USAGE = `usage: fahras search <file.fhr> [--limit <n>] [--] <query>...
       fahras search <file.fhr> [--filter <field>=<value>]... [--facets <field>,...]
                     [--sort <field>:asc|desc] [--limit <n>] [--offset <n>] [--] <query>...

<file.fhr> may also be the folder of a split index (\`fahras build --split\`), read as a page reads it.
Searches an index file and prints the total (and the facet counts), then one hit per line, as JSON.
Everything after -- is the query, even words that start with "-" (an exclusion):
  fahras search docs.fhr -- "-بايثون" برمجة

  --filter f=v         field f has value v (repeatable; conditions on several fields all hold)
  --filter f=a,b       f has a or b (for a list field: contains one of them)
  --filter f=a..b      f is from a to b inclusive (numbers or ISO dates: 2024-01-01..2024-03-31);
                       a.. and ..b leave an end open
  --filter f!=v        f does not have v
  --facets f,g         count the values of these fields over all matches
  --sort f:desc        order by a field (asc or desc) instead of relevance
  --offset n           skip the first n hits (paging)
With --filter, --sort or --facets the query may be empty (""): every document that passes, in order.
  fahras search news.fhr "الصين" --filter section=ثقافة --facets section,tags --sort date:desc
  fahras search news.fhr "" --filter date=2024-01-01..2024-03-31 --filter views=1000..`;

const USAGE = `usage:
  fahras build <corpus> [-o <file.fhr>] [--skip-invalid] [--lenient]
                                          index a corpus (default output: index.fhr)
  fahras build <corpus> --embed [-o <folder>]
                                          write fahras.js + fahras_bg.wasm with the index inside
  fahras build <corpus> --split [-o <folder>]
                                          write a split index (entry + pieces) for static hosting
  fahras search <file.fhr | folder> [--limit <n>] [--filter f=v] [--facets f,g] [--sort f:desc] [--] <query>
                                          search an index file or split folder, print the hits as JSON lines
  fahras <command> -h                     help on a command
  fahras --version | --help

<corpus> is a folder of ${EXTENSIONS.join(", ")} files (subfolders included), a .json file, or a
.jsonl/.ndjson file with one {"id", "text", "title"?, ...} object per line (\`fahras build -h\` says more).

In a page:  const index = await SearchIndex.fromUrl("index.fhr")`;

class UsageError extends Error {}

function loadEngine() {
  initSync({ module: readFileSync(new URL("./fahras_indexer_bg.wasm", import.meta.url)) });
}

// Options may come anywhere after the command (`-o x`, `--out x` or `--out=x`); everything else
// is positional, and everything after `--` is positional even if it starts with `-` (a query's
// exclusion). `-h`/`--help` asks for the command's help.
function parseArgs(args, { values: valueFlags = {}, switches = {}, repeated = {} } = {}) {
  const positional = [];
  const values = {};
  let help = false;
  for (let i = 0; i < args.length; i++) {
    let arg = args[i];
    if (arg === "--") {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (arg === "-h" || arg === "--help") {
      help = true;
      continue;
    }
    let inline;
    const eq = arg.indexOf("=");
    if (arg.startsWith("--") && eq > 2) {
      inline = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    if (repeated[arg]) {
      if (inline === undefined && i + 1 >= args.length) throw new UsageError(`${arg} needs a value`);
      (values[repeated[arg]] ??= []).push(inline ?? args[++i]);
    } else if (valueFlags[arg]) {
      if (inline === undefined && i + 1 >= args.length) throw new UsageError(`${arg} needs a value`);
      values[valueFlags[arg]] = inline ?? args[++i];
    } else if (switches[arg] && inline === undefined) {
      values[switches[arg]] = true;
    } else if (arg.startsWith("-") && arg !== "-") {
      // An option name is ASCII: anything else is a word typed with a leading "-".
      const hint = /^-+[A-Za-z]/.test(arg) ? "" : ` (words that start with "-" go after --: -- "${args[i]}")`;
      throw new UsageError(`unknown option ${args[i]}${hint}`);
    } else {
      positional.push(arg);
    }
  }
  return { positional, values, help };
}

const count = (n) => n.toLocaleString("en-US");

// -- Reading text ---------------------------------------------------------------------------------

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The bytes of `file` as text, or an Error that names the file and the first bad byte. */
function decodeUtf8(bytes, file) {
  try {
    return utf8.decode(bytes);
  } catch {
    throw notUtf8(bytes, file);
  }
}

/** The error for `bytes` that TextDecoder refused: where the first bad byte is. `bytes` start at
 *  byte `start` (on line `firstLine`) of the file. */
function notUtf8(bytes, file, start = 0, firstLine = 1) {
  const offset = invalidUtf8Offset(bytes);
  let line = firstLine;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  const utf16 = start === 0 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
  const hint = utf16 ? " (it looks like UTF-16)" : "";
  const byte = bytes[offset].toString(16).padStart(2, "0");
  return new Error(
    `${file}: not valid UTF-8${hint}: byte 0x${byte} at byte offset ${start + offset} (line ${line}); save the file as UTF-8`,
  );
}

/** Offset of the first byte that starts an invalid UTF-8 sequence (the rules TextDecoder applies:
 *  no overlong forms, no surrogates, nothing above U+10FFFF), or -1. Run only after TextDecoder
 *  has refused the bytes, since it cannot say where. */
function invalidUtf8Offset(bytes) {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0; // overlong
      if (b === 0xed) hi = 0x9f; // surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90; // overlong
      if (b === 0xf4) hi = 0x8f; // above U+10FFFF
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return -1;
}

// -- Progress -------------------------------------------------------------------------------------

/** "indexed 12,000 documents…" on stderr for large corpora: rewritten in place on a terminal, one
 *  line at most every second in a log (always one at the first 1,000, so a log shows the build is
 *  large before it is over). Nothing below 1,000 documents. */
class Progress {
  constructor(stream = process.stderr) {
    this.stream = stream;
    this.tty = Boolean(stream.isTTY);
    this.documents = 0;
    this.lastShown = 0;
    this.shown = false;
  }

  added(n = 1) {
    const before = this.documents;
    this.documents += n;
    if (Math.floor(before / PROGRESS_EVERY) === Math.floor(this.documents / PROGRESS_EVERY)) return;
    const now = Date.now();
    // A terminal takes a redraw every 1,000 documents (cheap); a log only once a second.
    if (!this.tty && this.shown && now - this.lastShown < 1000) return;
    this.show(`indexed ${count(this.documents)} documents…`);
    this.lastShown = now;
  }

  /** A phase after reading (analysing and writing), shown only when reading was. */
  phase(text) {
    if (this.documents >= PROGRESS_EVERY) this.show(text);
  }

  show(text) {
    this.shown = true;
    // \x1b[K clears what a longer previous line left on the terminal.
    this.stream.write(this.tty ? `\r${text}\x1b[K` : `${text}\n`);
  }

  /** Leave the terminal on a fresh line (before the summary or an error). */
  end() {
    if (this.tty && this.shown) this.stream.write("\n");
    this.shown = false;
  }
}

// -- Corpus readers -------------------------------------------------------------------------------
//
// The rules are the engine's (src/corpus): which names a walk skips, which files are documents and in
// which format, how a file or a JSON line becomes a document. This code only does the I/O, as
// build.rs does for `make build CORPUS=`, so both give the same index.

/** What a build left out or let through, for the notes on stderr and the summary line. */
class Report {
  constructor(skipInvalid) {
    this.skipInvalid = skipInvalid;
    this.drafts = 0;
    this.links = 0;
    this.otherFiles = 0;
    this.invalid = 0;
    this.warnings = 0;
  }

  note(text) {
    console.error(`fahras: ${text}`);
  }

  /** A result of add/addFile/addJson. */
  added(result, where) {
    if (result.drafts > 0 && result.added === 0) {
      this.drafts += result.drafts;
      this.note(`${where}: a draft (\`draft: true\`), skipped`);
    } else {
      this.drafts += result.drafts;
    }
    for (const warning of result.warnings) {
      this.warnings++;
      this.note(`warning: ${where}: ${warning}`);
    }
  }

  /** An input that cannot be read: rethrown, or noted and counted under --skip-invalid. */
  invalidInput(message) {
    if (!this.skipInvalid) throw new Error(message);
    this.invalid++;
    this.note(`${message}, skipped`);
  }

  summary() {
    const parts = [];
    const plural = (n, one, many) => `${count(n)} ${n === 1 ? one : many}`;
    if (this.drafts) parts.push(plural(this.drafts, "draft", "drafts"));
    if (this.invalid) parts.push(plural(this.invalid, "invalid input", "invalid inputs"));
    if (this.links) parts.push(plural(this.links, "symbolic link", "symbolic links"));
    if (this.otherFiles) parts.push(plural(this.otherFiles, "file of another type", "files of other types"));
    const skipped = parts.length ? `; skipped ${parts.join(", ")}` : "";
    return skipped + (this.warnings ? `; ${plural(this.warnings, "warning", "warnings")}` : "");
  }
}

/** "file:line: message" for an engine error that knows its line. */
const located = (where, e) => (e.line ? `${where}:${e.line}: ${e.message}` : `${where}: ${e.message}`);

/** The corpus files under `dir`, sorted by their path inside it (so the same folder always gives
 *  the same index bytes), with `/`-separated ids. Symbolic links are followed once: a link to a
 *  folder or file already read (a loop, or a second path to it) and a broken link are skipped
 *  with a note. */
function listCorpusFiles(dir, report) {
  const found = [];
  const seenDirs = new Set([realpathSync(dir)]);
  const seenFiles = new Set();
  const walk = (abs, rel) => {
    const names = readdirSync(abs).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    for (const name of names) {
      if (IndexBuilder.isIgnoredName(name)) continue;
      const path = join(abs, name);
      const relPath = rel ? `${rel}/${name}` : name;
      const target = statSync(path, { throwIfNoEntry: false });
      if (!target) {
        report.links++;
        report.note(`${relPath}: a broken symbolic link, skipped`);
        continue;
      }
      const real = realpathSync(path);
      if (target.isDirectory()) {
        if (seenDirs.has(real)) {
          report.links++;
          report.note(`${relPath}: a symbolic link to a folder already read (${real}), skipped`);
          continue;
        }
        seenDirs.add(real);
        walk(path, relPath);
      } else if (target.isFile()) {
        const format = IndexBuilder.fileFormat(name);
        if (format === undefined) {
          report.otherFiles++;
          continue;
        }
        if (seenFiles.has(real)) {
          report.links++;
          report.note(`${relPath}: a symbolic link to a file already read (${real}), skipped`);
          continue;
        }
        seenFiles.add(real);
        const dot = name.lastIndexOf(".");
        found.push({ path, rel: relPath, id: relPath.slice(0, relPath.length - (name.length - dot)), format });
      } else {
        report.otherFiles++;
      }
    }
  };
  walk(dir, "");
  return found.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

function addFolder(builder, dir, progress, report) {
  const files = listCorpusFiles(dir, report);
  if (files.length === 0) {
    throw new Error(`${dir}: no documents found (looked for ${EXTENSIONS.join(", ")} files in it and its subfolders)`);
  }
  const seen = new Map(); // id -> the file it came from
  for (const { path, rel, id, format } of files) {
    const first = seen.get(id);
    if (first !== undefined) {
      throw new Error(`${join(dir, rel)}: duplicate id \`${id}\`: ${first} and ${rel} both give it (ids are paths without extension)`);
    }
    seen.set(id, rel);
    let result;
    try {
      const text = decodeUtf8(readFileSync(path), path);
      try {
        result = builder.addFile(id, text, format);
      } catch (e) {
        throw new Error(located(path, e));
      }
    } catch (e) {
      if (e instanceof WebAssembly.RuntimeError) throw e;
      report.invalidInput(e.message);
      continue;
    }
    report.added(result, path);
    progress.added(result.added);
  }
}

/** The lines of a file, read a chunk at a time (a corpus of gigabytes is never held whole), as
 *  { bytes, start } with `start` the line's byte offset in the file; no newline byte included. */
function* fileLines(file, chunkSize = 16 * 1024 * 1024) {
  const fd = openSync(file, "r");
  try {
    let carry = Buffer.alloc(0);
    let carryStart = 0;
    const chunk = Buffer.allocUnsafe(chunkSize);
    for (;;) {
      const read = readSync(fd, chunk, 0, chunkSize, null);
      // The unfinished line of the last chunk, then this one (a copy: `chunk` is reused).
      const bytes = carry.length ? Buffer.concat([carry, chunk.subarray(0, read)]) : Buffer.from(chunk.subarray(0, read));
      let start = 0;
      for (;;) {
        const end = bytes.indexOf(0x0a, start);
        if (end === -1) break;
        yield { bytes: bytes.subarray(start, end), start: carryStart + start };
        start = end + 1;
      }
      carry = bytes.subarray(start);
      carryStart += start;
      if (read === 0) break;
    }
    if (carry.length) yield { bytes: carry, start: carryStart };
  } finally {
    closeSync(fd);
  }
}

function addJsonLines(builder, file, progress, report) {
  // Split on newline bytes and decode line by line: a corpus larger than the longest string V8
  // allows (~512 MiB) still reads, and a bad byte is reported with its line.
  let lineNumber = 0;
  for (const { bytes, start } of fileLines(file)) {
    lineNumber++;
    const at = `${file}:${lineNumber}`;
    let result;
    try {
      let line;
      try {
        line = utf8.decode(bytes);
      } catch {
        // Reported with the byte offset in the whole file, as for any other file; in lenient
        // mode only the line is skipped.
        if (!report.skipInvalid) throw notUtf8(bytes, file, start, lineNumber);
        throw new Error(`${at}: not valid UTF-8`);
      }
      try {
        result = builder.addJsonLine(line);
      } catch (e) {
        throw new Error(`${at}: ${e.message}`);
      }
    } catch (e) {
      if (e instanceof WebAssembly.RuntimeError) throw e;
      report.invalidInput(e.message);
      continue;
    }
    report.added(result, at);
    progress.added(result.added);
  }
  if (builder.length === 0 && report.drafts === 0 && report.invalid === 0) {
    throw new Error(`${file}: no documents found (the file has no JSON lines)`);
  }
}

function addJsonFile(builder, file, progress, report) {
  const text = decodeUtf8(readFileSync(file), file);
  let result;
  try {
    result = builder.addJson(text);
  } catch (e) {
    throw new Error(located(file, e));
  }
  report.added(result, file);
  progress.added(result.added);
}

// -- Output ---------------------------------------------------------------------------------------

function writeError(out, e) {
  const reasons = {
    EISDIR: "it is a folder",
    ENOTDIR: "a part of the path is a file, not a folder",
    EEXIST: "a part of the path is a file, not a folder",
    EACCES: "permission denied",
    EPERM: "permission denied",
    EROFS: "the file system is read-only",
    ENOSPC: "no space left on the device",
  };
  return new Error(`cannot write ${out}: ${reasons[e.code] ?? e.message}`);
}

/** Fail before the (possibly long) build if the output cannot be written; creates its folder. */
function checkWritable(out) {
  try {
    if (statSync(out, { throwIfNoEntry: false })?.isDirectory()) throw Object.assign(new Error(), { code: "EISDIR" });
    mkdirSync(dirname(out), { recursive: true });
    const existed = statSync(out, { throwIfNoEntry: false }) !== undefined;
    closeSync(openSync(out, existed ? "r+" : "wx"));
    if (!existed) unlinkSync(out);
  } catch (e) {
    throw writeError(out, e);
  }
}

/** Written next to its final name and renamed, so a server never hands out half an index. */
function writeIndex(out, bytes) {
  const temp = join(dirname(out), `.${process.pid}.fahras-tmp`);
  try {
    writeFileSync(temp, bytes);
    renameSync(temp, out);
  } catch (e) {
    try {
      unlinkSync(temp);
    } catch {}
    throw writeError(out, e);
  }
}

// -- --embed: the package's page module with the index inside ---------------------------------------

/** The custom section the page module's `new SearchIndex()` opens (EMBED_SECTION in src/wasm.rs). */
const EMBED_SECTION = "fahras.index";

function uleb128(n) {
  const out = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return out;
}

/** `wasm` with a custom section `name` holding `payload` appended. A custom section may follow
 *  any other, and no code refers to it, so appending changes nothing else in the module. */
function withCustomSection(wasm, name, payload) {
  const nameBytes = new TextEncoder().encode(name);
  const content = [...uleb128(nameBytes.length), ...nameBytes];
  const header = [0, ...uleb128(content.length + payload.length), ...content];
  const out = new Uint8Array(wasm.length + header.length + payload.length);
  out.set(wasm, 0);
  out.set(header, wasm.length);
  out.set(payload, wasm.length + header.length);
  return out;
}

/** Write fahras.js, fahras.d.ts, fahras_bg.wasm (the package's own, with the index inside) and a
 *  package.json that marks them as ES modules to `dir`, after opening the new module the way a
 *  page will and finding the index in it. */
function writeEmbedded(dir, bytes, expected) {
  const own = (file) => readFileSync(new URL(`./${file}`, import.meta.url));
  const wasm = withCustomSection(own("fahras_bg.wasm"), EMBED_SECTION, bytes);
  const module = new WebAssembly.Module(wasm);
  initPageModule({ module });
  const { documents, terms } = new PageSearchIndex().stats;
  if (documents !== expected.documents || terms !== expected.terms || WebAssembly.Module.customSections(module, EMBED_SECTION).length !== 1) {
    throw new Error(
      `the module for ${dir} does not open the index inside it (${documents} documents, ${terms} terms ` +
        `instead of ${expected.documents}, ${expected.terms}): this is a bug in fahras`,
    );
  }
  for (const file of ["fahras.js", "fahras.d.ts"]) writeIndex(join(dir, file), own(file));
  writeIndex(join(dir, "fahras_bg.wasm"), wasm);
  // fahras.js is an ES module: say so to Node, which otherwise reads a .js file of a project
  // without "type": "module" (npm init's default) as CommonJS. Browsers never fetch this file.
  writeIndex(join(dir, "package.json"), JSON.stringify({ type: "module", private: true }, null, 2) + "\n");
}

// -- --split: a folder of pieces for static hosting ------------------------------------------------

/** The entry file of a split index (SearchIndex.open fetches it first; its name is fixed). */
const SPLIT_ENTRY = "fahras-entry.bin";

/** The pieces of the split build whose entry file is in `dir`, or [] when there is none; an
 *  entry that does not open (another version, corrupt) gives `undefined`. */
function earlierSplitPieces(dir) {
  let bytes;
  try {
    bytes = readFileSync(join(dir, SPLIT_ENTRY));
  } catch (e) {
    if (e.code === "ENOENT") return [];
    throw writeError(join(dir, SPLIT_ENTRY), e);
  }
  try {
    const index = PageSearchIndex.fromEntry(bytes);
    const names = index.pieceNames();
    index.free();
    return names;
  } catch {
    return undefined;
  }
}

/** Before the build: create the folder, or check an existing one holds nothing but a split
 *  build (whose files this build replaces). Returns the earlier build's piece names. */
function checkSplitFolder(dir, outName) {
  try {
    if (statSync(dir, { throwIfNoEntry: false })?.isFile()) throw Object.assign(new Error(), { code: "ENOTDIR" });
    mkdirSync(dir, { recursive: true });
    closeSync(openSync(join(dir, `.${process.pid}.fahras-tmp`), "w"));
    unlinkSync(join(dir, `.${process.pid}.fahras-tmp`));
  } catch (e) {
    throw writeError(outName, e);
  }
  initPageModule({ module: readFileSync(new URL("./fahras_bg.wasm", import.meta.url)) });
  const names = readdirSync(dir).filter((name) => !name.startsWith("."));
  if (names.length === 0) return [];
  const earlier = earlierSplitPieces(dir);
  if (earlier === undefined || !names.includes(SPLIT_ENTRY)) {
    const why = earlier === undefined ? `its ${SPLIT_ENTRY} is not one this version of fahras reads` : `it holds ${names.length} file${names.length === 1 ? "" : "s"} and no ${SPLIT_ENTRY}`;
    throw new Error(
      `${outName}: not writing a split index into a folder that is not one (${why}): ` +
        "give an empty or new folder with -o, or delete this one",
    );
  }
  return earlier;
}

/** Build the split index straight into `dir`: the indexer hands over each piece as it cuts it
 *  (finishSplit), and each is checked as a page will check it and written at once, so no more
 *  than one piece is held here however large the corpus. The entry file is written last (to a
 *  temporary name and renamed, so a server never hands out half of it), so a page that fetches it
 *  finds every piece; then the earlier build's pieces that this one does not have are removed. */
function buildSplit(builder, dir, earlier, documents) {
  // The checking index keeps what it is given: it is opened again every 64 MiB of pieces.
  const CHECK_BYTES = 64 * 1024 * 1024;
  let entry;
  let check;
  let checked = 0;
  let bytes = 0;
  const written = new Set();
  builder.finishSplit((name, data) => {
    bytes += data.length;
    if (name === SPLIT_ENTRY) {
      entry = data;
      check = PageSearchIndex.fromEntry(entry);
      return;
    }
    if (!check) throw new Error(`the split's first file is not ${SPLIT_ENTRY}: this is a bug in fahras`);
    check.addPiece(name, data);
    checked += data.length;
    if (checked > CHECK_BYTES) {
      check.free();
      check = PageSearchIndex.fromEntry(entry);
      checked = 0;
    }
    // A piece is written in place: no page fetches it before the entry that names it is renamed in
    // below, and its name carries the build's hash (the same name is the same bytes, so a piece an
    // interrupted run of this build left is complete or is overwritten with the same bytes).
    try {
      writeFileSync(join(dir, name), data);
    } catch (e) {
      throw writeError(join(dir, name), e);
    }
    written.add(name);
  });
  const names = check.pieceNames();
  check.free();
  const fresh = PageSearchIndex.fromEntry(entry);
  const stats = fresh.stats;
  fresh.free();
  const terms = builder.terms;
  if (stats.documents !== documents || stats.terms !== terms || names.length !== written.size || !names.every((n) => written.has(n))) {
    throw new Error(
      `the split index for ${dir} does not open as the index it was split from (${stats.documents} documents, ${stats.terms} terms, ` +
        `${written.size} pieces instead of ${documents}, ${terms}, ${names.length}): this is a bug in fahras`,
    );
  }
  writeIndex(join(dir, SPLIT_ENTRY), entry);
  let removed = 0;
  for (const name of earlier) {
    if (written.has(name) || name.includes("/") || name.includes("\\") || name.startsWith(".")) continue;
    try {
      unlinkSync(join(dir, name));
      removed++;
    } catch (e) {
      if (e.code !== "ENOENT") throw writeError(join(dir, name), e);
    }
  }
  return { pieces: written.size, bytes, removed, terms };
}

// -- Commands -------------------------------------------------------------------------------------

function build(args) {
  const { positional, values, help } = parseArgs(args, {
    values: { "-o": "out", "--out": "out" },
    switches: { "--embed": "embed", "--split": "split", "--skip-invalid": "skipInvalid", "--lenient": "lenient" },
  });
  if (help) return console.log(BUILD_USAGE);
  if (values.embed && values.split) throw new UsageError("--embed and --split are two ways to host an index: give one");
  if (positional.length !== 1) {
    throw new UsageError("build takes one corpus: a folder of .txt, .md or .html files, or a .json, .jsonl or .ndjson file");
  }
  const [corpus] = positional;
  const outName = values.out ?? (values.embed || values.split ? "search/" : "index.fhr");
  const out = resolve(outName);
  const stat = statSync(corpus, { throwIfNoEntry: false });
  if (!stat) throw new Error(`${corpus}: no such file or folder`);
  const extension = extname(corpus).toLowerCase();
  const isJsonl = stat.isFile() && JSONL_EXTENSIONS.includes(extension);
  const isJson = stat.isFile() && extension === ".json";
  if (!stat.isDirectory() && !isJsonl && !isJson) {
    throw new Error(`${corpus}: expected a folder of ${EXTENSIONS.join(", ")} files, a .json file or a .jsonl/.ndjson file`);
  }
  // --embed writes a folder: check a file in it can be written (which creates it).
  let earlierPieces = [];
  if (values.split) earlierPieces = checkSplitFolder(out, outName);
  else checkWritable(values.embed ? join(out, "fahras_bg.wasm") : out);

  loadEngine();
  const builder = new IndexBuilder({ lenient: Boolean(values.lenient) });
  const progress = new Progress();
  const report = new Report(Boolean(values.skipInvalid));
  let bytes;
  let documents;
  let split;
  try {
    if (isJsonl) addJsonLines(builder, corpus, progress, report);
    else if (isJson) addJsonFile(builder, corpus, progress, report);
    else addFolder(builder, corpus, progress, report);
    documents = builder.length;
    progress.phase(`analysing ${count(documents)} documents…`);
    if (values.split) split = buildSplit(builder, out, earlierPieces, documents);
    else bytes = builder.finish();
  } catch (e) {
    // A trap in the engine (out of memory, or a bug) has no useful message of its own.
    if (e instanceof WebAssembly.RuntimeError) {
      throw new Error(
        `the indexer failed (${e.message}) after ${count(progress.documents)} documents: a corpus this large ` +
          "may not fit in the 4 GiB a WebAssembly module can use (split it into several index files); " +
          "otherwise this is a bug in fahras",
      );
    }
    throw e;
  } finally {
    progress.end();
  }
  // From the builder: opening the index to ask would copy it into the module's memory once more.
  const terms = builder.terms;
  const plural = (n, word) => `${count(n)} ${word}${n === 1 ? "" : "s"}`;
  const sizeOf = (n) => (n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 / 1024).toFixed(1)} MiB`);
  let size;
  let where = "";
  if (split) {
    size = sizeOf(split.bytes);
    where = ` in ${SPLIT_ENTRY} and ${plural(split.pieces, "piece")}` + (split.removed ? ` (removed ${plural(split.removed, "piece")} of the earlier build)` : "");
  } else {
    size = sizeOf(bytes.length);
    if (values.embed) {
      writeEmbedded(out, bytes, { documents, terms });
      where = " inside fahras_bg.wasm, next to fahras.js";
    } else writeIndex(out, bytes);
  }
  console.log(`${outName}: ${plural(documents, "document")}, ${plural(terms, "term")}, ${size}${where}${report.summary()}`);
}

// A --filter value as the API takes it: a number when it reads as one (so `surah=2` matches the
// number 2), else the text.
const filterValue = (text) => (text.trim() !== "" && Number.isFinite(Number(text)) ? Number(text) : text);

// `--filter f=v`, `f=a,b`, `f=a..b`, `f!=v` → the `filters` option (conditions on one field merge).
function parseFilters(specs = []) {
  const filters = {};
  for (const spec of specs) {
    const match = /^([^=!]+)(!?=)(.*)$/s.exec(spec);
    if (!match || match[1].trim() === "") throw new UsageError(`--filter takes <field>=<value>, not ${spec}`);
    const [, rawField, op, value] = match;
    const field = rawField.trim();
    const condition = (filters[field] ??= {});
    const range = /^(.*?)\.\.(.*)$/s.exec(value);
    if (op === "!=") {
      (condition.none ??= []).push(...value.split(",").map(filterValue));
    } else if (range) {
      if (range[1] !== "") condition.from = filterValue(range[1]);
      if (range[2] !== "") condition.to = filterValue(range[2]);
    } else {
      const values = value.split(",").map(filterValue);
      // Every --filter must hold: one value joins `all`, a list of alternatives is the `any`.
      if (values.length === 1) (condition.all ??= []).push(values[0]);
      else if (condition.any) throw new UsageError(`--filter ${field}=a,b can be given once per field`);
      else condition.any = values;
    }
  }
  return filters;
}

function parseSort(spec) {
  if (spec === undefined) return undefined;
  const colon = spec.lastIndexOf(":");
  const [field, order] = colon < 0 ? [spec, "asc"] : [spec.slice(0, colon), spec.slice(colon + 1)];
  if (field.trim() === "" || !["asc", "desc"].includes(order)) {
    throw new UsageError(`--sort takes <field>, <field>:asc or <field>:desc, not ${spec}`);
  }
  return { [field.trim()]: order };
}

function search(args) {
  const { positional, values, help } = parseArgs(args, {
    values: { "--limit": "limit", "-n": "limit", "--offset": "offset", "--facets": "facets", "--sort": "sort" },
    repeated: { "--filter": "filters" },
  });
  if (help) return console.log(SEARCH_USAGE);
  const narrows = values.filters !== undefined || values.sort !== undefined;
  if (positional.length < (narrows ? 1 : 2)) throw new UsageError("search takes an index file and a query");
  const [file, ...words] = positional;
  const limit = values.limit === undefined ? 10 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit must be a whole number from 1, not ${values.limit}`);
  const options = { limit };
  if (values.offset !== undefined) {
    options.offset = Number(values.offset);
    if (!Number.isInteger(options.offset) || options.offset < 0) throw new UsageError(`--offset must be a whole number from 0, not ${values.offset}`);
  }
  if (values.filters) options.filters = parseFilters(values.filters);
  if (values.facets !== undefined) options.facets = values.facets.split(",").map((f) => f.trim()).filter(Boolean);
  if (values.sort !== undefined) options.sort = parseSort(values.sort);
  const query = words.join(" ");
  if (statSync(file, { throwIfNoEntry: false })?.isDirectory()) {
    return searchSplit(file, query, options).then(printResults);
  }
  let bytes;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new Error(e.code === "ENOENT" ? `${file}: no such file` : `${file}: ${e.message}`);
  }
  loadEngine();
  let index;
  try {
    index = SearchIndex.fromBytes(bytes);
  } catch (e) {
    throw new Error(`${file}: ${e.message}`);
  }
  let res;
  try {
    res = index.search(query, options);
  } catch (e) {
    throw new UsageError(e.message.replace(/^search: /, ""));
  }
  printResults(res);
}

/** A `fetch` over local files, for SearchIndex.open on a folder: a missing file is a 404. */
async function fileFetch(url) {
  try {
    return new Response(await readFile(fileURLToPath(url)));
  } catch (e) {
    if (e.code === "ENOENT") return new Response(null, { status: 404, statusText: "Not Found" });
    throw e;
  }
}

/** Search a split index's folder through SearchIndex.open, as a page does (with files for URLs). */
async function searchSplit(dir, query, options) {
  if (!statSync(join(dir, SPLIT_ENTRY), { throwIfNoEntry: false })) {
    throw new Error(`${dir}: a folder without ${SPLIT_ENTRY} (search takes an index file or a folder from \`fahras build --split\`)`);
  }
  initPageModule({ module: readFileSync(new URL("./fahras_bg.wasm", import.meta.url)) });
  const index = await PageSearchIndex.open(pathToFileURL(resolve(dir) + "/"), { fetch: fileFetch });
  try {
    return await index.search(query, options);
  } catch (e) {
    if (e.message.startsWith("SearchIndex.open: ")) throw e;
    throw new UsageError(e.message.replace(/^search: /, ""));
  }
}

function printResults(res) {
  const head = { total: res.total };
  if (res.suggestion) head.suggestion = res.suggestion;
  if (res.facets) head.facets = res.facets;
  console.log(JSON.stringify(head));
  for (const hit of res.hits) {
    const snippet = hit.snippet.map((s) => (s.hit ? `[${s.text}]` : s.text)).join("");
    const { id, title, score, date, url, fields } = hit;
    console.log(JSON.stringify({ id, title, score, snippet, date, url, fields }));
  }
}

async function main(argv) {
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
      return console.log(USAGE);
    case "help":
      // `fahras help build` = `fahras build -h`
      if (args[0] === "build") return console.log(BUILD_USAGE);
      if (args[0] === "search") return console.log(SEARCH_USAGE);
      return console.log(USAGE);
    case undefined:
      throw new UsageError("no command given");
    default:
      throw new UsageError(`unknown command ${command}`);
  }
}

try {
  await main(process.argv.slice(2));
} catch (e) {
  if (e instanceof UsageError) {
    console.error(`fahras: ${e.message}\n\n${USAGE}`);
    process.exitCode = 2;
  } else {
    console.error(`fahras: ${e.message}`);
    process.exitCode = 1;
  }
}
