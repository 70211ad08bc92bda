//! Engine time of the queries issue 15 names, natively, for a profiler (`perf record`,
//! `valgrind --tool=callgrind`): the hadith (`bench/data/hadith.jsonl`) asked for 1,000 hits
//! without snippets, a diacritised query beside its plain form, and 10-hit Quran
//! (`bench/data/quran.jsonl`) queries with snippets. `bench/eval/corpora.mjs` fetches both.
//!
//! ```text
//! cargo run --release --example engine -- [hadith1000|diacritised|plain|quran] [runs]
//! cargo run --release --example engine -- cost [ROW|list]
//! cargo run --release --example engine -- dump
//! ```
//!
//! Each mode runs its queries `runs` times (default 200) and prints the median in µs and a
//! checksum of the results (so a faster run that answers differently shows).
//!
//! Two more modes measure and check the engine without timing it:
//!
//! - `cost ROW` runs one query after opening its index (once to warm up, then once inside
//!   `measured_search`), so that callgrind counts the query's instructions and nothing else (`engine -- cost list` names the
//!   rows: every row of the README's "Query cost in instructions" table). The Quran and hadith
//!   indexes are built natively once and cached in `target/engine-{quran,hadith}.index`, so the
//!   run under valgrind only opens them (delete the files after changing the index writer). The
//!   table comes from:
//!
//!   ```text
//!   cargo build --release --example engine
//!   E=target/release/examples/engine
//!   for row in $($E cost list); do
//!     $E cost $row >/dev/null   # builds the cached index natively
//!     valgrind --tool=callgrind --collect-atstart=no --toggle-collect='*measured_search*' \
//!       --callgrind-out-file=/tmp/cg.$row $E cost $row >/dev/null 2>&1
//!     echo "$row $(grep '^totals:' /tmp/cg.$row | cut -d' ' -f2)"
//!   done
//!   ```
//!
//! - `dump` prints the results of a fixed query set over the seeds, the Quran and the hadith
//!   (ids, scores as bits, snippets and title segments with their hits), to diff before and after
//!   a change that must not change results.
//!
//! Native only (it reads files and times with the system clock): on wasm32 it is an empty program.

#![cfg_attr(target_arch = "wasm32", no_main)]
#![cfg(not(target_arch = "wasm32"))]

use std::time::Instant;

use std::path::Path;

use fahras::corpus::{self, Options};
use fahras::{IndexBuilder, SearchIndex, SearchOptions, SearchResults};

/// The index of `bench/data/{corpus}.jsonl`, built.
fn build(corpus: &str) -> Vec<u8> {
    let path = format!("bench/data/{corpus}.jsonl");
    let loaded = corpus::load(Path::new(&path), &Options::default(), false)
        .unwrap_or_else(|e| panic!("{e} (bench/eval/corpora.mjs fetches it)"));
    let mut builder = IndexBuilder::new();
    for doc in loaded.parsed.documents {
        builder.add(doc).expect("a valid document");
    }
    builder.finish().expect("the corpus builds")
}

fn open(corpus: &str) -> SearchIndex {
    SearchIndex::from_bytes(build(corpus)).expect("it opens")
}

/// The index of a benchmark corpus, or the embedded seeds for `seeds`; a benchmark corpus is built
/// once and cached in `target/`, so a run under valgrind spends its time on the query.
fn open_cached(corpus: &str) -> SearchIndex {
    if corpus == "seeds" {
        return SearchIndex::embedded();
    }
    let cache = format!("target/engine-{corpus}.index");
    let bytes = std::fs::read(&cache).unwrap_or_else(|_| {
        let bytes = build(corpus);
        std::fs::write(&cache, &bytes).unwrap_or_else(|e| panic!("{cache}: {e}"));
        bytes
    });
    SearchIndex::from_bytes(bytes).expect("the cached index opens")
}

