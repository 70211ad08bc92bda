// What a JS value is, for the modules' error messages: "undefined", "null", "a string",
// "a Response", "an object". src/wasm.rs imports it (the package's build inlines it into the
// glue, scripts/inline-snippets.mjs): in Rust each of these checks was a call into JS with a
// binding of its own, about 0.5 kB (brotli) more in the module than this is in the glue.
export function describe(value) {
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  let kind = typeof value;
  if (kind === "object" && Array.isArray(value)) {
    kind = "array";
  } else if (kind === "object") {
    // Response, Blob, Promise, ArrayBuffer… name themselves (`Symbol.toStringTag`), across
    // realms too; other objects by their constructor's name, plain ones as "object". A getter
    // that throws counts as no name.
    let tag, name;
    try {
      tag = value[Symbol.toStringTag];
    } catch {}
    if (typeof tag === "string") {
      kind = tag;
    } else {
      try {
        if (typeof value.constructor === "function") name = value.constructor.name;
      } catch {}
      if (typeof name === "string" && name !== "" && name !== "Object") kind = name;
    }
  }
  // "a Uint8Array", "a URL": a leading U is said "you".
  return (/^[aeioAEIO]/.test(kind) ? "an " : "a ") + kind;
}
