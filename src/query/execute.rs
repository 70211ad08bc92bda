//! Query execution: resolve every clause to postings, score with BM25F,
//! combine (AND, falling back to the best partial matches), exclude, rank.

use std::cell::RefCell;

use fst::{IntoStreamer, Streamer};

use super::fuzzy::{self, Levenshtein};
use super::parse::{Clause, Query, Term};
use super::score::{self, weight, Fields};
use crate::analysis;
use crate::error::Result;
use crate::index::{IndexReader, Slice};

/// At most this many dictionary entries are read to expand a prefix.
pub const MAX_PREFIX_SCAN: usize = 2048;
/// A prefix expands to at most this many words (the most frequent ones).
pub const MAX_PREFIX_WORDS: usize = 64;
/// A misspelt word is replaced by at most this many close words.
pub const MAX_FUZZY_WORDS: usize = 16;
/// Words shorter than this are not matched fuzzily: most Arabic roots have
/// three letters, so one edit on a short word lands on unrelated words.
pub const MIN_FUZZY_CHARS: usize = 4;
/// From this length on, two edits are allowed.
pub const TWO_EDITS_FROM_CHARS: usize = 8;
/// Documents checked for the diacritics bonus (the best-scored ones).
pub const MAX_DIACRITICS_CHECKED: usize = 256;

/// A postings list and what matching through it is worth.
#[derive(Debug, Clone, Copy)]
struct Variant {
    offset: u64,
    weight: f32,
}

/// The postings that matched one required clause, kept to highlight it.
#[derive(Debug, Clone)]
pub enum Matched {
    /// Any of these words matches the clause.
    Words(Vec<u64>),
    /// These words, consecutively, in this order.
    Phrase(Vec<u64>),
}

/// What a query found: every matching document, the first `top` in order, and what matched.
#[derive(Debug, Default)]
pub struct Outcome {
    /// (document, score): best first, ties by document number (= id order),
    /// for the first `top` entries asked of [`execute`]; the rest unordered.
    pub ranked: Vec<(u32, f32)>,
    /// Per required clause, in order (clause i is bit i of a highlight mask).
    pub matched: Vec<Matched>,
    /// A respelling of the query when a word had to be corrected or matched nothing.
    pub suggestion: Option<String>,
}

/// Per-document arrays for one search. They are kept between searches (one
/// set per thread) and only the entries a search touched are cleared after
/// it: allocating and zeroing them for every search costs more than the
/// search itself on a corpus of thousands of short documents.
#[derive(Default)]
struct Arrays {
    scores: Vec<f32>,
    masks: Vec<u32>,
    title: Vec<f32>,
    body: Vec<f32>,
    excluded: Vec<bool>,
}

thread_local! {
    static ARRAYS: RefCell<Arrays> = RefCell::new(Arrays::default());
}

/// The arrays lent to one search, and the documents it touched, whose
/// entries are cleared when it ends (also when it ends with an error).
struct Workspace<'a> {
    a: &'a mut Arrays,
    /// Documents of the clause being scored.
    touched: Vec<u32>,
    /// Documents matched by some clause, in first-match order.
    candidates: Vec<u32>,
    /// Documents marked excluded.
    excluded: Vec<u32>,
}

impl<'a> Workspace<'a> {
    fn new(a: &'a mut Arrays, n: usize) -> Self {
        for v in [&mut a.scores, &mut a.title, &mut a.body] {
            if v.len() < n {
                v.resize(n, 0.0);
            }
        }
        if a.masks.len() < n {
            a.masks.resize(n, 0);
        }
        if a.excluded.len() < n {
            a.excluded.resize(n, false);
        }
        Workspace {
            a,
            touched: Vec::new(),
            candidates: Vec::new(),
            excluded: Vec::new(),
        }
    }

    fn add(&mut self, doc: u32, title_tf: f32, body_tf: f32) {
        let i = doc as usize;
        if self.a.title[i] == 0.0 && self.a.body[i] == 0.0 {
            self.touched.push(doc);
        }
        self.a.title[i] += title_tf;
        self.a.body[i] += body_tf;
    }

    fn exclude(&mut self, doc: u32) {
        let i = doc as usize;
        if !self.a.excluded[i] {
            self.a.excluded[i] = true;
            self.excluded.push(doc);
        }
    }
}

