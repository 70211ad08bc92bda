//! The byte layout of a fahras index, shared by the writer and the reader.
//!
//! ```text
//! header   magic "FAHRASIX" | version u32 | reserved u32 | checksum u64 | section table
//!          (offset u32, length u32) × SECTION_COUNT, all little-endian
//! META     varints: documents, distinct words, title tokens, body tokens; then the
//!          clitic prefixes the corpus uses (count, then length-prefixed strings)
//! WORDS    fst map: normalised word → offset of its postings in POSTINGS
//! POSTINGS per word: df, `cf << 2 | own-letters flags` ([`OWN_LETTERS_BITS`]); then per
//!          document: `doc delta << 1 | (tf == 1)`,
//!          tf when it is not 1, then the positions, delta-encoded. A position is
//!          the index of the word among its field's word spans; the body's start
//!          at title length + 1, so phrases never span fields and the title
//!          frequency is the count of positions below the title length.
//! DOCS     per document 8 bytes: store offset u32, title words u16, body words u16
//!          (saturated: only BM25's length normalisation reads it)
//! STORE    the field names (count, then strings, sorted), then per document: id, title,
//!          date (ISO 8601), the date as written ("" when it is the ISO one), url (each
//!          varint length + UTF-8), the text's word checkpoints (count, then u32 each: the
//!          byte where the tokeniser resumes after every [`WORDS_PER_CHECKPOINT`] body
//!          words), the text, field count, then per field: name number, a type byte and
//!          the value (see [`FieldType`]); fields sorted by name
//! FIELDS   the filterable metadata: per field a sorted value dictionary and
//!          each document's value ids (layout in [`fields`](super::fields))
//! ```
//! There is one dictionary. A word is always `clitic prefix + stem + suffixes`,
//! so the words sharing a stem, or a form without its clitic, are found by
//! scanning the dictionary from `prefix + stem` for each clitic prefix in META
//! and keeping the words whose stem matches: no second map to store or keep in
//! sync with the analyser. Documents are sorted by id, so the document number
//! order is the id order that breaks score ties.
//!
//! The checksum (FNV-1a, 64 bit) covers every byte but its own field.

use crate::error::{Error, Result};

/// The first eight bytes of every index file.
pub const MAGIC: [u8; 8] = *b"FAHRASIX";
/// Bumped whenever the layout changes; readers reject other versions.
/// Version 5: the postings header's cf carries the own-letters flags.
pub const VERSION: u32 = 5;

/// The low bits of a word's `cf` field in POSTINGS: bit `n - 1` set when the word's vocalised
/// occurrences showed its first `n` letters (n = 1, 2) to be its own (بَشَرًا, كِتَٰبَكَ) and none
/// showed a proclitic's vowel on them, so the query engine never reads it as a proclitic of
/// `n` letters + a rest (`analysis::proclitic_vowels`). Unvocalised text sets none.
pub const OWN_LETTERS_BITS: u32 = 2;

/// The sections, in file order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Meta = 0,
    Words,
    Postings,
    Docs,
    Store,
    Fields,
}

pub const SECTION_COUNT: usize = 6;
/// Just past the checksum field (bytes 16..24).
pub const CHECKSUM_START: usize = 24;
pub const HEADER_LEN: usize = CHECKSUM_START + SECTION_COUNT * 8;
/// Body words between two stored checkpoints of a text: a snippet or a word at a
/// position is found by tokenising from the checkpoint before it, so its cost is
/// at most this many words plus its own, however long the document.
pub const WORDS_PER_CHECKPOINT: u32 = 32;
/// Bytes per entry of the DOCS section.
pub const DOC_ENTRY_LEN: usize = 8;

/// The type byte of a stored field value: JSON's types, with whole numbers
/// apart because they are most numbers (years, counts, verse numbers) and
/// take 1–3 bytes as a varint instead of 8.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    /// varint length + UTF-8
    Text = 0,
    False = 1,
    True = 2,
    /// A whole number of magnitude below 2^53, zigzag varint.
    Integer = 3,
    /// Any other finite number, f64 little-endian.
    Float = 4,
    /// count, then strings
    List = 5,
}

