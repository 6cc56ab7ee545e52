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

#[test]
fn a_duty_may_share_its_name_with_a_declaration_of_another_kind() {
    // Duties are named only where a duty is expected, so `sufficiency` the duty and
    // `sufficiency` the artefact are told apart.
    let text = format!(
        "{HEAD}duty sufficiency {{ cpb submits sufficiency to scp; yearly in may; before annual }}\n"
    );
    let a = analyse_text("t.proto-gov", &text);
    assert!(a.diagnostics.is_empty(), "{}", human(&a));
    let v = json_of(&text);
    assert_eq!(duty(&v, "sufficiency")["artefact"], "sufficiency");
    // A duty declared twice, or two declarations of other kinds, still clash.
    let twice = format!("{text}duty sufficiency {{ cpb submits minutes to scp; yearly in may }}\n");
    assert_eq!(codes(&analyse_text("t.proto-gov", &twice)), ["PG0102"]);
    let two = format!("{text}body sufficiency \"A board\"\n");
    assert_eq!(codes(&analyse_text("t.proto-gov", &two)), ["PG0102"]);
    // A name of another kind where a duty is expected is still of the wrong kind, and a
    // duty where an artefact is expected too.
    let wrong = format!(
        "{HEAD}duty d {{ cpb submits sufficiency to scp; yearly in may; before minutes }}\n"
    );
    assert_eq!(codes(&analyse_text("t.proto-gov", &wrong)), ["PG0103"]);
    let wrong = format!("{HEAD}duty d {{ cpb submits annual to scp; yearly in may }}\n");
    assert_eq!(codes(&analyse_text("t.proto-gov", &wrong)), ["PG0103"]);
}

/// Every duty of tests/samples/duties.proto-gov, written as documents write them, checks
/// clean and lands in the JSON.
#[test]
fn the_samples_as_written_check_clean_and_land_in_the_json() {
    let text = std::fs::read_to_string(root().join("tests/samples/duties.proto-gov")).unwrap();
    let a = analyse_text("duties.proto-gov", &text);
    assert!(a.diagnostics.is_empty(), "{}", human(&a));
    let v = json_of(&text);
    let d = duty(&v, "oversight");
    assert_eq!(d["verb"], "holds");
    assert_eq!(d["artefact"], "council");
    assert_eq!(d["object_kind"], "body");
    assert_eq!(d["about"], "placement_sufficiency");
    assert_eq!(d["about_word"], "for");
    assert_eq!(d["oversees"], true);
    assert_eq!(d["dates"]["timing"], "standing");
    let d = duty(&v, "inspections");
    assert_eq!(d["verb"], "scrutinises");
    assert_eq!(d["object_kind"], "artefact");
    assert_eq!(d["trigger"], "inspection_published");
    assert_eq!(d["deadline"]["text"], "within 3 months");
    let d = duty(&v, "joint_report");
    assert_eq!(d["actors"], serde_json::json!(["scp", "sab"]));
    assert_eq!(d["recipients"], serde_json::json!(["hwb"]));
    // 31 October 2027 is a Sunday.
    assert_eq!(d["dates"]["next"][0], "2027-10-29");
    let d = duty(&v, "proposals");
    assert_eq!(d["artefact"], "proposals");
    assert_eq!(d["alternatives"], true);
    assert_eq!(
        d["recipients"],
        serde_json::json!(["lead_member", "cabinet"])
    );
    assert_eq!(d["deadline"]["text"], "within 20 working days");
    let d = duty(&v, "minutes");
    assert_eq!(d["modality"], "should");
    assert_eq!(d["soft"], true);
    assert_eq!(
        d["meeting"],
        serde_json::json!({"body": "lscb", "offset": "within", "n": 10, "unit": "working days", "text": "within 10 working days of each meeting of lscb"})
    );
    // The LSCB's meetings are not dated: meeting-relative, with no dates.
    assert_eq!(d["dates"]["timing"], "meeting");
    assert_eq!(d["dates"]["next"], serde_json::json!([]));
    let listed = v["unscheduled"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["duty"] == "minutes")
        .unwrap();
    assert_eq!(
        listed["when"],
        "within 10 working days of each meeting of lscb (its meetings are not dated)"
    );
    // The Board meets every six weeks from Thursday 5 November 2026: the young people's
    // session is due the working day before each meeting.
    let d = duty(&v, "youth_session");
    assert_eq!(d["meeting"]["offset"], "before");
    assert_eq!(d["meeting"]["body"], "cpb");
    assert_eq!(d["dates"]["timing"], "meeting");
    assert_eq!(
        d["dates"]["next"],
        serde_json::json!(["2026-12-16", "2027-01-27", "2027-03-10"])
    );
    assert_eq!(d["next_due"], "2026-12-16");
    // The calendar holds the session before each of the Board's meetings, and no
    // entry for the minutes of the LSCB, whose meetings are not dated.
    let cal = ics::emit(&a, &ics::Options::default())
        .unwrap()
        .replace("\r\n ", "");
    assert!(
        cal.contains("UID:duty.youth_session.2026-12-17.partnerships@protogov"),
        "{cal}"
    );
    assert!(cal.contains("DTSTART;VALUE=DATE:20261216"), "{cal}");
    assert!(!cal.contains("UID:duty.minutes."), "{cal}");
    let d = duty(&v, "review_response");
    assert_eq!(d["receipt"], "review_notification");
    assert_eq!(d["dates"]["timing"], "event");
    // The formatter keeps every line as written.
    let once = protogov::fmt::format_source(&text).expect("formats");
    for line in [
        "  cpb holds council to account for placement_sufficiency\n",
        "  within 10 working days of each meeting of lscb\n",
        "  before each meeting of cpb\n",
        "  on receipt of review_notification\n",
    ] {
        assert!(once.contains(line), "{once}");
    }
    assert_eq!(protogov::fmt::format_source(&once).unwrap(), once);
}

