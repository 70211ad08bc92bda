//! The JavaScript API (see docs/api.md): the only module that knows about
//! wasm-bindgen. It converts arguments, validates options, and turns every
//! error into a JS `Error` with the engine's message. Results cross the
//! boundary as plain JSON-compatible objects (nothing to free on the JS side);
//! `search`'s through two buffers (see `results`), the others built by `objects`.

use js_sys::{ArrayBuffer, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;

use crate::analysis;
use crate::error::Error;
use crate::index::fields::FieldKind;
use crate::query::filter::{self, Condition, Filter, FilterValue, Sort};
use crate::search_index::{self as engine, SearchOptions, MAX_LIMIT};

mod objects;
mod results;

use objects::Obj;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
/** Options of `SearchIndex.search`; every field is optional. */
export interface SearchOptions {
  /** Hits returned, 1–1000 (default 10). */
  limit?: number;
  /** Hits skipped, for paging (default 0). */
  offset?: number;
  /** The last word also matches as a prefix unless the query ends with a space (default true). */
  prefix?: boolean;
  /** A word that matches nothing is retried within a small edit distance (default true). */
  fuzzy?: boolean;
  /** Hits carry snippets (default true); `false` leaves them empty, for pages of many hits. */
  snippets?: boolean;
  /** Conditions on metadata; every one must hold. A field no document has matches nothing. */
  filters?: Record<string, Filter>;
  /** Fields whose values are counted over ALL matches (not only this page): `res.facets`. An
   *  empty query with `facets` browses, so its counts are the whole corpus's. */
  facets?: string[];
  /** Order by one field instead of relevance, ties by relevance then id; documents lacking the
   *  field come last either way. An empty query with `filters`, `sort` or `facets` browses. */
  sort?: Record<string, "asc" | "desc">;
}

/** A value a filter compares with: strings match after trimming and Arabic normalisation
 *  (`ثقافه` matches `ثقافة`); a date matches the dates it starts (`"2024-03"`: March). */
export type FilterValue = string | number | boolean | Date;

/** One field's condition: a value or an array of values is shorthand for `{ any: [...] }`;
 *  `from`/`to` is an inclusive range on numbers or ISO dates, either end open;
 *  `null`/`undefined` asks nothing. */
export type Filter =
  | FilterValue
  | FilterValue[]
  | {
      any?: FilterValue | FilterValue[];
      all?: FilterValue | FilterValue[];
      none?: FilterValue | FilterValue[];
      from?: string | number | Date;
      to?: string | number | Date;
    }
  | null
  | undefined;

/** A piece of a snippet: joined in order, the pieces are a verbatim excerpt of the document. */
export interface Segment {
  text: string;
  /** True for a matched word. */
  hit: boolean;
}

/** One matching document. */
export interface Hit {
  /** The document id (a corpus file's name without extension). */
  id: string;
  title: string;
  /** Relevance: hits are sorted by it, ties by id. */
  score: number;
  /** The best passage of the document, matched words marked. */
  snippet: Segment[];
  /** The whole title, matched words marked: joined, the pieces are the title verbatim. */
  titleSegments: Segment[];
  /** ISO 8601: `YYYY-MM-DD`, or with a time (as written: `document(id).dateText`). */
  date?: string;
  url?: string;
  /** Other stored metadata, with their JSON types. */
  fields?: Record<string, FieldValue>;
}

/** A metadata value: a string, a number, a boolean or a list of strings. */
export type FieldValue = string | number | boolean | string[];

/** One page of results. */
export interface SearchResults {
  /** Every matching document, not only this page. */
  total: number;
  hits: Hit[];
  /** The query respelt with the corpus's closest words, when a word matched nothing or only as a typo. */
  suggestion?: string;
  /** With `facets`: per field, each value's number of matching documents, counted after the
   *  filters of the OTHER fields (so every section keeps its count while one is chosen). */
  facets?: Record<string, Record<string, number>>;
}

/** A stored document. */
export interface StoredDocument {
  id: string;
  title: string;
  /** ISO 8601: `YYYY-MM-DD`, or with a time. */
  date?: string;
  /** The date as the document wrote it, when it differs from `date`. */
  dateText?: string;
  url?: string;
  /** The text, or with a `TextRange` only that part of it. */
  text: string;
  fields?: Record<string, FieldValue>;
  /** With a `TextRange`: where `text` starts and ends in the whole text, and the whole's length. */
  textFrom?: number;
  textTo?: number;
  textLength?: number;
}

/** Part of a document's text to read: UTF-16 offsets (what `slice` takes), clamped to the text
 *  and moved back to a character's start; `from` defaults to 0, `to` to the end. */
export interface TextRange {
  from?: number;
  to?: number;
}

/** Part of a stored document's text (`documentText`). Offsets are UTF-16 code units. */
export interface DocumentText {
  text: string;
  /** Where `text` starts and ends in the whole text. */
  from: number;
  to: number;
  /** The whole text's length. */
  length: number;
}

/**
 * A document for `IndexBuilder.add`: `id` and `text` are required; a missing
 * title is taken from the text's lead; `date` is normalised to ISO 8601
 * (ISO, RFC 2822, DD/MM/YYYY, Arabic-Indic digits); `draft: true` leaves the
 * document out; `null`/`undefined` values are as if absent; every other
 * name is metadata.
 */
export interface DocumentInput {
  id: string | number;
  text: string;
  title?: string;
  date?: string;
  url?: string;
  draft?: boolean;
  [field: string]: FieldValue | null | undefined;
}

/** The formats `IndexBuilder.addFile` reads (file extensions). */
export type FileFormat = "txt" | "md" | "html";

/** Options of `new IndexBuilder(options)`. */
export interface IndexBuilderOptions {
  /** An unreadable date is a warning (the date dropped, kept as `dateText`) instead of an error. */
  lenient?: boolean;
}

/** What one `add`, `addFile` or `addJson` call did. */
export interface AddResult {
  /** Documents added. */
  added: number;
  /** Documents left out as drafts (`draft: true`). */
  drafts: number;
  /** What `lenient` let through, one message each. */
  warnings: string[];
}

/** Size facts about an index. */
export interface IndexStats {
  documents: number;
  /** Distinct normalised words. */
  terms: number;
  /** Bytes of the whole index, stored text included. */
  indexBytes: number;
  /** The fields a search can filter, count and sort by. */
  fields: Record<string, FieldInfo>;
}

/** A filterable field: what it holds and how many distinct values it has. */
export interface FieldInfo {
  type: "string" | "string[]" | "number" | "boolean" | "date";
  values: number;
}

/** A word of the analysed text. Offsets are UTF-16 code units of the input (what `slice` takes). */
export interface Token {
  /** The word as written in the input. */
  text: string;
  normalized: string;
  stem: string;
  /** Whether the word is a stopword (ignored in bag-of-words queries, kept in phrases). */
  stopword: boolean;
  start: number;
  end: number;
}
"#;

// `SearchIndex.open` and what it returns: the code is JavaScript (npm/open.js, appended to the
// glue by the package's build), so its types are declared here, merged into the class's
// declaration as a namespace.
#[wasm_bindgen(typescript_custom_section)]
const SPLIT_OPEN_TYPES: &str = r#"
export declare namespace SearchIndex {
  /**
   * Open a split index (`npx fahras build corpus --split -o public/search/`) from its folder's
   * URL: relative to the page (`"/search/"`), or absolute (in Node, with its global `fetch`).
   * Fetches only the small entry file; each call then fetches the pieces it needs, once.
   * A missing, truncated or mismatched piece rejects with an `Error` naming its URL (never
   * partial results); calling again fetches it again.
   */
  function open(url: string | URL, options?: OpenOptions): Promise<SplitIndex>;
}

/** Options of `SearchIndex.open`. */
export interface OpenOptions {
  /** The `fetch` to use (default: the global one): e.g. one that reads files, or adds headers. */
  fetch?: (url: string) => Promise<Response>;
}

/**
 * A split index opened by `SearchIndex.open`: the methods of `SearchIndex`, each async, with the
 * same arguments and results. Each instance has its own cache of the pieces it fetched.
 */
export interface SplitIndex {
  /** The folder's URL, ending in "/". */
  readonly url: string;
  search(query: string, options?: SearchOptions): Promise<SearchResults>;
  suggest(prefix: string, limit?: number): Promise<string[]>;
  document(id: string, range?: TextRange): Promise<StoredDocument | undefined>;
  documentText(id: string, from?: number, to?: number): Promise<DocumentText | undefined>;
  documentIndexOf(id: string, search: string, from?: number): Promise<number | undefined>;
  stats(): Promise<IndexStats>;
  /** Every piece of the index but its entry file, as names relative to the folder. */
  pieceNames(): string[];
  /** How many of `pieceNames()` this instance has fetched. */
  readonly piecesFetched: number;
  /** Fetch every piece not fetched yet (a few at a time), so that later calls need no network:
   *  "make available offline". `onProgress(fetched, total)` runs at the start and per piece. */
  fetchAll(onProgress?: (fetched: number, total: number) => void): Promise<void>;
  /** Run `call` on the synchronous index underneath, fetching the pieces it asks for and running
   *  it again until it returns. `call` may run several times: it must be safe to repeat. */
  withPieces<T>(call: (index: SearchIndex) => T): Promise<T>;
  /** Release the index's memory; any later call is an `Error`. */
  free(): void;
}
"#;

fn js_error(e: Error) -> JsError {
    JsError::new(&e.to_string())
}

/// An engine error for a call of a search method: a split index's
/// [`Error::PiecesNeeded`] is an `Error` named `"PiecesNeeded"` with the file names to fetch as
/// `pieces` (the glue of `SearchIndex.open` fetches them, adds them and calls again).
fn engine_error(e: Error) -> JsValue {
    match e {
        Error::PiecesNeeded(pieces) => {
            let error = js_sys::Error::new(&Error::PiecesNeeded(pieces.clone()).to_string());
            error.set_name("PiecesNeeded");
            let names: js_sys::Array = pieces.iter().map(|p| JsValue::from_str(p)).collect();
            let _ = Reflect::set(&error, &"pieces".into(), &names);
            error.into()
        }
        other => js_error(other).into(),
    }
}

/// A `TypeError`: an argument of the wrong kind (JS's own convention for that).
fn type_error(message: &str) -> JsValue {
    js_sys::TypeError::new(message).into()
}

/// The custom section `npx fahras build --embed` appends to a copy of the package's module: the
/// index file's bytes, which `new SearchIndex()` opens. A custom section rather than a data
/// segment, because adding one needs no compiler and cannot change the code around it.
const EMBED_SECTION: &str = "fahras.index";

thread_local! {
    /// The index of the module's `fahras.index` section, opened once per module instance (every
    /// `new SearchIndex()` shares its bytes): `None` if the module has no such section.
    static SECTION_INDEX: std::cell::OnceCell<Result<Option<engine::SearchIndex>, String>> =
        const { std::cell::OnceCell::new() };
}

fn section_index() -> Result<Option<engine::SearchIndex>, String> {
    SECTION_INDEX.with(|cell| cell.get_or_init(open_section).clone())
}

fn open_section() -> Result<Option<engine::SearchIndex>, String> {
    // The module this code was instantiated from (wasm-bindgen's own handle, kept by `init` and
    // `initSync` alike).
    let Ok(module) = wasm_bindgen::module().dyn_into::<js_sys::WebAssembly::Module>() else {
        return Ok(None);
    };
    let sections = js_sys::WebAssembly::Module::custom_sections(&module, EMBED_SECTION);
    match sections.length() {
        0 => Ok(None),
        1 => {
            let bytes = Uint8Array::new(&sections.get(0)).to_vec();
            engine::SearchIndex::from_module_section(bytes)
                .map(Some)
                .map_err(|e| format!("the index inside this module (added by `fahras build --embed`) does not open: {e}"))
        }
        n => Err(format!(
            "this module holds {n} `{EMBED_SECTION}` sections (`fahras build --embed` writes one): \
             rebuild it from the package's fahras_bg.wasm"
        )),
    }
}

/// A searchable index: the index inside the module (`fahras build --embed`, or the corpus
/// compiled in by `make build`), or an index file.
#[wasm_bindgen]
pub struct SearchIndex {
    inner: engine::SearchIndex,
}

impl SearchIndex {
    fn open(inner: engine::SearchIndex) -> SearchIndex {
        SearchIndex { inner }
    }
}

#[wasm_bindgen]
impl SearchIndex {
    /// The index inside this module: the one `npx fahras build --embed` put there, or the corpus
    /// compiled in by `make build`. The package's own module has none and throws an `Error` that
    /// says how to open an index file instead.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Result<SearchIndex, JsError> {
        if let Some(inner) = section_index().map_err(|e| JsError::new(&e))? {
            return Ok(SearchIndex::open(inner));
        }
        let inner = engine::SearchIndex::open_embedded().map_err(js_error)?;
        Ok(SearchIndex::open(inner))
    }

    /// Open an index file (`.fhr`, from `npx fahras build`) from its bytes: a `Uint8Array`, an
    /// `ArrayBuffer`, any other typed array or a `DataView`. Anything else is a `TypeError` that
    /// says what to pass; bytes that are not a fahras index, truncated, corrupt or of another
    /// version are an `Error`.
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBufferLike | ArrayBufferView")]
        bytes: JsValue,
    ) -> Result<SearchIndex, JsValue> {
        // One copy, into wasm memory; the index keeps it (no second copy on open).
        let bytes = index_bytes(&bytes)?;
        let inner = engine::SearchIndex::from_bytes(bytes).map_err(js_error)?;
        Ok(SearchIndex::open(inner))
    }

    /// Fetch an index file and open it: `await SearchIndex.fromUrl("/search/docs.fhr")`. The body
    /// is read as it arrives, straight into the module's memory. Rejects with an `Error` that
    /// names the URL and says what went wrong: the HTTP status, a request the browser refused
    /// (another origin without CORS, the page's Content-Security-Policy, no network), or bytes
    /// that are not an index.
    // The package's glue replaces this with the fetch loop of `npm/from-url.js` (see
    // `IndexDownload`): it is here for its type and documentation, and for glue made without the
    // package's build, where it says so.
    #[wasm_bindgen(js_name = fromUrl, unchecked_return_type = "Promise<SearchIndex>")]
    pub fn from_url(
        #[wasm_bindgen(unchecked_param_type = "string | URL")] url: JsValue,
    ) -> js_sys::Promise {
        drop(url);
        js_sys::Promise::reject(&fetch_failure(
            "this fahras.js lacks the download code that the package's build appends \
             (npm/from-url.js): load fahras_bg.wasm through the package's own fahras.js",
        ))
    }

    /// Search. Any query string gives results or an empty result; a query that is not a string
    /// is a `TypeError`, invalid options an `Error` that names the option.
    #[wasm_bindgen(unchecked_return_type = "SearchResults")]
    pub fn search(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] query: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "SearchOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let index = &self.inner;
        let query = string_argument(&query, "search", "query")?;
        let options = search_options(index, &options)?;
        let results = index.search(&query, &options).map_err(engine_error)?;
        results::to_js(&results)
    }

    /// Completions of the last word of `prefix`, most frequent first, as written in the corpus.
    #[wasm_bindgen(unchecked_return_type = "string[]")]
    pub fn suggest(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] prefix: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "number")] limit: JsValue,
    ) -> Result<JsValue, JsValue> {
        let index = &self.inner;
        let prefix = string_argument(&prefix, "suggest", "prefix")?;
        let limit = match limit.as_f64() {
            None if limit.is_undefined() || limit.is_null() => 5,
            Some(n) => whole_number(n, 0, engine::MAX_SUGGESTIONS)
                .map_err(|reason| JsError::new(&format!("suggest: `limit` must be {reason}")))?,
            None => {
                return Err(type_error(&format!(
                    "suggest: `limit` must be a number; got {}",
                    describe(&limit)
                )))
            }
        };
        let words = index.suggest(&prefix, limit).map_err(engine_error)?;
        Ok(objects::strings(&words))
    }

    /// A stored document by id, or `undefined` if the index has no such document. With
    /// `{ from, to }` (UTF-16 offsets, as `documentText` takes them) `text` is only that part of
    /// the text, and `textFrom`, `textTo`, `textLength` say where it is in the whole: a reader
    /// opens a 50 MB document without copying it all (`{ to: 0 }` reads no text at all).
    #[wasm_bindgen(unchecked_return_type = "StoredDocument | undefined")]
    pub fn document(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "TextRange")] range: JsValue,
    ) -> Result<JsValue, JsValue> {
        let index = &self.inner;
        let id = id_argument(&id, "document")?;
        if range.is_undefined() || range.is_null() {
            return match index.document(&id).map_err(engine_error)? {
                Some(doc) => Ok(StoredDocument::from(doc).to_js()),
                None => Ok(JsValue::UNDEFINED),
            };
        }
        if !range.is_object() {
            return Err(type_error(&format!(
                "document: the second argument must be an object such as {{ from: 0, to: 1000 }}; got {}",
                describe(&range)
            )));
        }
        let get = |key: &str| Reflect::get(&range, &JsValue::from_str(key)).unwrap_or_default();
        let from = offset_argument(&get("from"), "document", "from", 0)?;
        let to = offset_argument(&get("to"), "document", "to", usize::MAX)?;
        match index.document_part(&id, from, to).map_err(engine_error)? {
            Some((doc, part)) => {
                let stored = StoredDocument {
                    text_from: Some(part.from),
                    text_to: Some(part.to),
                    text_length: Some(part.length),
                    ..StoredDocument::from(doc)
                };
                Ok(stored.to_js())
            }
            None => Ok(JsValue::UNDEFINED),
        }
    }

    /// Part of a stored document's text, `{ text, from, to, length }`, or `undefined` if the
    /// index has no such document: `from`/`to` are UTF-16 offsets (what `slice` takes; default
    /// the whole text), clamped to the text and moved back to a character's start, and
    /// `length` is the whole text's. Only the part is copied out, so a reader can page through a
    /// 50 MB document.
    #[wasm_bindgen(js_name = documentText, unchecked_return_type = "DocumentText | undefined")]
    pub fn document_text(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "number")] from: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "number")] to: JsValue,
    ) -> Result<JsValue, JsValue> {
        let id = id_argument(&id, "documentText")?;
        let from = offset_argument(&from, "documentText", "from", 0)?;
        let to = offset_argument(&to, "documentText", "to", usize::MAX)?;
        match self
            .inner
            .document_text(&id, from, to)
            .map_err(engine_error)?
        {
            Some(part) => Ok(Obj::new()
                .str("text", &part.text)
                .num("from", part.from)
                .num("to", part.to)
                .num("length", part.length)
                .done()),
            None => Ok(JsValue::UNDEFINED),
        }
    }

    /// The UTF-16 offset of the first `search` in a stored document's text at or after `from`
    /// (as `String.prototype.indexOf`), -1 if it does not occur, `undefined` if the index has no
    /// such document. Finds a snippet in a big document without copying its text out.
    #[wasm_bindgen(js_name = documentIndexOf, unchecked_return_type = "number | undefined")]
    pub fn document_index_of(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] search: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "number")] from: JsValue,
    ) -> Result<JsValue, JsValue> {
        let id = id_argument(&id, "documentIndexOf")?;
        let Some(search) = search.as_string() else {
            return Err(type_error(&format!(
                "documentIndexOf: `search` must be a string; got {}",
                describe(&search)
            )));
        };
        let from = offset_argument(&from, "documentIndexOf", "from", 0)?;
        Ok(
            match self
                .inner
                .document_index_of(&id, &search, from)
                .map_err(engine_error)?
            {
                Some(Some(at)) => JsValue::from_f64(at as f64),
                Some(None) => JsValue::from_f64(-1.0),
                None => JsValue::UNDEFINED,
            },
        )
    }

    /// Open a split index (`npx fahras build --split`) from its entry file's bytes
    /// (`fahras-entry.bin`), with no piece yet. Not public API: `SearchIndex.open(url)` (the
    /// package's glue) calls it, then `addPiece` for each name a `PiecesNeeded` error lists.
    #[wasm_bindgen(js_name = fromEntry, skip_typescript)]
    pub fn from_entry(bytes: JsValue) -> Result<SearchIndex, JsValue> {
        let bytes = index_bytes(&bytes)?;
        let inner = engine::SearchIndex::from_split_entry(bytes).map_err(js_error)?;
        Ok(SearchIndex::open(inner))
    }

    /// Add a piece of a split index: its file name (relative to the folder) and bytes. An
    /// `Error` naming the piece when the name is not one of this index's, or the bytes are
    /// truncated, corrupt, renamed or of another build.
    #[wasm_bindgen(js_name = addPiece, skip_typescript)]
    pub fn add_piece(&mut self, name: &str, bytes: JsValue) -> Result<(), JsValue> {
        let bytes = index_bytes(&bytes)?;
        self.inner.add_piece(name, bytes).map_err(js_error)?;
        Ok(())
    }

    /// Every piece name of a split index, the entry excepted (for "make available offline");
    /// empty for a single file.
    #[wasm_bindgen(js_name = pieceNames, skip_typescript)]
    pub fn piece_names(&self) -> Vec<String> {
        self.inner.piece_names()
    }

    /// `{ documents, terms, indexBytes, fields }`.
    #[wasm_bindgen(getter, unchecked_return_type = "IndexStats")]
    pub fn stats(&self) -> JsValue {
        let stats = self.inner.stats();
        let mut fields = Obj::new();
        for (name, field) in &stats.fields {
            let field = Obj::new()
                .str("type", field.kind)
                .num("values", field.values);
            fields = fields.set(name, &field.done());
        }
        Obj::new()
            .num("documents", stats.documents)
            .num("terms", stats.terms)
            .num("indexBytes", stats.index_bytes)
            .set("fields", &fields.done())
            .done()
    }
}

