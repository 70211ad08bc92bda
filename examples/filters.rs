//! What filters, facets and the FIELDS section cost, natively, on the corpora `bench/` fetches:
//! the hadith six books (`bench/data/hadith.jsonl`, with its `book` field) and the
//! Quran (`bench/data/quran.jsonl`, a `surah` field from the id's prefix). `make eval` writes the
//! first (bench/eval/corpora.mjs), `make bench` the second; then
//!
//! ```text
//! cargo run --release --example filters
//! ```
//!
//! Per corpus it prints: the index size without and with the field (growth in %), the median
//! query time over a set of queries without and with a filter on the field (the filter keeping
//! about a sixth of the documents), and the time to count one facet over about 4,000 matches.
//! Every measurement first checks its answer (a filter keeps only documents with the value; facet
//! counts add up to the total), so a wrong result cannot pass for a fast one.
//!
//! Native only (it reads files and times with the system clock): on wasm32 it is an empty program.

#![cfg_attr(target_arch = "wasm32", no_main)]
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use fahras::corpus::{self, Options};
use fahras::index::{Bytes, IndexReader};
use fahras::query::filter::Narrowing;
use fahras::{
    Condition, Document, FieldValue, Filter, FilterValue, IndexBuilder, SearchIndex, SearchOptions,
};

/// Words of both corpora, common and rare: the query set whose median is compared.
const QUERIES: &[&str] = &[
    "الله",
    "رسول",
    "قال",
    "الصلاة",
    "الزكاة",
    "الصيام",
    "النار",
    "الجنة",
    "يوم القيامة",
    "الرحمن",
    "موسى",
    "عيسى",
    "ابراهيم",
    "الكتاب",
    "الحج",
    "البيع",
    "النكاح",
    "الطلاق",
    "الصدقة",
    "الماء",
    "\"رسول الله\"",
    "الصبر",
    "العلم",
    "الارض",
    "السماء",
    "الليل",
    "المسجد",
    "الوضوء",
    "الذهب",
    "الخمر",
];

fn documents(path: &str, field: &str) -> Vec<Document> {
    let loaded = corpus::load(Path::new(path), &Options::default(), false).unwrap_or_else(|e| {
        panic!("{e} (`make eval` writes hadith.jsonl, `make bench` quran.jsonl)")
    });
    let mut docs = Vec::new();
    for mut doc in loaded.parsed.documents {
        let prefix = doc.id.split(':').next().unwrap_or_default().to_string();
        let value = match prefix.parse::<f64>() {
            Ok(n) => FieldValue::Number(n),
            Err(_) => FieldValue::Text(prefix),
        };
        // The hadith JSONL has its `book` already (the book's Arabic name).
        if !doc.fields.iter().any(|(k, _)| k == field) {
            doc.fields.push((field.to_string(), value));
        }
        docs.push(doc);
    }
    docs
}

fn build(docs: &[Document]) -> Vec<u8> {
    let mut builder = IndexBuilder::new();
    for doc in docs {
        builder.add(doc.clone()).expect("a valid document");
    }
    builder.finish().expect("the corpus builds")
}

