//! Meetings: the dates a body meets on, worked out from what its declaration says (a rule,
//! a cadence, the dates agreed, cancellations, extra meetings), and the meeting each duty
//! delivered to a body lands on. The checks, the forward plan (`protogov plan`), the JSON
//! and the calendar all read them from here.

use crate::holidays::Region;
use crate::model::{Body, Duty, Model, Timing};
use crate::schedule::DayRule;
use crate::source::Span;
use crate::syntax::ast::DeclKind;
use crate::syntax::ast::{self, MeetingOffset, Nth};
use jiff::civil::Date;

/// One meeting of a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Meeting {
    /// The day; for a meeting whose day is not known, the last working day of its month.
    pub date: Date,
    /// False when only the month is known (`meets quarterly in march, june …`).
    pub day_known: bool,
    /// The time it starts (hour, minute), when given.
    pub time: Option<(u8, u8)>,
    /// Where the meeting comes from.
    pub source: Source,
    /// The line that gives it.
    pub span: Span,
}

/// Where a meeting comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// `meets on the second tuesday of …` or `meets quarterly in …`.
    Rule,
    /// `meetings DATE, …`.
    Listed,
    /// `extra meeting DATE`.
    Extra,
}

impl Source {
    /// The word for the JSON and the plan.
    pub fn word(self) -> &'static str {
        match self {
            Source::Rule => "rule",
            Source::Listed => "listed",
            Source::Extra => "extra",
        }
    }
}

impl Meeting {
    /// The date for people: "Tuesday 13 January 2026", or "March 2026" when only the
    /// month is known, with the time when given.
    pub fn words(&self) -> String {
        let mut s = if self.day_known {
            format!(
                "{} {} {} {}",
                weekday_name(self.date),
                self.date.day(),
                month_title(self.date.month()),
                self.date.year()
            )
        } else {
            format!(
                "{} {} (day not set)",
                month_title(self.date.month()),
                self.date.year()
            )
        };
        if let Some((h, m)) = self.time {
            s.push_str(&format!(" at {h:02}:{m:02}"));
        }
        s
    }
}

/// "January" for 1.
pub fn month_title(m: i8) -> &'static str {
    crate::schedule::month_name(u32::try_from(m).unwrap_or(0))
}

/// "Tuesday".
pub fn weekday_name(d: Date) -> &'static str {
    use jiff::civil::Weekday as W;
    match d.weekday() {
        W::Monday => "Monday",
        W::Tuesday => "Tuesday",
        W::Wednesday => "Wednesday",
        W::Thursday => "Thursday",
        W::Friday => "Friday",
        W::Saturday => "Saturday",
        W::Sunday => "Sunday",
    }
}

/// A valid time of day from a clock as written.
pub fn time_of(c: &ast::Clock) -> Option<(u8, u8)> {
    (c.hour < 24 && c.minute < 60)
        .then(|| (u8::try_from(c.hour).ok(), u8::try_from(c.minute).ok()))
        .and_then(|(h, m)| Some((h?, m?)))
}

/// The day of a month that is its `nth` `weekday` (1 for Monday).
pub fn nth_weekday(year: i16, month: i8, nth: Nth, weekday: u8) -> Option<Date> {
    let first = Date::new(year, month, 1).ok()?;
    let wd = |d: Date| d.weekday().to_monday_one_offset();
    let target = i8::try_from(weekday).ok()?;
    match nth {
        Nth::Last => {
            let last = first.last_of_month();
            let back = (wd(last) - target).rem_euclid(7);
            last.checked_sub(jiff::Span::new().days(i64::from(back)))
                .ok()
        }
        _ => {
            let k: i64 = match nth {
                Nth::First => 0,
                Nth::Second => 1,
                Nth::Third => 2,
                _ => 3,
            };
            let ahead = i64::from((target - wd(first)).rem_euclid(7));
            let d = first
                .checked_add(jiff::Span::new().days(ahead + 7 * k))
                .ok()?;
            (d.month() == month).then_some(d)
        }
    }
}