/// The rows of the README's instruction-count table: name, corpus, query, options.
fn cost_rows() -> Vec<(&'static str, &'static str, &'static str, SearchOptions)> {
    let exact = SearchOptions {
        prefix: false,
        fuzzy: false,
        ..Default::default()
    };
    let typing = SearchOptions {
        prefix: true,
        fuzzy: false,
        ..Default::default()
    };
    let fuzzy = SearchOptions {
        prefix: false,
        fuzzy: true,
        ..Default::default()
    };
    let d = SearchOptions::default;
    let bare = || SearchOptions {
        snippets: false,
        ..Default::default()
    };
    let many = SearchOptions {
        limit: 1000,
        ..Default::default()
    };
    let many_bare = SearchOptions {
        limit: 1000,
        snippets: false,
        ..Default::default()
    };
    vec![
        ("seeds-word", "seeds", "بوتين", exact.clone()),
        ("seeds-two", "seeds", "بوتين موسكو", exact.clone()),
        ("seeds-phrase", "seeds", "\"شي جين بينج\"", exact),
        ("seeds-prefix", "seeds", "الكرم", typing),
        ("seeds-typo", "seeds", "بوتبن", fuzzy),
        ("seeds-clitic", "seeds", "والصِّين", d()),
        // What a page pays per query before snippets (defaults: prefix and fuzzy on), and for a
        // word the corpus lacks (the typo and suggestion work of a miss).
        ("seeds-word-defaults", "seeds", "بوتين", d()),
        ("seeds-one-bare", "seeds", "الكرملين", bare()),
        ("seeds-miss", "seeds", "zzzz", d()),
        ("seeds-miss-arabic", "seeds", "سيارات", d()),
        ("quran-allah", "quran", "الله", d()),
        ("quran-basmala", "quran", "\"بسم الله الرحمن الرحيم\"", d()),
        ("quran-musa", "quran", "موسى", d()),
        ("quran-salat", "quran", "الصلاة", d()),
        ("quran-and", "quran", "بسم الله", d()),
        ("quran-typo", "quran", "فرعوم", d()),
        ("hadith-salat", "hadith", "الصلاة", d()),
        ("hadith-vocalised", "hadith", "الصَّلَاة", d()),
        ("hadith-1000", "hadith", "الصلاة", many),
        ("hadith-1000-bare", "hadith", "الصلاة", many_bare),
    ]
}

/// The one call callgrind counts (`--toggle-collect='*measured_search*'`).
#[inline(never)]
fn measured_search(index: &SearchIndex, query: &str, options: &SearchOptions) -> SearchResults {
    index.search(query, options).expect("the search runs")
}

fn cost(row: &str) {
    let rows = cost_rows();
    if row == "list" {
        for (name, ..) in &rows {
            println!("{name}");
        }
        return;
    }
    let (_, corpus, query, options) = rows
        .iter()
        .find(|r| r.0 == row)
        .unwrap_or_else(|| panic!("unknown row {row} (`cost list` names them)"));
    let index = open_cached(corpus);
    // The same query once before, uncounted: the first search of a process allocates the
    // per-thread scratch arrays (one slot per document), a cost a page pays once, not per query.
    std::hint::black_box(index.search(query, options).expect("the search runs"));
    let results = std::hint::black_box(measured_search(&index, query, options));
    println!("{row}: {} matches", results.total);
}

