//! The term dictionary as a list of blocks, each an fst map of a range of
//! keys. The single-file index is exactly one block (the WORDS section); a
//! split index has many small ones (`w-<n>` pieces, see [`split`](super::split)),
//! of which only those a query touches are ever fetched.
//!
//! Every read of the engine goes through these methods, so one code path
//! serves both layouts: a block that is not loaded yet is noted in the
//! reader's [`Needs`] and read as if it held no word. Values stay the global
//! POSTINGS offsets of the single file in every block.

use std::ops::Range;
use std::sync::{Arc, Mutex};

use fst::{Automaton, IntoStreamer, Map, Streamer};

use super::reader::{DictionaryPlace, Slice};
use super::split::PieceKind;

/// The pieces a call wanted and did not have, as (kind, number). Shared by the
/// reader and its dictionary; interior mutability because the engine reads
/// through `&IndexReader` everywhere. A `Vec` (sorted and deduplicated when
/// taken), not a set: a set's code would add kilobytes to the page's module.
#[derive(Debug, Default)]
pub(crate) struct Needs(Mutex<Vec<u64>>);

impl Needs {
    pub(crate) fn note(&self, kind: PieceKind, number: u32) {
        // Packed into one integer: its sort is one the module already has.
        let key = (kind as u64) << 32 | u64::from(number);
        if let Ok(mut pieces) = self.0.lock() {
            if !pieces.contains(&key) {
                pieces.push(key);
            }
        }
    }

    pub(crate) fn any(&self) -> bool {
        self.0
            .lock()
            .map(|pieces| !pieces.is_empty())
            .unwrap_or(false)
    }

    /// The pieces noted, in (kind, number) order; none are left noted.
    pub(crate) fn take(&self) -> Vec<(PieceKind, u32)> {
        let mut pieces = self
            .0
            .lock()
            .map(|mut pieces| std::mem::take(&mut *pieces))
            .unwrap_or_default();
        pieces.sort_unstable();
        pieces
            .into_iter()
            .filter_map(|key| Some((PieceKind::from_u32((key >> 32) as u32)?, key as u32)))
            .collect()
    }
}

/// Normalised word → offset of its postings, over one or many blocks.
#[derive(Clone)]
pub struct Dictionary {
    /// `None`: a block of a split index not added yet.
    blocks: Vec<Option<Map<Slice>>>,
    /// The first key of each block; block 0's is empty. A key belongs to the
    /// last block whose first key is not above it.
    first_keys: Vec<Vec<u8>>,
    /// The clitic prefixes of META, each with where its words start (one
    /// block only: a split dictionary walks from each block's root instead).
    prefixes: Vec<String>,
    starts: Vec<Option<DictionaryPlace>>,
    /// Per prefix of `starts`, the letters U+0600..U+067F (UTF-8 lead byte D8 or D9, then
    /// 80..BF: bit `second - 0x80` of word 0 or 1) that some word has right after it. Most
    /// (prefix, word) pairs a query tries fail on the word's first letter: this answers them
    /// without walking two automaton nodes.
    first_letters: Vec<[u64; 2]>,
    /// A split dictionary's letter table (its entry's, see [`Self::letter_table`]): per prefix
    /// of `prefixes`, its `first_letters`, then for each letter set there (in bit order) the
    /// letters some word has after prefix + that letter. Most look-ups of a query word's forms
    /// (prefix + stem for each clitic prefix) are of ranges holding no word, and each would cost
    /// a dictionary block: two letters settle most of them (hadith, الصلاة: 48 blocks → 19).
    /// Empty for the single file.
    letters: Vec<Vec<[u64; 2]>>,
    needs: Arc<Needs>,
}

/// The bit of a letter U+0600..U+067F in a letter mask (UTF-8 lead byte D8 or D9, then
/// 80..BF) from the first bytes of `bytes`; `None` for any other character.
fn letter_bit(bytes: &[u8]) -> Option<u32> {
    match bytes {
        [lead @ (0xD8 | 0xD9), second @ 0x80..=0xBF, ..] => {
            Some(u32::from(lead - 0xD8) << 6 | u32::from(second - 0x80))
        }
        _ => None,
    }
}

