// The peers: MiniSearch 7 and FlexSearch 0.8, each set up as a site would set it up for Arabic. Out
// of the box they split only on spaces and punctuation and lowercase, so vocalised or Uthmani text
// never meets a plain query; with the normaliser below (the same one for both) they fold the same
// marks and letters as fahras' normaliser (the part a few lines of JS can do), but they have no
// stemming and no clitic handling.

import { Document, Encoder } from "flexsearch";
import MiniSearch from "minisearch";

// Harakat and tanween (U+064B–065F), superscript alef (U+0670), Quranic annotation marks
// (U+06D6–06ED), tatweel (U+0640).
const MARKS = /[\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g;
const ALEFS = /[أإآٱ]/g;

export function normalizeArabic(term) {
  return term.replace(MARKS, "").replace(ALEFS, "ا").replace(/ى/g, "ي").replace(/ة/g, "ه").toLowerCase();
}

// Words are runs of letters, combining marks and digits; everything else separates them.
const NON_WORD = /[^\p{L}\p{M}\p{N}]+/u;

export const MINISEARCH_OPTIONS = {
  fields: ["title", "text"],
  storeFields: ["title"],
  tokenize: (text) => text.split(NON_WORD),
  // A falsy return drops the term (a token made only of marks).
  processTerm: (term) => normalizeArabic(term) || null,
};

/** The search settings compared, each a named variant. */
export const MINISEARCH_VARIANTS = [
  { name: "MiniSearch", searchOptions: { prefix: true, combineWith: "AND" } },
  { name: "MiniSearch fuzzy", searchOptions: { prefix: true, fuzzy: 0.2, combineWith: "AND" } },
];

export function buildMiniSearch(docs) {
  const ms = new MiniSearch(MINISEARCH_OPTIONS);
  ms.addAll(docs);
  return ms;
}

/** What a site would ship and load instead of re-indexing on every visit. */
export function loadMiniSearch(json) {
  return MiniSearch.loadJSON(json, MINISEARCH_OPTIONS);
}

/**
 * MiniSearch has no phrase syntax: a quoted query is searched as its words ANDed (a superset of
 * the phrase's matches), and a leading "-" (fahras' exclusion) is not supported, so such queries
 * are not given to it.
 */
export function miniSearchQuery(query) {
  return query.replace(/["«»]/g, " ").trim();
}

// FlexSearch 0.8 with the same normaliser and word splitting as MiniSearch. Its default encoder also
// collapses repeated letters (dedupe: الله → اله) and splits numbers into triplets: both off, so that
// it indexes the very terms MiniSearch does. "forward" tokenization indexes every word's prefixes:
// the counterpart of MiniSearch's `prefix: true` (search as you type).
export const FLEXSEARCH_ENCODER_OPTIONS = {
  normalize: (text) => normalizeArabic(text),
  split: NON_WORD,
  numeric: false,
  dedupe: false,
};

export function buildFlexSearch(docs) {
  const index = new Document({
    tokenize: "forward",
    encoder: new Encoder(FLEXSEARCH_ENCODER_OPTIONS),
    document: { id: "id", index: ["title", "text"] },
  });
  for (const { id, title, text } of docs) index.add({ id, title, text });
  return index;
}

/**
 * FlexSearch's answer as ranked ids: its words are ANDed within a field and the fields' results
 * merged (title hits first, then text). No phrase syntax either: give it `miniSearchQuery(query)`,
 * a phrase as its words ANDed.
 */
export function flexSearchIds(index, query, limit) {
  return index.search(query, { limit, merge: true }).map((r) => r.id);
}
