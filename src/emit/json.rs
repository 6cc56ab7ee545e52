//! The JSON output: the resolved model with every duty's dates worked out, the reporting
//! graph and the diagnostics. The declarations are published through types of the
//! output's own ([`decls`], [`graph`]), so the model can change without changing the JSON. Its JSON
//! Schema is generated from these types ([`schema`]) and committed as
//! `schema/protogov.schema.json`; a test keeps the two equal.

use super::{ref_title, Timing};
use crate::analysis::Analysis;
use crate::holidays::{self, Region};
use crate::model::{Duty, Model};
pub use crate::render::{DiagnosticOut, EditOut, FixOut, LabelOut, SpanOut};
use crate::schedule::{Due, Schedule};
use jiff::civil::Date;
use schemars::JsonSchema;
use serde::Serialize;

pub mod decls;
pub mod graph;
use decls::{Artefact, Body, Escalation, Event, Group, ProseClause, Protocol, Role, Topic};
use graph::GraphJson;

/// The version of the JSON output's shape. It changes when a field is removed or changes
/// meaning; new fields may be added without a change.
pub const FORMAT_VERSION: u32 = 1;

/// Settings of the JSON output.
#[derive(Debug, Clone)]
pub struct Options {
    /// Due dates are listed from this day on.
    pub today: Date,
    /// How many due dates to list for each dated duty and for the review.
    pub occurrences: usize,
}

/// The whole JSON document.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(title = "protogov output")]
pub struct Output {
    /// The version of this document's shape (see `docs/outputs.md`).
    pub format_version: u32,
    /// The name of the compiler and its version.
    pub generator: String,
    /// The source file, as named on the command line.
    pub source: String,
    /// The day due dates are counted from (`--today`), YYYY-MM-DD.
    pub today: String,
    /// The document declaration (a protocol or a terms of reference), with its review's
    /// dates; for a set, the first file's.
    pub protocol: Option<ProtocolOut>,
    /// Every document declaration, with its review's dates: the one of a file, or one per
    /// file of a set.
    pub documents: Vec<ProtocolOut>,
    /// For a set (a folder compiled as one): its name and files. Every declaration then
    /// says which file it is declared in (`file`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub set: Option<SetOut>,
    /// Bodies in source order.
    pub bodies: Vec<Body>,
    /// Roles in source order.
    pub roles: Vec<Role>,
    /// Topics in source order.
    pub topics: Vec<Topic>,
    /// Artefacts in source order.
    pub artefacts: Vec<Artefact>,
    /// Events in source order.
    pub events: Vec<Event>,
    /// Duties in source order, each with its dates.
    pub duties: Vec<DutyOut>,
    /// Escalation routes in source order.
    pub escalations: Vec<Escalation>,
    /// Groups in source order.
    pub groups: Vec<Group>,
    /// Narrative clauses in source order.
    pub prose: Vec<ProseClause>,
    /// Duties that cannot go in a calendar: event-triggered and undated ones.
    pub unscheduled: Vec<Unscheduled>,
    /// The reporting graph.
    pub graph: GraphJson,
    /// Every diagnostic (warnings only: nothing is built from a file with errors).
    pub diagnostics: Vec<DiagnosticOut>,
}

/// A set of files compiled as one.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SetOut {
    /// The set's name (`protogov.toml`'s `name`, or the folder's).
    pub name: String,
    /// Its files, in the order they were read.
    pub files: Vec<String>,
}

/// The protocol with the dates of its review.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ProtocolOut {
    /// The protocol as declared.
    #[serde(flatten)]
    pub protocol: Protocol,
    /// The review's dates.
    pub review_dates: Dates,
}

/// A duty with its dates.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct DutyOut {
    /// The duty as declared.
    #[serde(flatten)]
    pub duty: decls::Duty,
    /// Its dates.
    pub dates: Dates,
}

/// How a duty falls due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TimingKind {
    /// On dates computed from its cadence.
    Dated,
    /// When an event happens.
    Event,
    /// Neither: it cannot be put in a calendar.
    Undated,
    /// A standing function (`ongoing`): always in force, never in a calendar.
    Standing,
    /// Against each meeting of a body: dated from the meetings when they have dates.
    Meeting,
}

/// When something falls due.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Dates {
    /// Dated, event-triggered or undated.
    pub timing: TimingKind,
    /// The schedule in words ("every year, on the last working day of June, from 2024-06-28").
    pub description: Option<String>,
    /// The RFC 5545 recurrence rule the calendar starts from, without `RRULE:`; it counts
    /// Monday to Friday as working days. The calendar bounds it and moves the instances
    /// that fall on a bank holiday or are not working days (see `docs/outputs.md`).
    pub rrule: Option<String>,
    /// The calendar's DTSTART: the rule's first instance, YYYY-MM-DD.
    pub first: Option<String>,
    /// The next due dates on or after `today`, YYYY-MM-DD; each is a working day.
    pub next: Vec<String>,
    /// The dates of `next` that moved from the day the rule names to the working day
    /// before it, in the same order.
    pub moved: Vec<MovedDate>,
}

