//! The iCalendar (RFC 5545) feed: one all-day event a dated duty, recurring by the rule
//! [`Schedule::rrule`] gives, plus the protocol's own review. Duties that fall due on an
//! event, or that cannot be dated, get no invented dates: the calendar's description lists
//! them.
//!
//! The format is written here rather than with a calendar crate. The `icalendar` crate
//! (0.17) folds and escapes correctly, but its writer fills in a `DTSTAMP` from the clock
//! and a random `UID` whenever one is missing, needs `chrono` and `uuid` beside `jiff`,
//! and formats `TRIGGER` through `chrono`'s duration display. What this feed needs of the
//! format is small (content lines, TEXT escaping, folding at 75 octets on character
//! boundaries), and writing it here keeps the output reproducible by construction.

use super::{protocol_id, protocol_title, ref_title, title, titles, Timing};
use crate::analysis::Analysis;
use crate::graph;
use crate::model::{Duty, Model, Ref};
use crate::schedule::Schedule;
use crate::syntax::ast::SeatKind;
use jiff::civil::Date;

/// The longest a content line may be, in octets, before the line break.
pub const MAX_LINE: usize = 75;

/// A reminder before each due date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reminder {
    /// Days before the due date.
    pub days: u32,
}

impl std::str::FromStr for Reminder {
    type Err = String;

    /// `14d`, `2w` or `1d`: a number of days or weeks, from 1 day to 52 weeks.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_ascii_lowercase();
        let bad = || {
            format!("`{s}` is not a reminder; write a number of days or weeks, such as 14d or 2w")
        };
        let cut = t.char_indices().last().map_or(0, |(i, _)| i);
        let (n, unit) = t.split_at(cut);
        let n: u32 = n.parse().map_err(|_| bad())?;
        let days = match unit {
            "d" => n,
            "w" => n.checked_mul(7).ok_or_else(bad)?,
            _ => return Err(bad()),
        };
        if days == 0 || days > 364 {
            return Err(format!(
                "`{s}` is not a reminder protogov writes; give between 1 day and 52 weeks"
            ));
        }
        Ok(Reminder { days })
    }
}

/// Settings of the calendar.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// One body's own feed: what it sends, receives and attends.
    pub party: Option<String>,
    /// A reminder before each due date.
    pub remind: Option<Reminder>,
    /// `SOURCE_DATE_EPOCH`, when set: the `DTSTAMP` of every event, in seconds since 1970.
    pub source_date_epoch: Option<i64>,
}

/// Why a calendar cannot be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// `--party` names no body; a suggestion when one is close.
    UnknownParty(String, Option<String>),
    /// `--party` names something that is not a body.
    NotABody(String, &'static str),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::UnknownParty(name, Some(s)) => {
                write!(
                    f,
                    "`--party {name}` names no body of this protocol; did you mean `{s}`?"
                )
            }
            Error::UnknownParty(name, None) => {
                write!(f, "`--party {name}` names no body of this protocol")
            }
            Error::NotABody(name, kind) => write!(
                f,
                "`--party {name}` names a {kind}; give the name of a body, such as a party"
            ),
        }
    }
}

impl std::error::Error for Error {}

