//! Duties: each must say who does what, for whom, and when.

use crate::diagnostic::{CodeInfo, Diagnostic, Phase, Severity};
use crate::model::Model;

/// A duty with no action line.
pub static PG0111: CodeInfo = CodeInfo {
    code: "PG0111",
    severity: Severity::Error,
    phase: Phase::Semantic,
    summary: "a duty does not say who does what",
    explanation: "\
## What it means
A duty has no action line (`ACTOR VERB ARTEFACT to RECIPIENTS`).

## Why it matters
A duty that names no action cannot be scheduled, drawn or checked; it is only a heading.

## Example
```
duty annual_report {
  yearly in september
}
```

## Fix
```
duty annual_report {
  cpb submits annual_report to scp
  yearly in september
}
```",
};

/// A duty with no one responsible.
pub static PG0112: CodeInfo = CodeInfo {
    code: "PG0112",
    severity: Severity::Warning,
    phase: Phase::Semantic,
    summary: "a duty names nobody responsible for it",
    explanation: "\
## What it means
The action line is in the passive voice with no `by`: something \"is reported\", but the
protocol does not say by whom. The seeds do this with performance indicators: \"Local and
National Performance Indicators … are reported to both the Corporate Parenting Board and
the Safeguarding Children Partnership.\"

## Why it matters
A duty nobody owns is a duty nobody does. When it lapses there is no one to ask.

## Example
```
duty indicators {
  performance_indicators reported to cpb and scp
}
```

## Fix
Name the actor, in either voice:
```
duty indicators {
  performance_indicators reported to cpb and scp by dcs
}
```",
};

/// An actor that is its own recipient.
pub static PG0113: CodeInfo = CodeInfo {
    code: "PG0113",
    severity: Severity::Warning,
    phase: Phase::Semantic,
    summary: "a duty's actor is also its recipient",
    explanation: "\
## What it means
The same body or role both sends the artefact and receives it.

## Why it matters
A report a body sends to itself is not a relationship between bodies; it is usually a
slip for another recipient.

## Example
```
duty d {
  cpb submits annual_report to cpb
}
```

## Fix
```
duty d {
  cpb submits annual_report to scp
}
```",
};

/// A delivering verb with no recipients.
pub static PG0114: CodeInfo = CodeInfo {
    code: "PG0114",
    severity: Severity::Warning,
    phase: Phase::Semantic,
    summary: "a duty sends something to nobody",
    explanation: "\
## What it means
The verb (`submits`, `presents`, `reports`, `sends`, …) moves an artefact to someone, but
the line names no recipient.

## Why it matters
The duty cannot appear on any recipient's calendar or in the diagram.

## Example
```
duty d {
  cpb submits annual_report
}
```

## Fix
```
duty d {
  cpb submits annual_report to scp
}
```",
};

/// A duty with no timing at all.
pub static PG0115: CodeInfo = CodeInfo {
    code: "PG0115",
    severity: Severity::Warning,
    phase: Phase::Semantic,
    summary: "a duty says neither how often nor on what event it is due",
    explanation: "\
## What it means
The duty has no cadence line (`yearly in september`) and no trigger (`when EVENT`).

## Why it matters
Nobody can tell when it falls due, so nobody can tell when it is late.

## Example
```
duty indicators {
  dcs reports performance_indicators to cpb
}
```

## Fix
```
duty indicators {
  dcs reports performance_indicators to cpb
  quarterly in march
}
```",
};

/// A deadline with nothing to count from.
pub static PG0116: CodeInfo = CodeInfo {
    code: "PG0116",
    severity: Severity::Warning,
    phase: Phase::Semantic,
    summary: "a deadline with no event to count from",
    explanation: "\
## What it means
The duty says `within N days` but has no `when EVENT` line: within 28 days of what?

## Why it matters
A deadline without a starting point cannot be measured.

## Example
```
duty audit_findings {
  scp reports audit_findings to cpb
  within 28 days
}
```

## Fix
```
event audit_completed \"A quality assurance audit is completed\"
duty audit_findings {
  scp reports audit_findings to cpb
  when audit_completed
  within 28 days
}
```",
};

