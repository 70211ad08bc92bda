// The ground-truth rule of the evaluation, as a table: what counts as "contains the word".
//   node --test bench/eval/truth.test.mjs
import assert from "node:assert/strict";
import { test } from "node:test";
import { acceptedForms, GroundTruth, truthWords } from "./truth.mjs";

test("text is reduced to folded words: marks, tatweel and invisible characters go, letters fold", () => {
  assert.deepEqual(truthWords("ٱلصَّلَوٰةَ"), ["الصلوه"]);
  assert.deepEqual(truthWords("يَٰٓأَيُّهَا ٱلَّذِينَ"), ["يايها", "الذين"]);
  assert.deepEqual(truthWords("إبراهيم، أحمد: آدم"), ["ابراهيم", "احمد", "ادم"]);
  assert.deepEqual(truthWords("موسى ورحمة"), ["موسي", "ورحمه"]);
  assert.deepEqual(truthWords("هار\u200cبين جمـــيل"), ["هاربين", "جميل"]);
  assert.deepEqual(truthWords("لا ريب ۛ فيه ۛ هدى"), ["لا", "ريب", "فيه", "هدي"]);
  assert.deepEqual(truthWords("مسؤول شيء"), ["مسؤول", "شيء"]); // hamza seats are kept
});

const cases = [
  // [query word, forms that match, forms that do not]
  ["الصلاة", ["الصلاه", "والصلاه", "فالصلاه", "بالصلاه", "للصلاه", "وللصلاه", "كالصلاه", "وبالصلاه"], ["صلاه", "وصلاه", "الصلاهم", "صلاتهم"]],
  ["موسى", ["موسي", "وموسي", "بموسي", "لموسي", "فموسي", "الموسي", "وبموسي"], ["موس", "موسيقي", "ياموسي"]],
  ["الله", ["الله", "والله", "بالله", "لله", "ولله", "فلله", "فالله"], ["له", "اله", "ولله ا"]],
  ["الليل", ["الليل", "والليل", "بالليل", "وبالليل", "لليل"], ["ليل"]],
  ["رمضان", ["رمضان", "برمضان", "لرمضان", "ورمضان", "الرمضان"], ["رمضانا", "ررمضان"]],
  ["القاهرة", ["وبالقاهره", "وللقاهره", "فبالقاهره", "وكالقاهره"], ["قاهره", "بقاهره"]],
];

for (const [word, yes, no] of cases) {
  test(`${word}: the proclitic chains match, other words do not`, () => {
    const forms = acceptedForms(truthWords(word)[0]);
    for (const f of yes) assert.ok(forms.has(f), `${f} should match ${word}`);
    for (const f of no) assert.ok(!forms.has(f), `${f} should not match ${word}`);
  });
}

test("a phrase matches its words in a row, each with its proclitics, in one field", () => {
  const truth = new GroundTruth([
    { id: "a", title: "", text: "فإن الله غفور رحيم" },
    { id: "b", title: "", text: "إن الله لغفور رحيم" },
    { id: "c", title: "", text: "إن الله عزيز غفور رحيم" },
    { id: "d", title: "إن الله", text: "غفور رحيم" },
  ]);
  assert.deepEqual([...truth.relevant('"إن الله غفور رحيم"').ids].sort(), ["a", "b"]);
  assert.deepEqual([...truth.relevant("إن الله غفور رحيم").ids].sort(), ["a", "b", "c", "d"]);
  // لغفور is ل + غفور (the emphatic lam looks like the preposition; the rule reads letters)
  assert.deepEqual([...truth.relevant("«الله غفور»").ids].sort(), ["a", "b"]);
  assert.deepEqual(truth.matchContexts("a", '"الله غفور"'), ["فان الله غفور"]);
});

test("a title is searched like the text", () => {
  const truth = new GroundTruth([{ id: "14:1", title: "إبراهيم 1", text: "الر كتاب أنزلناه إليك" }]);
  assert.deepEqual([...truth.relevant("ابراهيم").ids], ["14:1"]);
  assert.equal(truth.relevant("موسى").ids.size, 0);
});
