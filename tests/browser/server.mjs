// A tiny static file server for the browser tests: serves a folder (normally target/site) on
// 127.0.0.1 with an ephemeral port and the MIME types the page needs (application/wasm lets
// WebAssembly.instantiateStreaming work). `mounts` lays other folders over URL prefixes (a test
// package built from a hostile corpus over /pkg/), and `routes` answers given paths itself (a
// corrupt index file, a 404) so a test can simulate failures.
import { createServer } from "node:http";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";

export const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".webmanifest": "application/manifest+json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
  ".ts": "text/plain; charset=utf-8",
  ".fhr": "application/octet-stream",
  ".woff2": "font/woff2",
};

/**
 * @param {{ root: string, mounts?: Record<string, string>,
 *           routes?: Record<string, (req: import("node:http").IncomingMessage,
 *                                    res: import("node:http").ServerResponse) => void> }} options
 * @returns {Promise<{ url: string, requests: string[], close: () => Promise<void> }>}
 */
export async function startServer({ root, mounts = {}, routes = {} }) {
  const requests = [];
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    requests.push(path);
    try {
      if (routes[path]) return routes[path](req, res);
      let base = root;
      let rel = path;
      for (const [prefix, dir] of Object.entries(mounts)) {
        if (path.startsWith(prefix)) {
          base = dir;
          rel = path.slice(prefix.length - 1);
          break;
        }
      }
      let file = normalize(join(base, rel));
      if (file !== base && !file.startsWith(base.endsWith(sep) ? base : base + sep)) {
        return send(res, 403, "forbidden");
      }
      let info = await stat(file).catch(() => null);
      if (info?.isDirectory()) {
        file = join(file, "index.html");
        info = await stat(file).catch(() => null);
      }
      if (!info?.isFile()) return send(res, 404, "not found");
      res.writeHead(200, {
        "content-type": MIME[extname(file)] ?? "application/octet-stream",
        "content-length": info.size,
        // Every request reaches the server (and the service worker's refresh sees the files).
        "cache-control": "no-cache",
      });
      if (req.method === "HEAD") return res.end();
      createReadStream(file).pipe(res);
    } catch (err) {
      send(res, 500, String(err));
    }
  });
  // Keep-alive sockets would hold close() open after the browser is gone.
  const sockets = new Set();
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function send(res, status, text) {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8" });
  res.end(text);
}
