// The forgiving, strict API: fromBytes takes the index bytes in whatever form a program holds
// them and refuses everything else with a TypeError that names what it got and what to pass;
// fromUrl fetches and opens, with errors that say the HTTP status or why the request failed;
// arguments of the wrong type are TypeErrors that name the argument.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SearchIndex, pkgDir, seeds } from "./fahras.mjs";

// An index file of the seeds built by the package's CLI, as a user would.
const work = mkdtempSync(join(tmpdir(), "fahras-api-"));
process.on("exit", () => rmSync(work, { recursive: true, force: true }));
const fhr = join(work, "seeds.fhr");
execFileSync(process.execPath, [fileURLToPath(new URL("cli.mjs", pkgDir)), "build", fileURLToPath(new URL("../../seeds/", import.meta.url)), "-o", fhr]);
const file = readFileSync(fhr); // a Buffer: a Uint8Array whose buffer is shared with others
const expected = SearchIndex.fromBytes(file).search("بوتين", { limit: 100 });

/** The bytes alone in an ArrayBuffer of their own. */
const ownBuffer = () => file.buffer.slice(file.byteOffset, file.byteOffset + file.length);

/** What fromBytes makes of `bytes`: the search results, or the error message. */
function outcome(bytes) {
  try {
    return SearchIndex.fromBytes(bytes).search("بوتين", { limit: 100 });
  } catch (e) {
    return `${e.constructor.name}: ${e.message}`;
  }
}

test("fromBytes opens a Uint8Array, an ArrayBuffer, a DataView and a SharedArrayBuffer", () => {
  const larger = new Uint8Array(file.length + 64);
  larger.set(file, 32);
  const shared = new SharedArrayBuffer(file.length);
  new Uint8Array(shared).set(file);
  const forms = {
    "a Node Buffer": file,
    "a Uint8Array": new Uint8Array(ownBuffer()),
    "an ArrayBuffer": ownBuffer(),
    "a DataView": new DataView(ownBuffer()),
    "a DataView over the middle of a larger buffer": new DataView(larger.buffer, 32, file.length),
    "a Uint8Array over the middle of a larger buffer": larger.subarray(32, 32 + file.length),
    "a Uint8ClampedArray": new Uint8ClampedArray(ownBuffer()),
    "a SharedArrayBuffer": shared,
  };
  for (const [what, bytes] of Object.entries(forms)) assert.deepEqual(outcome(bytes), expected, what);
});

test("fromBytes reads any other typed array as the bytes it covers", () => {
  // Wider element types need a length that divides; the bytes they cover are what counts, so
  // each must give exactly what a Uint8Array over the same bytes gives.
  const size = file.length + (8 - (file.length % 8));
  const buffer = new ArrayBuffer(size + 16);
  new Uint8Array(buffer).set(file, 8);
  const same = outcome(new Uint8Array(buffer, 8, size));
  for (const View of [Uint16Array, Int16Array, Uint32Array, Int32Array, Float32Array, Float64Array, BigUint64Array]) {
    const view = new View(buffer, 8, size / View.BYTES_PER_ELEMENT);
    assert.deepEqual(outcome(view), same, View.name);
  }
});

