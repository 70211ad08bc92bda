//! Reads an index in place. Opening checks the header, the checksum and the
//! section bounds; everything after that is decoded lazily and bounds-checked,
//! so corrupt bytes give an [`Error`], never a panic.

use std::ops::Range;
use std::sync::Arc;

use fst::Map;

use super::dictionary::{Dictionary, Needs};
use super::fields::FieldColumn;
use super::format::{
    self, corrupt, read_u32, Decoder, FieldType, Section, CHECKSUM_START, DOC_ENTRY_LEN,
    HEADER_LEN, MAGIC, SECTION_COUNT, VERSION, WORDS_PER_CHECKPOINT,
};
use super::split::{self, Entry, PieceKind};
use crate::analysis;
use crate::corpus::FieldValue;
use crate::error::{Error, Result};

/// Index bytes: borrowed for the embedded index (no copy at start-up), shared
/// for one loaded at run time.
#[derive(Clone, Debug)]
pub enum Bytes {
    Static(&'static [u8]),
    /// An `Arc<Vec<u8>>`, not `Arc<[u8]>`: wrapping a `Vec` moves it, while
    /// `Arc<[u8]>` would copy a multi-megabyte index once more.
    Shared(Arc<Vec<u8>>),
}

impl AsRef<[u8]> for Bytes {
    fn as_ref(&self) -> &[u8] {
        match self {
            Bytes::Static(b) => b,
            Bytes::Shared(b) => b,
        }
    }
}

/// One section of the index bytes (or the body of a piece of a split index),
/// as the backing store of an fst map.
#[derive(Clone, Debug)]
pub struct Slice {
    pub(crate) bytes: Bytes,
    pub(crate) range: Range<usize>,
}

impl AsRef<[u8]> for Slice {
    fn as_ref(&self) -> &[u8] {
        &self.bytes.as_ref()[self.range.clone()]
    }
}

/// Every query word costs one dictionary scan per clitic prefix in META, from
/// `prefix + stem`: a hand-made file listing thousands of prefixes, or a
/// megabyte-long one, would make every search slow (a range seek keeps a frame
/// per byte it walks). The analyser has 7 prefixes of at most 6 bytes.
const MAX_CLITIC_PREFIXES: u32 = 64;
const MAX_CLITIC_PREFIX_BYTES: usize = 32;

/// The fst format version the structural check below knows (fst 0.4 writes 3).
const FST_VERSION: u64 = 3;
/// fst bytes before the first node: version u64, type u64.
const FST_HEADER: usize = 16;
/// fst bytes after the root node: key count u64, root address u64, checksum u32.
const FST_TRAILER: usize = 20;
/// A node with more transitions than this carries a 256-byte input index.
const FST_INDEX_THRESHOLD: usize = 32;

/// Check that every node of an fst decodes within its bytes and points only
/// at other nodes, so that fst's own traversal code — which indexes and
/// subtracts without checks, trusting the bytes — can never panic or read
/// out of range.
///
/// fst 0.4 checks only the header and footer when a map is opened (and its
/// root-address check never fires for a non-empty fst), and its `verify`
/// is a CRC that a hand-made file simply recomputes, like the fahras
/// checksum. So this mirrors fst's node decoding (`raw/node.rs`, format
/// version 3) with checked arithmetic. Nodes are written back to back,
/// children first, so one backward walk from the root visits every node:
/// it marks where nodes are and where transitions lead, and every transition
/// must land on a node (always below its own: no cycles, so every traversal ends).
/// Outputs are limited to 4 bytes, which keeps every sum of outputs along a
/// path within `u64` (fst adds them unchecked) and suffices for fahras,
/// whose values are offsets in a 4 GiB file. Cost: one linear pass over the
/// fst bytes and two bitmaps of one bit per byte (see docs/robustness.md).
pub(crate) fn verify_fst(fst: &[u8]) -> Result<()> {
    let bad = |what: &str| Error::Corrupt(format!("term dictionary: {what}"));
    let len = fst.len();
    if len < FST_HEADER + FST_TRAILER {
        return Err(bad("too short"));
    }
    let u64_at = |at: usize| u64::from_le_bytes(fst[at..at + 8].try_into().expect("8 bytes"));
    if u64_at(0) != FST_VERSION {
        return Err(bad("unknown fst version"));
    }
    let root = u64_at(len - 12);
    if root == 0 {
        // The empty map: no nodes at all.
        return if len == FST_HEADER + FST_TRAILER {
            Ok(())
        } else {
            Err(bad("an empty dictionary with nodes"))
        };
    }
    if usize::try_from(root)
        .ok()
        .and_then(|r| r.checked_add(FST_TRAILER + 1))
        != Some(len)
    {
        return Err(bad("the root node is not where the dictionary ends"));
    }
    let root = len - FST_TRAILER - 1;
    // One bit per byte: where a node is, and where some transition leads.
    let words = len.div_ceil(64);
    let mut is_node = vec![0u64; words];
    let mut is_target = vec![0u64; words];
    let mut addr = root;
    loop {
        let node = FstNode::decode(fst, addr).ok_or_else(|| bad("a node is malformed"))?;
        is_node[addr / 64] |= 1 << (addr % 64);
        for i in 0..node.ntrans {
            let target = node
                .target(fst, i)
                .ok_or_else(|| bad("a transition is malformed"))?;
            if target != 0 {
                is_target[target / 64] |= 1 << (target % 64);
            }
        }
        if node.end == FST_HEADER {
            break;
        }
        addr = node.end - 1;
    }
    if is_target.iter().zip(&is_node).any(|(t, n)| t & !n != 0) {
        return Err(bad("a transition points between nodes"));
    }
    Ok(())
}

/// One node of an fst, decoded as fst 0.4 does but with every offset checked.
/// `addr` is the node's last byte (its state byte), `end` its first byte.
struct FstNode {
    addr: usize,
    end: usize,
    ntrans: usize,
    /// Bytes per transition address (1..=8) and per output (0..=4).
    tsize: usize,
    /// Bytes between the state byte and the transition addresses (AnyTrans:
    /// count byte, sizes byte, input index, inputs); 0 for one-transition nodes.
    any_header: usize,
    kind: FstKind,
}

#[derive(Clone, Copy, PartialEq)]
enum FstKind {
    /// One transition to the node just before this one, no output.
    OneNext,
    /// One transition with an address and an output.
    One {
        input_len: usize,
    },
    Any,
}

impl FstNode {
    fn decode(fst: &[u8], addr: usize) -> Option<FstNode> {
        let state = *fst.get(addr)?;
        // The node and everything it reads lie between the header and `addr`.
        let sub = |n: usize| addr.checked_sub(n).filter(|&at| at >= FST_HEADER);
        let common_input = state & 0b0011_1111 != 0;
        let node = match state >> 6 {
            0b11 => FstNode {
                addr,
                end: sub(usize::from(!common_input))?,
                ntrans: 1,
                tsize: 0,
                any_header: 0,
                kind: FstKind::OneNext,
            },
            0b10 => {
                let input_len = usize::from(!common_input);
                let sizes = fst[sub(input_len + 1)?];
                let (tsize, osize) = pack_sizes(sizes)?;
                if tsize == 0 {
                    return None;
                }
                FstNode {
                    addr,
                    end: sub(input_len + 1 + tsize + osize)?,
                    ntrans: 1,
                    tsize,
                    any_header: 0,
                    kind: FstKind::One { input_len },
                }
            }
            _ => {
                let is_final = state & 0b0100_0000 != 0;
                let (ntrans, ntrans_len) = match state & 0b0011_1111 {
                    0 => match fst[sub(1)?] {
                        1 => (256, 1),
                        n => (usize::from(n), 1),
                    },
                    n => (usize::from(n), 0),
                };
                let (tsize, osize) = pack_sizes(fst[sub(ntrans_len + 1)?])?;
                if ntrans > 0 && tsize == 0 {
                    return None;
                }
                let index = if ntrans > FST_INDEX_THRESHOLD { 256 } else { 0 };
                let any_header = ntrans_len + 1 + index + ntrans;
                let size =
                    any_header + ntrans * tsize + ntrans * osize + usize::from(is_final) * osize;
                let node = FstNode {
                    addr,
                    end: sub(size)?,
                    ntrans,
                    tsize,
                    any_header,
                    kind: FstKind::Any,
                };
                // Inputs strictly increasing, and the input index (when
                // present) consistent with them: `get` trusts the index.
                let inputs_end = addr - ntrans_len - 1 - index;
                let input = |i: usize| fst[inputs_end - 1 - i];
                if (1..ntrans).any(|i| input(i - 1) >= input(i)) {
                    return None;
                }
                if index > 0 {
                    let table = &fst[inputs_end..inputs_end + 256];
                    for (byte, &i) in table.iter().enumerate() {
                        let i = usize::from(i);
                        if i < ntrans && usize::from(input(i)) != byte {
                            return None;
                        }
                    }
                    if (0..ntrans).any(|i| usize::from(table[usize::from(input(i))]) != i) {
                        return None;
                    }
                }
                node
            }
        };
        Some(node)
    }

