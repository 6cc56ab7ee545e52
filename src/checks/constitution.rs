//! A body's constitution: membership and quorum, chairs and seats, people in post, meetings,
//! groups, parties, approval and version history, and the document's own clause numbers.

use crate::diagnostic::{CodeInfo, Diagnostic, Edit, Fix, Phase, Severity};
use crate::model::{DocumentKind, Model, PartialDate, Ref};
use crate::schedule::Period;
use crate::syntax::ast::{DeclKind, SeatKind};
use jiff::civil::Date;

/// the quorum is larger than the voting seats.
pub static PG0601: CodeInfo = CodeInfo {
    code: "PG0601",
    severity: Severity::Warning,
    phase: Phase::Semantic,
    summary: "the quorum is larger than the voting seats",
    explanation: "\
## What it means
A body's `quorum N members` asks for more members than its counted seats can supply once
the `non-voting` seats are left out.

## Why it matters
A quorum that cannot be met means no meeting of the body can take a decision. Usually a
seat count or the quorum was copied from an older version of the terms of reference.

## Example
```
body cpb \"Corporate Parenting Board\" {
  members 3 \"elected members\"
  members 2 \"foster carers\", co-opted, non-voting
  quorum 4 members
}
```

## Fix
Correct the quorum or the seat counts to what the document says; a quorum is usually a
third or a half of the voting members.",
};

/// the quorum names members the body has no seats for.
pub static PG0602: CodeInfo = CodeInfo {
    code: "PG0602",
    severity: Severity::Warning,
    phase: Phase::Semantic,
    summary: "the quorum names members the body has no seats for",
    explanation: "\
## What it means
`quorum N members including N \"who\"` names a kind of member that none of the body's
`members` lines gives seats to (a plural matches its singular: `\"elected member\"` matches
`members 7 \"elected members\"`), or asks for more of them than there are seats.

## Why it matters
A quorum that requires a member nobody can be is never met, and a name that differs from the
membership list leaves readers unsure who counts.

## Example
```
body cpb \"Corporate Parenting Board\" {
  members 7 \"elected members\"
  quorum 3 members including 1 \"young person\"
}
```

## Fix
Write the kind of member as the `members` line names it, or add the seats the quorum
relies on.",
};

/// two roles chair the same body.
pub static PG0603: CodeInfo = CodeInfo {
    code: "PG0603",
    severity: Severity::Warning,
    phase: Phase::Semantic,
    summary: "two roles chair the same body",
    explanation: "\
## What it means
Two roles each say `chair of` the same body.

## Why it matters
Either one of the lines is a slip (the other role is the vice chair, or chairs another
body), or the body is chaired jointly. A reader, and every output, needs to know which.

## Example
```
role council_lead \"Council lead\" { chair of csp }
role borough_commander \"Borough Commander\" { chair of csp }
```

## Fix
For a body chaired jointly write `co-chair of` on both roles; otherwise correct the line
that is a slip (often `vice chair of`).",
};

/// one role is both chair and vice chair of a body.
pub static PG0604: CodeInfo = CodeInfo {
    code: "PG0604",
    severity: Severity::Warning,
    phase: Phase::Semantic,
    summary: "one role is both chair and vice chair of a body",
    explanation: "\
## What it means
A role says both `chair of` (or `co-chair of`) and `vice chair of` the same body.

## Why it matters
The vice chair stands in when the chair cannot; one person cannot stand in for themselves.
One of the two lines belongs to another role.

## Example
```
role cpb_chair \"Chair\" {
  chair of cpb
  vice chair of cpb
}
```

## Fix
Declare the vice chair as its own role, with `vice chair of` and `stands in for`.",
};

