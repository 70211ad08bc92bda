//! Golden searches over the embedded seed corpus, and over small corpora built
//! here when a behaviour needs a controlled example. Each test names the
//! behaviour it protects.

use std::collections::BTreeSet;

use fahras::{analysis, Document, Error, IndexBuilder, SearchIndex, SearchOptions, SearchResults};

const SEEDS: [&str; 5] = [
    "000_341317d9654fed0c",
    "001_e8e0b977b448414c",
    "002_03c8d4601ace7d37",
    "003_2d4469413d9eec7e",
    "004_8d2d2c35a449af77",
];

fn seeds() -> SearchIndex {
    SearchIndex::embedded()
}

fn search(index: &SearchIndex, query: &str) -> SearchResults {
    index.search(query, &SearchOptions::default()).unwrap()
}

fn search_with(index: &SearchIndex, query: &str, options: SearchOptions) -> SearchResults {
    index.search(query, &options).unwrap()
}

fn ids(results: &SearchResults) -> Vec<&str> {
    results.hits.iter().map(|h| h.id.as_str()).collect()
}

fn id_set(results: &SearchResults) -> BTreeSet<String> {
    results.hits.iter().map(|h| h.id.clone()).collect()
}

/// The matched words of every hit's snippet, normalised.
fn highlighted(results: &SearchResults) -> BTreeSet<String> {
    results
        .hits
        .iter()
        .flat_map(|h| h.snippet.iter().filter(|s| s.hit))
        .map(|s| analysis::normalize(&s.text))
        .collect()
}

/// Exact forms and stems only: no prefix, no typo tolerance.
const EXACT: SearchOptions = SearchOptions {
    limit: 10,
    offset: 0,
    prefix: false,
    fuzzy: false,
    snippets: true,
    filters: Vec::new(),
    facets: Vec::new(),
    sort: None,
};

fn index_of(docs: &[(&str, &str, &str)]) -> SearchIndex {
    let mut builder = IndexBuilder::new();
    for (id, title, text) in docs {
        builder
            .add(Document {
                id: id.to_string(),
                title: title.to_string(),
                text: text.to_string(),
                ..Document::default()
            })
            .unwrap();
    }
    SearchIndex::from_bytes(builder.finish().unwrap()).unwrap()
}

#[test]
fn putin_finds_the_five_seed_documents() {
    let results = search(&seeds(), "بوتين");
    assert_eq!(results.total, 5);
    assert_eq!(
        id_set(&results),
        SEEDS.iter().map(|s| s.to_string()).collect()
    );
    for hit in &results.hits {
        assert!(hit
            .snippet
            .iter()
            .any(|s| s.hit && analysis::normalize(&s.text).contains("بوتين")));
    }
}

#[test]
fn titles_are_the_real_headlines_and_dates_are_kept() {
    let index = seeds();
    let doc = |id: &str| index.document(id).unwrap().unwrap();
    assert_eq!(
        doc(SEEDS[0]).title,
        "بوتين يؤكد: علاقة روسيا والصين ليست موجهة ضد أي دولة"
    );
    assert_eq!(
        doc(SEEDS[1]).title,
        "روسيا والصين تخططان لتعاون طويل و شراكة استراتيجية في مواجهة التحديات العالمية"
    );
    assert_eq!(
        doc(SEEDS[3]).title,
        "الرئيس الروسي يبحث الشراكة الاستراتيجية مع الصين خلال زيارته لبكين"
    );
    assert_eq!(
        doc(SEEDS[4]).title,
        "شي وبوتين يؤكدان تعزيز الشراكة الاستراتيجية والتنسيق بشأن أزمة أوكرانيا"
    );
    // 002 has no headline: its lead clause stands in, never the date line.
    let lead = doc(SEEDS[2]);
    assert!(
        lead.title.starts_with("أكد الرئيس الروسي فلاديمير بوتين"),
        "{}",
        lead.title
    );
    assert!(!lead.title.contains("date") && !lead.title.contains("2025"));
    assert_eq!(lead.date.as_deref(), Some("2025-09-02"));
    assert_eq!(doc(SEEDS[4]).date.as_deref(), Some("2025-05-19"));
    assert!(
        !doc(SEEDS[4]).text.starts_with("شي وبوتين يؤكدان"),
        "repeated headline dropped"
    );
    assert!(!doc(SEEDS[1]).text.contains("ADVERTISEMENT"));
    assert!(
        !doc(SEEDS[3]).text.contains("حقوق النشر"),
        "site footer dropped"
    );
    assert!(doc(SEEDS[3]).text.ends_with("حكام 20 مقاطعة روسية."));
    assert_eq!(index.document("no-such-id").unwrap(), None);
}

#[test]
fn all_query_words_must_match() {
    let index = seeds();
    let both = search(&index, "بوتين هاربين");
    assert_eq!(ids(&both), [SEEDS[3]]);
    assert!(search(&index, "هاربين").total < search(&index, "بوتين").total);
}

#[test]
fn when_no_document_has_every_word_the_best_partial_matches_are_returned() {
    let index = seeds();
    let results = search(&index, "هاربين زززززز");
    assert_eq!(
        ids(&results),
        [SEEDS[3]],
        "never an empty page when a word matches"
    );
}

#[test]
fn the_document_about_the_query_ranks_first() {
    // 004's headline is about the Ukraine crisis; the others mention it in passing or not at all.
    let results = search(&seeds(), "أزمة أوكرانيا");
    assert_eq!(results.hits[0].id, SEEDS[4], "{:?}", ids(&results));
}

