//! The split index (`index::split`) answers exactly what the single file it
//! was cut from answers: every call through an in-memory fetch loop (call,
//! catch `PiecesNeeded`, add the pieces, call again) over whole query sets,
//! on a generated corpus with metadata, the seeds, and the Quran when
//! `bench/data/quran.jsonl` is there (`make bench` writes it). And every
//! faulty file is an `Error` that names it.
// Native only: the writer (`split`) is not in the page's wasm32 build.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::HashMap;

use fahras::index::split::{split, split_with, PieceSizes, ENTRY_NAME, SPLIT_VERSION};
use fahras::{
    analysis, Condition, Document, Error, FieldValue, Filter, FilterValue, IndexBuilder, Result,
    SearchIndex, SearchOptions, Sort,
};

/// More rounds than this for one call is a bug (each round fetches a stage's pieces).
const MAX_ROUNDS: usize = 8;

struct Split {
    index: SearchIndex,
    files: HashMap<String, Vec<u8>>,
    /// Rounds of the calls so far, one entry per call.
    rounds: Vec<usize>,
}

fn split_of(bytes: &[u8]) -> Split {
    let files: HashMap<String, Vec<u8>> = split(bytes).unwrap().into_iter().collect();
    let index = SearchIndex::from_split_entry(files[ENTRY_NAME].clone()).unwrap();
    Split {
        index,
        files,
        rounds: Vec::new(),
    }
}

impl Split {
    /// `call`, fetching what it asks for until it answers.
    fn ask<T>(&mut self, call: impl Fn(&SearchIndex) -> Result<T>) -> Result<T> {
        for round in 0..MAX_ROUNDS {
            match call(&self.index) {
                Err(Error::PiecesNeeded(pieces)) => {
                    assert!(!pieces.is_empty());
                    // Stored documents follow from the ranking: none is asked for while a
                    // dictionary block or postings piece is still missing (they would be the
                    // documents of hits that may not be the hits).
                    let ranking_pending = pieces
                        .iter()
                        .any(|n| n.starts_with("w-") || n.starts_with("p-"));
                    assert!(
                        !ranking_pending || !pieces.iter().any(|n| n.starts_with("s-")),
                        "stored documents asked for before the ranking is known: {pieces:?}"
                    );
                    for name in pieces {
                        let bytes = self.files.get(&name).unwrap_or_else(|| {
                            panic!("asked for `{name}`, which the split does not have")
                        });
                        self.index.add_piece(&name, bytes.clone()).unwrap();
                    }
                }
                other => {
                    self.rounds.push(round);
                    return other;
                }
            }
        }
        panic!("no answer after {MAX_ROUNDS} rounds");
    }
}

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// The words of the seed corpus, as written.
fn seed_words() -> Vec<String> {
    let seeds = SearchIndex::embedded();
    let mut words = Vec::new();
    for n in 0..5 {
        let id = format!("{n:03}_");
        let hit = seeds
            .search("بوتين", &SearchOptions::default())
            .unwrap()
            .hits
            .into_iter()
            .find(|h| h.id.starts_with(&id))
            .unwrap();
        let doc = seeds.document(&hit.id).unwrap().unwrap();
        for (s, e) in analysis::word_spans(&doc.text) {
            words.push(doc.text[s..e].to_string());
        }
    }
    words
}

/// 900 documents of seed words in random order, with clitics and diacritics
/// added here and there, and metadata to filter, facet and sort on.
fn generated_corpus() -> Vec<u8> {
    let words = seed_words();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut builder = IndexBuilder::new();
    for n in 0..900 {
        let mut text = String::new();
        let len = 5 + rng.below(if n % 50 == 0 { 2000 } else { 120 });
        for _ in 0..len {
            let mut word = words[rng.below(words.len())].clone();
            match rng.below(12) {
                0 => word.insert(0, 'و'),
                1 => word.insert_str(0, "بال"),
                2 => word.push('\u{64E}'),
                _ => {}
            }
            text.push_str(&word);
            text.push(if rng.below(9) == 0 { '،' } else { ' ' });
        }
        let title: Vec<&str> = (0..3)
            .map(|_| words[rng.below(words.len())].as_str())
            .collect();
        let books = ["البخاري", "مسلم", "الترمذي", "أبو داود"];
        builder
            .add(Document {
                id: format!("doc-{n:04}"),
                title: title.join(" "),
                text,
                date: Some(format!("20{:02}-0{}-1{}", n % 24, 1 + n % 9, n % 10)),
                fields: vec![
                    (
                        "book".into(),
                        FieldValue::Text(books[n % books.len()].into()),
                    ),
                    ("number".into(), FieldValue::Number((n * 7 % 1000) as f64)),
                    ("graded".into(), FieldValue::Bool(n % 3 == 0)),
                ],
                ..Document::default()
            })
            .unwrap();
    }
    builder.finish().unwrap()
}

