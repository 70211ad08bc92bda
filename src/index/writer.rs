//! Builds index bytes from documents. Deterministic: the same documents, in any
//! order, give byte-identical output (documents are sorted by id, every map is
//! ordered).

use std::collections::{BTreeMap, BTreeSet};

use super::format::{self, Section, CHECKSUM_START, HEADER_LEN, MAGIC, SECTION_COUNT, VERSION};
use crate::analysis;
use crate::document::Document;
use crate::error::{Error, Result};

/// Collects documents and writes them as one index.
///
/// ```
/// use fahras::{Document, IndexBuilder, SearchIndex, SearchOptions};
/// let mut builder = IndexBuilder::new();
/// builder.add(Document {
///     id: "a".into(),
///     title: "الكرملين".into(),
///     text: "أكد الرئيس الروسي".into(),
///     ..Document::default()
/// })?;
/// let index = SearchIndex::from_bytes(builder.finish()?)?;
/// assert_eq!(index.search("الرئيس", &SearchOptions::default())?.total, 1);
/// # Ok::<(), fahras::Error>(())
/// ```
#[derive(Debug, Default)]
pub struct IndexBuilder {
    docs: Vec<Document>,
    ids: BTreeSet<String>,
}

/// Everything known about one normalised word while building.
#[derive(Default)]
struct WordEntry {
    /// (document number, title tf, body tf, positions), in document order.
    postings: Vec<(u32, u32, u32, Vec<u32>)>,
    /// How often each original spelling occurs, to pick the one `suggest` shows.
    spellings: BTreeMap<String, u32>,
}