impl Drop for Workspace<'_> {
    fn drop(&mut self) {
        for &doc in self
            .touched
            .iter()
            .chain(&self.candidates)
            .chain(&self.excluded)
        {
            let i = doc as usize;
            self.a.scores[i] = 0.0;
            self.a.masks[i] = 0;
            self.a.title[i] = 0.0;
            self.a.body[i] = 0.0;
            self.a.excluded[i] = false;
        }
    }
}

/// How many of a posting's positions are in the title (they come first).
fn title_count(positions: &[u32], title_len: u32) -> u32 {
    positions.iter().take_while(|&&p| p < title_len).count() as u32
}

pub fn execute(
    reader: &IndexReader,
    query: &Query,
    raw_query: &str,
    allow_prefix: bool,
    allow_fuzzy: bool,
    top: usize,
) -> Result<Outcome> {
    ARRAYS.with(|cell| {
        let mut own = Arrays::default();
        let mut lent = cell.try_borrow_mut().ok();
        let arrays = lent.as_deref_mut().unwrap_or(&mut own);
        run(
            arrays,
            reader,
            query,
            raw_query,
            allow_prefix,
            allow_fuzzy,
            top,
        )
    })
}

fn run(
    arrays: &mut Arrays,
    reader: &IndexReader,
    query: &Query,
    raw_query: &str,
    allow_prefix: bool,
    allow_fuzzy: bool,
    top: usize,
) -> Result<Outcome> {
    let mut outcome = Outcome::default();
    let documents = reader.documents();
    let n = documents as usize;
    let (average_title, average_body) = reader.average_lengths();
    let fields = Fields {
        average_title,
        average_body,
    };

    // Stopwords do not narrow a bag-of-words query, unless nothing else is left.
    let meaningful = |c: &Clause| match c {
        Clause::Term(t) => !t.stopword || (t.prefix && allow_prefix),
        Clause::Phrase(_) => true,
    };
    let keep_stopwords = !query.required.iter().any(meaningful);
    let required: Vec<&Clause> = query
        .required
        .iter()
        .filter(|c| keep_stopwords || meaningful(c))
        .collect();
    if required.is_empty() {
        return Ok(outcome);
    }

    let mut ws = Workspace::new(arrays, n);
    let mut corrections: Vec<(String, String)> = Vec::new();
    let mut offsets = Vec::new();

    for (clause_index, clause) in required.iter().enumerate() {
        let bit = 1u32 << clause_index;
        let clause_weight = match clause {
            Clause::Term(term) => {
                let resolved = resolve(reader, term, allow_prefix, allow_fuzzy, &mut offsets)?;
                if let Some(correction) = &resolved.correction {
                    corrections.push((term.original.clone(), correction.clone()));
                }
                for variant in &resolved.variants {
                    let mut postings = reader.postings(variant.offset)?;
                    while let Some(p) = postings.next_posting()? {
                        let in_title = postings.count_below(reader.doc_lengths(p.doc)?.0)?;
                        ws.add(
                            p.doc,
                            variant.weight * in_title as f32,
                            variant.weight * (p.tf - in_title) as f32,
                        );
                    }
                }
                outcome.matched.push(Matched::Words(
                    resolved.variants.iter().map(|v| v.offset).collect(),
                ));
                1.0
            }
            Clause::Phrase(terms) => {
                let words = phrase_words(reader, terms);
                for (doc, starts) in phrase_starts(reader, words.as_deref().unwrap_or(&[]), None)? {
                    let in_title = title_count(&starts, reader.doc_lengths(doc)?.0);
                    ws.add(
                        doc,
                        in_title as f32,
                        (starts.len() as u32 - in_title) as f32,
                    );
                }
                outcome
                    .matched
                    .push(Matched::Phrase(words.unwrap_or_default()));
                terms.len() as f32
            }
        };
        let idf = score::idf(documents, ws.touched.len() as u32);
        for t in 0..ws.touched.len() {
            let doc = ws.touched[t];
            let i = doc as usize;
            let lengths = reader.doc_lengths(doc)?;
            let a = &mut *ws.a;
            let frequency = fields.frequency(a.title[i], a.body[i], lengths);
            if a.masks[i] == 0 {
                ws.candidates.push(doc);
            }
            a.scores[i] += clause_weight * idf * score::saturate(frequency);
            a.masks[i] |= bit;
            a.title[i] = 0.0;
            a.body[i] = 0.0;
        }
        ws.touched.clear();
    }

    // Exclusions: the exact form and its stem, or the phrase.
    for clause in &query.excluded {
        match clause {
            Clause::Term(term) => {
                let mut variants = Vec::new();
                exact_and_stem(reader, term, &mut variants, &mut offsets)?;
                for variant in variants {
                    let mut postings = reader.postings(variant.offset)?;
                    while let Some(p) = postings.next_posting()? {
                        ws.exclude(p.doc);
                    }
                }
            }
            Clause::Phrase(terms) => {
                let words = phrase_words(reader, terms).unwrap_or_default();
                for (doc, _) in phrase_starts(reader, &words, None)? {
                    ws.exclude(doc);
                }
            }
        }
    }
    let a = &*ws.a;
    let mut candidates: Vec<u32> = ws
        .candidates
        .iter()
        .copied()
        .filter(|&d| !a.excluded[d as usize])
        .collect();

    // AND; when no document has every clause, the documents that have the most.
    let best = candidates
        .iter()
        .map(|&d| a.masks[d as usize].count_ones())
        .max()
        .unwrap_or(0);
    candidates.retain(|&d| a.masks[d as usize].count_ones() == best);

    let mut ranked: Vec<(u32, f32)> = candidates
        .iter()
        .map(|&d| (d, a.scores[d as usize]))
        .collect();
    drop(ws);
    sort_ranked(&mut ranked, top.max(MAX_DIACRITICS_CHECKED));
    apply_diacritics_bonus(reader, &required, &mut ranked)?;

    if !corrections.is_empty() || ranked.is_empty() {
        outcome.suggestion = suggestion(reader, raw_query, &required, &corrections)?;
    }
    outcome.ranked = ranked;
    Ok(outcome)
}