fn has_letter(mask: [u64; 2], bit: u32) -> bool {
    mask[(bit >> 6) as usize] >> (bit & 63) & 1 == 1
}

/// The [`Dictionary::first_letters`] of the words below `place`.
fn first_letters(words: &Map<Slice>, place: Option<DictionaryPlace>) -> [u64; 2] {
    let mut mask = [0u64; 2];
    let Some(place) = place else {
        return mask;
    };
    let fst = words.as_fst();
    let node = fst.node(place.parts().0);
    for (slot, lead) in [0xD8u8, 0xD9].into_iter().enumerate() {
        if let Some(i) = node.find_input(lead) {
            for t in fst.node(node.transition_addr(i)).transitions() {
                if (0x80..0xC0).contains(&t.inp) {
                    mask[slot] |= 1 << (t.inp - 0x80);
                }
            }
        }
    }
    mask
}

impl Dictionary {
    /// The single file's dictionary: one block, all present.
    pub(crate) fn single(words: Map<Slice>, prefixes: Vec<String>, needs: Arc<Needs>) -> Self {
        let root = DictionaryPlace::root(&words);
        let starts: Vec<Option<DictionaryPlace>> = prefixes
            .iter()
            .map(|prefix| root.descend(&words, prefix.as_bytes()))
            .collect();
        let first_letters = starts
            .iter()
            .map(|&place| first_letters(&words, place))
            .collect();
        Dictionary {
            blocks: vec![Some(words)],
            first_keys: vec![Vec::new()],
            prefixes,
            starts,
            first_letters,
            letters: Vec::new(),
            needs,
        }
    }

    /// A split dictionary with no block loaded; `letters` is its entry's letter table.
    pub(crate) fn split(
        first_keys: Vec<Vec<u8>>,
        prefixes: Vec<String>,
        letters: Vec<Vec<[u64; 2]>>,
        needs: Arc<Needs>,
    ) -> Self {
        Dictionary {
            blocks: vec![None; first_keys.len()],
            first_keys,
            prefixes,
            starts: Vec::new(),
            first_letters: Vec::new(),
            letters,
            needs,
        }
    }

    /// The letter table a split's entry carries (see [`Dictionary::letters`]), from the single
    /// file's dictionary.
    #[cfg(any(not(target_arch = "wasm32"), feature = "indexer"))]
    pub(crate) fn letter_table(&self) -> Vec<Vec<[u64; 2]>> {
        let Some(Some(words)) = self.blocks.first() else {
            return Vec::new();
        };
        let places = self.starts.iter().zip(&self.first_letters);
        places
            .map(|(&place, &first)| {
                let mut masks = vec![first];
                for bit in (0..128).filter(|&bit| has_letter(first, bit)) {
                    let letter = [0xD8 + (bit >> 6) as u8, 0x80 + (bit & 63) as u8];
                    let after = place.and_then(|p| p.descend(words, &letter));
                    masks.push(first_letters(words, after));
                }
                masks
            })
            .collect()
    }

    /// Whether a split's letter table proves that no word starts with `key`: some clitic
    /// prefix is followed in `key` by a letter, or two, that no word has after it. Never for
    /// the single file (it has no table).
    #[inline(never)]
    fn ruled_out(&self, key: &[u8]) -> bool {
        self.prefixes.iter().zip(&self.letters).any(|(prefix, masks)| {
            let Some(rest) = key.strip_prefix(prefix.as_bytes()) else {
                return false;
            };
            let (Some(first), Some(&mask)) = (letter_bit(rest), masks.first()) else {
                return false;
            };
            if !has_letter(mask, first) {
                return true;
            }
            // The rank of `first` among the letters set: where its own mask is.
            let low = |mask: u64, bits: u32| (mask & ((1u64 << bits) - 1)).count_ones() as usize;
            let rank = match first {
                0..=63 => low(mask[0], first),
                _ => mask[0].count_ones() as usize + low(mask[1], first - 64),
            };
            let second = masks.get(1 + rank);
            matches!((letter_bit(&rest[2..]), second), (Some(bit), Some(&m)) if !has_letter(m, bit))
        })
    }

