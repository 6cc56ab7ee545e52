//! Cadences resolved into dates. One definition of "when is this due" serves the model,
//! the checks, the JSON and the calendar: [`Schedule::next_on_or_after`] and
//! [`Schedule::next`] find the next dates by arithmetic, and [`Schedule::occurrences`]
//! and [`Schedule::rrule`] are written side by side so the calendar's recurrence rule expands to exactly the dates the
//! compiler computes (a test checks this with an independent RRULE implementation).
//!
//! Semantics: a month-based cadence of `p` months falls in one month of every `p`-month
//! cycle, on the last working day (Monday–Friday) of that month unless a day is named.
//! "in september" therefore means "by the end of September". A named day that a month
//! lacks (31 in September) is skipped, as RFC 5545 does.

use jiff::civil::{Date, Weekday};

/// How long one cycle lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// A number of calendar months (12 for yearly).
    Months(u32),
    /// A number of days (7 for weekly).
    Days(u32),
}

/// Which day of a due month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayRule {
    /// The last Monday–Friday of the month.
    LastWorkingDay,
    /// A fixed day of the month (skipped in months that lack it).
    Day(u32),
}

/// A resolved, dated cadence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    /// The length of one cycle.
    pub period: Period,
    /// Which day of the due month (month-based periods only).
    pub day: DayRule,
    /// The first due date; every later one follows from the period.
    pub first: Date,
}

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The English name of month 1–12.
pub fn month_name(m: u32) -> &'static str {
    MONTH_NAMES
        .get((m as usize).wrapping_sub(1))
        .copied()
        .unwrap_or("?")
}

/// The last Monday–Friday of a month.
pub fn last_working_day(year: i16, month: i8) -> Option<Date> {
    let mut d = Date::new(year, month, 1).ok()?.last_of_month();
    while matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday) {
        d = d.yesterday().ok()?;
    }
    Some(d)
}

/// The due date in a given month under a day rule, if that month has it.
pub fn due_in_month(year: i32, month: u32, rule: DayRule) -> Option<Date> {
    let y = i16::try_from(year).ok()?;
    let m = i8::try_from(month).ok()?;
    match rule {
        DayRule::LastWorkingDay => last_working_day(y, m),
        DayRule::Day(d) => Date::new(y, m, i8::try_from(d).ok()?).ok(),
    }
}

/// Months since year 0 of (year, month), for stepping by whole months.
fn month_index(year: i32, month: u32) -> i64 {
    year as i64 * 12 + (month as i64 - 1)
}

fn from_month_index(i: i64) -> (i32, u32) {
    (i.div_euclid(12) as i32, (i.rem_euclid(12) + 1) as u32)
}

impl Schedule {
    /// The first due date in a cycle anchored at `month` (and `rule`), on or after `epoch`.
    pub fn anchored(period: Period, month: u32, rule: DayRule, epoch: Date) -> Option<Schedule> {
        // The first due date on or after the epoch in the anchored month.
        let start = epoch.year() as i32;
        (start..start + 3)
            .filter_map(|year| due_in_month(year, month, rule))
            .find(|d| *d >= epoch)
            .map(|first| Schedule {
                period,
                day: rule,
                first,
            })
    }

    /// Due dates from the first up to and including `until`, at most `limit` of them.
    pub fn occurrences(&self, until: Date, limit: usize) -> Vec<Date> {
        self.dates_from_cycle(0)
            .take_while(|d| *d <= until)
            .take(limit)
            .collect()
    }

