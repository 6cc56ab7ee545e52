//! Questions asked of a built model: a name's symbol and fields, every reference, who
//! sits on a body.

use super::*;
use crate::name::Name;
use crate::syntax::ast::{self, DeclKind};

/// The references of a model, in the order of [`Model::references`]: one list of fields
/// for both the shared and the mutable walk, so the two cannot disagree.
macro_rules! every_ref {
    ($m:expr, $iter:ident $(, $mut:tt)?) => {{
        let m = $m;
        let protocol = m.protocol.$iter().chain(m.other_documents.$iter()).flat_map(|p| {
            p.for_body
                .$iter()
                .chain(p.parties.$iter())
                .chain(p.agreed.$iter().flat_map(|s| {
                    std::iter::once(&$($mut)? s.by).chain(s.recommended_by.$iter())
                }))
                .chain(p.signed.$iter().map(|s| &$($mut)? s.by))
        });
        let bodies = m
            .bodies
            .$iter()
            .flat_map(|b| b.subgroup_of.$iter().chain(b.reports_to.$iter()));
        let roles = m.roles.$iter().flat_map(|r| {
            let elected = r.elected.$iter().flat_map(|e| {
                std::iter::once(&$($mut)? e.by).chain(e.then.$iter().map(|t| &$($mut)? t.1))
            });
            r.seats
                .$iter()
                .map(|s| &$($mut)? s.body)
                .chain(r.appointed_by.$iter())
                .chain(elected)
                .chain(r.stands_in.$iter().map(|s| &$($mut)? s.role))
        });
        let groups = m.groups.$iter().flat_map(|g| g.includes.$iter());
        let artefacts = m.artefacts.$iter().flat_map(|a| a.produced_by.$iter());
        let escalations = m
            .escalations
            .$iter()
            .flat_map(|e| {
                e.convened_by
                    .$iter()
                    .chain(e.attended_by.$iter())
                    .chain(e.stages.$iter().flat_map(|s| s.participants.$iter()))
            });
        let duties = m.duties.$iter().flat_map(|d| {
            let topics = match &$($mut)? d.covers {
                Coverage::Topics(t) => Some(t),
                _ => None,
            };
            d.actor
                .$iter()
                .chain(d.co_actors.$iter())
                .chain(d.artefact.$iter())
                .chain(d.about.$iter())
                .chain(d.recipients.$iter())
                .chain(d.trigger.$iter())
                .chain(d.receipt.$iter())
                .chain(d.meeting.$iter().map(|m| &$($mut)? m.body))
                .chain(d.order.$iter().map(|o| &$($mut)? o.target))
                .chain(topics.into_iter().flat_map(|t| t.$iter()))
        });
        protocol
            .chain(bodies)
            .chain(roles)
            .chain(groups)
            .chain(artefacts)
            .chain(escalations)
            .chain(duties)
            .chain(m.unattached.$iter())
    }};
}

