//! The reporting graph: ordering between duties (cycles, and order the dates contradict),
//! bodies that take no part, escalations that leave a party out, topics nobody covers,
//! and bodies that would scrutinise their own report.

use crate::diagnostic::{CodeInfo, Diagnostic, Phase, Severity};
use crate::graph::{self, ReportingGraph};
use crate::model::{Coverage, Model};
use crate::name::Name;
use crate::schedule::{month_name, DayRule, Period, Schedule};
use crate::source::Span;
use crate::syntax::ast::{DeclKind, OrderDir, SeatKind};
use petgraph::graph::{DiGraph, NodeIndex};
use std::collections::{HashMap, HashSet};

/// A set of declared names, kept as one flag per declaration: a reference marks the
/// declaration it names, and a name is in the set when its (first) declaration is marked.
/// Only declared names can be asked about, and a reference to a declared name always
/// names that first declaration, so this is the set of names the references spell.
struct Named {
    marked: [Vec<bool>; DeclKind::COUNT],
}

impl Named {
    fn new(model: &Model) -> Named {
        let len = |k: DeclKind| match k {
            DeclKind::Protocol => model.extra_protocols.len() + 1,
            DeclKind::Body => model.bodies.len(),
            DeclKind::Role => model.roles.len(),
            DeclKind::Topic => model.topics.len(),
            DeclKind::Artefact => model.artefacts.len(),
            DeclKind::Event => model.events.len(),
            DeclKind::Duty => model.duties.len(),
            DeclKind::Escalation => model.escalations.len(),
            DeclKind::Terms => 1,
            DeclKind::Group => model.groups.len(),
        };
        Named {
            marked: DeclKind::ALL.map(|k| vec![false; len(k)]),
        }
    }

    fn mark(&mut self, r: &crate::model::Ref) {
        if let Some((k, i)) = r.target() {
            if let Some(m) = self.marked[k as usize].get_mut(i) {
                *m = true;
            }
        }
    }

    fn contains(&self, model: &Model, name: &str) -> bool {
        model
            .symbol(name)
            .is_some_and(|s| self.marked[s.kind as usize].get(s.index) == Some(&true))
    }
}

/// Ordering constraints that form a cycle.
pub static PG0301: CodeInfo = CodeInfo {
    code: "PG0301",
    severity: Severity::Error,
    phase: Phase::Semantic,
    summary: "ordering constraints form a cycle",
    explanation: "\
## What it means
Duty A must come before B, B before C, and C before A (or a duty must come before itself).
No order of events satisfies all of them.

## Why it matters
At least one of the constraints is wrong, and until it is fixed nobody can plan the cycle.

## Example
```
duty a { cpb submits report_a to scp; yearly in june; before b }
duty b { scp presents report_b to cpb; yearly in september; before a }
```

## Fix
Remove or reverse the constraint that does not hold:
```
duty b { scp presents report_b to cpb; yearly in september; after a }
```",
};

/// An ordering constraint the dates contradict.
pub static PG0302: CodeInfo = CodeInfo {
    code: "PG0302",
    severity: Severity::Error,
    phase: Phase::Semantic,
    summary: "the dates contradict an ordering constraint",
    explanation: "\
## What it means
A duty must come before another, but in each cycle it falls due on or after it: a report
submitted in September cannot feed an annual report due in June of the same year.

## Why it matters
One of the two is wrong: the order, or a month. Left alone, the later report is written
without the findings the protocol says it must include.

## Example
```
duty cpb_annual { cpb submits cpb_report to scp; yearly in september; before scp_annual }
duty scp_annual { scp presents scp_report to cpb; yearly in june }
```

## Fix
Move one of the months:
```
duty cpb_annual { cpb submits cpb_report to scp; yearly in april; before scp_annual }
```",
};

