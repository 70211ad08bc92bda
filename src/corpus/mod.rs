//! Corpus in, documents out: the one place that decides what a document is.
//!
//! Every path that builds an index — `build.rs` (`make build CORPUS=`), the
//! `npx fahras build` CLI and `IndexBuilder` in JavaScript — turns its input
//! into name/value pairs and hands them to [`from_fields`], which applies the
//! same checks and defaults (id and text required, a title derived from the
//! text when there is none, the date normalised to ISO 8601, typed metadata).
//! So one corpus gives one index, byte for byte, whichever path built it.
//!
//! The readers: [`article`] (plain `.txt`, the scraped-article heuristics),
//! `html` (an HTML5 parser), `markdown` (CommonMark + YAML front matter) and
//! `json` (JSON objects, arrays and JSON lines). The parsers are compiled only
//! natively (build.rs, tests) and into the CLI's `indexer` module, never into
//! the page's search module.

pub mod article;
mod dates;
#[cfg(not(target_arch = "wasm32"))]
mod folder;
#[cfg(any(feature = "indexer", not(target_arch = "wasm32")))]
mod html;
#[cfg(any(feature = "indexer", not(target_arch = "wasm32")))]
mod json;
#[cfg(any(feature = "indexer", not(target_arch = "wasm32")))]
mod markdown;

use std::fmt;

pub use dates::normalize_date;
#[cfg(not(target_arch = "wasm32"))]
pub use folder::{load, walk, CorpusFile, Loaded, Walk};
#[cfg(any(feature = "indexer", not(target_arch = "wasm32")))]
pub use json::{read_json, read_json_line, read_json_lines};

/// A document as stored in the index and returned by [`crate::SearchIndex::document`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    /// Unique id; for a corpus folder, the file's path inside it without its extension.
    pub id: String,
    /// The headline shown in results.
    pub title: String,
    /// Publication date, ISO 8601 (`YYYY-MM-DD`, or with a time) when read by this module.
    pub date: Option<String>,
    /// The date as the document wrote it, when that differs from `date`
    /// (`15/03/2024` for `2024-03-15`), or an unreadable date kept under `lenient`.
    pub date_text: Option<String>,
    /// Where the document lives, so a page can link a hit.
    pub url: Option<String>,
    /// The searchable body, verbatim (snippets are slices of it).
    pub text: String,
    /// Other metadata, returned with hits (sorted by name in the index).
    pub fields: Vec<(String, FieldValue)>,
}

/// A metadata value, returned to JavaScript with its JSON type.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    Text(String),
    /// Any finite number (JSON has one number type).
    Number(f64),
    Bool(bool),
    /// A list of strings (tags, categories, authors).
    List(Vec<String>),
}

impl From<&str> for FieldValue {
    fn from(s: &str) -> Self {
        FieldValue::Text(s.to_string())
    }
}

impl From<String> for FieldValue {
    fn from(s: String) -> Self {
        FieldValue::Text(s)
    }
}

impl From<f64> for FieldValue {
    fn from(n: f64) -> Self {
        FieldValue::Number(n)
    }
}

impl From<bool> for FieldValue {
    fn from(b: bool) -> Self {
        FieldValue::Bool(b)
    }
}

impl From<Vec<String>> for FieldValue {
    fn from(list: Vec<String>) -> Self {
        FieldValue::List(list)
    }
}

/// A value as an input format gives it, before [`from_fields`] checks it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(f64),
    Text(String),
    List(Vec<Value>),
    /// A nested object: never valid as metadata, kept only to say so.
    Object,
}

/// How strict reading is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// An unreadable date is a warning (the date is dropped, its text kept as
    /// `date_text`) instead of an error.
    pub lenient: bool,
}

/// What one input (a file, a JSON line, a JSON array) gave.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Parsed {
    pub documents: Vec<Document>,
    /// Documents left out because they are drafts (`draft: true`).
    pub drafts: usize,
    /// What `lenient` let through (an unreadable date, dropped).
    pub warnings: Vec<CorpusError>,
}

impl Parsed {
    fn one(doc: Document) -> Parsed {
        Parsed {
            documents: vec![doc],
            ..Parsed::default()
        }
    }

    /// Append what another input gave.
    pub fn extend(&mut self, other: Parsed) {
        self.documents.extend(other.documents);
        self.drafts += other.drafts;
        self.warnings.extend(other.warnings);
    }
}

/// Why an input cannot be read, and where (a line of the file, when known).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorpusError {
    /// 1-based line in the input the message is about.
    pub line: Option<usize>,
    pub message: String,
}

impl CorpusError {
    pub fn new(message: impl Into<String>) -> Self {
        CorpusError {
            line: None,
            message: message.into(),
        }
    }

