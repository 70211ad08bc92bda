//! Markdown through pulldown-cmark (CommonMark, with tables, strikethrough,
//! task lists, footnotes and front matter), rendered to HTML and read by the
//! HTML rules, so raw HTML in Markdown (a `<script>`, a `<details>`, Pagefind
//! attributes) means what it means in a page, and one set of rules decides
//! what text is.
//!
//! What a Markdown file gives: prose only. Code blocks are text without their
//! fences, links keep their text and drop their URL, images drop their alt
//! text (as in HTML), table cells and list items are separate words. The
//! title is the front matter's `title`, else the first heading (taken out of
//! the body). YAML front matter (`---` … `---`, read by yaml-rust2) gives the
//! `date`, `url` and metadata: strings, numbers, booleans, lists of strings;
//! `draft: true` leaves the file out. TOML front matter (`+++`) is not read
//! and not indexed.

use pulldown_cmark::{Event, MetadataBlockKind, Options as MdOptions, Parser, Tag, TagEnd};
use yaml_rust2::parser::{Event as YamlEvent, Parser as YamlParser};
use yaml_rust2::scanner::TScalarStyle;

use super::{from_fields, html, CorpusError, Options, Parsed, Value};

pub(super) fn read(id: &str, content: &str, options: &Options) -> Result<Parsed, CorpusError> {
    let md_options = MdOptions::ENABLE_TABLES
        | MdOptions::ENABLE_STRIKETHROUGH
        | MdOptions::ENABLE_TASKLISTS
        | MdOptions::ENABLE_FOOTNOTES
        | MdOptions::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | MdOptions::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    // The front matter comes first: read it before deciding what the first heading is.
    let mut front_matter: Option<String> = None;
    let mut in_metadata: Option<MetadataBlockKind> = None;
    for event in Parser::new_ext(content, md_options) {
        match event {
            Event::Start(Tag::MetadataBlock(kind)) => in_metadata = Some(kind),
            Event::Text(t) if in_metadata == Some(MetadataBlockKind::YamlStyle) => {
                front_matter.get_or_insert_with(String::new).push_str(&t);
            }
            Event::Text(_) if in_metadata.is_some() => {}
            Event::End(TagEnd::MetadataBlock(_)) => in_metadata = None,
            _ => break,
        }
    }
    in_metadata = None;
    let front = match &front_matter {
        Some(yaml) => front_matter_fields(yaml)?,
        None => Vec::new(),
    };
    let front_has_title = front
        .iter()
        .any(|(k, v, _)| k == "title" && matches!(v, Value::Text(t) if !t.trim().is_empty()));

    // Without a front matter title, the first heading is the title; its
    // events are kept apart so it leaves the body.
    let mut heading: Option<String> = None;
    let mut in_first_heading = false;
    let mut events = Vec::new();
    for event in Parser::new_ext(content, md_options) {
        match event {
            Event::Start(Tag::MetadataBlock(kind)) => in_metadata = Some(kind),
            Event::End(TagEnd::MetadataBlock(_)) => in_metadata = None,
            Event::Text(_) if in_metadata.is_some() => {}
            Event::Start(Tag::Heading { .. }) if !front_has_title && heading.is_none() => {
                in_first_heading = true;
                heading = Some(String::new());
            }
            Event::End(TagEnd::Heading(_)) if in_first_heading => in_first_heading = false,
            Event::Text(t) | Event::Code(t) if in_first_heading => {
                heading.get_or_insert_with(String::new).push_str(&t);
            }
            Event::SoftBreak | Event::HardBreak if in_first_heading => {
                heading.get_or_insert_with(String::new).push(' ');
            }
            _ if in_first_heading => {}
            event => events.push(event),
        }
    }
    let mut rendered = String::new();
    pulldown_cmark::html::push_html(&mut rendered, events.into_iter());
    let page = html::extract(&rendered, false);
    let mut fields = vec![
        ("id".to_string(), Value::Text(id.to_string())),
        ("text".to_string(), Value::Text(page.text.clone())),
    ];
    let mut body = page;
    body.title = heading
        .map(|h| h.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|h| !h.is_empty());
    let from_page = body.into_fields();
    let lines: Vec<(String, usize)> = front
        .iter()
        .map(|(k, _, line)| (k.clone(), *line))
        .collect();
    let front_names: Vec<String> = front.iter().map(|(k, _, _)| k.clone()).collect();
    // Front matter first wins over what raw HTML in the body said.
    fields.extend(front.into_iter().map(|(k, v, _)| (k, v)));
    fields.extend(
        from_page
            .into_iter()
            .filter(|(k, _)| !front_names.contains(k)),
    );
    // The front matter starts on the file's line 2 (after `---`).
    from_fields(fields, options, &|name| {
        lines.iter().find(|(k, _)| k == name).map(|(_, l)| l + 1)
    })
}

