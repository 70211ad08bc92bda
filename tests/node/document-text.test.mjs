// Reading part of a stored document: documentText(id, from, to) copies out only [from, to) of the
// text (UTF-16 offsets, as `slice` counts), with the whole text's length; documentIndexOf finds a
// string in the text without copying it out. Both agree with the whole text's own slice/indexOf
// on every kind of character and on any numbers, and never trap.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { SearchIndex, pkgDir, seeds } from "./fahras.mjs";
import { initSync as initIndexer, IndexBuilder } from "../../pkg/fahras_indexer.js";

initIndexer({ module: readFileSync(new URL("fahras_indexer_bg.wasm", pkgDir)) });

// Text with one-unit (Arabic, Latin), two-unit (emoji, astral) characters and a ZWJ sequence.
const mixed = "روسيا 😀 والصين\n👨‍👩‍👧 ﷺ abc 𝕏y".repeat(3);
const builder = new IndexBuilder();
builder.add({ id: "mixed", title: "نص مختلط", text: mixed });
builder.add({ id: "empty-ish", title: "قصير", text: "ب" });
const index = SearchIndex.fromBytes(builder.finish());
const stored = index.document("mixed").text;

/** What a part at [from, to) must be: both ends moved back off a surrogate pair's second half. */
function expected(text, from, to) {
  const clamp = (n) => {
    let at = Math.min(Math.max(Number.isNaN(n) ? 0 : Math.trunc(n), 0), text.length);
    if (at > 0 && at < text.length && /[\uDC00-\uDFFF]/.test(text[at]) && /[\uD800-\uDBFF]/.test(text[at - 1])) at--;
    return at;
  };
  const f = clamp(from);
  const t = Math.max(clamp(to), f);
  return { text: text.slice(f, t), from: f, to: t, length: text.length };
}

test("documentText gives the slice of the stored text at every pair of offsets", () => {
  for (let from = 0; from <= stored.length + 2; from++) {
    for (let to = 0; to <= stored.length + 2; to += 3) {
      assert.deepEqual(index.documentText("mixed", from, to), expected(stored, from, to), `${from}–${to}`);
    }
  }
});

test("consecutive parts join into exactly the whole text, whatever the step", () => {
  for (const step of [1, 2, 5, 7, 24]) {
    let joined = "";
    for (let at = 0; at < stored.length; ) {
      let part = index.documentText("mixed", at, at + step);
      // A step that would end inside a surrogate pair ends before it: take one unit more.
      if (part.to === at) part = index.documentText("mixed", at, at + step + 1);
      joined += part.text;
      at = part.to;
    }
    assert.equal(joined, stored, `step ${step}`);
  }
});

test("documentText clamps any number and defaults to the whole text", () => {
  const whole = { text: stored, from: 0, to: stored.length, length: stored.length };
  assert.deepEqual(index.documentText("mixed"), whole);
  assert.deepEqual(index.documentText("mixed", undefined, undefined), whole);
  assert.deepEqual(index.documentText("mixed", null, null), whole);
  for (const [from, to] of [
    [-5, 1e300], [NaN, NaN], [-Infinity, Infinity], [Infinity, -Infinity], [2.9, 7.1], [1e20, 3],
    [Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 10], [-0, -0], [10, 2],
  ]) {
    assert.deepEqual(index.documentText("mixed", from, to), expected(stored, from, to), `${from}–${to}`);
  }
  assert.deepEqual(index.documentText("empty-ish", 0, 100), { text: "ب", from: 0, to: 1, length: 1 });
});

test("documentText of an id the index does not have is undefined; bad arguments name themselves", () => {
  assert.equal(index.documentText("nope", 0, 10), undefined);
  assert.equal(index.documentIndexOf("nope", "ب"), undefined);
  for (const [call, message] of [
    [() => index.documentText(7), /^documentText: `id` must be a string; got a number$/],
    [() => index.documentText("mixed", "3"), /^documentText: `from` must be a number; got a string$/],
    [() => index.documentText("mixed", 0, {}), /^documentText: `to` must be a number; got an object$/],
    [() => index.documentText("mixed", 0n), /^documentText: `from` must be a number; got a bigint$/],
    [() => index.documentIndexOf("mixed", 3), /^documentIndexOf: `search` must be a string; got a number$/],
    [() => index.documentIndexOf("mixed", "ب", "0"), /^documentIndexOf: `from` must be a number; got a string$/],
  ]) {
    assert.throws(call, (err) => err instanceof TypeError && message.test(err.message), String(message));
  }
  // And the module still works after every refusal.
  assert.equal(index.documentText("mixed", 0, 5).text, stored.slice(0, 5));
});

test("documentIndexOf finds what the stored text's own indexOf finds, from any offset", () => {
  const needles = ["", "ر", "والصين", "😀", "👨‍👩‍👧", "ﷺ", "abc", "𝕏y", "\n", "غير موجود", "y".repeat(500)];
  for (const needle of needles) {
    for (let from = -2; from <= stored.length + 2; from++) {
      const want = stored.indexOf(needle, Math.max(0, Math.min(from, stored.length)));
      // indexOf starting inside a surrogate pair may report that pair's second half; the engine
      // starts from the character's start, so the two differ only there.
      const inside = from > 0 && /[\uDC00-\uDFFF]/.test(stored[from] ?? "") && /[\uD800-\uDBFF]/.test(stored[from - 1]);
      if (inside) continue;
      assert.equal(index.documentIndexOf("mixed", needle, from), want, `${JSON.stringify(needle)} from ${from}`);
    }
  }
  assert.equal(index.documentIndexOf("mixed", "😀", NaN), stored.indexOf("😀"));
  assert.equal(index.documentIndexOf("mixed", "😀", Infinity), -1);
});

test("the parts of every seed document match the whole document's text", () => {
  const embedded = new SearchIndex();
  for (const { id } of seeds) {
    const text = embedded.document(id).text;
    assert.equal(embedded.documentText(id, 0, 0).length, text.length, id);
    const mid = Math.floor(text.length / 2);
    assert.equal(embedded.documentText(id, mid, mid + 300).text, text.slice(mid, mid + 300), id);
    const word = text.slice(mid, mid + 12);
    assert.equal(embedded.documentIndexOf(id, word), text.indexOf(word), id);
  }
});

test("a 50 MB document is read a part at a time, the part exactly its slice", (t) => {
  const words = ["روسيا", "والصين", "قمة", "بوتين", "اقتصاد", "😀", "شراكة"];
  let text = "";
  for (let i = 0; text.length < 26_000_000; i++) text += words[(i * 7 + (i >> 3)) % words.length] + (i % 40 === 39 ? "\n" : " ");
  text += "كلمةنادرة في النهاية";
  const big = new IndexBuilder();
  big.add({ id: "big", title: "وثيقة كبيرة", text });
  const bigIndex = SearchIndex.fromBytes(big.finish());
  const started = performance.now();
  const first = bigIndex.documentText("big", 0, 24 * 1024);
  const at = bigIndex.documentIndexOf("big", "كلمةنادرة");
  const ms = performance.now() - started;
  assert.equal(first.length, text.length);
  assert.equal(first.text, text.slice(0, first.to));
  assert.ok(first.to >= 24 * 1024 - 1);
  assert.equal(at, text.indexOf("كلمةنادرة"));
  const last = bigIndex.documentText("big", at - 100, Infinity);
  assert.equal(last.text, text.slice(at - 100));
  t.diagnostic(`${(text.length / 1e6).toFixed(1)} M UTF-16 units: first part + indexOf of the last word in ${ms.toFixed(1)} ms`);
  bigIndex.free();
});
