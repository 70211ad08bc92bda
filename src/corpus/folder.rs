//! Reading a corpus from disk (native builds: build.rs and tests). The CLI
//! (`npm/cli.mjs`) walks folders with Node's `fs` by the same rules, asking
//! the engine for them ([`super::Format::of_file`], [`super::is_ignored_name`]):
//!
//! - subfolders are read; hidden entries and `node_modules` are not;
//! - `.txt`, `.md`, `.html` files (and their aliases) are documents; other
//!   files are counted and skipped;
//! - symbolic links are followed once: a link to a folder or file already
//!   read (a loop, or a second path to the same place) and a broken link are
//!   skipped, each with a note;
//! - files are read in order of their path, so the output never depends on
//!   the order the file system lists them in.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use super::{
    id_from_path, is_ignored_name, is_json_corpus, read_file, read_json, read_json_lines,
    CorpusError, Format, JsonKind, Options, Parsed,
};

/// One document file of a corpus folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorpusFile {
    pub path: PathBuf,
    /// The path inside the folder, `/`-separated.
    pub relative: String,
    pub id: String,
    pub format: Format,
}

/// What a folder holds.
#[derive(Debug, Default)]
pub struct Walk {
    pub files: Vec<CorpusFile>,
    /// Files of other types, skipped.
    pub other_files: usize,
    /// One line per symbolic link skipped.
    pub skipped_links: Vec<String>,
}

/// The document files under `dir`.
pub fn walk(dir: &Path) -> Result<Walk, String> {
    let mut walk = Walk::default();
    let mut seen_dirs = BTreeSet::new();
    let mut seen_files = BTreeSet::new();
    if let Ok(real) = fs::canonicalize(dir) {
        seen_dirs.insert(real);
    }
    walk_into(dir, "", &mut walk, &mut seen_dirs, &mut seen_files)?;
    walk.files.sort_by(|a, b| a.relative.cmp(&b.relative));
    Ok(walk)
}

fn walk_into(
    dir: &Path,
    relative: &str,
    walk: &mut Walk,
    seen_dirs: &mut BTreeSet<PathBuf>,
    seen_files: &mut BTreeSet<PathBuf>,
) -> Result<(), String> {
    let entries =
        fs::read_dir(dir).map_err(|e| format!("cannot read the folder {}: {e}", dir.display()))?;
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot read the folder {}: {e}", dir.display()))?;
        names.push(entry.file_name());
    }
    names.sort();
    for name in names {
        let Some(name) = name.to_str().map(str::to_string) else {
            return Err(format!(
                "{}: a file name is not UTF-8",
                dir.join(&name).display()
            ));
        };
        if is_ignored_name(&name) {
            continue;
        }
        let path = dir.join(&name);
        let rel = if relative.is_empty() {
            name.clone()
        } else {
            format!("{relative}/{name}")
        };
        let Ok(meta) = fs::metadata(&path) else {
            walk.skipped_links
                .push(format!("{rel}: a broken symbolic link, skipped"));
            continue;
        };
        let real = fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        if meta.is_dir() {
            if !seen_dirs.insert(real.clone()) {
                walk.skipped_links.push(format!(
                    "{rel}: a symbolic link to a folder already read ({}), skipped",
                    real.display()
                ));
                continue;
            }
            walk_into(&path, &rel, walk, seen_dirs, seen_files)?;
        } else if meta.is_file() {
            let Some(format) = Format::of_file(&name) else {
                walk.other_files += 1;
                continue;
            };
            if !seen_files.insert(real.clone()) {
                walk.skipped_links.push(format!(
                    "{rel}: a symbolic link to a file already read ({}), skipped",
                    real.display()
                ));
                continue;
            }
            walk.files.push(CorpusFile {
                id: id_from_path(&rel),
                path,
                relative: rel,
                format,
            });
        } else {
            walk.other_files += 1;
        }
    }
    Ok(())
}

/// A corpus read from disk.
#[derive(Debug, Default)]
pub struct Loaded {
    pub parsed: Parsed,
    /// Lines for stderr: skipped links, drafts, warnings, skipped invalid files.
    pub notes: Vec<String>,
    /// Files (or JSON lines) left out under `skip_invalid`.
    pub invalid: usize,
    pub other_files: usize,
}

/// Read a corpus: a folder, a `.json` file or a `.jsonl`/`.ndjson` file.
/// Errors name the file (and line). With `skip_invalid`, a file that cannot
/// be read is left out with a note instead.
pub fn load(corpus: &Path, options: &Options, skip_invalid: bool) -> Result<Loaded, String> {
    let mut loaded = Loaded::default();
    let name = corpus.to_string_lossy().to_string();
    if corpus.is_file() {
        let Some(kind) = is_json_corpus(&name) else {
            return Err(format!(
                "{name}: expected a folder, a .json file or a .jsonl/.ndjson file"
            ));
        };
        let text = read_text(corpus)?;
        let mut skipped = Vec::new();
        let parsed = match kind {
            JsonKind::Json => read_json(&text, options),
            JsonKind::Lines => read_json_lines(&text, options, skip_invalid, &mut skipped),
        }
        .map_err(|e| e.located(&name))?;
        loaded.invalid = skipped.len();
        loaded.notes.extend(
            skipped
                .iter()
                .map(|e| format!("{}, skipped", e.located(&name))),
        );
        add_notes(&mut loaded, &name, &parsed);
        loaded.parsed = parsed;
        return Ok(loaded);
    }
    let walk = walk(corpus)?;
    if walk.files.is_empty() {
        return Err(format!(
            "{name}: no documents found (looked for .txt, .md and .html files in it and its subfolders)"
        ));
    }
    let mut ids = std::collections::BTreeMap::new();
    for file in &walk.files {
        if let Some(first) = ids.insert(file.id.as_str(), file.relative.as_str()) {
            return Err(format!(
                "{}: duplicate id `{}`: {first} and {} both give it (ids are paths without extension)",
                file.path.display(),
                file.id,
                file.relative
            ));
        }
    }
    loaded.other_files = walk.other_files;
    loaded.notes.extend(walk.skipped_links);
    for file in &walk.files {
        let shown = file.path.display().to_string();
        let result = read_text(&file.path).and_then(|text| {
            read_file(&file.id, &text, file.format, options).map_err(|e| e.located(&shown))
        });
        match result {
            Ok(parsed) => {
                add_notes(&mut loaded, &shown, &parsed);
                loaded.parsed.extend(parsed);
            }
            Err(message) if skip_invalid => {
                loaded.invalid += 1;
                loaded.notes.push(format!("{message}, skipped"));
            }
            Err(message) => return Err(message),
        }
    }
    Ok(loaded)
}

fn add_notes(loaded: &mut Loaded, source: &str, parsed: &Parsed) {
    if parsed.drafts > 0 && parsed.documents.is_empty() {
        loaded
            .notes
            .push(format!("{source}: a draft (`draft: true`), skipped"));
    }
    for warning in &parsed.warnings {
        loaded
            .notes
            .push(format!("warning: {}", warning.located(source)));
    }
}

/// A file as UTF-8 text, or a message naming the file and the first bad byte.
fn read_text(path: &Path) -> Result<String, String> {
    let bytes = fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        CorpusError {
            line: Some(line),
            message: format!("not valid UTF-8 (byte offset {offset}); save the file as UTF-8"),
        }
        .located(&path.display().to_string())
    })
}
