//! Dates and cadences: impossible dates, ambiguous and unknown cadence words, vague
//! deadlines, cadences that cannot be dated, and the protocol's own review: whether it is
//! dated or overdue, and whether its dates agree with each other and with its cadence.

use crate::diagnostic::{one_slip, CodeInfo, Diagnostic, Fix, Phase, Severity};
use crate::holidays::Region;
use crate::model::{Cadence, CadenceProblem, Model, PartialDate, Review, ReviewBasis};
use crate::schedule::Period;
use crate::syntax::vocab;

use jiff::civil::Date;

/// A date that does not exist.
pub static PG0201: CodeInfo = CodeInfo {
    code: "PG0201",
    severity: Severity::Error,
    phase: Phase::Semantic,
    summary: "a date that does not exist",
    explanation: "\
## What it means
A date names a month or a day the calendar does not have (month 13, 31 September, 29
February of a year that is not a leap year), or a year outside 1900–2200.

## Why it matters
A review or duty dated on a day that never comes is never due.

## Example
```
next review 2025-09-31
```

## Fix
```
next review 2025-09-30
```",
};

/// An ambiguous cadence word.
pub static PG0202: CodeInfo = CodeInfo {
    code: "PG0202",
    severity: Severity::Warning,
    phase: Phase::Semantic,
    summary: "a cadence word with two meanings",
    explanation: "\
## What it means
Words such as \"bi-annually\", \"biannual\" and \"bi-monthly\" are read both ways: twice a year
or every two years; twice a month or every two months. Dictionaries disagree, and so do
readers of the same protocol.

## Why it matters
The Isle of Wight protocol is reviewed \"bi-annually\": one board may expect a review every
six months and the other every two years. protogov cannot date it either.

## Example
```
review bi-annually
```

## Fix
Say which you mean:
```
review six-monthly
```
or
```
review every 2 years
```",
};

/// A deadline that cannot be measured.
pub static PG0203: CodeInfo = CodeInfo {
    code: "PG0203",
    severity: Severity::Warning,
    phase: Phase::Semantic,
    summary: "a deadline that cannot be measured",
    explanation: "\
## What it means
\"In a timely manner\", \"as soon as possible\", \"promptly\" and \"without delay\" set no limit
that anyone can check.

## Why it matters
Audit findings reported \"in a timely manner\" may reach the board in a week or a year; no
one can say the protocol was broken either way.

## Example
```
when audit_completed
in a timely manner
```

## Fix
```
when audit_completed
within 28 days
```",
};

/// No date for the next review.
pub static PG0204: CodeInfo = CodeInfo {
    code: "PG0204",
    severity: Severity::Warning,
    phase: Phase::Semantic,
    summary: "the protocol's review has no date",
    explanation: "\
## What it means
The protocol does not say when it is next reviewed (`next review DATE`), and no date can be
worked out: with a cadence it can, from when it was last reviewed (`last reviewed DATE`),
from the start of its cycle (`review yearly from 2025-04-01`) or, failing those, one cycle
after the protocol was agreed (`agreed by BODY on DATE`, the latest such date). The
Hampshire protocol leaves its \"REVIEW DATE\" blank.

## Why it matters
A protocol with no review date is never reviewed: it drifts from how the boards actually
work until an inspection finds the gap.

## Example
```
protocol hampshire \"…\" {
  review annually
}
```

## Fix
```
protocol hampshire \"…\" {
  review annually
  next review 2018-11
}
```",
};

/// The review is overdue.
pub static PG0205: CodeInfo = CodeInfo {
    code: "PG0205",
    severity: Severity::Warning,
    phase: Phase::Semantic,
    summary: "the protocol's review is overdue",
    explanation: "\
## What it means
The date the protocol's next review was due has passed (against `--today`, or the system
date).

## Why it matters
An overdue protocol may no longer describe how the bodies work together; inspectors ask
for the current one.

