//! Real-shaped pages in, clean documents out: the test corpus in
//! tests/data/pages/ has the shapes of WordPress, Hugo/Jekyll, Docusaurus,
//! MkDocs and Wikipedia output, read the way `make build CORPUS=` reads it
//! (`fahras::corpus::load`, the function build.rs calls), then indexed and
//! searched.

// Native only, like properties.rs: it reads files from disk.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

use fahras::corpus::{self, FieldValue, Options};
use fahras::{Document, IndexBuilder, SearchIndex, SearchOptions};

fn data(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(path)
}

fn pages() -> Vec<Document> {
    corpus::load(&data("pages"), &Options::default(), false)
        .unwrap()
        .parsed
        .documents
}

fn page(id: &str) -> Document {
    pages()
        .into_iter()
        .find(|d| d.id == id)
        .unwrap_or_else(|| panic!("no document {id}"))
}

fn index(docs: Vec<Document>) -> SearchIndex {
    let mut builder = IndexBuilder::new();
    for doc in docs {
        builder.add(doc).unwrap();
    }
    SearchIndex::from_bytes(builder.finish().unwrap()).unwrap()
}

fn total(index: &SearchIndex, query: &str) -> usize {
    let exact = SearchOptions {
        prefix: false,
        fuzzy: false,
        ..SearchOptions::default()
    };
    index.search(query, &exact).unwrap().total
}

fn field<'a>(doc: &'a Document, name: &str) -> Option<&'a FieldValue> {
    doc.fields.iter().find(|(k, _)| k == name).map(|(_, v)| v)
}

fn list(items: &[&str]) -> FieldValue {
    FieldValue::List(items.iter().map(|s| s.to_string()).collect())
}

/// Pieces of markup, code and URLs that must never reach the stored text.
const DEBRIS: &[&str] = &[
    "<",
    ">",
    "&amp;",
    "&nbsp;",
    "&#",
    "\">",
    "| ---",
    "```",
    "](",
    "http",
    "wp-content",
    "var ",
    "secret",
    "window.",
    "{",
    "}",
    "--lenient keeps",
];

#[test]
fn the_folder_gives_one_document_per_page_and_skips_drafts_and_other_files() {
    let loaded = corpus::load(&data("pages"), &Options::default(), false).unwrap();
    let ids: Vec<&str> = loaded
        .parsed
        .documents
        .iter()
        .map(|d| d.id.as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "blog/2024/hugo-post",
            "blog/2024/wordpress-news",
            "docs/docusaurus-intro",
            "docs/mkdocs-config",
            "seed-style",
            "wiki/wikipedia-cairo",
        ]
    );
    assert_eq!(loaded.parsed.drafts, 1);
    assert_eq!(loaded.other_files, 1, "notes.pdf");
    assert!(
        loaded
            .notes
            .iter()
            .any(|n| n.contains("jekyll-draft.md: a draft")),
        "{:?}",
        loaded.notes
    );
}

#[test]
fn stored_text_has_no_markup_debris() {
    for doc in pages() {
        for piece in DEBRIS {
            assert!(
                !doc.text.contains(piece) && !doc.title.contains(piece),
                "{}: {piece:?} in {:?} / {:?}",
                doc.id,
                doc.title,
                doc.text
            );
        }
    }
}

#[test]
fn wordpress_title_date_url_meta_and_filters_are_read() {
    let doc = page("blog/2024/wordpress-news");
    assert_eq!(doc.title, "افتتاح معرض الكتاب في الرياض");
    assert_eq!(doc.date.as_deref(), Some("2024-03-15T09:30:00+03:00"));
    assert_eq!(
        doc.url.as_deref(),
        Some("https://alofoq.example/2024/03/book-fair/")
    );
    assert_eq!(
        field(&doc, "author"),
        Some(&FieldValue::Text("سارة الأحمد".into()))
    );
    assert_eq!(field(&doc, "section"), Some(&list(&["ثقافة"])));
    assert_eq!(field(&doc, "tags"), Some(&list(&["كتب", "معارض"])));
    assert!(
        doc.text
            .starts_with("نشر في ١٥ مارس ٢٠٢٤ بواسطة سارة الأحمد\nافتتح وزير الثقافة"),
        "the article's own header is content, its h1 the title: {:?}",
        doc.text
    );
    assert!(doc.text.contains("دار نشر & عشرات"), "entities decoded");
    assert!(
        doc.text.contains("\nالجناح الرئيسي في يوم الافتتاح\n"),
        "figcaption"
    );
    assert!(doc.text.contains("أيام\nويضم"), "br ends a line");
}

