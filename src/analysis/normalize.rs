//! docs/analysis.md §1: the normalised form of a text, and its vocalised variant.
//!
//! Every step works on one character at a time, with a little context (the
//! letter before, for combining hamza; the word so far, for the Uthmani
//! spelling rules), so the whole text is normalised in a single pass that
//! never allocates beyond the output string.

use super::tables::{DECOMP_KEYS, DECOMP_OFFSETS, DECOMP_POOL, LOWER_RUNS};

/// Append the normalised form of `text` to `out` (no allocation when `out` has room).
pub fn normalize_into(text: &str, out: &mut String) {
    if text.is_ascii() {
        // Latin-only text (identifiers, English queries) needs only lowercasing.
        out.extend(text.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        return;
    }
    let mut n = Normalizer::new(out, false);
    for c in text.chars() {
        n.push(c);
    }
    n.finish();
}

/// The word normalised like [`normalize`](super::normalize) but with its harakat kept, in a
/// canonical order, so that عِلْم and عَلَم differ and a query's diacritics can be
/// compared with the document's.
///
/// The harakat (U+064B–U+0652) on a letter are written shadda first, then the
/// others in code-point order, each once, whatever order the author typed them
/// in. The Uthmani sukun U+06E1 counts as a sukun. Every other step of
/// [`normalize`](super::normalize) applies, so removing the harakat from `vocalized(w)` gives
/// `normalize(w)`.
pub fn vocalized(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut n = Normalizer::new(&mut out, true);
    for c in word.chars() {
        n.push(c);
    }
    n.finish();
    out
}

/// The letters of a word's [`vocalized`] form, each with the bits of the harakat written on it.
pub(super) fn harakat_as_written(word: &str) -> Vec<(char, u8)> {
    let mut letters: Vec<(char, u8)> = Vec::new();
    for c in vocalized(word).chars() {
        match (haraka_bit(c), letters.last_mut()) {
            (Some(bit), Some((_, marks))) => *marks |= bit,
            (Some(_), None) => {}
            (None, _) => letters.push((c, 0)),
        }
    }
    letters
}

/// A word's harakat letter by letter (each letter of its [`vocalized`] form with the bits of
/// its marks), to tell whether a document's word carries the harakat a query wrote on it
/// ([`Harakat::carries`]).
///
/// A fatha or fathatan written on a bare alef moves to the letter before it, unless that one
/// has its own: hadith texts put the fatha of لا after the alef (الصَّلاَةِ) and tanween
/// fath on it (كِتَاباً), where a query types them on the letter before (الصَّلَاة, كِتَابًا).
/// Both sides move alike, so a hamza's vowel (سَأَلَ, whose alef follows a fatha) stays put.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Harakat(Vec<(char, u8)>);

impl Harakat {
    pub fn of(word: &str) -> Harakat {
        let mut letters = harakat_as_written(word);
        let fatha = FATHA_BIT | FATHATAN_BIT;
        for i in 1..letters.len() {
            let on_alef = letters[i].1 & fatha;
            if letters[i].0 == 'ا' && on_alef != 0 && letters[i - 1].1 & fatha == 0 {
                letters[i - 1].1 |= on_alef;
                letters[i].1 &= !on_alef;
            }
        }
        Harakat(letters)
    }

    /// Whether this word (a document's) carries every haraka `query` writes, letter by letter:
    /// a document may write more (the case ending a query leaves out: عِلْمٌ carries عِلْم), and
    /// a query's sukun asks only for no vowel (texts often leave the sukun out: العِلم carries
    /// الْعِلْم). Words of other letters never carry each other's harakat.
    pub fn carries(&self, query: &Harakat) -> bool {
        self.0.len() == query.0.len()
            && self.0.iter().zip(&query.0).all(|(&(dc, d), &(qc, q))| {
                dc == qc
                    && (q & !SUKUN_BIT) & !d == 0
                    && (q & SUKUN_BIT == 0 || d & VOWEL_BITS == 0)
            })
    }
}

/// Whether a word carries Arabic diacritics (harakat, tanween, shadda, sukun),
/// i.e. whether [`vocalized`] keeps anything that [`normalize`](super::normalize) drops.
pub fn has_diacritics(word: &str) -> bool {
    word.chars().any(|c| {
        haraka_bit(c).is_some()
            || decomposition(c).is_some_and(|d| d.chars().any(|d| haraka_bit(d).is_some()))
    })
}

/// The bit of a haraka in [`Normalizer::harakat`]: U+064B–U+0652 are bits 0–7,
/// and the Uthmani sukun U+06E1 shares bit 7 with the sukun U+0652.
fn haraka_bit(c: char) -> Option<u8> {
    match c {
        '\u{064B}'..='\u{0652}' => Some(1 << (c as u32 - 0x064B)),
        '\u{06E1}' => Some(1 << 7),
        _ => None,
    }
}

pub(super) const SHADDA_BIT: u8 = 1 << (0x0651 - 0x064B);
const FATHATAN_BIT: u8 = 1;
pub(super) const FATHA_BIT: u8 = 1 << (0x064E - 0x064B);
pub(super) const KASRA_BIT: u8 = 1 << (0x0650 - 0x064B);
pub(super) const SUKUN_BIT: u8 = 1 << (0x0652 - 0x064B);
/// The tanween and the short vowels, U+064B–U+0650.
const VOWEL_BITS: u8 = SHADDA_BIT - 1;

const FATHA: u8 = 1;
const DAMMA: u8 = 2;
const KASRA: u8 = 4;
/// Sukun: a haraka, but no vowel for the spelling rules.
const NO_VOWEL: u8 = 8;
const SHADDA: u8 = 16;

/// The vowel a mark stands for, for the spelling rules: the harakat and
/// tanween, their open-tanween forms U+08F0–08F2, and the marks the KFGQPC
/// Quran encoding uses for them (U+065E, U+0657, U+0656).
fn vowel_class(c: char) -> u8 {
    match c {
        '\u{064B}' | '\u{064E}' | '\u{065E}' | '\u{08F0}' => FATHA,
        '\u{064C}' | '\u{064F}' | '\u{0657}' | '\u{08F1}' => DAMMA,
        '\u{064D}' | '\u{0650}' | '\u{0656}' | '\u{08F2}' => KASRA,
        '\u{0651}' => SHADDA,
        '\u{0652}' | '\u{06E1}' => NO_VOWEL,
        _ => 0,
    }
}

/// Arabic combining marks that normalisation deletes (docs/analysis.md §1 step 2):
/// Quranic annotation signs, harakat, tanween, shadda, sukun, hamza and madda
/// above/below, small high letters; and the superscript alef, which is
/// deleted or written as ا by the Uthmani rules. Tatweel is separate.
pub(super) fn is_arabic_mark(c: char) -> bool {
    matches!(
        c,
        '\u{0610}'..='\u{061A}'
            | '\u{064B}'..='\u{065F}'
            | '\u{0670}'
            | '\u{06D6}'..='\u{06ED}'
            | '\u{08D3}'..='\u{08FF}'
    )
}

/// Invisible format characters (docs/analysis.md §1 step 3): zero-width space and
/// joiners, bidi marks and embeddings, the Arabic letter mark, BOM, soft
/// hyphen, combining grapheme joiner. They are deleted, and never split a word.
pub(super) fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{061C}'
            | '\u{FEFF}'
            | '\u{00AD}'
            | '\u{034F}'
    )
}

