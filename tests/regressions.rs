//! Replays the regression corpus through the fuzz targets' own checks, as
//! ordinary tests (no fuzzer needed).
//!
//! `tests/data/regressions/<target>/*` holds inputs in the encoding of fuzz
//! target `<target>` (see `fuzz/src/checks.rs` and `docs/robustness.md`):
//! hand-made hostile inputs, and every crash `scripts/fuzz.sh` has found
//! (it copies new ones there). Inputs too big to keep in git (a megabyte
//! query, 10 000 harakat) are generated below and go through the same checks.

// Native only: plain #[test]s do not run on wasm32 (tests/wasm.rs covers that layer), and this
// binary's counting #[global_allocator] and file reads have no use there.
#![cfg(not(target_arch = "wasm32"))]

#[path = "../fuzz/src/checks.rs"]
#[allow(dead_code)]
mod checks;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use fahras::index::format::{
    index_checksum, write_str, write_varint, Decoder, Section, HEADER_LEN, SECTION_COUNT,
};
use fahras::snippet::MAX_SNIPPET_BYTES;
use fahras::{Document, Error, IndexBuilder, SearchIndex, SearchOptions};

/// Run `check` on every file of `tests/data/regressions/<target>/`; report
/// every failing file by name, not only the first.
fn replay(target: &str, check: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/regressions")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "no regression inputs in {}",
        dir.display()
    );
    let failed: Vec<String> = files
        .iter()
        .filter(|path| {
            let data = std::fs::read(path).unwrap();
            catch_unwind(AssertUnwindSafe(|| check(&data))).is_err()
        })
        .map(|path| path.display().to_string())
        .collect();
    assert!(failed.is_empty(), "failing inputs: {failed:#?}");
}

#[test]
fn analyser_corpus() {
    replay("analyser", checks::fuzz_analyser);
}

#[test]
fn query_corpus() {
    replay("query", checks::fuzz_query);
}

#[test]
fn index_corpus() {
    replay("index", checks::fuzz_index);
}

#[test]
fn index_raw_corpus() {
    replay("index_raw", checks::fuzz_index_raw);
}

#[test]
fn split_corpus() {
    replay("split", checks::fuzz_split);
}

// ---------------------------------------------------------------- generated inputs

/// A query target input: options header, then the query text.
fn query_input(limit: u16, offset: u8, flags: u8, query: &str) -> Vec<u8> {
    let mut data = limit.to_le_bytes().to_vec();
    data.extend([offset, flags]);
    data.extend_from_slice(query.as_bytes());
    data
}

#[test]
fn ten_thousand_harakat_in_a_row() {
    let harakat: String = "\u{064E}\u{0651}\u{0650}\u{064B}\u{0652}".repeat(2_000);
    checks::check_text(&harakat);
    checks::check_text(&format!("ب{harakat}ت"));
    for flags in 0..4 {
        checks::fuzz_query(&query_input(9, 0, flags, &format!("بوتين{harakat}")));
        checks::fuzz_query(&query_input(9, 0, flags, &harakat));
    }
}

#[test]
fn a_megabyte_query() {
    let long = "بوتين روسيا \"الصين ".repeat(1 << 20 >> 5);
    assert!(long.len() >= 1 << 20);
    for flags in 0..4 {
        checks::fuzz_query(&query_input(999, 0, flags, &long));
    }
    let one_word = "ب".repeat(1 << 19);
    checks::fuzz_query(&query_input(9, 0, 3, &one_word));
    checks::check_text(&one_word);
}

#[test]
fn five_thousand_quotes_and_minus_signs() {
    for unit in ["\"", "-", "-\"", "\"-", "«-»", "- ", "\"بوتين\"-"] {
        let query = unit.repeat(5_000);
        for flags in 0..4 {
            checks::fuzz_query(&query_input(10, 0, flags, &query));
        }
    }
}

