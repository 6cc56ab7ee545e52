//! Dates as documents write them (`24.7.14`, `03/10/2014`, `3 October 2014`,
//! `9th January`): read in every date position as the date they mean, each with its
//! warning and fix; `check --fix` and `fmt` write the ones with one reading year first;
//! the JSON carries the date year first.

use crate::common::*;
use protogov::diagnostic::Diagnostic;
use protogov::syntax::{self, ast::PropKind, ast::*};

/// A protocol whose agreement is dated `date`.
fn agreed_on(date: &str) -> String {
    format!(
        "protocol iow \"Isle of Wight\" {{\n  between scp and cpb\n  agreed by scp_exec on {date}\n}}\n\
         body scp \"SCP\"\nbody cpb \"CPB\"\nbody scp_exec \"SCP Executive\"\n"
    )
}

/// The diagnostics of `code` in `text`.
fn of(text: &str, code: &str) -> Vec<Diagnostic> {
    analyse_text("t.proto-gov", text)
        .diagnostics
        .into_iter()
        .filter(|d| d.code.code == code)
        .collect()
}

/// Every date the text writes, as the tree holds it, after checking that the text reads
/// without a syntax diagnostic and the same with both readers.
fn dates(text: &str) -> Vec<DateLit> {
    let parsed = syntax::parse(text);
    assert!(
        !parsed.diagnostics.iter().any(Diagnostic::is_syntax),
        "{text}: {:#?}",
        parsed.diagnostics
    );
    assert_eq!(parsed.file, syntax::parse_with_pest(text).file, "{text}");
    parsed
        .file
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Decl(d) => Some(d),
            _ => None,
        })
        .flat_map(|d| d.props().iter())
        .flat_map(|p: &Prop| p.kind.dates().into_iter().cloned())
        .collect()
}

/// A date's year, month, day and form.
type Ymd = (Option<i32>, Option<u32>, Option<u32>, DateForm);

fn ymd(d: &DateLit) -> Ymd {
    (d.year, d.month, d.day, d.form)
}

#[test]
fn an_as_written_agreement_date_parses_and_reports_its_code() {
    let text = agreed_on("24.7.14");
    let found = of(&text, "PG0703");
    assert_eq!(
        found.len(),
        1,
        "{:#?}",
        analyse_text("t", &text).diagnostics
    );
    let d = &found[0];
    assert_eq!(&text[d.span.start..d.span.end], "24.7.14");
    assert!(!d.is_error());
    assert_eq!(d.fixes.len(), 1);
    assert_eq!(d.fixes[0].edits[0].text, "2014-07-24");
    assert!(!d.fixes[0].safe, "the century is a guess");
    // No other date warning: 24 and 7 do not read both ways.
    assert!(of(&text, "PG0702").is_empty() && of(&text, "PG0701").is_empty());
}

#[test]
fn every_date_position_reads_every_form() {
    let forms: [(&str, Ymd); 7] = [
        ("2014-10-03", (Some(2014), Some(10), Some(3), DateForm::Iso)),
        (
            "24.7.14",
            (Some(2014), Some(7), Some(24), DateForm::ShortYear),
        ),
        (
            "03/10/2014",
            (Some(2014), Some(10), Some(3), DateForm::Digits),
        ),
        (
            "3 October 2014",
            (Some(2014), Some(10), Some(3), DateForm::Words),
        ),
        (
            "3rd october 2014",
            (Some(2014), Some(10), Some(3), DateForm::Words),
        ),
        ("9th January", (None, Some(1), Some(9), DateForm::Words)),
        ("21ST MARCH", (None, Some(3), Some(21), DateForm::Words)),
    ];
    for (date, want) in forms {
        let text = format!(
            "protocol p \"P\" {{\n  between a and b\n  agreed by a on {date}\n  \
             agreed in principle by b on {date} on the recommendation of a\n  \
             signed by c on {date}\n  version \"v1\" on {date}\n  last reviewed {date}\n  \
             next review due {date}\n  effective from {date}\n  \
             review yearly from {date} or when \"the law changes\"\n}}\n\
             body a \"A\" {{\n  established {date} under \"Act\"\n  meets monthly from {date}\n}}\n\
             role c \"C\" {{\n  chair of a\n  held by \"X\" from {date} until {date}\n}}\n\
             duty d {{\n  a submits r to b\n  yearly on 1 june from {date}\n}}\n"
        );
        let found = dates(&text);
        assert_eq!(found.len(), 13, "{date}: {found:#?}");
        for d in &found {
            assert_eq!(ymd(d), want, "{date}");
            assert_eq!(&text[d.span.start..d.span.end], date);
        }
    }
}