/// a role is an observer on a body it also sits on.
pub static PG0605: CodeInfo = CodeInfo {
    code: "PG0605",
    severity: Severity::Warning,
    phase: Phase::Semantic,
    summary: "a role is an observer on a body it also sits on",
    explanation: "\
## What it means
A role is `observer on` a body and also its chair, vice chair or member.

## Why it matters
An observer takes part without being a member; a member votes. The two seats contradict
each other, and the quorum and the membership count depend on which is meant.

## Example
```
role dcs \"Director of Children's Services\" {
  member of cpb
  observer on cpb
}
```

## Fix
Keep the seat the document gives; if the role attends without a seat, write `attends`.",
};

/// a role attends a body it is a member of.
pub static PG0606: CodeInfo = CodeInfo {
    code: "PG0606",
    severity: Severity::Warning,
    phase: Phase::Semantic,
    summary: "a role attends a body it is a member of",
    explanation: "\
## What it means
A role `attends` a body (is invited to every meeting without being a member) and is also
its member or chair.

## Why it matters
`attends` says the holder is not a member: the two lines cannot both be right, and the
membership count depends on which is.

## Example
```
role lead_member \"Lead Member\" {
  attends cpb
  member of cpb
}
```

## Fix
Keep `member of` (with its class, such as `ex officio`) for a member, `attends` for an
invited attendee.",
};

/// the holders of an office overlap or leave it unfilled.
pub static PG0607: CodeInfo = CodeInfo {
    code: "PG0607",
    severity: Severity::Warning,
    phase: Phase::Semantic,
    summary: "the holders of an office overlap or leave it unfilled",
    explanation: "\
## What it means
A role's `held by` lines give periods that overlap (two people in one office at once) or
leave a gap between one holder's `until` and the next holder's `from`.

## Why it matters
An office such as a chair must be filled; an overlap or a gap is usually a mistyped date,
and the outputs name the wrong person for a meeting in the gap.

## Example
```
role sab_chair \"Independent Chair\" {
  held by \"A. Example\" from 2021-04-01 until 2024-03-31
  held by \"B. Example\" from 2024-06-01
}
```

## Fix
Correct the dates, or name who held the office in between (an interim chair is a
holder too).",
};

/// the office's last holder has left it.
pub static PG0608: CodeInfo = CodeInfo {
    code: "PG0608",
    severity: Severity::Warning,
    phase: Phase::Semantic,
    summary: "the office's last holder has left it",
    explanation: "\
## What it means
The last `held by` line of a role ends (`until DATE`) before today.

## Why it matters
The office is vacant: nobody chairs the body, or nobody holds the post the document relies
on. Either the document is out of date or a new holder is missing.

## Example
```
role cpb_chair \"Chair\" {
  held by \"A. Example\" from 2022-05-01 until 2024-05-01
}
```

## Fix
Add a `held by` line for the present holder, or remove `until` if the holder is still in
post.",
};

/// the meeting cadence gives fewer meetings than the body must hold.
pub static PG0609: CodeInfo = CodeInfo {
    code: "PG0609",
    severity: Severity::Warning,
    phase: Phase::Semantic,
    summary: "the meeting cadence gives fewer meetings than the body must hold",
    explanation: "\
## What it means
A body says `meets at least N times a year` (or `meets N times a year`), and its `meets`
cadence gives a different number of meetings a year (fewer than N for `at least`).

## Why it matters
The count is a duty of the body; the cadence is what the forward plan and the calendar are
built from. When they disagree, one of them is wrong.

## Example
```
body cpb \"Corporate Parenting Board\" {
  meets at least 6 times a year
  meets quarterly
}
```

## Fix
Make the cadence give enough meetings (`meets every 2 months`), or correct the count.",
};

/// a group includes itself.
pub static PG0610: CodeInfo = CodeInfo {
    code: "PG0610",
    severity: Severity::Error,
    phase: Phase::Semantic,
    summary: "a group includes itself",
    explanation: "\
## What it means
A `group` includes itself, directly or through another group it includes.

## Why it matters
A group stands for the bodies it includes; one that includes itself stands for nothing
definite.

## Example
```
group boards \"the Boards\" { includes scp, boards }
```

## Fix
List the bodies the group stands for; a group may include another group, but not itself.",
};

