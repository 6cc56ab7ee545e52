//! Go to definition, find references and highlight: all read the occurrences of the name
//! under the cursor.

use super::names;
use crate::analysis::Analysis;
use crate::source::Span;

/// The declaration(s) of the name at `offset`: the spans of their names. Empty when the
/// cursor is on no name or the name is not declared.
pub fn definition(analysis: &Analysis, offset: usize) -> Vec<Span> {
    let Some(occ) = names::at(analysis, offset) else {
        return Vec::new();
    };
    names::uses_of(analysis, occ.name, occ.duty)
        .iter()
        .filter(|o| o.is_declaration())
        .map(|o| o.span)
        .collect()
}

/// Every place the name at `offset` is written, in source order; declarations only when
/// `include_declaration`. `None` when the cursor is on no name.
pub fn references(
    analysis: &Analysis,
    offset: usize,
    include_declaration: bool,
) -> Option<Vec<Span>> {
    let occ = names::at(analysis, offset)?;
    Some(
        names::uses_of(analysis, occ.name, occ.duty)
            .iter()
            .filter(|o| include_declaration || !o.is_declaration())
            .map(|o| o.span)
            .collect(),
    )
}

/// The occurrences of the name at `offset` with whether each is a declaration, for
/// highlighting in the editor.
pub fn highlights(analysis: &Analysis, offset: usize) -> Vec<(Span, bool)> {
    let Some(occ) = names::at(analysis, offset) else {
        return Vec::new();
    };
    names::uses_of(analysis, occ.name, occ.duty)
        .iter()
        .map(|o| (o.span, o.is_declaration()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::fixture::{analysis, at, SAMPLE};

    #[test]
    fn definition_and_references_agree() {
        let a = analysis(SAMPLE);
        let use_site = at(SAMPLE, "convened by cpb_chair", 0, 13);
        let decl = at(SAMPLE, "role cpb_chair", 0, 5);
        assert_eq!(definition(&a, use_site), vec![Span::new(decl, decl + 9)]);
        let all = references(&a, use_site, true).unwrap();
        assert_eq!(all.len(), 4);
        assert_eq!(all[0].start, at(SAMPLE, "cpb_chair", 0, 0));
        let without = references(&a, use_site, false).unwrap();
        assert_eq!(without.len(), 3);
        assert!(!without.contains(&Span::new(decl, decl + 9)));
        let hl = highlights(&a, decl);
        assert_eq!(hl.iter().filter(|(_, d)| *d).count(), 1);
        assert!(definition(&a, at(SAMPLE, "yearly", 0, 1)).is_empty());
        assert!(references(&a, at(SAMPLE, "yearly", 0, 1), true).is_none());
    }
}
