//! Applying the safe fixes of diagnostics to a file's text (`protogov check --fix`).
//!
//! Only fixes marked safe (the one reading of what was meant) are applied. Of fixes whose
//! edits overlap, the first by position is applied and the others are left for another
//! run. The fixed text must read without a syntax error, or nothing is changed.

use crate::diagnostic::{Diagnostic, Edit, Fix};
use std::collections::BTreeMap;

/// What fixing one file's text came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fixed {
    /// No diagnostic has a safe fix.
    Nothing,
    /// The fixes were applied: the new text, and the fixes in the order they stand.
    Applied {
        /// The fixed text.
        text: String,
        /// The fixes applied.
        fixes: Vec<Fix>,
    },
    /// The fixed text would not read cleanly (the file has syntax errors no fix mends), so
    /// the text is left as it was.
    WouldNotParse,
}

/// Apply the safe fixes of `diagnostics` to `text`. See the module documentation.
pub fn fix(text: &str, diagnostics: &[Diagnostic]) -> Fixed {
    let safe = diagnostics
        .iter()
        .flat_map(|d| d.fixes.iter())
        .filter(|f| f.safe);
    let (fixed, applied) = apply(text, safe);
    if applied.is_empty() {
        return Fixed::Nothing;
    }
    if crate::syntax::parse(&fixed)
        .diagnostics
        .iter()
        .any(Diagnostic::is_syntax)
    {
        return Fixed::WouldNotParse;
    }
    Fixed::Applied {
        text: fixed,
        fixes: applied,
    }
}

/// Apply `fixes` to `text`, skipping any fix that has an edit outside the text, off a
/// character boundary, or overlapping an edit already taken (two insertions at one place
/// overlap too). Returns the new text and the fixes applied, in order of position.
pub fn apply<'f>(text: &str, fixes: impl IntoIterator<Item = &'f Fix>) -> (String, Vec<Fix>) {
    let mut fixes: Vec<&Fix> = fixes.into_iter().filter(|f| !f.edits.is_empty()).collect();
    fixes.sort_by_key(|f| f.edits.iter().map(|e| (e.span.start, e.span.end)).min());
    // Edits taken so far: start → end.
    let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
    let mut applied = Vec::new();
    for f in fixes {
        let fits = f.edits.iter().all(|e| {
            e.span.start <= e.span.end
                && text.is_char_boundary(e.span.start)
                && text.is_char_boundary(e.span.end)
        });
        let clear = f.edits.iter().enumerate().all(|(i, e)| {
            let others = f.edits[..i].iter().all(|o| !overlap(o, e));
            let before = taken.range(..=e.span.start).next_back();
            let after = taken.range(e.span.start..).next();
            others
                && before.is_none_or(|(s, end)| !overlap_spans((*s, *end), e))
                && after.is_none_or(|(s, end)| !overlap_spans((*s, *end), e))
        });
        if fits && clear {
            for e in &f.edits {
                taken.insert(e.span.start, e.span.end);
            }
            applied.push(f.clone());
        }
    }
    let mut edits: Vec<&Edit> = applied.iter().flat_map(|f| f.edits.iter()).collect();
    edits.sort_by_key(|e| e.span.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in edits {
        out.push_str(&text[at..e.span.start]);
        out.push_str(&e.text);
        at = e.span.end;
    }
    out.push_str(&text[at..]);
    (out, applied)
}

fn overlap(a: &Edit, b: &Edit) -> bool {
    overlap_spans((a.span.start, a.span.end), b)
}

/// True when the edit at `start..end` and `e` touch the same bytes, or both start at one
/// place (the order of two insertions there would be a guess).
fn overlap_spans((start, end): (usize, usize), e: &Edit) -> bool {
    start == e.span.start || (start < e.span.end && e.span.start < end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;

    fn replace(start: usize, end: usize, text: &str) -> Fix {
        Fix::replace(Span::new(start, end), "x", text, true)
    }

    #[test]
    fn edits_apply_in_position_order_whatever_the_order_given() {
        let fixes = [replace(6, 9, "BBB"), replace(0, 3, "A")];
        let (text, applied) = apply("abc + def", &fixes);
        assert_eq!(text, "A + BBB");
        assert_eq!(applied.len(), 2);
    }

    #[test]
    fn of_two_overlapping_fixes_only_the_first_applies() {
        let fixes = [replace(0, 5, "X"), replace(3, 7, "Y"), replace(3, 3, "Z")];
        let (text, applied) = apply("abcdefgh", &fixes);
        assert_eq!(text, "Xfgh");
        assert_eq!(applied, vec![fixes[0].clone()]);
        // Two insertions at one place: only one.
        let ins = [replace(2, 2, "1"), replace(2, 2, "2")];
        assert_eq!(apply("abcd", &ins).0, "ab1cd");
    }

    #[test]
    fn an_edit_off_the_text_or_inside_a_character_is_skipped() {
        let fixes = [replace(1, 2, "x"), replace(10, 12, "y")];
        let (text, applied) = apply("é!", &fixes);
        assert_eq!(text, "é!");
        assert!(applied.is_empty());
    }

    #[test]
    fn a_misspelt_keyword_is_fixed_and_a_file_that_still_fails_is_not() {
        let text = "protocl p \"P\" {\n}\n";
        let parsed = crate::syntax::parse(text);
        match fix(text, &parsed.diagnostics) {
            Fixed::Applied { text, fixes } => {
                assert_eq!(text, "protocol p \"P\" {\n}\n");
                assert_eq!(fixes.len(), 1);
            }
            other => panic!("{other:?}"),
        }
        let broken = "protocl p \"P\" {\n}\nbody b \"B\" {\n  kind\n}\n";
        let parsed = crate::syntax::parse(broken);
        assert_eq!(fix(broken, &parsed.diagnostics), Fixed::WouldNotParse);
        let clean = "body b \"B\"\n";
        let parsed = crate::syntax::parse(clean);
        assert_eq!(fix(clean, &parsed.diagnostics), Fixed::Nothing);
    }
}