/// the document takes effect before it is approved.
pub static PG0611: CodeInfo = CodeInfo {
    code: "PG0611",
    severity: Severity::Warning,
    phase: Phase::Semantic,
    summary: "the document takes effect before it is approved",
    explanation: "\
## What it means
`effective from` gives a date before the document's approval (the last `agreed by` or
`approved by` line with a date).

## Why it matters
A document cannot bind anyone before it is approved. One of the dates is usually mistyped.

## Example
```
terms of reference tor \"Terms of Reference\" {
  for cpb
  approved by council on 2025-02-20
  effective from 2025-01-01
}
```

## Fix
Correct the date of effect or the date of approval.",
};

/// the version history is out of date order.
pub static PG0612: CodeInfo = CodeInfo {
    code: "PG0612",
    severity: Severity::Warning,
    phase: Phase::Semantic,
    summary: "the version history is out of date order",
    explanation: "\
## What it means
The dated `version` lines are neither newest first nor oldest first.

## Why it matters
The current version is the latest dated one. A history out of order usually hides a
mistyped date, and the wrong version is then cited on the front page.

## Example
```
protocol p \"Protocol\" {
  version \"v3\" on 2025-02-20
  version \"v1\" on 2023-01-10
  version \"v2\" on 2024-11-02
}
```

## Fix
List the versions newest first, and check their dates.",
};

/// a body is its own sub-group or reports to itself.
pub static PG0613: CodeInfo = CodeInfo {
    code: "PG0613",
    severity: Severity::Error,
    phase: Phase::Semantic,
    summary: "a body is its own sub-group or reports to itself",
    explanation: "\
## What it means
A body says `subgroup of` itself, or `reports to` itself.

## Why it matters
A body cannot be part of itself, and a reporting line to oneself is no reporting line:
the name is almost always a slip for the parent body.

## Example
```
body cpb \"Corporate Parenting Board\" { subgroup of cpb }
```

## Fix
Name the body it belongs to, or reports to.",
};

/// an external body is named as a party.
pub static PG0614: CodeInfo = CodeInfo {
    code: "PG0614",
    severity: Severity::Warning,
    phase: Phase::Semantic,
    summary: "an external body is named as a party",
    explanation: "\
## What it means
The protocol's `between` line names a body declared `external body`.

## Why it matters
`external` says the body is outside the protocol: it has not signed it. A party is inside
by definition, so one of the two is wrong.

## Example
```
protocol p \"Protocol\" { between cpb and council }
external body council \"Council\"
```

## Fix
Declare the body without `external` if it is a party, or take it out of `between`.",
};

/// a party is named twice.
pub static PG0615: CodeInfo = CodeInfo {
    code: "PG0615",
    severity: Severity::Warning,
    phase: Phase::Semantic,
    summary: "a party is named twice",
    explanation: "\
## What it means
The same body is a party twice: named twice in `between`, or named and also included in a
group that is a party.

## Why it matters
A protocol's parties are a set; a repeated name is usually a slip for another body.

## Example
```
protocol p \"Protocol\" { between cpb, scp and cpb }
```

## Fix
Name each party once; check whether another body was meant.",
};

/// two different clauses have the same number.
pub static PG0616: CodeInfo = CodeInfo {
    code: "PG0616",
    severity: Severity::Warning,
    phase: Phase::Semantic,
    summary: "two different clauses have the same number",
    explanation: "\
## What it means
Two `prose` clauses have the same number but different words.

## Why it matters
Readers cite clauses by number. Documents do number two clauses alike (the Isle of Wight
protocol has two clauses 5.2), and every citation of that number is then ambiguous.

## Example
```
prose 5.2 \"If there are any areas of significant concern …\"
prose 5.2 \"The boards should undertake to review …\"
```

## Fix
Keep the document's numbers as written and say which is which in a note, or renumber
(`5.1` and `5.2`) when the document itself is corrected.",
};

