//! Term expansion: the dictionary words one query word matches, each with
//! what matching through it is worth ([`super::score::weight`]).
//!
//! The dictionary holds normalised surface forms only. A word is always
//! `proclitics + stem + suffixes`, so the forms of a word are found by reading
//! the dictionary range `prefix + stem` for each proclitic prefix the corpus
//! uses (listed in the index's META) and keeping the words the analyser
//! relates to the query word:
//!
//! - the exact form, and the words with the same [`analysis::stem`] (certain
//!   proclitics and suffixes removed: والصين، الصينية);
//! - words with a *possible* proclitic ب ك ل ف (بموسى) whose rest has the
//!   query's stem, when the corpus agrees that the letter is a proclitic
//!   ([`letter_belongs_to_word`]); the query word itself may carry one too
//!   (بموسى finds موسى);
//! - completions of a word still being typed, and, only when nothing else
//!   matched, typo corrections ([`super::suggest::corrections`]).

use super::fuzzy::{self, Levenshtein};
use super::parse::Term;
use super::score::weight;
use super::suggest;
use super::Form;
use crate::analysis;
use crate::error::Result;
use crate::index::{IndexReader, WordStream};

/// At most this many dictionary entries are read to expand a prefix.
pub const MAX_PREFIX_SCAN: usize = 2048;
/// A prefix expands to at most this many words (the most frequent ones).
pub const MAX_PREFIX_WORDS: usize = 64;
/// Typo corrections whose own forms (clitics, suffixes) are also matched.
pub const MAX_CORRECTIONS_EXPANDED: usize = 1;
/// Letters of the stem compared when deciding whether the article is ever
/// written before a possible proclitic letter (الكتا… for ك + تاب).
const ARTICLE_TEST_CHARS: usize = 3;

/// A postings list and what matching through it is worth.
#[derive(Debug, Clone, Copy)]
pub struct Variant {
    pub offset: u64,
    pub weight: f32,
}

impl Variant {
    /// As a [`Form`]: exact when it is the query word up to proclitics.
    pub fn form(&self) -> Form {
        Form {
            offset: self.offset,
            exact: self.weight >= weight::CLITIC,
        }
    }
}

/// Whether the certain proclitics include the article (ال، وبال، لل): a stack
/// ends with it.
pub(super) fn has_article(certain: &str) -> bool {
    certain.ends_with("ال") || certain.ends_with("لل")
}

/// A query word without its proclitics, and whether it had the article:
/// a dictionary word is the same word when it has the same letters after
/// its own proclitics, and the article if the query has it (المعروف asks
/// for the definite word; موسى takes any).
///
/// "The same letters" is decided on the outermost proclitic layer
/// ([`analysis::outer_stack`]): الوالدين and وبالوالدين are one word (والدين
/// after ال, after وبال), الدين another, although the stemmer, stripping to
/// the fixpoint, gives all three the stem دين. A query whose own letters look
/// like a stack (التزام: ال + تزام to the stemmer) is also met by a word that
/// is that whole query plus proclitics (الالتزام).
struct Bare<'a> {
    /// After the certain proclitics to the fixpoint: the dictionary ranges to read.
    letters: &'a str,
    /// After the outermost stack only.
    outer: &'a str,
    whole: &'a str,
    definite: bool,
}

impl<'a> Bare<'a> {
    fn of(query: &'a str) -> Self {
        let certain = analysis::certain_prefix(query);
        let (stack, outer) = analysis::outer_stack(query);
        Bare {
            letters: query.strip_prefix(certain).unwrap_or(query),
            outer,
            whole: query,
            definite: has_article(stack),
        }
    }

    /// Whether the dictionary word `word` is the query word up to its certain proclitics.
    fn is_form(&self, word: &str) -> bool {
        let (stack, rest) = analysis::outer_stack(word);
        self.is(rest, has_article(stack))
    }

    /// Whether `rest`, what a word has after its proclitics, is the query word.
    fn is(&self, rest: &str, with_article: bool) -> bool {
        (rest == self.outer || rest == self.whole) && (with_article || !self.definite)
    }
}