/// Escape TEXT (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks; other
/// control characters, which TEXT may not hold, are dropped, and so are the noncharacters
/// U+FFFE and U+FFFF and the bidirectional embeddings, overrides and isolates, which could
/// reorder the text around them in a calendar application (see [`super::unprintable`]).
pub fn escape_text(s: &str) -> String {
    let s = s.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if super::unprintable(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Fold a content line (RFC 5545 §3.1) into lines of at most 75 octets, each ended by CRLF,
/// breaking only between characters; continuation lines start with a space.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 64 * 3 + 2);
    let mut used = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if used + n > MAX_LINE {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
    out
}

struct Writer {
    out: String,
}

impl Writer {
    fn raw(&mut self, name: &str, value: &str) {
        self.out.push_str(&fold(&format!("{name}:{value}")));
    }

    fn text(&mut self, name: &str, value: &str) {
        self.raw(name, &escape_text(value));
    }
}

fn ics_date(d: Date) -> String {
    format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
}

/// The `DTSTAMP` of every event: `SOURCE_DATE_EPOCH` when given, else the latest date the
/// protocol itself records (agreed, signed, last reviewed), never the clock.
fn dtstamp(model: &Model, epoch: Option<i64>) -> String {
    if let Some(ts) = epoch.and_then(|s| jiff::Timestamp::from_second(s).ok()) {
        return ts.strftime("%Y%m%dT%H%M%SZ").to_string();
    }
    let latest = model.protocol.as_ref().and_then(|p| {
        p.agreed
            .iter()
            .chain(&p.signed)
            .filter_map(|s| s.on.as_ref())
            .chain(&p.review.last_reviewed)
            .filter_map(|d| d.start())
            .max()
    });
    let day = latest
        .or(model.epoch)
        .unwrap_or_else(|| jiff::civil::date(2000, 1, 1));
    format!("{}T000000Z", ics_date(day))
}

/// "Clause 4.1 of …", "From the front matter of …", or just the protocol title. A label
/// is quoted as written: "From the eSafety annex of …".
fn citation(clause: Option<&str>, protocol: &str) -> String {
    match clause {
        Some(c) if c.starts_with(|ch: char| ch.is_ascii_digit()) => {
            format!("Clause {c} of {protocol}.")
        }
        Some(c) => format!("From the {c} of {protocol}."),
        None => format!("{protocol}."),
    }
}

/// The noun of an action verb: "reviews" → "review".
fn noun(verb: &str) -> String {
    match verb {
        "submits" => "submission".into(),
        "presents" => "presentation".into(),
        "reports" => "report".into(),
        "provides" => "provision".into(),
        "recommends" => "recommendations".into(),
        "advises" => "advice".into(),
        "publishes" => "publication".into(),
        "produces" => "production".into(),
        "reviews" => "review".into(),
        "approves" => "approval".into(),
        "updates" => "update".into(),
        "monitors" => "monitoring".into(),
        "receives" => "receipt".into(),
        v => v.trim_end_matches('s').to_string(),
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The short name of what a reference names: the first `short` a body, role or group
/// declares, else its title.
pub fn short_title(model: &Model, r: &Ref) -> String {
    use crate::syntax::ast::DeclKind;
    let short = match r.target().filter(|_| r.is_resolved()) {
        Some((DeclKind::Body, i)) => model.bodies.get(i).and_then(|b| b.short.first()),
        Some((DeclKind::Role, i)) => model.roles.get(i).and_then(|b| b.short.first()),
        Some((DeclKind::Group, i)) => model.groups.get(i).and_then(|b| b.short.first()),
        _ => None,
    };
    short.map_or_else(|| ref_title(model, r), |s| s.to_string())
}

/// Text with the title of each body, role or group that declares a short name replaced by
/// it, longest titles first: "Isle of Wight Safeguarding Children Partnership Annual
/// Report" → "IOWSCP Annual Report".
fn shortened(model: &Model, text: &str) -> String {
    let mut pairs: Vec<(&str, &str)> = model
        .bodies
        .iter()
        .map(|b| (&b.common, &b.short))
        .chain(model.roles.iter().map(|r| (&r.common, &r.short)))
        .chain(model.groups.iter().map(|g| (&g.common, &g.short)))
        .filter_map(|(c, short)| Some((c.title.as_deref()?, short.first()?.as_ref())))
        .filter(|(t, s)| !t.is_empty() && t != s)
        .collect();
    pairs.sort_by_key(|(t, _)| std::cmp::Reverse(t.len()));
    let mut out = text.to_string();
    for (t, s) in pairs {
        out = out.replace(t, s);
    }
    out
}

/// The summary a person reads in the calendar: what is due first, then to whom and from
/// whom, with short names where the document declares them.
pub fn summary(model: &Model, duty: &Duty) -> String {
    let mut actors: Vec<Ref> = duty.actor.iter().chain(&duty.co_actors).cloned().collect();
    if duty.each {
        actors.truncate(1);
    }
    summary_by(model, duty, &actors, None)
}

/// The summary of one member's deliveries in a duty `each of GROUP …`: the member, and
/// whom it delivers to.
fn member_summary(model: &Model, duty: &Duty, member: &Ref, to: &[&Ref]) -> String {
    let to: Vec<Ref> = to.iter().map(|r| (*r).clone()).collect();
    summary_by(model, duty, std::slice::from_ref(member), Some(&to))
}

fn short_titles(model: &Model, refs: &[Ref]) -> String {
    let names: Vec<String> = refs.iter().map(|r| short_title(model, r)).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    crate::model::join_and(&names)
}

/// The summary with the actors given, and the recipients when they are not the duty's own.
fn summary_by(model: &Model, duty: &Duty, actors: &[Ref], to: Option<&[Ref]>) -> String {
    let what = duty
        .artefact
        .as_ref()
        .map(|a| shortened(model, &ref_title(model, a)))
        .unwrap_or_else(|| duty.common.label().to_string());
    // A soft duty says so: it is expected (`should`) or allowed (`may`), not required.
    let soft = match duty.modality.word() {
        Some(w) if duty.modality.soft() => format!(" ({w})"),
        _ => String::new(),
    };
    // The actor is named unless what is due already names it ("CPB annual report").
    let named = actors
        .iter()
        .all(|a| what.contains(&short_title(model, a)) || what.contains(&ref_title(model, a)));
    let by = if actors.is_empty() {
        ", from no one named".to_string()
    } else if named {
        String::new()
    } else {
        format!(", from {}", short_titles(model, actors))
    };
    let recipients: Vec<Ref> = match to {
        Some(to) => to.to_vec(),
        None if duty.delivers => model
            .expand(&duty.recipients)
            .into_iter()
            .cloned()
            .collect(),
        None => Vec::new(),
    };
    if !recipients.is_empty() {
        format!("{what} → {}{by}{soft}", short_titles(model, &recipients))
    } else {
        let verb = duty.verb.unwrap_or("acts on");
        let by = by.replacen(", from ", ", by ", 1);
        // The artefact's title as written: "Review of The implementation of this protocol".
        format!("{} of {what}{by}{soft}", capitalise(&noun(verb)))
    }
}

/// A day for people: "Tuesday 30 June 2026".
pub fn day_words(d: Date) -> String {
    format!(
        "{} {} {} {}",
        crate::meetings::weekday_name(d),
        d.day(),
        crate::meetings::month_title(d.month()),
        d.year()
    )
}

/// When a schedule falls due, for people: "Quarterly (January, April, July, October), by
/// the last working day", "Yearly in June, by the last working day", "Every 2 years on 30
/// September, from 2027".
pub fn schedule_words(s: &Schedule) -> String {
    use crate::meetings::month_title;
    use crate::schedule::{DayRule, Period};
    let first = s.first;
    let month = month_title(first.month());
    let by_day = match s.day {
        DayRule::LastWorkingDay => ", by the last working day".to_string(),
        DayRule::Day(_) => format!(", on day {}", first.day()),
    };
    match s.period {
        Period::Months(1) => format!("Monthly{by_day}"),
        Period::Months(m) if m % 12 == 0 => {
            let lead = if m == 12 {
                "Yearly".to_string()
            } else {
                format!("Every {} years", m / 12)
            };
            let from = if m == 12 {
                String::new()
            } else {
                format!(", from {}", first.year())
            };
            match s.day {
                DayRule::LastWorkingDay => {
                    format!("{lead} in {month}, by the last working day{from}")
                }
                DayRule::Day(_) => format!("{lead} on {} {month}{from}", first.day()),
            }
        }
        Period::Months(m) if m > 0 && 12 % m == 0 => {
            let lead = match m {
                3 => "Quarterly".to_string(),
                6 => "Half-yearly".to_string(),
                m => format!("Every {m} months"),
            };
            let step = i8::try_from(m).unwrap_or(12);
            let mut months: Vec<i8> = (0..12 / step)
                .map(|k| (first.month() - 1 + k * step).rem_euclid(12) + 1)
                .collect();
            months.sort_unstable();
            let names: Vec<&str> = months.into_iter().map(month_title).collect();
            format!("{lead} ({}){by_day}", names.join(", "))
        }
        Period::Months(m) => format!("Every {m} months from {month} {}{by_day}", first.year()),
        Period::Days(_) => format!(
            "{}, from {}",
            capitalise(&crate::schedule::describe_period(s.period)),
            day_words(first)
        ),
    }
}

fn reminder_sentence(remind: Option<Reminder>) -> Option<String> {
    remind.map(|r| {
        let lead = if r.days % 7 == 0 {
            let w = r.days / 7;
            if w == 1 {
                "1 week".to_string()
            } else {
                format!("{w} weeks")
            }
        } else if r.days == 1 {
            "1 day".to_string()
        } else {
            format!("{} days", r.days)
        };
        format!(
            "Reminder: {lead} before the due date (calendar applications treat reminders as best effort; the due date is the one to rely on)."
        )
    })
}

fn duty_description(
    model: &Model,
    duty: &Duty,
    schedule: &Schedule,
    protocol: &str,
    remind: Option<Reminder>,
) -> String {
    let mut parts = vec![citation(duty.common.clause.as_deref(), protocol)];
    if let Some(t) = &duty.common.title {
        parts.push(format!("{t}."));
    }
    parts.push(format!("{}.", super::action_sentence(model, duty)));
    parts.push(format!("{}.", schedule_words(schedule)));
    match &duty.covers {
        crate::model::Coverage::All => parts.push("Covers all topics.".into()),
        crate::model::Coverage::Topics(ts) if !ts.is_empty() => {
            parts.push(format!("Covers {}.", titles(model, ts)))
        }
        _ => {}
    }
    for c in &duty.contains {
        parts.push(format!("Contains {c}."));
    }
    // "only if …" and "unless …" are protogov's words: the capital is on them.
    for c in &duty.conditions {
        parts.push(format!("{}.", capitalise(c)));
    }
    if let Some(d) = &duty.deadline {
        parts.push(format!("Deadline: {}.", d.text));
    }
    for o in &duty.order {
        let dir = match o.dir {
            crate::syntax::ast::OrderDir::Before => "Before",
            crate::syntax::ast::OrderDir::After => "After",
        };
        let soft = if o.soft { " where possible" } else { "" };
        parts.push(format!("{dir} “{}”{soft}.", ref_title(model, &o.target)));
    }
    parts.extend(reminder_sentence(remind));
    for n in &duty.common.notes {
        parts.push(format!("The protocol: “{n}”"));
    }
    parts.join("\n\n")
}

/// The names that stand for a body in its own feed: the body and the roles seated on it.
fn standing_for(model: &Model, body: &str) -> Vec<String> {
    let mut v = vec![body.to_string()];
    v.extend(
        graph::seated(
            model,
            body,
            &[SeatKind::Chair, SeatKind::Member, SeatKind::Observer],
        )
        .into_iter()
        .map(String::from),
    );
    v
}

fn involves(model: &Model, duty: &Duty, names: &[String]) -> bool {
    // Each actor with whom it delivers to: every member of `each of GROUP`.
    let delivering = model
        .deliveries(duty)
        .into_iter()
        .flat_map(|(a, to)| std::iter::once(a).chain(to));
    duty.actor
        .iter()
        .chain(model.expand(&duty.recipients))
        .chain(delivering)
        .any(|r| names.iter().any(|n| r.name == *n))
}

/// Check `--party` against the model: the body's name, or an error.
pub fn resolve_party<'a>(model: &'a Model, name: &str) -> Result<&'a str, Error> {
    if let Some(b) = model.body(name) {
        return Ok(b.common.id.as_str());
    }
    if let Some(s) = model.symbol(name) {
        return Err(Error::NotABody(name.to_string(), s.kind.keyword()));
    }
    let bodies = model.bodies.iter().map(|b| b.common.id.as_str());
    Err(Error::UnknownParty(
        name.to_string(),
        crate::diagnostic::suggest(name, bodies).map(String::from),
    ))
}

struct Event {
    uid: String,
    start: Date,
    /// The time it starts, in Europe/London, for a meeting whose time is given.
    time: Option<(u8, u8)>,
    /// True for a meeting that is cancelled.
    cancelled: bool,
    rrule: Option<String>,
    /// Instances of the rule that are not due dates.
    exdates: Vec<Date>,
    /// For an instance of a recurring event moved to another day: the instance.
    recurrence_id: Option<Date>,
    summary: String,
    description: String,
    categories: Vec<String>,
}

/// A recurring event for a schedule, then one event for each instance that falls due on
/// another day (same UID, its `RECURRENCE-ID` the instance), saying why it moved.
fn push_recurring(events: &mut Vec<Event>, s: &Schedule, event: Event) {
    let r = s.calendar();
    let moved: Vec<Event> = r
        .moves
        .iter()
        .map(|(instance, due)| {
            let why = crate::holidays::why_not_working(s.holidays, *instance)
                .unwrap_or_else(|| "not a working day".into());
            Event {
                uid: event.uid.clone(),
                start: due.date,
                rrule: None,
                time: None,
                cancelled: false,
                exdates: Vec::new(),
                recurrence_id: Some(*instance),
                summary: event.summary.clone(),
                description: format!(
                    "{}\n\nDue on {}, the working day before {}, which is {why}.",
                    event.description,
                    day_words(due.date),
                    day_words(*instance)
                ),
                categories: event.categories.clone(),
            }
        })
        .collect();
    events.push(Event {
        start: r.start,
        rrule: Some(r.rrule),
        exdates: r.exdates,
        ..event
    });
    events.extend(moved);
}

/// How many meetings a meeting-relative duty is put in the calendar for.
const MEETINGS_LISTED: usize = 120;

/// How many meetings of a body the calendar lists: a monthly meeting for the calendar's
/// thirty years and more.
const MEETING_EVENTS: usize = 400;

/// The title of the document of the file of a set that holds `span`; `None` for one
/// file, where the protocol's title serves.
fn document_title(model: &Model, span: crate::source::Span) -> Option<String> {
    if model.files.len() < 2 {
        return None;
    }
    let file = model.file_of(span);
    model
        .documents()
        .find(|p| model.file_of(p.common.span) == file)
        .map(|p| p.common.label().to_string())
}

/// One event for each meeting a duty dated from a body's meetings falls due against: the
/// meetings of the calendar's years, at most [`MEETINGS_LISTED`] of them.
fn push_meeting_dues(events: &mut Vec<Event>, model: &Model, duty: &Duty, pid: &str, ptitle: &str) {
    let (Some(m), Some(b)) = (&duty.meeting, model.meeting_body(duty)) else {
        return;
    };
    let Some(from) = meetings_from(model) else {
        return;
    };
    let until = from
        .checked_add(jiff::Span::new().years(crate::schedule::CALENDAR_YEARS))
        .unwrap_or(from);
    let region = crate::meetings::region(model, b);
    let body = ref_title(model, &m.body);
    let meetings = crate::meetings::of_body(b, from, until);
    for meeting in meetings.iter().take(MEETINGS_LISTED).map(|x| x.date) {
        let Some(due) = m.due_for(meeting, region) else {
            continue;
        };
        let mut parts = vec![citation(duty.common.clause.as_deref(), ptitle)];
        if let Some(t) = &duty.common.title {
            parts.push(format!("{t}."));
        }
        parts.push(format!(
            "{}: due {} for the meeting of {body} on {}.",
            capitalise(&m.text()),
            day_words(due),
            day_words(meeting)
        ));
        events.push(Event {
            uid: format!("duty.{}.{meeting}.{pid}@protogov", duty.common.id),
            start: due,
            rrule: None,
            time: None,
            cancelled: false,
            exdates: Vec::new(),
            recurrence_id: None,
            summary: summary(model, duty),
            description: parts.join("\n\n"),
            categories: vec![
                "Protocol duty".into(),
                capitalise(&noun(duty.verb.unwrap_or("duty"))),
            ],
        });
    }
}

/// The first day of the period the meetings are listed for: the earliest meeting date a
/// body agrees or adds, or the day its rule starts from, but not before the day the
/// protocol's schedules count from; else that day. Never the clock, so the calendar is the
/// same whenever it is built.
fn meetings_from(model: &Model) -> Option<Date> {
    let written = model.bodies.iter().flat_map(|b| {
        let cal = &b.calendar;
        cal.dates
            .iter()
            .chain(&cal.extra)
            .filter(|d| d.date.day.is_some())
            .filter_map(|d| d.date.start())
            .chain(
                cal.rule
                    .as_ref()
                    .and_then(|r| r.from.as_ref())
                    .and_then(|d| crate::model::PartialDate::from_ast(d).start()),
            )
    });
    let written = match (written.min(), model.epoch) {
        (Some(w), Some(e)) => Some(w.max(e)),
        (w, e) => w.or(e),
    };
    written.or_else(|| {
        model
            .duties
            .iter()
            .filter_map(|d| d.cadence.as_ref()?.schedule.as_ref())
            .map(|s| s.first)
            .min()
    })
}

/// One line of a meeting's agenda: the duty in its own words, who presents it, when it is
/// due, and whether it comes late.
fn agenda_line(model: &Model, body: usize, item: &crate::meetings::Item) -> Option<String> {
    let duty = model.duties.get(item.duty)?;
    let words = duty
        .common
        .title
        .as_ref()
        .map_or_else(|| super::action_sentence(model, duty), |t| t.to_string());
    let what = duty
        .artefact
        .as_ref()
        .map(|a| format!(" ({})", ref_title(model, a)))
        .filter(|a| !words.contains(a.trim_start_matches(" (").trim_end_matches(')')))
        .unwrap_or_default();
    let mut by: Vec<Ref> = Vec::new();
    for (a, to) in model.deliveries(duty) {
        let here = to.iter().any(|r| {
            r.is_resolved() && r.target() == Some((crate::syntax::ast::DeclKind::Body, body))
        });
        if here && !by.iter().any(|b| b.same_name(a)) {
            by.push(a.clone());
        }
    }
    if by.is_empty() {
        by.extend(duty.actor.iter().chain(&duty.co_actors).cloned());
    }
    let l = &item.landing;
    let late = match l.days_late() {
        Some(1) => ", late: 1 day after it is due".to_string(),
        Some(n) => format!(", late: {n} days after it is due"),
        None if l.late => ", late".to_string(),
        None => String::new(),
    };
    Some(format!(
        "• {words}{what}. Presented by {}. Due {}{late}.",
        titles(model, &by),
        day_words(l.due)
    ))
}

/// A meeting's summary: "Corporate Parenting Board (CPB) meeting".
fn meeting_summary(b: &crate::model::Body) -> String {
    let title = b.common.label();
    match b.short.first() {
        Some(s) if s.as_ref() != title => format!("{title} ({s}) meeting"),
        _ => format!("{title} meeting"),
    }
}

/// One event for each meeting of a body whose day is known, in the calendar's years, with
/// the agenda items that land on it; and one marked cancelled for each cancelled meeting,
/// so that a calendar that imported it takes it out. In one body's feed, only that body's
/// meetings.
fn push_meetings(events: &mut Vec<Event>, model: &Model, party: Option<&str>, pid: &str) {
    let Some(from) = meetings_from(model) else {
        return;
    };
    let to = from
        .checked_add(jiff::Span::new().years(crate::schedule::CALENDAR_YEARS))
        .unwrap_or(from);
    for bp in crate::meetings::plan(model, from, to) {
        let Some(b) = model.bodies.get(bp.body) else {
            continue;
        };
        if party.is_some_and(|p| b.common.id.as_str() != p) {
            continue;
        }
        let id = &b.common.id;
        let summary = meeting_summary(b);
        for (m, items) in bp
            .meetings
            .iter()
            .filter(|(m, _)| m.day_known)
            .take(MEETING_EVENTS)
        {
            let mut parts = vec![format!("Meeting of {}.", b.common.label())];
            let lines: Vec<String> = items
                .iter()
                .filter_map(|i| agenda_line(model, bp.body, i))
                .collect();
            if lines.is_empty() {
                parts.push("No item of the protocol is due at this meeting.".into());
            } else {
                parts.push(format!("Items due at this meeting:\n{}", lines.join("\n")));
            }
            if m.source == crate::meetings::Source::Extra {
                parts.push("An extra meeting.".into());
            }
            events.push(Event {
                uid: format!("meeting.{id}.{}.{pid}@protogov", ics_date(m.date)),
                start: m.date,
                rrule: None,
                time: m.time,
                cancelled: false,
                exdates: Vec::new(),
                recurrence_id: None,
                summary: summary.clone(),
                description: parts.join("\n\n"),
                categories: vec!["Meeting".into()],
            });
        }
        // Cancelled meetings, at the time they were to start.
        let cal = &b.calendar;
        let time = cal
            .rule
            .as_ref()
            .and_then(|r| r.time.as_ref())
            .or(cal.time.as_ref())
            .and_then(crate::meetings::time_of);
        let mut cancelled: Vec<Date> = cal
            .cancelled
            .iter()
            .filter(|c| c.day.is_some())
            .filter_map(|c| c.start())
            .filter(|d| *d >= from && *d <= to)
            .collect();
        cancelled.sort_unstable();
        cancelled.dedup();
        for d in cancelled {
            // The time agreed for that date, else the usual time.
            let agreed = cal
                .dates
                .iter()
                .chain(&cal.extra)
                .find(|m| m.date.day.is_some() && m.date.start() == Some(d))
                .and_then(|m| m.time.as_ref())
                .and_then(crate::meetings::time_of);
            events.push(Event {
                uid: format!("meeting.{id}.{}.{pid}@protogov", ics_date(d)),
                start: d,
                rrule: None,
                time: agreed.or(time),
                cancelled: true,
                exdates: Vec::new(),
                recurrence_id: None,
                summary: format!("Cancelled: {summary}"),
                description: format!(
                    "The meeting of {} on {} is cancelled.",
                    b.common.label(),
                    day_words(d)
                ),
                categories: vec!["Meeting".into()],
            });
        }
    }
}

/// The time zone of timed meetings. Every region whose bank holidays protogov knows is in
/// the United Kingdom.
const TZID: &str = "Europe/London";

/// Europe/London as a `VTIMEZONE` (RFC 5545 §3.6.5): GMT, and BST from the last Sunday of
/// March to the last Sunday of October, as since 1996. Outlook needs the definition of a
/// `TZID` in the file; Google and Apple read the IANA name.
const LONDON: &str = "BEGIN:VTIMEZONE\r\nTZID:Europe/London\r\nX-LIC-LOCATION:Europe/London\r\n\
BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0000\r\nTZOFFSETTO:+0100\r\nTZNAME:BST\r\n\
DTSTART:19700329T010000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n\
BEGIN:STANDARD\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0000\r\nTZNAME:GMT\r\n\
DTSTART:19701025T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\n\
END:VTIMEZONE\r\n";

/// The calendar as text with CRLF line endings.
pub fn emit(analysis: &Analysis, options: &Options) -> Result<String, Error> {
    let model = &analysis.model;
    let party = match &options.party {
        Some(p) => Some(resolve_party(model, p)?),
        None => None,
    };
    let names = party.map(|p| standing_for(model, p));
    let pid = protocol_id(analysis);
    let ptitle = protocol_title(analysis);
    let stamp = dtstamp(model, options.source_date_epoch);
    let mut events = Vec::new();
    let mut unscheduled = Vec::new();

    // Each document's own review: its parties' business (a terms of reference's, its
    // body's).
    for p in model.documents() {
        let review_included = match party {
            None => true,
            Some(id) if model.files.len() > 1 => model
                .expand(&p.parties)
                .into_iter()
                .chain(&p.for_body)
                .any(|r| r.name.as_str() == id),
            Some(id) => model.body(id).is_some_and(|b| b.party),
        };
        if !review_included {
            continue;
        }
        let (ptitle, pid) = match document_title(model, p.common.span) {
            Some(t) => (t, format!("{pid}.{}", p.common.id)),
            None => (ptitle.clone(), pid.clone()),
        };
        let r = &p.review;
        let (start, when) = match (&r.schedule, r.next_due) {
            (Some(s), _) => (Some(s.first), schedule_words(s)),
            (None, Some(d)) => (Some(d), format!("Next due on {}", day_words(d))),
            _ => (None, String::new()),
        };
        if let Some(start) = start {
            let mut parts = vec![citation(p.common.clause.as_deref(), &ptitle)];
            parts.push(format!(
                "{} review the protocol. {when}.",
                if p.parties.is_empty() {
                    "The parties".to_string()
                } else {
                    let parties: Vec<crate::model::Ref> =
                        model.expand(&p.parties).into_iter().cloned().collect();
                    titles(model, &parties)
                }
            ));
            if let Some(l) = &r.last_reviewed {
                parts.push(format!("Last reviewed: {l}."));
            }
            if let Some(v) = &p.version {
                parts.push(format!("Version under review: {v}."));
            }
            parts.extend(reminder_sentence(options.remind));
            let event = Event {
                uid: format!("review.{pid}@protogov"),
                start,
                rrule: None,
                time: None,
                cancelled: false,
                exdates: Vec::new(),
                recurrence_id: None,
                summary: format!("Review of the {ptitle} due"),
                description: parts.join("\n\n"),
                categories: vec!["Protocol review".into()],
            };
            match &r.schedule {
                Some(s) => push_recurring(&mut events, s, event),
                None => events.push(event),
            }
        } else {
            unscheduled.push(format!(
                "The review of the protocol: {}",
                r.cadence
                    .as_ref()
                    .map(|c| c.text.clone())
                    .unwrap_or_else(|| "no review date is set".into())
            ));
        }
    }

    for duty in &model.duties {
        if let Some(n) = &names {
            if !involves(model, duty, n) {
                continue;
            }
        }
        // A standing function is never due: it has no place in a calendar.
        if duty.standing {
            continue;
        }
        // In a set, a duty is cited from its own document.
        let ptitle = document_title(model, duty.common.span).unwrap_or_else(|| ptitle.clone());
        match (
            duty.timing(),
            duty.cadence.as_ref().and_then(|c| c.schedule.as_ref()),
        ) {
            // `each of GROUP`: one series for each member, to the others.
            (Timing::Dated, Some(s)) if duty.each && duty.delivers => {
                for (member, to) in model.deliveries(duty) {
                    push_recurring(
                        &mut events,
                        s,
                        Event {
                            uid: format!("duty.{}.{}.{pid}@protogov", duty.common.id, member.name),
                            start: s.first,
                            rrule: None,
                            time: None,
                            cancelled: false,
                            exdates: Vec::new(),
                            recurrence_id: None,
                            summary: member_summary(model, duty, member, &to),
                            description: duty_description(model, duty, s, &ptitle, options.remind),
                            categories: vec![
                                "Protocol duty".into(),
                                capitalise(&noun(duty.verb.unwrap_or("duty"))),
                            ],
                        },
                    )
                }
            }
            (Timing::Dated, Some(s)) => push_recurring(
                &mut events,
                s,
                Event {
                    uid: format!("duty.{}.{pid}@protogov", duty.common.id),
                    start: s.first,
                    rrule: None,
                    time: None,
                    cancelled: false,
                    exdates: Vec::new(),
                    recurrence_id: None,
                    summary: summary(model, duty),
                    description: duty_description(model, duty, s, &ptitle, options.remind),
                    categories: vec![
                        "Protocol duty".into(),
                        capitalise(&noun(duty.verb.unwrap_or("duty"))),
                    ],
                },
            ),
            (Timing::Meeting, _) if model.meeting_body(duty).is_some() => {
                push_meeting_dues(&mut events, model, duty, &pid, &ptitle)
            }
            _ => unscheduled.push(format!(
                "{} ({}): {}",
                duty.common.label(),
                super::action_sentence(model, duty),
                super::json::when_in_words(model, duty)
            )),
        }
    }
    push_meetings(&mut events, model, party, &pid);
    for e in &model.escalations {
        let attends = match &names {
            None => true,
            Some(n) => e
                .attended_by
                .iter()
                .chain(&e.convened_by)
                .chain(e.stages.iter().flat_map(|s| &s.participants))
                .any(|r| n.iter().any(|m| r.name == *m)),
        };
        if attends {
            let attendees: Vec<crate::model::Ref> =
                model.expand(&e.attended_by).into_iter().cloned().collect();
            let mut s = e.common.label().to_string();
            if !attendees.is_empty() {
                s.push_str(&format!(", attended by {}", titles(model, &attendees)));
            }
            // A ladder: each stage and who takes part, in order.
            for st in &e.stages {
                let who: Vec<crate::model::Ref> = model
                    .expand(&st.participants)
                    .into_iter()
                    .cloned()
                    .collect();
                s.push_str(&format!("; stage {}", st.number));
                if !who.is_empty() {
                    s.push_str(&format!(", {}", titles(model, &who)));
                }
                if let Some(l) = &st.limit {
                    s.push_str(&format!(", within {}", l.text()));
                }
            }
            if let Some(t) = &e.trigger {
                s.push_str(&format!(": when {t}"));
            }
            unscheduled.push(s);
        }
    }

    // The calendar's own description.
    let name = match party {
        Some(p) => format!("{} — {ptitle}", title(model, p)),
        None => ptitle.clone(),
    };
    let mut desc = vec![match party {
        Some(p) => format!(
            "Due dates of the {ptitle} for {}: what it sends, receives and attends. Each date is the day a duty falls due.",
            title(model, p)
        ),
        None => format!(
            "Due dates of the {ptitle}. Each date is the day a duty falls due."
        ),
    }];
    if events.iter().any(|e| e.uid.starts_with("meeting.")) {
        desc.push(
            "Each meeting is listed with the items due at it; an item that comes to a meeting after its due date is marked late. A meeting whose day is not known has no event."
                .into(),
        );
    }
    desc.push(format!(
        "Working days are Monday to Friday, less the bank holidays of {}; a due date that falls on another day is moved to the working day before it.",
        model.holidays.name()
    ));
    if !unscheduled.is_empty() {
        let mut s = String::from("Not in this calendar, because they have no fixed date:");
        for u in &unscheduled {
            s.push_str("\n• ");
            s.push_str(u);
        }
        desc.push(s);
    }
    desc.extend(reminder_sentence(options.remind));
    let desc = desc.join("\n\n");

    let mut w = Writer { out: String::new() };
    w.raw("BEGIN", "VCALENDAR");
    w.raw(
        "PRODID",
        &format!("-//protogov//protogov {}//EN", env!("CARGO_PKG_VERSION")),
    );
    w.raw("VERSION", "2.0");
    w.raw("CALSCALE", "GREGORIAN");
    w.raw("METHOD", "PUBLISH");
    w.text("X-WR-CALNAME", &name);
    w.text("NAME", &name);
    w.text("X-WR-CALDESC", &desc);
    w.text("DESCRIPTION", &desc);
    if events.iter().any(|e| e.time.is_some()) {
        w.out.push_str(LONDON);
    }
    for e in &events {
        w.raw("BEGIN", "VEVENT");
        w.text("UID", &e.uid);
        w.raw("SEQUENCE", "0");
        w.raw("DTSTAMP", &stamp);
        w.raw("LAST-MODIFIED", &stamp);
        match e.time {
            // The end is not known: the event has no length (RFC 5545 §3.6.1).
            Some((h, m)) => {
                let at = format!("{}T{h:02}{m:02}00", ics_date(e.start));
                w.raw(&format!("DTSTART;TZID={TZID}"), &at);
                w.raw(&format!("DTEND;TZID={TZID}"), &at);
            }
            None => {
                w.raw("DTSTART;VALUE=DATE", &ics_date(e.start));
                let end = e.start.tomorrow().unwrap_or(e.start);
                w.raw("DTEND;VALUE=DATE", &ics_date(end));
            }
        }
        if e.cancelled {
            w.raw("STATUS", "CANCELLED");
        }
        if let Some(id) = e.recurrence_id {
            w.raw("RECURRENCE-ID;VALUE=DATE", &ics_date(id));
        }
        if let Some(r) = &e.rrule {
            w.raw("RRULE", r);
        }
        if !e.exdates.is_empty() {
            let days: Vec<String> = e.exdates.iter().map(|d| ics_date(*d)).collect();
            w.raw("EXDATE;VALUE=DATE", &days.join(","));
        }
        w.text("SUMMARY", &e.summary);
        w.text("DESCRIPTION", &e.description);
        let cats: Vec<String> = e.categories.iter().map(|c| escape_text(c)).collect();
        w.raw("CATEGORIES", &cats.join(","));
        w.raw(
            "TRANSP",
            if e.time.is_some() && !e.cancelled {
                "OPAQUE"
            } else {
                "TRANSPARENT"
            },
        );
        if let Some(r) = options.remind {
            w.raw("BEGIN", "VALARM");
            w.raw("ACTION", "DISPLAY");
            w.text("DESCRIPTION", &e.summary);
            w.raw("TRIGGER", &format!("-P{}D", r.days));
            w.raw("END", "VALARM");
        }
        w.raw("END", "VEVENT");
    }
    w.raw("END", "VCALENDAR");
    Ok(w.out)
}

/// What a calendar says of one event, all its components with one UID together: its
/// `SEQUENCE`, `DTSTAMP` and `LAST-MODIFIED`, and every other line, unfolded.
struct Stamped {
    sequence: u32,
    dtstamp: Option<String>,
    modified: Option<String>,
    content: Vec<String>,
}

/// The content lines of a calendar, unfolded.
fn unfold(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for l in text.split('\n') {
        let l = l.strip_suffix('\r').unwrap_or(l);
        if let Some(rest) = l.strip_prefix([' ', '\t']) {
            if let Some(last) = lines.last_mut() {
                last.push_str(rest);
                continue;
            }
        }
        if !l.is_empty() {
            lines.push(l.to_string());
        }
    }
    lines
}

/// The events of a calendar by UID. Only protogov's own shape is read: one content line a
/// property, `BEGIN:VEVENT` … `END:VEVENT`, a `VALARM` inside.
fn stamped_events(lines: &[String]) -> std::collections::HashMap<String, Stamped> {
    let mut out: std::collections::HashMap<String, Stamped> = std::collections::HashMap::new();
    let mut current: Option<(Option<String>, Stamped)> = None;
    let mut depth = 0usize;
    for l in lines {
        if l == "BEGIN:VEVENT" && current.is_none() {
            current = Some((
                None,
                Stamped {
                    sequence: 0,
                    dtstamp: None,
                    modified: None,
                    content: Vec::new(),
                },
            ));
            depth = 0;
            continue;
        }
        let Some((uid, ev)) = current.as_mut() else {
            continue;
        };
        if l == "END:VEVENT" && depth == 0 {
            if let Some((Some(uid), ev)) = current.take() {
                match out.get_mut(&uid) {
                    Some(e) => {
                        e.sequence = e.sequence.max(ev.sequence);
                        e.content.push(String::new());
                        e.content.extend(ev.content);
                    }
                    None => {
                        out.insert(uid, ev);
                    }
                }
            }
            current = None;
            continue;
        }
        if l.starts_with("BEGIN:") {
            depth += 1;
        } else if l.starts_with("END:") {
            depth = depth.saturating_sub(1);
        }
        let value = || l.split_once(':').map(|(_, v)| v.to_string());
        let name = l.split([':', ';']).next().unwrap_or("");
        match name {
            "UID" if depth == 0 => *uid = value(),
            "SEQUENCE" if depth == 0 => {
                ev.sequence = value().and_then(|v| v.trim().parse().ok()).unwrap_or(0)
            }
            "DTSTAMP" if depth == 0 => ev.dtstamp = value(),
            "LAST-MODIFIED" if depth == 0 => ev.modified = value(),
            _ => ev.content.push(l.clone()),
        }
    }
    out
}

/// A new build of a calendar, stamped against the one it replaces (RFC 5545 §3.8.7): an
/// event whose content is as before keeps its `SEQUENCE`, `DTSTAMP` and `LAST-MODIFIED`,
/// so that a rebuild with no change gives the same bytes; an event whose content changed
/// gets the next `SEQUENCE` and `now` (seconds since 1970) as both stamps, so that
/// calendar applications take the change; an event new to the calendar gets `now`. A
/// previous text that is not a calendar is ignored.
pub fn update(new: &str, previous: &str, now: i64) -> String {
    let old_lines = unfold(previous);
    if old_lines.first().map(String::as_str) != Some("BEGIN:VCALENDAR") {
        return new.to_string();
    }
    let old = stamped_events(&old_lines);
    let fresh = stamped_events(&unfold(new));
    let now = jiff::Timestamp::from_second(now)
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
        .strftime("%Y%m%dT%H%M%SZ")
        .to_string();
    let mut out = String::with_capacity(new.len());
    let mut block: Vec<&str> = Vec::new();
    let mut in_event = false;
    for line in new.split_inclusive("\r\n") {
        if !in_event {
            if line == "BEGIN:VEVENT\r\n" {
                in_event = true;
                block.push(line);
            } else {
                out.push_str(line);
            }
            continue;
        }
        block.push(line);
        if line != "END:VEVENT\r\n" {
            continue;
        }
        in_event = false;
        let uid = unfold(&block.concat())
            .into_iter()
            .find_map(|l| l.strip_prefix("UID:").map(String::from));
        let stamps = uid
            .as_ref()
            .map(|uid| match (old.get(uid), fresh.get(uid)) {
                (Some(o), Some(n)) if o.content == n.content => (
                    o.sequence,
                    o.dtstamp.clone().unwrap_or_else(|| now.clone()),
                    o.modified
                        .clone()
                        .or_else(|| o.dtstamp.clone())
                        .unwrap_or_else(|| now.clone()),
                ),
                // RFC 5545's INTEGER ends at 2147483647: a SEQUENCE stays within it.
                (Some(o), _) => (
                    o.sequence.saturating_add(1).min(i32::MAX as u32),
                    now.clone(),
                    now.clone(),
                ),
                (None, _) => (0, now.clone(), now.clone()),
            });
        for l in block.drain(..) {
            match &stamps {
                Some((seq, _, _)) if l.starts_with("SEQUENCE:") => {
                    out.push_str(&fold(&format!("SEQUENCE:{seq}")))
                }
                Some((_, stamp, _)) if l.starts_with("DTSTAMP:") => {
                    out.push_str(&fold(&format!("DTSTAMP:{stamp}")))
                }
                Some((_, _, modified)) if l.starts_with("LAST-MODIFIED:") => {
                    out.push_str(&fold(&format!("LAST-MODIFIED:{modified}")))
                }
                _ => out.push_str(l),
            }
        }
    }
    out.extend(block);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_characters_whole_and_lines_short() {
        let line = format!("SUMMARY:{}", "“quoted” 🎉 é".repeat(20));
        let folded = fold(&line);
        for l in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= MAX_LINE, "{} octets: {l}", l.len());
        }
        let unfolded = folded.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, line);
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape_text("a\\b;c,d\ne\r\nf\u{7}"),
            "a\\\\b\\;c\\,d\\ne\\nf"
        );
    }

    #[test]
    fn text_drops_noncharacters_and_bidi_overrides() {
        assert_eq!(
            escape_text("a\u{202E}b\u{FFFE}\u{2067}c\u{200F}"),
            "abc\u{200F}"
        );
    }

    #[test]
    fn reminders_parse_days_and_weeks() {
        assert_eq!("14d".parse::<Reminder>(), Ok(Reminder { days: 14 }));
        assert_eq!("2w".parse::<Reminder>(), Ok(Reminder { days: 14 }));
        assert_eq!("1D".parse::<Reminder>(), Ok(Reminder { days: 1 }));
        assert!("0d".parse::<Reminder>().is_err());
        assert!("14".parse::<Reminder>().is_err());
        assert!("xd".parse::<Reminder>().is_err());
        assert!("".parse::<Reminder>().is_err());
        assert!("14é".parse::<Reminder>().is_err());
        assert!("99999999999w".parse::<Reminder>().is_err());
    }

    #[test]
    fn update_keeps_unchanged_events_and_raises_changed_ones() {
        let cal = |summary: &str| {
            format!(
                "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nSEQUENCE:0\r\nDTSTAMP:20200101T000000Z\r\nLAST-MODIFIED:20200101T000000Z\r\nSUMMARY:{summary}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
            )
        };
        let old = cal("x");
        assert_eq!(update(&old, &old, 1_700_000_000), old);
        let new = update(&cal("y"), &old, 1_700_000_000);
        assert!(new.contains(
            "SEQUENCE:1\r\nDTSTAMP:20231114T221320Z\r\nLAST-MODIFIED:20231114T221320Z\r\n"
        ));
        assert_eq!(update(&cal("y"), "junk", 1_700_000_000), cal("y"));
    }

    #[test]
    fn quarterly_duties_name_their_months() {
        use crate::schedule::{DayRule, Period};
        let s = Schedule {
            period: Period::Months(3),
            day: DayRule::LastWorkingDay,
            first: jiff::civil::date(2023, 10, 31),
            holidays: crate::holidays::Region::EnglandAndWales,
        };
        assert_eq!(
            schedule_words(&s),
            "Quarterly (January, April, July, October), by the last working day"
        );
    }

    #[test]
    fn citations_read_naturally() {
        assert_eq!(citation(Some("4.1"), "P"), "Clause 4.1 of P.");
        assert_eq!(
            citation(Some("front matter"), "P"),
            "From the front matter of P."
        );
        assert_eq!(
            citation(Some("eSafety annex"), "P"),
            "From the eSafety annex of P."
        );
        assert_eq!(citation(None, "P"), "P.");
    }
}