/// The region whose bank holidays apply to a body's meetings.
pub fn region(model: &Model, b: &Body) -> Region {
    b.meets
        .as_ref()
        .and_then(|c| c.schedule.as_ref())
        .map_or(model.holidays, |s| s.holidays)
}

/// True when the body's meetings can be dated at all (a rule, dates, or a dated cadence).
pub fn has_calendar(b: &Body) -> bool {
    !b.calendar.is_empty()
        || b.meets
            .as_ref()
            .is_some_and(|c| c.schedule.as_ref().is_some())
}

/// The months (first day) from the first to the last agreed date: within them, the
/// agreed dates replace the rule.
fn listed_months(b: &Body) -> Option<(Date, Date)> {
    let days: Vec<Date> = b
        .calendar
        .dates
        .iter()
        .filter(|d| d.date.day.is_some())
        .filter_map(|d| d.date.start())
        .collect();
    let first = days.iter().min()?.first_of_month();
    let last = days.iter().max()?.last_of_month();
    Some((first, last))
}

/// The body's meetings from `from` to `to` (both included), in date order: the agreed
/// dates, and the rule's (or the cadence's) meetings outside the months the agreed dates
/// cover, then the extra meetings, less the cancelled ones.
pub fn of_body(b: &Body, from: Date, to: Date) -> Vec<Meeting> {
    let cal = &b.calendar;
    let default_time = cal
        .rule
        .as_ref()
        .and_then(|r| r.time.as_ref())
        .or(cal.time.as_ref())
        .and_then(time_of);
    let listed = listed_months(b);
    let outside_listed = |d: Date| listed.is_none_or(|(a, z)| d < a || d > z);
    let mut out: Vec<Meeting> = Vec::new();
    let in_range = |d: Date| d >= from && d <= to;
    if let Some(rule) = &cal.rule {
        let start = rule
            .from
            .as_ref()
            .and_then(|d| crate::model::PartialDate::from_ast(d).start());
        let span = cal.rule_span.unwrap_or_default();
        let mut month = from.first_of_month();
        while month <= to {
            let named = rule.months.is_empty()
                || rule
                    .months
                    .iter()
                    .any(|m| i64::from(m.month) == i64::from(month.month()));
            if named {
                if let Some(d) = nth_weekday(month.year(), month.month(), rule.nth, rule.weekday) {
                    if in_range(d) && outside_listed(d) && start.is_none_or(|s| d >= s) {
                        out.push(Meeting {
                            date: d,
                            day_known: true,
                            time: default_time,
                            source: Source::Rule,
                            span,
                        });
                    }
                }
            }
            let Ok(next) = month.checked_add(jiff::Span::new().months(1)) else {
                break;
            };
            month = next;
        }
    } else if let Some(c) = &b.meets {
        if let Some(s) = &c.schedule {
            // A day of the month, or a cadence in days or weeks, gives the day itself;
            // a month's cadence with no day gives only the month.
            let day_known = matches!(s.day, DayRule::Day(_))
                || matches!(s.period, crate::schedule::Period::Days(_));
            // A cadence's meetings, a month's worth of days at a time: the search starts
            // early enough to see a meeting whose month began before `from`.
            let start = from.first_of_month();
            // None before the schedule's first (its `from DATE`, or the day it counts from).
            for d in s
                .dues_between(start, to.last_of_month())
                .filter(|d| d.written >= s.first)
                .map(|d| d.date)
            {
                let in_window = if day_known {
                    in_range(d)
                } else {
                    d.first_of_month() >= from.first_of_month() && d.first_of_month() <= to
                };
                if in_window && outside_listed(d) {
                    out.push(Meeting {
                        date: d,
                        day_known,
                        time: default_time,
                        source: Source::Rule,
                        span: c.span,
                    });
                }
            }
        }
    }
    // A cancellation removes the rule's or the agreed meeting of its day; an extra meeting
    // on that day (the meeting moved to another hour) still stands.
    let mut cancelled: Vec<Date> = cal
        .cancelled
        .iter()
        .filter(|c| c.day.is_some())
        .filter_map(|c| c.start())
        .collect();
    cancelled.sort_unstable();
    let is_cancelled = |d: Date| cancelled.binary_search(&d).is_ok();
    out.retain(|m| !(m.day_known && is_cancelled(m.date)));
    for (days, source) in [(&cal.dates, Source::Listed), (&cal.extra, Source::Extra)] {
        for d in days {
            if d.date.day.is_none() {
                continue;
            }
            let Some(date) = d.date.start() else {
                continue;
            };
            if in_range(date) && !(source == Source::Listed && is_cancelled(date)) {
                out.push(Meeting {
                    date,
                    day_known: true,
                    time: d.time.as_ref().and_then(time_of).or(default_time),
                    source,
                    span: d.date.span,
                });
            }
        }
    }
    out.sort_by_key(|m| (m.date, m.source != Source::Extra));
    out.dedup_by_key(|m| m.date);
    out
}