/// A `where possible` ordering the dates contradict.
pub static PG0303: CodeInfo = CodeInfo {
    code: "PG0303",
    severity: Severity::Warning,
    phase: Phase::Semantic,
    summary: "the dates contradict a `where possible` ordering",
    explanation: "\
## What it means
As PG0302, for a constraint marked `where possible`: the dates mean it is never possible.

## Why it matters
The seeds ask that the board's annual report be timed so its findings can be incorporated
into the partnership's annual report \"where possible\"; if the months make it impossible,
the wish is never met.

## Example
```
duty cpb_annual { cpb submits cpb_report to scp; yearly in september; before scp_annual where possible }
duty scp_annual { scp presents scp_report to cpb; yearly in june }
```

## Fix
Move one of the months, or drop the constraint.",
};

/// A body with no part in the protocol.
pub static PG0304: CodeInfo = CodeInfo {
    code: "PG0304",
    severity: Severity::Warning,
    phase: Phase::Semantic,
    summary: "a body neither sends nor receives anything",
    explanation: "\
## What it means
The body is declared, but no duty names it as actor or recipient, it has no standing
reporting line and no sub-group relation, and neither it nor its chair agreed or signed the
protocol (a chair's signature is the body's agreement).

## Why it matters
Either the protocol forgot what the body does, or the declaration is left over from an
earlier draft.

## Example
```
external body cabinet \"Cabinet\"
```
with no duty to or from `cabinet`.

## Fix
Add the duty that involves it (`hscb presents hscb_annual_report to cabinet`), or delete it.",
};

/// An escalation that leaves a party out.
pub static PG0305: CodeInfo = CodeInfo {
    code: "PG0305",
    severity: Severity::Warning,
    phase: Phase::Semantic,
    summary: "an escalation leaves a party to the protocol unrepresented",
    explanation: "\
## What it means
None of the people who attend the escalation meeting chairs or is a member of one of the
protocol's parties.

## Why it matters
A concern between two bodies cannot be resolved in a meeting one of them is not at.

## Example
```
escalation meeting \"Escalation meeting\" {
  attended by scp_chair and dcs
}
```
when `cpb` is a party and neither role sits on it.

## Fix
```
escalation meeting \"Escalation meeting\" {
  attended by scp_chair, dcs and cpb_chair
}
```",
};

/// A topic no duty covers.
pub static PG0306: CodeInfo = CodeInfo {
    code: "PG0306",
    severity: Severity::Warning,
    phase: Phase::Semantic,
    summary: "a topic no duty covers",
    explanation: "\
## What it means
A joint area of interest is declared, but no duty says it covers it (`covers TOPIC` or
`covers all topics`).

## Why it matters
An area of interest that no report or monitoring duty covers is a heading, not an
arrangement: nobody is asked to report on it.

## Example
```
topic uasc \"Unaccompanied Asylum-Seeking Children\"
```
with no duty covering `uasc`.

## Fix
```
duty indicators {
  dcs reports performance_indicators to cpb and scp
  quarterly in march
  covers uasc, placement_stability
}
```",
};

/// A body that would scrutinise its own report.
pub static PG0307: CodeInfo = CodeInfo {
    code: "PG0307",
    severity: Severity::Warning,
    phase: Phase::Semantic,
    summary: "a body receives for scrutiny a report its own chair or member produces",
    explanation: "\
## What it means
The recipient of a report has, as chair or member, the role that chairs the body producing
the report, or has as its chair the role producing it. The Rotherham panel is chaired by the
Cabinet Member, and its annual report goes to Cabinet.

An officer who reports to a board they are a member of (a Director of Children's Services
who sits on the board as an officer and presents the performance report to it) is the
normal arrangement, not self-scrutiny, and is not reported.

## Why it matters
Scrutiny by the author is not scrutiny. The arrangement may be intended, but it should be
a decision, not an accident.

## Example
```
role cabinet_member \"Cabinet Member\" { chair of cpp; member of cabinet }
duty cpp_annual { cpp submits cpp_annual_report to cabinet; yearly in march }
```

## Fix
Send the report to a body the author does not sit on. If the arrangement is intended,
accept it in the duty and say why:
```
duty cpp_annual {
  cpp submits cpp_annual_report to cabinet
  yearly in march
  allow PG0307 \"The Cabinet Member presents the panel's report; agreed in 2024.\"
}
```",
};