/// Prints every result field a change could move, one line per hit.
fn dump() {
    let sets: [(&str, &[&str]); 3] = [
        (
            "seeds",
            &[
                "بوتين",
                "بوتين موسكو",
                "\"شي جين بينج\"",
                "الكرم",
                "بوتبن",
                "والصِّين",
                "الصين",
                "روسيا والصين",
                "القاهرة",
                "\"الرئيس الروسي\"",
                "كرملين",
                "الصيم",
                "مريك",
                "ترامب",
                "-بوتين موسكو",
                "والبيت الأبيض",
                "zzzz",
                "سيارات",
                "الصيم موسكو",
                "بُوتِين",
                "الصِّين وَرُوسِيَا",
            ],
        ),
        (
            "quran",
            &[
                "الله",
                "\"بسم الله الرحمن الرحيم\"",
                "موسى",
                "الصلاة",
                "الرحمن الرحيم",
                "يوم القيامة",
                "الجنة",
                "\"إن الله غفور رحيم\"",
                "\"يا أيها الذين آمنوا\"",
                "إبراهيم",
                "رب العالمين",
                "عيسى",
                "يا قوم",
                "الصلوة",
                "بموسى",
                "وللذين",
                "\"الحمد لله رب العالمين\"",
                "مريم",
                "فرعون",
                "الصبر",
                "\"والله على كل شيء قدير\"",
                "\"فإن الله\"",
                "\"لله ما في السماوات\"",
                "الله -\"الرحمن الرحيم\"",
                "ٱللَّهِ",
                "مُوسَىٰ",
                "الصَّلَاةَ",
                "رَبِّ ٱلۡعَٰلَمِينَ",
                "\"بِسۡمِ ٱللَّهِ\"",
                "قَالَ",
            ],
        ),
        (
            "hadith",
            &[
                "الصلاة",
                "الصَّلَاة",
                "\"أبو هريرة\"",
                "رمضان",
                "الصدقة",
                "رسول الله",
                "الوضوء",
                "الزكاة",
                "صلى الله عليه وسلم",
                "الجهاد",
                "برمضان",
                "الحج",
                "النية",
                "\"صلى الله عليه وسلم\"",
                "\"عن أبي هريرة\"",
                "\"بسم الله\"",
                "الصَّدَقَةُ",
                "رَمَضَانَ",
                "الْوُضُوءِ",
                "عِلْمٌ",
                "الصَّلَاةَ وَالزَّكَاةَ",
                "النَّبِيِّ",
                "\"رَسُولُ اللَّهِ\"",
                "قَالَ",
            ],
        ),
    ];
    let option_sets = [
        ("defaults", SearchOptions::default()),
        (
            "exact",
            SearchOptions {
                prefix: false,
                fuzzy: false,
                ..Default::default()
            },
        ),
        (
            "many",
            SearchOptions {
                limit: 100,
                ..Default::default()
            },
        ),
        (
            "bare",
            SearchOptions {
                limit: 200,
                snippets: false,
                ..Default::default()
            },
        ),
    ];
    let segments = |s: &[fahras::Segment]| -> String {
        s.iter()
            .map(|s| {
                if s.hit {
                    format!("[{}]", s.text)
                } else {
                    s.text.clone()
                }
            })
            .collect()
    };
    for (corpus, queries) in sets {
        let index = open_cached(corpus);
        for q in queries {
            for (name, options) in &option_sets {
                let r = index.search(q, options).expect("the search runs");
                println!(
                    "## {corpus} {name} {q}: total {} suggestion {:?}",
                    r.total, r.suggestion
                );
                for h in &r.hits {
                    println!(
                        "{} {:08x} {} | {}",
                        h.id,
                        h.score.to_bits(),
                        segments(&h.title_segments),
                        segments(&h.snippet)
                    );
                }
            }
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mode = args.next().unwrap_or_else(|| "hadith1000".into());
    if mode == "cost" {
        return cost(&args.next().unwrap_or_else(|| "list".into()));
    }
    if mode == "dump" {
        return dump();
    }
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(200);
    let (corpus, queries, options): (&str, &[&str], SearchOptions) = match mode.as_str() {
        "hadith1000" => (
            "hadith",
            &["الصلاة", "رسول الله"],
            SearchOptions {
                limit: 1000,
                snippets: false,
                ..Default::default()
            },
        ),
        "diacritised" => ("hadith", &["الصَّلَاة"], SearchOptions::default()),
        "plain" => ("hadith", &["الصلاة"], SearchOptions::default()),
        "quran" => (
            "quran",
            &[
                "الله",
                "الرحمن الرحيم",
                "موسى",
                "الصلاة",
                "يوم القيامة",
                "الجنة",
            ],
            SearchOptions::default(),
        ),
        other => panic!("unknown mode {other}"),
    };
    let index = open(corpus);
    let mut checksum = 0u64;
    for q in queries {
        let r = index.search(q, &options).expect("the search runs");
        for h in &r.hits {
            checksum = checksum
                .wrapping_mul(31)
                .wrapping_add(u64::from(h.score.to_bits()));
            checksum = checksum.wrapping_add(h.id.len() as u64 + h.snippet.len() as u64);
        }
    }
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            for q in queries {
                std::hint::black_box(index.search(q, &options).expect("the search runs"));
            }
            start.elapsed().as_secs_f64() * 1e6 / queries.len() as f64
        })
        .collect();
    times.sort_by(f64::total_cmp);
    println!(
        "{mode}: median {:.1} µs per query over {runs} runs, checksum {checksum:x}",
        times[runs / 2]
    );
}