#[test]
fn a_phrase_matches_only_consecutive_words() {
    let index = seeds();
    let bag = search(&index, "بينج شي");
    let phrase = search(&index, "\"بينج شي\"");
    assert!(bag.total >= 1);
    assert_eq!(phrase.total, 0, "the words never occur in that order");
    let phrase = search(&index, "\"شي جين بينج\"");
    assert_eq!(ids(&phrase), [SEEDS[0]], "only 000 spells it بينج");
    for hit in &phrase.hits {
        let marked: Vec<&str> = hit
            .snippet
            .iter()
            .filter(|s| s.hit)
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(marked, ["شي", "جين", "بينج"]);
    }
    // Stopwords count inside phrases.
    assert!(search(&index, "\"على هامش\"").total >= 1);
    assert_eq!(search(&index, "\"هامش على\"").total, 0);
}

#[test]
fn an_excluded_word_removes_its_documents() {
    let index = seeds();
    let all = search_with(
        &index,
        "بوتين",
        SearchOptions {
            limit: 100,
            ..Default::default()
        },
    );
    let without = search_with(
        &index,
        "بوتين -أوكرانيا",
        SearchOptions {
            limit: 100,
            ..Default::default()
        },
    );
    assert!(without.total < all.total && without.total > 0);
    for hit in &without.hits {
        let text = index.document(&hit.id).unwrap().unwrap();
        for token in analysis::analyze(&format!("{} {}", text.title, text.text)) {
            assert_ne!(
                token.stem,
                analysis::stem("اوكرانيا"),
                "{} contains {}",
                hit.id,
                token.normalized
            );
        }
    }
}

#[test]
fn a_word_being_typed_matches_as_a_prefix_with_or_without_its_article() {
    let index = seeds();
    let kremlin = search(&index, "الكرم");
    assert!(kremlin.total >= 1);
    assert!(
        highlighted(&kremlin).contains("الكرملين"),
        "{:?}",
        highlighted(&kremlin)
    );
    for typed in ["كرم", "كرمل"] {
        let bare = search(&index, typed);
        assert!(
            id_set(&kremlin).is_subset(&id_set(&bare)),
            "{typed}: the word without ال finds الكرملين too"
        );
        assert!(highlighted(&bare).contains("الكرملين"), "{typed}");
    }
    assert_eq!(
        search_with(&index, "الكرم", EXACT).total,
        0,
        "prefix: false turns it off"
    );
    assert_eq!(
        search(&index, "الكرم ").total,
        0,
        "a trailing space ends the word"
    );
}

#[test]
fn a_typo_finds_the_word_and_suggests_the_spelling() {
    let index = seeds();
    let typo = search(&index, "بوتن");
    assert_eq!(typo.total, 5);
    assert_eq!(typo.suggestion.as_deref(), Some("بوتين"));
    let strict = SearchOptions {
        fuzzy: false,
        ..Default::default()
    };
    let off = search_with(&index, "بوتن ", strict);
    assert_eq!(off.total, 0);
    assert_eq!(
        off.suggestion.as_deref(),
        Some("بوتين"),
        "a spelling is offered even when nothing matches"
    );
}

#[test]
fn correctly_spelt_words_stay_precise() {
    let index = seeds();
    let strict = SearchOptions {
        fuzzy: false,
        ..Default::default()
    };
    for query in ["بكين ", "روسيا ", "موسكو "] {
        let fuzzy = search(&index, query);
        assert_eq!(
            fuzzy.total,
            search_with(&index, query, strict.clone()).total,
            "{query}"
        );
        assert_eq!(fuzzy.suggestion, None);
    }
}

#[test]
fn queries_that_normalise_to_nothing_return_nothing() {
    let index = seeds();
    for query in [
        "",
        "   ",
        "؟!،",
        "\u{064E}\u{0650}\u{0651}",
        "ـــ",
        "\u{200F}\u{200E}",
        "\0",
        "-",
        "\"\"",
    ] {
        let results = search(&index, query);
        assert_eq!((results.total, results.hits.len()), (0, 0), "{query:?}");
    }
    assert_eq!(search(&index, "زززززز").total, 0);
}

#[test]
fn spelling_variants_find_exactly_what_the_plain_spelling_finds() {
    let index = seeds();
    let cases = [
        ("بوتين", "بُوتِين"),             // harakat
        ("بوتين", "بوتـــين"),          // tatweel
        ("بوتين", "ﺑﻮﺗﻴﻦ"),             // presentation forms
        ("بوتين", "بوت\u{200C}ين"),     // a stray ZWNJ
        ("أوكرانيا", "اوكرانيا"),       // hamza on alef
        ("الاستراتيجية", "الاستراتيجيه"), // taa marbuta
        ("روسيا", "روسیا"),             // Persian yeh
        ("2025", "٢٠٢٥"),               // Arabic-Indic digits
        ("2025", "۲۰۲۵"),               // Extended Arabic-Indic digits
    ];
    for (plain, variant) in cases {
        let want = search_with(&index, plain, EXACT);
        assert!(want.total > 0, "{plain}");
        let got = search_with(&index, variant, EXACT);
        assert_eq!(ids(&got), ids(&want), "{variant} vs {plain}");
    }
}

