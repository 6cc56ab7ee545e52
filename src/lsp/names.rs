//! Where every declared name is written: as the name of a declaration, or as a reference in
//! a property line. Definition, references, hover, rename and completion all read this
//! one list, so they agree on what counts as a use of a name.

use crate::source::Span;
use crate::syntax::ast::{Covers, Decl, DeclKind, File, Ident, Item, PropKind, Trigger};

/// What a reference slot expects, and what a reader would call it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    /// The part the name plays here (`recipient`, `parent body`, …).
    pub what: &'static str,
    /// The kinds of declaration the slot can name.
    pub expects: &'static [DeclKind],
}

/// Bodies only.
pub const BODIES: &[DeclKind] = &[DeclKind::Body];
/// Roles only.
pub const ROLES: &[DeclKind] = &[DeclKind::Role];
/// Bodies or roles (parties that act, appoint or receive).
pub const PARTIES: &[DeclKind] = &[DeclKind::Body, DeclKind::Role];
/// Topics only.
pub const TOPICS: &[DeclKind] = &[DeclKind::Topic];
/// Artefacts only.
pub const ARTEFACTS: &[DeclKind] = &[DeclKind::Artefact];
/// Duties only.
pub const DUTIES: &[DeclKind] = &[DeclKind::Duty];
/// Events only.
pub const EVENTS: &[DeclKind] = &[DeclKind::Event];

/// Whether a name is declared or used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The name of a declaration of this kind.
    Declaration(DeclKind),
    /// A use of a name in a property line.
    Reference(Slot),
}

/// One place a name is written.
#[derive(Debug, Clone, Copy)]
pub struct Occurrence<'a> {
    /// The name as written.
    pub ident: &'a Ident,
    /// Declaration or reference.
    pub role: Role,
    /// The declaration whose name or block holds the occurrence.
    pub owner: &'a Decl,
}

impl Occurrence<'_> {
    /// The name.
    pub fn name(&self) -> &str {
        &self.ident.name
    }

    /// Where it is written.
    pub fn span(&self) -> Span {
        self.ident.span
    }

    /// True for the name of a declaration.
    pub fn is_declaration(&self) -> bool {
        matches!(self.role, Role::Declaration(_))
    }
}

fn slot(what: &'static str, expects: &'static [DeclKind]) -> Role {
    Role::Reference(Slot { what, expects })
}

/// Every occurrence of a name in the file, in source order.
pub fn occurrences(file: &File) -> Vec<Occurrence<'_>> {
    let mut out = Vec::new();
    for item in &file.items {
        let Item::Decl(decl) = item else { continue };
        if !decl.name.name.is_empty() {
            out.push(Occurrence {
                ident: &decl.name,
                role: Role::Declaration(decl.kind),
                owner: decl,
            });
        }
        for prop in decl.props() {
            references(&prop.kind, &mut |ident, role| {
                out.push(Occurrence {
                    ident,
                    role,
                    owner: decl,
                })
            });
        }
    }
    out
}

/// The occurrence under a cursor at byte `offset`: one that contains it, or one that ends
/// exactly there (a cursor just after a name).
pub fn at(file: &File, offset: usize) -> Option<Occurrence<'_>> {
    let all = occurrences(file);
    let inside = all
        .iter()
        .find(|o| o.span().start <= offset && offset < o.span().end);
    inside
        .or_else(|| all.iter().find(|o| o.span().end == offset))
        .copied()
}

/// Every declaration of `name`, in source order (more than one only in a faulty file).
pub fn declarations<'a>(file: &'a File, name: &str) -> Vec<&'a Decl> {
    file.items
        .iter()
        .filter_map(|i| match i {
            Item::Decl(d) if d.name.name == name => Some(d),
            _ => None,
        })
        .collect()
}

/// Every occurrence of `name`, declarations included, in source order.
pub fn uses_of<'a>(file: &'a File, name: &str) -> Vec<Occurrence<'a>> {
    occurrences(file)
        .into_iter()
        .filter(|o| o.name() == name)
        .collect()
}

