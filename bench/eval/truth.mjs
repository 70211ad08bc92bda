// The ground truth: which documents an Arabic reader means by "contains the word". Written here
// from the rule in bench/eval/README.md, independently of fahras' analyser (nothing here imports
// fahras), so that the evaluation measures the engine and not a copy of it.
//
// The rule, in short:
// - Text: marks (harakat, tanween, shadda, sukun, superscript alef, Quranic annotation marks),
//   tatweel and invisible format characters are removed; words are the runs of letters and digits
//   left. Letters are folded: أ إ آ ٱ ٲ ٳ ٵ → ا, ى → ي, ة → ه. Nothing else changes: no stemming, no
//   suffix removal, hamza on و/ي (ؤ ئ) and the lone hamza ء are kept.
// - A query word w matches a text word t when t is w with a legal proclitic chain in front:
//   an optional conjunction (و or ف), then an optional preposition (ب, ك, or ل), then the article
//   when w has none of its own, in the spellings Arabic writes them (ل + ال is written لل, and
//   ل + ال + a word starting with ل is written لل + the rest: لله, لليل). A word the user typed with
//   the article (الصلاة) asks for the definite word: صلاة alone does not match it, والصلاة,
//   بالصلاة, للصلاة do. A word typed without it (موسى, رمضان) matches with or without the article.
// - A query of several words matches a document that has every word (anywhere in its title or
//   text); a quoted phrase matches when its words follow each other under the same rule.

// Arabic combining marks (U+0610–061A, U+064B–065F, U+0670, U+06D6–06ED, U+08D3–08FF), tatweel,
// and invisible format characters (ZWSP…RLM, bidi embeddings and isolates, ALM, BOM, soft hyphen).
const REMOVED = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u08D3-\u08FF\u0640\u200B-\u200F\u202A-\u202E\u2066-\u2069\u061C\uFEFF\u00AD]/g;
const ALEFS = /[أإآٱٲٳٵ]/g;
const NON_WORD = /[^\p{L}\p{N}]+/u;

/** A text as the rule's words: marks removed, letters folded, split at everything else. */
export function truthWords(text) {
  return text
    .replace(REMOVED, "")
    .replace(ALEFS, "ا")
    .replace(/ى/g, "ي")
    .replace(/ة/g, "ه")
    .split(NON_WORD)
    .filter(Boolean);
}

const CONJUNCTIONS = ["", "و", "ف"];
const PREPOSITIONS = ["", "ب", "ك", "ل"];

/**
 * Every written form of a query word (already folded by truthWords) that the rule accepts.
 * "ال" counts as the query's own article only when at least two letters follow it.
 */
export function acceptedForms(word) {
  const forms = new Set();
  const definite = word.startsWith("ال") && word.length >= 4;
  const bare = definite ? word.slice(2) : word;
  for (const c of CONJUNCTIONS) {
    // the definite forms, which a bare query word also accepts
    for (const p of ["", "ب", "ك"]) forms.add(c + p + "ال" + bare);
    forms.add(c + "لل" + bare);
    if (bare.startsWith("ل")) forms.add(c + "لل" + bare.slice(1));
    if (!definite) for (const p of PREPOSITIONS) forms.add(c + p + bare);
  }
  return forms;
}

/** The word as typed and nothing else: the literal counterpart of acceptedForms. */
export const exactForm = (word) => new Set([word]);

/**
 * The ground truth over a corpus: `docs` are [{ id, title, text }] with the texts the rule reads
 * (Tanzil simple-clean for the Quran, the published text for hadith; marks are removed here).
 */
export class GroundTruth {
  constructor(docs) {
    this.ids = docs.map((d) => d.id);
    this.position = new Map(this.ids.map((id, i) => [id, i]));
    // Per document, its fields as word arrays (title and text apart: a phrase does not run across).
    this.fields = docs.map((d) => [truthWords(d.title ?? ""), truthWords(d.text ?? "")]);
    // Written form → documents that have it (any field): the rule is then a union over forms.
    this.byForm = new Map();
    this.fields.forEach((fields, i) => {
      for (const words of fields) {
        for (const w of words) {
          let set = this.byForm.get(w);
          if (!set) this.byForm.set(w, (set = new Set()));
          set.add(i);
        }
      }
    });
  }

  /**
   * Document indexes that have the word under the rule, and how often each written form occurs.
   * `formsOf` gives the written forms accepted for a word (the rule's, or e.g. only the word itself).
   */
  wordMatches(word, formsOf = acceptedForms) {
    const docs = new Set();
    const forms = new Map();
    for (const form of formsOf(word)) {
      const set = this.byForm.get(form);
      if (!set) continue;
      forms.set(form, set.size);
      for (const i of set) docs.add(i);
    }
    return { docs, forms };
  }

  /**
   * The relevant documents of a query: { ids: Set, forms: Map written form → documents }.
   * `"..."` (or «...») makes the words a phrase; otherwise every word is required. With
   * `formsOf = exactForm` only the words as typed count (no proclitics): what a literal match finds.
   */
  relevant(query, formsOf = acceptedForms) {
    const trimmed = query.trim();
    const phrase = /^["«].*["»]$/.test(trimmed);
    const words = truthWords(trimmed);
    if (words.length === 0) return { ids: new Set(), forms: new Map() };
    const perWord = words.map((w) => this.wordMatches(w, formsOf));
    let docs = [...perWord[0].docs].filter((i) => perWord.every((m) => m.docs.has(i)));
    if (phrase && words.length > 1) {
      const accepted = words.map(formsOf);
      docs = docs.filter((i) => this.fields[i].some((field) => hasSequence(field, accepted)));
    }
    const forms = new Map();
    for (const m of perWord) for (const [f, n] of m.forms) forms.set(f, n);
    return { ids: new Set(docs.map((i) => this.ids[i])), forms };
  }

  /**
   * Where document `id` matches `query`: up to `max` places, each the matching words with the word
   * before them ("يا موسي", "والحمد لله"), so that a report shows why a missed document counts.
   */
  matchContexts(id, query, max = 2) {
    const i = this.position.get(id);
    if (i === undefined) return [];
    const accepted = truthWords(query).map(acceptedForms);
    // A phrase is located as a whole; otherwise each word where it occurs.
    const runs = /^\s*["«].*["»]\s*$/.test(query) ? [accepted] : accepted.map((a) => [a]);
    const out = new Set();
    for (const words of this.fields[i]) {
      for (let j = 0; j < words.length && out.size < max; j++) {
        const run = runs.find((r) => r.every((a, k) => a.has(words[j + k])));
        if (run) out.add(words.slice(Math.max(0, j - 1), j + run.length).join(" "));
      }
    }
    return [...out];
  }
}

function hasSequence(words, accepted) {
  outer: for (let i = 0; i + accepted.length <= words.length; i++) {
    for (let j = 0; j < accepted.length; j++) if (!accepted[j].has(words[i + j])) continue outer;
    return true;
  }
  return false;
}
