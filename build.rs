//! Compiles the corpus into the index embedded in the library.
//!
//! The corpus is the `seeds/` folder unless `FAHRAS_CORPUS` names another
//! folder (of `.txt`, `.md`, `.html` files), a `.json` file or a
//! `.jsonl`/`.ndjson` file. `FAHRAS_LENIENT=1` and `FAHRAS_SKIP_INVALID=1`
//! mean what `--lenient` and `--skip-invalid` mean to `npx fahras build`.
//! The corpus readers, the analyser and the index writer are the library's own
//! modules, compiled into this script through `#[path]`, so the index and the
//! queries can never be analysed differently, and every path that builds an
//! index reads a corpus the same way. This script is I/O only.

#![allow(dead_code, unused_imports)] // the shared modules carry reader code this script does not call

#[path = "src/analysis/mod.rs"]
mod analysis;
#[path = "src/corpus/mod.rs"]
mod corpus;
#[path = "src/error.rs"]
mod error;
#[path = "src/index/mod.rs"]
mod index;

use std::path::PathBuf;
use std::{env, fs, process};

fn main() {
    for path in ["src/analysis", "src/index", "src/corpus", "src/error.rs"] {
        println!("cargo:rerun-if-changed={path}");
    }
    for var in ["FAHRAS_CORPUS", "FAHRAS_LENIENT", "FAHRAS_SKIP_INVALID"] {
        println!("cargo:rerun-if-env-changed={var}");
    }
    if env::var_os("CARGO_FEATURE_EMBEDDED").is_none() {
        return; // a build without a corpus (the CLI's indexer module)
    }
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let corpus = match env::var_os("FAHRAS_CORPUS") {
        Some(path) if !path.is_empty() => manifest.join(path),
        _ => manifest.join("seeds"),
    };
    println!("cargo:rerun-if-changed={}", corpus.display());
    let flag = |name: &str| env::var(name).is_ok_and(|v| !v.is_empty() && v != "0");
    let options = corpus::Options {
        lenient: flag("FAHRAS_LENIENT"),
    };

    let bytes = corpus::load(&corpus, &options, flag("FAHRAS_SKIP_INVALID")).and_then(|loaded| {
        for note in &loaded.notes {
            println!("cargo:warning={note}");
        }
        let mut builder = index::IndexBuilder::new();
        for doc in loaded.parsed.documents {
            builder.add(doc).map_err(|e| e.to_string())?;
        }
        builder.finish().map_err(|e| e.to_string())
    });
    let bytes = bytes.unwrap_or_else(|message| {
        eprintln!(
            "error: cannot index the corpus {}: {message}",
            corpus.display()
        );
        process::exit(1);
    });
    // Open what was written, so a writer bug fails the build, not the page.
    if let Err(e) = index::IndexReader::open(index::Bytes::Static(Box::leak(bytes.clone().into())))
    {
        eprintln!("error: the index just written does not open: {e}");
        process::exit(1);
    }
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("set by cargo")).join("index.fhr");
    fs::write(&out, &bytes).unwrap_or_else(|e| {
        eprintln!("error: cannot write {}: {e}", out.display());
        process::exit(1);
    });
}
