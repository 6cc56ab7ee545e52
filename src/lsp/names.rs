//! Where every declared name is written: as the name of a declaration, or as a reference
//! in a property line. References come from the semantic model ([`crate::model::Model`]),
//! the same list the name checks read, so definition, references, hover and rename agree
//! with the diagnostics about what counts as a use of a name.

use crate::analysis::Analysis;
use crate::source::Span;
use crate::syntax::ast::{Decl, DeclKind, Item};

/// Whether a name is declared or used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role<'a> {
    /// The name of a declaration of this kind (`None` for a declaration that did not
    /// parse, whose keyword and name are still known).
    Declaration(Option<DeclKind>),
    /// A use of a name in a property line.
    Reference {
        /// What the reference is for ("recipient of duty `x`"); its words are built only
        /// where they are shown.
        context: &'a crate::model::Context,
        /// The kinds of declaration that may stand here.
        expected: &'a [DeclKind],
    },
}

/// One place a name is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurrence<'a> {
    /// The name.
    pub name: &'a str,
    /// Where it is written.
    pub span: Span,
    /// Declaration or reference.
    pub role: Role<'a>,
    /// True in the duties' namespace (a duty's name, or a name used where a duty is
    /// expected): a duty may share its name with a declaration of another kind.
    pub duty: bool,
}

impl Occurrence<'_> {
    /// True for the name of a declaration.
    pub fn is_declaration(&self) -> bool {
        matches!(self.role, Role::Declaration(_))
    }
}

/// Every occurrence of a name in the file, in source order. For an analysis without a
/// syntax tree (a set of files: see [`crate::analysis::analyse_set`]) the declarations
/// come from the model: every well-formed declaration, those of names declared twice
/// included.
pub fn occurrences(analysis: &Analysis) -> Vec<Occurrence<'_>> {
    let mut out = Vec::new();
    if analysis.file.is_none() {
        let model = &analysis.model;
        out.extend(
            model
                .symbols
                .iter()
                .chain(&model.duty_symbols)
                .map(|(name, s)| Occurrence {
                    name: name.as_str(),
                    span: s.name_span,
                    role: Role::Declaration(Some(s.kind)),
                    duty: s.kind == DeclKind::Duty,
                }),
        );
        out.extend(model.duplicates.iter().map(|d| Occurrence {
            name: d.name.as_str(),
            span: d.second,
            role: Role::Declaration(Some(d.second_kind)),
            duty: d.second_kind == DeclKind::Duty,
        }));
    }
    for item in analysis.items() {
        match item {
            Item::Decl(d) if !d.name.name.is_empty() => out.push(Occurrence {
                name: &d.name.name,
                span: d.name.span,
                role: Role::Declaration(Some(d.kind)),
                duty: d.kind == DeclKind::Duty,
            }),
            Item::Error(e) => {
                if let Some((keyword, ident)) = &e.declares {
                    out.push(Occurrence {
                        name: &ident.name,
                        span: ident.span,
                        role: Role::Declaration(None),
                        duty: keyword.as_str() == DeclKind::Duty.keyword(),
                    });
                }
            }
            _ => {}
        }
    }
    out.extend(analysis.model.references().map(|r| Occurrence {
        name: &r.name,
        span: r.span,
        role: Role::Reference {
            context: &r.context,
            expected: r.expected,
        },
        duty: match r.found {
            Some(kind) => kind == DeclKind::Duty,
            None => r.expected.contains(&DeclKind::Duty),
        },
    }));
    out.sort_by_key(|o| (o.span.start, o.span.end));
    out.dedup();
    out
}

/// The occurrence under a cursor at byte `offset`: one that contains it, or one that ends
/// exactly there (a cursor just after a name).
pub fn at(analysis: &Analysis, offset: usize) -> Option<Occurrence<'_>> {
    let all = occurrences(analysis);
    let inside = all
        .iter()
        .find(|o| o.span.start <= offset && offset < o.span.end);
    inside
        .or_else(|| all.iter().find(|o| o.span.end == offset))
        .copied()
}

/// Every well-formed declaration of `name`, in source order (more than one only in a
/// faulty file).
pub fn declarations<'a>(analysis: &'a Analysis, name: &str) -> Vec<&'a Decl> {
    analysis
        .items()
        .iter()
        .filter_map(|i| match i {
            Item::Decl(d) if d.name.name == name => Some(d),
            _ => None,
        })
        .collect()
}

/// Every occurrence of `name` in the duties' namespace (`duty`) or the other,
/// declarations included, in source order.
pub fn uses_of<'a>(analysis: &'a Analysis, name: &str, duty: bool) -> Vec<Occurrence<'a>> {
    occurrences(analysis)
        .into_iter()
        .filter(|o| o.name == name && o.duty == duty)
        .collect()
}

/// Every named, well-formed declaration, in source order.
pub fn declared(analysis: &Analysis) -> impl Iterator<Item = &Decl> {
    analysis.items().iter().filter_map(|i| match i {
        Item::Decl(d) if !d.name.name.is_empty() => Some(d),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::fixture::{analysis, at as find, SAMPLE};

    #[test]
    fn every_reference_slot_is_found() {
        let a = analysis(SAMPLE);
        let refs = |name: &str| {
            uses_of(&a, name, false)
                .iter()
                .filter_map(|o| match o.role {
                    Role::Reference { context, .. } => Some(context.to_string()),
                    Role::Declaration(_) => None,
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(
            refs("scp"),
            [
                "party to the protocol",
                "body that agreed the protocol",
                "parent of body `cpb`",
                "body `cpb` reports to",
                "appointer of role `cpb_chair`",
                "recipient of duty `cpb_annual`",
                "actor of duty `scp_reply`",
                "attendee of escalation `disputes`"
            ]
        );
        assert_eq!(refs("cpb").len(), 5);
        assert_eq!(refs("cpb_chair").len(), 3);
        assert_eq!(refs("annual_report").len(), 2);
        assert_eq!(refs("uasc"), ["topic covered by duty `cpb_annual`"]);
        let duty_refs: Vec<String> = uses_of(&a, "cpb_annual", true)
            .iter()
            .filter(|o| !o.is_declaration())
            .map(|o| match o.role {
                Role::Reference { context, .. } => context.to_string(),
                Role::Declaration(_) => String::new(),
            })
            .collect();
        assert_eq!(duty_refs, ["ordering of duty `scp_reply`"]);
        assert!(refs("cpb_annual").is_empty());
        assert_eq!(refs("serious_case"), ["trigger of duty `scp_reply`"]);
    }

    #[test]
    fn the_cursor_finds_a_name_inside_or_just_after_it() {
        let a = analysis(SAMPLE);
        let start = find(SAMPLE, "cpb submits", 0, 0);
        assert_eq!(at(&a, start).unwrap().name, "cpb");
        assert_eq!(at(&a, start + 3).unwrap().name, "cpb");
        assert!(at(&a, start + 4).is_none());
        let decl = find(SAMPLE, "body scp", 0, 5);
        let occ = at(&a, decl).unwrap();
        assert!(occ.is_declaration());
        assert_eq!(declarations(&a, "scp").len(), 1);
    }

    #[test]
    fn a_declaration_that_did_not_parse_still_declares_its_name() {
        let text = "body cpb \"Board\" {\n  kind committee\n\nrole chair {\n  chair of cpb\n}\n";
        let a = analysis(text);
        let uses = uses_of(&a, "cpb", false);
        assert_eq!(uses.len(), 2, "{uses:?}");
        assert_eq!(uses[0].role, Role::Declaration(None));
    }
}
