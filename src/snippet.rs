//! Snippets: the best passage of a document, cut from its ORIGINAL text at
//! word boundaries, as segments that mark every matched word.
//!
//! The matched words come from the postings (positions are word-span
//! indices), so building a snippet walks `word_spans` from the stored
//! checkpoint before the passage to its end and analyses nothing: a highlighted word keeps its harakat and
//! shaping because its bounds are the tokeniser's bounds in the original text.

use std::collections::VecDeque;

use serde::Serialize;

use crate::analysis;
use crate::error::Result;
use crate::index::StoredText;
use crate::query::{locate, MatchedWord};

/// Words in a snippet.
pub const SNIPPET_WORDS: usize = 28;
/// Words of context kept before the first match.
const CONTEXT_BEFORE: u32 = 4;
/// The most bytes of text in a snippet. `SNIPPET_WORDS` words of Arabic with
/// harakat take well under this; a giant "word" (a megabyte of letters, a URL
/// blob) or a megabyte of punctuation between two words is cut here, so a hit
/// never carries more than this much text to JavaScript.
pub const MAX_SNIPPET_BYTES: usize = 2048;

/// A piece of a snippet: consecutive segments joined are a verbatim excerpt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment {
    pub text: String,
    /// Whether this piece is a matched word.
    pub hit: bool,
}

/// The best passage of a document's text: the `SNIPPET_WORDS` words holding
/// the most distinct query clauses, then the most matches. `hits` are the
/// matched words (title and body positions, as in the postings); `title_len` and
/// `body_len` the document's word counts. Only the
/// passage is tokenised and checked to be UTF-8, from the stored checkpoint
/// before it: the cost is the snippet's, not the document's.
pub fn snippet(
    text: &StoredText,
    (title_len, body_len): (u32, u32),
    hits: &[MatchedWord],
) -> Result<Vec<Segment>> {
    // Body word indices, sorted, one entry per word (its clauses together). Sorted as packed
    // `u64` keys (word index, hit): the one sort instantiation the module has.
    let mut keys: Vec<u64> = hits
        .iter()
        .enumerate()
        .filter_map(|(i, w)| match locate(w.position, title_len) {
            (false, index) => Some(u64::from(index) << 32 | i as u64),
            (true, _) => None,
        })
        .collect();
    keys.sort_unstable();
    let mut body: Vec<(u32, u64)> = Vec::with_capacity(keys.len());
    for key in keys {
        let index = (key >> 32) as u32;
        let clauses = hits.get(key as u32 as usize).map_or(0, |w| w.clauses);
        match body.last_mut() {
            Some(last) if last.0 == index => last.1 |= clauses,
            _ => body.push((index, clauses)),
        }
    }

    // Slide a window of SNIPPET_WORDS words over the hits.
    let width = SNIPPET_WORDS as u32;
    let mut counts = [0u32; 64];
    let mut best = (0u32, 0u32, 0usize); // (first word, distinct clauses, matches)
    let mut end = 0;
    for start in 0..body.len() {
        while end < body.len() && body[end].0 < body[start].0 + width {
            add_mask(&mut counts, body[end].1, 1);
            end += 1;
        }
        let distinct = counts.iter().filter(|&&c| c > 0).count() as u32;
        if (distinct, end - start) > (best.1, best.2) {
            best = (body[start].0, distinct, end - start);
        }
        add_mask(&mut counts, body[start].1, u32::MAX);
    }
    let first = if best.2 > 0 {
        best.0.saturating_sub(CONTEXT_BEFORE)
    } else {
        0
    };

    // The last SNIPPET_WORDS words up to word `first + width - 1`: near the end of
    // the text the window slides back so the snippet still has its full length. The
    // body's word count (a lower bound: the document table saturates it) says how far
    // it slides, so the walk starts at the window's first word, from the checkpoint
    // before it.
    let mut window: VecDeque<(u32, usize, usize)> = VecDeque::with_capacity(SNIPPET_WORDS + 1);
    let passage = text.walk(first.min(body_len.saturating_sub(width)), |index, s, e| {
        window.push_back((index, s, e));
        if window.len() > SNIPPET_WORDS {
            window.pop_front();
        }
        index + 1 >= first + width
    })?;
    let (Some(&(_, mut from, _)), Some(&(_, _, to))) = (window.front(), window.back()) else {
        return Ok(Vec::new());
    };
    if to - from > MAX_SNIPPET_BYTES {
        // Too long for the bound: start at the first match, not the context before it.
        if let Some(&(_, s, _)) = window
            .iter()
            .find(|(i, _, _)| body.binary_search_by_key(i, |&(j, _)| j).is_ok())
        {
            from = s;
        }
    }
    // Only the part shown is checked to be UTF-8 (the walk tokenised without checking).
    let text = passage.text(from, to.min(from.saturating_add(MAX_SNIPPET_BYTES)))?;
    let to = from + text.len();

    let mut segments = Vec::new();
    let mut cursor = from;
    for &(index, s, e) in &window {
        if s < from {
            continue;
        }
        if s >= to {
            break;
        }
        if body.binary_search_by_key(&index, |&(i, _)| i).is_ok() {
            let e = e.min(to);
            if s > cursor {
                segments.push(Segment {
                    text: text
                        .get(cursor - from..s - from)
                        .unwrap_or_default()
                        .to_string(),
                    hit: false,
                });
            }
            segments.push(Segment {
                text: text.get(s - from..e - from).unwrap_or_default().to_string(),
                hit: true,
            });
            cursor = e;
        }
    }
    if to > cursor {
        segments.push(Segment {
            text: text.get(cursor - from..).unwrap_or_default().to_string(),
            hit: false,
        });
    }
    Ok(segments)
}

/// The whole title as segments, matched words marked: joined, the segments
/// are the title verbatim. Titles are short (an index holds at most 65,535
/// title words); the text is cut at [`MAX_SNIPPET_BYTES`] only past the last
/// matched word, never inside the part a reader sees first.
pub fn title_segments(title: &str, title_len: u32, hits: &[MatchedWord]) -> Vec<Segment> {
    let mut matched = hits
        .iter()
        .filter(|w| w.position < title_len)
        .map(|w| w.position)
        .peekable();
    let mut segments = Vec::new();
    let mut cursor = 0;
    for (index, (s, e)) in analysis::word_spans(title).enumerate() {
        let Some(&next) = matched.peek() else {
            break;
        };
        if index as u32 != next {
            continue;
        }
        while matched.peek() == Some(&next) {
            matched.next();
        }
        if s > cursor {
            segments.push(Segment {
                text: title.get(cursor..s).unwrap_or_default().to_string(),
                hit: false,
            });
        }
        segments.push(Segment {
            text: title.get(s..e).unwrap_or_default().to_string(),
            hit: true,
        });
        cursor = e;
    }
    if cursor < title.len() {
        segments.push(Segment {
            text: title.get(cursor..).unwrap_or_default().to_string(),
            hit: false,
        });
    }
    segments
}

fn add_mask(counts: &mut [u32; 64], mask: u64, delta: u32) {
    let mut bits = mask;
    while bits != 0 {
        let bit = bits.trailing_zeros() as usize;
        counts[bit] = counts[bit].wrapping_add(delta);
        bits &= bits - 1;
    }
}
