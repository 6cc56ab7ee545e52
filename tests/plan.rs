//! The forward plan (`protogov plan`): items land on the meetings they should, late ones
//! say so, and each format is read back: the CSV by Python's `csv`, the JSON against the
//! committed schema by Python's `jsonschema`.

use crate::common::*;
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

/// Two boards with meeting calendars (a rule with a time; agreed dates with a cancelled
/// and an extra meeting), one that meets in named months on no set day, one with no
/// meeting dates, and duties of every timing.
const PLAN: &str = r#"
protocol p "Forward plan test protocol" {
  between cpb and scp
  agreed by cpb on 2026-01-05
  review yearly in december
  next review 2026-12-31
}

body cpb "Corporate Parenting Board" {
  clause 1.1
  short "CPB"
  meets on the second tuesday of january, april, july and october at 14:00
}

body scp "Safeguarding Children Partnership" {
  clause 1.2
  short "SCP"
  meetings 2026-01-20, 2026-03-10 at 10:00, 2026-05-12, 2026-07-14, 2026-09-15, 2026-11-17
  cancelled 2026-05-12
  extra meeting 2026-06-02
}

external body council "Full Council" {
  clause 1.3
}

artefact cpb_annual "The Board's annual report" {
  produced by cpb
}

artefact scp_annual "The Partnership's annual report" {
  produced by scp
}

artefact kpi "Performance indicators" {
  produced by scp
}

event ofsted "Ofsted inspection report published"

duty cpb_annual_to_scp "The Board's annual report goes to the Partnership" {
  clause 2.1
  cpb submits cpb_annual to scp
  yearly in june
}

duty scp_annual_to_cpb "The Partnership's annual report goes to the Board" {
  clause 2.2
  scp submits scp_annual to cpb
  yearly in march
}

duty kpi_to_cpb "Performance indicators" {
  clause 2.3
  scp submits kpi to cpb
  quarterly in january, april, july and october
}

duty minutes "Minutes, \"draft\" | the Partnership to the Board" {
  clause 2.4
  scp submits kpi to cpb
  within 10 working days of each meeting of scp
}

duty inspection "Inspection findings" {
  clause 3.1
  scp submits kpi to cpb
  when ofsted
  within 28 days
}

duty oversight "The Board oversees the Partnership" {
  clause 3.2
  cpb monitors scp
  ongoing
}

duty annual_to_council "The Board's annual report goes to Council" {
  clause 3.3
  cpb submits cpb_annual to council
  yearly in september
}

duty ad_hoc "Reports to Council as asked" {
  clause 3.4
  cpb submits cpb_annual to council
}

body hwb "Health and Wellbeing Board" {
  clause 1.4
  meets quarterly in march, june, september and december
}

duty health_to_hwb "Health report" {
  clause 3.5
  cpb submits cpb_annual to hwb
  yearly in june
}

duty may_to_hwb "May report" {
  clause 3.6
  cpb submits cpb_annual to hwb
  yearly in may
}
"#;

/// The plan's first day: the period is the calendar year 2026.
const FROM: &str = "2026-01-01";

/// A folder holding the protocol above as `plan.proto-gov`.
fn protocol_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(dir.path().join("plan.proto-gov"), PLAN).expect("written");
    dir
}

/// Run the binary in `dir`.
fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_protogov"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

/// `plan --today 2026-01-01 plan.proto-gov` with more arguments; it must succeed.
fn plan(dir: &Path, extra: &[&str]) -> String {
    let mut args = vec!["plan", "--today", FROM, "plan.proto-gov"];
    args.extend(extra);
    let out = run_in(dir, &args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn json_plan(dir: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["--format", "json"];
    args.extend(extra);
    serde_json::from_str(&plan(dir, &args)).expect("the plan is JSON")
}

fn body<'a>(v: &'a Value, id: &str) -> &'a Value {
    v["bodies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["id"] == id)
        .unwrap_or_else(|| panic!("no body {id} in {v:#}"))
}

/// The meeting of `b` on `date`.
fn meeting<'a>(b: &'a Value, date: &str) -> &'a Value {
    b["meetings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["date"] == date)
        .unwrap_or_else(|| panic!("no meeting on {date} in {b:#}"))
}

/// The (duty, due, days late) of each item of a meeting.
fn items(m: &Value) -> Vec<(String, String, Option<i64>)> {
    m["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["duty"].as_str().unwrap().to_string(),
                i["due"].as_str().unwrap().to_string(),
                i["days_late"].as_i64(),
            )
        })
        .collect()
}

