// fahras in a module worker: the index is opened and searched off the main thread, so a large
// corpus never blocks typing or scrolling. The page (main.js) posts { id, query, options } and gets
// back { id, results } or { id, error }.
//
// The handler is installed before init() finishes: a message that arrives while the module is
// still awaiting would otherwise reach a worker with no handler and be lost.
import init, { SearchIndex } from "../pkg/fahras.js";

// init() fetches fahras_bg.wasm next to fahras.js. For an index file of your own, fetch it here
// and use SearchIndex.fromBytes(new Uint8Array(await response.arrayBuffer())) instead.
const ready = init().then(() => new SearchIndex());

ready.then(
  (index) => postMessage({ type: "ready", documents: index.stats.documents }),
  (error) => postMessage({ type: "failed", error: String(error?.message ?? error) }),
);

onmessage = async ({ data: { id, query, options } }) => {
  try {
    const index = await ready;
    postMessage({ id, results: index.search(query, options) });
  } catch (error) {
    // Invalid options throw an Error; it cannot cross postMessage, its message can.
    postMessage({ id, error: String(error?.message ?? error) });
  }
};
