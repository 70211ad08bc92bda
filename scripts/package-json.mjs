// Writes the npm package's package.json: the template in npm/package.json with the version taken
// from Cargo.toml, so the crate and the npm package can never be published under different versions.
//
//   node scripts/package-json.mjs <template.json> <Cargo.toml> <out.json>
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";

const [templatePath, cargoPath, outPath] = process.argv.slice(2);
if (!outPath) {
  console.error("usage: node scripts/package-json.mjs <template.json> <Cargo.toml> <out.json>");
  process.exit(2);
}

// The `version` key of the [package] table (not of a dependency or another table).
function cargoVersion(toml) {
  let inPackage = false;
  for (const line of toml.split(/\r?\n/)) {
    const table = line.match(/^\s*\[+([^\]]+)\]+\s*(#.*)?$/);
    if (table) {
      inPackage = table[1].trim() === "package";
      continue;
    }
    const version = inPackage && line.match(/^\s*version\s*=\s*"([^"]+)"/);
    if (version) return version[1];
  }
  throw new Error(`${cargoPath}: no version in [package]`);
}

const pkg = JSON.parse(readFileSync(templatePath, "utf8"));
pkg.version = cargoVersion(readFileSync(cargoPath, "utf8"));

// A package that lists a file it does not contain installs broken: check against the build output.
const outDir = dirname(outPath);
const missing = (pkg.files ?? []).filter((f) => !existsSync(join(outDir, f)));
if (missing.length) throw new Error(`${outDir} lacks files listed in package.json: ${missing.join(", ")}`);

writeFileSync(outPath, JSON.stringify(pkg, null, 2) + "\n");
