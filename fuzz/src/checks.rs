//! The properties every fuzz target checks, shared with `tests/regressions.rs`
//! (which includes this file with `#[path]`), so a crashing input saved under
//! `tests/data/regressions/<target>/` is replayed by `cargo test` through the
//! very same code the fuzzer ran.
//!
//! Each `fuzz_*` function takes the raw fuzzer input. A violated property is a
//! panic, which is what libFuzzer reports as a crash and what a test reports
//! as a failure. The input encodings are documented on each function and in
//! `docs/robustness.md`.

use std::sync::{Arc, OnceLock};

use fahras::analysis;
use fahras::index::format::{index_checksum, Section, CHECKSUM_START, SECTION_COUNT};
use fahras::index::{Bytes, IndexReader};
use fahras::{Document, IndexBuilder, SearchIndex, SearchOptions, SearchResults};

/// Harakat, tanween, shadda, sukun: what `vocalized` keeps and `normalize` drops.
fn is_haraka(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{0652}')
}

// ---------------------------------------------------------------- analyser

/// Target `analyser`: the input as UTF-8 (lossy) and as UTF-16LE code units
/// (lossy, so lone surrogates become U+FFFD as in a JS string crossing into wasm).
pub fn fuzz_analyser(data: &[u8]) {
    check_text(&String::from_utf8_lossy(data));
    let units: Vec<u16> = data
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    check_text(&String::from_utf16_lossy(&units));
}

/// Every analyser invariant the engine relies on, for one text.
pub fn check_text(text: &str) {
    let normalized = analysis::normalize(text);
    assert_eq!(
        analysis::normalize(&normalized),
        normalized,
        "normalize is not idempotent on {text:?}"
    );
    let mut into = String::from("prefix:");
    analysis::normalize_into(text, &mut into);
    assert_eq!(&into[7..], normalized, "normalize_into appends normalize");

    let mut previous_end = 0;
    for (start, end) in analysis::word_spans(text) {
        assert!(start < end, "empty span {start}..{end} in {text:?}");
        assert!(
            start >= previous_end,
            "spans overlap or go back in {text:?}"
        );
        assert!(end <= text.len());
        assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
        previous_end = end;
        check_word(&text[start..end]);
    }

    let mut previous = (0, 0);
    for token in analysis::analyze(text) {
        assert!(token.start < token.end && token.end <= text.len());
        assert!(text.is_char_boundary(token.start) && text.is_char_boundary(token.end));
        // Parts of one decomposed word share its span; otherwise spans increase.
        assert!(
            (token.start, token.end) == previous || token.start >= previous.1,
            "token offsets go back in {text:?}"
        );
        previous = (token.start, token.end);
        assert!(!token.normalized.is_empty(), "empty token in {text:?}");
        assert!(
            token.normalized.contains(&token.stem),
            "stem {:?} is not part of {:?}",
            token.stem,
            token.normalized
        );
        assert_eq!(token.stem, analysis::stem(&token.normalized));
    }
}

/// Invariants of one word of the original text.
fn check_word(word: &str) {
    let normalized = analysis::normalize(word);
    let stem = analysis::stem(&normalized);
    let bare = analysis::strip_clitic_prefix(&normalized);
    assert!(
        normalized.ends_with(bare),
        "{bare:?} is not a suffix of {normalized:?}"
    );
    assert!(
        bare.starts_with(stem),
        "{stem:?} is not a prefix of {bare:?}"
    );
    analysis::light10(&normalized);
    analysis::is_stopword(&normalized);
    let vocalized = analysis::vocalized(word);
    let stripped: String = vocalized.chars().filter(|&c| !is_haraka(c)).collect();
    assert_eq!(
        stripped, normalized,
        "vocalized({word:?}) = {vocalized:?} without harakat is not normalize"
    );
    if !analysis::has_diacritics(word) {
        assert_eq!(
            vocalized, normalized,
            "no diacritics, yet vocalized differs"
        );
    }
}

// ---------------------------------------------------------------- query

/// The embedded seeds index, opened once per process.
pub fn seeds() -> &'static SearchIndex {
    static SEEDS: OnceLock<SearchIndex> = OnceLock::new();
    SEEDS.get_or_init(SearchIndex::embedded)
}

