//! docs/analysis.md §2: the words of a text, as byte ranges of the ORIGINAL text.
//!
//! A word is a run of letters, digits and combining marks. This is the part of
//! Unicode's word-boundary algorithm (UAX #29) that matters for Arabic, with
//! the deviations listed in `docs/analysis.md`: invisible format characters
//! never split a word (and are left out at its edges), punctuation always
//! splits (no `3.14` or `don't` as one word: the Arabic decimal and thousands
//! separators ٫ ٬ must split, and Latin text is treated the same way so both
//! spellings of a number meet), and each Han ideograph or Hiragana character
//! is a word of its own.
//!
//! One split is Arabic orthography, not punctuation: Uthmani script joins the
//! vocative يا to its noun, writing its alef as a superscript alef on the ي
//! (يَٰمُوسَىٰ، يَٰقَوۡمِ، يَـٰٓأَيُّهَا). Plain spelling writes two words (يا موسى),
//! so the tokeniser returns two spans here: positions, phrases and snippets all
//! see the same two words in both spellings.

use super::normalize::{is_arabic_mark, is_invisible};
use super::tables::MARK_RANGES;

/// How a character takes part in a word.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Letter, digit or combining mark: part of a word.
    Word,
    /// Invisible format character: inside a word it belongs to the word,
    /// outside it belongs to nothing.
    Invisible,
    /// A word by itself (Han, Hiragana: no spaces between words).
    Single,
    /// Anything else ends a word: spaces, punctuation, symbols, emoji.
    Break,
}

#[inline]
fn class(c: char) -> Class {
    if c.is_ascii() {
        return if c.is_ascii_alphanumeric() {
            Class::Word
        } else {
            Class::Break
        };
    }
    let cp = c as u32;
    if (0x0600..=0x06FF).contains(&cp) {
        return arabic_class(cp);
    }
    if is_invisible(c) {
        Class::Invisible
    } else if matches!(cp, 0x3040..=0x309F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
    {
        Class::Single
    } else if c.is_alphanumeric() || is_mark(c) || is_arabic_mark(c) {
        Class::Word
    } else {
        Class::Break
    }
}

/// [`class`] of a character of the Arabic block (U+0600–U+06FF), spelled out: fast, and its
/// punctuation (، ؛ ؟ ٪ ٫ ٬ ۔) must split while all its marks (some are not Alphabetic) join.
const fn arabic_class(cp: u32) -> Class {
    match cp {
        0x066A..=0x066D => Class::Break, // ٪ ٫ ٬ ٭
        0x0610..=0x061A | 0x0620..=0x06D3 | 0x06D5..=0x06FC | 0x06FF => Class::Word,
        0x061C => Class::Invisible,
        _ => Class::Break,
    }
}

/// [`arabic_class`] of U+0600 + i, made at compile time: the tokeniser reads the class of an
/// Arabic character in one load.
static ARABIC_CLASSES: [Class; 256] = {
    let mut table = [Class::Break; 256];
    let mut i = 0;
    while i < 256 {
        table[i] = arabic_class(0x0600 + i as u32);
        i += 1;
    }
    table
};

/// The character at byte `i` of `bytes` and its length: UTF-8 decoded by hand, so that a stored
/// text can be tokenised without checking it first (only the words a caller shows or compares
/// are checked). A byte that starts no valid character reads as U+FFFD of length 1, a break;
/// `None` at the end.
#[inline(always)]
fn char_at(bytes: &[u8], i: usize) -> Option<(char, usize)> {
    let b = *bytes.get(i)?;
    if b.is_ascii() {
        return Some((char::from(b), 1));
    }
    let (len, lead) = match b {
        0xC2..=0xDF => (2, u32::from(b & 0x1F)),
        0xE0..=0xEF => (3, u32::from(b & 0x0F)),
        0xF0..=0xF4 => (4, u32::from(b & 0x07)),
        _ => return Some((char::REPLACEMENT_CHARACTER, 1)),
    };
    let mut cp = lead;
    for k in 1..len {
        match bytes.get(i + k) {
            Some(&c) if c & 0xC0 == 0x80 => cp = cp << 6 | u32::from(c & 0x3F),
            _ => return Some((char::REPLACEMENT_CHARACTER, 1)),
        }
    }
    // Overlong forms and surrogates are not characters either.
    let shortest = match cp {
        0..=0x7F => 1,
        0x80..=0x7FF => 2,
        0x800..=0xFFFF => 3,
        _ => 4,
    };
    match char::from_u32(cp) {
        Some(c) if shortest == len => Some((c, len)),
        _ => Some((char::REPLACEMENT_CHARACTER, 1)),
    }
}

/// The character at byte `i` of `bytes`, its [`class`] and its length ([`char_at`]). ASCII and
/// the Arabic block, most of what is tokenised, take the short way (a lead byte D8–DB is
/// U+0600–U+06FF).
#[inline(always)]
fn class_at(bytes: &[u8], i: usize) -> Option<(Class, char, usize)> {
    let b = *bytes.get(i)?;
    if b.is_ascii() {
        let class = if b.is_ascii_alphanumeric() {
            Class::Word
        } else {
            Class::Break
        };
        return Some((class, char::from(b), 1));
    }
    if let (0xD8..=0xDB, Some(&next)) = (b, bytes.get(i + 1)) {
        if next & 0xC0 == 0x80 {
            // U+0600 + the low two bits of the lead and the continuation's six.
            let low = (b & 0x03) << 6 | (next & 0x3F);
            let c = char::from_u32(0x0600 | u32::from(low)).unwrap_or(char::REPLACEMENT_CHARACTER);
            return Some((ARABIC_CLASSES[usize::from(low)], c, 2));
        }
    }
    let (c, len) = char_at(bytes, i)?;
    Some((class(c), c, len))
}

/// The characters of `bytes` ([`char_at`]) with their byte offsets.
fn chars_of(bytes: &[u8]) -> impl Iterator<Item = (usize, char)> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        let (c, len) = char_at(bytes, i)?;
        let at = i;
        i += len;
        Some((at, c))
    })
}

