//! Builds index bytes from documents. Deterministic: the same documents, in any
//! order, give byte-identical output (documents are sorted by id, every map is
//! ordered).

use std::collections::{BTreeMap, BTreeSet};

use super::format::{
    self, FieldType, Section, CHECKSUM_START, HEADER_LEN, MAGIC, SECTION_COUNT, VERSION,
};
use crate::analysis;
use crate::corpus::{Document, FieldValue};
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

/// One word's postings while building: (document number, positions), in
/// document order.
type WordPostings = Vec<(u32, Vec<u32>)>;

/// Titles are indexed up to this many words, so the title length fits the
/// 16-bit field of the document table (body lengths saturate there instead).
pub const MAX_TITLE_WORDS: usize = u16::MAX as usize;

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

        let mut words: BTreeMap<String, WordPostings> = BTreeMap::new();
        let mut lengths = Vec::with_capacity(self.docs.len());
        let (mut title_total, mut body_total) = (0u64, 0u64);
        let mut normalized = String::new();

        for (doc_number, doc) in self.docs.iter().enumerate() {
            let doc_number = doc_number as u32;
            // A position is the index of the word among the field's word spans
            // (words that normalise to nothing included), so a snippet can find
            // a matched word by walking `word_spans` without analysing the text.
            let title_len = analysis::word_spans(&doc.title)
                .take(MAX_TITLE_WORDS)
                .count() as u32;
            let mut body_len = 0u32;
            let fields = [
                (&doc.title, 0u32, title_len),
                (&doc.text, title_len + 1, u32::MAX),
            ];
            for (source, first_position, max_words) in fields {
                for (i, (start, end)) in analysis::word_spans(source).enumerate() {
                    if i as u32 >= max_words {
                        break;
                    }
                    if first_position > 0 {
                        body_len = i as u32 + 1;
                    }
                    normalized.clear();
                    analysis::normalize_into(&source[start..end], &mut normalized);
                    let position = first_position.checked_add(i as u32).ok_or_else(|| {
                        Error::TooLarge(format!("document `{}` has over 2^32 words", doc.id))
                    })?;
                    // Usually one word; a character whose normalised form is
                    // several words (ﷺ) puts each of them at its position.
                    for (s, e) in analysis::word_spans(&normalized) {
                        let word = &normalized[s..e];
                        let postings = match words.get_mut(word) {
                            Some(postings) => postings,
                            None => words.entry(word.to_string()).or_default(),
                        };
                        match postings.last_mut() {
                            Some((d, positions)) if *d == doc_number => {
                                if positions.last() != Some(&position) {
                                    positions.push(position);
                                }
                            }
                            _ => postings.push((doc_number, vec![position])),
                        }
                    }
                }
            }
            title_total += u64::from(title_len);
            body_total += u64::from(body_len);
            lengths.push((title_len, body_len));
        }

        // POSTINGS, and each word's offset for the dictionary.
        let mut postings_bytes = Vec::new();
        let mut word_offsets: BTreeMap<&str, u64> = BTreeMap::new();
        for (word, postings) in &words {
            word_offsets.insert(word.as_str(), postings_bytes.len() as u64);
            let cf: usize = postings.iter().map(|(_, p)| p.len()).sum();
            format::write_varint(&mut postings_bytes, postings.len() as u64);
            format::write_varint(&mut postings_bytes, cf as u64);
            let mut previous_doc = 0;
            for (doc, positions) in postings {
                // Most words occur once in a document: a flag bit saves the count.
                let delta = u64::from(doc - previous_doc);
                let once = positions.len() == 1;
                format::write_varint(&mut postings_bytes, delta << 1 | u64::from(once));
                if !once {
                    format::write_varint(&mut postings_bytes, positions.len() as u64);
                }
                previous_doc = *doc;
                let mut previous_position = 0;
                for &p in positions {
                    format::write_varint(&mut postings_bytes, u64::from(p - previous_position));
                    previous_position = p;
                }
            }
        }

        let words_fst = build_map(word_offsets.iter().map(|(k, v)| (k.as_bytes(), *v)))?;
        // The proclitic prefixes of this corpus's words, certain (وال, removed
        // by the stemmer) or possible (ب of بموسي, decided at query time): the
        // reader scans the dictionary once per prefix to find a word's forms.
        let mut prefixes: BTreeSet<&str> = BTreeSet::new();
        for w in words.keys() {
            let certain = analysis::certain_prefix(w);
            if !certain.is_empty() {
                prefixes.insert(certain);
            }
            prefixes.extend(analysis::readings(w).map(|(p, _)| p));
        }

        let mut docs = Vec::with_capacity(self.docs.len() * format::DOC_ENTRY_LEN);
        let store = write_store(&self.docs, &lengths, &mut docs)?;

        let fields = super::fields::encode(&self.docs);

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
            (Section::Postings, &postings_bytes),
            (Section::Docs, &docs),
            (Section::Store, &store),
            (Section::Fields, &fields),
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

