//! The split index: the single-file index cut into pieces a page fetches
//! only when a search needs them, from any static host.
//!
//! The split is a view of the single file, not a second encoding: every
//! piece holds bytes of one of its sections, so the reader decodes them with
//! the same code ([`IndexReader`](super::IndexReader) reads either layout).
//!
//! ```text
//! every file  magic "FAHRASSP" | split version u32 | kind u32 | number u32 | body length u32
//!             | build u64 | body checksum u64 | body            (all little-endian)
//! entry       fahras-entry.bin (kind 0): the single file's length (varint); META; the
//!             key where each dictionary block starts (front-coded); the letter table
//!             (`write_letter_table`); the number of postings pieces; documents per store
//!             piece; documents per id piece and the first id of each; FIELDS
//! w-<n>       a dictionary block: the postings pieces its words' postings are in (the
//!             first's number, their count, where each starts in POSTINGS: varints, the
//!             starts delta-coded), then an fst map of a range of WORDS (values: POSTINGS
//!             offsets, as in the single file)
//! p-<n>       a postings piece: the length of its POSTINGS bytes (varint), those bytes, cut
//!             between words (a word is never split), then the lengths (see
//!             [`write_lengths`]) of the documents those postings name, in document order,
//!             each once
//! s-<n>       a store piece: `k` consecutive documents: count u32, each record's offset
//!             (u32), their lengths ([`write_lengths`]), then STORE's field-name table and
//!             the records, as in STORE
//! i-<n>       an id piece: the ids of consecutive documents (count, then strings), for
//!             `document(id)` without walking store pieces
//! ```
//! Piece names are `<kind>-<n>.<build>.bin`, the build being a checksum in hex
//! of the single file's checksum, the split version and the piece sizes
//! (the writer's `build_of`): a build's files never change, so a host may let them be
//! cached forever, and a piece of another build is told apart by its name and
//! its header. Only the entry has a fixed name.
//!
//! Sizes were chosen by measuring the hadith six books and the Quran
//! (docs/api.md): see the constants of the writer.

use super::format::{self, corrupt, read_u32, Decoder};
use crate::error::{Error, Result};

/// The name of the entry file, the one a reader starts from.
pub const ENTRY_NAME: &str = "fahras-entry.bin";
/// The first eight bytes of every file of a split index.
pub const SPLIT_MAGIC: [u8; 8] = *b"FAHRASSP";
/// Bumped whenever the split layout changes.
/// Version 2: the document lengths moved from the entry to the postings and store pieces.
/// Version 3: the entry carries the letter table (the writer's `write_letter_table`).
/// Version 4: the postings pieces hold index format 5's postings headers (own-letters flags).
pub const SPLIT_VERSION: u32 = 4;
/// Bytes before a file's body.
pub const PIECE_HEADER_LEN: usize = 40;

/// What a file of a split index holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PieceKind {
    Entry = 0,
    Words = 1,
    Postings = 2,
    Store = 3,
    Ids = 4,
}

impl PieceKind {
    pub(crate) fn from_u32(n: u32) -> Option<Self> {
        Some(match n {
            0 => PieceKind::Entry,
            1 => PieceKind::Words,
            2 => PieceKind::Postings,
            3 => PieceKind::Store,
            4 => PieceKind::Ids,
            _ => return None,
        })
    }

    fn letter(self) -> char {
        match self {
            PieceKind::Entry => 'e',
            PieceKind::Words => 'w',
            PieceKind::Postings => 'p',
            PieceKind::Store => 's',
            PieceKind::Ids => 'i',
        }
    }

    fn from_letter(c: &str) -> Option<Self> {
        Some(match c {
            "w" => PieceKind::Words,
            "p" => PieceKind::Postings,
            "s" => PieceKind::Store,
            "i" => PieceKind::Ids,
            _ => return None,
        })
    }
}

/// The file name of piece `number` of `kind` of build `build`.
pub fn piece_name(kind: PieceKind, number: u32, build: u64) -> String {
    if kind == PieceKind::Entry {
        return ENTRY_NAME.to_string();
    }
    format!("{}-{number}.{build:016x}.bin", kind.letter())
}

/// (kind, number, build) of a piece's file name; `None` for any other name.
pub fn parse_piece_name(name: &str) -> Option<(PieceKind, u32, u64)> {
    let rest = name.strip_suffix(".bin")?;
    let (head, build) = rest.split_once('.')?;
    let (kind, number) = head.split_once('-')?;
    let kind = PieceKind::from_letter(kind)?;
    if build.len() != 16 || number.is_empty() || (number.len() > 1 && number.starts_with('0')) {
        return None;
    }
    if !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let number = number.parse().ok()?;
    let build = u64::from_str_radix(build, 16).ok()?;
    Some((kind, number, build))
}

fn bad(name: &str, reason: impl Into<String>) -> Error {
    Error::BadPiece {
        name: name.to_string(),
        reason: reason.into(),
    }
}

/// A file's header, before its body is checked.
struct Header {
    kind: u32,
    number: u32,
    build: u64,
}

/// Check a file's header and body checksum; the body's range in `bytes`.
/// `name` is what error messages call the file.
fn check_file(bytes: &[u8], name: &str) -> Result<(Header, std::ops::Range<usize>)> {
    if bytes.len() < SPLIT_MAGIC.len() || bytes[..SPLIT_MAGIC.len()] != SPLIT_MAGIC {
        return Err(bad(
            name,
            "not a file of a fahras split index (no magic number)",
        ));
    }
    if bytes.len() < PIECE_HEADER_LEN {
        return Err(bad(
            name,
            format!(
                "truncated: {} bytes, shorter than its header (was the download interrupted?)",
                bytes.len()
            ),
        ));
    }
    let version = read_u32(bytes, 8).unwrap_or(0);
    if version != SPLIT_VERSION {
        return Err(bad(
            name,
            format!(
                "split format version {version}; this version of fahras reads version \
                 {SPLIT_VERSION} (rebuild the index with it)"
            ),
        ));
    }
    let u64_at = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"));
    let header = Header {
        kind: read_u32(bytes, 12).unwrap_or(u32::MAX),
        number: read_u32(bytes, 16).unwrap_or(u32::MAX),
        build: u64_at(24),
    };
    let len = read_u32(bytes, 20).unwrap_or(0) as usize;
    let got = bytes.len() - PIECE_HEADER_LEN;
    if got < len {
        return Err(bad(
            name,
            format!("truncated: its body has {got} of {len} bytes (was the download interrupted?)"),
        ));
    }
    if got > len {
        return Err(bad(name, "there are bytes after its end"));
    }
    let body = PIECE_HEADER_LEN..bytes.len();
    if format::checksum(&bytes[body.clone()]) != u64_at(32) {
        return Err(bad(name, "corrupt: its checksum does not match its bytes"));
    }
    Ok((header, body))
}

