// A worker thread that searches (used by worker.test.mjs; not a test file itself). workerData:
//   module?  a WebAssembly.Module compiled once by the parent (omitted: read fahras_bg.wasm here)
//   index?   the bytes of an index file (omitted: the embedded corpus)
// Messages: { id, query, options } in, { id, results } or { id, error } out.
import { readFileSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { initSync, SearchIndex } from "../../pkg/fahras.js";

initSync({ module: workerData?.module ?? readFileSync(new URL("../../pkg/fahras_bg.wasm", import.meta.url)) });
const index = workerData?.index ? SearchIndex.fromBytes(workerData.index) : new SearchIndex();

parentPort.on("message", ({ id, query, options }) => {
  try {
    parentPort.postMessage({ id, results: index.search(query, options) });
  } catch (error) {
    // An Error would be cloned without its class; its message is what the caller needs.
    parentPort.postMessage({ id, error: error.message });
  }
});