#[test]
fn each_verb_of_oversight_takes_the_object_it_needs() {
    let with = |line: &str| {
        let text = format!(
            "{HEAD}topic stability \"Placement stability\"\nduty d {{\n  {line}\n  ongoing\n  covers stability\n}}\n"
        );
        codes(&analyse_text("t.proto-gov", &text))
    };
    assert!(with("cpb holds scp to account for stability").is_empty());
    assert!(with("cpb holds scp_manager to account").is_empty());
    assert!(with("cpb consults scp on stability").is_empty());
    assert!(with("cpb notifies scp of inspection_published").is_empty());
    assert!(with("cpb influences scp").is_empty());
    assert!(with("cpb co-ordinates stability").is_empty());
    assert!(with("scp challenges cpb").is_empty());
    // A document to account, a body to lead, a topic of the wrong word.
    assert_eq!(with("cpb holds minutes to account"), ["PG0103"]);
    assert_eq!(with("cpb leads scp"), ["PG0103"]);
    assert_eq!(with("cpb holds scp to account for minutes"), ["PG0103"]);
    assert_eq!(with("cpb holds scp for stability"), ["PG0008"]);
    assert_eq!(with("cpb consults scp for stability"), ["PG0008"]);
    assert_eq!(with("cpb submits minutes to scp for stability"), ["PG0008"]);
    // `to account` after another verb is a recipient called `account`.
    let text = format!(
        "{HEAD}body account \"Accounts\"\nduty d {{ cpb submits minutes to account; yearly in may }}\n"
    );
    let a = analyse_text("t.proto-gov", &text);
    assert!(a.diagnostics.is_empty(), "{}", human(&a));
    let v = json_of(&text);
    assert_eq!(duty(&v, "d")["recipients"], serde_json::json!(["account"]));
}