/// Where one due occurrence of a duty reaches a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Landing {
    /// The date the duty falls due.
    pub due: Date,
    /// The meeting it reaches, if any meeting comes.
    pub meeting: Option<Meeting>,
    /// True when the meeting is after the due date (or after the month it is due in).
    pub late: bool,
}

impl Landing {
    /// Days between the due date and the meeting, for a meeting after it on a known day.
    pub fn days_late(&self) -> Option<i64> {
        let m = self.meeting.filter(|m| self.late && m.day_known)?;
        Some(i64::from((m.date - self.due).get_days()))
    }
}

/// The meeting an item due on `due`, in the month of `written` (the day the rule names),
/// lands on: the last meeting of that month on or before the due date; when there is
/// none, the first meeting after it, late. A meeting whose day is not known counts as
/// in time when it is in the month.
pub fn land(meetings: &[Meeting], written: Date, due: Date) -> Landing {
    let window = written.first_of_month().min(due.first_of_month());
    let in_window = |m: &&Meeting| {
        if m.day_known {
            m.date >= window && m.date <= due
        } else {
            m.date.first_of_month() >= window && m.date.first_of_month() <= due
        }
    };
    if let Some(m) = meetings.iter().rfind(in_window) {
        return Landing {
            due,
            meeting: Some(*m),
            late: false,
        };
    }
    let after = meetings.iter().find(|m| {
        if m.day_known {
            m.date > due
        } else {
            m.date.first_of_month() > due
        }
    });
    Landing {
        due,
        meeting: after.copied(),
        late: after.is_some(),
    }
}

/// The bodies a duty delivers to (groups among the recipients replaced by their
/// members), by index, without repeats.
pub fn recipient_bodies(model: &Model, d: &Duty) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    if !d.delivers {
        return out;
    }
    for (_, to) in model.deliveries(d) {
        for r in to {
            if let Some((DeclKind::Body, i)) = r.target().filter(|_| r.is_resolved()) {
                if !out.contains(&i) {
                    out.push(i);
                }
            }
        }
    }
    out
}

/// Every occurrence of a dated duty delivered to body `b` that falls due from `from` to
/// `to`, each with where it lands among `meetings` (the body's meetings, reaching far
/// enough past `to` to land a late item).
pub fn landings(
    model: &Model,
    d: &Duty,
    b: usize,
    meetings: &[Meeting],
    from: Date,
    to: Date,
) -> Vec<Landing> {
    let mut out = Vec::new();
    match d.timing() {
        Timing::Dated => {
            let Some(s) = d.cadence.as_ref().and_then(|c| c.schedule.as_ref()) else {
                return out;
            };
            // Not before a `from DATE` the document gives.
            let start = d.cadence.as_ref().and_then(|c| c.start);
            for due in s
                .dues_between(from, to)
                .filter(|due| start.is_none_or(|st| due.written >= st))
            {
                out.push(land(meetings, due.written, due.date));
            }
        }
        Timing::Meeting => {
            let Some(m) = &d.meeting else {
                return out;
            };
            let Some((DeclKind::Body, x)) = m.body.target().filter(|_| m.body.is_resolved()) else {
                return out;
            };
            let Some(xb) = model.bodies.get(x) else {
                return out;
            };
            let region = region(model, xb);
            let own = x == b;
            let theirs;
            let trigger_meetings: &[Meeting] = if own {
                meetings
            } else {
                theirs = of_body(xb, from, to);
                &theirs
            };
            for t in trigger_meetings
                .iter()
                .filter(|t| t.date >= from && t.date <= to)
            {
                let Some(due) = m.due_for(t.date, region) else {
                    continue;
                };
                // At or before one of its own meetings: that meeting. Otherwise the first
                // meeting after the one that set it off.
                let meeting = if own && !matches!(m.offset, MeetingOffset::Within { .. }) {
                    Some(*t)
                } else {
                    meetings.iter().find(|n| n.date > t.date).copied()
                };
                let late = !own && meeting.is_some_and(|n| n.date > due);
                out.push(Landing { due, meeting, late });
            }
        }
        _ => {}
    }
    out
}

