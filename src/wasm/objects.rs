//! The results of `document`, `documentText`, `stats`, `suggest`, `analyze` and the builder as
//! plain JavaScript objects, built property by property. This was serde-wasm-bindgen's
//! `Serializer::json_compatible()`; written out here it is the same objects (maps as plain
//! objects, integers as numbers, absent optional properties left out, not `undefined`) for
//! 3.0 kB less of the page's module (brotli): no serializer, no serde error type and messages,
//! no cache of property names.

use js_sys::{Array, Object};
use wasm_bindgen::prelude::*;

use crate::corpus::FieldValue;

#[wasm_bindgen]
extern "C" {
    /// `Reflect.set` without `catch`: on a fresh plain object it cannot throw.
    #[wasm_bindgen(js_namespace = Reflect, js_name = set)]
    fn reflect_set(target: &Object, key: &str, value: &JsValue) -> bool;
}

/// A plain object being filled.
pub(super) struct Obj(Object);

impl Obj {
    pub(super) fn new() -> Obj {
        Obj(Object::new())
    }

    pub(super) fn set(self, key: &str, value: &JsValue) -> Obj {
        reflect_set(&self.0, key, value);
        self
    }

    pub(super) fn str(self, key: &str, value: &str) -> Obj {
        self.set(key, &JsValue::from_str(value))
    }

    pub(super) fn num(self, key: &str, value: usize) -> Obj {
        self.set(key, &JsValue::from_f64(value as f64))
    }

    pub(super) fn opt_str(self, key: &str, value: Option<&str>) -> Obj {
        match value {
            Some(value) => self.str(key, value),
            None => self,
        }
    }

    pub(super) fn opt_num(self, key: &str, value: Option<usize>) -> Obj {
        match value {
            Some(value) => self.num(key, value),
            None => self,
        }
    }

    pub(super) fn done(self) -> JsValue {
        self.0.into()
    }
}

/// Strings as an array of strings.
pub(super) fn strings<S: AsRef<str>>(items: &[S]) -> JsValue {
    let array = Array::new();
    for item in items {
        array.push(&JsValue::from_str(item.as_ref()));
    }
    array.into()
}

/// A field value as its JSON type: string, number, boolean or array of strings.
pub(super) fn field_value(value: &FieldValue) -> JsValue {
    match value {
        FieldValue::Text(t) => JsValue::from_str(t),
        FieldValue::Number(n) => JsValue::from_f64(*n),
        FieldValue::Bool(b) => JsValue::from_bool(*b),
        FieldValue::List(items) => strings(items),
    }
}

/// Stored fields as `{ name: value }`.
pub(super) fn fields(fields: &[(String, FieldValue)]) -> JsValue {
    let mut out = Obj::new();
    for (name, value) in fields {
        out = out.set(name, &field_value(value));
    }
    out.done()
}