/// a version has no label.
pub static PG0617: CodeInfo = CodeInfo {
    code: "PG0617",
    severity: Severity::Warning,
    phase: Phase::Semantic,
    summary: "a version has no label",
    explanation: "\
## What it means
A `version` line's label is blank: `version \"\"`.

## Why it matters
The label is what the front page, the diff and the calendar cite; a blank one is usually
a template field left unfilled.

## Example
```
protocol p \"Protocol\" { version \"\" on 2025-02-20 }
```

## Fix
Write the version as the document gives it (`version \"3.1\" on 2025-02-20`), or remove the
line.",
};

/// a terms of reference names no body.
pub static PG0618: CodeInfo = CodeInfo {
    code: "PG0618",
    severity: Severity::Warning,
    phase: Phase::Semantic,
    summary: "a terms of reference names no body",
    explanation: "\
## What it means
A `terms of reference` has no `for BODY` line.

## Why it matters
Terms of reference constitute one body: its membership, quorum, chair and meetings. Without
`for`, nothing says which of the file's bodies they constitute.

## Example
```
terms of reference tor \"Corporate Parenting Board: Terms of Reference\" {
  effective from 2025-04-01
}
```

## Fix
Add `for BODY`, naming the body the terms of reference set up.",
};

/// Every code of this module.
pub static CODES: &[&CodeInfo] = &[
    &PG0601, &PG0602, &PG0603, &PG0604, &PG0605, &PG0606, &PG0607, &PG0608, &PG0609, &PG0610,
    &PG0611, &PG0612, &PG0613, &PG0614, &PG0615, &PG0616, &PG0617, &PG0618,
];

/// Run the constitution checks; `today` decides which offices are vacant.
pub fn check(model: &Model, today: Date) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    membership(model, &mut out);
    seats(model, &mut out);
    holders(model, today, &mut out);
    groups(model, &mut out);
    document(model, &mut out);
    bodies(model, &mut out);
    clauses(model, &mut out);
    out
}

/// `elected members` and `elected member` name the same kind of member.
fn singular(who: &str) -> String {
    let w = who.trim().to_lowercase();
    match w.strip_suffix('s') {
        Some(s) if !s.ends_with('s') => s.to_string(),
        _ => w,
    }
}

fn membership(model: &Model, out: &mut Vec<Diagnostic>) {
    for b in &model.bodies {
        let Some(q) = &b.quorum else { continue };
        if let Some(voting) = b.voting_seats() {
            if q.count > voting {
                let non_voting = b.seats.iter().any(|s| !s.voting());
                let mut d = Diagnostic::new(
                    &PG0601,
                    q.span,
                    format!(
                        "the quorum of `{}` is {} members, but it has {voting} voting seats",
                        b.common.id, q.count
                    ),
                )
                .with_primary(format!("{} members", q.count))
                .with_help("correct the quorum or the seat counts to what the document says");
                for s in &b.seats {
                    let what = if s.voting() { "voting" } else { "non-voting" };
                    d = d.with_label(s.span, format!("{} {what}", s.count));
                }
                if non_voting {
                    d = d.with_note("non-voting seats do not count towards a quorum");
                }
                out.push(d);
            }
        }
        if b.seats.is_empty() && b.members.is_empty() {
            continue;
        }
        for (n, who, span) in &q.including {
            let key = singular(who);
            let seats: Vec<_> = b.seats.iter().filter(|s| singular(&s.who) == key).collect();
            let described = b.members.iter().any(|m| singular(m) == key);
            if seats.is_empty() && !described {
                let known: Vec<String> = b
                    .seats
                    .iter()
                    .map(|s| format!("\"{}\"", s.who))
                    .chain(b.members.iter().map(|m| format!("\"{m}\"")))
                    .collect();
                out.push(
                    Diagnostic::new(
                        &PG0602,
                        *span,
                        format!("`{}` has no seats for \"{who}\"", b.common.id),
                    )
                    .with_primary("not a kind of member the body's `members` lines name")
                    .with_help(format!(
                        "write one of the body's kinds of member: {}",
                        known.join(", ")
                    )),
                );
            } else {
                let total: u32 = seats.iter().fold(0u32, |t, s| t.saturating_add(s.count));
                if !seats.is_empty() && *n > total {
                    out.push(
                        Diagnostic::new(
                            &PG0602,
                            *span,
                            format!(
                                "the quorum of `{}` needs {n} \"{who}\", but it has {total} such seats",
                                b.common.id
                            ),
                        )
                        .with_primary(format!("{n} needed"))
                        .with_help("correct the quorum or the seat count"),
                    );
                }
            }
        }
    }
}

