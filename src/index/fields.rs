//! The FIELDS section: the metadata a search can filter, count (facets) and
//! sort by, laid out for that rather than for display (STORE keeps each
//! document's fields as written, for hits and `document()`).
//!
//! ```text
//! FIELDS  field count, then per field (sorted by name):
//!         name | kind u8 (FieldKind) | distinct values V | the values, in sort order:
//!           text, list, date: key (str), shown (str, "" when it is the key)
//!           number, boolean:  f64 LE (a boolean: 0 or 1), shown (str, "" for a whole number)
//!         | id width u8 (1..=4) | per document its value ids, `id width` bytes each,
//!         value i of the list above being id i + 1:
//!           single-valued kinds: one id per document, 0 when it has no value
//!           list: start width u8 (1..=4), document count + 1 starts, then the ids
//!                 (document d's are ids[start[d]..start[d + 1]], ascending, distinct)
//! ```
//!
//! Value ids follow the value order, so a range is a run of ids and sorting
//! by a field is sorting by id. A column of fixed-width ids is one byte per
//! document for a field of up to 255 values (the usual section, book, surah),
//! and any document's values are read without decoding the others.
//!
//! Which fields are here (docs/api.md, "Filters"): the document's `date`, and
//! every metadata field whose values are all numbers, all booleans, or all
//! strings / lists of strings. A string field is left out when it has more
//! than [`MAX_STRING_VALUES`] distinct values or a value longer than
//! [`MAX_STRING_BYTES`]: that is free text (a summary, a URL), not a category
//! a reader would choose, and its dictionary would repeat the stored text.
//! A string field whose values are all ISO 8601 dates is a date field.

use std::collections::BTreeMap;

use super::format::{self, corrupt, Decoder};
use crate::analysis;
use crate::corpus::{Document, FieldValue as Value};
use crate::error::Result;

/// A string field with more distinct values than this is not filterable.
pub const MAX_STRING_VALUES: usize = 4096;
/// A string field with a value longer than this (bytes) is not filterable.
pub const MAX_STRING_BYTES: usize = 256;

/// What a field holds, as `index.stats.fields` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Text = 0,
    List = 1,
    Number = 2,
    Date = 3,
    Bool = 4,
}

impl FieldKind {
    fn from_byte(b: u8) -> Option<FieldKind> {
        Some(match b {
            0 => FieldKind::Text,
            1 => FieldKind::List,
            2 => FieldKind::Number,
            3 => FieldKind::Date,
            4 => FieldKind::Bool,
            _ => return None,
        })
    }

    /// The name `index.stats.fields` gives it (a TypeScript type, or "date").
    pub fn name(self) -> &'static str {
        match self {
            FieldKind::Text => "string",
            FieldKind::List => "string[]",
            FieldKind::Number => "number",
            FieldKind::Date => "date",
            FieldKind::Bool => "boolean",
        }
    }
}

/// The key a string value is matched and sorted by: trimmed, and normalised
/// as the analyser normalises words (so `ثقافه` matches `ثقافة`, `Sport`
/// matches `sport`). Dates are compared as written (ISO 8601 sorts as text).
pub fn string_key(kind: FieldKind, value: &str) -> String {
    let value = value.trim();
    if kind == FieldKind::Date {
        return value.to_string();
    }
    let key = analysis::normalize(value);
    if key.is_empty() {
        value.to_string()
    } else {
        key
    }
}

/// `YYYY-MM-DD`, alone or followed by a time (`T…` or ` …`).
pub fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    b.len() >= 10
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && (b.len() == 10 || b[10] == b'T' || b[10] == b' ')
}

/// One value of a field's dictionary.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldValue {
    /// The number (number fields; a boolean is 0 or 1), else 0.
    pub number: f64,
    /// What filters compare (string, list and date fields), else empty.
    pub key: String,
    /// How a facet shows it ("" for a whole number, shown as digits).
    pub shown: String,
}

/// A field's values, in id order (id i + 1 is entry i).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FieldValues(pub Vec<FieldValue>);

