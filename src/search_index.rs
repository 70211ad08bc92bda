//! [`SearchIndex`]: the public face of the engine.

use std::sync::Arc;

use serde::{Serialize, Serializer};

use crate::analysis;
use crate::corpus::{Document, FieldValue};
use crate::error::{Error, Result};
use crate::index::{Bytes, IndexReader};
use crate::query::filter::{self, Facet, FieldStats, Filter, Narrowing, Sort};
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
#[derive(Debug, Clone, PartialEq)]
pub struct SearchOptions {
    /// Hits returned, 1 to [`MAX_LIMIT`].
    pub limit: usize,
    /// Hits skipped, for paging.
    pub offset: usize,
    /// The last query word also matches as a prefix (unless the query ends with a space).
    pub prefix: bool,
    /// A word that matches nothing is retried within a small edit distance.
    pub fuzzy: bool,
    /// Hits carry `snippet` and `titleSegments`; off, both are empty and cost nothing (a caller
    /// that wants many ids, or shows its own excerpt).
    pub snippets: bool,
    /// Conditions on metadata that every hit must meet.
    pub filters: Vec<Filter>,
    /// Fields whose values are counted over all matches ([`SearchResults::facets`]).
    pub facets: Vec<String>,
    /// Order by a field instead of relevance.
    pub sort: Option<Sort>,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 10,
            offset: 0,
            prefix: true,
            fuzzy: true,
            snippets: true,
            filters: Vec::new(),
            facets: Vec::new(),
            sort: None,
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
    /// Per field asked for in [`SearchOptions::facets`], its values' counts
    /// over every match; `None` when no facets were asked for.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "facets_map")]
    pub facets: Option<Vec<Facet>>,
}

/// Facets cross into JavaScript as `{ field: { value: count } }`.
fn facets_map<S: Serializer>(
    facets: &Option<Vec<Facet>>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    struct Counts<'a>(&'a [(String, usize)]);
    impl Serialize for Counts<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
            s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
        }
    }
    let facets = facets.as_deref().unwrap_or_default();
    s.collect_map(facets.iter().map(|f| (&f.field, Counts(&f.counts))))
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    pub documents: usize,
    /// Distinct normalised words.
    pub terms: usize,
    /// Bytes of the whole index, stored text included.
    pub index_bytes: usize,
    /// The fields a search can filter, count and sort by: name → type and
    /// number of distinct values.
    #[serde(serialize_with = "fields_map")]
    pub fields: Vec<(String, FieldStats)>,
}

fn fields_map<S: Serializer>(
    fields: &[(String, FieldStats)],
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    s.collect_map(fields.iter().map(|(k, v)| (k, v)))
}

/// Part of a stored document's text ([`SearchIndex::document_text`]); offsets in UTF-16 code units.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TextPart {
    pub text: String,
    /// Where the part starts and ends in the whole text.
    pub from: usize,
    pub to: usize,
    /// The whole text's length.
    pub length: usize,
}

/// `[from, to)` of a stored text (UTF-16 offsets, clamped and moved back to a character's start).
fn text_part(text: &[u8], from: usize, to: usize) -> Result<TextPart> {
    let (start, from) = utf16::boundary(text, 0, 0, from);
    let (end, to) = utf16::boundary(text, start, from, to.max(from));
    let length = to + utf16::len(&text[end..]);
    Ok(TextPart {
        text: utf8_part(&text[start..end])?.to_string(),
        from,
        to,
        length,
    })
}

/// Bytes of stored text `document_index_of` checks and searches per step.
const FIND_CHUNK: usize = 1 << 16;

