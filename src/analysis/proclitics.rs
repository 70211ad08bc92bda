//! Proclitics: the conjunction, preposition and article that Arabic writes
//! joined to the front of a word (و ف, then ب ك ل, then ال; لل is ل + ال).
//!
//! Two kinds, told apart because only one can be decided from the word alone:
//!
//! - **Certain** ([`strip_certain`]): a stack that ends in the article
//!   (ال وال فال بال كال لل وبال وكال ولل فبال فكال فلل) leaving at least two
//!   letters, and light10's و on a word of four letters or more. The stemmer
//!   removes them, so والقاهرة، وبالقاهرة، وللقاهرة all stem like القاهرة.
//! - **Possible** ([`reading`]): ب ك ل ف straight on a word, alone or after
//!   the conjunction (بموسى، لإبراهيم، فإن، وبمدارسهم). Here the letter is as
//!   often part of the word (بكين، لبنان، فلسطين، كتاب): no rule on the word
//!   alone tells بموسى from بكين. The analyser only says which readings are
//!   *legal*; the query engine accepts one when the corpus agrees (the bare
//!   word is attested and the letter never follows the article, see
//!   `query::terms`). The index builder records which of these prefixes
//!   occur, so the engine knows which dictionary ranges to read.
//!
//! Lengths are in characters; every clitic letter is two UTF-8 bytes.

use super::stopwords::is_stopword;

/// Certain proclitic stacks, longest first: the first that matches goes
/// (light10's ال وال بال كال فال لل و, and the stacks of a conjunction and a
/// preposition before the article).
const CERTAIN: [&str; 13] = [
    "وبال", "وكال", "فبال", "فكال", "ولل", "فلل", "وال", "فال", "بال", "كال", "لل", "ال", "و",
];

/// The prepositions and the conjunction ف that may stand straight on a word,
/// with the conjunction in front where Arabic allows it, longest first. A
/// leading و is certain on words of four letters (light10), so `وب` is و
/// (certain) + ب (possible); on shorter words (وان، ورب) و is possible.
pub const POSSIBLE: [&str; 11] = ["فب", "فك", "فل", "وب", "وك", "ول", "ب", "ك", "ل", "ف", "و"];

/// The fewest letters a possible proclitic may leave: two, for رب (لرب، برب).
pub const MIN_REST_CHARS: usize = 2;

/// The word without its certain proclitics, and its length in characters.
/// The article stacks need two letters left over, و a word of four letters.
///
/// Removal repeats until nothing matches, so it is idempotent and a word
/// stems like its article form: light10 strips ال from التزام and و from
/// وزير, so الالتزام and الوزير must lose as much. Real stacks have at most
/// three layers; a made-up run of clitics (الالالوالو) is stripped to the
/// fixpoint too, so removal stays idempotent on any input (each round removes
/// at least one letter, so the loop ends).
pub(super) fn strip_certain(word: &str) -> (&str, usize) {
    let mut w = word;
    let mut len = word.chars().count();
    while let Some(p) = stack_of(w, len) {
        let Some(rest) = w.strip_prefix(p) else {
            break; // never: `stack_of` found `w` to start with `p`
        };
        w = rest;
        len -= p.len() / 2;
    }
    (w, len)
}

/// The certain proclitics of a normalised word (`وبال` of وبالقاهره), or "".
pub fn certain_prefix(normalized: &str) -> &str {
    if normalized.is_ascii() {
        return "";
    }
    // الله keeps its clitic letters apart: والله is و + الله, not وال + له.
    if let Some(word) = super::stem::protected_part(normalized) {
        return normalized.strip_suffix(word).unwrap_or_default();
    }
    let rest = strip_certain(normalized).0;
    normalized.strip_suffix(rest).unwrap_or_default()
}

/// The outermost certain proclitic stack of a normalised word, removed once
/// (no fixpoint), and the rest: الوالدين is ال + والدين, وبالوالدين is وبال +
/// والدين. [`certain_prefix`] goes on to the fixpoint (ال + و + ال + دين), which
/// keeps stems consistent with light10 but would make الدين "the same word"
/// as الوالدين; whether two written words are one word up to their
/// proclitics is decided on this single, grammatical layer instead.
pub fn outer_stack(normalized: &str) -> (&str, &str) {
    if normalized.is_ascii() {
        return ("", normalized);
    }
    if let Some(word) = super::stem::protected_part(normalized) {
        return (normalized.strip_suffix(word).unwrap_or_default(), word);
    }
    let stack = stack_of(normalized, normalized.chars().count()).unwrap_or_default();
    (stack, normalized.strip_prefix(stack).unwrap_or(normalized))
}

