// SearchIndex.open, appended to the package's fahras.js by scripts/finish-glue.mjs (so it sees the
// glue's SearchIndex). It opens a split index, the folder `npx fahras build corpus --split -o dir`
// writes: one entry file `fahras-entry.bin` and pieces whose names carry the build's hash.
//
// The engine decides everything about the split (src/wasm.rs, `SearchIndex.fromEntry`): which
// pieces a call needs, whether a piece is whole and of this build, and the results. A call on a
// split index that lacks pieces throws an Error named "PiecesNeeded" listing them; this file only
// fetches those (in parallel, each once per index: concurrent calls share the in-flight fetch),
// hands each to `addPiece`, and calls again. Awaiting is here rather than in Rust for the reason
// npm/from-url.js gives: no async runtime in the page's module.
//
// A failed fetch is not remembered, so the next call fetches that piece again (a retry after the
// network or the server is back); a piece that is added stays for the life of the index.
//
// A method of an object literal, so that it keeps its name once minified (`open.name`).
SearchIndex.open = {
  async open(url, options = {}) {
    const fetchFn = options.fetch ?? ((u) => globalThis.fetch(u));
    const folder = splitFolderUrl(url);
    const entryUrl = new URL(SPLIT_ENTRY, folder).href;
    const bytes = await fetchSplitFile(fetchFn, entryUrl, "the entry file");
    let index;
    try {
      // (Absent only from a module built before split indexes: the error then says so.)
      index = SearchIndex.fromEntry(bytes);
    } catch (error) {
      throw splitError(`${entryUrl}: ${error.message}`, error);
    }
    return new SplitIndex(index, folder.href, fetchFn);
  },
}.open;

/** The entry file of every split index (the only name without the build's hash). */
const SPLIT_ENTRY = "fahras-entry.bin";
/** Calls answered with "PiecesNeeded" before a call gives up: each round fetches everything the
 *  engine can tell it needs at that point (a search needs a few: terms, then postings, then the
 *  stored documents of the hits shown), so a correct index never comes near this. */
const MAX_PIECE_ROUNDS = 32;
/** Pieces `fetchAll` fetches at once: enough to fill an HTTP/2 connection, few enough that a
 *  progress bar moves steadily and an HTTP/1.1 host (6 connections) is not queued behind it. */
const FETCH_ALL_AT_ONCE = 6;

const splitError = (message, cause) => new Error(`SearchIndex.open: ${message}`, cause ? { cause } : undefined);

/** The folder's URL, ending in "/": a string (relative to the page's base URL in a page or a
 *  worker) or a URL; a URL of the entry file itself is taken as its folder. */
function splitFolderUrl(url) {
  let text;
  if (typeof url === "string") text = url;
  else if (url instanceof URL) text = url.href;
  else {
    throw new TypeError(
      `SearchIndex.open expects the URL of a split index's folder (a string or a URL); got ${url === null ? "null" : typeof url}`,
    );
  }
  const base = globalThis.document?.baseURI ?? globalThis.location?.href;
  let folder;
  try {
    folder = new URL(text, base);
  } catch {
    throw splitError(
      base === undefined
        ? `${text} is not an absolute URL: outside a page (in Node) pass an absolute URL, such as http://127.0.0.1:8080/search/`
        : `${text} is not a valid URL`,
    );
  }
  folder.search = "";
  folder.hash = "";
  if (folder.pathname.endsWith(`/${SPLIT_ENTRY}`)) folder.pathname = folder.pathname.slice(0, -SPLIT_ENTRY.length);
  else if (!folder.pathname.endsWith("/")) folder.pathname += "/";
  return folder;
}

/** The bytes at `url`, or an Error that names the URL and says what went wrong. */
async function fetchSplitFile(fetchFn, url, what) {
  let response;
  try {
    response = await fetchFn(url);
  } catch (error) {
    throw splitError(`cannot fetch ${what} ${url}: ${error?.message ?? error}${error?.cause?.message ? ` (${error.cause.message})` : ""}`, error);
  }
  if (!response.ok) {
    const hint =
      response.status === 404 || response.status === 410
        ? what === "the entry file"
          ? ": is this the folder `npx fahras build <corpus> --split -o <folder>` wrote?"
          : ": the folder is incomplete, or holds another build than its entry file (upload every file of one build)"
        : "";
    throw splitError(`${url} answered HTTP ${response.status} ${response.statusText}${hint}`.replace(/ +:/, ":"));
  }
  let body;
  try {
    body = new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    throw splitError(`the download of ${url} broke off (${error?.message ?? error})`, error);
  }
  // (A short body needs no check here: every file carries its length and checksum, which the
  // engine checks; Content-Length counts compressed bytes when the host compresses.)
  return body;
}