#[test]
fn a_duty_set_off_by_another_is_checked_like_a_triggered_one() {
    let base = format!("{HEAD}duty first {{ cpb submits sufficiency to scp; when inspection_published; within 5 days }}\n");
    // No deadline after `on receipt of`: PG0117, as after `when`.
    let text = format!("{base}duty second {{ scp sends minutes to cpb; on receipt of first }}\n");
    assert_eq!(codes(&analyse_text("t.proto-gov", &text)), ["PG0117"]);
    // An unknown duty, with the declared one offered (never the duty itself).
    let text = format!(
        "{base}duty second {{ scp sends minutes to cpb; on receipt of frist; within 5 days }}\n"
    );
    let a = analyse_text("t.proto-gov", &text);
    assert_eq!(codes(&a), ["PG0101"]);
    assert_eq!(
        a.diagnostics[0].help.as_deref(),
        Some("did you mean `first`?")
    );
    // An artefact where a duty is expected.
    let text = format!(
        "{base}duty second {{ scp sends minutes to cpb; on receipt of minutes; within 5 days }}\n"
    );
    assert_eq!(codes(&analyse_text("t.proto-gov", &text)), ["PG0103"]);
}

#[test]
fn a_duty_against_each_meeting_counts_from_the_meetings() {
    // The Board meets on the 15th of each month from January 2026; 15 December 2026 is a
    // Tuesday, and ten working days after it skip Christmas Day and Boxing Day (whose
    // substitute is Monday 28 December).
    let text = HEAD.replace(
        "body cpb \"Corporate Parenting Board\"\n",
        "body cpb \"Corporate Parenting Board\" {\n  meets monthly on 15 january from 2026-01-15\n}\n",
    ) + "duty at { scp sends minutes to cpb; at each meeting of cpb }\n\
         duty before { scp sends minutes to cpb; before each meeting of cpb }\n\
         duty after { scp sends minutes to cpb; within 10 working days of each meeting of cpb }\n\
         duty weeks { scp sends minutes to cpb; within 2 weeks of each meeting of cpb }\n";
    let a = analyse_text("t.proto-gov", &text);
    assert!(a.diagnostics.is_empty(), "{}", human(&a));
    let v = json_of(&text);
    let next = |id: &str| duty(&v, id)["dates"]["next"].clone();
    assert_eq!(
        next("at"),
        serde_json::json!(["2026-12-15", "2027-01-15", "2027-02-15"])
    );
    assert_eq!(
        next("before"),
        serde_json::json!(["2026-12-14", "2027-01-14", "2027-02-12"])
    );
    // November's meeting moved from Sunday the 15th to Friday the 13th; two weeks after
    // a meeting counts in calendar days, and a Sunday would move to the Friday before.
    assert_eq!(
        next("after"),
        serde_json::json!(["2026-11-27", "2026-12-31", "2027-01-29"])
    );
    assert_eq!(
        next("weeks"),
        serde_json::json!(["2026-11-27", "2026-12-29", "2027-01-29"])
    );
    // Meetings with no dates: listed as meeting-relative, with no dates and no PG0115.
    let undated =
        HEAD.to_string() + "duty at { scp sends minutes to cpb; at each meeting of cpb }\n";
    let a = analyse_text("t.proto-gov", &undated);
    assert!(a.diagnostics.is_empty(), "{}", human(&a));
    let v = json_of(&undated);
    assert_eq!(duty(&v, "at")["dates"]["timing"], "meeting");
    assert_eq!(duty(&v, "at")["dates"]["next"], serde_json::json!([]));
    // A role's meetings are not a thing: the body slot takes a body.
    let role =
        HEAD.to_string() + "duty at { scp sends minutes to cpb; at each meeting of cpb_manager }\n";
    assert_eq!(codes(&analyse_text("t.proto-gov", &role)), ["PG0103"]);
}