#[wasm_bindgen(module = "/npm/describe.js")]
extern "C" {
    /// What a JS value is, for error messages: "undefined", "a string", "a Response", "an
    /// object". In JS, where each of its checks is an operator, not a call with a binding.
    fn describe(value: &JsValue) -> String;
}

#[wasm_bindgen]
extern "C" {
    /// Any typed array or `DataView`: the part of its buffer it covers.
    type BufferView;
    #[wasm_bindgen(method, getter)]
    fn buffer(this: &BufferView) -> JsValue;
    #[wasm_bindgen(method, getter, js_name = byteOffset)]
    fn byte_offset(this: &BufferView) -> u32;
    #[wasm_bindgen(method, getter, js_name = byteLength)]
    fn byte_length(this: &BufferView) -> u32;
}

/// The bytes of `fromBytes`'s argument, copied into wasm memory, or a `TypeError` that names
/// what was passed and what to pass instead.
fn index_bytes(value: &JsValue) -> Result<Vec<u8>, JsValue> {
    if let Some(array) = value.dyn_ref::<Uint8Array>() {
        return Ok(array.to_vec());
    }
    if ArrayBuffer::is_view(value) {
        let view: &BufferView = value.unchecked_ref();
        let bytes = Uint8Array::new_with_byte_offset_and_length(
            &view.buffer(),
            view.byte_offset(),
            view.byte_length(),
        );
        return Ok(bytes.to_vec());
    }
    let what = describe(value);
    // An ArrayBuffer or SharedArrayBuffer of any realm (a worker's, an iframe's).
    if what == "an ArrayBuffer" || what == "a SharedArrayBuffer" {
        return Ok(Uint8Array::new(value).to_vec());
    }
    let hint = match what.as_str() {
        "a Response" => {
            ": pass `await response.arrayBuffer()`, or use `await SearchIndex.fromUrl(url)`"
        }
        "a Promise" => ": `await` it first",
        "a Blob" | "a File" => ": pass `await blob.arrayBuffer()`",
        "a string" => {
            ": pass the file's bytes, not its name, URL or text (`await SearchIndex.fromUrl(url)` \
             fetches a URL; in Node, `fs.readFileSync(path)` reads a file)"
        }
        "an array" => ": pass `new Uint8Array(array)` if it holds the bytes",
        _ => "",
    };
    Err(type_error(&format!(
        "SearchIndex.fromBytes expects the index file's bytes (a Uint8Array, an ArrayBuffer, \
         another typed array or a DataView); got {what}{hint}"
    )))
}

