// The TypeScript declarations as a TypeScript user meets them: an empty project installs the
// packed tarball and type-checks, under `strict`, code that uses every public method the way the
// README does (optional arguments left out included), plus calls that must NOT compile (a number
// as a query or id, a string where an option wants a number). Run with both module resolutions a
// project may use ("bundler" for Vite & co, "nodenext" for Node). A parameter or result typed
// `any` fails here: it would accept the wrong calls below.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { pkgDir } from "./fahras.mjs";

// TypeScript is the repo's devDependency; the project's own node_modules holds only fahras.
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

const npmEnv = {
  ...process.env,
  npm_config_audit: "false",
  npm_config_fund: "false",
  npm_config_update_notifier: "false",
  npm_config_loglevel: "error",
  npm_config_offline: "true",
};

const CONSUMER = `import init, { initSync, SearchIndex, normalize, analyze } from "fahras";
import type { FieldValue, Hit, IndexStats, SearchOptions, SearchResults, Segment, SplitIndex, StoredDocument, Token } from "fahras";
import type { AddResult, DocumentInput } from "fahras/indexer";
import { initSync as initIndexer, IndexBuilder } from "fahras/indexer";

declare const wasm: Uint8Array;
await init();
initSync({ module: wasm });
initIndexer({ module: wasm });

const index: SearchIndex = new SearchIndex();
const options: SearchOptions = { limit: 10, offset: 0, prefix: true, fuzzy: true, snippets: false };
const all: SearchResults = index.search("الصين");
const page: SearchResults = index.search("الصين", options);
const first: Hit | undefined = page.hits[0];
const pieces: string = (first?.snippet ?? []).map((s) => (s.hit ? "[" + s.text + "]" : s.text)).join("");
const meta: FieldValue | undefined = first?.url ?? first?.date ?? first?.fields?.["author"];
const tags: string[] = Array.isArray(first?.fields?.["tags"]) ? (first?.fields?.["tags"] as string[]) : [];
const total: number = all.total + (all.suggestion?.length ?? 0);
const words: string[] = index.suggest("استرا");
const five: string[] = index.suggest("استرا", 5);
const doc: StoredDocument | undefined = index.document("000_341317d9654fed0c");
const stats: IndexStats = index.stats;
const size: number = stats.documents + stats.terms + stats.indexBytes;
const fieldCount: number = Object.values(stats.fields).filter((f) => f.type === "date").length + size;
const narrowed: SearchResults = index.search("", {
  filters: {
    section: "ثقافة",
    tags: { any: ["كتب", "شعر"] },
    date: { from: "2024-01-01", to: new Date() },
    views: { from: 1000 },
    surah: [1, 2],
    featured: true,
    none: null,
  },
  facets: ["section", "tags"],
  sort: { date: "desc" },
  snippets: false,
});
const sectionCount: number = (narrowed.facets?.["section"]?.["ثقافة"] ?? 0) + fieldCount;
const segments: Segment[] = first?.snippet ?? [];
const tokens: Token[] = analyze("والصين");
const stem: string = normalize("أَكَّدَ") + (tokens[0]?.stem ?? "") + String(tokens[0]?.stopword);

const builder = new IndexBuilder();
const input: DocumentInput = { id: "cairo", title: "القاهرة", text: "مدينة القاهرة", url: "/cairo", pages: 3, tags: ["مدن"] };
const added: AddResult = builder.add(input);
builder.addFile("guide/intro", "# مقدمة", "md");
const lenient = new IndexBuilder({ lenient: true });
const warnings: string[] = lenient.addJson('[{"id": 1, "text": ""}]').warnings.concat(added.warnings);
// @ts-expect-error a document needs text
builder.add({ id: "x" });
// @ts-expect-error the formats are txt, md and html
builder.addFile("a", "x", "pdf");
const count: number = builder.length;
const bytes: Uint8Array = builder.finish();
const opened: SearchIndex = SearchIndex.fromBytes(bytes);
const fromBuffer: SearchIndex = SearchIndex.fromBytes(new ArrayBuffer(8));
const fromView: SearchIndex = SearchIndex.fromBytes(new DataView(new ArrayBuffer(8)));
const fromWide: SearchIndex = SearchIndex.fromBytes(new Uint16Array(4));
const fetched: Promise<SearchIndex> = SearchIndex.fromUrl("/docs.fhr");
const fetchedUrl: Promise<SearchIndex> = SearchIndex.fromUrl(new URL("https://example.org/docs.fhr"));

// A split index (README: "Big corpora on static hosting").
const big: SplitIndex = await SearchIndex.open("/search/");
const bigToo: SplitIndex = await SearchIndex.open(new URL("https://example.org/search/"), { fetch: (url: string) => fetch(url) });
const bigRes: SearchResults = await big.search("الصلاة", { limit: 10, facets: ["book"] });
const bigDoc: StoredDocument | undefined = await big.document(bigRes.hits[0]?.id ?? "");
const bigWords: string[] = await big.suggest("الص", 5);
const bigStats: IndexStats = await big.stats();
const bigPart: number = ((await big.documentText("x", 0, 10))?.length ?? 0) + ((await big.documentIndexOf("x", "y")) ?? -1);
const bigPieces: string[] = big.pieceNames();
await big.fetchAll((fetchedPieces: number, totalPieces: number) => console.log(fetchedPieces / totalPieces, big.piecesFetched));
const underneath: number = await big.withPieces((sync: SearchIndex) => sync.search("الصلاة").total);
// @ts-expect-error a split index's search is async: its result is a promise
const notYet: SearchResults = big.search("الصلاة");
// @ts-expect-error open takes a URL, not bytes
SearchIndex.open(bytes);

// @ts-expect-error a query is a string
index.search(42);
// @ts-expect-error limit is a number
index.search("الصين", { limit: "10" });
// @ts-expect-error a sort is "asc" or "desc"
index.search("الصين", { sort: { date: "up" } });
// @ts-expect-error facets are field names
index.search("الصين", { facets: "section" });
// @ts-expect-error there is no such option
index.search("الصين", { limt: 10 });
// @ts-expect-error an id is a string
index.document(7);
// @ts-expect-error a prefix is a string
index.suggest(["استرا"]);
// @ts-expect-error fromBytes takes bytes, not a file name
SearchIndex.fromBytes("docs.fhr");
// @ts-expect-error fromBytes takes bytes, not a Response
SearchIndex.fromBytes(new Response());
// @ts-expect-error fromUrl takes a URL
SearchIndex.fromUrl(bytes);
// @ts-expect-error hits have no such field
all.hits[0].scroe;
// @ts-expect-error stats are read-only numbers
const wrong: string = index.stats.documents;

export { pieces, meta, total, words, five, doc, size, segments, stem, count, opened, wrong, fromBuffer, fromView, fromWide, fetched, fetchedUrl, bigToo, bigDoc, bigWords, bigStats, bigPart, bigPieces, underneath, notYet };
`;