/// Check that `bytes` are piece `name` of build `build` (whose name was
/// parsed into `kind` and `number`); the body's range.
pub(crate) fn check_piece(
    bytes: &[u8],
    name: &str,
    kind: PieceKind,
    number: u32,
    build: u64,
) -> Result<std::ops::Range<usize>> {
    let (header, body) = check_file(bytes, name)?;
    if header.build != build {
        return Err(bad(
            name,
            format!(
                "it belongs to another build of the index ({:016x}, this one is {build:016x}): \
                 the folder mixes files of two builds",
                header.build
            ),
        ));
    }
    if header.kind != kind as u32 || header.number != number {
        return Err(bad(
            name,
            format!(
                "its bytes are those of `{}`: the file was renamed or mixed up",
                PieceKind::from_u32(header.kind)
                    .filter(|k| *k != PieceKind::Entry)
                    .map_or_else(
                        || "another file".to_string(),
                        |k| piece_name(k, header.number, header.build)
                    )
            ),
        ));
    }
    Ok(body)
}

/// Write one file: header and body.
#[cfg(any(not(target_arch = "wasm32"), feature = "indexer"))]
pub(crate) fn file(kind: PieceKind, number: u32, build: u64, body: &[u8]) -> Result<Vec<u8>> {
    let len = u32::try_from(body.len())
        .map_err(|_| Error::TooLarge("a piece of the split index is over 4 GiB".into()))?;
    let mut out = Vec::with_capacity(PIECE_HEADER_LEN + body.len());
    out.extend_from_slice(&SPLIT_MAGIC);
    out.extend_from_slice(&SPLIT_VERSION.to_le_bytes());
    out.extend_from_slice(&(kind as u32).to_le_bytes());
    out.extend_from_slice(&number.to_le_bytes());
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&build.to_le_bytes());
    out.extend_from_slice(&format::checksum(body).to_le_bytes());
    out.extend_from_slice(body);
    Ok(out)
}

/// The entry, decoded. Ranges are into the entry's bytes.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub build: u64,
    /// The single file's length (what `stats` reports for either layout).
    pub index_len: usize,
    pub meta: std::ops::Range<usize>,
    pub block_keys: Vec<Vec<u8>>,
    /// Per clitic prefix of META, the letters after it and after each of those
    /// ([`write_letter_table`]).
    pub letters: Vec<Vec<[u64; 2]>>,
    /// How many postings pieces there are (where each starts in POSTINGS is in the dictionary
    /// blocks whose words' postings it holds: [`words_block`]).
    pub postings_pieces: u32,
    pub docs_per_store_piece: u32,
    pub docs_per_id_piece: u32,
    pub first_ids: Vec<String>,
    pub fields: std::ops::Range<usize>,
}

/// Most pieces of one kind an entry may list (4 GiB of postings in 256-byte pieces). The
/// reader keeps no slot per piece an entry claims (a few bytes claim 2^24), only the pieces
/// added.
const MAX_PIECES: u64 = 1 << 24;

/// Most documents the writer puts in a store piece or an id piece, and so the most an entry
/// may say one holds. An entry lists the first id of every id piece, so this bounds the
/// document count by the entry's own bytes (`documents ≤ id pieces × MAX_DOCS_PER_PIECE`):
/// the count, from META, sizes the reader's per-document tables, and its checksum is no
/// proof (anyone can recompute it), so a few bytes claiming 4 billion documents in one id
/// piece would cost gigabytes, a trap in WebAssembly. The writer's defaults are far below
/// (2048 ids per piece; store pieces of about 1 KB of records).
pub(crate) const MAX_DOCS_PER_PIECE: u32 = 4096;

/// Bytes per document of a lengths table ([`write_lengths`]).
pub(crate) const LENGTHS_PER_DOC: usize = 4;

/// Append the title and body lengths (in words, each below 2^16 as DOCS saturates them) of
/// some documents: what BM25 reads of DOCS. Four byte planes (every title's low byte, then
/// their high bytes, then the body's): each plane is nearly uniform, which brotli packs far
/// better than interleaved u16s (hadith, all documents: 34 KB brotli in planes, 38 KB
/// interleaved).
#[cfg(any(not(target_arch = "wasm32"), feature = "indexer"))]
pub(crate) fn write_lengths(out: &mut Vec<u8>, lengths: impl Iterator<Item = (u32, u32)> + Clone) {
    for plane in 0..4 {
        for (title, body) in lengths.clone() {
            let value = if plane < 2 { title } else { body };
            out.push((value >> (8 * (plane % 2))) as u8);
        }
    }
}

/// Length `i` of a table of `count` ([`write_lengths`]); `None` past its end.
pub(crate) fn read_lengths(table: &[u8], count: usize, i: usize) -> Option<(u32, u32)> {
    let byte = |plane: usize| table.get(plane * count + i).map(|&b| u32::from(b));
    if i >= count {
        return None;
    }
    Some((byte(0)? | byte(1)? << 8, byte(2)? | byte(3)? << 8))
}

/// Append a letter table (the single file's dictionary's, `Dictionary::letter_table`): the
/// number of prefixes, then each prefix's masks as varints, two per mask: the letters after it,
/// then for each letter set there the letters after it. 2.3 KB brotli on the hadith, against a
/// dictionary block (300 bytes brotli) for each look-up it answers.
#[cfg(any(not(target_arch = "wasm32"), feature = "indexer"))]
pub(crate) fn write_letter_table(out: &mut Vec<u8>, table: &[Vec<[u64; 2]>]) {
    format::write_varint(out, table.len() as u64);
    for &word in table.iter().flatten().flatten() {
        format::write_varint(out, word);
    }
}

/// A letter table ([`write_letter_table`]).
fn read_letter_table(d: &mut Decoder<'_>) -> Result<Vec<Vec<[u64; 2]>>> {
    let mut table = Vec::new();
    for _ in 0..d.varint()? {
        let mut masks = vec![[d.varint()?, d.varint()?]];
        for _ in 0..masks[0][0].count_ones() + masks[0][1].count_ones() {
            masks.push([d.varint()?, d.varint()?]);
        }
        table.push(masks);
    }
    Ok(table)
}

impl Entry {
    /// Check and decode entry bytes; `documents` is read from its META by the caller
    /// (`documents_of` gives it from the META range).
    pub(crate) fn decode(
        bytes: &[u8],
        documents_of: impl Fn(&[u8]) -> Result<u32>,
    ) -> Result<Entry> {
        let (header, body) = check_file(bytes, ENTRY_NAME)?;
        if header.kind != PieceKind::Entry as u32 || header.number != 0 {
            return Err(bad(
                ENTRY_NAME,
                "it is a piece of a split index, not its entry (open fahras-entry.bin)",
            ));
        }
        let base = body.start;
        Self::decode_body(&bytes[body], base, header.build, documents_of).map_err(|e| match e {
            Error::Corrupt(what) => bad(ENTRY_NAME, format!("corrupt: {what}")),
            other => other,
        })
    }

