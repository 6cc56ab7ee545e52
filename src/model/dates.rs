//! Dates and cadences: partial dates as written, cadences resolved into schedules, and
//! the next date a schedule falls due.

use super::*;
use crate::holidays::Region;
use crate::schedule::{self, DayRule, Period, Schedule};
use crate::source::Span;
use crate::syntax::ast;
use crate::syntax::vocab;
use jiff::civil::Date;

/// A date as written, possibly to month or year precision, or without its year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartialDate {
    /// The year; `None` when the document does not give it (`9th January`), so that the
    /// date cannot be placed in time.
    pub year: Option<i32>,
    /// The month, when given.
    pub month: Option<u32>,
    /// The day, when given.
    pub day: Option<u32>,
    /// How it was written.
    pub form: ast::DateForm,
    /// Where it was written.
    pub span: Span,
}

impl PartialDate {
    pub(crate) fn from_ast(d: &ast::DateLit) -> Self {
        PartialDate {
            year: d.year,
            month: d.month,
            day: d.day,
            form: d.form,
            span: d.span,
        }
    }

    /// True when the date exists in the calendar (and lies within 1900–2200).
    pub fn is_valid(&self) -> bool {
        self.problem().is_none()
    }

    /// What is wrong with the date, if anything.
    /// A date without its year is no fault here (see [`PartialDate::year`]); its month and
    /// day are checked against a leap year.
    pub fn problem(&self) -> Option<String> {
        if let Some(year) = self.year.filter(|y| !(1900..=2200).contains(y)) {
            return Some(format!(
                "the year {year} is outside the years protogov accepts (1900–2200)"
            ));
        }
        if let Some(m) = self.month {
            if !(1..=12).contains(&m) {
                return Some(format!("there is no month {m}"));
            }
            if let Some(d) = self.day {
                let last = schedule::days_in_month(self.year.unwrap_or(2000), m);
                if d == 0 || d > last {
                    return Some(match self.year {
                        Some(year) => format!(
                            "{} {year} has {last} days, so day {d} does not exist",
                            schedule::month_name(m),
                        ),
                        None => format!(
                            "{} has at most {last} days, so day {d} does not exist",
                            schedule::month_name(m),
                        ),
                    });
                }
            }
        }
        None
    }

    /// The earliest day the date can mean (the 1st of the month, 1 January); `None` for
    /// a date that does not exist or has no year.
    pub fn start(&self) -> Option<Date> {
        if !self.is_valid() {
            return None;
        }
        Date::new(
            self.year? as i16,
            self.month.unwrap_or(1) as i8,
            self.day.unwrap_or(1) as i8,
        )
        .ok()
    }

    /// The latest day the date can mean (the last of the month, 31 December).
    pub fn end(&self) -> Option<Date> {
        let start = self.start()?;
        match (self.month, self.day) {
            (Some(_), Some(_)) => Some(start),
            (Some(_), None) => Some(start.last_of_month()),
            _ => Date::new(start.year(), 12, 31).ok(),
        }
    }

    /// The day by which something dated so is due: the date itself, or the last working
    /// day (in `region`) of the month (or of December) when only a month (or a year) is given.
    pub fn due(&self, region: Region) -> Option<Date> {
        if !self.is_valid() {
            return None;
        }
        let year = self.year? as i16;
        match (self.month, self.day) {
            (Some(m), Some(d)) => Date::new(year, m as i8, d as i8).ok(),
            (Some(m), None) => schedule::last_working_day(region, year, m as i8),
            _ => schedule::last_working_day(region, year, 12),
        }
    }
}

/// The ISO 8601 form: `2014-10-03`, `2014-10`, `2014`; a date without its year as
/// `--01-09` (month and day, as ISO 8601:2000 and XML Schema's `gMonthDay` write it).
impl std::fmt::Display for PartialDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let Some(year) = self.year else {
            return write!(
                f,
                "--{:02}-{:02}",
                self.month.unwrap_or(0),
                self.day.unwrap_or(0)
            );
        };
        write!(f, "{year:04}")?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

