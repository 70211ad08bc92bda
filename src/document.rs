//! What a document is, and how a plain-text file becomes one.
//!
//! Compiled into the library and into `build.rs` (through `#[path]`), so it
//! uses only `std`.

/// A document as stored in the index and returned by [`crate::SearchIndex::document`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Document {
    /// Unique id; for a corpus folder, the file name without its extension.
    pub id: String,
    /// The headline shown in results.
    pub title: String,
    /// Publication date, ISO `YYYY-MM-DD` when it could be read from the text.
    pub date: Option<String>,
    /// Where the document lives, so a page can link a hit.
    pub url: Option<String>,
    /// The searchable body, verbatim (snippets are slices of it).
    pub text: String,
    /// Other metadata, kept in order and returned with hits.
    pub fields: Vec<(String, String)>,
}

impl Document {
    /// Set a field by name, as JSONL lines and JS objects name them: `id`,
    /// `title`, `text`, `url`, `date`; any other name is kept as metadata.
    pub fn set(&mut self, key: String, value: String) {
        match key.as_str() {
            "id" => self.id = value,
            "title" => self.title = value,
            "text" => self.text = value,
            "url" => self.url = Some(value),
            "date" => self.date = Some(value),
            _ => self.fields.push((key, value)),
        }
    }
}

impl Document {
    /// Read a file by its extension: `txt` (see [`Document::from_text`]),
    /// `md`/`markdown` ([`Document::from_markdown`]), `html`/`htm`
    /// ([`Document::from_html`]). `None` for other extensions.
    pub fn from_file(id: &str, content: &str, extension: &str) -> Option<Document> {
        match extension
            .trim_start_matches('.')
            .to_ascii_lowercase()
            .as_str()
        {
            "txt" | "text" => Some(Document::from_text(id, content)),
            "md" | "markdown" => Some(Document::from_markdown(id, content)),
            "html" | "htm" => Some(Document::from_html(id, content)),
            _ => None,
        }
    }

