// The fresh-machine path of the README, shared by tests/node/install.test.mjs (Node) and
// tests/browser/install.test.mjs (Chromium): the release tarball (`make package`) installed into
// an empty `npm init -y` project in a temp dir, which builds its own Markdown folder with the
// package's command, as an index file and as an --embed module.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const version = readFileSync(join(repo, "Cargo.toml"), "utf8").match(/^\[package\][^[]*?^version\s*=\s*"([^"]+)"/ms)[1];
/** What `make package` writes (the build layer of `make test` runs it before the tests). */
export const TARBALL = join(repo, `fahras-${version}.tgz`);

// npm must not stop to ask, phone home, or audit; fahras has no dependencies, so nothing but the
// tarball is installed and no registry is needed.
export const npmEnv = {
  ...process.env,
  npm_config_audit: "false",
  npm_config_fund: "false",
  npm_config_update_notifier: "false",
  npm_config_loglevel: "error",
  npm_config_offline: "true",
};

/** The user's own documentation: Markdown with front matter, headings and a subfolder. */
export const DOCS = {
  "index.md": "---\ntitle: دليل المكتبة\n---\n\n# مرحبا\n\nهذا دليل مكتبة البحث. تعلّم البرمجة بلغة بايثون خطوة بخطوة.\n",
  "guide/install.md": "# تثبيت المكتبة\n\nلتثبيت المكتبة على حاسوبك افتح الطرفية واكتب الأمر.\n",
  "guide/python.md": "# البرمجة بلغة بايثون\n\nبايثون لغة برمجة سهلة. نستعملها في تثبيت المكتبة وفي البحث.\n",
};

/** `npx <args>` in the project, as the README tells users to run it; returns stdout. */
export function npx(project, ...args) {
  return execFileSync("npx", args, { cwd: project, env: npmEnv, encoding: "utf8" });
}

/**
 * Create the project: `npm init -y`, install the tarball, write docs/, and run
 * `npx fahras build docs/ -o public/docs.fhr` and `npx fahras build docs/ --embed -o public/search/`.
 * Returns its folder and a function that deletes it.
 */
export function freshProject() {
  if (!existsSync(TARBALL)) {
    throw new Error(`${TARBALL} is missing: run \`make package\` before this test (make test does)`);
  }
  const work = mkdtempSync(join(tmpdir(), "fahras-fresh-"));
  const project = join(work, "my-site");
  mkdirSync(project);
  execFileSync("npm", ["init", "-y"], { cwd: project, env: npmEnv, stdio: "ignore" });
  execFileSync("npm", ["install", TARBALL], { cwd: project, env: npmEnv, stdio: ["ignore", "ignore", "inherit"] });
  for (const [rel, text] of Object.entries(DOCS)) {
    mkdirSync(dirname(join(project, "docs", rel)), { recursive: true });
    writeFileSync(join(project, "docs", rel), text);
  }
  const built = npx(project, "fahras", "build", "docs/", "-o", "public/docs.fhr");
  const embedded = npx(project, "fahras", "build", "docs/", "--embed", "-o", "public/search/");
  return { project, built, embedded, cleanup: () => rmSync(work, { recursive: true, force: true }) };
}
