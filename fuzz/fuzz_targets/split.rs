//! Fuzz target `split`: see `fahras_fuzz::checks::fuzz_split` for the input encoding.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| fahras_fuzz::checks::fuzz_split(data));
