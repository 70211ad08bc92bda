//! Filters, facets and sorting on document metadata (the FIELDS section,
//! [`crate::index::fields`]).
//!
//! A search's options are compiled once against the index ([`Narrowing::new`]):
//! each condition becomes the set of value ids it accepts (a bitset over the
//! field's dictionary; a range is a run of ids, since ids follow value order),
//! so testing a document reads its ids and looks them up, whatever the value
//! types. The rules, as docs/api.md states them:
//!
//! - every condition must hold; a field no document has matches nothing
//!   (except `none`, which a document without the field passes);
//! - strings match after trimming and the analyser's normalisation; a date
//!   matches a value that starts it (`"2024-03"` is March); a range is
//!   inclusive, its `to` compared on as many characters as it has;
//! - a facet counts the matches that pass the filters on OTHER fields, so a
//!   page can show every section's count while one section is chosen;
//! - sorting is by the field's value (a list's smallest ascending, largest
//!   descending), ties by relevance then id; documents lacking it come last.

use std::collections::BinaryHeap;

use crate::index::fields::{string_key, FieldColumn, FieldKind, FieldValues};
use crate::index::IndexReader;

/// A value to compare a field with.
#[derive(Debug, Clone, PartialEq)]
pub enum FilterValue {
    Text(String),
    Number(f64),
    Bool(bool),
}

impl From<&str> for FilterValue {
    fn from(s: &str) -> Self {
        FilterValue::Text(s.to_string())
    }
}

impl From<f64> for FilterValue {
    fn from(n: f64) -> Self {
        FilterValue::Number(n)
    }
}

impl From<bool> for FilterValue {
    fn from(b: bool) -> Self {
        FilterValue::Bool(b)
    }
}

/// What one filter asks of a field.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    /// The field has one of these values (an empty list asks nothing).
    Any(Vec<FilterValue>),
    /// The field has every one of these values.
    All(Vec<FilterValue>),
    /// The field has none of these values (a document without it passes).
    None(Vec<FilterValue>),
    /// The value is from `from` to `to`, both inclusive, either open.
    Range {
        from: Option<FilterValue>,
        to: Option<FilterValue>,
    },
}

/// One condition on one field; a search's filters must all hold.
#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    pub field: String,
    pub condition: Condition,
}

impl Filter {
    pub fn new(field: &str, condition: Condition) -> Filter {
        Filter {
            field: field.to_string(),
            condition,
        }
    }
}

/// Order hits by a field instead of relevance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sort {
    pub field: String,
    pub descending: bool,
}

/// The counts of one facet: (value as shown, documents), most documents first,
/// ties in value order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facet {
    pub field: String,
    pub counts: Vec<(String, usize)>,
}

/// Bits over a field's value ids (0 = no value).
struct Bits(Vec<u64>);

impl Bits {
    fn new(values: usize) -> Bits {
        Bits(vec![0; values / 64 + 1])
    }
    fn set(&mut self, id: usize) {
        self.0[id / 64] |= 1 << (id % 64);
    }
    #[inline]
    fn has(&self, id: u32) -> bool {
        self.0
            .get(id as usize / 64)
            .is_some_and(|w| w >> (id % 64) & 1 == 1)
    }
}

enum Test {
    /// Some id of the document is in the set.
    Any(Bits),
    /// No id of the document is in the set.
    NoneOf(Bits),
    /// The document has every one of these ids.
    All(Vec<u32>),
    /// Nothing passes (an unknown field, or `all` of a value no document has).
    Nothing,
}

/// A facet being counted: its name, column (if the index has the field),
/// the group of filters it ignores, and the counts per value id.
type FacetCounts<'a> = (&'a str, Option<&'a FieldColumn>, Option<usize>, Vec<u32>);