    fn at_line(mut self, line: Option<usize>) -> Self {
        if self.line.is_none() {
            self.line = line;
        }
        self
    }

    /// The message located in `source` (a file name): `source:line: message`,
    /// the form every path prints.
    pub fn located(&self, source: &str) -> String {
        match self.line {
            Some(line) => format!("{source}:{line}: {}", self.message),
            None => format!("{source}: {}", self.message),
        }
    }
}

impl fmt::Display for CorpusError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for CorpusError {}

/// The file formats a corpus folder may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text, read as a scraped article ([`article`]).
    Text,
    Markdown,
    Html,
}

impl Format {
    /// The format of a file name's extension (`txt`, `text`, `md`,
    /// `markdown`, `html`, `htm`, any case), or of a format name as
    /// `IndexBuilder.addFile` takes it.
    pub fn from_extension(extension: &str) -> Option<Format> {
        match extension
            .trim_start_matches('.')
            .to_ascii_lowercase()
            .as_str()
        {
            "txt" | "text" => Some(Format::Text),
            "md" | "markdown" => Some(Format::Markdown),
            "html" | "htm" => Some(Format::Html),
            _ => None,
        }
    }

    /// The format of a file by its name.
    pub fn of_file(name: &str) -> Option<Format> {
        let (stem, extension) = name.rsplit_once('.')?;
        if stem.is_empty() {
            return None;
        }
        Format::from_extension(extension)
    }

    /// The short name (`txt`, `md`, `html`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Markdown => "md",
            Format::Html => "html",
        }
    }
}

/// The extensions of files that hold documents: `.json` (one object or an
/// array of them), `.jsonl` and `.ndjson` (one object per line).
pub fn is_json_corpus(name: &str) -> Option<JsonKind> {
    let extension = name.rsplit_once('.')?.1.to_ascii_lowercase();
    match extension.as_str() {
        "json" => Some(JsonKind::Json),
        "jsonl" | "ndjson" => Some(JsonKind::Lines),
        _ => None,
    }
}

/// How a JSON corpus file holds its documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonKind {
    /// One document object, or an array of them.
    Json,
    /// One document object per line.
    Lines,
}

/// Names a folder walk never enters or reads: hidden files and folders
/// (`.git`, `.DS_Store`) and installed packages (`node_modules`).
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.') || name == "node_modules"
}

/// The id of a file in a corpus folder: its path inside the folder (with
/// `/` separators) without the extension: `guide/intro.md` → `guide/intro`.
pub fn id_from_path(relative: &str) -> String {
    let relative = relative.replace('\\', "/");
    match relative.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() && !stem.ends_with('/') => stem.to_string(),
        _ => relative,
    }
}

/// Read one file's content as a document of `format`. Markdown drafts give
/// no document (`drafts` is 1).
pub fn read_file(
    id: &str,
    content: &str,
    format: Format,
    options: &Options,
) -> Result<Parsed, CorpusError> {
    let content = content.strip_prefix('\u{FEFF}').unwrap_or(content);
    match format {
        Format::Text => {
            let doc = Document::from_text(id, content);
            let mut fields = vec![
                ("id".to_string(), Value::Text(doc.id)),
                ("title".to_string(), Value::Text(doc.title)),
                ("text".to_string(), Value::Text(doc.text)),
            ];
            if let Some(date) = doc.date {
                fields.push(("date".to_string(), Value::Text(date)));
            }
            from_fields(fields, options, &|_| None)
        }
        #[cfg(any(feature = "indexer", not(target_arch = "wasm32")))]
        Format::Markdown => markdown::read(id, content, options),
        #[cfg(any(feature = "indexer", not(target_arch = "wasm32")))]
        Format::Html => html::read(id, content, options),
        #[cfg(not(any(feature = "indexer", not(target_arch = "wasm32"))))]
        _ => Err(CorpusError::new(
            "this build of fahras has no Markdown or HTML reader (the `indexer` feature)",
        )),
    }
}

/// The names `from_fields` gives a meaning of its own; every other name is metadata.
pub const RESERVED_NAMES: [&str; 6] = ["id", "title", "text", "url", "date", "draft"];

