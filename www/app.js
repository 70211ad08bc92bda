// fahras demo page: search as you type over an index that lives in the WebAssembly module.
//
// Rules this file keeps:
// - Corpus text and user queries reach the DOM only as text nodes (textContent, createTextNode,
//   `mark.append(string)`); nothing is ever parsed as HTML. A document titled `<img onerror=…>`
//   shows those characters and runs nothing.
// - The URL holds the query (?q=) so a search can be shared, reloaded and walked back through;
//   ?index=URL swaps the embedded corpus for an index file built by the CLI; ?doc=ID opens one
//   document.
// - Arabic matching (normalisation, stems) is never reimplemented here: highlights come from the
//   engine's snippet segments and from its own `analyze`.

// The engine module is imported at start-up (index.html preloads it) rather than statically, so
// a missing or broken package leaves an error message on the page, not a dead search box.
let engine = null;
const normalize = (text) => engine.normalize(text);
const analyze = (text) => engine.analyze(text);

const PAGE_SIZE = 10;
// Short enough to feel instant, long enough that a fast typist does not search every letter.
const DEBOUNCE_MS = 80;
// After this much idle time the current search becomes its own history entry: the next edit
// pushes a new entry instead of overwriting it, so Back returns to the search the user read.
const SETTLE_MS = 1000;
const SUGGESTION_COUNT = 6;
const EXAMPLE_COUNT = 5;

const $ = (id) => document.getElementById(id);
const form = $("search-form");
const input = $("q");
const listbox = $("suggestions");
const results = $("results");
const statusLine = $("status");
const notice = $("notice");
const hitList = $("hits");
const moreButton = $("more");
const statsLine = $("stats");
const reader = $("reader");
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

// ---------------------------------------------------------------------------------------------
// State

let index = null;
let indexLabel = "";
let loadMs = 0;
/** The search on screen: what the list shows and how far paging has gone. */
const shown = { query: null, total: 0, count: 0, ms: 0 };
let activeSuggestion = -1;
let debounceTimer = 0;
let settleTimer = 0;
// True when the current history entry holds a finished search: the next edit pushes.
let entryIsSettled = true;
let examplesCache = null;
let offlineReady = false;

// ---------------------------------------------------------------------------------------------
// URL and history

function urlFor(query, docId) {
  const url = new URL(location.href);
  if (query) url.searchParams.set("q", query);
  else url.searchParams.delete("q");
  if (docId) url.searchParams.set("doc", docId);
  else url.searchParams.delete("doc");
  return url.href;
}

/** Record `query` in the address bar; `commit` marks the search as one the user settled on. */
function recordQuery(query, commit) {
  const target = urlFor(query, null);
  if (target !== location.href) {
    if (entryIsSettled) history.pushState({ q: query }, "", target);
    else history.replaceState({ q: query }, "", target);
    entryIsSettled = false;
  }
  clearTimeout(settleTimer);
  if (commit) entryIsSettled = true;
  else settleTimer = setTimeout(() => { entryIsSettled = true; }, SETTLE_MS);
}

window.addEventListener("popstate", () => {
  if (!index) return;
  const params = new URLSearchParams(location.search);
  const query = params.get("q") ?? "";
  clearTimeout(debounceTimer);
  clearTimeout(settleTimer);
  entryIsSettled = true;
  if (input.value !== query) input.value = query;
  closeSuggestions();
  if (query !== shown.query) showSearch(query);
  const docId = params.get("doc");
  if (docId) openDocument(docId, false);
  else if (reader.open) reader.close();
});

// ---------------------------------------------------------------------------------------------
// Searching and rendering

function runSearch(query, offset) {
  const started = performance.now();
  const res = index.search(query, { limit: PAGE_SIZE, offset });
  return { res, ms: performance.now() - started };
}

/** The words the engine marked in this hit's snippet, normalised. Titles and the reader mark the
 *  same words wherever they occur: exactly what the engine matched, nothing guessed (matching
 *  stems here would light up روسيا while the user is still typing الر). */
function hitForms(hit) {
  const forms = new Set();
  for (const seg of hit.snippet ?? []) {
    if (!seg.hit) continue;
    for (const tok of analyze(seg.text)) forms.add(tok.normalized);
  }
  return forms;
}