pub(crate) fn cadence_text(c: &ast::Cadence, anchor: Option<&ast::Anchor>) -> String {
    use std::fmt::Write as _;
    let month = |m: u32| vocab::MONTHS[(m as usize).saturating_sub(1).min(11)];
    let mut s = String::with_capacity(48);
    // Writing to a String cannot fail.
    let _ = match &c.kind {
        ast::CadenceKind::Every { n: None, unit } => write!(s, "every {}", unit.name(1)),
        ast::CadenceKind::Every { n: Some(n), unit } => {
            write!(s, "every {} {}", n.value, unit.name(n.value))
        }
        ast::CadenceKind::Word { word } => s.write_str(word),
    };
    if let Some(a) = anchor {
        let _ = match &a.kind {
            ast::AnchorKind::InMonths { months } => {
                s.push_str(" in ");
                let last = months.len().saturating_sub(1);
                for (i, m) in months.iter().enumerate() {
                    if i > 0 {
                        s.push_str(if i == last { " and " } else { ", " });
                    }
                    s.push_str(month(m.month));
                }
                Ok(())
            }
            ast::AnchorKind::OnDay { day, month: m } => {
                write!(s, " on {} {}", day.value, month(m.month))
            }
            ast::AnchorKind::LastWorkingDay { month: m } => {
                write!(s, " on the last working day of {}", month(m.month))
            }
            ast::AnchorKind::FromOnly => Ok(()),
        };
        if let Some(f) = &a.from {
            let _ = write!(s, " from {}", PartialDate::from_ast(f));
        }
    }
    s.shrink_to_fit();
    s
}