/// A triggered duty with no deadline.
pub static PG0117: CodeInfo = CodeInfo {
    code: "PG0117",
    severity: Severity::Warning,
    phase: Phase::Semantic,
    summary: "a duty set off by an event has no deadline",
    explanation: "\
## What it means
The duty is due `when EVENT`, but says nothing about how soon after the event it must be
done: there is no `within N days|weeks|months|years` line.

## Why it matters
An event-driven duty with no limit is never late. Findings reported a year after the
audit meet the protocol as well as findings reported the next day, and nobody can say the
arrangement was broken.

## Example
```
duty audit_findings {
  scp reports audit_findings to cpb
  when audit_completed
}
```

## Fix
```
duty audit_findings {
  scp reports audit_findings to cpb
  when audit_completed
  within 28 days
}
```
When the document sets no limit, choose one and say in a comment that it is the boards'
choice.",
};

/// Every code of this module.
pub static CODES: &[&CodeInfo] = &[
    &PG0111, &PG0112, &PG0113, &PG0114, &PG0115, &PG0116, &PG0117,
];

/// Check every duty's action, recipients and timing.
pub fn check(model: &Model) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for d in &model.duties {
        let id = &d.common.id;
        let Some(action) = d.action_span else {
            if d.incomplete {
                continue;
            }
            out.push(
                Diagnostic::new(
                    &PG0111,
                    d.common.name_span,
                    format!("duty `{id}` has no action line"),
                )
                .with_primary("who does what, for whom?")
                .with_help("add a line such as `cpb submits annual_report to scp`"),
            );
            continue;
        };
        if d.actor.is_none() {
            out.push(
                Diagnostic::new(&PG0112, action, format!("nobody is responsible for duty `{id}`"))
                    .with_primary("the line is passive and names no actor")
                    .with_help("add `by BODY` at the end of the line, or write it as `BODY VERB ARTEFACT to …`"),
            );
        }
        if let Some(actor) = &d.actor {
            for r in &d.recipients {
                if r.same_name(actor) {
                    out.push(
                        Diagnostic::new(
                            &PG0113,
                            r.span,
                            format!("`{}` sends to itself in duty `{id}`", r.name),
                        )
                        .with_primary("the recipient is the actor")
                        .with_label(actor.span, "the actor")
                        .with_help("name the body that should receive it"),
                    );
                }
            }
        }
        if d.delivers && d.recipients.is_empty() && !d.to_others {
            let verb = d.verb.unwrap_or("sends");
            out.push(
                Diagnostic::new(&PG0114, action, format!("duty `{id}` {verb} to nobody"))
                    .with_primary("no `to` in this line")
                    .with_help("add `to BODY` naming who receives it"),
            );
        }
        // A duty with a line that did not parse may have lost its schedule there: the
        // syntax error is the one to fix.
        // A duty set off by another's delivery, or dated from a body's meetings, has its
        // time stated (its meetings may not be dated yet: a later line may date them).
        let timed = d.receipt.is_some() || d.meeting.is_some();
        if d.cadence.is_none() && d.trigger.is_none() && !timed && !d.incomplete && !d.standing {
            out.push(
                Diagnostic::new(&PG0115, d.common.name_span, format!("duty `{id}` has no cadence and no trigger"))
                    .with_primary("when is this due?")
                    .with_label(action, "this is done, but never at a stated time")
                    .with_help("add a cadence such as `yearly in september`, or `when EVENT` for a duty an event sets off"),
            );
        }
        // As for the schedule, a line that did not parse may have been the deadline.
        let set_off = d.trigger.as_ref().or(d.receipt.as_ref());
        if let (Some(event), None, false) = (set_off, &d.deadline, d.incomplete) {
            out.push(
                Diagnostic::new(
                    &PG0117,
                    event.span,
                    format!("duty `{id}` has no deadline after `{}`", event.name),
                )
                .with_primary("due when this happens, but by when?")
                .with_help("add a deadline such as `within 28 days` to the duty"),
            );
        }
        if let Some(dl) = &d.deadline {
            if !dl.vague && set_off.is_none() {
                out.push(
                    Diagnostic::new(&PG0116, dl.span, format!("`{}` of what?", dl.text))
                        .with_primary("nothing to count from")
                        .with_help("add `when EVENT` naming the event the deadline counts from, or `on receipt of DUTY`"),
                );
            }
        }
    }
    out
}
