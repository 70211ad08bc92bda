//! Plain-text files read as scraped articles (the seed corpus is one): the
//! headline line becomes the title, a leading date line the date, and the
//! debris a scraper leaves (an `ADVERTISEMENT` line, a headline repeated
//! under itself, a site footer) is dropped. These heuristics are for `.txt`
//! files only; Markdown, HTML and JSON documents never go through them.
//!
//! Uses only `std`: compiled into the library and into `build.rs`.

use super::Document;

/// A title for a document that has none: the lead clause of its first line
/// (cut at a clause boundary so it reads as a headline, `…` when cut), or the
/// id when the text is empty. Applied on every path by [`super::from_fields`].
pub fn derive_title(id: &str, text: &str) -> String {
    match text.lines().map(clean_line).find(|l| !l.is_empty()) {
        Some(lead) => title_from_lead(lead),
        None => id.to_string(),
    }
}

/// The most words a title derived from a lead sentence may have.
const DERIVED_TITLE_WORDS: usize = 16;
/// A first line longer than this is a paragraph, not a headline.
const HEADLINE_MAX_WORDS: usize = 24;

impl Document {
    /// Read a scraped article: the headline becomes the title, a leading date
    /// line becomes `date`, and scraping debris (an `ADVERTISEMENT` line, a
    /// headline repeated under itself, a site footer) is dropped from the text.
    /// A file without a headline gets its lead clause as title.
    pub fn from_text(id: &str, content: &str) -> Document {
        let content = content.strip_prefix('\u{FEFF}').unwrap_or(content);
        let mut lines: Vec<&str> = content.lines().map(clean_line).collect();
        let mut date = None;

        // Leading debris: empty lines, date lines, advertisement markers.
        let mut first = 0;
        while first < lines.len() {
            let line = lines[first];
            if line.is_empty() || is_debris(line) {
                first += 1;
            } else if let Some((found, rest)) = leading_date(line) {
                date.get_or_insert(found);
                if rest.is_empty() {
                    first += 1;
                } else {
                    lines[first] = rest;
                    break;
                }
            } else {
                break;
            }
        }
        let lines = &lines[first..];

        // Trailing debris: footers, "leave a reply", copyright lines.
        let mut last = lines.len();
        while last > 0 && (lines[last - 1].is_empty() || is_footer(lines[last - 1])) {
            last -= 1;
        }
        let lines = &lines[..last];

        let Some(&lead) = lines.first() else {
            return Document {
                id: id.to_string(),
                title: id.to_string(),
                date,
                ..Document::default()
            };
        };
        let (title, body_start) = if is_headline(lead) {
            // A headline repeated as the first line of the body is scraping noise.
            let mut next = 1;
            while next < lines.len() && lines[next].is_empty() {
                next += 1;
            }
            let skip = if lines.get(next) == Some(&lead) {
                next + 1
            } else {
                1
            };
            (lead.to_string(), skip)
        } else {
            (title_from_lead(lead), 0)
        };

        let body: Vec<&str> = lines[body_start..]
            .iter()
            .copied()
            .filter(|line| !is_debris(line))
            .collect();
        let text = body.join("\n").trim_matches('\n').to_string();
        Document {
            id: id.to_string(),
            title,
            date,
            text,
            ..Document::default()
        }
    }
}

fn clean_line(line: &str) -> &str {
    line.trim_matches(|c: char| c.is_whitespace() || c == '\u{200F}' || c == '\u{200E}')
}

fn word_count(line: &str) -> usize {
    line.split_whitespace().count()
}

/// Lines a scraper leaves in the middle of an article.
fn is_debris(line: &str) -> bool {
    let lower = line.to_lowercase();
    matches!(
        lower.as_str(),
        "advertisement" | "ad" | "إعلان" | "اعلان" | "sponsored"
    )
}

/// Lines that end a scraped page rather than an article.
fn is_footer(line: &str) -> bool {
    let words = word_count(line);
    line.contains('©')
        || line.contains("جميع الحقوق محفوظة")
        || line.contains("حقوق النشر")
        || line.to_lowercase().contains("all rights reserved")
        || matches!(
            line,
            "اترك رد" | "اترك تعليقا" | "اترك تعليقاً" | "شارك" | "شارك المقال"
        )
        || (words <= 4 && (line.ends_with(':') || line.ends_with('：')))
        || is_debris(line)
}

fn is_headline(line: &str) -> bool {
    let words = word_count(line);
    words <= HEADLINE_MAX_WORDS && !line.ends_with('.') && !line.ends_with('،')
}

/// A title for an article that has none: its lead sentence, cut at a clause
/// boundary (Arabic or Latin comma) so it reads as a headline, with an
/// ellipsis when something was cut.
fn title_from_lead(lead: &str) -> String {
    let sentence_end = lead
        .char_indices()
        .find(|&(_, c)| matches!(c, '.' | '!' | '?' | '؟'))
        .map_or(lead.len(), |(i, _)| i);
    let sentence = &lead[..sentence_end];
    let mut title = String::new();
    let mut words = 0;
    for clause in sentence.split_inclusive(['،', ',', '؛', ';']) {
        let clause_words = word_count(clause);
        if words + clause_words > DERIVED_TITLE_WORDS {
            break;
        }
        title.push_str(clause);
        words += clause_words;
    }
    if title.is_empty() {
        // One clause longer than a headline: cut at a word boundary.
        title = sentence
            .split_whitespace()
            .take(DERIVED_TITLE_WORDS * 3 / 4)
            .collect::<Vec<_>>()
            .join(" ");
    }
    let title = title
        .trim_end_matches(['،', ',', '؛', ';', ' '])
        .to_string();
    if title.len() < lead.trim_end_matches(['.', ' ']).len() {
        format!("{title}…")
    } else {
        title
    }
}