impl FieldType {
    pub fn from_byte(byte: u8) -> Option<FieldType> {
        Some(match byte {
            0 => FieldType::Text,
            1 => FieldType::False,
            2 => FieldType::True,
            3 => FieldType::Integer,
            4 => FieldType::Float,
            5 => FieldType::List,
            _ => return None,
        })
    }
}

/// Whole numbers below this magnitude are exact in f64 and stored as integers.
pub const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_992.0;

pub fn zigzag(n: i64) -> u64 {
    ((n << 1) ^ (n >> 63)) as u64
}

pub fn unzigzag(n: u64) -> i64 {
    ((n >> 1) as i64) ^ -((n & 1) as i64)
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a over `bytes`: tiny, dependency-free, and fast enough to check a
/// multi-megabyte index at start-up (it guards against corruption, not attacks).
pub fn checksum(bytes: &[u8]) -> u64 {
    fnv(FNV_OFFSET, bytes)
}

fn fnv(mut hash: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// The checksum of a whole index file: every byte but the checksum field.
pub fn index_checksum(index: &[u8]) -> u64 {
    let (head, rest) = index.split_at(CHECKSUM_START.min(index.len()));
    let head = &head[..head.len().min(CHECKSUM_START - 8)];
    fnv(fnv(FNV_OFFSET, head), rest)
}

/// [`index_checksum`] of a file given as consecutive parts, the first being its header (at
/// least [`CHECKSUM_START`] bytes): the same value, without putting the file together.
pub fn checksum_of_parts<'a>(mut parts: impl Iterator<Item = &'a [u8]>) -> u64 {
    let header = parts.next().unwrap_or(&[]);
    let mut hash = fnv(FNV_OFFSET, &header[..header.len().min(CHECKSUM_START - 8)]);
    hash = fnv(hash, header.get(CHECKSUM_START..).unwrap_or(&[]));
    parts.fold(hash, fnv)
}

/// Append `value` as a LEB128 varint.
pub fn write_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// Append a length-prefixed UTF-8 string.
pub fn write_str(out: &mut Vec<u8>, s: &str) {
    write_varint(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

/// A bounds-checked reader over a byte slice: every read that would run past
/// the end is an [`Error::Corrupt`], never a panic.
#[derive(Debug, Clone)]
pub struct Decoder<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Decoder<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Decoder { bytes, pos: 0 }
    }

    /// A decoder starting at `pos`; an out-of-range start is corrupt.
    pub fn at(bytes: &'a [u8], pos: usize, what: &str) -> Result<Self> {
        if pos > bytes.len() {
            return Err(corrupt(what));
        }
        Ok(Decoder { bytes, pos })
    }

    pub fn is_empty(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    /// Where the next read starts.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Bytes left to read: what a count a decoder read may be checked against before anything
    /// is sized by it.
    pub fn remaining(&self) -> usize {
        self.bytes.len().saturating_sub(self.pos)
    }

    #[inline]
    pub fn varint(&mut self) -> Result<u64> {
        let mut value = 0u64;
        let mut shift = 0;
        loop {
            let Some(&byte) = self.bytes.get(self.pos) else {
                return Err(corrupt("a number runs past the end of its section"));
            };
            self.pos += 1;
            if shift == 63 && byte > 1 {
                return Err(corrupt("a number overflows 64 bits"));
            }
            value |= u64::from(byte & 0x7f) << shift;
            if byte < 0x80 {
                return Ok(value);
            }
            shift += 7;
        }
    }

    /// A varint that must fit in `u32` (counts, lengths, offsets).
    #[inline]
    pub fn varint_u32(&mut self) -> Result<u32> {
        u32::try_from(self.varint()?).map_err(|_| corrupt("a count is out of range"))
    }

    /// Skip `n` varints without decoding them (positions a query does not need).
    #[inline]
    pub fn skip_varints(&mut self, n: u32) -> Result<()> {
        for _ in 0..n {
            loop {
                let Some(&byte) = self.bytes.get(self.pos) else {
                    return Err(corrupt("positions run past the end of the postings"));
                };
                self.pos += 1;
                if byte < 0x80 {
                    break;
                }
            }
        }
        Ok(())
    }

    pub fn bytes(&mut self, len: usize) -> Result<&'a [u8]> {
        let end = self
            .pos
            .checked_add(len)
            .filter(|&end| end <= self.bytes.len())
            .ok_or_else(|| corrupt("a string runs past the end of its section"))?;
        let out = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(out)
    }

    /// A length-prefixed byte string (a stored string not yet checked to be UTF-8).
    pub fn bytes_with_length(&mut self) -> Result<&'a [u8]> {
        let len = self.varint()? as usize;
        self.bytes(len)
    }

    pub fn str(&mut self) -> Result<&'a str> {
        let len = self.varint()? as usize;
        let bytes = self.bytes(len)?;
        std::str::from_utf8(bytes).map_err(|_| corrupt("a stored string is not UTF-8"))
    }
}