/// Best score first, ties by document number. Every sort in the engine goes
/// through `sort_unstable` on packed `u64` keys: one instantiation of the
/// sort code instead of one per comparator keeps the wasm small.
///
/// Only the first `top` entries are put in order (the page and what the
/// diacritics bonus reads): the rest only needs counting, and selecting the
/// top of thousands of matches is much cheaper than sorting them all.
fn sort_ranked(ranked: &mut [(u32, f32)], top: usize) {
    let mut keys: Vec<u64> = ranked
        .iter()
        .map(|&(doc, score)| u64::from(!ordered_bits(score)) << 32 | u64::from(doc))
        .collect();
    if top > 0 && top < keys.len() {
        keys.select_nth_unstable(top - 1);
        keys[..top].sort_unstable();
    } else {
        keys.sort_unstable();
    }
    for (slot, key) in ranked.iter_mut().zip(keys) {
        let doc = key as u32;
        let score = from_ordered_bits(!((key >> 32) as u32));
        *slot = (doc, score);
    }
}

/// `f32` bits mapped so that unsigned order is numeric order.
pub(crate) fn ordered_bits(x: f32) -> u32 {
    let bits = x.to_bits();
    if bits >> 31 == 1 {
        !bits
    } else {
        bits | 1 << 31
    }
}

fn from_ordered_bits(bits: u32) -> f32 {
    f32::from_bits(if bits >> 31 == 1 {
        bits & !(1 << 31)
    } else {
        !bits
    })
}

/// Postings offsets fit in 32 bits (the format caps an index at 4 GiB).
fn offset32(offset: u64) -> u64 {
    offset & 0xFFFF_FFFF
}

/// A query word resolved against the dictionary.
struct Resolved {
    variants: Vec<Variant>,
    /// The word the query word was corrected to, when only typo matching found it.
    correction: Option<String>,
}

fn exact_and_stem(
    reader: &IndexReader,
    term: &Term,
    variants: &mut Vec<Variant>,
    offsets: &mut Vec<u64>,
) -> Result<()> {
    if let Some(offset) = reader.words().get(&term.normalized) {
        variants.push(Variant {
            offset,
            weight: weight::EXACT,
        });
    }
    let stem = analysis::stem(&term.normalized);
    offsets.clear();
    for prefix in clitic_prefixes(reader) {
        scan(reader, prefix, stem, |w| analysis::stem(w) == stem, offsets)?;
    }
    variants.extend(offsets.iter().map(|&offset| Variant {
        offset,
        weight: weight::STEM,
    }));
    Ok(())
}

