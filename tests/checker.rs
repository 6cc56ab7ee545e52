//! The checker on what protocols really write: review dates worked out and cross-checked,
//! cadences that cannot be dated, and checks that must not report what is not wrong.

use crate::common::*;
use protogov::analysis::Analysis;
use protogov::emit::json;

/// The parties, their chairs, and one dated duty, after a protocol block.
const REST: &str = "body a \"Board A\"
body b \"Partnership B\"
role a_chair \"Chair of A\" { chair of a }
role b_chair \"Chair of B\" { chair of b }
artefact report \"Annual report\"
duty d1 { a submits report to b; yearly in september }
";

/// A file whose protocol block holds `lines`, followed by [`REST`] and `more`.
fn file(lines: &str, more: &str) -> Analysis {
    let text = format!("protocol p \"Test protocol\" {{\n{lines}\n}}\n{REST}{more}");
    analyse_text("t.proto-gov", &text)
}

fn has(a: &Analysis, code: &str) -> bool {
    a.diagnostics.iter().any(|d| d.code.code == code)
}

fn json_of(a: &Analysis) -> serde_json::Value {
    let options = json::Options {
        today: TODAY.parse().unwrap(),
        occurrences: 5,
    };
    serde_json::from_str(&json::emit(a, &options)).unwrap()
}

fn day(s: &str) -> jiff::civil::Date {
    s.parse().unwrap()
}

mod review_dates {
    use super::*;

    #[test]
    fn a_review_from_a_date_is_dated_from_it() {
        // The cycle counts from 1 April 2026, the day the document took effect: the first
        // review falls a year later.
        let a = file(
            "between a and b\nagreed by a on 2024-04-01\nreview yearly from 2026-04-01",
            "",
        );
        assert!(!has(&a, "PG0204"), "{}", human(&a));
        let p = a.model.protocol.as_ref().unwrap();
        assert_eq!(p.review.next_due, Some(day("2027-04-01")));
        let v = json_of(&a);
        assert_eq!(v["protocol"]["review"]["next_due"], "2027-04-01");
        assert_eq!(v["protocol"]["review_dates"]["timing"], "dated");
        assert_eq!(v["protocol"]["review_dates"]["next"][0], "2027-04-01");
        // 1 April 2028 is a Saturday: the review falls due on the Friday before.
        assert_eq!(v["protocol"]["review_dates"]["next"][1], "2028-03-31");
    }

    #[test]
    fn a_review_with_no_date_counts_from_the_approval() {
        // In force once the last party agreed: a cycle later.
        let a = file(
            "between a and b\nagreed by a on 2025-03\napproved by b on 2025-09-10\nreview every 2 years",
            "",
        );
        assert!(!has(&a, "PG0204"), "{}", human(&a));
        let p = a.model.protocol.as_ref().unwrap();
        assert_eq!(p.review.next_due, Some(day("2027-09-30")));
        assert_eq!(json_of(&a)["protocol"]["review"]["next_due"], "2027-09-30");
    }

    #[test]
    fn a_review_worked_out_from_an_old_approval_is_overdue() {
        let a = file(
            "between a and b\nagreed by a on 2017-11-27\nreview annually",
            "",
        );
        assert!(!has(&a, "PG0204"), "{}", human(&a));
        let d = a.diagnostics.iter().find(|d| d.code.code == "PG0205");
        let d = d.unwrap_or_else(|| panic!("{}", human(&a)));
        assert!(d.message.contains("2018-11-30"), "{}", d.message);
        assert!(human(&a).contains("2017-11-27"), "{}", human(&a));
    }

    #[test]
    fn with_neither_a_start_nor_an_approval_the_missing_date_is_named() {
        let a = file("between a and b\nreview annually", "");
        let d = a.diagnostics.iter().find(|d| d.code.code == "PG0204");
        let d = d.unwrap_or_else(|| panic!("{}", human(&a)));
        let text = human(&a);
        assert!(
            text.contains("next review") && text.contains("agreed by"),
            "{text}"
        );
        assert!(d.message.contains("no date"), "{}", d.message);
    }

    #[test]
    fn a_next_review_before_the_last_is_an_error() {
        let a = file(
            "between a and b\nreview every 2 years\nlast reviewed 2025-09\nnext review 2024-09",
            "",
        );
        assert!(has(&a, "PG0210"), "{}", human(&a));
    }

    #[test]
    fn a_last_review_before_the_approval_is_reported() {
        let a = file(
            "between a and b\nagreed by a on 2024-06\nreview every 2 years\nlast reviewed 2023-09\nnext review 2027-09",
            "",
        );
        assert!(has(&a, "PG0211"), "{}", human(&a));
    }