    pub(crate) fn has_block(&self, n: usize) -> bool {
        matches!(self.blocks.get(n), Some(Some(_)))
    }

    pub(crate) fn add_block(&mut self, n: usize, map: Map<Slice>) {
        if let Some(slot) = self.blocks.get_mut(n) {
            *slot = Some(map);
        }
    }

    /// Block `i`, or `None` after noting that it is needed.
    fn block(&self, i: usize) -> Option<&Map<Slice>> {
        let block = self.blocks.get(i)?.as_ref();
        if block.is_none() {
            self.needs.note(PieceKind::Words, i as u32);
        }
        block
    }

    fn block_of(&self, key: &[u8]) -> usize {
        self.first_keys
            .partition_point(|k| k.as_slice() <= key)
            .saturating_sub(1)
    }

    /// The blocks that may hold keys in `[lo, hi)` (`hi` `None`: no bound).
    fn blocks_between(&self, lo: &[u8], hi: Option<&[u8]>) -> Range<usize> {
        let start = self.block_of(lo);
        let end = match hi {
            Some(hi) => self.first_keys.partition_point(|k| k.as_slice() < hi),
            None => self.first_keys.len(),
        };
        start..end.max(start + 1).min(self.first_keys.len())
    }

    /// The value of `key`.
    pub fn get(&self, key: impl AsRef<[u8]>) -> Option<u64> {
        self.get_bytes(key.as_ref())
    }

    // One copy in the wasm module whatever type of key the callers pass.
    #[inline(never)]
    fn get_bytes(&self, key: &[u8]) -> Option<u64> {
        if self.ruled_out(key) {
            return None;
        }
        self.block(self.block_of(key))?.get(key)
    }

    /// No prefix (0), then the clitic prefixes the corpus uses (1..), as
    /// (number, prefix) for [`Self::starts_word_after`] and [`Self::get_after`].
    pub fn clitics(&self) -> impl Iterator<Item = (usize, &str)> {
        std::iter::once("")
            .chain(self.prefixes.iter().map(String::as_str))
            .enumerate()
    }

    /// The clitic prefixes the analyser removed from some word of the corpus.
    pub fn clitic_prefixes(&self) -> &[String] {
        &self.prefixes
    }

    /// The place after clitic `clitic` and `rest` in a one-block dictionary.
    fn place_after(&self, clitic: usize, rest: &[u8]) -> Option<Option<DictionaryPlace>> {
        let words = self.blocks.first()?.as_ref()?;
        if self.blocks.len() != 1 {
            return None;
        }
        let start = match clitic {
            0 => Some(DictionaryPlace::root(words)),
            i => {
                if let (Some(bit), Some(&mask)) = (letter_bit(rest), self.first_letters.get(i - 1))
                {
                    if !has_letter(mask, bit) {
                        return Some(None);
                    }
                }
                *self.starts.get(i - 1)?
            }
        };
        Some(start.and_then(|p| p.descend(words, rest)))
    }

    fn clitic_key(&self, clitic: usize, rest: &[u8]) -> Vec<u8> {
        let prefix = match clitic {
            0 => "",
            i => self.prefixes.get(i - 1).map_or("", String::as_str),
        };
        let mut key = Vec::with_capacity(prefix.len() + rest.len());
        key.extend_from_slice(prefix.as_bytes());
        key.extend_from_slice(rest);
        key
    }

    /// Whether some word starts with clitic prefix number `clitic` + `rest`.
    pub fn starts_word_after(&self, clitic: usize, rest: &str) -> bool {
        match self.place_after(clitic, rest.as_bytes()) {
            Some(place) => place.is_some(),
            None => self.starts_word(&self.clitic_key(clitic, rest.as_bytes())),
        }
    }