#[test]
fn oversight_is_an_edge_of_its_own_in_the_graph_and_the_drawings() {
    use protogov::emit::{dot, svg};
    let text = std::fs::read_to_string(root().join("tests/samples/duties.proto-gov")).unwrap()
        + "duty challenge { scp challenges cpb; ongoing }\n";
    let a = analyse_text("duties.proto-gov", &text);
    assert!(a.diagnostics.is_empty(), "{}", human(&a));
    // In the JSON graph: who oversees whom, and by which duty.
    let v = json_of(&text);
    let oversight: Vec<(String, String, String)> = v["graph"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "oversees")
        .map(|e| {
            let s = |k: &str| e[k].as_str().unwrap_or_default().to_string();
            (s("from"), s("to"), s("duty"))
        })
        .collect();
    assert_eq!(
        oversight,
        [
            ("cpb".into(), "council".into(), "oversight".into()),
            ("scp".into(), "cpb".into(), "challenge".into())
        ]
    );
    // Graphviz reads the drawing and keeps the oversight lines apart, with their verbs.
    require_dot();
    let (json, stderr) = svg::run_dot(&["-Tjson"], &dot::emit(&a)).unwrap();
    assert!(stderr.trim().is_empty(), "dot warned:\n{stderr}");
    let drawn: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let lines: Vec<String> = drawn["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["color"] == "#7a1f5c")
        .map(|e| {
            format!(
                "{} {}",
                e["xlabel"].as_str().unwrap_or_default(),
                e["arrowhead"]
            )
        })
        .collect();
    assert_eq!(
        lines,
        ["holds to account \"odiamond\"", "challenges \"odiamond\""]
    );
    // The built-in drawing has the line style and its key.
    let drawing = String::from_utf8(svg::emit(&a, svg::Renderer::Embedded).unwrap()).unwrap();
    assert!(drawing.contains("stroke=\"#7a1f5c\""), "{drawing}");
    assert!(drawing.contains("oversight: scrutinises, holds to account"));
}

#[test]
fn each_member_of_a_group_delivers_to_the_others() {
    let text = format!(
        "{HEAD}body hwb \"Health and Wellbeing Board\"\ngroup partnerships \"The partnerships\" {{ includes cpb, scp and hwb }}\nduty exchange {{\n  each of partnerships sends minutes to the others\n  yearly in may\n}}\n"
    );
    let a = analyse_text("t.proto-gov", &text);
    assert!(a.diagnostics.is_empty(), "{}", human(&a));
    let v = json_of(&text);
    let d = duty(&v, "exchange");
    assert_eq!(d["each"], true);
    assert_eq!(d["to_the_others"], true);
    assert_eq!(
        d["deliveries"],
        serde_json::json!([
            {"from": "cpb", "to": ["scp", "hwb"]},
            {"from": "scp", "to": ["cpb", "hwb"]},
            {"from": "hwb", "to": ["cpb", "scp"]}
        ])
    );
    let mut pairs: Vec<String> = v["graph"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["duty"] == "exchange")
        .map(|e| {
            format!(
                "{}>{}",
                e["from"].as_str().unwrap(),
                e["to"].as_str().unwrap()
            )
        })
        .collect();
    pairs.sort();
    assert_eq!(
        pairs,
        ["cpb>hwb", "cpb>scp", "hwb>cpb", "hwb>scp", "scp>cpb", "scp>hwb"]
    );
    // The calendar has a series for each member, to the other two.
    let cal = ics::emit(&a, &ics::Options::default())
        .unwrap()
        .replace("\r\n ", "");
    for (member, to) in [
        (
            "cpb",
            "Safeguarding Children Partnership and Health and Wellbeing Board",
        ),
        (
            "scp",
            "Corporate Parenting Board and Health and Wellbeing Board",
        ),
        (
            "hwb",
            "Corporate Parenting Board and Safeguarding Children Partnership",
        ),
    ] {
        assert!(
            cal.contains(&format!("UID:duty.exchange.{member}.p@protogov")),
            "{cal}"
        );
        assert!(cal.contains(&format!("Minutes → {to}")), "{cal}");
    }
    let once = protogov::fmt::format_source(&text).expect("formats");
    assert!(
        once.contains("  each of partnerships sends minutes to the others\n"),
        "{once}"
    );
    // `the others` of a single body mean nothing; a body is not a group.
    let text = format!("{HEAD}duty d {{ cpb sends minutes to the others; yearly in may }}\n");
    assert_eq!(codes(&analyse_text("t.proto-gov", &text)), ["PG0008"]);
    let text =
        format!("{HEAD}duty d {{ each of cpb sends minutes to the others; yearly in may }}\n");
    assert_eq!(codes(&analyse_text("t.proto-gov", &text)), ["PG0103"]);
}

#[test]
fn holding_to_account_reads_in_the_passive_too() {
    let line = |l: &str| {
        format!("{HEAD}topic stability \"Placement stability\"\nduty d {{\n  {l}\n  ongoing\n  covers stability\n}}\n")
    };
    let active = line("cpb holds scp to account for stability");
    let v = json_of(&active);
    for passive in [
        "scp held to account by cpb for stability",
        "scp held to account for stability by cpb",
    ] {
        let text = line(passive);
        let a = analyse_text("t.proto-gov", &text);
        assert!(a.diagnostics.is_empty(), "{passive}: {}", human(&a));
        let p = json_of(&text);
        for field in [
            "actor",
            "verb",
            "artefact",
            "object_kind",
            "about",
            "oversees",
        ] {
            assert_eq!(
                duty(&p, "d")[field],
                duty(&v, "d")[field],
                "{passive}: {field}"
            );
        }
        assert_eq!(duty(&p, "d")["about"], "stability");
        let once = protogov::fmt::format_source(&text).expect("formats");
        assert!(
            once.contains("  scp held to account by cpb for stability\n"),
            "{once}"
        );
        assert_eq!(protogov::fmt::format_source(&once).unwrap(), once);
    }
}

#[test]
fn a_limit_beyond_any_calendar_after_each_meeting_gives_no_dates_at_once() {
    // Counting four billion working days a day at a time, for each meeting, took minutes.
    let text = std::fs::read_to_string(root().join("tests/samples/duties.proto-gov"))
        .unwrap()
        .replace(
            "before each meeting of cpb",
            "within 4000000000 working days of each meeting of cpb",
        );
    let a = analyse_text("duties.proto-gov", &text);
    assert!(a.diagnostics.is_empty(), "{}", human(&a));
    let v = json_of(&text);
    assert_eq!(
        duty(&v, "youth_session")["dates"]["next"],
        serde_json::json!([])
    );
    let cal = ics::emit(&a, &ics::Options::default()).unwrap();
    assert!(!cal.contains("UID:duty.youth_session."), "{cal}");
}

/// The drawing's table of duties says each sample duty as written: every actor of a joint
/// duty, one recipient or the other, and the timing against meetings, receipt and events.
#[test]
fn the_drawing_says_each_duty_as_written() {
    let out = run(&[
        "build",
        "tests/samples/duties.proto-gov",
        "--emit",
        "svg",
        "--out",
        "-",
        "--today",
        TODAY,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let svg = String::from_utf8_lossy(&out.stdout).replace("&apos;", "'");
    // The table wraps its lines; read it as one text.
    let text: String = svg
        .split("<text")
        .filter_map(|t| t.split_once('>').and_then(|(_, r)| r.split_once("</text>")))
        .map(|(t, _)| t)
        .collect::<Vec<_>>()
        .join(" ");
    for said in [
        "Safeguarding Children Partnership and Safeguarding Adults Board submit Joint annual report",
        "to Lead Member for Children's Services or Cabinet",
        "within 10 working days of each meeting of the Local Safeguarding Children Board",
        "before each meeting of the Corporate Parenting Board",
        "on receipt of: The Partnership notifies a review, within 10 working days",
        "holds The Council to account for Placement sufficiency, ongoing",
    ] {
        assert!(text.contains(said), "{said}\n{text}");
    }
}