/// The one rule for turning named values into a document, whatever the input:
///
/// - `id`: required, a non-empty string or a whole number;
/// - `text`: required, a string (it may be empty);
/// - `title`, `url`: strings, optional; a missing or blank title is derived
///   from the text's lead ([`article::derive_title`]), or is the id;
/// - `date`: a string, normalised to ISO 8601 ([`normalize_date`]); the
///   original is kept in `date_text` when it differs; an unreadable date is
///   an error, or under [`Options::lenient`] a warning;
/// - `draft: true` leaves the document out (counted in [`Parsed::drafts`]);
/// - `null` values are as if absent; every other value is metadata: a string,
///   a finite number, a boolean or a list of strings.
///
/// `line_of` says on which line of the input a name was given, for messages.
pub fn from_fields(
    fields: Vec<(String, Value)>,
    options: &Options,
    line_of: &dyn Fn(&str) -> Option<usize>,
) -> Result<Parsed, CorpusError> {
    let mut doc = Document::default();
    let (mut has_id, mut has_text, mut draft) = (false, false, false);
    let mut raw_date = None;
    for (name, value) in fields {
        let fail = |reason: String| CorpusError::new(reason).at_line(line_of(&name));
        if value == Value::Null {
            continue;
        }
        match name.as_str() {
            "id" => {
                doc.id = match value {
                    Value::Text(s) => s,
                    Value::Number(n) if n.fract() == 0.0 && n.abs() < 9_007_199_254_740_992.0 => {
                        (n as i64).to_string()
                    }
                    _ => return Err(fail(msg::ID_TYPE.to_string())),
                };
                has_id = true;
            }
            "text" => {
                let Value::Text(s) = value else {
                    return Err(fail(msg::TEXT_TYPE.to_string()));
                };
                doc.text = s;
                has_text = true;
            }
            "title" | "url" | "date" => {
                let Value::Text(s) = value else {
                    return Err(fail(format!("`{name}` must be a string")));
                };
                match name.as_str() {
                    "title" => doc.title = s,
                    "url" => doc.url = Some(s).filter(|s| !s.trim().is_empty()),
                    _ => raw_date = Some((s, line_of(&name))),
                }
            }
            "draft" => match value {
                Value::Bool(b) => draft = b,
                _ => return Err(fail(msg::DRAFT_TYPE.to_string())),
            },
            _ => {
                let value = field_value(&name, value).map_err(fail)?;
                doc.fields.push((name, value));
            }
        }
    }
    if !has_id || doc.id.trim().is_empty() {
        return Err(CorpusError::new(msg::NO_ID));
    }
    if !has_text {
        return Err(CorpusError::new(format!(
            "document `{}`: {}",
            doc.id,
            msg::NO_TEXT
        )));
    }
    if draft {
        return Ok(Parsed {
            drafts: 1,
            ..Parsed::default()
        });
    }
    let mut warnings = Vec::new();
    if let Some((raw, line)) = raw_date.filter(|(s, _)| !s.trim().is_empty()) {
        match normalize_date(&raw) {
            Some(iso) => {
                if iso != raw {
                    doc.date_text = Some(raw);
                }
                doc.date = Some(iso);
            }
            None => {
                let error = CorpusError {
                    line,
                    message: format!("document `{}`: {}", doc.id, msg::bad_date(&raw)),
                };
                if !options.lenient {
                    return Err(error);
                }
                warnings.push(error);
                doc.date_text = Some(raw);
            }
        }
    }
    if doc.title.trim().is_empty() {
        doc.title = article::derive_title(&doc.id, &doc.text);
    }
    doc.fields.sort_by(|a, b| a.0.cmp(&b.0));
    let mut parsed = Parsed::one(doc);
    parsed.warnings = warnings;
    Ok(parsed)
}

fn field_value(name: &str, value: Value) -> Result<FieldValue, String> {
    Ok(match value {
        Value::Text(s) => FieldValue::Text(s),
        Value::Bool(b) => FieldValue::Bool(b),
        Value::Number(n) if n.is_finite() => FieldValue::Number(n),
        Value::List(items) => FieldValue::List(
            items
                .into_iter()
                .map(|item| match item {
                    Value::Text(s) => Ok(s),
                    _ => Err(msg::field_type(name)),
                })
                .collect::<Result<_, _>>()?,
        ),
        _ => return Err(msg::field_type(name)),
    })
}

/// Every message about a document's fields, worded once.
pub mod msg {
    pub const NO_ID: &str = "the document has no `id`: every document needs a unique id";
    pub const ID_TYPE: &str = "`id` must be a string or a whole number";
    pub const NO_TEXT: &str = "the document has no `text` (the words to search; it may be \"\")";
    pub const TEXT_TYPE: &str = "`text` must be a string";
    pub const DRAFT_TYPE: &str = "`draft` must be true or false";
    pub const NOT_AN_OBJECT: &str =
        "a document must be a JSON object such as {\"id\": \"a\", \"text\": \"...\"}";

    pub fn field_type(name: &str) -> String {
        format!("field `{name}` must be a string, a number, true/false or a list of strings")
    }