/// The body a seat is on, when it resolves to a body.
fn body_of(r: &Ref) -> Option<usize> {
    match r.target() {
        Some((DeclKind::Body, i)) if r.is_resolved() => Some(i),
        _ => None,
    }
}

fn seats(model: &Model, out: &mut Vec<Diagnostic>) {
    // Chairs (not co-chairs) of each body: (role index, seat).
    let mut chairs: Vec<Vec<(usize, &crate::model::Seat)>> = vec![Vec::new(); model.bodies.len()];
    for (ri, role) in model.roles.iter().enumerate() {
        for s in &role.seats {
            let Some(b) = body_of(&s.body) else { continue };
            if s.seat == SeatKind::Chair {
                if let Some(c) = chairs.get_mut(b) {
                    c.push((ri, s));
                }
            }
            let other = |kinds: &[SeatKind]| {
                role.seats
                    .iter()
                    .find(|o| kinds.contains(&o.seat) && body_of(&o.body) == Some(b))
            };
            if s.seat == SeatKind::ViceChair {
                if let Some(c) = other(&[SeatKind::Chair, SeatKind::CoChair]) {
                    out.push(
                        Diagnostic::new(
                            &PG0604,
                            s.span,
                            format!(
                                "`{}` is both chair and vice chair of `{}`",
                                role.common.id, s.body.name
                            ),
                        )
                        .with_primary("vice chair")
                        .with_label(c.span, "chair")
                        .with_help(
                            "declare the vice chair as a role of its own, with `stands in for`",
                        ),
                    );
                }
            }
            // An observer or an invited attendee is no member: a seat beside it contradicts it.
            let not_member = match s.seat {
                SeatKind::Observer => Some((
                    &PG0605,
                    "observes",
                    "observer",
                    "keep the seat the document gives; an invited non-member `attends`",
                )),
                SeatKind::Attends => Some((
                    &PG0606,
                    "attends",
                    "attends: invited, not a member",
                    "keep `member of` for a member, `attends` for an invited attendee",
                )),
                _ => None,
            };
            let seated = [
                SeatKind::Chair,
                SeatKind::CoChair,
                SeatKind::ViceChair,
                SeatKind::Member,
            ];
            if let (Some((code, verb, primary, help)), Some(c)) = (not_member, other(&seated)) {
                out.push(
                    Diagnostic::new(
                        code,
                        s.span,
                        format!(
                            "`{}` {verb} `{}` and is also its {}",
                            role.common.id,
                            s.body.name,
                            c.seat.words()
                        ),
                    )
                    .with_primary(primary)
                    .with_label(c.span, c.seat.words())
                    .with_help(help),
                );
            }
        }
    }
    for (b, list) in chairs.iter().enumerate() {
        let mut roles: Vec<usize> = list.iter().map(|(r, _)| *r).collect();
        roles.dedup();
        if roles.len() < 2 {
            continue;
        }
        let body = model.bodies.get(b).map_or("", |x| x.common.id.as_str());
        let (first_role, first) = list[0];
        for &(ri, s) in list.iter().skip(1).filter(|(r, _)| *r != first_role) {
            let name = model.roles.get(ri).map_or("", |r| r.common.id.as_str());
            let first_name = model
                .roles
                .get(first_role)
                .map_or("", |r| r.common.id.as_str());
            let word = |at: &crate::model::Seat| {
                crate::source::Span::new(at.span.start, at.span.start + "chair".len())
            };
            let co_chairs = Fix {
                label: format!("make `{first_name}` and `{name}` co-chairs of `{body}`"),
                edits: vec![
                    Edit {
                        span: word(first),
                        text: "co-chair".to_string(),
                    },
                    Edit {
                        span: word(s),
                        text: "co-chair".to_string(),
                    },
                ],
                safe: false,
            };
            let vice = Fix::replace(word(s), "chair", "vice chair", false);
            out.push(
                Diagnostic::new(
                    &PG0603,
                    s.span,
                    format!("`{name}` and `{first_name}` both chair `{body}`"),
                )
                .with_primary("second chair")
                .with_label(first.span, "first chair")
                .with_help(format!(
                    "if `{body}` is chaired jointly, write `co-chair of {body}` on both roles; otherwise correct the slip (often `vice chair of`)"
                ))
                .with_fixes([co_chairs, vice]),
            );
        }
    }
}

