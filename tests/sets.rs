//! Sets: a folder of documents compiled as one (`protogov check DIR`). Names cross files,
//! a name declared twice shows both places, the documents are compared with each other, and
//! the set's outputs are read back by independent tools.

use crate::common::*;
use std::path::Path;

/// A folder of files for one test, removed when dropped.
fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (name, text) in files {
        let path = dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("a folder");
        }
        std::fs::write(path, text).expect("written");
    }
    dir
}

fn check(dir: &Path, extra: &[&str]) -> (i32, String) {
    let d = dir.display().to_string();
    let mut args = vec![
        "check",
        d.as_str(),
        "--today",
        TODAY,
        "--message-format",
        "short",
    ];
    args.extend_from_slice(extra);
    let out = run(&args);
    let text = String::from_utf8_lossy(&out.stderr).into_owned();
    (out.status.code().unwrap_or(-1), text)
}

const TERMS: &str = r#"terms of reference scp_tor "Safeguarding Children Partnership: terms of reference" {
  for scp
  agreed by scp on 2025-04-01
  review yearly
  next review 2027-09
}

body scp "Safeguarding Children Partnership" {
  meets quarterly in march, june, september and december
}

role scp_chair "Independent Chair" {
  chair of scp
}
"#;

const PROTOCOL: &str = r#"protocol joint "Joint working protocol" {
  between scp and hwb
  agreed by scp on 2025-06-01
  agreed by hwb on 2025-06-01
  review yearly
  next review 2027-09
}

body hwb "Health and Wellbeing Board" {
  meets quarterly in january, april, july and october
}

artefact annual_report "Annual report"

duty annual "The Partnership's annual report goes to the Board" {
  scp submits annual_report to hwb
  yearly in april
}
"#;

#[test]
fn names_cross_files_and_each_file_is_still_independent_alone() {
    let dir = folder(&[
        ("a-terms.proto-gov", TERMS),
        ("b-protocol.proto-gov", PROTOCOL),
    ]);
    let (code, text) = check(dir.path(), &[]);
    assert!(!text.contains("PG0101"), "names cross files:\n{text}");
    assert!(text.contains("checked 2 files (1 set)"), "{text}");
    // `hwb` has no terms of reference in the set, which has one.
    assert!(
        text.contains("b-protocol.proto-gov:2:19: warning[PG0904]"),
        "{text}"
    );
    assert_eq!(code, 0, "{text}");
    // The same file given alone does not see the other's names.
    let alone = dir
        .path()
        .join("b-protocol.proto-gov")
        .display()
        .to_string();
    let out = run(&[
        "check",
        &alone,
        "--today",
        TODAY,
        "--message-format",
        "short",
    ]);
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("error[PG0101]"), "{text}");
}

#[test]
fn a_name_declared_in_two_files_shows_both_places() {
    let second = "terms of reference hwb_tor \"Board\" {\n  for hwb\n}\n\nbody scp \"Again\"\n";
    let dir = folder(&[
        ("a.proto-gov", TERMS),
        ("b.proto-gov", PROTOCOL),
        ("c.proto-gov", second),
    ]);
    let d = dir.path().display().to_string();
    let out = run(&["check", &d, "--today", TODAY, "--color", "never"]);
    let text = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("`scp` is declared twice"), "{text}");
    // The excerpt is of the second file; the first place is named with its file.
    assert!(text.contains("c.proto-gov:5:6"), "{text}");
    assert!(
        text.contains("a.proto-gov:8:6: first declared here, as a body"),
        "{text}"
    );
}

#[test]
fn documents_that_disagree_are_found() {
    let again = r#"terms of reference hwb_tor "Board: terms of reference" {
  for hwb
  agreed by hwb on 2025-05-01
  review yearly
  next review 2027-09
}

duty report_to_board "Annual report" {
  scp should submit annual_report to hwb
  yearly in june
}