/// `SearchIndex.fromUrl`'s download. The `fetch` and the loop that awaits the body's chunks are
/// JavaScript (`npm/from-url.js`, which the build appends to the glue): awaiting promises from
/// Rust would bring wasm-bindgen-futures' task queue and closures into the page's module (3.4 KiB
/// brotli of the page's payload). Everything else is here: the URL check, the body's bytes
/// copied chunk by chunk straight into wasm memory, and every error message. Not part of the
/// API (no types): only the glue's `fromUrl` uses it.
#[wasm_bindgen(skip_typescript)]
pub struct IndexDownload {
    url: String,
    bytes: Vec<u8>,
}

fn fetch_failure(message: &str) -> JsValue {
    JsError::new(&format!("SearchIndex.fromUrl: {message}")).into()
}

/// `location.origin` of the page or worker, or `None` outside one (Node).
fn page_origin() -> Option<String> {
    let location = Reflect::get(&js_sys::global(), &JsValue::from_str("location")).ok()?;
    Reflect::get(&location, &JsValue::from_str("origin"))
        .ok()?
        .as_string()
}

#[wasm_bindgen]
impl IndexDownload {
    /// A download of `url`: a string (relative to the page, in a page) or a `URL`; anything
    /// else is a `TypeError`.
    #[wasm_bindgen(constructor)]
    pub fn new(url: JsValue) -> Result<IndexDownload, JsValue> {
        let url = match url.as_string() {
            Some(text) => text,
            None => {
                let what = describe(&url);
                let href = (what == "a URL")
                    .then(|| Reflect::get(&url, &JsValue::from_str("href")).ok())
                    .flatten()
                    .and_then(|h| h.as_string());
                href.ok_or_else(|| {
                    type_error(&format!(
                        "SearchIndex.fromUrl expects the index file's URL (a string or a URL); got {what}"
                    ))
                })?
            }
        };
        Ok(IndexDownload {
            url,
            bytes: Vec::new(),
        })
    }

