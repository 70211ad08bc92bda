//! The Arabic analyser: normalise → tokenise → stem (see `docs/analysis.md`).
//!
//! One analyser serves the index builder (`build.rs`) and the runtime (wasm),
//! so a document word and a query word always go through the same code.
//!
//! - [`normalize`] folds the spellings a reader considers the same word:
//!   presentation forms, harakat and Quranic marks, tatweel, invisible format
//!   characters, alef/yeh/teh-marbuta variants, Persian/Urdu letters, digits of
//!   every script, Latin case and accents.
//! - [`word_spans`] finds the words of the ORIGINAL text as byte ranges, so that
//!   highlights are cut from what the author wrote, harakat included.
//!   A joined Uthmani vocative (يَٰمُوسَىٰ) is two words.
//! - [`stem`] is Lucene's light10 stemmer ([`light10`]) plus fahras's fixes
//!   (stacked proclitics before the article, tanween alef, pronoun suffixes, a
//!   minimum stem of [`MIN_STEM_CHARS`]).
//! - [`reading`] says when ب ك ل ف straight on a word may be a proclitic
//!   (بموسى); the query engine decides with the corpus (`proclitics.rs`).
//! - [`analyze`] puts them together: one [`Token`] per word, stopwords included
//!   (phrases need them; [`is_stopword`] tells the query engine which to ignore).
//!
//! This module is compiled twice: into the library, and into `build.rs` through
//! `#[path]`. It therefore uses only `std` (no crates) and refers to its own
//! items with `self::`/`super::`, never `crate::`.

mod normalize;
mod proclitics;
mod stem;
mod stopwords;
#[rustfmt::skip]
mod tables;
mod tokenize;

#[cfg(test)]
mod tablegen;
#[cfg(test)]
mod tests;

pub use self::normalize::{has_diacritics, normalize_into, vocalized, Harakat};
pub use self::proclitics::{
    certain_prefix, outer_stack, proclitic_vowels, reading, readings, rest_stem, touching_letter,
    ProcliticVowels, MIN_REST_CHARS, POSSIBLE,
};
pub use self::stem::{light10, stem, strip_clitic_prefix, suffix_stem, MIN_STEM_CHARS};
pub use self::stopwords::{is_stopword, stopwords};
pub use self::tokenize::{word_spans, word_spans_of_bytes};

/// One word of the original text with its analysed forms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the word's first byte in the ORIGINAL text.
    pub start: usize,
    /// Byte offset just past the word's last byte in the ORIGINAL text.
    pub end: usize,
    /// The normalised form (docs/analysis.md §1).
    pub normalized: String,
    /// The light stem of `normalized`.
    pub stem: String,
}

/// Normalise a whole text (docs/analysis.md §1): `normalize("أَكَّدَ")` is `"اكد"`.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    normalize_into(text, &mut out);
    out
}

/// Every word of `text` (stopwords included), with offsets into `text`.
///
/// A word whose normalised form is empty (only harakat, only tatweel, a
/// Quranic sign) is dropped. A word whose normalised form falls apart into
/// several words (the ligature ﷺ is four words; ½ is 1 and 2) yields one token
/// per part, all with the span of the original word, so that each part can be
/// searched and the highlight still covers the character the author wrote.
pub fn analyze(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut normalized = String::new();
    for (start, end) in word_spans(text) {
        normalized.clear();
        normalize_into(text.get(start..end).unwrap_or_default(), &mut normalized);
        if !normalized.chars().all(self::tokenize::is_word_char) {
            // Rare: a compatibility decomposition brought in a space or a
            // symbol. Re-split the normalised text the same way as the original.
            for (s, e) in word_spans(&normalized) {
                tokens.push(token(start, end, normalized.get(s..e).unwrap_or_default()));
            }
        } else if !normalized.is_empty() {
            tokens.push(token(start, end, &normalized));
        }
    }
    tokens
}

fn token(start: usize, end: usize, normalized: &str) -> Token {
    Token {
        start,
        end,
        normalized: normalized.to_string(),
        stem: stem(normalized).to_string(),
    }
}