/// No prefix, then every clitic prefix the corpus uses.
fn clitic_prefixes(reader: &IndexReader) -> impl Iterator<Item = &str> {
    std::iter::once("").chain(reader.clitic_prefixes().iter().map(String::as_str))
}

/// Add the words starting with `prefix + start` that `keep` accepts.
fn scan(
    reader: &IndexReader,
    prefix: &str,
    start: &str,
    keep: impl Fn(&str) -> bool,
    offsets: &mut Vec<u64>,
) -> Result<()> {
    each_word(reader, prefix, start, |word, offset| {
        if keep(word) {
            offsets.push(offset);
        }
    })
}

fn resolve(
    reader: &IndexReader,
    term: &Term,
    allow_prefix: bool,
    allow_fuzzy: bool,
    offsets: &mut Vec<u64>,
) -> Result<Resolved> {
    let mut variants = Vec::new();
    exact_and_stem(reader, term, &mut variants, offsets)?;

    // Light10 strips و and the ال-prefixes only, because a lone ف, ب, ك or ل
    // is often part of the word (بكين is Beijing). When the word as typed
    // matches nothing, try it without such a proclitic — but only keep forms
    // the corpus has, so the dictionary decides, not a guess.
    if variants.is_empty() {
        for bare in without_proclitic(&term.normalized) {
            let before = variants.len();
            let stripped = Term {
                normalized: bare.to_string(),
                ..term.clone()
            };
            exact_and_stem(reader, &stripped, &mut variants, offsets)?;
            for v in &mut variants[before..] {
                v.weight = weight::STEM;
            }
        }
    }

    if term.prefix && allow_prefix && term.normalized.chars().count() >= 2 {
        expand_prefix(reader, term, &mut variants)?;
    }

    let mut correction = None;
    if variants.is_empty() && allow_fuzzy {
        for (word, offset, distance) in corrections(reader, &term.normalized)? {
            let weight = if distance <= 1 {
                weight::FUZZY_1
            } else {
                weight::FUZZY_2
            };
            if correction.is_none() {
                correction = Some(written_form(reader, offset)?.unwrap_or(word));
            }
            variants.push(Variant { offset, weight });
        }
    }

    // One postings list may be reached several ways: keep its best weight.
    let mut keys: Vec<u64> = variants
        .iter()
        .map(|v| offset32(v.offset) << 32 | u64::from(!ordered_bits(v.weight)))
        .collect();
    keys.sort_unstable();
    keys.dedup_by_key(|k| *k >> 32);
    let variants = keys
        .into_iter()
        .map(|k| Variant {
            offset: k >> 32,
            weight: from_ordered_bits(!(k as u32)),
        })
        .collect();
    Ok(Resolved {
        variants,
        correction,
    })
}

/// The words a word still being typed may become: those starting with it
/// (`PREFIX`), and those whose form without clitic starts with its form
/// without clitic, so كرم and الكر both find الكرملين (`PREFIX_BARE`). Both
/// lie in the dictionary ranges `clitic + stem` that `exact_and_stem` reads
/// (the stem is a prefix of the clitic-free form), so one pass over them
/// sorts every word into stem, prefix or bare-prefix matches.
fn expand_prefix(reader: &IndexReader, term: &Term, variants: &mut Vec<Variant>) -> Result<()> {
    let typed = term.normalized.as_str();
    let stem = analysis::stem(typed);
    let bare = analysis::strip_clitic_prefix(typed);
    let bare = if bare.chars().count() >= 2 { bare } else { "" };
    let own_clitic = &typed[..typed.len() - analysis::strip_clitic_prefix(typed).len()];
    let (mut prefixed, mut bare_prefixed) = (Vec::new(), Vec::new());
    let mut typed_range_read = false;
    for clitic in clitic_prefixes(reader) {
        typed_range_read |= clitic == own_clitic;
        each_word(reader, clitic, stem, |word, offset| {
            if analysis::stem(word) == stem {
                return; // already a stem match
            }
            if word.starts_with(typed) {
                prefixed.push(offset);
            } else if !bare.is_empty() && analysis::strip_clitic_prefix(word).starts_with(bare) {
                bare_prefixed.push(offset);
            }
        })?;
    }
    if !typed_range_read {
        // The typed clitic never occurs stripped in this corpus: read its range too.
        each_word(reader, "", typed, |word, offset| {
            if analysis::stem(word) != stem {
                prefixed.push(offset);
            }
        })?;
    }
    for (offsets, weight) in [
        (&mut prefixed, weight::PREFIX),
        (&mut bare_prefixed, weight::PREFIX_BARE),
    ] {
        most_frequent(reader, offsets)?;
        variants.extend(offsets.iter().map(|&offset| Variant { offset, weight }));
    }
    Ok(())
}