    fn decode_body(
        body: &[u8],
        base: usize,
        build: u64,
        documents_of: impl Fn(&[u8]) -> Result<u32>,
    ) -> Result<Entry> {
        let mut d = Decoder::new(body);
        let range = |d: &mut Decoder<'_>| -> Result<std::ops::Range<usize>> {
            let start = d.position();
            let len = d.varint()? as usize;
            let start = start + (d.position() - start);
            d.bytes(len)?;
            Ok(base + start..base + start + len)
        };
        let index_len = usize::try_from(d.varint()?).map_err(|_| corrupt("index length"))?;
        let meta = range(&mut d)?;
        let documents = documents_of(&body[meta.start - base..meta.end - base])?;
        let count = d.varint()?;
        if count == 0 || count > MAX_PIECES {
            return Err(corrupt("the dictionary block count is out of range"));
        }
        // Every key takes two varints at least: a count beyond the bytes left is refused
        // before room is made for it (2^24 keys' room is 400 MB).
        if count > d.remaining() as u64 / 2 {
            return Err(corrupt(
                "it lists more dictionary blocks than its bytes hold",
            ));
        }
        let mut block_keys: Vec<Vec<u8>> = Vec::with_capacity(count as usize);
        for i in 0..count {
            let shared = d.varint()? as usize;
            let suffix = d.bytes_with_length()?;
            let previous = block_keys.last().map_or(&[][..], Vec::as_slice);
            if shared > previous.len() {
                return Err(corrupt("a dictionary block key is malformed"));
            }
            let mut key = previous[..shared].to_vec();
            key.extend_from_slice(suffix);
            if (i == 0 && !key.is_empty()) || (i > 0 && key.as_slice() <= previous) {
                return Err(corrupt("the dictionary blocks are not in key order"));
            }
            block_keys.push(key);
        }
        let letters = read_letter_table(&mut d)?;
        let count = d.varint()?;
        if count == 0 || count > MAX_PIECES {
            return Err(corrupt("the postings piece count is out of range"));
        }
        let postings_pieces = count as u32;
        let docs_per_store_piece = d.varint_u32()?;
        let docs_per_id_piece = d.varint_u32()?;
        if docs_per_store_piece == 0 || docs_per_id_piece == 0 {
            return Err(corrupt("a piece holds no documents"));
        }
        if docs_per_store_piece.max(docs_per_id_piece) > MAX_DOCS_PER_PIECE {
            return Err(corrupt(&format!(
                "it says a piece holds {} documents; fahras writes at most \
                 {MAX_DOCS_PER_PIECE}",
                docs_per_store_piece.max(docs_per_id_piece)
            )));
        }
        // Every id piece's first id is here, a byte at least (its length): the documents META
        // claims are checked against the bytes that pay for them before anything is sized
        // by them (see MAX_DOCS_PER_PIECE).
        let id_pieces = documents.div_ceil(docs_per_id_piece);
        if id_pieces as usize > d.remaining() {
            return Err(corrupt(&format!(
                "it claims {documents} documents, more than the first ids it lists can hold \
                 ({docs_per_id_piece} per id piece, {} bytes left for {id_pieces} ids)",
                d.remaining()
            )));
        }
        let mut first_ids: Vec<String> = Vec::with_capacity(id_pieces as usize);
        for _ in 0..id_pieces {
            let id = d.str()?;
            if first_ids.last().is_some_and(|last| last.as_str() >= id) {
                return Err(corrupt("the id pieces are not in id order"));
            }
            first_ids.push(id.to_string());
        }
        let fields = range(&mut d)?;
        if !d.is_empty() {
            return Err(corrupt("there are bytes after the entry's last table"));
        }
        Ok(Entry {
            build,
            index_len,
            meta,
            block_keys,
            letters,
            postings_pieces,
            docs_per_store_piece,
            docs_per_id_piece,
            first_ids,
            fields,
        })
    }

    pub(crate) fn store_pieces(&self, documents: u32) -> u32 {
        documents.div_ceil(self.docs_per_store_piece)
    }

    pub(crate) fn postings_pieces(&self) -> u32 {
        self.postings_pieces
    }

    /// How many pieces of `kind` the split has.
    pub(crate) fn count(&self, kind: PieceKind, documents: u32) -> u32 {
        match kind {
            PieceKind::Entry => 0,
            PieceKind::Words => self.block_keys.len() as u32,
            PieceKind::Postings => self.postings_pieces(),
            PieceKind::Store => self.store_pieces(documents),
            PieceKind::Ids => self.first_ids.len() as u32,
        }
    }
}

/// A dictionary block's body: `(first postings piece, where each of its postings pieces
/// starts, the fst)`. The starts are the block's and not the entry's: a search reads the
/// starts of the pieces it may read, not of all (hadith: 3.7 KB brotli of the entry).
pub(crate) fn words_block(body: &[u8], pieces: u32) -> Result<(u32, Vec<u64>, &[u8])> {
    let mut d = Decoder::new(body);
    let first = d.varint_u32()?;
    let count = d.varint_u32()?;
    if u64::from(first) + u64::from(count) > u64::from(pieces) {
        return Err(corrupt(
            "a dictionary block names postings pieces it does not have",
        ));
    }
    // Every start takes a byte at least: a count beyond the bytes left is refused before room
    // is made for it.
    if count as usize > d.remaining() {
        return Err(corrupt(
            "a dictionary block lists more postings pieces than its bytes hold",
        ));
    }
    let mut starts = Vec::with_capacity(count as usize);
    let mut at = 0u64;
    for i in 0..count {
        let delta = d.varint()?;
        if i > 0 && delta == 0 {
            return Err(corrupt("the postings pieces are not in order"));
        }
        at = at
            .checked_add(delta)
            .filter(|&a| a <= u64::from(u32::MAX))
            .ok_or_else(|| corrupt("the postings pieces are out of range"))?;
        starts.push(at);
    }
    let fst = &body[d.position()..];
    Ok((first, starts, fst))
}

/// A postings piece's body: `(its POSTINGS bytes, the lengths table after them)`.
pub(crate) fn postings_piece(body: &[u8]) -> Result<(&[u8], &[u8])> {
    let mut d = Decoder::new(body);
    let len = d.varint()? as usize;
    let postings = d.bytes(len)?;
    Ok((postings, &body[d.position()..]))
}

/// The parts of a store piece's body.
pub(crate) struct StorePiece<'a> {
    /// Each record's offset in `store`, u32 each.
    pub offsets: &'a [u8],
    /// The documents' lengths ([`read_lengths`]).
    pub lengths: &'a [u8],
    /// STORE's field-name table and the records.
    pub store: &'a [u8],
}

/// A store piece's body, cut into its parts.
pub(crate) fn store_piece(body: &[u8], docs: u32) -> Result<StorePiece<'_>> {
    let count = read_u32(body, 0).ok_or_else(|| corrupt("a store piece is truncated"))?;
    if count != docs {
        return Err(corrupt("a store piece holds another number of documents"));
    }
    let offsets_end = 4 + docs as usize * 4;
    let lengths_end = offsets_end + docs as usize * LENGTHS_PER_DOC;
    if body.len() < lengths_end {
        return Err(corrupt("a store piece is truncated"));
    }
    Ok(StorePiece {
        offsets: &body[4..offsets_end],
        lengths: &body[offsets_end..lengths_end],
        store: &body[lengths_end..],
    })
}

