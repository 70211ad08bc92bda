// Builds `search`'s result objects (SearchResults in fahras.d.ts and docs/api.md) from the two
// buffers src/wasm/results.rs writes, both views of wasm memory: `units`, every string of the
// results in order as UTF-16 (decoded here once), and `tape`, the counts, the numbers, and each
// string's length in UTF-16 code units (what `slice` counts). Strings are sliced from the text in
// order. The module imports this file; the package's build inlines it into the glue
// (scripts/inline-snippets.mjs), so the page still loads one script.
//
// The tape, in order (a length or count of -1 is an absent optional value):
//   total, number of hits, then per hit:
//     id, title (lengths), score,
//     snippet: count, then per segment its length × 2 + 1 if it is a matched word,
//     titleSegments: the same,
//     date, url (lengths or -1),
//     fields: count, then per field its name's length, a kind and the value:
//       0 string: length | 1 number: the number | 2 boolean: 0 or 1 | 3 list: count, lengths,
//   suggestion (length or -1),
//   facets: -1, or count, then per field its name's length and a count of (value length, documents).
//
// Objects get their properties in the order serde gave them before (id, title, score, snippet,
// titleSegments, date, url, fields), and keys are set by assignment as before, so a result is
// the same object whatever crossing made it. The views are read before this function returns, and
// nothing here calls into wasm, so the memory under them cannot move. `ignoreBOM`: a leading
// U+FEFF is text of the first string, not a byte order mark to drop.
const utf16 = new TextDecoder("utf-16le", { ignoreBOM: true });
export function searchResults(units, tape) {
  const text = utf16.decode(units);
  let at = 0;
  let from = 0;
  const string = () => text.slice(from, (from += tape[at++]));
  const segments = () => {
    const out = [];
    for (let n = tape[at++]; n > 0; n--) {
      const code = tape[at++];
      const length = code >>> 1;
      out.push({ text: text.slice(from, (from += length)), hit: (code & 1) === 1 });
    }
    return out;
  };
  const total = tape[at++];
  const hits = [];
  for (let n = tape[at++]; n > 0; n--) {
    const hit = { id: string(), title: string(), score: tape[at++], snippet: segments(), titleSegments: segments() };
    if (tape[at] >= 0) hit.date = string();
    else at++;
    if (tape[at] >= 0) hit.url = string();
    else at++;
    let fields = tape[at++];
    if (fields > 0) {
      const values = {};
      for (; fields > 0; fields--) {
        const name = string();
        const kind = tape[at++];
        if (kind === 0) values[name] = string();
        else if (kind === 1) values[name] = tape[at++];
        else if (kind === 2) values[name] = tape[at++] === 1;
        else {
          const list = [];
          for (let k = tape[at++]; k > 0; k--) list.push(string());
          values[name] = list;
        }
      }
      hit.fields = values;
    }
    hits.push(hit);
  }
  const results = { total, hits };
  if (tape[at] >= 0) results.suggestion = string();
  else at++;
  let facets = tape[at++];
  if (facets >= 0) {
    const byField = {};
    for (; facets > 0; facets--) {
      const field = string();
      const counts = {};
      for (let k = tape[at++]; k > 0; k--) {
        const value = string();
        counts[value] = tape[at++];
      }
      byField[field] = counts;
    }
    results.facets = byField;
  }
  return results;
}