body children_partnership "The Safeguarding Children Partnership"
"#;
    let dir = folder(&[
        ("a.proto-gov", TERMS),
        ("b.proto-gov", PROTOCOL),
        ("c.proto-gov", again),
    ]);
    let (_, text) = check(dir.path(), &[]);
    // The same duty, due in June here and April there, should here and must there.
    let pg0901 = text
        .lines()
        .find(|l| l.contains("PG0901"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        pg0901.starts_with(&format!("{}/c.proto-gov:9:3", dir.path().display())),
        "{pg0901}"
    );
    assert!(
        pg0901.contains("due yearly in june here, yearly in april there"),
        "{pg0901}"
    );
    assert!(
        pg0901.contains("it should be done here, must there"),
        "{pg0901}"
    );
    // One body under two names.
    assert!(
        text.contains(
            "c.proto-gov:13:6: warning[PG0902]: body `children_partnership` and body `scp`"
        ),
        "{text}"
    );
    // April and June: the Board meets in January, April, July and October.
    assert!(
        text.contains(
            "warning[PG0905]: `report_to_board` is due to `hwb` on 30 June 2027, but `hwb` has no \
             meeting in June by then: it reaches `hwb` at its meeting in July 2027"
        ),
        "{text}"
    );
    assert!(!text.contains("`annual` is due to `hwb`"), "{text}");
    // Both terms of reference are present now: no party lacks one.
    assert!(!text.contains("PG0904"), "{text}");
}

#[test]
fn two_terms_of_reference_for_one_body() {
    let old = "terms of reference scp_tor_2019 \"Old terms\" {\n  for scp\n}\n";
    let dir = folder(&[("a.proto-gov", TERMS), ("archive/old.proto-gov", old)]);
    let (_, text) = check(dir.path(), &[]);
    assert!(
        text.contains("warning[PG0903]: body `scp` has two terms of reference"),
        "{text}"
    );
    // Left out by the settings, the old one is not read at all.
    std::fs::write(
        dir.path().join("protogov.toml"),
        "[set]\nname = \"Area\"\nexclude = [\"archive/**\"]\n",
    )
    .unwrap();
    let (code, text) = check(dir.path(), &[]);
    assert!(!text.contains("PG0903"), "{text}");
    assert!(text.contains("checked 1 file (1 set)"), "{text}");
    assert_eq!(code, 0, "{text}");
}

#[test]
fn an_ordering_across_documents_is_checked_by_the_dates() {
    let later = "terms of reference hwb_tor \"Board\" {\n  for hwb\n  agreed by hwb on 2025-05-01\n  review yearly\n  next review 2027-09\n}\n\nartefact reply \"Reply\"\n\nduty answer \"The Board answers\" {\n  hwb sends reply to scp\n  yearly in march\n  after annual\n}\n";
    let dir = folder(&[
        ("a.proto-gov", TERMS),
        ("b.proto-gov", PROTOCOL),
        ("c.proto-gov", later),
    ]);
    let (_, text) = check(dir.path(), &[]);
    assert!(text.contains("c.proto-gov:13:3: error[PG0302]"), "{text}");
}

#[test]
fn each_document_dates_its_own_schedules_and_holidays() {
    // `yearly in march` counts from each file's own agreement date: the first March on or
    // after it.
    let a = "protocol a \"A\" {\n  between x and y\n  agreed by x on 2021-03-10\n  review yearly\n  next review 2027-09\n  holidays scotland\n}\nbody x \"X\"\nbody y \"Y\"\nartefact r \"R\"\nduty d \"D\" {\n  x sends r to y\n  yearly in march\n}\n";
    let b = "terms of reference t \"T\" {\n  for y\n  agreed by y on 2022-07-20\n  review yearly\n  next review 2027-09\n}\nduty e \"E\" {\n  y sends r to x\n  yearly in march\n}\n";
    let dir = folder(&[("a.proto-gov", a), ("b.proto-gov", b)]);
    let d = dir.path().display().to_string();
    let out_dir = tempfile::tempdir().unwrap();
    let o = out_dir.path().display().to_string();
    let out = run(&["build", &d, "--emit", "json", "--out", &o, "--today", TODAY]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let name = dir
        .path()
        .file_name()
        .unwrap()
        .to_string_lossy()
        .to_string();
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out_dir.path().join(format!("{name}.json"))).unwrap(),
    )
    .unwrap();
    let duty = |id: &str| {
        json["duties"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["id"] == id)
            .cloned()
            .unwrap()
    };
    assert_eq!(duty("d")["dates"]["first"], "2021-03-31", "{}", duty("d"));
    assert_eq!(duty("e")["dates"]["first"], "2023-03-31", "{}", duty("e"));
    // Each file's own holidays: Scotland's for the first, the default for the second.
    assert_eq!(duty("d")["cadence"]["schedule"]["holidays"], "scotland");
    assert_eq!(
        duty("e")["cadence"]["schedule"]["holidays"],
        "england-and-wales"
    );
    assert!(duty("d")["file"]
        .as_str()
        .unwrap()
        .ends_with("/a.proto-gov"));
    assert!(duty("e")["file"]
        .as_str()
        .unwrap()
        .ends_with("/b.proto-gov"));
    let files: Vec<&str> = json["set"]["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    assert_eq!(files.len(), 2);
    assert_eq!(json["documents"].as_array().unwrap().len(), 2);
}

