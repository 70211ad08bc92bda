//! What a split index costs, natively: build a JSONL corpus (the benchmark's hadith six books,
//! `bench/data/hadith.jsonl`, or the Quran, `bench/data/quran.jsonl`), cut it with
//! `index::split`, write the folder, and for each query open a fresh split index and search
//! once through an in-memory fetch loop, as `SearchIndex.open(url)` does in a page:
//!
//! ```text
//! cargo run --release --example split -- bench/data/hadith.jsonl target/split/hadith
//! node scripts/split-sizes.mjs target/split/hadith
//! ```
//!
//! It prints the entry's size, the pieces by kind (count, total, median and largest size), and
//! per query the rounds, the pieces fetched and their bytes, and checks each answer against the
//! single file's (total and hits identical). It writes the folder and `first-searches.json`
//! (query → pieces fetched), from which `scripts/split-sizes.mjs` sums the brotli sizes a
//! static host would send.
//!
//! Native only (it reads and writes files): on wasm32 it is an empty program.

#![cfg_attr(target_arch = "wasm32", no_main)]
#![cfg(not(target_arch = "wasm32"))]

use std::collections::HashMap;
use std::path::Path;

use fahras::corpus::Options;
use fahras::index::split::{split_with, PieceSizes, ENTRY_NAME};
use fahras::{Error, IndexBuilder, SearchIndex, SearchOptions};

/// The benchmark's hadith queries and a few more: common words, a name, a phrase, a typo, a
/// prefix being typed, a diacritised word, typos.
const QUERIES: &[&str] = &[
    // bench/queries.mjs's hadith queries (bench/split.mjs's median is over these nine).
    "الصلاة",
    "الصَّلَاة",
    "رمضان",
    "الصدقة",
    "والصلاة",
    "الوضوء الصلاة",
    "\"أبو هريرة\"",
    "الوض",
    "رمضن",
    // More: a name, a phrase, a typo being typed, typos.
    "أبو هريرة",
    "\"إن الله\"",
    "الصلاه",
    "الزكا",
    "الجنة والنار",
    "موسى",
    "الوضوء",
    "الوضوع",
];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(corpus), Some(out)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: cargo run --release --example split -- <corpus.jsonl> <out dir>");
        std::process::exit(2);
    };
    let loaded = fahras::corpus::load(Path::new(corpus), &Options::default(), false)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut builder = IndexBuilder::new();
    for doc in loaded.parsed.documents {
        builder.add(doc).expect("a valid document");
    }
    let bytes = builder.finish().expect("the index");
    let single = SearchIndex::from_bytes(bytes.clone()).expect("the index opens");
    let started = std::time::Instant::now();
    // Other piece sizes to compare: FAHRAS_SPLIT_SIZES="words,postings,store,ids;…" (bytes;
    // ids per id piece), each written to <out dir>/<n>/.
    let configs: Vec<PieceSizes> = match std::env::var("FAHRAS_SPLIT_SIZES") {
        Err(_) => vec![PieceSizes::default()],
        Ok(given) => given
            .split(';')
            .map(|config| {
                let n: Vec<u64> = config
                    .split(',')
                    .map(|n| n.parse().expect("a number"))
                    .collect();
                PieceSizes {
                    words_block: n[0],
                    postings: n[1] as usize,
                    store: n[2] as usize,
                    ids: n[3] as u32,
                }
            })
            .collect(),
    };
    for (n, sizes) in configs.into_iter().enumerate() {
        let out = if std::env::var("FAHRAS_SPLIT_SIZES").is_ok() {
            format!("{out}/{n}")
        } else {
            out.to_string()
        };
        println!("{sizes:?} → {out}");
        let files = split_with(&bytes, sizes).expect("the split");
        eprintln!(
            "single file {} bytes; split in {:.2} s",
            bytes.len(),
            started.elapsed().as_secs_f64()
        );
        std::fs::create_dir_all(&out).expect("the out dir");
        for (name, bytes) in &files {
            std::fs::write(format!("{out}/{name}"), bytes).expect("a file written");
        }
        let mut by_kind: HashMap<char, Vec<usize>> = HashMap::new();
        for (name, bytes) in &files[1..] {
            by_kind
                .entry(name.chars().next().unwrap())
                .or_default()
                .push(bytes.len());
        }
        println!("entry {ENTRY_NAME}: {} bytes", files[0].1.len());
        for (kind, what) in [
            ('w', "dictionary blocks"),
            ('p', "postings pieces"),
            ('s', "store pieces"),
            ('i', "id pieces"),
        ] {
            let mut sizes = by_kind.remove(&kind).unwrap_or_default();
            sizes.sort_unstable();
            let total: usize = sizes.iter().sum();
            println!(
                "{what}: {} files, {total} bytes, median {}, largest {}",
                sizes.len(),
                sizes.get(sizes.len() / 2).copied().unwrap_or(0),
                sizes.last().copied().unwrap_or(0)
            );
        }
        let files: HashMap<String, Vec<u8>> = files.into_iter().collect();
        let mut report = Vec::new();
        for query in QUERIES {
            let mut index = SearchIndex::from_split_entry(files[ENTRY_NAME].clone()).unwrap();
            let mut fetched: Vec<String> = Vec::new();
            let mut rounds = 0;
            let results = loop {
                match index.search(query, &SearchOptions::default()) {
                    Err(Error::PiecesNeeded(pieces)) => {
                        rounds += 1;
                        for name in pieces {
                            index.add_piece(&name, files[&name].clone()).unwrap();
                            fetched.push(name);
                        }
                    }
                    other => break other.expect("a search"),
                }
            };
            let want = single.search(query, &SearchOptions::default()).unwrap();
            assert_eq!(results, want, "{query}: the split answers otherwise");
            let bytes: usize = fetched.iter().map(|n| files[n].len()).sum();
            println!(
                "{query}: {} hits of {}, {rounds} rounds, {} pieces, {bytes} bytes",
                results.hits.len(),
                results.total,
                fetched.len()
            );
            let names: Vec<String> = fetched.iter().map(|n| json_string(n)).collect();
            report.push(format!(
                "  {{\"query\": {}, \"rounds\": {rounds}, \"pieces\": [{}]}}",
                json_string(query),
                names.join(", ")
            ));
        }
        std::fs::write(
            format!("{out}/first-searches.json"),
            format!("[\n{}\n]\n", report.join(",\n")),
        )
        .expect("the report");
    }
}

/// A JSON string literal (the queries and names hold no control characters).
fn json_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}