#[test]
fn clitics_and_tanween_find_the_bare_word() {
    let index = seeds();
    for (with_clitic, bare) in [
        ("وبوتين", "بوتين"),
        ("بالصين", "الصين"),
        ("للتعاون", "التعاون"),
        ("فروسيا", "روسيا"),
    ] {
        let got = search_with(&index, with_clitic, EXACT);
        assert!(!id_set(&got).is_empty(), "{with_clitic}");
        assert!(
            id_set(&got).is_subset(&id_set(&search_with(&index, bare, EXACT))),
            "{with_clitic} finds documents about {bare}"
        );
    }
    let tanween = index_of(&[("a", "عنوان", "جاء عدد كبير من الناس")]);
    assert_eq!(
        search_with(&tanween, "عدداً", EXACT).total,
        1,
        "عدداً finds عدد"
    );
}

#[test]
fn an_exact_form_scores_above_a_stem_only_match() {
    let index = index_of(&[
        ("a", "خبر", "قرأت الكتاب في المكتبة اليوم"),
        ("b", "خبر", "قرأت كتاب في المكتبة اليوم"),
    ]);
    let results = search_with(
        &index,
        "كتاب",
        SearchOptions {
            prefix: false,
            ..Default::default()
        },
    );
    assert_eq!(ids(&results), ["b", "a"]);
    assert!(results.hits[0].score > results.hits[1].score);
}

#[test]
fn a_word_whose_letters_look_like_a_second_stack_is_not_the_shorter_word() {
    // الوالدين is ال + والدين; the stemmer strips to the fixpoint (ال و ال)
    // and gives الدين the same stem, but as written they are two words.
    let index = index_of(&[
        ("a", "خبر", "مالك يوم الدين"),
        ("b", "خبر", "وبالوالدين إحسانا"),
        ("c", "خبر", "بر الوالدين واجب"),
        ("d", "خبر", "لا إكراه في الدين"),
    ]);
    let results = search_with(&index, "الوالدين", EXACT);
    assert_eq!(ids(&results)[..2], ["b", "c"], "the written word first");
    assert!(results.hits[1].score > results.hits[2].score);
    assert_eq!(ids(&search_with(&index, "\"بر الوالدين\"", EXACT)), ["c"]);
    assert_eq!(ids(&search_with(&index, "\"يوم الدين\"", EXACT)), ["a"]);
    assert_eq!(
        ids(&search_with(&index, "\"يوم الوالدين\"", EXACT)),
        Vec::<&str>::new(),
        "a phrase word never matches through the stem alone"
    );
}

#[test]
fn a_query_with_diacritics_prefers_documents_with_the_same_diacritics() {
    let index = index_of(&[
        ("a", "خبر", "رفع عَلَم البلاد فوق المبنى"),
        ("b", "خبر", "طلب عِلْم الفلك في الجامعة"),
    ]);
    assert_eq!(
        ids(&search_with(&index, "عِلْم", EXACT)),
        ["b", "a"],
        "a bonus, never a filter"
    );
    assert_eq!(ids(&search_with(&index, "عَلَم", EXACT)), ["a", "b"]);
    let plain = search_with(&index, "علم", EXACT);
    assert_eq!(
        ids(&plain),
        ["a", "b"],
        "no diacritics: a tie, broken by id"
    );
    assert_eq!(plain.hits[0].score, plain.hits[1].score);
}

/// A query's harakat are met by a document that writes more of them (the case ending, a
/// sukun left out, an assimilation's shadda) or puts a fatha on the alef after its letter, as
/// the hadith texts do.
#[test]
fn a_document_writing_more_harakat_than_the_query_carries_them() {
    // Documents of the same length: without a bonus, ties broken by id.
    let index = index_of(&[
        ("a", "خبر", "رفع العَلَمَ فوق المبنى"),
        ("b", "خبر", "طلب العِلْمِ في الجامعة"),
        ("c", "خبر", "قرأ كُتَّاباً كثيرين"),
        ("d", "خبر", "قرأ كِتَاباً جديدا"),
    ]);
    for query in ["العِلْم", "الْعِلْم", "العِلم"] {
        assert_eq!(
            ids(&search_with(&index, query, EXACT)),
            ["b", "a"],
            "{query}"
        );
    }
    assert_eq!(ids(&search_with(&index, "العَلَم", EXACT)), ["a", "b"]);
    let plain = search_with(&index, "العلم", EXACT);
    assert_eq!(plain.hits[0].score, plain.hits[1].score, "a tie");
    assert_eq!(ids(&search_with(&index, "كِتَابًا", EXACT)), ["d", "c"]);
    let writers = search_with(&index, "كُتَّابًا", EXACT);
    assert_eq!(ids(&writers), ["c", "d"]);
    assert!(writers.hits[0].score > writers.hits[1].score);
}

