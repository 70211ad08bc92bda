// The npm package as published: its package.json, and installing the packed tarball into an empty
// project that imports "fahras" by name, the way docs/api.md tells Node users to.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { pkgDir, seeds } from "./fahras.mjs";

const pkg = JSON.parse(readFileSync(new URL("package.json", pkgDir), "utf8"));
const cargoToml = readFileSync(new URL("../../Cargo.toml", import.meta.url), "utf8");

// npm must not stop to ask, phone home, or audit while the tests run.
const npmEnv = {
  ...process.env,
  npm_config_audit: "false",
  npm_config_fund: "false",
  npm_config_update_notifier: "false",
  npm_config_loglevel: "error",
};

test("package.json has the fields a published ES module package needs", () => {
  assert.equal(pkg.name, "fahras");
  assert.equal(pkg.type, "module");
  const [, version] = cargoToml.match(/^\[package\][^[]*?^version\s*=\s*"([^"]+)"/ms);
  assert.equal(pkg.version, version, "version comes from Cargo.toml");
  assert.equal(pkg.main, "fahras.js");
  assert.equal(pkg.types, "fahras.d.ts");
  assert.equal(pkg.sideEffects, false);
  assert.equal(pkg.license, "MIT OR Apache-2.0");
  assert.ok(pkg.engines?.node, "engines.node");
  assert.ok(typeof pkg.description === "string" && pkg.description.length > 0);
  assert.ok(Array.isArray(pkg.keywords) && pkg.keywords.includes("arabic"));

  const root = pkg.exports["."];
  assert.equal(root.types, "./fahras.d.ts");
  assert.equal(root.import ?? root.default, "./fahras.js");
  assert.equal(Object.keys(root)[0], "types", "types first: TypeScript takes the first match");
  assert.equal(pkg.exports["./fahras_bg.wasm"], "./fahras_bg.wasm");
  assert.equal(pkg.exports["./package.json"], "./package.json");
  assert.equal(pkg.exports["./indexer"].types, "./fahras_indexer.d.ts");
  assert.equal(pkg.exports["./indexer"].import, "./fahras_indexer.js");
  assert.equal(pkg.bin?.fahras, "cli.mjs", "the fahras command");
  assert.match(readFileSync(new URL(pkg.bin.fahras, pkgDir), "utf8"), /^#!\/usr\/bin\/env node\n/);

  for (const file of ["fahras.js", "fahras.d.ts", "fahras_bg.wasm", "fahras_indexer.js", "fahras_indexer_bg.wasm", "cli.mjs", "README.md"]) {
    assert.ok(pkg.files.includes(file), `files lists ${file}`);
  }
  for (const file of pkg.files) assert.ok(existsSync(new URL(file, pkgDir)), `pkg/${file} exists`);
});

test("the type declarations describe the public API", () => {
  const dts = readFileSync(new URL("fahras.d.ts", pkgDir), "utf8");
  for (const name of ["class SearchIndex", "search(", "document(", "suggest(", "stats", "fromBytes(", "normalize(", "analyze(", "initSync"]) {
    assert.ok(dts.includes(name), `fahras.d.ts declares ${name}`);
  }
  const indexerDts = readFileSync(new URL("fahras_indexer.d.ts", pkgDir), "utf8");
  for (const name of ["class IndexBuilder", "add(", "finish(", "initSync"]) {
    assert.ok(indexerDts.includes(name), `fahras_indexer.d.ts declares ${name}`);
  }
});

test("the packed tarball installs into an empty project and works when imported by name", { timeout: 180_000 }, () => {
  const work = mkdtempSync(join(tmpdir(), "fahras-pack-"));
  try {
    const [packed] = JSON.parse(
      execFileSync("npm", ["pack", fileURLToPath(pkgDir), "--pack-destination", work, "--json"], {
        env: npmEnv,
        encoding: "utf8",
      }),
    );
    const packedFiles = packed.files.map((f) => f.path).sort();
    for (const file of ["README.md", "cli.mjs", "fahras.d.ts", "fahras.js", "fahras_bg.wasm", "fahras_indexer.js", "fahras_indexer_bg.wasm", "package.json"]) {
      assert.ok(packedFiles.includes(file), `the tarball contains ${file}`);
    }
    assert.equal(packed.name, "fahras");

    const project = join(work, "project");
    execFileSync("mkdir", [project]);
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
    // fahras has no dependencies, so installing the tarball needs no registry.
    execFileSync("npm", ["install", "--offline", join(work, packed.filename)], { cwd: project, env: npmEnv });

    // The command the package installs, run the way the README says (`npx fahras build`).
    const seedsDir = fileURLToPath(new URL("../../seeds/", import.meta.url));
    execFileSync("npm", ["exec", "--offline", "--", "fahras", "build", seedsDir, "-o", "seeds.fhr"], {
      cwd: project,
      env: npmEnv,
    });

    // The Node quick start of docs/api.md / the package README, verbatim in substance.
    writeFileSync(
      join(project, "main.js"),
      `import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { initSync, SearchIndex, normalize } from "fahras";
initSync({ module: readFileSync(new URL("./fahras_bg.wasm", import.meta.resolve("fahras"))) });
const wasmUrl = import.meta.resolve("fahras/fahras_bg.wasm");
const meta = createRequire(import.meta.url)("fahras/package.json");
const res = new SearchIndex().search("بوتين", { limit: 100 });
const built = SearchIndex.fromBytes(readFileSync("seeds.fhr")).search("بوتين", { limit: 100 });
// Building in-process, through the indexer entry point.
const indexer = await import("fahras/indexer");
indexer.initSync({ module: readFileSync(new URL("./fahras_indexer_bg.wasm", import.meta.resolve("fahras/indexer"))) });
const builder = new indexer.IndexBuilder();
builder.add({ id: "x", text: "مدينة القاهرة" });
const own = SearchIndex.fromBytes(builder.finish()).search("القاهرة");
console.log(JSON.stringify({
  total: res.total, ids: res.hits.map((h) => h.id), builtIds: built.hits.map((h) => h.id),
  ownIds: own.hits.map((h) => h.id), normalized: normalize("أَكَّدَ"), wasmUrl, name: meta.name,
}));
`,
    );
    const out = JSON.parse(execFileSync("node", ["main.js"], { cwd: project, encoding: "utf8" }));
    assert.equal(out.total, seeds.length);
    assert.deepEqual([...out.ids].sort(), seeds.map((s) => s.id));
    assert.deepEqual(out.builtIds, out.ids, "the CLI-built index answers like the embedded one");
    assert.deepEqual(out.ownIds, ["x"]);
    assert.equal(out.normalized, "اكد");
    assert.ok(out.wasmUrl.endsWith("/node_modules/fahras/fahras_bg.wasm"), out.wasmUrl);
    assert.equal(out.name, "fahras");
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
