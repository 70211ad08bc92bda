// fahras service worker: after one visit the page, the engine and its embedded index come from
// the cache, so search keeps working offline.
//
// Strategy: cache first (instant, works offline), then refresh the cached copy from the network
// in the background, so a rebuilt site is picked up on the next load instead of never. Bump
// VERSION when the list of files changes; old caches are deleted on activate.
const VERSION = "v1";
const CACHE = `fahras-${VERSION}`;
const PRECACHE = [
  "./",
  "./index.html",
  "./app.js",
  "./style.css",
  "./manifest.webmanifest",
  "./icon.svg",
  "./icon-192.png",
  "./icon-512.png",
  "./pkg/fahras.js",
  "./pkg/fahras_bg.wasm",
];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      // `reload` skips the HTTP cache so the precache holds what the server has now.
      .then((cache) => cache.addAll(PRECACHE.map((url) => new Request(url, { cache: "reload" }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => keys.filter((key) => key.startsWith("fahras-") && key !== CACHE))
      .then((old) => Promise.all(old.map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET" || request.headers.has("range")) return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  event.respondWith(respond(event, request));
});

async function respond(event, request) {
  const cache = await caches.open(CACHE);
  // ?q=, ?doc= and ?index= all load the same page: one cached copy serves every search URL.
  const isPage = request.mode === "navigate";
  const cached = await cache.match(request, { ignoreSearch: isPage });
  const refresh = fetch(request)
    .then((response) => {
      if (response.ok && response.type === "basic") {
        const key = isPage ? new URL(request.url).pathname : request;
        return cache.put(key, response.clone()).then(() => response);
      }
      return response;
    });
  if (cached) {
    // Offline the refresh fails; the cached answer already went out, so that is not an error.
    event.waitUntil(refresh.catch(() => undefined));
    return cached;
  }
  return refresh;
}
