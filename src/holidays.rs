//! UK bank holidays and working-day arithmetic.
//!
//! A working day is a Monday to Friday that is not a bank holiday in the region. The
//! holidays are worked out from their rules, with the days moved or added by
//! proclamation listed in [`PROCLAIMED`]. Sources:
//!
//! - the Banking and Financial Dealings Act 1971, Schedule 1 (the holidays of each part of
//!   the United Kingdom), with the St Andrew's Day Bank Holiday (Scotland) Act 2007;
//! - the royal proclamations made under section 1 of that Act, which move a holiday or
//!   add one for a year (listed in [`PROCLAIMED`]);
//! - the published lists at <https://www.gov.uk/bank-holidays>, which name a substitute
//!   day when a holiday falls at a weekend: the next weekday that is not already a holiday.
//!
//! The rules are applied as they stand today to every year, earlier and later alike; a
//! year's proclaimed changes are those listed here, so a year after the last known
//! proclamation gets the rules alone. The years 2015–2035 are checked against an
//! independent source (Python's `holidays` package) by the test suite.

use jiff::civil::{Date, Weekday};
use std::collections::HashMap;

/// Whose bank holidays count: the three calendars of the Banking and Financial Dealings
/// Act 1971.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Region {
    /// England and Wales (the default).
    #[default]
    EnglandAndWales,
    /// Scotland.
    Scotland,
    /// Northern Ireland.
    NorthernIreland,
}

impl Region {
    /// Every region.
    pub const ALL: [Region; 3] = [
        Region::EnglandAndWales,
        Region::Scotland,
        Region::NorthernIreland,
    ];

    /// The name used in outputs: `england-and-wales`, `scotland`, `northern-ireland`.
    pub fn id(self) -> &'static str {
        match self {
            Region::EnglandAndWales => "england-and-wales",
            Region::Scotland => "scotland",
            Region::NorthernIreland => "northern-ireland",
        }
    }

    /// The name for people: "England and Wales".
    pub fn name(self) -> &'static str {
        match self {
            Region::EnglandAndWales => "England and Wales",
            Region::Scotland => "Scotland",
            Region::NorthernIreland => "Northern Ireland",
        }
    }
}

impl std::str::FromStr for Region {
    type Err = String;

    /// `england-and-wales` (or `england`, `wales`), `scotland`, `northern-ireland`, in any case,
    /// with spaces or underscores for the hyphens.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let key: String = s
            .trim()
            .chars()
            .map(|c| match c {
                ' ' | '_' => '-',
                c => c.to_ascii_lowercase(),
            })
            .collect();
        match key.as_str() {
            "england-and-wales" | "england" | "wales" => Ok(Region::EnglandAndWales),
            "scotland" => Ok(Region::Scotland),
            "northern-ireland" => Ok(Region::NorthernIreland),
            _ => Err(format!(
                "`{s}` is not a region with its own bank holidays; write england-and-wales, scotland or northern-ireland"
            )),
        }
    }
}

/// One bank holiday.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Holiday {
    /// The day off.
    pub date: Date,
    /// Its name, as gov.uk writes it ("Spring bank holiday").
    pub name: &'static str,
    /// True when it is the substitute for a holiday that fell at a weekend.
    pub substitute: bool,
}

