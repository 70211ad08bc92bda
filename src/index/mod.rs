//! The index file: one byte string holding everything a search needs.
//!
//! Written by [`IndexBuilder`] (in `build.rs` for the embedded corpus, or at
//! run time for your own documents) and read in place by [`IndexReader`]: the
//! reader borrows the bytes (from `include_bytes!` or a fetched file) and
//! decodes only what a query touches. The layout is in [`format`](mod@format).

mod dictionary;
pub mod fields;
pub mod format;
mod reader;
pub mod split;
#[allow(clippy::string_slice)] // build.rs and the indexer module only
mod writer;

pub use dictionary::{upper_bound, Dictionary, WordStream};
pub use reader::{
    Bytes, DictionaryPlace, IndexReader, Passage, Posting, PostingList, Slice, StoredDocument,
    StoredFields, StoredText, WordInfo,
};
pub use writer::{IndexBuilder, IndexParts};
