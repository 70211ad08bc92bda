// Nothing leaks: 100,000 calls of every kind (hostile queries included) through the built package,
// and the module's linear memory stops growing after a warm-up. A leak in the engine or in the
// bindings (a result, an error or a string not freed) would grow it with every call; the wasm memory
// never shrinks, so "the same size after 10,000 calls and after 100,000" is a sharp test.
import { test } from "node:test";
import assert from "node:assert/strict";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { SearchIndex, normalize, analyze, seeds } from "./fahras.mjs";
import { initSync } from "../../pkg/fahras.js";

// fahras.mjs has already instantiated the module; initSync then returns the same exports, whose
// `memory` is the module's linear memory.
const wasm = initSync();
const wasmBytes = () => wasm.memory.buffer.byteLength;

// A forced GC makes heapUsed comparable between two points. `--expose-gc` cannot be passed through
// `node --test`, so it is switched on at run time (a documented V8 flag) and fetched from a fresh context.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc");

const WARM_UP = 10_000;
const TOTAL = 100_000;

// A small deterministic PRNG (mulberry32): the same calls on every run, so a failure reproduces.
function prng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(7);
const pick = (list) => list[Math.floor(random() * list.length)];

const words = [
  ...new Set(
    seeds
      .flatMap((s) => s.text.split(/\s+/u))
      .filter((w) => /^\p{Script=Arabic}{2,}$/u.test(w))
      .slice(0, 400),
  ),
];
const hostile = [
  "",
  " ",
  "\u0000",
  "\uD800",
  "\uDFFF\uD800بوتين",
  "\u202Eبوتين\u202C",
  "\u2066روسيا\u2069 \u200Fالصين\u200E",
  "👨\u200D👩\u200D👧\u200D👦 بوتين",
  "\u064E\u0651".repeat(5000),
  '"'.repeat(2000) + "-".repeat(2000),
  "بوتين ".repeat(3000),
  "ب".repeat(20_000),
  "-بوتين -روسيا",
  '"شي جين',
  "«الصين»",
  "ﻻ ﺑﻮﺗﻴﻦ",
];
const pieces = ["-", '"', "«", "»", " ", "\u064E", "\u0640", "\u200F", "😀", "a", "7"];

function randomQuery() {
  const r = random();
  if (r < 0.15) return pick(hostile);
  const n = 1 + Math.floor(random() * 4);
  let q = "";
  for (let i = 0; i < n; i++) {
    let w = pick(words);
    const cut = random();
    if (cut < 0.2) w = w.slice(0, 2 + Math.floor(random() * 3)); // still typing
    else if (cut < 0.3) w = w.slice(0, -1) + "ي"; // a typo
    q += (i ? " " : "") + (random() < 0.1 ? pick(pieces) : "") + w;
  }
  return random() < 0.3 ? q + " " : q;
}

const ids = seeds.map((s) => s.id);
const garbage = new Uint8Array(256).fill(7);

function call(index, i) {
  switch (i % 20) {
    case 0:
      return index.suggest(randomQuery(), 1 + (i % 10));
    case 1:
      return index.document(pick([...ids, "no-such-id", ""]));
    case 2:
      return index.stats;
    case 3:
      return analyze(randomQuery());
    case 4:
      return normalize(randomQuery());
    case 5:
      // Errors cross the boundary as JS Errors: their messages must be freed too.
      assert.throws(() => index.search("بوتين", { limit: 0 }));
      return assert.throws(() => SearchIndex.fromBytes(garbage));
    case 6: {
      // A second handle on the embedded index, freed explicitly.
      const other = new SearchIndex();
      const res = other.search(randomQuery(), { limit: 3 });
      other.free();
      return res;
    }
    default: {
      const options = {
        limit: 1 + Math.floor(random() * (i % 7 === 0 ? 1000 : 20)),
        offset: Math.floor(random() * 5),
        prefix: random() < 0.8,
        fuzzy: random() < 0.8,
      };
      const res = index.search(randomQuery(), options);
      assert.ok(res.hits.length <= res.total);
      return res;
    }
  }
}

// analyze() once trapped ("unreachable") on a character whose normalised form is several words
// (ﷺ is four): the parts share the span of the original character, and the UTF-16 offset
// conversion sliced backwards. A trap poisons the module for the page, so this is kept apart from
// the memory test below (which must measure memory, not stop at the first trap).
test("analyze, search and suggest do not trap on characters that decompose into several words", () => {
  const index = new SearchIndex();
  for (const text of ["ﷺ", "½", "ﷺ بوتين ﷺ", "a ﷻ b", "㍻ ﷲ ¼"]) {
    const tokens = analyze(text);
    assert.ok(tokens.length > 0, text);
    for (const t of tokens) {
      assert.ok(0 <= t.start && t.start < t.end && t.end <= text.length, `${text}: ${t.start}..${t.end}`);
      assert.equal(text.slice(t.start, t.end), t.text);
    }
    index.search(text);
    index.suggest(text, 5);
  }
  index.free();
});

test(`${TOTAL.toLocaleString("en")} calls leave the wasm memory and the JS heap where the warm-up left them`, () => {
  const index = new SearchIndex();
  const started = performance.now();
  for (let i = 0; i < WARM_UP; i++) call(index, i);
  gc();
  const memoryAfterWarmUp = wasmBytes();
  const heapAfterWarmUp = process.memoryUsage().heapUsed;

  for (let i = WARM_UP; i < TOTAL; i++) call(index, i);
  gc();
  const memoryAtEnd = wasmBytes();
  const heapAtEnd = process.memoryUsage().heapUsed;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  index.free();

  const mb = (n) => `${(n / 2 ** 20).toFixed(2)} MiB`;
  console.log(
    `${TOTAL} calls in ${seconds}s; wasm memory ${mb(memoryAfterWarmUp)} after ${WARM_UP}, ` +
      `${mb(memoryAtEnd)} after ${TOTAL}; JS heap ${mb(heapAfterWarmUp)} -> ${mb(heapAtEnd)}`,
  );
  assert.equal(memoryAtEnd, memoryAfterWarmUp, "the wasm memory grew after the warm-up: something leaks");
  // The JS heap moves with V8's own caches; a leak of one result per call would be tens of MiB.
  assert.ok(heapAtEnd - heapAfterWarmUp < 8 * 2 ** 20, `JS heap grew by ${mb(heapAtEnd - heapAfterWarmUp)}`);
});
