//! Meeting calendars and the meetings duties reach: the cases a review of the first
//! version found wrong, each as the user would meet it.

use crate::common::*;
use protogov::meetings;

const HEADER: &str = "protocol p \"P\" {\n  between cpb and scp\n  review every 2 years\n  next review 2028-01\n}\nartefact rep \"Report\"\nbody scp \"Partnership\"\n";

fn with(body: &str, rest: &str) -> String {
    format!("{HEADER}body cpb \"Board\" {{\n{body}\n}}\n{rest}")
}

/// The Board's meetings from `from` to `to`, as the plan words them.
fn meetings_of(text: &str, from: &str, to: &str) -> Vec<String> {
    let a = analyse_text("m.proto-gov", text);
    let b = a.model.body("cpb").expect("the board");
    meetings::of_body(b, from.parse().unwrap(), to.parse().unwrap())
        .iter()
        .map(|m| m.words())
        .collect()
}

#[test]
fn meetings_every_few_weeks_are_on_known_days() {
    let text = with("  meets every 2 weeks from 2026-01-06", "");
    let got = meetings_of(&text, "2027-01-01", "2027-01-31");
    assert_eq!(got, ["Tuesday 5 January 2027", "Tuesday 19 January 2027"]);
}

#[test]
fn an_extra_meeting_on_a_cancelled_day_stands() {
    let text = with(
        "  meets on the second tuesday of july\n  cancelled 2027-07-13\n  extra meeting 2027-07-13 at 10:00",
        "",
    );
    let got = meetings_of(&text, "2027-07-01", "2027-07-31");
    assert_eq!(got, ["Tuesday 13 July 2027 at 10:00"]);
}

#[test]
fn a_meeting_date_that_does_not_exist_is_an_error() {
    let text = with(
        "  meetings 2027-02-30, 2027-06-31 and 2027-07-14\n  cancelled 2027-02-31\n  extra meeting 2027-13-01",
        "",
    );
    let a = analyse_text("m.proto-gov", &text);
    let bad: Vec<&str> = a
        .diagnostics
        .iter()
        .filter(|d| d.code.code == "PG0201")
        .map(|d| &text[d.span.start..d.span.end])
        .collect();
    assert_eq!(
        bad,
        ["2027-02-30", "2027-06-31", "2027-02-31", "2027-13-01"]
    );
}

#[test]
fn a_limit_is_measured_against_the_wait_past_the_year() {
    // One meeting a year: the wait from it to the next is a year, though the coming year
    // holds only one meeting.
    let text = with(
        "  meets on the first tuesday of june",
        "event ev \"E\"\nduty d { scp submits rep to cpb; when ev; within 28 days }\n",
    );
    let a = analyse_text("m.proto-gov", &text);
    assert!(codes(&a).contains(&"PG1006".to_string()), "{}", human(&a));
}

#[test]
fn the_fix_for_a_late_item_moves_it_only_to_months_the_body_meets() {
    // Due in June and September; the Board meets in July only: no month to propose for
    // both, so no fix, only the help.
    let text = with(
        "  meets on the second tuesday of july",
        "duty d { scp submits rep to cpb; six-monthly in june and december }\n",
    );
    let a = analyse_text("m.proto-gov", &text);
    let d = a
        .diagnostics
        .iter()
        .find(|d| d.code.code == "PG1005")
        .expect("a late item");
    assert!(d.fixes.is_empty(), "{:?}", d.fixes);
    // Due by 30 June, the Board meets in July: the fix names what it writes.
    let text = with(
        "  meets on the second tuesday of july",
        "duty d { scp submits rep to cpb; yearly by 30 june }\n",
    );
    let a = analyse_text("m.proto-gov", &text);
    let d = a
        .diagnostics
        .iter()
        .find(|d| d.code.code == "PG1005")
        .expect("a late item");
    assert_eq!(d.fixes[0].label, "move the duty to `in july`");
    // One reading among others (the Board might add a June meeting): applied by hand, as
    // an editor's quick fix applies it.
    assert!(!d.fixes[0].safe);
    let edit = &d.fixes[0].edits[0];
    let mut fixed = text.clone();
    fixed.replace_range(edit.span.start..edit.span.end, &edit.text);
    let a = analyse_text("m.proto-gov", &fixed);
    assert!(!codes(&a).contains(&"PG1005".to_string()), "{}", human(&a));
}