#[test]
fn hostile_characters_in_queries() {
    let queries = [
        "\u{FFFD}",
        "بوتين\u{FFFD}",
        "\0",
        "بو\0تين",
        "\u{202E}بوتين\u{202C}",
        "\u{2066}روسيا\u{2069} \u{200F}الصين\u{200E}",
        "\u{061C}بوتين",
        "👨\u{200D}👩\u{200D}👧\u{200D}👦 بوتين",
        "🏳\u{FE0F}\u{200D}🌈",
        "ﷺ ﷲ ﻻ",
        "\u{200C}\u{200D}\u{2060}\u{FEFF}",
        "بـــــوتين",
    ];
    for query in queries {
        checks::check_text(query);
        for flags in 0..4 {
            checks::fuzz_query(&query_input(10, 0, flags, query));
        }
        checks::check_suggest(checks::seeds(), query, 100);
    }
}

// ---------------------------------------------------------------- hostile indexes

fn small() -> Vec<u8> {
    checks::small_index().to_vec()
}

fn open(bytes: &[u8]) -> fahras::Result<SearchIndex> {
    SearchIndex::from_bytes(bytes.to_vec())
}

#[test]
fn a_section_table_pointing_out_of_range_is_refused() {
    let valid = small();
    for (entry, value) in [(0, 0xFFFF_FFF0u32), (1, u32::MAX), (4, 1 << 30), (3, 7)] {
        let mut bytes = valid.clone();
        let at = 24 + 8 * 2 + entry;
        bytes[at..at + 4].copy_from_slice(&value.to_le_bytes());
        checks::fix_checksum(&mut bytes);
        assert!(
            open(&bytes).is_err(),
            "section table edit {entry}={value:#x}"
        );
        checks::check_index_bytes(bytes);
    }
}

/// The fst's header and footer kept (so fst's own open check passes), every
/// node in between replaced, the fahras checksum made right again.
#[test]
fn a_garbage_term_dictionary_behind_a_valid_checksum_is_refused() {
    let valid = small();
    let words = checks::section_of(&valid, Section::Words);
    let nodes = words.start + 16..words.end - 20;
    for pattern in [0x00u8, 0xFF, 0xC1, 0x80, 0x41, 0x3F, 0x10] {
        let mut bytes = valid.clone();
        bytes[nodes.clone()].fill(pattern);
        checks::fix_checksum(&mut bytes);
        let err = open(&bytes).err().expect("garbage nodes are refused");
        assert!(matches!(err, Error::Corrupt(_)), "{err}");
        assert!(err.to_string().contains("term dictionary"), "{err}");
        checks::check_index_bytes(bytes);
    }
    // Every single byte of the dictionary, set to each of a few values: the
    // checksum is fixed each time, so only the structural check stands
    // between these bytes and fst's unchecked traversal.
    for at in words.clone() {
        for value in [0x00, 0x80, 0xFF] {
            let mut bytes = valid.clone();
            bytes[at] = value;
            checks::fix_checksum(&mut bytes);
            checks::check_index_bytes(bytes);
        }
    }
}

/// The root address in the fst footer moved (fst 0.4 checks it only for an
/// empty fst).
#[test]
fn a_wrong_fst_root_address_is_refused() {
    let valid = small();
    let words = checks::section_of(&valid, Section::Words);
    let root_at = words.end - 12;
    for delta in [1i64, -1, -5, 1 << 20, -(1 << 40)] {
        let mut bytes = valid.clone();
        let root = i64::from_le_bytes(bytes[root_at..root_at + 8].try_into().unwrap());
        bytes[root_at..root_at + 8].copy_from_slice(&(root + delta).to_le_bytes());
        checks::fix_checksum(&mut bytes);
        assert!(open(&bytes).is_err(), "root moved by {delta}");
        checks::check_index_bytes(bytes);
    }
}

/// Every byte of each section flipped in turn behind a fixed checksum: the
/// postings, document table and store are decoded lazily, so searching must
/// report corruption as an error, never panic.
#[test]
fn every_byte_of_a_small_index_corrupted_behind_a_valid_checksum() {
    let valid = small();
    for at in HEADER_LEN..valid.len() {
        for value in [0xFF, valid[at] ^ 0x01] {
            let mut bytes = valid.clone();
            bytes[at] = value;
            checks::fix_checksum(&mut bytes);
            checks::check_index_bytes(bytes);
        }
    }
}

