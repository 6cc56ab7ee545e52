//! Terms of reference, membership, chairs, people in post and groups: the lines documents
//! write read clean, land in the model and the JSON with their values, format to
//! themselves, and reach the calendar, hover and completion.

use crate::common::*;
use protogov::analysis::{analyse, Analysis, Options};
use protogov::emit::{ics, json};
use protogov::source::SourceFile;

/// Every line of the reference's terms-of-reference example, exactly as written, with the
/// bodies they name and a duty to a group.
const SAMPLE: &str = r#"terms of reference cpb_tor "Corporate Parenting Board: Terms of Reference" {
  clause "front matter"
  for cpb
  effective from 2025-04-01
  agreed in principle by cyps_committee on 2025-01-14
  approved by council on 2025-02-20 on the recommendation of cyps_committee
  version "v3" on 2025-02-20
  version "v2 draft" on 2024-11-02
  review yearly from 2025-04-01 or when "legislation changes"
}

body cpb "Corporate Parenting Board" {
  kind board
  area "Northshire" and "Southshire"
  established 2019 under "Children and Social Work Act 2017, section 1"
  members 7 "elected members", politically proportionate
  members 3 "care-experienced young people", co-opted
  members 2 "foster carers", co-opted, non-voting
  vacancies 1
  quorum 3 members including 1 "elected member"
  meets at least 6 times a year
  open to the public
}

role cpb_chair "Chair of the Corporate Parenting Board" {
  chair of cpb
  elected by cpb at its first meeting, then yearly by council
  held by "Cllr A. Example" from 2024-05-20
}

role cpb_vice_chair "Vice-Chair of the Corporate Parenting Board" {
  vice chair of cpb
  stands in for cpb_chair when "the Chair is absent"
}

role lead_member "Lead Member for Children's Services" {
  attends cpb
  member of cscp, ex officio
}

role borough_commander "Borough Commander" {
  co-chair of csp
}

group partnerships "the Safeguarding Partnerships" {
  includes cscp, sab and csp
}

body council "Northshire Council"
body cyps_committee "Children and Young People's Services Committee"
body cscp "Children's Safeguarding Partnership"
body sab "Safeguarding Adults Board"
body csp "Community Safety Partnership"

artefact cpb_annual_report "The Board's annual report"

duty cpb_annual "The Board's annual report goes to the partnerships" {
  cpb submits cpb_annual_report to partnerships
  yearly in june
}
"#;

/// The day the sample is read on: after it took effect, before its first review.
const READ_ON: &str = "2026-01-10";

fn sample(text: &str) -> Analysis {
    let options = Options {
        today: READ_ON.parse().expect("a date"),
    };
    analyse(SourceFile::new("tor.proto-gov", text), &options)
}

fn json_of(a: &Analysis) -> serde_json::Value {
    let options = json::Options {
        today: READ_ON.parse().expect("a date"),
        occurrences: 3,
    };
    serde_json::from_str(&json::emit(a, &options)).expect("JSON")
}

fn find<'v>(list: &'v serde_json::Value, id: &str) -> &'v serde_json::Value {
    list.as_array()
        .and_then(|l| l.iter().find(|x| x["id"] == id))
        .unwrap_or_else(|| panic!("no `{id}` in {list}"))
}

#[test]
fn the_documents_lines_read_clean_and_land_in_the_json() {
    let a = sample(SAMPLE);
    assert!(a.diagnostics.is_empty(), "{}", human(&a));
    let v = json_of(&a);
    let p = &v["protocol"];
    assert_eq!(p["document"], "terms of reference");
    assert_eq!(p["for_body"], "cpb");
    assert_eq!(p["effective_from"], "2025-04-01");
    assert_eq!(p["agreed"][0]["by"], "cyps_committee");
    assert_eq!(p["agreed"][0]["in_principle"], true);
    assert_eq!(p["agreed"][0]["on"], "2025-01-14");
    assert_eq!(p["agreed"][1]["by"], "council");
    assert_eq!(p["agreed"][1]["in_principle"], false);
    assert_eq!(p["agreed"][1]["recommended_by"], "cyps_committee");
    assert_eq!(p["version"], "v3");
    assert_eq!(p["versions"][1]["label"], "v2 draft");
    assert_eq!(p["versions"][1]["on"], "2024-11-02");
    assert_eq!(p["review"]["or_when"], "legislation changes");
    // Counted from the day it took effect: the first review is a year later.
    assert_eq!(p["review"]["next_due"], "2026-04-01");

    let cpb = find(&v["bodies"], "cpb");
    assert_eq!(cpb["area"], serde_json::json!(["Northshire", "Southshire"]));
    assert_eq!(cpb["established"], "2019");
    assert_eq!(
        cpb["established_under"],
        "Children and Social Work Act 2017, section 1"
    );
    assert_eq!(cpb["seats"][0]["count"], 7);
    assert_eq!(cpb["seats"][0]["who"], "elected members");
    assert_eq!(
        cpb["seats"][0]["classes"],
        serde_json::json!(["politically_proportionate"])
    );
    assert_eq!(
        cpb["seats"][2]["classes"],
        serde_json::json!(["co_opted", "non_voting"])
    );
    assert_eq!(cpb["seats"][2]["voting"], false);
    assert_eq!(cpb["voting_seats"], 10);
    assert_eq!(cpb["vacancies"], 1);
    assert_eq!(cpb["quorum"]["count"], 3);
    assert_eq!(cpb["quorum"]["including"][0]["count"], 1);
    assert_eq!(cpb["quorum"]["including"][0]["who"], "elected member");
    assert_eq!(cpb["meetings_per_year"]["count"], 6);
    assert_eq!(cpb["meetings_per_year"]["at_least"], true);
    assert_eq!(cpb["open_to_public"], true);

    let chair = find(&v["roles"], "cpb_chair");
    assert_eq!(chair["seats"][0]["seat"], "chair");
    assert_eq!(chair["elected"]["by"], "cpb");
    assert_eq!(chair["elected"]["at_first_meeting"], true);
    assert_eq!(chair["elected"]["then_cadence"], "yearly");
    assert_eq!(chair["elected"]["then_by"], "council");
    assert_eq!(chair["held_by"][0]["name"], "Cllr A. Example");
    assert_eq!(chair["held_by"][0]["from"], "2024-05-20");
    let vice = find(&v["roles"], "cpb_vice_chair");
    assert_eq!(vice["seats"][0]["seat"], "vice_chair");
    assert_eq!(vice["stands_in_for"][0]["role"], "cpb_chair");
    assert_eq!(vice["stands_in_for"][0]["when"], "the Chair is absent");
    let lead = find(&v["roles"], "lead_member");
    assert_eq!(lead["seats"][0]["seat"], "attends");
    assert_eq!(lead["seats"][1]["seat"], "member");
    assert_eq!(
        lead["seats"][1]["classes"],
        serde_json::json!(["ex_officio"])
    );
    let commander = find(&v["roles"], "borough_commander");
    assert_eq!(commander["seats"][0]["seat"], "co_chair");

    let group = find(&v["groups"], "partnerships");
    assert_eq!(group["bodies"], serde_json::json!(["cscp", "sab", "csp"]));
    let duty = &v["duties"][0]["duty"];
    let duty = if duty.is_null() {
        &v["duties"][0]
    } else {
        duty
    };
    assert_eq!(
        duty["recipients"],
        serde_json::json!(["cscp", "sab", "csp"])
    );
    assert_eq!(
        duty["recipients_as_written"],
        serde_json::json!(["partnerships"])
    );
}

