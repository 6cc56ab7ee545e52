//! Duties as documents write them: standing functions, soft duties, the verbs of
//! oversight and deadlines in working days.

use crate::common::*;
use protogov::emit::{ics, json};

const HEAD: &str = r#"protocol p "Test protocol" {
  between cpb and scp
  agreed by cpb on 2025-01-10
  review yearly
  next review 2027-01
}
body cpb "Corporate Parenting Board"
body scp "Safeguarding Children Partnership"
role scp_manager "Partnership Business Manager" { member of scp }
role cpb_manager "Board Business Manager" { member of cpb }
artefact inspection_report "Inspection report" { produced by scp }
artefact minutes "Minutes" { produced by scp }
artefact sufficiency "Placement sufficiency" { produced by cpb }
event inspection_published "An inspection report is published"
duty annual { cpb submits sufficiency to scp; yearly in june }
"#;

fn json_of(text: &str) -> serde_json::Value {
    let a = analyse_text("t.proto-gov", text);
    let options = json::Options {
        today: TODAY.parse().unwrap(),
        occurrences: 3,
    };
    serde_json::from_str(&json::emit(&a, &options)).unwrap()
}

fn duty<'v>(v: &'v serde_json::Value, id: &str) -> &'v serde_json::Value {
    v["duties"]
        .as_array()
        .and_then(|d| d.iter().find(|d| d["id"] == id))
        .unwrap_or_else(|| panic!("no duty `{id}`"))
}

#[test]
fn a_standing_function_needs_no_schedule_and_stays_out_of_calendars() {
    let text = format!(
        "{HEAD}duty oversight \"The Board monitors placement sufficiency\" {{\n  cpb monitors sufficiency\n  ongoing\n}}\n"
    );
    let a = analyse_text("t.proto-gov", &text);
    assert!(a.diagnostics.is_empty(), "{}", human(&a));
    let v = json_of(&text);
    assert_eq!(duty(&v, "oversight")["standing"], true);
    assert_eq!(duty(&v, "oversight")["dates"]["timing"], "standing");
    let cal = ics::emit(&a, &ics::Options::default()).unwrap();
    assert!(!cal.contains("monitors placement"), "{cal}");
    assert!(!cal.contains("Placement sufficiency ("), "{cal}");
    // Without `ongoing` the same duty is never due, and says so.
    let a = analyse_text("t.proto-gov", &text.replace("  ongoing\n", ""));
    assert_eq!(codes(&a), ["PG0115"]);
}

#[test]
fn should_makes_a_duty_soft_everywhere() {
    let text = format!(
        "{HEAD}duty share_minutes \"Minutes are shared\" {{\n  scp_manager should share minutes to cpb_manager\n  when inspection_published\n  within 10 working days\n}}\n"
    );
    let a = analyse_text("t.proto-gov", &text);
    assert!(a.diagnostics.is_empty(), "{}", human(&a));
    let v = json_of(&text);
    let d = duty(&v, "share_minutes");
    assert_eq!(d["modality"], "should");
    assert_eq!(d["soft"], true);
    assert_eq!(d["verb"], "shares");
    assert_eq!(d["deadline"]["text"], "within 10 working days");
    assert_eq!(d["deadline"]["days"], 14);
    let cal = ics::emit(&a, &ics::Options::default())
        .unwrap()
        .replace("\r\n ", "");
    assert!(
        cal.contains("Partnership Business Manager should share Minutes to Board Business Manager"),
        "{cal}"
    );
    // `must` is hard; the third-person form is taken after a modal verb too.
    let hard = json_of(&text.replace("should share", "must shares"));
    assert_eq!(duty(&hard, "share_minutes")["modality"], "must");
    assert_eq!(duty(&hard, "share_minutes")["soft"], false);
}

