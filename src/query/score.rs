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
    pub const STEM: f32 = 0.7;
    pub const PREFIX: f32 = 0.55;
    pub const PREFIX_BARE: f32 = 0.45;
    pub const FUZZY_1: f32 = 0.4;
    pub const FUZZY_2: f32 = 0.25;
}

/// A query written with diacritics multiplies the score of documents that
/// carry the same diacritics on the matched word by this (a bonus, never a filter).
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
        const { assert!(weight::EXACT > weight::STEM && weight::STEM > weight::PREFIX) };
        const { assert!(weight::PREFIX > weight::FUZZY_1 && weight::FUZZY_1 > weight::FUZZY_2) };
    }
}