impl FieldValues {
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Value `id` as a facet shows it (ids from 1).
    pub fn shown(&self, id: u32) -> String {
        match self.0.get((id as usize).wrapping_sub(1)) {
            Some(v) if v.shown.is_empty() => (v.number as i64).to_string(),
            Some(v) => v.shown.clone(),
            None => String::new(),
        }
    }
}

/// One filterable field of an open index: its values, and where each
/// document's value ids are in the FIELDS section.
#[derive(Debug, Clone)]
pub struct FieldColumn {
    pub name: String,
    pub kind: FieldKind,
    pub values: FieldValues,
    width: usize,
    /// For a list field: the starts (`start width` bytes each) and their width.
    starts: Option<(usize, usize)>,
    /// Where the ids begin in the section.
    ids: usize,
}

/// Out of line: inlined at each of its uses it would add kilobytes to the page's module.
#[inline(never)]
fn read_fixed(bytes: &[u8], at: usize, width: usize) -> u32 {
    bytes.get(at..at + width).map_or(0, |b| {
        b.iter().rev().fold(0u32, |n, &x| n << 8 | u32::from(x))
    })
}

impl FieldColumn {
    /// Document `doc`'s value ids, ascending, into `out` (cleared first). The
    /// column was checked when the index was opened, so this cannot fail.
    #[inline]
    pub fn ids(&self, section: &[u8], doc: u32, out: &mut Vec<u32>) {
        out.clear();
        let doc = doc as usize;
        match self.starts {
            None => {
                let id = read_fixed(section, self.ids + doc * self.width, self.width);
                if id != 0 {
                    out.push(id);
                }
            }
            Some((at, sw)) => {
                let start = read_fixed(section, at + doc * sw, sw) as usize;
                let end = read_fixed(section, at + (doc + 1) * sw, sw) as usize;
                for i in start..end {
                    out.push(read_fixed(section, self.ids + i * self.width, self.width));
                }
            }
        }
    }

    /// The one id of a single-valued field (0: none), or the first of a list's.
    #[inline]
    pub fn first_id(&self, section: &[u8], doc: u32) -> u32 {
        match self.starts {
            None => read_fixed(section, self.ids + doc as usize * self.width, self.width),
            Some(_) => {
                let mut ids = Vec::new();
                self.ids(section, doc, &mut ids);
                ids.first().copied().unwrap_or(0)
            }
        }
    }
}

/// Decode the FIELDS section of an index of `documents` documents, checking
/// every id against its dictionary and every list start, so that reading a
/// column afterwards cannot go wrong.
pub fn decode(section: &[u8], documents: u32) -> Result<Vec<FieldColumn>> {
    let bad = || corrupt("the field table is malformed");
    let n = documents as usize;
    let mut d = Decoder::new(section);
    let count = d.varint_u32()?;
    let mut columns: Vec<FieldColumn> = Vec::new();
    for _ in 0..count {
        let name = d.str()?.to_string();
        let kind = FieldKind::from_byte(d.bytes(1)?[0]).ok_or_else(bad)?;
        let v = d.varint_u32()? as usize;
        // Every value takes at least one byte: a count beyond the bytes is corrupt.
        if v > section.len() {
            return Err(bad());
        }
        let numeric = matches!(kind, FieldKind::Number | FieldKind::Bool);
        let mut values = Vec::with_capacity(v);
        for _ in 0..v {
            let (mut number, mut key) = (0.0, String::new());
            if numeric {
                let mut bytes = [0u8; 8];
                bytes.copy_from_slice(d.bytes(8)?);
                number = f64::from_le_bytes(bytes);
            } else {
                key = d.str()?.to_string();
            }
            let shown = d.str()?;
            let shown = if shown.is_empty() && !numeric {
                key.clone()
            } else {
                shown.to_string()
            };
            values.push(FieldValue { number, key, shown });
        }
        let values = FieldValues(values);
        let width = usize::from(d.bytes(1)?[0]);
        if !(1..=4).contains(&width) || columns.last().is_some_and(|c| c.name >= name) {
            return Err(bad());
        }
        let max_id = v as u32;
        let (starts, id_count) = if kind == FieldKind::List {
            let sw = usize::from(d.bytes(1)?[0]);
            if !(1..=4).contains(&sw) {
                return Err(bad());
            }
            let at = d.position();
            let table = d.bytes((n + 1).checked_mul(sw).ok_or_else(bad)?)?;
            let mut previous = 0;
            for i in 0..=n {
                let s = read_fixed(table, i * sw, sw);
                if s < previous || (i == 0 && s != 0) {
                    return Err(bad());
                }
                previous = s;
            }
            (Some((at, sw)), previous as usize)
        } else {
            (None, n)
        };
        let ids = d.position();
        let column = d.bytes(id_count.checked_mul(width).ok_or_else(bad)?)?;
        // Every id names a value (a list's are never 0, which is no value).
        let lowest = u32::from(starts.is_some());
        if (0..id_count).any(|i| !(lowest..=max_id).contains(&read_fixed(column, i * width, width)))
        {
            return Err(bad());
        }
        columns.push(FieldColumn {
            name,
            kind,
            values,
            width,
            starts,
            ids,
        });
    }
    if !d.is_empty() {
        return Err(bad());
    }
    Ok(columns)
}