/// Script-neutral combining marks (accents of Latin, Greek, Cyrillic written
/// as separate characters; variation selectors). Deleted, which strips the
/// accent of a decomposed é just as the table strips a precomposed one.
pub(super) fn is_generic_mark(c: char) -> bool {
    matches!(
        c,
        '\u{0300}'..='\u{036F}'
            | '\u{1AB0}'..='\u{1AFF}'
            | '\u{1DC0}'..='\u{1DFF}'
            | '\u{20D0}'..='\u{20FF}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FE20}'..='\u{FE2F}'
    )
}

/// The printable ASCII characters, which fullwidth U+FF01–U+FF5E map onto one
/// for one (a rule instead of 94 table rows; the table test checks it).
const ASCII_PRINTABLE: &str =
    "!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";

/// The compatibility decomposition of `c` (docs/analysis.md §1 step 1) from the
/// generated table, with Latin accents already removed; `None` when `c` has
/// none in the ranges fahras covers.
pub(super) fn decomposition(c: char) -> Option<&'static str> {
    let cp = c as u32;
    if !matches!(cp, 0xA0..=0x24F | 0x1E00..=0x209F | 0xFB00..=0xFFEF) {
        return None;
    }
    if (0xFF01..=0xFF5E).contains(&cp) {
        let i = (cp - 0xFF01) as usize;
        return ASCII_PRINTABLE.get(i..i + 1);
    }
    let i = DECOMP_KEYS.binary_search(&(cp as u16)).ok()?;
    DECOMP_POOL
        .get(DECOMP_OFFSETS[i] as usize..)?
        .split('\0')
        .next()
}