/// A query word resolved against the dictionary.
pub struct Resolved {
    pub variants: Vec<Variant>,
    /// The word the query word was corrected to, when only typo matching found it.
    pub correction: Option<String>,
    /// Whether typo matching ran (nothing else matched): `correction` is then what the
    /// respelling would find too, and it need not look again.
    pub typos_tried: bool,
}

/// No prefix, then every proclitic prefix the corpus uses.
pub fn clitic_prefixes(reader: &IndexReader) -> impl Iterator<Item = &str> {
    std::iter::once("").chain(reader.clitic_prefixes().iter().map(String::as_str))
}

fn is_possible_prefix(prefix: &str) -> bool {
    analysis::POSSIBLE.contains(&prefix)
}

/// Whether the letter of a possible proclitic `prefix` touching `stem` is
/// part of the word in this corpus: the article is written before letter +
/// stem somewhere (الكتاب: the ك of كتاب is no preposition, so تاب does not
/// match كتاب; البكين never occurs, but neither does كين alone, which the
/// caller checks). One dictionary seek. `own`: the certain proclitics the
/// rest keeps before the stem ("", or و of وكيل: the test reads البوكي).
pub fn letter_belongs_to_word(reader: &IndexReader, prefix: &str, own: &str, stem: &str) -> bool {
    let mut key = String::from(analysis::touching_letter(prefix));
    key.push_str(own);
    key.push_str(stem);
    let head_end = key
        .char_indices()
        .nth(ARTICLE_TEST_CHARS + 1)
        .map_or(key.len(), |(i, _)| i);
    key.truncate(head_end);
    starts_some_word(reader, "ال", &key)
}

/// What a rest keeps before its stem: "" mostly, its own و in وكيل (stem كيل).
fn own_before<'a>(stem: &str, rest: &'a str) -> &'a str {
    if rest.starts_with(stem) {
        ""
    } else {
        analysis::certain_prefix(rest)
    }
}

/// ل + الله is written لله (one alef and one lam fewer), and so is ل + ال
/// before any word starting with ل (لليل): the article's own dictionary range
/// misses them. The postings of these spellings (also after و and ف).
#[inline(never)]
fn article_after_lam<'r>(
    reader: &'r IndexReader,
    normalized: &str,
) -> impl Iterator<Item = u64> + 'r {
    let after = normalized
        .strip_prefix("ال")
        .filter(|w| w.starts_with('ل'))
        .map(str::to_string);
    ["", "و", "ف"].into_iter().filter_map(move |conjunction| {
        let after = after.as_deref()?;
        let mut key = String::with_capacity(conjunction.len() + 2 + after.len());
        key.push_str(conjunction);
        key.push('ل');
        key.push_str(after);
        reader.dictionary().get(&key)
    })
}

/// A rest of two letters (رب of لرب) must be a word of the corpus as it
/// is, bare or with the article, not only the stem of one: most two-letter
/// "rests" are pieces of words (كنت، كيف، ليس، بنت are no ك + نت…).
fn short_word_attested(reader: &IndexReader, stem: &str) -> bool {
    if stem.chars().nth(analysis::MIN_REST_CHARS).is_some() {
        return true;
    }
    let mut with_article = String::from("ال");
    with_article.push_str(stem);
    let words = reader.dictionary();
    words.get(stem).is_some() || words.get(&with_article).is_some()
}

/// Whether some dictionary word starts with `prefix + start`.
fn starts_some_word(reader: &IndexReader, prefix: &str, start: &str) -> bool {
    let mut key = String::with_capacity(prefix.len() + start.len());
    key.push_str(prefix);
    key.push_str(start);
    // In a one-block dictionary, a walk that stops at the first word: one descent.
    let mut found = false;
    let walked = reader
        .dictionary()
        .walk_after(0, key.as_bytes(), MAX_WORD_BYTES, &mut |_, _| {
            found = true;
            false
        });
    if walked.is_some() {
        return found;
    }
    if !reader.dictionary().starts_word(key.as_bytes()) {
        return false;
    }
    words_starting_with(reader, &key).next().is_some()
}