/// Queries of every kind from the corpus's own words: single words with and
/// without clitics, stems, prefixes being typed, typos, diacritised forms,
/// phrases, several words, and words the corpus lacks.
fn queries(words: &[String], count: usize) -> Vec<String> {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut out = vec![
        "".to_string(),
        "بوتين".into(),
        "الصلاة".into(),
        "رمضان".into(),
        "أبو هريرة".into(),
        "\"إن الله\"".into(),
        "الصلاه".into(),
        "بوتن".into(),
        "الرئيس الروسي".into(),
        "زززز".into(),
    ];
    for i in 0..count {
        let word = &words[rng.below(words.len())];
        let chars: Vec<char> = word.chars().collect();
        let query = match i % 8 {
            0 | 1 => word.clone(),
            2 if chars.len() > 3 => chars[..chars.len() - 2].iter().collect(),
            3 if chars.len() > 4 => {
                let cut = 1 + rng.below(chars.len() - 2);
                chars
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != cut)
                    .map(|(_, c)| c)
                    .collect()
            }
            4 => format!("ال{word}"),
            5 => format!("{word}\u{64F}"),
            6 => format!("\"{word} {}\"", words[rng.below(words.len())]),
            _ => format!("{word} {}", words[rng.below(words.len())]),
        };
        out.push(query);
    }
    out
}

fn option_sets() -> Vec<SearchOptions> {
    let filters = vec![Filter::new(
        "book",
        Condition::Any(vec![
            FilterValue::from("مسلم"),
            FilterValue::from("البخاري"),
        ]),
    )];
    vec![
        SearchOptions::default(),
        SearchOptions {
            prefix: false,
            fuzzy: false,
            ..SearchOptions::default()
        },
        SearchOptions {
            limit: 25,
            offset: 5,
            ..SearchOptions::default()
        },
        SearchOptions {
            filters: filters.clone(),
            facets: vec!["book".into(), "graded".into()],
            ..SearchOptions::default()
        },
        SearchOptions {
            filters,
            sort: Some(Sort {
                field: "number".into(),
                descending: true,
            }),
            ..SearchOptions::default()
        },
    ]
}

/// Every query × option set, `suggest` for each query, and the documents of
/// the hits (whole, a part of their text, `indexOf`): the same answers.
fn assert_same(
    single: &SearchIndex,
    split: &mut Split,
    queries: &[String],
    options: &[SearchOptions],
) {
    for query in queries {
        for options in options {
            let want = single.search(query, options);
            let got = split.ask(|index| index.search(query, options));
            assert_eq!(got, want, "search {query:?} {options:?}");
        }
        let want = single.suggest(query, 10);
        assert_eq!(
            split.ask(|i| i.suggest(query, 10)),
            want,
            "suggest {query:?}"
        );
        let Ok(results) = single.search(query, &SearchOptions::default()) else {
            continue;
        };
        for hit in results.hits.iter().take(2) {
            let id = hit.id.as_str();
            assert_eq!(split.ask(|i| i.document(id)), single.document(id), "{id}");
            assert_eq!(
                split.ask(|i| i.document_text(id, 3, 40)),
                single.document_text(id, 3, 40)
            );
            assert_eq!(
                split.ask(|i| i.document_index_of(id, "ال", 2)),
                single.document_index_of(id, "ال", 2)
            );
        }
    }
    for id in ["", "doc-0000", "doc-0899", "doc-0450", "nope", "zzz"] {
        assert_eq!(split.ask(|i| i.document(id)), single.document(id), "{id}");
    }
    assert_eq!(split.index.stats(), single.stats());
}

