//! Meetings: the meeting calendar as written (times, dates without a day, bank holidays,
//! cancellations of nothing, the count a year), and duties against the meetings they
//! reach (late, beyond a deadline, out of order).

use crate::diagnostic::{CodeInfo, Diagnostic, Fix, Phase, Severity};
use crate::meetings::{self, Meeting};
use crate::model::Timing;
use crate::model::{Body, Duty, Model};
use crate::syntax::ast::{DeclKind, OrderDir};
use jiff::civil::Date;

/// A time of day that is not one.
pub static PG1001: CodeInfo = CodeInfo {
    code: "PG1001",
    severity: Severity::Error,
    phase: Phase::Semantic,
    summary: "a meeting time that is not a time of day",
    explanation: "\
## What it means
A meeting's time (`at 14:00`, `at 2pm`) names an hour or a minute the clock does not have:
`25:00`, `14:75`, `13pm`.

## Why it matters
The calendar gives the meeting a start time; a time that does not exist cannot be given,
and the meeting would show at a time nobody chose.

## Example
```
body cpb \"Corporate Parenting Board\" {
  meetings 2026-01-13 at 25:00
}
```

## Fix
```
body cpb \"Corporate Parenting Board\" {
  meetings 2026-01-13 at 14:00
}
```",
};

/// A meeting on a bank holiday.
pub static PG1002: CodeInfo = CodeInfo {
    code: "PG1002",
    severity: Severity::Warning,
    phase: Phase::Semantic,
    summary: "a meeting falls on a bank holiday",
    explanation: "\
## What it means
One of the body's meetings, agreed or given by its rule, falls on a bank holiday of the
document's region (England and Wales unless it says `holidays scotland` or `holidays
northern ireland`).

## Why it matters
Offices are closed and members are away: a meeting on a bank holiday is usually a slip in
the calendar, found when nobody comes.

## Example
```
body cpb \"Corporate Parenting Board\" {
  meetings 2026-05-25
}
```
25 May 2026 is the Spring bank holiday.

## Fix
Move the meeting to a working day (`meetings 2026-05-26`), or cancel it and add an extra
meeting (`cancelled 2026-05-25`, `extra meeting 2026-05-27`) when a rule gives the date.",
};

/// A cancellation of a day with no meeting.
pub static PG1003: CodeInfo = CodeInfo {
    code: "PG1003",
    severity: Severity::Warning,
    phase: Phase::Semantic,
    summary: "a cancelled meeting is not one of the body's meetings",
    explanation: "\
## What it means
A `cancelled DATE` line names a day on which the body has no meeting: neither its rule nor
its agreed dates give one.

## Why it matters
The meeting meant to be cancelled still stands in the calendar and the forward plan,
usually because the date was mistyped.

## Example
```
body cpb \"Corporate Parenting Board\" {
  meets on the second tuesday of january, april, july and october
  cancelled 2026-04-15
}
```
The April meeting is on Tuesday 14 April.

## Fix
```
  cancelled 2026-04-14
