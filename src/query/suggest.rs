//! Typo tolerance that never misleads, and the "did you mean" respelling.
//!
//! The budget is counted on the word without its proclitics and article
//! (والبرلمان is judged as برلمان): no correction for a word of fewer than
//! [`MIN_TYPO_CHARS`] letters (the bare word with its article, but no other
//! proclitic: الصيم counts five letters, وعلل three), one edit up to 7 letters, two from
//! [`TWO_EDITS_FROM_CHARS`]; a transposition is one edit, and changing the
//! first letter of the bare word costs two (typists rarely get the first
//! letter wrong, and one letter on a three-letter root is another word:
//! مريك is not شريك). So a real word the corpus lacks (البرلمان, السعودية,
//! المستشفى) is not "corrected" into a different one (البلدان, السنوية,
//! المستوى: two edits on six letters).

use super::fuzzy::{self, Levenshtein};
use super::parse::{self, Clause, Term};
use super::terms::{self, written_form, MAX_PREFIX_SCAN};
use crate::analysis;
use crate::error::Result;
use crate::index::IndexReader;

/// Words shorter than this (counted with their article: الصيم is corrected,
/// صيم is not) are not matched fuzzily.
pub const MIN_TYPO_CHARS: usize = 4;
/// From this length of the bare word on, two edits are allowed.
pub const TWO_EDITS_FROM_CHARS: usize = 8;
/// A misspelt word is replaced by at most this many close words.
pub const MAX_FUZZY_WORDS: usize = 16;

/// A dictionary word close to a misspelt query word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    pub word: String,
    pub offset: u64,
    /// Edits between the two words without their proclitics.
    pub distance: usize,
}

/// The edits a query word may be corrected by. The length is the bare word's,
/// with its article but no other proclitic: وعلل (و + علل) is a three-letter
/// word like علل, والصيم a five-letter one like الصيم. ([`corrections`] still
/// gives و + three letters one edit towards words that keep the و.)
pub fn typo_budget(normalized: &str) -> usize {
    let bare = analysis::strip_clitic_prefix(normalized).chars().count();
    let certain = analysis::certain_prefix(normalized);
    // Anywhere in the stack (certain_prefix gives الو for الوضوق): a byte-window test, as a
    // `&str` pattern search would bring core's string searcher into the page module.
    let article = if certain
        .as_bytes()
        .windows("ال".len())
        .any(|w| w == "ال".as_bytes() || w == "لل".as_bytes())
    {
        2
    } else {
        0
    };
    if normalized.is_empty() || bare + article < MIN_TYPO_CHARS {
        return 0;
    }
    if bare >= TWO_EDITS_FROM_CHARS {
        2
    } else {
        1
    }
}

/// Edits between the typed bare word `a` and a dictionary word `b`: a
/// changed first letter counts two, and so does a long vowel letter (ا و ي)
/// typed in excess: حكومة is حكمة's root in another pattern, a different
/// word, not a slip (a vowel letter left out is a slip: بوتن for بوتين).
pub fn typo_distance(a: &str, b: &str) -> usize {
    let d = fuzzy::distance(a, b);
    if d == 1 && a.chars().count() == b.chars().count() + 1 {
        let extra_vowel = a.char_indices().any(|(i, c)| {
            matches!(c, 'ا' | 'و' | 'ي') && {
                let (head, tail) = (&a.as_bytes()[..i], &a.as_bytes()[i + c.len_utf8()..]);
                head.len() + tail.len() == b.len()
                    && b.as_bytes().starts_with(head)
                    && b.as_bytes().ends_with(tail)
            }
        });
        if extra_vowel {
            return 2;
        }
    }
    let mut ca = a.chars();
    let mut cb = b.chars();
    match (ca.next(), cb.next()) {
        // The cheapest path substitutes the first letter: it costs one more.
        (Some(x), Some(y)) if x != y && fuzzy::distance(ca.as_str(), cb.as_str()) + 1 == d => d + 1,
        _ => d,
    }
}

