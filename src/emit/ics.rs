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

use super::{protocol_id, protocol_title, ref_title, timing, title, titles, Timing};
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

/// The summary a person reads in the calendar.
pub fn summary(model: &Model, duty: &Duty) -> String {
    let actor = duty
        .actor
        .as_ref()
        .map(|a| ref_title(model, a))
        .unwrap_or_else(|| "No one named".into());
    summary_by(model, duty, actor, None)
}

/// The summary of one member's deliveries in a duty `each of GROUP …`: the member, and
/// whom it delivers to.
fn member_summary(model: &Model, duty: &Duty, member: &Ref, to: &[&Ref]) -> String {
    let to: Vec<Ref> = to.iter().map(|r| (*r).clone()).collect();
    summary_by(
        model,
        duty,
        ref_title(model, member),
        Some(titles(model, &to)),
    )
}

/// The summary with the actor's title given, and the recipients' when they are not the
/// duty's own.
fn summary_by(model: &Model, duty: &Duty, actor: String, to: Option<String>) -> String {
    let artefact = duty
        .artefact
        .as_ref()
        .map(|a| ref_title(model, a))
        .unwrap_or_else(|| duty.common.label().to_string());
    // A soft duty says so: it is expected (`should`) or allowed (`may`), not required.
    let soft = match duty.modality.word() {
        Some(w) if duty.modality.soft() => format!(" ({w})"),
        _ => String::new(),
    };
    if let Some(to) = to {
        format!("{actor} → {to}: {artefact} due{soft}")
    } else if duty.delivers && !duty.recipients.is_empty() {
        let to: Vec<crate::model::Ref> = model
            .expand(&duty.recipients)
            .into_iter()
            .cloned()
            .collect();
        format!("{actor} → {}: {artefact} due{soft}", titles(model, &to))
    } else {
        let verb = duty.verb.unwrap_or("acts on");
        // The artefact's title as written: "review of The implementation of this protocol".
        format!("{actor}: {} of {artefact} due{soft}", noun(verb))
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
    parts.push(format!(
        "{}, {}.",
        super::action_sentence(model, duty),
        schedule.describe()
    ));
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
            let why = crate::holidays::why_not_working(s.holidays, due.written)
                .unwrap_or_else(|| "not a working day".into());
            Event {
                uid: event.uid.clone(),
                start: due.date,
                rrule: None,
                exdates: Vec::new(),
                recurrence_id: Some(*instance),
                summary: event.summary.clone(),
                description: format!(
                    "{}\n\nDue on {}, the working day before {}, which is {why}.",
                    event.description, due.date, due.written
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

/// How many meetings of a body a meeting-relative duty is put in the calendar for.
const MEETINGS_LISTED: usize = 120;

/// One event for each meeting a duty dated from a body's meetings falls due against: the
/// meetings of the calendar's years, at most [`MEETINGS_LISTED`] of them.
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

fn push_meeting_dues(events: &mut Vec<Event>, model: &Model, duty: &Duty, pid: &str, ptitle: &str) {
    let (Some(m), Some(s)) = (&duty.meeting, model.meeting_schedule(duty)) else {
        return;
    };
    let until = s
        .first
        .checked_add(jiff::Span::new().years(crate::schedule::CALENDAR_YEARS))
        .unwrap_or(s.first);
    let body = ref_title(model, &m.body);
    for meeting in s.occurrences(until, MEETINGS_LISTED) {
        let Some(due) = m.due_for(meeting, s.holidays) else {
            continue;
        };
        let mut parts = vec![citation(duty.common.clause.as_deref(), ptitle)];
        if let Some(t) = &duty.common.title {
            parts.push(format!("{t}."));
        }
        parts.push(format!(
            "{}: due {due} for the meeting of {body} on {meeting}.",
            capitalise(&m.text())
        ));
        events.push(Event {
            uid: format!("duty.{}.{meeting}.{pid}@protogov", duty.common.id),
            start: due,
            rrule: None,
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
            (Some(s), _) => (Some(s.first), s.describe()),
            (None, Some(d)) => (Some(d), format!("next due on {d}")),
            _ => (None, String::new()),
        };
        if let Some(start) = start {
            let mut parts = vec![citation(p.common.clause.as_deref(), &ptitle)];
            parts.push(format!(
                "{} review the protocol, {when}.",
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
            timing(duty),
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
            (Timing::Meeting, _) if model.meeting_schedule(duty).is_some() => {
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
    for e in &events {
        w.raw("BEGIN", "VEVENT");
        w.text("UID", &e.uid);
        w.raw("DTSTAMP", &stamp);
        w.raw("DTSTART;VALUE=DATE", &ics_date(e.start));
        let end = e.start.tomorrow().unwrap_or(e.start);
        w.raw("DTEND;VALUE=DATE", &ics_date(end));
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
        w.raw("TRANSP", "TRANSPARENT");
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
