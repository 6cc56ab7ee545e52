//! Inlay hints: after a duty's schedule line, the day it is next due and the meeting of
//! each body it goes to that it lands on; after a document's `review` line, the next
//! review and whether it is overdue. Only the declarations in the range asked for are
//! looked at.

use super::actions::item_span;
use crate::analysis::Analysis;
use crate::meetings;
use crate::model::{Duty, Model};
use crate::source::Span;
use crate::syntax::ast::{Decl, DeclKind, Item, PropKind};
use jiff::civil::Date;
use jiff::ToSpan;

/// One hint: its text, shown at byte `at` (the end of the line it is about).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    /// Where it is shown.
    pub at: usize,
    /// What it says.
    pub label: String,
}

/// The hints for the declarations of `items` that overlap `range`, judged against `today`.
pub fn hints(analysis: &Analysis, items: &[Item], range: Span, today: Date) -> Vec<Hint> {
    let first = items.partition_point(|it| item_span(it).end < range.start);
    let mut out = Vec::new();
    for item in items[first..]
        .iter()
        .take_while(|it| item_span(it).start <= range.end)
    {
        let Item::Decl(decl) = item else {
            continue;
        };
        let model = &analysis.model;
        match decl.kind {
            DeclKind::Duty => {
                // The duty declared here, not another of the same name.
                let found = model.duty(&decl.name.name);
                if let Some(d) = found.filter(|d| d.common.span == decl.span) {
                    duty_hints(model, decl, d, range, &mut out);
                }
            }
            DeclKind::Protocol | DeclKind::Terms => {
                review_hints(model, decl, range, today, &mut out)
            }
            _ => {}
        }
    }
    out
}

/// A day as the hints write it: "Fri 29 Jan 2027".
fn day(d: Date) -> String {
    d.strftime("%a %-d %b %Y").to_string()
}

fn duty_hints(model: &Model, decl: &Decl, d: &Duty, range: Span, out: &mut Vec<Hint>) {
    let Some(due) = d.next_due else {
        return;
    };
    let Some(line) = decl.props().iter().find(|p| {
        matches!(p.kind, PropKind::Schedule { .. })
            && p.span.end >= range.start
            && p.span.end <= range.end
    }) else {
        return;
    };
    let at = line.span.end;
    out.push(Hint {
        at,
        label: format!("next due {}", day(due)),
    });
    if d.timing() != crate::model::Timing::Dated {
        return;
    }
    for b in meetings::recipient_bodies(model, d) {
        let Some(body) = model.bodies.get(b) else {
            continue;
        };
        if !meetings::has_calendar(body) {
            continue;
        }
        // From two months before (the month the rule names) to a year after (a late item
        // lands on a meeting after it).
        let (Ok(from), Ok(to)) = (due.checked_sub(62.days()), due.checked_add(400.days())) else {
            continue;
        };
        let held = meetings::of_body(body, from, to);
        let landing = meetings::landings(model, d, b, &held, due, due);
        let Some(meeting) = landing.first().and_then(|l| l.meeting.map(|m| (m, l.late))) else {
            continue;
        };
        let (m, late) = meeting;
        let name = body
            .short
            .first()
            .map_or(body.common.id.as_str(), |s| s.as_str());
        let when = if m.day_known {
            day(m.date)
        } else {
            m.date.strftime("%b %Y").to_string()
        };
        let late = if late { ", late" } else { "" };
        out.push(Hint {
            at,
            label: format!("→ {name}, {when}{late}"),
        });
    }
}

fn review_hints(model: &Model, decl: &Decl, range: Span, today: Date, out: &mut Vec<Hint>) {
    // In a set, each file's document is its own.
    let Some(p) = model.documents().find(|p| p.common.span == decl.span) else {
        return;
    };
    let Some(next) = p.review.next_due else {
        return;
    };
    let props = decl.props();
    let line = props
        .iter()
        .find(|p| matches!(p.kind, PropKind::Review { .. }))
        .or_else(|| {
            props
                .iter()
                .find(|p| matches!(p.kind, PropKind::NextReview(_)))
        });
    let Some(line) = line.filter(|l| l.span.end >= range.start && l.span.end <= range.end) else {
        return;
    };
    let overdue = if next < today { ", overdue" } else { "" };
    out.push(Hint {
        at: line.span.end,
        label: format!("next review {}{overdue}", day(next)),
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{analyse, Options};
    use crate::source::SourceFile;

    fn labels(text: &str, today: Date) -> Vec<(String, String)> {
        let a = analyse(SourceFile::new("t", text), &Options { today });
        hints(&a, a.items(), Span::new(0, text.len()), today)
            .into_iter()
            .map(|h| {
                let line = text[..h.at]
                    .rsplit('\n')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_string();
                (line, h.label)
            })
            .collect()
    }

    const TEXT: &str = "protocol p \"P\" {\n  between a and b\n  review every 2 years\n  next review 2026-03-31\n}\nbody a \"A\" {\n  short \"AB\"\n  meets on the second tuesday of january, april, july and october\n}\nbody b \"B\"\nartefact r \"R\"\nduty d \"D\" {\n  b submits r to a\n  yearly on 1 may\n}\n";

    #[test]
    fn a_duty_shows_its_next_due_day_and_the_meeting_it_lands_on() {
        let got = labels(TEXT, jiff::civil::date(2026, 1, 15));
        assert!(
            got.contains(&("yearly on 1 may".into(), "next due Fri 1 May 2026".into())),
            "{got:?}"
        );
        // No meeting in May: the first after it, in July, and late.
        assert!(
            got.contains(&(
                "yearly on 1 may".into(),
                "→ AB, Tue 14 Jul 2026, late".into()
            )),
            "{got:?}"
        );
    }

    #[test]
    fn the_review_is_overdue_once_its_day_has_passed() {
        let before = labels(TEXT, jiff::civil::date(2026, 1, 15));
        assert!(
            before.contains(&(
                "review every 2 years".into(),
                "next review Tue 31 Mar 2026".into()
            )),
            "{before:?}"
        );
        let after = labels(TEXT, jiff::civil::date(2026, 6, 1));
        assert!(
            after.contains(&(
                "review every 2 years".into(),
                "next review Tue 31 Mar 2026, overdue".into()
            )),
            "{after:?}"
        );
    }

    #[test]
    fn only_the_range_asked_for() {
        let a = analyse(
            SourceFile::new("t", TEXT),
            &Options {
                today: jiff::civil::date(2026, 1, 15),
            },
        );
        let duty = TEXT.find("duty d").unwrap();
        let got = hints(
            &a,
            a.items(),
            Span::new(0, duty),
            jiff::civil::date(2026, 1, 15),
        );
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].label.starts_with("next review"));
    }
}