    /// The address transition `i` leads to (0 is fst's empty final node).
    fn target(&self, fst: &[u8], i: usize) -> Option<usize> {
        let at = match self.kind {
            FstKind::OneNext => return self.end.checked_sub(1),
            FstKind::One { input_len } => self.addr - input_len - 1 - self.tsize,
            FstKind::Any => self.addr - self.any_header - (i + 1) * self.tsize,
        };
        let delta = fst[at..at + self.tsize]
            .iter()
            .rev()
            .fold(0u64, |n, &b| n << 8 | u64::from(b));
        if delta == 0 {
            return Some(0);
        }
        // fst computes `end - delta` unchecked; it must land at or after the header.
        let delta = usize::try_from(delta).ok()?;
        self.end.checked_sub(delta).filter(|&t| t >= FST_HEADER)
    }
}

/// (transition address bytes, output bytes) of a sizes byte, each in range.
fn pack_sizes(sizes: u8) -> Option<(usize, usize)> {
    let tsize = usize::from(sizes >> 4);
    let osize = usize::from(sizes & 0x0F);
    (tsize <= 8 && osize <= 4).then_some((tsize, osize))
}

/// An open index: a single file, or a split index's entry and the pieces
/// added so far ([`split`](super::split)). Every accessor reads either; in a
/// split, one whose piece is missing notes it ([`Self::take_needed`]) and
/// reads as if it were empty (no word, no postings, an empty document), so
/// one pass of the engine collects every piece it needs.
#[derive(Clone)]
pub struct IndexReader {
    /// The single file, or the split index's entry.
    bytes: Bytes,
    /// Into `bytes`. In a split, META and FIELDS are the entry's; the others are empty (the
    /// document lengths arrive with the pieces: [`SplitPieces::lengths`]).
    sections: [Range<usize>; SECTION_COUNT],
    words: Dictionary,
    split: Option<Box<SplitPieces>>,
    needs: Arc<Needs>,
    /// How many field names STORE starts with (read by number when needed:
    /// a document names few fields, and the page's module stays smaller
    /// without a table built at open).
    field_names: u32,
    /// The filterable fields (FIELDS), decoded and checked at open.
    fields: Arc<Vec<FieldColumn>>,
    documents: u32,
    distinct_words: u32,
    average_title: f32,
    average_body: f32,
}

/// What the postings header says about a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordInfo {
    /// Documents containing the word.
    pub df: u32,
    /// Occurrences in the whole corpus.
    pub cf: u32,
    /// Bit `n - 1`: the corpus's harakat show the word's first `n` letters to be its own
    /// ([`format::OWN_LETTERS_BITS`]).
    pub own_letters: u8,
}

impl WordInfo {
    /// Whether the corpus's harakat rule out reading the word as `prefix` (a possible
    /// proclitic of one or two letters) + a rest: بَشَرًا is never ب + شرا.
    pub fn rules_out(&self, prefix: &str) -> bool {
        match prefix.chars().count() {
            n @ 1..=2 => self.own_letters & (1 << (n - 1)) != 0,
            _ => false,
        }
    }
}

/// One document in a word's postings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    pub doc: u32,
    /// Occurrences in the document (title and body).
    pub tf: u32,
}

/// A word's postings, decoded one document at a time. A clone is a bookmark: it
/// resumes where the list was (see `execute`'s marks).
#[derive(Clone)]
pub struct PostingList<'a> {
    decoder: Decoder<'a>,
    remaining: u32,
    doc: u32,
    /// Positions of the current posting not yet read (skipped on `next`).
    pending_positions: u32,
    documents: u32,
}

impl<'a> PostingList<'a> {
    /// The list whose header `decoder` is at.
    fn at(mut decoder: Decoder<'a>, documents: u32) -> Result<Self> {
        let df = decoder.varint_u32()?;
        decoder.varint()?;
        if df > documents {
            return Err(corrupt("a word is in more documents than the index has"));
        }
        Ok(PostingList {
            decoder,
            remaining: df,
            doc: 0,
            pending_positions: 0,
            documents,
        })
    }

    /// The document of the posting last returned (0 before the first).
    pub fn doc(&self) -> u32 {
        self.doc
    }

    /// Documents left in the list.
    pub fn remaining(&self) -> u32 {
        self.remaining
    }

    /// The next document, skipping the positions of the previous one.
    #[inline]
    pub fn next_posting(&mut self) -> Result<Option<Posting>> {
        if self.remaining == 0 {
            return Ok(None);
        }
        self.decoder.skip_varints(self.pending_positions)?;
        let head = self.decoder.varint()?;
        let tf = if head & 1 == 1 {
            1
        } else {
            self.decoder.varint_u32()?
        };
        let delta =
            u32::try_from(head >> 1).map_err(|_| corrupt("a document number is out of range"))?;
        if tf == 0 {
            return Err(corrupt("a posting has no occurrences"));
        }
        self.doc = self
            .doc
            .checked_add(delta)
            .filter(|&d| d < self.documents)
            .ok_or_else(|| corrupt("a posting names a document that does not exist"))?;
        self.pending_positions = tf;
        self.remaining -= 1;
        Ok(Some(Posting { doc: self.doc, tf }))
    }

    /// How many positions of the posting just returned are below `limit` (the
    /// title's): positions are sorted, so decoding stops at the first one
    /// above; the rest are skipped by the next `next_posting`.
    #[inline]
    pub fn count_below(&mut self, limit: u32) -> Result<u32> {
        if limit == 0 {
            return Ok(0);
        }
        let mut position = 0u32;
        let mut count = 0;
        while self.pending_positions > 0 {
            position = position
                .checked_add(self.decoder.varint_u32()?)
                .ok_or_else(|| corrupt("a position is out of range"))?;
            self.pending_positions -= 1;
            if position >= limit {
                break;
            }
            count += 1;
        }
        Ok(count)
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

/// The documents that the postings of consecutive whole words (a postings piece of a split
/// index) name, sorted, each once: the documents whose lengths the piece carries, as scoring
/// reads the length of every document in the postings it reads. Written by the split's writer
/// and read back by `add_piece`, which is why it is here, with the postings' decoder.
/// `seen` is scratch space (a bitmap of `documents` bits, left cleared): sorting the
/// documents would cost the page's module one more sort.
pub(crate) fn postings_documents(
    bytes: &[u8],
    documents: u32,
    seen: &mut Vec<u64>,
) -> Result<Vec<u32>> {
    seen.resize(documents.div_ceil(64) as usize, 0);
    let mut decoder = Decoder::new(bytes);
    let (mut low, mut high) = (usize::MAX, 0);
    while !decoder.is_empty() {
        let mut list = PostingList::at(decoder, documents)?;
        while let Some(p) = list.next_posting()? {
            let word = p.doc as usize / 64;
            seen[word] |= 1 << (p.doc % 64);
            low = low.min(word);
            high = high.max(word);
        }
        list.decoder.skip_varints(list.pending_positions)?;
        decoder = list.decoder;
    }
    let mut named = Vec::new();
    for word in low..=high.min(seen.len().saturating_sub(1)) {
        let mut bits = std::mem::take(&mut seen[word]);
        while bits != 0 {
            named.push(word as u32 * 64 + bits.trailing_zeros());
            bits &= bits - 1;
        }
    }
    Ok(named)
}

/// A stored document, borrowed from the index bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredDocument<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub date: Option<&'a str>,
    /// The date as the document wrote it, when it differs from `date`.
    pub date_text: Option<&'a str>,
    pub url: Option<&'a str>,
    pub text: &'a str,
    /// Metadata, decoded only when asked for ([`StoredFields::decode`]):
    /// snippets and ranking read documents without it.
    pub fields: StoredFields<'a>,
}

/// A document's stored text, not checked to be UTF-8, with the byte offsets where the
/// tokeniser resumes every [`WORDS_PER_CHECKPOINT`] words (see [`format`](super::format)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredText<'a> {
    pub bytes: &'a [u8],
    /// `u32` little-endian each: where word `(i + 1) * WORDS_PER_CHECKPOINT` is searched from.
    checkpoints: &'a [u8],
}

