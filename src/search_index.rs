//! [`SearchIndex`]: the public face of the engine.

use std::sync::Arc;

use fst::Streamer;
use serde::{Serialize, Serializer};

use crate::analysis;
use crate::corpus::{Document, FieldValue};
use crate::error::{Error, Result};
use crate::index::{Bytes, IndexReader};
use crate::query::{execute, parse, terms};
use crate::snippet::{self, Segment};

/// The index built from the corpus at compile time (`build.rs`).
#[cfg(feature = "embedded")]
static EMBEDDED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/index.fhr"));

/// Most hits one search returns.
pub const MAX_LIMIT: usize = 1000;
/// Most completions one `suggest` returns.
pub const MAX_SUGGESTIONS: usize = 100;
/// Dictionary entries read to find completions.
const MAX_SUGGEST_SCAN: usize = 4096;

/// How a search is run. See docs/api.md for the meaning of each option.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchOptions {
    /// Hits returned, 1 to [`MAX_LIMIT`].
    pub limit: usize,
    /// Hits skipped, for paging.
    pub offset: usize,
    /// The last query word also matches as a prefix (unless the query ends with a space).
    pub prefix: bool,
    /// A word that matches nothing is retried within a small edit distance.
    pub fuzzy: bool,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 10,
            offset: 0,
            prefix: true,
            fuzzy: true,
        }
    }
}

impl SearchOptions {
    pub fn validate(&self) -> Result<()> {
        if !(1..=MAX_LIMIT).contains(&self.limit) {
            return Err(Error::InvalidOption {
                name: "limit",
                reason: format!("must be between 1 and {MAX_LIMIT}, got {}", self.limit),
            });
        }
        Ok(())
    }
}

/// One page of results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchResults {
    /// Every matching document, not only this page.
    pub total: usize,
    pub hits: Vec<Hit>,
    /// The query respelt with the closest words of the corpus, when a word
    /// matched nothing or only as a typo ("did you mean").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
}

/// One matching document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub id: String,
    pub title: String,
    /// Relevance; hits are sorted by it, ties by id.
    pub score: f32,
    /// The best passage, as consecutive pieces of the original text.
    pub snippet: Vec<Segment>,
    /// The whole title as consecutive pieces (joined: the title verbatim),
    /// matched words marked.
    #[serde(rename = "titleSegments")]
    pub title_segments: Vec<Segment>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Other stored metadata, with their JSON types.
    #[serde(skip_serializing_if = "Vec::is_empty", serialize_with = "as_map")]
    pub fields: Vec<(String, FieldValue)>,
}

pub(crate) fn as_map<S: Serializer>(
    fields: &[(String, FieldValue)],
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    s.collect_map(fields.iter().map(|(k, v)| (k, v)))
}

/// A field value crosses into JavaScript as its JSON type: string, number,
/// boolean or array of strings.
impl Serialize for FieldValue {
    #[inline(never)]
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            FieldValue::Text(t) => s.serialize_str(t),
            FieldValue::Number(n) => s.serialize_f64(*n),
            FieldValue::Bool(b) => s.serialize_bool(*b),
            FieldValue::List(items) => s.collect_seq(items),
        }
    }
}

/// Size facts about an index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    pub documents: usize,
    /// Distinct normalised words.
    pub terms: usize,
    /// Bytes of the whole index, stored text included.
    pub index_bytes: usize,
}

/// A searchable index: the embedded corpus or one loaded from bytes. Cheap to
/// clone (the bytes are shared).
#[derive(Clone)]
pub struct SearchIndex {
    reader: IndexReader,
}

impl SearchIndex {
    /// The corpus compiled into this build.
    ///
    /// # Panics
    /// Never in a build made by `build.rs`, which wrote and checked these bytes;
    /// use [`SearchIndex::open_embedded`] to handle the error yourself.
    pub fn embedded() -> SearchIndex {
        match Self::open_embedded() {
            Ok(index) => index,
            // Display, not Debug: `expect` would pull Debug formatting into the wasm.
            Err(e) => panic!("the embedded index written by build.rs does not open: {e}"),
        }
    }

    /// The corpus compiled into this build, or why it cannot be opened.
    pub fn open_embedded() -> Result<SearchIndex> {
        #[cfg(feature = "embedded")]
        return Self::from_static(EMBEDDED);
        #[cfg(not(feature = "embedded"))]
        Err(Error::NoEmbeddedIndex)
    }

    /// Open index bytes that live for the whole program, without copying them.
    pub fn from_static(bytes: &'static [u8]) -> Result<SearchIndex> {
        Ok(SearchIndex {
            reader: IndexReader::open(Bytes::Static(bytes))?,
        })
    }