/// A search's filters, facets and sort, compiled against one index.
pub struct Narrowing<'a> {
    section: &'a [u8],
    /// (column, group, test): group = the filter's field, for facets.
    tests: Vec<(Option<&'a FieldColumn>, usize, Test)>,
    /// The filtered fields, by name: a test's group is its index here.
    groups: Vec<&'a str>,
    facets: Vec<FacetCounts<'a>>,
    sort: Option<(Option<&'a FieldColumn>, bool)>,
    ids: Vec<u32>,
}

/// `n` as text when it is a whole number (how a list or text field holds it).
fn whole(n: f64) -> Option<String> {
    (n.fract() == 0.0 && n.abs() < 9e15).then(|| (n as i64).to_string())
}

/// The key a value is compared with in a string-valued field.
fn text_of(kind: FieldKind, value: &FilterValue) -> Option<String> {
    match value {
        FilterValue::Text(s) => Some(string_key(kind, s)),
        FilterValue::Number(n) => whole(*n),
        FilterValue::Bool(b) => Some(b.to_string()),
    }
}

/// The number a value means in a number field.
fn number_of(value: &FilterValue) -> Option<f64> {
    match value {
        FilterValue::Number(n) => Some(*n),
        FilterValue::Text(s) => s.trim().parse::<i64>().ok().map(|n| n as f64),
        FilterValue::Bool(_) => None,
    }
}

/// The number a value means in a number field, or in a boolean one (false 0, true 1).
fn number_in(kind: FieldKind, value: &FilterValue) -> Option<f64> {
    if kind != FieldKind::Bool {
        return number_of(value);
    }
    match value {
        FilterValue::Bool(b) => Some(f64::from(u8::from(*b))),
        FilterValue::Text(s) if s.trim() == "true" => Some(1.0),
        FilterValue::Text(s) if s.trim() == "false" => Some(0.0),
        _ => None,
    }
}

fn numeric(kind: FieldKind) -> bool {
    matches!(kind, FieldKind::Number | FieldKind::Bool)
}

/// Whether value `i` of the field equals `value`. (Out of line, as `within`: inlined in
/// each condition's loop they would cost kilobytes of the page's module.)
#[inline(never)]
fn equals(kind: FieldKind, values: &FieldValues, i: usize, value: &FilterValue) -> bool {
    let v = &values.0[i];
    if numeric(kind) {
        return number_in(kind, value) == Some(v.number);
    }
    text_of(kind, value).is_some_and(|key| {
        if kind == FieldKind::Date {
            v.key.starts_with(key.as_str()) && !key.is_empty()
        } else {
            v.key == key
        }
    })
}

/// Whether value `i` of the field is at least `from` (`above`) or at most `to`.
#[inline(never)]
fn within(
    kind: FieldKind,
    values: &FieldValues,
    i: usize,
    bound: &FilterValue,
    above: bool,
) -> bool {
    let v = &values.0[i];
    if numeric(kind) {
        return number_in(kind, bound).is_some_and(|b| {
            if above {
                v.number >= b
            } else {
                v.number <= b
            }
        });
    }
    text_of(kind, bound).is_some_and(|b| {
        let key = v.key.as_str();
        if above {
            key >= b.as_str()
        } else {
            // `to: "2024-03"` includes every day of March.
            let cut = key
                .char_indices()
                .nth(b.chars().count())
                .map_or(key.len(), |(at, _)| at);
            key.get(..cut).unwrap_or(key) <= b.as_str()
        }
    })
}

fn compile(column: Option<&FieldColumn>, condition: &Condition) -> Option<Test> {
    let Some(column) = column else {
        return Some(match condition {
            Condition::None(_) => return None,
            Condition::Any(list) | Condition::All(list) if list.is_empty() => return None,
            _ => Test::Nothing,
        });
    };
    let (kind, values) = (column.kind, &column.values);
    let set_of = |accept: &dyn Fn(usize) -> bool| {
        let mut bits = Bits::new(values.len());
        for i in 0..values.len() {
            if accept(i) {
                bits.set(i + 1);
            }
        }
        bits
    };
    Some(match condition {
        Condition::Any(list) if list.is_empty() => return None,
        Condition::Any(list) => {
            Test::Any(set_of(&|i| list.iter().any(|v| equals(kind, values, i, v))))
        }
        Condition::None(list) => {
            Test::NoneOf(set_of(&|i| list.iter().any(|v| equals(kind, values, i, v))))
        }
        Condition::All(list) => {
            let mut ids = Vec::new();
            for v in list {
                let matching: Vec<u32> = (0..values.len())
                    .filter(|&i| equals(kind, values, i, v))
                    .map(|i| i as u32 + 1)
                    .collect();
                match matching.as_slice() {
                    [] => return Some(Test::Nothing),
                    [one] => ids.push(*one),
                    // A date prefix (a month) matches several days: any of them.
                    _ => return Some(Test::Any(set_of(&|i| equals(kind, values, i, v)))),
                }
            }
            if ids.is_empty() {
                return None;
            }
            Test::All(ids)
        }
        Condition::Range { from, to } => Test::Any(set_of(&|i| {
            from.as_ref()
                .map_or(true, |b| within(kind, values, i, b, true))
                && to
                    .as_ref()
                    .map_or(true, |b| within(kind, values, i, b, false))
        })),
    })
}

impl<'a> Narrowing<'a> {
    pub fn new(
        reader: &'a IndexReader,
        filters: &'a [Filter],
        facets: &'a [String],
        sort: Option<&'a Sort>,
    ) -> Narrowing<'a> {
        let column = |name: &str| reader.fields().iter().find(|c| c.name == name);
        let mut groups: Vec<&str> = Vec::new();
        let mut tests = Vec::new();
        for filter in filters {
            let group = match groups.iter().position(|g| *g == filter.field) {
                Some(g) => g,
                None => {
                    groups.push(&filter.field);
                    groups.len() - 1
                }
            };
            let col = column(&filter.field);
            if let Some(test) = compile(col, &filter.condition) {
                tests.push((col, group, test));
            }
        }
        let facets = facets
            .iter()
            .map(|name| {
                let col = column(name);
                let counts = vec![0; col.map_or(0, |c| c.values.len() + 1)];
                let group = groups.iter().position(|g| g == name);
                (name.as_str(), col, group, counts)
            })
            .collect();
        Narrowing {
            section: reader.fields_section(),
            tests,
            groups,
            facets,
            sort: sort.map(|s| (column(&s.field), s.descending)),
            ids: Vec::new(),
        }
    }

    /// Whether an empty query browses: there are filters, a sort or facets (the counts of the
    /// whole corpus, or of what the filters keep: what a page shows before anything is typed).
    pub fn browses(&self) -> bool {
        !self.groups.is_empty() || self.sort.is_some() || !self.facets.is_empty()
    }

    pub fn has_filters(&self) -> bool {
        !self.tests.is_empty()
    }

    pub fn has_facets(&self) -> bool {
        !self.facets.is_empty()
    }

    pub fn sorts(&self) -> bool {
        self.sort.is_some()
    }

    /// Which filter groups `doc` fails: `(how many, the first)`, counting
    /// up to two (two failed groups: no facet counts the document).
    fn failures(&mut self, doc: u32) -> (u32, usize) {
        let (mut count, mut first) = (0u32, usize::MAX);
        for (column, group, test) in &self.tests {
            if *group == first {
                continue; // this group already failed
            }
            let pass = match (test, column) {
                (Test::Nothing, _) | (_, None) => false,
                (test, Some(column)) => {
                    column.ids(self.section, doc, &mut self.ids);
                    match test {
                        Test::Any(bits) => self.ids.iter().any(|&id| bits.has(id)),
                        Test::NoneOf(bits) => !self.ids.iter().any(|&id| bits.has(id)),
                        Test::All(want) => want.iter().all(|id| self.ids.contains(id)),
                        Test::Nothing => false,
                    }
                }
            };
            if !pass {
                count += 1;
                if count == 2 {
                    break;
                }
                first = *group;
            }
        }
        (count, first)
    }

    /// Count `doc` (a match of the query) in the facets, and say whether it
    /// passes every filter. Call once per match.
    pub fn admit(&mut self, doc: u32) -> bool {
        if self.tests.is_empty() && self.facets.is_empty() {
            return true;
        }
        let (failed, first) = self.failures(doc);
        if failed <= 1 {
            for f in 0..self.facets.len() {
                let (_, column, group, _) = &self.facets[f];
                let Some(column) = *column else { continue };
                // Counted when it passes the filters of every other field.
                if failed == 0 || *group == Some(first) {
                    column.ids(self.section, doc, &mut self.ids);
                    let counts = &mut self.facets[f].3;
                    for &id in &self.ids {
                        if let Some(c) = counts.get_mut(id as usize) {
                            *c += 1;
                        }
                    }
                }
            }
        }
        failed == 0
    }

    /// The facet counts gathered by [`Self::admit`].
    pub fn facets(&self) -> Vec<Facet> {
        self.facets
            .iter()
            .map(|(name, column, _, counts)| {
                let mut order: Vec<u64> = counts
                    .iter()
                    .enumerate()
                    .skip(1)
                    .filter(|(_, &c)| c > 0)
                    .map(|(id, &c)| u64::from(u32::MAX - c) << 32 | id as u64)
                    .collect();
                order.sort_unstable();
                let counts = order
                    .iter()
                    .filter_map(|key| {
                        let id = *key as u32;
                        let column = (*column)?;
                        Some((column.values.shown(id), counts[id as usize] as usize))
                    })
                    .collect();
                Facet {
                    field: name.to_string(),
                    counts,
                }
            })
            .collect()
    }

    /// Put the first `top` of `ranked` (document, relevance) in the sort's
    /// order: by the field's value id (ids follow value order), documents
    /// without the field last, ties by relevance then document number. Only
    /// the first `top` are ordered: a heap of the best `top` seen so far
    /// (O(n log top), and far less code in the page's module than a
    /// selection and a sort of 128-bit keys); the rest follow, unordered.
    pub fn sort(&mut self, ranked: &mut [(u32, f32)], top: usize) {
        let Some((column, descending)) = self.sort else {
            return;
        };
        let top = top.min(ranked.len());
        let mut best: BinaryHeap<u128> = BinaryHeap::with_capacity(top + 1);
        let mut rest: Vec<u128> = Vec::with_capacity(ranked.len() - top);
        for &(doc, score) in ranked.iter() {
            let mut value = 1u64 << 32; // no value: after every value
            if let Some(column) = column {
                column.ids(self.section, doc, &mut self.ids);
                let id = if descending {
                    self.ids.last()
                } else {
                    self.ids.first()
                };
                if let Some(&id) = id {
                    value = u64::from(if descending { u32::MAX - id } else { id });
                }
            }
            let relevance = u64::from(!super::execute::ordered_bits(score));
            let key = u128::from(value) << 64 | u128::from(relevance) << 32 | u128::from(doc);
            if best.len() < top {
                best.push(key);
            } else {
                match best.peek_mut() {
                    Some(mut worst) if key < *worst => {
                        rest.push(std::mem::replace(&mut *worst, key))
                    }
                    _ => rest.push(key),
                }
            }
        }
        let sorted = best.into_sorted_vec();
        for (slot, key) in ranked.iter_mut().zip(sorted.into_iter().chain(rest)) {
            let doc = key as u32;
            let score = super::execute::from_ordered_bits(!((key >> 32) as u32));
            *slot = (doc, score);
        }
    }
}

