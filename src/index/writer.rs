//! Builds index bytes from documents. Deterministic: the same documents, in any
//! order, give byte-identical output (documents are sorted by id, every map is
//! ordered).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::format::{self, FieldType, CHECKSUM_START, HEADER_LEN, MAGIC, SECTION_COUNT, VERSION};
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
#[derive(Debug)]
pub struct IndexBuilder {
    docs: Vec<Document>,
    ids: BTreeSet<String>,
    /// About the bytes STORE will take ([`record_size_hint`]), to refuse a corpus that cannot
    /// fit when it is added rather than after minutes of analysis.
    store_bytes: u64,
    /// The most STORE may hold: the index's 32-bit offsets ([`STORE_LIMIT`]; lowered in tests).
    store_limit: u64,
}

/// The most text an index holds: its section offsets are 32-bit.
const STORE_LIMIT: u64 = u32::MAX as u64;

impl Default for IndexBuilder {
    fn default() -> Self {
        Self {
            docs: Vec::new(),
            ids: BTreeSet::new(),
            store_bytes: 0,
            store_limit: STORE_LIMIT,
        }
    }
}

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
        let size = record_size_hint(&doc) as u64;
        if self.store_bytes + size > self.store_limit {
            return Err(Error::TooLarge(format!(
                "the documents before `{}` already hold {} MB of text, and an index holds at most \
                 {} MB (its offsets are 32-bit): build several indexes from parts of the corpus",
                doc.id,
                self.store_bytes / 1_000_000,
                self.store_limit / 1_000_000
            )));
        }
        if !self.ids.insert(doc.id.clone()) {
            return Err(Error::DuplicateId(doc.id));
        }
        self.store_bytes += size;
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
    pub fn finish(self) -> Result<Vec<u8>> {
        self.finish_parts()?.into_bytes()
    }

    /// Analyse every document and return the index's sections, not yet one file.
    pub fn finish_parts(mut self) -> Result<IndexParts> {
        if self.docs.is_empty() {
            return Err(Error::EmptyCorpus);
        }
        if u32::try_from(self.docs.len()).is_err() {
            return Err(Error::TooLarge("more than 2^32 documents".into()));
        }
        self.docs.sort_by(|a, b| a.id.cmp(&b.id));

        // The field names head STORE; each record is written as soon as its document is
        // analysed and the text dropped, so the texts are never held twice.
        let field_names = field_names(&self.docs);
        // One vector per record, not one for all: each is allocated as its document's text is
        // freed, so it reuses that memory, while one vector of gigabytes growing by doubling
        // needs the old and the new block at once, in a memory that never shrinks.
        let mut store = Store {
            head: store_head(&field_names),
            records: Vec::with_capacity(self.docs.len()),
        };
        let mut store_len = store.head.len();
        let mut docs_table = Vec::with_capacity(self.docs.len() * format::DOC_ENTRY_LEN);

        let mut words = Vocabulary::default();
        let (mut title_total, mut body_total) = (0u64, 0u64);
        let mut normalized = String::new();
        // (word number, position) of every word of the document being analysed.
        let mut occurrences: Vec<(u32, u32)> = Vec::new();
        let mut doc_checkpoints = Vec::new();

        for (doc_number, doc) in self.docs.iter_mut().enumerate() {
            let doc_number = doc_number as u32;
            // A position is the index of the word among the field's word spans
            // (words that normalise to nothing included), so a snippet can find
            // a matched word by walking `word_spans` without analysing the text.
            let title_len = analysis::word_spans(&doc.title)
                .take(MAX_TITLE_WORDS)
                .count() as u32;
            let mut body_len = 0u32;
            doc_checkpoints.clear();
            occurrences.clear();
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
                        if body_len % format::WORDS_PER_CHECKPOINT == 0 {
                            // The tokeniser resumes after a word's end: what it finds from
                            // here is what it finds when it walks the text from its start.
                            let at = u32::try_from(end).map_err(|_| {
                                Error::TooLarge(format!("document `{}` is over 4 GiB", doc.id))
                            })?;
                            doc_checkpoints.push(at);
                        }
                    }
                    normalized.clear();
                    analysis::normalize_into(&source[start..end], &mut normalized);
                    let position = first_position.checked_add(i as u32).ok_or_else(|| {
                        Error::TooLarge(format!("document `{}` has over 2^32 words", doc.id))
                    })?;
                    // Usually one word; a character whose normalised form is
                    // several words (ﷺ) puts each of them at its position.
                    // The word's number when the token is that one word.
                    let mut one_word = None;
                    for (k, (s, e)) in analysis::word_spans(&normalized).enumerate() {
                        let word = words.number(&normalized[s..e]);
                        one_word = (k == 0 && s == 0 && e == normalized.len()).then_some(word);
                        occurrences.push((word, position));
                    }
                    // What a vocalised word's harakat say of its possible proclitics.
                    let written = &source[start..end];
                    if let Some(word) = one_word.filter(|_| {
                        analysis::has_diacritics(written)
                            && analysis::readings(&normalized).next().is_some()
                    }) {
                        words.postings[word as usize].hear(analysis::proclitic_vowels(written));
                    }
                }
            }
            words.add_document(doc_number, &mut occurrences);
            title_total += u64::from(title_len);
            body_total += u64::from(body_len);
            let offset = u32::try_from(store_len)
                .map_err(|_| Error::TooLarge("stored text over 4 GiB".into()))?;
            docs_table.extend_from_slice(&offset.to_le_bytes());
            docs_table.extend_from_slice(&(title_len as u16).to_le_bytes());
            docs_table.extend_from_slice(&(body_len.min(u32::from(u16::MAX)) as u16).to_le_bytes());
            let record = write_record(doc, &field_names, &doc_checkpoints)?;
            store_len += record.len();
            store.records.push(record);
            // Only FIELDS reads the documents again, and never their text.
            drop(std::mem::take(&mut doc.text));
        }

        // POSTINGS in dictionary order, and each word's offset for the dictionary.
        let (postings_bytes, word_offsets) = words.postings();
        let distinct_words = word_offsets.len();

        let words_fst = build_map(word_offsets.iter().map(|(k, v)| (k.as_bytes(), *v)))?;
        // The proclitic prefixes of this corpus's words, certain (وال, removed
        // by the stemmer) or possible (ب of بموسي, decided at query time): the
        // reader scans the dictionary once per prefix to find a word's forms.
        let mut prefixes: BTreeSet<&str> = BTreeSet::new();
        for w in word_offsets.keys() {
            let certain = analysis::certain_prefix(w);
            if !certain.is_empty() {
                prefixes.insert(certain);
            }
            prefixes.extend(analysis::readings(w).map(|(p, _)| p));
        }

        let fields = super::fields::encode(&self.docs);

        let mut meta = Vec::new();
        for value in [
            self.docs.len() as u64,
            distinct_words as u64,
            title_total,
            body_total,
        ] {
            format::write_varint(&mut meta, value);
        }
        format::write_varint(&mut meta, prefixes.len() as u64);
        for prefix in &prefixes {
            format::write_str(&mut meta, prefix);
        }

        Ok(IndexParts {
            documents: self.docs.len() as u32,
            distinct_words: distinct_words as u32,
            meta,
            words: words_fst,
            postings: postings_bytes,
            docs: docs_table,
            store,
            fields,
        })
    }
}