/// The forms of a normalised word: exact (`exact_weight`), same stem
/// (`stem_weight`), and with a possible proclitic the corpus accepts
/// (`stem_weight`). Nothing is added for a word the corpus lacks in every
/// form without a possible proclitic: then there is no evidence that ب of
/// بكين is a preposition. Returns the exact form's offset, when the corpus has it.
#[inline(never)]
fn forms(
    reader: &IndexReader,
    normalized: &str,
    stem: &str,
    weights: [f32; 3],
    variants: &mut Vec<Variant>,
    mut completions: Option<&mut Completions>,
) -> Result<Option<u64>> {
    let [exact_weight, clitic_weight, stem_weight] = weights;
    let first = variants.len();
    let words = reader.dictionary();
    let exact = words.get(normalized);
    if let Some(offset) = exact {
        variants.push(Variant {
            offset,
            weight: exact_weight,
        });
    }
    let query = Bare::of(normalized);
    let query_certain = analysis::certain_prefix(normalized);
    // (prefix, the rest's own proclitics before the stem, offset, weight)
    let mut possible: Vec<(&str, &str, u64, f32)> = Vec::new();
    // A word whose own letters begin like a stack (وكيل, والدي: the stem
    // drops the و) meets its forms with a possible proclitic in the ranges
    // `prefix + و + stem` (بوكيل, لواقع, ولوالدي) too.
    let own = ["وال", "و"]
        .into_iter()
        .find(|s| query_certain.ends_with(s));
    let own_start = own.map(|own| [own, stem].concat());
    // A suffix is cut only when MIN_STEM_CHARS letters remain, so a shorter stem (سم of بسم,
    // رب of لرب) is the stem of no word longer than its proclitics + itself: unless a word
    // being typed needs its completions, each range holds at most one form, and one look-up
    // finds it instead of a walk through every word starting there (السماء…).
    let short = completions.is_none() && stem.chars().nth(analysis::MIN_STEM_CHARS - 1).is_none();
    let mut key = String::new();
    for (clitic, prefix) in words.clitics() {
        let may_be_proclitic = is_possible_prefix(prefix);
        let starts = [
            Some(stem),
            own_start.as_deref().filter(|_| may_be_proclitic),
        ];
        let mut visit = |word: &str, offset: u64| {
            if analysis::stem(word) == stem {
                let same = query.is_form(word);
                variants.push(Variant {
                    offset,
                    weight: if same { clitic_weight } else { stem_weight },
                });
            } else {
                if let Some(c) = completions.as_deref_mut() {
                    c.sort(word, offset);
                }
                if !may_be_proclitic {
                    return;
                }
                if let Some(rest) = analysis::reading(word, prefix) {
                    let rest_stem = analysis::rest_stem(rest, query_certain);
                    if rest_stem == stem {
                        let same = query.is(rest, false);
                        let kept = if rest.starts_with(stem) {
                            ""
                        } else {
                            own.unwrap_or("")
                        };
                        possible.push((
                            prefix,
                            kept,
                            offset,
                            if same { clitic_weight } else { stem_weight },
                        ));
                    }
                }
            }
        };
        for start in starts.into_iter().flatten() {
            if short {
                if let Some(offset) = words.get_after(clitic, start) {
                    key.clear();
                    key.push_str(prefix);
                    key.push_str(start);
                    visit(&key, offset);
                }
            } else {
                each_word_after(reader, clitic, prefix, start, &mut visit)?;
            }
        }
    }
    for offset in article_after_lam(reader, normalized) {
        variants.push(Variant {
            offset,
            weight: clitic_weight,
        });
    }
    if variants.len() == first || possible.is_empty() || !short_word_attested(reader, stem) {
        return Ok(exact);
    }
    let mut decided: Vec<(&str, &str, bool)> = Vec::new();
    for (prefix, own, offset, weight) in possible {
        let accepted = match decided.iter().find(|(p, o, _)| *p == prefix && *o == own) {
            Some(&(_, _, accepted)) => accepted,
            None => {
                let accepted = !letter_belongs_to_word(reader, prefix, own, stem);
                decided.push((prefix, own, accepted));
                accepted
            }
        };
        // Last, as it reads the form's postings header (on a split index, its piece), which
        // the form's postings would be read from anyway: the corpus's harakat may show the
        // letters to be the word's own (بَشَرًا).
        if accepted && !reader.word_info(offset)?.rules_out(prefix) {
            variants.push(Variant { offset, weight });
        }
    }
    Ok(exact)
}