fn holders(model: &Model, today: Date, out: &mut Vec<Diagnostic>) {
    for role in &model.roles {
        let hs = &role.holders;
        for pair in hs.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            let (Some(until), Some(from)) = (
                a.until.as_ref().and_then(PartialDate::end),
                b.from.as_ref().and_then(PartialDate::start),
            ) else {
                continue;
            };
            let next = until.tomorrow().ok();
            if from <= until {
                out.push(
                    Diagnostic::new(
                        &PG0607,
                        b.span,
                        format!(
                            "{} takes up `{}` on {from}, while {} holds it until {until}",
                            b.name, role.common.id, a.name
                        ),
                    )
                    .with_primary("starts before the previous holder leaves")
                    .with_label(a.span, "previous holder")
                    .with_help("correct the dates: one office has one holder at a time"),
                );
            } else if next.is_some_and(|n| from > n) {
                out.push(
                    Diagnostic::new(
                        &PG0607,
                        b.span,
                        format!(
                            "`{}` is unfilled from {} to {}",
                            role.common.id,
                            next.map(|n| n.to_string()).unwrap_or_default(),
                            from.yesterday().map(|y| y.to_string()).unwrap_or_default()
                        ),
                    )
                    .with_primary("starts after a gap")
                    .with_label(a.span, "previous holder leaves")
                    .with_help("correct the dates, or name who held the office in between"),
                );
            }
        }
        if let Some(last) = hs.last() {
            if let Some(until) = last.until.as_ref().and_then(PartialDate::end) {
                if until < today {
                    out.push(
                        Diagnostic::new(
                            &PG0608,
                            last.span,
                            format!(
                                "`{}` is vacant: {} held it until {until}",
                                role.common.id, last.name
                            ),
                        )
                        .with_primary("the last holder")
                        .with_help("add `held by \"…\" from DATE` for the present holder, or remove `until`"),
                    );
                }
            }
        }
    }
}