#[test]
fn near_misses_are_not_dates() {
    for bad in [
        "24.7.145",
        "24.7",
        "24/7.14",
        "3October 2014",
        "3 Octember 2014",
        "3 October 14",
        "2014/10/03",
        "24.7.14.",
        "123/1/2014",
    ] {
        let text = agreed_on(bad);
        assert!(
            syntax::parse(&text)
                .diagnostics
                .iter()
                .any(Diagnostic::is_syntax),
            "{bad} read as a date"
        );
        assert_eq!(
            format!("{:?}", syntax::parse(&text).diagnostics),
            format!("{:?}", syntax::parse_with_pest(&text).diagnostics),
        );
    }
}

#[test]
fn a_day_and_month_that_read_both_ways_name_the_other_reading() {
    let text = agreed_on("03/10/2014");
    let found = of(&text, "PG0702");
    assert_eq!(found.len(), 1);
    let d = &found[0];
    assert!(d.message.contains("3 October 2014") && d.message.contains("10 March 2014"));
    assert_eq!(
        d.fixes[0].edits[0].text, "2014-10-03",
        "day first comes first"
    );
    assert_eq!(d.fixes[1].edits[0].text, "2014-03-10");
    assert!(d.fixes.iter().all(|f| !f.safe));
    assert!(of(&text, "PG0701").is_empty());
    // One way only: the plain code, with a safe fix.
    for one_way in ["13/10/2014", "05/05/2014", "25.12.2014"] {
        let text = agreed_on(one_way);
        assert!(of(&text, "PG0702").is_empty(), "{one_way}");
        let plain = of(&text, "PG0701");
        assert_eq!(plain.len(), 1, "{one_way}");
        assert!(plain[0].fixes[0].safe);
    }
    // Both ways and a two-digit year: both said.
    let text = agreed_on("03/10/14");
    assert_eq!(
        (of(&text, "PG0702").len(), of(&text, "PG0703").len()),
        (1, 1)
    );
}

#[test]
fn a_date_without_a_year_invents_none_and_dates_nothing() {
    let text = agreed_on("9th January").replace(
        "  between",
        "  review yearly\n  last reviewed 9 January\n  between",
    );
    let found = of(&text, "PG0704");
    assert_eq!(found.len(), 2);
    for d in &found {
        assert!(d.message.contains("no year"), "{}", d.message);
        assert!(d.fixes.is_empty(), "no year is assumed: {:?}", d.fixes);
    }
    let a = analyse_text("t.proto-gov", &text);
    let p = a.model.protocol.as_ref().expect("protocol");
    assert_eq!(
        p.agreed[0].on.as_ref().map(|d| d.to_string()).as_deref(),
        Some("--01-09")
    );
    assert_eq!(p.agreed[0].on.as_ref().and_then(|d| d.start()), None);
    assert_eq!(
        a.model.epoch, None,
        "nothing is counted from a date with no year"
    );
    // The review cannot be dated from it: PG0204 says so.
    assert_eq!(of(&text, "PG0204").len(), 1);
}

#[test]
fn an_impossible_date_in_any_form_is_pg0201_alone() {
    for bad in ["31/02/2014", "30 February 2014", "30.2.14"] {
        let text = agreed_on(bad);
        let codes = codes(&analyse_text("t", &text));
        assert!(codes.contains(&"PG0201".to_string()), "{bad}: {codes:?}");
        assert!(
            !codes.iter().any(|c| c.starts_with("PG07")),
            "{bad}: {codes:?}"
        );
    }
}