/// A change to one year's holidays by royal proclamation.
#[derive(Debug, Clone, Copy)]
enum Proclaimed {
    /// A rule's holiday moved to another day: the day the rule gives, and the day it
    /// was moved to.
    Moved { from: Date, to: Date },
    /// A holiday for that year only, in every region.
    Extra { date: Date, name: &'static str },
    /// A holiday for that year only, in one region.
    ExtraIn {
        region: Region,
        date: Date,
        name: &'static str,
    },
}

/// The holidays moved or added by proclamation (sources: the proclamations in the London
/// Gazette and, for Scotland, the Scottish Government's announcements, as gov.uk lists
/// them).
const PROCLAIMED: [Proclaimed; 13] = {
    use jiff::civil::date;
    use Proclaimed::{Extra, ExtraIn, Moved};
    [
        // The 50th anniversary of VE day.
        Moved {
            from: date(1995, 5, 1),
            to: date(1995, 5, 8),
        },
        Extra {
            date: date(1999, 12, 31),
            name: "Millennium Day",
        },
        // The Golden Jubilee.
        Moved {
            from: date(2002, 5, 27),
            to: date(2002, 6, 4),
        },
        Extra {
            date: date(2002, 6, 3),
            name: "Golden Jubilee bank holiday",
        },
        Extra {
            date: date(2011, 4, 29),
            name: "Royal wedding",
        },
        // The Diamond Jubilee.
        Moved {
            from: date(2012, 5, 28),
            to: date(2012, 6, 4),
        },
        Extra {
            date: date(2012, 6, 5),
            name: "Queen’s Diamond Jubilee",
        },
        // The 75th anniversary of VE day.
        Moved {
            from: date(2020, 5, 4),
            to: date(2020, 5, 8),
        },
        // The Platinum Jubilee.
        Moved {
            from: date(2022, 5, 30),
            to: date(2022, 6, 2),
        },
        Extra {
            date: date(2022, 6, 3),
            name: "Platinum Jubilee bank holiday",
        },
        Extra {
            date: date(2022, 9, 19),
            name: "Bank Holiday for the State Funeral of Queen Elizabeth II",
        },
        Extra {
            date: date(2023, 5, 8),
            name: "Bank holiday for the coronation of King Charles III",
        },
        // Scotland's first match at the 2026 FIFA World Cup finals.
        ExtraIn {
            region: Region::Scotland,
            date: date(2026, 6, 15),
            name: "Bank holiday for Scotland’s participation in the FIFA World Cup",
        },
    ]
};

/// Easter Sunday of a year in the Gregorian calendar (the anonymous Gregorian computus,
/// "Meeus/Jones/Butcher").
pub fn easter_sunday(year: i16) -> Option<Date> {
    let y = i32::from(year);
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    Date::new(year, month as i8, day as i8).ok()
}

fn is_weekend(d: Date) -> bool {
    matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday)
}

/// The `nth` (1-based) Monday of a month, or the last when `nth` is 0.
fn monday(year: i16, month: i8, nth: i8) -> Option<Date> {
    let first = Date::new(year, month, 1).ok()?;
    if nth == 0 {
        let last = first.last_of_month();
        let back = last.weekday().to_monday_zero_offset();
        return last.checked_sub(jiff::Span::new().days(back)).ok();
    }
    let ahead = (7 - first.weekday().to_monday_zero_offset()) % 7;
    first
        .checked_add(jiff::Span::new().days(i64::from(ahead) + 7 * (i64::from(nth) - 1)))
        .ok()
}

