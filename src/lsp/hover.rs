//! Hover: what a name is. For a declaration (or any use of its name): its kind, title and
//! clause reference, the properties that say most about it, and for a duty who does what
//! for whom and when.

use super::names::{self, Role};
use crate::analysis::Analysis;
use crate::source::{SourceFile, Span};
use crate::syntax::ast::{Decl, DeclKind, Item, PropKind};

/// What to show, and the text it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoverInfo {
    /// The name (or keyword) under the cursor.
    pub span: Span,
    /// The hover text, in Markdown.
    pub markdown: String,
}

/// The hover at byte `offset`, if the cursor is on a name, a declaration keyword or prose.
pub fn hover(analysis: &Analysis, offset: usize) -> Option<HoverInfo> {
    let file = &analysis.file;
    if let Some(occ) = names::at(file, offset) {
        let decls = names::declarations(file, occ.name());
        let mut md = String::new();
        match decls.first() {
            Some(decl) => md.push_str(&describe_decl(analysis, decl)),
            None => md.push_str(&format!(
                "`{}`: no declaration of this name in this file",
                occ.name()
            )),
        }
        if let Role::Reference(slot) = occ.role {
            md.push_str(&format!("\n\n---\nUsed here as the {}.", slot.what));
        }
        if decls.len() > 1 {
            md.push_str(&format!(
                "\n\n`{}` is declared {} times in this file.",
                occ.name(),
                decls.len()
            ));
        }
        return Some(HoverInfo {
            span: occ.span(),
            markdown: md,
        });
    }
    for item in &file.items {
        match item {
            Item::Decl(d) if d.keyword_span.contains(offset) && !d.keyword_span.is_empty() => {
                return Some(HoverInfo {
                    span: d.keyword_span,
                    markdown: describe_decl(analysis, d),
                });
            }
            Item::Prose(p) if p.keyword_span.start <= offset && offset <= p.clause.span.end => {
                let mut md = format!("**prose** clause {}", p.clause.text);
                if let Some(t) = &p.title {
                    md.push_str(&format!(" · {}", t.value));
                }
                return Some(HoverInfo {
                    span: Span::new(p.keyword_span.start, p.clause.span.end),
                    markdown: md,
                });
            }
            _ => {}
        }
    }
    None
}

/// The phrase a reader uses for a kind of declaration.
pub fn kind_name(decl: &Decl) -> &'static str {
    if decl.external {
        "external body"
    } else {
        decl.kind.keyword()
    }
}

/// A name with what it stands for: `` `cpb` (body: Corporate Parenting Board) ``.
fn describe_name(analysis: &Analysis, name: &str) -> String {
    match names::declarations(&analysis.file, name).first() {
        Some(d) => match &d.title {
            Some(t) => format!("`{name}` ({}: {})", kind_name(d), t.value),
            None => format!("`{name}` ({})", kind_name(d)),
        },
        None => format!("`{name}` (not declared)"),
    }
}