/// Where an item reaches a body, as the plan lists it.
#[derive(Debug, Clone)]
pub struct Item {
    /// The duty, by index.
    pub duty: usize,
    /// Its landing.
    pub landing: Landing,
}

/// A body's forward plan.
#[derive(Debug, Clone)]
pub struct BodyPlan {
    /// The body, by index.
    pub body: usize,
    /// Its meetings in the period, each with the items it receives.
    pub meetings: Vec<(Meeting, Vec<Item>)>,
    /// Items due in the period that no meeting in the period receives (no meeting dates,
    /// or the meeting they reach is after the period).
    pub unplaced: Vec<Item>,
    /// Duties to the body set off by events or other duties.
    pub triggered: Vec<usize>,
    /// Standing duties to or by the body.
    pub standing: Vec<usize>,
    /// Duties to the body with no date.
    pub undated: Vec<usize>,
}

/// The forward plan of every body that meets or receives a duty, from `from` to `to`.
pub fn plan(model: &Model, from: Date, to: Date) -> Vec<BodyPlan> {
    // Items due just before the period may land in it; meetings just after it receive
    // items due late in it.
    let early = from
        .checked_sub(jiff::Span::new().months(3))
        .unwrap_or(from);
    let late = to.checked_add(jiff::Span::new().years(1)).unwrap_or(to);
    // The duties each body receives (true) or, for standing duties, carries out (false),
    // in duty order: every duty's recipients are worked out once.
    let mut duties_of: Vec<Vec<(usize, bool)>> = vec![Vec::new(); model.bodies.len()];
    for (di, d) in model
        .duties
        .iter()
        .enumerate()
        .filter(|(_, d)| !d.incomplete)
    {
        let to = recipient_bodies(model, d);
        for &bi in &to {
            if let Some(list) = duties_of.get_mut(bi) {
                list.push((di, true));
            }
        }
        if d.timing() == Timing::Standing {
            for a in d
                .actor
                .iter()
                .chain(&d.co_actors)
                .filter(|a| a.is_resolved())
            {
                if let Some((DeclKind::Body, bi)) = a.target() {
                    let list = duties_of.get_mut(bi).filter(|_| !to.contains(&bi));
                    if let Some(list) = list.filter(|l| l.last() != Some(&(di, false))) {
                        list.push((di, false));
                    }
                }
            }
        }
    }
    let mut out = Vec::new();
    for (bi, b) in model.bodies.iter().enumerate() {
        let meetings = of_body(b, early, late);
        let mut bp = BodyPlan {
            body: bi,
            meetings: meetings
                .iter()
                .filter(|m| m.date >= from && m.date <= to)
                .map(|m| (*m, Vec::new()))
                .collect(),
            unplaced: Vec::new(),
            triggered: Vec::new(),
            standing: Vec::new(),
            undated: Vec::new(),
        };
        for &(di, to_body) in duties_of.get(bi).map_or(&[][..], Vec::as_slice) {
            let Some(d) = model.duties.get(di) else {
                continue;
            };
            match d.timing() {
                Timing::Standing => bp.standing.push(di),
                Timing::Event if to_body => bp.triggered.push(di),
                Timing::Undated if to_body => bp.undated.push(di),
                Timing::Dated | Timing::Meeting if to_body => {
                    for l in landings(model, d, bi, &meetings, early, to) {
                        let item = Item {
                            duty: di,
                            landing: l,
                        };
                        let slot = l
                            .meeting
                            .and_then(|m| bp.meetings.iter_mut().find(|(pm, _)| pm.date == m.date));
                        match slot {
                            Some((_, items)) => items.push(item),
                            None if l.due >= from && l.due <= to => bp.unplaced.push(item),
                            None => {}
                        }
                    }
                }
                _ => {}
            }
        }
        let receives = bp.meetings.iter().any(|(_, i)| !i.is_empty())
            || !bp.unplaced.is_empty()
            || !bp.triggered.is_empty()
            || !bp.undated.is_empty();
        if receives || !bp.meetings.is_empty() {
            out.push(bp);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{analyse, Options};
    use crate::source::SourceFile;

    fn date(s: &str) -> Date {
        s.parse().expect("a date")
    }

    fn meetings_of(block: &str, from: &str, to: &str) -> Vec<String> {
        let text = format!("body b \"B\" {{\n{block}\n}}\n");
        let options = Options {
            today: date("2026-11-23"),
        };
        let a = analyse(SourceFile::new("t.proto-gov", text), &options);
        let b = &a.model.bodies[0];
        of_body(b, date(from), date(to))
            .iter()
            .map(|m| m.words())
            .collect()
    }

    #[test]
    fn the_nth_weekday_of_a_month() {
        assert_eq!(
            nth_weekday(2027, 1, Nth::Second, 2),
            Some(date("2027-01-12"))
        );
        assert_eq!(nth_weekday(2027, 3, Nth::Last, 5), Some(date("2027-03-26")));
        assert_eq!(
            nth_weekday(2027, 3, Nth::First, 1),
            Some(date("2027-03-01"))
        );
        assert_eq!(
            nth_weekday(2027, 12, Nth::Fourth, 4),
            Some(date("2027-12-23"))
        );
    }

    #[test]
    fn agreed_dates_replace_the_rule_in_their_months_and_changes_apply() {
        let got = meetings_of(
            "meets on the second tuesday of january, april, july and october at 2pm\n\
             meetings 2027-04-20 at 10:00 and 2027-07-06\n\
             cancelled 2027-10-12\nextra meeting 2027-11-02",
            "2027-01-01",
            "2027-12-31",
        );
        assert_eq!(
            got,
            [
                "Tuesday 12 January 2027 at 14:00",
                "Tuesday 20 April 2027 at 10:00",
                "Tuesday 6 July 2027 at 14:00",
                "Tuesday 2 November 2027 at 14:00",
            ]
        );
    }

    #[test]
    fn a_cadence_gives_meetings_by_month() {
        let got = meetings_of(
            "meets quarterly in march, june, september and december",
            "2027-01-01",
            "2027-07-01",
        );
        assert_eq!(got, ["March 2027 (day not set)", "June 2027 (day not set)"]);
    }

    #[test]
    fn an_item_lands_on_the_last_meeting_in_time_or_the_next_one_late() {
        let m = |d: &str| Meeting {
            date: date(d),
            day_known: true,
            time: None,
            source: Source::Listed,
            span: Span::default(),
        };
        let ms = [m("2027-06-02"), m("2027-06-23"), m("2027-07-14")];
        let on_time = land(&ms, date("2027-06-30"), date("2027-06-30"));
        assert_eq!(on_time.meeting.map(|x| x.date), Some(date("2027-06-23")));
        assert!(!on_time.late);
        let late = land(&ms, date("2027-06-01"), date("2027-06-01"));
        assert_eq!(late.meeting.map(|x| x.date), Some(date("2027-06-02")));
        assert_eq!(late.days_late(), Some(1));
        let none = land(&ms, date("2027-08-31"), date("2027-08-31"));
        assert!(none.meeting.is_none() && !none.late);
    }
}