fn groups(model: &Model, out: &mut Vec<Diagnostic>) {
    for (gi, g) in model.groups.iter().enumerate() {
        // Walk the groups it includes; reaching `gi` again is a cycle.
        let mut stack: Vec<&Ref> = g.includes.iter().collect();
        let mut seen = vec![false; model.groups.len()];
        let mut found = None;
        while let Some(r) = stack.pop() {
            if let Some((DeclKind::Group, i)) = r.target() {
                if i == gi {
                    found = Some(r);
                    break;
                }
                if seen.get(i).copied().unwrap_or(true) {
                    continue;
                }
                seen[i] = true;
                if let Some(inner) = model.groups.get(i) {
                    stack.extend(inner.includes.iter());
                }
            }
        }
        if let Some(r) = found {
            let direct = g.includes.iter().any(|x| x.span == r.span);
            let how = if direct {
                "includes itself".to_string()
            } else {
                format!("includes itself through `{}`", r.context.owner)
            };
            out.push(
                Diagnostic::new(
                    &PG0610,
                    g.common.name_span,
                    format!("group `{}` {how}", g.common.id),
                )
                .with_primary("this group")
                .with_label(r.span, "includes it again")
                .with_help("list the bodies the group stands for"),
            );
        }
    }
}

fn document(model: &Model, out: &mut Vec<Diagnostic>) {
    for p in model.documents() {
        one_document(model, p, out);
    }
}

fn one_document(model: &Model, p: &crate::model::Protocol, out: &mut Vec<Diagnostic>) {
    if p.kind == DocumentKind::Terms && p.for_body.is_none() {
        out.push(
            Diagnostic::new(
                &PG0618,
                p.common.name_span,
                format!("terms of reference `{}` name no body", p.common.id),
            )
            .with_primary("no `for BODY` line")
            .with_help("add `for BODY`, naming the body the terms of reference set up"),
        );
    }
    // The date of effect against the latest approval.
    let approval = p
        .agreed
        .iter()
        .filter(|a| !a.in_principle)
        .filter_map(|a| Some((a.on.as_ref()?.start()?, a)))
        .max_by_key(|(d, _)| *d);
    if let (Some(eff), Some((approved, a))) = (&p.effective_from, approval) {
        if eff.end().is_some_and(|e| e < approved) {
            out.push(
                Diagnostic::new(
                    &PG0611,
                    p.effective_span.unwrap_or(eff.span),
                    format!(
                        "the document takes effect on {eff}, before it is approved on {approved}"
                    ),
                )
                .with_primary("effective before approval")
                .with_label(a.span, "approved here")
                .with_help("correct the date of effect or the date of approval"),
            );
        }
    }
    // The version history: blank labels, and dates out of order.
    for v in &p.versions {
        if v.label.trim().is_empty() {
            out.push(
                Diagnostic::new(&PG0617, v.span, "this version has no label")
                    .with_primary("blank label")
                    .with_help("write the version as the document gives it, or remove the line"),
            );
        }
    }
    let dated: Vec<(Date, &crate::model::Version)> = p
        .versions
        .iter()
        .filter_map(|v| Some((v.on.as_ref()?.start()?, v)))
        .collect();
    let descending = dated.windows(2).all(|w| w[0].0 >= w[1].0);
    let ascending = dated.windows(2).all(|w| w[0].0 <= w[1].0);
    if !descending && !ascending {
        // The first entry that breaks the order the first two set.
        let down = dated
            .first()
            .zip(dated.get(1))
            .is_none_or(|(a, b)| a.0 >= b.0);
        if let Some(w) = dated.windows(2).find(|w| {
            if down {
                w[0].0 < w[1].0
            } else {
                w[0].0 > w[1].0
            }
        }) {
            out.push(
                Diagnostic::new(
                    &PG0612,
                    w[1].1.span,
                    format!(
                        "version \"{}\" ({}) is out of order after \"{}\" ({})",
                        w[1].1.label, w[1].0, w[0].1.label, w[0].0
                    ),
                )
                .with_primary("out of date order")
                .with_label(w[0].1.span, "the entry before it")
                .with_help("list the versions newest first, and check their dates"),
            );
        }
    }
    // Parties: external bodies and repeated names.
    // Each party's first mention, by the declaration it names.
    let mut seen: std::collections::HashMap<(DeclKind, usize), &Ref> =
        std::collections::HashMap::new();
    for r in model.expand(&p.parties) {
        if let Some(b) = body_of(r).and_then(|i| model.bodies.get(i)) {
            if b.external {
                out.push(
                    Diagnostic::new(
                        &PG0614,
                        r.span,
                        format!("`{}` is declared `external body` but named as a party", r.name),
                    )
                    .with_primary("a party")
                    .with_label(b.common.name_span, "declared external here")
                    .with_help("declare it without `external` if it is a party, or take it out of `between`"),
                );
            }
        }
        let first = match r.target().filter(|_| r.is_resolved()) {
            Some(t) => seen.get(&t).copied(),
            None => None,
        };
        if let Some(first) = first {
            let via = if r.context.what == crate::model::Use::MemberOfGroup {
                format!(
                    ", the second time as a member of group `{}`",
                    r.context.owner
                )
            } else {
                String::new()
            };
            out.push(
                Diagnostic::new(
                    &PG0615,
                    r.span,
                    format!("`{}` is named as a party twice{via}", r.name),
                )
                .with_primary("again")
                .with_label(first.span, "first named here")
                .with_help("name each party once; check whether another body was meant"),
            );
        } else if let Some(t) = r.target().filter(|_| r.is_resolved()) {
            seen.insert(t, r);
        }
    }
}