    /// The value of clitic prefix number `clitic` + `rest`.
    pub fn get_after(&self, clitic: usize, rest: &str) -> Option<u64> {
        match self.place_after(clitic, rest.as_bytes()) {
            Some(place) => place.and_then(|p| p.value(self.blocks[0].as_ref()?)),
            None => self.get(self.clitic_key(clitic, rest.as_bytes())),
        }
    }

    /// Every word starting with clitic prefix number `clitic` + `rest` and at most `max_len`
    /// bytes long, in key order with its value, to `f` until it returns false: what a range
    /// stream over `[prefix + rest, upper_bound)` with a depth limit gives, walked from the
    /// place after the prefix (known since opening) instead of seeking from the root, with no
    /// stream to set up. `None` for a split dictionary: the caller streams instead.
    pub fn walk_after(
        &self,
        clitic: usize,
        rest: &[u8],
        max_len: usize,
        // `dyn`: one copy of the walk in the wasm module whatever the caller does per word.
        f: &mut dyn FnMut(&[u8], u64) -> bool,
    ) -> Option<()> {
        let Some(place) = self.place_after(clitic, rest)? else {
            return Some(()); // no word starts with it
        };
        let fst = self.blocks.first()?.as_ref()?.as_fst();
        let mut key = self.clitic_key(clitic, rest);
        if key.len() > max_len {
            return Some(());
        }
        let (node, out) = place.parts();
        let start = fst.node(node);
        if start.is_final() && !f(&key, out.cat(start.final_output()).value()) {
            return Some(());
        }
        // (node, output so far, next transition); every frame but the first added one byte
        // to `key`. Transitions are in byte order, and a node's own word comes before the
        // words below it: key order, as a stream gives it.
        let mut stack = Vec::with_capacity(16);
        stack.push((node, out, 0usize));
        while let Some(frame) = stack.last_mut() {
            let node = fst.node(frame.0);
            if frame.2 == node.len() || key.len() >= max_len {
                stack.pop();
                if !stack.is_empty() {
                    key.pop();
                }
                continue;
            }
            let t = node.transition(frame.2);
            frame.2 += 1;
            let out = frame.1.cat(t.out);
            key.push(t.inp);
            let child = fst.node(t.addr);
            if child.is_final() && !f(&key, out.cat(child.final_output()).value()) {
                return Some(());
            }
            stack.push((t.addr, out, 0));
        }
        Some(())
    }

    /// Whether any word starts with `key` (long keys included: a walk down
    /// the automaton, cheaper than setting up a stream).
    pub fn starts_word(&self, key: &[u8]) -> bool {
        if self.ruled_out(key) {
            return false;
        }
        let upper = upper_bound(key);
        for i in self.blocks_between(key, upper.as_deref()) {
            if let Some(words) = self.block(i) {
                if DictionaryPlace::root(words).descend(words, key).is_some() {
                    return true;
                }
            }
        }
        false
    }

    /// The words `automaton` matches in `[lo, hi)`, in key order across blocks.
    pub fn search<A: Automaton + Clone>(
        &self,
        automaton: A,
        lo: &[u8],
        hi: Option<Vec<u8>>,
    ) -> WordStream<'_, A> {
        WordStream {
            blocks: self.blocks_between(lo, hi.as_deref()),
            dictionary: self,
            automaton,
            lo: lo.to_vec(),
            hi,
            current: None,
            key: Vec::new(),
            block_may_match: None,
        }
    }

    /// [`Self::search`] over every word, skipping (and never fetching) the blocks of a split
    /// dictionary for which `may_match(first key, next block's first key)` is false: it must
    /// be true whenever the automaton matches a word in that range.
    pub fn search_where<'d, A: Automaton + Clone>(
        &'d self,
        automaton: A,
        may_match: &'d BlockTest<'d>,
    ) -> WordStream<'d, A> {
        let mut stream = self.search(automaton, &[], None);
        stream.block_may_match = Some(may_match);
        stream
    }

    /// The words starting with `prefix` that `automaton` matches.
    pub fn search_prefix<A: Automaton + Clone>(
        &self,
        automaton: A,
        prefix: &[u8],
    ) -> WordStream<'_, A> {
        let mut stream = self.search(automaton, prefix, upper_bound(prefix));
        if self.ruled_out(prefix) {
            stream.blocks = 0..0;
        }
        stream
    }
}

