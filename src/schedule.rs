//! Cadences resolved into dates. One definition of "when is this due" serves the model,
//! the checks, the JSON and the calendar: [`Schedule::next_on_or_after`] and
//! [`Schedule::next`] find the next dates by arithmetic, and [`Schedule::occurrences`]
//! and [`Schedule::calendar`] are written side by side so the calendar's recurrence rule,
//! with its exceptions, expands to exactly the dates the compiler computes (a test checks
//! this with an independent RRULE implementation).
//!
//! Semantics: a month-based cadence of `p` months falls in one month of every `p`-month
//! cycle, on the last working day of that month unless a day is named. "in september"
//! therefore means "by the end of September". A named day that a month lacks (31 in
//! September) is skipped, as RFC 5545 does. Working days are Monday to Friday less the
//! bank holidays of the schedule's region ([`crate::holidays`]); a due date that the rule
//! puts on a day that is not a working day (a named day, or a date counted in days or
//! weeks) moves to the working day before it, and [`Due`] keeps the day as written.

use crate::holidays::{self, Region};
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
    /// The last working day of the month.
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
    /// The first date as the rule gives it: a named day as written (before any move to a
    /// working day), or the last working day of the first month. Every later date
    /// follows from the period.
    pub first: Date,
    /// Whose bank holidays are not working days.
    pub holidays: Region,
}

/// One due date: the day it falls due, and the day the rule names when that was not a
/// working day and the due date moved to the working day before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Due {
    /// The day it falls due: always a working day of the schedule's region.
    pub date: Date,
    /// The day the rule names ("on 1 May"); equal to `date` unless the date moved.
    pub written: Date,
}

impl Due {
    /// True when the due date moved from the day written to an earlier working day.
    pub fn moved(&self) -> bool {
        self.date != self.written
    }
}

/// The dates of one cycle: the day the bare recurrence rule gives (weekdays only, no
/// holidays), the day the schedule names, and the day it falls due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Cycle {
    rule: Date,
    due: Due,
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

/// The last Monday–Friday of a month, bank holidays or not: what an RRULE's
/// `BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1` gives.
fn last_weekday(year: i16, month: i8) -> Option<Date> {
    let mut d = Date::new(year, month, 1).ok()?.last_of_month();
    while matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday) {
        d = d.yesterday().ok()?;
    }
    Some(d)
}

/// The last working day of a month in a region: the last Monday–Friday that is not a
/// bank holiday there.
pub fn last_working_day(region: Region, year: i16, month: i8) -> Option<Date> {
    holidays::last_working_day(region, year, month)
}

