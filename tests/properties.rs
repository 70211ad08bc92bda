//! Property tests: for random queries and random bytes, the promises of the
//! API hold. The checks themselves are the fuzz targets' (fuzz/src/checks.rs);
//! proptest brings shrinking, so a failure here is reported as a small input.
//!
//! Case counts keep the whole file well under 30 s in a debug build.
// proptest is a native-only dev-dependency; the wasm API has its own tests.
#![cfg(not(target_arch = "wasm32"))]

#[path = "../fuzz/src/checks.rs"]
#[allow(dead_code)]
mod checks;

use fahras::{SearchIndex, SearchOptions, MAX_LIMIT};
use proptest::prelude::*;

/// Words of the seed corpus, so that random queries also match.
const WORDS: &[&str] = &[
    "بوتين",
    "روسيا",
    "الصين",
    "بكين",
    "الرئيس",
    "شي",
    "جين",
    "والصين",
    "أوكرانيا",
    "الروسي",
    "ترامب",
    "في",
    "من",
    "استرا",
    "بوتن",
    "الكرم",
];

/// One piece of a hostile query: every class of character the API promises
/// to survive (docs/api.md), and corpus words.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(WORDS).prop_map(str::to_string),
        2 => prop::char::range('\u{0621}', '\u{064A}').prop_map(String::from),
        2 => prop::char::range('\u{064B}', '\u{0652}').prop_map(String::from),
        1 => prop::char::range('a', 'z').prop_map(String::from),
        1 => prop::char::range('0', '9').prop_map(String::from),
        1 => prop::char::range('\u{0660}', '\u{0669}').prop_map(String::from),
        2 => prop::sample::select(&["\"", "«", "»", "“", "”", "-", "-\"", "'"][..]).prop_map(str::to_string),
        3 => prop::sample::select(&[" ", "  ", "\t", "\n", "\u{00A0}", "\u{3000}"][..]).prop_map(str::to_string),
        1 => prop::sample::select(&["😀", "👨\u{200D}👩\u{200D}👧", "🏳\u{FE0F}\u{200D}🌈", "👍🏽"][..]).prop_map(str::to_string),
        1 => Just("\0".to_string()),
        1 => prop::sample::select(&[
            "\u{200E}", "\u{200F}", "\u{202A}", "\u{202E}", "\u{2066}", "\u{2069}",
            "\u{061C}", "\u{200C}", "\u{200D}", "\u{FEFF}", "\u{0640}", "\u{FFFD}",
        ][..]).prop_map(str::to_string),
        1 => any::<char>().prop_map(String::from),
    ]
}

fn query() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..12).prop_map(|pieces| pieces.concat())
}

/// Queries made of corpus words only (with quotes, minus and spaces), which
/// usually match: what paging is tested with.
fn matching_query() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        6 => prop::sample::select(WORDS).prop_map(str::to_string),
        1 => prop::sample::select(WORDS).prop_map(|w| format!("-{w}")),
        1 => prop::sample::select(WORDS).prop_map(|w| format!("\"{w}")),
    ];
    (prop::collection::vec(word, 1..4), any::<bool>()).prop_map(|(words, trailing_space)| {
        let mut q = words.join(" ");
        if trailing_space {
            q.push(' ');
        }
        q
    })
}

fn options() -> impl Strategy<Value = SearchOptions> {
    (1..=MAX_LIMIT, 0usize..8, any::<bool>(), any::<bool>()).prop_map(
        |(limit, offset, prefix, fuzzy)| SearchOptions {
            limit,
            offset,
            prefix,
            fuzzy,
            ..SearchOptions::default()
        },
    )
}

