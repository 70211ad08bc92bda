//! Snippets: the best passage of a document, cut from its ORIGINAL text at
//! word boundaries, as segments that mark every matched word. Offsets come
//! from the tokeniser on the original text, so a highlighted word keeps its
//! harakat and shaping.

use serde::Serialize;

use crate::analysis;
use crate::query::TermMatcher;

/// Words in a snippet.
pub const SNIPPET_WORDS: usize = 28;
/// Words of context kept before the first match.
const CONTEXT_BEFORE: usize = 4;

/// A piece of a snippet: consecutive segments joined are a verbatim excerpt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment {
    pub text: String,
    /// Whether this piece is a matched word.
    pub hit: bool,
}

/// What to highlight: query words, and phrases (highlighted only where the
/// whole phrase occurs).
pub struct Highlighter<'a> {
    pub terms: &'a [TermMatcher],
    pub phrases: &'a [Vec<String>],
}

struct Word {
    start: usize,
    end: usize,
    normalized: std::ops::Range<usize>,
    /// Bit i: matches query word i; bit terms+j: part of phrase j.
    mask: u64,
}

impl Highlighter<'_> {
    /// The best passage of `text`: the window of `SNIPPET_WORDS` words that
    /// holds the most distinct query words, then the most matches.
    pub fn snippet(&self, text: &str) -> Vec<Segment> {
        let mut normalized = String::with_capacity(text.len());
        let mut words: Vec<Word> = Vec::new();
        for (start, end) in analysis::word_spans(text) {
            let from = normalized.len();
            analysis::normalize_into(&text[start..end], &mut normalized);
            let word = &normalized[from..];
            let mut mask = 0u64;
            for (i, term) in self.terms.iter().enumerate().take(32) {
                if term.matches(word) {
                    mask |= 1 << i;
                }
            }
            words.push(Word {
                start,
                end,
                normalized: from..normalized.len(),
                mask,
            });
        }
        let phrase_bit = self.terms.len().min(32);
        for (j, phrase) in self.phrases.iter().enumerate().take(32) {
            if phrase.is_empty() || phrase.len() > words.len() {
                continue;
            }
            for i in 0..=words.len() - phrase.len() {
                let here = phrase
                    .iter()
                    .zip(&words[i..])
                    .all(|(p, w)| normalized[w.normalized.clone()] == **p);
                if here {
                    for w in &mut words[i..i + phrase.len()] {
                        w.mask |= 1 << (phrase_bit + j);
                    }
                }
            }
        }
        if words.is_empty() {
            return Vec::new();
        }

        let mut best = (0usize, 0u32, 0usize); // (first word, distinct, matches)
        for (h, _) in words.iter().enumerate().filter(|(_, w)| w.mask != 0) {
            let window = &words[h..(h + SNIPPET_WORDS).min(words.len())];
            let distinct = window.iter().fold(0u64, |m, w| m | w.mask).count_ones();
            let matches = window.iter().filter(|w| w.mask != 0).count();
            if (distinct, matches) > (best.1, best.2) {
                best = (h, distinct, matches);
            }
        }
        let mut first = best
            .0
            .saturating_sub(if best.1 > 0 { CONTEXT_BEFORE } else { 0 });
        let last = (first + SNIPPET_WORDS).min(words.len());
        // Near the end of the text, show a full window rather than a short one.
        first = first.min(last.saturating_sub(SNIPPET_WORDS));
        let window = &words[first..last];

        let mut segments = Vec::new();
        let mut cursor = window[0].start;
        for word in window.iter().filter(|w| w.mask != 0) {
            if word.start > cursor {
                segments.push(Segment {
                    text: text[cursor..word.start].to_string(),
                    hit: false,
                });
            }
            segments.push(Segment {
                text: text[word.start..word.end].to_string(),
                hit: true,
            });
            cursor = word.end;
        }
        let end = window[window.len() - 1].end;
        if end > cursor {
            segments.push(Segment {
                text: text[cursor..end].to_string(),
                hit: false,
            });
        }
        segments
    }
}