/// The text from the checkpoint a [`StoredText::walk`] started at: the offsets it gave are
/// into these bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Passage<'a> {
    bytes: &'a [u8],
}

impl<'a> Passage<'a> {
    /// `[from, to)` as text, `to` moved back to a character's start, checked to be UTF-8 here:
    /// the walk tokenised without checking, and a caller checks only what it uses.
    pub fn text(&self, from: usize, to: usize) -> Result<&'a str> {
        let mut to = to.min(self.bytes.len());
        while to > from && self.bytes.get(to).is_some_and(|&b| b & 0xC0 == 0x80) {
            to -= 1;
        }
        let bytes = self.bytes.get(from..to).unwrap_or_default();
        std::str::from_utf8(bytes).map_err(|_| corrupt("a stored text is not UTF-8"))
    }
}

impl<'a> StoredText<'a> {
    /// The last checkpoint at or before body word `word`: `(its word index, the byte to
    /// tokenise from)`. Word 0 is at byte 0; a checkpoint past the text is corrupt.
    pub fn checkpoint(&self, word: u32) -> Result<(u32, usize)> {
        let k = (word / WORDS_PER_CHECKPOINT) as usize;
        let k = k.min(self.checkpoints.len() / 4);
        if k == 0 {
            return Ok((0, 0));
        }
        let at = read_u32(self.checkpoints, (k - 1) * 4)
            .ok_or_else(|| corrupt("a checkpoint is out of range"))? as usize;
        if at > self.bytes.len() {
            return Err(corrupt("a checkpoint points past its text"));
        }
        Ok((k as u32 * WORDS_PER_CHECKPOINT, at))
    }

    /// The body word at `index` (`None` past its end), found from the
    /// checkpoint before it.
    pub fn word(&self, index: u32) -> Result<Option<&'a str>> {
        let mut found = None;
        let passage = self.walk(index, |i, s, e| {
            if i == index {
                found = Some((s, e));
            }
            i >= index
        })?;
        found.map(|(s, e)| passage.text(s, e)).transpose()
    }

    /// Whether `wanted` holds for some body word at `indices` (sorted): words close together
    /// are read in one walk from the checkpoint before the first, the others each from its own;
    /// the walks end at the first word found.
    pub fn any_word(&self, indices: &[u32], mut wanted: impl FnMut(&str) -> bool) -> Result<bool> {
        let mut rest = indices;
        while let Some(&start) = rest.first() {
            // The words one walk reads: each within a checkpoint's distance of the one before.
            let group = 1 + rest
                .windows(2)
                .take_while(|w| w[1] - w[0] < WORDS_PER_CHECKPOINT)
                .count();
            let (these, later) = rest.split_at(group);
            let last = these[these.len() - 1];
            let (first, passage) = self.passage(start)?;
            let mut next = 0;
            let mut found = false;
            for (i, (s, e)) in (first..).zip(analysis::word_spans_of_bytes(passage.bytes)) {
                while next < these.len() && these[next] < i {
                    next += 1;
                }
                if these.get(next) == Some(&i) && wanted(passage.text(s, e)?) {
                    found = true;
                    break;
                }
                if i >= last {
                    break;
                }
            }
            if found {
                return Ok(true);
            }
            rest = later;
        }
        Ok(false)
    }

    /// The text from the checkpoint at or before body word `word`, and that checkpoint's word.
    fn passage(&self, word: u32) -> Result<(u32, Passage<'a>)> {
        let (first, from) = self.checkpoint(word)?;
        let bytes = self.bytes.get(from..).unwrap_or_default();
        Ok((first, Passage { bytes }))
    }

    /// Tokenise a stored text from the checkpoint at or before body word `word`:
    /// `visit(index, start, end)` for each word (byte offsets in the returned passage) until it
    /// returns true or the text ends. Nothing is checked to be UTF-8 here
    /// ([`analysis::word_spans_of_bytes`]): the caller checks the words it uses, through
    /// [`Passage::text`], so the cost is the walk's, never the rest of the text's.
    pub fn walk(
        &self,
        word: u32,
        mut visit: impl FnMut(u32, usize, usize) -> bool,
    ) -> Result<Passage<'a>> {
        let (first, passage) = self.passage(word)?;
        for (index, (s, e)) in (first..).zip(analysis::word_spans_of_bytes(passage.bytes)) {
            if visit(index, s, e) {
                break;
            }
        }
        Ok(passage)
    }
}

/// The metadata of a stored document, not yet decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredFields<'a> {
    store: &'a [u8],
    /// Where the field count is in `store`.
    at: usize,
    names: u32,
}

impl StoredFields<'_> {
    /// The fields with their values; corrupt bytes are an error.
    pub fn decode(&self) -> Result<Vec<(String, FieldValue)>> {
        if self.store.is_empty() {
            // A document whose piece is not loaded yet.
            return Ok(Vec::new());
        }
        let mut d = Decoder::at(self.store, self.at, "a document is out of range")?;
        let count = d.varint_u32()?;
        let mut fields = Vec::with_capacity(count.min(64) as usize);
        for _ in 0..count {
            let name = self.name(d.varint()?)?;
            let value =
                read_value(&mut d).ok_or_else(|| corrupt("a stored field value is malformed"))?;
            fields.push((name.to_string(), value));
        }
        Ok(fields)
    }

    /// Field name number `n` of the STORE's table (a document names few
    /// fields: no table is built at open).
    #[inline(never)]
    fn name(&self, n: u64) -> Result<&str> {
        if n >= u64::from(self.names) {
            return Err(corrupt("a stored field names no known field"));
        }
        let mut d = Decoder::new(self.store);
        d.varint()?;
        // The names before it are only skipped: checking them is the work of their own reads.
        for _ in 0..n {
            let len = usize::try_from(d.varint()?)
                .map_err(|_| corrupt("a stored field name is out of range"))?;
            d.bytes(len)?;
        }
        d.str()
    }
}

/// One field value of a stored record; every byte checked. Out of line, as
/// is `name`: each inlined copy adds to the page's module.
#[inline(never)]
fn read_value(d: &mut Decoder<'_>) -> Option<FieldValue> {
    // `None` for any malformed value: one error message for all of them
    // keeps this small in the page's module.
    let kind = FieldType::from_byte(d.bytes(1).ok()?[0])?;
    Some(match kind {
        FieldType::Text => FieldValue::Text(d.str().ok()?.to_string()),
        FieldType::False => FieldValue::Bool(false),
        FieldType::True => FieldValue::Bool(true),
        FieldType::Integer => {
            let n = format::unzigzag(d.varint().ok()?) as f64;
            FieldValue::Number(Some(n).filter(|n| n.abs() < format::MAX_SAFE_INTEGER)?)
        }
        FieldType::Float => {
            let mut bytes = [0u8; 8];
            bytes.copy_from_slice(d.bytes(8).ok()?);
            FieldValue::Number(Some(f64::from_le_bytes(bytes)).filter(|n| n.is_finite())?)
        }
        FieldType::List => {
            let count = d.varint_u32().ok()?;
            let mut items = Vec::with_capacity(count.min(64) as usize);
            for _ in 0..count {
                items.push(d.str().ok()?.to_string());
            }
            FieldValue::List(items)
        }
    })
}

/// A place in the term dictionary's automaton: the node reached by the bytes
/// walked so far (some word starts with them) and the output gathered on the
/// way. Walking a few bytes settles whether any word starts with them without
/// the set-up cost of a range stream.
#[derive(Debug, Clone, Copy)]
pub struct DictionaryPlace {
    node: fst::raw::CompiledAddr,
    out: fst::raw::Output,
}

impl DictionaryPlace {
    pub fn root(words: &Map<Slice>) -> Self {
        DictionaryPlace {
            node: words.as_fst().root().addr(),
            out: fst::raw::Output::zero(),
        }
    }

