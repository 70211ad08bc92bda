// The fixed query lists, one per corpus: what a user of a news site or of a Quran reader types.
// Every query must find something with fahras: the benchmark fails if one returns no hit, or fewer
// documents than a naive scan finds (see `naiveMatches`), so that it never times wrong answers.
//
// kinds: word | clitic (word with a prefix glued on) | and (all words required) | prefix (a word
// still being typed: fahras treats the last term as a prefix) | phrase ("...") | typo (found only
// through fuzzy matching) | spelling (modern spelling of a word the Uthmani text spells otherwise:
// also found only through fuzzy matching) | diacritics (typed with harakat or in Uthmani script).

import { normalizeArabic } from "./peers.mjs";

export const QUERIES = {
  seeds: [
    { q: "بوتين", kind: "word" },
    { q: "موسكو", kind: "word" },
    { q: "الكرملين", kind: "word" },
    { q: "والصين", kind: "clitic" },
    { q: "بوتين موسكو", kind: "and" },
    { q: "الشراكة الاستراتيجية", kind: "and" },
    { q: "الكر", kind: "prefix" },
    { q: "بوت", kind: "prefix" },
    { q: "استرا", kind: "prefix" },
    { q: '"شي جين بينج"', kind: "phrase" },
    { q: "بوتبن", kind: "typo" },
    { q: "أَكَّدَ", kind: "diacritics" },
    { q: "الصِّينُ", kind: "diacritics" },
    { q: "الصين", kind: "word" },
  ],
  quran: [
    { q: "الرحمن", kind: "word" },
    { q: "موسى", kind: "word" },
    { q: "الجنة", kind: "word" },
    { q: "الله", kind: "word" }, // in a quarter of the verses: ranking a long posting list
    { q: "ٱلصَّلَوٰةَ", kind: "diacritics" },
    { q: "الصلاة", kind: "spelling" }, // Uthmani: ٱلصَّلَوٰةَ
    { q: "الكتاب", kind: "spelling" }, // Uthmani: ٱلۡكِتَٰبِ
    { q: "ابراهيم", kind: "spelling" }, // Uthmani: إِبۡرَٰهِـۧمَ
    { q: "بسم الله", kind: "and" },
    { q: "موسى فرعون", kind: "and" },
    { q: '"بسم الله الرحمن الرحيم"', kind: "phrase" },
    { q: "الكت", kind: "prefix" },
    { q: "مري", kind: "prefix" },
    { q: "فرعوم", kind: "typo" },
  ],
  hadith: [
    { q: "الصلاة", kind: "word" },
    { q: "الصَّلَاة", kind: "diacritics" },
    { q: "رمضان", kind: "word" },
    { q: "الصدقة", kind: "word" },
    { q: "والصلاة", kind: "clitic" },
    { q: "الوضوء الصلاة", kind: "and" },
    { q: '"أبو هريرة"', kind: "phrase" },
    { q: "الوض", kind: "prefix" },
    { q: "رمضن", kind: "typo" },
  ],
};

// Words as the peer splits them; fahras' tokenizer splits at least there.
const NON_WORD = /[^\p{L}\p{M}\p{N}]+/u;
const words = (text) => text.split(NON_WORD).map(normalizeArabic).filter(Boolean);

/**
 * Ids of the documents that literally contain the query, found by scanning the texts: every word
 * as a whole normalised word (the last one as the start of a word, since fahras completes the last
 * term), or for a phrase the words in sequence. fahras also matches stems, clitic-stripped prefixes
 * and near spellings, so its total can only be larger. Typos and modern spellings have no literal
 * match; for them this returns an empty set and only "more than 0 hits" is checked.
 */
export function naiveMatches(docs, query) {
  const phrase = /^".*"$/.test(query.trim());
  const terms = words(query);
  const matched = new Set();
  if (terms.length === 0) return matched;
  for (const doc of docs) {
    // Text only: whether fahras also indexes titles is its own business; the bound holds either way.
    const docWords = words(doc.text);
    const found = phrase
      ? containsSequence(docWords, terms)
      : terms.every((term, i) =>
          i === terms.length - 1 ? docWords.some((w) => w.startsWith(term)) : docWords.includes(term),
        );
    if (found) matched.add(doc.id);
  }
  return matched;
}

function containsSequence(haystack, needle) {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}