impl Model {
    /// Every document: the protocol or terms of reference, then those of the other files
    /// of a set.
    pub fn documents(&self) -> impl Iterator<Item = &Protocol> + '_ {
        self.protocol.iter().chain(&self.other_documents)
    }

    /// The file of a set a span is in, by position in [`Model::files`] (0 for one file;
    /// see [`crate::set::file_at`]).
    pub fn file_of(&self, span: crate::source::Span) -> usize {
        crate::set::file_at(&self.files, span)
    }

    /// The symbol a name resolves to: a declaration other than a duty first, then a duty
    /// (duties' names are a namespace of their own).
    pub fn symbol(&self, name: &str) -> Option<&Symbol> {
        self.symbols
            .get(name)
            .or_else(|| self.duty_symbols.get(name))
    }

    /// The symbol a name stands for in a slot that takes `kinds`: a duty first where a
    /// duty may stand, else a declaration of another kind first.
    pub fn symbol_for(&self, name: &str, kinds: &[DeclKind]) -> Option<&Symbol> {
        if kinds.contains(&DeclKind::Duty) {
            self.duty_symbols
                .get(name)
                .or_else(|| self.symbols.get(name))
        } else {
            self.symbol(name)
        }
    }

    /// The common fields of a declared name (a duty's when no other declaration has it).
    pub fn common(&self, name: &str) -> Option<&Common> {
        let s = self.symbol(name)?;
        self.common_at(s.kind, s.index)
    }

    /// The common fields of the declaration a reference names, if declared.
    pub fn common_of(&self, r: &Ref) -> Option<&Common> {
        let (kind, index) = r.target()?;
        self.common_at(kind, index)
    }

    /// The common fields of the `index`-th declaration of `kind`.
    pub fn common_at(&self, kind: DeclKind, index: usize) -> Option<&Common> {
        Some(match kind {
            DeclKind::Protocol | DeclKind::Terms => {
                let document = match kind {
                    DeclKind::Terms => DocumentKind::Terms,
                    _ => DocumentKind::Protocol,
                };
                &self
                    .documents()
                    .filter(|p| p.kind == document)
                    .nth(index)?
                    .common
            }
            DeclKind::Group => &self.groups.get(index)?.common,
            DeclKind::Body => &self.bodies.get(index)?.common,
            DeclKind::Role => &self.roles.get(index)?.common,
            DeclKind::Topic => &self.topics.get(index)?.common,
            DeclKind::Artefact => &self.artefacts.get(index)?.common,
            DeclKind::Event => &self.events.get(index)?.common,
            DeclKind::Duty => &self.duties.get(index)?.common,
            DeclKind::Escalation => &self.escalations.get(index)?.common,
        })
    }

    /// Every reference to a name, each once: by declaration kind (protocol, bodies,
    /// roles, artefacts, escalations, duties), each declaration's in property order, then
    /// those kept in no declaration. Sort by span for source order.
    pub fn references(&self) -> impl Iterator<Item = &Ref> + '_ {
        every_ref!(self, iter)
    }

    /// [`Model::references`], to change, in the same order.
    pub(crate) fn references_mut(&mut self) -> impl Iterator<Item = &mut Ref> + '_ {
        every_ref!(self, iter_mut, mut)
    }

    /// `refs` with each group replaced by the bodies it includes (a group within a group
    /// by its own, each group once): who a list of parties, recipients or attendees
    /// stands for.
    pub fn expand<'m>(&'m self, refs: &'m [Ref]) -> Vec<&'m Ref> {
        let mut out = Vec::with_capacity(refs.len());
        let mut seen = Vec::new();
        for r in refs {
            self.expand_into(r, &mut out, &mut seen);
        }
        out
    }

    fn expand_into<'m>(&'m self, r: &'m Ref, out: &mut Vec<&'m Ref>, seen: &mut Vec<usize>) {
        match r.target() {
            Some((DeclKind::Group, g)) if r.is_resolved() => {
                if seen.contains(&g) {
                    return;
                }
                seen.push(g);
                if let Some(group) = self.groups.get(g) {
                    for m in &group.includes {
                        self.expand_into(m, out, seen);
                    }
                }
            }
            _ => out.push(r),
        }
    }

    /// The body whose meetings date a meeting-relative duty, when its meetings can be
    /// dated (a rule, agreed dates, or a cadence with an anchor or `from DATE`).
    pub fn meeting_body(&self, d: &Duty) -> Option<&Body> {
        let m = d.meeting.as_ref()?;
        match m.body.target()? {
            (DeclKind::Body, b) if m.body.is_resolved() => self
                .bodies
                .get(b)
                .filter(|b| crate::meetings::has_calendar(b)),
            _ => None,
        }
    }

    /// The first `n` due dates on or after `today` of a duty dated from each meeting of a
    /// body, each worked out from one meeting; `None` when the meetings have no dates.
    pub fn meeting_dues(
        &self,
        d: &Duty,
        today: jiff::civil::Date,
        n: usize,
    ) -> Option<Vec<jiff::civil::Date>> {
        let m = d.meeting.as_ref()?;
        let body = self.meeting_body(d)?;
        let region = crate::meetings::region(self, body);
        // A meeting up to a year back may still have its duty ahead; each later year of
        // meetings is asked for only while fewer than `n` dates are found.
        let mut from = today
            .checked_sub(jiff::Span::new().years(1))
            .unwrap_or(today);
        let mut out: Vec<jiff::civil::Date> = Vec::new();
        for _ in 0..12 {
            let to = from.checked_add(jiff::Span::new().years(2)).unwrap_or(from);
            out.extend(
                crate::meetings::of_body(body, from, to)
                    .into_iter()
                    .filter_map(|meeting| m.due_for(meeting.date, region))
                    .filter(|due| *due >= today),
            );
            out.sort_unstable();
            out.dedup();
            if out.len() >= n {
                break;
            }
            let Ok(next) = to.tomorrow() else {
                break;
            };
            from = next;
        }
        out.truncate(n);
        Some(out)
    }

    /// Who delivers to whom in a duty: each actor (each member of the group, for `each
    /// of GROUP`) with the bodies or roles it delivers to (every other member, for `to
    /// the others`; groups among the recipients replaced by their members).
    pub fn deliveries<'m>(&'m self, d: &'m Duty) -> Vec<(&'m Ref, Vec<&'m Ref>)> {
        let actors: Vec<&Ref> = if d.each {
            match &d.actor {
                Some(group) => self.expand(std::slice::from_ref(group)),
                None => Vec::new(),
            }
        } else {
            d.actor.iter().chain(&d.co_actors).collect()
        };
        actors
            .iter()
            .map(|a| {
                let to = if d.to_others {
                    actors.iter().filter(|o| !o.same_name(a)).copied().collect()
                } else {
                    self.expand(&d.recipients)
                };
                (*a, to)
            })
            .collect()
    }

    /// A body by name.
    pub fn body(&self, name: &str) -> Option<&Body> {
        let s = self.symbols.get(name)?;
        (s.kind == DeclKind::Body).then(|| self.bodies.get(s.index))?
    }

    /// A role by name.
    pub fn role(&self, name: &str) -> Option<&Role> {
        let s = self.symbols.get(name)?;
        (s.kind == DeclKind::Role).then(|| self.roles.get(s.index))?
    }

    /// A duty by name.
    pub fn duty(&self, name: &str) -> Option<&Duty> {
        let s = self.duty_symbols.get(name)?;
        (s.kind == DeclKind::Duty).then(|| self.duties.get(s.index))?
    }

    /// The names of the roles that hold one of `seats` on `body`, in declaration order.
    pub fn seated(&self, body: &str, seats: &[ast::SeatKind]) -> Vec<Name> {
        match self.symbols.get(body) {
            Some(s) if s.kind == DeclKind::Body => self
                .seated_roles(s.index, seats)
                .map(|r| r.common.id.clone())
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The indices (into `roles`) of the roles that hold one of `seats` on the body at
    /// `body` (an index into `bodies`), each once, in declaration order.
    pub fn seated_indices<'a>(
        &'a self,
        body: usize,
        seats: &'a [ast::SeatKind],
    ) -> impl Iterator<Item = usize> + 'a {
        let mut last = None;
        self.seats_on
            .get(body)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .filter_map(move |(role, seat)| {
                if last != Some(*role) && seats.contains(seat) && *role < self.roles.len() {
                    last = Some(*role);
                    Some(*role)
                } else {
                    None
                }
            })
    }

    fn seated_roles<'a>(
        &'a self,
        body: usize,
        seats: &'a [ast::SeatKind],
    ) -> impl Iterator<Item = &'a Role> + 'a {
        self.seated_indices(body, seats)
            .filter_map(|i| self.roles.get(i))
    }

    /// Names declared with one of `kinds`, in alphabetical order, for suggestions and
    /// completion.
    pub fn names_of<'a>(&'a self, kinds: &'a [DeclKind]) -> impl Iterator<Item = &'a str> + 'a {
        let mut names: Vec<&'a str> = self
            .symbols
            .iter()
            .chain(&self.duty_symbols)
            .filter(move |(_, s)| kinds.contains(&s.kind))
            .map(|(n, _)| n.as_str())
            .collect();
        names.sort_unstable();
        names.into_iter()
    }
}