fn bodies(model: &Model, out: &mut Vec<Diagnostic>) {
    for (i, b) in model.bodies.iter().enumerate() {
        let own = |r: &&Ref| body_of(r) == Some(i);
        if let Some(r) = b.subgroup_of.as_ref().filter(own) {
            out.push(
                Diagnostic::new(
                    &PG0613,
                    r.span,
                    format!("`{}` is a sub-group of itself", b.common.id),
                )
                .with_primary("itself")
                .with_help("name the body it is a sub-group of"),
            );
        }
        for r in b.reports_to.iter().filter(own) {
            out.push(
                Diagnostic::new(
                    &PG0613,
                    r.span,
                    format!("`{}` reports to itself", b.common.id),
                )
                .with_primary("itself")
                .with_help("name the body it reports to"),
            );
        }
        // The meeting count against the cadence.
        // A body that dates its meetings is counted against the dates
        // (`checks::meetings`).
        let (Some(m), Some(c), true) = (&b.meetings_per_year, &b.meets, b.calendar.is_empty())
        else {
            continue;
        };
        let per_year = match c.period {
            Some(Period::Months(n)) if n > 0 => 12 / n,
            Some(Period::Days(n)) if n > 0 => 365 / n,
            _ => continue,
        };
        let short = if m.at_least {
            per_year < m.n
        } else {
            per_year != m.n
        };
        if short {
            let need = if m.at_least { "at least " } else { "" };
            out.push(
                Diagnostic::new(
                    &PG0609,
                    c.span,
                    format!(
                        "`{}` meets {} ({per_year} meetings a year), but must meet {need}{} times a year",
                        b.common.id, c.text, m.n
                    ),
                )
                .with_primary(format!("{per_year} a year"))
                .with_label(m.span, format!("{need}{} a year", m.n))
                .with_help("make the cadence give enough meetings, or correct the count"),
            );
        }
    }
}

fn clauses(model: &Model, out: &mut Vec<Diagnostic>) {
    // The first clause of each number, so a long document is read once.
    // In a set, each document numbers its own clauses.
    let mut first_of: std::collections::HashMap<(usize, &str), &crate::model::ProseClause> =
        std::collections::HashMap::new();
    for p in &model.prose {
        let q = *first_of
            .entry((model.file_of(p.clause_span), p.clause.as_str()))
            .or_insert(p);
        if q.text != p.text {
            out.push(
                Diagnostic::new(
                    &PG0616,
                    p.clause_span,
                    format!("two different clauses are numbered {}", p.clause),
                )
                .with_primary("second clause with this number")
                .with_label(q.clause_span, "first")
                .with_help(
                    "keep the document's numbers and say which is which in a note, or renumber",
                ),
            );
        }
    }
}
