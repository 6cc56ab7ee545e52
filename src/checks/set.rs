//! Checks that compare the documents of a set (see [`crate::set`]): the same duty written
//! differently in two documents, one body or role under two names, a body with two terms
//! of reference or a party with none, a report due in a month its recipient does not
//! meet, and one person seated two ways on a body. A name declared in two files is
//! PG0102, as in one file.

use crate::diagnostic::{CodeInfo, Diagnostic, Phase, Severity};
use crate::model::{DocumentKind, Duty, Model, Ref};
use crate::schedule::month_name;
use crate::set::FileMap;
use crate::syntax::ast::{DeclKind, Modality};
use jiff::civil::Date;
use std::collections::{BTreeSet, HashMap};

/// The same duty, written differently in two documents.
pub static PG0901: CodeInfo = CodeInfo {
    code: "PG0901",
    severity: Severity::Warning,
    phase: Phase::Semantic,
    summary: "two documents give the same duty different timing or force",
    explanation: "\
## What it means
Two documents of the set bind the same actor to deliver the same thing to the same
recipients, but disagree on when (the schedule or the event), on the deadline, or on
whether it must or should be done.

## Why it matters
Each document is agreed on its own, so the two drift apart: one says the annual report
goes to the Board in June, the other in September. Whoever follows either is in breach of
the other.

## Example
```
// scp-terms.proto-gov
duty scp_annual \"Annual report to the Board\" {
  scp submits annual_report to hwb
  yearly in june
}
// joint-protocol.proto-gov
duty annual_to_hwb \"The annual report is presented to the Board\" {
  scp presents annual_report to hwb
  yearly in september
}
```

## Fix
Agree one timing, write it in both documents (or keep the duty in one and cite it from
the other).",
};

/// One body or role declared under two names.
pub static PG0902: CodeInfo = CodeInfo {
    code: "PG0902",
    severity: Severity::Warning,
    phase: Phase::Semantic,
    summary: "two documents declare the same body or role under different names",
    explanation: "\
## What it means
Two bodies declared in different documents of the set have the same title or short
name, or two roles the same short name, but different names: the set holds two things
where the documents mean one. (Role titles are not compared: \"Chair of the Board\" in
two terms of reference names two offices.)

## Why it matters
Duties to one are not duties to the other: calendars, diagrams and checks split the body
in two, and a duty sent to it in one document is invisible from the other.

## Example
```
// scp-terms.proto-gov
body scp \"Safeguarding Children Partnership\"
// joint-protocol.proto-gov
body children_partnership \"Safeguarding Children Partnership\"
```

## Fix
Declare it once, in the document it belongs to (its own terms of reference), and use
that name everywhere; rename the other uses.",
};

/// A body with two terms of reference.
pub static PG0903: CodeInfo = CodeInfo {
    code: "PG0903",
    severity: Severity::Warning,
    phase: Phase::Semantic,
    summary: "a body has two terms of reference in the set",
    explanation: "\
## What it means
Two `terms of reference` documents of the set are `for` the same body.

## Why it matters
A body has one constitution at a time. Two usually means an old version was left in the
folder beside the new one, and the set is checked against both.

## Example
```
// cpb-terms-2023.proto-gov
terms of reference cpb_tor_2023 { for cpb }
// cpb-terms-2025.proto-gov
terms of reference cpb_tor { for cpb }
```

## Fix
Remove the old one from the folder, or leave it out in `protogov.toml`:
```
[set]
exclude = [\"archive/**\"]
```",
};

/// A party to a protocol with no terms of reference in the set.
pub static PG0904: CodeInfo = CodeInfo {
    code: "PG0904",
    severity: Severity::Warning,
    phase: Phase::Semantic,
    summary: "a party to a protocol has no terms of reference in the set",
    explanation: "\
## What it means
A body that is a party to a protocol of the set has no `terms of reference` in the set,
while other bodies have theirs. It is not reported when the set holds no terms of
reference at all (a folder of protocols only).

## Why it matters
Its membership, quorum and meetings cannot be checked against what the protocols ask of
it, and the set does not show who it is.

## Example
```
// joint-protocol.proto-gov
protocol joint { between scp and sab }
// scp-terms.proto-gov
terms of reference scp_tor { for scp }
```
`sab` has no terms of reference.

## Fix
Add the body's terms of reference to the folder. A body outside the area's governance
(a national body) can be marked `external body`, which is not expected to have one.",
};