    /// The URL to fetch, as text.
    #[wasm_bindgen(getter)]
    pub fn url(&self) -> String {
        self.url.clone()
    }

    /// The `Error` for a request that failed before any answer, in words: browsers do not tell
    /// scripts whether CORS, the Content-Security-Policy or the network refused it, but the URL
    /// narrows it down.
    pub fn refused(&self, error: JsValue) -> JsValue {
        let url = &self.url;
        let mut detail = error_message(&error);
        if let Ok(cause) = Reflect::get(&error, &JsValue::from_str("cause")) {
            if !cause.is_undefined() && !cause.is_null() {
                detail = format!("{detail}: {}", error_message(&cause));
            }
        }
        let absolute = url.as_bytes().windows(3).any(|w| w == b"://") || url.starts_with("//");
        let reason = match page_origin() {
            None if !absolute => {
                "outside a page a URL must be absolute (in Node, read the file and pass its \
                 bytes to SearchIndex.fromBytes)"
            }
            None => "the server could not be reached",
            Some(origin) if absolute && !url.starts_with(&format!("{origin}/")) => {
                "the index is on another origin than the page: its server must allow this page \
                 with CORS (an Access-Control-Allow-Origin header), and a Content-Security-Policy \
                 on the page must list it in connect-src; or host the index next to the page"
            }
            Some(_) => {
                "the server could not be reached, or the page's Content-Security-Policy \
                 (connect-src) does not allow the request"
            }
        };
        fetch_failure(&format!("cannot fetch {url}: {reason} ({detail})"))
    }

    /// The `Error` for an answer that is not a success: `answered` is the URL the server
    /// answered for (resolved against the page, after redirects), empty if unknown.
    pub fn answered(&self, status: u16, status_text: &str, answered: &str) -> JsValue {
        let hint = match status {
            404 | 410 => {
                ": is the path right? (`npx fahras build <corpus> -o <file.fhr>` writes the file)"
            }
            _ => "",
        };
        let answered = if answered.is_empty() {
            &self.url
        } else {
            answered
        };
        fetch_failure(&format!(
            "{answered} answered HTTP {status} {status_text}{hint}"
        ))
    }