/// Dictionary words within the typo budget of `word`, closest and most
/// frequent first; only those at the smallest distance found.
pub fn corrections(reader: &IndexReader, word: &str) -> Result<Vec<Correction>> {
    let mut budget = typo_budget(word);
    let certain = analysis::certain_prefix(word);
    // و + three letters (وضوق) may be a four-letter word whose و is its own
    // (وضوء) or و + a three-letter word (وعلل): one edit, but only to a word
    // that has the و as well (وضوء, not على).
    let keep_prefix = budget == 0 && !certain.is_empty() && word.chars().count() >= MIN_TYPO_CHARS;
    if keep_prefix {
        budget = 1;
    }
    // Corrections are known only once the words they replace are known to match nothing:
    // not while a split index's pieces are missing (see `terms::resolve`).
    if budget == 0 || reader.pieces_pending() {
        return Ok(Vec::new());
    }
    let bare = analysis::strip_clitic_prefix(word);
    // The word as typed, and its bare form with the article or alone, so
    // that والصيم reaches الصين when the corpus never writes والصين.
    let mut targets = vec![word.to_string()];
    if !certain.is_empty() && !keep_prefix {
        let mut other = String::new();
        if terms::has_article(certain) {
            other.push_str("ال");
        }
        other.push_str(bare);
        if other != word {
            targets.push(other);
        }
    }
    let mut found: Vec<Correction> = Vec::new();
    let must_start = if keep_prefix { certain } else { "" };
    for target in &targets {
        walk(reader, target, budget, word, must_start, &mut found);
    }
    let Some(best) = found.iter().map(|c| c.distance).min() else {
        return Ok(found);
    };
    found.retain(|c| c.distance == best);
    // Most frequent first, then dictionary order.
    let mut keys = Vec::with_capacity(found.len());
    for (i, c) in found.iter().enumerate() {
        let df = reader.word_info(c.offset)?.df;
        keys.push(u64::from(u32::MAX - df) << 32 | i as u64);
    }
    keys.sort_unstable();
    Ok(keys
        .into_iter()
        .take(MAX_FUZZY_WORDS)
        .map(|k| found[(k & 0xFFFF_FFFF) as usize].clone())
        .collect())
}

/// Add the dictionary words within `budget` edits of `target` whose bare
/// form is within the budget of `word`'s (the same word with other clitics
/// is no correction), starting with `must_start`, stopwords left out.
#[inline(never)]
fn walk(
    reader: &IndexReader,
    target: &str,
    budget: usize,
    word: &str,
    must_start: &str,
    found: &mut Vec<Correction>,
) {
    let Some(automaton) = Levenshtein::new(target, budget as u8) else {
        return;
    };
    let bare = analysis::strip_clitic_prefix(word);
    let may_match = |lo: &[u8], hi: Option<&[u8]>| automaton.may_match_between(lo, hi);
    let mut stream = reader
        .dictionary()
        .search_where(terms::Walk::Typos(&automaton), &may_match);
    let mut scanned = 0;
    while let Some((key, offset)) = stream.next() {
        scanned += 1;
        if scanned > MAX_PREFIX_SCAN {
            break;
        }
        let Ok(key) = std::str::from_utf8(key) else {
            continue;
        };
        // A stopword (وعلى is و + على) is never what a misspelt search word meant: the
        // search skips it.
        if key == word
            || !key.starts_with(must_start)
            || analysis::is_stopword(analysis::strip_clitic_prefix(key))
            || found.iter().any(|c| c.offset == offset)
        {
            continue;
        }
        let distance = typo_distance(bare, analysis::strip_clitic_prefix(key));
        if distance == 0 || distance > budget {
            continue;
        }
        found.push(Correction {
            word: key.to_string(),
            offset,
            distance,
        });
    }
}

/// The query with each word that matched nothing (or only as a typo)
/// replaced by its closest dictionary word within the budget, as written in
/// the corpus; `None` when no word could be respelt. `corrections_made`: the words typo matching
/// already ran for, with what it found.
pub fn suggestion(
    reader: &IndexReader,
    raw_query: &str,
    required: &[&Clause],
    corrections_made: &[(String, Option<String>)],
) -> Result<Option<String>> {
    let mut out = parse::truncate(raw_query, parse::MAX_QUERY_BYTES).to_string();
    let mut changed = false;
    for clause in required {
        let Clause::Term(term) = clause else {
            continue;
        };
        let made = corrections_made.iter().find(|(o, _)| *o == term.original);
        let replacement = match made {
            // Typo matching already ran for this word: what it found, or nothing.
            Some((_, c)) => c.clone(),
            None if matches_nothing(reader, term)? => {
                match corrections(reader, &term.normalized)?.into_iter().next() {
                    Some(c) => Some(respelling(reader, &term.normalized, &c)?),
                    None => None,
                }
            }
            None => None,
        };
        if let Some(replacement) = replacement {
            if let Some(at) =
                crate::search_index::find_bytes(out.as_bytes(), term.original.as_bytes())
            {
                out.replace_range(at..at + term.original.len(), &replacement);
                changed = true;
            }
        }
    }
    Ok(changed.then(|| out.trim().to_string()))
}

