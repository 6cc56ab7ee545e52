//! Meetings in the calendar: each body's meetings as events with the items due at them,
//! read back by Python's `icalendar`; summaries in the document's short names; and
//! `SEQUENCE` and `LAST-MODIFIED` raised on exactly the events a rebuild changes.

use crate::common::*;
use protogov::emit::ics;
use std::path::Path;
use std::process::Command;

/// Two boards that meet: one by a rule at a time of day, one on agreed dates with a
/// cancellation and an extra meeting; a panel whose meetings are known only by month.
pub const MEETINGS: &str = r#"protocol m "Meetings protocol" {
  between cpb and scp
  agreed by cpb on 2025-11-01
  review yearly in march
  next review 2027-03-31
}

body cpb "Corporate Parenting Board" {
  clause 1
  short "CPB"
  meets on the second tuesday of january, april, july and october at 14:00
}

body scp "Isle of Wight Safeguarding Children Partnership" {
  clause 2
  short "IOWSCP"
  meetings 2026-01-13, 2026-03-10 at 10:00
  cancelled 2026-03-10
  extra meeting 2026-02-02
}

body panel "Audit Panel" {
  clause 4
  meets quarterly in march, june, september and december
}

artefact scp_report "Isle of Wight Safeguarding Children Partnership annual report" {
  clause 3
  produced by scp
}

artefact figures "Performance figures" {
  clause 3
  produced by cpb
}

duty scp_annual "The Partnership's annual report goes to the Board" {
  clause 3.1
  scp presents scp_report to cpb
  yearly in june
  allow PG1005 "The Board takes the report at its July meeting."
}

duty quarterly_figures "Figures to the Partnership" {
  clause 3.2
  cpb reports figures to scp
  quarterly on the last working day of january
}

duty figures_to_panel "Figures to the Panel" {
  clause 3.3
  cpb reports figures to panel
  yearly in june
}
"#;

pub fn meetings() -> protogov::analysis::Analysis {
    let a = analyse_text("meetings.proto-gov", MEETINGS);
    assert!(a.diagnostics.is_empty(), "{}", human(&a));
    a
}

/// Build `input` into `out` with `SOURCE_DATE_EPOCH` as the time now; the calendar's bytes.
fn build(input: &Path, out: &Path, epoch: &str) -> Vec<u8> {
    let o = Command::new(env!("CARGO_BIN_EXE_protogov"))
        .args(["build", "--emit", "ics", "--out"])
        .arg(out)
        .arg(input)
        .env("SOURCE_DATE_EPOCH", epoch)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let stem = input.file_stem().unwrap().to_string_lossy().into_owned();
    std::fs::read(out.join(format!("{stem}.ics"))).unwrap()
}

/// Every event as Python's `icalendar` reads it, by UID (masters only).
const READ: &str = r#"
import json, sys, datetime
from icalendar import Calendar
cal = Calendar.from_ical(open(sys.argv[1], "rb").read())
out = {}
for ev in cal.walk("VEVENT"):
    if ev.get("RECURRENCE-ID") is not None:
        continue
    start = ev.decoded("DTSTART")
    end = ev.decoded("DTEND")
    item = {
        "summary": str(ev.get("SUMMARY")),
        "description": str(ev.get("DESCRIPTION")),
        "sequence": int(ev.get("SEQUENCE")),
        "dtstamp": ev.decoded("DTSTAMP").isoformat(),
        "modified": ev.decoded("LAST-MODIFIED").isoformat(),
        "status": str(ev.get("STATUS") or ""),
        "start": start.isoformat(),
        "end": end.isoformat(),
    }
    if isinstance(start, datetime.datetime):
        item["tz"] = str(ev.get("DTSTART").params.get("TZID"))
        item["utc"] = start.astimezone(datetime.timezone.utc).isoformat()
    out[str(ev.get("UID"))] = item
print(json.dumps(out))
"#;

