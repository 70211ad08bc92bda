//! The generator of `tables.rs`, run as a test: the committed tables must be
//! what the Unicode data of the `unicode-normalization` crate gives today.
//!
//! To regenerate after changing the generator or updating the crate:
//! `FAHRAS_REGEN_TABLES=1 cargo test --lib analysis::tablegen` (writes
//! `src/analysis/tables.rs`; any other value is taken as the path to write).

use std::fmt::Write;

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// The code points whose compatibility decomposition fahras applies: what
/// users paste. Latin-1 Supplement and Latin Extended-A/B (accented letters,
/// ª º ¹ ² ³ ¼, NBSP), Latin Extended Additional (Vietnamese), super- and
/// subscripts, the Latin ligatures ﬀ–ﬆ, Arabic Presentation Forms-A and -B
/// (contextual letter forms, lam-alef and other ligatures, ﷺ), and the
/// fullwidth forms (not the halfwidth Katakana and Hangul of U+FF61–FFDC,
/// which only Japanese and Korean text needs). Fullwidth ASCII is a rule in
/// `normalize.rs`, not table rows.
const RANGES: [(u32, u32); 8] = [
    (0x00A0, 0x024F),
    (0x1E00, 0x1EFF),
    (0x2070, 0x209F),
    (0xFB00, 0xFB06),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
    (0xFF00, 0xFF60),
    (0xFFE0, 0xFFEF),
];

/// Latin letters whose diacritic is part of the letter in Unicode (a stroke,
/// a ligature): no decomposition exists, but a user typing without the
/// diacritic means the same word, as in Lucene's ASCIIFoldingFilter.
const EXTRAS: [(char, &str); 17] = [
    ('Æ', "ae"),
    ('Ð', "d"),
    ('Ø', "o"),
    ('ß', "ss"),
    ('æ', "ae"),
    ('ð', "d"),
    ('ø', "o"),
    ('Đ', "d"),
    ('đ', "d"),
    ('Ħ', "h"),
    ('ħ', "h"),
    ('ı', "i"),
    ('Ł', "l"),
    ('ł', "l"),
    ('Œ', "oe"),
    ('œ', "oe"),
    ('Ŧ', "t"),
];

/// The decomposition table: (code point, replacement), sorted.
pub(super) fn decompositions() -> Vec<(u16, String)> {
    let mut rows = Vec::new();
    for (lo, hi) in RANGES {
        for cp in lo..=hi {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            if (0xFF01..=0xFF5E).contains(&cp) {
                continue;
            }
            let mapped = fold_extras(&nfkd_without_accents(c));
            if mapped != c.to_string() {
                rows.push((cp as u16, mapped));
            }
        }
    }
    rows
}

/// `s` with the [`EXTRAS`] letters replaced, also when they come out of a
/// decomposition (Ǣ is Æ + macron) or out of lowercasing: the normaliser
/// does not look a replacement up again, and must stay idempotent.
fn fold_extras(s: &str) -> String {
    s.chars()
        .map(|c| {
            let lower = c.to_lowercase().next().unwrap_or(c);
            match EXTRAS.iter().find(|&&(e, _)| e == c || e == lower) {
                Some((_, r)) => r.to_string(),
                None => c.to_string(),
            }
        })
        .collect()
}

/// NFKD of `c`, without the generic combining marks (accents) that the
/// normaliser deletes anyway: shorter table, same result.
pub(super) fn nfkd_without_accents(c: char) -> String {
    let mut s = String::new();
    decompose_compatible(c, |d| {
        if !super::normalize::is_generic_mark(d) {
            s.push(d)
        }
    });
    s
}

/// The combining marks (General_Category M) of the BMP as inclusive ranges.
fn mark_ranges() -> Vec<(u16, u16)> {
    let mut ranges: Vec<(u16, u16)> = Vec::new();
    for cp in 0..=0xFFFFu32 {
        let Some(c) = char::from_u32(cp) else {
            continue;
        };
        if !is_combining_mark(c) {
            continue;
        }
        match ranges.last_mut() {
            Some(last) if u32::from(last.1) + 1 == cp => last.1 = cp as u16,
            _ => ranges.push((cp as u16, cp as u16)),
        }
    }
    ranges
}

