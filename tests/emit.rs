//! The outputs of `protogov build`, each read back by an independent tool: the JSON against
//! the committed schema with Python's `jsonschema`, the calendar with Python's `icalendar`
//! and `dateutil`, the DOT with Graphviz, the SVG with an XML parser.
//!
//! A missing tool fails the test (`scripts/test` installs them all).

use crate::common::*;
use protogov::analysis::Analysis;
use protogov::emit::{dot, ics, json, svg};
use std::path::Path;
use std::process::Command;

const EXAMPLES: [&str; 3] = ["isle-of-wight", "hampshire", "rotherham"];

/// A protocol whose titles are full of curly quotes, emoji and characters that every output
/// must escape.
const AWKWARD: &str = r#"protocol p "“Quoted” protocol 🎉🎉🎉 with “curly quotes” everywhere — ‘single’ too 🏛️🏛️🏛️ and more “text”; commas, semicolons; and a back\\slash" {
  between a and b
  review yearly in march
  next review 2027-03-31
}

body a "Body “A” 🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉 “quoted” <tag> & --> ; \"dq\"" {
  clause 1.1
}

body b "Body “B” ‘with’ curly quotes and 🏛️ emoji, and a long, long title that has to fold" {
  clause 1.2
}

artefact r "The “annual” report 📄 & <summary>" {
  clause 2.1
  produced by a
}

duty d "A sends the report" {
  clause 2.1
  a submits r to b
  yearly in june
  note "Line one
line two; with, punctuation \\ and a backslash"
}
"#;

/// A protocol whose due dates meet weekends and bank holidays (England and Wales): 1 May
/// 2027 is a Saturday, 31 May 2027 the Spring bank holiday, 1 May 2028 the Early May bank
/// holiday; a daily and a weekly duty run through them.
const WORKING_DAYS: &str = r#"protocol h "Working days" {
  between a and b
  agreed by a on 2027-04-29
  review yearly on 1 may
  next review 2027-05-01
}

body a "Board A" {
  clause 1
}

body b "Board B" {
  clause 2
}

artefact r "The report" {
  clause 3
  produced by a
}

duty may_day "On 1 May" {
  clause 3.1
  a submits r to b
  yearly on 1 may
}

duty end_of_may "At the end of May" {
  clause 3.2
  a submits r to b
  yearly on the last working day of may
}

duty end_of_august "At the end of August" {
  clause 3.3
  a submits r to b
  yearly in august
}

duty christmas "On Christmas Day" {
  clause 3.4
  a submits r to b
  yearly on 25 december
}

duty monthly "On the first of the month" {
  clause 3.5
  a submits r to b
  monthly on 1 january
}

duty daily "Every day" {
  clause 3.6
  a submits r to b
  every 1 day from 2027-04-29
}

duty weekly "Every week" {
  clause 3.7
  a submits r to b
  every 1 week from 2027-04-29
}
"#;

fn working_days() -> Analysis {
    let a = analyse_text("working-days.proto-gov", WORKING_DAYS);
    assert!(!a.has_errors(), "{}", human(&a));
    a
}

fn example(name: &str) -> Analysis {
    let path = format!("examples/{name}.proto-gov");
    let text = std::fs::read_to_string(root().join(&path)).unwrap();
    let a = analyse_text(&path, &text);
    assert!(!a.has_errors(), "{path}:\n{}", human(&a));
    a
}

fn awkward() -> Analysis {
    let a = analyse_text("awkward.proto-gov", AWKWARD);
    assert!(!a.has_errors(), "{}", human(&a));
    a
}

fn today() -> jiff::civil::Date {
    TODAY.parse().unwrap()
}

// ---------------------------------------------------------------- JSON

#[test]
fn the_committed_schema_is_the_generated_one() {
    let committed = std::fs::read_to_string(root().join("schema/protogov.schema.json"))
        .expect("schema/protogov.schema.json is committed");
    assert!(
        committed == json::schema(),
        "schema/protogov.schema.json is out of date: run `cargo run -- schema > schema/protogov.schema.json`"
    );
    let out = run(&["schema"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout), committed);
}