#[test]
fn the_sample_formats_to_itself_with_the_canonical_keywords() {
    let once = protogov::fmt::format_source(SAMPLE).expect("formats");
    // The one spelling the formatter changes: `approved by` is written `agreed by`.
    assert_eq!(
        once,
        SAMPLE.replace("  approved by council", "  agreed by council")
    );
    assert_eq!(protogov::fmt::format_source(&once).expect("again"), once);
}

#[test]
fn a_group_reaches_each_body_s_calendar() {
    let a = sample(SAMPLE);
    for party in ["cscp", "sab", "csp"] {
        let options = ics::Options {
            party: Some(party.to_string()),
            ..ics::Options::default()
        };
        let text = ics::emit(&a, &options).expect("a calendar");
        // Unfolded and unescaped, as a calendar reads it.
        let text = text.replace("\r\n ", "").replace("\\,", ",");
        assert!(
            text.contains("The Board's annual report → Children's Safeguarding Partnership, Safeguarding Adults Board and Community Safety Partnership, from Corporate Parenting Board"),
            "{party}:\n{text}"
        );
    }
    let options = ics::Options {
        party: Some("council".to_string()),
        ..ics::Options::default()
    };
    let text = ics::emit(&a, &options).expect("a calendar");
    assert!(!text.contains("annual report"), "{text}");
}

#[test]
fn two_chairs_become_co_chairs_with_the_fix() {
    let text = SAMPLE.replace("  co-chair of csp", "  chair of csp")
        + "role council_lead \"Council lead\" {\n  chair of csp\n}\n";
    let a = sample(&text);
    assert_eq!(codes(&a), ["PG0603"], "{}", human(&a));
    let d = &a.diagnostics[0];
    assert!(d.fixes.iter().all(|f| !f.safe));
    let (fixed, _) = protogov::fix::apply(&text, d.fixes.first());
    assert_eq!(fixed.matches("co-chair of csp").count(), 2, "{fixed}");
    assert!(sample(&fixed).diagnostics.is_empty());
}

#[test]
fn hover_and_completion_know_the_constitution() {
    let a = sample(SAMPLE);
    let at = |needle: &str| SAMPLE.find(needle).expect("in the sample") + 1;
    let body = protogov::lsp::hover::hover(&a, at("body cpb") + 5).expect("a hover");
    for line in [
        "Area: Northshire and Southshire",
        "7 elected members (politically proportionate)",
        "Quorum: 3 members, including 1 elected member",
        "Meets at least 6 times a year",
        "Open to the public",
    ] {
        assert!(body.markdown.contains(line), "{line}:\n{}", body.markdown);
    }
    let chair = protogov::lsp::hover::hover(&a, at("role cpb_chair") + 5).expect("a hover");
    assert!(
        chair
            .markdown
            .contains("Elected by cpb at its first meeting, then yearly by council"),
        "{}",
        chair.markdown
    );
    assert!(chair
        .markdown
        .contains("Held by Cllr A. Example from 2024-05-20"));
    // In a role's block, completion offers the new seats and lines.
    let offset = SAMPLE.find("  chair of cpb\n").expect("a seat") + 2;
    let offered: Vec<String> = protogov::lsp::completion::complete(&a, offset)
        .into_iter()
        .map(|i| i.label)
        .collect();
    for label in [
        "vice",
        "co-chair",
        "attends",
        "elected by",
        "stands in for",
        "held by",
    ] {
        assert!(offered.iter().any(|o| o == label), "{label}: {offered:?}");
    }
}