#[test]
fn markdown_front_matter_keeps_types_and_raw_html_follows_the_html_rules() {
    let doc = page("blog/2024/hugo-post");
    assert_eq!(doc.title, "دليل القراءة السريعة");
    assert_eq!(doc.date.as_deref(), Some("2024-02-01T08:00:00Z"));
    assert_eq!(field(&doc, "tags"), Some(&list(&["قراءة", "تعلم"])));
    assert_eq!(field(&doc, "categories"), Some(&list(&["مهارات", "كتب"])));
    assert_eq!(field(&doc, "weight"), Some(&FieldValue::Number(3.0)));
    assert_eq!(field(&doc, "rating"), Some(&FieldValue::Number(4.5)));
    assert_eq!(field(&doc, "featured"), Some(&FieldValue::Bool(true)));
    assert_eq!(
        field(&doc, "level"),
        Some(&FieldValue::Text("مبتدئ".into()))
    );
    assert_eq!(field(&doc, "draft"), None, "draft: false is not metadata");
    assert_eq!(
        doc.text,
        "مقدمة قصيرة عن القراءة السريعة وفوائدها.\nالخطوات\nاختر كتابًا مناسبًا\nحدد وقتًا يوميًا\n\
         صباحًا\nمساءً\nالأسلوب\nالسرعة\nالتصفح\nعالية\nالتعمق\nمنخفضة\n\
         اقرأ دليلنا الكامل أو الصفحة.\necho \"مثال برمجي\"\nملاحظة مضمنة بلغة HTML\nاقتباس في النهاية"
    );
}

#[test]
fn docusaurus_mkdocs_and_wikipedia_chrome_is_left_out() {
    let docusaurus = page("docs/docusaurus-intro");
    assert_eq!(docusaurus.title, "البدء السريع");
    assert_eq!(
        docusaurus.url.as_deref(),
        Some("https://docs.example/docs/intro")
    );
    assert_eq!(docusaurus.date.as_deref(), Some("2024-04-02T10:00:00Z"));
    let mkdocs = page("docs/mkdocs-config");
    assert_eq!(mkdocs.title, "الإعدادات");
    assert_eq!(mkdocs.url.as_deref(), Some("https://docs.example/config/"));
    let wiki = page("wiki/wikipedia-cairo");
    assert_eq!(wiki.title, "القاهرة");
    assert_eq!(
        field(&wiki, "categories"),
        Some(&list(&["عواصم أفريقية", "مدن مصر"]))
    );
    for (doc, chrome) in [
        (
            &docusaurus,
            &[
                "قائمة جانبية",
                "الصفحة التالية",
                "جدول المحتويات",
                "حقوق النشر",
                "أيقونة",
                "نسخ",
                "فهرس\n",
            ][..],
        ),
        (
            &mkdocs,
            &["رأس موقع التوثيق", "تنقل جانبي", "MkDocs", "تخطى"][..],
        ),
        (
            &wiki,
            &[
                "ابحث في ويكيبيديا",
                "الصفحة الرئيسية",
                "فهرس المحتويات",
                "قالب تصفح",
                "مأخوذ من",
                "آخر تعديل",
            ][..],
        ),
    ] {
        for words in chrome {
            assert!(
                !doc.text.contains(words),
                "{}: {words:?} in {:?}",
                doc.id,
                doc.text
            );
        }
    }
    assert!(
        docusaurus
            .text
            .contains("npx fahras build docs/\nnpx fahras search"),
        "{:?}",
        docusaurus.text
    );
    assert!(
        mkdocs.text.contains("المسار\nمجلد المستندات\nاللغة"),
        "{:?}",
        mkdocs.text
    );
    assert!(wiki.text.contains("منظر عام لمدينة القاهرة"));
}

#[test]
fn every_cell_and_item_is_searchable_and_hidden_text_is_not() {
    let index = index(pages());
    for words in [
        "الفعالية",
        "ندوة",
        "أمسية",
        "السرعة",
        "عالية",
        "منخفضة",
        "صباحًا",
        "مساءً",
        "المعنى",
        "الإخراج",
        "مصر",
        "الدولة",
        "مجلد",
        "العربية",
        "التفاصيل",
    ] {
        assert!(total(&index, words) > 0, "{words} finds nothing");
    }
    for hidden in [
        "secretTracker",
        "تفهرسني",
        "المنظمة",
        "جانبي",
        "فيسبوك",
        "تتبع",
        "تفهرس",
        "المسودة",
        "حقوق",
        "تخطي",
        "ابحث",
        "انستغرام",
        "سياسة",
        "أيقونة",
        "التنقل",
        "محفوظة",
        "المحتويات",
        "نسخ",
    ] {
        assert_eq!(total(&index, hidden), 0, "{hidden} is indexed");
    }
}