/// The diacritics bonus reads only the documents that can still reach the page, and may lift
/// into it documents from far down the plain ranking: a page of a vocalised query is the same
/// page of the whole ranking, and a lifted hit is highlighted like any other.
#[test]
fn a_vocalised_query_ranks_alike_for_any_page_size_and_highlights_what_it_lifts() {
    // 100 short documents with عَلَم (the best plain scores) and 100 a little longer with
    // عِلْم, which rank after them for the plain word and before them for عِلْم.
    let mut docs: Vec<(String, String, String)> = Vec::new();
    for i in 0..100 {
        docs.push((
            format!("flag-{i:03}"),
            format!("خبر رقم {i}"),
            format!("رفع عَلَم البلاد فوق المبنى {}", "خبر ".repeat(i % 2)),
        ));
        docs.push((
            format!("know-{i:03}"),
            format!("خبر رقم {i}"),
            format!("طلب عِلْم الفلك {}", "خبر ".repeat(5 + i % 2)),
        ));
    }
    let refs: Vec<(&str, &str, &str)> = docs
        .iter()
        .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
        .collect();
    let index = index_of(&refs);
    let with = |query: &str, limit, offset| {
        let options = SearchOptions {
            limit,
            offset,
            ..EXACT
        };
        search_with(&index, query, options)
    };
    let plain = with("علم", 1000, 0);
    let plain_rank = |id: &str| plain.hits.iter().position(|h| h.id == id).unwrap();
    assert!(
        plain.hits[..100].iter().all(|h| h.id.starts_with("flag")),
        "the plain word ranks the shorter documents first"
    );
    let all = with("عِلْم", 1000, 0);
    assert_eq!(all.hits.len(), 200);
    let scores = |r: &SearchResults| {
        r.hits
            .iter()
            .map(|h| (h.id.clone(), h.score))
            .collect::<Vec<_>>()
    };
    let all_scores = scores(&all);
    assert!(all.hits[..100].iter().all(|h| h.id.starts_with("know")));
    for limit in [1, 2, 10, 64, 65, 100, 101, 150] {
        let page = with("عِلْم", limit, 0);
        assert_eq!(scores(&page), all_scores[..limit], "limit {limit}");
        for hit in &page.hits {
            assert!(
                hit.snippet.iter().any(|s| s.hit),
                "{} (plain rank {}) is highlighted: {:?}",
                hit.id,
                plain_rank(&hit.id),
                hit.snippet
            );
        }
    }
    for offset in [5, 60, 95, 99] {
        assert_eq!(
            scores(&with("عِلْم", 10, offset)),
            all_scores[offset..offset + 10],
            "offset {offset}"
        );
    }
}

#[test]
fn ties_are_broken_by_id() {
    let index = index_of(&[
        ("c", "t", "نص واحد"),
        ("a", "t", "نص واحد"),
        ("b", "t", "نص واحد"),
    ]);
    assert_eq!(ids(&search(&index, "واحد")), ["a", "b", "c"]);
}

#[test]
fn the_order_does_not_depend_on_the_page_size() {
    // More matches than the documents that get the title and proximity
    // bonuses: 90 bodies that repeat the word (the best base scores) and 30
    // headlines that hold it (lower base scores, raised by the title bonus).
    let mut docs: Vec<(String, String, String)> = Vec::new();
    for i in 0..90 {
        let body = "المكتبة تعرض الكتاب الجديد والكتاب القديم وكتاب الأطفال ".repeat(1 + i % 3);
        docs.push((format!("body-{i:03}"), format!("خبر رقم {i}"), body));
    }
    for i in 0..30 {
        let body = format!("معرض في المدينة يفتتح اليوم برقم {i} وفيه ندوات كثيرة عن الكتاب");
        docs.push((
            format!("head-{i:03}"),
            "الكتاب في معرض المدينة".into(),
            body,
        ));
    }
    let refs: Vec<(&str, &str, &str)> = docs
        .iter()
        .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
        .collect();
    let index = index_of(&refs);
    let with = |limit, offset| {
        let r = search_with(
            &index,
            "الكتاب",
            SearchOptions {
                limit,
                offset,
                ..Default::default()
            },
        );
        r.hits
            .into_iter()
            .map(|h| (h.id, h.score))
            .collect::<Vec<_>>()
    };
    let all = with(1000, 0);
    assert_eq!(all.len(), 120);
    assert!(all.windows(2).all(|w| w[0].1 >= w[1].1), "sorted by score");
    for limit in [1, 10, 64, 65, 100] {
        assert_eq!(with(limit, 0), all[..limit], "limit {limit}");
    }
    for offset in [10, 60, 63, 64, 70] {
        assert_eq!(
            with(10, offset),
            all[offset..offset + 10],
            "offset {offset}"
        );
    }
}

#[test]
fn pages_concatenate_to_the_full_list() {
    let index = seeds();
    for query in ["بوتين", "الرئيس", "روسيا الصين", "ال"] {
        let all = search_with(
            &index,
            query,
            SearchOptions {
                limit: 1000,
                ..Default::default()
            },
        );
        assert_eq!(all.hits.len(), all.total);
        let mut paged = Vec::new();
        for offset in (0..all.total + 2).step_by(2) {
            let page = search_with(
                &index,
                query,
                SearchOptions {
                    limit: 2,
                    offset,
                    ..Default::default()
                },
            );
            assert_eq!(page.total, all.total);
            paged.extend(page.hits.into_iter().map(|h| h.id));
        }
        assert_eq!(
            paged,
            all.hits.iter().map(|h| h.id.clone()).collect::<Vec<_>>(),
            "{query}"
        );
        let scores: Vec<f32> = all.hits.iter().map(|h| h.score).collect();
        assert!(
            scores.windows(2).all(|w| w[0] >= w[1]),
            "sorted by score: {scores:?}"
        );
    }
}