/// Every code of this module.
pub static CODES: &[&CodeInfo] = &[
    &PG0301, &PG0302, &PG0303, &PG0304, &PG0305, &PG0306, &PG0307,
];

/// Run the graph checks.
pub fn check(model: &Model, graph: &ReportingGraph) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    ordering(model, &mut out);
    isolated(model, graph, &mut out);
    escalations(model, &mut out);
    topics(model, &mut out);
    self_scrutiny(model, &mut out);
    out
}

/// One ordering constraint: `from` must come before `to`.
#[derive(Clone)]
struct Constraint {
    span: Span,
    soft: bool,
}

fn ordering(model: &Model, out: &mut Vec<Diagnostic>) {
    // The constraints, as (from, to, constraint) between duty indices, in duty order.
    let mut constraints: Vec<(usize, usize, Constraint)> = Vec::new();
    for (i, d) in model.duties.iter().enumerate() {
        for o in &d.order {
            if !o.target.is_resolved() {
                continue;
            }
            let Some((_, j)) = o.target.target() else {
                continue;
            };
            if j >= model.duties.len() {
                continue;
            }
            let (a, b) = match o.dir {
                OrderDir::Before => (i, j),
                OrderDir::After => (j, i),
            };
            // A soft duty (`should`, `may`) binds its order only where possible.
            let soft_duty = |k: usize| model.duties.get(k).is_some_and(|d| d.modality.soft());
            let c = Constraint {
                span: o.span,
                soft: o.soft || soft_duty(i) || soft_duty(j),
            };
            constraints.push((a, b, c));
        }
    }
    if constraints.is_empty() {
        return;
    }
    // A node for each duty a constraint names, made in duty order so that node order is
    // duty order.
    let mut named = vec![false; model.duties.len()];
    for (a, b, _) in &constraints {
        named[*a] = true;
        named[*b] = true;
    }
    let mut g: DiGraph<usize, Constraint> = DiGraph::new();
    let nodes: Vec<Option<NodeIndex>> = named
        .iter()
        .enumerate()
        .map(|(i, n)| n.then(|| g.add_node(i)))
        .collect();
    for (a, b, c) in constraints {
        if let (Some(Some(a)), Some(Some(b))) = (nodes.get(a), nodes.get(b)) {
            g.add_edge(*a, *b, c);
        }
    }
    let name = |n: NodeIndex| model.duties[g[n]].common.id.clone();
    let mut in_cycle: HashSet<NodeIndex> = HashSet::new();
    for scc in petgraph::algo::tarjan_scc(&g) {
        let self_loop = scc.len() == 1 && g.find_edge(scc[0], scc[0]).is_some();
        if scc.len() < 2 && !self_loop {
            continue;
        }
        in_cycle.extend(scc.iter().copied());
        let members: HashSet<NodeIndex> = scc.iter().copied().collect();
        let start = *scc.iter().min().unwrap_or(&scc[0]);
        let path = cycle_from(&g, start, &members);
        let mut names: Vec<Name> = path.iter().map(|(n, _)| name(*n)).collect();
        names.push(name(start));
        let first_span = path.first().map_or(Span::default(), |(_, c)| c.span);
        let mut d = Diagnostic::new(
            &PG0301,
            first_span,
            format!(
                "the ordering constraints form a cycle: {}",
                names.join(" → ")
            ),
        )
        .with_primary(format!("`{}` must come before `{}`", names[0], names[1]));
        for (k, (_, c)) in path.iter().enumerate().skip(1) {
            d = d.with_label(
                c.span,
                format!("`{}` must come before `{}`", names[k], names[k + 1]),
            );
        }
        out.push(d.with_help("remove or reverse one of these constraints"));
    }
    // Order against the dates, for constraints not already in a cycle.
    for e in g.edge_indices() {
        let Some((a, b)) = g.edge_endpoints(e) else {
            continue;
        };
        if in_cycle.contains(&a) && in_cycle.contains(&b) {
            continue;
        }
        let (da, db) = (&model.duties[g[a]], &model.duties[g[b]]);
        let sa = da.cadence.as_ref().and_then(|c| c.schedule.as_ref());
        let sb = db.cadence.as_ref().and_then(|c| c.schedule.as_ref());
        let (Some(sa), Some(sb)) = (sa, sb) else {
            continue;
        };
        let Some((pa, pb)) = positions(sa, sb) else {
            continue;
        };
        if pa < pb {
            continue;
        }
        let c = &g[e];
        let code = if c.soft { &PG0303 } else { &PG0302 };
        let when = |s: &Schedule| match s.day {
            DayRule::LastWorkingDay => {
                format!("by the end of {}", month_name(s.first.month() as u32))
            }
            DayRule::Day(_) => format!(
                "on {} {}",
                s.first.day(),
                month_name(s.first.month() as u32)
            ),
        };
        let mut d = Diagnostic::new(
            code,
            c.span,
            format!(
                "`{}` must come before `{}`, but it is due {} and `{}` is due {}",
                da.common.id,
                db.common.id,
                when(sa),
                db.common.id,
                when(sb)
            ),
        )
        .with_primary("this order cannot be met in any cycle");
        if let Some(c) = &da.cadence {
            d = d.with_label(
                c.anchor_span.unwrap_or(c.span),
                format!("`{}` is due {}", da.common.id, when(sa)),
            );
        }
        if let Some(c) = &db.cadence {
            d = d.with_label(
                c.anchor_span.unwrap_or(c.span),
                format!("`{}` is due {}", db.common.id, when(sb)),
            );
        }
        out.push(d.with_help("move one of the months, or drop the constraint"));
    }
}

