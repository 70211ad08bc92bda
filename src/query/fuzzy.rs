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
/// Larger distances are not matched fuzzily: a cell holds at most `MAX_DISTANCE + 1` in two
/// bits.
pub const MAX_DISTANCE: u8 = 2;

/// Matches the words within `distance` edits of `query`.
pub struct Levenshtein {
    query: Vec<char>,
    /// The first UTF-8 byte of each query character.
    leads: Vec<u8>,
    /// The low bit of each of the query's cells `1..=len` in a packed row.
    cells: u64,
    distance: u8,
}

/// One DP row is its cell 0 and, two bits each, its cells `1..=MAX_CHARS` (cell `i` at bits
/// `2 * (i - 1)`), every cell capped at the distance + 1 (at most 3): the state is 32 bytes,
/// not 80, and every byte step of the dictionary walk copies it.
#[derive(Clone, Copy)]
pub struct State {
    row: u64,
    previous_row: u64,
    row0: u8,
    previous_row0: u8,
    /// A UTF-8 sequence in progress: continuation bytes left, and bits so far.
    pending: u8,
    dead: bool,
    previous_char: char,
    partial: u32,
}

/// Cell `i` (`1..=MAX_CHARS`) of a packed row.
fn cell(row: u64, i: usize) -> u8 {
    ((row >> (2 * (i - 1))) & 3) as u8
}

impl Levenshtein {
    /// `None` when the query is too long, or the distance too large, to match fuzzily.
    pub fn new(query: &str, distance: u8) -> Option<Levenshtein> {
        let query: Vec<char> = query.chars().collect();
        if query.len() > MAX_CHARS || distance > MAX_DISTANCE {
            return None;
        }
        let leads = query
            .iter()
            .map(|c| c.encode_utf8(&mut [0; 4]).as_bytes()[0])
            .collect();
        let cells = (0..query.len()).fold(0u64, |m, k| m | 1 << (2 * k));
        Some(Levenshtein {
            query,
            leads,
            cells,
            distance,
        })
    }

    fn step(&self, state: &State, c: char) -> State {
        let cap = self.distance + 1;
        let row0 = state.row0.saturating_add(1).min(cap);
        let mut row = 0u64;
        let mut dead = row0 > self.distance;
        // The new row's cell i - 1, the old row's cell i - 1, the query's character i - 1.
        let mut left = row0;
        let mut diagonal = state.row0;
        let mut before = '\0';
        for (k, &q) in self.query.iter().enumerate() {
            let i = k + 1;
            let up = cell(state.row, i);
            let mut best = (diagonal + u8::from(q != c)).min(up + 1).min(left + 1);
            if i > 1 && q == state.previous_char && before == c {
                let two_back = if i == 2 {
                    state.previous_row0
                } else {
                    cell(state.previous_row, i - 2)
                };
                best = best.min(two_back + 1);
            }
            let value = best.min(cap);
            row |= u64::from(value) << (2 * k);
            dead &= value > self.distance;
            left = value;
            diagonal = up;
            before = q;
        }
        State {
            row,
            previous_row: state.row,
            row0,
            previous_row0: state.row0,
            pending: 0,
            dead,
            previous_char: c,
            partial: 0,
        }
    }

    /// Whether some character whose UTF-8 starts with `lead` may leave the automaton alive
    /// after `state`: never false when one does, so a walk can skip the continuation bytes.
    /// With a cell below the distance, any character does. Otherwise a cell stays within
    /// the distance only through a query character: one that matches after a cell at the
    /// distance (cell i - 1 for character i), or one that completes a transposition (the
    /// character before the one the previous step read, when the query has them in order).
    fn may_live_after_lead(&self, state: &State, lead: u8) -> bool {
        // Cells below the distance: 0 for distance 1, a clear high bit for distance 2.
        let below = match self.distance {
            0 => 0,
            1 => !(state.row | state.row >> 1) & self.cells,
            _ => !(state.row >> 1) & self.cells,
        };
        if state.row0 < self.distance || below != 0 {
            return true;
        }
        self.leads.iter().enumerate().any(|(k, &l)| {
            l == lead
                && ((if k == 0 {
                    state.row0
                } else {
                    cell(state.row, k)
                }) <= self.distance
                    || self.query.get(k + 1) == Some(&state.previous_char))
        })
    }

    /// Cell `query.len()` of a state's row: the distance so far to the whole query.
    fn last_cell(&self, state: &State) -> u8 {
        match self.query.len() {
            0 => state.row0,
            n => cell(state.row, n),
        }
    }
}