/** Append `text` to `parent`, wrapping the words whose form the engine matched in <mark>. */
function appendHighlighted(parent, text, forms) {
  if (!forms.size) {
    parent.append(text);
    return 0;
  }
  let pos = 0;
  let marked = 0;
  for (const tok of analyze(text)) {
    if (!forms.has(tok.normalized)) continue;
    if (tok.start > pos) parent.append(text.slice(pos, tok.start));
    parent.append(el("mark", "", text.slice(tok.start, tok.end)));
    pos = tok.end;
    marked++;
  }
  if (pos < text.length) parent.append(text.slice(pos));
  return marked;
}

let hitCounter = 0;
/** Highlight forms of the hits on screen, so the reader marks what the list marked. */
let formsById = new Map();

function renderHit(hit) {
  const li = el("li", "hit");
  const article = el("article");
  const heading = el("h2", "hit-title");
  const link = el("a");
  link.id = `hit-${hitCounter++}`;
  link.href = urlFor(shown.query, hit.id);
  link.dataset.id = hit.id;
  link.dir = "auto";
  const forms = hitForms(hit);
  formsById.set(hit.id, forms);
  appendHighlighted(link, hit.title || hit.id, forms);
  heading.append(link);
  article.append(heading);

  const meta = el("p", "meta");
  if (hit.date) {
    const time = el("time", "", formatDate(hit.date));
    if (/^\d{4}-\d{2}-\d{2}/.test(hit.date)) time.dateTime = hit.date.slice(0, 10);
    meta.append(time);
  }
  const source = hit.url && safeHttpUrl(hit.url);
  if (source) {
    const a = el("a", "source", new URL(source).hostname || source);
    a.href = source;
    a.rel = "noopener noreferrer";
    a.target = "_blank";
    meta.append(a);
  }
  if (meta.childNodes.length) article.append(meta);

  const snippet = el("p", "snippet");
  snippet.dir = "auto";
  for (const seg of hit.snippet ?? []) {
    snippet.append(seg.hit ? el("mark", "", seg.text) : document.createTextNode(seg.text));
  }
  const cut = excerptCut(hit);
  if (cut.before) snippet.prepend(el("span", "ellipsis", "… "));
  if (cut.after) snippet.append(el("span", "ellipsis", " …"));
  article.append(snippet);
  li.append(article);
  return li;
}

/** Document texts seen so far: a snippet is a verbatim excerpt, so its place in the text says
 *  whether it starts or stops mid-document (shown as an ellipsis). */
const textCache = new Map();

function excerptCut(hit) {
  const excerpt = (hit.snippet ?? []).map((seg) => seg.text).join("");
  if (!excerpt) return { before: false, after: false };
  let text = textCache.get(hit.id);
  if (text === undefined) {
    text = index.document(hit.id)?.text ?? "";
    textCache.set(hit.id, text);
  }
  const at = text.indexOf(excerpt);
  if (at < 0) return { before: false, after: false };
  return {
    before: text.slice(0, at).trim().length > 0,
    after: text.slice(at + excerpt.length).trim().length > 0,
  };
}

function setState(state) {
  results.dataset.state = state;
  // Only a failure interrupts a screen reader; the count is announced politely by #status.
  if (state === "error") notice.setAttribute("role", "alert");
  else notice.removeAttribute("role");
}

function updateStatus() {
  const parts = [countPhrase(shown.total, RESULT_FORMS)];
  if (shown.total > shown.count) parts.push(`يُعرض ${numbers.format(shown.count)}`);
  parts.push(formatMs(shown.ms));
  statusLine.textContent = parts.join(" · ");
  results.dataset.total = String(shown.total);
  results.dataset.query = shown.query;
  const remaining = shown.total - shown.count;
  moreButton.hidden = remaining <= 0;
  if (remaining > 0) moreButton.textContent = `المزيد من النتائج (${numbers.format(remaining)} متبقية)`;
}