## Example
```
next review 2025-09
```
checked with `--today 2026-11-23`.

## Fix
Review the protocol, then record it:
```
last reviewed 2026-11-20
next review 2028-11
```",
};

/// A cadence word the language does not know.
pub static PG0206: CodeInfo = CodeInfo {
    code: "PG0206",
    severity: Severity::Error,
    phase: Phase::Semantic,
    summary: "unknown cadence word",
    explanation: "\
## What it means
A `review` or `meets` line uses a word that is not a cadence the language knows. The words
are `yearly`, `annually`, `annual`, `six-monthly`, `half-yearly`, `quarterly` and `monthly`;
any other cadence is written `every N years|months|weeks|days`.

## Why it matters
protogov cannot date what it cannot read.

## Example
```
meets termly
```

## Fix
```
meets every 4 months
```",
};

/// A cadence that says how often but not when.
pub static PG0207: CodeInfo = CodeInfo {
    code: "PG0207",
    severity: Severity::Warning,
    phase: Phase::Semantic,
    summary: "a cadence that says how often but not when cannot be dated",
    explanation: "\
## What it means
The cadence says how often, but not when:
- a yearly, six-monthly or quarterly duty names no month (the seeds say \"an annual report …
  will be submitted\" without one);
- a cadence counted in weeks or days (`every 2 weeks`, `meets every 6 weeks`) has no
  `from DATE`, the first date it falls;
- a cycle longer than a year, or one that does not divide it (`every 2 years in
  september`), has no `from YEAR` and the protocol has no agreement date to count from, so
  which years it falls in is unknown.

A `monthly` duty falls due by the end of every month, and needs neither.

## Why it matters
The duty cannot go in a calendar, and ordering (\"timed so the findings can be incorporated
into the annual report\") cannot be checked against it. protogov never invents a start.

## Example
```
duty cpb_annual {
  cpb submits cpb_annual_report to scp
  yearly
}
body cpb \"Corporate Parenting Board\" { meets every 6 weeks }
```

## Fix
```
duty cpb_annual {
  cpb submits cpb_annual_report to scp
  yearly in june
}
body cpb \"Corporate Parenting Board\" { meets every 6 weeks from 2025-01-08 }
```",
};

/// A cadence outside sensible bounds.
pub static PG0208: CodeInfo = CodeInfo {
    code: "PG0208",
    severity: Severity::Error,
    phase: Phase::Semantic,
    summary: "a cadence of zero or of more than a century",
    explanation: "\
## What it means
`every 0 years` never recurs, and a cadence longer than 100 years outlives every body in
the protocol.

## Why it matters
It is almost always a typo (`every 10 years` for `every 1 year`, or a date in the number).

## Example
```
every 0 years
```

## Fix
```
every 2 years
```",
};

/// Months that do not fit the cadence.
pub static PG0209: CodeInfo = CodeInfo {
    code: "PG0209",
    severity: Severity::Error,
    phase: Phase::Semantic,
    summary: "the months named do not fit the cadence",
    explanation: "\
## What it means
A cadence falls once per cycle, so the months named must be one per cycle: `yearly` names
one month, `six-monthly in march and september` names two six months apart.

## Why it matters
`yearly in march and september` is either twice a year or a mistake; protogov will not
guess which.

## Example
```
yearly in march and september
```

## Fix
```
six-monthly in march and september
```",
};

/// A next review dated before the last.
pub static PG0210: CodeInfo = CodeInfo {
    code: "PG0210",
    severity: Severity::Error,
    phase: Phase::Semantic,
    summary: "the next review is dated before the last",
    explanation: "\
## What it means
`next review` names a date before `last reviewed`: the review that is due comes before the
one already held.

## Why it matters
One of the two dates is wrong, usually a review recorded without moving the next date on,
or a year mistyped. Until it is put right, nobody can say when the protocol is next
reviewed.

## Example
```
review every 2 years
last reviewed 2025-09
next review 2024-09
```

## Fix
```
review every 2 years
last reviewed 2025-09
next review 2027-09
```",
};

/// A last review dated before the protocol was agreed.
pub static PG0211: CodeInfo = CodeInfo {
    code: "PG0211",
    severity: Severity::Warning,
    phase: Phase::Semantic,
    summary: "the protocol was last reviewed before it was agreed",
    explanation: "\
## What it means
`last reviewed` names a date before the first `agreed by … on DATE`: the protocol was
reviewed before any party had agreed it.

## Why it matters
A review of a protocol that did not yet exist is usually a mistyped year, or the review of
an earlier protocol kept when the new one was written. Either way the next review is
counted from the wrong date.

## Example
```
agreed by cpb on 2026-01
last reviewed 2025-09
```

## Fix
Correct the date, or remove `last reviewed` until the first review is held:
```
agreed by cpb on 2026-01
next review 2028-01
```",
};

/// A next review that does not follow from the last and the cadence.
pub static PG0212: CodeInfo = CodeInfo {
    code: "PG0212",
    severity: Severity::Warning,
    phase: Phase::Semantic,
    summary: "the next review does not follow the cadence from the last",
    explanation: "\
## What it means
The protocol is reviewed on a cadence (`review every 2 years`) and says when it was last
reviewed, but `next review` is not one cycle after that: it names another month.

## Why it matters
The dates and the cadence cannot both be right. Boards that plan by the cadence and boards
that plan by the date will expect the review at different times.

## Example
```
review every 2 years
last reviewed 2025-09
next review 2027-03
```

## Fix
Date the next review one cycle after the last, or change the cadence to the one the boards
keep:
```
review every 2 years
last reviewed 2025-09
next review 2027-09
```",
};

/// Every code of this module.
pub static CODES: &[&CodeInfo] = &[
    &PG0201, &PG0202, &PG0203, &PG0204, &PG0205, &PG0206, &PG0207, &PG0208, &PG0209, &PG0210,
    &PG0211, &PG0212,
];

/// The cadence, when it has problems to report.
fn troubled(c: &Option<Cadence>) -> Option<&Cadence> {
    c.as_ref().filter(|c| !c.problems.is_empty())
}

/// Check every date, cadence and deadline, and the protocol's review against `today`.
pub fn check(model: &Model, today: Date) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut dates: Vec<&PartialDate> = Vec::new();
    for p in model.documents() {
        dates.extend(
            p.agreed
                .iter()
                .chain(&p.signed)
                .filter_map(|s| s.on.as_ref()),
        );
        dates.extend(p.review.last_reviewed.iter());
        dates.extend(p.review.next_review.iter());
    }
    dates.extend(model.bodies.iter().filter_map(|b| b.established.as_ref()));
    for b in &model.bodies {
        let cal = &b.calendar;
        dates.extend(cal.dates.iter().chain(&cal.extra).map(|d| &d.date));
        dates.extend(&cal.cancelled);
    }
    for d in dates {
        if let Some(problem) = d.problem() {
            // The form was right (the grammar read it): the help names the part to fix.
            let help = if d.year.is_some_and(|y| !(1900..=2200).contains(&y)) {
                "check the year: protogov reads the years 1900 to 2200"
            } else if d.month.is_some_and(|m| !(1..=12).contains(&m)) {
                "months are numbered 01 to 12, as in 2025-09-30"
            } else {
                "check the day: it must be one the month has"
            };
            out.push(
                Diagnostic::new(&PG0201, d.span, format!("{d} is not a real date"))
                    .with_primary(problem)
                    .with_help(help),
            );
        }
    }
    // Cadences with problems, and what each times (named only when there is a problem).
    let mut cadences: Vec<(&Cadence, String)> = Vec::new();
    for p in model.documents() {
        if let Some(c) = troubled(&p.review.cadence) {
            cadences.push((c, format!("the {}'s review", p.kind.words())));
        }
    }
    for b in &model.bodies {
        if let Some(c) = troubled(&b.meets) {
            cadences.push((c, format!("meetings of `{}`", b.common.id)));
        }
    }
    for d in &model.duties {
        if let Some(c) = troubled(&d.cadence) {
            cadences.push((c, format!("duty `{}`", d.common.id)));
        }
        if let Some(dl) = &d.deadline {
            if dl.vague {
                out.push(
                    Diagnostic::new(
                        &PG0203,
                        dl.span,
                        format!("\"{}\" sets no measurable deadline", dl.text),
                    )
                    .with_primary("how long is this?")
                    .with_help("write the limit, such as `within 28 days`")
                    // A proposal, not the writer's meaning: never applied unasked.
                    .with_fix(Fix::replace(
                        dl.span,
                        &dl.text,
                        "within 28 days",
                        false,
                    )),
                );
            }
        }
    }
    for (c, what) in cadences {
        for p in &c.problems {
            out.push(cadence_problem(c, p, &what));
        }
    }
    for p in model.documents() {
        review(p, today, &mut out);
        let holidays = p
            .review
            .schedule
            .as_ref()
            .map_or(model.holidays, |s| s.holidays);
        review_dates(p, holidays, &mut out);
    }
    out
}

/// True when a reading of an ambiguous cadence word is itself a cadence the language reads
/// (`every 2 months`, `six-monthly`), so it can replace the word.
fn writable_cadence(reading: &str) -> bool {
    reading.starts_with("every ") || vocab::CADENCE_WORDS.iter().any(|(w, _)| *w == reading)
}

fn cadence_problem(c: &Cadence, p: &CadenceProblem, what: &str) -> Diagnostic {
    let anchor = c.anchor_span.unwrap_or(c.span);
    match p {
        CadenceProblem::Ambiguous(word, a, b) => Diagnostic::new(
            &PG0202,
            c.span,
            format!("\"{word}\" can mean {a} or {b}"),
        )
        .with_primary("readers take this word two ways")
        .with_help(format!("write `{a}` or `{b}`"))
        .with_note(format!("so {what} cannot be dated"))
        // One fix per reading the language can write (`twice a month` it cannot); neither
        // is safe, since only the writer knows which was meant.
        .with_fixes(
            [*a, *b]
                .into_iter()
                .filter(|r| writable_cadence(r))
                .map(|r| Fix::replace(c.span, word, r, false)),
        ),
        CadenceProblem::UnknownWord(word, suggestion) => {
            let d = Diagnostic::new(&PG0206, c.span, format!("unknown cadence `{word}`"))
                .with_primary("not a cadence the language knows");
            match suggestion {
                Some(s) => d
                    .with_help(format!("did you mean `{s}`?"))
                    .with_fix(Fix::replace(
                        c.span,
                        word,
                        *s,
                        one_slip(word, s, vocab::CADENCE_WORDS.iter().map(|(w, _)| *w)),
                    )),
                None => d.with_help(
                    "use yearly, six-monthly, quarterly, monthly, or `every N years|months|weeks|days`",
                ),
            }
        }
        CadenceProblem::ZeroPeriod => Diagnostic::new(&PG0208, c.span, "a cadence of zero never recurs")
            .with_primary("every 0")
            .with_help("give a period of at least 1"),
        CadenceProblem::TooLong => Diagnostic::new(&PG0208, c.span, format!("`{}` is longer than a century", c.text))
            .with_primary("too long a cycle")
            .with_help("protogov accepts cadences of up to 100 years"),
        CadenceProblem::Unanchored => Diagnostic::new(
            &PG0207,
            c.span,
            format!("`{}` says how often but not when: {what} cannot be dated", c.text),
        )
        .with_primary("in which month?")
        .with_help(format!("add the month, such as `{} in september`", c.text))
        .with_fix(Fix::insert(
            c.span.end,
            " in MONTH",
            "add ` in MONTH`, then name the month",
            false,
        )),
        CadenceProblem::NoStart => {
            let end = c.anchor_span.unwrap_or(c.span).end;
            let d = match c.period {
                Some(Period::Days(_)) => Diagnostic::new(
                    &PG0207,
                    c.span,
                    format!("`{}` says how often but not from when: {what} cannot be dated", c.text),
                )
                .with_primary("from which date?")
                .with_help(format!(
                    "add `from DATE`, the first date it falls, such as `{} from 2025-01-06`",
                    c.text
                )),
                _ => Diagnostic::new(
                    &PG0207,
                    c.span,
                    format!("`{}` does not say which years: {what} cannot be dated", c.text),
                )
                .with_primary("from which year?")
                .with_help(format!(
                    "add the year the cycle starts, as in `{} from YEAR`, or give the protocol the date it was agreed (`agreed by BODY on DATE`), from which cycles count",
                    c.text
                )),
            };
            d.with_fix(Fix::insert(
                end,
                if matches!(c.period, Some(Period::Days(_))) { " from DATE" } else { " from YEAR" },
                "add the start, then write its date",
                false,
            ))
        }
        CadenceProblem::MonthsInconsistent(why) => Diagnostic::new(&PG0209, anchor, why.clone())
            .with_primary("these months do not fit the cadence")
            .with_label(c.span, "the cadence")
            .with_help("name one month per cycle, or change the cadence (`six-monthly in march and september`)"),
        CadenceProblem::ImpossibleDay(why) => Diagnostic::new(&PG0201, anchor, why.clone())
            .with_primary("this day never comes")
            .with_help("name a day the month has"),
        CadenceProblem::BadFrom(why) => Diagnostic::new(&PG0201, anchor, why.clone())
            .with_primary("not a real date")
            .with_help("write dates as YYYY-MM-DD, YYYY-MM or YYYY"),
    }
}

fn review(p: &crate::model::Protocol, today: Date, out: &mut Vec<Diagnostic>) {
    let r = &p.review;
    // `protocol` or `terms of reference`, as the document calls itself.
    let doc = p.kind.words();
    match (r.next_due, &r.next_review) {
        // A line that did not parse may have been the review's: its syntax error is the
        // one to fix.
        (None, None) if p.incomplete => {}
        (None, None) => {
            let at = p.review_span.unwrap_or(p.common.name_span);
            let mut d = Diagnostic::new(
                &PG0204,
                at,
                format!("no date for the next review of the {doc}"),
            )
            .with_primary(if p.review_span.is_some() {
                "no `next review` date, and none can be worked out"
            } else {
                "no `review` line"
            });
            d = match r.cadence.as_ref().map(|c| c.period) {
                None => d.with_help(format!(
                    "add `review CADENCE` and `next review DATE` to the {doc}, such as `review every 2 years` and `next review 2025-09`"
                )),
                // A cadence protogov cannot read has its own diagnostic.
                Some(None) => d.with_help(format!("add `next review DATE` to the {doc}")),
                Some(Some(_)) => d.with_help(format!(
                    "add `next review DATE` or `last reviewed DATE` to the {doc}, or the date it was agreed (`agreed by BODY on DATE`), from which the review is counted"
                )),
            };
            out.push(d);
        }
        (Some(due), _) if due < today => {
            let at = r
                .next_review
                .as_ref()
                .map(|n| n.span)
                .or(p.review_span)
                .unwrap_or(p.common.name_span);
            let days = (today - due).get_days().abs();
            let mut d = Diagnostic::new(
                &PG0205,
                at,
                format!("the {doc}'s review was due on {due}, {} ago", elapsed(days)),
            )
            .with_primary(format!("due {due}; today is {today}"))
            .with_help(format!(
                "review the {doc}, then update `last reviewed` and `next review`"
            ));
            if let Some(note) = basis_note(r) {
                d = d.with_note(note);
            }
            out.push(d);
        }
        _ => {}
    }
}

/// The review's dates against each other, the cadence and the agreement.
fn review_dates(p: &crate::model::Protocol, holidays: Region, out: &mut Vec<Diagnostic>) {
    let r = &p.review;
    if let (Some(last), Some(next)) = (&r.last_reviewed, &r.next_review) {
        let (Some(held), Some(due)) = (last.start(), next.due(holidays)) else {
            return;
        };
        if due < held {
            out.push(
                Diagnostic::new(
                    &PG0210,
                    next.span,
                    format!("the next review ({next}) is dated before the last ({last})"),
                )
                .with_primary("due before the last review was held")
                .with_label(last.span, "the last review")
                .with_help("correct one of the dates: the next review comes after the last"),
            );
        } else if let Some((cadence, Some(Period::Months(m)))) =
            r.cadence.as_ref().map(|c| (c, c.period))
        {
            // One cycle on from the last review, to the month (or the year, when the next
            // review gives only a year).
            let expected = held
                .checked_add(jiff::Span::new().months(i64::from(m)))
                .ok();
            let fits = expected.is_none_or(|e| {
                Some(i32::from(e.year())) == next.year
                    && next.month.is_none_or(|month| month == e.month() as u32)
            });
            if let (false, Some(e)) = (fits, expected) {
                let want = match next.month {
                    Some(_) => format!("{:04}-{:02}", e.year(), e.month()),
                    None => format!("{:04}", e.year()),
                };
                out.push(
                    Diagnostic::new(
                        &PG0212,
                        next.span,
                        format!(
                            "`review {}` from the last review ({last}) puts the next in {want}, not {next}",
                            cadence.text
                        ),
                    )
                    .with_primary(format!("expected {want}"))
                    .with_label(last.span, "the last review")
                    .with_label(cadence.span, "the cadence")
                    .with_help(format!(
                        "write `next review {want}`, or change the cadence to the one the boards keep"
                    ))
                    .with_fix(Fix::replace(next.span, &next.to_string(), &want, false)),
                );
            }
        }
    }
    let first_agreed = p
        .agreed
        .iter()
        .filter_map(|s| s.on.as_ref())
        .filter_map(|d| Some((d.start()?, d)))
        .min_by_key(|(start, _)| *start);
    if let (Some(last), Some((agreed, on))) = (&r.last_reviewed, first_agreed) {
        if last.due(holidays).is_some_and(|held| held < agreed) {
            out.push(
                Diagnostic::new(
                    &PG0211,
                    last.span,
                    format!(
                        "the {} was last reviewed ({last}) before it was agreed ({on})",
                        p.kind.words()
                    ),
                )
                .with_primary("reviewed before any party agreed it")
                .with_label(on.span, "agreed here")
                .with_help(
                    "correct the date, or remove `last reviewed` until the first review is held",
                ),
            );
        }
    }
}

/// Where a review date no line gives was worked out from.
fn basis_note(r: &Review) -> Option<String> {
    let cadence = r.cadence.as_ref().map_or("", |c| c.text.as_str());
    match &r.basis {
        Some(ReviewBasis::LastReviewed) => Some(format!(
            "no `next review` is written: this is one cycle of `review {cadence}` after the last review"
        )),
        Some(ReviewBasis::From) => Some(format!(
            "no `next review` is written: this is one cycle of `review {cadence}` after the date it counts from"
        )),
        Some(ReviewBasis::Agreed(on)) => Some(format!(
            "no `next review` is written: this is one cycle of `review {cadence}` after the agreement on {on}"
        )),
        Some(ReviewBasis::NextReview) | None => None,
    }
}

fn elapsed(days: i32) -> String {
    let months = days / 30;
    if days < 60 {
        format!("{days} days")
    } else if months < 24 {
        format!("about {months} months")
    } else {
        format!("about {} years", months / 12)
    }
}