/// Target `query`: bytes 0..2 give `limit` (1..=1000), byte 2 `offset`
/// (0..=63, or 2^32-1 when 255), byte 3 bit 0 `prefix` and bit 1 `fuzzy`;
/// the rest is the query, UTF-8 lossy. Shorter inputs use the defaults.
pub fn fuzz_query(data: &[u8]) {
    let (options, query) = decode_query(data);
    check_search(seeds(), &query, options.clone());
    check_suggest(seeds(), &query, options.limit % 12);
}

pub fn decode_query(data: &[u8]) -> (SearchOptions, String) {
    let mut options = SearchOptions::default();
    if data.len() < 4 {
        return (options, String::from_utf8_lossy(data).into_owned());
    }
    options.limit = 1 + usize::from(u16::from_le_bytes([data[0], data[1]])) % fahras::MAX_LIMIT;
    options.offset = match data[2] {
        255 => u32::MAX as usize,
        n => usize::from(n % 64),
    };
    options.prefix = data[3] & 1 != 0;
    options.fuzzy = data[3] & 2 != 0;
    (options, String::from_utf8_lossy(&data[4..]).into_owned())
}

/// Search, and check everything the API promises about the answer.
pub fn check_search(index: &SearchIndex, query: &str, options: SearchOptions) -> SearchResults {
    let results = match index.search(query, &options) {
        Ok(results) => results,
        Err(e) => panic!("search({query:?}, {options:?}) failed: {e}"),
    };
    check_results(index, query, options, &results);
    results
}

/// The promises of one page of results (also used on fuzzed indexes, where
/// only the shape can be checked against the stored documents).
pub fn check_results(
    index: &SearchIndex,
    query: &str,
    options: SearchOptions,
    results: &SearchResults,
) {
    assert!(
        results.total >= results.hits.len(),
        "total < hits for {query:?}"
    );
    assert_eq!(
        results.hits.len(),
        options
            .limit
            .min(results.total.saturating_sub(options.offset)),
        "page size for {query:?} {options:?}"
    );
    for pair in results.hits.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        assert!(
            a.score > b.score || (a.score == b.score && a.id < b.id),
            "hits out of order for {query:?}: {} {} then {} {}",
            a.id,
            a.score,
            b.id,
            b.score
        );
    }
    for hit in &results.hits {
        assert!(
            hit.score.is_finite() && hit.score >= 0.0,
            "score {}",
            hit.score
        );
        let joined: String = hit.snippet.iter().map(|s| s.text.as_str()).collect();
        assert!(
            joined.len() <= fahras::snippet::MAX_SNIPPET_BYTES,
            "a {}-byte snippet for {query:?}",
            joined.len()
        );
        assert!(
            hit.snippet.iter().all(|s| !s.text.is_empty()),
            "empty segment"
        );
        let doc = index
            .document(&hit.id)
            .unwrap_or_else(|e| panic!("document({:?}) failed: {e}", hit.id))
            .unwrap_or_else(|| panic!("hit {:?} is not a document", hit.id));
        assert_eq!(doc.title, hit.title);
        assert!(
            doc.text.contains(&joined),
            "snippet of {} for {query:?} is not a slice of its text: {joined:?}",
            hit.id
        );
    }
}

pub fn check_suggest(index: &SearchIndex, prefix: &str, limit: usize) {
    let words = match index.suggest(prefix, limit) {
        Ok(words) => words,
        Err(e) => panic!("suggest({prefix:?}, {limit}) failed: {e}"),
    };
    assert!(words.len() <= limit.min(fahras::MAX_SUGGESTIONS));
    for (i, w) in words.iter().enumerate() {
        assert!(!w.is_empty());
        assert!(!words[..i].contains(w), "duplicate suggestion {w:?}");
    }
}

// ---------------------------------------------------------------- index

