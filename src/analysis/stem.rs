//! Lucene's light10 stemmer, and fahras's stemmer built on it.
//!
//! Both take a word and return a substring of it (no allocation). Lengths are
//! counted in characters, as in Lucene; every affix is made of Arabic letters
//! of two UTF-8 bytes each, so an affix of `n` bytes is `n / 2` characters.

/// The shortest stem fahras cuts a suffix down to, in characters.
///
/// light10 removes suffixes down to two letters (القوات → قو, قمة → قم,
/// بكين → بك), which merges unrelated words; fahras removes no suffix that
/// would leave fewer than three. Prefixes keep light10's rule (two letters may
/// remain): ال + a two-letter word is common (الحق → حق, الرد → رد).
pub const MIN_STEM_CHARS: usize = 3;

use super::proclitics::strip_certain;

/// light10's prefixes, in Lucene's order: the first one that matches goes.
const PREFIXES: [&str; 7] = ["ال", "وال", "بال", "كال", "فال", "لل", "و"];

/// light10's suffixes, in Lucene's order, tried once each.
const LIGHT10_SUFFIXES: [&str; 10] = ["ها", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ة", "ي"];

/// fahras's first suffixes: light10's ها with the other attached pronouns
/// هما هم هن كم نا (pronouns are the outermost suffix: كتابهم).
const PRONOUNS: [&str; 6] = ["ها", "هما", "هم", "هن", "كم", "نا"];

/// Then the verbal plural وا and the tanween alef ا (عدداً is written عددا
/// and must meet عدد), before light10's other suffixes so that امريكيا still
/// loses its ي. Each suffix of [`PRONOUNS`] and of this list is tried once.
const SUFFIXES: [&str; 11] = ["وا", "ا", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ة", "ي"];

/// Words the affix rules would mangle, kept whole (with at most two clitic
/// letters in front, و ف ب ك ت: والله, بالله, تالله). الله is the most
/// frequent noun of religious text; light10 stems it to له ("to him").
const PROTECTED: [&str; 2] = ["الله", "اللهم"];

/// Lucene's light10 stemmer (`ArabicStemmer`), exactly: remove the first
/// matching prefix (و needs a word of 4 letters, the others 2 letters left
/// over), then try each suffix once in order, each needing 2 letters left over.
///
/// fahras indexes [`stem`], not this; it is public as the reference the
/// Lucene test vectors are checked against, and for comparisons.
pub fn light10(word: &str) -> &str {
    let (mut w, mut len) = strip_prefix(word);
    for s in LIGHT10_SUFFIXES {
        cut_suffix(&mut w, &mut len, s, 2);
    }
    w
}

/// The light stem of a normalised word: always a substring of it.
///
/// light10 with fahras's fixes (see `docs/analysis.md`): the stacked
/// proclitics before the article (وبال، فلل, see `proclitics.rs`), no suffix cut below
/// [`MIN_STEM_CHARS`] letters, the pronoun suffixes هما هم هن كم نا (and the
/// ة that turns into ت before them), the tanween alef and the verbal plural
/// وا, and الله kept whole. The stem is always a prefix of
/// [`strip_clitic_prefix`]`(normalized)`.
pub fn stem(normalized: &str) -> &str {
    if normalized.is_ascii() {
        return normalized;
    }
    if let Some(word) = protected(normalized) {
        return word;
    }
    let (w, len) = strip_certain(normalized);
    if let Some(word) = protected(w) {
        return word;
    }
    cut_suffixes(w, len)
}

/// The stem of what is left after a possible proclitic (see
/// [`super::proclitics::reading`]): [`stem`]'s suffix rules only, no proclitic
/// removed again (بوتين read as ب + وتين must not lose its و too).
pub fn suffix_stem(rest: &str) -> &str {
    if rest.is_ascii() {
        return rest;
    }
    if let Some(word) = protected(rest) {
        return word;
    }
    cut_suffixes(rest, rest.chars().count())
}

/// fahras's suffix rules on a word of `len` characters.
fn cut_suffixes(mut w: &str, mut len: usize) -> &str {
    let mut pronoun = false;
    for s in PRONOUNS {
        pronoun |= cut_suffix(&mut w, &mut len, s, MIN_STEM_CHARS);
    }
    // ة is written ت before a pronoun: سياستها، شراكتهما are سياسة، شراكة + pronoun.
    // (Not before ه: ثابته may be ثابتة, and normalised ة is ه.)
    if pronoun && !w.ends_with("ات") {
        cut_suffix(&mut w, &mut len, "ت", MIN_STEM_CHARS);
    }
    let mut nisba = false;
    for s in SUFFIXES {
        // Broken plurals in ايا (قضايا، ضحايا، هدايا) end in a radical alef,
        // not a tanween alef; cutting it would make قضايا meet قضاة.
        if s == "ا" && w.ends_with("ايا") {
            continue;
        }
        let cut = cut_suffix(&mut w, &mut len, s, MIN_STEM_CHARS);
        nisba |= cut && NISBA.contains(&s);
    }
    // A relational adjective is its noun + ي/ية (الياباني of اليابان). light10
    // cuts ان from the noun (اليابان → ياب) but, having tried ان before ي,
    // not from the adjective (الياباني → يابان): give ان its turn again so
    // both meet, as they do for nouns without ان (أمريكا، الأمريكي).
    if nisba {
        cut_suffix(&mut w, &mut len, "ان", MIN_STEM_CHARS);
    }
    w
}

/// The relational (nisba) endings of [`SUFFIXES`].
const NISBA: [&str; 3] = ["يه", "ية", "ي"];

/// Remove `suffix` from the word `w` of `len` characters if at least `min`
/// characters remain; whether it did.
fn cut_suffix(w: &mut &str, len: &mut usize, suffix: &str, min: usize) -> bool {
    let s_len = suffix.len() / 2;
    if *len < s_len + min {
        return false;
    }
    let Some(rest) = w.strip_suffix(suffix) else {
        return false;
    };
    *w = rest;
    *len -= s_len;
    true
}

/// The normalised word without its certain proclitics (و, ال, وال, وبال, لل, ...),
/// used to match a word still being typed (كرم finds الكرملين) and phrase
/// words (والحمد is الحمد). Always a suffix of the input.
///
/// The proclitics are the ones [`stem`] removes (see `proclitics.rs`).
pub fn strip_clitic_prefix(normalized: &str) -> &str {
    if normalized.is_ascii() {
        return normalized;
    }
    if let Some(word) = protected(normalized) {
        return word;
    }
    // A made-up stack can end in a protected word's clitic (ال + تالله):
    // the protected word is kept whole there too, so stripping is idempotent.
    let rest = strip_certain(normalized).0;
    protected(rest).unwrap_or(rest)
}

/// The word without light10's prefix (the first that matches, و in a word of
/// 4 letters or more, the others leaving 2), and its length in characters.
fn strip_prefix(word: &str) -> (&str, usize) {
    let len = word.chars().count();
    for p in PREFIXES {
        let p_len = p.len() / 2;
        if (p_len > 1 || len >= 4) && len >= p_len + 2 {
            if let Some(rest) = word.strip_prefix(p) {
                return (rest, len - p_len);
            }
        }
    }
    (word, len)
}

/// Whether the affix rules keep `word` whole (الله with its clitics).
pub(super) fn is_protected(word: &str) -> bool {
    protected(word).is_some()
}

/// The protected word inside `word` (الله of والله), if any.
pub(super) fn protected_part(word: &str) -> Option<&str> {
    protected(word)
}

/// The protected word that `word` is, after up to two clitic letters.
fn protected(word: &str) -> Option<&str> {
    PROTECTED.iter().find_map(|p| {
        let head = word.strip_suffix(p)?;
        let clitics = head
            .chars()
            .all(|c| matches!(c, 'و' | 'ف' | 'ب' | 'ك' | 'ت'));
        if clitics && head.len() <= 4 {
            word.get(head.len()..)
        } else {
            None
        }
    })
}
