//! Reads an index in place. Opening checks the header, the checksum and the
//! section bounds; everything after that is decoded lazily and bounds-checked,
//! so corrupt bytes give an [`Error`], never a panic.

use std::ops::Range;
use std::sync::Arc;

use fst::Map;

use super::format::{
    self, corrupt, read_u32, Decoder, Section, CHECKSUM_START, DOC_ENTRY_LEN, HEADER_LEN, MAGIC,
    SECTION_COUNT, VERSION,
};
use crate::error::{Error, Result};

/// Index bytes: borrowed for the embedded index (no copy at start-up), shared
/// for one loaded at run time.
#[derive(Clone, Debug)]
pub enum Bytes {
    Static(&'static [u8]),
    Shared(Arc<[u8]>),
}

impl AsRef<[u8]> for Bytes {
    fn as_ref(&self) -> &[u8] {
        match self {
            Bytes::Static(b) => b,
            Bytes::Shared(b) => b,
        }
    }
}

/// One section of the index bytes, as the backing store of an fst map.
#[derive(Clone, Debug)]
pub struct Slice {
    bytes: Bytes,
    range: Range<usize>,
}

impl AsRef<[u8]> for Slice {
    fn as_ref(&self) -> &[u8] {
        &self.bytes.as_ref()[self.range.clone()]
    }
}

/// An open index.
#[derive(Clone)]
pub struct IndexReader {
    bytes: Bytes,
    sections: [Range<usize>; SECTION_COUNT],
    words: Map<Slice>,
    clitic_prefixes: Vec<String>,
    documents: u32,
    distinct_words: u32,
    average_title: f32,
    average_body: f32,
}

/// What the postings header says about a word.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WordInfo<'a> {
    /// Documents containing the word.
    pub df: u32,
    /// Occurrences in the whole corpus.
    pub cf: u32,
    /// The most frequent original spelling.
    pub display: &'a str,
}

/// One document in a word's postings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    pub doc: u32,
    pub title_tf: u32,
    pub body_tf: u32,
}

/// A word's postings, decoded one document at a time.
pub struct PostingList<'a> {
    decoder: Decoder<'a>,
    remaining: u32,
    doc: u32,
    /// Positions of the current posting not yet read (skipped on `next`).
    pending_positions: u32,
    documents: u32,
}

impl<'a> PostingList<'a> {
    /// The next document, skipping the positions of the previous one.
    #[inline]
    pub fn next_posting(&mut self) -> Result<Option<Posting>> {
        if self.remaining == 0 {
            return Ok(None);
        }
        self.decoder.skip_varints(self.pending_positions)?;
        let delta = self.decoder.varint_u32()?;
        let title_tf = self.decoder.varint_u32()?;
        let body_tf = self.decoder.varint_u32()?;
        self.doc = self
            .doc
            .checked_add(delta)
            .filter(|&d| d < self.documents)
            .ok_or_else(|| corrupt("a posting names a document that does not exist"))?;
        self.pending_positions = title_tf
            .checked_add(body_tf)
            .ok_or_else(|| corrupt("a term frequency is out of range"))?;
        self.remaining -= 1;
        Ok(Some(Posting {
            doc: self.doc,
            title_tf,
            body_tf,
        }))
    }

    /// The positions of the posting just returned, into `out` (cleared first).
    pub fn positions(&mut self, out: &mut Vec<u32>) -> Result<()> {
        out.clear();
        let mut position = 0u32;
        for _ in 0..self.pending_positions {
            position = position
                .checked_add(self.decoder.varint_u32()?)
                .ok_or_else(|| corrupt("a position is out of range"))?;
            out.push(position);
        }
        self.pending_positions = 0;
        Ok(())
    }
}

/// A stored document, borrowed from the index bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDocument<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub date: Option<&'a str>,
    pub url: Option<&'a str>,
    pub text: &'a str,
    pub fields: Vec<(&'a str, &'a str)>,
}

impl IndexReader {
    /// Check and open index bytes. Costs one pass over the bytes (the checksum).
    pub fn open(bytes: Bytes) -> Result<IndexReader> {
        let data = bytes.as_ref();
        if data.len() < MAGIC.len() || data[..MAGIC.len()] != MAGIC {
            return Err(Error::NotAnIndex);
        }
        if data.len() < HEADER_LEN {
            return Err(Error::Truncated {
                needed: HEADER_LEN,
                got: data.len(),
            });
        }
        let version = read_u32(data, 8).unwrap_or(0);
        if version != VERSION {
            return Err(Error::Version {
                expected: VERSION,
                got: version,
            });
        }
        if read_u32(data, 12) != Some(0) {
            return Err(corrupt("unknown flags are set in the header"));
        }
        let mut sections: [Range<usize>; SECTION_COUNT] = Default::default();
        let mut expected_start = HEADER_LEN;
        for (i, range) in sections.iter_mut().enumerate() {
            let start = read_u32(data, CHECKSUM_START + 8 * i).unwrap_or(0) as usize;
            let len = read_u32(data, CHECKSUM_START + 8 * i + 4).unwrap_or(0) as usize;
            if start != expected_start {
                return Err(corrupt("the section table is inconsistent"));
            }
            expected_start = start + len;
            *range = start..start + len;
        }
        if expected_start > data.len() {
            return Err(Error::Truncated {
                needed: expected_start,
                got: data.len(),
            });
        }
        if expected_start < data.len() {
            return Err(corrupt("there are bytes after the last section"));
        }
        let stored = u64::from_le_bytes(data[16..24].try_into().expect("8 bytes"));
        let actual = format::index_checksum(data);
        if stored != actual {
            return Err(Error::ChecksumMismatch {
                expected: stored,
                got: actual,
            });
        }

        let mut meta = Decoder::new(&data[sections[Section::Meta as usize].clone()]);
        let documents = meta.varint_u32()?;
        let distinct_words = meta.varint_u32()?;
        let title_tokens = meta.varint()?;
        let body_tokens = meta.varint()?;
        let prefix_count = meta.varint_u32()?;
        let mut clitic_prefixes = Vec::with_capacity(prefix_count.min(64) as usize);
        for _ in 0..prefix_count {
            clitic_prefixes.push(meta.str()?.to_string());
        }
        if documents == 0 {
            return Err(corrupt("the index has no documents"));
        }
        let docs_len = sections[Section::Docs as usize].len();
        if docs_len != documents as usize * DOC_ENTRY_LEN {
            return Err(corrupt(
                "the document table does not match the document count",
            ));
        }

        let words = Slice {
            bytes: bytes.clone(),
            range: sections[Section::Words as usize].clone(),
        };
        Ok(IndexReader {
            words: Map::new(words).map_err(|e| Error::Corrupt(format!("term dictionary: {e}")))?,
            clitic_prefixes,
            bytes: bytes.clone(),
            sections,
            documents,
            distinct_words,
            average_title: (title_tokens as f64 / f64::from(documents)) as f32,
            average_body: (body_tokens as f64 / f64::from(documents)) as f32,
        })
    }

