//! From a query string to ranked hits, in stages:
//!
//! 1. [`parse`]: grammar, string → clauses; knows nothing of the index.
//! 2. [`terms`]: each query word → the dictionary words it matches (exact
//!    form, stem variants, proclitic forms, prefix completions, typo
//!    corrections within [`suggest`]'s budget), each with a weight.
//! 3. [`phrase`]: consecutive occurrences of a phrase's words.
//! 4. [`score`]: BM25F, then bonuses (exact forms, proximity, title, diacritics).
//! 5. [`suggest`]: typo corrections and the "did you mean" respelling.
//! 6. [`filter`]: filters, facets and sorting on metadata, applied to the matches.
//!
//! [`execute`] runs the stages; [`fuzzy`] is the Levenshtein automaton.

pub mod execute;
pub mod filter;
pub mod fuzzy;
pub mod parse;
pub mod phrase;
pub mod score;
pub mod suggest;
pub mod terms;

/// A dictionary word a query word matches through, and whether it is the
/// query word's exact normalised form (exact forms score higher).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Form {
    /// The word's postings offset.
    pub offset: u64,
    pub exact: bool,
}

/// What one required clause of a query matched, kept to find its positions
/// again (highlights, proximity).
#[derive(Debug, Clone)]
pub enum Matched {
    /// Any of these words matches the clause.
    Words(Vec<Form>),
    /// A phrase of this many words (its occurrences are kept apart, as they
    /// were found: [`phrase::starts`]).
    Phrase(u32),
}

/// One matched word of a document: where, which clauses (bit i = clause i),
/// and whether through the exact form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MatchedWord {
    pub position: u32,
    pub clauses: u64,
    pub exact: bool,
}

/// The field a position is in (title?), and the word's index among that
/// field's word spans: title words come first, the body after one gap.
pub fn locate(position: u32, title_len: u32) -> (bool, u32) {
    if position < title_len {
        (true, position)
    } else {
        (false, position.saturating_sub(title_len + 1))
    }
}