#[test]
fn snippets_are_verbatim_excerpts_with_every_match_marked() {
    let index = seeds();
    for query in [
        "بوتين",
        "الصين روسيا",
        "\"شي جين\"",
        "الكر",
        "أَكَّدَ",
        "بوتن",
        "الاستراتيجيه",
    ] {
        let results = search(&index, query);
        assert!(results.total > 0, "{query}");
        for hit in &results.hits {
            let text = index.document(&hit.id).unwrap().unwrap().text;
            let joined: String = hit.snippet.iter().map(|s| s.text.as_str()).collect();
            assert!(
                !joined.is_empty() && text.contains(&joined),
                "{query}: {joined}"
            );
            assert!(
                hit.snippet.iter().any(|s| s.hit),
                "{query}: {} has no mark",
                hit.id
            );
            for segment in hit.snippet.iter().filter(|s| s.hit) {
                // A mark holds one whole word, its harakat included.
                assert_eq!(
                    analysis::word_spans(&segment.text).count(),
                    1,
                    "{:?}",
                    segment.text
                );
            }
        }
    }
}

#[test]
fn a_highlighted_word_keeps_its_diacritics() {
    let index = index_of(&[("a", "t", "قال إِنَّ العِلْمَ نورٌ")]);
    let results = search(&index, "العلم");
    let marked: Vec<&str> = results.hits[0]
        .snippet
        .iter()
        .filter(|s| s.hit)
        .map(|s| s.text.as_str())
        .collect();
    assert_eq!(marked, ["العِلْمَ"]);
}

#[test]
fn suggestions_complete_the_last_word_most_frequent_first() {
    let index = seeds();
    let words = index.suggest("استرا", 5).unwrap();
    assert!(!words.is_empty());
    for word in &words {
        assert!(analysis::normalize(word).starts_with("استرا"), "{word}");
    }
    assert_eq!(
        index.suggest("روسيا والص", 3).unwrap()[0],
        "والصين",
        "completes the last word"
    );
    assert!(index.suggest("", 5).unwrap().is_empty());
    assert!(index.suggest("استرا", 0).unwrap().is_empty());
    assert!(index
        .suggest("ف", 10)
        .unwrap()
        .iter()
        .all(|w| !analysis::is_stopword(&analysis::normalize(w))));
}

#[test]
fn bad_options_are_errors_that_name_the_option() {
    let index = seeds();
    for limit in [0, 1001, usize::MAX] {
        let err = index
            .search(
                "بوتين",
                &SearchOptions {
                    limit,
                    ..Default::default()
                },
            )
            .unwrap_err();
        assert!(
            matches!(err, Error::InvalidOption { name: "limit", .. }),
            "{err}"
        );
        assert!(err.to_string().contains("limit"));
    }
    let far = search_with(
        &index,
        "بوتين",
        SearchOptions {
            offset: usize::MAX,
            ..Default::default()
        },
    );
    assert_eq!(
        (far.total, far.hits.len()),
        (5, 0),
        "an offset past the end is an empty page"
    );
}

#[test]
fn the_embedded_index_is_what_the_build_script_writes_from_seeds() {
    // Same corpus in → byte-identical index out, in any order.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut docs: Vec<Document> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| {
            let id = p.file_stem().unwrap().to_str().unwrap().to_string();
            Document::from_text(&id, &std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    docs.sort_by(|a, b| b.id.cmp(&a.id)); // reverse order on purpose
    let mut builder = IndexBuilder::new();
    for doc in docs {
        builder.add(doc).unwrap();
    }
    let bytes = builder.finish().unwrap();
    assert!(
        bytes == seeds().as_bytes(),
        "rebuilt index differs from the embedded one"
    );
}

#[test]
fn stats_describe_the_index() {
    let stats = seeds().stats();
    assert_eq!(stats.documents, 5);
    assert!(stats.terms > 500);
    assert_eq!(stats.index_bytes, seeds().as_bytes().len());
}

#[test]
fn a_ligature_that_is_several_words_is_found_by_each_word() {
    let index = index_of(&[
        ("a", "t", "قال النبي ﷺ في الحديث"),
        ("b", "t", "نص آخر عن الحديث"),
    ]);
    for query in ["وسلم", "عليه", "ﷺ"] {
        let results = search_with(&index, query, EXACT);
        assert_eq!(ids(&results), ["a"], "{query}");
        let marked: Vec<&str> = results.hits[0]
            .snippet
            .iter()
            .filter(|s| s.hit)
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(marked, ["ﷺ"], "{query}: the whole character is highlighted");
    }
}

// ------------------------------------------------ Arabic as it is written
// A small corpus of real-shaped sentences (tests/data/arabic-forms.tsv) with
// every class of proclitic, vocative, phrase and typo this section protects.

fn forms_corpus() -> SearchIndex {
    let tsv = include_str!("data/arabic-forms.tsv");
    let docs: Vec<(&str, &str, &str)> = tsv
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut cols = l.split('\t');
            (
                cols.next().unwrap(),
                cols.next().unwrap(),
                cols.next().unwrap(),
            )
        })
        .collect();
    index_of(&docs)
}

fn found(index: &SearchIndex, query: &str) -> BTreeSet<String> {
    let results = search_with(index, query, EXACT);
    id_set(&results)
}

fn set(ids: &[&str]) -> BTreeSet<String> {
    ids.iter().map(|s| s.to_string()).collect()
}

#[test]
fn stacked_proclitics_meet_the_bare_word() {
    let index = forms_corpus();
    let results = search_with(&index, "القاهرة", EXACT);
    assert_eq!(id_set(&results), set(&["cairo"]));
    let marked = highlighted(&results);
    for form in ["وبالقاهره", "وللقاهره", "فبالقاهره"] {
        assert!(marked.contains(form), "{form} not highlighted: {marked:?}");
    }
    assert_eq!(found(&index, "الشمس"), set(&["schools", "sun"]), "وكالشمس");
    assert_eq!(found(&index, "وبالقاهرة"), set(&["cairo"]));
}