    /// Read Markdown: `title`, `date`, `url` and other `key: value` lines of a
    /// `---` front matter block become fields; without a title there, the first
    /// heading is the title. The text keeps the words and drops the markup
    /// (heading and list markers, emphasis, link targets, code fences), so
    /// snippets read as prose.
    pub fn from_markdown(id: &str, content: &str) -> Document {
        let content = content.strip_prefix('\u{FEFF}').unwrap_or(content);
        let mut doc = Document {
            id: id.to_string(),
            ..Document::default()
        };
        let mut body = content;
        if let Some(rest) = content
            .strip_prefix("---\n")
            .or_else(|| content.strip_prefix("---\r\n"))
        {
            if let Some(end) = rest.find("\n---").filter(|&e| {
                rest[e + 4..].starts_with('\n')
                    || rest[e + 4..].starts_with("\r\n")
                    || e + 4 == rest.len()
            }) {
                for line in rest[..end].lines() {
                    if let Some((key, value)) = line.split_once(':') {
                        let value = value.trim().trim_matches(|c| c == '"' || c == '\'');
                        if !key.trim().is_empty() && !value.is_empty() {
                            doc.set(key.trim().to_string(), value.to_string());
                        }
                    }
                }
                body = rest[end + 4..].trim_start_matches(['\r', '\n']);
            }
        }
        let mut lines = Vec::new();
        let mut in_fence = false;
        for line in body.lines() {
            let trimmed = line.trim();
            if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
                in_fence = !in_fence;
                continue;
            }
            if in_fence {
                lines.push(trimmed.to_string());
                continue;
            }
            if let Some(heading) = trimmed.strip_prefix('#') {
                let heading = markdown_inline(heading.trim_start_matches('#').trim());
                if doc.title.is_empty() {
                    doc.title = heading;
                    continue;
                }
                lines.push(heading);
                continue;
            }
            let item = trimmed.trim_start_matches('>').trim_start();
            let item = strip_list_marker(item);
            lines.push(markdown_inline(item));
        }
        doc.text = join_paragraphs(&lines);
        if doc.title.trim().is_empty() {
            doc.title = Document::from_text(id, &doc.text).title;
        }
        doc
    }

    /// Read HTML: the first `<h1>` (else `<title>`) is the title, a
    /// `<meta name="date">`, `article:published_time` or `<time datetime>` the
    /// date, a canonical link the url. The text is what a reader sees: tags
    /// dropped, entities decoded, block elements on lines of their own, and
    /// `<script>`, `<style>`, `<nav>`, `<header>`, `<footer>`, `<aside>` left out.
    pub fn from_html(id: &str, content: &str) -> Document {
        let mut doc = Document {
            id: id.to_string(),
            ..Document::default()
        };
        let mut text = String::new();
        let mut title_tag = String::new();
        let mut h1 = String::new();
        let mut skip_depth = 0usize;
        let mut capture: Option<&str> = None; // "title" or "h1"
        let mut rest = content;
        while !rest.is_empty() {
            let Some(lt) = rest.find('<') else {
                push_html_text(
                    rest,
                    skip_depth,
                    capture,
                    &mut text,
                    &mut title_tag,
                    &mut h1,
                );
                break;
            };
            push_html_text(
                &rest[..lt],
                skip_depth,
                capture,
                &mut text,
                &mut title_tag,
                &mut h1,
            );
            rest = &rest[lt..];
            if let Some(after) = rest.strip_prefix("<!--") {
                rest = after.find("-->").map_or("", |e| &after[e + 3..]);
                continue;
            }
            let Some(gt) = rest.find('>') else {
                break;
            };
            let tag = &rest[1..gt];
            rest = &rest[gt + 1..];
            let closing = tag.starts_with('/');
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
                .to_ascii_lowercase();
            let hidden = matches!(
                name.as_str(),
                "script"
                    | "style"
                    | "noscript"
                    | "template"
                    | "nav"
                    | "header"
                    | "footer"
                    | "aside"
                    | "svg"
            );
            if hidden {
                if closing {
                    skip_depth = skip_depth.saturating_sub(1);
                } else if !tag.ends_with('/') {
                    skip_depth += 1;
                }
                continue;
            }
            match (name.as_str(), closing) {
                ("title", false) if title_tag.is_empty() => capture = Some("title"),
                ("h1", false) if h1.is_empty() && skip_depth == 0 => capture = Some("h1"),
                ("title", true) | ("h1", true) => {
                    capture = None;
                    text.push('\n');
                }
                ("meta", _) => {
                    let key = attribute(tag, "name").or_else(|| attribute(tag, "property"));
                    let value = attribute(tag, "content");
                    if let (Some(key), Some(value)) = (key, value) {
                        let key = key.to_ascii_lowercase();
                        if doc.date.is_none()
                            && matches!(
                                key.as_str(),
                                "date" | "article:published_time" | "dc.date" | "pubdate"
                            )
                        {
                            doc.date = Some(iso_date_prefix(&value));
                        } else if doc.url.is_none() && key == "og:url" {
                            doc.url = Some(value);
                        }
                    }
                }
                ("link", _)
                    if doc.url.is_none()
                        && attribute(tag, "rel")
                            .is_some_and(|r| r.eq_ignore_ascii_case("canonical")) =>
                {
                    doc.url = attribute(tag, "href");
                }
                ("time", false) if doc.date.is_none() => {
                    doc.date = attribute(tag, "datetime").map(|d| iso_date_prefix(&d));
                }
                _ => {}
            }
            if is_block(&name) {
                text.push('\n');
            }
        }
        let lines: Vec<String> = text
            .lines()
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|l| !l.is_empty())
            .collect();
        let h1 = h1.split_whitespace().collect::<Vec<_>>().join(" ");
        let title_tag = title_tag.split_whitespace().collect::<Vec<_>>().join(" ");
        doc.title = if !h1.is_empty() {
            h1.clone()
        } else {
            title_tag
        };
        let body: Vec<String> = lines
            .into_iter()
            .skip_while(|l| !h1.is_empty() && *l == h1)
            .collect();
        doc.text = body.join("\n");
        if doc.title.is_empty() {
            doc.title = Document::from_text(id, &doc.text).title;
        }
        doc
    }
}

