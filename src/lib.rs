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

pub mod analysis;
pub mod corpus;
pub mod error;
pub mod index;
pub mod query;
mod search_index;
pub mod snippet;
#[cfg(target_arch = "wasm32")]
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
