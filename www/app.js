// fahras demo page: search as you type over an index that lives in the WebAssembly module.
//
// Rules this file keeps:
// - Corpus text and user queries reach the DOM only as text nodes (textContent, createTextNode,
//   `mark.append(string)`); nothing is ever parsed as HTML. A document titled `<img onerror=…>`
//   shows those characters and runs nothing.
// - Corpus text is bidi-isolated (`dir="auto"` elements): an English title in an Arabic list, or
//   Arabic in an English one, keeps its own direction and cannot reorder its neighbours; explicit
//   embedding, override and isolate controls (U+202A–202E, U+2066–2069) are shown as small labels
//   and confined to themselves, so a title «…\u202Egnp.exe» cannot display as «exe.png».
// - The URL holds the query (?q=) so a search can be shared, reloaded and walked back through;
//   ?index=URL swaps the embedded corpus for an index file built by the CLI (a URL ending in "/"
//   is the folder of a split index, `fahras build --split`); ?doc=ID opens one document.
// - The page shows what the engine says and re-implements none of it: highlights come from the
//   engine's segments (`snippet`, `titleSegments`), query words from its `analyze`, respellings
//   only from its `suggestion`. The page never parses the query grammar itself.
// - Facet chips and the date sort ask the engine (`filters`, `facets`, `sort`) and show its
//   answer: the page never filters, counts or orders documents itself. The URL holds them too
//   (?q=…&section=ثقافة&sort=date), and each choice is a history entry.

// The engine module is imported at start-up (index.html preloads it) rather than statically, so
// a missing or broken package leaves an error message on the page, not a dead search box.
let engine = null;
const normalize = (text) => engine.normalize(text);
const analyze = (text) => engine.analyze(text);

const PAGE_SIZE = 10;
// Short enough to feel instant, long enough that a fast typist does not search every letter.
const DEBOUNCE_MS = 80;
// When searches are slow (a corpus with huge documents), wait longer after a keystroke, up to
// this, so typing is not held up by a search per letter.
const MAX_DEBOUNCE_MS = 400;
// After this much idle time the current search becomes its own history entry: the next edit
// pushes a new entry instead of overwriting it, so Back returns to the search the user read.
const SETTLE_MS = 1000;
const SUGGESTION_COUNT = 6;
const EXAMPLE_COUNT = 5;
// The reader renders a document this many characters at a time (a few screens of text), so a
// 50 MB document opens as fast as a page of it and the rest follows as the reader scrolls.
const READER_STEP = 24 * 1024;
// How far beyond the visible text the reader keeps text rendered, in heights of its viewport.
const READER_AHEAD = 2;
// Time one rendering step may take before the rest waits for the next frame.
const FRAME_BUDGET_MS = 8;
// Only the end of a long query is read to find the word being typed (a pasted megabyte must not
// be analysed on every keystroke); longer than any word the engine completes.
const TYPING_TAIL = 256;

const $ = (id) => document.getElementById(id);
const form = $("search-form");
const input = $("q");
const listbox = $("suggestions");
const results = $("results");
const statusLine = $("status");
const statusExtra = $("status-extra");
const notice = $("notice");
const hitList = $("hits");
const moreButton = $("more");
const statsLine = $("stats");
const reader = $("reader");
const readerBody = $("reader-body");
const PAGE_TITLE = document.title;

// A device with a mouse: focusing the box there is helpful; on a phone it throws up the keyboard.
const canHover = matchMedia("(hover: hover)").matches;
const numbers = new Intl.NumberFormat("ar");
const plural = new Intl.PluralRules("ar");

/** Arabic count phrases: the noun's form depends on the number (1, 2, 3–10, 11+). */
function countPhrase(n, forms) {
  if (n === 0) return forms.zero;
  const category = plural.select(n);
  if (category === "one") return forms.one;
  if (category === "two") return forms.two;
  const word = category === "few" ? forms.few : forms.many;
  return `${numbers.format(n)} ${word}`;
}
const RESULT_FORMS = { zero: "لا نتائج", one: "نتيجة واحدة", two: "نتيجتان", few: "نتائج", many: "نتيجة" };
const DOC_FORMS = { zero: "لا وثائق", one: "وثيقة واحدة", two: "وثيقتان", few: "وثائق", many: "وثيقة" };

function formatMs(ms) {
  const digits = ms < 1 ? 2 : ms < 10 ? 1 : 0;
  const format = new Intl.NumberFormat("ar", { maximumFractionDigits: digits, minimumFractionDigits: digits });
  return `${format.format(ms)} ميلي ثانية`;
}

function formatBytes(bytes) {
  if (bytes < 1024) return `${numbers.format(bytes)} بايت`;
  const kb = bytes / 1024;
  if (kb < 1024) {
    return `${new Intl.NumberFormat("ar", { maximumFractionDigits: kb < 10 ? 1 : 0 }).format(kb)} كيلوبايت`;
  }
  return `${new Intl.NumberFormat("ar", { maximumFractionDigits: 1 }).format(kb / 1024)} ميغابايت`;
}

/** A corpus date shown in Arabic when it is an ISO date, verbatim otherwise. */
function formatDate(raw) {
  if (/^\d{4}-\d{2}-\d{2}/.test(raw)) {
    const d = new Date(`${raw.slice(0, 10)}T00:00:00Z`);
    if (!Number.isNaN(d.getTime())) {
      return new Intl.DateTimeFormat("ar", { dateStyle: "long", timeZone: "UTC" }).format(d);
    }
  }
  return raw;
}