/// A report due in a month the recipient does not meet.
pub static PG0905: CodeInfo = CodeInfo {
    code: "PG0905",
    severity: Severity::Warning,
    phase: Phase::Semantic,
    summary: "a duty is due to a body in a month its own document says it does not meet",
    explanation: "\
## What it means
PG1005 across the documents of a set: a duty in one document is due to a body in a month
in which the body's meetings, given in another document (its terms of reference, say),
hold no meeting on or before the due date. It reaches the body at its next meeting, late.

## Why it matters
A report due in a month without a meeting waits for the next one, so the date the
document gives is not the date the body sees it. Often one document was written for an
old cycle of meetings.

## Example
In the Board's terms of reference:
```
body hwb \"Health and Wellbeing Board\" {
  meets quarterly in march, june, september and december
}
```
In a protocol of the same set:
```
duty annual \"Annual report\" {
  scp submits annual_report to hwb
  yearly in october
}
```

## Fix
Move the duty to a month the body meets (`yearly in december`), or correct the body's
meetings in its own document.",
};

/// One person seated on a body in ways two documents contradict.
pub static PG0906: CodeInfo = CodeInfo {
    code: "PG0906",
    severity: Severity::Warning,
    phase: Phase::Semantic,
    summary: "two documents seat one person on a body in different ways",
    explanation: "\
## What it means
Two roles declared in different documents of the set are held by the same person now
(`held by`), and seat that person on the same body in different ways: chair in one
document, observer or member in the other.

## Why it matters
A person has one seat on a body. When the terms of reference make the Director the chair
and a protocol makes the same Director an observer, the quorum, the voting and who chairs
an escalation all depend on which document is read.

## Example
```
// cpb-terms.proto-gov
role cpb_chair \"Chair of the Board\" {
  chair of cpb
  held by \"Cllr A Smith\" from 2024-05-20
}
// joint-protocol.proto-gov
role lead_member \"Lead Member for Children\" {
  observer on cpb
  held by \"Cllr A Smith\" from 2024-05-20
}
```

## Fix
Make the documents agree on the person's seat: correct the one that is out of date.",
};

/// Every code of this module.
pub static CODES: &[&CodeInfo] = &[&PG0901, &PG0902, &PG0903, &PG0904, &PG0905, &PG0906];

/// Compare the documents of a set.
pub fn check(model: &Model, map: &FileMap, today: Date) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    duties_that_disagree(model, map, today, &mut out);
    two_names(model, map, &mut out);
    terms_of_reference(model, &mut out);
    one_person_two_seats(model, map, today, &mut out);
    out
}

fn one_person_two_seats(model: &Model, map: &FileMap, today: Date, out: &mut Vec<Diagnostic>) {
    use crate::syntax::ast::SeatKind;
    // By (person, body): the first seat found, with its role.
    let mut first: HashMap<(String, String), (SeatKind, &crate::model::Role, &crate::model::Seat)> =
        HashMap::new();
    for role in &model.roles {
        // Who holds it today: a holder whose time has begun and not ended.
        let current = role.holders.iter().filter(|h| {
            h.from
                .as_ref()
                .and_then(|d| d.start())
                .is_none_or(|d| d <= today)
                && h.until
                    .as_ref()
                    .and_then(|d| d.start())
                    .is_none_or(|d| d >= today)
        });
        for holder in current {
            let person = normal(&holder.name);
            for seat in role.seats.iter().filter(|s| s.body.is_resolved()) {
                let key = (person.clone(), seat.body.name.to_string());
                match first.get(&key) {
                    None => {
                        first.insert(key, (seat.seat, role, seat));
                    }
                    Some((kind, other, other_seat))
                        if *kind != seat.seat
                            && map.file_of(other.common.span) != map.file_of(role.common.span) =>
                    {
                        out.push(
                            Diagnostic::new(
                                &PG0906,
                                seat.span,
                                format!(
                                    "{} holds `{}`, {} of `{}` here, and `{}`, {} of `{}` in \
                                     another document",
                                    holder.name,
                                    role.common.id,
                                    seat.seat.words(),
                                    seat.body.name,
                                    other.common.id,
                                    kind.words(),
                                    seat.body.name
                                ),
                            )
                            .with_primary(format!("{} of `{}`", seat.seat.words(), seat.body.name))
                            .with_label(
                                other_seat.span,
                                format!("{} of `{}`", kind.words(), seat.body.name),
                            )
                            .with_help("make the documents agree on the person's seat on the body"),
                        );
                    }
                    Some(_) => {}
                }
            }
        }
    }
}