    /// The automaton node and the output gathered on the way (for a walk below it).
    pub(crate) fn parts(&self) -> (fst::raw::CompiledAddr, fst::raw::Output) {
        (self.node, self.out)
    }

    /// The value of the word ending here, as [`Map::get`] gives it.
    pub fn value(&self, words: &Map<Slice>) -> Option<u64> {
        let node = words.as_fst().node(self.node);
        node.is_final()
            .then(|| self.out.cat(node.final_output()).value())
    }

    /// The place after `bytes` from here, or `None` when no dictionary word
    /// starts with what was walked.
    pub fn descend(self, words: &Map<Slice>, bytes: &[u8]) -> Option<DictionaryPlace> {
        let fst = words.as_fst();
        let mut node = fst.node(self.node);
        let mut out = self.out;
        for &b in bytes {
            let t = node.transition(node.find_input(b)?);
            out = out.cat(t.out);
            node = fst.node(t.addr);
        }
        Some(DictionaryPlace {
            node: node.addr(),
            out,
        })
    }
}

impl IndexReader {
    /// Check and open index bytes. Costs one pass over the bytes (the checksum).
    pub fn open(bytes: Bytes) -> Result<IndexReader> {
        Self::open_checking(bytes, true)
    }

    /// Open the index that is part of the program's own module (compiled in by `build.rs`, or
    /// the section `fahras build --embed` wrote after building it): every check of [`open`]
    /// but the checksum. The checksum catches a file damaged or cut on its way to the reader;
    /// these bytes arrive inside the module, whose sections the engine has validated, from the
    /// writer that computed it. It is most of the cost of opening (in the page, about 10 ms of
    /// a cold start on the Quran), and nothing relies on it for safety: every later read is
    /// bounds-checked (docs/robustness.md).
    ///
    /// [`open`]: IndexReader::open
    pub fn open_in_module(bytes: Bytes) -> Result<IndexReader> {
        Self::open_checking(bytes, false)
    }

    fn open_checking(bytes: Bytes, verify_checksum: bool) -> Result<IndexReader> {
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
        let actual = if verify_checksum {
            format::index_checksum(data)
        } else {
            stored
        };
        if stored != actual {
            return Err(Error::ChecksumMismatch {
                expected: stored,
                got: actual,
            });
        }

        let meta = Meta::decode(&data[sections[Section::Meta as usize].clone()])?;
        let documents = meta.documents;
        let docs_len = sections[Section::Docs as usize].len();
        if docs_len != documents as usize * DOC_ENTRY_LEN {
            return Err(corrupt(
                "the document table does not match the document count",
            ));
        }

        // The field names at the start of STORE, checked when a document names one.
        let field_names =
            Decoder::new(&data[sections[Section::Store as usize].clone()]).varint_u32()?;

        let fields = Arc::new(super::fields::decode(
            &data[sections[Section::Fields as usize].clone()],
            documents,
        )?);

        verify_fst(&data[sections[Section::Words as usize].clone()])?;
        let words = Slice {
            bytes: bytes.clone(),
            range: sections[Section::Words as usize].clone(),
        };
        let words = Map::new(words).map_err(|e| Error::Corrupt(format!("term dictionary: {e}")))?;
        let needs = Arc::new(Needs::default());
        Ok(IndexReader {
            words: Dictionary::single(words, meta.clitic_prefixes, needs.clone()),
            split: None,
            needs,
            field_names,
            fields,
            bytes: bytes.clone(),
            sections,
            documents,
            distinct_words: meta.distinct_words,
            average_title: meta.average_title,
            average_body: meta.average_body,
        })
    }

    /// Open a split index from its entry (`fahras-entry.bin`), with no piece:
    /// add them with [`Self::add_piece`] as [`Self::take_needed`] asks for them.
    pub fn open_split(entry: Bytes) -> Result<IndexReader> {
        let data = entry.as_ref();
        let mut layout = Entry::decode(data, |meta| Ok(Meta::decode(meta)?.documents))?;
        let meta = Meta::decode(&data[layout.meta.clone()])?;
        let documents = meta.documents;
        let fields = Arc::new(
            super::fields::decode(&data[layout.fields.clone()], documents)
                .map_err(split_entry_error)?,
        );
        let mut sections: [Range<usize>; SECTION_COUNT] = Default::default();
        sections[Section::Meta as usize] = layout.meta.clone();
        sections[Section::Fields as usize] = layout.fields.clone();
        let needs = Arc::new(Needs::default());
        if layout.letters.len() != meta.clitic_prefixes.len() {
            return Err(split_entry_error(corrupt(
                "the letter table does not list the clitic prefixes",
            )));
        }
        let words = Dictionary::split(
            layout.block_keys.clone(),
            meta.clitic_prefixes,
            std::mem::take(&mut layout.letters),
            needs.clone(),
        );
        // Nothing here is sized by what the entry claims and does not pay for (its checksum
        // is no proof: anyone can recompute it): postings and store pieces are kept by blocks
        // as they are added, the lengths by blocks as pieces bring them, and an id piece's
        // slot is for a first id the entry lists. `Entry::decode` checked `documents` against
        // those ids.
        let pieces = SplitPieces {
            postings: Added::default(),
            store: Added::default(),
            ids: vec![None; layout.first_ids.len()],
            lengths: Lengths::new(documents),
            starts: Vec::new(),
            entry: layout,
        };
        Ok(IndexReader {
            words,
            split: Some(Box::new(pieces)),
            needs,
            field_names: 0,
            fields,
            bytes: entry.clone(),
            sections,
            documents,
            distinct_words: meta.distinct_words,
            average_title: meta.average_title,
            average_body: meta.average_body,
        })
    }

    /// Whether this is a split index.
    pub fn is_split(&self) -> bool {
        self.split.is_some()
    }

    /// Every piece name of a split index (the entry excepted), in a fixed order; none for a
    /// single file.
    pub fn piece_names(&self) -> Vec<String> {
        let Some(split) = &self.split else {
            return Vec::new();
        };
        let mut names = Vec::new();
        for kind in [
            PieceKind::Words,
            PieceKind::Postings,
            PieceKind::Store,
            PieceKind::Ids,
        ] {
            for n in 0..split.entry.count(kind, self.documents) {
                names.push(split::piece_name(kind, n, split.entry.build));
            }
        }
        names
    }

    /// Add a piece of a split index, checked (name, header, length, checksum, and what its
    /// kind's reader relies on). Adding a piece again replaces it.
    pub fn add_piece(&mut self, name: &str, bytes: Vec<u8>) -> Result<()> {
        let bad = |reason: &str| bad_piece(name, reason);
        let Some(split) = self.split.as_deref_mut() else {
            return Err(bad("this index is a single file, not a split index"));
        };
        let entry = &split.entry;
        let (kind, number, build) = split::parse_piece_name(name)
            .ok_or_else(|| bad("not the name of a piece of a fahras split index"))?;
        if build != entry.build {
            return Err(bad(&format!(
                "it is a piece of another build of the index (this one is {:016x})",
                entry.build
            )));
        }
        if number >= entry.count(kind, self.documents) {
            return Err(bad("this index has no such piece"));
        }
        let body = split::check_piece(&bytes, name, kind, number, build)?;
        let slice = Slice {
            bytes: Bytes::Shared(Arc::new(bytes)),
            range: body,
        };
        let in_piece = |e: Error| corrupt_piece(name, e);
        let n = number as usize;
        match kind {
            PieceKind::Words => {
                let (first, starts, fst) =
                    split::words_block(slice.as_ref(), entry.postings_pieces).map_err(in_piece)?;
                verify_fst(fst).map_err(in_piece)?;
                let fst_start = slice.range.end - fst.len();
                let range = fst_start..slice.range.end;
                split.learn_starts(first, &starts).map_err(in_piece)?;
                let map = Map::new(Slice { range, ..slice })
                    .map_err(|e| bad(&format!("corrupt: term dictionary: {e}")))?;
                self.words.add_block(n, map);
            }
            PieceKind::Postings => {
                let (postings, table) = split::postings_piece(slice.as_ref()).map_err(in_piece)?;
                let len = postings.len();
                let postings_start = slice.range.start
                    + (postings.as_ptr() as usize - slice.as_ref().as_ptr() as usize);
                // Walking the postings checks them, and says whose lengths follow.
                let named = postings_documents(postings, self.documents, &mut Vec::new())
                    .map_err(in_piece)?;
                if table.len() != named.len() * split::LENGTHS_PER_DOC {
                    return Err(bad(
                        "corrupt: its document lengths are not those of its postings' documents",
                    ));
                }
                split.learn_lengths(&named, table).map_err(in_piece)?;
                split.postings.insert(
                    number,
                    Slice {
                        range: postings_start..postings_start + len,
                        ..slice
                    },
                );
            }
            PieceKind::Store => {
                let k = entry.docs_per_store_piece;
                let docs = k.min(self.documents - number * k);
                let piece = split::store_piece(slice.as_ref(), docs).map_err(in_piece)?;
                Decoder::new(piece.store).varint_u32().map_err(in_piece)?;
                for i in 0..docs as usize {
                    if read_u32(piece.offsets, i * 4).unwrap_or(u32::MAX) as usize
                        >= piece.store.len()
                    {
                        return Err(bad("corrupt: a document is out of range"));
                    }
                }
                let named: Vec<u32> = (number * k..number * k + docs).collect();
                split
                    .learn_lengths(&named, piece.lengths)
                    .map_err(in_piece)?;
                split.store.insert(number, slice);
            }
            PieceKind::Ids => {
                let k = entry.docs_per_id_piece;
                let docs = k.min(self.documents - number * k);
                split::id_piece(slice.as_ref(), docs, &entry.first_ids[n]).map_err(in_piece)?;
                split.ids[n] = Some(slice);
            }
            PieceKind::Entry => return Err(bad("this index has no such piece")),
        }
        Ok(())
    }