/// The JSON of each example, as a snapshot: any change to what the published JSON says,
/// field names and order included, shows as a diff to review. (The schema's own snapshot is
/// the committed `schema/protogov.schema.json`, held to the generated one above.)
#[test]
fn json_snapshots() {
    let options = json::Options {
        today: today(),
        occurrences: 5,
    };
    for name in EXAMPLES {
        let a = example(name);
        insta::assert_snapshot!(format!("json_{name}"), json::emit(&a, &options));
    }
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
    # The validator must see a broken document as broken.
    doc["format_version"] = "one"
    doc["duties"] = [{"dates": 3}]
    if validator.is_valid(doc):
        sys.exit("a broken document passed validation")
    print("valid", path)
"#;

#[test]
fn every_example_json_matches_the_committed_schema() {
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    for name in EXAMPLES {
        let out = run(&[
            "build",
            "--today",
            TODAY,
            "--emit",
            "json",
            "--out",
            "-",
            &format!("examples/{name}.proto-gov"),
        ]);
        assert_eq!(out.status.code(), Some(0), "{name}");
        let p = dir.path().join(format!("{name}.json"));
        std::fs::write(&p, &out.stdout).unwrap();
        paths.push(p.display().to_string());
    }
    let a = awkward();
    let p = dir.path().join("awkward.json");
    let options = json::Options {
        today: today(),
        occurrences: 5,
    };
    std::fs::write(&p, json::emit(&a, &options)).unwrap();
    paths.push(p.display().to_string());
    let p = dir.path().join("working-days.json");
    std::fs::write(&p, json::emit(&working_days(), &options)).unwrap();
    paths.push(p.display().to_string());
    require_python();
    let schema = root()
        .join("schema/protogov.schema.json")
        .display()
        .to_string();
    let mut args = vec![schema.as_str()];
    args.extend(paths.iter().map(String::as_str));
    let out = python(VALIDATE, &args);
    assert_eq!(out.lines().count(), 5, "{out}");
}

#[test]
fn json_carries_dates_rules_and_the_graph() {
    let options = json::Options {
        today: today(),
        occurrences: 5,
    };
    for name in EXAMPLES {
        let a = example(name);
        let v: serde_json::Value = serde_json::from_str(&json::emit(&a, &options)).unwrap();
        assert_eq!(v["format_version"], json::FORMAT_VERSION);
        assert_eq!(v["today"], TODAY);
        let duties = v["duties"].as_array().unwrap();
        assert_eq!(duties.len(), a.model.duties.len());
        for (d, model) in duties.iter().zip(&a.model.duties) {
            assert_eq!(d["id"], model.common.id.as_str());
            match model.cadence.as_ref().and_then(|c| c.schedule.as_ref()) {
                Some(s) => {
                    assert_eq!(d["dates"]["timing"], "dated");
                    assert_eq!(d["dates"]["rrule"], s.rrule().as_str());
                    let next: Vec<String> =
                        s.next(today(), 5).iter().map(|d| d.to_string()).collect();
                    assert_eq!(next.len(), 5, "{}", model.common.id);
                    assert_eq!(d["dates"]["next"], serde_json::json!(next));
                    assert!(next[0].as_str() >= TODAY);
                    assert_eq!(
                        d["next_due"].as_str(),
                        Some(next[0].as_str()),
                        "{}",
                        model.common.id
                    );
                }
                None => {
                    assert_ne!(d["dates"]["timing"], "dated");
                    assert!(v["unscheduled"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|u| u["duty"] == model.common.id.as_str()));
                }
            }
        }
        assert!(!v["protocol"]["review_dates"]["next"]
            .as_array()
            .unwrap()
            .is_empty());
        assert_eq!(
            v["graph"]["nodes"].as_array().unwrap().len(),
            a.graph.graph.node_count()
        );
        assert_eq!(
            v["graph"]["edges"].as_array().unwrap().len(),
            a.graph.graph.edge_count()
        );
    }
}

/// A due date on a weekend or a bank holiday moves to the working day before, and the JSON
/// says from which day and why; the last working day of May 2027 is not the Spring bank
/// holiday.
#[test]
fn json_moves_due_dates_off_weekends_and_bank_holidays() {
    let options = json::Options {
        today: "2027-01-01".parse().unwrap(),
        occurrences: 2,
    };
    let v: serde_json::Value =
        serde_json::from_str(&json::emit(&working_days(), &options)).unwrap();
    let duty = |id: &str| {
        v["duties"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["id"] == id)
            .unwrap()
            .clone()
    };
    let end_of_may = duty("end_of_may");
    assert_eq!(end_of_may["next_due"], "2027-05-28");
    assert_eq!(
        end_of_may["dates"]["next"],
        serde_json::json!(["2027-05-28", "2028-05-31"])
    );
    assert_eq!(end_of_may["dates"]["moved"], serde_json::json!([]));
    let may_day = duty("may_day");
    assert_eq!(may_day["next_due"], "2027-04-30");
    assert_eq!(
        may_day["dates"]["moved"],
        serde_json::json!([
            {"date": "2027-04-30", "written": "2027-05-01", "reason": "a Saturday"},
            {"date": "2028-04-28", "written": "2028-05-01",
             "reason": "a bank holiday (Early May bank holiday)"},
        ])
    );
    assert_eq!(
        may_day["cadence"]["schedule"]["holidays"],
        "england-and-wales"
    );
    let christmas = duty("christmas");
    assert_eq!(
        christmas["dates"]["next"],
        serde_json::json!(["2027-12-24", "2028-12-22"])
    );
    assert_eq!(
        christmas["dates"]["moved"][1]["reason"],
        "a bank holiday (Christmas Day)"
    );
}

#[test]
fn json_diagnostics_have_the_shape_check_prints() {
    let text = std::fs::read_to_string(root().join("tests/fixtures/PG0306.proto-gov")).unwrap();
    let a = analyse_text("tests/fixtures/PG0306.proto-gov", &text);
    assert!(!a.diagnostics.is_empty());
    for d in &a.diagnostics {
        let ours = serde_json::to_value(json::DiagnosticOut::new(&a.source, d)).unwrap();
        assert_eq!(ours, protogov::render::json_value(&a.source, d));
    }
}

// ---------------------------------------------------------------- iCalendar

/// The compiler's own due dates for ten years from each event's first date, by UID.
fn expected_dates(a: &Analysis, party: Option<&str>) -> serde_json::Value {
    let pid = a.model.protocol.as_ref().unwrap().common.id.clone();
    let ten_years = |d: jiff::civil::Date| d.checked_add(jiff::Span::new().years(10)).unwrap();
    let mut map = serde_json::Map::new();
    let review_in = party.is_none_or(|p| a.model.body(p).is_some_and(|b| b.party));
    if review_in {
        let r = &a.model.protocol.as_ref().unwrap().review;
        let (first, dates) = match (&r.schedule, r.next_due) {
            (Some(s), _) => (s.first, s.occurrences(ten_years(s.first), usize::MAX)),
            (None, Some(d)) => (d, vec![d]),
            _ => panic!("every example dates its review"),
        };
        map.insert(
            format!("review.{pid}@protogov"),
            serde_json::json!({"until": ten_years(first).to_string(),
                "dates": dates.iter().map(|d| d.to_string()).collect::<Vec<_>>()}),
        );
    }
    let mut names = vec![];
    if let Some(p) = party {
        names.push(p.to_string());
        names.extend(
            protogov::graph::seated(
                &a.model,
                p,
                &[
                    protogov::syntax::ast::SeatKind::Chair,
                    protogov::syntax::ast::SeatKind::Member,
                    protogov::syntax::ast::SeatKind::Observer,
                ],
            )
            .into_iter()
            .map(String::from),
        );
    }
    for d in &a.model.duties {
        if party.is_some()
            && !d
                .actor
                .iter()
                .chain(&d.recipients)
                .any(|r| names.iter().any(|n| r.name == *n))
        {
            continue;
        }
        if let Some(s) = d.cadence.as_ref().and_then(|c| c.schedule.as_ref()) {
            let until = ten_years(s.first);
            map.insert(
                format!("duty.{}.{pid}@protogov", d.common.id),
                serde_json::json!({"until": until.to_string(),
                    "dates": s.occurrences(until, usize::MAX).iter().map(|d| d.to_string()).collect::<Vec<_>>()}),
            );
        }
    }
    serde_json::Value::Object(map)
}

const EXPAND: &str = r#"
import json, sys, datetime
from icalendar import Calendar
from dateutil.rrule import rrulestr, rruleset
cal = Calendar.from_ical(open(sys.argv[1], "rb").read())
expected = json.load(open(sys.argv[2]))
remind = sys.argv[3]
assert str(cal.get("VERSION")) == "2.0", cal.get("VERSION")
assert str(cal.get("METHOD")) == "PUBLISH"
assert str(cal.get("CALSCALE")) == "GREGORIAN"
assert cal.get("PRODID") and cal.get("X-WR-CALNAME") and cal.get("X-WR-CALDESC")
masters = {}
moved = {}
for ev in cal.walk("VEVENT"):
    uid = str(ev.get("UID"))
    if uid.startswith("meeting."):
        # A meeting: no rule, checked on its own (tests/calendar_meetings.rs).
        continue
    start = ev.decoded("DTSTART")
    end = ev.decoded("DTEND")
    assert type(start) is datetime.date, (uid, start)
    assert end - start == datetime.timedelta(days=1), (uid, start, end)
    assert ev.get("DTSTART").params.get("VALUE") == "DATE"
    assert str(ev.get("SUMMARY")) and str(ev.get("DESCRIPTION")) and ev.get("CATEGORIES")
    assert ev.get("DTSTAMP")
    alarms = ev.walk("VALARM")
    if remind == "none":
        assert not alarms, uid
    else:
        assert len(alarms) == 1, uid
        a = alarms[0]
        assert str(a.get("ACTION")) == "DISPLAY" and a.get("DESCRIPTION")
        assert a.get("TRIGGER").to_ical().decode() == remind, a.get("TRIGGER").to_ical()
        assert a.decoded("TRIGGER") == -datetime.timedelta(days=int(remind[2:-1]))
    if ev.get("RECURRENCE-ID") is not None:
        # An instance moved to the working day before it.
        rid = ev.decoded("RECURRENCE-ID")
        assert type(rid) is datetime.date, (uid, rid)
        assert start < rid and start.weekday() < 5, (uid, rid, start)
        assert not ev.get("RRULE") and rid not in moved.setdefault(uid, {}), (uid, rid)
        moved[uid][rid] = start
        continue
    assert uid not in masters, "duplicate UID " + uid
    masters[uid] = (ev, start)
seen = {}
nmoved = 0
for uid, (ev, start) in masters.items():
    want = expected[uid]
    until = datetime.datetime.fromisoformat(want["until"])
    dtstart = datetime.datetime(start.year, start.month, start.day)
    moves = moved.pop(uid, {})
    nmoved += len(moves)
    if ev.get("RRULE"):
        rule = ev.get("RRULE").to_ical().decode()
        rules = rruleset()
        rules.rrule(rrulestr(rule, dtstart=dtstart))
        exdates = ev.get("EXDATE") or []
        for e in exdates if isinstance(exdates, list) else [exdates]:
            for d in e.dts:
                rules.exdate(datetime.datetime(d.dt.year, d.dt.month, d.dt.day))
        # A move goes back a few days at most: expand a little past `until`.
        instances = [d.date() for d in rules.between(dtstart, until + datetime.timedelta(days=7), inc=True)]
        for rid in moves:
            assert rid in instances or rid > until.date(), (uid, "moves no instance", rid)
        got = [moves.get(d, d) for d in instances]
        assert got == sorted(set(got)), (uid, got)
        got = [d.isoformat() for d in got if d <= until.date()]
    else:
        assert not moves, uid
        got = [start.isoformat()]
    assert got == want["dates"], (uid, got, want["dates"])
    seen[uid] = len(got)
assert not moved, ("moved instances of no event", moved)
missing = set(expected) - set(seen)
assert not missing, missing
print(len(seen), "events,", sum(seen.values()), "dates,", nmoved, "moved")
"#;

fn check_lines(ics: &str, what: &str) {
    let bytes = ics.as_bytes();
    assert!(ics.ends_with("\r\n"), "{what}: ends without CRLF");
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'\n' {
            assert!(
                i > 0 && bytes[i - 1] == b'\r',
                "{what}: bare LF at byte {i}"
            );
        }
        if *b == b'\r' {
            assert_eq!(
                bytes.get(i + 1),
                Some(&b'\n'),
                "{what}: bare CR at byte {i}"
            );
        }
    }
    for line in bytes.split(|b| *b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        assert!(line.len() <= 75, "{what}: a line of {} octets", line.len());
        assert!(
            std::str::from_utf8(line).is_ok(),
            "{what}: a fold splits a UTF-8 character: {line:?}"
        );
    }
}

