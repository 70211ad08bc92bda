//! ARABIC.md §3: Lucene's light10 stemmer, and fahras's stemmer built on it.
//!
//! Both take a word and return a substring of it (no allocation). Lengths are
//! counted in characters, as in Lucene; every affix is made of Arabic letters
//! of two UTF-8 bytes each, so an affix of `n` bytes is `n / 2` characters.

/// The shortest stem fahras cuts a word down to, in characters.
///
/// Lucene's light10 cuts to two letters (الله → له, القوات → قو, قمة → قم),
/// which merges unrelated short words; no affix is removed when fewer than
/// three letters would remain.
pub const MIN_STEM_CHARS: usize = 3;

/// light10's prefixes, in Lucene's order: the first one that matches goes.
const PREFIXES: [&str; 7] = ["ال", "وال", "بال", "كال", "فال", "لل", "و"];

/// light10's suffixes, in Lucene's order, tried once each.
const LIGHT10_SUFFIXES: [&str; 10] = ["ها", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ة", "ي"];

/// fahras's suffixes: light10's, with the attached pronouns هما هم هن كم نا
/// next to ها (pronouns are the outermost suffix: كتابهم), then the verbal
/// plural وا and the tanween alef ا (عدداً is written عددا and must meet عدد),
/// both before light10's own suffixes so that امريكيا still loses its ي.
const SUFFIXES: [&str; 17] = [
    "ها", "هما", "هم", "هن", "كم", "نا", "وا", "ا", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ة",
    "ي",
];

/// Words the affix rules would mangle, kept whole (with at most two clitic
/// letters in front, و ف ب ك ت: والله, بالله, تالله). الله is the most
/// frequent noun of religious text; light10 stems it to له ("to him"), and
/// the minimum stem length alone would give الل.
const PROTECTED: [&str; 2] = ["الله", "اللهم"];

/// Lucene's light10 stemmer (`ArabicStemmer`), exactly: remove the first
/// matching prefix (و needs a word of 4 letters, the others 2 letters left
/// over), then try each suffix once in order, each needing 2 letters left over.
///
/// fahras indexes [`stem`], not this; it is public as the reference the
/// Lucene test vectors are checked against, and for comparisons.
pub fn light10(word: &str) -> &str {
    let mut len = word.chars().count();
    let mut w = word;
    for p in PREFIXES {
        let p_len = p.len() / 2;
        if (p_len > 1 || len >= 4) && len >= p_len + 2 && w.starts_with(p) {
            w = &w[p.len()..];
            len -= p_len;
            break;
        }
    }
    for s in LIGHT10_SUFFIXES {
        let s_len = s.len() / 2;
        if len >= s_len + 2 && w.ends_with(s) {
            w = &w[..w.len() - s.len()];
            len -= s_len;
        }
    }
    w
}

/// The light stem of a normalised word: always a substring of it.
///
/// light10 with fahras's fixes (see `docs/analysis.md`): never below
/// [`MIN_STEM_CHARS`] letters, the pronoun suffixes هما هم هن كم نا, the
/// tanween alef and the verbal plural وا, and الله kept whole. The stem is
/// always a prefix of [`strip_clitic_prefix`]`(normalized)`.
pub fn stem(normalized: &str) -> &str {
    if normalized.is_ascii() {
        return normalized;
    }
    if let Some(word) = protected(normalized) {
        return word;
    }
    let (mut w, mut len) = strip_prefix(normalized);
    for s in SUFFIXES {
        let s_len = s.len() / 2;
        if len >= s_len + MIN_STEM_CHARS && w.ends_with(s) {
            w = &w[..w.len() - s.len()];
            len -= s_len;
        }
    }
    w
}

/// The normalised word without its clitic prefix (و, ال, وال, بال, ...), used to
/// match a word still being typed: كرم finds الكرملين. Always a suffix of the input.
///
/// The prefix is the one [`stem`] removes: the first of light10's prefixes
/// that leaves at least [`MIN_STEM_CHARS`] letters.
pub fn strip_clitic_prefix(normalized: &str) -> &str {
    if normalized.is_ascii() {
        return normalized;
    }
    if let Some(word) = protected(normalized) {
        return word;
    }
    strip_prefix(normalized).0
}

/// The word without its prefix, and its length in characters.
fn strip_prefix(word: &str) -> (&str, usize) {
    let len = word.chars().count();
    for p in PREFIXES {
        let p_len = p.len() / 2;
        if len >= p_len + MIN_STEM_CHARS && word.starts_with(p) {
            return (&word[p.len()..], len - p_len);
        }
    }
    (word, len)
}

/// The protected word that `word` is, after up to two clitic letters.
fn protected(word: &str) -> Option<&str> {
    PROTECTED.iter().find_map(|p| {
        let head = word.strip_suffix(p)?;
        let clitics = head
            .chars()
            .all(|c| matches!(c, 'و' | 'ف' | 'ب' | 'ك' | 'ت'));
        (clitics && head.len() <= 4).then(|| &word[head.len()..])
    })
}