#[test]
fn the_seed_style_text_keeps_its_article_rules() {
    let doc = page("seed-style");
    assert_eq!(doc.title, "عنوان خبر نصي");
    assert_eq!(doc.date.as_deref(), Some("2025-05-19"));
    assert_eq!(doc.text, "نص الخبر المنسوخ من موقع إخباري.\nتتمة الخبر.");
}

#[test]
fn jsonl_documents_get_typed_fields_and_normalised_dates() {
    let loaded = corpus::load(&data("documents.jsonl"), &Options::default(), false).unwrap();
    let docs = &loaded.parsed.documents;
    assert_eq!(docs.len(), 3);
    assert_eq!(loaded.parsed.drafts, 1);
    let h1 = &docs[0];
    assert_eq!(
        (h1.date.as_deref(), h1.date_text.as_deref()),
        (Some("2024-03-15"), Some("15/03/2024"))
    );
    assert_eq!(field(h1, "number"), Some(&FieldValue::Number(1.0)));
    assert_eq!(field(h1, "verified"), Some(&FieldValue::Bool(true)));
    assert_eq!(field(h1, "tags"), Some(&list(&["نية", "عمل"])));
    assert_eq!(docs[1].date.as_deref(), Some("2023-05-10"));
    assert_eq!(
        docs[1].title, "الدين النصيحة…",
        "a title derived on every path"
    );
    assert_eq!(docs[2].id, "3");
    assert_eq!(docs[2].date.as_deref(), Some("2024-03-15T10:30:00Z"));
    // Through the index and back, with their types.
    let index = index(docs.clone());
    let stored = index.document("h2").unwrap().unwrap();
    assert_eq!(field(&stored, "score"), Some(&FieldValue::Number(0.75)));
    assert_eq!(stored.date_text.as_deref(), Some("٢٠٢٣-٠٥-١٠"));
    let hit = &index
        .search("النصيحة", &SearchOptions::default())
        .unwrap()
        .hits[0];
    assert_eq!(hit.fields, stored.fields);
}

#[test]
fn an_unreadable_date_names_the_file_and_line_or_is_a_warning_when_lenient() {
    let dir = scratch("bad-date");
    std::fs::write(
        dir.join("a.md"),
        "---\ntitle: t\ndate: الأسبوع القادم\n---\nنص\n",
    )
    .unwrap();
    let err = corpus::load(&dir, &Options::default(), false).unwrap_err();
    assert!(
        err.contains("a.md:3: document `a`: the date `الأسبوع القادم` cannot be read"),
        "{err}"
    );
    let lenient = corpus::load(&dir, &Options { lenient: true }, false).unwrap();
    assert_eq!(lenient.parsed.documents[0].date, None);
    assert!(
        lenient.notes[0].starts_with("warning: "),
        "{:?}",
        lenient.notes
    );
}