/// Bytes needed for numbers up to `max` (at least 1).
fn width_of(max: usize) -> usize {
    match max {
        0..=0xFF => 1,
        0x100..=0xFFFF => 2,
        0x1_0000..=0xFF_FFFF => 3,
        _ => 4,
    }
}

fn write_fixed(out: &mut Vec<u8>, n: usize, width: usize) {
    out.extend_from_slice(&(n as u32).to_le_bytes()[..width]);
}

/// One document's raw values of a field.
enum Raw<'a> {
    Strings(Vec<&'a str>),
    Number(f64),
    Bool(bool),
}

/// Write the FIELDS section for `docs` (sorted by id, as the writer numbers them).
pub fn encode(docs: &[Document]) -> Vec<u8> {
    // name → per document its raw values (None: the document lacks the field).
    let mut raw: BTreeMap<&str, Vec<Option<Raw<'_>>>> = BTreeMap::new();
    let mut lists: BTreeMap<&str, bool> = BTreeMap::new();
    for (i, doc) in docs.iter().enumerate() {
        if let Some(date) = &doc.date {
            raw.entry("date").or_insert_with(|| none_for(docs.len()))[i] =
                Some(Raw::Strings(vec![date.as_str()]));
        }
        for (name, value) in &doc.fields {
            if name == "date" {
                continue;
            }
            let value = match value {
                Value::Text(s) => Raw::Strings(vec![s.as_str()]),
                Value::List(items) => {
                    lists.insert(name, true);
                    Raw::Strings(items.iter().map(String::as_str).collect())
                }
                Value::Number(n) => Raw::Number(*n),
                Value::Bool(b) => Raw::Bool(*b),
            };
            raw.entry(name).or_insert_with(|| none_for(docs.len()))[i] = Some(value);
        }
    }
    let mut out = Vec::new();
    let mut encoded: Vec<Vec<u8>> = Vec::new();
    for (name, values) in &raw {
        if let Some(bytes) = encode_field(name, values, lists.contains_key(name)) {
            encoded.push(bytes);
        }
    }
    format::write_varint(&mut out, encoded.len() as u64);
    for bytes in encoded {
        out.extend_from_slice(&bytes);
    }
    out
}

fn none_for<'a>(n: usize) -> Vec<Option<Raw<'a>>> {
    (0..n).map(|_| None).collect()
}