    /// Reserve room for the body from its `Content-Length` (only a hint: it counts compressed
    /// bytes when the server compresses).
    pub fn reserve(&mut self, content_length: Option<String>) {
        if let Some(length) = content_length.and_then(|n| n.parse().ok()) {
            let _ = self.bytes.try_reserve_exact(length);
        }
    }

    /// Copy one chunk of the body into wasm memory.
    pub fn push(&mut self, chunk: &JsValue) -> Result<(), JsValue> {
        let Some(chunk) = chunk.dyn_ref::<Uint8Array>() else {
            return Err(fetch_failure(&format!(
                "the body of {} is not a stream of bytes",
                self.url
            )));
        };
        let start = self.bytes.len();
        let len = chunk.length() as usize;
        if self.bytes.try_reserve(len).is_err() {
            return Err(fetch_failure(&format!(
                "{} does not fit in memory ({start} bytes read so far)",
                self.url
            )));
        }
        self.bytes.resize(start + len, 0);
        chunk.copy_to(&mut self.bytes[start..]);
        Ok(())
    }

    /// The `Error` for a body whose reading failed.
    #[wasm_bindgen(js_name = brokeOff)]
    pub fn broke_off(&self, error: JsValue) -> JsValue {
        fetch_failure(&format!(
            "the download of {} broke off after {} bytes ({})",
            self.url,
            self.bytes.len(),
            error_message(&error)
        ))
    }

    /// Open the downloaded bytes (the download is spent): an `Error` that names the URL if they
    /// are not an index, with a hint when the server sent an HTML page.
    pub fn open(self, content_type: Option<String>) -> Result<SearchIndex, JsValue> {
        let IndexDownload { url, bytes } = self;
        match engine::SearchIndex::from_bytes(bytes) {
            Ok(inner) => Ok(SearchIndex::open(inner)),
            Err(e) => {
                let hint = if content_type.unwrap_or_default().starts_with("text/html") {
                    " (the server sent an HTML page: is the URL right? Single-page-app servers \
                     answer unknown paths with their index.html)"
                } else {
                    ""
                };
                Err(fetch_failure(&format!("{url}: {e}{hint}")))
            }
        }
    }
}

/// The message of a thrown value (an `Error`'s `message`, or the value as text).
fn error_message(error: &JsValue) -> String {
    Reflect::get(error, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| error.as_string())
        .unwrap_or_else(|| describe(error))
}

struct StoredDocument {
    id: String,
    title: String,
    date: Option<String>,
    date_text: Option<String>,
    url: Option<String>,
    text: String,
    fields: Vec<(String, crate::FieldValue)>,
    /// Where `text` is in the whole text, for a document read with a range.
    text_from: Option<usize>,
    text_to: Option<usize>,
    text_length: Option<usize>,
}

impl StoredDocument {
    /// `{ id, title, date?, dateText?, url?, text, fields?, textFrom?, textTo?, textLength? }`:
    /// `fields` only when the document has some.
    fn to_js(&self) -> JsValue {
        let mut out = Obj::new()
            .str("id", &self.id)
            .str("title", &self.title)
            .opt_str("date", self.date.as_deref())
            .opt_str("dateText", self.date_text.as_deref())
            .opt_str("url", self.url.as_deref())
            .str("text", &self.text);
        if !self.fields.is_empty() {
            out = out.set("fields", &objects::fields(&self.fields));
        }
        out.opt_num("textFrom", self.text_from)
            .opt_num("textTo", self.text_to)
            .opt_num("textLength", self.text_length)
            .done()
    }
}

impl From<crate::Document> for StoredDocument {
    fn from(doc: crate::Document) -> Self {
        StoredDocument {
            id: doc.id,
            title: doc.title,
            date: doc.date,
            date_text: doc.date_text,
            url: doc.url,
            text: doc.text,
            fields: doc.fields,
            text_from: None,
            text_to: None,
            text_length: None,
        }
    }
}

/// Normalise text as the index does: `normalize("أَكَّدَ") === "اكد"`.
#[wasm_bindgen]
pub fn normalize(text: &str) -> String {
    analysis::normalize(text)
}

/// The words of `text` with their normalised form, stem and UTF-16 offsets.
#[wasm_bindgen(unchecked_return_type = "Token[]")]
pub fn analyze(text: &str) -> JsValue {
    let tokens = analysis::analyze(text);
    // Byte offsets → UTF-16 offsets in one forward pass. Starts never
    // decrease, but the parts of one decomposed character (ﷺ is four words)
    // share its span, so only starts move the cursor; an end is its start
    // plus the span's own UTF-16 length.
    let out = js_sys::Array::new();
    let (mut byte, mut unit) = (0usize, 0usize);
    for token in &tokens {
        if token.start >= byte {
            unit += utf16_len(text.get(byte..token.start).unwrap_or_default());
            byte = token.start;
        }
        let span = text.get(token.start..token.end).unwrap_or_default();
        let stopword = analysis::is_stopword(&token.normalized);
        let token = Obj::new()
            .str("text", span)
            .str("normalized", &token.normalized)
            .str("stem", &token.stem)
            .set("stopword", &JsValue::from_bool(stopword))
            .num("start", unit)
            .num("end", unit + utf16_len(span));
        out.push(&token.done());
    }
    out.into()
}

fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

fn invalid(name: &'static str, reason: &str) -> JsError {
    js_error(Error::InvalidOption {
        name,
        reason: reason.to_string(),
    })
}

/// A string argument of `method`; `undefined`/`null` read as empty, anything else is a
/// `TypeError` that names the argument.
fn string_argument(value: &JsValue, method: &str, name: &str) -> Result<String, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(String::new());
    }
    value.as_string().ok_or_else(|| {
        type_error(&format!(
            "{method}: `{name}` must be a string; got {}",
            describe(value)
        ))
    })
}

/// A document id argument of `method`: a string, else a `TypeError`.
fn id_argument(value: &JsValue, method: &str) -> Result<String, JsValue> {
    value.as_string().ok_or_else(|| {
        type_error(&format!(
            "{method}: `id` must be a string; got {}",
            describe(value)
        ))
    })
}

/// A UTF-16 offset argument of `method`: any number, clamped as `slice` does without counting
/// from the end (fractions cut, negative or NaN → 0, too big → the end); `undefined`/`null` →
/// `default`; anything else a `TypeError`.
fn offset_argument(
    value: &JsValue,
    method: &str,
    name: &str,
    default: usize,
) -> Result<usize, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(default);
    }
    // `as` saturates: NaN and negatives become 0, infinities and huge numbers usize::MAX.
    value.as_f64().map(|n| n as usize).ok_or_else(|| {
        type_error(&format!(
            "{method}: `{name}` must be a number; got {}",
            describe(value)
        ))
    })
}

