//! Typo tolerance: a character-level Levenshtein automaton (with adjacent
//! transpositions) that walks the fst directly.
//!
//! fst's own `levenshtein` feature builds a full DFA up front and "can use
//! enormous amounts of memory"; this one keeps one DP row per state on the
//! stack and prunes a branch as soon as every cell exceeds the distance, so a
//! search costs a few thousand small steps. It works on characters, not bytes:
//! an Arabic letter is two UTF-8 bytes but one edit.

use fst::Automaton;

/// Queries longer than this (in characters) are not matched fuzzily.
pub const MAX_CHARS: usize = 32;
const ROW: usize = MAX_CHARS + 1;

/// Matches the words within `distance` edits of `query`.
pub struct Levenshtein {
    query: Vec<char>,
    distance: u8,
}

#[derive(Clone)]
pub struct State {
    row: [u8; ROW],
    previous_row: [u8; ROW],
    previous_char: char,
    /// A UTF-8 sequence in progress: bits so far and continuation bytes left.
    partial: u32,
    pending: u8,
    dead: bool,
}

impl Levenshtein {
    /// `None` when the query is too long to match fuzzily.
    pub fn new(query: &str, distance: u8) -> Option<Levenshtein> {
        let query: Vec<char> = query.chars().collect();
        (query.len() <= MAX_CHARS).then_some(Levenshtein { query, distance })
    }

    fn step(&self, state: &State, c: char) -> State {
        let n = self.query.len();
        let cap = self.distance + 1;
        let mut row = [cap; ROW];
        row[0] = state.row[0].saturating_add(1).min(cap);
        for i in 1..=n {
            let substitution = state.row[i - 1] + u8::from(self.query[i - 1] != c);
            let mut best = substitution.min(state.row[i] + 1).min(row[i - 1] + 1);
            if i > 1 && self.query[i - 1] == state.previous_char && self.query[i - 2] == c {
                best = best.min(state.previous_row[i - 2] + 1);
            }
            row[i] = best.min(cap);
        }
        State {
            row,
            previous_row: state.row,
            previous_char: c,
            partial: 0,
            pending: 0,
            dead: row[..=n].iter().all(|&v| v > self.distance),
        }
    }
}

impl Automaton for Levenshtein {
    type State = State;

    fn start(&self) -> State {
        let mut row = [self.distance + 1; ROW];
        for (i, cell) in row.iter_mut().enumerate().take(self.query.len() + 1) {
            *cell = (i as u8).min(self.distance + 1);
        }
        State {
            row,
            previous_row: [self.distance + 1; ROW],
            previous_char: '\0',
            partial: 0,
            pending: 0,
            dead: false,
        }
    }

    fn is_match(&self, state: &State) -> bool {
        !state.dead && state.pending == 0 && state.row[self.query.len()] <= self.distance
    }

    fn can_match(&self, state: &State) -> bool {
        !state.dead
    }

    fn accept(&self, state: &State, byte: u8) -> State {
        if state.dead {
            return state.clone();
        }
        let mut next = state.clone();
        if state.pending > 0 {
            if byte & 0xC0 != 0x80 {
                next.dead = true;
                return next;
            }
            next.partial = (state.partial << 6) | u32::from(byte & 0x3F);
            next.pending -= 1;
            if next.pending > 0 {
                return next;
            }
            return match char::from_u32(next.partial) {
                Some(c) => self.step(state, c),
                None => State { dead: true, ..next },
            };
        }
        let (bits, pending) = match byte {
            0x00..=0x7F => return self.step(state, char::from(byte)),
            0xC0..=0xDF => (u32::from(byte & 0x1F), 1),
            0xE0..=0xEF => (u32::from(byte & 0x0F), 2),
            0xF0..=0xF7 => (u32::from(byte & 0x07), 3),
            _ => {
                next.dead = true;
                return next;
            }
        };
        next.partial = bits;
        next.pending = pending;
        next
    }
}

/// Edit distance (Levenshtein with adjacent transpositions) between two words,
/// to rank what the automaton found.
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut before: Vec<usize> = Vec::new();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut row = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            row[j] = (previous[j - 1] + cost)
                .min(previous[j] + 1)
                .min(row[j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                row[j] = row[j].min(before[j - 2] + 1);
            }
        }
        before = std::mem::replace(&mut previous, row);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use fst::{IntoStreamer, Set, Streamer};

    #[test]
    fn distance_table() {
        let cases = [
            ("بوتين", "بوتين", 0),
            ("بوتين", "بوتن", 1),
            ("بوتين", "بتوين", 1), // transposition
            ("بوتين", "بوتينن", 1),
            ("بوتين", "موتين", 1),
            ("بوتين", "بكين", 2),
            ("", "ab", 2),
            ("abc", "", 3),
        ];
        for (a, b, want) in cases {
            assert_eq!(distance(a, b), want, "{a} ~ {b}");
            assert_eq!(distance(b, a), want, "{b} ~ {a}");
        }
    }

    #[test]
    fn automaton_agrees_with_distance() {
        let words = [
            "بتوين",
            "بكين",
            "بوتن",
            "بوتين",
            "بوتينن",
            "موتين",
            "روسيا",
            "b",
            "bootin",
        ];
        let mut sorted = words.to_vec();
        sorted.sort();
        let set = Set::from_iter(sorted).unwrap();
        for query in ["بوتين", "بكين", "boutin"] {
            for d in 0..=2u8 {
                let automaton = Levenshtein::new(query, d).unwrap();
                let mut stream = set.search(&automaton).into_stream();
                let mut found = Vec::new();
                while let Some(key) = stream.next() {
                    found.push(String::from_utf8(key.to_vec()).unwrap());
                }
                let mut want: Vec<String> = words
                    .iter()
                    .filter(|w| distance(query, w) <= d as usize)
                    .map(|w| w.to_string())
                    .collect();
                want.sort();
                assert_eq!(found, want, "{query} within {d}");
            }
        }
    }

    #[test]
    fn overlong_queries_are_refused() {
        assert!(Levenshtein::new(&"ب".repeat(MAX_CHARS + 1), 1).is_none());
        assert!(Levenshtein::new(&"ب".repeat(MAX_CHARS), 2).is_some());
    }
}
