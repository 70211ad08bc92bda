// The peer: MiniSearch 7 set up as a site would set it up for Arabic. Out of the box it splits only
// on spaces and punctuation and lowercases, so vocalised or Uthmani text never meets a plain query;
// with the normaliser below it folds the same marks and letters as fahras' normaliser (ARABIC.md §1,
// the part a few lines of JS can do), but it has no stemming and no clitic handling.

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
  return query.replace(/"/g, " ").trim();
}
