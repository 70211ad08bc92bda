//! The JavaScript layer, compiled to wasm and run in Node by
//! wasm-bindgen-test: arguments are converted and checked, errors arrive as
//! JS `Error`s with the engine's message, results are plain objects.
#![cfg(target_arch = "wasm32")]

use fahras::wasm::{analyze, normalize, SearchIndex};
use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap()
}

fn options(pairs: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (key, value) in pairs {
        Reflect::set(&object, &JsValue::from_str(key), value).unwrap();
    }
    object.into()
}

fn error_message(result: Result<JsValue, JsValue>) -> String {
    let error: JsValue = result.expect_err("an error");
    let error: js_sys::Error = error.dyn_into().expect("a JS Error");
    error.message().into()
}

#[wasm_bindgen_test]
fn the_embedded_index_finds_putin_in_the_five_seeds() {
    let index = SearchIndex::new().unwrap();
    let results = index
        .search(JsValue::from_str("بوتين"), JsValue::UNDEFINED)
        .unwrap();
    assert_eq!(get(&results, "total").as_f64(), Some(5.0));
    let hits: Array = get(&results, "hits").dyn_into().unwrap();
    assert_eq!(hits.length(), 5);
    let first = hits.get(0);
    for key in ["id", "title", "score", "snippet"] {
        assert!(!get(&first, key).is_undefined(), "{key}");
    }
    assert!(Array::is_array(&get(&first, "snippet")));
}

#[wasm_bindgen_test]
fn options_page_the_results() {
    let index = SearchIndex::new().unwrap();
    let page = index
        .search(
            JsValue::from_str("بوتين"),
            options(&[("limit", 2.into()), ("offset", 4.into())]),
        )
        .unwrap();
    assert_eq!(get(&page, "total").as_f64(), Some(5.0));
    assert_eq!(Array::from(&get(&page, "hits")).length(), 1);
}

#[wasm_bindgen_test]
fn bad_options_throw_errors_naming_the_option() {
    let index = SearchIndex::new().unwrap();
    let q = || JsValue::from_str("بوتين");
    let cases: [(JsValue, &str); 7] = [
        (options(&[("limit", 0.into())]), "limit"),
        (options(&[("limit", 1001.into())]), "limit"),
        (options(&[("limit", 2.5.into())]), "limit"),
        (options(&[("limit", "ten".into())]), "limit"),
        (options(&[("offset", (-1).into())]), "offset"),
        (options(&[("fuzzy", "yes".into())]), "fuzzy"),
        (JsValue::from_str("limit=5"), "options"),
    ];
    for (bad, name) in cases {
        let message = error_message(index.search(q(), bad));
        assert!(message.contains(name), "{message}");
    }
    // The module is not poisoned: it keeps answering.
    assert!(index.search(q(), JsValue::UNDEFINED).is_ok());
}

#[wasm_bindgen_test]
fn hostile_queries_give_results_or_nothing_never_an_error() {
    let index = SearchIndex::new().unwrap();
    let lone_surrogate: JsValue = js_sys::JsString::from_char_code1(0xD800).into();
    let queries = [
        lone_surrogate,
        JsValue::from_str("\0"),
        JsValue::from_str(&"بوتين ".repeat(200_000)),
        JsValue::from_str("😀🇸🇦"),
        JsValue::from_str("\u{202E}\u{200F}\u{2066}"),
        JsValue::from_str("\u{064E}\u{0651}"),
        JsValue::from_str(""),
        JsValue::UNDEFINED,
    ];
    for query in queries {
        let results = index.search(query, JsValue::UNDEFINED).unwrap();
        assert!(get(&results, "total").as_f64().is_some());
    }
    let message = error_message(index.search(JsValue::from_f64(42.0), JsValue::UNDEFINED));
    assert!(message.contains("query"), "{message}");
}

#[wasm_bindgen_test]
fn from_bytes_refuses_what_is_not_an_index() {
    let garbage = Uint8Array::from(&b"not an index at all"[..]);
    let err = SearchIndex::from_bytes(garbage.into())
        .err()
        .expect("refused");
    let err: js_sys::Error = err.dyn_into().unwrap();
    assert!(String::from(err.message()).contains("not a fahras index"));
}

#[wasm_bindgen_test]
fn documents_and_stats() {
    let index = SearchIndex::new().unwrap();
    let doc = index
        .document(
            JsValue::from_str("004_8d2d2c35a449af77"),
            JsValue::UNDEFINED,
        )
        .unwrap();
    assert_eq!(get(&doc, "date").as_string().as_deref(), Some("2025-05-19"));
    assert!(get(&doc, "text").as_string().unwrap().len() > 100);
    assert!(index
        .document(JsValue::from_str("nope"), JsValue::UNDEFINED)
        .unwrap()
        .is_undefined());
    let stats = index.stats();
    assert_eq!(get(&stats, "documents").as_f64(), Some(5.0));
    assert!(get(&stats, "indexBytes").as_f64().unwrap() > 1000.0);
    let words = index
        .suggest(JsValue::from_str("استرا"), JsValue::from_f64(3.0))
        .unwrap();
    assert!(Array::from(&words).length() >= 1);
}

#[wasm_bindgen_test]
fn normalize_and_analyze_follow_the_contract() {
    assert_eq!(normalize("أَكَّدَ"), "اكد");
    // The emoji is two UTF-16 units, four UTF-8 bytes: offsets must be UTF-16.
    let tokens = Array::from(&analyze("😀 والصين"));
    assert_eq!(tokens.length(), 1);
    let token = tokens.get(0);
    assert_eq!(get(&token, "start").as_f64(), Some(3.0));
    assert_eq!(get(&token, "end").as_f64(), Some(9.0));
    assert_eq!(get(&token, "text").as_string().as_deref(), Some("والصين"));
    assert_eq!(get(&token, "stem").as_string().as_deref(), Some("صين"));
    assert_eq!(get(&token, "stopword").as_bool(), Some(false));
    let tokens = Array::from(&analyze("في الصين"));
    assert_eq!(get(&tokens.get(0), "stopword").as_bool(), Some(true));
}