/// `c.to_lowercase()` (the Unicode data of the compiler: the table test checks
/// every code point) from the compact [`LOWER_RUNS`] instead of core's
/// 11 kB table of pairs; the second character only for İ (i + U+0307).
pub(super) fn to_lowercase(c: char) -> (char, Option<char>) {
    let cp = c as u32;
    if cp < 0x80 {
        return (c.to_ascii_lowercase(), None);
    }
    if cp == 0x130 {
        return ('i', Some('\u{307}'));
    }
    let i = LOWER_RUNS.partition_point(|&(key, _)| key >> 8 <= cp);
    if let Some(&(key, delta)) = i.checked_sub(1).and_then(|i| LOWER_RUNS.get(i)) {
        let (offset, stride) = (cp - (key >> 8), 1 + (key >> 7 & 1));
        if offset % stride == 0 && offset / stride < (key & 0x7F) {
            return (char::from_u32(cp.wrapping_add(delta)).unwrap_or(c), None);
        }
    }
    (c, None)
}

/// The zero of every block of decimal digits (General_Category Nd) outside
/// ASCII, Unicode 14 (from the UCD's DerivedNumericType via Python's
/// `unicodedata`). Each block holds the digits 0–9 in order; U+1D7CE is five
/// consecutive blocks of mathematical digits.
static DIGIT_ZEROS: [u32; 65] = [
    0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66, 0xDE6,
    0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50,
    0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
    0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650,
    0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60, 0x16AC0, 0x16B50,
    0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E950, 0x1FBF0,
];

/// The ASCII digit for a decimal digit of any script (docs/analysis.md §1 step 6).
pub(super) fn ascii_digit(c: char) -> Option<char> {
    let cp = c as u32;
    let i = match DIGIT_ZEROS.binary_search(&cp) {
        Ok(i) => i,
        Err(0) => return None,
        Err(i) => i - 1,
    };
    let d = cp - DIGIT_ZEROS[i];
    (d < 10).then(|| char::from(b'0' + d as u8))
}

/// One pass of normalisation over a stream of characters.
///
/// Most characters are folded on their own. The Uthmani spelling rules need
/// context and sometimes the next letter; they keep it in the fields below
/// and decide in [`Normalizer::letter`], when the next letter comes. Two
/// invariants keep this manageable: harakat wait in `harakat` until the next
/// letter, so a pending decision can still replace the last character of
/// `out`; and every decision depends only on what the output keeps (letters,
/// and vowels in both modes), so that normalising the output again changes
/// nothing (the property tests check it, densely for these rules).
struct Normalizer<'a> {
    out: &'a mut String,
    /// Vocalised mode: harakat are kept (see [`vocalized`]).
    keep_harakat: bool,
    /// The letter just written, as the author wrote it, when a following
    /// combining mark changes it: و and ي and ے take a combining hamza (U+0654)
    /// as NFC composes them (docs/analysis.md §1 step 8), and و takes the Uthmani
    /// superscript alef. Cleared by anything but a deleted Arabic mark, as a
    /// starter blocks canonical composition.
    base: Option<char>,
    /// Harakat since the last letter (vocalised mode), one bit each; written
    /// in canonical order before the next letter or at the end.
    harakat: u8,
    /// Uthmani spelling writes آ as ءَا (ءَامَنُوا، ٱلۡقُرۡءَانُ): 1 after a
    /// hamza on the line (not after an alef), 2 once a fatha followed it; an
    /// alef then replaces both.
    hamza_fatha: u8,
    /// `hamza_fatha` as it was before the letter just written.
    hamza_fatha_before: u8,
    /// The letter just written as the author wrote it (`'\0'` before any).
    last: char,
    /// The vowels ([`vowel_class`]) since `last`: a و with one is a
    /// consonant; a hamza's seat depends on them.
    vowels: u8,
    /// A tatweel came after `last`; `vowels_before` and `harakat_before` are
    /// what was on `last` before it.
    tatweel: bool,
    vowels_before: u8,
    harakat_before: u8,
    /// Uthmani spelling writes a hamza on a tatweel (شَيۡـًٔا); standard
    /// spelling on a seat chosen by the vowels around it (شيئا), written
    /// before the next letter.
    hamza_seat: bool,
    /// The last character of `out` is a hamza on the line (ء) inside a word,
    /// and `line_hamza_before` the vowels of the letter before it: with a
    /// kasra, Uthmani ءِ is standard ئ (إِسۡرَٰٓءِيلَ، يَسۡتَهۡزِءُونَ).
    line_hamza: bool,
    line_hamza_before: u8,
    /// The last character of `out` is a ى (written ي) with a superscript
    /// alef: an alef if the word goes on.
    maqsura_alef: bool,
    /// The last character of `out` is an alef written for a superscript alef
    /// that goes again if one of these letters follows (هٰذا، ذٰلك، لٰكن...).
    dagger_alef: Option<&'static [char]>,
    /// The letter being written is the alef of a superscript alef.
    writing_dagger_alef: bool,
}

