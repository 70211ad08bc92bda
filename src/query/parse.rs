//! Query grammar: string → clauses. Knows nothing of the index.
//!
//! - words are ANDed: `بوتين هاربين`
//! - `"..."` (or `“...”`, `«...»`) is an exact phrase; an unclosed quote runs to the end
//! - `-word` / `-"phrase"` excludes documents containing it
//! - the last word is also a prefix while it is being typed (no trailing space)

use crate::analysis;

/// The longest query read, in bytes; the rest is ignored (a pasted
/// megabyte must not cost a megabyte of work).
pub const MAX_QUERY_BYTES: usize = 1024;
/// The most words a query uses (terms and phrase words together).
pub const MAX_QUERY_WORDS: usize = 16;

/// One analysed query word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// Normalised form, what the index is searched for.
    pub normalized: String,
    /// As typed, diacritics included (for the diacritics bonus and suggestions).
    pub original: String,
    pub stopword: bool,
    /// The user may still be typing this word.
    pub prefix: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clause {
    Term(Term),
    Phrase(Vec<Term>),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// What a document must match (all of it, or as much as any document does).
    pub required: Vec<Clause>,
    /// What a document must not match.
    pub excluded: Vec<Clause>,
}

impl Query {
    pub fn is_empty(&self) -> bool {
        self.required.is_empty()
    }
}

fn is_open_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '«' | '„')
}

fn is_close_quote(c: char) -> bool {
    matches!(c, '"' | '”' | '»' | '“')
}

/// Parse a query string.
pub fn parse(query: &str) -> Query {
    let query = truncate(query, MAX_QUERY_BYTES);
    let mut out = Query::default();
    let mut words = 0;
    let mut rest = query;
    loop {
        rest = rest.trim_start();
        if rest.is_empty() || words >= MAX_QUERY_WORDS {
            break;
        }
        let (negated, body) = match rest.strip_prefix('-') {
            Some(after) if after.starts_with(|c: char| !c.is_whitespace()) => (true, after),
            _ => (false, rest),
        };
        let first = body.chars().next().expect("not empty");
        let (chunk, after, phrase) = if is_open_quote(first) {
            let inner = body.strip_prefix(first).unwrap_or(body);
            match inner.split_once(is_close_quote) {
                Some((chunk, after)) => (chunk, after, true),
                None => (inner, "", true),
            }
        } else {
            let end = body
                .char_indices()
                .find(|&(_, c)| c.is_whitespace() || is_open_quote(c))
                .map_or(body.len(), |(i, _)| i);
            let (chunk, after) = body.split_at_checked(end).unwrap_or((body, ""));
            (chunk, after, false)
        };
        rest = after;
        let mut terms = terms_of(chunk, MAX_QUERY_WORDS - words);
        words += terms.len();
        if terms.is_empty() {
            continue;
        }
        let target = if negated {
            &mut out.excluded
        } else {
            &mut out.required
        };
        if phrase && terms.len() > 1 {
            target.push(Clause::Phrase(terms));
        } else if phrase {
            // A quoted single word: exact form only, never a prefix.
            target.push(Clause::Phrase(terms));
        } else {
            // The word being typed: the chunk runs to the end of the query and
            // its last token to the end of the chunk ("بوتين." is complete).
            let typing = !negated
                && after.is_empty()
                && analysis::word_spans(chunk).last().map(|(_, end)| end) == Some(chunk.len());
            if typing {
                if let Some(last) = terms.last_mut() {
                    last.prefix = true;
                }
            }
            target.extend(terms.into_iter().map(Clause::Term));
        }
    }
    out
}

/// The analysed words of a piece of query text (the analyser's tokens: a
/// character whose normalised form is several words gives several terms).
fn terms_of(text: &str, max: usize) -> Vec<Term> {
    analysis::analyze(text)
        .into_iter()
        .take(max)
        .map(|token| Term {
            stopword: analysis::is_stopword(&token.normalized),
            original: text
                .get(token.start..token.end)
                .unwrap_or_default()
                .to_string(),
            normalized: token.normalized,
            prefix: false,
        })
        .collect()
}

/// `s` cut to at most `max` bytes, at a character boundary.
pub fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.get(..end).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn describe(q: &Query) -> String {
        let term = |t: &Term| format!("{}{}", t.normalized, if t.prefix { "*" } else { "" });
        let clause = |c: &Clause| match c {
            Clause::Term(t) => term(t),
            Clause::Phrase(ts) => {
                format!("\"{}\"", ts.iter().map(term).collect::<Vec<_>>().join(" "))
            }
        };
        let mut parts: Vec<String> = q.required.iter().map(clause).collect();
        parts.extend(q.excluded.iter().map(|c| format!("-{}", clause(c))));
        parts.join(" | ")
    }

    #[test]
    fn grammar_table() {
        let cases = [
            ("بوتين", "بوتين*"),
            ("بوتين ", "بوتين"),
            ("بوتين هاربين", "بوتين | هاربين*"),
            ("\"شي جين بينج\"", "\"شي جين بينج\""),
            ("\"شي جين", "\"شي جين\""),
            ("«شي جين» بوتين", "\"شي جين\" | بوتين*"),
            ("بوتين -أوكرانيا", "بوتين | -اوكرانيا"),
            ("بوتين -\"شي جين\"", "بوتين | -\"شي جين\""),
            ("covid-19", "covid | 19*"),
            ("بوتين.", "بوتين"),
            ("- بوتين", "بوتين*"),
            ("\"بوتين\"", "\"بوتين\""),
            ("", ""),
            ("   ", ""),
            ("؟!،", ""),
            ("\u{064E}\u{0650}", ""),
            ("-", ""),
            ("\"\"", ""),
        ];
        for (query, want) in cases {
            assert_eq!(describe(&parse(query)), want, "{query:?}");
        }
    }

    #[test]
    fn long_queries_are_bounded() {
        let long = "كلمة ".repeat(100_000);
        let q = parse(&long);
        assert_eq!(q.required.len(), MAX_QUERY_WORDS);
        assert_eq!(truncate("ابت", 3), "ا");
        assert_eq!(truncate("abc", 10), "abc");
    }
}