impl Levenshtein {
    /// Whether some word `w` with `lo <= w < hi` (`hi` `None`: no bound) may be within the
    /// distance: never false when one is (a split dictionary skips the blocks this rules out,
    /// so it must not skip one holding a match), true more often than needed. The automaton
    /// compares characters only for equality with the query's, so every other character
    /// steps it alike: one stands for them all, and each choice of next character costs at
    /// most one step per query character.
    pub fn may_match_between(&self, lo: &[u8], hi: Option<&[u8]>) -> bool {
        let Ok(lo) = std::str::from_utf8(lo) else {
            return true;
        };
        let hi = match hi.map(std::str::from_utf8) {
            None => None,
            Some(Ok(hi)) => Some(hi),
            Some(Err(_)) => return true,
        };
        let lo: Vec<char> = lo.chars().collect();
        let hi: Vec<char> = hi.map(|h| h.chars().collect()).unwrap_or_default();
        let bounded = !hi.is_empty();
        let mut state = self.start();
        let mut l = 0;
        while bounded && l < lo.len() && l < hi.len() && lo[l] == hi[l] {
            state = self.step(&state, lo[l]);
            if state.dead {
                return false;
            }
            l += 1;
        }
        let at = |v: &[char], i: usize| v.get(i).map(|&c| u32::from(c));
        // Below lo[l]: nothing; lo itself when it ends here.
        let low = match at(&lo, l) {
            Some(a) => a,
            None if self.is_match(&state) => return true,
            None => 0,
        };
        let high = if bounded {
            at(&hi, l).unwrap_or(0)
        } else {
            END
        };
        // Strictly between the two bounds, any continuation.
        let above_low = if at(&lo, l).is_some() { low + 1 } else { 0 };
        if self.any_char_lives(&state, above_low, high) {
            return true;
        }
        // Through lo[l], then at or above the rest of lo.
        if let Some(&a) = lo.get(l) {
            let mut s = self.step(&state, a);
            let mut d = l + 1;
            loop {
                if s.dead {
                    break;
                }
                let Some(&c) = lo.get(d) else {
                    return true; // lo itself and everything after it
                };
                if self.any_char_lives(&s, u32::from(c) + 1, END) {
                    return true;
                }
                s = self.step(&s, c);
                d += 1;
            }
        }
        // Through hi[l], then below the rest of hi.
        if let Some(&b) = hi.get(l).filter(|_| bounded) {
            let mut s = self.step(&state, b);
            for &c in &hi[l + 1..] {
                if s.dead {
                    return false;
                }
                if self.is_match(&s) || self.any_char_lives(&s, 0, u32::from(c)) {
                    return true;
                }
                s = self.step(&s, c);
            }
        }
        false
    }

    /// Whether some character in `from..to` leaves the automaton alive after `state`.
    fn any_char_lives(&self, state: &State, from: u32, to: u32) -> bool {
        let alive = |c: char| !self.step(state, c).dead;
        if self
            .query
            .iter()
            .any(|&c| (from..to).contains(&u32::from(c)) && alive(c))
        {
            return true;
        }
        // One character of the range that is not in the query, if there is one.
        let mut n = from;
        while n < to {
            match char::from_u32(n) {
                Some(c) if !self.query.contains(&c) => return alive(c),
                Some(_) => n += 1,
                None => n = n.max(0xE000).max(n + 1),
            }
        }
        false
    }
}

/// Past the last Unicode scalar value.
const END: u32 = 0x11_0000;

impl Automaton for Levenshtein {
    type State = State;

    fn start(&self) -> State {
        let cap = self.distance + 1;
        let mut row = 0u64;
        let mut previous_row = 0u64;
        for k in 0..self.query.len() {
            row |= u64::from(((k + 1) as u8).min(cap)) << (2 * k);
            previous_row |= u64::from(cap) << (2 * k);
        }
        State {
            row,
            previous_row,
            row0: 0,
            previous_row0: cap,
            pending: 0,
            dead: false,
            previous_char: '\0',
            partial: 0,
        }
    }

    fn is_match(&self, state: &State) -> bool {
        !state.dead && state.pending == 0 && self.last_cell(state) <= self.distance
    }

    fn can_match(&self, state: &State) -> bool {
        !state.dead
    }