/// The one-character lowercase mappings of `char::to_lowercase` outside
/// ASCII as runs: (first code point << 8 | stride 2 flag << 7 | length,
/// delta to the lowercase letter as i32 bits). A run maps `length` code
/// points `stride` apart by the same delta; the code points between the
/// members of a stride-2 run map to themselves. (İ, the only one whose
/// lowercase is two characters, is a rule in `normalize.rs`.)
pub(super) fn lower_runs() -> Vec<(u32, u32)> {
    let mut pairs = Vec::new();
    for cp in 0x80..=0x10FFFFu32 {
        let Some(c) = char::from_u32(cp) else {
            continue;
        };
        let mut lower = c.to_lowercase();
        if let (Some(l), None) = (lower.next(), lower.next()) {
            if l != c {
                pairs.push((cp, (l as u32).wrapping_sub(cp)));
            }
        }
    }
    let mut runs = Vec::new();
    let mut i = 0;
    while i < pairs.len() {
        let (start, delta) = pairs[i];
        let mut best = (1, 1);
        for stride in [1, 2] {
            let n = pairs[i..]
                .iter()
                .zip(0..)
                .take_while(|&(&(cp, d), k)| cp == start + k * stride && d == delta)
                .count();
            if n > best.0 {
                best = (n, stride);
            }
        }
        assert!(
            best.0 < 128 && start < 1 << 24,
            "a lowercase run must fit its key"
        );
        runs.push((start << 8 | (best.1 - 1) << 7 | best.0 as u32, delta));
        i += best.0;
    }
    runs
}

/// The text of `tables.rs`.
pub(super) fn generate() -> String {
    let rows = decompositions();

    // The pool holds each distinct replacement once, NUL-terminated; one
    // that ends another shares its bytes (longest first, so it is there).
    let mut distinct: Vec<&str> = rows.iter().map(|(_, s)| s.as_str()).collect();
    distinct.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    distinct.dedup();
    let mut entries: Vec<&str> = Vec::new();
    let mut pool = String::new();
    let mut offset_of = std::collections::HashMap::new();
    for s in distinct {
        let mut at = None;
        let mut start = 0;
        for e in &entries {
            if e.ends_with(s) {
                at = Some(start + e.len() - s.len());
                break;
            }
            start += e.len() + 1;
        }
        let at = at.unwrap_or_else(|| {
            let at = pool.len();
            pool.push_str(s);
            pool.push('\0');
            entries.push(s);
            at
        });
        offset_of.insert(s, at);
    }
    assert!(
        pool.len() <= usize::from(u16::MAX),
        "pool offsets must fit in u16"
    );

    let (major, minor, update) = unicode_normalization::UNICODE_VERSION;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "//! GENERATED by `src/analysis/tablegen.rs` from the Unicode {major}.{minor}.{update} data of the\n\
         //! `unicode-normalization` crate. Do not edit: run\n\
         //! `FAHRAS_REGEN_TABLES=1 cargo test --lib analysis::tablegen`.\n"
    );
    let _ = writeln!(
        out,
        "/// Code points (all in the BMP) with a compatibility decomposition, sorted.\n\
         pub(super) static DECOMP_KEYS: [u16; {}] = [",
        rows.len()
    );
    write_numbers(&mut out, rows.iter().map(|(k, _)| format!("0x{k:04X}")));
    let _ = writeln!(
        out,
        "];\n\n/// Byte offset in [`DECOMP_POOL`] of the replacement of each key.\n\
         pub(super) static DECOMP_OFFSETS: [u16; {}] = [",
        rows.len()
    );
    write_numbers(
        &mut out,
        rows.iter().map(|(_, s)| offset_of[s.as_str()].to_string()),
    );
    let _ = writeln!(
        out,
        "];\n\n/// The replacements, NUL-terminated, a shorter one sharing the tail of a longer one.\n\
         pub(super) static DECOMP_POOL: &str = concat!("
    );
    for e in &entries {
        let _ = writeln!(out, "    \"{}\\0\",", escape(e));
    }
    let marks = mark_ranges();
    let _ = writeln!(
        out,
        ");\n\n/// The combining marks (General_Category M) of the BMP: inclusive ranges, sorted.\n\
         pub(super) static MARK_RANGES: [(u16, u16); {}] = [",
        marks.len()
    );
    write_numbers(
        &mut out,
        marks.iter().map(|(a, b)| format!("(0x{a:04X}, 0x{b:04X})")),
    );
    let lower = lower_runs();
    let _ = writeln!(
        out,
        "];\n\n/// `char::to_lowercase` outside ASCII, one character to one: runs of (first code point\n\
         /// << 8 | stride 2 << 7 | length, delta as i32 bits), sorted.\n\
         pub(super) static LOWER_RUNS: [(u32, u32); {}] = [",
        lower.len()
    );
    write_numbers(
        &mut out,
        lower.iter().map(|(a, b)| format!("(0x{a:08X}, 0x{b:08X})")),
    );
    out.push_str("];\n");
    out
}

