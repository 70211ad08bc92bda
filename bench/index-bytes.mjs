// The index embedded in a built fahras_bg.wasm, cut out of the module's initial memory so that its
// size can be told apart from the code's. wasm-opt drops runs of zeros from data segments (memory
// starts zeroed), so the index is not one piece of the file: the memory image is rebuilt from the
// data segments first. The index layout is src/index/format.rs': magic "FAHRASIX", version u32,
// reserved u32, checksum u64, then (offset u32, length u32) per section, little-endian.

const MAGIC = Buffer.from("FAHRASIX");
const SECTIONS = ["meta", "words", "postings", "docs", "store"];
const HEADER_LEN = 24 + SECTIONS.length * 8;
const DATA_SECTION = 11;
const I32_CONST = 0x41;
const END = 0x0b;

/**
 * The `length` index bytes in the initial memory of `wasm`, and the bytes of each section, or
 * undefined when none is found. `open(bytes)` must throw on bytes that are not a valid index:
 * fahras checks a checksum over every byte, so an index that opens was cut out exactly.
 */
export function embeddedIndex(wasm, length, open) {
  const memory = initialMemory(wasm);
  for (let at = memory.indexOf(MAGIC); at >= 0; at = memory.indexOf(MAGIC, at + 1)) {
    if (at + length > memory.length) break;
    const bytes = memory.subarray(at, at + length);
    try {
      open(new Uint8Array(bytes));
    } catch {
      continue;
    }
    const sections = [{ name: "header", bytes: Buffer.from(bytes.subarray(0, HEADER_LEN)) }];
    SECTIONS.forEach((name, i) => {
      const offset = bytes.readUInt32LE(24 + i * 8);
      const len = bytes.readUInt32LE(24 + i * 8 + 4);
      sections.push({ name, bytes: Buffer.from(bytes.subarray(offset, offset + len)) });
    });
    return { bytes: Buffer.from(bytes), sections };
  }
  return undefined;
}

/** Memory 0 as the module's active data segments initialise it. */
function initialMemory(wasm) {
  const segments = [];
  let pos = 8; // magic and version
  const uleb = () => {
    let result = 0;
    let shift = 0;
    let byte;
    do {
      byte = wasm[pos++];
      result += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return result;
  };
  const sleb32 = () => {
    let result = 0;
    let shift = 0;
    let byte;
    do {
      byte = wasm[pos++];
      result |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80);
    return shift < 32 && byte & 0x40 ? result | (-1 << shift) : result;
  };
  while (pos < wasm.length) {
    const id = wasm[pos++];
    const size = uleb();
    const end = pos + size;
    if (id === DATA_SECTION) {
      for (let count = uleb(); count > 0; count--) {
        const flags = uleb();
        if (flags === 1) {
          pos += uleb(); // passive: not in the initial memory (skip its bytes)
          continue;
        }
        if (flags === 2) uleb(); // memory index
        if (wasm[pos++] !== I32_CONST) throw new Error("data segment offset is not an i32.const");
        const offset = sleb32() >>> 0;
        if (wasm[pos++] !== END) throw new Error("data segment offset expression is not a constant");
        const len = uleb();
        segments.push({ offset, bytes: wasm.subarray(pos, pos + len) });
        pos += len;
      }
    }
    pos = end;
  }
  const memory = Buffer.alloc(Math.max(0, ...segments.map((s) => s.offset + s.bytes.length)));
  for (const s of segments) s.bytes.copy(memory, s.offset);
  return memory;
}
