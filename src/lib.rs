//! # fahras — Arabic full-text search that runs in the browser
//!
//! fahras (فهرس, "index") compiles a corpus into a compact index — an [`fst`]
//! term dictionary, delta-encoded postings with positions, and the stored
//! documents — and searches it with an analyser built for Arabic: it folds
//! diacritics, hamza forms, presentation forms and Persian letters, keeps the
//! original offsets for highlighting, and light-stems clitics and suffixes.
//!
//! The embedded corpus is compiled in by `build.rs` (the `seeds/` folder, or
//! `FAHRAS_CORPUS=dir-or-file.jsonl`):
//!
//! ```
//! use fahras::{SearchIndex, SearchOptions};
//! let index = SearchIndex::embedded();
//! let results = index.search("بوتين", &SearchOptions::default())?;
//! assert!(results.total > 0);
//! for hit in &results.hits {
//!     println!("{} ({:.2}): {}", hit.title, hit.score, hit.id);
//! }
//! # Ok::<(), fahras::Error>(())
//! ```
//!
//! Modules, in data-flow order: [`corpus`] (files and JSON → documents,
//! shared with `build.rs`), [`analysis`] (normalise, tokenise, stem —
//! shared with `build.rs`), [`index`] (the file format, writer and reader —
//! shared with `build.rs`), [`query`] (parse, execute, score, typo
//! tolerance), [`snippet`] (highlighted excerpts), and `wasm` (the only
//! module that knows about JavaScript).

// No `&s[a..b]` on a `str` in the code the page's module is made of: one such slice links core's
// char-boundary panic, which prints the `char` and its byte range, and with it core's Unicode
// "printable" tables (4.3 kB brotli with the `str` searcher, README "Module size"). `str::get`,
// `strip_prefix`/`strip_suffix`, `split_at_checked`, `split_once` with a `char` pattern or byte
// slices do the same without it. Nor `str::split_at`, nor `find`/`contains`/`split` with a `&str`
// pattern, which clippy does not see (the latter's searcher slices). `corpus` and the index
// writer are not in that module, and tests may slice.
#[cfg_attr(not(test), warn(clippy::string_slice))]
pub mod analysis;
pub mod corpus;
#[cfg_attr(not(test), warn(clippy::string_slice))]
pub mod error;
#[cfg_attr(not(test), warn(clippy::string_slice))]
pub mod index;
#[cfg_attr(not(test), warn(clippy::string_slice))]
pub mod query;
#[cfg_attr(not(test), warn(clippy::string_slice))]
mod search_index;
#[cfg_attr(not(test), warn(clippy::string_slice))]
pub mod snippet;
#[cfg(target_arch = "wasm32")]
#[cfg_attr(not(test), warn(clippy::string_slice))]
pub mod wasm;

pub use corpus::{Document, FieldValue};
pub use error::{Error, Result};
pub use index::IndexBuilder;
pub use query::filter::{Condition, Facet, FieldStats, Filter, FilterValue, Sort};
pub use search_index::{
    Hit, SearchIndex, SearchOptions, SearchResults, Stats, TextPart, MAX_LIMIT, MAX_SUGGESTIONS,
};
pub use snippet::Segment;

/// The page's module's allocator: talc instead of std's dlmalloc, for less code (see the README's
/// "Module size"); single-threaded wasm only, which is what wasm-bindgen builds here. The CLI's
/// indexer module keeps dlmalloc: its size does not matter, and its peak memory on the biggest
/// corpora (the hadith ×32 in 3.96 GB of the 4 GiB a module can have) was measured with it.
#[cfg(all(
    target_arch = "wasm32",
    not(target_feature = "atomics"),
    not(feature = "indexer")
))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