#[test]
fn every_calendar_expands_to_the_compilers_own_dates() {
    let dir = tempfile::tempdir().unwrap();
    let mut cases: Vec<(String, String, serde_json::Value, String)> = Vec::new();
    for name in EXAMPLES {
        let a = example(name);
        let parties: Vec<String> = a
            .model
            .protocol
            .as_ref()
            .unwrap()
            .parties
            .iter()
            .map(|p| p.name.to_string())
            .collect();
        let mut variants: Vec<(Option<String>, Option<ics::Reminder>)> = vec![
            (None, None),
            (None, Some("14d".parse().unwrap())),
            (None, Some("2w".parse().unwrap())),
        ];
        for p in &parties {
            variants.push((Some(p.clone()), None));
            variants.push((Some(p.clone()), Some("1d".parse().unwrap())));
        }
        for (party, remind) in variants {
            let options = ics::Options {
                party: party.clone(),
                remind,
                source_date_epoch: None,
            };
            let text = ics::emit(&a, &options).unwrap();
            let what = format!("{name} party={party:?} remind={remind:?}");
            check_lines(&text, &what);
            assert_eq!(
                text,
                ics::emit(&a, &options).unwrap(),
                "{what}: not reproducible"
            );
            let trigger = remind.map_or("none".to_string(), |r| format!("-P{}D", r.days));
            cases.push((what, text, expected_dates(&a, party.as_deref()), trigger));
        }
    }
    let a = awkward();
    let text = ics::emit(&a, &ics::Options::default()).unwrap();
    check_lines(&text, "awkward");
    cases.push((
        "awkward".into(),
        text,
        expected_dates(&a, None),
        "none".into(),
    ));
    // Meetings beside the duties leave the duties' series as they were.
    let a = crate::calendar_meetings::meetings();
    let text = ics::emit(&a, &ics::Options::default()).unwrap();
    check_lines(&text, "meetings");
    assert!(text.contains("UID:meeting.cpb.20260113.m@protogov"));
    cases.push((
        "meetings".into(),
        text,
        expected_dates(&a, None),
        "none".into(),
    ));
    let a = working_days();
    for remind in [None, Some(ics::Reminder { days: 3 })] {
        let options = ics::Options {
            remind,
            ..ics::Options::default()
        };
        let text = ics::emit(&a, &options).unwrap();
        check_lines(&text, "working days");
        // Instances the weekday rule gets wrong are moved or dropped, not left in place.
        assert!(
            text.contains("RECURRENCE-ID;VALUE=DATE:20270531\r\n"),
            "{text}"
        );
        assert!(text.contains("EXDATE;VALUE=DATE:20270501,20270502,20270503,"));
        let trigger = remind.map_or("none".to_string(), |r| format!("-P{}D", r.days));
        cases.push((
            format!("working days remind={remind:?}"),
            text,
            expected_dates(&a, None),
            trigger,
        ));
    }

    require_python();
    for (i, (what, text, expected, trigger)) in cases.iter().enumerate() {
        let ics_path = dir.path().join(format!("{i}.ics"));
        let exp_path = dir.path().join(format!("{i}.json"));
        std::fs::write(&ics_path, text).unwrap();
        std::fs::write(&exp_path, expected.to_string()).unwrap();
        let out = python(
            EXPAND,
            &[
                &ics_path.display().to_string(),
                &exp_path.display().to_string(),
                trigger,
            ],
        );
        eprintln!("{what}: {}", out.trim());
    }
}

