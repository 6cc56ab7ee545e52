//! Code actions: the fixes a diagnostic carries, accepting a warning with an `allow` line,
//! and every safe fix of one code in the file at once.
//!
//! Spans are those of the analysis's text; `region` is the part of it that is the file
//! the editor asks about (the whole text for a file on its own, its slot for a file of a
//! set), and no action edits outside it.

use crate::analysis::Analysis;
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::source::Span;
use crate::syntax::ast::{Decl, Item};

/// The reason an `allow` line is given until the authors write theirs.
pub const PLACEHOLDER: &str = "why this warning is accepted";

/// The codes about `allow` lines themselves, which an `allow` cannot accept.
const ABOUT_ALLOW: [&str; 2] = ["PG0501", "PG0502"];

/// Spaces before a property line, as the formatter indents it.
const INDENT: &str = "  ";

/// One code action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    /// What it does, for the menu.
    pub title: String,
    /// The edits, in the analysis's text, none overlapping another.
    pub edits: Vec<Edit>,
    /// True for a safe fix: the editor may apply it at a keystroke.
    pub preferred: bool,
    /// The diagnostics it resolves, as indices into the analysis's diagnostics.
    pub diagnostics: Vec<usize>,
}

/// The actions for the diagnostics of `region` that touch `range`: one per fix, one that
/// accepts each warning with `allow`, and for each code with safe fixes elsewhere in the
/// file too, one that applies them all. `items` are the file's top-level items.
pub fn actions(analysis: &Analysis, items: &[Item], region: Span, range: Span) -> Vec<Action> {
    let inside = |s: Span| s.start >= region.start && s.end <= region.end;
    let in_file: Vec<(usize, &Diagnostic)> = analysis
        .diagnostics
        .iter()
        .enumerate()
        .filter(|(_, d)| inside(d.span))
        .collect();
    let touched = in_file
        .iter()
        .filter(|(_, d)| d.span.start <= range.end && range.start <= d.span.end);
    let fits = |f: &Fix| f.edits.iter().all(|e| inside(e.span));
    let text = &analysis.source.text;
    let mut out = Vec::new();
    let mut codes: Vec<&'static str> = Vec::new();
    for &(k, d) in touched {
        for f in d.fixes.iter().filter(|f| fits(f)) {
            out.push(Action {
                title: capitalised(&f.label),
                edits: f.edits.clone(),
                preferred: f.safe,
                diagnostics: vec![k],
            });
            if f.safe && !codes.contains(&d.code.code) {
                codes.push(d.code.code);
            }
        }
        if let Some(a) = accept(text, items, region, d, k) {
            out.push(a);
        }
    }
    for code in codes {
        let of_code: Vec<(usize, &Fix)> = in_file
            .iter()
            .filter(|(_, d)| d.code.code == code)
            .filter_map(|&(k, d)| Some((k, d.fixes.iter().find(|f| f.safe && fits(f))?)))
            .collect();
        let (_, applied) = crate::fix::apply(text, of_code.iter().map(|(_, f)| *f));
        if applied.len() < 2 {
            continue;
        }
        out.push(Action {
            title: format!("Fix all {code} in this file"),
            edits: applied.into_iter().flat_map(|f| f.edits).collect(),
            preferred: false,
            diagnostics: of_code.iter().map(|(k, _)| *k).collect(),
        });
    }
    out
}

