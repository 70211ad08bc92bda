//! Phrases: one form of each phrase word ([`super::terms::phrase_forms`]) at
//! consecutive positions, in order. Each occurrence says whether every word
//! was the exact form (`"إن الله غفور رحيم"` in إن الله غفور رحيم) or some
//! word carried other proclitics (فإن الله غفور رحيم): exact ones score higher.
//!
//! An occurrence is one `u64`: document << 32 | position << 1 | inexact, so
//! that all the sorting and searching is on plain integers (one sort
//! instantiation in the wasm, shared with the rest of the engine).

use super::{terms, Form};
use crate::error::Result;
use crate::index::IndexReader;

/// Where a phrase starts in a document, and whether all its words were exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Start {
    pub position: u32,
    pub exact: bool,
}

/// Positions at or above this are never phrase starts (they do not fit the
/// packed key; no field has two billion words).
const MAX_POSITION: u32 = u32::MAX >> 1;

fn key(doc: u32, position: u32, exact: bool) -> u64 {
    u64::from(doc) << 32 | u64::from(position) << 1 | u64::from(!exact)
}

/// The occurrences of `forms` (in the documents of `only` when given,
/// sorted), sorted.
fn occurrences(reader: &IndexReader, forms: &[Form], only: Option<&[u32]>) -> Result<Vec<u64>> {
    let mut out = Vec::new();
    let mut positions = Vec::new();
    for form in forms {
        let mut postings = reader.postings(form.offset)?;
        // Postings and `only` are both in document order: one cursor walks `only` along
        // the list, and the list is left at the last document asked for.
        let mut next = 0;
        while let Some(p) = postings.next_posting()? {
            if let Some(docs) = only {
                while docs.get(next).is_some_and(|&d| d < p.doc) {
                    next += 1;
                }
                match docs.get(next) {
                    None => break,
                    Some(&d) if d != p.doc => continue,
                    Some(_) => {}
                }
            }
            postings.positions(&mut positions)?;
            out.extend(
                positions
                    .iter()
                    .filter(|&&position| position < MAX_POSITION)
                    .map(|&position| key(p.doc, position, form.exact)),
            );
        }
    }
    if forms.len() > 1 {
        out.sort_unstable();
    }
    Ok(out)
}

/// Whether `occurrences` (sorted) has the word at (doc, position), and how.
fn find(occurrences: &[u64], doc: u32, position: u32) -> Option<bool> {
    let exact = key(doc, position, true);
    let i = occurrences.partition_point(|&k| k < exact);
    match occurrences.get(i) {
        Some(&k) if k >> 1 == exact >> 1 => Some(k & 1 == 0),
        _ => None,
    }
}

/// Move the candidates (phrase starts, as keys) that `forms` continue at
/// `offset` words on from `open` to `continued`, marked inexact when the
/// form is.
fn continue_with(
    reader: &IndexReader,
    forms: &[Form],
    offset: u32,
    open: &mut Vec<u64>,
    continued: &mut Vec<u64>,
) -> Result<()> {
    if forms.is_empty() || open.is_empty() {
        return Ok(());
    }
    let mut docs: Vec<u32> = open.iter().map(|&c| (c >> 32) as u32).collect();
    docs.dedup();
    let found = occurrences(reader, forms, Some(&docs))?;
    open.retain(|&c| {
        let (doc, position) = ((c >> 32) as u32, (c as u32) >> 1);
        match position
            .checked_add(offset)
            .and_then(|at| find(&found, doc, at))
        {
            Some(exact) => {
                continued.push(c | u64::from(!exact));
                false
            }
            None => true,
        }
    });
    Ok(())
}

/// Documents containing the phrase, sorted, with where it starts. `words`
/// are the phrase's normalised words.
///
/// The first word's occurrences (all its forms) are the candidate starts;
/// each later word keeps the candidates it continues. Its exact form is read
/// first: a position holds one word, so a candidate the exact form continues
/// needs no other form, and when it continues them all the word's clitic
/// forms are neither looked up nor read (the basmala's الله is exact in
/// every verse, and its clitic forms have thousands of occurrences).
pub fn starts(reader: &IndexReader, words: &[&str]) -> Result<Vec<(u32, Vec<Start>)>> {
    let Some((first, rest)) = words.split_first() else {
        return Ok(Vec::new());
    };
    let mut candidates = occurrences(reader, &terms::phrase_forms(reader, first)?, None)?;
    let mut continued = Vec::new();
    for (k, word) in rest.iter().enumerate() {
        let offset = k as u32 + 1;
        if reader.pieces_pending() {
            // A pass of a split index that is still fetching pieces: its candidates may be
            // too few (or none yet), so every form of every word is looked up now, and the
            // next pass has the dictionary blocks of all (and the postings the candidates
            // found so far need), as many rounds as when all forms were read.
            let forms = terms::phrase_forms(reader, word)?;
            continue_with(reader, &forms, offset, &mut candidates, &mut continued)?;
        } else if candidates.is_empty() {
            break;
        } else {
            let exact = terms::phrase_exact_form(reader, word);
            let exact = exact.as_slice();
            continue_with(reader, exact, offset, &mut candidates, &mut continued)?;
            if !candidates.is_empty() {
                let others = terms::phrase_clitic_forms(reader, word, !exact.is_empty())?;
                continue_with(reader, &others, offset, &mut candidates, &mut continued)?;
            }
        }
        // What is left of `candidates` no form continued.
        std::mem::swap(&mut candidates, &mut continued);
        continued.clear();
        candidates.sort_unstable();
    }
    let mut out: Vec<(u32, Vec<Start>)> = Vec::new();
    for c in candidates {
        let doc = (c >> 32) as u32;
        let start = Start {
            position: (c as u32) >> 1,
            exact: c & 1 == 0,
        };
        match out.last_mut() {
            Some((d, starts)) if *d == doc => starts.push(start),
            _ => out.push((doc, vec![start])),
        }
    }
    Ok(out)
}
