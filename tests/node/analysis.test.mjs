// normalize() and analyze() as the JS API exposes them (docs/analysis.md §1–2, docs/api.md).
import { test } from "node:test";
import assert from "node:assert/strict";
import { normalize, analyze } from "./fahras.mjs";

test("normalize removes harakat and folds alef forms", () => {
  assert.equal(normalize("أَكَّدَ"), "اكد");
});

test("normalize folds the forms docs/analysis.md lists", () => {
  const cases = [
    ["ﻫﺎﺭﺑﻴﻦ", "هاربين", "presentation forms"],
    ["هار\u200Cبين", "هاربين", "ZWNJ inside a word"],
    ["بـــوتين", "بوتين", "tatweel"],
    ["إلى", "الي", "hamza-below alef and alef maqsura"],
    ["مدرسة", "مدرسه", "taa marbuta"],
    ["٢٠٢٥", "2025", "Arabic-Indic digits"],
    ["Crème", "creme", "Latin case and accents"],
  ];
  for (const [input, expected, what] of cases) assert.equal(normalize(input), expected, what);
});

test("analyze splits words and keeps their original text", () => {
  const tokens = analyze("والصين");
  assert.equal(tokens.length, 1);
  const [t] = tokens;
  assert.equal(t.text, "والصين");
  assert.equal(t.normalized, "والصين");
  assert.equal(t.stem, "صين", "light10 removes وال");
  assert.equal(t.start, 0);
  assert.equal(t.end, 6);
});

test("analyze offsets are UTF-16 code units, what String.prototype.slice takes", () => {
  // The emoji is 1 code point, 2 UTF-16 units and 4 UTF-8 bytes; the Arabic letters are 2 bytes
  // each. Code point or byte offsets would point elsewhere, so only UTF-16 offsets pass.
  const input = "😀 والصين وأَكَّدَ 𝐀 روسيا";
  const tokens = analyze(input);
  const arabic = tokens.filter((t) => /\p{Script=Arabic}/u.test(t.text));
  assert.deepEqual(
    arabic.map((t) => t.text),
    ["والصين", "وأَكَّدَ", "روسيا"],
    "Arabic words, diacritics kept in text",
  );
  for (const t of tokens) {
    assert.ok(Number.isInteger(t.start) && Number.isInteger(t.end) && t.start < t.end);
    assert.equal(input.slice(t.start, t.end), t.text, `offsets of "${t.text}"`);
  }
  assert.equal(arabic[0].start, 3);
  assert.equal(arabic[1].normalized, "واكد");
  assert.equal(arabic[2].start, input.indexOf("روسيا"));
});

test("analyze and normalize accept any string without throwing", () => {
  for (const input of ["", " ", "\uD800", "\uDC00x", "\0", "😀", "\u200F\u200E", "َُ", "x".repeat(100000)]) {
    assert.equal(typeof normalize(input), "string");
    const tokens = analyze(input);
    assert.ok(Array.isArray(tokens));
    for (const t of tokens) assert.equal(input.slice(t.start, t.end), t.text);
  }
  assert.deepEqual(analyze(""), []);
  assert.deepEqual(analyze("َُِ"), [], "diacritics alone are no word");
});

test("analyze marks the stopwords of Lucene's Arabic list", () => {
  const tokens = analyze("في الصين");
  assert.deepEqual(
    tokens.map((t) => [t.text, t.stopword]),
    [["في", true], ["الصين", false]],
  );
});