    #[test]
    fn a_next_review_off_the_cadence_is_reported() {
        let a = file(
            "between a and b\nreview every 2 years\nlast reviewed 2025-09\nnext review 2026-03",
            "",
        );
        assert!(has(&a, "PG0212"), "{}", human(&a));
        // The dates the cadence gives, on the day or by the end of the month.
        for next in ["2027-09", "2027-09-30", "2027-09-12"] {
            let a = file(
                &format!("between a and b\nagreed by a on 2025-01\nreview every 2 years\nlast reviewed 2025-09\nnext review {next}"),
                "",
            );
            let found: Vec<&str> = a.diagnostics.iter().map(|d| d.code.code).collect();
            assert!(found.is_empty(), "{next}: {}", human(&a));
        }
    }
}

mod parse_failures {
    use super::*;

    #[test]
    fn a_review_line_that_does_not_parse_is_not_also_missing() {
        let a = file("between a and b\nreview -annually", "");
        assert!(has(&a, "PG0001"), "{}", human(&a));
        assert!(!has(&a, "PG0204"), "{}", human(&a));
    }

    #[test]
    fn a_blank_next_review_due_says_the_date_is_missing() {
        for line in ["next review due", "next review due // TBC"] {
            let a = file(&format!("between a and b\nreview yearly\n{line}"), "");
            assert!(!has(&a, "PG0008"), "{line}: {}", human(&a));
            assert!(!has(&a, "PG0204"), "{line}: {}", human(&a));
            let d = a.diagnostics.iter().find(|d| d.code.code == "PG0001");
            let d = d.unwrap_or_else(|| panic!("{line}: {}", human(&a)));
            assert!(d.message.contains("a date"), "{line}: {}", d.message);
        }
    }
}

/// A file with one line that does not parse where each of PG0304, PG0305 and PG0306 looks.
mod lines_that_do_not_parse {
    use super::*;

    const DATED: &str =
        "between a and b\nagreed by a on 2024-04-01\nreview every 2 years\nnext review 2027-09";

    fn quiet(more: &str, code: &str) {
        let a = file(DATED, more);
        assert!(a.has_errors(), "{}", human(&a));
        assert!(!has(&a, code), "{}", human(&a));
        // The same file with the line written properly is clean, so the check looks there.
        let fixed = more
            .replace("andd", "and")
            .replace(",,", "")
            .replace("memberr", "member");
        let a = file(DATED, &fixed);
        assert!(a.diagnostics.is_empty(), "{}", human(&a));
    }

    #[test]
    fn a_topic_is_not_uncovered_when_a_covers_line_did_not_parse() {
        quiet(
            "topic t \"T\"\nduty d2 { b submits report to a; yearly in june; covers t,, }\n",
            "PG0306",
        );
    }

    #[test]
    fn a_party_is_not_unrepresented_when_an_attendance_line_did_not_parse() {
        quiet(
            "escalation e \"E\" {\n  convened by a_chair\n  attended by a_chair andd b_chair\n}\n",
            "PG0305",
        );
        quiet(
            "role b_lead \"Lead of B\" { memberr of b }\n\
             escalation e \"E\" { convened by a_chair; attended by a_chair and b_lead }\n",
            "PG0305",
        );
    }

    #[test]
    fn a_body_is_not_idle_when_a_duty_line_did_not_parse() {
        quiet(
            "body c \"C\"\nduty d2 { c submits report to a andd b; yearly in june }\n",
            "PG0304",
        );
    }
}

mod cadences {
    use super::*;

    #[test]
    fn monthly_is_dated_every_month_and_never_offered_a_single_month() {
        let a = file(
            "between a and b\nagreed by a on 2024-04-01\nreview every 2 years\nnext review 2027-09",
            "duty d2 { b presents report to a; monthly }\n",
        );
        assert!(!has(&a, "PG0207"), "{}", human(&a));
        assert!(!human(&a).contains("monthly in"), "{}", human(&a));
        let d2 = &a.model.duties[1];
        assert_eq!(d2.next_due, Some(day("2026-11-30")));
        let v = json_of(&a);
        let next = &v["duties"][1]["dates"]["next"];
        assert_eq!(next[0], "2026-11-30");
        assert_eq!(next[1], "2026-12-31");
    }

    #[test]
    fn a_cadence_in_weeks_or_days_with_no_start_is_undated_and_reported() {
        let a = file(
            "between a and b\nagreed by a on 2024-04-01\nreview every 2 years\nnext review 2027-09",
            "duty d2 { b presents report to a; every 2 weeks }\n\
             duty d3 { b presents report to a; every 10 days }\n\
             body c \"C\" { meets every 6 weeks; reports to a }\n",
        );
        let at: Vec<String> = a
            .diagnostics
            .iter()
            .filter(|d| d.code.code == "PG0207")
            .map(|d| a.source.text[d.span.start..d.span.end].to_string())
            .collect();
        assert_eq!(
            at,
            ["every 2 weeks", "every 10 days", "every 6 weeks"],
            "{}",
            human(&a)
        );
        assert!(human(&a).contains("from DATE"), "{}", human(&a));
        assert!(a.model.duties[1].next_due.is_none());
        assert!(a.model.duties[2].next_due.is_none());
        let v = json_of(&a).to_string();
        assert!(!v.contains("2024-04-01\",\"next\""), "{v}");
        assert!(!v.contains("\"2000-"), "{v}");
    }

