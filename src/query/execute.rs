//! Query execution: runs the stages of [`super`] for one query. Every
//! required clause is resolved to postings ([`super::terms`],
//! [`super::phrase`]) and scored with BM25F ([`super::score`]); the documents
//! matching all clauses (or, failing that, the most) are ranked, the best
//! re-scored with the positions of their matched words (proximity, title),
//! and those positions are handed on for highlighting.

use std::cell::RefCell;

use super::filter::Narrowing;
use super::parse::{Clause, Query};
use super::score::{self, Fields};
use super::{phrase, suggest, terms, Matched, MatchedWord};
use crate::analysis;
use crate::error::Result;
use crate::index::{IndexReader, PostingList};

/// A term clause's postings lists are bookmarked every this many postings while scoring, so
/// that reading the best documents' positions afterwards jumps near each of them instead of
/// decoding the whole list again (a common word has thousands of postings for 64 documents).
const MARK_EVERY: u32 = 16;

/// Bookmarks in one postings list, in document order: each is the list just after it
/// returned a posting, whose positions are still unread.
type Marks<'r> = Vec<PostingList<'r>>;

/// Documents checked for the diacritics bonus (the best-scored ones).
pub const MAX_DIACRITICS_CHECKED: usize = 256;
/// Spellings of a vocalised query word the diacritics check remembers the verdict for.
const MAX_SPELLINGS_KEPT: usize = 32;

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
    /// The documents of `ranked[..n]` (sorted by number) for the first
    /// `n >= highlighted` ranked, and the matched words of each, by position
    /// (only the re-ranked ones when `highlighted` is 0, none when sorted by a field).
    pub positions: Vec<(u32, Vec<MatchedWord>)>,
}

impl Outcome {
    /// The matched words of a document of the first `top` ranked.
    pub fn matched_words(&self, doc: u32) -> &[MatchedWord] {
        self.positions
            .binary_search_by_key(&doc, |(d, _)| *d)
            .map_or(&[][..], |i| &self.positions[i].1)
    }
}

/// Per-document arrays for one search. They are kept between searches (one
/// set per thread) and only the entries a search touched are cleared after
/// it: allocating and zeroing them for every search costs more than the
/// search itself on a corpus of thousands of short documents.
#[derive(Default)]
struct Arrays {
    scores: Vec<f32>,
    masks: Vec<u32>,
    /// Clauses matched through their exact form.
    exact: Vec<u32>,
    title: Vec<f32>,
    body: Vec<f32>,
    excluded: Vec<bool>,
    /// [`Workspace`]'s lists, empty between searches: kept for their capacity, which a
    /// search would otherwise grow again step by step.
    lists: [Vec<u32>; 3],
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
        if a.exact.len() < n {
            a.exact.resize(n, 0);
        }
        if a.excluded.len() < n {
            a.excluded.resize(n, false);
        }
        let [touched, candidates, excluded] = std::mem::take(&mut a.lists);
        Workspace {
            a,
            touched,
            candidates,
            excluded,
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
            self.a.exact[i] = 0;
            self.a.title[i] = 0.0;
            self.a.body[i] = 0.0;
            self.a.excluded[i] = false;
        }
        let mut lists = [
            std::mem::take(&mut self.touched),
            std::mem::take(&mut self.candidates),
            std::mem::take(&mut self.excluded),
        ];
        for list in &mut lists {
            list.clear();
        }
        self.a.lists = lists;
    }
}

/// Run a parsed query: every matching document that passes `narrowing`'s
/// filters (counted in its facets), the first `top` ranked or in its sort order,
/// the matched words of the first `highlighted` (those a page cuts snippets for):
/// a hit that is neither re-ranked nor highlighted costs only its postings entry.
#[allow(clippy::too_many_arguments)]
pub fn execute(
    reader: &IndexReader,
    query: &Query,
    raw_query: &str,
    allow_prefix: bool,
    allow_fuzzy: bool,
    top: usize,
    highlighted: usize,
    narrowing: &mut Narrowing<'_>,
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
            highlighted,
            narrowing,
        )
    })
}

