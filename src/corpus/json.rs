//! JSON corpora: a `.json` file holding one document object or an array of
//! them, and JSON lines (`.jsonl`, `.ndjson`: one object per line, blank lines
//! skipped). Parsed by serde_json on every path (build.rs and the CLI's
//! module), so numbers and strings read the same everywhere.

use super::{from_fields, msg, CorpusError, Options, Parsed, Value};

fn value(v: serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(b),
        // Integers beyond 2^53 lose precision, as in JavaScript's JSON.parse.
        serde_json::Value::Number(n) => Value::Number(n.as_f64().unwrap_or(f64::NAN)),
        serde_json::Value::String(s) => Value::Text(s),
        serde_json::Value::Array(items) => Value::List(items.into_iter().map(value).collect()),
        serde_json::Value::Object(_) => Value::Object,
    }
}

fn document(v: serde_json::Value, options: &Options) -> Result<Parsed, CorpusError> {
    let serde_json::Value::Object(object) = v else {
        let kind = match v {
            serde_json::Value::Null => "null",
            serde_json::Value::Array(_) => "an array",
            serde_json::Value::String(_) => "a string",
            serde_json::Value::Number(_) => "a number",
            _ => "a boolean",
        };
        return Err(CorpusError::new(format!(
            "{}, not {kind}",
            msg::NOT_AN_OBJECT
        )));
    };
    let fields = object.into_iter().map(|(k, v)| (k, value(v))).collect();
    from_fields(fields, options, &|_| None)
}

fn parse(text: &str) -> Result<serde_json::Value, CorpusError> {
    serde_json::from_str(text).map_err(|e| CorpusError::new(format!("not JSON: {e}")))
}

/// One line of a JSON-lines file; a blank line gives nothing.
pub fn read_json_line(line: &str, options: &Options) -> Result<Parsed, CorpusError> {
    let line = line
        .strip_prefix('\u{FEFF}')
        .unwrap_or(line)
        .trim_end_matches('\r');
    if line.trim().is_empty() {
        return Ok(Parsed::default());
    }
    document(parse(line)?, options)
}

/// A whole JSON-lines file; an error carries its line number. With
/// `skip_invalid`, a bad line is left out and reported in `skipped` instead.
pub fn read_json_lines(
    text: &str,
    options: &Options,
    skip_invalid: bool,
    skipped: &mut Vec<CorpusError>,
) -> Result<Parsed, CorpusError> {
    let mut out = Parsed::default();
    for (i, line) in text.split('\n').enumerate() {
        match read_json_line(line, options) {
            Ok(parsed) => out.extend(parsed),
            Err(mut e) => {
                e.line = Some(i + 1);
                if !skip_invalid {
                    return Err(e);
                }
                skipped.push(e);
            }
        }
    }
    Ok(out)
}

/// A `.json` file: one document object, or an array of them (an error names
/// the item: `item 3`, counted from 1).
pub fn read_json(text: &str, options: &Options) -> Result<Parsed, CorpusError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    match parse(text)? {
        serde_json::Value::Array(items) => {
            let mut out = Parsed::default();
            for (i, item) in items.into_iter().enumerate() {
                let parsed = document(item, options).map_err(|e| {
                    CorpusError::new(format!("item {} of the array: {}", i + 1, e.message))
                })?;
                out.extend(parsed);
            }
            Ok(out)
        }
        other => document(other, options),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::FieldValue;

    #[test]
    fn lines_arrays_and_their_errors() {
        let o = Options::default();
        let doc = &read_json_line(
            r#"{"id":"a","text":"نص","views":22000000,"tags":["x"]}"#,
            &o,
        )
        .unwrap()
        .documents[0];
        assert_eq!(
            doc.fields[1],
            ("views".to_string(), FieldValue::Number(22e6))
        );
        assert!(read_json_line("   ", &o).unwrap().documents.is_empty());
        let mut skipped = Vec::new();
        let err = read_json_lines(
            "{\"id\":\"a\",\"text\":\"\"}\n\n{\"id\":\"b\"}\n",
            &o,
            false,
            &mut skipped,
        )
        .unwrap_err();
        assert_eq!(err.line, Some(3));
        assert!(err.message.contains(msg::NO_TEXT), "{err}");
        let kept = read_json_lines(
            "{\"id\":\"a\",\"text\":\"\"}\nnot json\n",
            &o,
            true,
            &mut skipped,
        )
        .unwrap();
        assert_eq!((kept.documents.len(), skipped.len()), (1, 1));
        let array = read_json(r#"[{"id":1,"text":"a"},{"id":2,"text":"b"}]"#, &o).unwrap();
        assert_eq!(array.documents.len(), 2);
        let bad = read_json(r#"[{"id":1,"text":"a"},3]"#, &o).unwrap_err();
        assert!(
            bad.message
                .starts_with("item 2 of the array: a document must be"),
            "{bad}"
        );
        assert!(read_json_line("[1]", &o)
            .unwrap_err()
            .message
            .ends_with("not an array"));
    }
}
