// docs/api.md: bad options throw an Error that says what is wrong; no query string ever throws.
import { test } from "node:test";
import assert from "node:assert/strict";
import { SearchIndex, seeds, assertResultShape } from "./fahras.mjs";

const index = new SearchIndex();
const EMPTY = { total: 0, hits: [] };

// A JS Error raised on purpose, not a wasm trap (WebAssembly.RuntimeError: unreachable) and not a
// thrown string or plain object.
function assertThrowsError(fn, messagePattern, what) {
  let thrown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  assert.ok(thrown !== undefined, `${what}: did not throw`);
  assert.ok(thrown instanceof Error, `${what}: threw ${Object.prototype.toString.call(thrown)}, not an Error`);
  assert.ok(!(thrown instanceof WebAssembly.RuntimeError), `${what}: the module trapped: ${thrown.message}`);
  assert.ok(thrown.message.length > 0, `${what}: empty message`);
  if (messagePattern) assert.match(thrown.message, messagePattern, `${what}: the message does not say which option`);
}

test("options out of range or of the wrong type throw an Error naming the option", () => {
  const bad = [
    [{ limit: 0 }, /limit/],
    [{ limit: 1001 }, /limit/],
    [{ limit: 5000 }, /limit/],
    [{ limit: "x" }, /limit/],
    [{ limit: 2.5 }, /limit/],
    [{ offset: -1 }, /offset/],
    [{ offset: "x" }, /offset/],
    [{ prefix: "yes" }, /prefix/],
    [{ fuzzy: "no" }, /fuzzy/],
  ];
  for (const [options, pattern] of bad) {
    assertThrowsError(() => index.search("بوتين", options), pattern, JSON.stringify(options));
  }
});

test("options that are not an object throw an Error", () => {
  for (const options of [42, "limit=5", true]) {
    assertThrowsError(() => index.search("بوتين", options), null, JSON.stringify(options));
  }
});

test("the index keeps answering after rejected options", () => {
  const before = index.search("بوتين");
  for (const options of [{ limit: 0 }, { offset: -1 }, { limit: "x" }, 42]) {
    assert.throws(() => index.search("بوتين", options));
  }
  assert.deepEqual(index.search("بوتين"), before);
  assert.equal(before.total, seeds.length);
});

test("the limits of the allowed range and absent options are accepted", () => {
  assert.equal(index.search("بوتين", { limit: 1 }).hits.length, 1);
  assert.equal(index.search("بوتين", { limit: 1000 }).total, seeds.length);
  for (const options of [undefined, null, {}]) {
    assert.equal(index.search("بوتين", options).total, seeds.length, `options ${options}`);
  }
});

test("queries that normalise to nothing return no results", () => {
  const nothing = {
    "empty": "",
    "whitespace": " \t\n\u00A0\u3000",
    "punctuation": "؟!.,،؛«»()-\"'",
    "diacritics only": "\u064E\u064F\u0650\u0651\u0652\u064B",
    "tatweel only": "\u0640\u0640",
    "bidi marks and zero-width characters": "\u200F\u200E\u200B\u200C\u200D\u061C\u2066\u2069\uFEFF",
  };
  for (const [what, query] of Object.entries(nothing)) {
    assert.deepEqual(index.search(query), EMPTY, what);
  }
});

test("hostile queries never throw", { timeout: 120_000 }, () => {
  const arabicWords = seeds[0].text.split(/\s+/).filter(Boolean);
  let seed = 1;
  const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const manyWords = [];
  for (let n = 0; n < (1 << 20); ) {
    const w = arabicWords[Math.floor(random() * arabicWords.length)];
    manyWords.push(w);
    n += w.length + 1;
  }
  const hostile = {
    "lone high surrogate": "\uD800",
    "lone low surrogate in a word": "بو\uDC00تين",
    "NUL": "\0",
    "NUL in a word": "بو\0تين",
    "control characters": "\u0001\u0007\u001B[31m\u007F",
    "emoji": "😀🇸🇦👩‍👩‍👧",
    "bidi override": "\u202Eبوتين\u202C",
    "unbalanced quote": '"بوتين',
    "lone minus": "-",
    "only exclusions": "-بوتين -روسيا",
    "many quotes": '""""""',
    "1 MB of one letter": "ب".repeat(1 << 20),
    "1 MB of Latin": "a".repeat(1 << 20),
    "1 MB of words": manyWords.join(" "),
    "replacement character": "\uFFFD",
    "astral letters": "𞸀𞸁𞸂",
  };
  for (const [what, query] of Object.entries(hostile)) {
    let res;
    assert.doesNotThrow(() => {
      res = index.search(query);
    }, what);
    assertResultShape(assert, res);
    for (const prefix of [true, false]) {
      for (const fuzzy of [true, false]) {
        assert.doesNotThrow(() => index.search(query, { prefix, fuzzy, limit: 3 }), `${what} ${prefix} ${fuzzy}`);
      }
    }
  }
  assert.equal(index.search("بوتين").total, seeds.length, "the index still answers");
});

test("marks around or inside a word do not stop it matching", () => {
  for (const query of ["\u200Fبوتين\u200E", "بو\u200Cتين", "بُوتِين", "بوتين 😀", "  بوتين  "]) {
    assert.equal(index.search(query).total, seeds.length, JSON.stringify(query));
  }
});

test("index bytes that are not a fahras index are rejected with an Error", () => {
  let seed = 7;
  const noise = new Uint8Array(64 * 1024).map(() => (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 0xff);
  const cases = {
    "no bytes": new Uint8Array(0),
    "three bytes": new Uint8Array([1, 2, 3]),
    "64 KiB of noise": noise,
    "UTF-8 text": new TextEncoder().encode("بوتين ".repeat(1000)),
  };
  for (const [what, bytes] of Object.entries(cases)) {
    assertThrowsError(() => SearchIndex.fromBytes(bytes), null, what);
  }
  assert.equal(index.search("بوتين").total, seeds.length, "the embedded index is unaffected");
});
