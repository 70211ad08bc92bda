//! The JavaScript API (see API.md): the only module that knows about
//! wasm-bindgen. It converts arguments, validates options, and turns every
//! error into a JS `Error` with the engine's message. Results cross the
//! boundary as plain JSON-compatible objects (nothing to free on the JS side).

use js_sys::{Object, Reflect};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::analysis;
use crate::error::Error;
use crate::search_index::{self as engine, SearchOptions, MAX_LIMIT};

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
}

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
  text: string;
  fields?: Record<string, FieldValue>;
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

fn js_error(e: Error) -> JsError {
    JsError::new(&e.to_string())
}

fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&format!("cannot convert a result for JavaScript: {e}")))
}

/// A searchable index: the corpus embedded at build time, or an index file.
#[wasm_bindgen]
pub struct SearchIndex {
    inner: engine::SearchIndex,
}

#[wasm_bindgen]
impl SearchIndex {
    /// The corpus embedded in this build.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Result<SearchIndex, JsError> {
        let inner = engine::SearchIndex::open_embedded().map_err(js_error)?;
        Ok(SearchIndex { inner })
    }

    /// Open an index file (`.fhr`, from `npx fahras build`). Throws on bytes
    /// that are not a fahras index, truncated, corrupt or of another version.
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(bytes: Vec<u8>) -> Result<SearchIndex, JsError> {
        // `Vec<u8>`: wasm-bindgen copies the JS bytes into wasm memory once, and
        // the index keeps that copy (a `&[u8]` would need a second one).
        let inner = engine::SearchIndex::from_bytes(bytes).map_err(js_error)?;
        Ok(SearchIndex { inner })
    }

    /// Search. Any query string gives results or an empty result; invalid
    /// options throw an `Error` that names the option.
    #[wasm_bindgen(unchecked_return_type = "SearchResults")]
    pub fn search(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] query: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "SearchOptions")] options: JsValue,
    ) -> Result<JsValue, JsError> {
        let query = query_text(&query, "query")?;
        let options = search_options(&options)?;
        let results = self.inner.search(&query, &options).map_err(js_error)?;
        to_js(&results)
    }

    /// Completions of the last word of `prefix`, most frequent first, as written in the corpus.
    #[wasm_bindgen(unchecked_return_type = "string[]")]
    pub fn suggest(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] prefix: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "number")] limit: JsValue,
    ) -> Result<JsValue, JsError> {
        let prefix = query_text(&prefix, "prefix")?;
        let limit = match limit.as_f64() {
            None if limit.is_undefined() || limit.is_null() => 5,
            Some(n) => whole_number(n, "limit", 0, engine::MAX_SUGGESTIONS)?,
            None => return Err(invalid("limit", "must be a number")),
        };
        let words = self.inner.suggest(&prefix, limit).map_err(js_error)?;
        to_js(&words)
    }

    /// A stored document by id, or `undefined`.
    #[wasm_bindgen(unchecked_return_type = "StoredDocument | undefined")]
    pub fn document(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
    ) -> Result<JsValue, JsError> {
        let Some(id) = id.as_string() else {
            return Ok(JsValue::UNDEFINED);
        };
        match self.inner.document(&id).map_err(js_error)? {
            Some(doc) => to_js(&StoredDocument::from(doc)),
            None => Ok(JsValue::UNDEFINED),
        }
    }

    /// `{ documents, terms, indexBytes }`.
    #[wasm_bindgen(getter, unchecked_return_type = "IndexStats")]
    pub fn stats(&self) -> Result<JsValue, JsError> {
        to_js(&self.inner.stats())
    }
}

#[derive(Serialize)]
struct StoredDocument {
    id: String,
    title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(rename = "dateText", skip_serializing_if = "Option::is_none")]
    date_text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    text: String,
    #[serde(
        skip_serializing_if = "Vec::is_empty",
        serialize_with = "engine::as_map"
    )]
    fields: Vec<(String, crate::FieldValue)>,
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
        }
    }
}

/// Normalise text as the index does: `normalize("أَكَّدَ") === "اكد"`.
#[wasm_bindgen]
pub fn normalize(text: &str) -> String {
    analysis::normalize(text)
}

#[derive(Serialize)]
struct Token<'a> {
    text: &'a str,
    normalized: String,
    stem: String,
    stopword: bool,
    start: usize,
    end: usize,
}

/// The words of `text` with their normalised form, stem and UTF-16 offsets.
#[wasm_bindgen(unchecked_return_type = "Token[]")]
pub fn analyze(text: &str) -> Result<JsValue, JsError> {
    let tokens = analysis::analyze(text);
    // Byte offsets → UTF-16 offsets in one forward pass. Starts never
    // decrease, but the parts of one decomposed character (ﷺ is four words)
    // share its span, so only starts move the cursor; an end is its start
    // plus the span's own UTF-16 length.
    let mut out = Vec::with_capacity(tokens.len());
    let (mut byte, mut unit) = (0usize, 0usize);
    for token in &tokens {
        if token.start >= byte {
            unit += utf16_len(&text[byte..token.start]);
            byte = token.start;
        }
        let span = &text[token.start..token.end];
        out.push(Token {
            text: span,
            normalized: token.normalized.clone(),
            stem: token.stem.clone(),
            stopword: analysis::is_stopword(&token.normalized),
            start: unit,
            end: unit + utf16_len(span),
        });
    }
    to_js(&out)
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

/// A string argument; `undefined`/`null` read as empty, anything else is an error.
fn query_text(value: &JsValue, name: &'static str) -> Result<String, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(String::new());
    }
    value
        .as_string()
        .ok_or_else(|| invalid(name, "must be a string"))
}

fn whole_number(n: f64, name: &'static str, min: usize, max: usize) -> Result<usize, JsError> {
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
        return Err(invalid(
            name,
            &format!("must be a whole number from {min} to {max}, got {got}"),
        ));
    }
    Ok(n as usize)
}

fn search_options(options: &JsValue) -> Result<SearchOptions, JsError> {
    let mut out = SearchOptions::default();
    if options.is_undefined() || options.is_null() {
        return Ok(out);
    }
    if !options.is_object() {
        return Err(JsError::new(
            "search options must be an object such as { limit: 10 }",
        ));
    }
    let object: &Object = options.unchecked_ref();
    let get =
        |key: &str| Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
    let number = |key: &'static str, min: usize, max: usize| -> Result<Option<usize>, JsError> {
        let value = get(key);
        if value.is_undefined() {
            return Ok(None);
        }
        let n = value
            .as_f64()
            .ok_or_else(|| invalid(key, "must be a number"))?;
        whole_number(n, key, min, max).map(Some)
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
}

#[cfg(feature = "indexer")]
#[derive(Serialize)]
struct AddResult {
    added: usize,
    drafts: usize,
    warnings: Vec<String>,
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

    /// Analyse everything and return the index file's bytes. The builder is
    /// spent afterwards.
    pub fn finish(&mut self) -> Result<Vec<u8>, JsError> {
        let builder = self
            .inner
            .take()
            .ok_or_else(|| JsError::new("this IndexBuilder has already been finished"))?;
        builder.finish().map_err(js_error)
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
        Ok(to_js(&AddResult {
            added,
            drafts: parsed.drafts,
            warnings: parsed.warnings.iter().map(|w| w.to_string()).collect(),
        })?)
    }
}