impl<'a> Normalizer<'a> {
    fn new(out: &'a mut String, keep_harakat: bool) -> Self {
        Normalizer {
            out,
            keep_harakat,
            base: None,
            harakat: 0,
            hamza_fatha: 0,
            hamza_fatha_before: 0,
            last: '\0',
            vowels: 0,
            tatweel: false,
            vowels_before: 0,
            harakat_before: 0,
            hamza_seat: false,
            line_hamza: false,
            line_hamza_before: 0,
            maqsura_alef: false,
            dagger_alef: None,
            writing_dagger_alef: false,
        }
    }

    #[inline]
    fn push(&mut self, c: char) {
        if c.is_ascii() {
            self.letter(c.to_ascii_lowercase(), c);
        } else if let Some(d) = decomposition(c) {
            for d in d.chars() {
                self.fold(d);
            }
        } else {
            self.fold(c);
        }
    }

    /// Steps 2–8 for one character that has no compatibility decomposition.
    fn fold(&mut self, c: char) {
        let folded = match c {
            '\0'..='\u{7F}' => c.to_ascii_lowercase(),
            // The Arabic letters of the basic block: by far the common case.
            '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' => match c {
                'أ' | 'إ' | 'آ' => 'ا',
                'ة' => 'ه',
                'ى' => 'ي',
                _ => c,
            },
            '\u{064B}'..='\u{0652}' | '\u{06E1}' => {
                self.vowels |= vowel_class(c);
                if c == '\u{064E}' && self.hamza_fatha == 1 {
                    self.hamza_fatha = 2;
                }
                if self.keep_harakat {
                    self.harakat |= haraka_bit(c).unwrap_or(0);
                }
                return;
            }
            '\u{0654}' if self.tatweel => {
                self.hamza_seat = true;
                return;
            }
            '\u{0654}' => {
                let composed = match self.base {
                    Some('و') => Some('ؤ'),
                    Some('ي') => Some('ئ'),
                    Some('ے') => Some('ۓ'),
                    _ => None,
                };
                if let Some(composed) = composed {
                    self.replace_base(composed);
                }
                return;
            }
            '\u{0670}' => {
                self.superscript_alef();
                return;
            }
            // The Uthmani small high yeh stands for a ي that standard spelling
            // writes (إِبۡرَٰهِـۧمَ، ٱلنَّبِيِّـۧنَ are ابراهيم، النبيين); so do the small
            // yeh and waw (يُحۡيِۦ، دَاوُۥدَ are يحيي، داوود), except the long vowel of
            // the pronoun ه, which standard spelling leaves out (بِهِۦ، لَهُۥ).
            '\u{06E7}' => 'ي',
            '\u{06E5}' | '\u{06E6}' if self.last != 'ه' => {
                if c == '\u{06E5}' {
                    'و'
                } else {
                    'ي'
                }
            }
            c if is_arabic_mark(c) => {
                self.vowels |= vowel_class(c);
                return;
            }
            // Tatweel and invisible characters block composition (NFC treats
            // them as starters) but not the spelling rules, which look at the
            // output: ءَـا must give what ءَا gives.
            '\u{0640}' => {
                self.base = None;
                self.tatweel = true;
                self.vowels_before |= std::mem::take(&mut self.vowels);
                self.harakat_before |= std::mem::take(&mut self.harakat);
                return;
            }
            c if is_invisible(c) => {
                self.base = None;
                return;
            }
            '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
            '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
            'ٱ' | 'ٲ' | 'ٳ' | 'ٵ' => 'ا',
            'ک' | 'ڪ' => 'ك',
            'ی' | 'ې' | 'ے' => 'ي',
            'ۀ' | 'ہ' | 'ۂ' | 'ۃ' | 'ە' => 'ه',
            c if is_generic_mark(c) => return,
            c => {
                if let Some(d) = ascii_digit(c) {
                    d
                } else {
                    // Upper- and titlecase letters. The lowercase letter may
                    // have a decomposition of its own (Å U+212B → å → a) or be
                    // several characters (İ → i + U+0307): fold it again.
                    match to_lowercase(c) {
                        (l, None) if l == c => c,
                        (l, None) if decomposition(l).is_none() => l,
                        (first, second) => {
                            for l in std::iter::once(first).chain(second) {
                                match decomposition(l) {
                                    Some(d) => d.chars().for_each(|d| self.fold(d)),
                                    None => self.fold(l),
                                }
                            }
                            return;
                        }
                    }
                }
            }
        };
        self.letter(folded, c);
    }