/// Every form of a query word: `forms` of the word, and of what it leaves
/// after a possible proclitic of its own when the corpus accepts that reading
/// (بموسى is ب + موسى when موسى is attested and البموسى is not).
pub fn word_forms(
    reader: &IndexReader,
    normalized: &str,
    variants: &mut Vec<Variant>,
    completions: Option<&mut Completions>,
) -> Result<()> {
    let exact = forms(
        reader,
        normalized,
        analysis::stem(normalized),
        [weight::EXACT, weight::CLITIC, weight::STEM],
        variants,
        completions,
    )?;
    for (prefix, rest) in analysis::readings(normalized) {
        // A rest with a و of its own (وكيل of بوكيل) stems as the word does when
        // the corpus writes that word; otherwise the و stays (وتين of بوتين).
        let own = analysis::certain_prefix(rest);
        let stem = if own.is_empty() || reader.dictionary().get(rest).is_none() {
            analysis::suffix_stem(rest)
        } else {
            analysis::rest_stem(rest, own)
        };
        // Cheap tests first: the rest must be a word of the corpus, bare or
        // with the article (وتين of بوتين is not), before its forms are read.
        if analysis::is_stopword(rest)
            || !(starts_some_word(reader, "", stem) || starts_some_word(reader, "ال", stem))
            || !short_word_attested(reader, stem)
            || letter_belongs_to_word(reader, prefix, own_before(stem, rest), stem)
        {
            continue;
        }
        // The corpus's harakat on the query word as written: بشرا, written بَشَرًا, is no ب + شرا.
        if let Some(offset) = exact {
            if reader.word_info(offset)?.rules_out(prefix) {
                continue;
            }
        }
        forms(
            reader,
            rest,
            stem,
            [weight::CLITIC, weight::CLITIC, weight::STEM],
            variants,
            None,
        )?;
    }
    Ok(())
}

/// The words a phrase word matches: its exact form
/// ([`phrase_exact_form`]), and the same word with other proclitics
/// ([`phrase_clitic_forms`]). Exact first.
pub fn phrase_forms(reader: &IndexReader, normalized: &str) -> Result<Vec<Form>> {
    let exact = phrase_exact_form(reader, normalized);
    let mut out: Vec<Form> = exact.into_iter().collect();
    out.extend(phrase_clitic_forms(reader, normalized, exact.is_some())?);
    Ok(out)
}

/// A phrase word's exact form, when the corpus has the word as written.
pub fn phrase_exact_form(reader: &IndexReader, normalized: &str) -> Option<Form> {
    reader.dictionary().get(normalized).map(|offset| Form {
        offset,
        exact: true,
    })
}