/// Top-level `key: value` pairs of YAML front matter, with the value's type
/// and its line in the YAML. Read from the parser's events (never building a
/// tree, so deep nesting cannot exhaust the stack); a value nested deeper
/// than a list of scalars is an error.
fn front_matter_fields(yaml: &str) -> Result<Vec<(String, Value, usize)>, CorpusError> {
    let bad = |line: usize, message: String| CorpusError {
        line: Some(line + 1),
        message: format!("front matter: {message}"),
    };
    let mut parser = YamlParser::new_from_str(yaml);
    let mut out = Vec::new();
    let mut depth = 0usize; // 1 = the top mapping, 2 = a list value
    let mut key: Option<(String, usize)> = None;
    let mut list: Vec<Value> = Vec::new();
    loop {
        let (event, mark) = parser
            .next_token()
            .map_err(|e| bad(e.marker().line(), format!("not valid YAML: {}", e.info())))?;
        let line = mark.line();
        match event {
            YamlEvent::StreamEnd => break,
            YamlEvent::StreamStart | YamlEvent::DocumentStart | YamlEvent::DocumentEnd => {}
            YamlEvent::MappingStart(..) if depth == 0 => depth = 1,
            YamlEvent::MappingEnd if depth == 1 => depth = 0,
            YamlEvent::Scalar(value, style, ..) if depth == 0 => {
                if !(style == TScalarStyle::Plain && value.trim().is_empty()) {
                    return Err(bad(line, "expected `key: value` lines".into()));
                }
            }
            YamlEvent::Scalar(value, style, ..) if depth == 1 => match key.take() {
                None => key = Some((value, line)),
                Some((name, line)) => {
                    let typed = match name.as_str() {
                        // Always text, whatever they look like (`title: 2024`).
                        "title" | "url" | "date" => Value::Text(value),
                        _ => scalar(&value, style),
                    };
                    out.push((name, typed, line));
                }
            },
            YamlEvent::SequenceStart(..) if depth == 1 && key.is_some() => {
                depth = 2;
                list.clear();
            }
            YamlEvent::Scalar(value, ..) if depth == 2 => list.push(Value::Text(value)),
            YamlEvent::SequenceEnd if depth == 2 => {
                depth = 1;
                let (name, line) = key.take().expect("a list follows a key");
                out.push((name, Value::List(std::mem::take(&mut list)), line));
            }
            YamlEvent::Alias(_) => return Err(bad(line, "aliases (`*name`) are not read".into())),
            _ => {
                let name = key.as_ref().map_or("", |(k, _)| k.as_str()).to_string();
                return Err(bad(line, super::msg::field_type(&name)));
            }
        }
    }
    // `id` and `text` come from the file, never from its front matter.
    out.retain(|(k, _, _)| k != "id" && k != "text");
    Ok(out)
}

/// A plain scalar's YAML 1.2 core type; a quoted or block scalar is a string.
fn scalar(value: &str, style: TScalarStyle) -> Value {
    if style != TScalarStyle::Plain {
        return Value::Text(value.to_string());
    }
    match value {
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        _ => {}
    }
    let numeric = value
        .trim_start_matches(['-', '+'])
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'))
        && value.bytes().any(|b| b.is_ascii_digit())
        && !value.ends_with('.');
    match value.parse::<f64>() {
        Ok(n) if numeric && n.is_finite() => Value::Number(n),
        _ => Value::Text(value.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::FieldValue;

    fn doc(md: &str) -> crate::corpus::Document {
        let parsed = read("m", md, &Options::default()).unwrap();
        parsed.documents.into_iter().next().expect("a document")
    }

    #[test]
    fn prose_only() {
        let d = doc("# العنوان\n\nنص **غامق** و[رابط](https://a.b/x_(y)) هنا.\n\n\
             ```rust\nlet كود = 1;\n```\n\n| اليوم | الفعالية |\n| --- | --- |\n| السبت | افتتاح |\n\n\
             - بند أول\n- بند ثان\n\n<script>var secret = 1;</script>\n\n<style>p{}</style>\n\n\
             ![صورة](a.png)\n");
        assert_eq!(d.title, "العنوان");
        assert_eq!(
            d.text,
            "نص غامق ورابط هنا.\nlet كود = 1;\nاليوم\nالفعالية\nالسبت\nافتتاح\nبند أول\nبند ثان"
        );
    }

    #[test]
    fn front_matter_types_and_drafts() {
        let d = doc(
            "---\ntitle: \"دليل\"\ndate: 15/03/2024\ntags: [كتب, شعر]\nviews: 22000000\n\
             featured: true\nauthors:\n  - أحمد\n  - سارة\nid: ignored\n---\n\n# رأس\n\nنص\n",
        );
        assert_eq!(d.title, "دليل");
        assert_eq!(d.date.as_deref(), Some("2024-03-15"));
        assert_eq!(
            d.text, "رأس\nنص",
            "the heading stays when the title is in front matter"
        );
        assert_eq!(d.id, "m");
        let fields: Vec<(&str, &FieldValue)> =
            d.fields.iter().map(|(k, v)| (k.as_str(), v)).collect();
        assert_eq!(
            fields,
            [
                (
                    "authors",
                    &FieldValue::List(vec!["أحمد".into(), "سارة".into()])
                ),
                ("featured", &FieldValue::Bool(true)),
                ("tags", &FieldValue::List(vec!["كتب".into(), "شعر".into()])),
                ("views", &FieldValue::Number(22_000_000.0)),
            ]
        );
        let draft = read("d", "---\ndraft: true\n---\nنص", &Options::default()).unwrap();
        assert_eq!((draft.documents.len(), draft.drafts), (0, 1));
    }

    #[test]
    fn bad_front_matter_names_its_line() {
        let err = read(
            "m",
            "---\ntitle: a\ndate: قريبا\n---\nنص",
            &Options::default(),
        )
        .unwrap_err();
        assert_eq!(err.line, Some(3), "{err}");
        let nested = read("m", "---\na:\n  b: c\n---\n", &Options::default()).unwrap_err();
        assert!(nested.message.contains("field `a`"), "{nested}");
        let deep = format!("---\na: {}\n---\n", "[".repeat(10_000));
        assert!(read("m", &deep, &Options::default()).is_err());
    }
}