    /// Open index bytes (an `.fhr` file), checking them first.
    pub fn from_bytes(bytes: impl Into<Vec<u8>>) -> Result<SearchIndex> {
        Ok(SearchIndex {
            reader: IndexReader::open(Bytes::Shared(Arc::new(bytes.into())))?,
        })
    }

    /// Search. Never fails because of the query string; fails on invalid
    /// options or when the index turns out to be corrupt.
    pub fn search(&self, query: &str, options: &SearchOptions) -> Result<SearchResults> {
        options.validate()?;
        let parsed = parse::parse(query);
        if parsed.is_empty() {
            return Ok(SearchResults {
                total: 0,
                hits: Vec::new(),
                suggestion: None,
            });
        }
        let outcome = execute::execute(
            &self.reader,
            &parsed,
            query,
            options.prefix,
            options.fuzzy,
            options.offset.saturating_add(options.limit),
        )?;
        let page: Vec<(u32, f32)> = outcome
            .ranked
            .iter()
            .skip(options.offset)
            .take(options.limit)
            .copied()
            .collect();
        let mut hits = Vec::with_capacity(page.len());
        for (doc, score) in page {
            let stored = self.reader.document(doc)?;
            let title_len = self.reader.doc_lengths(doc)?.0;
            let positions = outcome.matched_words(doc);
            hits.push(Hit {
                id: stored.id.to_string(),
                title: stored.title.to_string(),
                score,
                snippet: snippet::snippet(stored.text, title_len, positions),
                title_segments: snippet::title_segments(stored.title, title_len, positions),
                date: stored.date.map(str::to_string),
                url: stored.url.map(str::to_string),
                fields: stored.fields.decode()?,
            });
        }
        Ok(SearchResults {
            total: outcome.ranked.len(),
            hits,
            suggestion: outcome.suggestion,
        })
    }

    /// Completions of the last word of `prefix`, most frequent first, as
    /// written in the corpus. Stopwords and one-letter words are left out.
    pub fn suggest(&self, prefix: &str, limit: usize) -> Result<Vec<String>> {
        let limit = limit.min(MAX_SUGGESTIONS);
        let prefix = parse::truncate(prefix, parse::MAX_QUERY_BYTES);
        let Some((start, end)) = analysis::word_spans(prefix).last() else {
            return Ok(Vec::new());
        };
        let typed = analysis::normalize(&prefix[start..end]);
        if typed.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let words = self.reader.words();
        let mut stream = terms::words_starting_with(words, &typed);
        let mut found = Vec::new();
        while let Some((key, offset)) = stream.next() {
            if found.len() >= MAX_SUGGEST_SCAN {
                break;
            }
            let Ok(key) = std::str::from_utf8(key) else {
                continue;
            };
            if key.chars().count() < 2 || analysis::is_stopword(key) {
                continue;
            }
            found.push((self.reader.word_info(offset)?.cf, offset));
        }
        // Most frequent first, ties in dictionary order (the stream's order);
        // packed into u64 keys so all sorting shares one instantiation.
        let mut keys: Vec<u64> = found
            .iter()
            .enumerate()
            .map(|(i, (cf, _))| u64::from(u32::MAX - cf) << 32 | i as u64)
            .collect();
        keys.sort_unstable();
        let mut out: Vec<String> = Vec::with_capacity(limit);
        for key in keys {
            let offset = found[(key & 0xFFFF_FFFF) as usize].1;
            let Some(shown) = terms::written_form(&self.reader, offset)? else {
                continue;
            };
            if !out.contains(&shown) {
                out.push(shown);
                if out.len() == limit {
                    break;
                }
            }
        }
        Ok(out)
    }

    /// A stored document by id.
    pub fn document(&self, id: &str) -> Result<Option<Document>> {
        let Some(doc) = self.reader.find_document(id)? else {
            return Ok(None);
        };
        let stored = self.reader.document(doc)?;
        Ok(Some(Document {
            id: stored.id.to_string(),
            title: stored.title.to_string(),
            date: stored.date.map(str::to_string),
            date_text: stored.date_text.map(str::to_string),
            url: stored.url.map(str::to_string),
            text: stored.text.to_string(),
            fields: stored.fields.decode()?,
        }))
    }

    /// The index bytes, e.g. to save an index built at run time as an `.fhr` file.
    pub fn as_bytes(&self) -> &[u8] {
        self.reader.as_bytes()
    }

    pub fn stats(&self) -> Stats {
        Stats {
            documents: self.reader.documents() as usize,
            terms: self.reader.distinct_words() as usize,
            index_bytes: self.reader.len(),
        }
    }
}