/// The UTF-16 offset of the first `needle` in `text` at or after byte `start` (UTF-16 offset
/// `from`). The text is checked and searched a chunk at a time ([`find_bytes`], linear whatever the
/// needle; small chunks also let the browser switch to its optimised code early), so the cost is that of the text before the match, not of the whole document.
fn find_from(text: &[u8], start: usize, from: usize, needle: &str) -> Result<Option<usize>> {
    let chunk = needle.len().max(FIND_CHUNK);
    let to_boundary = |mut i: usize| {
        while text.get(i).is_some_and(|&b| b & 0xC0 == 0x80) {
            i += 1;
        }
        i.min(text.len())
    };
    let (mut pos, mut at) = (start, from);
    loop {
        let end = to_boundary(pos.saturating_add(chunk).min(text.len()));
        // Searched up to a needle's length past `end`, so a match across the seam is found; a
        // match there is still the first, since none starts before `end`.
        let searched = to_boundary(end.saturating_add(needle.len()).min(text.len()));
        let hay = utf8_part(&text[pos..searched])?;
        if let Some(i) = find_bytes(hay.as_bytes(), needle.as_bytes()) {
            return Ok(Some(at + utf16::len(&text[pos..pos + i])));
        }
        if end >= text.len() {
            return Ok(None);
        }
        at += utf16::len(&text[pos..end]);
        pos = end;
    }
}

/// The byte offset of the first `needle` in `haystack`, by Knuth–Morris–Pratt: linear whatever
/// the needle. Not `str::find`: its searcher links core's `str` slicing panic, and with it the
/// `char` formatting and Unicode tables that panic prints with (README, "Module size"). Both
/// UTF-8, a match starts at a character boundary, so this finds what `str::find` finds.
pub(crate) fn find_bytes(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    // fallback[i]: the longest proper prefix of `needle[..=i]` that is also its suffix.
    let mut fallback = vec![0; needle.len()];
    let mut k = 0;
    for i in 1..needle.len() {
        while k > 0 && needle[i] != needle[k] {
            k = fallback[k - 1];
        }
        if needle[i] == needle[k] {
            k += 1;
        }
        fallback[i] = k;
    }
    // k: how many of the needle's first bytes the haystack before `i` ends with.
    let (mut i, mut k) = (0, 0);
    while k < needle.len() {
        if k == 0 {
            // Nothing matched, the usual state: on to the needle's first two bytes in a tight
            // loop (two, as Arabic letters share two lead bytes), which leaves nothing longer
            // matched, since nothing was before them.
            let rest = haystack.get(i..)?;
            let at = match needle.get(1) {
                None => rest.iter().position(|&b| b == needle[0])?,
                Some(&second) => rest.windows(2).position(|w| w == [needle[0], second])?,
            };
            k = needle.len().min(2);
            i += at + k;
            continue;
        }
        let b = *haystack.get(i)?;
        while k > 0 && b != needle[k] {
            k = fallback[k - 1];
        }
        if b == needle[k] {
            k += 1;
        }
        i += 1;
    }
    Some(i - k)
}

/// Part of a stored text, checked to be UTF-8 (the whole text is not checked on each read).
fn utf8_part(bytes: &[u8]) -> Result<&str> {
    std::str::from_utf8(bytes).map_err(|_| Error::Corrupt("a stored text is not UTF-8".into()))
}

/// UTF-16 lengths of UTF-8 text, eight bytes at a time: a 50 MB document is measured in a few
/// milliseconds, where decoding it character by character would take a good part of a second.
mod utf16 {
    const HIGH: u64 = 0x8080_8080_8080_8080;

    /// UTF-16 code units of the characters that start in `word`'s eight bytes: one per byte that
    /// is not a continuation byte (`10xxxxxx`), one more per lead byte of four (`11110xxx`).
    fn units(word: u64) -> usize {
        let continuation = word & !(word << 1) & HIGH;
        let four = word & (word << 1) & (word << 2) & (word << 3) & HIGH;
        (8 - continuation.count_ones() + four.count_ones()) as usize
    }

    fn byte_units(b: u8) -> usize {
        match b {
            0x80..=0xBF => 0,
            0xF0..=0xFF => 2,
            _ => 1,
        }
    }

    /// The UTF-16 length of the characters that start in `bytes` (of valid UTF-8).
    pub fn len(bytes: &[u8]) -> usize {
        let mut words = bytes.chunks_exact(8);
        let mut n = 0;
        for w in &mut words {
            n += units(u64::from_le_bytes(w.try_into().unwrap_or_default()));
        }
        n + words
            .remainder()
            .iter()
            .map(|&b| byte_units(b))
            .sum::<usize>()
    }