/// A due date moved because the day the rule names is not a working day.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct MovedDate {
    /// The due date, YYYY-MM-DD: the working day before `written`.
    pub date: String,
    /// The day the rule names, YYYY-MM-DD.
    pub written: String,
    /// Why `written` is not a working day ("a Saturday", "a bank holiday (Early May bank
    /// holiday)").
    pub reason: String,
}

impl MovedDate {
    /// The move of a due date, if it moved.
    pub fn of(due: &Due, region: Region) -> Option<MovedDate> {
        due.moved().then(|| MovedDate {
            date: due.date.to_string(),
            written: due.written.to_string(),
            reason: holidays::why_not_working(region, due.written)
                .unwrap_or_else(|| "not a working day".into()),
        })
    }
}

/// A duty the calendar cannot date, and why.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Unscheduled {
    /// The duty's name.
    pub duty: String,
    /// Event-triggered or undated.
    pub timing: TimingKind,
    /// When it falls due, in words ("when a Quality Assurance audit … is completed, within 28 days").
    pub when: String,
}

/// The dates of a schedule from `today` on.
fn dated(schedule: &Schedule, options: &Options) -> Dates {
    let next = schedule.next_dues(options.today, options.occurrences);
    Dates {
        timing: TimingKind::Dated,
        description: Some(schedule.describe()),
        rrule: Some(schedule.rrule()),
        first: Some(schedule.rule_start().to_string()),
        next: next.iter().map(|d| d.date.to_string()).collect(),
        moved: next
            .iter()
            .filter_map(|d| MovedDate::of(d, schedule.holidays))
            .collect(),
    }
}

/// When an undated duty falls due, in words.
pub fn when_in_words(model: &Model, duty: &Duty) -> String {
    let mut parts = Vec::new();
    if let Some(t) = &duty.trigger {
        // The event's title as written: "when: Ofsted inspection published".
        parts.push(format!("when: {}", ref_title(model, t)));
    }
    if let Some(r) = &duty.receipt {
        parts.push(format!("on receipt of: {}", ref_title(model, r)));
    }
    if let Some(m) = &duty.meeting {
        let dated = if model.meeting_body(duty).is_some() {
            ""
        } else {
            " (its meetings are not dated)"
        };
        parts.push(format!("{}{dated}", m.text()));
    }
    if let Some(c) = &duty.cadence {
        parts.push(format!("{} (cannot be dated)", c.text));
    }
    if let Some(d) = &duty.deadline {
        parts.push(d.text.clone());
    }
    if duty.standing {
        parts.push("ongoing: a standing function".to_string());
    }
    if parts.is_empty() {
        parts.push("no timing is set".to_string());
    }
    parts.join(", ")
}

fn kind_of(t: Timing) -> TimingKind {
    match t {
        Timing::Dated => TimingKind::Dated,
        Timing::Event => TimingKind::Event,
        Timing::Undated => TimingKind::Undated,
        Timing::Standing => TimingKind::Standing,
        Timing::Meeting => TimingKind::Meeting,
    }
}