/// A phrase word with other proclitics (والحمد for الحمد, فإن for إن, وأبو
/// for أبو), not its stem variants: a phrase is the words as written, up to
/// their proclitics. `has_exact`: whether the corpus has the exact form
/// ([`phrase_exact_form`]), which these never include.
#[inline(never)]
pub fn phrase_clitic_forms(
    reader: &IndexReader,
    normalized: &str,
    has_exact: bool,
) -> Result<Vec<Form>> {
    let mut out = Vec::new();
    let words = reader.dictionary();
    // A word with the article asks for the definite word (الحمد, not حمد).
    let query = Bare::of(normalized);
    let (bare, definite) = (query.letters, query.definite);
    let mut key = String::new();
    let mut possible = Vec::new();
    for (clitic, prefix) in words.clitics() {
        let may_be_proclitic = is_possible_prefix(prefix);
        if definite && !has_article(prefix) {
            continue;
        }
        key.clear();
        key.push_str(prefix);
        key.push_str(bare);
        if key == normalized {
            continue; // the exact form, looked up above
        }
        let Some(offset) = words.get_after(clitic, bare) else {
            continue;
        };
        if analysis::certain_prefix(&key) == prefix {
            if query.is_form(&key) {
                out.push(Form {
                    offset,
                    exact: false,
                });
            }
        } else if may_be_proclitic
            && analysis::reading(&key, prefix).is_some_and(|rest| query.is(rest, false))
        {
            possible.push((prefix, offset));
        }
    }
    out.extend(article_after_lam(reader, normalized).map(|offset| Form {
        offset,
        exact: false,
    }));
    if has_exact || !out.is_empty() {
        // A particle never takes the article, so the article test says
        // nothing about it (وأن، فإن: الوان is another word).
        let particle = analysis::is_stopword(bare);
        for (prefix, offset) in possible {
            // The harakat test last, as in `forms`.
            if (particle || !letter_belongs_to_word(reader, prefix, "", bare))
                && !reader.word_info(offset)?.rules_out(prefix)
            {
                out.push(Form {
                    offset,
                    exact: false,
                });
            }
        }
    }
    Ok(out)
}

/// A query word resolved: its forms, completions while typed, and typo
/// corrections (only when nothing else matched).
pub fn resolve(
    reader: &IndexReader,
    term: &Term,
    allow_prefix: bool,
    allow_fuzzy: bool,
) -> Result<Resolved> {
    let mut variants = Vec::new();
    let typing = term.prefix && allow_prefix && term.normalized.chars().count() >= 2;
    let mut completions = typing.then(|| Completions::new(&term.normalized));
    word_forms(
        reader,
        &term.normalized,
        &mut variants,
        completions.as_mut(),
    )?;
    if let Some(completions) = completions {
        completions.finish(reader, &mut variants)?;
    }

    let mut correction = None;
    let mut typos_tried = false;
    // Typo matching runs only once every piece the exact forms need is there: on an
    // incomplete pass "nothing matched" is not known yet (a split index would
    // otherwise fetch dictionary blocks for corrections it never makes).
    if variants.is_empty() && allow_fuzzy && !reader.pieces_pending() {
        let found = suggest::corrections(reader, &term.normalized)?;
        typos_tried = true;
        for (i, c) in found.iter().enumerate() {
            let weight = if c.distance <= 1 {
                weight::FUZZY_1
            } else {
                weight::FUZZY_2
            };
            if correction.is_none() {
                correction = Some(suggest::respelling(reader, &term.normalized, c)?);
            }
            // A corrected word matches with its proclitics and suffixes like
            // any word (الصيم → الصين and والصين).
            if i < MAX_CORRECTIONS_EXPANDED {
                let stem = analysis::stem(&c.word);
                forms(reader, &c.word, stem, [weight; 3], &mut variants, None)?;
            } else {
                variants.push(Variant {
                    offset: c.offset,
                    weight,
                });
            }
        }
    }

    Ok(Resolved {
        variants: best_weight_each(variants),
        correction,
        typos_tried,
    })
}

/// One postings list may be reached several ways: keep its best weight.
/// Sorted by offset. (Packed `u64` keys: one sort instantiation in the wasm.)
fn best_weight_each(variants: Vec<Variant>) -> Vec<Variant> {
    let mut keys: Vec<u64> = variants
        .iter()
        .map(|v| offset32(v.offset) << 32 | u64::from(!super::execute::ordered_bits(v.weight)))
        .collect();
    keys.sort_unstable();
    keys.dedup_by_key(|k| *k >> 32);
    keys.into_iter()
        .map(|k| Variant {
            offset: k >> 32,
            weight: super::execute::from_ordered_bits(!(k as u32)),
        })
        .collect()
}

/// Postings offsets fit in 32 bits (the format caps an index at 4 GiB).
pub(super) fn offset32(offset: u64) -> u64 {
    offset & 0xFFFF_FFFF
}