#[test]
fn proclitic_and_pronoun_suffix_together() {
    let index = forms_corpus();
    assert!(found(&index, "مدارس").contains("schools"), "وبمدارسهم");
    assert!(found(&index, "مدرسة").contains("schools"), "ومدرستهم");
    assert!(found(&index, "كتاب").contains("book"), "وكتابهم");
}

/// In a vocalised corpus the harakat tell a proclitic from the word's own letter: بَشَرًا is no
/// ب + شرا (the ب has a fatha), لَيْسَ no ل + يس and فَلَيْسَ no فل + يس (no word starts with
/// يْ), while بِشَرٍّ (بِ + شر), وَلَيْسَ and فَلَيْسَ (وَ/فَ + ليس) keep their readings.
#[test]
fn the_harakat_rule_out_a_proclitic_reading() {
    let index = index_of(&[
        ("a", "خبر", "ما هذا بَشَرًا"),
        ("b", "خبر", "فعل شَرًّا كبيرا"),
        ("c", "خبر", "وَلَيْسَ الذكر كالأنثى"),
        ("d", "خبر", "لَيْسَ كمثله شيء"),
        ("e", "خبر", "فَلَيْسَ منا"),
        ("f", "خبر", "سورة يس"),
        ("g", "خبر", "جاء بِشَرٍّ عظيم"),
        ("i", "خبر", "هذا شَرٌّ لهم"),
    ]);
    assert_eq!(found(&index, "شرا"), set(&["b"]), "not بَشَرًا");
    assert_eq!(found(&index, "يس"), set(&["f"]), "not لَيْسَ, وَلَيْسَ, فَلَيْسَ");
    assert_eq!(found(&index, "ليس"), set(&["c", "d", "e"]));
    assert_eq!(found(&index, "شر"), set(&["g", "i"]), "بِشَرٍّ is بِ + شر");
    // The query word's own harakat in the corpus: بشرا is written بَشَرًا, no ب + شرا.
    let human = found(&index, "بشرا");
    assert!(human.contains("a") && !human.contains("b"), "{human:?}");
    // Unvocalised, the same words keep every legal reading.
    let bare = index_of(&[("a", "خبر", "ما هذا بشرا"), ("b", "خبر", "فعل شرا كبيرا")]);
    assert_eq!(found(&bare, "شرا"), set(&["a", "b"]));
}

#[test]
fn single_proclitics_on_a_word_the_corpus_has_bare() {
    let index = forms_corpus();
    assert_eq!(found(&index, "موسى"), set(&["moses", "vocative"]), "بموسى");
    assert_eq!(
        found(&index, "إبراهيم"),
        set(&["abraham", "moses"]),
        "لإبراهيم"
    );
    assert_eq!(found(&index, "رمضان"), set(&["ramadan"]));
    let marked = highlighted(&search_with(&index, "رمضان", EXACT));
    for form in ["برمضان", "ولرمضان", "رمضان"] {
        assert!(marked.contains(form), "{form}: {marked:?}");
    }
    assert!(found(&index, "روسيا").contains("china"), "بروسيا");
    assert!(found(&index, "رب").contains("lord"), "لرب، برب");
    // The query may carry the proclitic too.
    assert!(
        found(&index, "بموسى").contains("vocative"),
        "بموسى finds يَٰمُوسَىٰٓ"
    );
    assert!(found(&index, "لرمضان").contains("ramadan"));
}

#[test]
fn letters_of_the_word_itself_are_never_stripped() {
    let index = forms_corpus();
    // بكين، لبنان، فلسطين، بريطانيا، كندا: their bare "rests" are no words here.
    for query in ["كين", "بنان", "لسطين", "ريطانيا", "ندا"] {
        assert!(found(&index, query).is_empty(), "{query}");
    }
    // تاب is a word, but the article is written before كتاب: its ك is no preposition.
    assert_eq!(
        found(&index, "تاب"),
        set(&["mercy-f", "repent"]),
        "not كتاب"
    );
    // Stopwords that look like ل/ك/ب + word stay whole (they are not searched alone).
    for word in ["لكن", "كان", "بعد", "بين"] {
        let t = &analysis::analyze(word)[0];
        assert_eq!(t.stem, t.normalized, "{word}");
    }
    // بكين and لبنان still find themselves, with and without a proclitic.
    assert_eq!(found(&index, "بكين"), set(&["travel"]));
    assert_eq!(found(&index, "ولبنان"), set(&["travel"]));
}

#[test]
fn joined_uthmani_vocatives_are_two_words() {
    let index = forms_corpus();
    assert!(found(&index, "قوم").contains("vocative"), "يَٰقَوۡمِ");
    assert!(found(&index, "\"يا قوم\"").contains("vocative"));
    assert!(found(&index, "\"يا أيها الناس\"").contains("vocative"));
    assert!(found(&index, "\"يا موسى\"").contains("vocative"));
    let results = search_with(&index, "\"يا أيها الناس\"", EXACT);
    let marked = highlighted(&results);
    assert!(
        marked.contains("يا") && marked.contains("ايها"),
        "{marked:?}"
    );
}