/// The first certain stack `word` (of `len` characters) starts with: the
/// article stacks need two letters left over, و a word of four letters.
fn stack_of(word: &str, len: usize) -> Option<&'static str> {
    CERTAIN.iter().copied().find(|p| {
        let p_len = p.len() / 2;
        (p_len > 1 || len >= 4) && len >= p_len + 2 && word.starts_with(p)
    })
}

/// The word after `prefix` when `prefix` (one of [`POSSIBLE`]) may be a
/// proclitic of `normalized`: بموسي with ب is موسي, وبمدارسهم with وب is
/// مدارسهم, فان with ف is ان. `None` when the reading is illegal:
///
/// - the word is a stopword (لكن، بعد، بين، كان، بها are words, not ل + كن…),
///   unless the prefix is the conjunction alone (فان is ف + ان);
/// - the certain proclitics are not exactly the prefix's conjunction (بالقاهره
///   is بال + قاهره, never ب + القاهره);
/// - fewer than [`MIN_REST_CHARS`] letters would remain, or the rest starts
///   with the article (that stack is certain) or, after ل, with ل (لله is
///   ل + الله written with one alef less, never ل + له).
pub fn reading<'a>(normalized: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = normalized.strip_prefix(prefix)?;
    if normalized.is_ascii() || super::stem::is_protected(normalized) {
        return None;
    }
    // A stopword is a word of its own (لكن، بعد، بين، كان، بها), except the
    // conjunction on a stopword: فان، فلا، فهو are ف + إن، لا، هو.
    // So is a particle of three letters or more with an attached pronoun:
    // لدينا is لدى + نا, بعدهم بعد + هم, not ل + دينا, ب + عدهم (a shorter
    // "particle" is often a preposition + pronoun already: لكنا is ل + كنا).
    if (is_stopword(normalized) || pronoun_base(normalized).is_some_and(is_stopword))
        && !(prefix == "ف" || prefix == "و")
    {
        return None;
    }
    // و alone is possible only where the certain rule leaves it (words of
    // three letters: وان، ورب); before ب ك ل it must be certain.
    let conjunction = if prefix.starts_with('و') && prefix != "و" {
        "و"
    } else {
        ""
    };
    if certain_prefix(normalized) != conjunction {
        return None;
    }
    let legal = rest.chars().count() >= MIN_REST_CHARS
        && !rest.starts_with("ال")
        && !(prefix.ends_with('ل') && rest.starts_with('ل'));
    legal.then_some(rest)
}

/// The stem of a reading's rest (see [`reading`]), compared with a word whose
/// certain proclitics are `other_certain`. The rest loses only its suffixes
/// ([`super::suffix_stem`]: بوتين read as ب + وتين must not lose its و as
/// well), unless the rest starts with certain proclitics that the other word
/// has too: then it stems as that word does, so بوكيل is ب + وكيل (stem كيل,
/// like وكيل), لواقع ~ واقع, فوربك ~ وربك, ولوالدي ~ والدي, while بوكيل stays
/// apart from كيل and بوتين from تين. Not when the و is a conjunction on a
/// particle (وانا): a conjunction never follows a preposition.
pub fn rest_stem<'a>(rest: &'a str, other_certain: &str) -> &'a str {
    let own = certain_prefix(rest);
    // A conjunction after a preposition is no Arabic order: in بوانا (بوّأنا)
    // the و of وانا is the conjunction of a particle, so no form of وانا.
    let after = rest.strip_prefix(own).unwrap_or(rest);
    if !own.is_empty()
        && other_certain.ends_with(own)
        && !(is_stopword(after) || PRONOUNS.contains(&after))
    {
        super::stem::stem(rest)
    } else {
        super::stem::suffix_stem(rest)
    }
}

/// The independent pronouns, function words that Lucene's stopword list
/// leaves out (normalised).
const PRONOUNS: [&str; 11] = [
    "انا",
    "نحن",
    "انت",
    "انتم",
    "انتما",
    "انتن",
    "هو",
    "هي",
    "هم",
    "هما",
    "هن",
];