/// Every bank holiday of a region in a year, in date order. A holiday that falls at a
/// weekend is listed on its own day and again, as a substitute, on the next weekday that
/// is not already a holiday.
pub fn holidays(region: Region, year: i16) -> Vec<Holiday> {
    let day = |m: i8, d: i8| Date::new(year, m, d).ok();
    let easter = easter_sunday(year);
    let shift = |d: Option<Date>, days: i64| {
        d.and_then(|d| d.checked_add(jiff::Span::new().days(days)).ok())
    };
    // (date, name, takes a substitute when at a weekend)
    let mut rules: Vec<(Option<Date>, &'static str, bool)> = vec![
        (day(1, 1), "New Year’s Day", true),
        (shift(easter, -2), "Good Friday", false),
        (monday(year, 5, 1), "Early May bank holiday", false),
        (monday(year, 5, 0), "Spring bank holiday", false),
        (day(12, 25), "Christmas Day", true),
        (day(12, 26), "Boxing Day", true),
    ];
    match region {
        Region::EnglandAndWales | Region::NorthernIreland => {
            rules.push((shift(easter, 1), "Easter Monday", false));
            rules.push((monday(year, 8, 0), "Summer bank holiday", false));
        }
        Region::Scotland => {
            rules.push((day(1, 2), "2nd January", true));
            rules.push((monday(year, 8, 1), "Summer bank holiday", false));
            rules.push((day(11, 30), "St Andrew’s Day", true));
        }
    }
    if region == Region::NorthernIreland {
        rules.push((day(3, 17), "St Patrick’s Day", true));
        rules.push((day(7, 12), "Battle of the Boyne (Orangemen’s Day)", true));
    }
    let mut days: Vec<(Date, &'static str, bool)> = rules
        .into_iter()
        .filter_map(|(d, name, sub)| d.map(|d| (d, name, sub)))
        .collect();
    for change in PROCLAIMED {
        match change {
            Proclaimed::Moved { from, to } if from.year() == year => {
                for d in days.iter_mut().filter(|d| d.0 == from) {
                    d.0 = to;
                }
            }
            Proclaimed::Extra { date, name } if date.year() == year => {
                days.push((date, name, false))
            }
            Proclaimed::ExtraIn {
                region: r,
                date,
                name,
            } if r == region && date.year() == year => days.push((date, name, false)),
            _ => {}
        }
    }
    days.sort_by_key(|d| d.0);
    let mut out: Vec<Holiday> = days
        .iter()
        .map(|&(date, name, _)| Holiday {
            date,
            name,
            substitute: false,
        })
        .collect();
    for &(date, name, takes) in &days {
        if !takes || !is_weekend(date) {
            continue;
        }
        let mut sub = date;
        while is_weekend(sub) || out.iter().any(|h| h.date == sub) {
            match sub.tomorrow() {
                Ok(d) => sub = d,
                Err(_) => break,
            }
        }
        out.push(Holiday {
            date: sub,
            name,
            substitute: true,
        });
    }
    out.sort_by_key(|h| h.date);
    out
}

/// The bank holiday on a day in a region, if there is one (a substitute day when the
/// holiday itself falls at a weekend and this is its substitute). The holidays of each
/// year asked about are kept from one call to the next (up to [`KEPT_YEARS`] years): every
/// schedule of a set asks about the same few years, one after another.
pub fn holiday_on(region: Region, date: Date) -> Option<Holiday> {
    thread_local! {
        static YEARS: std::cell::RefCell<HashMap<(Region, i16), Vec<Holiday>>> =
            std::cell::RefCell::new(HashMap::new());
    }
    YEARS.with_borrow_mut(|years| {
        if years.len() >= KEPT_YEARS && !years.contains_key(&(region, date.year())) {
            years.clear();
        }
        years
            .entry((region, date.year()))
            .or_insert_with(|| holidays(region, date.year()))
            .iter()
            .filter(|h| h.date == date)
            .min_by_key(|h| h.substitute)
            .copied()
    })
}

/// How many years of holidays [`holiday_on`] keeps before it starts again.
pub const KEPT_YEARS: usize = 1024;

pub fn is_working_day(region: Region, date: Date) -> bool {
    !is_weekend(date) && holiday_on(region, date).is_none()
}

/// Why a day is not a working day ("a Saturday", "the Spring bank holiday", "a bank
/// holiday (the substitute day for Christmas Day)"), or `None` when it is one.
pub fn why_not_working(region: Region, date: Date) -> Option<String> {
    match date.weekday() {
        Weekday::Saturday => return Some("a Saturday".into()),
        Weekday::Sunday => return Some("a Sunday".into()),
        _ => {}
    }
    holiday_on(region, date).map(|h| {
        if h.substitute {
            format!("a bank holiday (the substitute day for {})", h.name)
        } else {
            format!("a bank holiday ({})", h.name)
        }
    })
}

/// The day itself when it is a working day, else the nearest working day before it.
pub fn working_day_on_or_before(region: Region, date: Date) -> Option<Date> {
    let mut d = date;
    while !is_working_day(region, d) {
        d = d.yesterday().ok()?;
    }
    Some(d)
}

/// The last working day of a month (1–12).
pub fn last_working_day(region: Region, year: i16, month: i8) -> Option<Date> {
    let last = Date::new(year, month, 1).ok()?.last_of_month();
    working_day_on_or_before(region, last)
}

/// The working day `n` working days after `date` (`date` itself is not counted, so one
/// working day after a Friday is the Monday, unless that is a bank holiday).
pub fn add_working_days(region: Region, date: Date, n: u32) -> Option<Date> {
    let mut d = date;
    for _ in 0..n {
        d = d.tomorrow().ok()?;
        while !is_working_day(region, d) {
            d = d.tomorrow().ok()?;
        }
    }
    Some(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn easter_sunday_by_the_computus() {
        for (y, m, d) in [
            (2015, 4, 5),
            (2019, 4, 21),
            (2024, 3, 31),
            (2025, 4, 20),
            (2027, 3, 28),
            (2038, 4, 25),
            (2285, 3, 22),
        ] {
            assert_eq!(easter_sunday(y), Some(date(y, m, d)), "{y}");
        }
    }

    #[test]
    fn england_and_wales_2027_as_gov_uk_lists_it() {
        let days: Vec<Date> = holidays(Region::EnglandAndWales, 2027)
            .into_iter()
            .filter(|h| !is_weekend(h.date))
            .map(|h| h.date)
            .collect();
        assert_eq!(
            days,
            vec![
                date(2027, 1, 1),
                date(2027, 3, 26),
                date(2027, 3, 29),
                date(2027, 5, 3),
                date(2027, 5, 31),
                date(2027, 8, 30),
                date(2027, 12, 27),
                date(2027, 12, 28),
            ]
        );
    }

    #[test]
    fn proclaimed_days_move_and_add_holidays() {
        let e = Region::EnglandAndWales;
        // VE day 2020: the Early May holiday moved from Monday 4 to Friday 8 May.
        assert!(is_working_day(e, date(2020, 5, 4)));
        assert!(!is_working_day(e, date(2020, 5, 8)));
        // The Platinum Jubilee: Spring bank holiday on 2 June, and 3 June besides.
        assert!(is_working_day(e, date(2022, 5, 30)));
        assert!(!is_working_day(e, date(2022, 6, 2)));
        assert!(!is_working_day(e, date(2022, 6, 3)));
        for r in Region::ALL {
            assert!(!is_working_day(r, date(2022, 9, 19)));
            assert!(!is_working_day(r, date(2023, 5, 8)));
        }
    }

    #[test]
    fn regions_differ() {
        let (e, s, n) = (
            Region::EnglandAndWales,
            Region::Scotland,
            Region::NorthernIreland,
        );
        // Easter Monday 2027 is not a holiday in Scotland.
        assert!(!is_working_day(e, date(2027, 3, 29)));
        assert!(is_working_day(s, date(2027, 3, 29)));
        // Scotland's summer holiday is the first Monday of August.
        assert!(!is_working_day(s, date(2027, 8, 2)));
        assert!(is_working_day(s, date(2027, 8, 30)));
        // St Andrew's Day 2025 is a Sunday: Monday 1 December is the substitute.
        assert!(!is_working_day(s, date(2025, 12, 1)));
        assert!(is_working_day(e, date(2025, 12, 1)));
        // 2 January 2027 is a Saturday: Monday 4 January is the substitute.
        assert!(!is_working_day(s, date(2027, 1, 4)));
        // The Battle of the Boyne, 12 July 2026, a Sunday: Monday 13 July.
        assert!(!is_working_day(n, date(2026, 7, 13)));
        assert!(is_working_day(e, date(2026, 7, 13)));
        assert_eq!(
            why_not_working(n, date(2026, 7, 13)).as_deref(),
            Some("a bank holiday (the substitute day for Battle of the Boyne (Orangemen’s Day))")
        );
    }

    #[test]
    fn working_day_arithmetic() {
        let e = Region::EnglandAndWales;
        assert_eq!(last_working_day(e, 2027, 5), Some(date(2027, 5, 28)));
        assert_eq!(last_working_day(e, 2026, 8), Some(date(2026, 8, 28)));
        assert_eq!(last_working_day(e, 2025, 9), Some(date(2025, 9, 30)));
        // Saturday 1 May 2027 → Friday 30 April.
        assert_eq!(
            working_day_on_or_before(e, date(2027, 5, 1)),
            Some(date(2027, 4, 30))
        );
        // Christmas 2027: Saturday 25 and Sunday 26, substitutes Monday 27 and Tuesday 28.
        assert_eq!(
            working_day_on_or_before(e, date(2027, 12, 28)),
            Some(date(2027, 12, 24))
        );
        assert_eq!(
            add_working_days(e, date(2027, 12, 24), 1),
            Some(date(2027, 12, 29))
        );
        // Ten working days from Thursday 25 March 2027 skip Good Friday and Easter Monday.
        assert_eq!(
            add_working_days(e, date(2027, 3, 25), 10),
            Some(date(2027, 4, 12))
        );
        assert_eq!(
            add_working_days(e, date(2027, 3, 25), 0),
            Some(date(2027, 3, 25))
        );
        assert_eq!(
            why_not_working(e, date(2027, 5, 1)).as_deref(),
            Some("a Saturday")
        );
        assert_eq!(
            why_not_working(e, date(2027, 5, 31)).as_deref(),
            Some("a bank holiday (Spring bank holiday)")
        );
        assert_eq!(why_not_working(e, date(2027, 5, 28)), None);
    }

    #[test]
    fn regions_read_back_from_their_ids() {
        for r in Region::ALL {
            assert_eq!(r.id().parse::<Region>(), Ok(r));
            assert_eq!(r.name().parse::<Region>(), Ok(r));
        }
        assert!("wales and england".parse::<Region>().is_err());
    }
}