#[test]
fn bad_settings_are_a_diagnostic_with_a_place() {
    let dir = folder(&[
        ("a.proto-gov", TERMS),
        (
            "protogov.toml",
            "[set]\nname = \"Area\"\n\n[defaults]\nholidays = \"wales\"\ntoday = \"7.12.26\"\n",
        ),
    ]);
    let (code, text) = check(dir.path(), &[]);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("protogov.toml:6:9: error[PG0013]: `today = \"7.12.26\"` is not a date"),
        "{text}"
    );
    std::fs::write(dir.path().join("protogov.toml"), "[sett]\n").unwrap();
    let (code, text) = check(dir.path(), &[]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("protogov.toml:1:2: error[PG0013]"), "{text}");
}

#[test]
fn an_empty_folder_is_a_usage_error() {
    let dir = folder(&[("notes.txt", "nothing here")]);
    let (code, text) = check(dir.path(), &[]);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("holds no .proto-gov file"), "{text}");
}

#[test]
fn the_example_set_reports_its_real_inconsistency() {
    let (code, text) = check(&root().join("examples/middlesbrough-set"), &[]);
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("health-and-wellbeing-board.proto-gov:127:6: warning[PG0902]: role `deputy_mayor` and role `deputy_mayor_education`"),
        "{text}"
    );
    assert!(text.contains("checked 4 files (1 set)"), "{text}");
    // The twin keeps the documents as written: one name declared in two files.
    let (code, text) = check(&root().join("tests/sets/middlesbrough-as-written"), &[]);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("error[PG0102]: `deputy_mayor` is declared twice"),
        "{text}"
    );
    assert!(text.contains("warning[PG0701]"), "{text}");
}