/// `bytes` with its META section replaced: the section table shifted to
/// match and the checksum fixed, so only META's content is wrong.
fn with_meta(bytes: &[u8], meta: &[u8]) -> Vec<u8> {
    let old = checks::section_of(bytes, Section::Meta);
    let mut out = bytes[..old.start].to_vec();
    out.extend_from_slice(meta);
    out.extend_from_slice(&bytes[old.end..]);
    let shift = meta.len() as i64 - old.len() as i64;
    for i in 0..SECTION_COUNT {
        let at = 24 + 8 * i;
        let mut start = i64::from(u32::from_le_bytes(out[at..at + 4].try_into().unwrap()));
        let mut len = i64::from(u32::from_le_bytes(out[at + 4..at + 8].try_into().unwrap()));
        if i == Section::Meta as usize {
            len = meta.len() as i64;
        } else if i > Section::Meta as usize {
            start += shift;
        }
        out[at..at + 4].copy_from_slice(&(start as u32).to_le_bytes());
        out[at + 4..at + 8].copy_from_slice(&(len as u32).to_le_bytes());
    }
    checks::fix_checksum(&mut out);
    out
}

/// A hand-made META listing a million clitic prefixes, or a megabyte-long
/// one: each would cost every query word that many dictionary scans (or a
/// seek through a megabyte), so the reader refuses them.
#[test]
fn absurd_clitic_prefixes_in_meta_are_refused() {
    let valid = small();
    let meta = &valid[checks::section_of(&valid, Section::Meta)];
    let mut d = Decoder::new(meta);
    let counts: Vec<u64> = (0..4).map(|_| d.varint().unwrap()).collect();
    let meta_with = |prefixes: &[String]| {
        let mut out = Vec::new();
        for &c in &counts {
            write_varint(&mut out, c);
        }
        write_varint(&mut out, prefixes.len() as u64);
        for p in prefixes {
            write_str(&mut out, p);
        }
        out
    };
    // The real prefixes rewritten the same way still open (the helper is sound).
    let count = d.varint().unwrap();
    let real: Vec<String> = (0..count).map(|_| d.str().unwrap().to_string()).collect();
    assert!(open(&with_meta(&valid, &meta_with(&real))).is_ok());

    let many: Vec<String> = (0..100_000).map(|i| format!("{}", i % 7)).collect();
    let long = vec!["ال".repeat(1 << 19)];
    for prefixes in [many, long] {
        let bytes = with_meta(&valid, &meta_with(&prefixes));
        let err = open(&bytes).err().expect("refused");
        assert!(err.to_string().contains("clitic prefix"), "{err}");
        checks::check_index_bytes(bytes);
    }
}

#[test]
fn the_checksum_is_what_the_fuzz_helper_writes() {
    let mut bytes = small();
    let sum = u64::from_le_bytes(bytes[16..24].try_into().unwrap());
    assert_eq!(sum, index_checksum(&bytes));
    bytes[16] ^= 1;
    checks::fix_checksum(&mut bytes);
    assert!(open(&bytes).is_ok());
}

// ---------------------------------------------------------------- huge documents

fn index_of(docs: Vec<(&str, String)>) -> SearchIndex {
    let mut builder = IndexBuilder::new();
    for (id, text) in docs {
        builder
            .add(Document {
                id: id.into(),
                title: id.into(),
                text,
                ..Document::default()
            })
            .unwrap();
    }
    SearchIndex::from_bytes(builder.finish().unwrap()).unwrap()
}