/// Build the JSON document.
pub fn output(analysis: &Analysis, options: &Options) -> Output {
    let model = &analysis.model;
    let document = |p: &crate::model::Protocol| {
        let review_dates = match (&p.review.schedule, p.review.next_due) {
            (Some(s), _) => dated(s, options),
            (None, Some(d)) => Dates {
                timing: TimingKind::Dated,
                description: Some(format!("once, on {d}")),
                rrule: None,
                first: Some(d.to_string()),
                next: if d >= options.today {
                    vec![d.to_string()]
                } else {
                    Vec::new()
                },
                moved: Vec::new(),
            },
            (None, None) => Dates {
                timing: TimingKind::Undated,
                description: None,
                rrule: None,
                first: None,
                next: Vec::new(),
                moved: Vec::new(),
            },
        };
        let mut protocol: Protocol = p.into();
        protocol.parties = decls::expanded(model, &p.parties);
        ProtocolOut {
            protocol,
            review_dates,
        }
    };
    let protocol = model.protocol.as_ref().map(document);
    let documents = model.documents().map(document).collect();
    let mut unscheduled = Vec::new();
    let duties = model
        .duties
        .iter()
        .map(|d| {
            let t = d.timing();
            let meetings = model.meeting_dues(d, options.today, options.occurrences);
            let dates = match d.cadence.as_ref().and_then(|c| c.schedule.as_ref()) {
                Some(s) => dated(s, options),
                // Dated from each meeting of a body whose meetings have dates.
                None if meetings.is_some() => Dates {
                    timing: TimingKind::Meeting,
                    description: d.meeting.as_ref().map(|m| m.text()),
                    rrule: None,
                    first: None,
                    next: meetings.iter().flatten().map(|d| d.to_string()).collect(),
                    moved: Vec::new(),
                },
                None => {
                    unscheduled.push(Unscheduled {
                        duty: d.common.id.to_string(),
                        timing: kind_of(t),
                        when: when_in_words(model, d),
                    });
                    Dates {
                        timing: kind_of(t),
                        description: d.meeting.as_ref().map(|m| m.text()),
                        rrule: None,
                        first: None,
                        next: Vec::new(),
                        moved: Vec::new(),
                    }
                }
            };
            let mut duty: decls::Duty = d.into();
            duty.recipients = decls::expanded(model, &d.recipients);
            duty.deliveries = decls::deliveries(model, d);
            DutyOut { duty, dates }
        })
        .collect();
    let mut out = Output {
        format_version: FORMAT_VERSION,
        generator: format!("protogov {}", env!("CARGO_PKG_VERSION")),
        source: analysis.source.name.clone(),
        today: options.today.to_string(),
        protocol,
        documents,
        set: None,
        bodies: model
            .bodies
            .iter()
            .map(|b| {
                let mut out: Body = b.into();
                let until = options
                    .today
                    .checked_add(jiff::Span::new().years(1))
                    .unwrap_or(options.today);
                out.meetings = crate::meetings::of_body(b, options.today, until)
                    .iter()
                    .map(decls::MeetingOut::from)
                    .collect();
                out
            })
            .collect(),
        roles: model.roles.iter().map(Into::into).collect(),
        topics: model.topics.iter().map(Into::into).collect(),
        artefacts: model.artefacts.iter().map(Into::into).collect(),
        events: model.events.iter().map(Into::into).collect(),
        duties,
        escalations: model
            .escalations
            .iter()
            .map(|e| {
                let mut out: Escalation = e.into();
                out.attended_by = decls::expanded(model, &e.attended_by);
                out.stages = e
                    .stages
                    .iter()
                    .map(|s| decls::Stage::new(s, model))
                    .collect();
                out
            })
            .collect(),
        groups: model.groups.iter().map(|g| Group::new(g, model)).collect(),
        prose: model.prose.iter().map(Into::into).collect(),
        unscheduled,
        graph: (&analysis.graph).into(),
        diagnostics: match &analysis.set {
            None => analysis
                .diagnostics
                .iter()
                .map(|d| DiagnosticOut::new(&analysis.source, d))
                .collect(),
            Some(map) => map
                .localise(&analysis.diagnostics)
                .into_iter()
                .flat_map(|(i, ds)| {
                    ds.into_iter()
                        .map(move |d| DiagnosticOut::new(&map.files[i], &d))
                })
                .collect(),
        },
    };
    if let Some(map) = &analysis.set {
        name_documents(&mut out, model, map);
    }
    out
}

/// In the JSON of a set: the set's files, and the file of each declaration.
fn name_documents(out: &mut Output, model: &Model, map: &crate::set::FileMap) {
    let file = |c: &crate::model::Common| Some(map.files[map.file_of(c.span)].name.clone());
    out.set = Some(SetOut {
        name: map.name.clone(),
        files: map.files.iter().map(|f| f.name.clone()).collect(),
    });
    // Each list of the output beside the model's list it was made from, in the same order.
    macro_rules! name_files {
        ($($list:ident),*) => {$(
            for (json, decl) in out.$list.iter_mut().zip(&model.$list) {
                json.common.file = file(&decl.common);
            }
        )*};
    }
    name_files!(
        bodies,
        roles,
        topics,
        artefacts,
        events,
        escalations,
        groups
    );
    for (json, decl) in out.duties.iter_mut().zip(&model.duties) {
        json.duty.common.file = file(&decl.common);
    }
    for (json, decl) in out.documents.iter_mut().zip(model.documents()) {
        json.protocol.common.file = file(&decl.common);
    }
    if let (Some(json), Some(decl)) = (&mut out.protocol, &model.protocol) {
        json.protocol.common.file = file(&decl.common);
    }
}

/// The JSON document as pretty-printed text, ending with a newline.
pub fn emit(analysis: &Analysis, options: &Options) -> String {
    let out = output(analysis, options);
    // Serialising plain data with string keys cannot fail.
    let mut s = serde_json::to_string_pretty(&out).unwrap_or_else(|e| {
        format!(
            "{{\"error\": {}}}",
            serde_json::Value::String(e.to_string())
        )
    });
    s.push('\n');
    s
}

/// The JSON Schema of [`Output`], pretty-printed, ending with a newline. This is the text
/// of `schema/protogov.schema.json`.
pub fn schema() -> String {
    let schema = schemars::schema_for!(Output);
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}