#[test]
fn check_fix_writes_a_date_with_one_reading_year_first_and_leaves_the_others() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("iow.proto-gov");
    let text = agreed_on("3 October 2014").replace(
        "  between",
        "  signed by chair on 03/10/2014\n  version \"v1\" on 24.7.14\n  between",
    ) + "role chair \"Chair\" {\n  chair of scp\n  held by \"X\" from 13/10/2014\n}\n";
    std::fs::write(&path, &text).expect("write");
    let path_s = path.display().to_string();
    let o = run(&["check", "--fix", "--today", TODAY, &path_s]);
    let after = std::fs::read_to_string(&path).expect("read");
    assert_eq!(
        after,
        text.replace("3 October 2014", "2014-10-03")
            .replace("13/10/2014", "2014-10-13"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // Fixed, the file reports no PG0701; the readings stay for a person to settle.
    let a = analyse_text("t", &after);
    let codes = codes(&a);
    assert!(!codes.contains(&"PG0701".to_string()), "{codes:?}");
    assert!(codes.contains(&"PG0702".to_string()) && codes.contains(&"PG0703".to_string()));
}

#[test]
fn the_json_carries_each_date_year_first() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("iow.proto-gov");
    let text = agreed_on("24.7.14").replace(
        "  between",
        "  agreed by cpb on 3rd October 2014\n  last reviewed 9th January\n  between",
    );
    std::fs::write(&path, &text).expect("write");
    let path_s = path.display().to_string();
    let o = run(&[
        "build", "--emit", "json", "--out", "-", "--today", TODAY, &path_s,
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let p = &json["protocol"];
    let on: Vec<&str> = p["agreed"]
        .as_array()
        .expect("agreed")
        .iter()
        .map(|a| a["on"].as_str().expect("a date"))
        .collect();
    let mut on = on;
    on.sort_unstable();
    assert_eq!(on, ["2014-07-24", "2014-10-03"]);
    assert_eq!(p["review"]["last_reviewed"], "--01-09");
}

#[test]
fn fmt_writes_year_first_only_what_has_one_reading() {
    let text = agreed_on("3rd  October 2014").replace(
        "  between",
        "  signed by chair on 03/10/2014\n  version \"v1\" on 24.7.14\n  \
         last reviewed 9th\tJanuary\n  effective from 13.10.2014\n  between",
    );
    let out = protogov::fmt::format_source(&text).expect("formats");
    for (written, printed) in [
        ("3rd  October 2014", "on 2014-10-03"),
        ("03/10/2014", "on 03/10/2014"),
        ("24.7.14", "on 24.7.14"),
        ("9th\tJanuary", "last reviewed 9th January"),
        ("13.10.2014", "effective from 2014-10-13"),
    ] {
        assert!(out.contains(printed), "{written}: {out}");
    }
    assert_eq!(protogov::fmt::format_source(&out).expect("again"), out);
    // Formatted, the file means the same: the same dates, and only the plain warnings gone.
    let (before, after) = (analyse_text("t", &text), analyse_text("t", &out));
    let p = |a: &protogov::analysis::Analysis| {
        let p = a.model.protocol.as_ref().expect("protocol");
        (
            p.agreed
                .iter()
                .map(|s| s.on.as_ref().map(ToString::to_string))
                .collect::<Vec<_>>(),
            p.effective_from.as_ref().map(ToString::to_string),
            p.review.last_reviewed.as_ref().map(ToString::to_string),
        )
    };
    assert_eq!(p(&before), p(&after));
    let without_plain = |a: &protogov::analysis::Analysis| {
        let mut c = codes(a);
        c.retain(|c| c != "PG0701");
        c
    };
    assert_eq!(without_plain(&before), without_plain(&after));
    assert!(!codes(&after).contains(&"PG0701".to_string()));
    // The written form is part of the tree: a reading that is not safe is kept.
    let signed = match &syntax::parse(&out).file.items[0] {
        Item::Decl(d) => d
            .props()
            .iter()
            .find_map(|p| match &p.kind {
                PropKind::Signed { on, .. } => on.clone(),
                _ => None,
            })
            .expect("signed"),
        other => panic!("{other:?}"),
    };
    assert_eq!(signed.form, DateForm::Digits);
}
