//! How `search`'s results cross into JavaScript: as two buffers, not object by object.
//!
//! Building the result objects from Rust (serde-wasm-bindgen) costs a call into JS per object,
//! per property and per string, and every string is decoded on its own: ~7 µs per hit on the
//! hadith, more than the search itself. Instead the results are written here into one UTF-16
//! text (every string of the results, in order) and one tape of numbers (the structure, the
//! numbers, and each string's length), and `npm/results.js` builds the plain objects from them
//! in JS: one decode for all the strings, then `slice`s. UTF-16 rather than UTF-8 because
//! Arabic is two bytes a letter either way, and TextDecoder turns UTF-16 into a JS string two to
//! four times faster than UTF-8 (88 kB of Arabic: Node 20 0.15 ms against 0.5–0.9 ms, Chromium
//! about half the time); the lengths are then simply the units written. The tape's layout is written out
//! once, in `npm/results.js`, and this file writes it in the same order.

use std::cell::Cell;

use wasm_bindgen::prelude::*;

use crate::corpus::FieldValue;
use crate::snippet::Segment;
use crate::SearchResults;

#[wasm_bindgen(module = "/npm/results.js")]
extern "C" {
    /// `catch`: a throw in JS (out of memory) comes back as an `Err`, so no Rust frame is
    /// unwound past and the module stays usable.
    #[wasm_bindgen(js_name = searchResults, catch)]
    fn assemble(text: &[u16], tape: &[f64]) -> Result<JsValue, JsValue>;
}

/// The two buffers, kept between searches (the next search reuses their capacity).
#[derive(Default)]
struct Tape {
    text: Vec<u16>,
    numbers: Vec<f64>,
}

/// Buffers bigger than this (a page of 1,000 long snippets) are freed after the search rather
/// than kept for the next one.
const KEEP_BYTES: usize = 1 << 20;

thread_local! {
    static TAPE: Cell<Tape> = Cell::new(Tape::default());
}

/// `results` as JavaScript's `SearchResults` (see docs/api.md).
pub(super) fn to_js(results: &SearchResults) -> Result<JsValue, JsValue> {
    // Taken out of the cell for the call, so that nothing is borrowed while JS runs.
    let mut tape = TAPE.with(Cell::take);
    tape.text.clear();
    tape.numbers.clear();
    tape.results(results);
    let out = assemble(&tape.text, &tape.numbers);
    if tape.text.capacity() * 2 + tape.numbers.capacity() * 8 <= KEEP_BYTES {
        TAPE.with(|cell| cell.set(tape));
    }
    out
}

/// An absent optional value on the tape (a length or a count is never negative).
const ABSENT: f64 = -1.0;

impl Tape {
    fn number(&mut self, n: f64) {
        self.numbers.push(n);
    }

    fn count(&mut self, n: usize) {
        self.numbers.push(n as f64);
    }

    fn string(&mut self, s: &str) {
        let start = self.text.len();
        self.text.extend(s.encode_utf16());
        self.count(self.text.len() - start);
    }

    fn optional(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.string(s),
            None => self.number(ABSENT),
        }
    }

    /// A segment in one number: its UTF-16 length times two, plus one for a matched word.
    fn segments(&mut self, segments: &[Segment]) {
        self.count(segments.len());
        for segment in segments {
            let start = self.text.len();
            self.text.extend(segment.text.encode_utf16());
            self.count((self.text.len() - start) * 2 + usize::from(segment.hit));
        }
    }

    fn field(&mut self, value: &FieldValue) {
        match value {
            FieldValue::Text(t) => {
                self.number(0.0);
                self.string(t);
            }
            FieldValue::Number(n) => {
                self.number(1.0);
                self.number(*n);
            }
            FieldValue::Bool(b) => {
                self.number(2.0);
                self.number(f64::from(u8::from(*b)));
            }
            FieldValue::List(items) => {
                self.number(3.0);
                self.count(items.len());
                for item in items {
                    self.string(item);
                }
            }
        }
    }

    fn results(&mut self, results: &SearchResults) {
        self.count(results.total);
        self.count(results.hits.len());
        for hit in &results.hits {
            self.string(&hit.id);
            self.string(&hit.title);
            self.number(f64::from(hit.score));
            self.segments(&hit.snippet);
            self.segments(&hit.title_segments);
            self.optional(hit.date.as_deref());
            self.optional(hit.url.as_deref());
            self.count(hit.fields.len());
            for (name, value) in &hit.fields {
                self.string(name);
                self.field(value);
            }
        }
        self.optional(results.suggestion.as_deref());
        match &results.facets {
            None => self.number(ABSENT),
            Some(facets) => {
                self.count(facets.len());
                for facet in facets {
                    self.string(&facet.field);
                    self.count(facet.counts.len());
                    for (value, n) in &facet.counts {
                        self.string(value);
                        self.count(*n);
                    }
                }
            }
        }
    }
}