/// Call `f` with each dictionary word starting with `prefix + start`.
fn each_word(
    reader: &IndexReader,
    prefix: &str,
    start: &str,
    mut f: impl FnMut(&str, u64),
) -> Result<()> {
    let mut key = String::with_capacity(prefix.len() + start.len());
    key.push_str(prefix);
    key.push_str(start);
    let mut stream = words_starting_with(reader.words(), &key);
    let mut scanned = 0;
    while let Some((word, offset)) = stream.next() {
        scanned += 1;
        if scanned > MAX_PREFIX_SCAN {
            break;
        }
        if let Ok(word) = std::str::from_utf8(word) {
            f(word, offset);
        }
    }
    Ok(())
}

/// The longest dictionary word a prefix stream returns, in bytes (128 Arabic
/// letters; no real word comes near it).
pub const MAX_WORD_BYTES: usize = 256;

/// A stream over the dictionary entries starting with `prefix` (and no longer
/// than [`MAX_WORD_BYTES`]). A range seeks straight to the first entry; a
/// `starts_with` automaton would walk from the root and test every transition
/// on the way, several times slower.
pub fn words_starting_with<'m>(
    words: &'m fst::Map<Slice>,
    prefix: &str,
) -> fst::map::Stream<'m, MaxLen> {
    let mut upper = prefix.as_bytes().to_vec();
    // The smallest key above every key with this prefix: bump the last byte
    // that is not 0xFF (valid UTF-8 never has 0xFF; the loop is for safety).
    while let Some(last) = upper.pop() {
        if last < 0xFF {
            upper.push(last + 1);
            return words.search(MaxLen).ge(prefix).lt(upper).into_stream();
        }
    }
    words.search(MaxLen).ge(prefix).into_stream()
}

/// Matches every key of at most [`MAX_WORD_BYTES`] bytes, and stops a stream
/// from descending further. fst keeps one frame (~240 bytes) per byte of the
/// key being walked: a corpus "word" of a megabyte (a run of letters, a
/// base64 blob) cost ~480 MB of memory and ~0.7 s for every search or suggest
/// whose prefix reached it — memory a wasm module never gives back. With this
/// a stream holds at most `MAX_WORD_BYTES + 2` frames; such keys are never
/// returned (nobody types them) and exact look-ups still find them.
#[derive(Debug, Clone, Copy)]
pub struct MaxLen;

impl fst::Automaton for MaxLen {
    /// Bytes of the key so far.
    type State = usize;

    fn start(&self) -> usize {
        0
    }

    fn is_match(&self, depth: &usize) -> bool {
        *depth <= MAX_WORD_BYTES
    }

    fn can_match(&self, depth: &usize) -> bool {
        *depth <= MAX_WORD_BYTES
    }

    fn accept(&self, depth: &usize, _byte: u8) -> usize {
        depth.saturating_add(1)
    }
}

/// Proclitics tried when a word matches nothing as typed: conjunction (و, ف)
/// and preposition (ب, ك, ل), alone or after a conjunction.
const PROCLITICS: [&str; 11] = ["و", "ف", "ب", "ك", "ل", "وب", "وك", "ول", "فب", "فك", "فل"];

/// `word` without each proclitic it starts with, leaving at least three letters.
fn without_proclitic(word: &str) -> impl Iterator<Item = &str> {
    PROCLITICS.iter().filter_map(move |p| {
        word.strip_prefix(p)
            .filter(|rest| rest.chars().count() >= 3)
    })
}