/// The attached pronouns a particle takes (لديه، بعدهم، بيننا), longest first.
const PARTICLE_PRONOUNS: [&str; 8] = ["هما", "كما", "هم", "هن", "كم", "نا", "ها", "ه"];

/// The word without one attached pronoun, at least three letters left.
fn pronoun_base(normalized: &str) -> Option<&str> {
    PARTICLE_PRONOUNS.iter().find_map(|p| {
        let base = normalized.strip_suffix(p)?;
        (base.chars().count() >= 3).then_some(base)
    })
}

/// Every legal possible-proclitic reading of a word: (prefix, rest).
pub fn readings(normalized: &str) -> impl Iterator<Item = (&'static str, &str)> {
    POSSIBLE
        .iter()
        .filter_map(move |&p| Some((p, reading(normalized, p)?)))
}

/// The letter of a possible prefix that touches the word (ب of فب, ف of ف):
/// if the article is ever written before this letter + the stem, the letter
/// belongs to the word (الكتاب: ك of كتاب is no preposition).
pub fn touching_letter(prefix: &str) -> &str {
    let at = prefix.char_indices().last().map_or(0, |(i, _)| i);
    prefix.get(at..).unwrap_or_default()
}

/// What the harakat of one written occurrence of a word say about reading its first letters
/// as proclitics ([`proclitic_vowels`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProcliticVowels {
    /// Nothing either way: the letters carry no haraka (most unvocalised text).
    Silent,
    /// The vowels of proclitics: بِ, لِ لَ (and لْ of the imperative after ف/و), كَ فَ وَ.
    Proclitic,
    /// The letters are the word's own: another vowel on one of them (بَشَر، فُطُور، كِتَاب), or a
    /// sukun on the letter after them, which no word starts with (فَلَيْسَ is no فل + يس).
    OwnLetters,
}

/// For a written word (its harakat as in the text) whose normalised form has the legal
/// readings of [`readings`], what its harakat say about a reading with a proclitic of one
/// letter (`[0]`) and of two letters (`[1]`). The index builder gathers these per word, so the
/// query engine can drop a reading the corpus's vowels contradict everywhere (بَشَرًا is not
/// ب + شرا) even when the bare rest is attested.
pub fn proclitic_vowels(written: &str) -> [ProcliticVowels; 2] {
    let letters = super::normalize::harakat_as_written(written);
    [1, 2].map(|n| verdict(&letters, n))
}

fn verdict(letters: &[(char, u8)], n: usize) -> ProcliticVowels {
    use super::normalize::{FATHA_BIT, KASRA_BIT, SHADDA_BIT, SUKUN_BIT};
    if letters.len() < n + MIN_REST_CHARS {
        return ProcliticVowels::Silent;
    }
    let mut said = ProcliticVowels::Silent;
    for (i, &(letter, marks)) in letters[..n].iter().enumerate() {
        // A shadda says nothing here: texts write it on a proclitic's letter where the
        // word's first letter assimilates (rare), and a word's own doubled letter also has
        // a vowel, which decides.
        let marks = marks & !SHADDA_BIT;
        if marks == 0 {
            continue;
        }
        let proclitic = match letter {
            'ب' => KASRA_BIT,
            // The preposition لِ, the emphatic لَ, the imperative's لْ after ف/و (فَلْيَتَوَكَّلْ).
            'ل' if i > 0 => KASRA_BIT | FATHA_BIT | SUKUN_BIT,
            'ل' => KASRA_BIT | FATHA_BIT,
            'ك' | 'ف' | 'و' => FATHA_BIT,
            _ => 0,
        };
        if marks & !proclitic != 0 {
            return ProcliticVowels::OwnLetters;
        }
        if i == n - 1 {
            said = ProcliticVowels::Proclitic;
        }
    }
    // No word starts with a sukun, but the imperative's ل does after ف/و: فَلْيَ read as
    // ف + لْيَ… is a reading of a word that starts with a proclitic itself, not of own letters.
    let (next, marks) = letters[n];
    let imperative = n == 1 && next == 'ل' && matches!(letters[0].0, 'ف' | 'و');
    if marks & SUKUN_BIT != 0 && !imperative {
        return ProcliticVowels::OwnLetters;
    }
    said
}