#[test]
fn a_split_generated_corpus_answers_every_call_as_its_single_file_does() {
    let bytes = generated_corpus();
    let single = SearchIndex::from_bytes(bytes.clone()).unwrap();
    let mut split = split_of(&bytes);
    assert!(split.files.len() > 20, "the corpus is cut into many pieces");
    let words = seed_words();
    assert_same(&single, &mut split, &queries(&words, 160), &option_sets());
    let max = split.rounds.iter().max().copied().unwrap_or(0);
    eprintln!(
        "rounds per call: max {max}, mean {:.2}",
        split.rounds.iter().sum::<usize>() as f64 / split.rounds.len() as f64
    );
}

#[test]
fn a_split_seed_index_answers_as_the_embedded_one() {
    let single = SearchIndex::embedded();
    let mut split = split_of(single.as_bytes());
    let words = seed_words();
    assert_same(
        &single,
        &mut split,
        &queries(&words, 80),
        &option_sets()[..3],
    );
}

#[test]
fn a_fresh_split_index_fetches_a_few_pieces_in_a_few_rounds() {
    let bytes = generated_corpus();
    let all = split(&bytes).unwrap().len() - 1;
    for query in ["الصلاة", "بوتين", "الرئيس الروسي", "بوتن"] {
        let mut split = split_of(&bytes);
        let mut fetched = 0;
        let mut rounds = 0;
        loop {
            match split.index.search(query, &SearchOptions::default()) {
                Err(Error::PiecesNeeded(pieces)) => {
                    rounds += 1;
                    for name in pieces {
                        fetched += 1;
                        let bytes = split.files[&name].clone();
                        split.index.add_piece(&name, bytes).unwrap();
                    }
                }
                Ok(_) => break,
                Err(e) => panic!("{e}"),
            }
        }
        assert!(rounds <= 4, "{query}: {rounds} rounds");
        assert!(fetched * 3 < all, "{query}: {fetched} of {all} pieces");
    }
}

#[test]
fn the_split_is_deterministic_and_lists_its_pieces() {
    let bytes = generated_corpus();
    let a = split(&bytes).unwrap();
    assert_eq!(a, split(&bytes).unwrap());
    assert_eq!(a[0].0, ENTRY_NAME);
    let index = SearchIndex::from_split_entry(a[0].1.clone()).unwrap();
    let names: Vec<String> = a[1..].iter().map(|(n, _)| n.clone()).collect();
    assert_eq!(index.piece_names(), names);
    assert!(SearchIndex::from_bytes(bytes)
        .unwrap()
        .piece_names()
        .is_empty());
}

/// A cache keeps a build's pieces forever by name (the demo's service worker, an `immutable`
/// header): the same index cut with other piece sizes (or by another split version) must not
/// reuse a single name, or a returning page would mix the old pieces with the new entry.
#[test]
fn the_same_index_cut_another_way_shares_no_piece_name() {
    let bytes = generated_corpus();
    let default = split(&bytes).unwrap();
    let sizes = PieceSizes {
        postings: PieceSizes::default().postings * 2,
        ..PieceSizes::default()
    };
    let other = split_with(&bytes, sizes).unwrap();
    let names: std::collections::HashSet<&str> =
        default[1..].iter().map(|(n, _)| n.as_str()).collect();
    assert!(other[1..].iter().all(|(n, _)| !names.contains(n.as_str())));
    assert_eq!(other[0].0, ENTRY_NAME);
}