fn read(ics: &[u8], dir: &Path) -> serde_json::Value {
    let p = dir.join("read.ics");
    std::fs::write(&p, ics).unwrap();
    let out = python(READ, &[&p.display().to_string()]);
    serde_json::from_str(out.trim()).unwrap()
}

#[test]
fn meetings_are_events_with_their_times_and_agenda_items() {
    require_python();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("meetings.proto-gov");
    std::fs::write(&input, MEETINGS).unwrap();
    let ev = read(
        &build(&input, &dir.path().join("out"), "1700000000"),
        dir.path(),
    );
    let get = |uid: &str| {
        ev.get(uid)
            .unwrap_or_else(|| panic!("no {uid} in {ev:#}"))
            .clone()
    };
    // The rule's meetings, at 14:00 in London: GMT in January, BST in July.
    let jan = get("meeting.cpb.20260113.m@protogov");
    assert_eq!(jan["summary"], "Corporate Parenting Board (CPB) meeting");
    assert_eq!(jan["tz"], "Europe/London");
    assert_eq!(jan["start"], "2026-01-13T14:00:00+00:00");
    assert_eq!(jan["utc"], "2026-01-13T14:00:00+00:00");
    let jul = get("meeting.cpb.20260714.m@protogov");
    assert_eq!(jul["utc"], "2026-07-14T13:00:00+00:00");
    // The Partnership's report, due by the end of June, reaches the July meeting late.
    let d = jul["description"].as_str().unwrap();
    assert!(
        d.contains("• The Partnership's annual report goes to the Board (Isle of Wight Safeguarding Children Partnership annual report). Presented by Isle of Wight Safeguarding Children Partnership. Due Tuesday 30 June 2026, late: 14 days after it is due."),
        "{d}"
    );
    let text = String::from_utf8(build(&input, &dir.path().join("again"), "1700000000"))
        .unwrap()
        .replace("\r\n ", "");
    assert!(text.contains("X-WR-CALDESC:Due dates of the Meetings protocol. Each date is the day a duty falls due.\\n\\nEach meeting is listed with the items due at it"), "{text}");
    let oct = get("meeting.cpb.20261013.m@protogov");
    assert!(oct["description"]
        .as_str()
        .unwrap()
        .contains("No item of the protocol is due"));
    // Agreed dates without a time are all-day events; the extra meeting is one too.
    let scp = get("meeting.scp.20260113.m@protogov");
    assert_eq!(scp["start"], "2026-01-13");
    assert_eq!(scp["end"], "2026-01-14");
    assert!(scp["description"].as_str().unwrap().contains(
        "• Figures to the Partnership (Performance figures). Presented by Corporate Parenting Board. Due Friday 30 January 2026."
    ));
    let extra = get("meeting.scp.20260202.m@protogov");
    assert_eq!(extra["start"], "2026-02-02");
    assert!(extra["description"]
        .as_str()
        .unwrap()
        .contains("An extra meeting."));
    // The cancelled meeting is marked cancelled, at the time it was to start.
    let off = get("meeting.scp.20260310.m@protogov");
    assert_eq!(off["status"], "CANCELLED");
    assert_eq!(off["start"], "2026-03-10T10:00:00+00:00");
    // The panel's meetings are known by month only: no event.
    assert!(!ev
        .as_object()
        .unwrap()
        .keys()
        .any(|k| k.starts_with("meeting.panel.")));
    // The rule's meetings run on for the calendar's thirty years: four a year from
    // January 2026, and the January meeting of 2056, two days before the thirty years end.
    let cpb = ev
        .as_object()
        .unwrap()
        .keys()
        .filter(|k| k.starts_with("meeting.cpb."))
        .count();
    assert_eq!(cpb, 121);
}