/** Show `query` from its first result: the new list is built off-DOM and swapped in once. */
function showSearch(query) {
  shown.query = query;
  // History menus and tabs list searches by title.
  document.title = query.trim() ? `${query.trim()} — فهرس` : PAGE_TITLE;
  if (!query.trim()) {
    shown.total = 0;
    shown.count = 0;
    formsById = new Map();
    hitList.replaceChildren();
    moreButton.hidden = true;
    results.dataset.query = "";
    results.dataset.total = "0";
    showExamples();
    return;
  }
  let res, ms;
  try {
    ({ res, ms } = runSearch(query, 0));
  } catch (err) {
    // The engine promises that no query throws; if one does, say so instead of going blank.
    showError("تعذّر تنفيذ البحث.", err);
    return;
  }
  shown.total = res.total;
  shown.count = res.hits.length;
  shown.ms = ms;
  formsById = new Map();
  const fresh = document.createDocumentFragment();
  for (const hit of res.hits) fresh.append(renderHit(hit));
  hitList.replaceChildren(fresh);
  updateStatus();
  if (res.total === 0) showNoResults(query, res);
  else {
    setState("results");
    if (res.suggestion && res.suggestion !== query.trim()) showRespelling(query, res.suggestion);
    else {
      notice.hidden = true;
      notice.replaceChildren();
    }
  }
}

