// Derives a second, larger query set from the corpora themselves by fixed counting rules, so that
// the evaluation does not rest only on queries someone picked (bench/eval/queries.json): every
// vocative, every stacked proclitic chain, the most frequent single proclitics and the most frequent
// phrases written after و/ف. Deterministic; writes bench/eval/queries-derived.json (checked in):
//
//   node bench/eval/derive-queries.mjs
//
// The rules (README "Derived queries") read only the ground-truth text (Tanzil simple-clean; the
// hadith text without harakat), never an engine.

import { writeFileSync } from "node:fs";
import { hadithCorpus, quranCorpus, quranSimpleClean } from "./corpora.mjs";

// Relative pronouns and other function words the chains also attach to (وللذين، وبالتي): they are
// not what a reader searches for.
const FUNCTION_WORDS = new Set(["الذين", "الذي", "التي", "اللذين", "اللتين", "اللاتي", "اللائي", "الا", "الي", "ان", "اي"]);

// Marks and invisible characters removed, letters not folded: the spelling a reader types.
const MARKS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u08D3-\u08FF\u0640\u200B-\u200F\u202A-\u202E\u2066-\u2069\u061C\uFEFF\u00AD]/g;
const rawWords = (text) => text.replace(MARKS, "").split(/[^\p{L}\p{N}]+/u).filter(Boolean);

const LIMITS = {
  quran: { vocative: 2, stacked: 1, clitic: 5, phrase: 3, take: { vocative: 40, stacked: 30, clitic: 30, phrase: 20 } },
  hadith: { vocative: 20, stacked: 5, clitic: 40, phrase: 15, take: { vocative: 25, stacked: 25, clitic: 25, phrase: 20 } },
};

/** Counts documents per key; `keysOf(words)` gives a document's keys from its words (as typed). */
function countDocs(texts, keysOf) {
  const counts = new Map();
  for (const words of texts) for (const key of new Set(keysOf(words))) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

const ranked = (counts, min, take, skip = () => false) =>
  [...counts]
    .filter(([k, n]) => n >= min && !skip(k))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, take);

// Written forms, letters not folded (أن and إن stay apart, so does على from علي), that start with
// a chain: و/ف + ب/ك/ل + ال (or و/ف + لل), and a single ب/ك/ف + ال or لل.
const STACKED = /^[وف](?:[بك]ال|لل)(..+)$/;
const SINGLE = /^(?:[بكف]ال|لل)(..+)$/;

function derive(documents, limits) {
  const texts = documents.map(rawWords);
  const bareCounts = countDocs(texts, (w) => w);
  const queries = [];
  const taken = new Set();
  const add = (q, kind, n) => {
    if (taken.has(q)) return;
    taken.add(q);
    queries.push({ q, kind, documents: n });
  };
  // A chain's remainder is queried with the bare article, and only when the corpus also writes it
  // so (the remainder is a word, not a letter sequence that happens to follow ب or ف).
  const definite = (re) => (w) => w.flatMap((x) => {
    const m = re.exec(x.replace(/^([وف]?[بك]?)[أإآٱ]ل/, "$1ال"));
    return m ? ["ال" + m[1]] : [];
  });
  const notAWord = (k) => FUNCTION_WORDS.has(k) || !bareCounts.has(k);

  // 1. Vocatives: every word that follows يا, queried as the phrase "يا X".
  const vocatives = countDocs(texts, (w) => w.flatMap((x, i) => (x === "يا" && w[i + 1] ? [w[i + 1]] : [])));
  for (const [x, n] of ranked(vocatives, limits.vocative, limits.take.vocative)) add(`"يا ${x}"`, "vocative", n);

  // 2. Stacked chains, queried as ال + word.
  for (const [x, n] of ranked(countDocs(texts, definite(STACKED)), limits.stacked, limits.take.stacked, notAWord)) add(x, "stacked", n);

  // 3. A single proclitic on a definite word, queried as ال + word.
  for (const [x, n] of ranked(countDocs(texts, definite(SINGLE)), limits.clitic, limits.take.clitic, notAWord)) add(x, "clitic", n);

  // 4. Phrases after و/ف: three-word sequences whose first word carries و or ف in at least
  //    `phrase` documents and that the corpus also writes without it in as many (a phrase in its
  //    own right: not وسلم قال…, nor the name وهب), queried without it.
  const threeWords = (w, i) => `${w[i]} ${w[i + 1]} ${w[i + 2]}`;
  const after = countDocs(texts, (w) =>
    w.flatMap((x, i) => (i + 2 < w.length && /^[وف]..+$/.test(x) ? [`${x.slice(1)} ${w[i + 1]} ${w[i + 2]}`] : [])),
  );
  const alone = countDocs(texts, (w) => w.flatMap((x, i) => (i + 2 < w.length && !/^[وف]/.test(x) ? [threeWords(w, i)] : [])));
  const weak = (k) => (alone.get(k) ?? 0) < limits.phrase || k.split(" ").some((x) => x.length < 2);
  for (const [x, n] of ranked(after, limits.phrase, limits.take.phrase, weak)) add(`"${x}"`, "phrase-clitic", n);
  return queries;
}

function main() {
  const quran = quranCorpus();
  const clean = quranSimpleClean(quran.docs);
  const hadith = hadithCorpus();
  const out = {
    about:
      "Queries derived from the corpora by the counting rules of bench/eval/derive-queries.mjs (README: Derived queries); regenerate with `node bench/eval/derive-queries.mjs`. `documents` is how many documents have the counted form, not the number relevant.",
    quran: derive([...clean.values()], LIMITS.quran),
    hadith: derive(hadith.docs.map((d) => d.text), LIMITS.hadith),
  };
  const path = new URL("./queries-derived.json", import.meta.url);
  // One query per line: reviewable diffs.
  const lines = (list) => list.map((q) => "    " + JSON.stringify(q)).join(",\n");
  writeFileSync(path, `{\n  "about": ${JSON.stringify(out.about)},\n  "quran": [\n${lines(out.quran)}\n  ],\n  "hadith": [\n${lines(out.hadith)}\n  ]\n}\n`);
  console.error(`eval: wrote ${out.quran.length} Quran and ${out.hadith.length} hadith queries to bench/eval/queries-derived.json`);
}

main();