    /// Whether a piece is loaded (every piece of a single file is).
    pub fn has_piece(&self, name: &str) -> bool {
        let Some(split) = &self.split else {
            return true;
        };
        let Some((kind, n, build)) = split::parse_piece_name(name) else {
            return false;
        };
        build == split.entry.build
            && match kind {
                PieceKind::Words => self.words.has_block(n as usize),
                PieceKind::Postings => split.postings.get(n).is_some(),
                PieceKind::Store => split.store.get(n).is_some(),
                PieceKind::Ids => matches!(split.ids.get(n as usize), Some(Some(_))),
                PieceKind::Entry => false,
            }
    }

    /// Whether some read since the last [`Self::take_needed`] lacked its piece.
    pub fn pieces_pending(&self) -> bool {
        self.needs.any()
    }

    /// The names of the pieces reads lacked since the last call, sorted; clears them.
    pub fn take_needed(&self) -> Vec<String> {
        let mut needed = self.needs.take();
        let Some(split) = &self.split else {
            return Vec::new();
        };
        // Which stored documents a pass reads (snippets, the diacritics bonus, a correction's
        // written form) follows from its ranking, which is only right once no dictionary block
        // or postings piece was missing: until then they would be fetched for hits that may not
        // be the hits, so they are asked for in the next pass.
        if needed
            .iter()
            .any(|(kind, _)| matches!(kind, PieceKind::Words | PieceKind::Postings))
        {
            needed.retain(|(kind, _)| *kind != PieceKind::Store);
        }
        needed
            .into_iter()
            .map(|(kind, n)| split::piece_name(kind, n, split.entry.build))
            .collect()
    }

    pub(crate) fn section(&self, section: Section) -> &[u8] {
        &self.bytes.as_ref()[self.sections[section as usize].clone()]
    }

    /// The filterable fields, sorted by name.
    pub fn fields(&self) -> &[FieldColumn] {
        &self.fields
    }

    /// The FIELDS section, which [`FieldColumn::ids`] reads.
    pub fn fields_section(&self) -> &[u8] {
        self.section(Section::Fields)
    }

    /// The whole index (a split index's entry).
    pub fn as_bytes(&self) -> &[u8] {
        self.bytes.as_ref()
    }

    /// Size of the whole single-file index in bytes (for a split index, of the file it was
    /// cut from).
    pub fn len(&self) -> usize {
        match &self.split {
            Some(split) => split.entry.index_len,
            None => self.bytes.as_ref().len(),
        }
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

    /// The term dictionary: normalised word → postings offset.
    pub fn dictionary(&self) -> &Dictionary {
        &self.words
    }

    /// The clitic prefixes the analyser removed from some word of the corpus.
    pub fn clitic_prefixes(&self) -> &[String] {
        self.words.clitic_prefixes()
    }

    /// The header of a word's postings (none for a piece not loaded: df and cf 0).
    pub fn word_info(&self, offset: u64) -> Result<WordInfo> {
        let Some(mut d) = self.postings_decoder(offset)? else {
            return Ok(WordInfo {
                df: 0,
                cf: 0,
                own_letters: 0,
            });
        };
        let df = d.varint_u32()?;
        let cf = d.varint()?;
        Ok(WordInfo {
            df,
            cf: u32::try_from(cf >> format::OWN_LETTERS_BITS)
                .map_err(|_| corrupt("a word occurs more than 2^32 times"))?,
            own_letters: (cf & ((1 << format::OWN_LETTERS_BITS) - 1)) as u8,
        })
    }

    /// A word's postings (empty for a piece not loaded).
    pub fn postings(&self, offset: u64) -> Result<PostingList<'_>> {
        let Some(decoder) = self.postings_decoder(offset)? else {
            return Ok(PostingList {
                decoder: Decoder::new(&[]),
                remaining: 0,
                doc: 0,
                pending_positions: 0,
                documents: self.documents,
            });
        };
        PostingList::at(decoder, self.documents)
    }