/// A megabyte "word", and a megabyte of punctuation between two words:
/// snippets stay within `MAX_SNIPPET_BYTES` and are still verbatim slices.
#[test]
fn snippets_of_giant_words_are_bounded() {
    let giant = "ب".repeat(1 << 17);
    let gap = "، ".repeat(1 << 15);
    let index = index_of(vec![
        ("giant", format!("قبل {giant} بعد")),
        ("gap", format!("روسيا{gap}الصين")),
        ("vocalized", "بُوتِين ".repeat(200)),
    ]);
    for query in [
        giant.as_str(),
        "قبل",
        "بعد",
        "روسيا الصين",
        "\"روسيا الصين\"",
        "بوتين",
        "بب",
    ] {
        for prefix in [false, true] {
            let options = SearchOptions {
                prefix,
                ..SearchOptions::default()
            };
            let results = checks::check_search(&index, query, options);
            for hit in &results.hits {
                let bytes: usize = hit.snippet.iter().map(|s| s.text.len()).sum();
                assert!(bytes <= MAX_SNIPPET_BYTES, "{query:?}: {bytes} bytes");
            }
        }
    }
    let hits = checks::check_search(&index, "بعد", SearchOptions::default()).hits;
    assert!(hits[0].snippet.iter().any(|s| s.hit && s.text == "بعد"));
    // Plenty of vocalized words still give a full window of SNIPPET_WORDS.
    let hits = checks::check_search(&index, "بوتين", SearchOptions::default()).hits;
    let words = hits[0].snippet.iter().filter(|s| s.hit).count();
    assert_eq!(words, fahras::snippet::SNIPPET_WORDS);
}

/// A megabyte document of one word and one of 100 000 words: search stays
/// fast (the bound is generous for a debug build on a shared machine).
#[test]
fn megabyte_documents_search_in_bounded_time() {
    let words: String = (0..100_000).map(|i| format!("كلمة{} ", i % 5000)).collect();
    let index = index_of(vec![
        ("one", "ك".repeat(1 << 19)),
        ("many", words),
        ("small", "كلمة بوتين".into()),
    ]);
    let start = std::time::Instant::now();
    for query in [
        "كلمة1",
        "كلم",
        "\"كلمة1 كلمة2\"",
        "كلمه",
        "كَلِمَة",
        "ككك",
        "-كلمة1 بوتين",
    ] {
        let options = SearchOptions {
            limit: 1000,
            ..SearchOptions::default()
        };
        checks::check_search(&index, query, options);
        checks::check_suggest(&index, query, 100);
    }
    let elapsed = start.elapsed();
    assert!(elapsed.as_secs() < 20, "{elapsed:?}");
}

// ---------------------------------------------------------------- memory of one search

/// Counts this thread's live heap bytes and their peak, so a test can bound
/// what one search allocates while other tests run on other threads.
struct Counting;

thread_local! {
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn count(delta: isize) {
    // try_with: allocations also happen while thread-locals are torn down.
    let _ = LIVE.try_with(|live| {
        let now = live.get() + delta;
        live.set(now);
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(now)));
    });
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size() as isize);
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        count(-(layout.size() as isize));
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Peak heap bytes allocated by `f` on this thread, above what was live before.
fn peak_of(f: impl FnOnce()) -> usize {
    let base = LIVE.with(Cell::get);
    PEAK.with(|p| p.set(base));
    f();
    (PEAK.with(Cell::get) - base).max(0) as usize
}

