//! Native timings of the engine over the embedded seed corpus: query kinds, text analysis and
//! opening the index. `cargo bench --bench search` (add `-- --quick` for a fast pass).
//!
//! Each benchmark first checks that its call gives the right answer, so a regression that makes a
//! query cheap by making it wrong fails here instead of looking like a speed-up.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use fahras::analysis::{analyze, normalize};
use fahras::{SearchIndex, SearchOptions, SearchResults};

/// A seed article, analysed in the analysis benchmarks.
const ARTICLE: &str = include_str!("../seeds/000_341317d9654fed0c.txt");

/// The number of seed files, counted on disk (cargo runs benches from the package root).
fn seed_count() -> usize {
    std::fs::read_dir("seeds")
        .expect("benches run from the package root, next to seeds/")
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "txt"))
        })
        .count()
}

fn search(index: &SearchIndex, query: &str, options: &SearchOptions) -> SearchResults {
    index
        .search(query, options)
        .unwrap_or_else(|e| panic!("search({query:?}) failed: {e}"))
}

/// Every hit's stored text contains `needle` (compared after normalisation), and carries a
/// snippet with a highlighted word.
fn assert_hits_contain(index: &SearchIndex, res: &SearchResults, needle: &str) {
    assert!(res.total > 0, "no hit for {needle:?}");
    let needle = normalize(needle);
    for hit in &res.hits {
        let doc = index
            .document(&hit.id)
            .expect("the stored document reads")
            .expect("a hit's document is stored");
        assert!(
            normalize(&doc.text).contains(&needle) || normalize(&doc.title).contains(&needle),
            "hit {} does not contain {needle:?}",
            hit.id
        );
        assert!(
            hit.snippet.iter().any(|s| s.hit),
            "hit {} has no highlighted snippet",
            hit.id
        );
    }
}

fn queries(c: &mut Criterion) {
    let index = SearchIndex::embedded();
    let exact = SearchOptions {
        prefix: false,
        fuzzy: false,
        ..SearchOptions::default()
    };
    let typing = SearchOptions {
        prefix: true,
        fuzzy: false,
        ..SearchOptions::default()
    };
    let fuzzy = SearchOptions {
        prefix: false,
        fuzzy: true,
        ..SearchOptions::default()
    };
    let defaults = SearchOptions::default();
    let documents = seed_count();

    let mut group = c.benchmark_group("search");

    // بوتين is in every seed article.
    let res = search(&index, "بوتين", &exact);
    assert_eq!(res.total, documents);
    assert_hits_contain(&index, &res, "بوتين");
    group.bench_function("single term", |b| {
        b.iter(|| search(&index, black_box("بوتين"), &exact))
    });

    // Both words literally appear together in four of the five articles.
    let res = search(&index, "بوتين موسكو", &exact);
    assert!(res.total >= 4, "بوتين موسكو: {} documents", res.total);
    group.bench_function("two terms", |b| {
        b.iter(|| search(&index, black_box("بوتين موسكو"), &exact))
    });

    // The spelling بينج (not بينغ) is used by one article only.
    let res = search(&index, "\"شي جين بينج\"", &exact);
    assert_hits_contain(&index, &res, "شي جين بينج");
    group.bench_function("phrase", |b| {
        b.iter(|| search(&index, black_box("\"شي جين بينج\""), &exact))
    });

    // A user half-way through typing الكرملين.
    let res = search(&index, "الكرم", &typing);
    assert_hits_contain(&index, &res, "الكرملين");
    group.bench_function("prefix of an al- word", |b| {
        b.iter(|| search(&index, black_box("الكرم"), &typing))
    });

    // بوتبن is بوتين with one letter wrong: found only through the edit-distance retry.
    assert_eq!(
        search(&index, "بوتبن", &exact).total,
        0,
        "بوتبن is not a word of the seeds"
    );
    let res = search(&index, "بوتبن", &fuzzy);
    assert_hits_contain(&index, &res, "بوتين");
    group.bench_function("typo (fuzzy)", |b| {
        b.iter(|| search(&index, black_box("بوتبن"), &fuzzy))
    });

    // What the demo page sends while the user types: defaults, diacritics and a clitic included.
    let res = search(&index, "والصِّين", &defaults);
    assert!(res.total > 0);
    group.bench_function("defaults, vocalised word with clitic", |b| {
        b.iter(|| search(&index, black_box("والصِّين"), &defaults))
    });
    group.finish();
}

fn analysis(c: &mut Criterion) {
    let mut group = c.benchmark_group("analysis");
    let words = ARTICLE.split_whitespace().count();

    let normalized = normalize(ARTICLE);
    assert!(
        normalized.contains("بوتين") && normalized.contains("اكد"),
        "the article is normalised"
    );
    group.bench_function("normalize an article", |b| {
        b.iter(|| normalize(black_box(ARTICLE)))
    });

    let tokens = analyze(ARTICLE);
    // Punctuation-only chunks are no tokens; every real word is.
    assert!(
        tokens.len() * 10 >= words * 9,
        "{} tokens for {words} words",
        tokens.len()
    );
    assert!(tokens
        .iter()
        .all(|t| t.start < t.end && t.end <= ARTICLE.len() && !t.stem.is_empty()));
    group.bench_function("analyze an article", |b| {
        b.iter(|| analyze(black_box(ARTICLE)))
    });
    group.finish();
}

fn open(c: &mut Criterion) {
    let documents = seed_count();
    assert_eq!(SearchIndex::embedded().stats().documents, documents);
    c.bench_function("open the embedded index", |b| b.iter(SearchIndex::embedded));
}

criterion_group! {
    name = benches;
    // Short runs: the whole suite stays well under a minute on a 2-core machine.
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = queries, analysis, open
}
criterion_main!(benches);