/// An id piece's ids, checked: `docs` sorted ids.
pub(crate) fn id_piece(body: &[u8], docs: u32, first: &str) -> Result<()> {
    let mut d = Decoder::new(body);
    if d.varint()? != u64::from(docs) {
        return Err(corrupt("an id piece holds another number of documents"));
    }
    let mut previous: Option<&str> = None;
    for _ in 0..docs {
        let id = d.str()?;
        if previous.map_or(id != first, |p| p >= id) {
            return Err(corrupt("an id piece is not in id order"));
        }
        previous = Some(id);
    }
    if !d.is_empty() {
        return Err(corrupt("there are bytes after an id piece's ids"));
    }
    Ok(())
}

/// The position of `id` in an (already checked) id piece.
pub(crate) fn find_in_id_piece(body: &[u8], id: &str) -> Result<Option<u32>> {
    let mut d = Decoder::new(body);
    let count = d.varint_u32()?;
    for i in 0..count {
        match d.str()?.cmp(id) {
            std::cmp::Ordering::Less => {}
            std::cmp::Ordering::Equal => return Ok(Some(i)),
            std::cmp::Ordering::Greater => return Ok(None),
        }
    }
    Ok(None)
}

#[cfg(any(not(target_arch = "wasm32"), feature = "indexer"))]
pub use writer::{split, split_into, split_with, PieceSizes};

#[cfg(any(not(target_arch = "wasm32"), feature = "indexer"))]
mod writer {
    use super::*;
    use crate::index::format::{write_str, write_varint, Section};
    use crate::index::reader::postings_documents;
    use crate::index::{Bytes, IndexReader};
    use fst::Streamer;
    use std::sync::Arc;

