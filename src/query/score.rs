//! Scoring: BM25F, then bonuses that BM25 cannot see (exact forms,
//! proximity, the title holding the query, diacritics).
//!
//! BM25F: BM25 over two fields (title, body) whose term frequencies are
//! length-normalised per field, weighted, and summed before saturation, so a
//! word in the title counts more than one in the body without a title match
//! swamping everything else (Robertson & Zaragoza, "The Probabilistic
//! Relevance Framework: BM25 and Beyond", 2009).

/// Term-frequency saturation.
pub const K1: f32 = 1.2;
/// Length normalisation of the body.
pub const B_BODY: f32 = 0.75;
/// Titles are short and similar in length: normalise them less.
pub const B_TITLE: f32 = 0.5;
/// One occurrence in the title is worth this many in the body.
pub const TITLE_BOOST: f32 = 2.5;

/// How much each way of matching a query word is worth, relative to the exact
/// normalised form. An exact match always scores above a stem-only match with
/// the same frequencies; typos and unfinished words score below both.
pub mod weight {
    pub const EXACT: f32 = 1.0;
    /// The same word with other proclitics (والصين for الصين, بموسى for
    /// موسى); a query with the article asks for it (معروف is a stem variant
    /// of المعروف, not the same word).
    pub const CLITIC: f32 = 0.9;
    pub const STEM: f32 = 0.7;
    pub const PREFIX: f32 = 0.55;
    pub const PREFIX_BARE: f32 = 0.45;
    pub const FUZZY_1: f32 = 0.4;
    pub const FUZZY_2: f32 = 0.25;
}

/// A document's score is multiplied by `1 + EXACT_BONUS × (share of the
/// query's clauses it matches through the query word itself, up to
/// proclitics)`: الصدقة and بالصدقة above صدقة and الصدقات, whatever their frequencies.
pub const EXACT_BONUS: f32 = 1.0;
/// Documents that get the proximity and title bonuses: the best-scored ones,
/// the same number whatever `limit` and `offset` are, so paging or a bigger
/// page never reorders the results.
pub const RERANK_WINDOW: usize = 64;
/// At most `1 + PROXIMITY_BONUS` for query words next to each other, in any
/// field, falling with the distance between them.
pub const PROXIMITY_BONUS: f32 = 0.5;
/// Title bonuses: each clause in the title (`TITLE_WORDS`, `TITLE_EXACT` when
/// as typed), all of them consecutive and in order (`TITLE_PHRASE`), and the
/// title starting with them (`TITLE_START`): a headline that holds the query
/// ranks first (بوتين → «بوتين يؤكد…»).
pub const TITLE_WORDS: f32 = 0.25;
pub const TITLE_EXACT: f32 = 0.25;
pub const TITLE_PHRASE: f32 = 0.5;
pub const TITLE_START: f32 = 0.5;

/// The proximity and title bonus of one document, from its matched words
/// (sorted by position), the title's length, and each clause's length in words.
pub fn position_bonus(words: &[super::MatchedWord], title_len: u32, clause_len: &[u32]) -> f32 {
    let n = clause_len.len().min(64);
    if n == 0 {
        return 1.0;
    }
    let all: u64 = if n == 64 { u64::MAX } else { (1u64 << n) - 1 };
    let share = |mask: u64| (mask & all).count_ones() as f32 / n as f32;
    let mut in_title = 0u64;
    let mut exact_in_title = 0u64;
    for w in words.iter().take_while(|w| w.position < title_len) {
        in_title |= w.clauses;
        if w.exact {
            exact_in_title |= w.clauses;
        }
    }
    let mut factor = 1.0 + TITLE_WORDS * share(in_title) + TITLE_EXACT * share(exact_in_title);
    if in_title & all == all {
        // The clauses one after the other: clause i+1 starts where clause i ends.
        let has = |position: u32, clause: usize| {
            words
                .binary_search_by_key(&position, |w| w.position)
                .is_ok_and(|i| words[i].clauses & (1 << clause) != 0)
        };
        let chain = words
            .iter()
            .take_while(|w| w.position < title_len)
            .filter(|w| w.clauses & 1 != 0)
            .map(|w| w.position)
            .find(|&start| {
                let mut at = start;
                (0..n).all(|c| {
                    let ok = at < title_len && has(at, c);
                    at = at.saturating_add(clause_len[c]);
                    ok
                })
            });
        if let Some(start) = chain {
            factor += TITLE_PHRASE;
            if start == 0 {
                factor += TITLE_START;
            }
        }
    }
    if n > 1 {
        factor *= 1.0 + PROXIMITY_BONUS * proximity(words, all, clause_len.iter().sum());
    }
    factor
}