/// The words a word still being typed may become: those starting with it
/// (`PREFIX`), and those whose form without clitic starts with its form
/// without clitic, so كرم and الكر both find الكرملين (`PREFIX_BARE`). Both
/// lie in the dictionary ranges `clitic + stem` that `forms` reads (the
/// stem is a prefix of the clitic-free form), so that one pass sorts every
/// word into stem, prefix or bare-prefix matches.
pub struct Completions<'q> {
    typed: &'q str,
    bare: &'q str,
    prefixed: Vec<u64>,
    bare_prefixed: Vec<u64>,
}

impl<'q> Completions<'q> {
    fn new(typed: &'q str) -> Self {
        let bare = analysis::strip_clitic_prefix(typed);
        Completions {
            typed,
            bare: if bare.chars().count() >= 2 { bare } else { "" },
            prefixed: Vec::new(),
            bare_prefixed: Vec::new(),
        }
    }

    /// A word of the ranges read that is not a stem match.
    fn sort(&mut self, word: &str, offset: u64) {
        if word.starts_with(self.typed) {
            self.prefixed.push(offset);
        } else if !self.bare.is_empty()
            && analysis::strip_clitic_prefix(word).starts_with(self.bare)
        {
            self.bare_prefixed.push(offset);
        }
    }

    fn finish(mut self, reader: &IndexReader, variants: &mut Vec<Variant>) -> Result<()> {
        let typed = self.typed;
        let stem = analysis::stem(typed);
        let own_clitic = typed
            .strip_suffix(analysis::strip_clitic_prefix(typed))
            .unwrap_or_default();
        if !clitic_prefixes(reader).any(|clitic| clitic == own_clitic) {
            // The typed clitic never occurs stripped in this corpus: read its range too.
            each_word(reader, "", typed, |word, offset| {
                if analysis::stem(word) != stem {
                    self.prefixed.push(offset);
                }
            })?;
        }
        for (offsets, weight) in [
            (&mut self.prefixed, weight::PREFIX),
            (&mut self.bare_prefixed, weight::PREFIX_BARE),
        ] {
            most_frequent(reader, offsets)?;
            variants.extend(offsets.iter().map(|&offset| Variant { offset, weight }));
        }
        Ok(())
    }
}

/// Call `f` with each dictionary word starting with `prefix + start`.
fn each_word(
    reader: &IndexReader,
    prefix: &str,
    start: &str,
    f: impl FnMut(&str, u64),
) -> Result<()> {
    let mut key = String::with_capacity(prefix.len() + start.len());
    key.push_str(prefix);
    key.push_str(start);
    if !reader.dictionary().starts_word(key.as_bytes()) {
        return Ok(());
    }
    each_word_of_range(reader, prefix, start, f)
}

/// [`each_word`] for a range already known to hold words (a stream is built).
fn each_word_of_range(
    reader: &IndexReader,
    prefix: &str,
    start: &str,
    mut f: impl FnMut(&str, u64),
) -> Result<()> {
    let mut key = String::with_capacity(prefix.len() + start.len());
    key.push_str(prefix);
    key.push_str(start);
    let mut stream = words_starting_with(reader, &key);
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

/// [`each_word_of_range`] for clitic prefix number `clitic` (`prefix`) of the dictionary: in a
/// one-block dictionary a walk from the place after the prefix, which costs one descent
/// through `start` instead of a test that some word starts there and a stream seeking to it.
fn each_word_after(
    reader: &IndexReader,
    clitic: usize,
    prefix: &str,
    start: &str,
    // `dyn`: the caller's closure is compiled once for both paths, not once per path.
    f: &mut dyn FnMut(&str, u64),
) -> Result<()> {
    let words = reader.dictionary();
    let mut scanned = 0;
    let walked = words.walk_after(
        clitic,
        start.as_bytes(),
        MAX_WORD_BYTES,
        &mut |word, offset| {
            scanned += 1;
            if scanned > MAX_PREFIX_SCAN {
                return false;
            }
            if let Ok(word) = std::str::from_utf8(word) {
                f(word, offset);
            }
            true
        },
    );
    if walked.is_some() {
        return Ok(());
    }
    if !words.starts_word_after(clitic, start) {
        return Ok(());
    }
    each_word_of_range(reader, prefix, start, f)
}

/// The longest dictionary word a prefix stream returns, in bytes (128 Arabic
/// letters; no real word comes near it).
pub const MAX_WORD_BYTES: usize = 256;

/// A stream over the dictionary entries starting with `prefix` (and no longer
/// than [`MAX_WORD_BYTES`]). A range seeks straight to the first entry; a
/// `starts_with` automaton would walk from the root and test every transition
/// on the way, several times slower.
pub fn words_starting_with<'r>(
    reader: &'r IndexReader,
    prefix: &str,
) -> WordStream<'r, Walk<'static>> {
    reader
        .dictionary()
        .search_prefix(Walk::Words, prefix.as_bytes())
}