/// One field's entry, or `None` when the field is not filterable.
fn encode_field(name: &str, values: &[Option<Raw<'_>>], is_list: bool) -> Option<Vec<u8>> {
    let present = || values.iter().flatten();
    let kind = if present().all(|v| matches!(v, Raw::Number(_))) {
        FieldKind::Number
    } else if present().all(|v| matches!(v, Raw::Bool(_))) {
        FieldKind::Bool
    } else if !present().all(|v| matches!(v, Raw::Strings(_))) {
        return None; // mixed types: nothing to compare them by
    } else if is_list {
        FieldKind::List
    } else if name == "date"
        || present()
            .all(|v| matches!(v, Raw::Strings(s) if s.iter().all(|s| is_iso_date(s.trim()))))
    {
        FieldKind::Date
    } else {
        FieldKind::Text
    };

    let mut out = Vec::new();
    format::write_str(&mut out, name);
    out.push(kind as u8);
    // Per document, its value ids (from 1) once the dictionary is sorted.
    let mut per_doc: Vec<Vec<usize>> = Vec::with_capacity(values.len());
    let value_count;
    match kind {
        FieldKind::Number | FieldKind::Bool => {
            let number = |v: &Raw<'_>| match v {
                Raw::Number(n) => *n,
                Raw::Bool(b) => f64::from(u8::from(*b)),
                Raw::Strings(_) => 0.0,
            };
            let mut distinct: Vec<f64> = present().map(number).filter(|n| n.is_finite()).collect();
            distinct.sort_by(f64::total_cmp);
            distinct.dedup();
            value_count = distinct.len();
            format::write_varint(&mut out, distinct.len() as u64);
            for n in &distinct {
                out.extend_from_slice(&n.to_le_bytes());
                let shown = match kind {
                    FieldKind::Bool if *n == 0.0 => "false".to_string(),
                    FieldKind::Bool => "true".to_string(),
                    _ if n.fract() == 0.0 && n.abs() < format::MAX_SAFE_INTEGER => String::new(),
                    _ => n.to_string(),
                };
                format::write_str(&mut out, &shown);
            }
            for v in values {
                let ids = v
                    .as_ref()
                    .and_then(|v| distinct.binary_search_by(|d| d.total_cmp(&number(v))).ok())
                    .map(|i| vec![i + 1])
                    .unwrap_or_default();
                per_doc.push(ids);
            }
        }
        _ => {
            // key → (written form → count): the form shown is the most used.
            let mut forms: BTreeMap<String, BTreeMap<&str, usize>> = BTreeMap::new();
            for v in present() {
                if let Raw::Strings(items) = v {
                    for s in items {
                        let s = s.trim();
                        if s.is_empty() {
                            continue;
                        }
                        if s.len() > MAX_STRING_BYTES {
                            return None;
                        }
                        *forms
                            .entry(string_key(kind, s))
                            .or_default()
                            .entry(s)
                            .or_default() += 1;
                    }
                }
            }
            if forms.len() > MAX_STRING_VALUES {
                return None;
            }
            value_count = forms.len();
            format::write_varint(&mut out, forms.len() as u64);
            for (key, written) in &forms {
                let shown = written
                    .iter()
                    .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                    .map_or("", |(s, _)| *s);
                format::write_str(&mut out, key);
                format::write_str(&mut out, if shown == key { "" } else { shown });
            }
            let keys: Vec<&String> = forms.keys().collect();
            for v in values {
                let mut ids: Vec<usize> = match v {
                    Some(Raw::Strings(items)) => items
                        .iter()
                        .filter(|s| !s.trim().is_empty())
                        .filter_map(|s| keys.binary_search(&&string_key(kind, s)).ok())
                        .map(|i| i + 1)
                        .collect(),
                    _ => Vec::new(),
                };
                ids.sort_unstable();
                ids.dedup();
                if kind != FieldKind::List {
                    ids.truncate(1);
                }
                per_doc.push(ids);
            }
        }
    }
    if value_count == 0 {
        return None; // no document has a value: nothing to filter or count
    }
    let width = width_of(value_count);
    out.push(width as u8);
    if kind == FieldKind::List {
        let total: usize = per_doc.iter().map(Vec::len).sum();
        let sw = width_of(total);
        out.push(sw as u8);
        let mut start = 0;
        write_fixed(&mut out, 0, sw);
        for ids in &per_doc {
            start += ids.len();
            write_fixed(&mut out, start, sw);
        }
        for id in per_doc.iter().flatten() {
            write_fixed(&mut out, *id, width);
        }
    } else {
        for ids in &per_doc {
            write_fixed(&mut out, ids.first().copied().unwrap_or(0), width);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, date: Option<&str>, fields: Vec<(&str, Value)>) -> Document {
        Document {
            id: id.into(),
            date: date.map(String::from),
            fields: fields
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
            ..Document::default()
        }
    }

    fn corpus() -> Vec<Document> {
        let list = |items: &[&str]| Value::List(items.iter().map(|s| s.to_string()).collect());
        vec![
            doc(
                "a",
                Some("2024-01-02"),
                vec![
                    ("section", "ثقافة".into()),
                    ("n", 3.0.into()),
                    ("tags", list(&["ب", "ا"])),
                    ("mixed", 1.0.into()),
                ],
            ),
            doc(
                "b",
                None,
                vec![
                    ("section", " ثقافه ".into()),
                    ("n", 0.25.into()),
                    ("tags", list(&["ا", "ا"])),
                    ("mixed", "x".into()),
                ],
            ),
            doc(
                "c",
                Some("2023-05-06T07:08:09Z"),
                vec![
                    ("section", "Sport".into()),
                    ("flag", true.into()),
                    ("when", "2020-01-01".into()),
                    ("long", "x".repeat(MAX_STRING_BYTES + 1).into()),
                ],
            ),
        ]
    }

    /// (field, kind, values as shown, each document's ids)
    type Row = (String, FieldKind, Vec<String>, Vec<Vec<u32>>);

    #[test]
    fn every_kind_round_trips_with_ids_in_value_order() {
        let docs = corpus();
        let bytes = encode(&docs);
        let columns = decode(&bytes, docs.len() as u32).unwrap();
        let mut ids = Vec::new();
        let got: Vec<Row> = columns
            .iter()
            .map(|c| {
                let shown = (1..=c.values.len() as u32)
                    .map(|i| c.values.shown(i))
                    .collect();
                let per_doc = (0..3)
                    .map(|d| {
                        c.ids(&bytes, d, &mut ids);
                        ids.clone()
                    })
                    .collect();
                (c.name.clone(), c.kind, shown, per_doc)
            })
            .collect();
        let s = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        // `mixed` (a number and a string) and `long` (free text) are not filterable.
        let want = vec![
            (
                "date".to_string(),
                FieldKind::Date,
                s(&["2023-05-06T07:08:09Z", "2024-01-02"]),
                vec![vec![2], vec![], vec![1]],
            ),
            (
                "flag".into(),
                FieldKind::Bool,
                s(&["true"]),
                vec![vec![], vec![], vec![1]],
            ),
            (
                "n".into(),
                FieldKind::Number,
                s(&["0.25", "3"]),
                vec![vec![2], vec![1], vec![]],
            ),
            // Sorted by normalised key ("sport" < Arabic); shown as most documents write it.
            (
                "section".into(),
                FieldKind::Text,
                s(&["Sport", "ثقافة"]),
                vec![vec![2], vec![2], vec![1]],
            ),
            (
                "tags".into(),
                FieldKind::List,
                s(&["ا", "ب"]),
                vec![vec![1, 2], vec![1], vec![]],
            ),
            (
                "when".into(),
                FieldKind::Date,
                s(&["2020-01-01"]),
                vec![vec![], vec![], vec![1]],
            ),
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn malformed_field_tables_are_errors() {
        let docs = corpus();
        let bytes = encode(&docs);
        assert!(decode(&bytes, 3).is_ok());
        // Truncated anywhere, or with a byte more, or read for another document count.
        for end in 0..bytes.len() {
            assert!(decode(&bytes[..end], 3).is_err(), "truncated at {end}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode(&longer, 3).is_err());
        assert!(decode(&bytes, 4).is_err());
        // Every byte changed: an error or a table whose every read stays in range.
        for at in 0..bytes.len() {
            for value in [0, 1, 2, 5, 0x7f, 0x80, 0xff] {
                let mut b = bytes.clone();
                b[at] = value;
                if let Ok(columns) = decode(&b, 3) {
                    let mut ids = Vec::new();
                    for c in &columns {
                        for d in 0..3 {
                            c.ids(&b, d, &mut ids);
                            assert!(ids.iter().all(|&i| i >= 1 && i as usize <= c.values.len()));
                        }
                    }
                }
            }
        }
    }
}