/// A correction as the respelling of the typed word: the word as written in
/// the corpus when it has the typed proclitics, else the typed proclitics on
/// the corrected bare word (ويصفر → ويغفر, not يغفر; والصيم → والصين when the
/// corpus only writes الصين).
pub fn respelling(reader: &IndexReader, typed: &str, c: &Correction) -> Result<String> {
    let typed_prefix = analysis::certain_prefix(typed);
    if analysis::certain_prefix(&c.word) == typed_prefix {
        return Ok(written_form(reader, c.offset)?.unwrap_or_else(|| c.word.clone()));
    }
    let mut out = String::from(typed_prefix);
    // The corrected word as the corpus writes it (ومدرسة, not the normalised ومدرسه), without
    // the proclitics it was written with.
    let bare_written = written_form(reader, c.offset)?.and_then(|written| {
        without_written_prefix(&written, analysis::certain_prefix(&c.word)).map(str::to_string)
    });
    match bare_written {
        Some(bare) => out.push_str(&bare),
        None => out.push_str(analysis::strip_clitic_prefix(&c.word)),
    }
    Ok(out)
}

/// `written` (a word as the corpus writes it) after its first letters, those that normalise
/// to `prefix`, and the marks on them: `None` when they do not.
fn without_written_prefix<'w>(written: &'w str, prefix: &str) -> Option<&'w str> {
    let mut consumed = String::new();
    let mut letter = [0u8; 4];
    for (i, c) in written.char_indices() {
        let normalized = analysis::normalize(c.encode_utf8(&mut letter));
        if consumed == prefix && !normalized.is_empty() {
            return written.get(i..);
        }
        consumed.push_str(&normalized);
        if !prefix.starts_with(consumed.as_str()) {
            return None;
        }
    }
    None
}

/// Whether a query word has no form at all in the index.
fn matches_nothing(reader: &IndexReader, term: &Term) -> Result<bool> {
    let mut variants = Vec::new();
    terms::word_forms(reader, &term.normalized, &mut variants, None)?;
    Ok(variants.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_written_prefix_table() {
        let cases = [
            ("الصِّينُ", "ال", Some("صِّينُ")),
            ("وَلِلْمَدْرَسَةِ", "ولل", Some("مَدْرَسَةِ")),
            ("أمريكا", "", Some("أمريكا")),
            ("بالمدرسة", "بال", Some("مدرسة")),
            ("مدرسة", "و", None),
            ("ال", "ال", None),
        ];
        for (written, prefix, bare) in cases {
            assert_eq!(without_written_prefix(written, prefix), bare, "{written}");
        }
    }

    #[test]
    fn typo_budget_table() {
        let cases = [
            ("صين", 0),      // three letters
            ("الصيم", 1),    // five with the article: one edit on صيم
            ("بوتن", 1),     // four letters
            ("البرلمان", 1), // برلمان: six letters without the article
            ("السعوديه", 1),
            ("والمستشفي", 1),
            ("استراتيجيه", 2), // ten letters
            ("والاستراتيجيه", 2),
            // The conjunction does not count: و + a three-letter word.
            ("وعلل", 0),
            ("وحفن", 0),
            ("والصيم", 1),
            ("الوضوق", 1), // ال + وضوق: the article counts although the stem also drops و
            ("وبوتن", 1),
            ("", 0),
        ];
        for (word, want) in cases {
            assert_eq!(typo_budget(word), want, "{word}");
        }
    }

    #[test]
    fn typo_distance_table() {
        let cases = [
            ("بوتن", "بوتين", 1),
            ("بتوين", "بوتين", 1),  // transposition
            ("مريك", "شريك", 2),    // the first letter changed
            ("مريكا", "امريكا", 1), // a letter added in front is one edit
            ("صيم", "صين", 1),
            ("برلمان", "بلدان", 2),
            ("سعوديه", "سنويه", 2),
            ("مستشفي", "مستوي", 2),
            ("حكومه", "حكمه", 2), // a vowel letter typed in excess: another pattern
            ("بوتن", "بوتين", 1), // a vowel letter left out: a slip
        ];
        for (a, b, want) in cases {
            assert_eq!(typo_distance(a, b), want, "{a} ~ {b}");
        }
    }
}