/// A split entry with the counts it claims replaced (`None` keeps one): META's document
/// count, the dictionary block count (its keys are left as they are), the postings piece
/// count, documents per store piece, documents per id piece. The
/// header's length and checksum are made right again, as anyone can (the checksum is no proof).
fn entry_claiming(entry: &[u8], claims: [Option<u64>; 5]) -> Vec<u8> {
    use fahras::index::split::PIECE_HEADER_LEN;
    let body = &entry[PIECE_HEADER_LEN..];
    let mut d = Decoder::new(body);
    let index_len = d.varint().unwrap();
    let meta = d.bytes_with_length().unwrap();
    let blocks = d.varint().unwrap();
    let keys_at = d.position();
    for _ in 0..blocks {
        d.varint().unwrap();
        d.bytes_with_length().unwrap();
    }
    // The letter table: per clitic prefix two masks, then two per letter they have.
    for _ in 0..d.varint().unwrap() {
        let (a, b) = (d.varint().unwrap(), d.varint().unwrap());
        for _ in 0..2 * (a.count_ones() + b.count_ones()) {
            d.varint().unwrap();
        }
    }
    let counts_at = d.position();
    let mut m = Decoder::new(meta);
    let mut counts = vec![m.varint().unwrap(), blocks];
    counts.extend((0..3).map(|_| d.varint().unwrap()));
    for (count, claim) in counts.iter_mut().zip(claims) {
        *count = claim.unwrap_or(*count);
    }
    let mut new_meta = Vec::new();
    write_varint(&mut new_meta, counts[0]);
    new_meta.extend_from_slice(&meta[m.position()..]);
    let mut out = entry[..PIECE_HEADER_LEN].to_vec();
    write_varint(&mut out, index_len);
    write_varint(&mut out, new_meta.len() as u64);
    out.extend_from_slice(&new_meta);
    write_varint(&mut out, counts[1]);
    out.extend_from_slice(&body[keys_at..counts_at]);
    for &count in &counts[2..] {
        write_varint(&mut out, count);
    }
    out.extend_from_slice(&body[d.position()..]);
    let len = (out.len() - PIECE_HEADER_LEN) as u32;
    out[20..24].copy_from_slice(&len.to_le_bytes());
    let sum = fahras::index::format::checksum(&out[PIECE_HEADER_LEN..]);
    out[32..40].copy_from_slice(&sum.to_le_bytes());
    out
}

/// A split index's reader sized its tables by the counts its entry claims: 2^24 postings
/// pieces (670 MB of empty slots) or 4 billion documents in one id piece (16 GiB of lengths)
/// were a few bytes of an entry whose checksum anyone can recompute, and in WebAssembly a
/// failed allocation is a trap. Now the reader keeps only the pieces added, and refuses
/// document counts the entry's first ids do not pay for, with a message saying so.
#[test]
fn a_crafted_split_entry_costs_no_memory_for_what_it_claims() {
    let texts = ["بوتين في الصين", "الصلاة والكتاب", "موسكو"];
    let docs = (0..200).map(|i| (format!("d{i:03}"), texts[i % 3].repeat(i % 7 + 1)));
    let docs: Vec<(String, String)> = docs.collect();
    let index = index_of(
        docs.iter()
            .map(|(id, t)| (id.as_str(), t.clone()))
            .collect(),
    );
    let files = fahras::index::split::split(index.as_bytes()).unwrap();
    let entry = &files[0].1;
    assert_eq!(
        &entry_claiming(entry, [None; 5]),
        entry,
        "re-encoded as written"
    );
    let real = peak_of(|| drop(SearchIndex::from_split_entry(entry.clone()).unwrap()));
    let most = u64::from(u32::MAX);
    // Every case is tried and each failure told as it is found (before the fix, the last
    // cases' allocations aborted the process: a memory limit, `ulimit -v`, shows it).
    let mut failed = Vec::new();
    for (claims, refused) in [
        ([None, None, Some(1 << 24), None, None], None),
        // 2^24 dictionary blocks and the keys of a few: room was reserved for all (400 MB).
        (
            [None, Some(1 << 24), None, None, None],
            Some("it lists more dictionary blocks than its bytes hold"),
        ),
        (
            [None, None, None, Some(most), None],
            Some("it says a piece holds 4294967295 documents; fahras writes at most 4096"),
        ),
        (
            [Some(most), None, None, Some(1), Some(4096)],
            Some("it claims 4294967295 documents, more than the first ids it lists can hold"),
        ),
        (
            [Some(most), None, None, None, Some(most)],
            Some("it says a piece holds 4294967295 documents; fahras writes at most 4096"),
        ),
        (
            [Some(most), None, None, Some(1), Some(most)],
            Some("it says a piece holds 4294967295 documents; fahras writes at most 4096"),
        ),
    ] {
        let crafted = entry_claiming(entry, claims);
        let mut result = None;
        let peak = peak_of(|| result = Some(SearchIndex::from_split_entry(crafted).map(drop)));
        let mut fail = |what: String| {
            eprintln!("{claims:?}: {what}");
            failed.push(format!("{claims:?}: {what}"));
        };
        if peak >= real + (64 << 10) {
            fail(format!("{peak} bytes allocated, the real entry {real}"));
        }
        let prefix = "fahras split index file `fahras-entry.bin`: corrupt: ";
        match (result.unwrap(), refused) {
            (Ok(()), None) => {}
            (Err(e), Some(what)) if e.to_string().starts_with(&format!("{prefix}{what}")) => {}
            (Err(e), _) => fail(format!("refused: {e}")),
            (Ok(()), Some(_)) => fail("opens".into()),
        }
    }
    assert!(failed.is_empty(), "{failed:#?}");
}

