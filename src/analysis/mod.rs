//! INTERFACE SKELETON — replaced by the real analyser (issue 3).
//!
//! This module is compiled twice: into the library, and into `build.rs` through
//! `#[path]`. It must therefore use only `std` and refer to its own items with
//! `self::`/`super::`, never `crate::`.

/// One word of the original text with its analysed forms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the word's first byte in the ORIGINAL text.
    pub start: usize,
    /// Byte offset just past the word's last byte in the ORIGINAL text.
    pub end: usize,
    /// The normalised form (ARABIC.md §1).
    pub normalized: String,
    /// The light stem of `normalized`.
    pub stem: String,
}

/// Normalise a whole text (ARABIC.md §1).
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    normalize_into(text, &mut out);
    out
}

/// Append the normalised form of `text` to `out` (no allocation when `out` has room).
pub fn normalize_into(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '\u{064B}'..='\u{065F}' | '\u{0640}' | '\u{0670}' => {}
            'أ' | 'إ' | 'آ' | 'ٱ' => out.push('ا'),
            'ى' => out.push('ي'),
            'ة' => out.push('ه'),
            c => out.extend(c.to_lowercase()),
        }
    }
}

/// Byte ranges `(start, end)` of the words of `text`, in order.
pub fn word_spans(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut start = None;
    let mut spans = Vec::new();
    for (i, c) in text.char_indices() {
        let word = c.is_alphanumeric() || ('\u{064B}'..='\u{065F}').contains(&c);
        match (word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                spans.push((s, i));
                start = None
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        spans.push((s, text.len()));
    }
    spans.into_iter()
}

/// Every word of `text` (stopwords included), with offsets into `text`.
pub fn analyze(text: &str) -> Vec<Token> {
    word_spans(text)
        .filter_map(|(start, end)| {
            let normalized = normalize(&text[start..end]);
            if normalized.is_empty() {
                return None;
            }
            let stem = stem(&normalized).to_string();
            Some(Token { start, end, normalized, stem })
        })
        .collect()
}

/// The light stem of a normalised word: always a substring of it.
pub fn stem(normalized: &str) -> &str {
    normalized
}

/// The normalised word without its clitic prefix (و, ال, وال, بال, ...), used to
/// match a word still being typed: كرم finds الكرملين. Always a suffix of the input.
pub fn strip_clitic_prefix(normalized: &str) -> &str {
    normalized
}

/// Whether a normalised word is a stopword (Lucene's Arabic list, normalised).
pub fn is_stopword(_normalized: &str) -> bool {
    false
}

/// The word normalised like [`normalize`] but with its harakat kept, in a
/// canonical order, so that عِلْم and عَلَم differ and a query's diacritics can be
/// compared with the document's.
pub fn vocalized(word: &str) -> String {
    word.to_string()
}

/// Whether a word carries Arabic diacritics (harakat, tanween, shadda, sukun).
pub fn has_diacritics(word: &str) -> bool {
    word.chars().any(|c| ('\u{064B}'..='\u{0652}').contains(&c))
}