    /// The char boundary of `text` at UTF-16 offset `target`, searched from byte `start` (a char
    /// boundary at UTF-16 offset `at`, `at <= target`): `(byte, unit)`, the unit moved back to
    /// the character's start when `target` falls inside a surrogate pair, and at most the end.
    pub fn boundary(bytes: &[u8], start: usize, at: usize, target: usize) -> (usize, usize) {
        let (mut i, mut at) = (start, at);
        // Whole words while they end before the target (a word's units belong to its leads).
        while let Some(w) = bytes.get(i..i + 8) {
            let n = units(u64::from_le_bytes(w.try_into().unwrap_or_default()));
            if at + n >= target {
                break;
            }
            at += n;
            i += 8;
        }
        while let Some(&b) = bytes.get(i) {
            let n = byte_units(b);
            if n > 0 && (at == target || at + n > target) {
                return (i, at);
            }
            at += n;
            i += 1;
        }
        (bytes.len(), at)
    }
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
        return Ok(SearchIndex {
            reader: IndexReader::open_in_module(Bytes::Static(EMBEDDED))?,
        });
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

    /// Open the index a module carries in its `fahras.index` section (`fahras build --embed`):
    /// checked as [`from_bytes`](SearchIndex::from_bytes) checks a file, but for the checksum
    /// (see `IndexReader::open_in_module`).
    pub fn from_module_section(bytes: Vec<u8>) -> Result<SearchIndex> {
        Ok(SearchIndex {
            reader: IndexReader::open_in_module(Bytes::Shared(Arc::new(bytes)))?,
        })
    }

    /// Search. Never fails because of the query string; fails on invalid
    /// options or when the index turns out to be corrupt.
    pub fn search(&self, query: &str, options: &SearchOptions) -> Result<SearchResults> {
        self.complete(|| {
            options.validate()?;
            let parsed = parse::parse(query);
            let mut narrowing = Narrowing::new(
                &self.reader,
                &options.filters,
                &options.facets,
                options.sort.as_ref(),
            );
            let top = options.offset.saturating_add(options.limit);
            let outcome = if !parsed.is_empty() {
                execute::execute(
                    &self.reader,
                    &parsed,
                    query,
                    options.prefix,
                    options.fuzzy,
                    top,
                    // Snippets and titles are cut only for the page's hits.
                    if options.snippets { top } else { 0 },
                    &mut narrowing,
                )?
            } else if narrowing.browses() {
                // An empty query with filters or a sort browses every document that passes.
                let mut ranked: Vec<(u32, f32)> = (0..self.reader.documents())
                    .filter(|&doc| narrowing.admit(doc))
                    .map(|doc| (doc, 0.0))
                    .collect();
                narrowing.sort(&mut ranked, top);
                execute::Outcome {
                    ranked,
                    ..Default::default()
                }
            } else {
                return Ok(SearchResults {
                    total: 0,
                    hits: Vec::new(),
                    suggestion: None,
                    facets: None,
                });
            };
            let page: Vec<(u32, f32)> = outcome
                .ranked
                .iter()
                .skip(options.offset)
                .take(options.limit)
                .copied()
                .collect();
            let mut hits = Vec::with_capacity(page.len());
            for (doc, score) in page {
                // The text is read (and checked) only where a snippet is cut from it.
                let (stored, body) = self.reader.document_and_body(doc)?;
                let (snippet, title_segments) = if options.snippets {
                    let lengths = self.reader.doc_lengths(doc)?;
                    let positions = outcome.matched_words(doc);
                    (
                        snippet::snippet(&body, lengths, positions)?,
                        snippet::title_segments(stored.title, lengths.0, positions),
                    )
                } else {
                    (Vec::new(), Vec::new())
                };
                hits.push(Hit {
                    id: stored.id.to_string(),
                    title: stored.title.to_string(),
                    score,
                    snippet,
                    title_segments,
                    date: stored.date.map(str::to_string),
                    url: stored.url.map(str::to_string),
                    fields: stored.fields.decode()?,
                });
            }
            Ok(SearchResults {
                total: outcome.ranked.len(),
                hits,
                suggestion: outcome.suggestion,
                facets: narrowing.has_facets().then(|| narrowing.facets()),
            })
        })
    }