#[test]
fn the_set_builds_one_json_calendar_and_drawing_read_back_by_other_tools() {
    require_python();
    require_dot();
    let out_dir = tempfile::tempdir().unwrap();
    let o = out_dir.path().display().to_string();
    let out = run(&[
        "build",
        "examples/middlesbrough-set",
        "--out",
        &o,
        "--today",
        TODAY,
        "--emit",
        "json,ics,dot",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json = out_dir.path().join("middlesbrough-set.json");
    let schema = root().join("schema/protogov.schema.json");
    python(
        "import json,sys,jsonschema\ns=json.load(open(sys.argv[1]))\njsonschema.validate(json.load(open(sys.argv[2])),s)",
        &[&schema.display().to_string(), &json.display().to_string()],
    );
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(
        doc["set"]["name"],
        "Middlesbrough and Tees: corporate parenting, health and wellbeing, safeguarding"
    );
    // Every declaration says which file it comes from.
    for list in ["bodies", "roles", "duties", "documents"] {
        for d in doc[list].as_array().unwrap() {
            assert!(
                d["file"]
                    .as_str()
                    .is_some_and(|f| f.ends_with(".proto-gov")),
                "{d}"
            );
        }
    }
    // The drawing holds the bodies of every document.
    let dot = out_dir.path().join("middlesbrough-set.dot");
    let plain = std::process::Command::new("dot")
        .args(["-Tplain", &dot.display().to_string()])
        .output()
        .unwrap();
    assert!(plain.status.success());
    let plain = String::from_utf8_lossy(&plain.stdout);
    // Every body, and the documents that bind them.
    for body in ["cpb", "hwbb", "tsab", "cpb_tor", "tees_jwp"] {
        assert!(
            plain
                .lines()
                .any(|l| l.starts_with(&format!("node {body} "))),
            "{body}\n{plain}"
        );
    }
    // The calendar parses and holds the duties of several documents.
    let ics = out_dir.path().join("middlesbrough-set.ics");
    let summaries = python(
        "import icalendar,sys\nc=icalendar.Calendar.from_ical(open(sys.argv[1],'rb').read())\nprint('\\n'.join(str(e.get('summary')) for e in c.walk('VEVENT')))",
        &[&ics.display().to_string()],
    );
    // Each document's own review, cited from that document.
    for title in [
        "Review of the Terms of Reference - You Matter to Us",
        "Review of the Appendix 1 due",
        "Review of the Tees Safeguarding Adults and Children Joint Working Protocol",
        "Review of the Teeswide Safeguarding Adults Board",
    ] {
        assert!(summaries.contains(title), "{title}\n{summaries}");
    }
}

#[test]
fn one_document_of_a_set_is_drawn_with_names_from_the_others() {
    require_dot();
    let out = run(&[
        "graph",
        "examples/middlesbrough-set",
        "--document",
        "tees-joint-working-protocol.proto-gov",
        "--today",
        TODAY,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let plain = std::process::Command::new("dot")
        .arg("-Tplain")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin.take().unwrap().write_all(&out.stdout)?;
            c.wait_with_output()
        })
        .unwrap();
    let plain = String::from_utf8_lossy(&plain.stdout);
    let nodes: Vec<&str> = plain
        .lines()
        .filter_map(|l| l.strip_prefix("node "))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    // The protocol's parties, one of them declared in another file; not the bodies only
    // the other documents draw.
    assert!(nodes.contains(&"tsab"), "{nodes:?}");
    assert!(!nodes.contains(&"cpb"), "{nodes:?}");
    // A file that is not in the set is named as such, with the set's files.
    let out = run(&[
        "graph",
        "examples/middlesbrough-set",
        "--document",
        "nope.proto-gov",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is not a file of the set"), "{err}");
    assert!(err.contains("teeswide-sab.proto-gov"), "{err}");
}

#[test]
fn fix_mends_each_file_of_a_set_in_place() {
    let protocol = "protocol p \"P\" {\n  between scp and hwb\n  agreed by scp on 2025-04-01\n  review yearly\n  next review 2027-09\n}\nbodyy hwb \"Health and Wellbeing Board\"\n";
    let dir = folder(&[("a.proto-gov", TERMS), ("b.proto-gov", protocol)]);
    let before = std::fs::read_to_string(dir.path().join("a.proto-gov")).unwrap();
    let (code, text) = check(dir.path(), &["--fix"]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("replace `bodyy` with `body`"), "{text}");
    let after = std::fs::read_to_string(dir.path().join("b.proto-gov")).unwrap();
    assert!(
        after.ends_with("body hwb \"Health and Wellbeing Board\"\n"),
        "{after}"
    );
    // The file with nothing to fix is untouched, and the set is checked again after.
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.proto-gov")).unwrap(),
        before
    );
    assert!(
        !text.contains("PG0004") && !text.contains("error["),
        "{text}"
    );
}

mod hostile_sets {
    use super::*;

    #[test]
    fn an_error_at_the_end_of_a_file_is_in_that_file() {
        let dir = folder(&[
            ("a.proto-gov", "body a \"A\"\nbody"),
            ("b.proto-gov", "artefact r \"R\"\n"),
        ]);
        let (_, text) = check(dir.path(), &[]);
        assert!(text.contains("/a.proto-gov:2:5: error[PG0001]"), "{text}");
        assert!(!text.contains("/b.proto-gov:1:1: error[PG0001]"), "{text}");
    }

    #[test]
    fn a_sets_today_dates_its_json() {
        let dir = folder(&[
            ("a.proto-gov", TERMS),
            ("b.proto-gov", PROTOCOL),
            ("protogov.toml", "[defaults]\ntoday = 2026-04-01\n"),
        ]);
        let d = dir.path().display().to_string();
        let out = run(&["build", &d, "--emit", "json", "--out", "-"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(json["today"], "2026-04-01");
        let annual = &json["duties"][0];
        assert_eq!(annual["dates"]["next"][0], "2026-04-30", "{annual}");
    }

    #[test]
    fn an_escalation_answers_to_its_own_files_document() {
        let b = "escalation esc \"Disputes\" {\n  attended by scp and hwb\n}\n\nprotocol other \"Other\" {\n  between scp and hwb\n  agreed by scp on 2025-06-01\n  agreed by hwb on 2025-06-01\n  review yearly\n  next review 2027-09\n}\n";
        let a = "protocol joint \"Joint\" {\n  between scp and sab\n  agreed by scp on 2025-06-01\n  agreed by sab on 2025-06-01\n  review yearly\n  next review 2027-09\n}\nbody scp \"SCP\"\nbody sab \"SAB\"\nbody hwb \"HWB\"\n";
        let dir = folder(&[("a.proto-gov", a), ("b.proto-gov", b)]);
        let (_, text) = check(dir.path(), &[]);
        assert!(
            !text.contains("represents `sab`") && !text.contains("PG0305"),
            "{text}"
        );
    }

    #[test]
    fn a_duty_named_like_an_artefact_is_drawn_with_its_own_document() {
        let a = "protocol p \"P\" {\n  between x and y\n  agreed by x on 2025-06-01\n  agreed by y on 2025-06-01\n  review yearly\n  next review 2027-09\n}\nbody x \"X\"\nbody y \"Y\"\nartefact annual_report \"Annual report\"\n";
        let b = "duty annual_report \"Annual report\" {\n  x submits annual_report to y\n  yearly in june\n}\n";
        let dir = folder(&[("a.proto-gov", a), ("b.proto-gov", b)]);
        let d = dir.path().display().to_string();
        let drawn = |doc: &str| {
            let out = run(&["graph", &d, "--document", doc, "--today", TODAY]);
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            String::from_utf8_lossy(&out.stdout).into_owned()
        };
        assert!(
            drawn("b.proto-gov").contains("\"x\" -> \"y\""),
            "{}",
            drawn("b.proto-gov")
        );
        assert!(
            !drawn("a.proto-gov").contains("\"x\" -> \"y\""),
            "{}",
            drawn("a.proto-gov")
        );
    }

    #[test]
    fn the_same_duty_needs_the_same_verb_and_meeting_timing_counts() {
        let a = "terms of reference t \"T\" {\n  for hwb\n  agreed by hwb on 2025-04-01\n  review yearly\n  next review 2027-09\n}\nbody hwb \"HWB\"\nartefact jsna \"JSNA\"\nduty publish \"Publish\" {\n  hwb publishes jsna\n  yearly in march\n}\nduty to_board \"To the Board\" {\n  hwb submits jsna to council\n  before each meeting of council\n}\n";
        let b = "terms of reference u \"U\" {\n  for council\n  agreed by council on 2025-04-01\n  review yearly\n  next review 2027-09\n}\nbody council \"Council\"\nduty scrutiny \"Scrutiny\" {\n  hwb scrutinises jsna\n  ongoing\n}\nduty to_council \"To the Council\" {\n  hwb submits jsna to council\n  within 20 working days of each meeting of council\n}\n";
        let dir = folder(&[("a.proto-gov", a), ("b.proto-gov", b)]);
        let (_, text) = check(dir.path(), &[]);
        let found: Vec<&str> = text.lines().filter(|l| l.contains("PG0901")).collect();
        assert_eq!(found.len(), 1, "{text}");
        assert!(
            found[0].contains("`to_council` and duty `to_board`"),
            "{text}"
        );
        assert!(found[0].contains("within 20 working days of each meeting of council here, before each meeting of council there"), "{text}");
    }

    #[test]
    fn a_second_document_in_one_file_points_at_that_files_first() {
        let c = "terms of reference one \"One\" {\n  for hwb\n}\nterms of reference two \"Two\" {\n  for hwb\n}\nbody hwb \"HWB\"\n";
        let dir = folder(&[("a.proto-gov", TERMS), ("c.proto-gov", c)]);
        let d = dir.path().display().to_string();
        let out = run(&["check", &d, "--today", TODAY, "--color", "never"]);
        let text = String::from_utf8_lossy(&out.stderr);
        assert!(text.contains("a second protocol in one file"), "{text}");
        assert!(!text.contains("a.proto-gov:1:20: first protocol"), "{text}");
        assert!(text.contains("first protocol"), "{text}");
    }

    #[test]
    fn a_set_built_from_its_own_folder_is_named_after_it() {
        let dir = folder(&[
            ("my.v2/a.proto-gov", TERMS),
            ("my.v2/b.proto-gov", PROTOCOL),
        ]);
        let out_dir = tempfile::tempdir().unwrap();
        let o = out_dir.path().display().to_string();
        let set = dir.path().join("my.v2");
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_protogov"))
            .args([
                "build", ".", "--emit", "json", "--out", &o, "--today", TODAY,
            ])
            .current_dir(&set)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out_dir.path().join("my.v2.json").exists());
    }

    #[test]
    fn a_link_to_a_folder_is_not_followed() {
        let dir = folder(&[("a.proto-gov", TERMS), ("sub/b.proto-gov", PROTOCOL)]);
        std::os::unix::fs::symlink("..", dir.path().join("sub/up.proto-gov")).unwrap();
        let (code, text) = check(dir.path(), &[]);
        assert_eq!(code, 0, "{text}");
        assert!(text.contains("checked 2 files (1 set)"), "{text}");
    }
}