/// The median of `runs` timings of `f`.
fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn measure(name: &str, path: &str, field: &str, value: FieldValue) {
    let docs = documents(path, field);
    let plain: Vec<Document> = docs
        .iter()
        .cloned()
        .map(|mut d| {
            d.fields.retain(|(k, _)| k != field);
            d
        })
        .collect();
    let without = build(&plain).len();
    let bytes = build(&docs);
    let with = bytes.len();
    let reader =
        IndexReader::open(Bytes::Shared(Arc::new(bytes.clone()))).expect("the index opens");
    let index = SearchIndex::from_bytes(bytes).expect("the index opens");
    println!(
        "{name}: {} documents, field `{field}` with {} values",
        docs.len(),
        index
            .stats()
            .fields
            .iter()
            .find(|(n, _)| n == field)
            .expect("the field is filterable")
            .1
            .values
    );
    println!(
        "  index: {without} bytes without the field, {with} with it: +{} bytes, +{:.2} %",
        with - without,
        (with - without) as f64 * 100.0 / without as f64
    );
    println!(
        "         of which the FIELDS section (every filterable field, `date` included) is {} bytes; the rest is the value stored with each document",
        reader.fields_section().len()
    );

    // Median over the query set of each query's median time, with and without the filter.
    let filter_value = match &value {
        FieldValue::Text(s) => FilterValue::Text(s.clone()),
        FieldValue::Number(n) => FilterValue::Number(*n),
        _ => unreachable!("the fields measured are a string and a number"),
    };
    let filtered = SearchOptions {
        filters: vec![Filter::new(
            field,
            Condition::Any(vec![filter_value.clone()]),
        )],
        ..SearchOptions::default()
    };
    // The costliest kind: a filter that keeps most matches, so they are all tested and ranked.
    let most = SearchOptions {
        filters: vec![Filter::new(field, Condition::None(vec![filter_value]))],
        ..SearchOptions::default()
    };
    let plain_options = SearchOptions::default();
    let mut base = Vec::new();
    let mut narrowed = Vec::new();
    let mut kept_most = Vec::new();
    for query in QUERIES {
        let all = index.search(query, &plain_options).unwrap();
        let some = index.search(query, &filtered).unwrap();
        assert!(some.total <= all.total);
        for hit in &some.hits {
            assert!(
                hit.fields.iter().any(|(k, v)| k == field && *v == value),
                "{query}: {}",
                hit.id
            );
        }
        base.push(median(31, || {
            std::hint::black_box(index.search(query, &plain_options).unwrap());
        }));
        narrowed.push(median(31, || {
            std::hint::black_box(index.search(query, &filtered).unwrap());
        }));
        kept_most.push(median(31, || {
            std::hint::black_box(index.search(query, &most).unwrap());
        }));
    }
    base.sort();
    narrowed.sort();
    kept_most.sort();
    let (b, n) = (base[base.len() / 2], narrowed[narrowed.len() / 2]);
    let m = kept_most[kept_most.len() / 2];
    println!(
        "  median query over {} queries: {:.1} µs, with a `{field}` filter {:.1} µs ({:+.1} %)",
        QUERIES.len(),
        micros(b),
        micros(n),
        (micros(n) / micros(b) - 1.0) * 100.0
    );
    println!(
        "  with a `{field}` filter that keeps all but that value: {:.1} µs ({:+.1} %)",
        micros(m),
        (micros(m) / micros(b) - 1.0) * 100.0
    );

    // Facet counts over the query whose matches are closest to 4,000.
    let (query, total) = QUERIES
        .iter()
        .map(|q| (*q, index.search(q, &plain_options).unwrap().total))
        .min_by_key(|(_, t)| t.abs_diff(4000))
        .unwrap();
    let faceted = SearchOptions {
        facets: vec![field.to_string()],
        ..SearchOptions::default()
    };
    let res = index.search(query, &faceted).unwrap();
    let counted: usize = res.facets.as_ref().unwrap()[0]
        .counts
        .iter()
        .map(|(_, n)| n)
        .sum();
    assert_eq!(counted, res.total, "every match is counted once");
    let without = median(101, || {
        std::hint::black_box(index.search(query, &plain_options).unwrap());
    });
    let with = median(101, || {
        std::hint::black_box(index.search(query, &faceted).unwrap());
    });
    // The counting alone: one pass over the matches, as a search makes it.
    let n = reader.documents();
    let matches: Vec<u32> = (0..total as u32)
        .map(|i| (u64::from(i) * u64::from(n) / total as u64) as u32)
        .collect();
    let names = [field.to_string()];
    let counting = median(101, || {
        let mut narrowing = Narrowing::new(&reader, &[], &names, None);
        for &doc in &matches {
            narrowing.admit(doc);
        }
        std::hint::black_box(narrowing.facets());
    });
    println!(
        "  facet `{field}` over the {total} matches of {query:?}: the search {:.1} µs without, {:.1} µs with; counting alone {:.3} ms",
        micros(without),
        micros(with),
        micros(counting) / 1000.0
    );
}

fn main() {
    measure(
        "hadith six books",
        "bench/data/hadith.jsonl",
        "book",
        FieldValue::Text("صحيح البخاري".into()),
    );
    measure(
        "Quran",
        "bench/data/quran.jsonl",
        "surah",
        FieldValue::Number(2.0),
    );
}