test("fromBytes refuses anything but bytes with a TypeError naming what it got and what to pass", () => {
  const cases = [
    [undefined, /got undefined/],
    [null, /got null/],
    ["index.fhr", /got a string: pass the file's bytes.*fromUrl/],
    [42, /got a number/],
    [true, /got a boolean/],
    [{}, /got an object/],
    [[1, 2, 3], /got an array: pass `new Uint8Array\(array\)`/],
    [new Response(file), /got a Response: pass `await response\.arrayBuffer\(\)`, or use `await SearchIndex\.fromUrl\(url\)`/],
    [new Blob([file]), /got a Blob: pass `await blob\.arrayBuffer\(\)`/],
    [Promise.resolve(file), /got a Promise: `await` it first/],
    [new Map(), /got a Map/],
  ];
  for (const [value, pattern] of cases) {
    assert.throws(
      () => SearchIndex.fromBytes(value),
      (e) => {
        assert.ok(e instanceof TypeError, `${String(value)}: ${e?.constructor?.name}, not a TypeError`);
        assert.match(e.message, /^SearchIndex\.fromBytes expects the index file's bytes \(a Uint8Array, an ArrayBuffer, another typed array or a DataView\); /);
        assert.match(e.message, pattern);
        return true;
      },
    );
  }
});

test("fromBytes still says what is wrong with bytes that are not an index", () => {
  for (const bytes of [new Uint8Array(0), new Uint8Array([1, 2, 3]), new TextEncoder().encode("<!doctype html>")]) {
    assert.throws(() => SearchIndex.fromBytes(bytes), (e) => e instanceof Error && !(e instanceof TypeError) && /fahras index/.test(e.message));
  }
});

test("arguments of the wrong type are TypeErrors that name the argument", () => {
  const index = SearchIndex.fromBytes(file);
  const cases = [
    [() => index.search(42), /^search: `query` must be a string; got a number$/],
    [() => index.search({ q: "بوتين" }), /^search: `query` must be a string; got an object$/],
    [() => index.suggest(["استرا"]), /^suggest: `prefix` must be a string; got an array$/],
    [() => index.suggest("استرا", "5"), /^suggest: `limit` must be a number; got a string$/],
    [() => index.document(7), /^document: `id` must be a string; got a number$/],
    [() => index.document(undefined), /^document: `id` must be a string; got undefined$/],
  ];
  for (const [call, pattern] of cases) assert.throws(call, (e) => e instanceof TypeError && pattern.test(e.message), String(call));
  // Out-of-range values are still Errors that name the option or argument.
  assert.throws(() => index.suggest("استرا", 101), /^Error: suggest: `limit` must be a whole number from 0 to 100, got 101$/);
  assert.throws(() => index.search("بوتين", { limit: 0 }), /invalid option `limit`/);
  // Absent arguments read as empty, as before.
  assert.deepEqual(index.search(), { total: 0, hits: [] });
  assert.deepEqual(index.suggest(), []);
});

/** A server for fromUrl: the index file, a 404, an HTML page, a body that breaks off. */
async function withServer(body) {
  const server = createServer((req, res) => {
    const path = new URL(req.url, "http://x").pathname;
    if (path === "/seeds.fhr") {
      // Sent in small pieces, so the body is read as a stream of many chunks.
      res.writeHead(200, { "content-type": "application/octet-stream" });
      let at = 0;
      const step = () => {
        if (at >= file.length) return res.end();
        res.write(file.subarray(at, (at += 997)));
        setImmediate(step);
      };
      return step();
    }
    if (path === "/page.html") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      return res.end("<!doctype html><title>not an index</title>");
    }
    if (path === "/broken.fhr") {
      res.writeHead(200, { "content-length": String(file.length) });
      res.write(file.subarray(0, 100));
      return setTimeout(() => res.destroy(), 20);
    }
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("not found");
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    return await body(`http://127.0.0.1:${server.address().port}`);
  } finally {
    server.closeAllConnections?.();
    await new Promise((resolve) => server.close(resolve));
  }
}

test("fromUrl fetches an index file (a string or a URL) and opens it", () =>
  withServer(async (base) => {
    const index = await SearchIndex.fromUrl(`${base}/seeds.fhr`);
    assert.ok(index instanceof SearchIndex);
    assert.deepEqual(index.search("بوتين", { limit: 100 }), expected);
    const again = await SearchIndex.fromUrl(new URL("/seeds.fhr", base));
    assert.equal(again.stats.documents, seeds.length);
  }));

test("fromUrl rejects with an Error that names the URL and the HTTP status", () =>
  withServer(async (base) => {
    await assert.rejects(SearchIndex.fromUrl(`${base}/missing.fhr`), (e) => {
      assert.ok(e instanceof Error);
      assert.match(e.message, new RegExp(`^SearchIndex\\.fromUrl: ${base}/missing\\.fhr answered HTTP 404 Not Found: is the path right\\?`));
      return true;
    });
  }));

test("fromUrl says when the server sent an HTML page instead of an index", () =>
  withServer(async (base) => {
    await assert.rejects(SearchIndex.fromUrl(`${base}/page.html`), /^Error: SearchIndex\.fromUrl: .*page\.html: not a fahras index.*the server sent an HTML page: is the URL right\?/);
  }));

test("fromUrl says when a download broke off, and when nothing answered", () =>
  withServer(async (base) => {
    await assert.rejects(SearchIndex.fromUrl(`${base}/broken.fhr`), /^Error: SearchIndex\.fromUrl: (the download of .*broken\.fhr broke off after \d+ bytes|.*broken\.fhr: fahras index is truncated)/);
    // Port 9 (discard) is refused on a machine that runs nothing there.
    await assert.rejects(SearchIndex.fromUrl("http://127.0.0.1:9/index.fhr"), /^Error: SearchIndex\.fromUrl: cannot fetch http:\/\/127\.0\.0\.1:9\/index\.fhr: the server could not be reached \(fetch failed/);
  }));

test("fromUrl explains a relative URL outside a page, and refuses what is not a URL", async () => {
  await assert.rejects(SearchIndex.fromUrl("docs.fhr"), /^Error: SearchIndex\.fromUrl: cannot fetch docs\.fhr: outside a page a URL must be absolute \(in Node, read the file and pass its bytes to SearchIndex\.fromBytes\)/);
  for (const [value, what] of [[42, "a number"], [undefined, "undefined"], [file, "a Uint8Array"]]) {
    await assert.rejects(SearchIndex.fromUrl(value), (e) => e instanceof TypeError && e.message === `SearchIndex.fromUrl expects the index file's URL (a string or a URL); got ${what}`);
  }
});