#[test]
fn skip_invalid_leaves_out_unreadable_files_and_symlinks_are_followed_once() {
    let dir = scratch("skip");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(dir.join("good.txt"), "عنوان\n\nنص").unwrap();
    std::fs::write(dir.join("binary.txt"), [0xff, 0xfe, 0x00, 0x41]).unwrap();
    std::fs::write(dir.join("sub/b.md"), "# ب\n\nنص").unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&dir, dir.join("sub/loop")).unwrap();
        std::os::unix::fs::symlink(dir.join("good.txt"), dir.join("again.txt")).unwrap();
        std::os::unix::fs::symlink(dir.join("missing"), dir.join("broken.md")).unwrap();
    }
    let err = corpus::load(&dir, &Options::default(), false).unwrap_err();
    assert!(err.contains("binary.txt:1: not valid UTF-8"), "{err}");
    let loaded = corpus::load(&dir, &Options::default(), true).unwrap();
    let ids: Vec<&str> = loaded
        .parsed
        .documents
        .iter()
        .map(|d| d.id.as_str())
        .collect();
    assert_eq!(loaded.invalid, 1);
    #[cfg(unix)]
    {
        assert_eq!(
            ids,
            ["again", "sub/b"],
            "good.txt is read once, through the first path"
        );
        assert_eq!(
            loaded
                .notes
                .iter()
                .filter(|n| n.contains("symbolic link"))
                .count(),
            3
        );
    }
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("corpus-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn typed_fields_round_trip_and_older_or_corrupt_indexes_are_errors() {
    let doc = Document {
        id: "a".into(),
        text: "نص".into(),
        date: Some("2024-03-15".into()),
        date_text: Some("15/03/2024".into()),
        fields: vec![
            ("views".into(), FieldValue::Number(22_000_000.0)),
            ("ratio".into(), FieldValue::Number(-0.125)),
            ("big".into(), FieldValue::Number(1e300)),
            ("featured".into(), FieldValue::Bool(false)),
            ("tags".into(), list(&["كتب", "شعر"])),
            ("empty".into(), list(&[])),
            ("section".into(), FieldValue::Text("ثقافة".into())),
        ],
        ..Document::default()
    };
    let mut builder = IndexBuilder::new();
    builder.add(doc.clone()).unwrap();
    let bytes = builder.finish().unwrap();
    let stored = SearchIndex::from_bytes(bytes.clone())
        .unwrap()
        .document("a")
        .unwrap()
        .unwrap();
    let mut want = doc.fields.clone();
    want.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(stored.fields, want);
    assert_eq!(stored.date_text.as_deref(), Some("15/03/2024"));

    let with_checksum = |mut b: Vec<u8>| {
        let sum = fahras::index::format::index_checksum(&b);
        b[16..24].copy_from_slice(&sum.to_le_bytes());
        b
    };
    let mut old = bytes.clone();
    // Version 3 had no FIELDS section.
    old[8..12].copy_from_slice(&3u32.to_le_bytes());
    assert_eq!(
        SearchIndex::from_bytes(with_checksum(old)).err(),
        Some(fahras::Error::Version {
            expected: 4,
            got: 3
        })
    );
    // Every field is filterable: facets give each value back.
    let index = SearchIndex::from_bytes(bytes.clone()).unwrap();
    let fields: Vec<String> = index
        .stats()
        .fields
        .iter()
        .map(|(n, f)| format!("{n}:{}", f.kind))
        .collect();
    assert_eq!(
        fields,
        [
            "big:number",
            "date:date",
            "featured:boolean",
            "ratio:number",
            "section:string",
            "tags:string[]",
            "views:number"
        ]
    );
    // Every byte of the store and the field table changed to every troublesome value: an error
    // or a value, never a panic, whatever a search asks of the fields.
    let narrowed = SearchOptions {
        filters: vec![
            fahras::Filter::new("tags", fahras::Condition::Any(vec!["شعر".into()])),
            fahras::Filter::new(
                "views",
                fahras::Condition::Range {
                    from: Some(1.0.into()),
                    to: None,
                },
            ),
        ],
        facets: ["tags", "views", "section", "date", "featured", "big"]
            .map(String::from)
            .to_vec(),
        sort: Some(fahras::Sort {
            field: "ratio".into(),
            descending: true,
        }),
        ..SearchOptions::default()
    };
    let store_start =
        u32::from_le_bytes(bytes[24 + 8 * 4..24 + 8 * 4 + 4].try_into().unwrap()) as usize;
    for at in store_start..bytes.len() {
        for value in [0x00, 0x05, 0x06, 0x7f, 0x80, 0xff] {
            let mut b = bytes.clone();
            b[at] = value;
            if let Ok(index) = SearchIndex::from_bytes(with_checksum(b)) {
                let _ = index.document("a");
                let _ = index.search("نص", &SearchOptions::default());
                let _ = index.search("نص", &narrowed);
                let _ = index.search("", &narrowed);
            }
        }
    }
    let mut builder = IndexBuilder::new();
    let mut twice = doc.clone();
    twice.fields.push(("views".into(), FieldValue::Bool(true)));
    builder.add(twice).unwrap();
    assert!(builder.finish().is_err(), "a field given twice is refused");
    let mut builder = IndexBuilder::new();
    let mut nan = doc;
    nan.fields = vec![("x".into(), FieldValue::Number(f64::NAN))];
    builder.add(nan).unwrap();
    assert!(
        builder.finish().is_err(),
        "a number that is not finite is refused"
    );
}