    /// The due dates of cycle `k` and of every later cycle, in order. A cycle whose month
    /// lacks the named day has no date; the dates end where the calendar does (year 9999).
    fn dates_from_cycle(&self, k: i64) -> impl Iterator<Item = Date> + '_ {
        let months = match self.period {
            Period::Months(p) if p > 0 => Some(p as i64),
            _ => None,
        };
        let days = match self.period {
            Period::Days(n) if n > 0 => Some(n as i64),
            _ => None,
        };
        let start = month_index(self.first.year() as i32, self.first.month() as u32);
        let rule = match self.day {
            DayRule::Day(_) => DayRule::Day(self.first.day() as u32),
            r => r,
        };
        let by_month = months.into_iter().flat_map(move |p| {
            (k..)
                .map(move |k| from_month_index(start + k * p))
                .take_while(|(y, _)| *y <= 9999)
                .filter_map(move |(y, m)| due_in_month(y, m, rule))
        });
        let by_day = days.into_iter().flat_map(move |n| {
            (k..).map_while(move |k| {
                let offset = k.checked_mul(n)?;
                self.first.checked_add(jiff::Span::new().days(offset)).ok()
            })
        });
        by_month.chain(by_day)
    }

    /// The cycle that holds `today` or the first one after it: every earlier cycle falls
    /// due before `today`.
    fn cycle_of(&self, today: Date) -> i64 {
        match self.period {
            Period::Months(p) if p > 0 => {
                let index = |d: Date| month_index(d.year() as i32, d.month() as u32);
                (index(today) - index(self.first)).max(0) / p as i64
            }
            Period::Days(n) if n > 0 => (today - self.first).get_days().max(0) as i64 / n as i64,
            _ => 0,
        }
    }

    /// The first due date on or after `today`, looking at most 200 years ahead. The
    /// cycles before `today` are skipped by arithmetic, not listed.
    pub fn next_on_or_after(&self, today: Date) -> Option<Date> {
        if self.first >= today {
            return Some(self.first);
        }
        let until = today.checked_add(jiff::Span::new().years(200)).ok()?;
        self.dates_from_cycle(self.cycle_of(today))
            .find(|d| *d >= today)
            .filter(|d| *d <= until)
    }

    /// The first `n` due dates on or after `today` (none when the next is more than 200
    /// years ahead).
    pub fn next(&self, today: Date, n: usize) -> Vec<Date> {
        let Some(next) = self.next_on_or_after(today) else {
            return Vec::new();
        };
        self.dates_from_cycle(self.cycle_of(next))
            .skip_while(|d| *d < next)
            .take(n)
            .collect()
    }

    /// The RFC 5545 recurrence rule (without `RRULE:`) whose expansion from `DTSTART =
    /// first` gives exactly [`Schedule::occurrences`]. Uses the forms Outlook maps.
    pub fn rrule(&self) -> String {
        const WEEKDAYS: &str = "BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1";
        match self.period {
            Period::Months(p) if p % 12 == 0 => {
                let interval = p / 12;
                let mut r = String::from("FREQ=YEARLY");
                if interval > 1 {
                    r.push_str(&format!(";INTERVAL={interval}"));
                }
                r.push_str(&format!(";BYMONTH={}", self.first.month()));
                match self.day {
                    DayRule::LastWorkingDay => r.push_str(&format!(";{WEEKDAYS}")),
                    DayRule::Day(_) => r.push_str(&format!(";BYMONTHDAY={}", self.first.day())),
                }
                r
            }
            Period::Months(p) => {
                let mut r = String::from("FREQ=MONTHLY");
                if p > 1 {
                    r.push_str(&format!(";INTERVAL={p}"));
                }
                match self.day {
                    DayRule::LastWorkingDay => r.push_str(&format!(";{WEEKDAYS}")),
                    DayRule::Day(_) => r.push_str(&format!(";BYMONTHDAY={}", self.first.day())),
                }
                r
            }
            Period::Days(n) if n % 7 == 0 => {
                if n == 7 {
                    "FREQ=WEEKLY".to_string()
                } else {
                    format!("FREQ=WEEKLY;INTERVAL={}", n / 7)
                }
            }
            Period::Days(n) => {
                if n == 1 {
                    "FREQ=DAILY".to_string()
                } else {
                    format!("FREQ=DAILY;INTERVAL={n}")
                }
            }
        }
    }

    /// A phrase for people: "every year, on the last working day of September".
    pub fn describe(&self) -> String {
        let every = describe_period(self.period);
        match self.period {
            // Every month: no one month to name.
            Period::Months(1) => match self.day {
                DayRule::LastWorkingDay => {
                    format!("{every}, on its last working day, from {}", self.first)
                }
                DayRule::Day(_) => {
                    format!("{every}, on day {}, from {}", self.first.day(), self.first)
                }
            },
            Period::Months(_) => {
                let m = month_name(self.first.month() as u32);
                match self.day {
                    DayRule::LastWorkingDay => {
                        format!(
                            "{every}, on the last working day of {m}, from {}",
                            self.first
                        )
                    }
                    DayRule::Day(_) => {
                        format!("{every}, on {} {m}, from {}", self.first.day(), self.first)
                    }
                }
            }
            Period::Days(_) => format!("{every}, from {}", self.first),
        }
    }
}

/// "every year", "every 6 months", "every 2 weeks".
pub fn describe_period(p: Period) -> String {
    match p {
        Period::Months(12) => "every year".into(),
        Period::Months(m) if m % 12 == 0 => format!("every {} years", m / 12),
        Period::Months(1) => "every month".into(),
        Period::Months(m) => format!("every {m} months"),
        Period::Days(7) => "every week".into(),
        Period::Days(d) if d % 7 == 0 => format!("every {} weeks", d / 7),
        Period::Days(1) => "every day".into(),
        Period::Days(d) => format!("every {d} days"),
    }
}

