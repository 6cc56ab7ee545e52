//! The front end: recovery, positions and limits.

use crate::common::*;

#[test]
fn three_independent_errors_are_reported_together_each_at_its_own_line() {
    let path = root().join("tests/syntax/three_errors.proto-gov");
    let text = std::fs::read_to_string(&path).unwrap();
    let a = analyse_text("tests/syntax/three_errors.proto-gov", &text);
    let syntax: Vec<(String, usize)> = a
        .diagnostics
        .iter()
        .filter(|d| d.is_syntax())
        .map(|d| {
            (
                d.code.code.to_string(),
                a.source.line_col(d.span.start).line,
            )
        })
        .collect();
    assert_eq!(
        syntax,
        vec![
            ("PG0009".to_string(), 5),
            ("PG0006".to_string(), 7),
            ("PG0001".to_string(), 10)
        ]
    );
    let out = run(&[
        "check",
        "--color",
        "never",
        "tests/syntax/three_errors.proto-gov",
    ]);
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!("three_errors", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn curly_apostrophes_do_not_shift_columns() {
    let out = run(&[
        "check",
        "--message-format",
        "json",
        "--today",
        TODAY,
        "tests/syntax/curly.proto-gov",
    ]);
    let line = String::from_utf8_lossy(&out.stdout)
        .lines()
        .find(|l| l.contains("PG0001"))
        .expect("a syntax error")
        .to_string();
    let v: serde_json::Value = serde_json::from_str(&line).unwrap();
    // `body a "Child’s Voice Board" { kind ‘committee’ }`: the error is at `‘`, the 37th
    // character (column 37), although it starts at byte 39 of the line.
    assert_eq!(v["line"], 5);
    assert_eq!(v["column"], 37);
    let text = std::fs::read_to_string(root().join("tests/syntax/curly.proto-gov")).unwrap();
    let start = v["span"]["start"].as_u64().unwrap() as usize;
    assert!(text[start..].starts_with('‘'));
    let a = analyse_text("curly.proto-gov", &text);
    insta::assert_snapshot!("curly", human(&a));
}

mod limits {
    use super::*;
    use protogov::syntax::parse;

    #[test]
    fn absurd_nesting_is_one_diagnostic() {
        let text = format!("body a \"A\" {}\n", "{".repeat(200_000));
        let p = parse(&text);
        let nested: Vec<_> = p
            .diagnostics
            .iter()
            .filter(|d| d.code.code == "PG0004")
            .collect();
        assert_eq!(nested.len(), 1);
        assert!(p.diagnostics.len() <= 3, "{:?}", p.diagnostics);
    }

    #[test]
    fn absurd_closing_braces_are_bounded() {
        let text = "}\n".repeat(100_000);
        let p = parse(&text);
        assert!(p.diagnostics.len() <= protogov::syntax::MAX_ERRORS + 1);
        assert!(p.diagnostics.iter().any(|d| d.code.code == "PG0001"));
    }

    #[test]
    fn many_errors_are_capped_with_a_count() {
        let text: String = (0..5_000)
            .map(|i| format!("body x{i} \"X\" extra\n"))
            .collect();
        let p = parse(&text);
        assert_eq!(p.diagnostics.len(), protogov::syntax::MAX_ERRORS + 1);
        let last = p.diagnostics.last().unwrap();
        assert_eq!(last.code.code, "PG0012");
        assert!(last.message.starts_with("4900 more"), "{}", last.message);
    }

    #[test]
    fn oversized_input_is_one_diagnostic() {
        let text = " ".repeat(protogov::syntax::MAX_FILE_BYTES + 1);
        let p = parse(&text);
        assert_eq!(p.diagnostics.len(), 1);
        assert_eq!(p.diagnostics[0].code.code, "PG0005");
    }

    #[test]
    fn a_long_single_line_and_deep_lists_do_not_crash() {
        let names: Vec<String> = (0..100_000).map(|i| format!("b{i}")).collect();
        let text = format!("protocol p \"P\" {{\n  between {}\n}}\n", names.join(", "));
        let a = analyse_text("long.proto-gov", &text);
        assert!(a.diagnostics.iter().any(|d| d.code.code == "PG0101"));
        let garbage: String = (0..50_000)
            .map(|i| char::from(b'!' + (i % 90) as u8))
            .collect();
        let _ = analyse_text("garbage.proto-gov", &garbage);
    }

    #[test]
    fn empty_and_blank_files_parse() {
        for text in ["", "\n\n", "// only a comment\n", "\u{feff}"] {
            let p = parse(text);
            assert!(p.diagnostics.is_empty(), "{text:?}: {:?}", p.diagnostics);
        }
    }
}

#[test]
fn names_that_start_like_keywords_still_read_as_actors() {
    let text = "protocol p \"P\" {\n  between kind and yearly\n  next review 2030-01\n}\nbody kind \"K\"\nbody yearly \"Y\"\nartefact r \"R\"\nduty d {\n  kind submits r to yearly\n  yearly in may\n}\n";
    let a = analyse_text("kw.proto-gov", text);
    assert!(a.diagnostics.is_empty(), "{}", human(&a));
    let d = &a.model.duties[0];
    assert_eq!(d.actor.as_ref().map(|r| r.name.as_str()), Some("kind"));
    assert!(d
        .cadence
        .as_ref()
        .and_then(|c| c.schedule.as_ref())
        .is_some());
}

#[test]
fn a_misspelt_month_after_a_cadence_word_is_named_with_the_month_meant() {
    let cases = [
        ("yearly in juli", "juli", "july"),
        ("annually in Octobre", "Octobre", "october"),
        ("six-monthly in january and jully", "jully", "july"),
        ("yearly by 31 juni", "juni", "june"),
        ("every 2 years in septembre", "septembre", "september"),
    ];
    for (line, written, meant) in cases {
        let text = format!(
            "protocol p \"P\" {{\n  between a and b\n  next review 2030-01\n}}\nbody a \"A\"\nbody b \"B\"\nartefact r \"R\"\nduty d {{\n  a submits r to b\n  {line}\n}}\n"
        );
        let a = analyse_text("month.proto-gov", &text);
        // One error, at the month: not an unknown verb `in`, and no warning that the duty
        // has no cadence (its schedule is the line in error).
        assert_eq!(codes(&a), vec!["PG0001"], "{line}: {}", human(&a));
        let d = &a.diagnostics[0];
        assert_eq!(
            d.message,
            format!("expected a month name, found `{written}`")
        );
        assert_eq!(&text[d.span.start..d.span.end], written);
        assert_eq!(
            d.help.as_deref(),
            Some(&*format!("did you mean `{meant}`?"))
        );
    }
    // A body named like a cadence word still acts: its misspelt verb is the error.
    let text = "protocol p \"P\" {\n  between yearly and b\n  next review 2030-01\n}\nbody yearly \"Y\"\nbody b \"B\"\nartefact r \"R\"\nduty d {\n  yearly sumbits r to b\n  yearly in may\n}\n";
    let a = analyse_text("verb.proto-gov", text);
    let syntax: Vec<&str> = a
        .diagnostics
        .iter()
        .filter(|d| d.is_syntax())
        .map(|d| d.code.code)
        .collect();
    assert_eq!(syntax, vec!["PG0008"], "{}", human(&a));
    let verb = a.diagnostics.iter().find(|d| d.code.code == "PG0008");
    let verb = verb.expect("an unknown verb");
    assert_eq!(verb.message, "unknown verb `sumbits`");
    // The same for a body named like a property keyword.
    let text = text.replace("yearly", "kind");
    let a = analyse_text("kind.proto-gov", &text);
    let verb = a.diagnostics.iter().find(|d| d.code.code == "PG0008");
    let verb = verb.expect("an unknown verb");
    assert_eq!(verb.message, "unknown verb `sumbits`");
    assert_eq!(verb.help.as_deref(), Some("did you mean `submits`?"));
}

#[test]
fn a_string_missing_its_closing_quote_is_pointed_at_where_it_starts() {
    let clean = std::fs::read_to_string(root().join("examples/isle-of-wight.proto-gov")).unwrap();
    // `short "IOWSCP"` loses its closing quote: the string swallows the lines after it.
    let text = clean.replacen("short \"IOWSCP\"", "short \"IOWSCP", 1);
    let opening = text.find("\"IOWSCP\n").expect("the broken line");
    let a = analyse_text("runaway.proto-gov", &text);
    let pointing: Vec<&str> = a
        .diagnostics
        .iter()
        .filter(|d| d.labels.iter().any(|l| l.span.start == opening))
        .map(|d| d.code.code)
        .collect();
    // The error where the quotes fall out of step, and the unclosed string at the end.
    assert_eq!(pointing, vec!["PG0001", "PG0002"], "{}", human(&a));
    let first = a
        .diagnostics
        .iter()
        .find(|d| d.code.code == "PG0001")
        .unwrap();
    assert!(first.labels[0].message.contains("closing `\"` missing"));
    // A note that rightly holds a line starting with a keyword is not blamed: the string
    // that an error directly follows is.
    let text = "protocol p \"P\" {\n  between a and b\n  note \"Reviewed after each\nevent of note.\"\n}\nbody a \"Board A {\n  kind board\n}\n\nbody b \"Board B\" {\n  kind board\n}\n";
    let note = text.find("\"Reviewed").unwrap();
    let broken = text.find("\"Board A").unwrap();
    let a = analyse_text("note.proto-gov", text);
    let pointed: Vec<usize> = a
        .diagnostics
        .iter()
        .flat_map(|d| d.labels.iter().map(|l| l.span.start))
        .collect();
    assert!(pointed.contains(&broken), "{}", human(&a));
    assert!(!pointed.contains(&note), "{}", human(&a));
    // Strings that rightly span such lines, with no error after them, are not suspected.
    let prose = "prose 1 \"Purpose\" \"The boards agree:\n}\nbody of text.\"\nbody x \"X\" { kind board; extra }\n";
    let a = analyse_text("prose.proto-gov", prose);
    assert!(!a.diagnostics.is_empty());
    assert!(
        a.diagnostics.iter().all(|d| d.labels.is_empty()),
        "{}",
        human(&a)
    );
    let clean = std::fs::read_to_string(root().join("examples/rotherham.proto-gov")).unwrap();
    let a = analyse_text("clean.proto-gov", &clean);
    assert!(a.diagnostics.is_empty(), "{}", human(&a));
}

#[test]
fn a_meeting_rule_that_does_not_read_says_what_fits_there() {
    let cases = [
        (
            "meets on the fifth monday of each month",
            "fifth",
            "expected `first`, `second`, `third`, `fourth` or `last`, found `fifth`",
        ),
        (
            "meets on the second tusday of march",
            "tusday",
            "expected a day of the week such as `tuesday`, found `tusday`",
        ),
    ];
    for (line, at, message) in cases {
        let text = format!("body a \"A\" {{\n  {line}\n}}\n");
        let a = analyse_text("meets.proto-gov", &text);
        let syntax: Vec<_> = a.diagnostics.iter().filter(|d| d.is_syntax()).collect();
        assert_eq!(syntax.len(), 1, "{line}: {}", human(&a));
        assert_eq!(syntax[0].message, message, "{line}");
        assert_eq!(&text[syntax[0].span.start..syntax[0].span.end], at);
    }
}
