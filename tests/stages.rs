//! Escalation ladders: stages read in order into the JSON, drawn as a chain in the
//! reporting graph and the DOT, and kept on one line each by the formatter.

use crate::common::*;
use protogov::emit::{dot, json};
use protogov::fmt::format_source;

const LADDER: &str = r#"protocol p "P" {
  between a and b
  review every 2 years
  next review 2027-09
}
body a "Children's Social Care"
body b "Partner agency"
group agencies "Agencies" { includes a and b }
role practitioner "Practitioner" { member of b }
role team_manager "Team Manager" { member of a }
role lead "Lead for safeguarding"
artefact report "Annual report"
duty d1 { a submits report to b; yearly in september }
escalation disagreement "Resolution of professional disagreement" {
  when "a professional disagrees with another agency"
  stage 1 "Practitioners" attended by practitioner, team_manager within 2 working days "or sooner if the child is at risk"
  stage 2 "Leads" attended by lead within 48 hours when "stage 1 does not resolve it"
  stage 3 "Agencies" attended by agencies within 3 weeks of the concern
}
"#;

fn emitted(text: &str) -> serde_json::Value {
    let a = analyse_text("ladder.proto-gov", text);
    assert!(a.diagnostics.is_empty(), "{}", human(&a));
    let j = json::emit(
        &a,
        &json::Options {
            today: jiff::civil::date(2026, 1, 15),
            occurrences: 1,
        },
    );
    serde_json::from_str(&j).unwrap()
}

