//! `protogov check --fix`: safe fixes applied to copies of the fixtures, and the files
//! it must leave exactly as they were.

use crate::common::*;
use std::path::Path;

fn fix_in_place(path: &Path, extra: &[&str]) -> std::process::Output {
    let path = path.display().to_string();
    let mut args = vec!["check", "--fix", "--today", TODAY];
    args.extend_from_slice(extra);
    args.push(&path);
    run(&args)
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn every_fixture_with_a_safe_fix_loses_that_diagnostic_and_still_parses() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut fixed = 0;
    for fixture in files("tests/fixtures", ".proto-gov") {
        let name = fixture.file_name().expect("a name");
        let before = std::fs::read_to_string(&fixture).expect("fixture");
        let a = analyse_text(&name.to_string_lossy(), &before);
        let safe: Vec<_> = a
            .diagnostics
            .iter()
            .filter(|d| d.fixes.iter().any(|f| f.safe))
            .collect();
        if safe.is_empty() {
            continue;
        }
        let copy = dir.path().join(name);
        std::fs::write(&copy, &before).expect("copy");
        let o = fix_in_place(&copy, &[]);
        let after = std::fs::read_to_string(&copy).expect("fixed file");
        let parsed = protogov::syntax::parse(&after);
        if a.diagnostics
            .iter()
            .any(|d| d.is_syntax() && d.fixes.is_empty())
        {
            // Syntax errors no fix mends: the file must be exactly as it was.
            assert_eq!(after, before, "{name:?}: {}", stderr(&o));
            continue;
        }
        assert_ne!(after, before, "{name:?} was not fixed: {}", stderr(&o));
        assert!(stderr(&o).contains("fixed `"), "{}", stderr(&o));
        assert!(
            !parsed.diagnostics.iter().any(|d| d.is_syntax()),
            "{name:?} no longer parses:\n{after}"
        );
        let again = analyse_text(&name.to_string_lossy(), &after);
        for d in safe {
            assert!(
                !again
                    .diagnostics
                    .iter()
                    .any(|e| e.code == d.code && e.message == d.message),
                "{name:?} still reports {}: {}",
                d.code.code,
                d.message
            );
        }
        fixed += 1;
    }
    // Unknown name, misspelt property, declaration keyword and allowed code at least.
    assert!(fixed >= 4, "only {fixed} fixtures were fixed");
}

#[test]
fn a_file_whose_syntax_errors_have_no_fix_is_left_byte_for_byte() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("broken.proto-gov");
    // `protocl` has a safe fix; `kind` with no value has none.
    let text = "protocl p \"P\" {\r\n}\nbody b \"B\" {\n  kind\n}\n";
    std::fs::write(&path, text).expect("write");
    let o = fix_in_place(&path, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(std::fs::read(&path).expect("read"), text.as_bytes());
    assert!(stderr(&o).contains("left `"), "{}", stderr(&o));
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 1);
}

#[test]
fn a_file_that_cannot_be_written_keeps_its_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("PG0009.proto-gov");
    let text =
        std::fs::read_to_string(root().join("tests/fixtures/PG0009.proto-gov")).expect("fixture");
    std::fs::write(&path, &text).expect("write");
    let mut perms = std::fs::metadata(&path).expect("meta").permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&path, perms).expect("chmod");
    let o = fix_in_place(&path, &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("read-only"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&path).expect("read"), text);
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 1);
    // Its diagnostics are still reported.
    assert!(stderr(&o).contains("PG0009"), "{}", stderr(&o));
}

#[test]
fn readings_and_proposals_are_offered_in_json_but_never_applied() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (code, texts) in [
        ("PG0202", &["six-monthly", "every 2 years"][..]),
        ("PG0203", &["within 28 days"][..]),
        ("PG0207", &[" in MONTH"][..]),
    ] {
        let name = format!("{code}.proto-gov");
        let text =
            std::fs::read_to_string(root().join("tests/fixtures").join(&name)).expect("fixture");
        let path = dir.path().join(&name);
        std::fs::write(&path, &text).expect("write");
        let o = fix_in_place(&path, &["--message-format", "json"]);
        assert_eq!(
            std::fs::read_to_string(&path).expect("read"),
            text,
            "{code}"
        );
        let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&o.stdout)
            .lines()
            .map(|l| serde_json::from_str(l).expect("one JSON object a line"))
            .collect();
        let d = lines
            .iter()
            .find(|d| d["code"] == code)
            .unwrap_or_else(|| panic!("{code} in {lines:?}"));
        let fixes = d["fixes"].as_array().expect("fixes");
        let offered: Vec<&str> = fixes
            .iter()
            .map(|f| f["edits"][0]["text"].as_str().expect("text"))
            .collect();
        assert_eq!(offered, texts, "{code}");
        assert!(
            fixes.iter().all(|f| f["safe"] == false),
            "{code}: {fixes:?}"
        );
        // The edit's span is where the fix goes in the text.
        let span = &fixes[0]["edits"][0]["span"];
        let (s, e) = (
            span["start"].as_u64().expect("start") as usize,
            span["end"].as_u64().expect("end") as usize,
        );
        assert!(e <= text.len() && s <= e, "{code}: {span}");
    }
}