/** Only web links: a corpus `url` such as `javascript:` must never become a clickable href. */
function safeHttpUrl(raw) {
  try {
    const u = new URL(raw, location.href);
    return u.protocol === "https:" || u.protocol === "http:" ? u.href : null;
  } catch {
    return null;
  }
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Text that is not Arabic (a URL, a file name, an engine message) inside an Arabic sentence:
 *  isolated, in its own direction, so its punctuation stays where it belongs. */
function ltr(text) {
  const node = el("bdi", "ltr", text);
  node.dir = "ltr";
  return node;
}

// ---------------------------------------------------------------------------------------------
// Corpus text

// Explicit bidi controls: embeddings, overrides and isolates, with the names a reader can look up.
const BIDI_CONTROL_NAMES = {
  "\u202A": "LRE",
  "\u202B": "RLE",
  "\u202C": "PDF",
  "\u202D": "LRO",
  "\u202E": "RLO",
  "\u2066": "LRI",
  "\u2067": "RLI",
  "\u2068": "FSI",
  "\u2069": "PDI",
};
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
const HAS_BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;

/** Append corpus `text` to `parent` as text nodes. Each explicit bidi control goes in its own
 *  element with a `dir` (so it is isolated: an override inside ends at the element's end) and is
 *  labelled by CSS; the text keeps every character (textContent is the corpus text verbatim). */
function appendCorpusText(parent, text) {
  if (!HAS_BIDI_CONTROL.test(text)) {
    parent.append(text);
    return;
  }
  let pos = 0;
  for (const m of text.matchAll(BIDI_CONTROLS)) {
    if (m.index > pos) parent.append(text.slice(pos, m.index));
    const control = el("span", "bidi-control", m[0]);
    control.dir = "ltr";
    control.dataset.name = BIDI_CONTROL_NAMES[m[0]];
    control.title = `U+${m[0].codePointAt(0).toString(16).toUpperCase()} (${BIDI_CONTROL_NAMES[m[0]]})`;
    parent.append(control);
    pos = m.index + m[0].length;
  }
  if (pos < text.length) parent.append(text.slice(pos));
}

/** Append engine segments (`snippet`, `titleSegments`): matched words in <mark>. */
function appendSegments(parent, segments) {
  for (const seg of segments) {
    if (seg.hit) {
      const mark = el("mark");
      appendCorpusText(mark, seg.text);
      parent.append(mark);
    } else appendCorpusText(parent, seg.text);
  }
}

// ---------------------------------------------------------------------------------------------
// State

let index = null;
/** With ?index= a split folder: the SplitIndex of SearchIndex.open, whose pieces arrive as
 *  searches need them; `index` is then the synchronous index underneath it. */
let split = null;
let indexLabel = "";
let loadMs = 0;
/** The search on screen: what the list shows and how far paging has gone. `view` is the whole
 *  search (query, chosen chips, sort); `query` its text. */
const shown = { view: null, query: null, total: 0, count: 0, ms: 0 };
let activeSuggestion = -1;
let debounceTimer = 0;
let settleTimer = 0;
// True when the current history entry holds a finished search: the next edit pushes.
let entryIsSettled = true;
let offlineReady = false;

// ---------------------------------------------------------------------------------------------
// URL and history

/** The page's address for `view` (and the document `docId` open in the reader): ?q=, one
 *  parameter per chosen chip (?section=ثقافة&tags=كتب&tags=شعر), ?sort=date or date:asc. Other
 *  parameters (?index=) stay as they are. */
function urlFor(view, docId) {
  const url = new URL(location.href);
  const params = url.searchParams;
  if (view.query) params.set("q", view.query);
  else params.delete("q");
  for (const field of facetFields) params.delete(field.name);
  for (const [name, values] of view.chosen) for (const value of values) params.append(name, value);
  if (sortField && view.sort) params.set("sort", view.sort === "asc" ? `${sortField}:asc` : sortField);
  else params.delete("sort");
  if (docId) params.set("doc", docId);
  else params.delete("doc");
  return url.href;
}

/** The search a URL describes. Only chips the page offers and the sort it offers are read, so a
 *  parameter the page cannot show (and the reader could not remove) never narrows the results. */
function viewFromUrl(params) {
  const chosen = new Map();
  for (const field of facetFields) {
    const values = [...new Set(params.getAll(field.name).map((v) => v.trim()).filter(Boolean))];
    if (values.length) chosen.set(field.name, values);
  }
  let sort = "";
  const [name, direction = "desc"] = (params.get("sort") ?? "").split(":");
  if (sortField && name === sortField && (direction === "asc" || direction === "desc")) sort = direction;
  return { query: params.get("q") ?? "", chosen, sort };
}

/** Whether two views are the same search. */
function sameView(a, b) {
  if (!a || !b || a.query !== b.query || a.sort !== b.sort || a.chosen.size !== b.chosen.size) return false;
  for (const [name, values] of a.chosen) {
    const other = b.chosen.get(name);
    if (!other || other.length !== values.length || values.some((v, i) => other[i] !== v)) return false;
  }
  return true;
}

/** The view on screen with another query typed. */
const withQuery = (query) => ({ ...(shown.view ?? emptyView()), query });
const emptyView = () => ({ query: "", chosen: new Map(), sort: "" });

/** Record `view` in the address bar; `commit` marks the search as one the user settled on, and
 *  `push` makes it a history entry of its own even right after typing (a chip, the sort). */
function recordView(view, commit, push = false) {
  const target = urlFor(view, null);
  if (target !== location.href) {
    if (entryIsSettled || push) history.pushState({ q: view.query }, "", target);
    else history.replaceState({ q: view.query }, "", target);
    entryIsSettled = false;
  }
  clearTimeout(settleTimer);
  if (commit) entryIsSettled = true;
  else settleTimer = setTimeout(() => { entryIsSettled = true; }, SETTLE_MS);
}

window.addEventListener("popstate", () => {
  if (!index) return;
  const params = new URLSearchParams(location.search);
  const view = viewFromUrl(params);
  clearTimeout(debounceTimer);
  clearTimeout(settleTimer);
  entryIsSettled = true;
  if (input.value !== view.query) input.value = view.query;
  closeSuggestions();
  if (!sameView(view, shown.view)) showView(view);
  const docId = params.get("doc");
  if (docId) showDocument(docId, false);
  else if (reader.open) reader.close();
});

// ---------------------------------------------------------------------------------------------
// Query words, from the engine's analyser

/** The word the user is typing: the engine's last token of the query when only closing
 *  punctuation (a quote, say) follows it; none once a space ends the query. `start`/`end` are
 *  offsets in `query`, so a completion replaces exactly that word and keeps what surrounds it. */
function wordBeingTyped(query) {
  if (!query || query.trimEnd() !== query) return null;
  const base = Math.max(0, query.length - TYPING_TAIL);
  const tokens = analyze(query.slice(base));
  const last = tokens[tokens.length - 1];
  if (!last) return null;
  const start = base + last.start;
  const end = base + last.end;
  if (start === base && base > 0) return null; // a "word" longer than the tail: nothing to complete
  if (query.slice(end).trim() !== query.slice(end)) return null;
  return { text: query.slice(start, end), start, end };
}

/** The distinct searchable words of a query (stopwords left out, as the engine ignores them
 *  outside phrases), as the engine's analyser reads them. */
function queryWords(query) {
  const words = [];
  const seen = new Set();
  for (const tok of analyze(query.slice(0, 1024))) {
    if (tok.stopword || seen.has(tok.normalized)) continue;
    seen.add(tok.normalized);
    words.push(tok);
  }
  return words;
}

// ---------------------------------------------------------------------------------------------
// Steps that call the engine. On a split index an engine call throws "PiecesNeeded" when a piece
// it needs is not fetched yet: the whole step runs again (split.withPieces) once the pieces have
// arrived, so a step must change the page only after its engine calls or idempotently. A step
// superseded by a newer one of the same kind meanwhile (a later keystroke) is dropped.

const isPiecesNeeded = (err) => err?.name === "PiecesNeeded";
const stepTickets = new Map();

/** Run `step` (the synchronous page code of one action); its result, or on a split index a
 *  promise of it. */
function engineStep(kind, step) {
  if (!split) return step();
  const ticket = (stepTickets.get(kind) ?? 0) + 1;
  stepTickets.set(kind, ticket);
  const current = () => stepTickets.get(kind) === ticket;
  return split
    .withPieces(() => {
      if (!current()) return undefined;
      try {
        return step();
      } catch (err) {
        if (isPiecesNeeded(err) && kind === "view") setStatus("جارٍ جلب جزء من الفهرس…");
        throw err;
      }
    })
    .catch((err) => {
      if (!current()) return undefined;
      // Completions are extra: the search beside them says what went wrong, if anything did.
      if (kind === "suggest") console.warn("fahras: suggest failed", err);
      else if (!errorText(err).startsWith("SearchIndex.open: ")) showError(new PageError("تعذّر تنفيذ البحث.", { detail: errorText(err) }));
      else {
        showError(new PageError("تعذّر جلب جزء من الفهرس.", {
          explain: [["لم يصل جزء من الفهرس المقسَّم ", ltr(split.url), " يحتاجه هذا البحث. أعد المحاولة: يُجلب الجزء من جديد."]],
          detail: errorText(err),
        }));
      }
      return undefined;
    });
}

// ---------------------------------------------------------------------------------------------
// Searching and rendering

/** One page of `view`'s results from the engine; with the facet counts for the first page. */
function runSearch(view, offset) {
  const options = { limit: PAGE_SIZE, offset };
  if (view.chosen.size) {
    // Values chosen in one field widen each other (any); fields narrow each other.
    options.filters = Object.fromEntries([...view.chosen].map(([name, values]) => [name, { any: values }]));
  }
  if (view.sort) options.sort = { [sortField]: view.sort };
  if (offset === 0 && facetFields.length) options.facets = facetFields.map((f) => f.name);
  const started = performance.now();
  // An empty query with chips or a sort browses: the engine lists every document that passes.
  const res = index.search(view.query, options);
  return { res, ms: performance.now() - started };
}

/** Whether `view` asks the engine for anything: words, or (browsing) chips or a sort. */
const searchesSomething = (view) => Boolean(view.query.trim() || view.chosen.size || view.sort);

/** The words the engine marked in this hit (snippet and title), normalised: the reader marks
 *  these words wherever they occur in the document, exactly what the engine matched (matching
 *  stems here would light up روسيا while the user is still typing الر). */
function hitForms(hit) {
  const forms = new Set();
  for (const seg of [...(hit.snippet ?? []), ...(hit.titleSegments ?? [])]) {
    if (!seg.hit) continue;
    for (const tok of analyze(seg.text)) forms.add(tok.normalized);
  }
  return forms;
}

/** Append `text` to `parent`, wrapping the words whose form the engine matched in <mark>. */
function appendHighlighted(parent, text, forms) {
  if (!forms.size) {
    appendCorpusText(parent, text);
    return;
  }
  let pos = 0;
  for (const tok of analyze(text)) {
    if (!forms.has(tok.normalized)) continue;
    if (tok.start > pos) appendCorpusText(parent, text.slice(pos, tok.start));
    const mark = el("mark");
    appendCorpusText(mark, text.slice(tok.start, tok.end));
    parent.append(mark);
    pos = tok.end;
  }
  if (pos < text.length) appendCorpusText(parent, text.slice(pos));
}

/** A title as the engine gives it: with its matched words marked when the engine sends
 *  `titleSegments`, plain otherwise; the id only when the corpus has no title. */
function appendTitle(parent, doc, segments) {
  if (!doc.title) {
    parent.append(el("span", "doc-id", doc.id));
    return;
  }
  if (segments?.length) appendSegments(parent, segments);
  else appendCorpusText(parent, doc.title);
}

let hitCounter = 0;
/** The hits on screen, by id, so the reader shows what the list showed. */
let hitsById = new Map();

/** The two ends of each document seen in the results: whether a snippet starts or stops
 *  mid-document (shown as an ellipsis) depends on them. Only the ends are read from the engine
 *  (documentText), once per page load — never a 50 MB text per hit. */
const documentEnds = new Map();
// Longer than any snippet (the engine cuts one at 2 KB of text), so an excerpt near either end
// lies wholly inside that end.
const END_CHARS = 8 * 1024;
// Documents whose ends are remembered (the oldest is forgotten first): at most ~16 MB.
const ENDS_KEPT = 500;

function endsOf(id) {
  let ends = documentEnds.get(id);
  if (!ends) {
    const head = index.documentText(id, 0, 2 * END_CHARS);
    ends = !head || head.to >= head.length
      ? { whole: head?.text ?? "" }
      : { head: head.text.slice(0, END_CHARS), tail: index.documentText(id, head.length - END_CHARS).text };
    documentEnds.set(id, ends);
    if (documentEnds.size > ENDS_KEPT) documentEnds.delete(documentEnds.keys().next().value);
  }
  return ends;
}

/** Whether there is text before and after a hit's snippet in its document. */
function excerptCut(hit) {
  const excerpt = (hit.snippet ?? []).map((seg) => seg.text).join("");
  if (!excerpt) return { before: false, after: false };
  const ends = endsOf(hit.id);
  const around = (text, at) => ({
    before: text.slice(0, at).trim().length > 0,
    after: text.slice(at + excerpt.length).trim().length > 0,
  });
  if (ends.whole !== undefined) {
    const at = ends.whole.indexOf(excerpt);
    return at < 0 ? { before: false, after: false } : around(ends.whole, at);
  }
  const inHead = ends.head.indexOf(excerpt);
  const inTail = ends.tail.lastIndexOf(excerpt);
  return {
    before: inHead < 0 || around(ends.head, inHead).before,
    after: inTail < 0 || around(ends.tail, inTail).after,
  };
}

function renderHit(hit) {
  const li = el("li", "hit");
  const article = el("article");
  const heading = el("h2", "hit-title");
  const link = el("a");
  link.id = `hit-${hitCounter++}`;
  link.href = urlFor(shown.view, hit.id);
  link.dataset.id = hit.id;
  link.dir = "auto";
  hitsById.set(hit.id, hit);
  appendTitle(link, hit, hit.titleSegments);
  heading.append(link);
  article.append(heading);

  const meta = el("p", "meta");
  if (hit.date) {
    const time = el("time", "", formatDate(hit.date));
    time.dir = "auto";
    if (/^\d{4}-\d{2}-\d{2}/.test(hit.date)) time.dateTime = hit.date.slice(0, 10);
    meta.append(time);
  }
  const source = hit.url && safeHttpUrl(hit.url);
  if (source) {
    const a = el("a", "source", new URL(source).hostname || source);
    a.href = source;
    a.dir = "ltr";
    a.rel = "noopener noreferrer";
    a.target = "_blank";
    meta.append(a);
  }
  if (meta.childNodes.length) article.append(meta);

  const snippet = el("p", "snippet");
  snippet.dir = "auto";
  const segments = hit.snippet ?? [];
  appendSegments(snippet, segments);
  const cut = excerptCut(hit);
  if (cut.before) snippet.prepend(el("span", "ellipsis", "… "));
  if (cut.after) snippet.append(el("span", "ellipsis", " …"));
  article.append(snippet);
  li.append(article);
  return li;
}

function setState(state) {
  results.dataset.state = state;
  // Only a failure interrupts a screen reader; the count is announced politely by #status.
  if (state === "error") notice.setAttribute("role", "alert");
  else notice.removeAttribute("role");
}

/** The live region says how many results there are, and nothing else: it is read out on every
 *  change, and a timing that changes with each keystroke would be read out with it. What is
 *  shown and how long it took are visible beside it, outside the live region. */
function updateStatus() {
  statusLine.textContent = countPhrase(shown.total, RESULT_FORMS);
  const extra = [];
  if (shown.total > shown.count) extra.push(`يُعرض ${numbers.format(shown.count)}`);
  extra.push(formatMs(shown.ms));
  statusExtra.textContent = ` · ${extra.join(" · ")}`;
  results.dataset.total = String(shown.total);
  results.dataset.query = shown.query;
  results.dataset.refine = refineKey(shown.view);
  const remaining = shown.total - shown.count;
  moreButton.hidden = remaining <= 0;
  if (remaining > 0) moreButton.textContent = `المزيد من النتائج (${numbers.format(remaining)} متبقية)`;
}

function setStatus(text) {
  statusLine.textContent = text;
  statusExtra.textContent = "";
}

function hideNotice() {
  notice.hidden = true;
  notice.replaceChildren();
  delete notice.dataset.missingDoc;
}

function showNotice(...nodes) {
  notice.replaceChildren(...nodes);
  delete notice.dataset.missingDoc;
  notice.hidden = false;
}

/** Show `view` from its first result. */
function showView(view) {
  return engineStep("view", () => renderView(view));
}

/** The new list is built off-DOM and swapped in once. */
function renderView(view) {
  const { query } = view;
  shown.view = view;
  shown.query = query;
  // History menus and tabs list searches by title: the words, or the chips when browsing.
  const label = query.trim() || [...view.chosen.values()].flat().join("، ");
  document.title = label ? `${label} — فهرس` : PAGE_TITLE;
  if (!searchesSomething(view)) {
    shown.total = 0;
    shown.count = 0;
    hitsById = new Map();
    hitList.replaceChildren();
    moreButton.hidden = true;
    results.dataset.query = "";
    results.dataset.refine = "";
    results.dataset.total = "0";
    showRefine(view, corpusFacets());
    showExamples();
    return;
  }
  let res, ms;
  try {
    ({ res, ms } = runSearch(view, 0));
  } catch (err) {
    if (isPiecesNeeded(err)) throw err;
    // The engine promises that no query throws; if one does, say so instead of going blank.
    showError(new PageError("تعذّر تنفيذ البحث.", { detail: errorText(err) }));
    return;
  }
  showRefine(view, res.facets);
  shown.total = res.total;
  shown.count = res.hits.length;
  shown.ms = ms;
  hitsById = new Map();
  const fresh = document.createDocumentFragment();
  for (const hit of res.hits) fresh.append(renderHit(hit));
  hitList.replaceChildren(fresh);
  // Completions come from the whole corpus: with chips chosen they would find nothing either,
  // and the advice to give is about the chips.
  if (res.total === 0 && query.trim() && !view.chosen.size && showCompletions(query)) return;
  updateStatus();
  if (res.total === 0) showNoResults(view, res);
  else {
    setState("results");
    if (res.suggestion && res.suggestion !== query.trim()) showRespelling(query, res.suggestion);
    else hideNotice();
  }
}

/** A word being typed that finds nothing yet but has completions (one letter, say) is not a
 *  failed search: show the completions — in the list under the box when it has focus, as chips
 *  otherwise (a shared link) — and no "no results". */
function showCompletions(query) {
  const word = wordBeingTyped(query);
  if (!word) return false;
  let completions;
  try {
    completions = index.suggest(word.text, SUGGESTION_COUNT);
  } catch (err) {
    if (isPiecesNeeded(err)) throw err;
    return false;
  }
  if (!completions.length) return false;
  setState("typing");
  results.dataset.total = "0";
  results.dataset.query = query;
  results.dataset.refine = refineKey(shown.view);
  moreButton.hidden = true;
  setStatus("");
  if (document.activeElement === input) {
    hideNotice();
    return true;
  }
  const chips = el("div", "chips completions");
  for (const text of completions) chips.append(exampleButton(completedQuery(query, word, text), text));
  showNotice(el("p", "notice-title", "أكمل الكلمة:"), chips);
  return true;
}

function showMore() {
  return engineStep("more", renderMore);
}

function renderMore() {
  let res, ms;
  try {
    ({ res, ms } = runSearch(shown.view, shown.count));
  } catch (err) {
    if (isPiecesNeeded(err)) throw err;
    showError(new PageError("تعذّر تحميل المزيد من النتائج.", { detail: errorText(err) }));
    return;
  }
  const fresh = document.createDocumentFragment();
  for (const hit of res.hits) fresh.append(renderHit(hit));
  const firstNew = fresh.firstElementChild;
  hitList.append(fresh);
  shown.count += res.hits.length;
  shown.ms = ms;
  updateStatus();
  // Keep the keyboard where the reading continues rather than on a button that may vanish.
  firstNew?.querySelector("a")?.focus();
}

function exampleButton(query, label) {
  const b = el("button", "chip", label ?? query);
  b.type = "button";
  b.dir = "auto";
  b.dataset.query = query;
  return b;
}

/** Results that came through typo tolerance: say so, and offer the spelling the engine found. */
function showRespelling(query, suggestion) {
  const offer = el("p", "did-you-mean");
  offer.append(
    "نتائج لكلمات قريبة من ",
    el("q", "echo", query.trim()),
    ". هل تقصد: ",
    exampleButton(suggestion),
    "؟",
  );
  showNotice(offer);
}

/** Why a query found nothing, from what the engine answers (never from parsing the query here):
 *  - no words at all (punctuation, diacritics only), or only stopwords;
 *  - words the corpus does not have;
 *  - words it has, yet nothing left: either an exclusion removed the documents (a search of
 *    only exclusions removes from nothing), or a phrase's words never come in that order. The
 *    engine tells them apart: a word of the query added to it finds fewer documents than the
 *    word alone only if something in the query excludes some of them (a required phrase that
 *    matches nothing leaves the word's documents as they are: the engine returns the documents
 *    that match the most of the query). */
function noResultsReason(view) {
  const { query } = view;
  // The chips left nothing out of documents the words (or, browsing, the corpus) do find.
  if (view.chosen.size) {
    const unfiltered = query.trim() ? index.search(query, { limit: 1 }).total : index.stats.documents;
    if (unfiltered > 0) return { kind: "filtered" };
  }
  const words = queryWords(query);
  if (!words.length) return { kind: analyze(query.slice(0, 1024)).length ? "stopwords" : "no-words" };
  const count = (q) => index.search(q, { limit: 1, prefix: false, fuzzy: false }).total;
  const totals = words.map((w) => count(w.text));
  const missing = words.filter((w, i) => totals[i] === 0);
  if (missing.length) return { kind: "unknown-words", words: missing };
  const excluded = words.some((w, i) => count(`${w.text} ${query}`) < totals[i]);
  return { kind: excluded ? "excluded" : "phrase" };
}

function showNoResults(view, res) {
  const { query } = view;
  setState("no-results");
  const line = el("p", "notice-title");
  if (query.trim()) line.append("لا توجد نتائج لـ ", el("q", "echo", query.trim()), ".");
  else line.append("لا توجد نتائج.");
  const box = [line];
  if (res.suggestion && res.suggestion !== query.trim()) {
    const offer = el("p", "did-you-mean");
    offer.append("هل تقصد: ", exampleButton(res.suggestion), "؟");
    box.push(offer);
  }
  const reason = noResultsReason(view);
  const advice = el("p", "advice");
  advice.dataset.reason = reason.kind;
  if (reason.kind === "filtered") {
    advice.append(query.trim()
      ? "في الوثائق نتائج لهذا البحث، لكن ليس فيما اخترته أعلاه: ألغِ اختيارًا لتراها."
      : "لا وثيقة تجمع كل ما اخترته أعلاه: ألغِ اختيارًا لترى غيرها.");
  } else if (reason.kind === "no-words") {
    advice.append("ليس في البحث كلمة يُبحث عنها: اكتب كلمة أو أكثر.");
  } else if (reason.kind === "stopwords") {
    advice.append("كلمات البحث كلها من الكلمات الشائعة جدًا (مثل «في» و«من») التي لا يُبحث عنها وحدها: أضف كلمة أخرى، أو ضعها مع غيرها بين علامتي تنصيص لعبارة كاملة.");
  } else if (reason.kind === "unknown-words") {
    const list = el("span");
    reason.words.forEach((w, i) => {
      if (i) list.append("، ");
      list.append(el("q", "word", w.text));
    });
    advice.append(reason.words.length > 1 ? "لا ترد هذه الكلمات في الوثائق: " : "لا ترد هذه الكلمة في الوثائق: ", list, ". جرّب كلمة أخرى أو صيغة أقصر.");
  } else if (reason.kind === "excluded") {
    advice.append(
      "علامة الطرح قبل كلمة (",
      ltr("-كلمة"),
      ") تستبعد الوثائق التي فيها تلك الكلمة من نتائج الكلمات الأخرى، ولم يبقَ هنا شيء. اكتب كلمة تبحث عنها بلا علامة، أو احذف الاستبعاد.",
    );
  } else {
    advice.append("كلمات البحث موجودة، لكنها لا تأتي متتالية بهذا الترتيب في أي وثيقة: أزل علامات التنصيص لتجد الوثائق التي فيها الكلمات كلها.");
  }
  box.push(advice);
  showNotice(...box);
}

/** Let the page handle input and paint between two engine calls: deriving the examples takes a
 *  few dozen searches, and on a corpus with a 50 MB document each can take a fraction of a second. */
const yieldToPage = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Example searches drawn from the corpus itself, never a fixed list: the commonest completions
 *  of each letter (words of four letters and up, one per stem) that find documents, the broadest
 *  three plus two narrower ones, and a phrase from a matching title to show that quotes work.
 *  Derived once, a search at a time, after the page is ready. */
async function corpusExamples() {
  const letters = Array.from("ابتثجحخدذرزسشصضطظعغفقكلمنهوي");
  const seen = new Set();
  const candidates = [];
  for (const [letterRank, letter] of letters.entries()) {
    for (const [rank, word] of index.suggest(letter, 3).entries()) {
      const [token] = analyze(word);
      if (!token) continue;
      // One example per stem: ٱللَّهِ, وَٱللَّهُ and بِٱللَّهِ would be the same search three times.
      const key = token.stem || token.normalized;
      // Short words are mostly particles; four letters and up make better examples.
      if (Array.from(token.normalized).length < 4 || seen.has(key)) continue;
      seen.add(key);
      await yieldToPage();
      const total = index.search(word, { limit: 1, prefix: false, fuzzy: false }).total;
      if (total > 0) candidates.push({ word, total, order: rank * letters.length + letterRank });
    }
  }
  candidates.sort((a, b) => b.total - a.total || a.order - b.order);
  const picks = candidates.slice(0, 3);
  // A couple of narrower terms from the middle of the list make the examples less samey.
  const rest = candidates.slice(3);
  for (const frac of [0.35, 0.7]) {
    if (picks.length >= EXAMPLE_COUNT || !rest.length) break;
    const c = rest[Math.floor(frac * (rest.length - 1))];
    if (!picks.includes(c)) picks.push(c);
  }
  const examples = picks.map((c) => c.word);
  await yieldToPage();
  const phrase = titlePhrase(examples[0]);
  if (phrase) examples.push(phrase);
  return examples;
}

/** Two neighbouring words of the top title for `word`, as a quoted phrase that finds it. The
 *  words are the engine's tokens, written as in the title. */
function titlePhrase(word) {
  if (!word) return null;
  const top = index.search(word, { limit: 1 }).hits[0];
  if (!top?.title) return null;
  const tokens = analyze(top.title).filter((t) => !t.stopword && Array.from(t.normalized).length >= 3);
  for (let i = 0; i + 1 < tokens.length; i++) {
    const [a, b] = [tokens[i], tokens[i + 1]];
    if (top.title.slice(a.end, b.start).trim()) continue; // not neighbours
    const phrase = `"${a.text} ${b.text}"`;
    if (index.search(phrase, { limit: 1, fuzzy: false }).total > 0) return phrase;
  }
  return null;
}

let examples = null; // a promise of the example searches, derived once

function showExamples() {
  setState("empty");
  setStatus(`ابحث في ${countPhrase(index.stats.documents, DOC_FORMS)}.`);
  hideNotice();
  // Not on a split index: deriving them takes dozens of searches, each fetching pieces before the
  // reader's own first search could.
  examples ??= (split ? Promise.resolve([]) : corpusExamples()).catch((err) => {
    console.warn("fahras: could not derive example searches", err);
    return [];
  });
  examples.then((list) => {
    // Only onto the start page, and only if it is still what the page shows.
    if (!list.length || results.dataset.state !== "empty" || notice.querySelector(".examples")) return;
    const chips = el("div", "chips examples");
    for (const q of list) chips.append(exampleButton(q));
    notice.append(el("p", "notice-title", "جرّب:"), chips);
    notice.hidden = false;
    results.dataset.examples = "ready";
  });
}

// ---------------------------------------------------------------------------------------------
// Refining: facet chips and the date sort. Which fields get chips comes from the engine
// (`index.stats.fields`), every count from its `facets`, every narrowed or reordered list from
// its `filters` and `sort`: the page only shows them and keeps the choice in the URL.

const refine = $("refine");
const facetBox = $("facets");
const sortControl = $("sort-control");
const sortSelect = $("sort");
/** The fields offered as chips, in the order shown: [{ name, label }]. */
let facetFields = [];
/** The date field the sort control orders by, or null when the index has none. */
let sortField = null;
/** The counts on screen (the engine's `facets`), kept to redraw a field opened with "more". */
let shownFacets = undefined;
const expandedFields = new Set();
// Chip rows above the results: more would push the results off a phone's first screen.
const MAX_FACET_FIELDS = 3;
// Values shown per field before a "more" button (the rest are one press away).
const VALUES_SHOWN = 8;
// A field with more values than this is a vocabulary, not a list to pick from (114 surahs are).
const MAX_FACET_VALUES = 250;
// Names that are addresses, identifiers or free text, never categories, however few they are.
const NOT_A_CATEGORY = /^(id|ids|url|urls|link|href|path|slug|title|text|summary|description|excerpt|image|dateText)$|(Url|Id|_url|_id|Link)$/;
// The page's own URL parameters: a field of the same name gets no chips.
const RESERVED_PARAMS = new Set(["q", "doc", "index", "sort"]);
// Arabic labels for common field names; any other name is shown as written, isolated.
const FIELD_LABELS = {
  section: "القسم", sections: "الأقسام", category: "التصنيف", categories: "التصنيفات",
  tag: "الوسم", tags: "الوسوم", topic: "الموضوع", topics: "الموضوعات", keywords: "الكلمات المفتاحية",
  author: "الكاتب", authors: "الكتّاب", book: "الكتاب", books: "الكتب", surah: "السورة", sura: "السورة",
  chapter: "الباب", grade: "الدرجة", narrator: "الراوي", type: "النوع", kind: "النوع",
  genre: "النوع الأدبي", language: "اللغة", lang: "اللغة", source: "المصدر", publisher: "الناشر",
  country: "البلد", city: "المدينة", region: "المنطقة", year: "السنة", series: "السلسلة", date: "التاريخ",
};

/** `object[key]` when it is the object's own (a field named "constructor" is no label). */
const ownValue = (object, key) => (object && Object.hasOwn(object, key) ? object[key] : undefined);

/** Choose the chip fields and the sort field from what the engine says the index holds. A field
 *  gets chips when its values are categories a reader picks from: strings or lists of strings,
 *  at least two values, and for a single-valued field at most one value per two documents (one
 *  value per document is an id or a title, not a category). Fewest values first: the broadest
 *  division (a section) above the finer ones (tags). */
function setUpRefine() {
  const { fields = {}, documents } = index.stats;
  const entries = Object.entries(fields);
  facetFields = entries
    .filter(([name, f]) => !RESERVED_PARAMS.has(name) && !NOT_A_CATEGORY.test(name))
    .filter(([, f]) => f.values >= 2 && f.values <= MAX_FACET_VALUES)
    .filter(([, f]) => f.type === "string[]" || (f.type === "string" && f.values * 2 <= documents))
    .sort(([a, fa], [b, fb]) => fa.values - fb.values || (a < b ? -1 : 1))
    .slice(0, MAX_FACET_FIELDS)
    .map(([name]) => ({ name, label: ownValue(FIELD_LABELS, name.toLowerCase()) ?? null }));
  const dates = entries.filter(([, f]) => f.type === "date" && f.values >= 2).map(([name]) => name);
  sortField = dates.includes("date") ? "date" : (dates[0] ?? null);
  sortControl.hidden = !sortField;
}

/** The chosen chips and sort of `view` as text, for tests and styles to read (data-refine). */
function refineKey(view) {
  if (!view) return "";
  const parts = [];
  for (const [name, values] of view.chosen) for (const value of values) parts.push(`${name}=${value}`);
  if (view.sort) parts.push(`sort=${view.sort}`);
  return parts.join("&");
}

let everything; // the engine's counts over the whole corpus, asked once for the start page
/** The facet counts over every document (the start page, before anything is typed or chosen):
 *  an empty query with facets browses, so its counts are the whole corpus's. */
function corpusFacets() {
  if (!facetFields.length) return undefined;
  if (everything === undefined) {
    try {
      everything = index.search("", { facets: facetFields.map((f) => f.name), limit: 1, snippets: false }).facets ?? null;
    } catch (err) {
      if (isPiecesNeeded(err)) throw err;
      console.warn("fahras: no facet counts for the whole corpus", err);
      everything = null;
    }
  }
  return everything ?? undefined;
}

function fieldName(field) {
  const name = el("span", "facet-name");
  if (field.label) name.textContent = field.label;
  else {
    const raw = el("bdi", "", field.name);
    raw.dir = "auto";
    name.append(raw);
  }
  return name;
}

function facetChip(field, value, count, pressed) {
  const b = el("button", "chip facet-value");
  b.type = "button";
  b.dataset.field = field.name;
  b.dataset.value = value;
  b.dataset.count = String(count);
  b.setAttribute("aria-pressed", String(pressed));
  const text = el("bdi");
  text.dir = "auto";
  appendCorpusText(text, value);
  b.append(text, " ", el("span", "count", numbers.format(count)));
  return b;
}

/** Draw the chips of `view` with the engine's counts `facets` (undefined: no counts known, so only
 *  the chosen chips, which must stay removable). Keyboard focus stays on the chip it was on. */
function showRefine(view, facets) {
  shownFacets = facets;
  if (!facetFields.length && !sortField) return;
  sortSelect.value = view.sort;
  const focused = document.activeElement?.closest?.("#facets button");
  const focusKey = focused ? [focused.dataset.field, focused.dataset.value, focused.dataset.action] : null;
  const fresh = document.createDocumentFragment();
  facetFields.forEach((field, i) => {
    const chosen = view.chosen.get(field.name) ?? [];
    // The engine's values in the engine's order; a chosen value it did not count stays, at 0.
    const counts = Object.entries(ownValue(facets, field.name) ?? {});
    for (const value of chosen) if (!counts.some(([v]) => v === value)) counts.push([value, 0]);
    if (!counts.length) return;
    const open = expandedFields.has(field.name) || counts.length <= VALUES_SHOWN + 1;
    const shownValues = open ? counts : counts.filter(([v], j) => j < VALUES_SHOWN || chosen.includes(v));
    const group = el("div", "facet");
    group.setAttribute("role", "group");
    group.dataset.field = field.name;
    const name = fieldName(field);
    name.id = `facet-name-${i}`;
    group.setAttribute("aria-labelledby", name.id);
    group.append(name);
    for (const [value, count] of shownValues) group.append(facetChip(field, value, count, chosen.includes(value)));
    if (counts.length > VALUES_SHOWN + 1) {
      const more = el("button", "facet-more", open ? "أقل" : `+${numbers.format(counts.length - shownValues.length)} أخرى`);
      more.type = "button";
      more.dataset.field = field.name;
      more.dataset.action = "more";
      more.setAttribute("aria-expanded", String(open));
      group.append(more);
    }
    fresh.append(group);
  });
  if (view.chosen.size) {
    const clear = el("button", "facet-clear", "إلغاء الاختيار");
    clear.type = "button";
    clear.dataset.action = "clear";
    fresh.append(clear);
  }
  facetBox.replaceChildren(fresh);
  refine.hidden = !facetBox.childElementCount && !sortField;
  if (focusKey) {
    const [field, value, action] = focusKey;
    const buttons = Array.from(facetBox.querySelectorAll("button"));
    const same = buttons.find((b) => b.dataset.field === field && b.dataset.value === value && b.dataset.action === action);
    const near = same ?? facetBox.querySelector(`.facet[data-field="${CSS.escape(field ?? "")}"] button`) ?? buttons[0];
    (near ?? input).focus();
  }
}

facetBox.addEventListener("click", (e) => {
  const b = e.target.closest("button");
  if (!b || !shown.view) return;
  const base = withQuery(input.value);
  if (b.dataset.action === "more") {
    if (expandedFields.has(b.dataset.field)) expandedFields.delete(b.dataset.field);
    else expandedFields.add(b.dataset.field);
    showRefine(shown.view, shownFacets);
    return;
  }
  if (b.dataset.action === "clear") {
    commitView({ ...base, chosen: new Map() }, true);
    return;
  }
  const { field, value } = b.dataset;
  const values = base.chosen.get(field) ?? [];
  const next = values.includes(value) ? values.filter((v) => v !== value) : [...values, value];
  // In the order of the fields on screen, so the URL of a choice does not depend on its history.
  const chosen = new Map();
  for (const f of facetFields) {
    const vals = f.name === field ? next : base.chosen.get(f.name);
    if (vals?.length) chosen.set(f.name, vals);
  }
  commitView({ ...base, chosen }, true);
});

sortSelect.addEventListener("change", () => {
  commitView({ ...withQuery(input.value), sort: sortSelect.value }, true);
});

// ---------------------------------------------------------------------------------------------
// Errors: an Arabic headline, an Arabic explanation, and the technical detail (usually English,
// from the browser or the engine) isolated in its own direction so its punctuation stays put.

class PageError extends Error {
  /** @param {string} headline @param {{ explain?: (string|Node)[][], detail?: string }} parts */
  constructor(headline, { explain = [], detail = "" } = {}) {
    super(detail ? `${headline} ${detail}` : headline);
    this.headline = headline;
    this.explain = explain;
    this.detail = detail;
  }
}

function errorText(err) {
  return String(err?.message ?? err);
}

function showError(err) {
  setState("error");
  const box = [el("p", "notice-title", err.headline ?? "حدث خطأ.")];
  for (const parts of err.explain ?? []) {
    const p = el("p", "error-explain");
    p.append(...parts);
    box.push(p);
  }
  const detail = err instanceof PageError ? err.detail : errorText(err);
  if (detail) {
    const p = el("p", "error-detail");
    const code = ltr(detail);
    code.lang = "en";
    p.append("التفاصيل التقنية: ", code);
    box.push(p);
  }
  showNotice(...box);
  // The notice (role=alert) says it once; the status line would only repeat it.
  setStatus("");
  hitList.replaceChildren();
  moreButton.hidden = true;
}

// ---------------------------------------------------------------------------------------------
// Suggestions (a listbox owned by the combobox input; focus stays in the input)

function updateSuggestions(query) {
  return engineStep("suggest", () => renderSuggestions(query));
}

function renderSuggestions(query) {
  const word = document.activeElement === input ? wordBeingTyped(query) : null;
  if (!word) return closeSuggestions();
  const typed = normalize(word.text);
  if (!typed) return closeSuggestions();
  let items;
  try {
    // A completion equal to what is typed adds nothing.
    items = index.suggest(word.text, SUGGESTION_COUNT).filter((s) => normalize(s) !== typed);
  } catch (err) {
    if (isPiecesNeeded(err)) throw err;
    console.warn("fahras: suggest failed", err); // the search itself still answers
    items = [];
  }
  if (!items.length) return closeSuggestions();
  const fresh = document.createDocumentFragment();
  items.forEach((text, i) => {
    const option = el("li", "option", text);
    option.id = `suggestion-${i}`;
    option.dir = "auto";
    option.setAttribute("role", "option");
    option.setAttribute("aria-selected", "false");
    option.dataset.value = text;
    fresh.append(option);
  });
  listbox.replaceChildren(fresh);
  listbox.hidden = false;
  input.setAttribute("aria-expanded", "true");
  activeSuggestion = -1;
  input.removeAttribute("aria-activedescendant");
}

function closeSuggestions() {
  if (listbox.hidden) return;
  listbox.hidden = true;
  listbox.replaceChildren();
  input.setAttribute("aria-expanded", "false");
  input.removeAttribute("aria-activedescendant");
  activeSuggestion = -1;
}

function setActiveSuggestion(i) {
  const options = listbox.querySelectorAll("[role=option]");
  options.forEach((o, j) => o.setAttribute("aria-selected", String(i === j)));
  activeSuggestion = i;
  if (i >= 0) {
    input.setAttribute("aria-activedescendant", options[i].id);
    options[i].scrollIntoView({ block: "nearest" });
  } else input.removeAttribute("aria-activedescendant");
}

/** `query` with the word being typed replaced by `completion`; what surrounds the word (a minus
 *  before it, the closing quote of a phrase after it) stays. The trailing space ends prefix
 *  matching: the word is complete. */
function completedQuery(query, word, completion) {
  return `${query.slice(0, word.start)}${completion}${query.slice(word.end)} `;
}

function applySuggestion(text) {
  const query = input.value;
  const word = wordBeingTyped(query);
  const value = word ? completedQuery(query, word, text) : `${query}${text} `;
  input.value = value;
  closeSuggestions();
  commitQuery(value);
  input.focus();
}

// ---------------------------------------------------------------------------------------------
// Input handling

function commitQuery(query) {
  commitView(withQuery(query));
}

/** Show `view` (if it is not on screen) and make it a settled history entry; `push` for a
 *  choice that is a step of its own (a chip, the sort), even right after typing. */
function commitView(view, push = false) {
  clearTimeout(debounceTimer);
  debounceTimer = 0;
  // (The same search again after an error runs again: a piece that could not be fetched is retried.)
  if (!sameView(view, shown.view) || results.dataset.state === "error") showView(view);
  recordView(view, true, push);
}

function searchAsTyped() {
  debounceTimer = 0;
  const view = withQuery(input.value);
  showView(view);
  updateSuggestions(view.query);
  recordView(view, false);
}

input.addEventListener("input", (e) => {
  if (e.isComposing) return;
  clearTimeout(debounceTimer);
  const wait = Math.min(MAX_DEBOUNCE_MS, Math.max(DEBOUNCE_MS, 2 * shown.ms));
  debounceTimer = setTimeout(searchAsTyped, wait);
});

/** Keys that act on the list must act on the list for what is in the box now. */
function flushTyping() {
  if (!debounceTimer) return;
  clearTimeout(debounceTimer);
  searchAsTyped();
}

function resultLinks() {
  return Array.from(hitList.querySelectorAll(".hit-title a"));
}

/** Keyboard stops after the input, in order: each result, then the "more" button. */
function resultStops() {
  const stops = resultLinks();
  if (!moreButton.hidden) stops.push(moreButton);
  return stops;
}

input.addEventListener("keydown", (e) => {
  if (e.isComposing) return;
  if (e.key === "ArrowDown" || e.key === "ArrowUp") flushTyping();
  const options = listbox.hidden ? 0 : listbox.querySelectorAll("[role=option]").length;
  switch (e.key) {
    case "ArrowDown": {
      e.preventDefault();
      if (activeSuggestion < options - 1) {
        setActiveSuggestion(activeSuggestion + 1);
        return;
      }
      const first = resultStops()[0];
      if (first) {
        closeSuggestions();
        first.focus();
      }
      return;
    }
    case "ArrowUp":
      if (options) {
        e.preventDefault();
        setActiveSuggestion(activeSuggestion > 0 ? activeSuggestion - 1 : options - 1);
      }
      return;
    case "Enter":
      e.preventDefault();
      if (options && activeSuggestion >= 0) {
        applySuggestion(listbox.querySelectorAll("[role=option]")[activeSuggestion].dataset.value);
      } else {
        closeSuggestions();
        commitQuery(input.value);
      }
      return;
    case "Escape":
      e.preventDefault();
      if (options) closeSuggestions();
      else if (input.value) {
        input.value = "";
        commitQuery("");
      }
      return;
    default:
  }
});

input.addEventListener("blur", () => {
  closeSuggestions();
  // The completions of a word being typed stay on screen, as chips, when the box loses focus.
  if (results.dataset.state === "typing" && !debounceTimer) showCompletions(input.value);
});

// Pressing on the list must not take focus (and the caret) from the input; the choice is made on
// click, so a finger that starts scrolling the list does not pick what it first touched.
listbox.addEventListener("mousedown", (e) => e.preventDefault());
listbox.addEventListener("click", (e) => {
  const option = e.target.closest("[role=option]");
  if (option) applySuggestion(option.dataset.value);
});

form.addEventListener("submit", (e) => {
  e.preventDefault();
  commitQuery(input.value);
});

hitList.addEventListener("keydown", (e) => moveThroughResults(e));
moreButton.addEventListener("keydown", (e) => moveThroughResults(e));

function moveThroughResults(e) {
  const stops = resultStops();
  const at = stops.indexOf(document.activeElement);
  if (at < 0) return;
  if (e.key === "ArrowDown") {
    e.preventDefault();
    stops[Math.min(at + 1, stops.length - 1)].focus();
  } else if (e.key === "ArrowUp") {
    e.preventDefault();
    if (at === 0) focusInput();
    else stops[at - 1].focus();
  } else if (e.key === "Escape") {
    e.preventDefault();
    focusInput();
  }
}

function focusInput() {
  input.focus();
  const end = input.value.length;
  input.setSelectionRange(end, end);
}

moreButton.addEventListener("click", showMore);

notice.addEventListener("click", (e) => {
  const chip = e.target.closest("button[data-query]");
  if (!chip) return;
  input.value = chip.dataset.query;
  commitQuery(chip.dataset.query);
  if (canHover) focusInput();
});

hitList.addEventListener("click", (e) => {
  const link = e.target.closest(".hit-title a");
  // Modified clicks keep their browser meaning (new tab with ?doc=).
  if (!link || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  showDocument(link.dataset.id, true, link);
});

// ---------------------------------------------------------------------------------------------
// Reader: one document, with the words the search matched marked. A document is rendered a step
// at a time (READER_STEP characters): the first screen at once, from the paragraph of the
// snippet the user clicked, then more as the reader scrolls towards either end. Nothing scans or
// analyses the whole text: paragraph ends are looked for within one step, and only rendered text
// is analysed for highlights.

let readerReturnFocus = null;

// How much text the reader reads from the engine at once: several pieces, so scrolling asks the
// engine again only every few steps.
const READER_WINDOW = 8 * READER_STEP;

/** The text of stored document `id` (UTF-16 `length` units) as the reader sees it: `slice` as a
 *  string's, served from a window read through index.documentText, so the whole text is never
 *  copied out of the engine. */
function documentTextWindow(id, length) {
  let window = { from: 0, to: 0, text: "" };
  return {
    length,
    slice(from, to) {
      from = Math.max(0, Math.min(from, length));
      to = Math.max(from, Math.min(to, length));
      if (from < window.from || to > window.to) {
        // Around the request, mostly ahead of it (the reader reads forward more than back). The
        // engine moves ends off a surrogate pair backwards, so the window still covers [from, to).
        const part = index.documentText(id, from - READER_WINDOW / 4, Math.max(to, from + READER_WINDOW));
        window = { from: part.from, to: part.to, text: part.text };
      }
      return window.text.slice(from - window.from, to - window.from);
    },
    at(i) {
      return this.slice(i, i + 1);
    },
  };
}

/** The document being read: its text, the part [front, back) rendered so far, and the words to
 *  mark. `floor` skips an opening line that repeats the title. */
let reading = null;

const topSentinel = el("div", "sentinel");
const bottomSentinel = el("div", "sentinel");
topSentinel.setAttribute("aria-hidden", "true");
bottomSentinel.setAttribute("aria-hidden", "true");
const readerObserver = new IntersectionObserver(() => scheduleFill(), {
  root: readerBody,
  rootMargin: `${READER_AHEAD * 100}% 0px`,
});

/** Where a piece starting at `pos` ends: at the paragraph's end if it is within one step, else at
 *  a space (or, in a giant word, anywhere not inside a surrogate pair) one step on. */
function pieceEnd(text, pos) {
  const limit = Math.min(text.length, pos + READER_STEP);
  const newline = text.slice(pos, limit).indexOf("\n");
  if (newline >= 0) return { end: pos + newline, closes: true };
  if (limit === text.length) return { end: limit, closes: true };
  const space = text.slice(pos, limit).lastIndexOf(" ");
  let end = space > 0 ? pos + space : limit;
  if (/[\uDC00-\uDFFF]/.test(text.at(end))) end--;
  return { end, closes: false };
}

/** Where a piece ending at `end` starts (the mirror of pieceEnd). */
function pieceStart(text, end, floor) {
  const limit = Math.max(floor, end - READER_STEP);
  const newline = text.slice(limit, end).lastIndexOf("\n");
  if (newline >= 0) return { start: limit + newline + 1, opens: true };
  if (limit === floor) return { start: floor, opens: true };
  const space = text.slice(limit, end).indexOf(" ");
  let start = space >= 0 ? limit + space + 1 : limit;
  if (/[\uDC00-\uDFFF]/.test(text.at(start))) start++;
  return { start, opens: false };
}

function newParagraph() {
  const p = el("p");
  p.dir = "auto";
  return p;
}

/** Render one more piece after what is on screen; false when the end is reached. */
function renderForward() {
  const r = reading;
  if (r.back >= r.text.length) return false;
  const { end, closes } = pieceEnd(r.text, r.back);
  const piece = r.text.slice(r.back, end);
  if (!r.backOpen) r.backP = null;
  if (piece.trim() || r.backP) {
    if (!r.backP) {
      r.backP = newParagraph();
      bottomSentinel.before(r.backP);
      if (!r.frontP) r.frontP = r.backP;
    }
    appendHighlighted(r.backP, piece, r.forms);
  }
  r.backOpen = !closes;
  r.back = closes ? end + 1 : end;
  r.rendered += piece.length;
  return true;
}

/** Render one more piece before what is on screen, keeping the text in view where it was. */
function renderBackward() {
  const r = reading;
  if (r.front <= r.floor) return false;
  // The text just before `front`: the rest of the first paragraph on screen, or (after a
  // newline) the end of the paragraph before it.
  const startsParagraph = r.text.at(r.front - 1) === "\n";
  const end = startsParagraph ? r.front - 1 : r.front;
  const { start } = pieceStart(r.text, end, r.floor);
  const piece = r.text.slice(start, end);
  const height = readerBody.scrollHeight;
  if (piece.trim() || !startsParagraph) {
    let p;
    if (!startsParagraph && r.frontP) {
      // Continue the paragraph on screen backwards: the piece goes before its first node.
      p = r.frontP;
      const holder = document.createDocumentFragment();
      const tmp = newParagraph();
      appendHighlighted(tmp, piece, r.forms);
      holder.append(...tmp.childNodes);
      p.prepend(holder);
    } else {
      p = newParagraph();
      appendHighlighted(p, piece, r.forms);
      topSentinel.after(p);
    }
    r.frontP = p;
  } else r.frontP = null;
  r.front = start;
  r.rendered += piece.length;
  // Text was added above what the reader looks at: move the view down by as much (the browser's
  // own scroll anchoring is off for this box, so this is the only adjustment).
  readerBody.scrollTop += readerBody.scrollHeight - height;
  return true;
}

let fillScheduled = false;
function scheduleFill() {
  if (fillScheduled || !reading) return;
  fillScheduled = true;
  requestAnimationFrame(() => {
    fillScheduled = false;
    fillReader();
  });
}

/** Render towards whichever end is near the view, within one frame's budget; then observe. */
function fillReader() {
  if (!reading) return;
  const started = performance.now();
  const near = (sentinel) => {
    const view = readerBody.getBoundingClientRect();
    const box = sentinel.getBoundingClientRect();
    const margin = view.height * READER_AHEAD;
    return box.bottom >= view.top - margin && box.top <= view.bottom + margin;
  };
  let more = false;
  while (performance.now() - started < FRAME_BUDGET_MS) {
    const down = near(bottomSentinel) && renderForward();
    const up = near(topSentinel) && renderBackward();
    more = down || up;
    if (!more) break;
  }
  readerBody.dataset.rendered = `${reading.front}-${reading.back}`;
  readerBody.dataset.complete = String(reading.front <= reading.floor && reading.back >= reading.text.length);
  if (more) scheduleFill();
}

function stopReading() {
  readerObserver.disconnect();
  reading = null;
}

/** Open document `id` in the reader; false (and nothing opens) when the index has no such id. */
/** Open document `id` in the reader (`push`: as a history entry; `from`: where focus returns);
 *  `missing` says so on the page when there is no such document. */
function showDocument(id, push, from, missing = false) {
  return engineStep("reader", () => {
    // On a split index, the document's piece first: nothing below runs twice.
    if (split) index.documentText(id, 0, 0);
    if (!openDocument(id, push, from) && missing) showMissingDocument(id);
  });
}

function openDocument(id, push, from) {
  const hit = hitsById.get(id);
  const opening = performance.now();
  let doc;
  try {
    // The document without its text (`to: 0`): the reader reads the text a window at a time.
    // The measures below show the engine's cost apart from the page's own (devtools, the
    // browser tests).
    doc = index.document(id, { to: 0 });
    performance.measure("fahras: document from the engine", { start: opening });
  } catch (err) {
    if (isPiecesNeeded(err)) throw err;
    showError(new PageError("تعذّر فتح الوثيقة.", { detail: errorText(err) }));
    return false;
  }
  if (!doc) return false;
  if (push) history.pushState({ q: shown.query, doc: id, pushed: true }, "", urlFor(shown.view, id));
  readerReturnFocus = from ?? document.activeElement;
  stopReading();

  const title = $("reader-title");
  title.replaceChildren();
  title.dir = "auto";
  appendTitle(title, doc, hit?.titleSegments);

  const meta = $("reader-meta");
  meta.replaceChildren();
  if (doc.date) {
    const time = el("time", "", formatDate(doc.date));
    time.dir = "auto";
    meta.append(time);
  }
  const source = doc.url && safeHttpUrl(doc.url);
  if (source) {
    const a = el("a", "source", "المصدر");
    a.href = source;
    a.rel = "noopener noreferrer";
    a.target = "_blank";
    meta.append(a);
  }
  meta.hidden = !meta.childNodes.length;

  const text = documentTextWindow(id, doc.textLength);
  // Most corpus texts open with their own title, which the heading already shows.
  let floor = 0;
  const firstLine = text.slice(0, Math.min(text.length, (doc.title?.length ?? 0) + 64));
  const newline = firstLine.indexOf("\n");
  if (doc.title && newline >= 0 && firstLine.slice(0, newline).trim() === doc.title.trim()) floor = newline + 1;
  // Start at the paragraph of the snippet the list showed (or the top, when it is near the top).
  let start = floor;
  // Where the snippet ends in the text (0: no snippet, or not found).
  let excerptEnd = 0;
  const excerpt = (hit?.snippet ?? []).map((seg) => seg.text).join("");
  if (excerpt) {
    // Found by the engine in its own copy of the text: nothing is copied out to look.
    const at = index.documentIndexOf(id, excerpt, floor);
    performance.measure("fahras: snippet found in the document", { start: opening });
    if (at > floor + READER_STEP) start = pieceStart(text, at, floor).start;
    if (at >= 0) excerptEnd = at + excerpt.length;
  }
  reading = {
    text,
    forms: hit ? hitForms(hit) : new Set(),
    floor,
    front: start,
    back: start,
    frontP: null,
    backP: null,
    backOpen: false,
    rendered: 0,
  };
  readerBody.replaceChildren(topSentinel, bottomSentinel);
  readerBody.dataset.length = String(text.length);
  if (!reader.open) reader.showModal();
  readerBody.scrollTop = 0;
  // The first screen now: a step of text, on to the end of the snippet the list showed (its
  // marks are on screen at once, not a frame later, and the view centres on the first one),
  // and the step before it when starting mid-document. At most a step and a snippet: the start
  // is at most a step before the snippet.
  renderForward();
  while (reading.back < excerptEnd && renderForward());
  if (start > floor) renderBackward();
  const firstMark = readerBody.querySelector("mark");
  if (firstMark) firstMark.scrollIntoView({ block: "center" });
  else if (start > floor) readerBody.scrollTop = topSentinel.nextElementSibling?.offsetHeight ?? 0;
  performance.measure("fahras: reader first screen", { start: opening });
  fillReader();
  readerObserver.observe(topSentinel);
  readerObserver.observe(bottomSentinel);
  // The text, not the close button: arrow keys and Page Down scroll it at once; Escape closes.
  readerBody.focus({ preventScroll: true });
  return true;
}

/** A ?doc= link to a document the index does not have: say so above the start page. */
function showMissingDocument(id) {
  history.replaceState(history.state, "", urlFor(withQuery(input.value), null));
  const line = el("p", "notice-title missing-doc");
  line.append("لا توجد في هذا الفهرس وثيقة بالمعرّف ", el("q", "echo", id), ".");
  const why = el("p", "", "ربما أُعيد بناء الفهرس دونها، أو نُسخ الرابط ناقصًا. ابحث عنها بكلمات من عنوانها.");
  notice.prepend(line, why);
  notice.hidden = false;
  notice.dataset.missingDoc = id;
}

$("reader-close").addEventListener("click", () => reader.close());
reader.addEventListener("click", (e) => {
  if (e.target === reader) reader.close(); // a click on the backdrop
});
reader.addEventListener("close", () => {
  stopReading();
  readerBody.replaceChildren();
  const params = new URLSearchParams(location.search);
  if (params.has("doc")) {
    // Opened from the list: going back removes the entry; opened from a shared link: drop ?doc.
    if (history.state?.pushed) history.back();
    else history.replaceState({ q: shown.query }, "", urlFor(shown.view, null));
  }
  if (readerReturnFocus?.isConnected) readerReturnFocus.focus();
  readerReturnFocus = null;
});

// ---------------------------------------------------------------------------------------------
// Start-up

function showStats() {
  const s = index.stats;
  const parts = [
    countPhrase(s.documents, DOC_FORMS),
    `فهرس ${formatBytes(s.indexBytes)}`,
    `جاهز في ${formatMs(loadMs)}`,
  ];
  statsLine.replaceChildren(parts.join(" · "));
  if (indexLabel) statsLine.append(" · ", ltr(indexLabel));
  if (offlineReady) statsLine.append(" · يعمل دون اتصال");
}

const LOAD_FAILED = "تعذّر تحميل الفهرس.";

async function loadIndex() {
  try {
    engine = await import("./pkg/fahras.js");
    await engine.default();
  } catch (err) {
    throw new PageError(LOAD_FAILED, {
      explain: [["لم يعمل محرك البحث: يلزم الملفان ", ltr("pkg/fahras.js"), " و", ltr("pkg/fahras_bg.wasm"), " بجانب الصفحة (يكتبهما ", ltr("make site"), ")."]],
      detail: errorText(err),
    });
  }
  const params = new URLSearchParams(location.search);
  const source = params.get("index");
  if (!source) return new engine.SearchIndex();
  let url;
  try {
    url = new URL(source, location.href);
  } catch (err) {
    throw new PageError(LOAD_FAILED, { explain: [["العنوان ", ltr(source), " في ", ltr("?index="), " ليس عنوانًا صالحًا."]], detail: errorText(err) });
  }
  const isFolder = url.pathname.endsWith("/");
  const name = (isFolder ? url.pathname.slice(0, -1) : url.pathname).split("/").pop() || url.href;
  try {
    indexLabel = decodeURIComponent(name) + (isFolder ? "/" : "");
  } catch {
    indexLabel = name; // not valid percent-encoding: show it as it is
  }
  if (url.origin !== location.origin) {
    // The CSP's connect-src 'self' would block the request (the browser says why only in its
    // console): explain the rule and what to do instead of fetching.
    throw new PageError(LOAD_FAILED, {
      explain: [
        ["الفهرس ", ltr(url.href), " على موقع آخر، وهذه الصفحة لا تجلب البيانات إلا من موقعها هي، ", ltr(location.origin), ": تمنعها من غيره قاعدةُ ", ltr("connect-src 'self'"), " في سياسة أمان المحتوى، فلا يستطيع رابطٌ أن يجعلها تحمّل ملفًا من حيث يشاء."],
        ["لتفتح فهرسك: ابنه بالأمر ", ltr("npx fahras build <folder> -o corpus.fhr"), " وضع الملف على الخادم الذي يقدّم هذه الصفحة، ثم افتح ", ltr("?index=corpus.fhr"), "."],
      ],
      detail: `connect-src 'self' does not allow ${url.origin}`,
    });
  }
  if (isFolder) return openSplit(url);
  let response;
  try {
    response = await fetch(url);
  } catch (err) {
    throw new PageError(LOAD_FAILED, {
      explain: [["تعذّر الاتصال بالخادم لجلب ملف الفهرس ", ltr(url.href), "."]],
      detail: errorText(err),
    });
  }
  if (!response.ok) {
    throw new PageError(LOAD_FAILED, {
      explain: [["أجاب الخادم عن ملف الفهرس ", ltr(url.href), " بالرمز ", ltr(`HTTP ${response.status}`), response.status === 404 ? ": الملف غير موجود." : "."]],
      detail: `HTTP ${response.status} ${response.statusText}`.trim(),
    });
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  try {
    return engine.SearchIndex.fromBytes(bytes);
  } catch (err) {
    throw new PageError(LOAD_FAILED, {
      explain: [["الملف ", ltr(url.href), " ليس فهرسًا صالحًا لهذا الإصدار من فهرس (يُبنى بالأمر ", ltr("npx fahras build"), ")."]],
      detail: errorText(err),
    });
  }
}

/** A split index's folder (`npx fahras build <corpus> --split -o <folder>`): only its entry file
 *  now; the engine asks for the pieces each search needs. */
async function openSplit(url) {
  try {
    split = await engine.SearchIndex.open(url.href);
  } catch (err) {
    throw new PageError(LOAD_FAILED, {
      explain: [["تعذّر فتح الفهرس المقسَّم في المجلد ", ltr(url.href), " (يكتبه الأمر ", ltr("npx fahras build <corpus> --split -o <folder>"), ")."]],
      detail: errorText(err),
    });
  }
  showOfflineAction();
  // The synchronous index underneath, for the page's steps (engineStep fetches what they need).
  return split.withPieces((underneath) => underneath);
}

// "Make available offline" (split index only): fetch every piece, through the service worker,
// which keeps each one; the bar follows the pieces as they arrive.
const offlineBox = $("offline");
const offlineButton = $("offline-button");
const offlineProgress = $("offline-progress");
const offlineStatus = $("offline-status");

function showOfflineAction() {
  offlineBox.hidden = false;
}

offlineButton?.addEventListener("click", async () => {
  if (!split) return;
  offlineButton.disabled = true;
  offlineProgress.hidden = false;
  offlineStatus.textContent = "جارٍ تنزيل الفهرس…";
  try {
    await split.fetchAll((fetched, total) => {
      offlineProgress.max = Math.max(total, 1);
      offlineProgress.value = fetched;
      offlineProgress.setAttribute("aria-valuetext", `${numbers.format(fetched)} من ${numbers.format(total)} جزءًا`);
    });
    offlineStatus.textContent = navigator.serviceWorker?.controller
      ? "الفهرس كله محفوظ في هذا المتصفح: البحث يعمل الآن دون اتصال."
      : "حُمّل الفهرس كله في هذه الصفحة (لا يحفظه هذا المتصفح لما بعدها).";
    offlineBox.dataset.state = "done";
  } catch (err) {
    offlineStatus.replaceChildren("تعذّر تنزيل الفهرس كله: ", ltr(errorText(err)), " أعد المحاولة.");
    offlineButton.disabled = false;
    offlineBox.dataset.state = "error";
  }
});

async function start() {
  const started = performance.now();
  try {
    index = await loadIndex();
    loadMs = performance.now() - started;
  } catch (err) {
    showError(err instanceof PageError ? err : new PageError(LOAD_FAILED, { detail: errorText(err) }));
    return;
  }
  // (On a split index, the statistics and the fields may need pieces too.)
  await engineStep("start", () => {
    showStats();
    setUpRefine();
  });
  const params = new URLSearchParams(location.search);
  const view = viewFromUrl(params);
  const { query } = view;
  input.disabled = false;
  input.value = query;
  await showView(view);
  const docId = params.get("doc");
  if (docId) await showDocument(docId, false, undefined, true);
  // Ready to type on a desktop; on a phone a focused box would throw up the keyboard unasked.
  else if (!query && canHover) input.focus();
  document.documentElement.dataset.ready = "true";
}

function registerServiceWorker() {
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker
    .register("./sw.js")
    .then(() => navigator.serviceWorker.ready)
    .then(() => {
      offlineReady = true;
      if (index) engineStep("stats", showStats);
    })
    .catch((err) => console.warn("fahras: offline mode unavailable:", err.message));
}

registerServiceWorker();
start();