/// Where two schedules of the same period fall within their cycle, comparably.
fn positions(a: &Schedule, b: &Schedule) -> Option<((u32, u32), (u32, u32))> {
    match (a.period, b.period) {
        (Period::Months(p), Period::Months(q)) if p == q && (p % 12 == 0 || 12 % p == 0) => {
            let cycle = p.min(12);
            let pos = |s: &Schedule| ((s.first.month() as u32 - 1) % cycle, s.first.day() as u32);
            Some((pos(a), pos(b)))
        }
        _ => None,
    }
}

/// A cycle through `start` within `members`, as (node, constraint leaving it) pairs.
fn cycle_from(
    g: &DiGraph<usize, Constraint>,
    start: NodeIndex,
    members: &HashSet<NodeIndex>,
) -> Vec<(NodeIndex, Constraint)> {
    // Breadth-first search for the shortest way back to `start`.
    let mut prev: HashMap<NodeIndex, (NodeIndex, Constraint)> = HashMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    let mut seen = HashSet::from([start]);
    let mut last: Option<(NodeIndex, Constraint)> = None;
    'search: while let Some(n) = queue.pop_front() {
        for e in g.edges(n) {
            use petgraph::visit::EdgeRef;
            let t = e.target();
            if t == start {
                last = Some((n, e.weight().clone()));
                break 'search;
            }
            if members.contains(&t) && seen.insert(t) {
                prev.insert(t, (n, e.weight().clone()));
                queue.push_back(t);
            }
        }
    }
    let Some((mut n, c)) = last else {
        return Vec::new();
    };
    let mut path = vec![(n, c)];
    while n != start {
        let Some((p, c)) = prev.get(&n).cloned() else {
            break;
        };
        path.push((p, c));
        n = p;
    }
    path.reverse();
    path
}

