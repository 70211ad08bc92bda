//! Phrases: one form of each phrase word ([`super::terms::phrase_forms`]) at
//! consecutive positions, in order. Each occurrence says whether every word
//! was the exact form (`"إن الله غفور رحيم"` in إن الله غفور رحيم) or some
//! word carried other proclitics (فإن الله غفور رحيم): exact ones score higher.
//!
//! An occurrence is one `u64`: document << 32 | position << 1 | inexact, so
//! that all the sorting and searching is on plain integers (one sort
//! instantiation in the wasm, shared with the rest of the engine).

use super::Form;
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

/// The occurrences of one phrase word's forms (in the documents of `only`
/// when given, sorted), sorted.
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

/// Documents containing the phrase (all of them, or those of `only`,
/// sorted), with where it starts. `words` holds the forms of each phrase
/// word; a word without forms matches nothing.
pub fn starts(
    reader: &IndexReader,
    words: &[Vec<Form>],
    only: Option<&[u32]>,
) -> Result<Vec<(u32, Vec<Start>)>> {
    let Some((first, rest)) = words.split_first() else {
        return Ok(Vec::new());
    };
    let mut candidates = occurrences(reader, first, only)?;
    let mut docs: Vec<u32> = Vec::new();
    for (k, forms) in rest.iter().enumerate() {
        if candidates.is_empty() {
            break;
        }
        docs.clear();
        docs.extend(candidates.iter().map(|&c| (c >> 32) as u32));
        docs.dedup();
        let next = occurrences(reader, forms, Some(&docs))?;
        let offset = k as u32 + 1;
        candidates.retain_mut(|c| {
            let (doc, position) = ((*c >> 32) as u32, (*c as u32) >> 1);
            let Some(at) = position.checked_add(offset) else {
                return false;
            };
            match find(&next, doc, at) {
                Some(exact) => {
                    *c |= u64::from(!exact);
                    true
                }
                None => false,
            }
        });
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