    /// What an entry file says, to encode it: the one encoder of [`Entry::decode`]'s format,
    /// for the writer and for the tests that craft entries.
    pub(crate) struct EntryParts<'a> {
        pub index_len: u64,
        pub meta: &'a [u8],
        pub block_keys: &'a [Vec<u8>],
        pub letters: &'a [Vec<[u64; 2]>],
        pub postings_pieces: u64,
        pub docs_per_store_piece: u64,
        pub docs_per_id_piece: u64,
        pub first_ids: &'a [&'a str],
        pub fields: &'a [u8],
    }

    impl EntryParts<'_> {
        /// The entry's body, as [`Entry::decode`] reads it.
        pub(crate) fn encode(&self) -> Vec<u8> {
            let mut entry = Vec::new();
            write_varint(&mut entry, self.index_len);
            write_varint(&mut entry, self.meta.len() as u64);
            entry.extend_from_slice(self.meta);
            write_varint(&mut entry, self.block_keys.len() as u64);
            let mut previous: &[u8] = &[];
            for key in self.block_keys {
                let shared = key.iter().zip(previous).take_while(|(a, b)| a == b).count();
                write_varint(&mut entry, shared as u64);
                write_varint(&mut entry, (key.len() - shared) as u64);
                entry.extend_from_slice(&key[shared..]);
                previous = key;
            }
            write_letter_table(&mut entry, self.letters);
            write_varint(&mut entry, self.postings_pieces);
            write_varint(&mut entry, self.docs_per_store_piece);
            write_varint(&mut entry, self.docs_per_id_piece);
            for id in self.first_ids {
                write_str(&mut entry, id);
            }
            write_varint(&mut entry, self.fields.len() as u64);
            entry.extend_from_slice(self.fields);
            entry
        }
    }

    /// How big the pieces are cut: targets, not limits (a record, or a word's postings,
    /// is never cut). [`PieceSizes::default`] is what `split` uses; see docs/split.md for
    /// the measurements behind each.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct PieceSizes {
        /// A dictionary block is cut once its fst reaches this many bytes.
        pub words_block: u64,
        /// A postings piece holds consecutive words' lists up to this many bytes.
        pub postings: usize,
        /// Store pieces hold about this many bytes of records: documents per piece are
        /// this divided by the average record, at least 1.
        pub store: usize,
        /// Ids per id piece (at most 4096: more are cut to 4096, the most a reader takes).
        pub ids: u32,
    }

    /// The build a split's names and headers carry: the single file's checksum with the split
    /// version and the piece sizes, because the same index cut another way (another version of
    /// fahras, other sizes) gives other files under the same names otherwise, and a cache that
    /// keeps a build's files forever (the demo's service worker, an `immutable` HTTP header)
    /// would serve the old pieces to the new entry.
    pub(crate) fn build_of(index_checksum: u64, sizes: &PieceSizes) -> u64 {
        let mut cut = Vec::with_capacity(40);
        cut.extend_from_slice(&index_checksum.to_le_bytes());
        cut.extend_from_slice(&SPLIT_VERSION.to_le_bytes());
        for size in [
            sizes.words_block,
            sizes.postings as u64,
            sizes.store as u64,
            u64::from(sizes.ids),
        ] {
            cut.extend_from_slice(&size.to_le_bytes());
        }
        format::checksum(&cut)
    }

    impl Default for PieceSizes {
        fn default() -> Self {
            PieceSizes {
                words_block: WORDS_BLOCK_BYTES,
                postings: POSTINGS_PIECE_BYTES,
                store: STORE_PIECE_BYTES,
                ids: IDS_PER_PIECE,
            }
        }
    }

    /// A dictionary block is cut once its fst reaches this many bytes (about 300 bytes
    /// brotli). A query word reads the dictionary around each of its clitic-prefix ranges and
    /// a few checks, 40 to 60 places in all, and each costs a block: smaller blocks cost less
    /// per word (Quran, first search of الصلاة: 4 KB blocks 104 KB brotli in all, 1 KB 66 KB,
    /// 512 B 41 KB; hadith: 256 B saves 4–5 KB per first search against 512 B, typos 10–40 KB)
    /// for more first keys in the entry (+2.8 KB brotli on the hadith). docs/split.md has the
    /// measurements.
    const WORDS_BLOCK_BYTES: u64 = 256;
    /// Postings pieces hold the lists of consecutive words up to this many bytes (a word
    /// with longer postings is a piece of its own): a query reads the postings of its
    /// forms, which lie together in key order, so a few pieces per word, and every byte of a
    /// piece beyond the forms' lists is fetched for nothing. Most forms of a word are rare
    /// (كصلاة, وللصلاة), so most pieces a search reads hold one small list it wants among
    /// neighbours it does not, each with the lengths of the documents it names (hadith, first
    /// search of الصلاة with the entry, split version 3: 1 KB pieces 39.5 KB brotli, 768 B
    /// 37.5, 512 B 34.5, 384 B 33.2, **256 B 31.5**, 128 B 30.5 for 14,687 pieces instead of
    /// 8,620, 64 B 30.1 for 24,570; with version 1, 512 B blocks and 4 KB pieces 99 KB, and
    /// 157 KB when pieces were cut only once past the target).
    const POSTINGS_PIECE_BYTES: usize = 256;
    /// Store pieces hold about this many bytes of records: a hit's snippet needs its whole
    /// record, and a first page reads ten records far apart, so pieces of about one record
    /// (hadith: one document per piece; Quran: three or four verses).
    const STORE_PIECE_BYTES: usize = 1024;
    /// Ids per id piece (`document(id)` reads one).
    const IDS_PER_PIECE: u32 = 2048;

    /// Cut a single-file index into the files of a split index, entry first:
    /// (file name, bytes). Every file is a pure function of the index bytes.
    pub fn split(index: &[u8]) -> Result<Vec<(String, Vec<u8>)>> {
        split_with(index, PieceSizes::default())
    }

    /// [`split`] with other piece sizes (for measuring them).
    pub fn split_with(index: &[u8], sizes: PieceSizes) -> Result<Vec<(String, Vec<u8>)>> {
        let mut files = Vec::new();
        let index = Bytes::Shared(Arc::new(index.to_vec()));
        split_into(index, sizes, &mut |name, bytes| {
            files.push((name, bytes));
            Ok(())
        })?;
        Ok(files)
    }

    /// [`split_with`] for an index of any size: it takes the index bytes without a copy and
    /// hands each file to `write` as soon as it is cut, entry first, so besides the index only
    /// one piece is held at a time (the indexer's memory is what bounds the corpus).
    pub fn split_into(
        index: Bytes,
        sizes: PieceSizes,
        write: &mut dyn FnMut(String, Vec<u8>) -> Result<()>,
    ) -> Result<()> {
        let sizes = PieceSizes {
            words_block: sizes.words_block.max(1),
            postings: sizes.postings.max(1),
            store: sizes.store.max(1),
            // The reader refuses more (MAX_DOCS_PER_PIECE); the build below is of these sizes.
            ids: sizes.ids.clamp(1, MAX_DOCS_PER_PIECE),
        };
        let reader = IndexReader::open(index)?;
        let index = reader.as_bytes();
        let build = build_of(format::index_checksum(index), &sizes);
        let documents = reader.documents();
        let mut push = |kind, n: u32, body: &[u8]| {
            let bytes = file(kind, n, build, body)?;
            write(piece_name(kind, n, build), bytes)
        };

        // Dictionary blocks.
        let words = fst::Map::new(reader.section(Section::Words))
            .map_err(|e| Error::Corrupt(format!("term dictionary: {e}")))?;
        let mut block_keys: Vec<Vec<u8>> = vec![Vec::new()];
        let mut offsets: Vec<u64> = Vec::new();
        let mut blocks: Vec<Vec<u8>> = Vec::new();
        // The smallest and largest postings offset of each block's words.
        let mut block_values: Vec<Option<(u64, u64)>> = vec![None];
        let mut builder = fst::MapBuilder::memory();
        let mut in_block = 0usize;
        let mut stream = words.stream();
        let mut last: Vec<u8> = Vec::new();
        let fst_error = |e: fst::Error| Error::Corrupt(format!("term dictionary: {e}"));
        while let Some((key, value)) = stream.next() {
            if in_block > 0 && builder.bytes_written() >= sizes.words_block {
                let done = std::mem::replace(&mut builder, fst::MapBuilder::memory());
                blocks.push(done.into_inner().map_err(fst_error)?);
                block_keys.push(separator(&last, key).to_vec());
                block_values.push(None);
                in_block = 0;
            }
            let range = block_values.last_mut().expect("a block");
            *range = Some(range.map_or((value, value), |(lo, hi)| (lo.min(value), hi.max(value))));
            last.clear();
            last.extend_from_slice(key);
            builder.insert(key, value).map_err(fst_error)?;
            in_block += 1;
            offsets.push(value);
        }
        blocks.push(builder.into_inner().map_err(fst_error)?);

        // Postings pieces, cut between words.
        let postings = reader.section(Section::Postings);
        offsets.sort_unstable();
        offsets.dedup();
        let mut starts = postings_piece_starts(&offsets, postings.len() as u64, sizes.postings);
        // POSTINGS' end (the one start a piece may share: an index with no word has one
        // empty piece).
        starts.push(postings.len() as u64);

        // Store pieces: k documents each.
        let store = reader.section(Section::Store);
        let record_start = |doc: u32| reader.store_offset(doc);
        let names_end = record_start(0)?;
        let records = store.len() - names_end;
        // At most MAX_DOCS_PER_PIECE, which the reader checks (it bounds what an entry may
        // claim).
        let k = (sizes.store * documents as usize / records.max(1))
            .clamp(1, MAX_DOCS_PER_PIECE as usize) as u32;

        // Every document's lengths, which the postings and store pieces carry (8 bytes a
        // document while the split is written).
        let mut lengths = Vec::with_capacity(documents as usize);
        for doc in 0..documents {
            lengths.push(reader.doc_lengths(doc)?);
        }
        let mut id_bodies = Vec::new();
        let mut first_ids = Vec::new();
        let mut doc = 0;
        while doc < documents {
            let end = (doc + sizes.ids).min(documents);
            let mut body = Vec::new();
            write_varint(&mut body, u64::from(end - doc));
            for d in doc..end {
                write_str(&mut body, reader.document_id(d)?);
            }
            first_ids.push(reader.document_id(doc)?);
            id_bodies.push(body);
            doc = end;
        }
        let entry = EntryParts {
            index_len: index.len() as u64,
            meta: reader.section(Section::Meta),
            block_keys: &block_keys,
            letters: &reader.dictionary().letter_table(),
            postings_pieces: starts.len() as u64 - 1,
            docs_per_store_piece: u64::from(k),
            docs_per_id_piece: u64::from(sizes.ids),
            first_ids: &first_ids,
            fields: reader.section(Section::Fields),
        }
        .encode();
        push(PieceKind::Entry, 0, &entry)?;

        let pieces = &starts[..starts.len() - 1];
        let piece_of = |offset: u64| pieces.partition_point(|&s| s <= offset).saturating_sub(1);
        for (n, (block, values)) in blocks.iter().zip(&block_values).enumerate() {
            let (first, last) = values.map_or((0, 0), |(lo, hi)| (piece_of(lo), piece_of(hi) + 1));
            let mut body = Vec::with_capacity(block.len() + 16);
            write_varint(&mut body, first as u64);
            write_varint(&mut body, (last - first) as u64);
            let mut previous = 0;
            for &start in &pieces[first..last] {
                write_varint(&mut body, start - previous);
                previous = start;
            }
            body.extend_from_slice(block);
            push(PieceKind::Words, n as u32, &body)?;
        }
        let mut seen = Vec::new();
        for (n, range) in starts.windows(2).enumerate() {
            let (a, b) = (range[0] as usize, range[1] as usize);
            let bytes = &postings[a..b.max(a)];
            let named = postings_documents(bytes, documents, &mut seen)?;
            let mut body = Vec::with_capacity(bytes.len() + named.len() * LENGTHS_PER_DOC + 5);
            write_varint(&mut body, bytes.len() as u64);
            body.extend_from_slice(bytes);
            write_lengths(&mut body, named.iter().map(|&d| lengths[d as usize]));
            push(PieceKind::Postings, n as u32, &body)?;
        }
        let mut doc = 0;
        let mut n = 0;
        while doc < documents {
            let end = (doc + k).min(documents);
            let mut body = Vec::new();
            body.extend_from_slice(&(end - doc).to_le_bytes());
            let first = record_start(doc)?;
            let last = if end == documents {
                store.len()
            } else {
                record_start(end)?
            };
            for d in doc..end {
                let at = names_end + record_start(d)? - first;
                body.extend_from_slice(&(at as u32).to_le_bytes());
            }
            write_lengths(
                &mut body,
                lengths[doc as usize..end as usize].iter().copied(),
            );
            body.extend_from_slice(&store[..names_end]);
            body.extend_from_slice(&store[first..last]);
            push(PieceKind::Store, n, &body)?;
            doc = end;
            n += 1;
        }
        for (n, body) in id_bodies.iter().enumerate() {
            push(PieceKind::Ids, n as u32, body)?;
        }
        Ok(())
    }
}