    pub fn bad_date(raw: &str) -> String {
        let shown: String = raw.chars().take(60).collect();
        format!(
            "the date `{shown}` cannot be read: write it as ISO 8601 (2024-03-15 or \
             2024-03-15T10:30:00Z), RFC 2822 (Fri, 15 Mar 2024 10:30:00 +0000) or DD/MM/YYYY \
             (--lenient keeps the document without the date)"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, Value)]) -> Vec<(String, Value)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }

    fn text(s: &str) -> Value {
        Value::Text(s.to_string())
    }

    fn one(pairs: &[(&str, Value)]) -> Result<Document, CorpusError> {
        from_fields(fields(pairs), &Options::default(), &|_| None).map(|p| {
            assert_eq!(p.documents.len(), 1);
            p.documents.into_iter().next().unwrap()
        })
    }

    #[test]
    fn defaults_apply_to_every_document() {
        let doc = one(&[
            ("id", Value::Number(7.0)),
            ("text", text("أكد الرئيس أن العلاقات ممتازة. وجملة ثانية.")),
            ("date", text("١٥/٠٣/٢٠٢٤")),
            ("views", Value::Number(22_000_000.0)),
            ("tags", Value::List(vec![text("كتب"), text("شعر")])),
            ("featured", Value::Bool(true)),
            ("author", Value::Null),
        ])
        .unwrap();
        assert_eq!(doc.id, "7");
        assert_eq!(doc.title, "أكد الرئيس أن العلاقات ممتازة…");
        assert_eq!(doc.date.as_deref(), Some("2024-03-15"));
        assert_eq!(doc.date_text.as_deref(), Some("١٥/٠٣/٢٠٢٤"));
        let names: Vec<&str> = doc.fields.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(names, ["featured", "tags", "views"], "sorted, null dropped");
        assert_eq!(doc.fields[2].1, FieldValue::Number(22_000_000.0));
    }

    #[test]
    fn every_rule_has_one_message() {
        let cases: &[(&[(&str, Value)], &str)] = &[
            (&[("text", text("x"))], msg::NO_ID),
            (&[("id", text(" ")), ("text", text("x"))], msg::NO_ID),
            (&[("id", text("a"))], msg::NO_TEXT),
            (
                &[("id", Value::Number(1.5)), ("text", text("x"))],
                msg::ID_TYPE,
            ),
            (
                &[("id", text("a")), ("text", Value::Number(1.0))],
                msg::TEXT_TYPE,
            ),
            (
                &[("id", text("a")), ("text", text("x")), ("x", Value::Object)],
                "field `x` must be",
            ),
            (
                &[
                    ("id", text("a")),
                    ("text", text("x")),
                    ("tags", Value::List(vec![Value::Number(1.0)])),
                ],
                "field `tags` must be",
            ),
            (
                &[
                    ("id", text("a")),
                    ("text", text("x")),
                    ("date", text("<script")),
                ],
                "the date `<script` cannot be read",
            ),
        ];
        for (input, want) in cases {
            let err = one(input).unwrap_err();
            assert!(err.message.contains(want), "{input:?}: {err}");
        }
    }

    #[test]
    fn drafts_are_left_out_and_lenient_keeps_a_bad_date_as_text() {
        let draft = from_fields(
            fields(&[
                ("id", text("a")),
                ("text", text("")),
                ("draft", Value::Bool(true)),
            ]),
            &Options::default(),
            &|_| None,
        )
        .unwrap();
        assert_eq!((draft.documents.len(), draft.drafts), (0, 1));
        let lenient = from_fields(
            fields(&[
                ("id", text("a")),
                ("text", text("")),
                ("date", text("قريبا")),
            ]),
            &Options { lenient: true },
            &|name| (name == "date").then_some(3),
        )
        .unwrap();
        assert_eq!(lenient.warnings.len(), 1);
        assert_eq!(lenient.warnings[0].line, Some(3));
        let doc = &lenient.documents[0];
        assert_eq!(
            (doc.date.as_deref(), doc.date_text.as_deref()),
            (None, Some("قريبا"))
        );
        assert_eq!(doc.title, "a", "an empty text gives the id as title");
    }

    #[test]
    fn formats_ids_and_ignored_names() {
        assert_eq!(Format::of_file("a.MD"), Some(Format::Markdown));
        assert_eq!(Format::of_file("a.htm"), Some(Format::Html));
        assert_eq!(Format::of_file("a.pdf"), None);
        assert_eq!(Format::of_file("md"), None);
        assert_eq!(is_json_corpus("x.ndjson"), Some(JsonKind::Lines));
        assert_eq!(is_json_corpus("x.json"), Some(JsonKind::Json));
        assert_eq!(id_from_path("guide/intro.md"), "guide/intro");
        assert_eq!(id_from_path("guide\\a.b.html"), "guide/a.b");
        assert!(is_ignored_name(".git") && is_ignored_name("node_modules"));
        assert!(!is_ignored_name("guide"));
    }
}