/// Every named declaration, in source order.
pub fn declared(file: &File) -> impl Iterator<Item = &Decl> {
    file.items.iter().filter_map(|i| match i {
        Item::Decl(d) if !d.name.name.is_empty() => Some(d),
        _ => None,
    })
}

/// Call `f` with every name a property refers to, and the slot it fills.
fn references<'a>(kind: &'a PropKind, f: &mut dyn FnMut(&'a Ident, Role)) {
    fn list<'a>(ids: &'a [Ident], role: Role, f: &mut dyn FnMut(&'a Ident, Role)) {
        ids.iter().for_each(|i| f(i, role));
    }
    match kind {
        PropKind::Between(ids) => list(ids, slot("party to the protocol", BODIES), f),
        PropKind::ReportsTo(ids) => list(ids, slot("body reported to", BODIES), f),
        PropKind::AppointedBy(ids) => list(ids, slot("appointed by", PARTIES), f),
        PropKind::AttendedBy(ids) => list(ids, slot("attendee", ROLES), f),
        PropKind::Covers(Covers::Topics { topics }) => {
            list(topics, slot("topic covered", TOPICS), f)
        }
        PropKind::Agreed { by, .. } => f(by, slot("agreed by", PARTIES)),
        PropKind::Signed { by, .. } => f(by, slot("signatory", ROLES)),
        PropKind::SubgroupOf(id) => f(id, slot("parent body", BODIES)),
        PropKind::Seat { body, .. } => f(body, slot("body with the seat", BODIES)),
        PropKind::ProducedBy(id) => f(id, slot("producer", PARTIES)),
        PropKind::Order { target, .. } => f(target, slot("duty ordered against", DUTIES)),
        PropKind::Trigger(Trigger::Event { event }) => f(event, slot("triggering event", EVENTS)),
        PropKind::ConvenedBy(id) => f(id, slot("convenor", ROLES)),
        PropKind::Action(a) => {
            if a.passive {
                f(&a.artefact, slot("artefact", ARTEFACTS));
                list(&a.recipients, slot("recipient", PARTIES), f);
                if let Some(actor) = &a.actor {
                    f(actor, slot("actor", PARTIES));
                }
            } else {
                if let Some(actor) = &a.actor {
                    f(actor, slot("actor", PARTIES));
                }
                f(&a.artefact, slot("artefact", ARTEFACTS));
                list(&a.recipients, slot("recipient", PARTIES), f);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::fixture::{analysis, at as find, SAMPLE};

    #[test]
    fn every_reference_slot_is_found() {
        let a = analysis(SAMPLE);
        let refs = |name: &str| {
            uses_of(&a.file, name)
                .iter()
                .filter_map(|o| match o.role {
                    Role::Reference(s) => Some(s.what),
                    Role::Declaration(_) => None,
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(
            refs("scp"),
            [
                "party to the protocol",
                "agreed by",
                "parent body",
                "body reported to",
                "appointed by",
                "recipient",
                "actor"
            ]
        );
        assert_eq!(
            refs("cpb"),
            [
                "party to the protocol",
                "body with the seat",
                "producer",
                "actor",
                "recipient"
            ]
        );
        assert_eq!(refs("cpb_chair"), ["signatory", "convenor", "attendee"]);
        assert_eq!(refs("annual_report"), ["artefact", "artefact"]);
        assert_eq!(refs("uasc"), ["topic covered"]);
        assert_eq!(refs("cpb_annual"), ["duty ordered against"]);
        assert_eq!(refs("serious_case"), ["triggering event"]);
    }

    #[test]
    fn the_cursor_finds_a_name_inside_or_just_after_it() {
        let a = analysis(SAMPLE);
        let start = find(SAMPLE, "cpb submits", 0, 0);
        assert_eq!(at(&a.file, start).unwrap().name(), "cpb");
        assert_eq!(at(&a.file, start + 3).unwrap().name(), "cpb");
        assert!(at(&a.file, start + 4).is_none());
        let decl = find(SAMPLE, "body scp", 0, 5);
        let occ = at(&a.file, decl).unwrap();
        assert!(occ.is_declaration());
        assert_eq!(declarations(&a.file, "scp").len(), 1);
    }
}