#[test]
fn awkward_titles_survive_escaping_and_folding() {
    let a = awkward();
    let text = ics::emit(&a, &ics::Options::default()).unwrap();
    let unfolded = text.replace("\r\n ", "");
    assert!(unfolded.contains(
        "SUMMARY:The “annual” report 📄 & <summary> → Body “B” ‘with’ curly quotes and 🏛️ emoji\\, and a long\\, long title that has to fold\\, from Body “A” 🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉 “quoted” <tag> & --> \\; \"dq\"\r\n"
    ), "{unfolded}");
    assert!(unfolded.contains("Line one\\nline two\\; with\\, punctuation \\\\ and a backslash"));
    // The folds fall inside the emoji runs, yet every line is whole UTF-8.
    assert!(text.lines().any(|l| l.starts_with(' ') && l.contains('🎉')));
    require_python();
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("a.ics");
    std::fs::write(&p, &text).unwrap();
    let out = python(
        r#"
import sys
from icalendar import Calendar
cal = Calendar.from_ical(open(sys.argv[1], "rb").read())
ev = [e for e in cal.walk("VEVENT") if str(e["UID"]).startswith("duty.")][0]
print(str(ev["SUMMARY"]))
print(str(ev["DESCRIPTION"]).split("The protocol: ")[1])
"#,
        &[&p.display().to_string()],
    );
    assert!(out.starts_with("The “annual” report 📄"), "{out}");
    assert!(out.contains("from Body “A” 🎉"), "{out}");
    assert!(out.contains("long, long title"), "{out}");
    assert!(
        out.contains("“Line one\nline two; with, punctuation \\ and a backslash”"),
        "{out}"
    );
}