/// Keep the `MAX_PREFIX_WORDS` most frequent words (ties in dictionary order).
fn most_frequent(reader: &IndexReader, offsets: &mut Vec<u64>) -> Result<()> {
    if offsets.len() <= MAX_PREFIX_WORDS {
        return Ok(());
    }
    let mut by_frequency = Vec::with_capacity(offsets.len());
    for &offset in offsets.iter() {
        let df = reader.word_info(offset)?.df;
        by_frequency.push(u64::from(u32::MAX - df) << 32 | offset32(offset));
    }
    by_frequency.sort_unstable();
    offsets.clear();
    offsets.extend(
        by_frequency
            .iter()
            .take(MAX_PREFIX_WORDS)
            .map(|&k| offset32(k)),
    );
    Ok(())
}

/// Dictionary words within the allowed edit distance of `word`, closest and
/// most frequent first: (word, postings offset, distance).
pub fn corrections(reader: &IndexReader, word: &str) -> Result<Vec<(String, u64, usize)>> {
    let chars = word.chars().count();
    if chars < MIN_FUZZY_CHARS {
        return Ok(Vec::new());
    }
    let max = if chars >= TWO_EDITS_FROM_CHARS { 2 } else { 1 };
    let Some(automaton) = Levenshtein::new(word, max) else {
        return Ok(Vec::new());
    };
    let mut stream = reader.words().search(&automaton).into_stream();
    let mut found = Vec::new();
    while let Some((key, offset)) = stream.next() {
        let Ok(key) = std::str::from_utf8(key) else {
            continue;
        };
        if key == word {
            continue;
        }
        found.push((key.to_string(), offset, fuzzy::distance(word, key)));
        if found.len() >= MAX_PREFIX_SCAN {
            break;
        }
    }
    // Closest first, then most frequent, then dictionary order (the stream's order).
    let mut keys = Vec::with_capacity(found.len());
    for (i, (_, offset, distance)) in found.iter().enumerate() {
        let df = reader.word_info(*offset)?.df;
        keys.push((*distance as u64).min(3) << 62 | u64::from(u32::MAX - df) << 30 | i as u64);
    }
    keys.sort_unstable();
    Ok(keys
        .into_iter()
        .take(MAX_FUZZY_WORDS)
        .map(|k| found[(k & 0x3FFF_FFFF) as usize].clone())
        .collect())
}

/// The postings of each phrase word, or `None` when one is not in the index.
fn phrase_words(reader: &IndexReader, terms: &[Term]) -> Option<Vec<u64>> {
    terms
        .iter()
        .map(|t| reader.words().get(&t.normalized))
        .collect()
}

/// Documents containing the phrase (all of them, or those of `only`, sorted),
/// with the positions where it starts.
pub fn phrase_starts(
    reader: &IndexReader,
    words: &[u64],
    only: Option<&[u32]>,
) -> Result<Vec<(u32, Vec<u32>)>> {
    let mut candidates: Vec<(u32, Vec<u32>)> = Vec::new();
    let mut positions = Vec::new();
    for (k, &offset) in words.iter().enumerate() {
        let mut postings = reader.postings(offset)?;
        if k == 0 {
            while let Some(p) = postings.next_posting()? {
                if only.is_some_and(|docs| docs.binary_search(&p.doc).is_err()) {
                    continue;
                }
                postings.positions(&mut positions)?;
                candidates.push((p.doc, positions.clone()));
            }
            continue;
        }
        let mut next = Vec::with_capacity(candidates.len());
        let mut current = postings.next_posting()?;
        for (doc, starts) in candidates {
            while current.is_some_and(|p| p.doc < doc) {
                current = postings.next_posting()?;
            }
            if current.map(|p| p.doc) != Some(doc) {
                continue;
            }
            postings.positions(&mut positions)?;
            let kept: Vec<u32> = starts
                .into_iter()
                // Checked: positions come from the index bytes, which may be corrupt.
                .filter(|&s| {
                    s.checked_add(k as u32)
                        .is_some_and(|p| positions.binary_search(&p).is_ok())
                })
                .collect();
            if !kept.is_empty() {
                next.push((doc, kept));
            }
            current = postings.next_posting()?;
        }
        candidates = next;
        if candidates.is_empty() {
            break;
        }
    }
    Ok(candidates)
}

/// The field a position is in, and the word's index among that field's spans.
pub fn locate(position: u32, title_len: u32) -> (bool, u32) {
    if position < title_len {
        (true, position)
    } else {
        (false, position.saturating_sub(title_len + 1))
    }
}