/// When a duty falls due: what compares (the months of its next dates within a year, else
/// its cadence, else its event) and the words to show.
fn timing(d: &Duty, today: Date) -> (String, String) {
    if d.standing {
        return ("ongoing".into(), "ongoing".into());
    }
    let written = d.cadence.as_ref().map(|c| c.text.clone());
    if let Some(s) = d.cadence.as_ref().and_then(|c| c.schedule.as_ref()) {
        let until = today
            .checked_add(jiff::Span::new().years(1))
            .unwrap_or(today);
        let months: BTreeSet<i8> = s
            .next(today, 60)
            .into_iter()
            .filter(|x| *x < until)
            .map(|x| x.month())
            .collect();
        let key: Vec<&str> = months.iter().map(|m| month_name(*m as u32)).collect();
        return (key.join(", "), written.unwrap_or_default());
    }
    if let Some(w) = written {
        return (w.clone(), w);
    }
    let mut words = Vec::new();
    if let Some(t) = &d.trigger {
        words.push(format!("when {}", t.name));
    }
    if let Some(r) = &d.receipt {
        words.push(format!("on receipt of {}", r.name));
    }
    if let Some(m) = &d.meeting {
        words.push(m.text());
    }
    if words.is_empty() {
        words.push("with no timing".into());
    }
    let words = words.join(", ");
    (words.clone(), words)
}

fn modality(m: Modality) -> &'static str {
    match m {
        Modality::Should | Modality::May => "should",
        _ => "must",
    }
}

/// What a reference names: its declaration when it names one (every use of a name has
/// the same one), else its text. Comparing these never reads a name's text.
#[derive(PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Named<'m> {
    Declared(DeclKind, usize),
    Undeclared(&'m str),
}

fn named(r: &Ref) -> Named<'_> {
    match r.target() {
        Some((kind, i)) => Named::Declared(kind, i),
        None => Named::Undeclared(r.name.as_str()),
    }
}

fn duties_that_disagree(model: &Model, map: &FileMap, today: Date, out: &mut Vec<Diagnostic>) {
    // The duty's actor, verb, artefact and recipients.
    type Key<'m> = (Named<'m>, &'static str, Named<'m>, Vec<Named<'m>>);
    // Each key's first duty, by index, and the later duties of keys seen more than once.
    let mut first: crate::name::FastMap<Key, usize> = Default::default();
    first.reserve(model.duties.len());
    let mut later: crate::name::FastMap<usize, Vec<&Duty>> = Default::default();
    for (i, d) in model.duties.iter().enumerate() {
        let (Some(actor), Some(artefact)) = (&d.actor, &d.artefact) else {
            continue;
        };
        let mut to: Vec<Named> = model.expand(&d.recipients).into_iter().map(named).collect();
        to.sort_unstable();
        let verb = d.verb.unwrap_or("");
        match first.entry((named(actor), verb, named(artefact), to)) {
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(i);
            }
            std::collections::hash_map::Entry::Occupied(e) => {
                later.entry(*e.get()).or_default().push(d)
            }
        }
    }
    let mut groups: Vec<(&Duty, Vec<&Duty>)> = later
        .into_iter()
        .map(|(i, rest)| (&model.duties[i], rest))
        .collect();
    groups.sort_by_key(|(first, _)| first.common.span.start);
    for (first, rest) in groups {
        let first_file = map.file_of(first.common.span);
        for d in &rest {
            if map.file_of(d.common.span) == first_file {
                continue;
            }
            let mut differences = Vec::new();
            let (a, b) = (timing(first, today), timing(d, today));
            if a.0 != b.0 {
                differences.push(format!("due {} here, {} there", b.1, a.1));
            }
            let deadline = |x: &Duty| x.deadline.as_ref().map(|x| x.text.clone());
            if deadline(first) != deadline(d) {
                let w = |x: Option<String>| x.unwrap_or_else(|| "no deadline".to_string());
                differences.push(format!(
                    "{} here, {} there",
                    w(deadline(d)),
                    w(deadline(first))
                ));
            }
            if modality(first.modality) != modality(d.modality) {
                differences.push(format!(
                    "it {} be done here, {} there",
                    modality(d.modality),
                    modality(first.modality)
                ));
            }
            if differences.is_empty() {
                continue;
            }
            let span = d.action_span.unwrap_or(d.common.name_span);
            let other = first.action_span.unwrap_or(first.common.name_span);
            out.push(
                Diagnostic::new(
                    &PG0901,
                    span,
                    format!(
                        "duty `{}` and duty `{}` of another document are the same duty, \
                         written differently: {}",
                        d.common.id,
                        first.common.id,
                        differences.join("; ")
                    ),
                )
                .with_primary("this duty")
                .with_label(other, format!("the same duty, `{}`", first.common.id))
                .with_help("agree one timing and write it the same way in both documents"),
            );
        }
    }
}