fn seeds() -> &'static SearchIndex {
    checks::seeds()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// Never a panic or an error; hits sorted by score then id; total >= hits;
    /// every snippet a verbatim slice of its document (checks::check_results).
    #[test]
    fn search_keeps_its_promises_for_any_query(q in query(), options in options()) {
        checks::check_search(seeds(), &q, options);
    }

    /// The same on the small built index (ids a, b, c; metadata fields).
    #[test]
    fn search_keeps_its_promises_on_a_built_index(q in query(), options in options()) {
        let index = SearchIndex::from_bytes(checks::small_index().to_vec()).unwrap();
        checks::check_search(&index, &q, options);
    }

    #[test]
    fn suggest_never_panics_and_respects_its_limit(q in query(), limit in 0usize..150) {
        checks::check_suggest(seeds(), &q, limit);
    }

    /// The analyser's invariants (offsets on character boundaries and
    /// increasing, normalize idempotent, stems inside their words).
    #[test]
    fn analysis_invariants_hold_for_any_text(q in query()) {
        checks::check_text(&q);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Pages of `limit` hits at offsets 0, limit, 2·limit… concatenate to the
    /// full ranking, and every page reports the same total.
    #[test]
    fn pages_concatenate_to_the_full_list(
        q in matching_query(),
        limit in 1usize..7,
        prefix in any::<bool>(),
        fuzzy in any::<bool>(),
    ) {
        let all = SearchOptions { limit: MAX_LIMIT, offset: 0, prefix, fuzzy, ..SearchOptions::default() };
        let full = checks::check_search(seeds(), &q, all);
        prop_assert_eq!(full.hits.len(), full.total);
        let mut paged = Vec::new();
        let mut offset = 0;
        loop {
            let page = checks::check_search(seeds(), &q, SearchOptions { limit, offset, prefix, fuzzy, ..SearchOptions::default() });
            prop_assert_eq!(page.total, full.total);
            if page.hits.is_empty() {
                break;
            }
            paged.extend(page.hits.into_iter().map(|h| (h.id, h.score)));
            offset += limit;
        }
        let full: Vec<_> = full.hits.into_iter().map(|h| (h.id, h.score)).collect();
        prop_assert_eq!(paged, full);
    }

    /// Random bytes are never an index that panics: refused with an error, or
    /// (for bytes that happen to pass every check) searched without a panic.
    #[test]
    fn from_bytes_never_panics_on_random_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        checks::check_index_bytes(bytes);
    }

    /// Random bytes behind a valid header and checksum: what a hand-made
    /// hostile file looks like once it is past the cheap checks.
    #[test]
    fn from_bytes_never_panics_on_a_valid_header_over_random_bytes(
        body in prop::collection::vec(any::<u8>(), 0..600),
    ) {
        let mut bytes = checks::small_index()[..fahras::index::format::HEADER_LEN].to_vec();
        bytes.extend(body);
        // Point the section table at the random body so that it is decoded.
        let mut start = fahras::index::format::HEADER_LEN as u32;
        let total = bytes.len() as u32 - start;
        for i in 0..fahras::index::format::SECTION_COUNT {
            let len = if i + 1 == fahras::index::format::SECTION_COUNT { total - (start - fahras::index::format::HEADER_LEN as u32) } else { total / 5 };
            let at = 24 + 8 * i;
            bytes[at..at + 4].copy_from_slice(&start.to_le_bytes());
            bytes[at + 4..at + 8].copy_from_slice(&len.to_le_bytes());
            start += len;
        }
        checks::fix_checksum(&mut bytes);
        checks::check_index_bytes(bytes);
    }

    /// Random edits of a valid index behind a recomputed checksum (the
    /// `index` fuzz target's input encoding).
    #[test]
    fn edited_indexes_never_panic(edits in prop::collection::vec(any::<u8>(), 0..40)) {
        let mut data = vec![0u8];
        data.extend(edits);
        checks::fuzz_index(&data);
    }
}

/// Arabic-looking words: proclitic letters, the article and ordinary letters
/// in any order, so stacks (وبال، فلل) and false clitics (بكين) both occur.
fn arabic_word() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(
            &[
                "و", "ف", "ب", "ك", "ل", "ال", "لل", "م", "ر", "س", "ي", "ن", "ه", "ا", "ت",
            ][..],
        ),
        1..8,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Removing proclitics twice removes nothing more, and never leaves an
    /// empty word or stem; a possible proclitic's rest is never empty.
    #[test]
    fn clitic_removal_is_idempotent_and_never_empties_a_word(w in arabic_word()) {
        let n = fahras::analysis::normalize(&w);
        let bare = fahras::analysis::strip_clitic_prefix(&n);
        prop_assert_eq!(fahras::analysis::strip_clitic_prefix(bare), bare);
        prop_assert!(!bare.is_empty());
        prop_assert!(!fahras::analysis::stem(&n).is_empty());
        prop_assert_eq!(fahras::analysis::stem(bare), fahras::analysis::stem(&n));
        for (prefix, rest) in fahras::analysis::readings(&n) {
            prop_assert!(rest.chars().count() >= fahras::analysis::MIN_REST_CHARS);
            prop_assert_eq!(format!("{prefix}{rest}"), n.clone());
            prop_assert!(!fahras::analysis::suffix_stem(rest).is_empty());
        }
    }
}

/// Found by the property above: a run of four clitic layers (ال ال ال و) was
/// stripped three times only, so stripping again removed more.
#[test]
fn a_long_made_up_clitic_run_is_stripped_to_its_fixpoint() {
    for w in ["الالالوالو", "والالالالكتاب", "للللل"] {
        let n = fahras::analysis::normalize(w);
        let bare = fahras::analysis::strip_clitic_prefix(&n);
        assert_eq!(fahras::analysis::strip_clitic_prefix(bare), bare, "{w}");
        assert!(!bare.is_empty(), "{w}");
    }
}