    /// Completions of the last word of `prefix`, most frequent first, as
    /// written in the corpus. Stopwords and one-letter words are left out.
    pub fn suggest(&self, prefix: &str, limit: usize) -> Result<Vec<String>> {
        self.complete(|| {
            let limit = limit.min(MAX_SUGGESTIONS);
            let prefix = parse::truncate(prefix, parse::MAX_QUERY_BYTES);
            let Some((start, end)) = analysis::word_spans(prefix).last() else {
                return Ok(Vec::new());
            };
            let typed = analysis::normalize(prefix.get(start..end).unwrap_or_default());
            if typed.is_empty() || limit == 0 {
                return Ok(Vec::new());
            }
            let mut stream = terms::words_starting_with(&self.reader, &typed);
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
        })
    }

    /// A stored document by id.
    pub fn document(&self, id: &str) -> Result<Option<Document>> {
        self.complete(|| {
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
        })
    }

    /// Part of a stored document's text, without copying the rest: `[from, to)` in UTF-16 code
    /// units (what JavaScript's `slice` counts), clamped to the text and moved back to the start
    /// of a character that either falls inside; `to` before `from` is an empty part at `from`.
    pub fn document_text(&self, id: &str, from: usize, to: usize) -> Result<Option<TextPart>> {
        self.complete(|| {
            let Some(doc) = self.reader.find_document(id)? else {
                return Ok(None);
            };
            text_part(self.reader.document_text_bytes(doc)?, from, to).map(Some)
        })
    }

    /// A stored document by id with only part of its text, as [`Self::document_text`] reads
    /// it: the rest of the text is neither copied nor checked.
    pub fn document_part(
        &self,
        id: &str,
        from: usize,
        to: usize,
    ) -> Result<Option<(Document, TextPart)>> {
        self.complete(|| {
            let Some(doc) = self.reader.find_document(id)? else {
                return Ok(None);
            };
            let stored = self.reader.document_without_text(doc)?;
            let part = text_part(self.reader.document_text_bytes(doc)?, from, to)?;
            let document = Document {
                id: stored.id.to_string(),
                title: stored.title.to_string(),
                date: stored.date.map(str::to_string),
                date_text: stored.date_text.map(str::to_string),
                url: stored.url.map(str::to_string),
                text: part.text.clone(),
                fields: stored.fields.decode()?,
            };
            Ok(Some((document, part)))
        })
    }

    /// Where `needle` first occurs in a stored document's text at or after UTF-16 offset `from`
    /// (as JavaScript's `indexOf`): `Some(None)` if it does not, `None` if there is no such
    /// document. Lets a reader find a snippet in a big document without copying the text out.
    pub fn document_index_of(
        &self,
        id: &str,
        needle: &str,
        from: usize,
    ) -> Result<Option<Option<usize>>> {
        self.complete(|| {
            let Some(doc) = self.reader.find_document(id)? else {
                return Ok(None);
            };
            let text = self.reader.document_text_bytes(doc)?;
            let (start, from) = utf16::boundary(text, 0, 0, from);
            find_from(text, start, from, needle).map(Some)
        })
    }

    /// Run one pass of a public call. On a split index a pass that lacked pieces never gives
    /// its result (nor the error the incomplete reads may have led to): it asks for them, and
    /// the caller adds them and calls again, until a pass reads everything it needs. That
    /// pass reads exactly what a pass over the single file reads, so it answers the same.
    fn complete<T>(&self, pass: impl FnOnce() -> Result<T>) -> Result<T> {
        self.reader.take_needed();
        let result = pass();
        let needed = self.reader.take_needed();
        if needed.is_empty() {
            result
        } else {
            Err(Error::PiecesNeeded(needed))
        }
    }

    /// Open a split index from its entry file (`fahras-entry.bin`), with no piece yet:
    /// every call answers [`Error::PiecesNeeded`] until [`Self::add_piece`] was given the
    /// pieces it names (see `index::split`).
    pub fn from_split_entry(entry: impl Into<Vec<u8>>) -> Result<SearchIndex> {
        Ok(SearchIndex {
            reader: IndexReader::open_split(Bytes::Shared(Arc::new(entry.into())))?,
        })
    }