/// A word as written in the corpus: its first occurrence, diacritics included.
pub fn written_form(reader: &IndexReader, offset: u64) -> Result<Option<String>> {
    let mut postings = reader.postings(offset)?;
    let Some(first) = postings.next_posting()? else {
        return Ok(None);
    };
    let mut positions = Vec::new();
    postings.positions(&mut positions)?;
    let Some(&position) = positions.first() else {
        return Ok(None);
    };
    let doc = reader.document(first.doc)?;
    let (in_title, index) = locate(position, reader.doc_lengths(first.doc)?.0);
    let text = if in_title { doc.title } else { doc.text };
    Ok(analysis::word_spans(text)
        .nth(index as usize)
        .map(|(start, end)| text[start..end].to_string()))
}

/// Raise documents that carry the query's diacritics on a matched word.
fn apply_diacritics_bonus(
    reader: &IndexReader,
    required: &[&Clause],
    ranked: &mut [(u32, f32)],
) -> Result<()> {
    let vocalized: Vec<(u64, String)> = required
        .iter()
        .flat_map(|c| match c {
            Clause::Term(t) => std::slice::from_ref(t),
            Clause::Phrase(ts) => ts.as_slice(),
        })
        .filter(|t| analysis::has_diacritics(&t.original))
        .filter_map(|t| {
            let offset = reader.words().get(&t.normalized)?;
            Some((offset, analysis::vocalized(&t.original)))
        })
        .collect();
    if vocalized.is_empty() {
        return Ok(());
    }
    let checked = ranked.len().min(MAX_DIACRITICS_CHECKED);
    let mut docs: Vec<u32> = ranked[..checked].iter().map(|&(d, _)| d).collect();
    docs.sort_unstable();
    let mut bonus = vec![0i32; checked];
    let mut positions = Vec::new();
    for (offset, voc) in &vocalized {
        let mut postings = reader.postings(*offset)?;
        while let Some(p) = postings.next_posting()? {
            let Ok(slot) = docs.binary_search(&p.doc) else {
                continue;
            };
            postings.positions(&mut positions)?;
            let doc = reader.document(p.doc)?;
            let title_len = reader.doc_lengths(p.doc)?.0;
            let same = positions.iter().any(|&position| {
                let (in_title, index) = locate(position, title_len);
                let text = if in_title { doc.title } else { doc.text };
                analysis::word_spans(text)
                    .nth(index as usize)
                    .is_some_and(|(s, e)| analysis::vocalized(&text[s..e]) == *voc)
            });
            if same {
                bonus[slot] += 1;
            }
        }
    }
    for entry in ranked[..checked].iter_mut() {
        if let Ok(slot) = docs.binary_search(&entry.0) {
            entry.1 *= score::DIACRITICS_BONUS.powi(bonus[slot]);
        }
    }
    sort_ranked(&mut ranked[..checked], checked);
    Ok(())
}

/// The query with each word that matched nothing (or only as a typo) replaced
/// by its closest dictionary word, as written in the corpus.
fn suggestion(
    reader: &IndexReader,
    raw_query: &str,
    required: &[&Clause],
    corrections_made: &[(String, String)],
) -> Result<Option<String>> {
    let mut out = super::parse::truncate(raw_query, super::parse::MAX_QUERY_BYTES).to_string();
    let mut changed = false;
    for clause in required {
        let Clause::Term(term) = clause else {
            continue;
        };
        let made = corrections_made.iter().find(|(o, _)| *o == term.original);
        let replacement = match made {
            Some((_, c)) => Some(c.clone()),
            None if matches_nothing(reader, term)? => {
                match corrections(reader, &term.normalized)?.into_iter().next() {
                    Some((word, offset, _)) => Some(written_form(reader, offset)?.unwrap_or(word)),
                    None => None,
                }
            }
            None => None,
        };
        if let Some(replacement) = replacement {
            if let Some(at) = out.find(&term.original) {
                out.replace_range(at..at + term.original.len(), &replacement);
                changed = true;
            }
        }
    }
    Ok(changed.then(|| out.trim().to_string()))
}

/// Whether a query word has neither its exact form nor its stem in the index.
fn matches_nothing(reader: &IndexReader, term: &Term) -> Result<bool> {
    let mut variants = Vec::new();
    exact_and_stem(reader, term, &mut variants, &mut Vec::new())?;
    Ok(variants.is_empty())
}
