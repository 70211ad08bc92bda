//! Fuzz target `index_raw`: see `fahras_fuzz::checks::fuzz_index_raw` for the input encoding.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| fahras_fuzz::checks::fuzz_index_raw(data));