function showMore() {
  let res, ms;
  try {
    ({ res, ms } = runSearch(shown.query, shown.count));
  } catch (err) {
    showError("تعذّر تحميل المزيد من النتائج.", err);
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
  b.dataset.query = query;
  return b;
}

/** Nearest spelling for a query that found nothing: the engine's own, else completions of the
 *  longest known prefix of each unknown word (kept only if the rewritten query finds something). */
function nearestSpelling(query, res) {
  if (res.suggestion && res.suggestion !== query) return res.suggestion;
  const words = query.trim().split(/\s+/);
  let changed = false;
  const fixed = words.map((word) => {
    const bare = word.replace(/^[-"«]+|["»]+$/g, "");
    if (!bare) return word;
    if (index.search(bare, { limit: 1, prefix: false, fuzzy: false }).total > 0) return word;
    const letters = Array.from(bare);
    for (let n = letters.length - 1; n >= 2; n--) {
      const [completion] = index.suggest(letters.slice(0, n).join(""), 1);
      if (completion) {
        changed = true;
        return word.replace(bare, completion);
      }
    }
    return word;
  });
  if (!changed) return null;
  const candidate = fixed.join(" ");
  return index.search(candidate, { limit: 1 }).total > 0 ? candidate : null;
}

/** Results that came through typo tolerance: say so, and offer the spelling the corpus uses. */
function showRespelling(query, suggestion) {
  const box = document.createDocumentFragment();
  const offer = el("p", "did-you-mean");
  offer.append(
    "نتائج لكلمات قريبة من ",
    el("q", "echo", query.trim()),
    ". هل تقصد: ",
    exampleButton(suggestion),
    "؟",
  );
  box.append(offer);
  notice.replaceChildren(box);
  notice.hidden = false;
}

function showNoResults(query, res) {
  setState("no-results");
  const box = document.createDocumentFragment();
  const line = el("p", "notice-title");
  line.append("لا توجد نتائج لـ ", el("q", "echo", query.trim()), ".");
  box.append(line);
  // One letter is where typing starts, not a failed search: ask for more rather than respell.
  if (Array.from(normalize(query.trim())).length < 2) {
    box.append(el("p", "", "تابع الكتابة: حرفان أو أكثر."));
    notice.replaceChildren(box);
    notice.hidden = false;
    return;
  }
  const fix = nearestSpelling(query, res);
  if (fix) {
    const offer = el("p", "did-you-mean");
    offer.append("هل تقصد: ", exampleButton(fix), "؟");
    box.append(offer);
  } else {
    box.append(el("p", "", "جرّب كلمة أقصر أو أزل علامات التنصيص."));
  }
  notice.replaceChildren(box);
  notice.hidden = false;
}

/** Example searches drawn from the corpus itself, never a fixed list: the commonest completions
 *  of each letter (words of four letters and up, one per stem) that find documents, the broadest
 *  three plus two narrower ones, and a phrase from a matching title to show that quotes work. */
function corpusExamples() {
  if (examplesCache) return examplesCache;
  const letters = Array.from("ابتثجحخدذرزسشصضطظعغفقكلمنهوي");
  const seen = new Set();
  const candidates = [];
  letters.forEach((letter, letterRank) => {
    index.suggest(letter, 3).forEach((word, rank) => {
      const [token] = analyze(word);
      if (!token) return;
      // One example per stem: ٱللَّهِ, وَٱللَّهُ and بِٱللَّهِ would be the same search three times.
      const key = token.stem || token.normalized;
      // Short words are mostly particles; four letters and up make better examples.
      if (Array.from(token.normalized).length < 4 || seen.has(key)) return;
      seen.add(key);
      const total = index.search(word, { limit: 1, prefix: false, fuzzy: false }).total;
      if (total > 0) candidates.push({ word, total, order: rank * letters.length + letterRank });
    });
  });
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
  const phrase = titlePhrase(examples[0]);
  if (phrase) examples.push(phrase);
  examplesCache = examples;
  return examples;
}

function titlePhrase(word) {
  if (!word) return null;
  const top = index.search(word, { limit: 1 }).hits[0];
  if (!top?.title) return null;
  const words = top.title.split(/\s+/).filter((w) => /\p{L}{3,}/u.test(w));
  const lettersOf = (w) => w.replace(/[^\p{L}\p{M}]/gu, "");
  for (let i = 0; i + 1 < words.length; i++) {
    const phrase = `"${lettersOf(words[i])} ${lettersOf(words[i + 1])}"`;
    if (index.search(phrase, { limit: 1, fuzzy: false }).total > 0) return phrase;
  }
  return null;
}

function showExamples() {
  setState("empty");
  statusLine.textContent = `ابحث في ${countPhrase(index.stats.documents, DOC_FORMS)}.`;
  let examples = [];
  try {
    examples = corpusExamples();
  } catch (err) {
    console.warn("fahras: could not derive example searches", err);
  }
  if (!examples.length) {
    notice.hidden = true;
    notice.replaceChildren();
    return;
  }
  const box = document.createDocumentFragment();
  box.append(el("p", "notice-title", "جرّب:"));
  const chips = el("div", "chips examples");
  for (const q of examples) chips.append(exampleButton(q));
  box.append(chips);
  notice.replaceChildren(box);
  notice.hidden = false;
}

function showError(message, err) {
  setState("error");
  const box = document.createDocumentFragment();
  box.append(el("p", "notice-title", message));
  if (err) box.append(el("p", "error-detail", String(err?.message ?? err)));
  notice.replaceChildren(box);
  notice.hidden = false;
  statusLine.textContent = message;
  hitList.replaceChildren();
  moreButton.hidden = true;
}

// ---------------------------------------------------------------------------------------------
// Suggestions (a listbox owned by the combobox input; focus stays in the input)

function lastWord(query) {
  if (/\s$/.test(query)) return "";
  const words = query.split(/\s+/);
  return words[words.length - 1].replace(/^[-"«]+/, "");
}

function updateSuggestions(query) {
  const word = lastWord(query);
  if (!word || document.activeElement !== input) return closeSuggestions();
  const typed = normalize(word);
  if (!typed) return closeSuggestions();
  let items;
  try {
    // A completion equal to what is typed adds nothing.
    items = index.suggest(word, SUGGESTION_COUNT).filter((s) => normalize(s) !== typed);
  } catch (err) {
    console.warn("fahras: suggest failed", err); // the search itself still answers
    items = [];
  }
  if (!items.length) return closeSuggestions();
  const fresh = document.createDocumentFragment();
  items.forEach((text, i) => {
    const option = el("li", "option", text);
    option.id = `suggestion-${i}`;
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

/** Replace the word being typed by the completion; the trailing space ends prefix matching. */
function applySuggestion(text) {
  const query = input.value;
  const match = /^(.*?)([-"«]*)(\S*)$/su.exec(query);
  const value = `${match[1]}${match[2]}${text} `;
  input.value = value;
  closeSuggestions();
  commitQuery(value);
  input.focus();
}

// ---------------------------------------------------------------------------------------------
// Input handling

function commitQuery(query) {
  clearTimeout(debounceTimer);
  debounceTimer = 0;
  if (query !== shown.query) showSearch(query);
  recordQuery(query, true);
}

function searchAsTyped() {
  debounceTimer = 0;
  const query = input.value;
  showSearch(query);
  updateSuggestions(query);
  recordQuery(query, false);
}

input.addEventListener("input", (e) => {
  if (e.isComposing) return;
  clearTimeout(debounceTimer);
  debounceTimer = setTimeout(searchAsTyped, DEBOUNCE_MS);
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

input.addEventListener("blur", closeSuggestions);

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
  openDocument(link.dataset.id, true, link);
});

// ---------------------------------------------------------------------------------------------
// Reader: one document, with the words the search matched marked

let readerReturnFocus = null;

function openDocument(id, push, from) {
  const doc = index.document(id);
  if (!doc) {
    if (!push) history.replaceState(history.state, "", urlFor(input.value, null));
    return;
  }
  if (push) history.pushState({ q: shown.query, doc: id, pushed: true }, "", urlFor(shown.query ?? "", id));
  readerReturnFocus = from ?? document.activeElement;

  // Mark what the engine matched for this document in the search on screen (if it is listed).
  const forms = formsById.get(id) ?? new Set();

  const title = $("reader-title");
  title.replaceChildren();
  title.dir = "auto";
  appendHighlighted(title, doc.title || doc.id, forms);

  const meta = $("reader-meta");
  meta.replaceChildren();
  if (doc.date) meta.append(el("time", "", formatDate(doc.date)));
  const source = doc.url && safeHttpUrl(doc.url);
  if (source) {
    const a = el("a", "source", "المصدر");
    a.href = source;
    a.rel = "noopener noreferrer";
    a.target = "_blank";
    meta.append(a);
  }
  meta.append(el("span", "doc-id", doc.id));

  const body = $("reader-body");
  const paragraphs = document.createDocumentFragment();
  const paras = doc.text.split(/\n/).filter((para) => para.trim());
  // Most corpus texts open with their own title, which the heading already shows.
  if (paras.length > 1 && paras[0].trim() === (doc.title ?? "").trim()) paras.shift();
  for (const para of paras) {
    const p = el("p");
    p.dir = "auto";
    appendHighlighted(p, para, forms);
    paragraphs.append(p);
  }
  body.replaceChildren(paragraphs);
  if (!reader.open) reader.showModal();
  body.scrollTop = 0;
  const firstMark = body.querySelector("mark");
  if (firstMark) firstMark.scrollIntoView({ block: "center" });
  // The text, not the close button: arrow keys and Page Down scroll it at once; Escape closes.
  body.focus({ preventScroll: true });
}

$("reader-close").addEventListener("click", () => reader.close());
reader.addEventListener("click", (e) => {
  if (e.target === reader) reader.close(); // a click on the backdrop
});
reader.addEventListener("close", () => {
  const params = new URLSearchParams(location.search);
  if (params.has("doc")) {
    // Opened from the list: going back removes the entry; opened from a shared link: drop ?doc.
    if (history.state?.pushed) history.back();
    else history.replaceState({ q: shown.query }, "", urlFor(shown.query ?? "", null));
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
  if (indexLabel) parts.push(indexLabel);
  if (offlineReady) parts.push("يعمل دون اتصال");
  statsLine.textContent = parts.join(" · ");
}

async function loadIndex() {
  try {
    engine = await import("./pkg/fahras.js");
    await engine.default();
  } catch (err) {
    throw new Error(`تعذّر تشغيل محرك البحث (pkg/fahras.js و pkg/fahras_bg.wasm): ${err.message ?? err}`);
  }
  const params = new URLSearchParams(location.search);
  const source = params.get("index");
  if (!source) return new engine.SearchIndex();
  const url = new URL(source, location.href);
  const name = url.pathname.split("/").pop() || url.href;
  try {
    indexLabel = decodeURIComponent(name);
  } catch {
    indexLabel = name; // not valid percent-encoding: show it as it is
  }
  let response;
  try {
    response = await fetch(url);
  } catch (err) {
    throw new Error(`تعذّر جلب ملف الفهرس ${url.href}: ${err.message}`);
  }
  if (!response.ok) throw new Error(`تعذّر جلب ملف الفهرس ${url.href}: HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  try {
    return engine.SearchIndex.fromBytes(bytes);
  } catch (err) {
    throw new Error(`الملف ${url.href} ليس فهرسًا صالحًا: ${err.message ?? err}`);
  }
}

async function start() {
  const started = performance.now();
  try {
    index = await loadIndex();
    loadMs = performance.now() - started;
  } catch (err) {
    showError("تعذّر تحميل الفهرس.", err);
    return;
  }
  showStats();
  const params = new URLSearchParams(location.search);
  const query = params.get("q") ?? "";
  input.disabled = false;
  input.value = query;
  showSearch(query);
  const docId = params.get("doc");
  if (docId) openDocument(docId, false);
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
      if (index) showStats();
    })
    .catch((err) => console.warn("fahras: offline mode unavailable:", err.message));
}

registerServiceWorker();
start();