/// A small index with every feature the format has: titles, dates, urls,
/// metadata fields, harakat, clitics, repeated words for phrases.
pub fn small_index() -> &'static [u8] {
    static SMALL: OnceLock<Vec<u8>> = OnceLock::new();
    SMALL.get_or_init(|| {
        let docs = [
            (
                "a",
                "روسيا والصين",
                "أكّد الرئيس بوتين أن روسيا والصين شريكان. بوتين في بكين.",
            ),
            (
                "b",
                "شي جين بينج",
                "استقبل شي جين بينج الرئيسَ الروسي فلاديمير بوتين في بكين",
            ),
            (
                "c",
                "Covid-19",
                "covid-19 and the economy; الاقتصاد العالمي والاستراتيجية",
            ),
        ];
        let mut builder = IndexBuilder::new();
        for (i, (id, title, text)) in docs.into_iter().enumerate() {
            let mut doc = Document {
                id: id.into(),
                title: title.into(),
                text: text.into(),
                ..Document::default()
            };
            if i == 1 {
                doc.date = Some("2025-09-02".into());
                doc.url = Some("https://example.com/b".into());
                doc.date_text = Some("02/09/2025".into());
                doc.fields.push(("source".into(), "وكالة".into()));
                doc.fields.push(("views".into(), 22_000_000.0.into()));
                doc.fields.push(("score".into(), 0.75.into()));
                doc.fields.push(("featured".into(), true.into()));
                doc.fields.push((
                    "tags".into(),
                    vec!["صين".to_string(), "روسيا".into()].into(),
                ));
            }
            builder.add(doc).expect("valid document");
        }
        builder.finish().expect("a valid corpus")
    })
}

/// Target `index`: byte 0 picks the base index (even: [`small_index`], odd:
/// the seeds); the rest is a list of 5-byte edits `[kind, o0, o1, o2, value]`
/// with offset `o0 | o1 << 8 | o2 << 16` (modulo the length): kind even sets
/// the byte at the offset, kind odd fills section `o0 % SECTION_COUNT` with `value`. The
/// checksum is recomputed afterwards so the edits reach the structures behind it.
pub fn fuzz_index(data: &[u8]) {
    let Some((&which, edits)) = data.split_first() else {
        return;
    };
    let mut bytes = if which % 2 == 0 {
        small_index().to_vec()
    } else {
        seeds().as_bytes().to_vec()
    };
    for edit in edits.chunks_exact(5) {
        let offset = usize::from(edit[1]) | usize::from(edit[2]) << 8 | usize::from(edit[3]) << 16;
        if edit[0] % 2 == 0 {
            let at = offset % bytes.len();
            bytes[at] = edit[4];
        } else if let Some(range) = section_range(&bytes, usize::from(edit[1]) % SECTION_COUNT) {
            bytes[range].fill(edit[4]);
        }
    }
    fix_checksum(&mut bytes);
    check_index_bytes(bytes);
}

/// Target `index_raw`: the input is the whole index file (the checksum is not
/// fixed: this is what `fromBytes` gets from a user).
pub fn fuzz_index_raw(data: &[u8]) {
    check_index_bytes(data.to_vec());
}

// ---------------------------------------------------------------- split index

