//! Shared checks of the fuzz targets (the same file is replayed by
//! `tests/regressions.rs`).
pub mod checks;
