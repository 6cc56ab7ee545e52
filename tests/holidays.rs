//! The bank holidays of every region, 2015–2035, against an independent source: Python's
//! `holidays` package (pinned in tests/requirements.txt). Both sides list the weekdays that
//! are not working days; a holiday at a weekend matters only through its substitute day.

use crate::common::{python, require_python};
use protogov::holidays::{self, Region};

const YEARS: std::ops::RangeInclusive<i16> = 2015..=2035;

const LIST: &str = r#"
import sys, holidays
subdiv, first, last = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
days = holidays.UK(subdiv=subdiv, years=range(first, last + 1))
for d in sorted(days):
    if d.weekday() < 5:
        print(d.isoformat())
"#;

#[test]
fn every_regions_holidays_agree_with_the_python_holidays_package() {
    require_python();
    let (first, last) = (YEARS.start().to_string(), YEARS.end().to_string());
    let mut total = 0;
    for (region, subdiv) in [
        (Region::EnglandAndWales, "ENG"),
        (Region::Scotland, "SCT"),
        (Region::NorthernIreland, "NIR"),
    ] {
        let theirs: Vec<String> = python(LIST, &[subdiv, &first, &last])
            .lines()
            .map(String::from)
            .collect();
        let mut ours: Vec<String> = YEARS
            .flat_map(|y| holidays::holidays(region, y))
            .filter(|h| h.date.weekday().to_monday_zero_offset() < 5)
            .map(|h| h.date.to_string())
            .collect();
        ours.sort();
        ours.dedup();
        assert_eq!(ours, theirs, "{}", region.name());
        // Every listed day is not a working day, and the days around it are told apart.
        for d in &ours {
            let date: jiff::civil::Date = d.parse().unwrap();
            assert!(!holidays::is_working_day(region, date), "{d}");
        }
        total += ours.len();
    }
    // Eight or more weekday holidays a year in each region.
    assert!(total >= 3 * 21 * 8, "{total}");
}

/// Wales shares England's holidays; so does `holidays`' subdivision for it.
#[test]
fn wales_is_england_and_wales() {
    require_python();
    let eng = python(LIST, &["ENG", "2015", "2035"]);
    let wls = python(LIST, &["WLS", "2015", "2035"]);
    assert_eq!(eng, wls);
}