#[test]
fn every_faulty_file_is_an_error_that_names_it() {
    let bytes = generated_corpus();
    let files = split(&bytes).unwrap();
    let (name, piece) = files
        .iter()
        .find(|(n, _)| n.starts_with("p-"))
        .cloned()
        .unwrap();
    let fresh = || SearchIndex::from_split_entry(files[0].1.clone()).unwrap();
    let message = |r: Result<()>| r.unwrap_err().to_string();

    let unknown = "p-99999.0000000000000000.bin";
    assert!(message(fresh().add_piece(unknown, piece.clone())).contains(unknown));
    assert!(message(fresh().add_piece("index.html", piece.clone())).contains("index.html"));
    let truncated = message(fresh().add_piece(&name, piece[..piece.len() - 3].to_vec()));
    assert!(
        truncated.contains(&name) && truncated.contains("truncated"),
        "{truncated}"
    );
    let mut flipped = piece.clone();
    let at = flipped.len() / 2 + 20;
    flipped[at] ^= 0x10;
    let corrupt = message(fresh().add_piece(&name, flipped));
    assert!(
        corrupt.contains(&name) && corrupt.contains("checksum"),
        "{corrupt}"
    );
    // Another piece's bytes under this name.
    let (other_name, other) = files.iter().find(|(n, _)| n.starts_with("s-")).unwrap();
    let renamed = message(fresh().add_piece(&name, other.clone()));
    assert!(
        renamed.contains(&name) && renamed.contains(other_name.as_str()),
        "{renamed}"
    );
    // The same piece of another build (one more document).
    let mut builder = IndexBuilder::new();
    for (i, word) in ["بوتين", "الصين", "موسكو"].iter().enumerate() {
        builder
            .add(Document {
                id: format!("x{i}"),
                title: word.to_string(),
                text: word.to_string(),
                ..Document::default()
            })
            .unwrap();
    }
    let other_build = split(&builder.finish().unwrap()).unwrap();
    let (foreign_name, foreign) = &other_build[1];
    let mixed = message(fresh().add_piece(foreign_name, foreign.clone()));
    assert!(mixed.contains("another build"), "{mixed}");
    let (kind, rest) = foreign_name.split_once('-').unwrap();
    let (number, _) = rest.split_once('.').unwrap();
    let ours = files
        .iter()
        .find(|(n, _)| n.starts_with(&format!("{kind}-{number}.")))
        .unwrap();
    let mixed = message(fresh().add_piece(&ours.0, foreign.clone()));
    assert!(mixed.contains("another build"), "{mixed}");

    // The entry: not one, truncated, flipped.
    for bad in [
        piece.clone(),
        files[0].1[..files[0].1.len() - 1].to_vec(),
        b"FAHRASIX".to_vec(),
        Vec::new(),
    ] {
        let e = SearchIndex::from_split_entry(bad)
            .err()
            .unwrap()
            .to_string();
        assert!(e.contains(ENTRY_NAME), "{e}");
    }
    let mut entry = files[0].1.clone();
    let last = entry.len() - 1;
    entry[last] ^= 1;
    assert!(SearchIndex::from_split_entry(entry).is_err());

    // A postings piece whose lengths table was changed or cut, yet sealed again with a fitting
    // header and checksum (what a broken writer would make): refused, naming it.
    let reseal = |mut bytes: Vec<u8>| {
        let header = fahras::index::split::PIECE_HEADER_LEN;
        let len = (bytes.len() - header) as u32;
        bytes[20..24].copy_from_slice(&len.to_le_bytes());
        let sum = fahras::index::format::checksum(&bytes[header..]);
        bytes[32..40].copy_from_slice(&sum.to_le_bytes());
        bytes
    };
    let cut = message(fresh().add_piece(&name, reseal(piece[..piece.len() - 1].to_vec())));
    assert!(cut.contains(&name) && cut.contains("length"), "{cut}");
    let mut wrong = piece.clone();
    *wrong.last_mut().unwrap() ^= 0x40;
    let mut index = fresh();
    for (store, bytes) in files.iter().filter(|(n, _)| n.starts_with("s-")) {
        index.add_piece(store, bytes.clone()).unwrap();
    }
    let disagree = message(index.add_piece(&name, reseal(wrong)));
    assert!(
        disagree.contains(&name) && disagree.contains("lengths"),
        "{disagree}"
    );
    index.add_piece(&name, piece.clone()).unwrap();
    // A dictionary block naming postings pieces the split does not have.
    let (block_name, block) = files.iter().find(|(n, _)| n.starts_with("w-")).unwrap();
    let header = fahras::index::split::PIECE_HEADER_LEN;
    let mut far = block[..header].to_vec();
    far.extend_from_slice(&[0x80, 0x80, 0x40, 1, 0]);
    far.extend_from_slice(&block[header + 3..]);
    let far = message(fresh().add_piece(block_name, reseal(far)));
    assert!(
        far.contains(block_name.as_str()) && far.contains("postings pieces"),
        "{far}"
    );
    // An entry of an earlier split version (v1: the lengths in the entry; v2: no letter
    // table): rebuild, it says.
    for version in 1..SPLIT_VERSION {
        let mut old = files[0].1.clone();
        old[8..12].copy_from_slice(&version.to_le_bytes());
        let e = SearchIndex::from_split_entry(old)
            .err()
            .unwrap()
            .to_string();
        assert!(
            e.contains(ENTRY_NAME) && e.contains(&format!("version {version}")),
            "{e}"
        );
    }

    // A faulty piece leaves the index as it was: the good one still completes the call.
    let mut index = fresh();
    assert!(index.add_piece(&name, piece[..10].to_vec()).is_err());
    index.add_piece(&name, piece).unwrap();
}