pub fn corrupt(what: &str) -> Error {
    Error::Corrupt(what.to_string())
}

pub fn read_u32(bytes: &[u8], pos: usize) -> Option<u32> {
    let b = bytes.get(pos..pos.checked_add(4)?)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_checksum_of_a_file_in_parts_is_the_checksum_of_the_file() {
        let file: Vec<u8> = (0..200u32).map(|i| (i * 7 % 251) as u8).collect();
        for cuts in [[24, 24], [24, 100], [30, 199], [HEADER_LEN, HEADER_LEN + 1]] {
            let parts = [&file[..cuts[0]], &file[cuts[0]..cuts[1]], &file[cuts[1]..]];
            assert_eq!(
                checksum_of_parts(parts.into_iter()),
                index_checksum(&file),
                "{cuts:?}"
            );
        }
        let mut other = file.clone();
        other[150] ^= 1;
        assert_ne!(index_checksum(&other), index_checksum(&file));
        // The checksum field itself is not covered.
        other = file.clone();
        other[20] ^= 1;
        assert_eq!(index_checksum(&other), index_checksum(&file));
    }

    #[test]
    fn varints_round_trip_and_reject_overflow() {
        let values = [
            0,
            1,
            127,
            128,
            300,
            16_383,
            16_384,
            u32::MAX as u64,
            u64::MAX,
        ];
        let mut out = Vec::new();
        for v in values {
            write_varint(&mut out, v);
        }
        let mut d = Decoder::new(&out);
        for v in values {
            assert_eq!(d.varint().unwrap(), v);
        }
        assert!(d.is_empty());
        assert!(d.varint().is_err(), "reading past the end is an error");
        let overflow = [0xff; 11];
        assert!(Decoder::new(&overflow).varint().is_err());
        assert!(Decoder::new(&[0x80]).varint().is_err(), "unterminated");
    }

    #[test]
    fn strings_are_bounds_checked() {
        let mut out = Vec::new();
        write_str(&mut out, "بوتين");
        assert_eq!(Decoder::new(&out).str().unwrap(), "بوتين");
        assert!(Decoder::new(&out[..out.len() - 1]).str().is_err());
        assert!(Decoder::new(&[2, 0xff, 0xfe]).str().is_err(), "not UTF-8");
        assert!(Decoder::at(&out, out.len() + 1, "x").is_err());
    }

    #[test]
    fn checksum_sees_every_byte() {
        let a = checksum(b"fahras");
        assert_ne!(a, checksum(b"fahrat"));
        assert_ne!(a, checksum(b"fahra"));
        assert_eq!(checksum(b""), 0xcbf2_9ce4_8422_2325);
    }
}