/// Target `split`: byte 0 picks what is fuzzed. Odd: the rest is a split index's entry file as a
/// user's host would serve it (nothing fixed). Even: the split of [`small_index`] with one of its
/// files (byte 1, modulo the file count: 0 is the entry) edited by 5-byte edits
/// `[kind, o0, o1, o2, value]` at body offset `o0 | o1 << 8 | o2 << 16` (modulo the body's
/// length): kind even sets the byte there, kind odd cuts the body there; the header's length
/// and checksum are then recomputed so the edits reach the decoders behind them. Either way the
/// index, if it opens, is searched through a fetch loop (adding the files it asks for): errors
/// are fine, panics and endless fetching are not. The edits reach every table a piece holds
/// (split version 3: the entry's letter table, a dictionary block's postings piece starts, a postings piece's length and
/// its documents' lengths, a store piece's lengths), and pieces that disagree (a block's starts
/// with another's, a piece's lengths with another's) must be refused, not trusted.
pub fn fuzz_split(data: &[u8]) {
    use fahras::index::split::{split, ENTRY_NAME};
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let mut files = split(small_index()).expect("the small index splits");
    if which % 2 == 1 {
        files[0].1 = rest.to_vec();
    } else if let Some((&file, edits)) = rest.split_first() {
        let n = usize::from(file) % files.len();
        let bytes = &mut files[n].1;
        let header = fahras::index::split::PIECE_HEADER_LEN;
        for edit in edits.chunks_exact(5) {
            let body = bytes.len() - header;
            if body == 0 {
                break;
            }
            let at =
                (usize::from(edit[1]) | usize::from(edit[2]) << 8 | usize::from(edit[3]) << 16)
                    % body;
            if edit[0] % 2 == 0 {
                bytes[header + at] = edit[4];
            } else {
                bytes.truncate(header + at);
            }
        }
        let len = (bytes.len() - header) as u32;
        bytes[20..24].copy_from_slice(&len.to_le_bytes());
        let sum = fahras::index::format::checksum(&bytes[header..]);
        bytes[32..40].copy_from_slice(&sum.to_le_bytes());
    }
    assert_eq!(files[0].0, ENTRY_NAME);
    let Ok(mut index) = SearchIndex::from_split_entry(files[0].1.clone()) else {
        return;
    };
    let names = index.piece_names();
    assert_eq!(names.len(), files.len() - 1, "every piece is listed");
    let files: std::collections::HashMap<String, Vec<u8>> = files.into_iter().collect();
    let ask = |index: &mut SearchIndex, call: &dyn Fn(&SearchIndex) -> fahras::Result<()>| {
        for _ in 0..16 {
            match call(index) {
                Err(fahras::Error::PiecesNeeded(pieces)) => {
                    assert!(!pieces.is_empty(), "PiecesNeeded names no piece");
                    for name in pieces {
                        assert!(
                            names.contains(&name),
                            "asked for `{name}`, no piece of the split"
                        );
                        if index.add_piece(&name, files[&name].clone()).is_err() {
                            return;
                        }
                    }
                }
                _ => return,
            }
        }
        panic!("a call on a split index keeps asking for pieces");
    };
    for query in QUERIES {
        ask(&mut index, &|i| {
            let results = i.search(query, &SearchOptions::default())?;
            assert!(results.total >= results.hits.len());
            Ok(())
        });
    }
    for prefix in ["ب", "ال", "بوت"] {
        ask(&mut index, &|i| i.suggest(prefix, 10).map(drop));
    }
    for id in ["a", "b", "c", "", "zzz"] {
        ask(&mut index, &|i| i.document(id).map(drop));
        ask(&mut index, &|i| i.document_text(id, 1, 9).map(drop));
    }
    let _ = index.stats();
}

/// Bytes `CHECKSUM_START + 8 * section ..` of the section table, when in range.
pub fn section_range(bytes: &[u8], section: usize) -> Option<std::ops::Range<usize>> {
    let at = CHECKSUM_START + 8 * section;
    let word = |i: usize| -> Option<usize> {
        let b = bytes.get(i..i + 4)?;
        Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
    };
    let start = word(at)?;
    let end = start.checked_add(word(at + 4)?)?;
    (end <= bytes.len()).then_some(start..end)
}

/// Write the right checksum into bytes 16..24 (when the file is long enough).
pub fn fix_checksum(bytes: &mut [u8]) {
    if bytes.len() >= CHECKSUM_START {
        let sum = index_checksum(bytes);
        bytes[16..24].copy_from_slice(&sum.to_le_bytes());
    }
}

/// Open the bytes; if they open, use every part of the index. Nothing may
/// panic, and whatever is returned must keep the API's promises.
pub fn check_index_bytes(bytes: Vec<u8>) {
    let opened = SearchIndex::from_bytes(bytes.clone());
    let reader = IndexReader::open(Bytes::Shared(Arc::new(bytes)));
    assert_eq!(
        opened.is_ok(),
        reader.is_ok(),
        "SearchIndex and IndexReader disagree"
    );
    if let Ok(reader) = reader {
        walk_reader(&reader);
    }
    if let Ok(index) = opened {
        exercise(&index);
    }
}

