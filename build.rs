//! Compiles the corpus into the index embedded in the library.
//!
//! The corpus is the `seeds/` folder unless `FAHRAS_CORPUS` names another
//! folder of `.txt` files or a `.jsonl` file (one `{"id", "title", "text",
//! "url"?, "date"?, ...}` object per line). The analyser and the index writer
//! are the library's own modules, compiled into this script through `#[path]`,
//! so the index and the queries can never be analysed differently.

#![allow(dead_code, unused_imports)] // the shared modules carry reader code this script does not call

#[path = "src/analysis/mod.rs"]
mod analysis;
#[path = "src/document.rs"]
mod document;
#[path = "src/error.rs"]
mod error;
#[path = "src/index/mod.rs"]
mod index;

use std::path::{Path, PathBuf};
use std::{env, fs, process};

use document::Document;

fn main() {
    for path in [
        "src/analysis",
        "src/index",
        "src/document.rs",
        "src/error.rs",
    ] {
        println!("cargo:rerun-if-changed={path}");
    }
    println!("cargo:rerun-if-env-changed=FAHRAS_CORPUS");
    if env::var_os("CARGO_FEATURE_EMBEDDED").is_none() {
        return; // a build without a corpus (the CLI's indexer module)
    }
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let corpus = match env::var_os("FAHRAS_CORPUS") {
        Some(path) if !path.is_empty() => manifest.join(path),
        _ => manifest.join("seeds"),
    };
    println!("cargo:rerun-if-changed={}", corpus.display());

    let bytes = load(&corpus).and_then(|docs| {
        let mut builder = index::IndexBuilder::new();
        for doc in docs {
            builder.add(doc).map_err(|e| e.to_string())?;
        }
        builder.finish().map_err(|e| e.to_string())
    });
    let bytes = bytes.unwrap_or_else(|message| {
        eprintln!(
            "error: cannot index the corpus {}: {message}",
            corpus.display()
        );
        process::exit(1);
    });
    // Open what was written, so a writer bug fails the build, not the page.
    if let Err(e) = index::IndexReader::open(index::Bytes::Static(Box::leak(bytes.clone().into())))
    {
        eprintln!("error: the index just written does not open: {e}");
        process::exit(1);
    }
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("set by cargo")).join("index.fhr");
    fs::write(&out, &bytes).unwrap_or_else(|e| {
        eprintln!("error: cannot write {}: {e}", out.display());
        process::exit(1);
    });
}

fn load(corpus: &Path) -> Result<Vec<Document>, String> {
    if corpus.extension().is_some_and(|e| e == "jsonl") {
        let text = read_text(corpus)?;
        return parse_jsonl(&text).map_err(|(line, e)| format!("line {line}: {e}"));
    }
    // The same rules as `npx fahras build`: subfolders too, hidden entries and
    // node_modules skipped, id = path inside the folder without extension.
    let mut paths = Vec::new();
    collect_files(corpus, &mut paths)?;
    paths.sort();
    if paths.is_empty() {
        return Err("the folder has no .txt, .md or .html files".into());
    }
    paths
        .iter()
        .map(|path| {
            let relative = path.strip_prefix(corpus).unwrap_or(path).with_extension("");
            let id = relative
                .to_str()
                .ok_or_else(|| format!("{}: the file name is not UTF-8", path.display()))?
                .replace(std::path::MAIN_SEPARATOR, "/");
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            Document::from_file(&id, &read_text(path)?, ext)
                .ok_or_else(|| format!("{}: not a .txt, .md or .html file", path.display()))
        })
        .collect()
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries =
        fs::read_dir(dir).map_err(|e| format!("cannot read the folder {}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') || name == "node_modules" {
            continue;
        }
        if path.is_dir() {
            collect_files(&path, out)?;
        } else {
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            if Document::from_file("", "", ext).is_some() {
                out.push(path);
            }
        }
    }
    Ok(())
}

fn read_text(path: &Path) -> Result<String, String> {
    let bytes = fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "{}: not UTF-8 (invalid byte at offset {})",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })
}

/// One document per line; blank lines are skipped. Errors carry the line number.
fn parse_jsonl(text: &str) -> Result<Vec<Document>, (usize, String)> {
    let mut docs = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_number = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value = serde_json::from_str(line)
            .map_err(|e| (line_number, format!("malformed JSON: {e}")))?;
        let serde_json::Value::Object(object) = value else {
            return Err((line_number, "expected a JSON object".into()));
        };
        let mut doc = Document::default();
        for (key, value) in object {
            let text = match value {
                serde_json::Value::String(s) => s,
                serde_json::Value::Null => continue,
                serde_json::Value::Number(n) => n.to_string(),
                serde_json::Value::Bool(b) => b.to_string(),
                _ => return Err((line_number, format!("field `{key}` must be a string"))),
            };
            doc.set(key, text);
        }
        if doc.id.is_empty() {
            return Err((line_number, "missing `id`".into()));
        }
        docs.push(doc);
    }
    Ok(docs)
}