```",
};

/// A meeting date without its day.
pub static PG1004: CodeInfo = CodeInfo {
    code: "PG1004",
    severity: Severity::Error,
    phase: Phase::Semantic,
    summary: "a meeting date without its day",
    explanation: "\
## What it means
A `meetings`, `extra meeting` or `cancelled` line gives a month or a year (`2026-03`), not
a day, or a day without its year (`10 March`).

## Why it matters
A meeting is held on a day: without it, the calendar cannot show the meeting and no item
can be placed on it.

## Example
```
body cpb \"Corporate Parenting Board\" {
  meetings 2026-03
}
```

## Fix
```
body cpb \"Corporate Parenting Board\" {
  meetings 2026-03-10
}
```
For meetings known only by month, say so with a cadence: `meets quarterly in march, june,
september and december`.",
};

/// An item due when the body does not meet.
pub static PG1005: CodeInfo = CodeInfo {
    code: "PG1005",
    severity: Severity::Warning,
    phase: Phase::Semantic,
    summary: "a duty is due to a body in a month it does not meet, so it reaches the body late",
    explanation: "\
## What it means
A duty delivers to a body, and falls due in a month (`in june`, `by 30 june`) in which the
body has no meeting on or before the due date. It reaches the body at its next meeting,
after the due date. The body's meetings come from its `meets`, `meetings`, `cancelled` and
`extra meeting` lines, in whichever document of a set declares them.

## Why it matters
A report is received when it is presented at a meeting. A due date with no meeting to take
it is a date nobody can meet: the item waits, and the forward plan shows it late every
year.

## Example
```
body cpb \"Corporate Parenting Board\" {
  meets on the second tuesday of january, april, july and october
}
duty annual_report \"The Partnership's annual report goes to the Board\" {
  scp presents scp_annual_report to cpb
  yearly by 30 june
}
```
The Board does not meet in June: the report reaches it on 14 July, 14 days late.

## Fix
Move the duty to a month the body meets (`yearly in july`), or add a meeting
(`extra meeting 2027-06-22`). The fix offered names the month of the meeting the item
reaches.",
};

/// A deadline no meeting meets.
pub static PG1006: CodeInfo = CodeInfo {
    code: "PG1006",
    severity: Severity::Warning,
    phase: Phase::Semantic,
    summary: "a deadline that the body's meetings cannot meet",
    explanation: "\
## What it means
A duty set off by an event, or by each meeting of another body, must reach a body within a
limit (`within 28 days`), but the body's meetings are further apart than the limit: an item
that arrives just after one meeting waits for the next, past its deadline.

## Why it matters
The protocol promises something the calendar cannot deliver: the body sees the item only
at a meeting, after the time the document allows.

## Example
```
body cpb \"Corporate Parenting Board\" {
  meets on the second tuesday of january, april, july and october
}
duty audit_findings \"Audit findings go to the Board\" {
  scp reports audit_findings to cpb
  when audit_completed
  within 28 days
}
```
The Board's meetings are about 13 weeks apart.

## Fix
Give a limit the meetings can meet (`within 3 months`), say how the body receives items
between meetings, or make it meet more often.",
};

/// An ordering the meetings break.
pub static PG1007: CodeInfo = CodeInfo {
    code: "PG1007",
    severity: Severity::Warning,
    phase: Phase::Semantic,
    summary: "the meetings reverse an ordering the due dates keep",
    explanation: "\
## What it means
A duty must come `before` another, and its due date does, but the meetings they reach
reverse them: the first reaches its body only after the second has been presented.

## Why it matters
Orderings exist so that one report can use another. If the first report is presented
after the second, the second is written without it, whatever the due dates say.

## Example
```
body cpb \"Corporate Parenting Board\" { meetings 2027-03-03, 2027-06-02 and 2027-09-08 }
body scp \"Partnership\" { meetings 2027-03-10, 2027-06-09 and 2027-09-15 }
duty cpb_report { cpb submits cpb_annual to scp; yearly by 10 june; before scp_report }
duty scp_report { scp submits scp_annual to cpb; yearly by 30 june }
```
The Board's report is due first, but the Partnership sees it on 9 June, a week after its own
report was presented to the Board on 2 June.

## Fix
Move the earlier duty to a month before the later one's meeting, or add a meeting.",
};

/// The codes of this family.
pub static CODES: &[&CodeInfo] = &[
    &PG1001, &PG1002, &PG1003, &PG1004, &PG1005, &PG1006, &PG1007,
];

/// Run the meeting checks.
pub fn check(model: &Model, today: Date) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let until = today
        .checked_add(jiff::Span::new().years(1))
        .unwrap_or(today);
    for b in &model.bodies {
        calendar(model, b, today, until, &mut out);
    }
    // Each body's meetings over the coming year and a year beyond (a late item lands
    // after the period), computed once.
    let beyond = until
        .checked_add(jiff::Span::new().years(1))
        .unwrap_or(until);
    let early = today
        .checked_sub(jiff::Span::new().months(3))
        .unwrap_or(today);
    let calendars: Vec<Option<Vec<Meeting>>> = model
        .bodies
        .iter()
        .map(|b| meetings::has_calendar(b).then(|| meetings::of_body(b, early, beyond)))
        .collect();
    for d in model.duties.iter().filter(|d| !d.incomplete) {
        late_items(model, d, &calendars, today, until, &mut out);
    }
    ordering(model, &calendars, today, until, &mut out);
    out
}

/// The calendar as written: times, days, bank holidays, cancellations, the count a year.
fn calendar(model: &Model, b: &Body, today: Date, until: Date, out: &mut Vec<Diagnostic>) {
    let cal = &b.calendar;
    let id = &b.common.id;
    let clocks = cal
        .rule
        .as_ref()
        .and_then(|r| r.time.as_ref())
        .into_iter()
        .chain(cal.time.as_ref())
        .chain(
            cal.dates
                .iter()
                .chain(&cal.extra)
                .filter_map(|d| d.time.as_ref()),
        );
    for c in clocks {
        if meetings::time_of(c).is_none() {
            out.push(
                Diagnostic::new(&PG1001, c.span, "this is not a time of day")
                    .with_primary("no such time")
                    .with_help("write the time on a 24-hour clock, as `14:00`, or as `2pm`"),
            );
        }
    }
    let days = cal.dates.iter().chain(&cal.extra).map(|d| &d.date);
    for d in days.chain(&cal.cancelled) {
        if d.is_valid() && (d.day.is_none() || d.year.is_none()) {
            out.push(
                Diagnostic::new(
                    &PG1004,
                    d.span,
                    format!("a meeting of `{id}` is dated {d}, without its day"),
                )
                .with_primary("a day is needed")
                .with_help(
                    "give the day in full, as `2026-03-10`; for meetings known only by \
                     month, use `meets quarterly in march, june, september and december`",
                ),
            );
        }
    }
    let region = meetings::region(model, b);
    // Agreed dates in any year (all of them at once: a long list is read once); a rule's
    // in the coming year.
    let agreed: Vec<Date> = cal
        .dates
        .iter()
        .chain(&cal.extra)
        .filter(|d| d.date.day.is_some())
        .filter_map(|d| d.date.start())
        .collect();
    let mut seen: Vec<Meeting> = match (agreed.iter().min(), agreed.iter().max()) {
        (Some(first), Some(last)) => meetings::of_body(b, *first, *last)
            .into_iter()
            .filter(|m| m.source != meetings::Source::Rule)
            .collect(),
        _ => Vec::new(),
    };
    if cal.rule.is_some() {
        seen.extend(meetings::of_body(b, today, until));
    }
    seen.sort_by_key(|m| m.date);
    seen.dedup_by_key(|m| m.date);
    for m in seen.iter().filter(|m| m.day_known) {
        if let Some(h) = crate::holidays::holiday_on(region, m.date) {
            let span = m.span;
            out.push(
                Diagnostic::new(
                    &PG1002,
                    span,
                    format!(
                        "`{id}` meets on {}, the {}",
                        meetings::Meeting { time: None, ..*m }.words(),
                        h.name
                    ),
                )
                .with_primary("a bank holiday")
                .with_help(if m.source == meetings::Source::Rule {
                    format!(
                        "add `cancelled {}` and an `extra meeting` on a working day",
                        m.date
                    )
                } else {
                    "move the meeting to a working day".to_string()
                }),
            );
        }
    }
    // The meetings there would be without the cancellations, over the days cancelled.
    let cancelled: Vec<Date> = cal
        .cancelled
        .iter()
        .filter(|c| c.day.is_some())
        .filter_map(|c| c.start())
        .collect();
    let held: std::collections::HashSet<Date> =
        match (cancelled.iter().min(), cancelled.iter().max()) {
            (Some(first), Some(last)) => {
                let mut uncancelled = b.clone();
                uncancelled.calendar.cancelled.clear();
                meetings::of_body(&uncancelled, *first, *last)
                    .into_iter()
                    .filter(|m| m.day_known)
                    .map(|m| m.date)
                    .collect()
            }
            _ => std::collections::HashSet::new(),
        };
    for c in &cal.cancelled {
        let (Some(date), Some(_)) = (c.start(), c.day) else {
            continue;
        };
        if !held.contains(&date) {
            out.push(
                Diagnostic::new(
                    &PG1003,
                    c.span,
                    format!(
                        "`{id}` has no meeting on {} {} {} {} to cancel",
                        meetings::weekday_name(date),
                        date.day(),
                        meetings::month_title(date.month()),
                        date.year()
                    ),
                )
                .with_primary("no meeting on this day")
                .with_help("check the date against the body's `meets` or `meetings` lines"),
            );
        }
    }
    // The count a year, against the dates when the body gives them.
    if let Some(need) = &b.meetings_per_year {
        if !cal.is_empty() {
            let first = cal
                .dates
                .iter()
                .filter(|d| d.date.day.is_some())
                .filter_map(|d| d.date.start())
                .min()
                .unwrap_or(today);
            let end = first
                .checked_add(jiff::Span::new().years(1))
                .and_then(|d| d.yesterday())
                .unwrap_or(first);
            let n = meetings::of_body(b, first, end).len();
            let n32 = u32::try_from(n).unwrap_or(u32::MAX);
            let short = if need.at_least {
                n32 < need.n
            } else {
                n32 != need.n
            };
            if short {
                let least = if need.at_least { "at least " } else { "" };
                let span = cal
                    .rule_span
                    .or_else(|| cal.dates.first().map(|d| d.date.span))
                    .unwrap_or(need.span);
                out.push(
                    Diagnostic::new(
                        &crate::checks::constitution::PG0609,
                        span,
                        format!(
                            "`{id}` has {n} meetings in the year from {} {} {}, but must meet {least}{} times a year",
                            first.day(),
                            meetings::month_title(first.month()),
                            first.year(),
                            need.n
                        ),
                    )
                    .with_primary(format!("{n} meetings in that year"))
                    .with_label(need.span, format!("{least}{} a year", need.n))
                    .with_help("add the missing meetings, or correct the count"),
                );
            }
        }
    }
}

/// The month names of an anchor moved by `shift` months, as `in MONTHS`.
fn shifted_months(months: &[i8], shift: i8) -> String {
    let mut ms: Vec<i8> = months
        .iter()
        .map(|m| (m - 1 + shift).rem_euclid(12) + 1)
        .collect();
    ms.sort_unstable();
    ms.dedup();
    let names: Vec<&str> = ms
        .iter()
        .filter_map(|m| crate::syntax::vocab::MONTHS.get(usize::try_from(m - 1).ok()?))
        .copied()
        .collect();
    let list = match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => names.join(""),
    };
    format!("in {list}")
}

/// Duties that reach a body after they fall due (PG1005), or past a deadline no meeting
/// meets (PG1006).
fn late_items(
    model: &Model,
    d: &Duty,
    calendars: &[Option<Vec<Meeting>>],
    today: Date,
    until: Date,
    out: &mut Vec<Diagnostic>,
) {
    let timing = d.timing();
    for bi in meetings::recipient_bodies(model, d) {
        let (Some(Some(cal)), Some(body)) = (calendars.get(bi), model.bodies.get(bi)) else {
            continue;
        };
        if cal.is_empty() {
            continue;
        }
        let bid = &body.common.id;
        match timing {
            Timing::Dated => {
                let landings = meetings::landings(model, d, bi, cal, today, until);
                let late: Vec<_> = landings.iter().filter(|l| l.late).collect();
                let Some(first) = late.first() else {
                    continue;
                };
                let Some(m) = first.meeting else {
                    continue;
                };
                let Some(c) = &d.cadence else {
                    continue;
                };
                let reaches = match first.days_late() {
                    Some(n) => format!(
                        "it reaches `{bid}` on {} {} {}, {n} day{} late",
                        m.date.day(),
                        meetings::month_title(m.date.month()),
                        m.date.year(),
                        if n == 1 { "" } else { "s" }
                    ),
                    None => format!(
                        "it reaches `{bid}` at its meeting in {} {}",
                        meetings::month_title(m.date.month()),
                        m.date.year()
                    ),
                };
                let due = first.due;
                // Across the documents of a set, the body's meetings are another
                // document's word: PG0905.
                let code = if model.file_of(c.span) == model.file_of(m.span) {
                    &PG1005
                } else {
                    &crate::checks::set::PG0905
                };
                let mut diag = Diagnostic::new(
                    code,
                    c.anchor_span.unwrap_or(c.span),
                    format!(
                        "`{}` is due to `{bid}` on {} {} {}, but `{bid}` has no meeting in {} by then: {reaches}",
                        d.common.id,
                        due.day(),
                        meetings::month_title(due.month()),
                        due.year(),
                        meetings::month_title(due.month()),
                    ),
                )
                .with_primary(format!("no meeting of `{bid}` by this date"))
                .with_label(m.span, format!("`{bid}`'s next meeting comes from here"));
                if late.len() > 1 {
                    diag = diag.with_note(format!(
                        "{} of its {} due dates in the coming year reach `{bid}` late",
                        late.len(),
                        landings.len()
                    ));
                }
                // The fix: the anchor's months moved to the month of the meeting reached.
                let shift = i8::try_from(
                    (i32::from(m.date.month()) - i32::from(due.month())).rem_euclid(12),
                )
                .unwrap_or(0);
                let months = anchor_months(d);
                // Offered only when the body meets in every month it proposes.
                let met: std::collections::BTreeSet<i8> = cal
                    .iter()
                    .filter(|x| x.date >= today && x.date <= until)
                    .map(|x| x.date.month())
                    .collect();
                let moved: Vec<i8> = months
                    .iter()
                    .map(|m| (m - 1 + shift).rem_euclid(12) + 1)
                    .collect();
                let all_met = moved.iter().all(|m| met.contains(m));
                if let (Some(span), false, false, true) =
                    (c.anchor_span, months.is_empty(), c.start.is_some(), all_met)
                {
                    let text = shifted_months(&months, shift);
                    diag = diag
                        .with_help(format!(
                            "move the duty to a month `{bid}` meets (`{text}`), or add a meeting"
                        ))
                        .with_fix(Fix {
                            label: format!("move the duty to `{text}`"),
                            edits: vec![crate::diagnostic::Edit { span, text }],
                            safe: false,
                        });
                } else {
                    diag = diag.with_help(format!(
                        "move the duty to a month `{bid}` meets, or add a meeting"
                    ));
                }
                out.push(diag);
            }
            Timing::Meeting => {
                let landings = meetings::landings(model, d, bi, cal, today, until);
                let Some(l) = landings.iter().find(|l| l.late) else {
                    continue;
                };
                let (Some(m), Some(mt)) = (l.meeting, &d.meeting) else {
                    continue;
                };
                out.push(
                    Diagnostic::new(
                        &PG1006,
                        mt.span,
                        format!(
                            "`{}` is due on {} {} {}, but `{bid}` does not meet until {} {} {}",
                            d.common.id,
                            l.due.day(),
                            meetings::month_title(l.due.month()),
                            l.due.year(),
                            m.date.day(),
                            meetings::month_title(m.date.month()),
                            m.date.year()
                        ),
                    )
                    .with_primary(format!("no meeting of `{bid}` within this limit"))
                    .with_help(format!(
                        "give a limit `{bid}`'s meetings can meet, or say how it receives items between meetings"
                    )),
                );
            }
            Timing::Event => {
                let Some(dl) = d.deadline.as_ref() else {
                    continue;
                };
                let Some(limit) = dl.days else {
                    continue;
                };
                // The meetings of the coming year, and the first one after it: the wait
                // from the last meeting of the year to the next counts too.
                let mut within: Vec<&Meeting> = cal
                    .iter()
                    .filter(|m| m.day_known && m.date >= today && m.date <= until)
                    .collect();
                within.extend(cal.iter().find(|m| m.day_known && m.date > until));
                let gap = within
                    .windows(2)
                    .map(|w| (w[0], w[1], i64::from((w[1].date - w[0].date).get_days())))
                    .max_by_key(|(_, _, g)| *g);
                let Some((a, z, g)) = gap else {
                    continue;
                };
                if g <= i64::from(limit) {
                    continue;
                }
                out.push(
                    Diagnostic::new(
                        &PG1006,
                        dl.span,
                        format!(
                            "`{}` must reach `{bid}` {}, but `{bid}`'s meetings are up to {g} days apart ({} {} to {} {} {})",
                            d.common.id,
                            dl.text,
                            a.date.day(),
                            meetings::month_title(a.date.month()),
                            z.date.day(),
                            meetings::month_title(z.date.month()),
                            z.date.year()
                        ),
                    )
                    .with_primary(format!("{limit} days"))
                    .with_help(format!(
                        "give a limit `{bid}`'s meetings can meet, or say how it receives items between meetings"
                    )),
                );
            }
            _ => {}
        }
    }
}

/// The months an anchor names (`in march and september`, `by 30 june`).
fn anchor_months(d: &Duty) -> Vec<i8> {
    let Some(s) = d.cadence.as_ref().and_then(|c| c.schedule.as_ref()) else {
        return Vec::new();
    };
    let crate::schedule::Period::Months(p) = s.period else {
        return Vec::new();
    };
    if p == 0 || 12 % p != 0 {
        return Vec::new();
    }
    let first = i32::from(s.first.month());
    (0..12 / p)
        .filter_map(|k| i8::try_from((first - 1 + (k * p) as i32).rem_euclid(12) + 1).ok())
        .collect()
}

/// When an occurrence of a duty falls due and when it reaches a body.
struct Arrival {
    /// The due date.
    due: Date,
    /// The meeting it reaches, or its due date when it reaches none.
    at: Date,
    /// The body and meeting date it reaches, if any.
    meeting: Option<(usize, Date)>,
}

/// Where a dated duty's next occurrence (or with `latest`, its last on or before `by`)
/// reaches its recipients.
fn arrival(
    model: &Model,
    d: &Duty,
    calendars: &[Option<Vec<Meeting>>],
    from: Date,
    by: Date,
    latest: bool,
) -> Option<Arrival> {
    let s = d.cadence.as_ref()?.schedule.as_ref()?;
    let dues: Vec<_> = s
        .dues_between(from, by)
        .filter(|d| d.written >= s.first)
        .collect();
    let due = if latest {
        dues.iter().take_while(|x| x.date <= by).last()?
    } else {
        dues.first()?
    };
    let mut at: Option<(usize, Date)> = None;
    for bi in meetings::recipient_bodies(model, d) {
        if let Some(Some(cal)) = calendars.get(bi) {
            let l = meetings::land(cal, due.written, due.date);
            if let Some(m) = l.meeting {
                if at.is_none_or(|(_, x)| m.date < x) {
                    at = Some((bi, m.date));
                }
            }
        }
    }
    Some(Arrival {
        due: due.date,
        at: at.map_or(due.date, |(_, x)| x),
        meeting: at,
    })
}

/// Orderings the meeting dates reverse (PG1007).
fn ordering(
    model: &Model,
    calendars: &[Option<Vec<Meeting>>],
    today: Date,
    until: Date,
    out: &mut Vec<Diagnostic>,
) {
    for (i, d) in model.duties.iter().enumerate() {
        for o in &d.order {
            let Some((DeclKind::Duty, j)) = o.target.target().filter(|_| o.target.is_resolved())
            else {
                continue;
            };
            let (a, b) = match o.dir {
                OrderDir::Before => (i, j),
                OrderDir::After => (j, i),
            };
            let (Some(da), Some(db)) = (model.duties.get(a), model.duties.get(b)) else {
                continue;
            };
            if a == b {
                continue;
            }
            let Some(Arrival {
                due: b_due,
                at: b_at,
                meeting: b_meeting,
            }) = arrival(model, db, calendars, today, until, false)
            else {
                continue;
            };
            let back = b_due
                .checked_sub(jiff::Span::new().years(1))
                .unwrap_or(b_due);
            let Some(Arrival {
                due: a_due,
                at: a_at,
                meeting: a_meeting,
            }) = arrival(model, da, calendars, back, b_due, true)
            else {
                continue;
            };
            // The due dates keep the order (PG0302 says when they do not); the meetings
            // reverse it.
            if a_due >= b_due || a_at <= b_at || (a_meeting.is_none() && b_meeting.is_none()) {
                continue;
            }
            let name = |m: Option<(usize, Date)>| {
                m.and_then(|(bi, _)| model.bodies.get(bi))
                    .map_or(String::new(), |b| format!(" `{}`", b.common.id))
            };
            let day = |x: Date| {
                format!(
                    "{} {} {}",
                    x.day(),
                    meetings::month_title(x.month()),
                    x.year()
                )
            };
            out.push(
                Diagnostic::new(
                    &PG1007,
                    o.span,
                    format!(
                        "`{}` must come before `{}`, but it reaches{} on {}, after `{}` reaches{} on {}",
                        da.common.id,
                        db.common.id,
                        name(a_meeting),
                        day(a_at),
                        db.common.id,
                        name(b_meeting),
                        day(b_at)
                    ),
                )
                .with_primary("the meetings reverse this order")
                .with_help(
                    "move the earlier duty to a month before the later one's meeting, or add a meeting",
                ),
            );
        }
    }
}