fn write_numbers(out: &mut String, items: impl Iterator<Item = String>) {
    let mut line = String::new();
    for item in items {
        if line.len() + item.len() + 2 > 96 {
            let _ = writeln!(out, "   {}", line.trim_end());
            line.clear();
        }
        line.push(' ');
        line.push_str(&item);
        line.push(',');
    }
    if !line.is_empty() {
        let _ = writeln!(out, "   {}", line.trim_end());
    }
}

/// A Rust string literal body: printable ASCII as is, everything else escaped
/// (the pool holds Arabic, whose right-to-left display would make the source
/// hard to read, and spaces that must survive).
fn escape(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '"' => "\\\"".to_string(),
            '\\' => "\\\\".to_string(),
            '!'..='~' => c.to_string(),
            c => format!("\\u{{{:X}}}", c as u32),
        })
        .collect()
}

#[test]
fn committed_tables_are_generated_from_unicode_data() {
    let fresh = generate();
    if let Ok(dest) = std::env::var("FAHRAS_REGEN_TABLES") {
        let dest = if dest == "1" {
            // file!() is relative to the crate root, or absolute when the
            // module is included through an absolute #[path].
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join(std::path::Path::new(file!()).with_file_name("tables.rs"))
        } else {
            dest.into()
        };
        std::fs::write(&dest, &fresh).expect("write tables.rs");
        eprintln!("wrote {}", dest.display());
    }
    assert!(
        fresh == include_str!("tables.rs"),
        "src/analysis/tables.rs is stale: run FAHRAS_REGEN_TABLES=1 cargo test --lib analysis::tablegen"
    );
}

#[test]
fn fullwidth_ascii_rule_is_nfkd() {
    for cp in 0xFF01..=0xFF5Eu32 {
        let c = char::from_u32(cp).unwrap();
        assert_eq!(
            super::normalize::decomposition(c),
            Some(nfkd_without_accents(c).as_str()),
            "U+{cp:04X}"
        );
    }
}

#[test]
fn lookup_returns_every_row() {
    for (cp, s) in decompositions() {
        let c = char::from_u32(cp.into()).unwrap();
        assert_eq!(
            super::normalize::decomposition(c),
            Some(s.as_str()),
            "U+{cp:04X}"
        );
    }
    // And nothing outside the table.
    assert_eq!(super::normalize::decomposition('ا'), None);
    assert_eq!(super::normalize::decomposition('a'), None);
    assert_eq!(
        super::normalize::decomposition('\u{FDFD}'),
        None,
        "﷽ has no decomposition"
    );
}

#[test]
fn lowercase_matches_core() {
    for cp in 0..=0x10FFFFu32 {
        let Some(c) = char::from_u32(cp) else {
            continue;
        };
        let mut want = c.to_lowercase();
        let want = (want.next().unwrap(), want.next(), want.next());
        let (l, second) = super::normalize::to_lowercase(c);
        assert_eq!((l, second, None), want, "U+{cp:04X}");
    }
}

#[test]
fn mark_lookup_matches_general_category() {
    for cp in 0..=0xFFFFu32 {
        let Some(c) = char::from_u32(cp) else {
            continue;
        };
        assert_eq!(
            super::tokenize::is_mark(c),
            is_combining_mark(c),
            "U+{cp:04X}"
        );
    }
}
