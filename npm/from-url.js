// SearchIndex.fromUrl, appended to the package's fahras.js by scripts/finish-glue.mjs (so it sees
// the glue's SearchIndex and IndexDownload). Only the fetch and the awaits are here: awaiting in
// Rust would put an async runtime into the page's module. The URL check, the copy of each chunk
// into wasm memory, every error message and the opening are IndexDownload's (src/wasm.rs).
// A method of an object literal, so that it keeps its name once minified (`fromUrl.name`).
SearchIndex.fromUrl = {
  async fromUrl(url) {
    const download = new IndexDownload(url);
    let spent = false;
    try {
      let response;
      try {
        response = await fetch(download.url);
      } catch (error) {
        throw download.refused(error);
      }
      if (!response.ok) throw download.answered(response.status, response.statusText, response.url);
      download.reserve(response.headers.get("content-length") ?? undefined);
      const reader = response.body?.getReader();
      for (;;) {
        let chunk;
        try {
          chunk = reader ? await reader.read() : { value: new Uint8Array(await response.arrayBuffer()) };
        } catch (error) {
          throw download.brokeOff(error);
        }
        if (chunk.done) break;
        download.push(chunk.value);
        if (!reader) break;
      }
      const contentType = response.headers.get("content-type") ?? undefined;
      spent = true; // open() takes the download, whether it opens or throws
      return download.open(contentType);
    } finally {
      if (!spent) download.free();
    }
  },
}.fromUrl;