#[test]
fn a_soft_duty_binds_its_order_only_where_possible() {
    let ordered = |modal: &str| {
        let text = format!(
            "{HEAD}duty first {{ cpb {modal} sufficiency to scp; yearly in september; before second }}\nduty second {{ cpb submits sufficiency to scp; yearly in march }}\n"
        );
        codes(&analyse_text("t.proto-gov", &text))
    };
    assert_eq!(ordered("submits"), ["PG0302"]);
    assert_eq!(ordered("should submit"), ["PG0303"]);
    assert_eq!(ordered("may submit"), ["PG0303"]);
}

#[test]
fn the_verbs_of_oversight_read_and_format() {
    let text = format!(
        "{HEAD}duty inspections \"The Board scrutinises inspection reports\" {{\n  cpb scrutinises inspection_report\n  when inspection_published\n  within 3 months\n}}\n\nduty endorse {{\n  scp should endorse sufficiency\n  yearly in july\n}}\n"
    );
    let a = analyse_text("t.proto-gov", &text);
    assert!(a.diagnostics.is_empty(), "{}", human(&a));
    let v = json_of(&text);
    assert_eq!(duty(&v, "inspections")["verb"], "scrutinises");
    assert_eq!(duty(&v, "inspections")["delivers"], false);
    assert_eq!(duty(&v, "endorse")["verb"], "endorses");
    let once = protogov::fmt::format_source(&text).expect("formats");
    assert!(
        once.contains("  scp should endorse sufficiency\n"),
        "{once}"
    );
    assert_eq!(protogov::fmt::format_source(&once).unwrap(), once);
}

#[test]
fn a_scottish_document_skips_scotland_s_bank_holidays() {
    // St Andrew's Day, Monday 30 November 2026, is a bank holiday in Scotland only.
    let text = HEAD.replace("  review yearly\n", "  review yearly\n  holidays scotland\n")
        + "duty late_nov { cpb submits sufficiency to scp; yearly on the last working day of november }\n";
    let a = analyse_text("t.proto-gov", &text);
    assert!(a.diagnostics.is_empty(), "{}", human(&a));
    let v = json_of(&text);
    assert_eq!(duty(&v, "late_nov")["dates"]["next"][0], "2026-11-27");
    let england = json_of(&text.replace("  holidays scotland\n", ""));
    assert_eq!(duty(&england, "late_nov")["dates"]["next"][0], "2026-11-30");
    let once = protogov::fmt::format_source(&text).expect("formats");
    assert!(once.contains("  holidays scotland\n"), "{once}");
}

#[test]
fn joint_actors_and_alternative_recipients() {
    let text = format!(
        "{HEAD}body hwb \"Health and Wellbeing Board\"\nrole lead_member \"Lead Member\"\nduty joint {{\n  scp and cpb submit sufficiency to hwb\n  yearly in october\n}}\n\nduty either {{\n  cpb submits sufficiency to lead_member or hwb\n  when inspection_published\n  within 20 working days\n}}\n"
    );
    let a = analyse_text("t.proto-gov", &text);
    assert!(a.diagnostics.is_empty(), "{}", human(&a));
    let v = json_of(&text);
    assert_eq!(
        duty(&v, "joint")["actors"],
        serde_json::json!(["scp", "cpb"])
    );
    assert_eq!(duty(&v, "joint")["verb"], "submits");
    assert_eq!(duty(&v, "either")["alternatives"], true);
    assert_eq!(
        duty(&v, "either")["recipients"],
        serde_json::json!(["lead_member", "hwb"])
    );
    // Both actors send to the Board in the reporting graph.
    let from: Vec<&str> = v["graph"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["duty"] == "joint")
        .filter_map(|e| e["from"].as_str())
        .collect();
    assert_eq!(from, ["scp", "cpb"], "{}", v["graph"]["edges"]);
    let once = protogov::fmt::format_source(&text).expect("formats");
    assert!(
        once.contains("  scp and cpb submit sufficiency to hwb\n"),
        "{once}"
    );
    assert!(once.contains("to lead_member or hwb\n"), "{once}");
    assert_eq!(protogov::fmt::format_source(&once).unwrap(), once);
}