/// Source text of a span on one line, blanks collapsed.
fn written(source: &SourceFile, span: Span) -> String {
    source
        .slice(span)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The full hover text for a declaration.
pub fn describe_decl(analysis: &Analysis, decl: &Decl) -> String {
    let source = &analysis.source;
    let mut md = format!("**{}** `{}`", kind_name(decl), decl.name.name);
    if let Some(t) = &decl.title {
        md.push_str(&format!(" · {}", t.value));
    }
    let mut lines: Vec<String> = Vec::new();
    if let Some(c) = decl.clause() {
        lines.push(format!("Clause {}", c.text));
    }
    for prop in decl.props() {
        let line = match &prop.kind {
            PropKind::Action(a) => {
                let mut parts = Vec::new();
                parts.push(format!(
                    "- actor: {}",
                    a.actor
                        .as_ref()
                        .map_or("not named".to_string(), |x| describe_name(
                            analysis, &x.name
                        ))
                ));
                parts.push(format!(
                    "- verb: {}{}",
                    a.verb.name,
                    if a.passive { " (passive)" } else { "" }
                ));
                parts.push(format!(
                    "- artefact: {}",
                    describe_name(analysis, &a.artefact.name)
                ));
                let recipients: Vec<String> = a
                    .recipients
                    .iter()
                    .map(|r| describe_name(analysis, &r.name))
                    .collect();
                parts.push(format!(
                    "- recipients: {}",
                    if recipients.is_empty() {
                        "none".to_string()
                    } else {
                        recipients.join(", ")
                    }
                ));
                Some(format!(
                    "`{}`\n{}",
                    written(source, prop.span),
                    parts.join("\n")
                ))
            }
            PropKind::Schedule { .. } => Some(format!("Schedule: {}", written(source, prop.span))),
            PropKind::Deadline(_) => Some(format!("Deadline: {}", written(source, prop.span))),
            PropKind::Trigger(_)
            | PropKind::Covers(_)
            | PropKind::Order { .. }
            | PropKind::Condition { .. }
            | PropKind::Kind(_)
            | PropKind::SubgroupOf(_)
            | PropKind::ReportsTo(_)
            | PropKind::Meets { .. }
            | PropKind::Seat { .. }
            | PropKind::AppointedBy(_)
            | PropKind::ProducedBy(_)
            | PropKind::ConvenedBy(_)
            | PropKind::AttendedBy(_)
            | PropKind::Between(_)
            | PropKind::Agreed { .. }
            | PropKind::Signed { .. }
            | PropKind::Review { .. }
            | PropKind::Version(_) => Some(format!("`{}`", written(source, prop.span))),
            _ => None,
        };
        lines.extend(line);
    }
    if decl.kind == DeclKind::Duty {
        if let Some(due) = next_due(analysis, decl) {
            lines.push(format!("Next due: {due}"));
        }
    }
    let uses = names::uses_of(&analysis.file, &decl.name.name)
        .iter()
        .filter(|o| !o.is_declaration())
        .count();
    lines.push(match uses {
        0 => "Not referred to elsewhere in this file.".to_string(),
        1 => "Referred to once in this file.".to_string(),
        n => format!("Referred to {n} times in this file."),
    });
    if !lines.is_empty() {
        md.push_str("\n\n");
        md.push_str(&lines.join("\n\n"));
    }
    md
}

/// A duty's next due date, once the analysis computes schedules.
fn next_due(_analysis: &Analysis, _decl: &Decl) -> Option<String> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::fixture::{analysis, at, SAMPLE};

    #[test]
    fn a_duty_shows_its_action_clause_and_schedule() {
        let a = analysis(SAMPLE);
        let h = hover(&a, at(SAMPLE, "after cpb_annual", 0, 7)).unwrap();
        assert_eq!(h.span.start, at(SAMPLE, "after cpb_annual", 0, 6));
        let md = &h.markdown;
        assert!(md.starts_with("**duty** `cpb_annual` · Annual report to the Partnership"));
        assert!(md.contains("Clause 4.1"));
        assert!(md.contains("- actor: `cpb` (body: Corporate Parenting Board)"));
        assert!(md.contains("- verb: submits"));
        assert!(md.contains("- artefact: `annual_report` (artefact: Annual report)"));
        assert!(md.contains("- recipients: `scp` (body: Safeguarding Children Partnership)"));
        assert!(md.contains("Schedule: yearly in september"));
        assert!(md.contains("Used here as the duty ordered against."));
    }

    #[test]
    fn a_passive_duty_names_its_actor_from_by() {
        let a = analysis(SAMPLE);
        let h = hover(&a, at(SAMPLE, "duty scp_reply", 0, 6)).unwrap();
        assert!(h.markdown.contains("- actor: `scp`"));
        assert!(h.markdown.contains("- verb: reviewed (passive)"));
        assert!(h.markdown.contains("Deadline: within 28 days"));
    }

    #[test]
    fn every_kind_of_name_has_a_hover() {
        let a = analysis(SAMPLE);
        for (needle, head) in [
            (
                "role cpb_chair",
                "**role** `cpb_chair` · Chair of the Board",
            ),
            ("topic uasc", "**topic** `uasc`"),
            ("event serious_case", "**event** `serious_case`"),
            (
                "escalation disputes",
                "**escalation** `disputes` · Disputes",
            ),
            ("artefact annual_report", "**artefact** `annual_report`"),
            ("protocol cpb_scp", "**protocol** `cpb_scp`"),
        ] {
            let off = at(SAMPLE, needle, 0, needle.len() - 1);
            let h = hover(&a, off).unwrap();
            assert!(h.markdown.starts_with(head), "{needle}: {}", h.markdown);
        }
    }

    #[test]
    fn keywords_prose_and_unknown_names() {
        let a = analysis(SAMPLE);
        let h = hover(&a, at(SAMPLE, "topic uasc", 0, 1)).unwrap();
        assert!(h.markdown.starts_with("**topic** `uasc`"));
        let h = hover(&a, at(SAMPLE, "prose 1.1", 0, 7)).unwrap();
        assert_eq!(h.markdown, "**prose** clause 1.1 · Purpose");
        let text = "body a {\n  reports to nobody\n}\n";
        let b = analysis(text);
        let h = hover(&b, at(text, "nobody", 0, 2)).unwrap();
        assert!(h.markdown.starts_with("`nobody`: no declaration"));
        assert!(hover(&a, at(SAMPLE, "\"1.0\"", 0, 1)).is_none());
    }
}