#[test]
fn a_safe_fix_is_in_the_json_with_the_text_it_replaces() {
    let o = run(&[
        "check",
        "--message-format",
        "json",
        "--today",
        TODAY,
        "tests/fixtures/PG0101.proto-gov",
    ]);
    let text =
        std::fs::read_to_string(root().join("tests/fixtures/PG0101.proto-gov")).expect("fixture");
    let d: serde_json::Value = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("JSON"))
        .find(|d| d["code"] == "PG0101")
        .expect("PG0101");
    let fix = &d["fixes"][0];
    assert_eq!(fix["safe"], true);
    let edit = &fix["edits"][0];
    let (s, e) = (
        edit["span"]["start"].as_u64().expect("start") as usize,
        edit["span"]["end"].as_u64().expect("end") as usize,
    );
    assert_eq!(&text[s..e], "rslcb");
    assert_eq!(edit["text"], "rlscb");
}

#[test]
fn fix_refuses_standard_input_and_says_why() {
    let o = run(&["check", "--fix", "-"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("standard input"), "{}", stderr(&o));
}

#[test]
fn a_misspelt_verb_month_and_cadence_word_are_fixed_and_a_reading_is_not() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("typos.proto-gov");
    let text = "protocol p \"P\" {\n  between a and b\n  review yaerly\n  next review 2027-09\n}\n\
                body a \"A\"\nbody b \"B\"\nrole a_chair \"Chair of A\" { chair of a }\n\
                role b_chair \"Chair of B\" { chair of b }\nartefact report \"Report\"\n\
                duty d1 { a sumbits report to b; yearly in septembre }\n\
                duty d2 { b presents report to a; bi-annually in march }\n";
    std::fs::write(&path, text).expect("write");
    let o = fix_in_place(&path, &["--message-format", "short"]);
    let after = std::fs::read_to_string(&path).expect("read");
    assert_eq!(
        after,
        text.replace("yaerly", "yearly")
            .replace("sumbits", "submits")
            .replace("septembre", "september"),
        "{}",
        stderr(&o)
    );
    let err = stderr(&o);
    assert!(err.contains("fixed `"), "{err}");
    assert!(err.contains("3 changes"), "{err}");
    assert!(
        err.contains(":11:13: replace `sumbits` with `submits`"),
        "{err}"
    );
    // The ambiguous word stays, and is what remains to report.
    assert!(err.contains("PG0202"), "{err}");
    assert_eq!(o.status.code(), Some(0), "{err}");
}

/// A guess that is more than one slip away, or one of several as near, may change what
/// the protocol means: it is offered as a fix but never applied.
#[test]
fn a_guess_that_could_change_the_meaning_is_offered_but_not_applied() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cases = [
        // `west_board` is two changes from `east_board`: another body, not a typo.
        (
            "name",
            "body north_board\nbody south_board\nbody east_board\nartefact report\n\
             duty d {\n  west_board submits report to south_board\n  yearly in june\n}\n",
        ),
        // `revises` is a word of its own, two changes from `reviews`.
        (
            "verb",
            "body a\nbody b\nartefact r\nduty d {\n  a revises r to b\n  yearly in june\n}\n",
        ),
        // `cpb1` is one slip from both `cpb2` and `cpb3`: which was meant?
        (
            "tie",
            "body cpb2\nbody cpb3\nartefact r\nduty d {\n  cpb2 submits r to cpb1\n  yearly in june\n}\n",
        ),
    ];
    for (what, text) in cases {
        let path = dir.path().join(format!("{what}.proto-gov"));
        std::fs::write(&path, text).expect("write");
        let a = analyse_text(what, text);
        assert!(
            a.diagnostics
                .iter()
                .any(|d| !d.fixes.is_empty() && d.fixes.iter().all(|f| !f.safe)),
            "{what}: a fix should be offered, and not as safe: {:#?}",
            a.diagnostics
        );
        let o = fix_in_place(&path, &[]);
        assert_eq!(
            std::fs::read_to_string(&path).expect("read"),
            text,
            "{what}"
        );
        assert_eq!(o.status.code(), Some(1), "{what}: {}", stderr(&o));
    }
}

/// Every reading offered for an ambiguous cadence word is one the language can read.
#[test]
fn every_offered_reading_of_an_ambiguous_cadence_parses() {
    for (word, ..) in protogov::syntax::vocab::AMBIGUOUS_CADENCE_WORDS {
        let text = format!("protocol p {{\n  review {word}\n}}\n");
        let a = analyse_text("ambiguous", &text);
        let fixes: Vec<_> = a
            .diagnostics
            .iter()
            .filter(|d| d.code.code == "PG0202")
            .flat_map(|d| d.fixes.iter())
            .collect();
        assert!(!fixes.is_empty(), "{word}: no reading offered");
        for f in fixes {
            let mut fixed = text.clone();
            for e in f.edits.iter().rev() {
                fixed.replace_range(e.span.start..e.span.end, &e.text);
            }
            let parsed = protogov::syntax::parse(&fixed);
            assert!(
                !parsed.diagnostics.iter().any(|d| d.is_syntax()),
                "{word}: `{}` does not parse:\n{fixed}",
                f.label
            );
        }
    }
}