    /// The superscript (dagger) alef U+0670, which Uthmani spelling writes
    /// for a long ā where standard spelling mostly writes ا: ٱلۡعَٰلَمِينَ is
    /// العالمين, ٱلۡكِتَٰبُ is الكتاب. Standard spelling omits the alef in a
    /// closed set of words, matched on the letters around it.
    fn superscript_alef(&mut self) {
        // و without a haraka is only the seat of the ā: ٱلصَّلَوٰةَ is الصلاة
        // (a و with one is a consonant: ٱلسَّمَٰوَٰتِ is السماوات).
        // (Not after ءَ: the ا would then have to take the ءَ along as آ; a
        // spelling that never occurs, so the rule just stays out of it.)
        if self.base == Some('و') && self.vowels == 0 && self.hamza_fatha_before != 2 {
            self.replace_base('ا');
            return;
        }
        // After ى the ā is written already at a word's end (عَلَىٰ، مُوسَىٰ);
        // inside a word standard spelling writes it ا (أَدۡرَىٰكَ، ءَاتَىٰهُمُ are
        // أدراك، آتاهم), decided when the next letter comes.
        if self.last == 'ى' {
            self.maqsura_alef = true;
            return;
        }
        // At a word start or after an alef there is nothing to add.
        if matches!(self.last, 'ا' | '\0') || self.current_word().is_empty() {
            return;
        }
        let dropped_before = self.dagger_alef_exception();
        self.writing_dagger_alef = true;
        self.letter('ا', 'ا');
        self.writing_dagger_alef = false;
        self.dagger_alef = dropped_before;
    }

