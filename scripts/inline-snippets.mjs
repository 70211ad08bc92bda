// Inlines the module's JS snippets into its wasm-bindgen glue, in place, and removes the
// `snippets/` folder wasm-bindgen wrote next to it. The Rust code imports JS from files of this
// repository (`#[wasm_bindgen(module = "/npm/results.js")]`: the building of search results,
// which is faster in JS); wasm-bindgen copies each such file to
// `snippets/<crate>-<hash>/<path>` and imports it from the glue. Inlined, the package stays one
// script per module (the page loads no extra file, package.json lists no hashed paths).
//
// Each `import { a, b as c } from './snippets/…';` line becomes a block that evaluates the
// snippet's code with its `export` keywords dropped and binds the imported names, so the
// snippet's own top-level names cannot clash with the glue's.
//
//   node scripts/inline-snippets.mjs <package dir>/fahras.js [<package dir>/fahras_indexer.js …]
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

const IMPORT = /^import \{([^}]*)\} from '(\.\/snippets\/[^']+)';$/gm;

for (const file of process.argv.slice(2)) {
  const dir = dirname(file);
  const glue = readFileSync(file, "utf8").replace(IMPORT, (_, names, path) => {
    const source = readFileSync(join(dir, path), "utf8");
    const code = source.replace(/^export (?=(?:async )?function |const |let |class )/gm, "");
    if (/^export\b/m.test(code)) {
      console.error(`${path}: only \`export function|const|let|class\` declarations can be inlined`);
      process.exit(1);
    }
    const bindings = names.split(",").map((name) => name.trim()).filter(Boolean);
    const pairs = bindings.map((b) => b.split(/\s+as\s+/));
    const local = pairs.map(([name, as]) => (as ? `${name}: ${as}` : name)).join(", ");
    const exported = pairs.map(([name]) => name).join(", ");
    return `const { ${local} } = (() => {\n${code}\nreturn { ${exported} };\n})();`;
  });
  if (/from '\.\/snippets\//.test(glue)) {
    console.error(`${file}: a snippet import is not in the form this script inlines`);
    process.exit(1);
  }
  writeFileSync(file, glue);
}
for (const file of process.argv.slice(2)) {
  const snippets = join(dirname(file), "snippets");
  if (existsSync(snippets)) rmSync(snippets, { recursive: true });
}
