//! From a query string to ranked hits, in stages: [`parse`] (grammar, knows
//! nothing of the index), [`execute`] (dictionary look-ups, postings, BM25F in
//! [`score`], typo tolerance in [`fuzzy`]).

pub mod execute;
pub mod fuzzy;
pub mod parse;
pub mod score;