/// Whether `c` is a combining mark (General_Category M) of the BMP, from the
/// generated table. std has no such property; most marks of Indic scripts are
/// Alphabetic, but accents (U+0300…) and many others are not, and a word
/// must not split at them.
pub(super) fn is_mark(c: char) -> bool {
    let cp = c as u32;
    if !(0x0300..=0xFFFF).contains(&cp) {
        return false;
    }
    let cp = cp as u16;
    match MARK_RANGES.binary_search_by(|&(lo, _)| lo.cmp(&cp)) {
        Ok(_) => true,
        Err(0) => false,
        Err(i) => cp <= MARK_RANGES[i - 1].1,
    }
}

/// Whether `c` can be part of a word (letters, digits, marks, Han).
pub(super) fn is_word_char(c: char) -> bool {
    matches!(class(c), Class::Word | Class::Single)
}

/// Byte ranges `(start, end)` of the words of `text`, in order.
///
/// Ranges are non-empty, increasing and non-overlapping, and lie on character
/// boundaries. A range starts and ends with a letter, digit or mark: harakat
/// after the last letter are inside, so a highlight keeps them.
pub fn word_spans(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    word_spans_of_bytes(text.as_bytes())
}

/// [`word_spans`] of text not yet checked to be UTF-8 (a stored text): for valid UTF-8 the same
/// spans; a byte that starts no character is a break. The caller checks the words it uses.
pub fn word_spans_of_bytes(bytes: &[u8]) -> impl Iterator<Item = (usize, usize)> + '_ {
    WordSpans {
        text: bytes,
        pos: 0,
    }
}

struct WordSpans<'a> {
    text: &'a [u8],
    /// Where the search for the next word starts.
    pos: usize,
}

impl Iterator for WordSpans<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        // A run of marks or tatweel alone (a ۞, a ـ used as a dash) is no
        // word: it would take a position between the words of a phrase.
        loop {
            let (start, end, starts_with_letter) = self.next_run()?;
            if starts_with_letter
                || chars_of(&self.text[start..end])
                    .any(|(_, c)| c != '\u{0640}' && !is_arabic_mark(c))
            {
                return Some((start, end));
            }
        }
    }
}

impl WordSpans<'_> {
    /// The next run of word characters, and whether its first character is
    /// a letter (not a mark or tatweel): most words settle the check in
    /// `next` by it, without decoding the run again.
    fn next_run(&mut self) -> Option<(usize, usize, bool)> {
        let mut i = self.pos;
        let (start, mut end, first) = loop {
            let Some((class, c, len)) = class_at(self.text, i) else {
                self.pos = self.text.len();
                return None;
            };
            match class {
                Class::Word => break (i, i + len, c),
                Class::Single => {
                    self.pos = i + len;
                    return Some((i, self.pos, true));
                }
                Class::Invisible | Class::Break => {}
            }
            i += len;
        };
        i = end;
        while let Some((class, _, len)) = class_at(self.text, i) {
            match class {
                Class::Word => end = i + len,
                // Tentatively inside: only a following letter moves `end` past it.
                Class::Invisible => {}
                Class::Single | Class::Break => break,
            }
            i += len;
        }
        let end = vocative_end(first, &self.text[start..end]).map_or(end, |cut| start + cut);
        self.pos = end;
        Some((start, end, first != '\u{0640}' && !is_arabic_mark(first)))
    }
}

/// Where a joined Uthmani vocative يا ends in `word`: ي, then harakat or
/// tatweel holding the superscript alef U+0670 (with the marks right after
/// it, such as the madda of يَٰٓ), then the noun, which starts with a letter.
/// Only the vocative is written so in the Quran (340 words, 62 forms); plain
/// text never writes يا joined, nor any word as ي + superscript alef.
///
/// A Quranic sign (۞) or the conjunction و/ف may come first: ۞يَـٰٓأَيُّهَا،
/// وَيَٰقَوۡمِ (و + يا | قوم: the conjunction stays with يا, as in plain ويا قوم).
#[inline]
fn vocative_end(first: char, word: &[u8]) -> Option<usize> {
    // Most words are settled by their first letter, without a call.
    if !matches!(first, 'ي' | 'و' | 'ف') && !is_arabic_mark(first) {
        return None;
    }
    vocative_cut(word)
}

/// [`vocative_end`] for a word whose first letter may start a vocative.
#[inline(never)]
fn vocative_cut(word: &[u8]) -> Option<usize> {
    // What may come next: 0 a sign or و/ف or ي, 1 a mark or ي (after و/ف),
    // 2 marks or tatweel up to the superscript alef, 3 marks on it.
    let mut state = 0;
    for (i, c) in chars_of(word) {
        let mark = is_arabic_mark(c) && c != '\u{0670}';
        state = match (state, c) {
            (0 | 1, _) if mark => state,
            (0, 'و' | 'ف') => 1,
            (0 | 1, 'ي') => 2,
            (2, '\u{0670}') => 3,
            (2, '\u{0640}') => 2,
            (2, _) if mark => 2,
            (3, _) if mark => 3,
            // The noun starts here (a tatweel before it belongs to it); it
            // must hold a letter.
            (3, _) => {
                let letter =
                    chars_of(&word[i..]).any(|(_, c)| c != '\u{0640}' && !is_arabic_mark(c));
                return letter.then_some(i);
            }
            _ => return None,
        };
    }
    None
}

impl std::iter::FusedIterator for WordSpans<'_> {}