/// STORE: the field names once, then each document's record (layout in
/// [`format`](super::format)). Fills the DOCS table as it goes.
fn write_store(docs: &[Document], lengths: &[(u32, u32)], table: &mut Vec<u8>) -> Result<Vec<u8>> {
    let names: BTreeSet<&str> = docs
        .iter()
        .flat_map(|d| d.fields.iter().map(|(k, _)| k.as_str()))
        .collect();
    let number_of: BTreeMap<&str, u64> = names.iter().zip(0u64..).map(|(n, i)| (*n, i)).collect();
    let mut store = Vec::new();
    format::write_varint(&mut store, names.len() as u64);
    for name in &names {
        format::write_str(&mut store, name);
    }
    for (doc, (title_len, body_len)) in docs.iter().zip(lengths) {
        let offset = u32::try_from(store.len())
            .map_err(|_| Error::TooLarge("stored text over 4 GiB".into()))?;
        table.extend_from_slice(&offset.to_le_bytes());
        table.extend_from_slice(&(*title_len as u16).to_le_bytes());
        table.extend_from_slice(&((*body_len).min(u32::from(u16::MAX)) as u16).to_le_bytes());
        format::write_str(&mut store, &doc.id);
        format::write_str(&mut store, &doc.title);
        let date = doc.date.as_deref().unwrap_or("");
        format::write_str(&mut store, date);
        format::write_str(
            &mut store,
            doc.date_text
                .as_deref()
                .filter(|t| *t != date)
                .unwrap_or(""),
        );
        format::write_str(&mut store, doc.url.as_deref().unwrap_or(""));
        format::write_str(&mut store, &doc.text);
        // Sorted by name, whatever order the document gave them in.
        let mut fields: Vec<&(String, FieldValue)> = doc.fields.iter().collect();
        fields.sort_by(|a, b| a.0.cmp(&b.0));
        format::write_varint(&mut store, fields.len() as u64);
        for (i, (name, value)) in fields.iter().enumerate() {
            if i > 0 && fields[i - 1].0 == *name {
                return Err(Error::InvalidDocument {
                    id: doc.id.clone(),
                    reason: format!("field `{name}` is given twice"),
                });
            }
            format::write_varint(&mut store, number_of[name.as_str()]);
            write_value(&mut store, value).map_err(|reason| Error::InvalidDocument {
                id: doc.id.clone(),
                reason: format!("field `{name}` {reason}"),
            })?;
        }
    }
    Ok(store)
}

fn write_value(out: &mut Vec<u8>, value: &FieldValue) -> std::result::Result<(), &'static str> {
    match value {
        FieldValue::Text(s) => {
            out.push(FieldType::Text as u8);
            format::write_str(out, s);
        }
        FieldValue::Bool(b) => out.push(if *b {
            FieldType::True
        } else {
            FieldType::False
        } as u8),
        FieldValue::Number(n) if !n.is_finite() => return Err("must be a finite number"),
        FieldValue::Number(n) if n.fract() == 0.0 && n.abs() < format::MAX_SAFE_INTEGER => {
            out.push(FieldType::Integer as u8);
            format::write_varint(out, format::zigzag(*n as i64));
        }
        FieldValue::Number(n) => {
            out.push(FieldType::Float as u8);
            out.extend_from_slice(&n.to_le_bytes());
        }
        FieldValue::List(items) => {
            out.push(FieldType::List as u8);
            format::write_varint(out, items.len() as u64);
            for item in items {
                format::write_str(out, item);
            }
        }
    }
    Ok(())
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