test("the declarations type-check README-style code under strict, and reject wrong calls", { timeout: 180_000 }, () => {
  const work = mkdtempSync(join(tmpdir(), "fahras-types-"));
  try {
    const [packed] = JSON.parse(
      execFileSync("npm", ["pack", fileURLToPath(pkgDir), "--pack-destination", work, "--json"], { env: npmEnv, encoding: "utf8" }),
    );
    const project = join(work, "project");
    mkdirSync(project);
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "ts-consumer", private: true, type: "module" }));
    execFileSync("npm", ["install", join(work, packed.filename)], { cwd: project, env: npmEnv });
    writeFileSync(join(project, "main.ts"), CONSUMER);

    for (const resolution of [["bundler", "esnext"], ["nodenext", "nodenext"]]) {
      const [moduleResolution, module] = resolution;
      const run = spawnSync(
        process.execPath,
        // esnext.disposable: the classes declare [Symbol.dispose] (for `using`); without that lib
        // a project needs skipLibCheck, which would also hide errors in our declarations.
        [tsc, "--noEmit", "--strict", "--skipLibCheck", "false", "--target", "es2022", "--lib", "es2022,dom,esnext.disposable",
          "--module", module, "--moduleResolution", moduleResolution, "main.ts"],
        { cwd: project, encoding: "utf8" },
      );
      assert.equal(
        run.status,
        0,
        `tsc --moduleResolution ${moduleResolution}:\n${run.stdout}${run.stderr}\n` +
          "(\"Expected 2 arguments\": an optional parameter needs unchecked_optional_param_type in src/wasm.rs)",
      );
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test("no public method of the declarations takes or returns `any`", () => {
  for (const file of ["fahras.d.ts", "fahras_indexer.d.ts"]) {
    const dts = readFileSync(new URL(file, pkgDir), "utf8");
    // Everything before the raw wasm exports (InitOutput, typed by wasm-bindgen itself).
    const publicPart = dts.slice(0, dts.indexOf("export type InitInput"));
    // (`any?:` is the filter condition of that name, not the type.)
    const offending = publicPart
      .split("\n")
      .filter((line) => /\bany\b/.test(line.replace(/\bany\?:/g, "")) && !/^(\*|\/\*\*)/.test(line.trim()));
    // The fix is in src/wasm.rs: a JsValue parameter gets #[wasm_bindgen(unchecked_param_type =
    // "string")], an optional one unchecked_optional_param_type (which also makes it `?`).
    assert.deepEqual(offending, [], `${file}: declarations typed any (see src/wasm.rs: unchecked_param_type)`);
  }
});
