//! Escalation ladders: stages that repeat or skip a number, a stage no one takes part in,
//! and time limits that leave a stage no time.

use crate::diagnostic::{CodeInfo, Diagnostic, Phase, Severity};
use crate::model::{Escalation, LimitMeasure, Model, Stage};

/// The codes of this module.
pub static CODES: &[&CodeInfo] = &[&PG0801, &PG0802, &PG0803, &PG0804];

/// Check every escalation's ladder.
pub fn check(model: &Model) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // A line that did not parse may have been a stage.
    for e in model.escalations.iter().filter(|e| !e.incomplete) {
        numbering(e, &mut out);
        participants(e, &mut out);
        limits(e, &mut out);
    }
    out
}

/// A stage number already used.
pub static PG0801: CodeInfo = CodeInfo {
    code: "PG0801",
    severity: Severity::Warning,
    phase: Phase::Semantic,
    summary: "two stages of an escalation have the same number",
    explanation: "\
## What it means
Two `stage` lines of one escalation give the same number.

## Why it matters
A practitioner follows the ladder by its numbers (\"escalate to stage 3\"); two stages
with one number leave it unclear which comes first and who is next.

## Example
```
escalation disagreement \"Resolving professional disagreements\" {
  stage 1 \"Practitioners\" attended by practitioner within 2 working days
  stage 1 \"Managers\" attended by line_manager within 5 working days
}
```

## Fix
Number the stages in order:
```
escalation disagreement \"Resolving professional disagreements\" {
  stage 1 \"Practitioners\" attended by practitioner within 2 working days
  stage 2 \"Managers\" attended by line_manager within 5 working days
}
```",
};

/// A stage number that is not the one after the stage before.
pub static PG0802: CodeInfo = CodeInfo {
    code: "PG0802",
    severity: Severity::Warning,
    phase: Phase::Semantic,
    summary: "an escalation's stages skip a number",
    explanation: "\
## What it means
The stages of an escalation are not numbered 1, 2, 3… in the order written: the first is
not stage 1, or a stage's number is not one more than the stage before it.

## Why it matters
A missing stage is usually a stage left out when the procedure was encoded, or a stage
the published document itself lost; either way a concern has no written route from the
stage before the gap to the stage after it.

## Example
```
escalation disagreement \"Resolving professional disagreements\" {
  stage 1 \"Practitioners\" attended by practitioner within 2 working days
  stage 3 \"Designated leads\" attended by designated_lead within 5 working days
}
```

## Fix
Add the missing stage, or renumber the stages:
```
escalation disagreement \"Resolving professional disagreements\" {
  stage 1 \"Practitioners\" attended by practitioner within 2 working days
  stage 2 \"Managers\" attended by line_manager within 5 working days
  stage 3 \"Designated leads\" attended by designated_lead within 5 working days
}
```",
};

/// A stage with no one named to take part.
pub static PG0803: CodeInfo = CodeInfo {
    code: "PG0803",
    severity: Severity::Warning,
    phase: Phase::Semantic,
    summary: "a stage of an escalation names no one who takes part",
    explanation: "\
## What it means
A `stage` line has no `attended by`: no office holder or body is named at that stage.

## Why it matters
Each stage of a ladder exists to bring the concern to someone new (the managers, the
designated leads, the chair). A stage with no one named cannot be followed: whoever holds
the concern does not know whom to take it to.

## Example
```
escalation disagreement \"Resolving professional disagreements\" {
  stage 1 \"Practitioners\" attended by practitioner within 2 working days
  stage 2 \"Managers\" within 5 working days
}
```

## Fix
Name who takes part, as roles, bodies or a group:
```
escalation disagreement \"Resolving professional disagreements\" {
  stage 1 \"Practitioners\" attended by practitioner within 2 working days
  stage 2 \"Managers\" attended by line_manager within 5 working days
}
```",
};

/// A stage whose limit leaves it no time.
pub static PG0804: CodeInfo = CodeInfo {
    code: "PG0804",
    severity: Severity::Warning,
    phase: Phase::Semantic,
    summary: "a stage's time limit leaves it no time",
    explanation: "\
## What it means
A stage's limit is used up before the stage starts: either it is zero
(`within 0 working days`), or it is counted from when the concern was first raised
(`within 10 working days of the concern`) and is no longer than the time the stages
before it already have.

A limit written without `of the concern` is the stage's own time, counted from when the
concern reaches it (\"within a further 5 working days\"), so a later stage with a shorter
limit than an earlier one is not a fault; one counted from the concern includes the time
of every stage before it.

## Why it matters
A stage that has no time left when it is reached can never be met: the ladder promises a
resolution by a date that has already passed.

## Example
```
escalation disagreement \"Resolving professional disagreements\" {
  stage 1 \"Practitioners\" attended by practitioner within 5 working days
  stage 2 \"Managers\" attended by line_manager within 5 working days of the concern
}
```
Stage 1 alone may take 5 working days, so stage 2 has none.

## Fix
Give the later stage the time it needs beyond the stages before it:
```
escalation disagreement \"Resolving professional disagreements\" {
  stage 1 \"Practitioners\" attended by practitioner within 5 working days
  stage 2 \"Managers\" attended by line_manager within 10 working days of the concern
}
```",
};

fn numbering(e: &Escalation, out: &mut Vec<Diagnostic>) {
    let mut prev: Option<&Stage> = None;
    for (i, s) in e.stages.iter().enumerate() {
        let earlier = e.stages.get(..i).unwrap_or(&[]);
        if let Some(same) = earlier.iter().find(|x| x.number == s.number) {
            out.push(
                Diagnostic::new(
                    &PG0801,
                    s.number_span,
                    format!("`{}` has two stages numbered {}", e.common.id, s.number),
                )
                .with_primary("this stage repeats the number")
                .with_label(same.number_span, "first numbered here")
                .with_help(format!(
                    "number the stages in the order they are followed: this one is stage {}",
                    prev.map_or(1, |p| p.number.saturating_add(1))
                )),
            );
        } else {
            let expected = prev.map_or(1, |p| p.number.saturating_add(1));
            if s.number != expected {
                let mut d = Diagnostic::new(
                    &PG0802,
                    s.number_span,
                    format!(
                        "`{}` has stage {} where stage {expected} is expected",
                        e.common.id, s.number
                    ),
                );
                d = match prev {
                    Some(p) => d
                        .with_primary(format!("stage {expected} is missing before this one"))
                        .with_label(
                            p.number_span,
                            format!("stage {} is the one before", p.number),
                        ),
                    None => d.with_primary("the first stage is not stage 1"),
                };
                out.push(d.with_help(format!(
                    "add the missing stage, or number this one {expected}"
                )));
            }
        }
        prev = Some(s);
    }
}

fn participants(e: &Escalation, out: &mut Vec<Diagnostic>) {
    for s in e.stages.iter().filter(|s| s.participants.is_empty()) {
        out.push(
            Diagnostic::new(
                &PG0803,
                s.span,
                format!(
                    "stage {} of `{}` names no one who takes part",
                    s.number, e.common.id
                ),
            )
            .with_primary("no `attended by` on this stage")
            .with_help(format!(
                "say who takes part: `stage {} … attended by ROLE, …`",
                s.number
            )),
        );
    }
}

/// How much time the stages so far may take, counted from the concern.
#[derive(Clone, Copy)]
enum Elapsed {
    /// No stage yet.
    None,
    /// Known, in one measure.
    Known(LimitMeasure),
    /// A stage with no limit, or limits that do not compare (months, or working days and
    /// calendar time mixed).
    Unknown,
}

fn add(a: LimitMeasure, b: LimitMeasure) -> Option<LimitMeasure> {
    match (a, b) {
        (LimitMeasure::WorkingDays(x), LimitMeasure::WorkingDays(y)) => {
            Some(LimitMeasure::WorkingDays(x.saturating_add(y)))
        }
        (LimitMeasure::Hours(x), LimitMeasure::Hours(y)) => {
            Some(LimitMeasure::Hours(x.saturating_add(y)))
        }
        _ => None,
    }
}

/// `b` is no longer than `a`, when they compare.
fn no_longer(b: LimitMeasure, a: LimitMeasure) -> bool {
    match (a, b) {
        (LimitMeasure::WorkingDays(x), LimitMeasure::WorkingDays(y))
        | (LimitMeasure::Hours(x), LimitMeasure::Hours(y)) => y <= x,
        _ => false,
    }
}

fn words(m: LimitMeasure) -> String {
    match m {
        LimitMeasure::WorkingDays(1) => "1 working day".to_string(),
        LimitMeasure::WorkingDays(n) => format!("{n} working days"),
        LimitMeasure::Hours(h) if h % 24 == 0 && h / 24 == 1 => "1 day".to_string(),
        LimitMeasure::Hours(h) if h % 24 == 0 => format!("{} days", h / 24),
        LimitMeasure::Hours(h) => format!("{h} hours"),
    }
}

fn limits(e: &Escalation, out: &mut Vec<Diagnostic>) {
    let mut elapsed = Elapsed::None;
    let mut prev: Option<&Stage> = None;
    for s in &e.stages {
        let Some(l) = &s.limit else {
            elapsed = Elapsed::Unknown;
            prev = Some(s);
            continue;
        };
        let m = l.measure();
        if l.n == 0 {
            out.push(
                Diagnostic::new(
                    &PG0804,
                    l.span,
                    format!("stage {} of `{}` has no time", s.number, e.common.id),
                )
                .with_primary(format!("a limit of {}", l.text()))
                .with_help("give the stage the time the document allows it"),
            );
        } else if l.of_concern {
            if let (Elapsed::Known(before), Some(m), Some(p)) = (elapsed, m, prev) {
                if no_longer(m, before) {
                    out.push(
                        Diagnostic::new(
                            &PG0804,
                            l.span,
                            format!(
                                "stage {} of `{}` has no time left when it is reached",
                                s.number, e.common.id
                            ),
                        )
                        .with_primary(format!(
                            "{} counted from the concern",
                            l.text().trim_end_matches(" of the concern")
                        ))
                        .with_label(
                            p.span,
                            format!(
                                "the stages up to stage {} may take {}",
                                p.number,
                                words(before)
                            ),
                        )
                        .with_help(format!(
                            "give stage {} a limit longer than {}, or count it from the start \
                             of the stage (without `of the concern`)",
                            s.number,
                            words(before)
                        )),
                    );
                }
            }
        }
        elapsed = match (l.of_concern, elapsed, m) {
            (_, _, None) => Elapsed::Unknown,
            (true, _, Some(m)) | (false, Elapsed::None, Some(m)) => Elapsed::Known(m),
            (false, Elapsed::Known(a), Some(m)) => {
                add(a, m).map_or(Elapsed::Unknown, Elapsed::Known)
            }
            (false, Elapsed::Unknown, Some(_)) => Elapsed::Unknown,
        };
        prev = Some(s);
    }
}