#[test]
fn a_party_feed_holds_only_its_own_meetings() {
    let a = meetings();
    let feed = ics::emit(
        &a,
        &ics::Options {
            party: Some("scp".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(feed.contains("UID:meeting.scp.20260113.m@protogov"));
    assert!(!feed.contains("UID:meeting.cpb."), "{feed}");
    // No timed meeting in the feed's events but the cancelled one at 10:00: the time
    // zone is defined once.
    assert_eq!(feed.matches("BEGIN:VTIMEZONE").count(), 1);
}

#[test]
fn summaries_lead_with_what_is_due_in_short_names() {
    let a = meetings();
    let cal = ics::emit(&a, &ics::Options::default())
        .unwrap()
        .replace("\r\n ", "");
    assert!(
        cal.contains("SUMMARY:IOWSCP annual report → CPB\r\n"),
        "{cal}"
    );
    assert!(
        cal.contains("SUMMARY:Performance figures → IOWSCP\\, from CPB\r\n"),
        "{cal}"
    );
    assert!(
        cal.contains("Quarterly (January\\, April\\, July\\, October)\\, by the last working day."),
        "{cal}"
    );
    assert!(
        cal.contains("Yearly in June\\, by the last working day."),
        "{cal}"
    );
}

/// The stamps of every event, by UID: (SEQUENCE, DTSTAMP, LAST-MODIFIED).
fn stamps(ev: &serde_json::Value) -> std::collections::BTreeMap<String, (i64, String, String)> {
    ev.as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                (
                    v["sequence"].as_i64().unwrap(),
                    v["dtstamp"].as_str().unwrap().to_string(),
                    v["modified"].as_str().unwrap().to_string(),
                ),
            )
        })
        .collect()
}

#[test]
fn a_rebuild_raises_the_sequence_of_exactly_the_changed_events() {
    require_python();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("meetings.proto-gov");
    let out = dir.path().join("out");
    std::fs::write(&input, MEETINGS).unwrap();
    let first = build(&input, &out, "1700000000");
    // A rebuild with no change, later, writes the same bytes.
    let again = build(&input, &out, "1800000000");
    assert_eq!(first, again);
    let before = stamps(&read(&first, dir.path()));
    assert!(before.values().all(|(s, _, _)| *s == 0));
    let t0 = "2023-11-14T22:13:20+00:00";
    assert!(before.values().all(|(_, a, b)| a == t0 && b == t0));

    // The Board now meets at 15:00: each of its meetings changes, nothing else.
    std::fs::write(&input, MEETINGS.replace("at 14:00", "at 15:00")).unwrap();
    let second = stamps(&read(&build(&input, &out, "1800000000"), dir.path()));
    let t1 = "2027-01-15T08:00:00+00:00";
    for (uid, (seq, stamp, modified)) in &second {
        if uid.starts_with("meeting.cpb.") {
            assert_eq!(
                (*seq, stamp.as_str(), modified.as_str()),
                (1, t1, t1),
                "{uid}"
            );
        } else {
            assert_eq!(
                Some(&(*seq, stamp.clone(), modified.clone())),
                before.get(uid),
                "{uid}"
            );
        }
    }

    // The Partnership's report moves to July: its series and the Board's July meetings
    // (where it now lands in time) change; the April meeting of 2026 is cancelled.
    let changed = MEETINGS
        .replace("at 14:00", "at 15:00")
        .replace(
            "yearly in june\n  allow PG1005 \"The Board takes the report at its July meeting.\"\n}\n\nduty quarterly",
            "yearly in july\n}\n\nduty quarterly",
        )
        .replace(
            "  meets on the second",
            "  cancelled 2026-04-14\n  meets on the second",
        );
    std::fs::write(&input, &changed).unwrap();
    let third_ics = build(&input, &out, "1900000000");
    let third_ev = read(&third_ics, dir.path());
    let third = stamps(&third_ev);
    let t2 = "2030-03-17T17:46:40+00:00";
    assert_eq!(
        third["duty.scp_annual.m@protogov"],
        (1, t2.into(), t2.into())
    );
    assert_eq!(
        third["meeting.cpb.20260714.m@protogov"],
        (2, t2.into(), t2.into())
    );
    assert_eq!(
        third["meeting.cpb.20270713.m@protogov"],
        (2, t2.into(), t2.into())
    );
    assert_eq!(
        third["meeting.cpb.20260414.m@protogov"],
        (2, t2.into(), t2.into())
    );
    assert_eq!(
        third_ev["meeting.cpb.20260414.m@protogov"]["status"],
        "CANCELLED"
    );
    assert!(third_ev["meeting.cpb.20260714.m@protogov"]["description"]
        .as_str()
        .unwrap()
        .contains("Due Friday 31 July 2026."));
    assert_eq!(
        third["meeting.cpb.20261013.m@protogov"],
        second["meeting.cpb.20261013.m@protogov"]
    );
    assert_eq!(
        third["duty.quarterly_figures.m@protogov"],
        before["duty.quarterly_figures.m@protogov"]
    );
    assert_eq!(
        third["meeting.scp.20260113.m@protogov"],
        before["meeting.scp.20260113.m@protogov"]
    );
    let changed_uids: Vec<&String> = third
        .iter()
        .filter(|(k, v)| second.get(*k) != Some(*v))
        .map(|(k, _)| k)
        .collect();
    // The series, the Board's July meetings over the years, the cancelled one, and the
    // meeting the cancellation brings into the 120 listed, at their end.
    assert!(
        changed_uids
            .iter()
            .all(|u| *u == "duty.scp_annual.m@protogov"
                || u.starts_with("meeting.cpb.20260414")
                || *u == "meeting.cpb.20560111.m@protogov"
                || (u.starts_with("meeting.cpb.") && u[16..].starts_with("07"))),
        "{changed_uids:?}"
    );
    // Built once more, unchanged: the same bytes.
    assert_eq!(build(&input, &out, "2000000000"), third_ics);
}