fn isolated(model: &Model, graph: &ReportingGraph, out: &mut Vec<Diagnostic>) {
    // A duty or agreement line that did not parse may have named any body.
    if model.duties.iter().any(|d| d.incomplete) || model.documents().any(|p| p.incomplete) {
        return;
    }
    let mut involved = Named::new(model);
    for d in &model.duties {
        for a in d.actor.iter().chain(&d.co_actors) {
            involved.mark(a);
            // `each of GROUP`: each member acts.
            model
                .expand(std::slice::from_ref(a))
                .into_iter()
                .for_each(|r| involved.mark(r));
        }
        d.recipients.iter().for_each(|r| involved.mark(r));
        model
            .expand(&d.recipients)
            .into_iter()
            .for_each(|r| involved.mark(r));
        // Whom a board holds to account, scrutinises or consults, and whose meetings
        // date a duty, are named by it too.
        for r in d.artefact.iter().chain(d.meeting.iter().map(|m| &m.body)) {
            involved.mark(r);
            model
                .expand(std::slice::from_ref(r))
                .into_iter()
                .for_each(|r| involved.mark(r));
        }
    }
    for p in model.documents() {
        for s in p.agreed.iter().chain(&p.signed) {
            involved.mark(&s.by);
            // A chair who signs or agrees does so for the body they chair.
            if let Some((DeclKind::Role, i)) = s.by.target().filter(|_| s.by.is_resolved()) {
                let chaired = model.roles.get(i).into_iter().flat_map(|r| &r.seats);
                chaired
                    .filter(|seat| seat.seat == SeatKind::Chair)
                    .for_each(|seat| involved.mark(&seat.body));
            }
        }
    }
    for b in &model.bodies {
        if involved.contains(model, &b.common.id) {
            continue;
        }
        let structural = graph.node(&b.common.id).is_some_and(|n| {
            graph
                .graph
                .edges_directed(n, petgraph::Direction::Outgoing)
                .chain(graph.graph.edges_directed(n, petgraph::Direction::Incoming))
                .any(|e| {
                    matches!(
                        e.weight().kind,
                        graph::EdgeKind::ReportsTo | graph::EdgeKind::SubgroupOf
                    )
                })
        });
        if structural {
            continue;
        }
        out.push(
            Diagnostic::new(
                &PG0304,
                b.common.name_span,
                format!("`{}` neither sends nor receives anything", b.common.id),
            )
            .with_primary("no duty, reporting line or sub-group relation names this body")
            .with_help("add the duty that involves it, or remove the declaration"),
        );
    }
}

fn escalations(model: &Model, out: &mut Vec<Diagnostic>) {
    if model.protocol.is_none() {
        return;
    }
    // A seat line that did not parse may have seated any attendee.
    if model.roles.iter().any(|r| r.incomplete) {
        return;
    }
    for e in model.escalations.iter().filter(|e| !e.incomplete) {
        // The escalation's document: the last declared before it (in a set, its file's).
        let file = model.file_of(e.common.span);
        let Some(p) = model
            .documents()
            .find(|p| model.file_of(p.common.span) == file)
        else {
            continue;
        };
        let people: Vec<&str> = model
            .expand(&e.attended_by)
            .into_iter()
            .chain(e.stages.iter().flat_map(|s| model.expand(&s.participants)))
            .chain(e.convened_by.iter())
            .filter(|r| r.is_resolved())
            .map(|r| r.name.as_str())
            .collect();
        for party in model
            .expand(&p.parties)
            .into_iter()
            .filter(|r| r.is_resolved())
        {
            let seated = graph::seated(model, &party.name, &[SeatKind::Chair, SeatKind::Member]);
            let represented = people
                .iter()
                .any(|x| *x == party.name || seated.iter().any(|s| s == x));
            if represented {
                continue;
            }
            let mut d = Diagnostic::new(
                &PG0305,
                e.common.name_span,
                format!("no one at `{}` represents `{}`", e.common.id, party.name),
            )
            .with_primary(format!(
                "`{}` is a party, but no attendee chairs or sits on it",
                party.name
            ))
            .with_label(party.span, "a party to the protocol");
            d = match seated.first() {
                Some(r) => d.with_help(format!("add `{r}` to `attended by`")),
                None => d.with_help(format!(
                    "add a role that chairs or sits on `{}` to `attended by`",
                    party.name
                )),
            };
            out.push(d);
        }
    }
}

