//! The one error type of fahras. Every message says what is wrong and, where
//! it helps, what to do about it: these strings reach JavaScript as `Error`s.

use std::fmt;

/// Everything that can go wrong in fahras. Queries never fail: a query string
/// that cannot match anything gives an empty result, not an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The bytes do not start with the fahras magic number: not an index file.
    NotAnIndex,
    /// The index was written by another version of the format.
    Version { expected: u32, got: u32 },
    /// The bytes end before the index does (an interrupted download or copy).
    Truncated { needed: usize, got: usize },
    /// The checksum does not match: the bytes were changed after they were written.
    ChecksumMismatch { expected: u64, got: u64 },
    /// A structure inside the index is inconsistent (corrupt or hand-made bytes).
    Corrupt(String),
    /// A search or suggest option has a value outside what it accepts.
    InvalidOption { name: &'static str, reason: String },
    /// A document handed to the index builder cannot be indexed.
    InvalidDocument { id: String, reason: String },
    /// Two documents share an id; ids must be unique so hits can be told apart.
    DuplicateId(String),
    /// The builder was given no documents.
    EmptyCorpus,
    /// The corpus is larger than the format can address (4 GiB of index, 2^32 documents).
    TooLarge(String),
    /// A split index needs these pieces (file names relative to its folder) to answer:
    /// fetch them, add them, and call again. Never a result built without them.
    PiecesNeeded(Vec<String>),
    /// A file of a split index is not what its name says: unknown name, truncated, corrupt,
    /// renamed, or from another build.
    BadPiece { name: String, reason: String },
    /// This build was made without the `embedded` feature, so it has no corpus of its own.
    NoEmbeddedIndex,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NotAnIndex => write!(
                f,
                "not a fahras index: the bytes do not start with the fahras magic number \
                 (build one with `npx fahras build` or `make build`)"
            ),
            Error::Version { expected, got } => write!(
                f,
                "fahras index format version {got} is not supported by this version of fahras \
                 (it reads version {expected}); rebuild the index with this version"
            ),
            Error::Truncated { needed, got } => write!(
                f,
                "fahras index is truncated: it needs at least {needed} bytes but only {got} \
                 were given (was the download or copy interrupted?)"
            ),
            Error::ChecksumMismatch { expected, got } => write!(
                f,
                "fahras index is corrupt: checksum {got:#018x} does not match the stored \
                 {expected:#018x}"
            ),
            Error::Corrupt(what) => write!(f, "fahras index is corrupt: {what}"),
            Error::InvalidOption { name, reason } => write!(f, "invalid option `{name}`: {reason}"),
            Error::InvalidDocument { id, reason } => write!(f, "document `{id}`: {reason}"),
            Error::DuplicateId(id) => write!(
                f,
                "duplicate document id `{id}`: every document needs a unique id"
            ),
            Error::EmptyCorpus => write!(f, "the corpus has no documents to index"),
            Error::TooLarge(what) => write!(f, "the corpus is too large for one index: {what}"),
            Error::PiecesNeeded(pieces) => write!(
                f,
                "the split index needs {} more piece(s) to answer: {}",
                pieces.len(),
                pieces.join(", ")
            ),
            Error::BadPiece { name, reason } => {
                write!(f, "fahras split index file `{name}`: {reason}")
            }
            Error::NoEmbeddedIndex => write!(
                f,
                "this fahras module has no index inside (the npm package's module never has): \
                 open an index file with SearchIndex.fromBytes(bytes) or \
                 `await SearchIndex.fromUrl(url)` (`npx fahras build docs/ -o docs.fhr` writes \
                 one), or write a module with the index inside with \
                 `npx fahras build docs/ --embed -o public/search/`"
            ),
        }
    }
}

impl std::error::Error for Error {}

/// Shorthand used throughout the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