    /// Add a piece of a split index (its file name in the folder and its bytes), checked.
    pub fn add_piece(&mut self, name: &str, bytes: impl Into<Vec<u8>>) -> Result<()> {
        self.reader.add_piece(name, bytes.into())
    }

    /// Every piece name of a split index, the entry excepted (none for a single file).
    pub fn piece_names(&self) -> Vec<String> {
        self.reader.piece_names()
    }

    /// Whether this index is a split index.
    pub fn is_split(&self) -> bool {
        self.reader.is_split()
    }

    /// The index bytes, e.g. to save an index built at run time as an `.fhr` file (a split
    /// index's entry).
    pub fn as_bytes(&self) -> &[u8] {
        self.reader.as_bytes()
    }

    /// What a filterable field holds, or `None` when the index has no such field.
    pub fn field_kind(&self, name: &str) -> Option<crate::index::fields::FieldKind> {
        self.reader
            .fields()
            .iter()
            .find(|c| c.name == name)
            .map(|c| c.kind)
    }

    pub fn stats(&self) -> Stats {
        Stats {
            documents: self.reader.documents() as usize,
            terms: self.reader.distinct_words() as usize,
            index_bytes: self.reader.len(),
            fields: filter::field_stats(&self.reader),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::utf16;

    /// What the UTF-16 helpers must agree with: the text's own `encode_utf16`.
    fn reference(text: &str, target: usize) -> (usize, usize) {
        let mut at = 0;
        for (i, c) in text.char_indices() {
            if at == target || at + c.len_utf16() > target {
                return (i, at);
            }
            at += c.len_utf16();
        }
        (text.len(), at)
    }

    #[test]
    fn find_bytes_finds_what_str_find_finds() {
        // Needles whose prefixes recur, where a naive restart would miss or misplace a match.
        let texts = [
            "",
            "a",
            "aaab",
            "abababc",
            "aabaabaaab",
            "ببببت",
            "بوتين بوتين",
            "x😀😀y",
        ];
        let needles = [
            "",
            "a",
            "aab",
            "ababc",
            "aabaaab",
            "ببت",
            "بوتين",
            "😀y",
            "z",
        ];
        for text in texts {
            for needle in needles {
                let got = super::find_bytes(text.as_bytes(), needle.as_bytes());
                assert_eq!(got, text.find(needle), "{needle:?} in {text:?}");
            }
        }
    }

    #[test]
    fn find_from_finds_what_str_find_finds_across_chunk_seams() {
        // Matches straddling the 1 MiB seams, with two-byte and four-byte characters before them.
        let chunk = super::FIND_CHUNK;
        let mut text = "ب".repeat(chunk / 2 - 3) + "x😀y";
        text += &"a".repeat(2 * chunk - 7);
        text += "نهاية 😀 النص";
        for needle in [
            "",
            "x😀y",
            "😀y",
            "ب",
            "نهاية",
            "😀 النص",
            "النص",
            "غائب",
            "aaaaaaaaaaaaaaaa",
        ] {
            for start in [0, chunk / 2, text.len() - 10, text.len()] {
                let start = (start..=text.len())
                    .find(|&i| text.is_char_boundary(i))
                    .unwrap();
                let from = text[..start].encode_utf16().count();
                let want = text[start..]
                    .find(needle)
                    .map(|i| text[..start + i].encode_utf16().count());
                let got = super::find_from(text.as_bytes(), start, from, needle).unwrap();
                assert_eq!(got, want, "{needle:?} from byte {start}");
            }
        }
    }

    #[test]
    fn utf16_offsets_match_the_standard_library_on_every_kind_of_character() {
        let texts = [
            "",
            "a",
            "بوتين",
            "😀",
            "a😀b",
            "روسيا 😀 والصين\n👨‍👩‍👧 ﷺ abc",
            &"ب😀c\u{10FFFF}".repeat(9),
        ];
        for text in texts {
            let total = text.encode_utf16().count();
            assert_eq!(utf16::len(text.as_bytes()), total, "{text:?}");
            for target in 0..=total + 3 {
                assert_eq!(
                    utf16::boundary(text.as_bytes(), 0, 0, target),
                    reference(text, target),
                    "{text:?} at {target}"
                );
            }
        }
    }
}
