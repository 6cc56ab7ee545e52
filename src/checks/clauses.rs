//! The document's own numbering: sections and clauses that are skipped.

use crate::diagnostic::{CodeInfo, Diagnostic, Phase, Severity};
use crate::model::Model;
use crate::source::Span;
use std::collections::BTreeMap;

/// A gap in the clause numbering.
pub static PG0401: CodeInfo = CodeInfo {
    code: "PG0401",
    severity: Severity::Warning,
    phase: Phase::Semantic,
    summary: "the clause numbering skips a number",
    explanation: "\
## What it means
The clauses cited in the file (by `clause` lines and `prose`) skip a number: section 6 is
missing between 5 and 7, or a section starts at 5.2 with no 5.1.

## Why it matters
A gap is how a lost clause shows: the Rotherham protocol runs 5, 7, 8 with no section 6,
and the Isle of Wight protocol numbers two clauses 5.2 and none 5.1. Readers cite clauses by
number, so a gap or a doubled number makes every citation after it uncertain.

## Example
```
prose 5.1 \"…\"
prose 7.1 \"…\"
```

## Fix
Cite the missing clause (as `prose` if it is narrative), or renumber the document and
its citations.",
};

/// Every code of this module.
pub static CODES: &[&CodeInfo] = &[&PG0401];

/// Report skipped sections and skipped first-level clauses within a section.
pub fn check(model: &Model) -> Vec<Diagnostic> {
    // In a set, each document numbers its own clauses.
    if model.files.len() > 1 {
        let mut by_file: Vec<Vec<crate::model::ClauseNumber>> = vec![Vec::new(); model.files.len()];
        for c in &model.clause_refs {
            if let Some(v) = by_file.get_mut(model.file_of(c.span)) {
                v.push(*c);
            }
        }
        return by_file.iter().flat_map(|refs| numbering(refs)).collect();
    }
    numbering(&model.clause_refs)
}

/// [`check`] over the clause references of one document.
fn numbering(refs: &[crate::model::ClauseNumber]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // section → (first span citing it, clause number → first span citing it)
    let mut sections: BTreeMap<u32, (Span, BTreeMap<u32, Span>)> = BTreeMap::new();
    for c in refs {
        let entry = sections
            .entry(c.section)
            .or_insert((c.span, BTreeMap::new()));
        if let Some(clause) = c.clause {
            entry.1.entry(clause).or_insert(c.span);
        }
    }
    let Some(&max) = sections.keys().next_back() else {
        return out;
    };
    if max > 200 {
        return out; // not a numbering of sections
    }
    let mut n = 1;
    while n < max {
        if sections.contains_key(&n) {
            n += 1;
            continue;
        }
        // A run of missing sections n..=last, reported once.
        let Some((&next, (span, _))) = sections.range(n + 1..).next() else {
            break;
        };
        let last = next - 1;
        let (what, verb) = if last == n {
            (format!("section {n} is"), format!("cite section {n}"))
        } else {
            (
                format!("sections {n} to {last} are"),
                format!("cite sections {n} to {last}"),
            )
        };
        let runs = match sections.range(..n).next_back() {
            Some((prev, _)) => format!("the numbering runs from {prev} to {next}"),
            None => format!("the numbering starts at {next}"),
        };
        out.push(
            Diagnostic::new(&PG0401, *span, format!("{what} never cited: {runs}"))
                .with_primary(format!("the first clause of section {next}"))
                .with_help(format!(
                    "{verb} (as `prose {n} \"…\"` if narrative), or renumber"
                )),
        );
        n = next + 1;
    }
    for (section, (_, clauses)) in &sections {
        let Some(&top) = clauses.keys().next_back() else {
            continue;
        };
        for m in 1..top.min(200) {
            if clauses.contains_key(&m) {
                continue;
            }
            let Some((next, span)) = clauses.range(m + 1..).next() else {
                continue;
            };
            out.push(
                Diagnostic::new(
                    &PG0401,
                    *span,
                    format!("clause {section}.{m} is never cited, but {section}.{next} is"),
                )
                .with_primary(format!("{section}.{next} follows no {section}.{m}"))
                .with_help(format!(
                    "cite {section}.{m}, or check the numbering: two clauses may share the number {section}.{next}"
                )),
            );
        }
    }
    out
}