#[test]
fn the_stages_are_in_the_json_in_order_with_their_limits() {
    let v = emitted(LADDER);
    let stages = v["escalations"][0]["stages"].as_array().unwrap();
    let numbers: Vec<u64> = stages
        .iter()
        .map(|s| s["number"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, [1, 2, 3]);
    assert_eq!(
        stages[0]["participants"],
        serde_json::json!(["practitioner", "team_manager"])
    );
    assert_eq!(stages[0]["limit"]["text"], "2 working days");
    assert_eq!(stages[0]["limit"]["working_days"], 2);
    assert_eq!(stages[0]["limit"]["days"], serde_json::Value::Null);
    assert_eq!(
        stages[0]["limit"]["qualifier"],
        "or sooner if the child is at risk"
    );
    assert_eq!(stages[0]["trigger"], serde_json::Value::Null);
    // Hours are measured in calendar days, rounded up.
    assert_eq!(stages[1]["limit"]["unit"], "hour");
    assert_eq!(stages[1]["limit"]["days"], 2);
    assert_eq!(stages[1]["trigger"], "stage 1 does not resolve it");
    // A group takes part as the bodies it includes; as written, by its own name.
    assert_eq!(stages[2]["participants"], serde_json::json!(["a", "b"]));
    assert_eq!(
        stages[2]["participants_as_written"],
        serde_json::json!(["agencies"])
    );
    assert_eq!(stages[2]["limit"]["of_concern"], true);
    assert_eq!(stages[2]["limit"]["days"], 21);
    assert_eq!(stages[2]["limit"]["working_days"], 15);
}

#[test]
fn the_graph_draws_the_ladder_from_the_escalation_through_each_stage() {
    let v = emitted(LADDER);
    let nodes = v["graph"]["nodes"].as_array().unwrap();
    let stage_ids: Vec<&str> = nodes
        .iter()
        .filter(|n| n["kind"] == "stage")
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        stage_ids,
        [
            "disagreement.stage.1",
            "disagreement.stage.2",
            "disagreement.stage.3"
        ]
    );
    let edges = v["graph"]["edges"].as_array().unwrap();
    let chain: Vec<(String, String)> = edges
        .iter()
        .filter(|e| e["kind"] == "escalates")
        .map(|e| {
            (
                e["from"].as_str().unwrap().to_string(),
                e["to"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let pairs = [
        ("disagreement", "disagreement.stage.1"),
        ("disagreement.stage.1", "disagreement.stage.2"),
        ("disagreement.stage.2", "disagreement.stage.3"),
    ];
    assert_eq!(chain, pairs.map(|(a, b)| (a.to_string(), b.to_string())));
    let attends: Vec<(String, String)> = edges
        .iter()
        .filter(|e| e["kind"] == "attends")
        .map(|e| {
            (
                e["from"].as_str().unwrap().to_string(),
                e["to"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(attends.contains(&("lead".into(), "disagreement.stage.2".into())));
    assert!(attends.contains(&("a".into(), "disagreement.stage.3".into())));

    // Graphviz reads the DOT and lays the chain out.
    let a = analyse_text("ladder.proto-gov", LADDER);
    let d = dot::emit(&a);
    assert!(
        d.contains(r#""disagreement.stage.1" -> "disagreement.stage.2""#),
        "{d}"
    );
    let out = std::process::Command::new("dot")
        .arg("-Tplain")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin.take().unwrap().write_all(d.as_bytes())?;
            c.wait_with_output()
        })
        .unwrap();
    assert!(out.status.success());
    let plain = String::from_utf8_lossy(&out.stdout);
    assert!(plain.contains("node \"disagreement.stage.3\""), "{plain}");
}

#[test]
fn the_formatter_writes_a_stage_on_one_line_in_canonical_order() {
    let text = "escalation e \"E\" {\n  stage   01 \"S\"   attended by x ,y and z  within 5  working   days of the concern \"or sooner\" when \"w\"\n}\n";
    let out = format_source(text).unwrap();
    assert_eq!(
        out,
        "escalation e \"E\" {\n  stage 1 \"S\" attended by x, y and z within 5 working days of the concern \"or sooner\" when \"w\"\n}\n"
    );
    assert_eq!(format_source(&out).unwrap(), out);
}

#[test]
fn a_single_meeting_escalation_has_no_stages() {
    let v = emitted(
        r#"protocol p "P" {
  between a and b
  review every 2 years
  next review 2027-09
}
body a "A"
body b "B"
role a_chair "Chair of A" { chair of a }
role b_chair "Chair of B" { chair of b }
artefact report "Annual report"
duty d1 { a submits report to b; yearly in september }
escalation meeting "Escalation meeting" {
  when "a concern that cannot be resolved"
  attended by a_chair and b_chair
}
"#,
    );
    assert_eq!(v["escalations"][0]["stages"], serde_json::json!([]));
    assert_eq!(
        v["escalations"][0]["attended_by"],
        serde_json::json!(["a_chair", "b_chair"])
    );
    assert!(!v["graph"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n["kind"] == "stage"));
}

#[test]
fn the_calendar_lists_the_ladder_among_what_has_no_date() {
    let a = analyse_text("ladder.proto-gov", LADDER);
    let text = protogov::emit::ics::emit(&a, &Default::default()).unwrap();
    let unfolded = text.replace("\r\n ", "");
    assert!(
        unfolded.contains(
            "Resolution of professional disagreement\\; stage 1\\, Practitioner and Team Manager\\, within 2 working days\\; stage 2\\, Lead for safeguarding\\, within 48 hours"
        ),
        "{unfolded}"
    );
    // A party's own feed keeps the ladder when one of its people takes part at a stage.
    let options = protogov::emit::ics::Options {
        party: Some("b".into()),
        ..Default::default()
    };
    let feed = protogov::emit::ics::emit(&a, &options)
        .unwrap()
        .replace("\r\n ", "");
    assert!(feed.contains("stage 1\\, Practitioner"), "{feed}");
}

#[test]
fn a_stage_limit_in_an_unknown_unit_says_which_units_there_are() {
    let a = analyse_text(
        "bad.proto-gov",
        "escalation e \"E\" {\n  stage 1 \"Y\" attended by a within 5 fortnights\n}\n",
    );
    let d = a
        .diagnostics
        .iter()
        .find(|d| d.code.code == "PG0001")
        .expect("a syntax error");
    assert!(
        d.message
            .contains("working days, hours, days, weeks or months"),
        "{}",
        d.message
    );
    assert_eq!(&a.source.text[d.span.start..d.span.end], "fortnights");
}