/// The action that accepts warning `d` (index `k`) with an `allow` line with a
/// placeholder reason, added as the last line of the declaration that holds the warning.
/// A declaration with no block is given one. A warning outside any declaration (in a
/// prose clause) is accepted for the whole file, in the file's `protocol` or `terms of
/// reference`; with neither, there is no action.
fn accept(text: &str, items: &[Item], region: Span, d: &Diagnostic, k: usize) -> Option<Action> {
    if d.severity() != Severity::Warning || ABOUT_ALLOW.contains(&d.code.code) {
        return None;
    }
    let line = format!("allow {} \"{PLACEHOLDER}\"", d.code.code);
    let holder = holding(items, d.span.start);
    let (decl, whole_file) = match holder {
        Some(decl) => (decl, false),
        None => (document(items, region)?, true),
    };
    let edit = match &decl.block {
        Some(block) => {
            let close = block.span.end.checked_sub(1)?;
            if !text.get(close..)?.starts_with('}') {
                return None;
            }
            let line_start = text[..close].rfind('\n').map_or(0, |i| i + 1);
            if text[line_start..close].trim().is_empty() {
                Edit {
                    span: Span::new(line_start, line_start),
                    text: format!("{INDENT}{line}\n"),
                }
            } else {
                Edit {
                    span: Span::new(close, close),
                    text: format!("\n{INDENT}{line}\n"),
                }
            }
        }
        None => Edit {
            span: Span::new(decl.span.end, decl.span.end),
            text: format!(" {{\n{INDENT}{line}\n}}"),
        },
    };
    let whom = if whole_file {
        "in this file".to_string()
    } else {
        format!("in `{}`", decl.name.name)
    };
    Some(Action {
        title: format!(
            "Accept {} {whom} (allow, with a reason to write)",
            d.code.code
        ),
        edits: vec![edit],
        preferred: false,
        diagnostics: vec![k],
    })
}

/// The declaration whose text holds byte `at`.
fn holding(items: &[Item], at: usize) -> Option<&Decl> {
    let i = items.partition_point(|it| item_span(it).end <= at);
    match items.get(i)? {
        Item::Decl(d) if d.span.start <= at => Some(d),
        _ => None,
    }
}

/// The file's document declaration (`protocol` or `terms of reference`), the first.
fn document(items: &[Item], region: Span) -> Option<&Decl> {
    items.iter().find_map(|it| match it {
        Item::Decl(d) if d.kind.is_document() && d.span.start >= region.start => Some(d),
        _ => None,
    })
}

/// The span of a top-level item.
pub fn item_span(item: &Item) -> Span {
    match item {
        Item::Decl(d) => d.span,
        Item::Prose(p) => p.span,
        Item::Error(e) => e.span,
    }
}

/// `label` with its first letter upper case, as a menu entry.
fn capitalised(label: &str) -> String {
    let mut chars = label.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::fixture::analysis;

    fn whole(text: &str) -> Span {
        Span::new(0, text.len())
    }

    fn apply(text: &str, edits: &[Edit]) -> String {
        let mut edits = edits.to_vec();
        edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
        let mut out = text.to_string();
        for e in edits {
            out.replace_range(e.span.start..e.span.end, &e.text);
        }
        out
    }

    #[test]
    fn an_allow_line_goes_last_in_the_block_or_makes_one() {
        let text = "protocol p \"P\" {\n  between a and b\n  next review 2099-01\n}\nbody a \"A\"\nbody b \"B\"\nevent e \"E\"\n";
        let a = analysis(text);
        let warnings: Vec<&Diagnostic> = a
            .diagnostics
            .iter()
            .filter(|d| d.severity() == Severity::Warning)
            .collect();
        assert!(!warnings.is_empty(), "{:?}", a.diagnostics);
        for w in warnings {
            let acts = actions(&a, a.items(), whole(text), w.span);
            let allow = acts
                .iter()
                .find(|x| x.title.starts_with(&format!("Accept {}", w.code.code)))
                .unwrap_or_else(|| panic!("no allow action for {w:?}: {acts:?}"));
            let fixed = apply(text, &allow.edits);
            let after = analysis(&fixed);
            assert!(
                !after
                    .diagnostics
                    .iter()
                    .any(|d| d.code == w.code && d.span.start == w.span.start),
                "{fixed}\n{:?}",
                after.diagnostics
            );
            assert!(!after.has_errors(), "{fixed}\n{:?}", after.diagnostics);
        }
    }

    #[test]
    fn nothing_outside_the_range_or_the_region() {
        let text = "bodyy a \"A\"\nbodyy b \"B\"\n";
        let a = analysis(text);
        assert!(actions(&a, a.items(), Span::new(0, 0), whole(text)).is_empty());
        let second = text.find("bodyy b").unwrap();
        let acts = actions(&a, a.items(), whole(text), Span::new(second, second));
        assert!(acts.iter().all(|x| x
            .edits
            .iter()
            .all(|e| e.span.start >= second || x.title.starts_with("Fix all"))));
    }
}