fn dates(b: &Value) -> Vec<&str> {
    b["meetings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["date"].as_str().unwrap())
        .collect()
}

fn item(duty: &str, due: &str, late: Option<i64>) -> (String, String, Option<i64>) {
    (duty.to_string(), due.to_string(), late)
}

#[test]
fn items_land_on_the_meetings_they_should_and_late_ones_say_so() {
    let dir = protocol_dir();
    let v = json_plan(dir.path(), &[]);
    assert_eq!(v["from"], "2026-01-01");
    assert_eq!(v["to"], "2026-12-31");

    // The second Tuesday of January, April, July and October, at 14:00.
    let cpb = body(&v, "cpb");
    assert_eq!(
        dates(cpb),
        ["2026-01-13", "2026-04-14", "2026-07-14", "2026-10-13"]
    );
    assert!(cpb["meetings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|m| m["time"] == "14:00" && m["source"] == "rule"));
    // Quarterly in January: due on the last working day of January, and the January
    // meeting is before it.
    assert_eq!(
        items(meeting(cpb, "2026-01-13")),
        [item("kpi_to_cpb", "2026-01-30", None)]
    );
    // The annual report is due in March, when the Board does not meet: it reaches the
    // April meeting 14 days late, with the minutes of the two Partnership meetings before.
    assert_eq!(
        items(meeting(cpb, "2026-04-14")),
        [
            item("minutes", "2026-02-03", Some(70)),
            item("minutes", "2026-03-24", Some(21)),
            item("scp_annual_to_cpb", "2026-03-31", Some(14)),
            item("kpi_to_cpb", "2026-04-30", None),
        ]
    );
    let late = &meeting(cpb, "2026-04-14")["items"][2];
    assert_eq!(late["late"], true);
    assert_eq!(late["kind"], "dated");
    assert_eq!(late["clause"], "2.2");
    assert_eq!(late["presenters"][0], "Safeguarding Children Partnership");
    assert_eq!(late["document"], "Forward plan test protocol");
    assert_eq!(
        meeting(cpb, "2026-04-14")["items"][0]["kind"],
        "each_meeting"
    );
    // Minutes of the Partnership's November meeting are due in December: the Board's next
    // meeting is in January 2027, after the period.
    let unplaced = cpb["unplaced"].as_array().unwrap();
    assert_eq!(unplaced.len(), 1, "{unplaced:#?}");
    assert_eq!(unplaced[0]["duty"], "minutes");
    assert_eq!(unplaced[0]["due"], "2026-12-01");
    assert_eq!(unplaced[0]["reaches"], "2027-01-12");
    assert_eq!(cpb["triggered"][0]["duty"], "inspection");
    assert_eq!(
        cpb["triggered"][0]["when"],
        "when: Ofsted inspection report published, within 28 days"
    );
    assert_eq!(cpb["standing"][0]["duty"], "oversight");

    // The agreed dates, less the cancelled one, with the extra meeting.
    let scp = body(&v, "scp");
    assert_eq!(
        dates(scp),
        [
            "2026-01-20",
            "2026-03-10",
            "2026-06-02",
            "2026-07-14",
            "2026-09-15",
            "2026-11-17"
        ]
    );
    assert_eq!(meeting(scp, "2026-03-10")["time"], "10:00");
    assert_eq!(meeting(scp, "2026-01-20")["time"], Value::Null);
    assert_eq!(meeting(scp, "2026-06-02")["source"], "extra");
    // Due in June, received at the extra meeting of 2 June, in time.
    assert_eq!(
        items(meeting(scp, "2026-06-02")),
        [item("cpb_annual_to_scp", "2026-06-30", None)]
    );

    // Meetings in named months on no set day: June's meeting takes June's item in time and
    // May's late, with no count of days.
    let hwb = body(&v, "hwb");
    let june = meeting(hwb, "2026-06-30");
    assert_eq!(june["day_known"], false);
    assert_eq!(
        items(june),
        [
            item("may_to_hwb", "2026-05-29", None),
            item("health_to_hwb", "2026-06-30", None)
        ]
    );
    assert_eq!(june["items"][0]["late"], true);
    assert_eq!(june["items"][1]["late"], false);

    // No meeting dates: the items by due date, and the undated duty apart.
    let council = body(&v, "council");
    assert_eq!(council["has_meeting_dates"], false);
    assert_eq!(council["meetings"], Value::Array(vec![]));
    assert_eq!(council["unplaced"][0]["duty"], "annual_to_council");
    assert_eq!(council["unplaced"][0]["due"], "2026-09-30");
    assert_eq!(council["undated"][0]["duty"], "ad_hoc");
}

#[test]
fn a_period_is_chosen_with_from_and_to() {
    let dir = protocol_dir();
    let v = json_plan(dir.path(), &["--from", "2026-04-01", "--to", "2026-06-30"]);
    assert_eq!(dates(body(&v, "cpb")), ["2026-04-14"]);
    assert_eq!(dates(body(&v, "scp")), ["2026-06-02"]);
    // Items due just before the period still reach its first meeting.
    assert_eq!(items(meeting(body(&v, "cpb"), "2026-04-14")).len(), 4);
    // --from alone: twelve months from it.
    let v = json_plan(dir.path(), &["--from", "2026-07-01"]);
    assert_eq!(v["to"], "2027-06-30");
    assert_eq!(
        dates(body(&v, "cpb")),
        ["2026-07-14", "2026-10-13", "2027-01-12", "2027-04-13"]
    );
    // An end before the start is a usage error.
    let out = run_in(
        dir.path(),
        &[
            "plan",
            "--from",
            "2026-07-01",
            "--to",
            "2026-01-01",
            "plan.proto-gov",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("before it starts"));
    // A plan covers at most ten years.
    let out = run_in(
        dir.path(),
        &[
            "plan",
            "--from",
            "2026-01-01",
            "--to",
            "2036-01-01",
            "plan.proto-gov",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("longer than 10 years"));
    let v = json_plan(dir.path(), &["--from", "2026-01-01", "--to", "2035-12-31"]);
    assert_eq!(dates(body(&v, "cpb")).len(), 40);
}

#[test]
fn the_human_plan_reads_as_a_forward_plan() {
    let dir = protocol_dir();
    let text = plan(dir.path(), &[]);
    for wanted in [
        "Forward plan: Forward plan test protocol",
        "From 1 January 2026 to 31 December 2026.",
        "Corporate Parenting Board (CPB)\n===============================",
        "Tuesday 14 April 2026 at 14:00",
        "due 31 March 2026, late by 14 days",
        "Tuesday 2 June 2026 (extra meeting)",
        "June 2026 (day not set)",
        "No meeting dates are given for this body",
        "reaches the meeting of Tuesday 12 January 2027",
        "Triggered: due when something happens",
        "Standing duties",
        "Not dated",
    ] {
        assert!(text.contains(wanted), "{wanted:?} is not in:\n{text}");
    }
    assert!(!text.contains("\x1b["), "no colour off a terminal");
    assert!(
        !text.contains("2026-05-12"),
        "the cancelled meeting is gone"
    );
    assert!(
        !text.contains("12 May 2026"),
        "the cancelled meeting is gone"
    );
    insta::assert_snapshot!("plan_human", text);
    // Colour when asked for, and only then.
    let coloured = plan(dir.path(), &["--color", "always"]);
    assert!(coloured.contains("\x1b[1;31mlate by 14 days\x1b[0m"));
}

const READ_CSV: &str = r#"
import csv, datetime, json, sys
with open(sys.argv[1], newline="", encoding="utf-8-sig") as f:
    rows = list(csv.reader(f))
header, body = rows[0], rows[1:]
for r in body:
    assert len(r) == len(header), r
    for col in ("Meeting date", "Due date"):
        v = r[header.index(col)]
        if len(v) == 7:
            # A meeting known only by its month.
            datetime.datetime.strptime(v, "%Y-%m")
        elif v:
            datetime.date.fromisoformat(v)
print(json.dumps({"header": header, "rows": body}))
"#;

#[test]
fn the_csv_is_read_back_by_pythons_csv_with_iso_dates() {
    let dir = protocol_dir();
    let path = dir.path().join("plan.csv");
    let out = run_in(
        dir.path(),
        &[
            "plan",
            "--today",
            FROM,
            "--format",
            "csv",
            "-o",
            "plan.csv",
            "plan.proto-gov",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty());
    let bytes = std::fs::read(&path).unwrap();
    assert!(
        bytes.starts_with("\u{feff}Body,".as_bytes()),
        "a BOM, then the header"
    );
    require_python();
    let read: Value =
        serde_json::from_str(&python(READ_CSV, &[&path.display().to_string()])).unwrap();
    assert_eq!(
        read["header"],
        serde_json::json!([
            "Body",
            "Meeting date",
            "Meeting time",
            "Duty",
            "Title",
            "Document",
            "Clause",
            "Presenter",
            "Due date",
            "Days late",
            "Late",
            "Kind"
        ])
    );
    let rows: Vec<Vec<String>> = serde_json::from_value(read["rows"].clone()).unwrap();
    let row = |duty: &str, due: &str| {
        rows.iter()
            .find(|r| r[3] == duty && r[8] == due)
            .unwrap_or_else(|| panic!("no row for {duty} due {due}: {rows:#?}"))
    };
    assert_eq!(
        row("scp_annual_to_cpb", "2026-03-31"),
        &[
            "Corporate Parenting Board (CPB)",
            "2026-04-14",
            "14:00",
            "scp_annual_to_cpb",
            "The Partnership's annual report goes to the Board",
            "Forward plan test protocol",
            "2.2",
            "Safeguarding Children Partnership",
            "2026-03-31",
            "14",
            "yes",
            "dated"
        ]
    );
    // A title with a comma, quotes and a bar comes back whole.
    assert_eq!(
        row("minutes", "2026-02-03")[4],
        "Minutes, \"draft\" | the Partnership to the Board"
    );
    assert_eq!(row("minutes", "2026-02-03")[11], "each_meeting");
    // One row per item: the JSON's items, and the meetings with none.
    let v = json_plan(dir.path(), &[]);
    let mut expected = 0;
    for b in v["bodies"].as_array().unwrap() {
        for m in b["meetings"].as_array().unwrap() {
            expected += m["items"].as_array().unwrap().len().max(1);
        }
        for list in ["unplaced", "triggered", "standing", "undated"] {
            expected += b[list].as_array().unwrap().len();
        }
    }
    assert_eq!(rows.len(), expected);
    assert!(rows
        .iter()
        .any(|r| r[1] == "2026-01-20" && r[11] == "no_items"));
    assert!(rows
        .iter()
        .any(|r| r[3] == "ad_hoc" && r[11] == "undated" && r[8].is_empty()));
}

#[test]
fn csv_text_a_spreadsheet_would_run_is_shown_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let text = PLAN.replace(
        "\"Performance indicators\" {\n  clause 2.3",
        "\"=HYPERLINK(\\\"http://x\\\")\" {\n  clause 2.3",
    );
    assert_ne!(text, PLAN);
    std::fs::write(dir.path().join("plan.proto-gov"), text).unwrap();
    let csv = plan(dir.path(), &["--format", "csv"]);
    assert!(
        csv.contains(",kpi_to_cpb,\"'=HYPERLINK(\"\"http://x\"\")\","),
        "{csv}"
    );
}

const VALIDATE: &str = r#"
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
cls = jsonschema.validators.validator_for(schema)
cls.check_schema(schema)
validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
for path in sys.argv[2:]:
    doc = json.load(open(path))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(doc)]
    if errors:
        sys.exit(f"{path} does not match the schema:\n" + "\n".join(errors[:20]))
    doc["bodies"][0]["meetings"] = [{"date": 3}]
    if validator.is_valid(doc):
        sys.exit("a broken document passed validation")
    print("valid", path)
"#;

#[test]
fn the_committed_plan_schema_is_the_generated_one_and_the_json_matches_it() {
    let committed = std::fs::read_to_string(root().join("schema/plan.schema.json"))
        .expect("schema/plan.schema.json is committed");
    assert!(
        committed == protogov::emit::plan::schema(),
        "schema/plan.schema.json is out of date: run `cargo run -- schema --plan > schema/plan.schema.json`"
    );
    let out = run(&["schema", "--plan"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout), committed);

    let dir = protocol_dir();
    let mut paths = Vec::new();
    for (name, extra) in [("all", &[][..]), ("cpb", &["--body", "cpb"][..])] {
        let p = dir.path().join(format!("{name}.json"));
        std::fs::write(
            &p,
            plan(dir.path(), &[&["--format", "json"], extra].concat()),
        )
        .unwrap();
        paths.push(p.display().to_string());
    }
    let set = run(&[
        "plan",
        "--today",
        FROM,
        "--format",
        "json",
        "examples/middlesbrough-set",
    ]);
    assert_eq!(set.status.code(), Some(0));
    let p = dir.path().join("set.json");
    std::fs::write(&p, &set.stdout).unwrap();
    paths.push(p.display().to_string());
    require_python();
    let schema = root().join("schema/plan.schema.json").display().to_string();
    let mut args = vec![schema.as_str()];
    args.extend(paths.iter().map(String::as_str));
    assert_eq!(python(VALIDATE, &args).lines().count(), 3);
}

#[test]
fn markdown_is_a_document_with_a_table_per_meeting() {
    let dir = protocol_dir();
    let md = plan(dir.path(), &["--format", "md", "--body", "cpb"]);
    assert!(
        md.starts_with("# Forward plan: Forward plan test protocol\n"),
        "{md}"
    );
    assert!(
        md.contains("\n## Corporate Parenting Board (CPB)\n"),
        "{md}"
    );
    assert!(
        md.contains("\n### Tuesday 14 April 2026 at 14:00\n"),
        "{md}"
    );
    assert!(md.contains(
        "| The Partnership's annual report goes to the Board | `scp_annual_to_cpb` | clause 2.2 | Safeguarding Children Partnership | 31 March 2026 | **late by 14 days** |"
    ), "{md}");
    // The bar in a title is escaped, so every row keeps its seven bars.
    assert!(
        md.contains("Minutes, \"draft\" \\| the Partnership"),
        "{md}"
    );
    for line in md.lines().filter(|l| l.starts_with("| ")) {
        let bars = line.matches('|').count() - line.matches("\\|").count();
        assert!(bars == 7 || bars == 6, "{line}");
    }
    assert!(!md.contains("Safeguarding Children Partnership (SCP)\n"));
}

#[test]
fn one_body_by_name_or_short_name_and_an_unknown_one_is_refused() {
    let dir = protocol_dir();
    for name in ["scp", "SCP"] {
        let v = json_plan(dir.path(), &["--body", name]);
        let bodies = v["bodies"].as_array().unwrap();
        assert_eq!(bodies.len(), 1);
        assert_eq!(bodies[0]["id"], "scp");
    }
    let out = run_in(dir.path(), &["plan", "--body", "cbp", "plan.proto-gov"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("`--body cbp` names no body here; did you mean `cpb`?"),
        "{err}"
    );
    let out = run_in(dir.path(), &["plan", "--body", "ofsted", "plan.proto-gov"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("names an event"));
}

#[test]
fn output_files_are_written_whole_and_never_over_the_input() {
    let dir = protocol_dir();
    // Onto the protocol itself: refused, and the protocol is as it was.
    let out = run_in(
        dir.path(),
        &["plan", "-o", "plan.proto-gov", "plan.proto-gov"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("plan.proto-gov")).unwrap(),
        PLAN
    );
    // Into a folder that does not exist: refused, nothing written.
    let out = run_in(
        dir.path(),
        &["plan", "-o", "missing/plan.md", "plan.proto-gov"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(!dir.path().join("missing").exists());
    // A file with errors makes no plan and leaves the old one.
    std::fs::write(dir.path().join("plan.md"), "old").unwrap();
    std::fs::write(
        dir.path().join("bad.proto-gov"),
        "body b \"B\" {\n  meets on the\n}\n",
    )
    .unwrap();
    let out = run_in(dir.path(), &["plan", "-o", "plan.md", "bad.proto-gov"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("plan.md")).unwrap(),
        "old"
    );
    // `-o -` is standard output.
    assert_eq!(plan(dir.path(), &["-o", "-"]), plan(dir.path(), &[]));
    // Otherwise the file is replaced, and nothing goes to standard output.
    let out = run_in(
        dir.path(),
        &[
            "plan",
            "--today",
            FROM,
            "--format",
            "md",
            "-o",
            "plan.md",
            "plan.proto-gov",
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    let written = std::fs::read_to_string(dir.path().join("plan.md")).unwrap();
    assert_eq!(written, plan(dir.path(), &["--format", "md"]));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

/// A terms of reference that dates its board's meetings and a protocol whose duties go to
/// it, in two files of a set.
const SET_TOR: &str = r#"terms of reference tor "Terms of reference of the Board" {
  for board
}

body board "The Board" {
  meetings 2026-02-10, 2026-05-12, 2026-09-08, 2026-11-10
}
"#;

const SET_PROTOCOL: &str = r#"protocol p "Protocol between the Board and the Partnership" {
  between board and partnership
}

body partnership "The Partnership" {
  clause 1
}

artefact report "The annual report" {
  clause 2
  produced by partnership
}

duty annual "The Partnership's annual report goes to the Board" {
  clause 2.1
  partnership submits report to board
  yearly in june
}
"#;

#[test]
fn a_set_is_planned_as_one_with_each_items_file() {
    let dir = tempfile::tempdir().unwrap();
    let set = dir.path().join("area");
    std::fs::create_dir(&set).unwrap();
    std::fs::write(set.join("board.proto-gov"), SET_TOR).unwrap();
    std::fs::write(set.join("protocol.proto-gov"), SET_PROTOCOL).unwrap();
    let out = run_in(
        dir.path(),
        &["plan", "--today", FROM, "--format", "json", "area"],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let board = body(&v, "board");
    // Due in June; the Board meets in May and September: it reaches September late.
    let sept = meeting(board, "2026-09-08");
    assert_eq!(items(sept), [item("annual", "2026-06-30", Some(70))]);
    assert_eq!(
        sept["items"][0]["document"],
        "Protocol between the Board and the Partnership"
    );
    assert_eq!(sept["items"][0]["file"], "area/protocol.proto-gov");
    let text = run_in(dir.path(), &["plan", "--today", FROM, "area"]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains(
            "Protocol between the Board and the Partnership (area/protocol.proto-gov), clause 2.1"
        ),
        "{text}"
    );
    // The example set plans too.
    let out = run(&["plan", "--today", FROM, "examples/middlesbrough-set"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_title_cannot_drive_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let text = PLAN.replace(
        "\"Performance indicators\" {\n  clause 2.3",
        "\"Performance \u{1b}[2J\u{1b}[31mindicators\u{202e}\" {\n  clause 2.3",
    );
    assert_ne!(text, PLAN);
    std::fs::write(dir.path().join("plan.proto-gov"), text).unwrap();
    let human = plan(dir.path(), &[]);
    assert!(!human.contains('\u{1b}'), "{human}");
    assert!(!human.contains('\u{202e}'), "{human}");
    assert!(human.contains("Performance "), "{human}");
}

#[test]
fn every_example_has_a_forward_plan_for_each_party() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let examples = [
        ("examples/isle-of-wight.proto-gov", vec!["cpb", "scp"]),
        (
            "examples/hampshire.proto-gov",
            vec!["cpb", "hscb", "cabinet"],
        ),
        ("examples/rotherham.proto-gov", vec!["rlscb", "cpp"]),
        ("examples/middlesbrough-cpb-tor.proto-gov", vec!["cpb"]),
        ("examples/middlesbrough-set", vec!["cpb", "tsab", "hwbb"]),
    ];
    for (path, bodies) in examples {
        let out = run_in(
            root,
            &["plan", "--today", "2026-12-08", path, "--format", "json"],
        );
        assert_eq!(out.status.code(), Some(0), "{path}");
        let v: Value = serde_json::from_slice(&out.stdout).expect("the plan is JSON");
        for id in bodies {
            let b = body(&v, id);
            let meetings = b["meetings"].as_array().expect("meetings");
            assert!(meetings.len() >= 4, "{path}: `{id}` has {meetings:?}");
            // Every meeting is in the coming year, on a working day that is known.
            for m in meetings {
                let d = m["date"].as_str().expect("a date");
                assert!(("2026-12-08"..="2027-12-07").contains(&d), "{path}: {d}");
            }
            // The items that reach the body land on its meetings, none of them late: the
            // examples' calendars are chosen to take them.
            let late: Vec<&Value> = meetings
                .iter()
                .flat_map(|m| m["items"].as_array().into_iter().flatten())
                .filter(|i| i["late"] == true)
                .collect();
            assert!(late.is_empty(), "{path}: `{id}`: {late:?}");
        }
    }
}

#[test]
fn an_item_due_just_before_the_plan_starts_lands_on_its_first_meeting() {
    // Due 30 June 2027; the plan starts on 1 July, the day its schedule counts from: the
    // item reaches the Board at its July meeting, late, and is in the plan.
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(
        dir.path().join("plan.proto-gov"),
        "protocol p \"P\" {\n  between cpb and scp\n  review every 2 years\n  next review 2028-01\n}\n\
         artefact rep \"Report\"\n\
         body cpb \"Board\" { meets on the second tuesday of january, april, july and october at 2pm }\n\
         body scp \"Partnership\"\n\
         duty annual { scp submits rep to cpb; yearly by 30 june; allow PG1005 \"Taken in July.\" }\n",
    )
    .expect("written");
    let out = run_in(
        dir.path(),
        &[
            "plan",
            "--today",
            "2027-07-01",
            "plan.proto-gov",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let july = meeting(body(&v, "cpb"), "2027-07-13");
    assert_eq!(items(july), [item("annual", "2027-06-30", Some(13))]);
}