/// A title or short name, compared without case, spacing or a leading "the".
fn normal(text: &str) -> String {
    let words: Vec<String> = text.split_whitespace().map(|w| w.to_lowercase()).collect();
    let words = match words.split_first() {
        Some((first, rest)) if first == "the" => rest.to_vec(),
        _ => words,
    };
    words.join(" ")
}

fn two_names(model: &Model, map: &FileMap, out: &mut Vec<Diagnostic>) {
    // By kind and normalised title or short name: the first declaration with it.
    let mut first: HashMap<(&str, String), &crate::model::Common> = HashMap::new();
    let bodies = model.bodies.iter().map(|b| {
        let keys: Vec<String> = b
            .common
            .title
            .iter()
            .chain(&b.short)
            .map(|t| normal(t))
            .collect();
        ("body", &b.common, keys)
    });
    // A role's title is often relative ("Chair of the Board"), so roles are compared by
    // their short names alone.
    let roles = model.roles.iter().map(|r| {
        let keys: Vec<String> = r.short.iter().map(|t| normal(t)).collect();
        ("role", &r.common, keys)
    });
    for (kind, common, keys) in bodies.chain(roles) {
        let mut reported = false;
        for key in keys.into_iter().filter(|k| !k.is_empty()) {
            match first.get(&(kind, key.clone())) {
                Some(other)
                    if !reported
                        && other.id != common.id
                        && map.file_of(other.span) != map.file_of(common.span) =>
                {
                    reported = true;
                    out.push(
                        Diagnostic::new(
                            &PG0902,
                            common.name_span,
                            format!(
                                "{kind} `{}` and {kind} `{}` of another document are both \
                                 called \"{key}\": the set holds two {} where the \
                                 documents mean one",
                                common.id,
                                other.id,
                                if kind == "body" { "bodies" } else { "roles" }
                            ),
                        )
                        .with_primary("the same title or short name as another declaration")
                        .with_label(other.name_span, format!("declared here as `{}`", other.id))
                        .with_help(format!(
                            "declare it once, in the document it belongs to, and use `{}` \
                             everywhere",
                            other.id
                        )),
                    );
                }
                Some(_) => {}
                None => {
                    first.insert((kind, key), common);
                }
            }
        }
    }
}

fn terms_of_reference(model: &Model, out: &mut Vec<Diagnostic>) {
    let terms: Vec<_> = model
        .documents()
        .filter(|d| d.kind == DocumentKind::Terms)
        .collect();
    let mut constituted: HashMap<&str, &crate::model::Protocol> = HashMap::new();
    for t in &terms {
        let Some(body) = t.for_body.as_ref().filter(|b| b.is_resolved()) else {
            continue;
        };
        match constituted.get(body.name.as_str()) {
            Some(first) => out.push(
                Diagnostic::new(
                    &PG0903,
                    body.span,
                    format!(
                        "body `{}` has two terms of reference: `{}` and `{}`",
                        body.name, first.common.id, t.common.id
                    ),
                )
                .with_label(
                    first
                        .for_body
                        .as_ref()
                        .map_or(first.common.name_span, |b| b.span),
                    "its other terms of reference",
                )
                .with_help(
                    "remove the old one from the folder, or leave it out with `exclude` in \
                     protogov.toml",
                ),
            ),
            None => {
                constituted.insert(body.name.as_str(), t);
            }
        }
    }
    if terms.is_empty() {
        return;
    }
    let mut reported = BTreeSet::new();
    for p in model
        .documents()
        .filter(|d| d.kind == DocumentKind::Protocol)
    {
        for party in model.expand(&p.parties) {
            let external = party
                .target()
                .and_then(|(_, i)| model.bodies.get(i))
                .is_some_and(|b| b.external);
            if !party.is_resolved()
                || external
                || constituted.contains_key(party.name.as_str())
                || !reported.insert(party.name.to_string())
            {
                continue;
            }
            out.push(
                Diagnostic::new(
                    &PG0904,
                    party.span,
                    format!(
                        "`{}` is a party to protocol `{}` but has no terms of reference in \
                         the set",
                        party.name, p.common.id
                    ),
                )
                .with_primary("no terms of reference in the set is `for` this body")
                .with_help(format!(
                    "add its terms of reference (`terms of reference … {{ for {} }}`) to the \
                     folder, or mark it `external body` if it is governed elsewhere",
                    party.name
                )),
            );
        }
    }
}