/// Resolve a cadence and its anchor into a schedule counting working days in `holidays`,
/// recording every problem found.
///
/// A cycle starts at its `from` date, else at `epoch` (the protocol's agreement), when
/// known. A cadence whose dates do not depend on where its cycle starts (`yearly in
/// june`, `monthly`) is dated from `today` when neither is known; one whose dates do
/// (`every 2 weeks`, `every 2 years in september`) is not dated, and says what it lacks.
pub fn resolve_cadence(
    c: &ast::Cadence,
    anchor: Option<&ast::Anchor>,
    epoch: Option<Date>,
    today: Date,
    holidays: Region,
) -> Cadence {
    let mut problems = Vec::new();
    let period = match &c.kind {
        ast::CadenceKind::Every { n, unit } => {
            let n = n.map_or(1, |n| n.value);
            if n == 0 {
                problems.push(CadenceProblem::ZeroPeriod);
                None
            } else {
                let (period, months_or_days) = match unit {
                    ast::Unit::Year => (Period::Months(n.saturating_mul(12)), n.saturating_mul(12)),
                    ast::Unit::Month => (Period::Months(n), n),
                    ast::Unit::Week => {
                        (Period::Days(n.saturating_mul(7)), n.saturating_mul(7) / 30)
                    }
                    ast::Unit::Day | ast::Unit::WorkingDay => (Period::Days(n), n / 30),
                };
                if months_or_days > 1200 {
                    problems.push(CadenceProblem::TooLong);
                    None
                } else {
                    Some(period)
                }
            }
        }
        ast::CadenceKind::Word { word } => {
            if let Some((_, p)) = vocab::CADENCE_WORDS.iter().find(|(w, _)| w == word) {
                Some(Period::Months(*p))
            } else if let Some((w, a, b)) = vocab::AMBIGUOUS_CADENCE_WORDS
                .iter()
                .find(|(w, _, _)| w == word)
            {
                problems.push(CadenceProblem::Ambiguous(w.to_string(), a, b));
                None
            } else {
                let known = vocab::CADENCE_WORDS.iter().map(|(w, _)| *w);
                problems.push(CadenceProblem::UnknownWord(
                    word.to_string(),
                    crate::diagnostic::suggest(word, known),
                ));
                None
            }
        }
    };
    let mut start = None;
    if let Some(f) = anchor.and_then(|a| a.from.as_ref()) {
        let f = PartialDate::from_ast(f);
        match (f.problem(), f.start()) {
            (Some(p), _) => problems.push(CadenceProblem::BadFrom(p)),
            (None, Some(s)) => start = Some(s),
            _ => {}
        }
    }
    let bad_from = anchor.is_some_and(|a| a.from.is_some()) && start.is_none();
    // Where the cycle starts when the dates do not depend on it.
    let base = start.or(epoch).unwrap_or(today);
    // A `from` alone on a cadence counted in days or weeks gives the first date, not a month.
    let days = matches!(period, Some(Period::Days(_)));
    // The anchor: which month(s) and which day.
    let mut due: Option<(Vec<u32>, DayRule)> = None;
    if let Some(a) = anchor {
        match &a.kind {
            ast::AnchorKind::InMonths { months } => {
                due = Some((
                    months.iter().map(|m| m.month).collect(),
                    DayRule::LastWorkingDay,
                ))
            }
            ast::AnchorKind::OnDay { day, month } => {
                let max = schedule::days_in_month(2024, month.month);
                if day.value == 0 || day.value > max {
                    problems.push(CadenceProblem::ImpossibleDay(format!(
                        "{} has {max} days, so day {} never comes",
                        schedule::month_name(month.month),
                        day.value
                    )));
                } else {
                    due = Some((vec![month.month], DayRule::Day(day.value)))
                }
            }
            ast::AnchorKind::LastWorkingDay { month } => {
                due = Some((vec![month.month], DayRule::LastWorkingDay))
            }
            ast::AnchorKind::FromOnly if days => {}
            ast::AnchorKind::FromOnly => {
                if let Some(f) = &a.from {
                    if let Some(m) = f.month {
                        let rule = f.day.map_or(DayRule::LastWorkingDay, DayRule::Day);
                        due = Some((vec![m], rule));
                    }
                }
            }
        }
    }
    let mut schedule = None;
    if let Some(period) = period {
        match (period, due) {
            // Every month: due by the end of each, wherever the cycle starts.
            (Period::Months(1), None) => {
                let month = base.month() as u32;
                schedule = [month, month % 12 + 1]
                    .into_iter()
                    .filter_map(|m| {
                        Schedule::anchored(period, m, DayRule::LastWorkingDay, base, holidays)
                    })
                    .min_by_key(|s| s.first)
            }
            (Period::Months(_), None) => {
                if !problems
                    .iter()
                    .any(|p| matches!(p, CadenceProblem::ImpossibleDay(_)))
                {
                    problems.push(CadenceProblem::Unanchored)
                }
            }
            (Period::Months(p), Some((months, rule))) => {
                // Within a year the months alone say when; a longer or uneven cycle also
                // needs the year it starts.
                let fits_a_year = p <= 12 && 12 % p == 0;
                let consistent = if fits_a_year {
                    months
                        .iter()
                        .all(|m| (*m as i64 - months[0] as i64).rem_euclid(p as i64) == 0)
                } else {
                    months.len() == 1
                };
                if !consistent {
                    let names: Vec<&str> =
                        months.iter().map(|m| schedule::month_name(*m)).collect();
                    problems.push(CadenceProblem::MonthsInconsistent(format!(
                        "{} falls once every {}, so it cannot fall in both {}",
                        cadence_text(c, None),
                        schedule::describe_period(period).trim_start_matches("every "),
                        join_and(&names)
                    )));
                } else if !fits_a_year && start.is_none() && epoch.is_none() {
                    if !bad_from {
                        problems.push(CadenceProblem::NoStart);
                    }
                } else {
                    schedule = months
                        .iter()
                        .filter_map(|m| Schedule::anchored(period, *m, rule, base, holidays))
                        .min_by_key(|s| s.first);
                }
            }
            (Period::Days(_), Some(_)) => problems.push(CadenceProblem::MonthsInconsistent(
                "a cadence counted in weeks or days cannot be tied to a month".into(),
            )),
            (Period::Days(_), None) => match start {
                Some(first) => {
                    schedule = Some(Schedule {
                        period,
                        day: DayRule::LastWorkingDay,
                        first,
                        holidays,
                    })
                }
                None if !bad_from => problems.push(CadenceProblem::NoStart),
                None => {}
            },
        }
    }
    Cadence {
        text: cadence_text(c, anchor),
        start,
        schedule,
        period,
        problems,
        span: c.span,
        anchor_span: anchor.map(|a| a.span),
    }
}