/// `ideal / span` of the shortest run of words holding every clause (1 when
/// they are adjacent), 0 when some clause is missing.
fn proximity(words: &[super::MatchedWord], all: u64, ideal: u32) -> f32 {
    let mut counts = [0u32; 64];
    let mut covered = 0u64;
    let mut best = u32::MAX;
    let mut first = 0;
    for last in 0..words.len() {
        add(&mut counts, &mut covered, words[last].clauses & all, true);
        while covered == all {
            best = best.min(words[last].position - words[first].position + 1);
            add(&mut counts, &mut covered, words[first].clauses & all, false);
            first += 1;
        }
    }
    if best == u32::MAX {
        0.0
    } else {
        (ideal as f32 / best as f32).min(1.0)
    }
}

fn add(counts: &mut [u32; 64], covered: &mut u64, mask: u64, plus: bool) {
    let mut bits = mask;
    while bits != 0 {
        let bit = bits.trailing_zeros() as usize;
        if plus {
            counts[bit] += 1;
            *covered |= 1 << bit;
        } else {
            counts[bit] -= 1;
            if counts[bit] == 0 {
                *covered &= !(1 << bit);
            }
        }
        bits &= bits - 1;
    }
}

/// A query written with diacritics multiplies the score of documents whose matched word
/// carries them ([`crate::analysis::Harakat::carries`]) by this (a bonus, never a filter).
pub const DIACRITICS_BONUS: f32 = 1.3;

/// Inverse document frequency, always positive (as in Lucene's BM25).
pub fn idf(documents: u32, df: u32) -> f32 {
    let n = documents as f32;
    let df = df as f32;
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// Collection statistics a document's lengths are compared with.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub average_title: f32,
    pub average_body: f32,
}

impl Fields {
    /// The weighted, length-normalised frequency of one match in a document.
    #[inline]
    pub fn frequency(&self, title_tf: f32, body_tf: f32, lengths: (u32, u32)) -> f32 {
        let norm = |b: f32, len: u32, average: f32| 1.0 - b + b * (len as f32) / average.max(1.0);
        TITLE_BOOST * title_tf / norm(B_TITLE, lengths.0, self.average_title)
            + body_tf / norm(B_BODY, lengths.1, self.average_body)
    }
}

/// BM25 saturation of a weighted frequency.
#[inline]
pub fn saturate(frequency: f32) -> f32 {
    frequency * (K1 + 1.0) / (frequency + K1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rarer_words_and_more_occurrences_score_higher() {
        assert!(idf(100, 1) > idf(100, 50));
        assert!(idf(5, 5) > 0.0, "a word in every document still counts");
        assert!(saturate(2.0) > saturate(1.0));
        assert!(saturate(1000.0) < K1 + 1.0, "frequency saturates");
        let fields = Fields {
            average_title: 8.0,
            average_body: 500.0,
        };
        let title = fields.frequency(1.0, 0.0, (8, 500));
        let body = fields.frequency(0.0, 1.0, (8, 500));
        assert!(title > body, "title occurrences weigh more");
        let short = fields.frequency(0.0, 1.0, (8, 100));
        assert!(short > body, "the same count in a shorter body weighs more");
        const { assert!(weight::EXACT > weight::CLITIC && weight::CLITIC > weight::STEM) };
        const { assert!(weight::STEM > weight::PREFIX) };
        const { assert!(weight::PREFIX > weight::FUZZY_1 && weight::FUZZY_1 > weight::FUZZY_2) };
    }

    fn w(position: u32, clauses: u64, exact: bool) -> super::super::MatchedWord {
        super::super::MatchedWord {
            position,
            clauses,
            exact,
        }
    }

    #[test]
    fn a_title_holding_the_query_scores_highest() {
        // Title of 5 words; two clauses.
        let starts = position_bonus(&[w(0, 1, true), w(1, 2, true)], 5, &[1, 1]);
        let inside = position_bonus(&[w(2, 1, true), w(3, 2, true)], 5, &[1, 1]);
        let apart = position_bonus(&[w(0, 1, true), w(3, 2, true)], 5, &[1, 1]);
        let reversed = position_bonus(&[w(0, 2, true), w(1, 1, true)], 5, &[1, 1]);
        let body = position_bonus(&[w(10, 1, true), w(11, 2, true)], 5, &[1, 1]);
        let body_apart = position_bonus(&[w(10, 1, true), w(30, 2, true)], 5, &[1, 1]);
        assert!(starts > inside && inside > apart && inside > reversed);
        assert!(apart > body && body > body_apart && body_apart > 1.0);
        let clitic = position_bonus(&[w(1, 1, false)], 5, &[1]);
        let exact_first = position_bonus(&[w(0, 1, true)], 5, &[1]);
        assert!(exact_first > clitic, "«بوتين يؤكد» above «شي وبوتين»");
        assert_eq!(position_bonus(&[w(9, 1, true)], 5, &[1]), 1.0);
    }
}