/// fst keeps a frame of ~240 bytes per byte of the key a stream walks: a
/// 256 KiB "word" in the corpus made every search or suggest whose prefix
/// reached it allocate ~60 MB (a 1 MB word: ~480 MB, in a wasm memory that
/// never shrinks). Prefix streams now stop at MAX_WORD_BYTES.
#[test]
fn a_giant_word_in_the_corpus_costs_a_search_no_memory() {
    let index = index_of(vec![
        ("giant", "ك".repeat(1 << 17)),
        ("small", "كلمة بوتين كككك".into()),
    ]);
    for (query, prefix) in [("ككك", true), ("ككك", false), ("كككك", true), ("كك", true)]
    {
        let options = SearchOptions {
            prefix,
            ..SearchOptions::default()
        };
        let peak = peak_of(|| {
            index.search(query, &options).unwrap();
        });
        assert!(peak < 4 << 20, "{query:?} prefix {prefix}: {peak} bytes");
    }
    let peak = peak_of(|| {
        index.suggest("كك", 10).unwrap();
    });
    assert!(peak < 4 << 20, "suggest: {peak} bytes");
    // The short word is still found by its prefix; the giant one exactly.
    let hits = checks::check_search(&index, "ككك", SearchOptions::default()).hits;
    assert!(hits.iter().any(|h| h.id == "small"));
    let giant = "ك".repeat(1 << 17);
    let exact = SearchOptions {
        prefix: false,
        ..SearchOptions::default()
    };
    let hits = checks::check_search(&index, &giant[..1000], exact).hits;
    assert!(
        hits.is_empty(),
        "a prefix of the giant word is not the word"
    );
}

/// The index inside the module (`from_module_section`; the compiled-in one likewise) is checked
/// as a file is, but for the checksum: a damaged checksum field still opens and searches as the
/// file does, a damaged structure is still an error.
#[test]
fn the_module_s_own_index_skips_only_the_checksum() {
    let valid = small();
    let mut bytes = valid.clone();
    bytes[16] ^= 1; // the checksum field
    assert!(matches!(open(&bytes), Err(Error::ChecksumMismatch { .. })));
    let in_module = SearchIndex::from_module_section(bytes).expect("opens without the checksum");
    let file = open(&valid).unwrap();
    assert_eq!(in_module.stats(), file.stats());
    let options = SearchOptions::default();
    for query in ["القاهرة", "\"الأمم المتحدة\"", "الاقتص"] {
        assert_eq!(
            in_module.search(query, &options).unwrap(),
            file.search(query, &options).unwrap(),
            "{query}"
        );
    }
    let truncated = valid[..valid.len() - 1].to_vec();
    assert!(matches!(
        SearchIndex::from_module_section(truncated),
        Err(Error::Corrupt(_) | Error::Truncated { .. })
    ));
    let mut bad_version = valid.clone();
    bad_version[8] ^= 0x7f;
    assert!(matches!(
        SearchIndex::from_module_section(bad_version),
        Err(Error::Version { .. })
    ));
}