/// A built index as its sections, before they are written as one file
/// ([`IndexParts::into_bytes`]) or cut into the pieces of a split index.
#[derive(Debug)]
pub struct IndexParts {
    pub documents: u32,
    pub distinct_words: u32,
    pub meta: Vec<u8>,
    pub words: Vec<u8>,
    pub postings: Vec<u8>,
    pub docs: Vec<u8>,
    pub store: Store,
    pub fields: Vec<u8>,
}

/// STORE as it is built: the field names, then one vector per document's record.
#[derive(Debug)]
pub struct Store {
    pub head: Vec<u8>,
    pub records: Vec<Vec<u8>>,
}

impl Store {
    pub fn len(&self) -> usize {
        self.head.len() + self.records.iter().map(Vec::len).sum::<usize>()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl IndexParts {
    /// Each section's bytes, in file order, as slices (STORE is several).
    fn section_slices(&self) -> [Vec<&[u8]>; SECTION_COUNT] {
        let mut store = vec![&self.store.head[..]];
        store.extend(self.store.records.iter().map(Vec::as_slice));
        [
            vec![&self.meta],
            vec![&self.words],
            vec![&self.postings],
            vec![&self.docs],
            store,
            vec![&self.fields],
        ]
    }

    /// The file header: magic, version, flags, checksum, section table. The checksum
    /// ([`format::index_checksum`] of the whole file) is computed without writing the file.
    pub fn header(&self) -> Result<Vec<u8>> {
        let sections = self.section_slices();
        let lengths: Vec<usize> = sections
            .iter()
            .map(|parts| parts.iter().map(|p| p.len()).sum())
            .collect();
        let total = HEADER_LEN + lengths.iter().sum::<usize>();
        if u32::try_from(total).is_err() {
            return Err(Error::TooLarge(format!(
                "the index would be {total} bytes, over 4 GiB"
            )));
        }
        let mut header = Vec::with_capacity(HEADER_LEN);
        header.extend_from_slice(&MAGIC);
        header.extend_from_slice(&VERSION.to_le_bytes());
        header.extend_from_slice(&0u32.to_le_bytes());
        header.extend_from_slice(&0u64.to_le_bytes()); // checksum, filled in below
        let mut offset = HEADER_LEN;
        for len in lengths {
            header.extend_from_slice(&(offset as u32).to_le_bytes());
            header.extend_from_slice(&(len as u32).to_le_bytes());
            offset += len;
        }
        let sum = format::checksum_of_parts(
            std::iter::once(&header[..]).chain(sections.iter().flatten().copied()),
        );
        header[CHECKSUM_START - 8..CHECKSUM_START].copy_from_slice(&sum.to_le_bytes());
        Ok(header)
    }

    /// The index file: header, section table, sections.
    pub fn into_bytes(self) -> Result<Vec<u8>> {
        let header = self.header()?;
        let sections = self.section_slices();
        let total = header.len() + sections.iter().flatten().map(|p| p.len()).sum::<usize>();
        let mut out = Vec::with_capacity(total);
        out.extend_from_slice(&header);
        for part in sections.iter().flatten() {
            out.extend_from_slice(part);
        }
        Ok(out)
    }
}

/// Every field name of the corpus, sorted: STORE names them once, records by number.
fn field_names(docs: &[Document]) -> BTreeMap<String, u64> {
    let names: BTreeSet<&str> = docs
        .iter()
        .flat_map(|d| d.fields.iter().map(|(k, _)| k.as_str()))
        .collect();
    names
        .into_iter()
        .zip(0u64..)
        .map(|(n, i)| (n.to_string(), i))
        .collect()
}

/// About the bytes of a document's STORE record (its strings and a little more).
fn record_size_hint(doc: &Document) -> usize {
    let words_guess = doc.text.len() / 8;
    let fields: usize = doc
        .fields
        .iter()
        .map(|(_, value)| {
            // The field's number, its type byte, then the value (lengths are varints).
            2 + match value {
                FieldValue::Text(s) => s.len() + 2,
                FieldValue::Number(_) => 9,
                FieldValue::Bool(_) => 1,
                FieldValue::List(items) => items.iter().map(|i| i.len() + 2).sum::<usize>() + 2,
            }
        })
        .sum();
    doc.id.len()
        + doc.title.len()
        + doc.text.len()
        + doc.url.as_ref().map_or(0, String::len)
        + doc.date.as_ref().map_or(0, String::len)
        + doc.date_text.as_ref().map_or(0, String::len)
        + 32
        + words_guess / format::WORDS_PER_CHECKPOINT as usize * 4
        + fields
}

/// The start of STORE: the field names (layout in [`format`](super::format)).
fn store_head(names: &BTreeMap<String, u64>) -> Vec<u8> {
    let mut store = Vec::new();
    format::write_varint(&mut store, names.len() as u64);
    for name in names.keys() {
        format::write_str(&mut store, name);
    }
    store
}

/// One document's STORE record.
fn write_record(
    doc: &Document,
    number_of: &BTreeMap<String, u64>,
    doc_checkpoints: &[u32],
) -> Result<Vec<u8>> {
    let mut record = Vec::with_capacity(record_size_hint(doc));
    let store = &mut record;
    format::write_str(store, &doc.id);
    format::write_str(store, &doc.title);
    let date = doc.date.as_deref().unwrap_or("");
    format::write_str(store, date);
    format::write_str(
        store,
        doc.date_text
            .as_deref()
            .filter(|t| *t != date)
            .unwrap_or(""),
    );
    format::write_str(store, doc.url.as_deref().unwrap_or(""));
    format::write_varint(store, doc_checkpoints.len() as u64);
    for at in doc_checkpoints {
        store.extend_from_slice(&at.to_le_bytes());
    }
    format::write_str(store, &doc.text);
    // Sorted by name, whatever order the document gave them in.
    let mut fields: Vec<&(String, FieldValue)> = doc.fields.iter().collect();
    fields.sort_by(|a, b| a.0.cmp(&b.0));
    format::write_varint(store, fields.len() as u64);
    for (i, (name, value)) in fields.iter().enumerate() {
        if i > 0 && fields[i - 1].0 == *name {
            return Err(Error::InvalidDocument {
                id: doc.id.clone(),
                reason: format!("field `{name}` is given twice"),
            });
        }
        format::write_varint(store, number_of[name.as_str()]);
        write_value(store, value).map_err(|reason| Error::InvalidDocument {
            id: doc.id.clone(),
            reason: format!("field `{name}` {reason}"),
        })?;
    }
    Ok(record)
}

/// The words of the corpus while it is analysed, each with its postings already in their
/// POSTINGS encoding (a few bytes per document, instead of a vector of positions per document:
/// the difference between a corpus of a million documents fitting in a WebAssembly memory or not).
#[derive(Default)]
struct Vocabulary {
    numbers: HashMap<String, u32>,
    postings: Vec<WordPostings>,
}

/// One word's postings while building (layout in [`format`](super::format)).
#[derive(Default)]
struct WordPostings {
    df: u64,
    cf: u64,
    last_doc: u32,
    /// Per document: `doc delta << 1 | (tf == 1)`, tf when not 1, positions delta-encoded.
    bytes: Vec<u8>,
    /// What the word's vocalised occurrences said of a proclitic of one letter (`[0]`) and of
    /// two (`[1]`): bit 1, some showed a proclitic's vowel; bit 2, some showed own letters.
    vowels: [u8; 2],
}

impl WordPostings {
    fn hear(&mut self, said: [analysis::ProcliticVowels; 2]) {
        for (seen, said) in self.vowels.iter_mut().zip(said) {
            *seen |= match said {
                analysis::ProcliticVowels::Silent => 0,
                analysis::ProcliticVowels::Proclitic => 1,
                analysis::ProcliticVowels::OwnLetters => 2,
            };
        }
    }

    /// The header's flags ([`format::OWN_LETTERS_BITS`]): bit `n - 1` when the word's
    /// harakat showed its first `n` letters to be its own and never a proclitic's vowel.
    fn own_letters(&self) -> u64 {
        (0..2)
            .filter(|&n| self.vowels[n] == 2)
            .map(|n| 1 << n)
            .sum()
    }
}

impl Vocabulary {
    fn number(&mut self, word: &str) -> u32 {
        if let Some(&n) = self.numbers.get(word) {
            return n;
        }
        let n = self.postings.len() as u32;
        self.numbers.insert(word.to_string(), n);
        self.postings.push(WordPostings::default());
        n
    }

    /// Append one document's postings; `occurrences` is (word number, position) in any order.
    fn add_document(&mut self, doc: u32, occurrences: &mut [(u32, u32)]) {
        occurrences.sort_unstable();
        let mut rest = &occurrences[..];
        while let Some(&(word, _)) = rest.first() {
            let end = rest.partition_point(|&(w, _)| w == word);
            let (this, next) = rest.split_at(end);
            rest = next;
            let postings = &mut self.postings[word as usize];
            // The same word twice at one position (a character that normalises to several
            // words, one of them twice) is one occurrence.
            let tf = 1 + this.windows(2).filter(|w| w[0].1 != w[1].1).count();
            // Most words occur once in a document: a flag bit saves the count.
            let delta = u64::from(doc - postings.last_doc);
            format::write_varint(&mut postings.bytes, delta << 1 | u64::from(tf == 1));
            if tf != 1 {
                format::write_varint(&mut postings.bytes, tf as u64);
            }
            let mut previous = None;
            for &(_, p) in this {
                if previous == Some(p) {
                    continue;
                }
                let base = previous.unwrap_or(0);
                format::write_varint(&mut postings.bytes, u64::from(p - base));
                previous = Some(p);
            }
            postings.last_doc = doc;
            postings.df += 1;
            postings.cf += tf as u64;
        }
    }

    /// POSTINGS (per word in dictionary order: df, cf with the own-letters flags, then its
    /// documents), and each word's offset there.
    fn postings(self) -> (Vec<u8>, BTreeMap<String, u64>) {
        let mut order: Vec<(String, u32)> = self.numbers.into_iter().collect();
        order.sort_unstable();
        let mut postings = self.postings;
        let size: usize = postings.iter().map(|p| p.bytes.len() + 10).sum();
        let mut bytes = Vec::with_capacity(size);
        let mut offsets = BTreeMap::new();
        for (word, n) in order {
            let p = std::mem::take(&mut postings[n as usize]);
            offsets.insert(word, bytes.len() as u64);
            format::write_varint(&mut bytes, p.df);
            format::write_varint(
                &mut bytes,
                p.cf << format::OWN_LETTERS_BITS | p.own_letters(),
            );
            bytes.extend_from_slice(&p.bytes);
        }
        (bytes, offsets)
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, text: &str) -> Document {
        Document {
            id: id.into(),
            title: format!("عنوان {id}"),
            text: text.into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_corpus_too_large_for_one_index_is_refused_as_it_is_added() {
        let text = "كلمة ".repeat(200);
        let mut builder = IndexBuilder {
            store_limit: 10 * record_size_hint(&doc("d00", &text)) as u64,
            ..Default::default()
        };
        let mut added = 0;
        let err = loop {
            match builder.add(doc(&format!("d{added:02}"), &text)) {
                Ok(_) => added += 1,
                Err(e) => break e,
            }
            assert!(added <= 10, "never refused");
        };
        assert_eq!(added, 10, "the documents that fit are kept");
        assert!(matches!(err, Error::TooLarge(_)), "{err:?}");
        let message = err.to_string();
        assert!(
            message.contains("`d10`") && message.contains("several indexes"),
            "{message}"
        );
        // What was added before still builds.
        assert!(builder.finish().is_ok());
    }

    #[test]
    fn the_size_hint_is_the_record_size_within_a_few_bytes() {
        let mut docs: Vec<Document> =
            std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds"))
                .unwrap()
                .map(|e| {
                    let path = e.unwrap().path();
                    doc(
                        &path.display().to_string(),
                        &std::fs::read_to_string(&path).unwrap(),
                    )
                })
                .collect();
        let mut with_fields = doc("fields", "نص قصير");
        with_fields.url = Some("https://example.com/a".into());
        with_fields.date = Some("2026-12-01".into());
        with_fields.fields = vec![
            ("author".into(), FieldValue::Text("أحمد".into())),
            ("page".into(), FieldValue::Number(12.0)),
            ("score".into(), FieldValue::Number(0.5)),
            ("draft".into(), FieldValue::Bool(false)),
            (
                "tags".into(),
                FieldValue::List(vec!["سياسة".into(), "اقتصاد".into()]),
            ),
        ];
        docs.push(with_fields);
        let names: BTreeMap<String, u64> = docs
            .iter()
            .flat_map(|d| d.fields.iter().map(|(n, _)| n.clone()))
            .enumerate()
            .map(|(i, n)| (n, i as u64))
            .collect();
        for d in &docs {
            let words = analysis::word_spans(&d.text).count();
            let checkpoints: Vec<u32> = vec![0; words / format::WORDS_PER_CHECKPOINT as usize];
            let actual = write_record(d, &names, &checkpoints).unwrap().len();
            let hint = record_size_hint(d);
            assert!(
                hint + 16 >= actual && hint <= actual + 64 + actual / 50,
                "{}: hint {hint}, record {actual}",
                d.id
            );
        }
    }
}