/// What the entry keeps of a block's first key `first`, the previous block's last key being
/// `last`: its shortest prefix above `last`, to a whole character (the typo search reads the
/// keys as text). A reader only compares keys with the block keys, and every key of the block
/// lies between this prefix and the next block's, as between the first keys: the same blocks
/// are read for a third fewer bytes in the entry.
#[cfg(any(not(target_arch = "wasm32"), feature = "indexer"))]
fn separator<'a>(last: &[u8], first: &'a [u8]) -> &'a [u8] {
    let shared = last.iter().zip(first).take_while(|(a, b)| a == b).count();
    let mut end = (shared + 1).min(first.len());
    // UTF-8 continuation bytes are 0b10xx_xxxx.
    while end < first.len() && first[end] & 0xc0 == 0x80 {
        end += 1;
    }
    &first[..end]
}

/// Where each postings piece starts, given where each word's list starts (`offsets`, sorted, no
/// duplicates) and where POSTINGS ends. Words are packed into a piece while it stays within
/// `target` bytes: a word that would take it past the target starts the next piece, so a rare
/// word never shares a piece with a common neighbour's long list (cutting only once the target
/// was passed made some first searches fetch 90 KB of a neighbour's postings for one small
/// word). A list longer than the target is a piece of its own.
#[cfg(any(not(target_arch = "wasm32"), feature = "indexer"))]
fn postings_piece_starts(offsets: &[u64], end: u64, target: usize) -> Vec<u64> {
    let mut starts = vec![0u64];
    let ends = offsets.iter().skip(1).copied().chain(std::iter::once(end));
    for (&offset, end) in offsets.iter().zip(ends) {
        let start = *starts.last().expect("one start");
        if offset > start && (end - start) as usize > target {
            starts.push(offset);
        }
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(any(not(target_arch = "wasm32"), feature = "indexer"))]
    fn postings_pieces_pack_words_while_they_fit() {
        // (word starts, POSTINGS' end, target) → piece starts.
        let cases: &[(&[u64], u64, usize, &[u64])] = &[
            // Small words fill pieces up to the target.
            (&[0, 10, 20, 30, 40], 50, 25, &[0, 20, 40]),
            // A long list after a small word starts its own piece, and so does the word after it.
            (&[0, 10, 1000, 1010], 1020, 100, &[0, 10, 1000]),
            // A long list first: its own piece.
            (&[0, 900, 910], 920, 100, &[0, 900]),
            // One word.
            (&[0], 5000, 100, &[0]),
            // Exactly the target fits.
            (&[0, 50], 100, 100, &[0]),
        ];
        for &(offsets, end, target, want) in cases {
            assert_eq!(
                postings_piece_starts(offsets, end, target),
                want,
                "{offsets:?} to {end}, target {target}"
            );
        }
    }

    #[test]
    #[cfg(any(not(target_arch = "wasm32"), feature = "indexer"))]
    fn a_block_key_is_the_shortest_whole_character_prefix_above_the_previous_key() {
        for (last, first, want) in [
            ("الصلاة", "الصلب", "الصلب"),
            ("الصلاة", "الصوم", "الصو"),
            ("ب", "بوتين", "بو"),
            ("abc", "abd", "abd"),
            ("ab", "b", "b"),
            ("", "a", "a"),
        ] {
            let got = separator(last.as_bytes(), first.as_bytes());
            assert_eq!(std::str::from_utf8(got).unwrap(), want, "{last} < {first}");
            assert!(last.as_bytes() < got && got <= first.as_bytes());
        }
    }

    #[test]
    #[cfg(any(not(target_arch = "wasm32"), feature = "indexer"))]
    fn lengths_tables_round_trip() {
        let lengths = [(0, 0), (3, 65_535), (65_535, 1), (256, 255)];
        let mut table = Vec::new();
        write_lengths(&mut table, lengths.iter().copied());
        assert_eq!(table.len(), lengths.len() * LENGTHS_PER_DOC);
        for (i, &want) in lengths.iter().enumerate() {
            assert_eq!(read_lengths(&table, lengths.len(), i), Some(want));
        }
        assert_eq!(read_lengths(&table, lengths.len(), lengths.len()), None);
        assert_eq!(
            read_lengths(&table[..5], lengths.len(), 3),
            None,
            "a short table"
        );
    }

    /// Each postings piece carries the lengths of exactly the documents its words' postings
    /// name (scoring reads no other), and each store piece those of its documents.
    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn pieces_carry_the_lengths_of_the_documents_they_name() {
        use crate::index::format::Section;
        use crate::index::{Bytes, IndexReader};
        use crate::{Document, IndexBuilder};
        let mut builder = IndexBuilder::new();
        let words = ["بوتين", "الصين", "موسكو", "والكتاب", "كتب", "الصلاة", "صلى"];
        for i in 0..300usize {
            let text: Vec<&str> = (0..(i % 13 + 1)).map(|j| words[(i * j + j) % 7]).collect();
            builder
                .add(Document {
                    id: format!("d{i:03}"),
                    title: words[..i % 4].join(" "),
                    text: text.join(" "),
                    ..Document::default()
                })
                .unwrap();
        }
        let bytes = builder.finish().unwrap();
        let single = IndexReader::open(Bytes::Shared(std::sync::Arc::new(bytes.clone()))).unwrap();
        let sizes = PieceSizes {
            postings: 64,
            store: 300,
            ..PieceSizes::default()
        };
        let files = split_with(&bytes, sizes).unwrap();
        let entry = Entry::decode(&files[0].1, |_| Ok(single.documents())).unwrap();
        let postings = single.section(Section::Postings);
        let mut offsets: Vec<u64> = Vec::new();
        let map = fst::Map::new(single.section(Section::Words)).unwrap();
        let mut stream = map.stream();
        while let Some((_, offset)) = fst::Streamer::next(&mut stream) {
            offsets.push(offset);
        }
        assert!(entry.postings_pieces() > 3, "several postings pieces");
        // The pieces cut POSTINGS in order; each dictionary block says where those of its
        // words start.
        let mut start = 0u64;
        let mut starts = Vec::new();
        for n in 0..entry.postings_pieces() as usize {
            let (_, file) = &files[1 + entry.block_keys.len() + n];
            let (part, _) = postings_piece(&file[PIECE_HEADER_LEN..]).unwrap();
            starts.push(start);
            start += part.len() as u64;
        }
        assert_eq!(start as usize, postings.len());
        starts.push(start);
        for (b, (_, file)) in files[1..=entry.block_keys.len()].iter().enumerate() {
            let (first, block_starts, fst) =
                words_block(&file[PIECE_HEADER_LEN..], entry.postings_pieces()).unwrap();
            let first = first as usize;
            assert_eq!(
                block_starts,
                starts[first..first + block_starts.len()],
                "block {b}"
            );
            let map = fst::Map::new(fst).unwrap();
            let mut words = map.stream();
            while let Some((_, offset)) = fst::Streamer::next(&mut words) {
                let end = starts[first + block_starts.len()];
                assert!(block_starts[0] <= offset && offset < end, "block {b}");
            }
        }
        for n in 0..entry.postings_pieces() as usize {
            let (start, end) = (starts[n], starts[n + 1]);
            let mut want: Vec<u32> = Vec::new();
            for &offset in offsets.iter().filter(|&&o| start <= o && o < end) {
                let mut list = single.postings(offset).unwrap();
                while let Some(p) = list.next_posting().unwrap() {
                    want.push(p.doc);
                }
            }
            want.sort_unstable();
            want.dedup();
            let part = &postings[start as usize..end as usize];
            let named =
                crate::index::reader::postings_documents(part, single.documents(), &mut Vec::new())
                    .unwrap();
            assert_eq!(named, want, "postings piece {n}");
            let (_, file) = &files[1 + entry.block_keys.len() + n];
            let (_, table) = postings_piece(&file[PIECE_HEADER_LEN..]).unwrap();
            assert_eq!(table.len(), want.len() * LENGTHS_PER_DOC);
            for (i, &doc) in want.iter().enumerate() {
                assert_eq!(
                    read_lengths(table, want.len(), i),
                    Some(single.doc_lengths(doc).unwrap())
                );
            }
        }
        let k = entry.docs_per_store_piece;
        assert!(k > 1, "several documents per store piece");
        let first_store = 1 + entry.block_keys.len() + entry.postings_pieces() as usize;
        for (n, (_, file)) in files[first_store..]
            [..entry.store_pieces(single.documents()) as usize]
            .iter()
            .enumerate()
        {
            let docs = k.min(single.documents() - n as u32 * k);
            let piece = store_piece(&file[PIECE_HEADER_LEN..], docs).unwrap();
            for i in 0..docs {
                assert_eq!(
                    read_lengths(piece.lengths, docs as usize, i as usize),
                    Some(single.doc_lengths(n as u32 * k + i).unwrap())
                );
            }
        }
    }

    /// A small index (300 documents, no filterable field, so FIELDS sizes nothing by the
    /// document count) and its split files, entry first.
    #[cfg(not(target_arch = "wasm32"))]
    #[allow(clippy::type_complexity)]
    fn small_split() -> (Vec<u8>, Vec<(String, Vec<u8>)>) {
        use crate::{Document, IndexBuilder};
        let mut builder = IndexBuilder::new();
        let words = ["بوتين", "الصين", "موسكو", "والكتاب", "كتب", "الصلاة", "صلى"];
        for i in 0..300usize {
            let text: Vec<&str> = (0..(i % 13 + 1)).map(|j| words[(i * j + j) % 7]).collect();
            builder
                .add(Document {
                    id: format!("d{i:03}"),
                    text: text.join(" "),
                    ..Document::default()
                })
                .unwrap();
        }
        let index = builder.finish().unwrap();
        let files = split(&index).unwrap();
        (index, files)
    }

    /// The counts an entry claims, to re-encode it with others.
    #[cfg(not(target_arch = "wasm32"))]
    struct Claims {
        /// META's document count (its first varint).
        documents: u64,
        postings_pieces: u64,
        docs_per_store_piece: u64,
        docs_per_id_piece: u64,
    }

    /// `entry` re-encoded with the claims `edit` makes, everything else as it was, under a
    /// header with the right length and checksum (as anyone can write one: the checksum is
    /// no proof).
    #[cfg(not(target_arch = "wasm32"))]
    fn crafted(entry: &[u8], edit: impl FnOnce(&mut Claims)) -> Vec<u8> {
        let e = Entry::decode(entry, |meta| Decoder::new(meta).varint_u32()).unwrap();
        let meta = &entry[e.meta.clone()];
        let mut d = Decoder::new(meta);
        let mut claims = Claims {
            documents: d.varint().unwrap(),
            postings_pieces: u64::from(e.postings_pieces),
            docs_per_store_piece: u64::from(e.docs_per_store_piece),
            docs_per_id_piece: u64::from(e.docs_per_id_piece),
        };
        let meta_rest = &meta[d.position()..];
        edit(&mut claims);
        let mut new_meta = Vec::new();
        format::write_varint(&mut new_meta, claims.documents);
        new_meta.extend_from_slice(meta_rest);
        let first_ids: Vec<&str> = e.first_ids.iter().map(String::as_str).collect();
        let body = writer::EntryParts {
            index_len: e.index_len as u64,
            meta: &new_meta,
            block_keys: &e.block_keys,
            letters: &e.letters,
            postings_pieces: claims.postings_pieces,
            docs_per_store_piece: claims.docs_per_store_piece,
            docs_per_id_piece: claims.docs_per_id_piece,
            first_ids: &first_ids,
            fields: &entry[e.fields.clone()],
        }
        .encode();
        file(PieceKind::Entry, 0, e.build, &body).unwrap()
    }

    /// Open a split index's entry: the error's message, or `None` when it opens.
    #[cfg(not(target_arch = "wasm32"))]
    fn open_error(entry: Vec<u8>) -> Option<String> {
        use crate::index::{Bytes, IndexReader};
        IndexReader::open_split(Bytes::Shared(std::sync::Arc::new(entry)))
            .err()
            .map(|e| e.to_string())
    }

    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn a_crafted_entry_re_encodes_the_real_one() {
        let (_, files) = small_split();
        assert_eq!(crafted(&files[0].1, |_| {}), files[0].1);
        assert_eq!(open_error(files[0].1.clone()), None);
    }

    /// A piece said to hold billions of documents (or an id piece holding all 4 billion
    /// documents META claims, paid for by one first id) is refused, before the reader's
    /// per-document tables are sized by the claim (16 GiB of lengths for 4 billion).
    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn an_entry_whose_pieces_hold_more_documents_than_fahras_writes_is_refused() {
        let entry = small_split().1.swap_remove(0).1;
        let refused = |edit: &dyn Fn(&mut Claims), holds: u64| {
            let message = open_error(crafted(&entry, edit)).expect("refused");
            assert!(
                message.contains(&format!(
                    "`fahras-entry.bin`: corrupt: it says a piece holds {holds} documents; \
                     fahras writes at most 4096"
                )),
                "{message}"
            );
        };
        refused(
            &|c| {
                c.documents = u64::from(u32::MAX);
                c.docs_per_id_piece = u64::from(u32::MAX);
            },
            u64::from(u32::MAX),
        );
        refused(
            &|c| {
                c.documents = u64::from(u32::MAX);
                c.docs_per_id_piece = u64::from(u32::MAX);
                c.docs_per_store_piece = 1;
            },
            u64::from(u32::MAX),
        );
        refused(
            &|c| c.docs_per_store_piece = u64::from(u32::MAX),
            u64::from(u32::MAX),
        );
        refused(&|c| c.docs_per_id_piece = 4097, 4097);
        // The most the writer writes opens.
        let most = crafted(&entry, |c| {
            c.docs_per_id_piece = 4096;
            c.docs_per_store_piece = 4096;
        });
        assert_eq!(open_error(most), None);
    }

    /// META's document count is checked against the first ids the entry lists (each id piece
    /// holds 4096 documents at most): 4 billion documents with the real pieces' sizes is
    /// refused with a message saying so, and the most those ids hold opens.
    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn an_entry_claiming_more_documents_than_its_first_ids_hold_is_refused() {
        let entry = small_split().1.swap_remove(0).1;
        for (per_piece, store) in [(2048, 1), (4096, 1), (4096, 4096)] {
            let message = open_error(crafted(&entry, |c| {
                c.documents = u64::from(u32::MAX);
                c.docs_per_id_piece = per_piece;
                c.docs_per_store_piece = store;
            }))
            .expect("refused");
            assert!(
                message.contains(&format!(
                    "corrupt: it claims 4294967295 documents, more than the first ids it lists \
                     can hold ({per_piece} per id piece"
                )),
                "{message}"
            );
        }
        // One id piece listed: 2048 documents (the writer's ids per piece) open.
        let one_piece = crafted(&entry, |c| c.documents = 2048);
        assert_eq!(open_error(one_piece), None);
    }

    /// The postings piece count is an entry's varint (the starts are in the dictionary blocks):
    /// claiming the most (2^24) costs the reader nothing until pieces come, and the real
    /// pieces still add and read.
    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn an_entry_claiming_the_most_postings_pieces_opens_without_a_slot_for_each() {
        use crate::index::{Bytes, IndexReader};
        let (index, files) = small_split();
        let entry = crafted(&files[0].1, |c| c.postings_pieces = MAX_PIECES);
        let mut reader =
            IndexReader::open_split(Bytes::Shared(std::sync::Arc::new(entry))).unwrap();
        let build = files[0].1[24..32]
            .try_into()
            .map(u64::from_le_bytes)
            .unwrap();
        let last = piece_name(PieceKind::Postings, MAX_PIECES as u32 - 1, build);
        assert!(!reader.has_piece(&last));
        for (name, bytes) in &files[1..] {
            reader.add_piece(name, bytes.clone()).unwrap();
            assert!(reader.has_piece(name), "{name}");
        }
        let beyond = piece_name(PieceKind::Postings, MAX_PIECES as u32, build);
        assert!(reader
            .add_piece(&beyond, Vec::new())
            .unwrap_err()
            .to_string()
            .contains("no such piece"));
        // Every word's postings, and every document's lengths, read as the single file's.
        let single = IndexReader::open(Bytes::Shared(std::sync::Arc::new(index))).unwrap();
        let words = fst::Map::new(single.section(crate::index::format::Section::Words)).unwrap();
        let mut stream = words.stream();
        let mut read = 0;
        while let Some((_, offset)) = fst::Streamer::next(&mut stream) {
            let (mut want, mut got) = (
                single.postings(offset).unwrap(),
                reader.postings(offset).unwrap(),
            );
            while let Some(p) = want.next_posting().unwrap() {
                assert_eq!(got.next_posting().unwrap().map(|g| g.doc), Some(p.doc));
                read += 1;
            }
            assert_eq!(got.next_posting().unwrap().map(|g| g.doc), None);
        }
        assert!(read > 300, "{read} postings");
        for doc in 0..single.documents() {
            assert_eq!(
                reader.doc_lengths(doc).unwrap(),
                single.doc_lengths(doc).unwrap()
            );
        }
        assert!(!reader.pieces_pending());
    }

    #[test]
    fn piece_names_round_trip_and_nothing_else_parses() {
        for kind in [
            PieceKind::Words,
            PieceKind::Postings,
            PieceKind::Store,
            PieceKind::Ids,
        ] {
            for n in [0, 7, 12345] {
                let name = piece_name(kind, n, 0x0123_4567_89ab_cdef);
                assert_eq!(
                    parse_piece_name(&name),
                    Some((kind, n, 0x0123_4567_89ab_cdef))
                );
            }
        }
        for name in [
            ENTRY_NAME,
            "w-1.0123456789abcdef",
            "x-1.0123456789abcdef.bin",
            "w-01.0123456789abcdef.bin",
            "w-+1.0123456789abcdef.bin",
            "w-1.0123456789abcde.bin",
            "w-.0123456789abcdef.bin",
            "w-99999999999.0123456789abcdef.bin",
            "",
        ] {
            assert_eq!(parse_piece_name(name), None, "{name}");
        }
    }

    #[test]
    #[cfg(any(not(target_arch = "wasm32"), feature = "indexer"))]
    fn a_file_is_checked_before_its_body_is_read() {
        let bytes = file(PieceKind::Postings, 3, 42, b"body").unwrap();
        let name = piece_name(PieceKind::Postings, 3, 42);
        let body = check_piece(&bytes, &name, PieceKind::Postings, 3, 42).unwrap();
        assert_eq!(&bytes[body], b"body");
        let message = |r: Result<std::ops::Range<usize>>| r.unwrap_err().to_string();
        assert!(
            message(check_piece(&bytes, &name, PieceKind::Postings, 3, 43))
                .contains("another build")
        );
        assert!(
            message(check_piece(&bytes, &name, PieceKind::Postings, 4, 42)).contains("renamed")
        );
        assert!(message(check_piece(
            &bytes[..bytes.len() - 1],
            &name,
            PieceKind::Postings,
            3,
            42
        ))
        .contains("truncated"));
        assert!(
            message(check_piece(&bytes[..10], &name, PieceKind::Postings, 3, 42))
                .contains("truncated")
        );
        let mut flipped = bytes.clone();
        *flipped.last_mut().unwrap() ^= 1;
        assert!(
            message(check_piece(&flipped, &name, PieceKind::Postings, 3, 42)).contains("checksum")
        );
        assert!(
            message(check_piece(b"hello", &name, PieceKind::Postings, 3, 42)).contains("magic")
        );
        assert!(message(check_piece(&bytes, &name, PieceKind::Postings, 3, 43)).contains(&name));
    }
}