    #[test]
    fn a_cadence_in_weeks_from_a_date_is_dated_from_it() {
        let a = file(
            "between a and b\nagreed by a on 2024-04-01\nreview every 2 years\nnext review 2027-09",
            "duty d2 { b presents report to a; every 2 weeks from 2026-01-05 }\n",
        );
        assert!(a.diagnostics.is_empty(), "{}", human(&a));
        assert_eq!(a.model.duties[1].next_due, Some(day("2026-11-23")));
    }

    #[test]
    fn nothing_is_dated_from_the_year_2000() {
        // No agreement date: yearly duties are dated from their month alone; a two-yearly
        // one cannot say which years, and says what is missing.
        let a = file(
            "between a and b\nreview every 2 years\nnext review 2027-09",
            "duty d2 { b presents report to a; every 2 years in september }\n\
             duty d3 { b presents report to a; every 2 years in september from 2025 }\n",
        );
        assert_eq!(a.model.duties[0].next_due, Some(day("2027-09-30")));
        assert!(a.model.duties[1].next_due.is_none());
        assert_eq!(a.model.duties[2].next_due, Some(day("2027-09-30")));
        let d = a.diagnostics.iter().find(|d| d.code.code == "PG0207");
        let d = d.unwrap_or_else(|| panic!("{}", human(&a)));
        assert_eq!(&a.source.text[d.span.start..d.span.end], "every 2 years");
        let text = human(&a);
        assert!(
            text.contains("from YEAR") && text.contains("agreed by"),
            "{text}"
        );
        let v = json_of(&a).to_string();
        assert!(!v.contains("\"2000-"), "{v}");
    }
}

mod duties {
    use super::*;

    const DATED: &str =
        "between a and b\nagreed by a on 2024-04-01\nreview every 2 years\nnext review 2027-09";

    #[test]
    fn a_triggered_duty_with_no_deadline_is_reported() {
        let a = file(
            DATED,
            "event audit_completed \"An audit is completed\"\n\
             duty d2 { b presents report to a; when audit_completed }\n",
        );
        let d = a.diagnostics.iter().find(|d| d.code.code == "PG0117");
        let d = d.unwrap_or_else(|| panic!("{}", human(&a)));
        assert_eq!(&a.source.text[d.span.start..d.span.end], "audit_completed");
        let a = file(
            DATED,
            "event audit_completed \"An audit is completed\"\n\
             duty d2 { b presents report to a; when audit_completed; within 28 days }\n",
        );
        assert!(a.diagnostics.is_empty(), "{}", human(&a));
    }

    #[test]
    fn a_party_whose_chair_signed_has_agreed() {
        // `c` is a party with no duty of its own; its chair signed the protocol.
        let text = "protocol p \"Test protocol\" {\n\
                    between a and c\n\
                    signed by c_chair on 2024-04-01\n\
                    review every 2 years\n\
                    next review 2027-09\n\
                    }\n\
                    body c \"Board C\"\n\
                    role c_chair \"Chair of C\" { chair of c }\n";
        let a = analyse_text("t.proto-gov", &format!("{text}{REST}"));
        assert!(!has(&a, "PG0304"), "{}", human(&a));
        // A member's signature does not speak for the body.
        let member = text.replace("chair of c", "member of c");
        let a = analyse_text("t.proto-gov", &format!("{member}{REST}"));
        assert!(has(&a, "PG0304"), "{}", human(&a));
    }

    #[test]
    fn an_officer_reporting_to_a_board_it_sits_on_is_not_self_scrutiny() {
        let a = file(
            DATED,
            "role dcs \"Director of Children's Services\" { member of b }\n\
             artefact indicators \"Performance indicators\"\n\
             duty d2 { dcs submits indicators to b; quarterly in march }\n",
        );
        assert!(!has(&a, "PG0307"), "{}", human(&a));
        // A body whose chair sits on the recipient still is.
        let text = std::fs::read_to_string(root().join("tests/fixtures/PG0307.proto-gov")).unwrap();
        assert!(has(&analyse_text("PG0307.proto-gov", &text), "PG0307"));
    }

    #[test]
    fn did_you_mean_never_names_the_declaration_itself() {
        let a = file(
            DATED,
            "duty d9x { a submits report to b; yearly in september; before d1x }\n",
        );
        let d = a.diagnostics.iter().find(|d| d.code.code == "PG0101");
        let d = d.unwrap_or_else(|| panic!("{}", human(&a)));
        assert!(!human(&a).contains("did you mean `d9x`"), "{}", human(&a));
        assert!(d.fixes.is_empty(), "{:?}", d.fixes);
        // A close name that is another declaration is still offered.
        let a = file(
            DATED,
            "duty d9x { a submits report to b; yearly in september; before d1y }\n\
             duty d1x { a submits report to b; yearly in october }\n",
        );
        assert!(human(&a).contains("did you mean `d1x`"), "{}", human(&a));
    }
}