#[test]
fn calendars_are_byte_identical_and_uids_stable_across_builds() {
    let dir = tempfile::tempdir().unwrap();
    let build = |sub: &str| {
        let out = dir.path().join(sub);
        let o = run(&[
            "build",
            "--today",
            TODAY,
            "--emit",
            "ics",
            "--remind",
            "14d",
            "--out",
            &out.display().to_string(),
            "examples/isle-of-wight.proto-gov",
        ]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        std::fs::read(out.join("isle-of-wight.ics")).unwrap()
    };
    let first = build("one");
    let second = build("two");
    assert_eq!(first, second);
    let text = String::from_utf8(first).unwrap();
    let uids: Vec<&str> = text.lines().filter(|l| l.starts_with("UID:")).collect();
    assert!(
        uids.contains(&"UID:duty.cpb_annual_to_scp.iow@protogov"),
        "{uids:?}"
    );
    assert!(uids.contains(&"UID:review.iow@protogov"));
    // DTSTAMP comes from the protocol's own dates (last reviewed September 2025).
    assert!(text.contains("DTSTAMP:20250901T000000Z\r\n"));
    // A different --today changes nothing in the calendar.
    let o = run(&[
        "build",
        "--today",
        "2030-01-01",
        "--emit",
        "ics",
        "--remind",
        "14d",
        "--out",
        "-",
        "examples/isle-of-wight.proto-gov",
    ]);
    assert_eq!(String::from_utf8_lossy(&o.stdout), text);
}

#[test]
fn source_date_epoch_sets_dtstamp() {
    let out = Command::new(env!("CARGO_BIN_EXE_protogov"))
        .args([
            "build",
            "--emit",
            "ics",
            "--out",
            "-",
            "examples/hampshire.proto-gov",
        ])
        .current_dir(root())
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("DTSTAMP:20231114T221320Z\r\n"), "{text}");
    let out = Command::new(env!("CARGO_BIN_EXE_protogov"))
        .args([
            "build",
            "--emit",
            "ics",
            "--out",
            "-",
            "examples/hampshire.proto-gov",
        ])
        .current_dir(root())
        .env("SOURCE_DATE_EPOCH", "yesterday")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn undated_duties_are_listed_not_invented() {
    let a = example("rotherham");
    let text = ics::emit(&a, &ics::Options::default()).unwrap();
    let unfolded = text.replace("\r\n ", "");
    for d in &a.model.duties {
        let uid = format!("UID:duty.{}.rotherham@protogov", d.common.id);
        match d.timing() {
            protogov::emit::Timing::Dated => assert!(unfolded.contains(&uid)),
            _ => {
                assert!(!unfolded.contains(&uid), "{uid}");
                let caldesc = unfolded
                    .lines()
                    .find(|l| l.starts_with("X-WR-CALDESC:"))
                    .unwrap();
                assert!(caldesc.contains(d.common.label()), "{}", d.common.id);
            }
        }
    }
}

#[test]
fn an_escalation_is_listed_with_its_trigger_as_written() {
    let a = example("isle-of-wight");
    let text = ics::emit(&a, &ics::Options::default()).unwrap();
    let unfolded = text.replace("\r\n ", "");
    let caldesc = unfolded
        .lines()
        .find(|l| l.starts_with("X-WR-CALDESC:"))
        .unwrap();
    // The trigger follows `when` as the file writes it, whatever its grammar.
    assert!(
        caldesc.contains(": when any areas of significant concern that cannot be resolved"),
        "{caldesc}"
    );
    assert!(!caldesc.contains("when there are"), "{caldesc}");
}

#[test]
fn a_party_feed_holds_only_what_it_sends_receives_and_attends() {
    let a = example("isle-of-wight");
    let opts = |p: &str| ics::Options {
        party: Some(p.into()),
        ..Default::default()
    };
    let scp = ics::emit(&a, &opts("scp")).unwrap().replace("\r\n ", "");
    assert!(scp.contains("UID:duty.cpb_annual_to_scp.iow@protogov"));
    assert!(scp.contains("UID:duty.performance_indicators_to_boards.iow@protogov"));
    assert!(!scp.contains("UID:duty.pledge_review.iow@protogov"));
    assert!(scp.contains("X-WR-CALNAME:Isle of Wight Safeguarding Children Partnership — "));
    // Its Independent Chair attends the escalation meeting.
    assert!(scp.contains("Escalation meeting"));
    let council = ics::emit(&a, &opts("council")).unwrap();
    assert!(
        !council.contains("UID:review."),
        "an outside body does not review the protocol"
    );
    assert_eq!(
        ics::emit(&a, &opts("cbp")).unwrap_err(),
        ics::Error::UnknownParty("cbp".into(), Some("cpb".into()))
    );
    assert!(matches!(
        ics::emit(&a, &opts("dcs")),
        Err(ics::Error::NotABody(_, "role"))
    ));
}

// ---------------------------------------------------------------- DOT and SVG

#[test]
fn dot_snapshots() {
    for name in EXAMPLES {
        let a = example(name);
        insta::assert_snapshot!(format!("dot_{name}"), dot::emit(&a));
    }
}

#[test]
fn graphviz_accepts_every_dot_without_a_warning() {
    require_dot();
    let mut all: Vec<(String, Analysis)> = EXAMPLES
        .iter()
        .map(|n| (n.to_string(), example(n)))
        .collect();
    all.push(("awkward".into(), awkward()));
    for (name, a) in &all {
        let text = dot::emit(a);
        let (svg, stderr) =
            svg::run_dot(&["-Tsvg"], &text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(stderr.trim().is_empty(), "{name}: dot warned:\n{stderr}");
        assert!(!svg.is_empty());
    }
    // Labels come out as written.
    let svg = svg::graphviz(&dot::emit(&awkward())).unwrap();
    let svg = String::from_utf8(svg).unwrap();
    assert!(svg.contains("&lt;tag&gt; &amp; "), "{svg}");
    assert!(
        svg.contains("&#45;&#45;&gt;") || svg.contains("--&gt;"),
        "{svg}"
    );
}

/// The printed size, in points, of the smallest text of a drawing laid out by Graphviz and
/// scaled to fit A4 portrait inside its margins (7 × 10.3 inches).
fn printed_smallest_font(dot_text: &str) -> f64 {
    let (json, stderr) = svg::run_dot(&["-Tjson"], dot_text).unwrap();
    assert!(stderr.trim().is_empty(), "dot warned:\n{stderr}");
    let layout: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let bb: Vec<f64> = layout["bb"]
        .as_str()
        .unwrap()
        .split(',')
        .map(|x| x.parse().unwrap())
        .collect();
    let (w, h) = (bb[2] - bb[0], bb[3] - bb[1]);
    let scale = (7.0 * 72.0 / w).min(10.3 * 72.0 / h).min(1.0);
    let smallest = dot_text
        .split("fontsize=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next()?.parse::<f64>().ok())
        .fold(f64::INFINITY, f64::min);
    assert!(smallest.is_finite(), "no font size in the DOT");
    scale * smallest
}

#[test]
fn graphviz_drawings_fit_a4_portrait_at_a_readable_size() {
    require_dot();
    for name in EXAMPLES {
        let text = dot::emit(&example(name));
        assert!(text.contains("size=\"7,10.3\""), "{name}: no page size");
        let printed = printed_smallest_font(&text);
        eprintln!("{name}: smallest text printed at {printed:.2} pt");
        assert!(
            printed >= 7.5,
            "{name}: smallest text printed at {printed:.2} pt, under 7.5 pt"
        );
    }
}

/// The embedded layout keeps to a page width at which its 10 point text prints at 7.5 point
/// or more across A4 portrait (7 inches inside the margins); long protocols grow downwards.
#[test]
fn embedded_drawings_are_no_wider_than_a4_allows() {
    for name in EXAMPLES {
        let svg = svg::embedded(&example(name));
        let width: f64 = svg
            .split("<svg ")
            .nth(1)
            .and_then(|rest| rest.split("width=\"").nth(1))
            .and_then(|rest| rest.split('"').next())
            .and_then(|w| w.parse().ok())
            .unwrap_or_else(|| panic!("{name}: no width"));
        let printed = 10.0 * (7.0 * 72.0 / width).min(1.0);
        assert!(
            printed >= 7.5,
            "{name}: {width} pt wide, so 10 pt text prints at {printed:.2} pt"
        );
    }
}

const XML: &str = r#"
import sys, re, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag.endswith("svg"), root.tag
text = " ".join(t.strip() for t in root.itertext() if t.strip())
print(re.sub(r"\s+", " ", text))
"#;

#[test]
fn every_svg_is_xml_and_names_the_parties() {
    require_dot();
    require_python();
    let dir = tempfile::tempdir().unwrap();
    let mut all: Vec<(String, Analysis)> = EXAMPLES
        .iter()
        .map(|n| (n.to_string(), example(n)))
        .collect();
    all.push(("awkward".into(), awkward()));
    for (name, a) in &all {
        for r in [svg::Renderer::Embedded, svg::Renderer::Graphviz] {
            let bytes = svg::emit(a, r).unwrap();
            assert_eq!(
                bytes,
                svg::emit(a, r).unwrap(),
                "{name} {r:?}: not reproducible"
            );
            let p = dir.path().join(format!("{name}-{r:?}.svg"));
            std::fs::write(&p, &bytes).unwrap();
            let text = python_text(&p);
            for party in &a.model.protocol.as_ref().unwrap().parties {
                let title = protogov::emit::title(&a.model, &party.name);
                assert!(
                    text.contains(&title),
                    "{name} {r:?}: no `{title}` in:\n{text}"
                );
            }
        }
    }
}

fn python_text(p: &Path) -> String {
    python(XML, &[&p.display().to_string()])
}

// ---------------------------------------------------------------- the command line

#[test]
fn build_writes_the_four_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = run(&[
        "build",
        "--today",
        TODAY,
        "--renderer",
        "embedded",
        "examples/isle-of-wight.proto-gov",
        "--out",
        &out.display().to_string(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "isle-of-wight.dot",
            "isle-of-wight.ics",
            "isle-of-wight.json",
            "isle-of-wight.svg"
        ]
    );
}

#[test]
fn a_protocol_with_errors_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = run(&[
        "build",
        "--today",
        TODAY,
        "examples/isle-of-wight.proto-gov",
        "tests/fixtures/PG0101.proto-gov",
        "--out",
        &out.display().to_string(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("PG0101") && err.contains("nothing was written"),
        "{err}"
    );
    assert!(!out.exists());
    let o = run(&["graph", "--today", TODAY, "tests/fixtures/PG0101.proto-gov"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
}

#[test]
fn an_unwritable_output_exits_two_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    // A file where the directory should be.
    let file = dir.path().join("file");
    std::fs::write(&file, "x").unwrap();
    let build_into = |out: &Path| {
        let out = out.display().to_string();
        run(&[
            "build",
            "--today",
            TODAY,
            "examples/isle-of-wight.proto-gov",
            "--out",
            &out,
        ])
    };
    let o = build_into(&file.join("out"));
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot create the output directory"));
    // The file itself given as the directory: said so, and the file is left as it was.
    let o = build_into(&file);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("is a file, not a directory"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "x");
    // The last file cannot be written: the others are taken back.
    let out = dir.path().join("out");
    std::fs::create_dir_all(out.join("isle-of-wight.svg")).unwrap();
    let o = run(&[
        "build",
        "--today",
        TODAY,
        "--renderer",
        "embedded",
        "examples/isle-of-wight.proto-gov",
        "--out",
        &out.display().to_string(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("isle-of-wight.svg") && err.contains("nothing was written"),
        "{err}"
    );
    let left: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, vec![std::ffi::OsString::from("isle-of-wight.svg")]);
}

#[test]
fn out_dash_streams_exactly_one_format() {
    let o = run(&[
        "build",
        "--today",
        TODAY,
        "--emit",
        "ics",
        "--out",
        "-",
        "examples/hampshire.proto-gov",
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stdout.starts_with(b"BEGIN:VCALENDAR\r\n"));
    let o = run(&[
        "build",
        "--today",
        TODAY,
        "--emit",
        "dot",
        "--out",
        "-",
        "examples/hampshire.proto-gov",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let g = run(&["graph", "--today", TODAY, "examples/hampshire.proto-gov"]);
    assert_eq!(g.status.code(), Some(0));
    assert_eq!(o.stdout, g.stdout);
    for args in [
        vec![
            "build",
            "--emit",
            "ics,json",
            "--out",
            "-",
            "examples/hampshire.proto-gov",
        ],
        vec!["build", "--out", "-", "examples/hampshire.proto-gov"],
        vec!["build", "--emit", "pdf", "examples/hampshire.proto-gov"],
        vec!["build", "--remind", "soon", "examples/hampshire.proto-gov"],
        vec![
            "build",
            "--emit",
            "ics",
            "--party",
            "nobody",
            "--out",
            "-",
            "examples/hampshire.proto-gov",
        ],
    ] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(o.stdout.is_empty(), "{args:?}");
    }
    let o = run(&[
        "build",
        "--emit",
        "ics",
        "--party",
        "hcsb",
        "--out",
        "-",
        "examples/hampshire.proto-gov",
    ]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("did you mean `hscb`?"));
}

/// The SVG `build` draws by default is the same on every machine: the embedded layout,
/// whether or not Graphviz is installed. Graphviz draws it only when asked.
#[test]
fn the_default_svg_is_the_same_with_and_without_graphviz() {
    let dir = tempfile::tempdir().unwrap();
    let build = |renderer: Option<&str>, path: Option<&Path>, sub: &str| {
        let mut args = vec!["build", "--emit", "svg"];
        if let Some(r) = renderer {
            args.extend(["--renderer", r]);
        }
        let out = dir.path().join(sub).display().to_string();
        args.extend(["--out", &out, "examples/hampshire.proto-gov"]);
        let mut c = Command::new(env!("CARGO_BIN_EXE_protogov"));
        c.args(&args).current_dir(root());
        if let Some(p) = path {
            c.env("PATH", p);
        }
        let o = c.output().unwrap();
        let svg = std::fs::read(dir.path().join(sub).join("hampshire.svg")).ok();
        (o, svg)
    };
    let nowhere = dir.path().join("no-such-dir");
    let (o, with_path) = build(None, None, "default");
    assert_eq!(o.status.code(), Some(0));
    let (o, without) = build(None, Some(&nowhere), "no-graphviz");
    assert_eq!(o.status.code(), Some(0));
    assert!(
        o.stderr.starts_with(b"wrote"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let (_, embedded) = build(Some("embedded"), None, "embedded");
    assert!(with_path.is_some());
    assert_eq!(with_path, without);
    assert_eq!(with_path, embedded);
    let (o, forced) = build(Some("graphviz"), Some(&nowhere), "forced");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot run Graphviz"));
    assert!(forced.is_none());
}

/// The author's text keeps its case in every output: event titles, clause labels,
/// conditions and artefact titles are quoted as written, and sentences are built around
/// them.
#[test]
fn the_authors_text_keeps_its_case() {
    let text = r#"protocol p "P" {
  clause "eSafety annex"
  between a and b
  review yearly in march
  next review 2027-03-31
}
body a "A" {
  clause 1.1
}
body b "B" {
  clause 1.2
}
event ofsted "Ofsted inspection published" {
  clause 1.3
}
event izmir "İzmir office opens" {
  clause 1.4
}
artefact r "The implementation" {
  clause "eSafety annex"
}
duty d "D" {
  clause "eSafety annex"
  a reviews r
  yearly in june
  only if "the Board agrees"
}
duty e "E" {
  clause 2.1
  a submits r to b
  when ofsted
}
duty f "F" {
  clause 2.2
  a submits r to b
  when izmir
}
"#;
    let a = analyse_text("case.proto-gov", text);
    assert!(!a.has_errors(), "{}", human(&a));
    let j = json::emit(
        &a,
        &json::Options {
            today: today(),
            occurrences: 1,
        },
    );
    let v: serde_json::Value = serde_json::from_str(&j).unwrap();
    let whens: Vec<&str> = v["unscheduled"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["when"].as_str().unwrap())
        .collect();
    assert!(
        whens[0].contains("Ofsted inspection published"),
        "{whens:?}"
    );
    assert!(whens[1].contains("İzmir office opens"), "{whens:?}");
    let cal = ics::emit(&a, &ics::Options::default()).unwrap();
    let unfolded = cal.replace("\r\n ", "");
    assert!(unfolded.contains("eSafety annex"), "{unfolded}");
    assert!(!unfolded.contains("ESafety"), "{unfolded}");
    assert!(unfolded.contains("the Board agrees"), "{unfolded}");
    assert!(!unfolded.contains("The Board agrees"), "{unfolded}");
    assert!(unfolded.contains("The implementation"), "{unfolded}");
    assert!(!unfolded.contains("the implementation"), "{unfolded}");
    assert!(
        unfolded.contains("Ofsted inspection published"),
        "{unfolded}"
    );
    assert!(unfolded.contains("İzmir office opens"), "{unfolded}");
}

/// A moved instance names the day the rule gives and why that day is not a working day,
/// and a quarterly duty names its months.
#[test]
fn calendar_text_names_the_moved_day_and_the_quarters() {
    let a = example("isle-of-wight");
    let text = ics::emit(&a, &ics::Options::default())
        .unwrap()
        .replace("\r\n ", "");
    // Good Friday 2024 is the last weekday of March: the review is due the day before.
    assert!(
        text.contains("Due on Thursday 28 March 2024\\, the working day before Friday 29 March 2024\\, which is a bank holiday (Good Friday)."),
        "{text}"
    );
    assert!(text
        .contains("Quarterly (January\\, April\\, July\\, October)\\, by the last working day."));
    assert!(!text.contains("every 3 months"));
}