/// A date at the start of a line: `2025-09-02`, `date 2025-09-02`,
/// `19 - 05 - 2025`, `19/05/2025` (ASCII or Arabic-Indic digits). Returns the
/// ISO date and the rest of the line.
fn leading_date(line: &str) -> Option<(String, &str)> {
    let mut rest = line;
    for label in ["date", "Date", "DATE", "التاريخ", "تاريخ"] {
        if let Some(r) = rest.strip_prefix(label) {
            rest = r.trim_start_matches([' ', ':']);
            break;
        }
    }
    let (numbers, used) = leading_numbers(rest);
    let (y, m, d) = match numbers.as_slice() {
        [(a, 4), (b, 1..=2), (c, 1..=2), ..] => (*a, *b, *c),
        [(a, 1..=2), (b, 1..=2), (c, 4), ..] => (*c, *b, *a),
        _ => return None,
    };
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some((format!("{y:04}-{m:02}-{d:02}"), rest[used..].trim_start()))
}

/// The first three numbers of `s` separated by `-`, `/` or `.` (spaces allowed
/// around them), each with its digit count, and how many bytes they span.
fn leading_numbers(s: &str) -> (Vec<(u32, usize)>, usize) {
    let mut numbers = Vec::new();
    let mut value = 0u32;
    let mut digits = 0usize;
    let mut used = 0;
    for (i, c) in s.char_indices() {
        let digit = c.to_digit(10).or_else(|| match c {
            '\u{0660}'..='\u{0669}' => Some(c as u32 - 0x0660),
            '\u{06F0}'..='\u{06F9}' => Some(c as u32 - 0x06F0),
            _ => None,
        });
        if let Some(d) = digit {
            if digits >= 4 {
                return (Vec::new(), 0);
            }
            value = value * 10 + d;
            digits += 1;
            used = i + c.len_utf8();
            continue;
        }
        if digits > 0 {
            numbers.push((value, digits));
            value = 0;
            digits = 0;
            if numbers.len() == 3 {
                return (numbers, used);
            }
        }
        if !matches!(c, '-' | '/' | '.' | ' ') || numbers.is_empty() {
            break;
        }
    }
    if digits > 0 {
        numbers.push((value, digits));
    }
    if numbers.len() == 3 {
        (numbers, used)
    } else {
        (Vec::new(), 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_at_the_start_of_a_line() {
        let cases = [
            ("19 - 05 - 2025", Some(("2025-05-19", ""))),
            (
                "date 2025-09-02 أكد الرئيس",
                Some(("2025-09-02", "أكد الرئيس")),
            ),
            ("2024/1/7", Some(("2024-01-07", ""))),
            ("١٩-٠٥-٢٠٢٥", Some(("2025-05-19", ""))),
            ("13 - 13 - 2025", None),
            ("بوتين 2025", None),
            ("12345-1-1", None),
            ("", None),
        ];
        for (line, want) in cases {
            let got = leading_date(line);
            let got = got.as_ref().map(|(d, r)| (d.as_str(), *r));
            assert_eq!(got, want, "{line:?}");
        }
    }

    #[test]
    fn headline_date_and_debris() {
        let doc = Document::from_text(
            "x",
            "19 - 05 - 2025\n\nعنوان الخبر\n\nعنوان الخبر\n\nنص الخبر.\nADVERTISEMENT\nتتمة.\n\nقد يهمك:\nاترك رد\nحقوق النشر © 2024\n",
        );
        assert_eq!(doc.title, "عنوان الخبر");
        assert_eq!(doc.date.as_deref(), Some("2025-05-19"));
        assert_eq!(doc.text, "نص الخبر.\nتتمة.");
    }

    #[test]
    fn a_paragraph_is_not_a_headline() {
        let lead = "أكد الرئيس الروسي فلاديمير بوتين، اليوم الثلاثاء، أن العلاقات بين موسكو وبكين \
                    ارتقت إلى مستوى غير مسبوق، وذلك خلال لقائه مع نظيره الصيني في العاصمة بكين.";
        let doc = Document::from_text("x", &format!("date 2025-09-02 {lead}\n\nفقرة ثانية."));
        assert_eq!(doc.date.as_deref(), Some("2025-09-02"));
        assert!(doc
            .title
            .starts_with("أكد الرئيس الروسي فلاديمير بوتين، اليوم الثلاثاء"));
        assert!(doc.title.ends_with('…'), "{}", doc.title);
        assert!(word_count(&doc.title) <= DERIVED_TITLE_WORDS);
        assert!(
            doc.text.starts_with("أكد الرئيس"),
            "the lead stays in the body"
        );
    }

    #[test]
    fn empty_and_blank_files_get_their_id_as_title() {
        for content in ["", "\n\n", "\u{FEFF}", "ADVERTISEMENT\n"] {
            let doc = Document::from_text("empty", content);
            assert_eq!(doc.title, "empty");
            assert_eq!(doc.text, "");
        }
    }
}
