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
  /** The whole title, matched words marked: joined, the pieces are the title verbatim. */
  titleSegments: Segment[];
  date?: string;
  url?: string;
  /** Other stored metadata. */
  fields?: Record<string, string>;
}

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
  date?: string;
  url?: string;
  text: string;
  fields?: Record<string, string>;
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
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    text: String,
    #[serde(
        skip_serializing_if = "Vec::is_empty",
        serialize_with = "engine::as_map"
    )]
    fields: Vec<(String, String)>,
}

impl From<crate::Document> for StoredDocument {
    fn from(doc: crate::Document) -> Self {
        StoredDocument {
            id: doc.id,
            title: doc.title,
            date: doc.date,
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
#[cfg(feature = "indexer")]
#[wasm_bindgen]
pub struct IndexBuilder {
    inner: Option<crate::IndexBuilder>,
}

#[cfg(feature = "indexer")]
#[wasm_bindgen]
impl IndexBuilder {
    #[wasm_bindgen(constructor)]
    pub fn new() -> IndexBuilder {
        IndexBuilder {
            inner: Some(crate::IndexBuilder::new()),
        }
    }

    /// Add `{ id, title?, text, url?, date?, ...metadata }`. String, number and
    /// boolean metadata are kept as strings; a missing title is taken from the
    /// text's lead. Throws on a missing id, a duplicate id or a value that is
    /// not text.
    pub fn add(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Record<string, unknown>")] document: JsValue,
    ) -> Result<(), JsError> {
        let builder = self.builder()?;
        if !document.is_object() {
            return Err(JsError::new(
                "a document must be an object such as { id, title, text }",
            ));
        }
        let mut doc = crate::Document::default();
        let entries = Object::entries(document.unchecked_ref());
        for entry in entries.iter() {
            let entry: js_sys::Array = entry.unchecked_into();
            let key = entry.get(0).as_string().unwrap_or_default();
            let value = entry.get(1);
            let text = if let Some(s) = value.as_string() {
                s
            } else if let Some(n) = value.as_f64() {
                // JS's own number formatting: Rust's would add ~15 KB of code.
                js_sys::Number::from(n)
                    .to_string_with_radix(10)
                    .map(String::from)
                    .unwrap_or_default()
            } else if let Some(b) = value.as_bool() {
                b.to_string()
            } else if value.is_undefined() || value.is_null() {
                continue;
            } else {
                let id = doc.id.clone();
                return Err(js_error(Error::InvalidDocument {
                    id,
                    reason: format!("field `{key}` must be a string, number or boolean"),
                }));
            };
            doc.set(key, text);
        }
        if doc.id.trim().is_empty() {
            return Err(JsError::new(
                "a document has no `id`: every document needs a unique id",
            ));
        }
        if doc.title.trim().is_empty() {
            doc.title = crate::Document::from_text(&doc.id, &doc.text).title;
        }
        builder.add(doc).map_err(js_error)?;
        Ok(())
    }

    /// Add a file's content: `format` is its extension — `txt` (title and
    /// date read from the text as for the seed articles), `md` (front matter
    /// and first heading) or `html` (`<h1>`/`<title>`, meta date, visible text).
    #[wasm_bindgen(js_name = addFile)]
    pub fn add_file(&mut self, id: &str, content: &str, format: &str) -> Result<(), JsError> {
        let builder = self.builder()?;
        let doc = crate::Document::from_file(id, content, format).ok_or_else(|| {
            JsError::new(&format!(
                "`{id}`: files of type `{format}` cannot be indexed (supported: txt, md, html)"
            ))
        })?;
        builder.add(doc).map_err(js_error)?;
        Ok(())
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

    fn builder(&mut self) -> Result<&mut crate::IndexBuilder, JsError> {
        self.inner
            .as_mut()
            .ok_or_else(|| JsError::new("this IndexBuilder has already been finished"))
    }
}

#[cfg(feature = "indexer")]
impl Default for IndexBuilder {
    fn default() -> Self {
        Self::new()
    }
}
