//! Engine time of the queries issue 15 names, natively, for a profiler (`perf record`,
//! `valgrind --tool=callgrind`): the hadith (`bench/data/hadith.jsonl`) asked for 1,000 hits
//! without snippets, a diacritised query beside its plain form, and 10-hit Quran
//! (`bench/data/quran.jsonl`) queries with snippets. `bench/eval/corpora.mjs` fetches both.
//!
//! ```text
//! cargo run --release --example engine -- [hadith1000|diacritised|plain|quran] [runs]
//! ```
//!
//! Each mode runs its queries `runs` times (default 200) and prints the median in µs and a
//! checksum of the results (so a faster run that answers differently shows).
//!
//! Native only (it reads files and times with the system clock): on wasm32 it is an empty program.

#![cfg_attr(target_arch = "wasm32", no_main)]
#![cfg(not(target_arch = "wasm32"))]

use std::time::Instant;

use fahras::corpus::{read_json_line, Options};
use fahras::{IndexBuilder, SearchIndex, SearchOptions};

fn open(corpus: &str) -> SearchIndex {
    let path = format!("bench/data/{corpus}.jsonl");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{path}: {e} (bench/eval/corpora.mjs fetches it)"));
    let mut builder = IndexBuilder::new();
    for line in text.lines() {
        let parsed = read_json_line(line, &Options::default()).expect("a valid JSONL line");
        for doc in parsed.documents {
            builder.add(doc).expect("a valid document");
        }
    }
    SearchIndex::from_bytes(builder.finish().expect("the corpus builds")).expect("it opens")
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mode = args.next().unwrap_or_else(|| "hadith1000".into());
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
