// fahras service worker: after one visit the page, the engine and its index come from the cache
// whenever the network cannot answer, so search keeps working offline.
//
// Strategy: network first, cache as the fallback. Every answer from the server replaces the
// cached copy, so a rebuilt site — a new index in pkg/fahras_bg.wasm, a new ?index= file, new
// page code — shows on the first reload, and the page, its engine and its index always come from
// the same build. There is no version to bump by hand: the cache holds whatever the server last
// sent. Offline (or when the server takes longer than NETWORK_TIMEOUT_MS) the cached copy answers.
//
// The pieces of a split index (`fahras build --split`) are the exception: their names carry the
// build's hash, so a name always means the same bytes. They are served cache first, forever,
// from a cache of their own: a search that fetched a piece once finds it offline, and a reload
// never asks the network for it again. Its entry file (fahras-entry.bin, the one fixed name)
// says which pieces the current build has; it is network first, like everything else. Once a
// page asks for a piece of a newer build of a folder, the pieces of that folder's other builds
// are deleted from the cache: no page of the new build can ask for them, and a site rebuilt every
// day would otherwise fill the visitor's disk.
//
// CACHE changes only when the way files are cached changes (old caches are deleted on activate).
const CACHE = "fahras-network-first";
const PIECES = "fahras-pieces";
// A piece's file name: `<kind letter>-<number>.<build hash, 16 hex digits>.bin` (piece_name in
// the engine's src/index/split.rs).
const PIECE_NAME = /\/[a-z]-\d+\.([0-9a-f]{16})\.bin$/;
// A server that accepted the connection but does not answer: serve the cached copy rather than
// a blank page. Long enough for a slow phone network to deliver a small file.
const NETWORK_TIMEOUT_MS = 4000;
const PRECACHE = [
  "./",
  "./index.html",
  "./app.js",
  "./style.css",
  "./manifest.webmanifest",
  "./icon.svg",
  "./icon-192.png",
  "./icon-512.png",
  "./fonts/noto-naskh-arabic-regular.woff2",
  "./fonts/noto-naskh-arabic-bold.woff2",
  "./pkg/fahras.js",
  "./pkg/fahras_bg.wasm",
];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      // `reload` skips the HTTP cache so the precache holds what the server has now. A file
      // missing from the site (a font left out, say) must not stop the rest from working offline.
      .then((cache) =>
        Promise.all(
          PRECACHE.map((url) =>
            cache.add(new Request(url, { cache: "reload" })).catch((err) => console.warn(`fahras: not cached: ${url}`, err)),
          ),
        ),
      )
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => keys.filter((key) => key.startsWith("fahras-") && key !== CACHE && key !== PIECES))
      .then((old) => Promise.all(old.map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET" || request.headers.has("range")) return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  event.respondWith(PIECE_NAME.test(url.pathname) ? respondWithPiece(event, request) : respond(event, request));
});

/** A split index's piece: the cached copy if there is one, else the network's (kept if whole). */
async function respondWithPiece(event, request) {
  const cache = await caches.open(PIECES);
  const cached = await cache.match(request, { ignoreSearch: true });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && response.type === "basic") {
    // Kept only once the whole body has arrived (put() rejects a body that breaks off).
    event.waitUntil(
      cache
        .put(request, response.clone())
        .then(() => forgetOtherBuilds(cache, new URL(request.url)))
        .catch(() => undefined),
    );
  }
  return response;
}

// The build whose pieces this worker last fetched from the network, per folder: the cache is
// swept when it changes (and once per folder after the worker starts), not on every fetch.
const buildOfFolder = new Map();

/** Delete the cached pieces of `piece`'s folder that belong to another build than it does. */
async function forgetOtherBuilds(cache, piece) {
  const folderOf = (url) => url.origin + url.pathname.slice(0, url.pathname.lastIndexOf("/") + 1);
  const folder = folderOf(piece);
  const build = PIECE_NAME.exec(piece.pathname)[1];
  if (buildOfFolder.get(folder) === build) return;
  buildOfFolder.set(folder, build);
  const stale = (await cache.keys()).filter((key) => {
    const url = new URL(key.url);
    const name = PIECE_NAME.exec(url.pathname);
    return name && name[1] !== build && folderOf(url) === folder;
  });
  await Promise.all(stale.map((key) => cache.delete(key)));
}

async function respond(event, request) {
  const cache = await caches.open(CACHE);
  // ?q=, ?doc= and ?index= all load the same page: one cached copy serves every search URL.
  const isPage = request.mode === "navigate";
  const key = isPage ? new URL(request.url).pathname : request;
  // `no-cache`: revalidate with the server (a 304 costs nothing) instead of trusting the HTTP
  // cache, whose heuristic freshness would hand back the file of the previous build. (A
  // navigation request cannot be copied with options; its URL can.)
  const network = isPage ? fetch(request.url, { cache: "no-cache" }) : fetch(new Request(request, { cache: "no-cache" }));
  // Kept for offline use; registered now, while the event can still be extended (the response is
  // cloned before the page reads it).
  event.waitUntil(
    network
      .then((response) => (response.ok && response.type === "basic" ? cache.put(key, response.clone()) : undefined))
      .catch(() => undefined),
  );
  let timer;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(resolve, NETWORK_TIMEOUT_MS, null);
  });
  try {
    const response = await Promise.race([network, timeout]);
    if (response) return response;
  } catch {
    // Offline: the cache answers below.
  } finally {
    clearTimeout(timer);
  }
  const cached = await cache.match(key, { ignoreSearch: isPage });
  if (cached) return cached;
  // Nothing cached either: wait for the network after all (its error is the honest answer).
  return network;
}