/// The day a rule names in a given month, if that month has it (before any move).
pub fn due_in_month(region: Region, year: i32, month: u32, rule: DayRule) -> Option<Date> {
    let y = i16::try_from(year).ok()?;
    let m = i8::try_from(month).ok()?;
    match rule {
        DayRule::LastWorkingDay => last_working_day(region, y, m),
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

/// How many years of dates the calendar writes when its rule needs exceptions.
pub const CALENDAR_YEARS: i64 = 30;

/// A schedule as an iCalendar recurrence: the rule from `start`, the instances it gives
/// that are not due dates (`exdates`), and the instances that fall due on another day
/// (`moves`: the instance the rule gives, as its `RECURRENCE-ID`, and the due date).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recurrence {
    /// `DTSTART`: the rule's first instance.
    pub start: Date,
    /// The rule, without `RRULE:`; bounded by `UNTIL` when there are exceptions.
    pub rrule: String,
    /// Instances that are dropped (their due date is another instance's).
    pub exdates: Vec<Date>,
    /// Instances that fall due on another day.
    pub moves: Vec<(Date, Due)>,
}

impl Schedule {
    /// The first due date in a cycle anchored at `month` (and `rule`), on or after `epoch`,
    /// counting working days in `region`.
    pub fn anchored(
        period: Period,
        month: u32,
        rule: DayRule,
        epoch: Date,
        region: Region,
    ) -> Option<Schedule> {
        // The first due date on or after the epoch in the anchored month.
        let start = epoch.year() as i32;
        (start..start + 3)
            .filter_map(|year| due_in_month(region, year, month, rule))
            .find(|d| *d >= epoch)
            .map(|first| Schedule {
                period,
                day: rule,
                first,
                holidays: region,
            })
    }

    /// Due dates from the first up to and including `until`, at most `limit` of them.
    pub fn occurrences(&self, until: Date, limit: usize) -> Vec<Date> {
        self.dues(until, limit)
            .into_iter()
            .map(|d| d.date)
            .collect()
    }

    /// [`Schedule::occurrences`] with the day each was written as.
    pub fn dues(&self, until: Date, limit: usize) -> Vec<Due> {
        self.dues_from_cycle(0)
            .take_while(|d| d.date <= until)
            .take(limit)
            .collect()
    }

    /// The dates of cycle `k` and of every later cycle, in order. A cycle whose month
    /// lacks the named day has no date; the dates end where the calendar does (year 9999).
    fn cycles_from(&self, k: i64) -> impl Iterator<Item = Cycle> + '_ {
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
        let region = self.holidays;
        let on_or_before = move |written: Date| {
            holidays::working_day_on_or_before(region, written).map(|date| Due { date, written })
        };
        let by_month = months.into_iter().flat_map(move |p| {
            (k..)
                .map(move |k| from_month_index(start + k * p))
                .take_while(|(y, _)| *y <= 9999)
                .filter_map(move |(y, m)| match rule {
                    DayRule::LastWorkingDay => {
                        let (y, m) = (i16::try_from(y).ok()?, i8::try_from(m).ok()?);
                        let date = last_working_day(region, y, m)?;
                        Some(Cycle {
                            rule: last_weekday(y, m)?,
                            due: Due {
                                date,
                                written: date,
                            },
                        })
                    }
                    DayRule::Day(_) => {
                        let written = due_in_month(region, y, m, rule)?;
                        Some(Cycle {
                            rule: written,
                            due: on_or_before(written)?,
                        })
                    }
                })
        });
        let by_day = days.into_iter().flat_map(move |n| {
            (k..).map_while(move |k| {
                let offset = k.checked_mul(n)?;
                let written = self
                    .first
                    .checked_add(jiff::Span::new().days(offset))
                    .ok()?;
                Some(Cycle {
                    rule: written,
                    due: on_or_before(written)?,
                })
            })
        });
        by_month.chain(by_day)
    }

    /// The due dates of cycle `k` and of every later cycle, in order; two cycles that
    /// fall due on one day (a daily cadence over a weekend) give that day once.
    fn dues_from_cycle(&self, k: i64) -> impl Iterator<Item = Due> + '_ {
        let mut last = None;
        self.cycles_from(k).map(|c| c.due).filter(move |d| {
            let new = last != Some(d.date);
            last = Some(d.date);
            new
        })
    }

    /// The due dates from `from` to `to`, both included, in order. Cycles before the first
    /// continue the same series back, so a period that starts before the day the schedule
    /// counts from (the analysis date, when the document gives none) sees the dates just
    /// before it; a caller that must not go back past a `from DATE` starts there.
    pub fn dues_between(&self, from: Date, to: Date) -> impl Iterator<Item = Due> + '_ {
        // The cycle holding `from`, less one: a due date moved to the working day before
        // may fall in the cycle before its own.
        let k = match self.period {
            Period::Months(p) if p > 0 => {
                let index = |d: Date| month_index(d.year() as i32, d.month() as u32);
                (index(from) - index(self.first)).div_euclid(p as i64) - 1
            }
            Period::Days(n) if n > 0 => (from - self.first).get_days() as i64 / n as i64 - 1,
            _ => 0,
        };
        self.dues_from_cycle(k)
            .skip_while(move |d| d.date < from)
            .take_while(move |d| d.date <= to)
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
        self.next_due_on_or_after(today).map(|d| d.date)
    }

    /// [`Schedule::next_on_or_after`] with the day it was written as.
    pub fn next_due_on_or_after(&self, today: Date) -> Option<Due> {
        let until = today.checked_add(jiff::Span::new().years(200)).ok()?;
        self.dues_from_cycle(self.cycle_of(today))
            .find(|d| d.date >= today)
            .filter(|d| d.date <= until)
    }

    /// The first `n` due dates on or after `today` (none when the next is more than 200
    /// years ahead).
    pub fn next(&self, today: Date, n: usize) -> Vec<Date> {
        self.next_dues(today, n)
            .into_iter()
            .map(|d| d.date)
            .collect()
    }

    /// [`Schedule::next`] with the day each was written as.
    pub fn next_dues(&self, today: Date, n: usize) -> Vec<Due> {
        let Some(next) = self.next_due_on_or_after(today) else {
            return Vec::new();
        };
        self.dues_from_cycle(self.cycle_of(next.date))
            .skip_while(|d| d.date < next.date)
            .take(n)
            .collect()
    }

    /// The RFC 5545 recurrence rule (without `RRULE:`) that gives this schedule's dates
    /// counting Monday to Friday as working days and moving no date; the forms Outlook
    /// maps. [`Schedule::calendar`] adds the exceptions bank holidays and moves make.
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

    /// The first date [`Schedule::rrule`] gives: the calendar's `DTSTART`.
    pub fn rule_start(&self) -> Date {
        self.cycles_from(0).next().map_or(self.first, |c| c.rule)
    }

    /// The schedule as an iCalendar recurrence whose expansion gives exactly
    /// [`Schedule::occurrences`]: [`Schedule::rrule`] from its first instance, and, when
    /// some instance is not a due date (a bank holiday, a named day at a weekend), the
    /// rule bounded to [`CALENDAR_YEARS`] years with each such instance moved to its due
    /// date or, when another instance already falls due that day, dropped. A rule that
    /// needs no exception in that span is left unbounded.
    pub fn calendar(&self) -> Recurrence {
        let rule = self.rrule();
        let cycles = self.cycles_from(0);
        let start = self.rule_start();
        let until = start
            .checked_add(jiff::Span::new().years(CALENDAR_YEARS))
            .unwrap_or(start);
        let mut exdates = Vec::new();
        let mut moves = Vec::new();
        let mut last_due = None;
        let mut last_rule = start;
        for c in cycles.take_while(|c| c.rule <= until) {
            if c.due.date == c.rule {
                last_due = Some(c.due.date);
            } else if last_due == Some(c.due.date) {
                exdates.push(c.rule);
            } else {
                moves.push((c.rule, c.due));
                last_due = Some(c.due.date);
            }
            last_rule = c.rule;
        }
        if exdates.is_empty() && moves.is_empty() {
            return Recurrence {
                start,
                rrule: rule,
                exdates,
                moves,
            };
        }
        Recurrence {
            start,
            rrule: format!(
                "{rule};UNTIL={:04}{:02}{:02}",
                last_rule.year(),
                last_rule.month(),
                last_rule.day()
            ),
            exdates,
            moves,
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
    fn dues_between_continue_the_series_back_past_the_first() {
        // Yearly by 30 June, counted from 2027: the period from 2026 sees 30 June 2026 too
        // (a Tuesday), and 30 June 2027 (a Wednesday).
        let s = Schedule::anchored(
            Period::Months(12),
            6,
            DayRule::Day(30),
            date(2027, 1, 1),
            Region::EnglandAndWales,
        )
        .expect("a schedule");
        let got: Vec<Date> = s
            .dues_between(date(2026, 1, 1), date(2027, 12, 31))
            .map(|d| d.date)
            .collect();
        assert_eq!(got, [date(2026, 6, 30), date(2027, 6, 30)]);
    }

    #[test]
    fn last_working_day_skips_weekends() {
        // 30 and 31 August 2025 are a weekend.
        let e = Region::EnglandAndWales;
        assert_eq!(last_working_day(e, 2025, 8), Some(date(2025, 8, 29)));
        assert_eq!(last_working_day(e, 2025, 9), Some(date(2025, 9, 30)));
    }

    #[test]
    fn the_last_working_day_of_may_2027_skips_the_spring_bank_holiday() {
        // 31 May 2027 is a Monday and the Spring bank holiday.
        let s = Schedule::anchored(
            Period::Months(12),
            5,
            DayRule::LastWorkingDay,
            date(2027, 1, 1),
            Region::EnglandAndWales,
        )
        .unwrap();
        assert_eq!(
            s.next_on_or_after(date(2027, 1, 1)),
            Some(date(2027, 5, 28))
        );
    }

    #[test]
    fn the_region_decides_which_days_are_bank_holidays() {
        // Monday 31 August 2026 is the Summer bank holiday in England and Wales only;
        // Scotland's is the first Monday of August.
        let august = |region| {
            Schedule::anchored(
                Period::Months(12),
                8,
                DayRule::LastWorkingDay,
                date(2026, 1, 1),
                region,
            )
            .unwrap()
            .next_on_or_after(date(2026, 1, 1))
        };
        assert_eq!(august(Region::EnglandAndWales), Some(date(2026, 8, 28)));
        assert_eq!(august(Region::Scotland), Some(date(2026, 8, 31)));
        assert_eq!(august(Region::NorthernIreland), Some(date(2026, 8, 28)));
        // 17 March 2027, a Wednesday, is St Patrick's Day in Northern Ireland.
        let st_patrick = |region| Schedule {
            period: Period::Months(12),
            day: DayRule::Day(17),
            first: date(2027, 3, 17),
            holidays: region,
        };
        assert_eq!(
            st_patrick(Region::NorthernIreland).next_on_or_after(date(2027, 1, 1)),
            Some(date(2027, 3, 16))
        );
        assert_eq!(
            st_patrick(Region::EnglandAndWales).next_on_or_after(date(2027, 1, 1)),
            Some(date(2027, 3, 17))
        );
    }

    #[test]
    fn a_named_day_that_is_not_a_working_day_moves_to_the_one_before() {
        // Yearly on 1 May: Saturday in 2027 (to Friday 30 April); Monday 1 May 2028 is
        // the Early May bank holiday (to Friday 28 April).
        let s = Schedule {
            period: Period::Months(12),
            day: DayRule::Day(1),
            first: date(2026, 5, 1),
            holidays: Region::EnglandAndWales,
        };
        let dues = s.dues(date(2029, 12, 31), 10);
        let pairs: Vec<(Date, Date)> = dues.iter().map(|d| (d.written, d.date)).collect();
        assert_eq!(
            pairs,
            vec![
                (date(2026, 5, 1), date(2026, 5, 1)),
                (date(2027, 5, 1), date(2027, 4, 30)),
                (date(2028, 5, 1), date(2028, 4, 28)),
                (date(2029, 5, 1), date(2029, 5, 1)),
            ]
        );
        assert_eq!(
            s.next_dues(date(2027, 1, 1), 1),
            vec![Due {
                date: date(2027, 4, 30),
                written: date(2027, 5, 1)
            }]
        );
        // 1 May 2027 is a working day nowhere; the calendar moves that instance.
        let r = s.calendar();
        assert_eq!(r.start, date(2026, 5, 1));
        assert!(r
            .rrule
            .starts_with("FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=1;UNTIL=2056"));
        assert_eq!(r.moves[0], (date(2027, 5, 1), dues[1]));
        assert!(r.exdates.is_empty());
    }

    #[test]
    fn the_calendar_moves_the_instances_the_weekday_rule_gets_wrong() {
        let s = Schedule::anchored(
            Period::Months(12),
            5,
            DayRule::LastWorkingDay,
            date(2027, 1, 1),
            Region::EnglandAndWales,
        )
        .unwrap();
        let r = s.calendar();
        // The rule's first instance is Monday 31 May 2027; the due date is Friday 28 May.
        assert_eq!(r.start, date(2027, 5, 31));
        assert_eq!(r.moves[0].0, date(2027, 5, 31));
        assert_eq!(r.moves[0].1.date, date(2027, 5, 28));
        // Yearly in September never meets a bank holiday: the rule stays unbounded.
        let september = Schedule::anchored(
            Period::Months(12),
            9,
            DayRule::LastWorkingDay,
            date(2027, 1, 1),
            Region::EnglandAndWales,
        )
        .unwrap();
        let r = september.calendar();
        assert_eq!(r.rrule, september.rrule());
        assert!(r.moves.is_empty() && r.exdates.is_empty());
    }

    #[test]
    fn a_daily_cadence_falls_due_once_on_the_friday_before_a_weekend() {
        let s = Schedule {
            period: Period::Days(1),
            day: DayRule::LastWorkingDay,
            first: date(2027, 4, 29),
            holidays: Region::EnglandAndWales,
        };
        // Thursday 29 April to Tuesday 4 May 2027; Monday 3 May is a bank holiday.
        assert_eq!(
            s.occurrences(date(2027, 5, 4), 10),
            vec![date(2027, 4, 29), date(2027, 4, 30), date(2027, 5, 4)]
        );
        let r = s.calendar();
        assert_eq!(r.start, date(2027, 4, 29));
        assert_eq!(
            &r.exdates[..3],
            &[date(2027, 5, 1), date(2027, 5, 2), date(2027, 5, 3)]
        );
    }

    #[test]
    fn six_monthly_alternates_months() {
        let s = Schedule::anchored(
            Period::Months(6),
            3,
            DayRule::LastWorkingDay,
            date(2024, 1, 1),
            Region::EnglandAndWales,
        )
        .unwrap();
        let dates = s.occurrences(date(2025, 12, 31), 10);
        // Friday 29 March 2024 is Good Friday.
        assert_eq!(
            dates,
            vec![
                date(2024, 3, 28),
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
            holidays: Region::EnglandAndWales,
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
            Region::EnglandAndWales,
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
            holidays: Region::EnglandAndWales,
        };
        assert_eq!(
            s.next(date(2026, 11, 23), 3),
            vec![date(2027, 1, 29), date(2027, 4, 30), date(2027, 7, 30)]
        );
        let fortnightly = Schedule {
            period: Period::Days(14),
            day: DayRule::LastWorkingDay,
            first: date(2026, 1, 5),
            holidays: Region::EnglandAndWales,
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
                    let s = Schedule {
                        period,
                        day,
                        first,
                        holidays: Region::EnglandAndWales,
                    };
                    for today in todays {
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