    fn section(&self, section: Section) -> &[u8] {
        &self.bytes.as_ref()[self.sections[section as usize].clone()]
    }

    /// The whole index.
    pub fn as_bytes(&self) -> &[u8] {
        self.bytes.as_ref()
    }

    /// Size of the whole index in bytes.
    pub fn len(&self) -> usize {
        self.bytes.as_ref().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn documents(&self) -> u32 {
        self.documents
    }

    pub fn distinct_words(&self) -> u32 {
        self.distinct_words
    }

    /// Average title and body lengths in tokens, for BM25.
    pub fn average_lengths(&self) -> (f32, f32) {
        (self.average_title, self.average_body)
    }

    /// Normalised word → postings offset.
    pub fn words(&self) -> &Map<Slice> {
        &self.words
    }

    /// The clitic prefixes the analyser removed from some word of the corpus.
    pub fn clitic_prefixes(&self) -> &[String] {
        &self.clitic_prefixes
    }

    /// The header of a word's postings.
    pub fn word_info(&self, offset: u64) -> Result<WordInfo<'_>> {
        let mut d = self.postings_decoder(offset)?;
        Ok(WordInfo {
            df: d.varint_u32()?,
            cf: d.varint_u32()?,
            display: d.str()?,
        })
    }

    /// A word's postings.
    pub fn postings(&self, offset: u64) -> Result<PostingList<'_>> {
        let mut decoder = self.postings_decoder(offset)?;
        let df = decoder.varint_u32()?;
        decoder.varint()?;
        decoder.str()?;
        if df > self.documents {
            return Err(corrupt("a word is in more documents than the index has"));
        }
        Ok(PostingList {
            decoder,
            remaining: df,
            doc: 0,
            pending_positions: 0,
            documents: self.documents,
        })
    }

    fn postings_decoder(&self, offset: u64) -> Result<Decoder<'_>> {
        let offset = usize::try_from(offset).map_err(|_| corrupt("postings out of range"))?;
        Decoder::at(
            self.section(Section::Postings),
            offset,
            "postings out of range",
        )
    }

    /// Title and body length of a document, in tokens.
    pub fn doc_lengths(&self, doc: u32) -> Result<(u32, u32)> {
        let entry = self.doc_entry(doc)?;
        Ok((entry[1], entry[2]))
    }

    fn doc_entry(&self, doc: u32) -> Result<[u32; 3]> {
        let table = self.section(Section::Docs);
        let base = doc as usize * DOC_ENTRY_LEN;
        let read =
            |i: usize| read_u32(table, base + 4 * i).ok_or_else(|| corrupt("no such document"));
        Ok([read(0)?, read(1)?, read(2)?])
    }

    /// A stored document by number.
    pub fn document(&self, doc: u32) -> Result<StoredDocument<'_>> {
        let offset = self.doc_entry(doc)?[0] as usize;
        let mut d = Decoder::at(
            self.section(Section::Store),
            offset,
            "a document is out of range",
        )?;
        let id = d.str()?;
        let title = d.str()?;
        let date = Some(d.str()?).filter(|s| !s.is_empty());
        let url = Some(d.str()?).filter(|s| !s.is_empty());
        let text = d.str()?;
        let count = d.varint_u32()?;
        let mut fields = Vec::with_capacity(count.min(64) as usize);
        for _ in 0..count {
            fields.push((d.str()?, d.str()?));
        }
        Ok(StoredDocument {
            id,
            title,
            date,
            url,
            text,
            fields,
        })
    }

    /// The id of a document, without decoding the rest.
    pub fn document_id(&self, doc: u32) -> Result<&str> {
        let offset = self.doc_entry(doc)?[0] as usize;
        Decoder::at(
            self.section(Section::Store),
            offset,
            "a document is out of range",
        )?
        .str()
    }

    /// Find a document by id (documents are sorted by id).
    pub fn find_document(&self, id: &str) -> Result<Option<u32>> {
        let (mut low, mut high) = (0u32, self.documents);
        while low < high {
            let mid = low + (high - low) / 2;
            match self.document_id(mid)?.cmp(id) {
                std::cmp::Ordering::Less => low = mid + 1,
                std::cmp::Ordering::Greater => high = mid,
                std::cmp::Ordering::Equal => return Ok(Some(mid)),
            }
        }
        Ok(None)
    }
}