/// `n` if it is a whole number from `min` to `max`, else the rule it breaks ("a whole number
/// from 1 to 1000, got 0").
fn whole_number(n: f64, min: usize, max: usize) -> Result<usize, String> {
    if n.fract() != 0.0 || !n.is_finite() || n < min as f64 || n > max as f64 {
        // The value is described, not printed: formatting floats would add
        // ~15 KB of code to the module.
        let got = if !n.is_finite() {
            "a value that is not finite".to_string()
        } else if n.fract() != 0.0 {
            "a fraction".to_string()
        } else if n < 0.0 {
            format!("-{}", (-n) as u64)
        } else {
            format!("{}", n as u64)
        };
        return Err(format!("a whole number from {min} to {max}, got {got}"));
    }
    Ok(n as usize)
}

/// The options `search` knows; any other name is an error (a misspelt `filter` silently
/// ignored would show unfiltered results as if filtered).
const SEARCH_OPTIONS: [&str; 8] = [
    "limit", "offset", "prefix", "fuzzy", "snippets", "filters", "facets", "sort",
];

thread_local! {
    /// [`SEARCH_OPTIONS`] as JS strings, made once: a JS string made from Rust text is decoded
    /// anew on every call (about a microsecond each in Node), and every search with options
    /// reads all eight.
    static SEARCH_OPTION_KEYS: Vec<JsValue> =
        SEARCH_OPTIONS.iter().map(|&k| JsValue::from_str(k)).collect();
}

/// The known name closest to `name` within two edits (Levenshtein), for "did you mean".
fn closest<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    let a = name.as_bytes();
    let distance = |b: &str| {
        // One row of the edit-distance table at a time.
        let mut row: Vec<usize> = (0..=b.len()).collect();
        for (i, &x) in a.iter().enumerate() {
            let mut diagonal = row[0];
            row[0] = i + 1;
            for (j, &y) in b.as_bytes().iter().enumerate() {
                let above = row[j + 1];
                row[j + 1] = (above + 1)
                    .min(row[j] + 1)
                    .min(diagonal + usize::from(!x.eq_ignore_ascii_case(&y)));
                diagonal = above;
            }
        }
        row[b.len()]
    };
    known
        .iter()
        .map(|k| (distance(k), *k))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, k)| k)
}

/// An option error: `search: <path> <what is wrong>`.
fn option_error(message: String) -> JsError {
    JsError::new(&format!("search: {message}"))
}

/// `got …` for an error message: strings quoted (when short), everything else described.
fn got(value: &JsValue) -> String {
    match value.as_string() {
        Some(s) if s.chars().count() <= 40 => format!("got \"{s}\""),
        _ => format!("got {}", describe(value)),
    }
}

/// The own enumerable keys of an object and their values.
fn entries(object: &JsValue) -> Vec<(String, JsValue)> {
    Object::keys(object.unchecked_ref::<Object>())
        .iter()
        .filter_map(|key| {
            let value = Reflect::get(object, &key).unwrap_or(JsValue::UNDEFINED);
            Some((key.as_string()?, value))
        })
        .collect()
}

/// A plain object (not an array, a function or null).
fn is_plain_object(value: &JsValue) -> bool {
    value.is_object() && !js_sys::Array::is_array(value) && !value.is_function()
}

/// One value to compare with: a string, a number or a boolean.
fn filter_value(value: &JsValue, path: &str) -> Result<FilterValue, JsError> {
    if let Some(s) = value.as_string() {
        Ok(FilterValue::Text(s))
    } else if let Some(n) = value.as_f64() {
        Ok(FilterValue::Number(n))
    } else if let Some(b) = value.as_bool() {
        Ok(FilterValue::Bool(b))
    } else if let Some(date) = value.dyn_ref::<js_sys::Date>() {
        iso_date(date).ok_or_else(|| option_error(format!("{path} is an invalid Date")))
    } else {
        Err(option_error(format!(
            "{path} must be a string, number or boolean; {}",
            got(value)
        )))
    }
}

fn iso_date(date: &js_sys::Date) -> Option<FilterValue> {
    if date.get_time().is_nan() {
        return None;
    }
    Some(FilterValue::Text(date.to_iso_string().into()))
}

/// A value or an array of values.
fn filter_values(value: &JsValue, path: &str) -> Result<Vec<FilterValue>, JsError> {
    if js_sys::Array::is_array(value) {
        let array: &js_sys::Array = value.unchecked_ref();
        array
            .iter()
            .enumerate()
            .map(|(i, v)| filter_value(&v, &format!("{path}[{i}]")))
            .collect()
    } else {
        Ok(vec![filter_value(value, path)?])
    }
}

/// A range bound: a number, a date (ISO 8601 text, whole or cut: `2024`, `2024-03`, or a
/// `Date`), or for a string field any string.
fn bound(
    index: &engine::SearchIndex,
    field: &str,
    value: &JsValue,
    path: &str,
) -> Result<FilterValue, JsError> {
    let wrong = || option_error(format!("{path} must be a date or number; {}", got(value)));
    if let Some(n) = value.as_f64() {
        return Ok(FilterValue::Number(n));
    }
    if let Some(date) = value.dyn_ref::<js_sys::Date>() {
        return iso_date(date).ok_or_else(wrong);
    }
    let s = value.as_string().ok_or_else(wrong)?;
    let kind = index.field_kind(field);
    let date_field = kind.map_or(true, |k| k == FieldKind::Date);
    let number_field = kind == Some(FieldKind::Number);
    let number_text = s.trim().parse::<i64>().is_ok();
    if (date_field && !filter::is_date_prefix(s.trim()) && !number_text)
        || (number_field && !number_text)
    {
        return Err(wrong());
    }
    Ok(FilterValue::Text(s))
}

fn parse_filters(index: &engine::SearchIndex, value: &JsValue) -> Result<Vec<Filter>, JsError> {
    if !is_plain_object(value) {
        return Err(option_error(format!(
            "filters must be an object such as {{ section: \"ثقافة\" }}; {}",
            got(value)
        )));
    }
    let mut out = Vec::new();
    for (field, value) in entries(value) {
        let path = format!("filters.{field}");
        if value.is_undefined() || value.is_null() {
            continue; // no condition: a UI can pass its empty choices as they are
        }
        let is_date = value.dyn_ref::<js_sys::Date>().is_some();
        if !is_plain_object(&value) || is_date {
            out.push(Filter::new(
                &field,
                Condition::Any(filter_values(&value, &path)?),
            ));
            continue;
        }
        let (mut from, mut to) = (None, None);
        for (name, v) in entries(&value) {
            let path = format!("{path}.{name}");
            if v.is_undefined() {
                continue;
            }
            let condition = match name.as_str() {
                "any" => Condition::Any(filter_values(&v, &path)?),
                "all" => Condition::All(filter_values(&v, &path)?),
                "none" => Condition::None(filter_values(&v, &path)?),
                "from" => {
                    from = Some(bound(index, &field, &v, &path)?);
                    continue;
                }
                "to" => {
                    to = Some(bound(index, &field, &v, &path)?);
                    continue;
                }
                _ => {
                    let known = ["any", "all", "none", "from", "to"];
                    let hint = closest(&name, &known)
                        .map(|k| format!(" (did you mean \"{k}\"?)"))
                        .unwrap_or_default();
                    return Err(option_error(format!(
                        "{path} is not a condition{hint}; the conditions are any, all, none, from and to"
                    )));
                }
            };
            out.push(Filter::new(&field, condition));
        }
        if from.is_some() || to.is_some() {
            out.push(Filter::new(&field, Condition::Range { from, to }));
        }
    }
    Ok(out)
}