    /// A decoder at a word's postings; `None` when its piece is not loaded (noted).
    fn postings_decoder(&self, offset: u64) -> Result<Option<Decoder<'_>>> {
        let Some(split) = &self.split else {
            let offset = usize::try_from(offset).map_err(|_| corrupt("postings out of range"))?;
            return Decoder::at(
                self.section(Section::Postings),
                offset,
                "postings out of range",
            )
            .map(Some);
        };
        // The offset came from a dictionary block, which gave the starts of its pieces: the
        // last start at or before it is its piece's.
        let starts = &split.starts;
        let Some(&(start, n)) = starts
            .partition_point(|&(s, _)| s <= offset)
            .checked_sub(1)
            .map(|i| &starts[i])
        else {
            return Err(corrupt("postings out of range"));
        };
        let Some(piece) = split.postings.get(n) else {
            self.needs.note(PieceKind::Postings, n);
            return Ok(None);
        };
        let at = usize::try_from(offset - start).map_err(|_| corrupt("postings out of range"))?;
        Decoder::at(piece.as_ref(), at, "postings out of range").map(Some)
    }

    /// Title and body length of a document, in words (the body's saturates at 65,535).
    ///
    /// Inlined: scoring asks it once per posting, and the single file's table read is a few
    /// instructions next to the call (the split layout's read stays out of line).
    #[inline]
    pub fn doc_lengths(&self, doc: u32) -> Result<(u32, u32)> {
        if let Some(split) = self.split.as_deref() {
            return self.split_doc_lengths(split, doc);
        }
        let entry = self.doc_entry(doc)?;
        Ok((entry.1, entry.2))
    }

    /// A split index learns a document's lengths from the pieces that carry them: every
    /// postings piece naming it (so scoring, which reads the lengths of the documents in the
    /// postings it read, has them) and its store piece (for a document no postings brought,
    /// as a browse's hits). Missing, it notes the store piece and reads as 0.
    #[inline(never)]
    fn split_doc_lengths(&self, split: &SplitPieces, doc: u32) -> Result<(u32, u32)> {
        if doc >= self.documents {
            return Err(corrupt("no such document"));
        }
        let Some(value) = split.lengths.get(doc) else {
            let piece = doc / split.entry.docs_per_store_piece;
            self.needs.note(PieceKind::Store, piece);
            return Ok((0, 0));
        };
        Ok((value >> 16, value & 0xffff))
    }

    /// Where a document's record starts in STORE (single file only).
    #[cfg(any(not(target_arch = "wasm32"), feature = "indexer"))]
    pub(crate) fn store_offset(&self, doc: u32) -> Result<usize> {
        Ok(self.doc_entry(doc)?.0)
    }

    /// (store offset, title words, body words)
    #[inline]
    fn doc_entry(&self, doc: u32) -> Result<(usize, u32, u32)> {
        let table = self.section(Section::Docs);
        let base = doc as usize * DOC_ENTRY_LEN;
        let entry = table
            .get(base..base + DOC_ENTRY_LEN)
            .ok_or_else(|| corrupt("no such document"))?;
        let offset = u32::from_le_bytes([entry[0], entry[1], entry[2], entry[3]]);
        let title = u16::from_le_bytes([entry[4], entry[5]]);
        let body = u16::from_le_bytes([entry[6], entry[7]]);
        Ok((offset as usize, u32::from(title), u32::from(body)))
    }

    /// The store bytes holding a document's record (STORE, or its store piece's: both start
    /// with the field-name table) and where the record starts; `None` when its piece is not
    /// loaded (noted).
    fn record(&self, doc: u32) -> Result<Option<(&[u8], usize)>> {
        let Some(split) = &self.split else {
            return Ok(Some((self.section(Section::Store), self.doc_entry(doc)?.0)));
        };
        if doc >= self.documents {
            return Err(corrupt("no such document"));
        }
        let k = split.entry.docs_per_store_piece;
        let n = doc / k;
        let Some(piece) = split.store.get(n) else {
            self.needs.note(PieceKind::Store, n);
            return Ok(None);
        };
        let docs = k.min(self.documents - n * k);
        let piece = split::store_piece(piece.as_ref(), docs)?;
        let at = read_u32(piece.offsets, (doc % k) as usize * 4)
            .ok_or_else(|| corrupt("a document is out of range"))?;
        Ok(Some((piece.store, at as usize)))
    }

    /// A stored document by number.
    pub fn document(&self, doc: u32) -> Result<StoredDocument<'_>> {
        self.decode_document(doc, true)
    }

    /// A stored document by number with an empty `text`, its text not checked to be UTF-8 (see
    /// [`Self::document_text_bytes`]).
    pub fn document_without_text(&self, doc: u32) -> Result<StoredDocument<'_>> {
        self.decode_document(doc, false)
    }

    fn decode_document(&self, doc: u32, with_text: bool) -> Result<StoredDocument<'_>> {
        let (mut head, body) = self.document_and_body(doc)?;
        if with_text && !head.fields.store.is_empty() {
            head.text = std::str::from_utf8(body.bytes)
                .map_err(|_| corrupt("a stored string is not UTF-8"))?;
        }
        Ok(head)
    }

    /// A stored document by number with an empty `text` (as [`Self::document_without_text`]),
    /// and its text with its checkpoints (as [`Self::document_body`]): what a hit shows, read
    /// in one pass over the record.
    pub fn document_and_body(&self, doc: u32) -> Result<(StoredDocument<'_>, StoredText<'_>)> {
        let (mut head, checkpoints, mut d) = self.document_head(doc)?;
        if head.fields.store.is_empty() {
            let empty = StoredText {
                bytes: &[],
                checkpoints: &[],
            };
            return Ok((head, empty));
        }
        let bytes = d.bytes_with_length()?;
        head.fields.at = d.position();
        Ok((head, StoredText { bytes, checkpoints }))
    }

    /// A document's stored text as bytes, not checked to be UTF-8: a caller reading part of a
    /// big text checks only that part (checking 50 MB costs tens of milliseconds in wasm).
    pub fn document_text_bytes(&self, doc: u32) -> Result<&[u8]> {
        let (head, _, mut d) = self.document_head(doc)?;
        if head.fields.store.is_empty() {
            return Ok(&[]);
        }
        d.bytes_with_length()
    }

    /// A document's stored text with its word checkpoints, for reading the words near a
    /// position without tokenising (or checking) the text before them.
    pub fn document_body(&self, doc: u32) -> Result<StoredText<'_>> {
        Ok(self.document_and_body(doc)?.1)
    }

    /// The stored record up to its text (id, title, dates, url; `text` empty, fields not yet
    /// placed), the text's checkpoints, and a decoder at the text: the one place that knows the
    /// record's order. A record whose piece is not loaded reads as an empty document, its
    /// `fields.store` empty.
    fn document_head(&self, doc: u32) -> Result<(StoredDocument<'_>, &[u8], Decoder<'_>)> {
        let empty = StoredDocument {
            id: "",
            title: "",
            date: None,
            date_text: None,
            url: None,
            text: "",
            fields: StoredFields {
                store: &[],
                at: 0,
                names: 0,
            },
        };
        let Some((store, offset)) = self.record(doc)? else {
            return Ok((empty, &[], Decoder::new(&[])));
        };
        let names = match self.split {
            None => self.field_names,
            Some(_) => Decoder::new(store).varint_u32()?,
        };
        let mut d = Decoder::at(store, offset, "a document is out of range")?;
        let id = d.str()?;
        let title = d.str()?;
        let date = Some(d.str()?).filter(|s| !s.is_empty());
        let date_text = Some(d.str()?).filter(|s| !s.is_empty());
        let url = Some(d.str()?).filter(|s| !s.is_empty());
        let count = d.varint()?;
        let checkpoints = usize::try_from(count)
            .ok()
            .and_then(|n| n.checked_mul(4))
            .ok_or_else(|| corrupt("a document lists too many checkpoints"))?;
        let checkpoints = d.bytes(checkpoints)?;
        let head = StoredDocument {
            id,
            title,
            date,
            date_text,
            url,
            text: "",
            fields: StoredFields {
                store,
                at: 0,
                names,
            },
        };
        Ok((head, checkpoints, d))
    }

    /// The id of a document, without decoding the rest ("" when its piece is not loaded).
    pub fn document_id(&self, doc: u32) -> Result<&str> {
        let Some((store, offset)) = self.record(doc)? else {
            return Ok("");
        };
        Decoder::at(store, offset, "a document is out of range")?.str()
    }

    /// Find a document by id (documents are sorted by id). In a split, through the id
    /// pieces: the entry's first ids say which one holds it.
    pub fn find_document(&self, id: &str) -> Result<Option<u32>> {
        if let Some(split) = &self.split {
            let first = &split.entry.first_ids;
            let n = first.partition_point(|f| f.as_str() <= id);
            if n == 0 {
                return Ok(None);
            }
            let n = n - 1;
            let Some(piece) = &split.ids[n] else {
                self.needs.note(PieceKind::Ids, n as u32);
                return Ok(None);
            };
            let base = n as u32 * split.entry.docs_per_id_piece;
            return Ok(split::find_in_id_piece(piece.as_ref(), id)?.map(|i| base + i));
        }
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

/// The pieces of a split index added so far.
#[derive(Clone)]
struct SplitPieces {
    entry: Entry,
    /// The postings part of each postings piece added (without its lengths table).
    postings: Added,
    store: Added,
    /// One slot per id piece: the entry lists each one's first id.
    ids: Vec<Option<Slice>>,
    /// Each document's lengths, once a piece carrying them (a postings piece naming the
    /// document, or its store piece) was added.
    lengths: Lengths,
    /// `(where in POSTINGS, postings piece)` of the pieces the dictionary blocks added so far
    /// named, sorted.
    starts: Vec<(u64, u32)>,
}

impl SplitPieces {
    /// Note where postings pieces `first..` start (a dictionary block's table): all or none,
    /// an error when they do not fit those known (pieces in order, one start each). Blocks
    /// added in order append.
    fn learn_starts(&mut self, first: u32, starts: &[u64]) -> Result<()> {
        let known = &self.starts;
        let fits = starts.iter().enumerate().all(|(i, &start)| {
            let piece = first + i as u32;
            let at = known.partition_point(|&(s, _)| s < start);
            match known.get(at) {
                Some(&(s, p)) if s == start => p == piece,
                next => {
                    next.map_or(true, |&(_, p)| p > piece) && (at == 0 || known[at - 1].1 < piece)
                }
            }
        });
        if !fits {
            return Err(corrupt(
                "its postings pieces are not those another block gave",
            ));
        }
        for (i, &start) in starts.iter().enumerate() {
            let at = self.starts.partition_point(|&(s, _)| s < start);
            if self.starts.get(at).map_or(true, |&(s, _)| s != start) {
                self.starts.insert(at, (start, first + i as u32));
            }
        }
        Ok(())
    }

    /// Note the lengths that the piece being added carries: `table` ([`split::read_lengths`])
    /// holds those of `docs`. All or none, an error when another piece gave a document other
    /// ones (then some piece is not what the writer wrote). One function for both kinds of
    /// piece, not generic: the page's module holds it once.
    fn learn_lengths(&mut self, docs: &[u32], table: &[u8]) -> Result<()> {
        let value = |i: usize| {
            let (title, body) = split::read_lengths(table, docs.len(), i).unwrap_or_default();
            title << 16 | body
        };
        for (i, &doc) in docs.iter().enumerate() {
            if !self.lengths.holds(doc) {
                return Err(corrupt("no such document"));
            }
            if self.lengths.get(doc).is_some_and(|known| known != value(i)) {
                return Err(corrupt(
                    "its document lengths are not those another piece gave",
                ));
            }
        }
        for (i, &doc) in docs.iter().enumerate() {
            self.lengths.set(doc, value(i));
        }
        Ok(())
    }
}

/// Pieces per block of [`Added`].
const ADDED_BLOCK: usize = 64;

/// The pieces of one kind added so far, by number, in blocks of [`ADDED_BLOCK`] made as pieces
/// come, the table of blocks grown to the highest one added. Not a slot per piece the entry
/// claims: an entry's few bytes may claim 2^24 postings pieces (MAX_PIECES), and a slot each
/// (an `Option<Slice>`, 40 bytes) was 670 MB before any piece came, a trap in WebAssembly.
/// Now a search's few pieces cost a block each (2.5 KB), and the table at most a pointer per
/// 64 pieces the entry claims, once a piece that high is added (2 MB at 2^24). A look-up (one
/// per word's postings read) is two indexings; adding is too, in any order (a sorted list
/// moved its tail on every insertion, quadratic for a whole index fetched out of order).
#[derive(Clone, Default)]
struct Added(Vec<Option<Box<[Option<Slice>; ADDED_BLOCK]>>>);

impl Added {
    #[inline]
    fn get(&self, n: u32) -> Option<&Slice> {
        let n = n as usize;
        self.0.get(n / ADDED_BLOCK)?.as_deref()?[n % ADDED_BLOCK].as_ref()
    }

    /// Add piece `n` (below the count the entry gives), or replace it.
    fn insert(&mut self, n: u32, slice: Slice) {
        let n = n as usize;
        if self.0.len() <= n / ADDED_BLOCK {
            self.0.resize_with(n / ADDED_BLOCK + 1, || None);
        }
        let block =
            self.0[n / ADDED_BLOCK].get_or_insert_with(|| Box::new([const { None }; ADDED_BLOCK]));
        block[n % ADDED_BLOCK] = Some(slice);
    }
}

/// Documents per block of [`Lengths`].
const LENGTHS_BLOCK: usize = 256;

/// The document lengths a split index learnt from its pieces, `title << 16 | body`, in blocks
/// of [`LENGTHS_BLOCK`] documents made as pieces bring lengths of theirs. A flat table for
/// every document META claims (4 bytes each, and a bit) cost 16 GiB for a claim of 4 billion;
/// the entry bounds the count by bytes it pays for (`Entry::decode`), and this leaves a
/// pointer per 256 documents until pieces come (hadith ×32, 1.1 M documents: 35 KB), then
/// 1 KB per block a piece names a document of, never more than the flat table and its bits.
/// A read (once per posting scored) is two indexings where the flat table had one.
#[derive(Clone)]
struct Lengths(Vec<Option<Box<LengthsBlock>>>);

#[derive(Clone)]
struct LengthsBlock {
    /// Which of the block's documents' lengths are known.
    known: [u64; LENGTHS_BLOCK / 64],
    lengths: [u32; LENGTHS_BLOCK],
}

impl Lengths {
    fn new(documents: u32) -> Self {
        Lengths(vec![None; (documents as usize).div_ceil(LENGTHS_BLOCK)])
    }

    /// Document `doc`'s lengths, if a piece gave them.
    #[inline]
    fn get(&self, doc: u32) -> Option<u32> {
        let block = self.0.get(doc as usize / LENGTHS_BLOCK)?.as_deref()?;
        let i = doc as usize % LENGTHS_BLOCK;
        (block.known[i / 64] & (1 << (i % 64)) != 0).then_some(block.lengths[i])
    }

    /// Whether `doc` has a place here (a document of the index).
    fn holds(&self, doc: u32) -> bool {
        (doc as usize / LENGTHS_BLOCK) < self.0.len()
    }

    /// Note `doc`'s lengths (a document it [`holds`](Self::holds)).
    fn set(&mut self, doc: u32, value: u32) {
        let Some(slot) = self.0.get_mut(doc as usize / LENGTHS_BLOCK) else {
            return;
        };
        let block = slot.get_or_insert_with(|| {
            Box::new(LengthsBlock {
                known: [0; LENGTHS_BLOCK / 64],
                lengths: [0; LENGTHS_BLOCK],
            })
        });
        let i = doc as usize % LENGTHS_BLOCK;
        block.known[i / 64] |= 1 << (i % 64);
        block.lengths[i] = value;
    }
}

fn split_entry_error(e: Error) -> Error {
    match e {
        Error::Corrupt(what) => Error::BadPiece {
            name: split::ENTRY_NAME.to_string(),
            reason: format!("corrupt: {what}"),
        },
        other => other,
    }
}

/// What META says: counts, averages, clitic prefixes.
struct Meta {
    documents: u32,
    distinct_words: u32,
    average_title: f32,
    average_body: f32,
    clitic_prefixes: Vec<String>,
}

impl Meta {
    fn decode(bytes: &[u8]) -> Result<Meta> {
        let mut meta = Decoder::new(bytes);
        let documents = meta.varint_u32()?;
        let distinct_words = meta.varint_u32()?;
        let title_tokens = meta.varint()?;
        let body_tokens = meta.varint()?;
        let prefix_count = meta.varint_u32()?;
        if prefix_count > MAX_CLITIC_PREFIXES {
            return Err(corrupt(
                "the index lists more clitic prefixes than any analyser has",
            ));
        }
        let mut clitic_prefixes = Vec::with_capacity(prefix_count as usize);
        for _ in 0..prefix_count {
            let prefix = meta.str()?;
            if prefix.len() > MAX_CLITIC_PREFIX_BYTES {
                return Err(corrupt("a clitic prefix is longer than any clitic"));
            }
            clitic_prefixes.push(prefix.to_string());
        }
        if documents == 0 {
            return Err(corrupt("the index has no documents"));
        }
        Ok(Meta {
            documents,
            distinct_words,
            average_title: (title_tokens as f64 / f64::from(documents)) as f32,
            average_body: (body_tokens as f64 / f64::from(documents)) as f32,
            clitic_prefixes,
        })
    }
}

/// The `Error` for a piece refused (`add_piece`). Not inlined: `add_piece` refuses at a dozen
/// places, and each inlined copy costs the page module (README, "Module size").
#[inline(never)]
fn bad_piece(name: &str, reason: &str) -> Error {
    Error::BadPiece {
        name: name.to_string(),
        reason: reason.to_string(),
    }
}

/// `e` as a piece's error: a corrupt part names the piece; other errors stay as they are.
#[inline(never)]
fn corrupt_piece(name: &str, e: Error) -> Error {
    match e {
        Error::Corrupt(what) => bad_piece(name, &format!("corrupt: {what}")),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::{verify_fst, StoredText, WORDS_PER_CHECKPOINT};
    use crate::analysis;
    use fst::MapBuilder;

    /// The checkpoints the writer stores for `text`: the end of every 32nd word.
    fn checkpoints_of(text: &str) -> Vec<u8> {
        analysis::word_spans(text)
            .enumerate()
            .filter(|(i, _)| (*i as u32 + 1) % WORDS_PER_CHECKPOINT == 0)
            .flat_map(|(_, (_, e))| (e as u32).to_le_bytes())
            .collect()
    }

    /// From any word, to any word, a walk sees the words the whole text's tokenisation sees,
    /// and the passage's text between two of them is the text's: texts of short words, long
    /// vocalised ones, joined vocatives, a huge gap of punctuation and a giant word; `word` and
    /// `any_word` find each word.
    #[test]
    fn a_walk_sees_the_words_of_the_whole_text() {
        let giant = "ب".repeat(3000);
        let gap = " .".repeat(2000);
        let texts = [
            "قال بوتين في موسكو، إن الصين شريك. ".repeat(20),
            "بِسۡمِ ٱللَّهِ ٱلرَّحۡمَٰنِ ٱلرَّحِيمِ يَٰمُوسَىٰٓ وَيَٰقَوۡمِ ".repeat(15),
            format!(
                "{} {gap} كلمة {giant} أخرى {}",
                "أ ب ".repeat(40),
                "ت ث ".repeat(40)
            ),
            "x\u{200D}y, 3.14 漢字 ـ ۞ word ".repeat(30),
        ];
        for text in &texts {
            let checkpoints = checkpoints_of(text);
            let stored = StoredText {
                bytes: text.as_bytes(),
                checkpoints: &checkpoints,
            };
            let spans: Vec<(usize, usize)> = analysis::word_spans(text).collect();
            let n = spans.len() as u32;
            for word in (0..n + 2).step_by(7) {
                for until in [word, word + 1, word + 27, word + 40, n + 5] {
                    let (first, from) = stored.checkpoint(word).unwrap();
                    let mut seen = Vec::new();
                    let passage = stored
                        .walk(word, |i, s, e| {
                            seen.push((i, from + s, from + e));
                            i >= until
                        })
                        .unwrap();
                    let expected: Vec<(u32, usize, usize)> = (first..)
                        .zip(spans[first as usize..].iter().copied())
                        .take_while(|(i, _)| *i <= until)
                        .map(|(i, (s, e))| (i, s, e))
                        .collect();
                    assert_eq!(seen, expected, "word {word} until {until}");
                    if let (Some(a), Some(b)) = (seen.first(), seen.last()) {
                        assert_eq!(
                            passage.text(a.1 - from, b.2 - from).unwrap(),
                            &text[a.1..b.2]
                        );
                    }
                }
            }
            for (i, &(s, e)) in spans.iter().enumerate() {
                assert_eq!(stored.word(i as u32).unwrap(), Some(&text[s..e]));
                let wanted = &text[s..e];
                let near = [i.saturating_sub(40) as u32, i as u32];
                assert!(stored.any_word(&near, |w| w == wanted).unwrap());
            }
            assert_eq!(stored.word(n).unwrap(), None);
        }
    }

    /// A walk tokenises without checking; what a caller takes from it is checked: a passage
    /// over bytes that are not UTF-8 is an error, and so is a checkpoint past the text.
    #[test]
    fn text_taken_from_a_walk_over_bytes_that_are_not_utf8_is_an_error() {
        let bytes = [b"abc def ".as_slice(), &[0xFF, 0xFE], b" ghi"].concat();
        let stored = StoredText {
            bytes: &bytes,
            checkpoints: &[],
        };
        let mut spans = Vec::new();
        let passage = stored
            .walk(0, |i, s, e| {
                spans.push((i, s, e));
                false
            })
            .unwrap();
        assert_eq!(spans, [(0, 0, 3), (1, 4, 7), (2, 11, 14)]);
        assert_eq!(stored.word(2).unwrap(), Some("ghi"));
        assert_eq!(passage.text(4, 7).unwrap(), "def");
        assert!(passage.text(4, 14).is_err());
        let checkpoints = 100u32.to_le_bytes();
        let stored = StoredText {
            bytes: b"abc",
            checkpoints: &checkpoints,
        };
        assert!(stored.walk(40, |_, _, _| false).is_err());
        assert!(stored.word(40).is_err());
    }

    fn map_of(mut entries: Vec<(Vec<u8>, u64)>) -> Vec<u8> {
        entries.sort();
        entries.dedup_by(|a, b| a.0 == b.0);
        let mut builder = MapBuilder::memory();
        for (key, value) in entries {
            builder.insert(key, value).unwrap();
        }
        builder.into_inner().unwrap()
    }

    /// The check must accept every fst that fst itself writes: every node
    /// kind (one transition with and without output, the "next" form, many
    /// transitions with and without the 256-byte input index, all 256
    /// bytes), final nodes with outputs, the empty key, the empty map, and
    /// outputs up to the largest postings offset.
    #[test]
    fn every_shape_of_valid_fst_is_accepted() {
        let mut shapes: Vec<Vec<(Vec<u8>, u64)>> = vec![
            vec![],
            vec![(vec![], 0)],
            vec![(vec![], 7)],
            vec![(b"a".to_vec(), 0)],
            vec![(b"abc".to_vec(), u64::from(u32::MAX))],
            (0..=255u8)
                .map(|b| (vec![b], u64::from(b) * 1000))
                .collect(),
            (0..=255u8).map(|b| (vec![b'x', b, b'y'], 0)).collect(),
            (0..40u8)
                .map(|b| (vec![b'a' + b % 26, b], u64::from(b)))
                .collect(),
            (0..33u8).map(|b| (vec![b], 1)).collect(),
            (0..32u8).map(|b| (vec![b], 1)).collect(),
        ];
        // Pseudo-random sets of Arabic-like keys with increasing offsets.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for size in [10, 200, 3000] {
            let mut entries = Vec::new();
            for _ in 0..size {
                let mut key = Vec::new();
                let len = 1 + (seed % 9) as usize;
                for _ in 0..len {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    key.extend(
                        "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
                            .chars()
                            .nth((seed % 28) as usize)
                            .unwrap()
                            .to_string()
                            .as_bytes(),
                    );
                }
                entries.push((key, seed % (1 << 32)));
            }
            shapes.push(entries);
        }
        for (i, entries) in shapes.into_iter().enumerate() {
            let bytes = map_of(entries);
            assert_eq!(verify_fst(&bytes), Ok(()), "shape {i}");
        }
    }

    #[test]
    fn outputs_wider_than_four_bytes_are_refused() {
        let bytes = map_of(vec![(b"a".to_vec(), 1 << 40)]);
        assert!(verify_fst(&bytes).is_err());
    }

    #[test]
    fn truncated_and_padded_fsts_are_refused() {
        let bytes = map_of(
            (0..100u8)
                .map(|b| (vec![b'a' + b % 26, b], u64::from(b)))
                .collect(),
        );
        assert!(verify_fst(&bytes[..bytes.len() - 1]).is_err());
        assert!(verify_fst(&bytes[1..]).is_err());
        let mut padded = bytes[..16].to_vec();
        padded.push(0);
        padded.extend_from_slice(&bytes[16..]);
        assert!(verify_fst(&padded).is_err());
        assert!(verify_fst(&[]).is_err());
    }

    /// Pieces added in any order, and replaced, are found by number; only the blocks of those
    /// added exist, the table of blocks reaching the highest.
    #[test]
    fn added_pieces_are_kept_by_blocks_of_those_added() {
        use super::{Added, Bytes, Slice, ADDED_BLOCK};
        let slice = |n: u32| Slice {
            bytes: Bytes::Static(b"0123456789"),
            range: n as usize % 10..10,
        };
        let mut added = Added::default();
        let numbers = [5000u32, 3, 64, 63, 0, 4999, (1 << 24) - 1];
        for &n in &numbers {
            assert!(added.get(n).is_none());
            added.insert(n, slice(n));
        }
        added.insert(3, slice(7));
        for &n in &numbers {
            let want = if n == 3 { 7 } else { n as usize % 10 };
            assert_eq!(added.get(n).map(|s| s.range.start), Some(want), "{n}");
        }
        for n in [1, 62, 65, 5001, 1 << 23, u32::MAX] {
            assert!(added.get(n).is_none(), "{n}");
        }
        assert_eq!(added.0.len(), (1 << 24) / ADDED_BLOCK);
        assert_eq!(
            added.0.iter().flatten().count(),
            4,
            "blocks 0, 1, 78, 262143"
        );
    }

    /// A document's lengths are known once set, in blocks made for the documents set.
    #[test]
    fn lengths_are_kept_by_blocks_of_the_documents_set() {
        use super::{Lengths, LENGTHS_BLOCK};
        let mut lengths = Lengths::new(1000);
        assert!(lengths.holds(999) && !lengths.holds(1024));
        for (doc, value) in [(0, 7), (255, 1 << 16 | 3), (256, u32::MAX), (999, 0)] {
            assert_eq!(lengths.get(doc), None);
            lengths.set(doc, value);
            assert_eq!(lengths.get(doc), Some(value));
        }
        assert_eq!(lengths.get(1), None);
        assert_eq!(lengths.get(5000), None);
        assert_eq!(lengths.0.len(), 1000usize.div_ceil(LENGTHS_BLOCK));
        assert_eq!(lengths.0.iter().flatten().count(), 3);
    }
}
