//! Phrases: one form of each phrase word ([`super::terms::phrase_forms`]) at
//! consecutive positions, in order. Each occurrence says whether every word
//! was the exact form (`"إن الله غفور رحيم"` in إن الله غفور رحيم) or some
//! word carried other proclitics (فإن الله غفور رحيم): exact ones score higher.

use super::Form;
use crate::error::Result;
use crate::index::IndexReader;

/// Where a phrase starts in a document, and whether all its words were exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Start {
    pub position: u32,
    pub exact: bool,
}

/// Every document of one phrase word's forms (or only those of `only`,
/// sorted), with that word's positions, each with its exactness; sorted by
/// document.
fn occurrences(
    reader: &IndexReader,
    forms: &[Form],
    only: Option<&[u32]>,
) -> Result<Vec<(u32, Vec<Start>)>> {
    let mut out: Vec<(u32, Vec<Start>)> = Vec::new();
    let mut positions = Vec::new();
    for form in forms {
        let mut postings = reader.postings(form.offset)?;
        while let Some(p) = postings.next_posting()? {
            if only.is_some_and(|docs| docs.binary_search(&p.doc).is_err()) {
                continue;
            }
            postings.positions(&mut positions)?;
            out.push((
                p.doc,
                positions
                    .iter()
                    .map(|&position| Start {
                        position,
                        exact: form.exact,
                    })
                    .collect(),
            ));
        }
    }
    if forms.len() > 1 {
        // Merge the lists of the same document (a word has one form per position).
        out.sort_by_key(|(doc, _)| *doc);
        let mut merged: Vec<(u32, Vec<Start>)> = Vec::with_capacity(out.len());
        for (doc, starts) in out {
            match merged.last_mut() {
                Some((d, existing)) if *d == doc => existing.extend(starts),
                _ => merged.push((doc, starts)),
            }
        }
        for (_, starts) in &mut merged {
            starts.sort_by_key(|s| s.position);
        }
        out = merged;
    }
    Ok(out)
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
    for (k, forms) in rest.iter().enumerate() {
        if candidates.is_empty() {
            break;
        }
        let docs: Vec<u32> = candidates.iter().map(|(d, _)| *d).collect();
        let next = occurrences(reader, forms, Some(&docs))?;
        let offset = k as u32 + 1;
        let mut kept_docs = Vec::with_capacity(next.len());
        let mut j = 0;
        for (doc, starts) in candidates {
            while j < next.len() && next[j].0 < doc {
                j += 1;
            }
            let Some((_, here)) = next.get(j).filter(|(d, _)| *d == doc) else {
                continue;
            };
            let kept: Vec<Start> = starts
                .into_iter()
                .filter_map(|s| {
                    // Checked: positions come from the index bytes, which may be corrupt.
                    let at = s.position.checked_add(offset)?;
                    let i = here.binary_search_by_key(&at, |h| h.position).ok()?;
                    Some(Start {
                        position: s.position,
                        exact: s.exact && here[i].exact,
                    })
                })
                .collect();
            if !kept.is_empty() {
                kept_docs.push((doc, kept));
            }
        }
        candidates = kept_docs;
    }
    Ok(candidates)
}