#[allow(clippy::too_many_arguments)]
fn run(
    arrays: &mut Arrays,
    reader: &IndexReader,
    query: &Query,
    raw_query: &str,
    allow_prefix: bool,
    allow_fuzzy: bool,
    top: usize,
    highlighted: usize,
    narrowing: &mut Narrowing<'_>,
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
    // The query words typo matching ran for, with the correction found (if any).
    let mut corrections: Vec<(String, Option<String>)> = Vec::new();
    let mut exact_docs: Vec<u32> = Vec::new();
    // Each phrase clause's occurrences in every document, kept for the positions of the best
    // documents (`matched_words`): reading the phrase's postings again would cost as much as
    // finding it did (a phrase of common words reads long lists of their clitic forms).
    let mut phrase_starts: Vec<PhraseStarts> = Vec::new();
    // Each term clause's bookmarks, one list per variant.
    let mut word_marks: Vec<Vec<Marks<'_>>> = Vec::new();

    for (clause_index, clause) in required.iter().enumerate() {
        let bit = 1u32 << clause_index;
        exact_docs.clear();
        let clause_weight = match clause {
            Clause::Term(term) => {
                let resolved = terms::resolve(reader, term, allow_prefix, allow_fuzzy)?;
                if resolved.typos_tried {
                    corrections.push((term.original.clone(), resolved.correction.clone()));
                }
                let mut clause_marks = Vec::with_capacity(resolved.variants.len());
                for variant in &resolved.variants {
                    let exact = variant.form().exact;
                    let mut postings = reader.postings(variant.offset)?;
                    let mut marks = Vec::new();
                    let mut read = 0u32;
                    while let Some(p) = postings.next_posting()? {
                        if read % MARK_EVERY == 0 {
                            marks.push(postings.clone());
                        }
                        read += 1;
                        let in_title = postings.count_below(reader.doc_lengths(p.doc)?.0)?;
                        ws.add(
                            p.doc,
                            variant.weight * in_title as f32,
                            variant.weight * (p.tf - in_title) as f32,
                        );
                        if exact {
                            exact_docs.push(p.doc);
                        }
                    }
                    clause_marks.push(marks);
                }
                word_marks.push(clause_marks);
                outcome.matched.push(Matched::Words(
                    resolved.variants.iter().map(|v| v.form()).collect(),
                ));
                1.0
            }
            Clause::Phrase(words) => {
                let found = phrase::starts(reader, &phrase_words(words))?;
                for (doc, starts) in &found {
                    let (doc, starts) = (*doc, starts);
                    let title_len = reader.doc_lengths(doc)?.0;
                    let (mut title, mut body) = (0.0, 0.0);
                    let mut all_exact = false;
                    for start in starts {
                        let w = if start.exact {
                            score::weight::EXACT
                        } else {
                            score::weight::STEM
                        };
                        all_exact |= start.exact;
                        if start.position < title_len {
                            title += w;
                        } else {
                            body += w;
                        }
                    }
                    ws.add(doc, title, body);
                    if all_exact {
                        exact_docs.push(doc);
                    }
                }
                outcome.matched.push(Matched::Phrase(words.len() as u32));
                phrase_starts.push(found);
                words.len() as f32
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
        for &doc in &exact_docs {
            ws.a.exact[doc as usize] |= bit;
        }
        ws.touched.clear();
    }

    // Exclusions: the exact form and its stem, or the phrase.
    for clause in &query.excluded {
        match clause {
            Clause::Term(term) => {
                let mut variants = Vec::new();
                terms::word_forms(reader, &term.normalized, &mut variants, None)?;
                for variant in variants {
                    let mut postings = reader.postings(variant.offset)?;
                    while let Some(p) = postings.next_posting()? {
                        ws.exclude(p.doc);
                    }
                }
            }
            Clause::Phrase(words) => {
                for (doc, _) in phrase::starts(reader, &phrase_words(words))? {
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
    // The matches are the query's alone; filters narrow them, and facets
    // count them before the filters of their own field.
    if narrowing.has_filters() || narrowing.has_facets() {
        candidates.retain(|&d| narrowing.admit(d));
    }

    let clauses = required.len() as f32;
    let mut ranked: Vec<(u32, f32)> = candidates
        .iter()
        .map(|&d| {
            let exact = a.exact[d as usize].count_ones() as f32 / clauses;
            (d, a.scores[d as usize] * (1.0 + score::EXACT_BONUS * exact))
        })
        .collect();
    drop(ws);
    if narrowing.sorts() {
        // Sorted by a field, relevance only breaks ties: no re-ranking,
        // only the page's matched words for highlighting.
        narrowing.sort(&mut ranked, top);
        let mut docs: Vec<u32> = ranked.iter().take(highlighted).map(|&(d, _)| d).collect();
        sort_docs(&mut docs);
        let words = matched_words(&outcome.matched, &word_marks, &phrase_starts, &docs)?;
        return finish(
            outcome,
            ranked,
            docs,
            words,
            || suggest::suggestion(reader, raw_query, &required, &corrections),
            corrections.iter().any(|(_, c)| c.is_some()),
        );
    }
    // Put in order what is read next: the page, the re-ranked window and, only when a query
    // word carries diacritics (`apply_diacritics_bonus` reads nothing otherwise), the
    // documents checked for them. Selecting the best 64 of thousands is much cheaper than
    // ordering the best 256.
    let vocalised = required
        .iter()
        .flat_map(|c| clause_terms(c))
        .any(|t| analysis::has_diacritics(&t.original));
    let ordered = if vocalised {
        MAX_DIACRITICS_CHECKED
    } else {
        score::RERANK_WINDOW
    };
    sort_ranked(&mut ranked, top.max(ordered));

    // The best documents again, with the positions of their matched words
    // (and those of the page's, for its snippets).
    let window = ranked.len().min(highlighted.max(score::RERANK_WINDOW));
    let mut docs: Vec<u32> = ranked[..window].iter().map(|&(d, _)| d).collect();
    sort_docs(&mut docs);
    let words = matched_words(&outcome.matched, &word_marks, &phrase_starts, &docs)?;
    let clause_len: Vec<u32> = required
        .iter()
        .map(|c| match c {
            Clause::Term(_) => 1,
            Clause::Phrase(ts) => ts.len() as u32,
        })
        .collect();
    // The bonuses go to the same best documents whatever the page asked for,
    // so a page of 10 and a page of 1,000 rank alike; past them the base
    // score alone orders, and as a bonus never lowers a score, the order
    // stays by score.
    let reranked = window.min(score::RERANK_WINDOW);
    for entry in ranked[..reranked].iter_mut() {
        if let Ok(slot) = docs.binary_search(&entry.0) {
            let title_len = reader.doc_lengths(entry.0)?.0;
            entry.1 *= score::position_bonus(&words[slot], title_len, &clause_len);
        }
    }
    sort_ranked(&mut ranked[..reranked], reranked);
    apply_diacritics_bonus(reader, &required, &mut ranked, top)?;
    // The diacritics bonus may lift into the page a document from past the re-ranked window,
    // whose matched words were not read above.
    let lifted: Vec<u32> = ranked
        .iter()
        .take(highlighted)
        .map(|&(d, _)| d)
        .filter(|d| docs.binary_search(d).is_err())
        .collect();
    let (docs, words) = if lifted.is_empty() {
        (docs, words)
    } else {
        // Rare: the words of all of them are read again rather than merged in.
        let mut all = docs;
        all.extend(lifted);
        sort_docs(&mut all);
        let words = matched_words(&outcome.matched, &word_marks, &phrase_starts, &all)?;
        (all, words)
    };
    finish(
        outcome,
        ranked,
        docs,
        words,
        || suggest::suggestion(reader, raw_query, &required, &corrections),
        corrections.iter().any(|(_, c)| c.is_some()),
    )
}

/// The outcome of a query, in relevance or field order alike: the ranking,
/// the matched words of the documents read for the page, and a respelling
/// when a word had to be corrected or nothing matched.
fn finish(
    mut outcome: Outcome,
    ranked: Vec<(u32, f32)>,
    docs: Vec<u32>,
    words: Vec<Vec<MatchedWord>>,
    suggestion: impl FnOnce() -> Result<Option<String>>,
    corrected: bool,
) -> Result<Outcome> {
    if corrected || ranked.is_empty() {
        outcome.suggestion = suggestion()?;
    }
    outcome.positions = docs.into_iter().zip(words).collect();
    outcome.ranked = ranked;
    Ok(outcome)
}

/// A phrase's normalised words.
fn phrase_words(words: &[super::parse::Term]) -> Vec<&str> {
    words.iter().map(|t| t.normalized.as_str()).collect()
}

/// Where a phrase clause occurs: (document, its starts), by document.
type PhraseStarts = Vec<(u32, Vec<phrase::Start>)>;

/// A term clause's form, read for the best documents: its bookmarks, and the
/// list as far as it was read.
struct FormCursor<'m, 'r> {
    clause: usize,
    exact: bool,
    marks: &'m [PostingList<'r>],
    next_mark: usize,
    list: PostingList<'r>,
    ended: bool,
}

impl FormCursor<'_, '_> {
    /// The positions of `doc` into `out` (nothing when the form is not in it). Documents
    /// are asked in increasing order: jump to the last bookmark at or before `doc` when that
    /// is ahead of the list, then walk.
    fn positions(&mut self, doc: u32, out: &mut Vec<u32>) -> Result<()> {
        out.clear();
        while self
            .marks
            .get(self.next_mark)
            .is_some_and(|m| m.doc() <= doc)
        {
            self.next_mark += 1;
        }
        if let Some(mark) = self.next_mark.checked_sub(1).map(|i| &self.marks[i]) {
            if mark.doc() > self.list.doc() {
                self.list = mark.clone();
            }
        }
        while !self.ended && self.list.doc() < doc {
            self.ended = self.list.next_posting()?.is_none();
        }
        if !self.ended && self.list.doc() == doc {
            self.list.positions(out)?;
        }
        Ok(())
    }
}

/// The matched words of each of `docs` (sorted), sorted by position: clause
/// `i` of `matched` sets bit `i`. Term clauses read their positions through
/// `word_marks` (term clause `k`'s bookmarks, one list per form); phrases
/// mark only their occurrences, taken from `phrase_starts` (phrase clause
/// `k`'s occurrences in every document). One document at a time, so that its
/// keys are gathered in one reused buffer.
fn matched_words(
    matched: &[Matched],
    word_marks: &[Vec<Marks<'_>>],
    phrase_starts: &[PhraseStarts],
    docs: &[u32],
) -> Result<Vec<Vec<MatchedWord>>> {
    // position << 32 | clause << 1 | exact: plain integers to sort.
    let pack = |position: u32, clause: usize, exact: bool| {
        u64::from(position) << 32 | (clause as u64) << 1 | u64::from(exact)
    };
    let mut forms: Vec<FormCursor<'_, '_>> = Vec::new();
    // (clause, words in the phrase, its occurrences, the next one to look at)
    let mut phrases: Vec<(usize, u32, &PhraseStarts, usize)> = Vec::new();
    let mut terms = word_marks.iter();
    let mut phrase_lists = phrase_starts.iter();
    for (clause, matched) in matched.iter().enumerate().take(64) {
        match matched {
            Matched::Words(words) => {
                let Some(clause_marks) = terms.next() else {
                    continue;
                };
                for (form, marks) in words.iter().zip(clause_marks) {
                    // The first bookmark is the list at its first posting; none: an empty list.
                    if let Some(first) = marks.first() {
                        forms.push(FormCursor {
                            clause,
                            exact: form.exact,
                            marks,
                            next_mark: 1,
                            list: first.clone(),
                            ended: false,
                        });
                    }
                }
            }
            Matched::Phrase(words) => {
                if let Some(found) = phrase_lists.next() {
                    phrases.push((clause, *words, found, 0));
                }
            }
        }
    }
    let mut positions = Vec::new();
    let mut keys: Vec<u64> = Vec::new();
    let mut out = Vec::with_capacity(docs.len());
    for &doc in docs {
        keys.clear();
        for form in &mut forms {
            form.positions(doc, &mut positions)?;
            keys.extend(positions.iter().map(|&p| pack(p, form.clause, form.exact)));
        }
        for (clause, len, found, next) in &mut phrases {
            while found.get(*next).is_some_and(|(d, _)| *d < doc) {
                *next += 1;
            }
            if let Some((_, starts)) = found.get(*next).filter(|(d, _)| *d == doc) {
                for start in starts {
                    keys.extend(
                        (0..*len)
                            .filter_map(|k| start.position.checked_add(k))
                            .map(|p| pack(p, *clause, start.exact)),
                    );
                }
            }
        }
        keys.sort_unstable();
        let mut words: Vec<MatchedWord> = Vec::with_capacity(keys.len());
        for &k in &keys {
            let position = (k >> 32) as u32;
            let clauses = 1u64 << ((k >> 1) & 63);
            let exact = k & 1 == 1;
            match words.last_mut() {
                Some(w) if w.position == position => {
                    w.clauses |= clauses;
                    w.exact |= exact;
                }
                _ => words.push(MatchedWord {
                    position,
                    clauses,
                    exact,
                }),
            }
        }
        out.push(words);
    }
    Ok(out)
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
        select_smallest(&mut keys, top);
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

/// Moves the `top` smallest of `keys` (distinct: each holds a document number) to the front, in
/// no order: quickselect, with the sort the module has for a range that partitions badly. Not
/// `select_nth_unstable`, whose worst-case guarantee (median of medians) is 2 kB more sort code
/// in the page module; this one's worst case is that sort's, O(n log n).
fn select_smallest(keys: &mut [u64], top: usize) {
    // The top-th smallest is in `keys[lo..hi]`; everything before `lo` is smaller, after `hi` larger.
    let (mut lo, mut hi) = (0, keys.len());
    let mut rounds = 2 * (usize::BITS - keys.len().leading_zeros());
    while hi - lo > 16 {
        if rounds == 0 {
            break;
        }
        rounds -= 1;
        // The median of the first, middle and last as the pivot, moved to the end.
        let mid = lo + (hi - lo) / 2;
        let (a, b, c) = (keys[lo], keys[mid], keys[hi - 1]);
        let pivot = a.max(b).min(a.min(b).max(c));
        let at = if pivot == a {
            lo
        } else if pivot == b {
            mid
        } else {
            hi - 1
        };
        keys.swap(at, hi - 1);
        // Lomuto's partition without a branch on the comparison: what is smaller than the pivot
        // ends in `keys[lo..store]`.
        let mut store = lo;
        for i in lo..hi - 1 {
            keys.swap(i, store);
            store += usize::from(keys[store] < pivot);
        }
        keys.swap(store, hi - 1);
        match store.cmp(&top) {
            std::cmp::Ordering::Less => lo = store + 1,
            std::cmp::Ordering::Greater => hi = store,
            std::cmp::Ordering::Equal => return,
        }
    }
    keys[lo..hi].sort_unstable();
}

/// Document numbers in ascending order, sorted as `u64` keys: the one sort
/// instantiation the module has (a `u32` sort would be a second copy of it).
fn sort_docs(docs: &mut [u32]) {
    let mut keys: Vec<u64> = docs.iter().map(|&d| u64::from(d)).collect();
    keys.sort_unstable();
    for (slot, key) in docs.iter_mut().zip(keys) {
        *slot = key as u32;
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

pub(crate) fn from_ordered_bits(bits: u32) -> f32 {
    f32::from_bits(if bits >> 31 == 1 {
        bits & !(1 << 31)
    } else {
        !bits
    })
}

/// The words of a clause.
fn clause_terms(clause: &Clause) -> &[super::parse::Term] {
    match clause {
        Clause::Term(t) => std::slice::from_ref(t),
        Clause::Phrase(ts) => ts.as_slice(),
    }
}

/// A vocalised query word, for the diacritics check: its postings, its harakat, and the
/// verdicts on the spellings met so far.
struct VocalisedWord {
    offset: u64,
    harakat: analysis::Harakat,
    /// A word is spelt the same way in many documents: each spelling is vocalised once.
    spellings: Vec<(String, bool)>,
}

impl VocalisedWord {
    fn carries_harakat(&mut self, written: &str) -> bool {
        if let Some(&(_, same)) = self.spellings.iter().find(|(s, _)| s == written) {
            return same;
        }
        let same = analysis::Harakat::of(written).carries(&self.harakat);
        if self.spellings.len() < MAX_SPELLINGS_KEPT {
            self.spellings.push((written.to_string(), same));
        }
        same
    }
}

/// Raise documents that carry the query's diacritics on a matched word, among the best
/// [`MAX_DIACRITICS_CHECKED`] (`ranked` holds them best first), so that the first `top` are
/// those the check of all of them would give.
///
/// Checking means reading the document's words, which is most of what a vocalised query costs,
/// so not every document is read. The first `top` are, and then only those whose score times
/// the largest bonus still reaches the lowest of those `top` after their bonus: a bonus never
/// lowers a score, so the page's last score can only be higher, and a document that cannot
/// reach it does not change the page. On a split index the second step waits for a pass that
/// lacks no piece, so the stored pieces fetched are those of the page and of the documents that
/// can reach it, at the price of a round.
fn apply_diacritics_bonus(
    reader: &IndexReader,
    required: &[&Clause],
    ranked: &mut [(u32, f32)],
    top: usize,
) -> Result<()> {
    let mut words: Vec<VocalisedWord> = required
        .iter()
        .flat_map(|c| clause_terms(c))
        .filter(|t| analysis::has_diacritics(&t.original))
        .filter_map(|t| {
            Some(VocalisedWord {
                offset: reader.dictionary().get(&t.normalized)?,
                harakat: analysis::Harakat::of(&t.original),
                spellings: Vec::new(),
            })
        })
        .collect();
    if words.is_empty() {
        return Ok(());
    }
    let checked = ranked.len().min(MAX_DIACRITICS_CHECKED);
    let first = checked.min(top.max(1));
    let mut bonus = vec![0i32; checked];
    count_diacritics(reader, &mut words, &ranked[..first], &mut bonus[..first])?;
    let mut read = first;
    // On a split index, a pass that lacked a piece (of the page's documents, or anything else)
    // has no right bound: it would ask for the stored documents of all of them. The next pass,
    // with the page's documents, asks only for those that can still reach it.
    if first < checked && !reader.pieces_pending() {
        let lowest = ranked[..first]
            .iter()
            .zip(&bonus)
            .map(|(&(_, score), &n)| score * score::DIACRITICS_BONUS.powi(n))
            .fold(f32::INFINITY, f32::min);
        let largest = score::DIACRITICS_BONUS.powi(words.len() as i32);
        read += ranked[first..checked].partition_point(|&(_, score)| score * largest >= lowest);
        count_diacritics(
            reader,
            &mut words,
            &ranked[first..read],
            &mut bonus[first..read],
        )?;
    }
    for (entry, &n) in ranked[..read].iter_mut().zip(&bonus) {
        entry.1 *= score::DIACRITICS_BONUS.powi(n);
    }
    // Every document read scores at least its score before, which is at least that of any
    // document past them: putting these in order keeps `ranked` best first.
    sort_ranked(&mut ranked[..read], read);
    Ok(())
}

/// Adds to `bonus[i]` the vocalised words `ranked[i]` carries with the query's diacritics.
fn count_diacritics(
    reader: &IndexReader,
    words: &mut [VocalisedWord],
    ranked: &[(u32, f32)],
    bonus: &mut [i32],
) -> Result<()> {
    // (document, its slot in `ranked`), by document, to meet the postings in their order.
    let mut docs: Vec<u64> = ranked
        .iter()
        .enumerate()
        .map(|(slot, &(doc, _))| u64::from(doc) << 32 | slot as u64)
        .collect();
    docs.sort_unstable();
    let Some(&last) = docs.last() else {
        return Ok(());
    };
    let last = (last >> 32) as u32;
    let mut positions = Vec::new();
    let mut body: Vec<u32> = Vec::new();
    for word in words.iter_mut() {
        let mut postings = reader.postings(word.offset)?;
        let mut next = 0;
        while let Some(p) = postings.next_posting()? {
            if p.doc > last {
                break;
            }
            while next < docs.len() && ((docs[next] >> 32) as u32) < p.doc {
                next += 1;
            }
            let Some(&key) = docs.get(next).filter(|&&k| (k >> 32) as u32 == p.doc) else {
                continue;
            };
            postings.positions(&mut positions)?;
            let title_len = reader.doc_lengths(p.doc)?.0;
            // Title words from the title; body words from the stored checkpoint before them,
            // not from the text's start.
            let split = positions.partition_point(|&p| p < title_len);
            let mut same = false;
            let (stored, text) = reader.document_and_body(p.doc)?;
            if split > 0 {
                let title = stored.title;
                same = analysis::word_spans(title)
                    .enumerate()
                    .filter(|(i, _)| positions[..split].contains(&(*i as u32)))
                    .any(|(_, (s, e))| title.get(s..e).is_some_and(|w| word.carries_harakat(w)));
            }
            if !same && split < positions.len() {
                body.clear();
                body.extend(
                    positions[split..]
                        .iter()
                        .map(|&p| super::locate(p, title_len).1),
                );
                same = text.any_word(&body, |w| word.carries_harakat(w))?;
            }
            if same {
                bonus[key as u32 as usize] += 1;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn select_smallest_puts_the_smallest_first() {
        // Random, sorted, reversed and sawtooth keys, of sizes around the small-range cut-off.
        let mut seed = 0x9E37_79B9_7F4A_7C15_u64;
        for len in [1, 2, 16, 17, 18, 100, 1000, 5000] {
            let random: Vec<u64> = (0..len)
                .map(|i| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    seed << 20 | i
                })
                .collect();
            let sorted: Vec<u64> = (0..len).collect();
            let reversed: Vec<u64> = (0..len).rev().collect();
            let sawtooth: Vec<u64> = (0..len).map(|i| (i % 7) << 32 | i).collect();
            for keys in [random, sorted, reversed, sawtooth] {
                let mut want = keys.clone();
                want.sort_unstable();
                for top in [1, 2, len / 2, len.saturating_sub(1)] {
                    let top = top as usize;
                    if top == 0 || top >= keys.len() {
                        continue;
                    }
                    let mut got = keys.clone();
                    super::select_smallest(&mut got, top);
                    got[..top].sort_unstable();
                    assert_eq!(got[..top], want[..top], "{len} keys, top {top}");
                    got.sort_unstable();
                    assert_eq!(got, want, "{len} keys, top {top}: the same keys");
                }
            }
        }
    }
}