/// The smallest key above every key starting with `prefix`: the last byte
/// that is not 0xFF bumped (valid UTF-8 never has 0xFF); `None` when there is none.
pub fn upper_bound(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut upper = prefix.to_vec();
    while let Some(last) = upper.pop() {
        if last < 0xFF {
            upper.push(last + 1);
            return Some(upper);
        }
    }
    None
}

/// Whether an automaton may match a word in `[first key, next first key)` (`None`: no bound).
pub type BlockTest<'a> = dyn Fn(&[u8], Option<&[u8]>) -> bool + 'a;

/// A stream of dictionary entries chained across blocks (missing blocks are
/// noted and skipped). `next` lends the key until the next call.
pub struct WordStream<'d, A: Automaton> {
    dictionary: &'d Dictionary,
    automaton: A,
    lo: Vec<u8>,
    hi: Option<Vec<u8>>,
    blocks: Range<usize>,
    current: Option<fst::map::Stream<'d, A>>,
    key: Vec<u8>,
    block_may_match: Option<&'d BlockTest<'d>>,
}

impl<A: Automaton + Clone> WordStream<'_, A> {
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Option<(&[u8], u64)> {
        loop {
            if let Some(stream) = self.current.as_mut() {
                if let Some((key, value)) = stream.next() {
                    self.key.clear();
                    self.key.extend_from_slice(key);
                    return Some((&self.key, value));
                }
                self.current = None;
            }
            let i = self.blocks.next()?;
            let keys = &self.dictionary.first_keys;
            if let Some(may_match) = self.block_may_match.filter(|_| keys.len() > 1) {
                if !may_match(&keys[i], keys.get(i + 1).map(Vec::as_slice)) {
                    continue;
                }
            }
            let Some(words) = self.dictionary.block(i) else {
                continue;
            };
            let builder = words.search(self.automaton.clone()).ge(&self.lo);
            self.current = Some(match &self.hi {
                Some(hi) => builder.lt(hi).into_stream(),
                None => builder.into_stream(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::reader::Bytes;
    use fst::MapBuilder;

    /// A one-block dictionary of `keys` (sorted, deduplicated; value = rank) with `prefixes`.
    fn dictionary(keys: &[Vec<u8>], prefixes: &[&str]) -> Dictionary {
        let mut builder = MapBuilder::memory();
        for (i, key) in keys.iter().enumerate() {
            builder.insert(key, i as u64 * 3 + 1).unwrap();
        }
        let bytes = builder.into_inner().unwrap();
        let range = 0..bytes.len();
        let map = Map::new(Slice {
            bytes: Bytes::Shared(Arc::new(bytes)),
            range,
        })
        .unwrap();
        let prefixes = prefixes.iter().map(|p| p.to_string()).collect();
        Dictionary::single(map, prefixes, Arc::default())
    }

    /// The words a range stream with a depth limit gives, as `walk_after` must give them.
    fn streamed(d: &Dictionary, prefix: &[u8], max_len: usize) -> Vec<(Vec<u8>, u64)> {
        let mut out = Vec::new();
        let mut stream = d.search_prefix(Depth(max_len), prefix);
        while let Some((key, value)) = stream.next() {
            out.push((key.to_vec(), value));
        }
        out
    }

    #[derive(Clone)]
    struct Depth(usize);

    impl Automaton for Depth {
        type State = usize;
        fn start(&self) -> usize {
            0
        }
        fn is_match(&self, depth: &usize) -> bool {
            *depth <= self.0
        }
        fn can_match(&self, depth: &usize) -> bool {
            *depth <= self.0
        }
        fn accept(&self, depth: &usize, _byte: u8) -> usize {
            depth + 1
        }
    }

    /// Look-ups after a clitic prefix (where the first-letter masks answer most misses) agree
    /// with plain look-ups of the whole key, on Arabic letters from both UTF-8 lead bytes
    /// (ا..ؿ under D8, ـ..ٿ under D9) and a few others.
    #[test]
    // The split's letter table is built by the writer, which the page's wasm build leaves out.
    #[cfg(any(not(target_arch = "wasm32"), feature = "indexer"))]
    fn lookups_after_a_prefix_are_lookups_of_the_whole_key() {
        let letters: Vec<char> = "ابتثجحخدذرزسشصضطظعغفقكلمنهويىةءآأإؤئٹۓa1".chars().collect();
        let prefixes = ["و", "ال", "وال", "ب", "لل", "x"];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut word = |n: usize| -> String {
            (0..n)
                .map(|_| letters[next() as usize % letters.len()])
                .collect()
        };
        let mut keys: Vec<Vec<u8>> = Vec::new();
        let mut rests: Vec<String> = vec![String::new()];
        for i in 0..2000 {
            let rest = word(1 + i % 5);
            let prefix = prefixes[i % prefixes.len()];
            if i % 3 > 0 {
                keys.push(format!("{prefix}{rest}").into_bytes());
            }
            rests.push(rest);
        }
        keys.sort();
        keys.dedup();
        let d = dictionary(&keys, &prefixes);
        // A split's letter table (the single dictionary's) never rules out a key some word
        // starts with, and rules out many that none does.
        let split = Dictionary::split(
            vec![Vec::new()],
            d.prefixes.clone(),
            d.letter_table(),
            Arc::default(),
        );
        let mut ruled_out = 0;
        for rest in &rests {
            for (clitic, prefix) in d.clitics() {
                let key = format!("{prefix}{rest}");
                assert_eq!(d.get_after(clitic, rest), d.get(&key), "{key}");
                assert_eq!(
                    d.starts_word_after(clitic, rest),
                    d.starts_word(key.as_bytes()),
                    "{key}"
                );
                for end in 0..=key.len() {
                    let Some(start) = key.get(..end) else {
                        continue;
                    };
                    if split.ruled_out(start.as_bytes()) {
                        assert!(!d.starts_word(start.as_bytes()), "{start} was ruled out");
                        ruled_out += 1;
                    }
                }
            }
        }
        assert!(
            ruled_out > 1000,
            "the letter table rules out {ruled_out} keys"
        );
    }

    /// The walk below a prefix's place gives exactly the stream's words, in its order, with
    /// its values: every prefix (none included), rests that are words, pieces of words or
    /// absent, depth limits that cut some words off, and a stop asked for part-way.
    #[test]
    fn walking_after_a_prefix_is_streaming_its_range() {
        let prefixes = ["a", "ab", "b", "zz"];
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut keys: Vec<Vec<u8>> = Vec::new();
        for _ in 0..3000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 12) as usize;
            keys.push(
                (0..len)
                    .map(|i| b"abcz"[(seed >> (8 + 2 * i)) as usize % 4])
                    .collect(),
            );
        }
        keys.sort();
        keys.dedup();
        let d = dictionary(&keys, &prefixes);
        let rests: [&[u8]; 7] = [b"", b"a", b"b", b"ca", b"zzzz", b"abcab", b"q"];
        for (clitic, prefix) in d.clitics() {
            for rest in rests {
                for max_len in [0, 3, 6, 256] {
                    let mut key = prefix.as_bytes().to_vec();
                    key.extend_from_slice(rest);
                    let expected = streamed(&d, &key, max_len);
                    let mut walked = Vec::new();
                    d.walk_after(clitic, rest, max_len, &mut |k, v| {
                        walked.push((k.to_vec(), v));
                        true
                    })
                    .expect("one block");
                    assert_eq!(walked, expected, "{prefix:?} + {rest:?}, max {max_len}");
                    let mut first_two = Vec::new();
                    d.walk_after(clitic, rest, max_len, &mut |k, v| {
                        first_two.push((k.to_vec(), v));
                        first_two.len() < 2
                    });
                    assert_eq!(first_two, expected[..expected.len().min(2)]);
                }
            }
        }
    }
}