fn topics(model: &Model, out: &mut Vec<Diagnostic>) {
    // A duty line that did not parse may have been a `covers` line.
    if model
        .duties
        .iter()
        .any(|d| d.incomplete || matches!(d.covers, Coverage::All))
    {
        return;
    }
    let mut covered = Named::new(model);
    for d in &model.duties {
        if let Coverage::Topics(t) = &d.covers {
            t.iter().for_each(|r| covered.mark(r));
        }
        // `holds council to account for TOPIC`, `consults scp on TOPIC`, `leads TOPIC`.
        d.about
            .iter()
            .chain(&d.artefact)
            .for_each(|r| covered.mark(r));
    }
    for t in &model.topics {
        if !covered.contains(model, &t.common.id) {
            out.push(
                Diagnostic::new(
                    &PG0306,
                    t.common.name_span,
                    format!("no duty covers topic `{}`", t.common.id),
                )
                .with_primary(format!(
                    "\"{}\" is a joint area of interest nobody reports on",
                    t.common.label()
                ))
                .with_help(format!(
                    "add `covers {}` to the duty that reports on it",
                    t.common.id
                )),
            );
        }
    }
}

fn self_scrutiny(model: &Model, out: &mut Vec<Diagnostic>) {
    for d in model.duties.iter().filter(|d| d.delivers) {
        let Some(actor) = d.actor.as_ref().filter(|a| a.is_resolved()) else {
            continue;
        };
        // The roles that write what the actor produces: its chair, or the role itself.
        let authors: Vec<(&str, usize)> = match actor.target() {
            Some((DeclKind::Body, b)) => model
                .seated_indices(b, &[SeatKind::Chair])
                .filter_map(|i| Some((model.roles.get(i)?.common.id.as_str(), i)))
                .collect(),
            Some((DeclKind::Role, i)) => vec![(actor.name.as_str(), i)],
            _ => continue,
        };
        if authors.is_empty() {
            continue;
        }
        for r in model
            .expand(&d.recipients)
            .into_iter()
            .filter(|r| r.is_resolved() && r.found == Some(DeclKind::Body))
        {
            if r.target() == actor.target() {
                continue;
            }
            for &(author, index) in &authors {
                let Some(role) = model.roles.get(index) else {
                    continue;
                };
                // A role seated on the board it reports to as a member (an officer) reports
                // to it as the arrangement intends; only a chair of the recipient, or the
                // chair of the reporting body sitting on it, marks its own work.
                let officer = author == actor.name;
                let Some(seat) = role.seats.iter().find(|s| {
                    s.body.target() == r.target()
                        && s.body.is_resolved()
                        && match s.seat {
                            SeatKind::Chair | SeatKind::CoChair => true,
                            // An ex-officio member sits by virtue of the office that reports.
                            SeatKind::Member | SeatKind::ViceChair => {
                                !officer
                                    && !s
                                        .classes
                                        .contains(&crate::syntax::ast::MemberClass::ExOfficio)
                            }
                            SeatKind::Observer | SeatKind::Attends => false,
                        }
                }) else {
                    continue;
                };
                let how = if author == actor.name {
                    format!("`{author}` produces it")
                } else {
                    format!("`{author}` chairs `{}`, which produces it", actor.name)
                };
                out.push(
                    Diagnostic::new(
                        &PG0307,
                        r.span,
                        format!("`{}` would scrutinise a report its own {} produces", r.name, seat_word(seat.seat)),
                    )
                    .with_primary(format!("receives `{}`", d.artefact.as_ref().map_or("", |a| a.name.as_str())))
                    .with_label(seat.body.span, format!("{how}, and sits on `{}`", r.name))
                    .with_help("send the report to a body its author does not sit on; if this is intended, write `allow PG0307 \"why\"` in the duty"),
                );
            }
        }
    }
}

fn seat_word(s: SeatKind) -> &'static str {
    s.words()
}