/// The Quran, when the benchmark's copy is there (`make bench` writes it; or give its path in
/// `FAHRAS_QURAN_JSONL`).
#[test]
fn a_split_quran_answers_as_its_single_file() {
    let default = concat!(env!("CARGO_MANIFEST_DIR"), "/bench/data/quran.jsonl");
    let path = &std::env::var("FAHRAS_QURAN_JSONL").unwrap_or(default.to_string());
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("skipped: no {path}");
        return;
    };
    let mut builder = IndexBuilder::new();
    let options = fahras::corpus::Options::default();
    for (i, line) in text.lines().enumerate() {
        for doc in fahras::corpus::read_json_line(line, &options)
            .unwrap_or_else(|e| panic!("line {i}: {}", e.message))
            .documents
        {
            builder.add(doc).unwrap();
        }
    }
    let bytes = builder.finish().unwrap();
    let single = SearchIndex::from_bytes(bytes.clone()).unwrap();
    let mut split = split_of(&bytes);
    let words: Vec<String> = [
        "الله",
        "الرحمن",
        "موسى",
        "الصلاة",
        "يوم",
        "القيامة",
        "الكتاب",
        "النار",
        "الجنة",
        "قالوا",
        "السماوات",
        "والأرض",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert_same(
        &single,
        &mut split,
        &queries(&words, 60),
        &option_sets()[..3],
    );
}

/// A corpus without a single word still splits and opens (one empty postings piece).
#[test]
fn a_corpus_without_words_splits_too() {
    let mut builder = IndexBuilder::new();
    for i in 0..3 {
        builder
            .add(Document {
                id: format!("p{i}"),
                title: "…".into(),
                text: "!!! ؟؟ 。".into(),
                ..Document::default()
            })
            .unwrap();
    }
    let Ok(bytes) = builder.finish() else {
        return; // the builder refuses such a corpus: nothing to split
    };
    let single = SearchIndex::from_bytes(bytes.clone()).unwrap();
    let mut split = split_of(&bytes);
    assert_same(
        &single,
        &mut split,
        &["".into(), "بوتين".into()],
        &option_sets()[..1],
    );
    assert_eq!(split.ask(|i| i.document("p1")), single.document("p1"));
}

