//! `allow PG0307 "why"`: a warning accepted where it is written, and only there.

use crate::common::*;

/// Two duties whose authors sit on the body that receives their report: each is a PG0307.
/// `PROTOCOL`, `D1` and `D2` are extra lines for the protocol and each duty.
fn protocol(protocol_lines: &str, d1: &str, d2: &str) -> String {
    format!(
        "protocol p \"Test protocol\" {{\n  between a and b\n  next review 2030-01\n{protocol_lines}}}\n\
         body a \"Board A\"\nbody b \"Partnership B\"\n\
         role a_chair \"Chair of A\" {{ chair of a; member of b }}\n\
         role b_chair \"Chair of B\" {{ chair of b }}\n\
         artefact report \"Annual report\"\nartefact plan \"Business plan\"\n\
         duty d1 {{\n  a submits report to b\n  yearly in september\n{d1}}}\n\
         duty d2 {{\n  a submits plan to b\n  yearly in march\n{d2}}}\n"
    )
}

const ALLOW: &str = "  allow PG0307 \"The chair of A presents it; agreed by both boards.\"\n";

/// (code, line) of each diagnostic, in order.
fn found(text: &str) -> Vec<(String, usize)> {
    let a = analyse_text("allow.proto-gov", text);
    a.diagnostics
        .iter()
        .map(|d| {
            (
                d.code.code.to_string(),
                a.source.line_col(d.span.start).line,
            )
        })
        .collect()
}

#[test]
fn an_allowance_accepts_its_warning_in_its_own_declaration_only() {
    let none = protocol("", "", "");
    assert_eq!(
        found(&none),
        vec![("PG0307".to_string(), 12), ("PG0307".to_string(), 16)]
    );
    // In d1: d1's warning goes, d2's stays.
    let text = protocol("", ALLOW, "");
    assert_eq!(found(&text), vec![("PG0307".to_string(), 17)]);
    // In d2: the other way round.
    let text = protocol("", "", ALLOW);
    assert_eq!(found(&text), vec![("PG0307".to_string(), 12)]);
    // In both, or once in the protocol (for the whole file): nothing is left.
    assert_eq!(found(&protocol("", ALLOW, ALLOW)), vec![]);
    assert_eq!(found(&protocol(ALLOW, "", "")), vec![]);
    // Two allowances of one code in one declaration both count as used, and so do one in
    // the protocol and one in the duty that both cover a warning.
    assert_eq!(found(&protocol("", &ALLOW.repeat(2), ALLOW)), vec![]);
    assert_eq!(found(&protocol(ALLOW, ALLOW, "")), vec![]);
}

#[test]
fn only_the_first_protocol_speaks_for_the_whole_file() {
    let mut text = protocol("", "", "");
    text.push_str(&format!("protocol q \"Second\" {{\n{ALLOW}}}\n"));
    let codes: Vec<String> = found(&text).into_iter().map(|(c, _)| c).collect();
    // A second protocol is an error, and its allowance covers only itself.
    assert!(codes.contains(&"PG0105".to_string()), "{codes:?}");
    assert_eq!(
        codes.iter().filter(|c| *c == "PG0307").count(),
        2,
        "{codes:?}"
    );
    assert!(codes.contains(&"PG0502".to_string()), "{codes:?}");
}

#[test]
fn the_codes_about_allowances_cannot_be_allowed() {
    for code in ["PG0501", "PG0502"] {
        let line = format!("  allow {code} \"Never mind.\"\n");
        let text = protocol(&line, ALLOW, ALLOW);
        let a = analyse_text("own.proto-gov", &text);
        let d: Vec<_> = a.diagnostics.iter().collect();
        assert_eq!(d.len(), 1, "{}", human(&a));
        assert_eq!(d[0].code.code, "PG0501");
        assert_eq!(
            d[0].message,
            format!("`{code}` is about `allow` lines themselves and cannot be allowed")
        );
    }
}

#[test]
fn an_allowance_lets_deny_warnings_pass_and_survives_the_formatter() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("allow.proto-gov");
    let check = |text: &str| {
        std::fs::write(&path, text).unwrap();
        let p = path.to_string_lossy().to_string();
        run(&["check", "--today", TODAY, "--deny", "warnings", &p])
            .status
            .code()
    };
    assert_eq!(check(&protocol("", "", "")), Some(1));
    let accepted = protocol("", ALLOW, ALLOW);
    assert_eq!(check(&accepted), Some(0));
    // The formatter keeps the line, and its output means the same.
    let formatted = protogov::fmt::format_source(&accepted).expect("it parses");
    assert_eq!(formatted.matches("allow PG0307 \"").count(), 2);
    assert_eq!(check(&formatted), Some(0));
    // The fast reader reads such items (the grammar would give the same tree).
    let (fast, all) = protogov::syntax::fast_reader_coverage(&accepted);
    assert_eq!(fast, all);
}

#[test]
fn many_allowances_and_warnings_are_matched_without_comparing_every_pair() {
    // 3,000 duties each with its own warning and allowance, and 3,000 unused allowances:
    // each warning is matched by a search among its code's allowances, not a scan.
    let mut text = protocol("", "", "");
    for i in 0..3_000 {
        text.push_str(&format!(
            "duty x{i} {{\n  a submits report to b\n  yearly in june\n{ALLOW}}}\nbody u{i} \"U\" {{ kind board\n{ALLOW}}}\n"
        ));
    }
    let a = analyse_text("many.proto-gov", &text);
    let count = |code: &str| a.diagnostics.iter().filter(|d| d.code.code == code).count();
    assert_eq!(count("PG0307"), 2);
    assert_eq!(count("PG0502"), 3_000);
    // 40,000 allowances in the protocol and 40,000 bodies that take no part (PG0304 each):
    // each warning marks the file's group once, so this is 40,000 steps, not 1.6 billion.
    let allow = "  allow PG0304 \"Bodies listed for reference only.\"\n".repeat(40_000);
    let mut text = protocol(&allow, ALLOW, ALLOW);
    for i in 0..40_000 {
        text.push_str(&format!("body idle{i} \"Idle\"\n"));
    }
    let a = analyse_text("file-wide.proto-gov", &text);
    assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics.first());
}