/** A split index opened by `SearchIndex.open`: the methods of a SearchIndex, async, each fetching
 *  the pieces it needs first. */
class SplitIndex {
  #index;
  #folder;
  #fetch;
  /** Pieces added to the engine. */
  #added = new Set();
  /** name -> the promise of its fetch and addPiece, while it runs. */
  #inFlight = new Map();

  constructor(index, folder, fetchFn) {
    this.#index = index;
    this.#folder = folder;
    this.#fetch = fetchFn;
  }

  /** The folder's URL (ending in "/"). */
  get url() {
    return this.#folder;
  }

  search(query, options) {
    return this.withPieces((index) => index.search(query, options));
  }

  suggest(prefix, limit) {
    return this.withPieces((index) => index.suggest(prefix, limit));
  }

  document(id, range) {
    return this.withPieces((index) => index.document(id, range));
  }

  documentText(id, from, to) {
    return this.withPieces((index) => index.documentText(id, from, to));
  }

  documentIndexOf(id, search, from) {
    return this.withPieces((index) => index.documentIndexOf(id, search, from));
  }

  stats() {
    return this.withPieces((index) => index.stats);
  }

  /** Every piece of the index but the entry file, as names relative to the folder. */
  pieceNames() {
    return this.#index.pieceNames();
  }

  /** How many of `pieceNames()` have been fetched into this index. */
  get piecesFetched() {
    return this.#added.size;
  }

  /** Run `call(index)` on the synchronous SearchIndex underneath, fetching the pieces it asks for
   *  and running it again until it returns; resolves to what it returns. `call` may run several
   *  times, so it must do nothing it cannot repeat before its last engine call returns. */
  async withPieces(call) {
    let needed = [];
    for (let round = 0; round < MAX_PIECE_ROUNDS; round++) {
      try {
        return call(this.#index);
      } catch (error) {
        if (error?.name !== "PiecesNeeded" || !Array.isArray(error.pieces)) throw error;
        needed = error.pieces;
        if (needed.length === 0 || needed.every((name) => this.#added.has(name))) {
          throw splitError(`the index asked again for pieces it has (${needed.join(", ")}): this is a bug in fahras`, error);
        }
        await this.#fetchPieces(needed);
      }
    }
    throw splitError(
      `a call still needed pieces after ${MAX_PIECE_ROUNDS} rounds of fetching (the last: ${needed.join(", ")}): this is a bug in fahras`,
    );
  }

  /** Fetch every piece not fetched yet, `FETCH_ALL_AT_ONCE` at a time, so that every later call
   *  works without the network. `onProgress(fetched, total)` is called once at the start and
   *  after each piece. */
  async fetchAll(onProgress) {
    const names = this.pieceNames();
    const missing = names.filter((name) => !this.#added.has(name));
    let fetched = names.length - missing.length;
    onProgress?.(fetched, names.length);
    let next = 0;
    const worker = async () => {
      while (next < missing.length) {
        await this.#piece(missing[next++]);
        fetched++;
        onProgress?.(fetched, names.length);
      }
    };
    await Promise.all(Array.from({ length: Math.min(FETCH_ALL_AT_ONCE, missing.length) }, worker));
  }

  /** Release the index's memory; any later call is an Error. */
  free() {
    this.#index.free();
  }

  #fetchPieces(names) {
    return Promise.all([...new Set(names)].map((name) => this.#piece(name)));
  }

  /** Fetch piece `name` and add it, once: a call that needs a piece being fetched waits for that
   *  same fetch. A failed one is forgotten, so the next call tries again. */
  #piece(name) {
    if (this.#added.has(name)) return Promise.resolve();
    let pending = this.#inFlight.get(name);
    if (!pending) {
      const url = new URL(name, this.#folder).href;
      pending = (async () => {
        const bytes = await fetchSplitFile(this.#fetch, url, "the piece");
        try {
          this.#index.addPiece(name, bytes);
        } catch (error) {
          throw splitError(`${url}: ${error.message}`, error);
        }
        this.#added.add(name);
      })().finally(() => this.#inFlight.delete(name));
      this.#inFlight.set(name, pending);
    }
    return pending;
  }
}
