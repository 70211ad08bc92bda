// The page side of the worker example: every keystroke posts the query to the worker, and only
// the answer to the latest query is shown (an answer to an older one may arrive after it).
const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });

const input = document.getElementById("q");
const status = document.getElementById("status");
const list = document.getElementById("results");

let nextId = 0;
const pending = new Map();

/** Search in the worker: resolves with the results of `query`, rejects with its error. */
function search(query, options) {
  const id = ++nextId;
  worker.postMessage({ id, query, options });
  return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
}

worker.onmessage = ({ data }) => {
  if (data.type === "ready") {
    status.textContent = `${data.documents} وثائق مفهرسة`;
    document.documentElement.dataset.ready = "true";
    return;
  }
  if (data.type === "failed") {
    status.textContent = `تعذّر تحميل الفهرس: ${data.error}`;
    list.dataset.state = "error";
    return;
  }
  const request = pending.get(data.id);
  pending.delete(data.id);
  if (data.error === undefined) request.resolve(data.results);
  else request.reject(new Error(data.error));
};

worker.onerror = (event) => {
  status.textContent = `خطأ في العامل: ${event.message}`;
  list.dataset.state = "error";
};

function render(query, { total, hits }) {
  list.replaceChildren(
    ...hits.map((hit) => {
      const item = document.createElement("li");
      item.dataset.id = hit.id;
      const title = document.createElement("strong");
      title.textContent = hit.title;
      const snippet = document.createElement("p");
      // Text nodes and <mark> only, never innerHTML: titles and snippets are document text.
      for (const piece of hit.snippet) {
        if (piece.hit) {
          const mark = document.createElement("mark");
          mark.textContent = piece.text;
          snippet.append(mark);
        } else {
          snippet.append(piece.text);
        }
      }
      item.append(title, snippet);
      return item;
    }),
  );
  status.textContent = query.trim() ? `${total} نتائج` : "";
  list.dataset.query = query;
  list.dataset.total = String(total);
  list.dataset.state = "done";
}

let typed = 0;
input.addEventListener("input", () => {
  const query = input.value;
  const mine = ++typed;
  list.dataset.state = "loading";
  search(query, { limit: 10 }).then(
    (results) => {
      if (mine === typed) render(query, results);
    },
    (error) => {
      if (mine !== typed) return;
      status.textContent = error.message;
      list.dataset.state = "error";
    },
  );
});
