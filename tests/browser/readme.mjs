// The code blocks of the package README (pkg/README.md, the copy that ships), so tests run the
// quick starts as users read them and a README edit that breaks one fails a test.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO } from "./harness.mjs";

/** The ```lang blocks under the `## heading…` section whose heading starts with `heading`; with
 *  `file`, only the block whose first line is the comment `// <file>`. */
export function readmeBlocks(heading, lang, file) {
  const readme = readFileSync(join(REPO, "pkg", "README.md"), "utf8");
  const section = readme.split(/^(?=## )/m).find((s) => s.startsWith(`## ${heading}`));
  if (!section) throw new Error(`pkg/README.md has no section "## ${heading}"`);
  const blocks = [...section.matchAll(new RegExp("^```" + lang + "\\n([\\s\\S]*?)^```$", "gm"))].map((m) => m[1]);
  const wanted = file ? blocks.filter((b) => b.startsWith(`// ${file}\n`)) : blocks;
  if (wanted.length === 0) throw new Error(`pkg/README.md "## ${heading}" has no ${lang} block${file ? ` for ${file}` : ""}`);
  return wanted;
}