impl IndexBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Add one document. Fails on an empty or duplicate id.
    pub fn add(&mut self, doc: Document) -> Result<&mut Self> {
        if doc.id.trim().is_empty() {
            return Err(Error::InvalidDocument {
                id: doc.id,
                reason: "the id is empty".into(),
            });
        }
        if !self.ids.insert(doc.id.clone()) {
            return Err(Error::DuplicateId(doc.id));
        }
        self.docs.push(doc);
        Ok(self)
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Analyse every document and write the index.
    pub fn finish(mut self) -> Result<Vec<u8>> {
        if self.docs.is_empty() {
            return Err(Error::EmptyCorpus);
        }
        if u32::try_from(self.docs.len()).is_err() {
            return Err(Error::TooLarge("more than 2^32 documents".into()));
        }
        self.docs.sort_by(|a, b| a.id.cmp(&b.id));

        let mut words: BTreeMap<String, WordEntry> = BTreeMap::new();
        let mut lengths = Vec::with_capacity(self.docs.len());
        let (mut title_total, mut body_total) = (0u64, 0u64);

        for (doc_number, doc) in self.docs.iter().enumerate() {
            let doc_number = doc_number as u32;
            let title = analysis::analyze(&doc.title);
            let body = analysis::analyze(&doc.text);
            let title_len = title.len() as u32;
            let fields = [
                (&doc.title, title, 0u32, true),
                (&doc.text, body, title_len + 1, false),
            ];
            let mut body_len = 0;
            for (source, tokens, first_position, in_title) in fields {
                if !in_title {
                    body_len = tokens.len() as u32;
                }
                for (i, token) in tokens.into_iter().enumerate() {
                    let position = first_position + i as u32;
                    let spelling = &source[token.start..token.end];
                    let entry = words.entry(token.normalized.clone()).or_default();
                    if entry.postings.last().map(|p| p.0) != Some(doc_number) {
                        entry.postings.push((doc_number, 0, 0, Vec::new()));
                    }
                    let posting = entry.postings.last_mut().expect("pushed above");
                    if in_title {
                        posting.1 += 1;
                    } else {
                        posting.2 += 1;
                    }
                    posting.3.push(position);
                    *entry.spellings.entry(spelling.to_string()).or_default() += 1;
                }
            }
            title_total += u64::from(title_len);
            body_total += u64::from(body_len);
            lengths.push((title_len, body_len));
        }

        // POSTINGS, and each word's offset for the maps.
        let mut postings = Vec::new();
        let mut word_offsets: BTreeMap<&str, u64> = BTreeMap::new();
        for (word, entry) in &words {
            word_offsets.insert(word.as_str(), postings.len() as u64);
            let cf: u32 = entry.postings.iter().map(|p| p.1 + p.2).sum();
            format::write_varint(&mut postings, entry.postings.len() as u64);
            format::write_varint(&mut postings, u64::from(cf));
            // The spelling shown by `suggest`: the most frequent; ties to the
            // smallest, for determinism. Omitted when it is the word itself.
            let display = entry
                .spellings
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(s, _)| s.as_str())
                .filter(|s| s != word)
                .unwrap_or("");
            format::write_str(&mut postings, display);
            let mut previous_doc = 0;
            for (doc, title_tf, body_tf, positions) in &entry.postings {
                format::write_varint(&mut postings, u64::from(doc - previous_doc));
                previous_doc = *doc;
                format::write_varint(&mut postings, u64::from(*title_tf));
                format::write_varint(&mut postings, u64::from(*body_tf));
                let mut previous_position = 0;
                for &p in positions {
                    format::write_varint(&mut postings, u64::from(p - previous_position));
                    previous_position = p;
                }
            }
        }

        let words_fst = build_map(word_offsets.iter().map(|(k, v)| (k.as_bytes(), *v)))?;
        // The clitic prefixes the analyser removed from some word of this corpus:
        // the reader scans the dictionary once per prefix to find stem variants.
        let prefixes: BTreeSet<&str> = words
            .keys()
            .map(|w| &w[..w.len() - analysis::strip_clitic_prefix(w).len()])
            .filter(|p| !p.is_empty())
            .collect();

        let mut docs = Vec::with_capacity(self.docs.len() * format::DOC_ENTRY_LEN);
        let mut store = Vec::new();
        for (doc, (title_len, body_len)) in self.docs.iter().zip(&lengths) {
            let offset = u32::try_from(store.len())
                .map_err(|_| Error::TooLarge("stored text over 4 GiB".into()))?;
            docs.extend_from_slice(&offset.to_le_bytes());
            docs.extend_from_slice(&title_len.to_le_bytes());
            docs.extend_from_slice(&body_len.to_le_bytes());
            format::write_str(&mut store, &doc.id);
            format::write_str(&mut store, &doc.title);
            format::write_str(&mut store, doc.date.as_deref().unwrap_or(""));
            format::write_str(&mut store, doc.url.as_deref().unwrap_or(""));
            format::write_str(&mut store, &doc.text);
            format::write_varint(&mut store, doc.fields.len() as u64);
            for (key, value) in &doc.fields {
                format::write_str(&mut store, key);
                format::write_str(&mut store, value);
            }
        }

        let mut meta = Vec::new();
        for value in [
            self.docs.len() as u64,
            words.len() as u64,
            title_total,
            body_total,
        ] {
            format::write_varint(&mut meta, value);
        }
        format::write_varint(&mut meta, prefixes.len() as u64);
        for prefix in &prefixes {
            format::write_str(&mut meta, prefix);
        }

        let sections: [(Section, &[u8]); SECTION_COUNT] = [
            (Section::Meta, &meta),
            (Section::Words, &words_fst),
            (Section::Postings, &postings),
            (Section::Docs, &docs),
            (Section::Store, &store),
        ];
        let total: usize = HEADER_LEN + sections.iter().map(|(_, s)| s.len()).sum::<usize>();
        if u32::try_from(total).is_err() {
            return Err(Error::TooLarge(format!(
                "the index would be {total} bytes, over 4 GiB"
            )));
        }
        let mut out = Vec::with_capacity(total);
        out.extend_from_slice(&MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.extend_from_slice(&0u32.to_le_bytes());
        out.extend_from_slice(&0u64.to_le_bytes()); // checksum, filled in below
        let mut offset = HEADER_LEN;
        for (i, (section, bytes)) in sections.iter().enumerate() {
            debug_assert_eq!(*section as usize, i);
            out.extend_from_slice(&(offset as u32).to_le_bytes());
            out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
            offset += bytes.len();
        }
        for (_, bytes) in &sections {
            out.extend_from_slice(bytes);
        }
        let sum = format::index_checksum(&out);
        out[CHECKSUM_START - 8..CHECKSUM_START].copy_from_slice(&sum.to_le_bytes());
        Ok(out)
    }
}

fn build_map<K: AsRef<[u8]>>(entries: impl IntoIterator<Item = (K, u64)>) -> Result<Vec<u8>> {
    let mut builder = fst::MapBuilder::memory();
    for (key, value) in entries {
        builder
            .insert(key, value)
            .map_err(|e| Error::Corrupt(format!("building the term dictionary: {e}")))?;
    }
    builder
        .into_inner()
        .map_err(|e| Error::Corrupt(format!("building the term dictionary: {e}")))
}