#[test]
fn phrases_match_after_proclitics_exact_first() {
    let index = forms_corpus();
    let results = search_with(&index, "\"إن الله غفور رحيم\"", EXACT);
    assert_eq!(
        id_set(&results),
        set(&["mercy", "mercy-f", "mercy-w"]),
        "فإن، وأن"
    );
    assert_eq!(ids(&results)[0], "mercy", "the exact phrase ranks first");
    let results = search_with(&index, "\"الحمد لله رب العالمين\"", EXACT);
    assert_eq!(id_set(&results), set(&["praise", "praise-w"]));
    assert_eq!(ids(&results)[0], "praise");
    assert_eq!(found(&index, "\"أبو هريرة\""), set(&["narrator"]));
    let god: BTreeSet<String> = found(&index, "\"الله غفور رحيم\"");
    assert!(god.contains("mercy-w"), "والله غفور رحيم: {god:?}");
    // A later word of the phrase: exact in one document, with a proclitic in another (the
    // exact form is read first, and the clitic forms still for the documents it left).
    let results = search_with(&index, "\"سبحان الله بحمده\"", EXACT);
    assert_eq!(id_set(&results), set(&["tasbih", "tasbih-w"]), "وبحمده");
    assert_eq!(ids(&results)[0], "tasbih", "the exact phrase ranks first");
    let results = search_with(&index, "\"سبحان الله وبحمده\"", EXACT);
    assert_eq!(ids(&results), ["tasbih-w", "tasbih"], "the other way round");
    // A tatweel used as a dash is no word between the words of a phrase.
    assert_eq!(found(&index, "\"رسول الله صلى\""), set(&["prophet"]));
    // Still a phrase: the words must be consecutive.
    assert!(found(&index, "\"الله رحيم\"").is_empty());
}

#[test]
fn a_corrected_word_matches_with_its_clitic_forms() {
    let index = forms_corpus();
    let results = search(&index, "الصيم");
    assert_eq!(id_set(&results), set(&["china"]));
    let marked = highlighted(&results);
    assert!(
        marked.contains("الصين") && marked.contains("والصين"),
        "{marked:?}"
    );
    assert_eq!(results.suggestion.as_deref(), Some("الصين"));
}

#[test]
fn words_the_corpus_lacks_are_not_corrected_into_other_words() {
    let index = forms_corpus();
    // البرلمان ↛ البلدان, السعودية ↛ السنوية, المستشفى ↛ المستوى: two edits on a
    // six-letter word; مريك ↛ شريك: the first letter changed; الحكومة ↛ الحكمة:
    // a long vowel typed in excess is another pattern of the root.
    for query in ["البرلمان", "السعودية", "المستشفى", "مريك", "الحكومة"]
    {
        let results = search(&index, query);
        assert_eq!(results.total, 0, "{query}: {:?}", ids(&results));
        assert_eq!(results.suggestion, None, "{query}");
    }
}

#[test]
fn hits_carry_the_title_as_segments() {
    let index = forms_corpus();
    let results = search_with(&index, "قمة", EXACT);
    let hit = &results.hits[0];
    let joined: String = hit.title_segments.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(joined, hit.title);
    let marked: Vec<&str> = hit
        .title_segments
        .iter()
        .filter(|s| s.hit)
        .map(|s| s.text.as_str())
        .collect();
    assert_eq!(marked, ["قمة"]);
    // A body-only match: the title comes back whole, nothing marked.
    let results = search_with(&index, "الوزراء", EXACT);
    let hit = &results.hits[0];
    assert_eq!(hit.title_segments.len(), 1);
    assert!(!hit.title_segments[0].hit);
}

#[test]
fn a_headline_holding_the_query_ranks_first() {
    let index = seeds();
    let results = search(&index, "بوتين");
    assert_eq!(ids(&results)[0], SEEDS[0], "«بوتين يؤكد…» first");
    let results = search(&index, "روسيا والصين");
    let first_two: BTreeSet<&str> = ids(&results).into_iter().take(2).collect();
    assert_eq!(
        first_two,
        [SEEDS[0], SEEDS[1]].into_iter().collect(),
        "the two titles holding «روسيا والصين»"
    );
    for hit in &results.hits {
        let joined: String = hit.title_segments.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(joined, hit.title);
    }
}

#[test]
fn seeds_typos_within_the_budget_only() {
    let index = seeds();
    for query in ["السعودية", "البرلمان", "المستشفى"] {
        let results = search(&index, query);
        assert_eq!(results.total, 0, "{query}: {:?}", ids(&results));
        assert_eq!(results.suggestion, None, "{query}");
    }
    let results = search(&index, "الصيم");
    assert!(results.total >= 4);
    assert!(highlighted(&results).contains("والصين"));
}

/// `snippets: false` changes nothing but the two highlight lists, which are empty.
#[test]
fn without_snippets_the_hits_are_the_same_with_empty_highlights() {
    let index = SearchIndex::embedded();
    for query in [
        "بوتين",
        "روسيا والصين",
        "\"شي جين بينج\"",
        "الكرم",
        "والصِّين",
    ] {
        for limit in [1, 10, 1000] {
            let with = SearchOptions {
                limit,
                ..SearchOptions::default()
            };
            let without = SearchOptions {
                snippets: false,
                ..with.clone()
            };
            let a = index.search(query, &with).unwrap();
            let mut b = index.search(query, &without).unwrap();
            assert!(a.hits.iter().any(|h| !h.snippet.is_empty()), "{query}");
            assert!(b
                .hits
                .iter()
                .all(|h| h.snippet.is_empty() && h.title_segments.is_empty()));
            for (ha, hb) in a.hits.iter().zip(&mut b.hits) {
                hb.snippet = ha.snippet.clone();
                hb.title_segments = ha.title_segments.clone();
            }
            assert_eq!(a, b, "{query} limit {limit}");
        }
    }
}