/// Whether `s` is an ISO 8601 date, whole or cut short: `2024`, `2024-03`,
/// `2024-03-15`, `2024-03-15T10:30:00Z` (what a date range's bounds take).
pub fn is_date_prefix(s: &str) -> bool {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    match b.len() {
        4 => digits(0..4),
        7 => digits(0..4) && b[4] == b'-' && digits(5..7),
        _ => crate::index::fields::is_iso_date(s),
    }
}

/// A field's description for `index.stats.fields`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldStats {
    /// "string", "string[]", "number", "boolean" or "date".
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Distinct values.
    pub values: usize,
}

/// Every filterable field of the index, by name.
pub fn field_stats(reader: &IndexReader) -> Vec<(String, FieldStats)> {
    reader
        .fields()
        .iter()
        .map(|c| {
            (
                c.name.clone(),
                FieldStats {
                    kind: c.kind.name(),
                    values: c.values.len(),
                },
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{Condition, Filter, FilterValue as V, Sort};
    use crate::corpus::{Document, FieldValue};
    use crate::{IndexBuilder, SearchIndex, SearchOptions};

    /// id, section, tags, date, views, featured.
    type Row = (
        &'static str,
        &'static str,
        &'static [&'static str],
        &'static str,
        f64,
        bool,
    );

    /// Six articles: a section (one misspelt with ه), tags, a date, views, a flag.
    fn index() -> SearchIndex {
        let rows: [Row; 6] = [
            ("a", "ثقافة", &["كتب", "شعر"], "2024-01-10", 1500.0, true),
            ("b", "ثقافه", &["شعر"], "2024-02-20", 300.0, false),
            (
                "c",
                "اقتصاد",
                &["نفط"],
                "2024-03-31T10:00:00Z",
                5000.0,
                false,
            ),
            ("d", "اقتصاد", &["كتب", "نفط"], "2024-04-01", 1000.0, true),
            ("e", "رياضة", &[], "2023-12-31", 0.5, false),
            ("f", "", &[], "", 0.0, false),
        ];
        let mut builder = IndexBuilder::new();
        for (id, section, tags, date, views, featured) in rows {
            let mut fields = vec![];
            if !section.is_empty() {
                fields.push(("section".to_string(), FieldValue::from(section)));
                fields.push(("views".to_string(), FieldValue::Number(views)));
                fields.push(("featured".to_string(), FieldValue::Bool(featured)));
            }
            if !tags.is_empty() {
                let tags = tags.iter().map(|t| t.to_string()).collect();
                fields.push(("tags".to_string(), FieldValue::List(tags)));
            }
            builder
                .add(Document {
                    id: id.into(),
                    title: format!("مقال {id}"),
                    text: "خبر اليوم".into(),
                    date: Some(date.to_string()).filter(|d| !d.is_empty()),
                    fields,
                    ..Document::default()
                })
                .unwrap();
        }
        SearchIndex::from_bytes(builder.finish().unwrap()).unwrap()
    }

    fn ids(index: &SearchIndex, query: &str, options: &SearchOptions) -> String {
        let results = index.search(query, options).unwrap();
        let ids: Vec<&str> = results.hits.iter().map(|h| h.id.as_str()).collect();
        ids.join(" ")
    }

    fn texts(values: &[&str]) -> Vec<V> {
        values.iter().map(|&v| V::from(v)).collect()
    }

    #[test]
    fn filters_select_the_documents_they_name() {
        let index = index();
        let range = |from: Option<V>, to: Option<V>| Condition::Range { from, to };
        let cases: Vec<(&str, Vec<Filter>, &str)> = vec![
            (
                "equality, normalised",
                vec![Filter::new("section", Condition::Any(texts(&["ثقافه"])))],
                "a b",
            ),
            (
                "any of two",
                vec![Filter::new(
                    "section",
                    Condition::Any(texts(&["رياضة", " اقتصاد "])),
                )],
                "c d e",
            ),
            (
                "a list contains",
                vec![Filter::new("tags", Condition::Any(texts(&["كتب"])))],
                "a d",
            ),
            (
                "all",
                vec![Filter::new("tags", Condition::All(texts(&["كتب", "نفط"])))],
                "d",
            ),
            (
                "all of a missing value",
                vec![Filter::new("tags", Condition::All(texts(&["كتب", "غائب"])))],
                "",
            ),
            (
                "none (lacking the field passes)",
                vec![Filter::new("tags", Condition::None(texts(&["شعر"])))],
                "c d e f",
            ),
            (
                "an empty any asks nothing",
                vec![Filter::new("tags", Condition::Any(vec![]))],
                "a b c d e f",
            ),
            (
                "date range, inclusive, to a day with a time",
                vec![Filter::new(
                    "date",
                    range(Some("2024-01-10".into()), Some("2024-03-31".into())),
                )],
                "a b c",
            ),
            (
                "date from only",
                vec![Filter::new("date", range(Some("2024-03".into()), None))],
                "c d",
            ),
            (
                "date to a month",
                vec![Filter::new("date", range(None, Some("2024-02".into())))],
                "a b e",
            ),
            (
                "date equality is a prefix",
                vec![Filter::new("date", Condition::Any(texts(&["2024-0"])))],
                "a b c d",
            ),
            (
                "a year as a number",
                vec![Filter::new("date", Condition::Any(vec![V::Number(2023.0)]))],
                "e",
            ),
            (
                "number range",
                vec![Filter::new("views", range(Some(1000.0.into()), None))],
                "a c d",
            ),
            (
                "number range, both ends",
                vec![Filter::new(
                    "views",
                    range(Some(0.5.into()), Some(1000.0.into())),
                )],
                "b d e",
            ),
            (
                "number as text",
                vec![Filter::new("views", Condition::Any(texts(&["300"])))],
                "b",
            ),
            (
                "boolean",
                vec![Filter::new("featured", Condition::Any(vec![true.into()]))],
                "a d",
            ),
            (
                "two fields",
                vec![
                    Filter::new("tags", Condition::Any(texts(&["كتب"]))),
                    Filter::new("featured", Condition::Any(vec![true.into()])),
                    Filter::new("views", range(None, Some(1200.0.into()))),
                ],
                "d",
            ),
            (
                "an unknown field matches nothing",
                vec![Filter::new("nosuch", Condition::Any(texts(&["x"])))],
                "",
            ),
            (
                "a number on a string field",
                vec![Filter::new("section", Condition::Any(vec![V::Number(1.0)]))],
                "",
            ),
        ];
        for (name, filters, want) in cases {
            let options = SearchOptions {
                filters: filters.clone(),
                limit: 100,
                ..SearchOptions::default()
            };
            assert_eq!(ids(&index, "خبر", &options), want, "{name} (search)");
            assert_eq!(ids(&index, "", &options), want, "{name} (browse)");
            assert_eq!(
                index.search("", &options).unwrap().total,
                want.split_whitespace().count(),
                "{name}"
            );
        }
    }

    #[test]
    fn facets_count_all_matches_after_the_other_fields_filters() {
        let index = index();
        let facets = |filters: Vec<Filter>| {
            let options = SearchOptions {
                limit: 1,
                filters,
                facets: vec!["section".into(), "tags".into(), "nosuch".into()],
                ..SearchOptions::default()
            };
            let results = index.search("خبر", &options).unwrap();
            assert!(results.hits.len() <= 1);
            results
                .facets
                .unwrap()
                .into_iter()
                .map(|f| {
                    let counts: Vec<String> =
                        f.counts.iter().map(|(v, n)| format!("{v}={n}")).collect();
                    format!("{}: {}", f.field, counts.join(" "))
                })
                .collect::<Vec<_>>()
        };
        // The spelling shown is the one most documents use (ties: the first).
        assert_eq!(
            facets(vec![]),
            [
                "section: اقتصاد=2 ثقافة=2 رياضة=1",
                "tags: شعر=2 كتب=2 نفط=2",
                "nosuch: "
            ]
        );
        // Choosing a section keeps every section's count, and narrows the tags.
        assert_eq!(
            facets(vec![Filter::new(
                "section",
                Condition::Any(texts(&["ثقافة"]))
            )]),
            [
                "section: اقتصاد=2 ثقافة=2 رياضة=1",
                "tags: شعر=2 كتب=1",
                "nosuch: "
            ]
        );
        assert_eq!(
            facets(vec![
                Filter::new("section", Condition::Any(texts(&["ثقافة"]))),
                Filter::new("tags", Condition::Any(texts(&["كتب"]))),
            ]),
            ["section: اقتصاد=1 ثقافة=1", "tags: شعر=2 كتب=1", "nosuch: "]
        );
    }

    #[test]
    fn sorting_puts_documents_without_the_field_last_both_ways() {
        let index = index();
        let cases = [
            ("date", false, "e a b c d f"),
            ("date", true, "d c b a e f"),
            ("views", false, "e b d a c f"),
            ("views", true, "c a d b e f"),
            // A list sorts by its smallest value ascending, its largest descending.
            ("tags", false, "a b d c e f"),
            ("tags", true, "c d a b e f"),
            ("nosuch", false, "a b c d e f"),
        ];
        for (field, descending, want) in cases {
            let sort = Some(Sort {
                field: field.into(),
                descending,
            });
            let options = SearchOptions {
                sort,
                limit: 100,
                ..SearchOptions::default()
            };
            assert_eq!(
                ids(&index, "", &options),
                want,
                "{field} {descending} (browse)"
            );
            assert_eq!(ids(&index, "خبر", &options), want, "{field} {descending}");
            // Pages of a sorted list are its slices.
            let page = SearchOptions {
                limit: 2,
                offset: 1,
                ..options.clone()
            };
            let words: Vec<&str> = want.split(' ').collect();
            assert_eq!(
                ids(&index, "خبر", &page),
                words[1..3].join(" "),
                "{field} page"
            );
        }
    }

    #[test]
    fn an_empty_query_without_filters_sort_or_facets_finds_nothing() {
        let index = index();
        let results = index.search("", &SearchOptions::default()).unwrap();
        assert_eq!((results.total, results.hits.len()), (0, 0));
        assert!(results.facets.is_none());
    }

    #[test]
    fn an_empty_query_with_facets_counts_the_whole_corpus() {
        let index = index();
        let options = SearchOptions {
            facets: vec!["section".into(), "tags".into()],
            limit: 2,
            ..SearchOptions::default()
        };
        let results = index.search("", &options).unwrap();
        assert_eq!(results.total, 6, "every document");
        let ids: Vec<&str> = results.hits.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["a", "b"], "in id order");
        let facets: Vec<String> = results
            .facets
            .unwrap()
            .iter()
            .map(|f| {
                let mut counts: Vec<String> =
                    f.counts.iter().map(|(v, n)| format!("{v}={n}")).collect();
                counts.sort();
                format!("{}: {}", f.field, counts.join(" "))
            })
            .collect();
        assert_eq!(
            facets,
            [
                "section: اقتصاد=2 ثقافة=2 رياضة=1",
                "tags: شعر=2 كتب=2 نفط=2"
            ]
        );
    }

    #[test]
    fn stats_list_the_filterable_fields() {
        let stats = index().stats();
        let fields: Vec<String> = stats
            .fields
            .iter()
            .map(|(n, f)| format!("{n}:{}:{}", f.kind, f.values))
            .collect();
        assert_eq!(
            fields,
            [
                "date:date:5",
                "featured:boolean:2",
                "section:string:3",
                "tags:string[]:3",
                "views:number:5"
            ]
        );
    }
}