#[test]
fn a_previous_calendar_that_cannot_be_read_starts_the_sequence_again() {
    require_python();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("meetings.proto-gov");
    let out = dir.path().join("out");
    std::fs::write(&input, MEETINGS).unwrap();
    std::fs::create_dir_all(&out).unwrap();
    let fresh = build(&input, &dir.path().join("fresh"), "1700000000");
    for junk in [
        &b"\xff\xfe not a calendar"[..],
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n",
    ] {
        std::fs::write(out.join("meetings.ics"), junk).unwrap();
        let text = build(&input, &out, "1700000000");
        let st = stamps(&read(&text, dir.path()));
        assert!(st.values().all(|(s, _, _)| *s == 0), "{st:?}");
        assert_eq!(text, fresh);
    }
}

/// The calendar's own `VTIMEZONE` (which Outlook reads instead of the name) gives the
/// offsets of the IANA zone Europe/London at every existing local time, 1997 to 2059.
#[test]
fn the_time_zone_definition_matches_europe_london() {
    require_python();
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("m.ics");
    std::fs::write(
        &p,
        ics::emit(&meetings(), &ics::Options::default()).unwrap(),
    )
    .unwrap();
    let out = python(
        r#"
import sys, datetime, zoneinfo
from icalendar import Calendar
cal = Calendar.from_ical(open(sys.argv[1], "rb").read())
tzs = cal.walk("VTIMEZONE")
assert len(tzs) == 1 and str(tzs[0]["TZID"]) == "Europe/London"
ours = tzs[0].to_tz(lookup_tzid=False)
london = zoneinfo.ZoneInfo("Europe/London")
utc = datetime.timezone.utc
d = datetime.datetime(1997, 1, 1, 0, 30)
n = 0
while d.year < 2060:
    there = d.replace(tzinfo=london)
    # A local time skipped in spring does not exist: nothing to compare.
    if there.astimezone(utc).astimezone(london).replace(tzinfo=None) == d:
        assert d.replace(tzinfo=ours).utcoffset() == there.utcoffset(), d
        n += 1
    d += datetime.timedelta(hours=5)
print(n)
"#,
        &[&p.display().to_string()],
    );
    assert!(out.trim().parse::<u32>().unwrap() > 100_000, "{out}");
}