/// The benchmark's Quran (Uthmani, `bench/data/quran.jsonl`, which `make bench` or
/// `bench/eval/corpora.mjs` writes), built once; `None` when it is not there. Native only: the
/// corpus reader is the indexer's, and a wasm test reads no files.
#[cfg(not(target_arch = "wasm32"))]
fn quran() -> Option<&'static SearchIndex> {
    static QURAN: std::sync::OnceLock<Option<SearchIndex>> = std::sync::OnceLock::new();
    QURAN
        .get_or_init(|| {
            let default = concat!(env!("CARGO_MANIFEST_DIR"), "/bench/data/quran.jsonl");
            let path = std::env::var("FAHRAS_QURAN_JSONL").unwrap_or(default.to_string());
            let text = std::fs::read_to_string(&path).ok()?;
            let mut builder = IndexBuilder::new();
            let options = fahras::corpus::Options::default();
            for line in text.lines() {
                for doc in fahras::corpus::read_json_line(line, &options)
                    .unwrap()
                    .documents
                {
                    builder.add(doc).unwrap();
                }
            }
            Some(SearchIndex::from_bytes(builder.finish().unwrap()).unwrap())
        })
        .as_ref()
}

/// Every id a query finds (up to 1,000), exact forms and stems only.
#[cfg(not(target_arch = "wasm32"))]
fn all_found(index: &SearchIndex, query: &str) -> BTreeSet<String> {
    let options = SearchOptions {
        limit: 1000,
        snippets: false,
        ..EXACT
    };
    id_set(&search_with(index, query, options))
}

#[test]
#[cfg(not(target_arch = "wasm32"))]
fn quran_a_word_that_begins_with_waw_meets_its_forms_after_a_proclitic() {
    let Some(quran) = quran() else {
        eprintln!("skipped: no bench/data/quran.jsonl");
        return;
    };
    // (query, a verse that has it only after ب ل ف: بِوَكِيلٍ، لَوَٰقِعٞ، فَوَرَبِّكَ، لَوَجَدُواْ)
    for (query, verse) in [
        ("وكيل", "6:66"),
        ("واقع", "51:6"),
        ("الواقع", "52:7"),
        ("وربك", "15:92"),
        ("وجدوا", "4:82"),
        ("واحدة", "34:46"),
    ] {
        assert!(
            all_found(quran, query).contains(verse),
            "{query} finds {verse}"
        );
    }
    // The و stays part of the rest everywhere else: بوكيل is no form of كيل.
    assert!(!all_found(quran, "كيل").contains("6:66"));
}

#[test]
#[cfg(not(target_arch = "wasm32"))]
fn quran_typos_keep_the_typed_proclitics_and_the_budget_of_the_bare_word() {
    let Some(quran) = quran() else {
        eprintln!("skipped: no bench/data/quran.jsonl");
        return;
    };
    // One edit on ويغفر, ويقولون, والسماء: the respelling keeps the و the reader typed.
    for (typo, meant) in [
        ("ويصفر", "ويغفر"),
        ("ويظولون", "ويقولون"),
        ("والسماغ", "والسماء"),
    ] {
        let results = search(quran, typo);
        assert!(results.total > 0, "{typo}");
        let suggestion = results.suggestion.expect(typo);
        assert_eq!(analysis::normalize(&suggestion), analysis::normalize(meant));
    }
    // و + three letters may be a four-letter word (وضوء) or و + a three-letter one: it is
    // corrected only into a word that has the و too, never a stopword. وعلل was "corrected"
    // to على (1,235 verses), وحفن to حين.
    for typo in ["وعلل", "وحفن"] {
        let suggestion = analysis::normalize(&search(quran, typo).suggestion.unwrap_or_default());
        assert!(suggestion.starts_with('و'), "{typo}: {suggestion}");
        assert!(
            !analysis::is_stopword(&suggestion[2..]),
            "{typo}: {suggestion}"
        );
    }
    let results = search(quran, "علل");
    assert_eq!((results.total, results.suggestion), (0, None));
}

#[test]
#[cfg(not(target_arch = "wasm32"))]
fn quran_a_particle_with_a_pronoun_or_a_stacked_conjunction_is_no_proclitic_reading() {
    let Some(quran) = quran() else {
        eprintln!("skipped: no bench/data/quran.jsonl");
        return;
    };
    // لَدَيۡنَا is لدى + نا, مِنۢ بَعۡدِهِۦ is بعد + ه: not ل + دينا, ب + عده.
    assert!(!all_found(quran, "دينا").contains("12:54"));
    assert!(!all_found(quran, "عده").contains("10:74"));
    assert!(!all_found(quran, "عده").contains("2:51"));
    // بَوَّأۡنَا (we settled) is no ب + و + أنا: a conjunction never follows a preposition.
    assert!(!all_found(quran, "وانا").contains("10:93"));
    // The words themselves are still found.
    assert!(all_found(quran, "لدينا").contains("12:54"));
    assert!(all_found(quran, "دينكم").contains("109:6"));
}