/// On a dictionary of hundreds of blocks (made-up words), typo search through the blocks its
/// automaton does not rule out finds what the single file finds, and a word the corpus has
/// fetches the same pieces with typo tolerance on as off (typo matching waits for the exact
/// forms; with this corpus's sparse words the blocks' key ranges also rule most typos out).
#[test]
fn typo_search_over_many_blocks_matches_the_single_file() {
    let letters: Vec<char> = "بتثجحخدذرزسشصضطظعغفقكمنهي".chars().collect();
    let mut rng = Rng(0x1234_5678_9abc_def1);
    let vocabulary: Vec<String> = (0..12_000)
        .map(|_| {
            (0..4 + rng.below(4))
                .map(|_| letters[rng.below(letters.len())])
                .collect()
        })
        .collect();
    let mut builder = IndexBuilder::new();
    for n in 0..600 {
        let text: Vec<&str> = (0..40)
            .map(|_| vocabulary[rng.below(vocabulary.len())].as_str())
            .collect();
        builder
            .add(Document {
                id: format!("r{n:04}"),
                title: vocabulary[n].clone(),
                text: text.join(" "),
                ..Document::default()
            })
            .unwrap();
    }
    let bytes = builder.finish().unwrap();
    let blocks = split(&bytes)
        .unwrap()
        .iter()
        .filter(|(n, _)| n.starts_with("w-"))
        .count();
    assert!(blocks > 100, "{blocks} dictionary blocks");
    let fetched = |query: &str, fuzzy: bool| {
        let mut split = split_of(&bytes);
        let options = SearchOptions {
            fuzzy,
            ..SearchOptions::default()
        };
        let mut names = Vec::new();
        loop {
            match split.index.search(query, &options) {
                Err(Error::PiecesNeeded(pieces)) => {
                    for name in pieces {
                        split
                            .index
                            .add_piece(&name, split.files[&name].clone())
                            .unwrap();
                        names.push(name);
                    }
                }
                Ok(results) => break (names, results.total),
                Err(e) => panic!("{e}"),
            }
        }
    };
    // Typos of these words find them, as the single file does.
    let single = SearchIndex::from_bytes(bytes.clone()).unwrap();
    let mut typos = split_of(&bytes);
    for word in &vocabulary[..5] {
        let typo: String = word.chars().skip(1).collect::<String>() + "ي";
        let want = single.search(&typo, &SearchOptions::default()).unwrap();
        let got = typos
            .ask(|i| i.search(&typo, &SearchOptions::default()))
            .unwrap();
        assert_eq!(got, want, "{typo}");
    }
    for word in &vocabulary[..5] {
        let (with, total) = fetched(word, true);
        assert!(total > 0, "{word} matches");
        assert_eq!(with, fetched(word, false).0, "{word}");
    }
}

/// The diacritics bonus on a split index reads the page's stored documents first and waits for
/// them before it reads further: a vocalised query whose page carries its harakat fetches the
/// store pieces of the plain query's page, not those of every document it may check.
#[test]
fn a_vocalised_query_fetches_the_stored_documents_of_its_page_only() {
    let mut builder = IndexBuilder::new();
    // Each document a word longer than the one before: no two score alike.
    for n in 0..150 {
        builder
            .add(Document {
                id: format!("doc-{n:03}"),
                title: format!("باب {n}"),
                text: format!("{}أقام الصَّلاَةَ في وقتها", "وقال ".repeat(n)),
                ..Document::default()
            })
            .unwrap();
    }
    let bytes = builder.finish().unwrap();
    let single = SearchIndex::from_bytes(bytes.clone()).unwrap();
    let sizes = PieceSizes {
        store: 100, // a document per store piece
        ..PieceSizes::default()
    };
    let files: HashMap<String, Vec<u8>> = split_with(&bytes, sizes).unwrap().into_iter().collect();
    let stores = files.keys().filter(|n| n.starts_with("s-")).count();
    // (store pieces fetched, rounds) of a first search.
    let first_search = |query: &str| {
        let mut index = SearchIndex::from_split_entry(files[ENTRY_NAME].clone()).unwrap();
        let (mut fetched, mut rounds) = (0, 0);
        let got = loop {
            match index.search(query, &SearchOptions::default()) {
                Err(Error::PiecesNeeded(pieces)) => {
                    rounds += 1;
                    for name in pieces {
                        fetched += usize::from(name.starts_with("s-"));
                        index.add_piece(&name, files[&name].clone()).unwrap();
                    }
                }
                other => break other,
            }
        };
        assert_eq!(
            got,
            single.search(query, &SearchOptions::default()),
            "{query}"
        );
        (fetched, rounds)
    };
    let (plain, _) = first_search("الصلاة");
    let (vocalised, rounds) = first_search("الصَّلَاة");
    assert!(stores > 100, "{stores} store pieces");
    assert!(plain <= 10, "the plain query's page: {plain} store pieces");
    assert_eq!(
        vocalised, plain,
        "the vocalised query reads its page's documents only"
    );
    assert!(rounds <= 4, "{rounds} rounds");
}