    /// The letters that, coming next, make the current superscript alef one
    /// of standard spelling's exceptions: هٰذا هٰذه هٰؤلاء هٰكذا، ذٰلك،
    /// لٰكن، الرحمٰن، إلٰه، أولٰئك (with clitics: وهٰذا، كذٰلك، ولٰكن).
    fn dagger_alef_exception(&self) -> Option<&'static [char]> {
        // The word so far without harakat: its last 6 letters, and how many.
        let mut tail = ['\0'; 6];
        let (mut n, mut total) = (0, 0);
        for c in self
            .current_word()
            .chars()
            .filter(|&c| haraka_bit(c).is_none())
        {
            if n == tail.len() {
                tail.copy_within(1.., 0);
                n -= 1;
            }
            tail[n] = c;
            n += 1;
            total += 1;
        }
        let tail = &tail[..n];
        if tail.ends_with(&['ر', 'ح', 'م']) {
            return Some(&['ن']);
        }
        if total > n {
            return None;
        }
        // Clitics in front: و ف ب ك ل, and the question's أ (أهٰذا، أفبهٰذا).
        let mut bare = tail;
        loop {
            let cancel: &'static [char] = match bare {
                ['ه'] => &['ذ', 'ؤ', 'ك', 'ت'],
                ['ذ'] => &['ل'],
                ['ل'] => &['ك'],
                ['ا', 'ل'] => &['ه'],
                ['ا', 'و', 'ل'] => &['ئ'],
                [first, rest @ ..]
                    if !rest.is_empty() && matches!(first, 'و' | 'ف' | 'ب' | 'ك' | 'ل' | 'ا') =>
                {
                    bare = rest;
                    continue;
                }
                _ => return None,
            };
            return Some(cancel);
        }
    }

    /// Write the seat of a hamza that was written on a tatweel, now that the
    /// next letter (or `'\0'`, the end) is known, with the rules of standard
    /// spelling: a kasra around it, or ي before it, gives ئ; else a damma
    /// gives ؤ; else أ, written ا, and nothing before an alef (ـَٔا is آ).
    /// At the start of a word (after clitics and the article) the seat is
    /// an alef: بِـَٔايَٰتِنَا is بآياتنا.
    fn write_hamza_seat(&mut self, next: char) {
        self.hamza_seat = false;
        let before = self.vowels_before;
        let own = self.vowels;
        let around = before | own;
        let before_alef = next == 'ا' && own & !(FATHA | SHADDA) == 0;
        let seat = if self.at_word_start(false) {
            (!before_alef).then_some('ا')
        } else if around & KASRA != 0
            || (matches!(self.last, 'ي' | 'ى') && before & (FATHA | DAMMA) == 0)
        {
            Some('ئ')
        } else if around & DAMMA != 0 {
            Some('ؤ')
        } else {
            (!before_alef).then_some('ا')
        };
        // From here on, everything must happen as if the output so far had
        // been the input (normalising twice changes nothing): the seat is a
        // letter like any other, the harakat before the tatweel belong to
        // the letter before it, the hamza's to its seat, or go with it when
        // it merges into the alef.
        let own_harakat = std::mem::take(&mut self.harakat);
        self.dagger_alef = None;
        match seat {
            Some(seat) => {
                self.vowels = 0;
                self.letter(seat, seat);
                self.harakat = own_harakat;
                self.vowels = own;
            }
            None => {
                self.vowels = std::mem::take(&mut self.vowels_before);
                self.harakat = std::mem::take(&mut self.harakat_before);
                self.tatweel = false;
            }
        }
    }

    /// Whether the current word is the article ال, after clitics (و ف ب ك).
    fn is_article_only(&self) -> bool {
        let mut letters = self
            .current_word()
            .chars()
            .filter(|&c| haraka_bit(c).is_none())
            .rev();
        if (letters.next(), letters.next()) != (Some('ل'), Some('ا')) {
            return false;
        }
        letters.all(|c| matches!(c, 'و' | 'ف' | 'ب' | 'ك'))
    }

    /// Whether the current word (without its last letter if `skip_last`) is
    /// empty but for clitics, in their order: the question's أ, و or ف, ب ك
    /// or ل, the article ال (ل after ل: لِلۡـَٔاخِرَةِ).
    fn at_word_start(&self, skip_last: bool) -> bool {
        let mut letters = self
            .current_word()
            .chars()
            .filter(|&c| haraka_bit(c).is_none());
        if skip_last {
            letters.next_back();
        }
        let mut buf = ['\0'; 5];
        let mut n = 0;
        for c in letters {
            if n == buf.len() {
                return false;
            }
            buf[n] = c;
            n += 1;
        }
        let mut w = &buf[..n];
        if w.first() == Some(&'ا') && w.get(1) != Some(&'ل') {
            w = &w[1..];
        }
        if matches!(w.first(), Some('و' | 'ف')) {
            w = &w[1..];
        }
        if matches!(w.first(), Some('ب' | 'ك' | 'ل')) {
            w = &w[1..];
        }
        matches!(w, [] | ['ا', 'ل'] | ['ل'])
    }

    /// The end of the output since the last character that is not part of a
    /// word (found when needed: the superscript alef is rare).
    fn current_word(&self) -> &str {
        let start = self
            .out
            .char_indices()
            .rev()
            .find(|&(_, c)| !(c.is_alphanumeric() || haraka_bit(c).is_some()))
            .map_or(0, |(i, c)| i + c.len_utf8());
        self.out.get(start..).unwrap_or_default()
    }

    /// Write one output character; `written` is the input character it came from.
    #[inline]
    fn letter(&mut self, folded: char, written: char) {
        if std::mem::take(&mut self.maqsura_alef)
            && (self.hamza_seat || folded.is_alphabetic())
            && self.hamza_fatha_before != 2
        {
            // Harakat wait in `self.harakat`: the ي is still the last character.
            self.out.pop();
            self.out.push('ا');
        }
        if self.hamza_seat {
            self.write_hamza_seat(folded);
        }
        if std::mem::take(&mut self.line_hamza)
            && folded.is_alphabetic()
            && (self.vowels | self.vowels_before | self.line_hamza_before) & KASRA != 0
        {
            // The word goes on, so the ء is not final. At its start (after
            // clitics: أَءِذَا) the seat is an alef, as in أإذا.
            let seat = if self.at_word_start(true) { 'ا' } else { 'ئ' };
            self.out.pop();
            self.out.push(seat);
            self.hamza_fatha = 0;
        }
        if (folded == 'ي' || self.writing_dagger_alef)
            && (self.vowels | self.vowels_before) & SHADDA != 0
            && self.last == 'ل'
            && self.is_article_only()
        {
            // Uthmani writes the article and the ل after it once, with a
            // shadda, in ٱلَّيۡلِ، ٱلَّٰتِى، ٱلَّـٰٓـِٔى: standard spelling writes
            // both (الليل، اللاتي، اللائي). The shadda goes on the second.
            self.out.push('ل');
        }
        if self.tatweel {
            self.harakat |= std::mem::take(&mut self.harakat_before);
        }
        if let Some(cancel) = self.dagger_alef.take() {
            if cancel.contains(&folded) {
                // The alef (and any harakat on it, still pending) goes.
                self.out.pop();
                self.harakat = 0;
            }
        }
        if folded == 'ا' && self.hamza_fatha == 2 {
            // The ء and its fatha (pending in vocalised mode) give way to the
            // alef, as in the standard spelling آ. Any alef: ءَأ would give
            // ءَا, which must normalise like itself.
            self.out.pop();
            self.harakat = 0;
        }
        if self.harakat != 0 {
            self.flush_harakat();
        }
        self.out.push(folded);
        // ءَا after an alef is no آ: إِجۡرَاءَات، جَاءَا keep their hamza.
        let after_alef = matches!(self.last, 'ا' | 'أ' | 'إ' | 'آ' | 'ٱ');
        self.last = written;
        self.line_hamza = written == 'ء';
        // A tatweel between a letter and its vowel changes nothing visible.
        self.line_hamza_before = self.vowels | self.vowels_before;
        self.vowels = 0;
        self.tatweel = false;
        self.vowels_before = 0;
        self.base = match written {
            'و' | 'ي' | 'ے' => Some(written),
            _ => None,
        };
        // Nor after another ءَ, whose own rule would then apply in turn.
        let after_hamza_fatha = self.hamza_fatha == 2;
        self.hamza_fatha_before = self.hamza_fatha;
        self.hamza_fatha = u8::from(written == 'ء' && !after_alef && !after_hamza_fatha);
    }

    fn replace_base(&mut self, c: char) {
        // `base` is only set by `letter`, and harakat wait in `self.harakat`,
        // so the base letter is still the last character of the output.
        self.out.pop();
        self.out.push(c);
        self.base = None;
    }

    fn flush_harakat(&mut self) {
        let bits = std::mem::take(&mut self.harakat);
        if bits & SHADDA_BIT != 0 {
            self.out.push('\u{0651}');
        }
        for i in 0..8u32 {
            let bit = 1u8 << i;
            if bits & bit != 0 && bit != SHADDA_BIT {
                self.out
                    .push(char::from_u32(0x064B + i).unwrap_or('\u{0652}'));
            }
        }
    }

    fn finish(&mut self) {
        if self.hamza_seat {
            self.write_hamza_seat('\0');
        }
        self.harakat |= std::mem::take(&mut self.harakat_before);
        if self.harakat != 0 {
            self.flush_harakat();
        }
    }
}