/// The automaton every dictionary stream of the engine walks with: one type,
/// so that the page's module holds one instance of fst's stream and of
/// [`WordStream`] instead of one per automaton (about 1 kB brotli).
#[derive(Clone, Copy)]
pub enum Walk<'a> {
    /// Every key of at most [`MAX_WORD_BYTES`] bytes; a stream stops
    /// descending further. fst keeps one frame (~240 bytes) per byte of the
    /// key being walked: a corpus "word" of a megabyte (a run of letters, a
    /// base64 blob) cost ~480 MB of memory and ~0.7 s for every search or suggest
    /// whose prefix reached it — memory a wasm module never gives back. With this
    /// a stream holds at most `MAX_WORD_BYTES + 2` frames; such keys are never
    /// returned (nobody types them) and exact look-ups still find them.
    Words,
    /// The words within a typo distance.
    Typos(&'a Levenshtein),
}

/// Where a [`Walk`] is: the bytes so far, or the typo automaton's state. A
/// `u32` depth fits beside the typo state's niche, so the enum is no bigger
/// than that state (32 bytes; fst copies one per byte walked).
#[derive(Clone, Copy)]
pub enum WalkState {
    Depth(u32),
    Typo(fuzzy::State),
}

impl fst::Automaton for Walk<'_> {
    type State = WalkState;

    fn start(&self) -> WalkState {
        match self {
            Walk::Words => WalkState::Depth(0),
            Walk::Typos(typos) => WalkState::Typo(typos.start()),
        }
    }

    fn is_match(&self, state: &WalkState) -> bool {
        match (self, state) {
            (Walk::Typos(typos), WalkState::Typo(state)) => typos.is_match(state),
            (_, &WalkState::Depth(depth)) => depth as usize <= MAX_WORD_BYTES,
            _ => false,
        }
    }

    fn can_match(&self, state: &WalkState) -> bool {
        match (self, state) {
            (Walk::Typos(typos), WalkState::Typo(state)) => typos.can_match(state),
            (_, &WalkState::Depth(depth)) => depth as usize <= MAX_WORD_BYTES,
            _ => false,
        }
    }

    fn accept(&self, state: &WalkState, byte: u8) -> WalkState {
        match (self, state) {
            (Walk::Typos(typos), WalkState::Typo(state)) => {
                WalkState::Typo(typos.accept(state, byte))
            }
            // A stream stops descending past MAX_WORD_BYTES, far below u32::MAX.
            (_, &WalkState::Depth(depth)) => WalkState::Depth(depth.saturating_add(1)),
            (_, state) => *state,
        }
    }
}

#[cfg(test)]
#[test]
fn a_walk_state_is_no_bigger_than_the_typo_state() {
    assert_eq!(
        std::mem::size_of::<WalkState>(),
        std::mem::size_of::<fuzzy::State>()
    );
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
    let (in_title, index) = super::locate(position, reader.doc_lengths(first.doc)?.0);
    let text = if in_title { doc.title } else { doc.text };
    Ok(analysis::word_spans(text)
        .nth(index as usize)
        .and_then(|(start, end)| text.get(start..end))
        .map(str::to_string))
}