/// The number of days in a month of a year (29 for February of a leap year).
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn last_working_day_skips_weekends() {
        // 30 and 31 August 2025 are a weekend.
        assert_eq!(last_working_day(2025, 8), Some(date(2025, 8, 29)));
        assert_eq!(last_working_day(2025, 9), Some(date(2025, 9, 30)));
    }

    #[test]
    fn six_monthly_alternates_months() {
        let s = Schedule::anchored(
            Period::Months(6),
            3,
            DayRule::LastWorkingDay,
            date(2024, 1, 1),
        )
        .unwrap();
        let dates = s.occurrences(date(2025, 12, 31), 10);
        assert_eq!(
            dates,
            vec![
                date(2024, 3, 29),
                date(2024, 9, 30),
                date(2025, 3, 31),
                date(2025, 9, 30)
            ]
        );
        assert_eq!(
            s.rrule(),
            "FREQ=MONTHLY;INTERVAL=6;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1"
        );
    }

    #[test]
    fn a_missing_day_is_skipped() {
        let s = Schedule {
            period: Period::Months(6),
            day: DayRule::Day(31),
            first: date(2025, 3, 31),
        };
        assert_eq!(
            s.occurrences(date(2026, 12, 31), 10),
            vec![date(2025, 3, 31), date(2026, 3, 31)]
        );
    }

    #[test]
    fn yearly_rule_uses_bymonth() {
        let s = Schedule::anchored(
            Period::Months(24),
            9,
            DayRule::LastWorkingDay,
            date(2025, 1, 1),
        )
        .unwrap();
        assert_eq!(
            s.rrule(),
            "FREQ=YEARLY;INTERVAL=2;BYMONTH=9;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1"
        );
        assert_eq!(
            s.next_on_or_after(date(2026, 1, 1)),
            Some(date(2027, 9, 30))
        );
    }

    #[test]
    fn next_dates_start_on_or_after_today() {
        let s = Schedule {
            period: Period::Months(3),
            day: DayRule::LastWorkingDay,
            first: date(2024, 1, 31),
        };
        assert_eq!(
            s.next(date(2026, 11, 23), 3),
            vec![date(2027, 1, 29), date(2027, 4, 30), date(2027, 7, 30)]
        );
        let fortnightly = Schedule {
            period: Period::Days(14),
            day: DayRule::LastWorkingDay,
            first: date(2026, 1, 5),
        };
        assert_eq!(
            fortnightly.next(date(2026, 1, 6), 2),
            vec![date(2026, 1, 19), date(2026, 2, 2)]
        );
    }

    /// The arithmetic agrees with listing every date from the first and taking the first
    /// on or after `today`, for every kind of period, from before the first date to far
    /// beyond it.
    #[test]
    fn the_next_date_agrees_with_listing_every_date() {
        let firsts = [
            date(2017, 1, 31),
            date(2019, 2, 28),
            date(2020, 2, 29),
            date(2024, 3, 31),
            date(2025, 9, 30),
        ];
        let todays = [
            date(2016, 5, 1),
            date(2020, 2, 29),
            date(2024, 3, 31),
            date(2026, 11, 23),
            date(2031, 1, 1),
            date(2190, 6, 15),
        ];
        let periods = [
            Period::Months(1),
            Period::Months(3),
            Period::Months(6),
            Period::Months(12),
            Period::Months(24),
            Period::Months(1200),
            Period::Days(1),
            Period::Days(14),
            Period::Days(30),
            Period::Days(36_000),
        ];
        for first in firsts {
            for period in periods {
                for day in [DayRule::LastWorkingDay, DayRule::Day(first.day() as u32)] {
                    let s = Schedule { period, day, first };
                    for today in todays {
                        if first >= today {
                            assert_eq!(s.next_on_or_after(today), Some(first));
                            continue;
                        }
                        let until = today.checked_add(jiff::Span::new().years(200)).unwrap();
                        let listed: Vec<Date> = s
                            .occurrences(until, usize::MAX)
                            .into_iter()
                            .filter(|d| *d >= today)
                            .collect();
                        assert_eq!(
                            s.next_on_or_after(today),
                            listed.first().copied(),
                            "{s:?} from {today}"
                        );
                        // The dates after the next one may lie beyond 200 years.
                        let far = today.checked_add(jiff::Span::new().years(1000)).unwrap();
                        let listed: Vec<Date> = s
                            .occurrences(far, usize::MAX)
                            .into_iter()
                            .filter(|d| *d >= today)
                            .take(3)
                            .collect();
                        let want = match s.next_on_or_after(today) {
                            Some(_) => listed,
                            None => Vec::new(),
                        };
                        assert_eq!(s.next(today, 3), want, "{s:?} from {today}");
                    }
                }
            }
        }
    }
}
