//! The published documents (three protocols and a terms of reference): the clean examples stay clean; the as-written
//! encodings report the documents' real faults, each at the clause that carries it.

use crate::common::*;

#[test]
fn the_clean_examples_have_no_diagnostics() {
    let examples = files("examples", ".proto-gov");
    assert_eq!(examples.len(), 4);
    for path in examples {
        let text = std::fs::read_to_string(&path).unwrap();
        let a = analyse_text(&rel(&path), &text);
        assert!(a.diagnostics.is_empty(), "{}:\n{}", rel(&path), human(&a));
        let out = run(&["check", "--deny", "warnings", "--today", TODAY, &rel(&path)]);
        assert_eq!(out.status.code(), Some(0), "{}", rel(&path));
    }
}

/// (file, code, a line of the source the diagnostic must point into)
const FAULTS: &[(&str, &str, &str)] = &[
    ("isle-of-wight", "PG0202", "review bi-annually"),
    ("isle-of-wight", "PG0205", "next review"),
    ("isle-of-wight", "PG0203", "in a timely manner"),
    (
        "isle-of-wight",
        "PG0112",
        "performance_indicators reported to",
    ),
    ("isle-of-wight", "PG0207", "annually"),
    ("isle-of-wight", "PG0401", "clause 5.2"),
    // No review date is written: a year after the agreement, the review is long overdue.
    ("hampshire", "PG0205", "review annually"),
    ("hampshire", "PG0203", "in timely manner"),
    ("hampshire", "PG0112", "performance_indicators reported to"),
    ("hampshire", "PG0117", "when remit_matter"),
    ("rotherham", "PG0101", "observer on rslcb"),
    ("rotherham", "PG0101", "corporate_parenting_board"),
    ("rotherham", "PG0204", "protocol rotherham"),
    ("rotherham", "PG0401", "clause 7"),
    ("rotherham", "PG0203", "in timely manner"),
    (
        "middlesbrough-cpb-tor",
        "PG0204",
        "terms of reference cpb_tor",
    ),
    ("middlesbrough-cpb-tor", "PG0207", "annual"),
    (
        "middlesbrough-cpb-tor",
        "PG0115",
        "duty cpb_considers_scrutiny_reports",
    ),
    (
        "middlesbrough-cpb-tor",
        "PG0114",
        "cpb provides formal_comments",
    ),
    (
        "middlesbrough-cpb-tor",
        "PG0112",
        "policy_proposals shared to cpb",
    ),
];

#[test]
fn the_as_written_seeds_report_the_documents_faults() {
    for (seed, code, needle) in FAULTS {
        let path = root().join(format!("tests/seeds/{seed}.as-written.proto-gov"));
        let text = std::fs::read_to_string(&path).unwrap();
        let a = analyse_text(seed, &text);
        let hit = a.diagnostics.iter().any(|d| {
            let line = a.source.line_col(d.span.start).line;
            let line_text = text.lines().nth(line - 1).unwrap_or("");
            d.code.code == *code && line_text.contains(needle)
        });
        assert!(
            hit,
            "{seed}: expected {code} on a line containing `{needle}`:\n{}",
            human(&a)
        );
    }
}

#[test]
fn the_as_written_seeds_parse_without_syntax_errors() {
    for path in files("tests/seeds", ".as-written.proto-gov") {
        let text = std::fs::read_to_string(&path).unwrap();
        let p = protogov::syntax::parse(&text);
        assert!(
            p.diagnostics.is_empty(),
            "{}: {:?}",
            rel(&path),
            p.diagnostics
        );
    }
}

#[test]
fn rendered_diagnostics_of_the_as_written_seeds() {
    for path in files("tests/seeds", ".as-written.proto-gov") {
        let out = run(&["check", "--color", "never", "--today", TODAY, &rel(&path)]);
        let name = path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .replace(".as-written.proto-gov", "");
        insta::assert_snapshot!(
            format!("as_written_{name}"),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