/// Every word, every postings list, every position, every document: errors
/// are fine (the bytes may be corrupt), panics and endless loops are not.
fn walk_reader(reader: &IndexReader) {
    use fst::automaton::AlwaysMatch;
    let dictionary = reader.dictionary();
    let mut stream = dictionary.search(AlwaysMatch, &[], None);
    let mut positions = Vec::new();
    let mut words = 0usize;
    while let Some((word, offset)) = stream.next() {
        words += 1;
        assert!(words <= 1 << 22, "the dictionary stream does not end");
        let _ = dictionary.get(word);
        let _ = reader.word_info(offset);
        if let Ok(mut postings) = reader.postings(offset) {
            while let Ok(Some(_)) = postings.next_posting() {
                if postings.positions(&mut positions).is_err() {
                    break;
                }
            }
        }
    }
    let _ = dictionary
        .search(AlwaysMatch, "ب".as_bytes(), Some("ت".as_bytes().to_vec()))
        .next();
    for doc in 0..reader.documents().min(64) {
        // Typed metadata is decoded only on request: ask for it.
        let _ = reader.document(doc).map(|d| d.fields.decode());
        let _ = reader.doc_lengths(doc);
    }
    let _ = reader.find_document("b");
    let mut ids = Vec::new();
    for column in reader.fields() {
        for doc in 0..reader.documents().min(64) {
            column.ids(reader.fields_section(), doc, &mut ids);
            assert!(ids
                .iter()
                .all(|&id| id >= 1 && id as usize <= column.values.len()));
        }
    }
}

/// The queries run against a fuzzed index: every query feature, and words of
/// the base indexes so that the edits' effects are reached.
const QUERIES: &[&str] = &[
    "بوتين",
    "روسيا والصين",
    "\"شي جين بينج\"",
    "\"بوتين في بكين\"",
    "بوت",
    "الرئيسَ",
    "بوتن",
    "الاستراتيجيه",
    "-روسيا بكين",
    "بكين -\"شي جين\"",
    "covid 19",
    "في",
    "ا",
    "الصين ",
    "وبكين",
];

pub fn exercise(index: &SearchIndex) {
    let stats = index.stats();
    assert!(stats.documents > 0);
    // Every kind of filter, facet and sort, on the small index's fields and one it lacks.
    use fahras::{Condition, Filter, FilterValue, Sort};
    let text = |s: &str| FilterValue::Text(s.into());
    let narrowed = SearchOptions {
        filters: vec![
            Filter::new("tags", Condition::Any(vec![text("صين"), text("x")])),
            Filter::new("source", Condition::None(vec![text("y")])),
            Filter::new(
                "views",
                Condition::Range {
                    from: Some(FilterValue::Number(1.0)),
                    to: None,
                },
            ),
            Filter::new(
                "date",
                Condition::Range {
                    from: Some(text("2025")),
                    to: Some(text("2025-12")),
                },
            ),
            Filter::new("featured", Condition::All(vec![FilterValue::Bool(true)])),
        ],
        facets: [
            "tags", "source", "views", "date", "featured", "score", "nosuch",
        ]
        .map(String::from)
        .to_vec(),
        sort: Some(Sort {
            field: "views".into(),
            descending: true,
        }),
        ..SearchOptions::default()
    };
    for sort in [None, Some("tags"), Some("date"), Some("score")] {
        let options = SearchOptions {
            sort: sort.map(|f| Sort {
                field: f.into(),
                descending: false,
            }),
            ..narrowed.clone()
        };
        if let Ok(results) = index.search("", &options) {
            assert!(results.total >= results.hits.len());
        }
    }
    for query in QUERIES {
        for options in [
            narrowed.clone(),
            SearchOptions::default(),
            SearchOptions {
                limit: 2,
                offset: 1,
                prefix: false,
                fuzzy: true,
                snippets: false,
                ..SearchOptions::default()
            },
        ] {
            // A corrupt index may make a search fail, but with an error.
            if let Ok(results) = index.search(query, &options) {
                for hit in &results.hits {
                    let _ = index.document(&hit.id);
                }
                assert!(results.total >= results.hits.len());
            }
        }
    }
    for prefix in ["ب", "ال", "بوت", "x", ""] {
        if let Ok(words) = index.suggest(prefix, 10) {
            assert!(words.len() <= 10);
        }
    }
    for id in ["a", "b", "c", "", "000_341317d9654fed0c", "zzz"] {
        let _ = index.document(id);
    }
}

/// The byte range of a section of a valid index.
pub fn section_of(bytes: &[u8], section: Section) -> std::ops::Range<usize> {
    section_range(bytes, section as usize).expect("a valid section table")
}