fn parse_facets(value: &JsValue) -> Result<Vec<String>, JsError> {
    if !js_sys::Array::is_array(value) {
        return Err(option_error(format!(
            "facets must be an array of field names such as [\"section\"]; {}",
            got(value)
        )));
    }
    let array: &js_sys::Array = value.unchecked_ref();
    array
        .iter()
        .enumerate()
        .map(|(i, v)| {
            v.as_string().ok_or_else(|| {
                option_error(format!(
                    "facets[{i}] must be a field name (a string); {}",
                    got(&v)
                ))
            })
        })
        .collect()
}

fn parse_sort(value: &JsValue) -> Result<Option<Sort>, JsError> {
    let fields = if is_plain_object(value) {
        entries(value)
    } else {
        Vec::new()
    };
    let [(field, order)] = fields.as_slice() else {
        return Err(option_error(format!(
            "sort must be an object with one field, such as {{ date: \"desc\" }}; {}",
            got(value)
        )));
    };
    let descending = match order.as_string().as_deref() {
        Some("asc") => false,
        Some("desc") => true,
        _ => {
            return Err(option_error(format!(
                "sort.{field} must be \"asc\" or \"desc\"; {}",
                got(order)
            )))
        }
    };
    Ok(Some(Sort {
        field: field.clone(),
        descending,
    }))
}

fn search_options(
    index: &engine::SearchIndex,
    options: &JsValue,
) -> Result<SearchOptions, JsError> {
    let mut out = SearchOptions::default();
    if options.is_undefined() || options.is_null() {
        return Ok(out);
    }
    if !options.is_object() {
        return Err(JsError::new(
            "search options must be an object such as { limit: 10 }",
        ));
    }
    // Each name compared as a JS string with the known ones: only an unknown name is copied
    // into Rust, for its message.
    let unknown = SEARCH_OPTION_KEYS.with(|keys| {
        Object::keys(options.unchecked_ref::<Object>())
            .iter()
            .find(|name| !keys.contains(name))
    });
    if let Some(name) = unknown {
        let name = name.as_string().unwrap_or_default();
        let hint = closest(&name, &SEARCH_OPTIONS)
            .map(|k| format!(" (did you mean \"{k}\"?)"))
            .unwrap_or_default();
        return Err(option_error(format!(
            "unknown option \"{name}\"{hint}; the options are limit, offset, prefix, fuzzy, \
             snippets, filters, facets, sort"
        )));
    }
    let object: &Object = options.unchecked_ref();
    let get = |key: &str| {
        SEARCH_OPTION_KEYS.with(|keys| {
            let known = SEARCH_OPTIONS.iter().position(|&k| k == key);
            match known.and_then(|i| keys.get(i)) {
                Some(key) => Reflect::get(object, key),
                None => Reflect::get(object, &JsValue::from_str(key)),
            }
            .unwrap_or(JsValue::UNDEFINED)
        })
    };
    let number = |key: &'static str, min: usize, max: usize| -> Result<Option<usize>, JsError> {
        let value = get(key);
        if value.is_undefined() {
            return Ok(None);
        }
        let n = value
            .as_f64()
            .ok_or_else(|| invalid(key, "must be a number"))?;
        whole_number(n, min, max)
            .map(Some)
            .map_err(|rule| invalid(key, &format!("must be {rule}")))
    };
    let flag = |key: &'static str| -> Result<Option<bool>, JsError> {
        let value = get(key);
        if value.is_undefined() {
            return Ok(None);
        }
        value
            .as_bool()
            .map(Some)
            .ok_or_else(|| invalid(key, "must be true or false"))
    };
    if let Some(limit) = number("limit", 1, MAX_LIMIT)? {
        out.limit = limit;
    }
    if let Some(offset) = number("offset", 0, u32::MAX as usize)? {
        out.offset = offset;
    }
    if let Some(prefix) = flag("prefix")? {
        out.prefix = prefix;
    }
    if let Some(fuzzy) = flag("fuzzy")? {
        out.fuzzy = fuzzy;
    }
    if let Some(snippets) = flag("snippets")? {
        out.snippets = snippets;
    }
    let present = |v: &JsValue| !v.is_undefined() && !v.is_null();
    let filters = get("filters");
    if present(&filters) {
        out.filters = parse_filters(index, &filters)?;
    }
    let facets = get("facets");
    if present(&facets) {
        out.facets = parse_facets(&facets)?;
    }
    let sort = get("sort");
    if present(&sort) {
        out.sort = parse_sort(&sort)?;
    }
    Ok(out)
}

/// Builds an index file from documents (the `npx fahras build` CLI's module;
/// compiled only with the `indexer` feature so pages do not download it).
/// Every input goes through the corpus module's one rule
/// (`corpus::from_fields`), as `build.rs` does, so the same corpus gives the
/// same bytes on every path.
#[cfg(feature = "indexer")]
#[wasm_bindgen]
pub struct IndexBuilder {
    inner: Option<crate::IndexBuilder>,
    options: crate::corpus::Options,
    /// Distinct terms of the index `finish` wrote, so a caller need not open it to say.
    terms: u32,
}

/// A corpus error as a JS `Error`, with its `line` (when known) as a property,
/// so the CLI can say `file:line: message` as build.rs does.
#[cfg(feature = "indexer")]
fn corpus_error(e: crate::corpus::CorpusError) -> JsValue {
    let error = js_sys::Error::new(&e.message);
    if let Some(line) = e.line {
        let _ = Reflect::set(&error, &"line".into(), &JsValue::from(line as u32));
    }
    error.into()
}

/// A JS value as the corpus module's input value.
#[cfg(feature = "indexer")]
fn corpus_value(value: &JsValue) -> crate::corpus::Value {
    use crate::corpus::Value;
    if value.is_undefined() || value.is_null() {
        Value::Null
    } else if let Some(s) = value.as_string() {
        Value::Text(s)
    } else if let Some(n) = value.as_f64() {
        Value::Number(n)
    } else if let Some(b) = value.as_bool() {
        Value::Bool(b)
    } else if js_sys::Array::is_array(value) {
        let array: &js_sys::Array = value.unchecked_ref();
        Value::List(array.iter().map(|v| corpus_value(&v)).collect())
    } else {
        Value::Object
    }
}

