// The package README's Node-side examples, run as written in an empty project that installed the
// packed tarball: the Node quick start, the `npx fahras` commands and the JSONL line they index, and
// the in-process indexer. A README edit that breaks one of them fails here. (The page, bundler and
// Web Worker quick starts run in tests/browser/.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { SearchIndex, pkgDir, seeds } from "./fahras.mjs";

const readme = readFileSync(new URL("README.md", pkgDir), "utf8");

/** The ```lang blocks of the section whose `## ` heading starts with `heading`. */
function blocks(heading, lang) {
  const section = readme.split(/^(?=## )/m).find((s) => s.startsWith(`## ${heading}`));
  assert.ok(section, `the README has a "## ${heading}" section`);
  const found = [...section.matchAll(new RegExp("^```" + lang + "\\n([\\s\\S]*?)^```$", "gm"))].map((m) => m[1]);
  assert.ok(found.length > 0, `"## ${heading}" has a ${lang} block`);
  return found;
}

// npm must not stop to ask, phone home, audit, or reach the registry while the tests run.
const npmEnv = {
  ...process.env,
  npm_config_audit: "false",
  npm_config_fund: "false",
  npm_config_update_notifier: "false",
  npm_config_loglevel: "error",
  npm_config_offline: "true",
};

test("the README's Node quick start, CLI commands and indexer example run as written", { timeout: 180_000 }, () => {
  const work = mkdtempSync(join(tmpdir(), "fahras-readme-"));
  try {
    const [packed] = JSON.parse(
      execFileSync("npm", ["pack", fileURLToPath(pkgDir), "--pack-destination", work, "--json"], { env: npmEnv, encoding: "utf8" }),
    );
    const project = join(work, "project");
    mkdirSync(project);
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
    execFileSync("npm", ["install", join(work, packed.filename)], { cwd: project, env: npmEnv });
    const run = (file, code) => {
      writeFileSync(join(project, file), code);
      return execFileSync(process.execPath, [file], { cwd: project, encoding: "utf8" });
    };

    // Node quick start: prints the titles of the hits for بوتين.
    const [nodeStart] = blocks("Quick start: Node", "js");
    const printed = run("node-start.mjs", nodeStart);
    const expected = new SearchIndex().search("بوتين");
    assert.equal(expected.hits.length, seeds.length);
    for (const hit of expected.hits) assert.ok(printed.includes(hit.title), `prints ${hit.title}`);

    // The corpus the commands name: a docs/ folder (with the guide/intro.md the indexer example
    // reads) and docs.jsonl holding the README's JSONL example line.
    const docs = join(project, "docs");
    mkdirSync(join(docs, "guide"), { recursive: true });
    writeFileSync(join(docs, "guide", "intro.md"), "---\ntitle: مقدمة\n---\n\nدليل البحث في الصين والعالم.\n");
    writeFileSync(join(docs, "news.txt"), seeds[0].text);
    writeFileSync(join(docs, "page.html"), "<title>صفحة</title><p>نص عن الصين</p>");
    const [jsonLine] = blocks("Index your own documents", "json");
    writeFileSync(join(project, "docs.jsonl"), jsonLine);

    const [commands] = blocks("Index your own documents", "sh");
    const lines = commands.split("\n").filter((l) => l.startsWith("npx fahras"));
    assert.equal(lines.length, 3, commands);
    const outputs = lines.map((line) => execFileSync("bash", ["-c", line], { cwd: project, env: npmEnv, encoding: "utf8" }));
    assert.match(outputs[0], /public\/docs\.fhr: 3 documents/, "the folder: .md, .txt and .html");
    assert.match(outputs[1], /public\/docs\.fhr: 1 document,/, "the JSONL line");
    const [summary, first] = outputs[2].trim().split("\n").map((l) => JSON.parse(l));
    assert.equal(summary.total, 1, "fahras search finds the JSONL document");
    assert.equal(first.id, "cairo");

    // What the README says the page gets from that index.
    const index = SearchIndex.fromBytes(readFileSync(join(project, "public", "docs.fhr")));
    const [hit] = index.search("القاهرة").hits;
    assert.equal(hit.url, "/cities/cairo");
    assert.deepEqual(hit.fields, { section: "مدن" });

    // The in-process indexer example.
    const indexerBlock = blocks("Index your own documents", "js").find((b) => b.includes("fahras/indexer"));
    assert.ok(indexerBlock, "an indexer example");
    const built = run("indexer.mjs", `${indexerBlock}\nprocess.stdout.write(Buffer.from(bytes).toString("base64"));\n`);
    const own = SearchIndex.fromBytes(Buffer.from(built, "base64"));
    assert.equal(own.stats.documents, 2);
    assert.equal(own.document("guide/intro").title, "مقدمة");
    assert.deepEqual(own.search("النيل").hits.map((h) => h.id), ["cairo"]);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