fn push_html_text(
    raw: &str,
    skip_depth: usize,
    capture: Option<&str>,
    text: &mut String,
    title: &mut String,
    h1: &mut String,
) {
    if skip_depth > 0 || raw.is_empty() {
        return;
    }
    let decoded = decode_entities(raw);
    match capture {
        Some("title") => title.push_str(&decoded),
        Some(_) => {
            h1.push_str(&decoded);
            text.push_str(&decoded);
        }
        None => text.push_str(&decoded),
    }
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "br"
            | "li"
            | "ul"
            | "ol"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "tr"
            | "table"
            | "section"
            | "article"
            | "blockquote"
            | "pre"
            | "main"
            | "figure"
            | "figcaption"
            | "dd"
            | "dt"
            | "hr"
            | "body"
            | "head"
            | "html"
    )
}

/// The value of an attribute of a tag's source (`name="v"`, `name='v'` or `name=v`).
fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find(name) {
        let at = from + i;
        from = at + name.len();
        let before_ok = at == 0 || lower.as_bytes()[at - 1].is_ascii_whitespace();
        let rest = lower[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let value_start = tag.len() - rest.len() + 1;
        let value = tag[value_start..].trim_start();
        let (quote, body) = match value.chars().next() {
            Some(q @ ('"' | '\'')) => (Some(q), &value[1..]),
            _ => (None, value),
        };
        let end = match quote {
            Some(q) => body.find(q).unwrap_or(body.len()),
            None => body
                .find(|c: char| c.is_whitespace() || c == '/')
                .unwrap_or(body.len()),
        };
        return Some(decode_entities(&body[..end]));
    }
    None
}

fn iso_date_prefix(value: &str) -> String {
    let value = value.trim();
    let is_iso = value.len() >= 10
        && value.as_bytes()[4] == b'-'
        && value.as_bytes()[7] == b'-'
        && value[..4].bytes().all(|b| b.is_ascii_digit());
    if is_iso {
        value[..10].to_string()
    } else {
        value.to_string()
    }
}

