//! The index file is checked on open: wrong, truncated, corrupt or
//! other-version bytes are errors that say so, never a panic.

use fahras::{Document, Error, IndexBuilder, SearchIndex, SearchOptions};

fn small_index() -> Vec<u8> {
    let mut builder = IndexBuilder::new();
    for (id, text) in [("a", "روسيا والصين"), ("b", "بوتين في بكين")] {
        builder
            .add(Document {
                id: id.into(),
                title: id.into(),
                text: text.into(),
                ..Document::default()
            })
            .unwrap();
    }
    builder.finish().unwrap()
}

#[test]
fn garbage_is_not_an_index() {
    for bytes in [&b""[..], b"hello", b"PK\x03\x04 a zip file", &[0u8; 200]] {
        assert_eq!(
            SearchIndex::from_bytes(bytes.to_vec()).err(),
            Some(Error::NotAnIndex)
        );
    }
}

#[test]
fn truncated_bytes_are_reported_as_truncated() {
    let bytes = small_index();
    for len in [8, 20, 60, bytes.len() / 2, bytes.len() - 1] {
        let err = SearchIndex::from_bytes(bytes[..len].to_vec())
            .err()
            .unwrap();
        assert!(matches!(err, Error::Truncated { .. }), "{len}: {err}");
        assert!(err.to_string().contains("truncated"));
    }
}

#[test]
fn every_flipped_byte_is_caught() {
    let bytes = small_index();
    for i in 0..bytes.len() {
        let mut corrupt = bytes.clone();
        corrupt[i] ^= 0x20;
        assert!(
            SearchIndex::from_bytes(corrupt).is_err(),
            "flipping byte {i} went unnoticed"
        );
    }
}

#[test]
fn another_format_version_is_refused_with_both_versions_named() {
    let mut bytes = small_index();
    bytes[8] = 99;
    let err = SearchIndex::from_bytes(bytes).err().unwrap();
    assert!(matches!(err, Error::Version { got: 99, .. }), "{err}");
    assert!(err.to_string().contains("99"));
}

#[test]
fn bytes_after_the_index_are_refused() {
    let mut bytes = small_index();
    bytes.push(0);
    assert!(SearchIndex::from_bytes(bytes).is_err());
}

#[test]
fn the_builder_refuses_bad_corpora() {
    assert_eq!(IndexBuilder::new().finish().err(), Some(Error::EmptyCorpus));
    let mut builder = IndexBuilder::new();
    let doc = Document {
        id: "x".into(),
        ..Document::default()
    };
    builder.add(doc.clone()).unwrap();
    assert_eq!(builder.add(doc).err(), Some(Error::DuplicateId("x".into())));
    let empty_id = Document {
        id: " ".into(),
        ..Document::default()
    };
    assert!(matches!(
        builder.add(empty_id),
        Err(Error::InvalidDocument { .. })
    ));
}

#[test]
fn a_loaded_index_searches_like_the_embedded_one() {
    let index = SearchIndex::from_bytes(small_index()).unwrap();
    let results = index.search("بكين", &SearchOptions::default()).unwrap();
    assert_eq!(
        results
            .hits
            .iter()
            .map(|h| h.id.as_str())
            .collect::<Vec<_>>(),
        ["b"]
    );
    let reopened = SearchIndex::from_bytes(index.as_bytes().to_vec()).unwrap();
    assert_eq!(reopened.stats(), index.stats());
}