    fn accept(&self, state: &State, byte: u8) -> State {
        if state.dead {
            return *state;
        }
        let mut next = *state;
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
        next.dead = !self.may_live_after_lead(state, byte);
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

    /// A block of a split dictionary may be skipped only when none of its words matches:
    /// every range between two words of a set, against a brute-force check.
    #[test]
    fn a_range_is_ruled_out_only_when_no_word_in_it_matches() {
        let mut words: Vec<&str> = vec![
            "",
            "ا",
            "اب",
            "الصلاة",
            "الصلاه",
            "الصلوات",
            "الصيام",
            "بوتين",
            "بوتن",
            "بيت",
            "ت",
            "صلاة",
            "صلاه",
            "صلى",
            "والصلاة",
            "ي",
            "يصلي",
            "\u{10FFFF}",
        ];
        words.sort_unstable();
        for query in ["الصلاة", "صلاة", "بوتين", "ي", "ابب"] {
            for distance in [1u8, 2] {
                let automaton = Levenshtein::new(query, distance).unwrap();
                for i in 0..words.len() {
                    for j in i + 1..=words.len() {
                        let hi = words.get(j).map(|w| w.as_bytes());
                        let inside = &words[i..j];
                        let matches = inside.iter().any(|w| distance_of(&automaton, w));
                        if matches {
                            assert!(
                                automaton.may_match_between(words[i].as_bytes(), hi),
                                "{query} ±{distance}: [{:?}, {:?}) holds a match",
                                words[i],
                                words.get(j)
                            );
                        }
                    }
                }
                // A range far from the query is ruled out.
                if query == "الصلاة" && distance == 1 {
                    assert!(
                        !automaton.may_match_between("بوتين".as_bytes(), Some("بيت".as_bytes()))
                    );
                }
            }
        }
    }

    fn distance_of(automaton: &Levenshtein, word: &str) -> bool {
        let mut state = automaton.start();
        for &b in word.as_bytes() {
            state = automaton.accept(&state, b);
        }
        automaton.is_match(&state)
    }

    /// The packed row holds every cell up to the longest query: words differing from a
    /// `MAX_CHARS` query in its last characters (the row's top bits), against `distance`.
    #[test]
    fn the_longest_query_is_matched_to_its_last_character() {
        let query = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأؤ";
        assert_eq!(query.chars().count(), MAX_CHARS);
        let chars: Vec<char> = query.chars().collect();
        let with = |tail: &str| chars[..MAX_CHARS - 2].iter().collect::<String>() + tail;
        let words = [
            query.to_string(),
            with("ؤأ"),  // transposed
            with("أ"),   // one left out
            with("ا"),   // substituted, one left out
            with("أؤؤ"), // one added
            with("ؤؤؤ"), // substituted, added
            with(""),    // two left out
            with("ببب"), // three edits
            chars[1..].iter().collect::<String>(),
        ];
        for d in 0..=MAX_DISTANCE {
            let automaton = Levenshtein::new(query, d).unwrap();
            for word in &words {
                assert_eq!(
                    distance_of(&automaton, word),
                    distance(query, word) <= usize::from(d),
                    "{word} within {d}"
                );
            }
        }
    }

    /// A lead byte kills the state only when every character it starts would: every state
    /// some prefix of a word reaches, every two-byte lead, every character of each.
    #[test]
    fn a_lead_byte_kills_only_when_every_character_it_starts_does() {
        let words = [
            "بوتين",
            "بتوين",
            "فرعون",
            "فرعوم",
            "الصلاة",
            "بوبوت",
            "نيتوب",
            "abcd",
            "bacd",
            "ab",
            "éé",
        ];
        for query in ["بوتين", "فرعوم", "ابب", "abc", "é", ""] {
            for d in 0..=MAX_DISTANCE {
                let automaton = Levenshtein::new(query, d).unwrap();
                for word in words {
                    let mut state = automaton.start();
                    for c in word.chars() {
                        for lead in 0xC2..=0xDFu8 {
                            if automaton.may_live_after_lead(&state, lead) {
                                continue;
                            }
                            for low in 0..64u32 {
                                let c = char::from_u32(u32::from(lead & 0x1F) << 6 | low).unwrap();
                                assert!(
                                    automaton.step(&state, c).dead,
                                    "{query} ±{d}: after a prefix of {word}, {c:?} lives"
                                );
                            }
                        }
                        state = automaton.step(&state, c);
                    }
                }
            }
        }
    }

    #[test]
    fn overlong_queries_are_refused() {
        assert!(Levenshtein::new(&"ب".repeat(MAX_CHARS + 1), 1).is_none());
        assert!(Levenshtein::new(&"ب".repeat(MAX_CHARS), 2).is_some());
        assert!(Levenshtein::new("بوتين", MAX_DISTANCE + 1).is_none());
    }
}