#[cfg(feature = "indexer")]
#[wasm_bindgen]
impl IndexBuilder {
    /// `new IndexBuilder({ lenient? })`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "IndexBuilderOptions")] options: JsValue,
    ) -> Result<IndexBuilder, JsError> {
        let mut corpus_options = crate::corpus::Options::default();
        if !options.is_undefined() && !options.is_null() {
            if !options.is_object() {
                return Err(JsError::new(
                    "IndexBuilder options must be an object such as { lenient: true }",
                ));
            }
            let lenient = Reflect::get(&options, &"lenient".into()).unwrap_or(JsValue::UNDEFINED);
            if !lenient.is_undefined() {
                corpus_options.lenient = lenient
                    .as_bool()
                    .ok_or_else(|| invalid("lenient", "must be true or false"))?;
            }
        }
        Ok(IndexBuilder {
            inner: Some(crate::IndexBuilder::new()),
            options: corpus_options,
            terms: 0,
        })
    }

    /// Add `{ id, text, title?, date?, url?, ...metadata }` (see `DocumentInput`).
    /// Throws on a missing id or text, a duplicate id, an unreadable date, or
    /// metadata that is not a string, number, boolean or list of strings.
    #[wasm_bindgen(unchecked_return_type = "AddResult")]
    pub fn add(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "DocumentInput")] document: JsValue,
    ) -> Result<JsValue, JsValue> {
        if !document.is_object() || js_sys::Array::is_array(&document) {
            return Err(JsError::new(crate::corpus::msg::NOT_AN_OBJECT).into());
        }
        let entries = Object::entries(document.unchecked_ref());
        let fields = entries
            .iter()
            .map(|entry| {
                let entry: js_sys::Array = entry.unchecked_into();
                let key = entry.get(0).as_string().unwrap_or_default();
                (key, corpus_value(&entry.get(1)))
            })
            .collect();
        let parsed =
            crate::corpus::from_fields(fields, &self.options, &|_| None).map_err(corpus_error)?;
        self.add_parsed(parsed)
    }

    /// Add a file's content: `format` is its extension (`txt`: a scraped
    /// article, title and date read from the text; `md`: CommonMark with
    /// front matter; `html`: a page). A Markdown draft adds nothing
    /// (`drafts: 1`). Errors carry the file's `line` when known.
    #[wasm_bindgen(js_name = addFile, unchecked_return_type = "AddResult")]
    pub fn add_file(
        &mut self,
        id: &str,
        content: &str,
        #[wasm_bindgen(unchecked_param_type = "FileFormat")] format: &str,
    ) -> Result<JsValue, JsValue> {
        let Some(kind) = crate::corpus::Format::from_extension(format) else {
            return Err(JsError::new(&format!(
                "`{id}`: files of type `{format}` cannot be indexed (supported: txt, md, html)"
            ))
            .into());
        };
        let parsed =
            crate::corpus::read_file(id, content, kind, &self.options).map_err(corpus_error)?;
        self.add_parsed(parsed)
    }

    /// Add JSON text: one document object or an array of them (a `.json`
    /// file). Parsed as `build.rs` parses it.
    #[wasm_bindgen(js_name = addJson, unchecked_return_type = "AddResult")]
    pub fn add_json(&mut self, json: &str) -> Result<JsValue, JsValue> {
        let parsed = if json.trim().is_empty() {
            crate::corpus::Parsed::default()
        } else {
            crate::corpus::read_json(json, &self.options).map_err(corpus_error)?
        };
        self.add_parsed(parsed)
    }

    /// Add one line of a `.jsonl`/`.ndjson` file: one document object (a
    /// blank line adds nothing). Parsed as `build.rs` parses it.
    #[wasm_bindgen(js_name = addJsonLine, unchecked_return_type = "AddResult")]
    pub fn add_json_line(&mut self, line: &str) -> Result<JsValue, JsValue> {
        let parsed = crate::corpus::read_json_line(line, &self.options).map_err(corpus_error)?;
        self.add_parsed(parsed)
    }

    /// The format of a corpus file by its name (`"md"` for `a.markdown`),
    /// or `undefined` for a file a folder walk skips.
    #[wasm_bindgen(js_name = fileFormat, unchecked_return_type = "FileFormat | undefined")]
    pub fn file_format(name: &str) -> JsValue {
        crate::corpus::Format::of_file(name)
            .map_or(JsValue::UNDEFINED, |f| JsValue::from_str(f.name()))
    }

    /// Whether a folder walk skips this name (hidden entries, `node_modules`).
    #[wasm_bindgen(js_name = isIgnoredName)]
    pub fn is_ignored_name(name: &str) -> bool {
        crate::corpus::is_ignored_name(name)
    }

    /// Documents added so far.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> usize {
        self.inner.as_ref().map_or(0, |b| b.len())
    }

    /// Distinct terms of the index `finish` returned (0 before).
    #[wasm_bindgen(getter)]
    pub fn terms(&self) -> u32 {
        self.terms
    }

    /// Analyse everything and return the index file's bytes. The builder is
    /// spent afterwards.
    pub fn finish(&mut self) -> Result<Vec<u8>, JsError> {
        self.finish_file()
    }

    /// Analyse everything and hand the files of a split index to `write(name, bytes)`, one at a
    /// time, the entry (`fahras-entry.bin`) first (`npx fahras build --split`). Only one file is
    /// held at a time besides the index, so a corpus too large to split after `finish()` still
    /// splits here. An exception thrown by `write` stops it and is thrown again. The builder is
    /// spent afterwards.
    #[wasm_bindgen(js_name = finishSplit)]
    pub fn finish_split(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "(name: string, bytes: Uint8Array) => void")]
        write: js_sys::Function,
    ) -> Result<(), JsValue> {
        let bytes = self.finish_file()?;
        let mut thrown = None;
        let split = crate::index::split::split_into(
            crate::index::Bytes::Shared(std::sync::Arc::new(bytes)),
            crate::index::split::PieceSizes::default(),
            &mut |name, bytes| {
                // A copy the callback may keep (a view would change under it).
                let copy = Uint8Array::from(bytes.as_slice());
                write
                    .call2(&JsValue::NULL, &JsValue::from_str(&name), &copy)
                    .map(drop)
                    .map_err(|e| {
                        thrown = Some(e);
                        Error::Corrupt("writing the split stopped".into())
                    })
            },
        );
        match (split, thrown) {
            (_, Some(e)) => Err(e),
            (Err(e), None) => Err(js_error(e).into()),
            (Ok(()), None) => Ok(()),
        }
    }

    /// The index file of everything added; the builder is spent, its term count kept.
    fn finish_file(&mut self) -> Result<Vec<u8>, JsError> {
        let builder = self
            .inner
            .take()
            .ok_or_else(|| JsError::new("this IndexBuilder has already been finished"))?;
        let parts = builder.finish_parts().map_err(js_error)?;
        self.terms = parts.distinct_words;
        parts.into_bytes().map_err(js_error)
    }

    fn add_parsed(&mut self, parsed: crate::corpus::Parsed) -> Result<JsValue, JsValue> {
        let builder = self
            .inner
            .as_mut()
            .ok_or_else(|| JsError::new("this IndexBuilder has already been finished"))?;
        let added = parsed.documents.len();
        for doc in parsed.documents {
            builder.add(doc).map_err(|e| JsValue::from(js_error(e)))?;
        }
        let result = AddResult {
            added,
            drafts: parsed.drafts,
            warnings: parsed.warnings.iter().map(|w| w.to_string()).collect(),
        };
        serde::Serialize::serialize(&result, &serde_wasm_bindgen::Serializer::json_compatible())
            .map_err(|e| {
                JsError::new(&format!("cannot convert a result for JavaScript: {e}")).into()
            })
    }
}

/// What one `add`, `addFile` or `addJson` call did (the `AddResult` of the types).
#[cfg(feature = "indexer")]
#[derive(serde::Serialize)]
struct AddResult {
    added: usize,
    drafts: usize,
    warnings: Vec<String>,
}