/// HTML character references: numeric, and the named ones news pages use.
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest[1..].find(';').map(|e| e + 1).filter(|&e| e <= 12);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = if let Some(num) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                u32::from_str_radix(num, 16).ok().and_then(char::from_u32)
            } else if let Some(num) = name.strip_prefix('#') {
                num.parse::<u32>().ok().and_then(char::from_u32)
            } else {
                match name {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    "nbsp" => Some(' '),
                    "hellip" => Some('…'),
                    "mdash" => Some('—'),
                    "ndash" => Some('–'),
                    "laquo" => Some('«'),
                    "raquo" => Some('»'),
                    "lsquo" => Some('‘'),
                    "rsquo" => Some('’'),
                    "ldquo" => Some('“'),
                    "rdquo" => Some('”'),
                    "zwnj" => Some('\u{200C}'),
                    "zwj" => Some('\u{200D}'),
                    "lrm" => Some('\u{200E}'),
                    "rlm" => Some('\u{200F}'),
                    "copy" => Some('©'),
                    _ => None,
                }
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A Markdown line without list or quote markers.
fn strip_list_marker(line: &str) -> &str {
    for marker in ["- ", "* ", "+ "] {
        if let Some(rest) = line.strip_prefix(marker) {
            return rest;
        }
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && (line[digits..].starts_with(". ") || line[digits..].starts_with(") ")) {
        return &line[digits + 2..];
    }
    line
}

/// Inline Markdown as plain text: `[text](url)` and `![alt](url)` keep their
/// text, emphasis and code markers go, table bars become spaces.
fn markdown_inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(i) = rest.find(['[', '*', '`', '|', '<']) {
        out.push_str(&rest[..i]);
        let c = rest[i..].chars().next().expect("found");
        rest = &rest[i + c.len_utf8()..];
        match c {
            '[' => {
                if out.ends_with('!') {
                    out.pop();
                }
                if let Some(close) = rest.find("](") {
                    if let Some(paren) = rest[close + 2..].find(')') {
                        out.push_str(&rest[..close]);
                        rest = &rest[close + 2 + paren + 1..];
                        continue;
                    }
                }
                out.push('[');
            }
            '|' => out.push(' '),
            '<' => {
                // An autolink or inline HTML tag: keep a link's address, drop a tag.
                match rest.find('>') {
                    Some(end) if rest[..end].contains("://") => {
                        out.push_str(&rest[..end]);
                        rest = &rest[end + 1..];
                    }
                    Some(end)
                        if rest[..end]
                            .chars()
                            .next()
                            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/') =>
                    {
                        rest = &rest[end + 1..];
                    }
                    _ => out.push('<'),
                }
            }
            _ => {} // * and ` markers
        }
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Lines joined with newlines, runs of blank lines folded to one.
fn join_paragraphs(lines: &[String]) -> String {
    let mut out = String::new();
    let mut blank = true;
    for line in lines {
        if line.is_empty() {
            if !blank {
                out.push('\n');
            }
            blank = true;
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(line);
        blank = false;
    }
    out.trim_end().to_string()
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
            url: None,
            text,
            fields: Vec::new(),
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
    fn markdown_front_matter_heading_and_markup() {
        let md = "---\ntitle: \"قمة موسكو\"\ndate: 2025-05-09\nauthor: أحمد\n---\n\n# عنوان ثانوي\n\nأكد **الرئيس** [بوتين](https://x.ru) أن:\n\n- العلاقات `قوية`\n1. والتعاون مستمر\n\n```\nكود\n```\n> اقتباس | جدول\n";
        let doc = Document::from_markdown("m", md);
        assert_eq!(doc.title, "قمة موسكو");
        assert_eq!(doc.date.as_deref(), Some("2025-05-09"));
        assert_eq!(doc.fields, vec![("author".to_string(), "أحمد".to_string())]);
        assert_eq!(
            doc.text,
            "عنوان ثانوي\n\nأكد الرئيس بوتين أن:\n\nالعلاقات قوية\nوالتعاون مستمر\n\nكود\nاقتباس جدول",
            "markup gone, paragraph breaks kept"
        );
        let plain = Document::from_markdown(
            "p",
            "## العنوان\n\nالنص ![صورة](a.png) هنا <b>غامق</b> <https://a.b>",
        );
        assert_eq!(plain.title, "العنوان");
        assert_eq!(plain.text, "النص صورة هنا غامق https://a.b");
    }

    #[test]
    fn html_title_date_url_and_visible_text() {
        let html = r#"<!doctype html><html><head><title>الموقع | خبر</title>
            <meta property="article:published_time" content="2025-09-02T10:00:00Z">
            <link rel="canonical" href="https://example.com/a?x=1&amp;y=2">
            <style>p { color: red }</style><script>var x = "<p>لا</p>";</script></head>
            <body><header>قائمة الموقع</header><nav>روابط</nav>
            <h1>بوتين &amp; شي  في بكين</h1>
            <p>أكد الرئيس&nbsp;الروسي<br>أن العلاقات &laquo;ممتازة&raquo; &#1575;&#x644;&#x622;&#x646;</p>
            <!-- تعليق --><footer>حقوق النشر</footer></body></html>"#;
        let doc = Document::from_html("h", html);
        assert_eq!(doc.title, "بوتين & شي في بكين");
        assert_eq!(doc.date.as_deref(), Some("2025-09-02"));
        assert_eq!(doc.url.as_deref(), Some("https://example.com/a?x=1&y=2"));
        assert_eq!(doc.text, "أكد الرئيس الروسي\nأن العلاقات «ممتازة» الآن");
        let bare = Document::from_html(
            "b",
            "<p>نص بلا عنوان. وجملة ثانية.</p><time datetime=\"2024-01-02\">",
        );
        assert_eq!(bare.date.as_deref(), Some("2024-01-02"));
        assert_eq!(bare.title, "نص بلا عنوان…");
        for broken in [
            "<",
            "<p",
            "&",
            "&#xZZ;",
            "<!--",
            "<a href='x",
            "&#99999999;",
        ] {
            let _ = Document::from_html("x", broken); // never panics
        }
    }

    #[test]
    fn files_are_read_by_extension() {
        assert!(Document::from_file("a", "x", "txt").is_some());
        assert!(Document::from_file("a", "# x", ".MD").is_some());
        assert!(Document::from_file("a", "<p>x</p>", "htm").is_some());
        assert!(Document::from_file("a", "x", "pdf").is_none());
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
