//! The forward plan (`protogov plan`): for each body, its meetings in a period and the
//! items each one receives ([`crate::meetings::plan`]), then the items no meeting in the
//! period receives and the duties that are triggered, standing or not dated. One model of
//! the plan ([`PlanOut`]) is written four ways: text for a terminal, Markdown, CSV and
//! JSON. Its JSON Schema is generated from the same types ([`schema`]) and committed as
//! `schema/plan.schema.json`.

use super::{ref_title, when_words};
use crate::analysis::Analysis;
use crate::meetings::{self, month_title, weekday_name, BodyPlan, Meeting};
use crate::model::{join_and, Duty, Model, Timing};
use crate::syntax::ast::DeclKind;
use jiff::civil::Date;
use schemars::JsonSchema;
use serde::Serialize;
use std::fmt::Write as _;

/// The version of the plan's JSON shape. It changes when a field is removed or changes
/// meaning; new fields may be added without a change.
pub const FORMAT_VERSION: u32 = 1;

/// How the plan is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Plain text for people, with ANSI colour when `color` is true.
    Human {
        /// Bold headings and late items in colour.
        color: bool,
    },
    /// A Markdown document.
    Markdown,
    /// CSV (RFC 4180), one row per item.
    Csv,
    /// JSON, as `schema/plan.schema.json` describes it.
    Json,
}

/// What to plan and how to write it.
#[derive(Debug, Clone)]
pub struct Options {
    /// The first day of the period.
    pub from: Date,
    /// The last day of the period.
    pub to: Date,
    /// One body only, by index into the model's bodies.
    pub body: Option<usize>,
    /// How to write it.
    pub style: Style,
}

/// The whole plan, as the JSON gives it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(title = "protogov forward plan")]
pub struct PlanOut {
    /// The version of this document's shape (see `docs/plan.md`).
    pub format_version: u32,
    /// The name of the compiler and its version.
    pub generator: String,
    /// The file, or the set's folder, as named on the command line.
    pub source: String,
    /// The document's title (or, for a set, the set's name).
    pub title: String,
    /// The first day of the period, YYYY-MM-DD.
    pub from: String,
    /// The last day of the period, YYYY-MM-DD.
    pub to: String,
    /// Each body that meets or receives an item, in source order (or the one asked for).
    pub bodies: Vec<BodyOut>,
}

/// One body's forward plan.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct BodyOut {
    /// The body's declared name.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its short name, when it declares one.
    pub short: Option<String>,
    /// True when its meetings have dates (a rule, dates agreed, or a dated cadence).
    pub has_meeting_dates: bool,
    /// Its meetings in the period, in date order, each with its items.
    pub meetings: Vec<MeetingOut>,
    /// Items due in the period that no meeting in the period receives: the body has no
    /// meeting dates, or the first meeting after the due date is after the period.
    pub unplaced: Vec<ItemOut>,
    /// Duties to the body set off by an event, another duty or a deadline.
    pub triggered: Vec<DutyOut>,
    /// Standing duties (`ongoing`) to or by the body.
    pub standing: Vec<DutyOut>,
    /// Duties to the body with no date.
    pub undated: Vec<DutyOut>,
}

/// Where a meeting comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MeetingSource {
    /// The body's rule (`meets on the second tuesday of …`) or dated cadence.
    Rule,
    /// The dates it agreed (`meetings …`).
    Listed,
    /// An extra meeting.
    Extra,
}

/// One meeting and what it receives.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct MeetingOut {
    /// The day, YYYY-MM-DD; when the day is not set, the last working day of the month.
    pub date: String,
    /// False when only the month is known (`meets quarterly in march, …`).
    pub day_known: bool,
    /// The time it starts, HH:MM, when given.
    pub time: Option<String>,
    /// Where the meeting comes from.
    pub source: MeetingSource,
    /// The date in words: "Tuesday 13 January 2026 at 14:00", "March 2026 (day not set)".
    pub words: String,
    /// The items it receives, by due date.
    pub items: Vec<ItemOut>,
}

/// How an item is timed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// Due on the dates of its schedule (`yearly in june`, `quarterly …`).
    Dated,
    /// Due against each meeting of a body (`within 10 working days of each meeting of X`).
    EachMeeting,
}

/// One occurrence of a duty, due on a date, and where it lands.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ItemOut {
    /// The duty.
    #[serde(flatten)]
    pub duty: DutyOut,
    /// How it is timed.
    pub kind: ItemKind,
    /// The day it falls due, YYYY-MM-DD.
    pub due: String,
    /// True when the meeting that receives it comes after its due date.
    pub late: bool,
    /// How many days after the due date the meeting is, when it is late and the
    /// meeting's day is known.
    pub days_late: Option<i64>,
    /// For an item no meeting in the period receives: the first meeting after the period
    /// that does, YYYY-MM-DD, or YYYY-MM for a meeting known only by its month, if any.
    pub reaches: Option<String>,
}

/// A duty as the plan names it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct DutyOut {
    /// The duty's declared name.
    pub duty: String,
    /// Its title.
    pub title: String,
    /// The title of the document it is in (the protocol or terms of reference).
    pub document: String,
    /// In a set: the file it is in.
    pub file: Option<String>,
    /// The clause of the document, when cited.
    pub clause: Option<String>,
    /// Who presents it: the titles of its actors (none for a duty without one).
    pub presenters: Vec<String>,
    /// What is presented: the title of its artefact, when it names one.
    pub artefact: Option<String>,
    /// When it is due, in words (`yearly in june`, `when: Ofsted inspection published,
    /// within 28 days`).
    pub when: String,
}

/// The JSON Schema of the plan's JSON, pretty-printed with a final newline: the text of
/// `schema/plan.schema.json`.
pub fn schema() -> String {
    let schema = schemars::schema_for!(PlanOut);
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}

/// The body a `--body` value names: its declared name, or a short name (either in any
/// case). An error names what it is not and suggests the nearest body.
pub fn find_body(model: &Model, name: &str) -> Result<usize, String> {
    let by_id = model.bodies.iter().position(|b| *b.common.id == *name);
    let by_any = || {
        model.bodies.iter().position(|b| {
            b.common.id.eq_ignore_ascii_case(name)
                || b.short.iter().any(|s| s.eq_ignore_ascii_case(name))
        })
    };
    if let Some(i) = by_id.or_else(by_any) {
        return Ok(i);
    }
    let shown = crate::printable::visible(name);
    let kind = model
        .symbol(name)
        .map(|s| s.kind)
        .filter(|k| *k != DeclKind::Body);
    if let Some(k) = kind {
        let word = k.keyword();
        let article = if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        return Err(format!(
            "`--body {shown}` names {article} {word}; give the name of a body"
        ));
    }
    let ids = model.bodies.iter().map(|b| b.common.id.as_str());
    match crate::diagnostic::suggest(name, ids) {
        Some(s) => Err(format!(
            "`--body {shown}` names no body here; did you mean `{s}`?"
        )),
        None => {
            let all: Vec<&str> = model.bodies.iter().map(|b| b.common.id.as_str()).collect();
            if all.is_empty() {
                Err(format!("`--body {shown}` names no body: none is declared"))
            } else {
                Err(format!(
                    "`--body {shown}` names no body here; the bodies are: {}",
                    all.join(", ")
                ))
            }
        }
    }
}

/// The plan of an analysis as data.
pub fn plan(analysis: &Analysis, from: Date, to: Date, body: Option<usize>) -> PlanOut {
    let model = &analysis.model;
    let mut plans = meetings::plan(model, from, to);
    if let Some(b) = body {
        plans.retain(|p| p.body == b);
        if plans.is_empty() {
            plans.push(BodyPlan {
                body: b,
                meetings: Vec::new(),
                unplaced: Vec::new(),
                triggered: Vec::new(),
                standing: Vec::new(),
                undated: Vec::new(),
            });
        }
    }
    let title = match (&analysis.set, &model.protocol) {
        (Some(map), _) => map.name.clone(),
        (None, Some(p)) => p.common.label().to_string(),
        (None, None) => analysis.source.name.clone(),
    };
    PlanOut {
        format_version: FORMAT_VERSION,
        generator: format!("protogov {}", env!("CARGO_PKG_VERSION")),
        source: analysis.source.name.clone(),
        title,
        from: from.to_string(),
        to: to.to_string(),
        bodies: plans.iter().map(|p| body_out(analysis, p, to)).collect(),
    }
}

fn body_out(analysis: &Analysis, p: &BodyPlan, to: Date) -> BodyOut {
    let model = &analysis.model;
    let b = &model.bodies[p.body];
    let item = |i: &meetings::Item, placed: bool| {
        let d = &model.duties[i.duty];
        let l = &i.landing;
        ItemOut {
            duty: duty_out(analysis, d),
            kind: if d.timing() == Timing::Meeting {
                ItemKind::EachMeeting
            } else {
                ItemKind::Dated
            },
            due: l.due.to_string(),
            late: l.late,
            days_late: l.days_late(),
            reaches: l.meeting.filter(|m| !placed && m.date > to).map(|m| {
                if m.day_known {
                    m.date.to_string()
                } else {
                    m.date.to_string().chars().take(7).collect()
                }
            }),
        }
    };
    let sorted = |items: &[meetings::Item], placed: bool| {
        let mut v: Vec<&meetings::Item> = items.iter().collect();
        v.sort_by_key(|i| (i.landing.due, i.duty));
        v.into_iter().map(|i| item(i, placed)).collect::<Vec<_>>()
    };
    let duties = |v: &[usize]| -> Vec<DutyOut> {
        v.iter()
            .map(|&i| duty_out(analysis, &model.duties[i]))
            .collect()
    };
    BodyOut {
        id: b.common.id.to_string(),
        title: b.common.label().to_string(),
        short: b.short.first().map(ToString::to_string),
        has_meeting_dates: meetings::has_calendar(b),
        meetings: p
            .meetings
            .iter()
            .map(|(m, items)| meeting_out(m, sorted(items, true)))
            .collect(),
        unplaced: sorted(&p.unplaced, false),
        triggered: duties(&p.triggered),
        standing: duties(&p.standing),
        undated: duties(&p.undated),
    }
}

fn meeting_out(m: &Meeting, items: Vec<ItemOut>) -> MeetingOut {
    MeetingOut {
        date: m.date.to_string(),
        day_known: m.day_known,
        time: m.time.map(|(h, mi)| format!("{h:02}:{mi:02}")),
        source: match m.source {
            meetings::Source::Rule => MeetingSource::Rule,
            meetings::Source::Listed => MeetingSource::Listed,
            meetings::Source::Extra => MeetingSource::Extra,
        },
        words: m.words(),
        items,
    }
}

fn duty_out(analysis: &Analysis, d: &Duty) -> DutyOut {
    let model = &analysis.model;
    let file = model.file_of(d.common.span);
    let doc = model
        .documents()
        .find(|p| analysis.set.is_none() || model.file_of(p.common.span) == file);
    let file_name = analysis
        .set
        .as_ref()
        .and_then(|m| m.files.get(m.file_of(d.common.span)))
        .map(|f| f.name.clone());
    let document = match (doc, &file_name) {
        (Some(p), _) => p.common.label().to_string(),
        (None, Some(f)) => f.clone(),
        (None, None) => analysis.source.name.clone(),
    };
    let mut presenters: Vec<String> = d
        .actor
        .iter()
        .chain(&d.co_actors)
        .map(|a| ref_title(model, a))
        .collect();
    if d.each {
        if let Some(first) = presenters.first_mut() {
            *first = format!("each of {first}");
        }
    }
    DutyOut {
        duty: d.common.id.to_string(),
        title: d.common.label().to_string(),
        document,
        file: file_name,
        clause: d.common.clause.as_ref().map(ToString::to_string),
        presenters,
        artefact: d.artefact.as_ref().map(|a| ref_title(model, a)),
        when: Some(when_words(model, d))
            .filter(|w| !w.is_empty())
            .unwrap_or_else(|| "no timing is set".into()),
    }
}

/// The plan written as `options.style` asks.
pub fn emit(analysis: &Analysis, options: &Options) -> String {
    let p = plan(analysis, options.from, options.to, options.body);
    match options.style {
        Style::Human { color } => human(&p, color),
        Style::Markdown => markdown(&p),
        Style::Csv => csv(&p),
        Style::Json => {
            let mut s = serde_json::to_string_pretty(&p).unwrap_or_default();
            s.push('\n');
            s
        }
    }
}

// ---------------------------------------------------------------- words

/// "13 January 2026" for a date written YYYY-MM-DD (the text itself otherwise).
fn day_words(iso: &str) -> String {
    match iso.parse::<Date>() {
        Ok(d) => format!("{} {} {}", d.day(), month_title(d.month()), d.year()),
        Err(_) => iso.to_string(),
    }
}

/// "Tuesday 13 January 2026".
fn long_day(iso: &str) -> String {
    match iso.parse::<Date>() {
        Ok(d) => format!("{} {}", weekday_name(d), day_words(iso)),
        // `2027-12`: a meeting known only by its month.
        Err(_) => match format!("{iso}-01").parse::<Date>() {
            Ok(d) => format!(
                "{} {} (day not set)",
                meetings::month_title(d.month()),
                d.year()
            ),
            Err(_) => iso.to_string(),
        },
    }
}

/// "Corporate Parenting Board (CPB)".
fn body_heading(b: &BodyOut) -> String {
    match &b.short {
        Some(s) if *s != b.title => format!("{} ({s})", b.title),
        _ => b.title.clone(),
    }
}

/// Where a duty is written, for people: "clause 2.3" in one file, whose document the
/// plan's title names; in a set, "Protocol … (file), clause 2.3".
fn source_words(d: &DutyOut) -> String {
    let clause = d.clause.as_ref().map(|c| format!("clause {c}"));
    if d.file.is_none() {
        return clause.unwrap_or_default();
    }
    match clause {
        Some(c) => format!("{}, {c}", doc_words(d)),
        None => doc_words(d),
    }
}

/// "late by 14 days", "late", or nothing.
fn late_words(i: &ItemOut) -> Option<String> {
    match (i.late, i.days_late) {
        (true, Some(1)) => Some("late by 1 day".into()),
        (true, Some(n)) => Some(format!("late by {n} days")),
        (true, None) => Some("late".into()),
        _ => None,
    }
}

/// "5 meetings", "1 meeting".
fn count(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

/// The period in words.
fn period(p: &PlanOut) -> String {
    format!("{} to {}", day_words(&p.from), day_words(&p.to))
}

// ---------------------------------------------------------------- human

/// Text for a terminal: line breaks in titles become spaces, hidden characters are shown
/// by stand-ins (no title can move the cursor or change the colours).
fn plain(s: &str) -> String {
    let flat: String = s
        .chars()
        .map(|c| {
            if matches!(c, '\n' | '\r' | '\t') {
                ' '
            } else {
                c
            }
        })
        .collect();
    crate::printable::visible(&flat).into_owned()
}

struct Paint {
    on: bool,
}

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn bold(&self, s: &str) -> String {
        self.wrap("1", s)
    }
    fn late(&self, s: &str) -> String {
        self.wrap("1;31", s)
    }
    fn dim(&self, s: &str) -> String {
        self.wrap("2", s)
    }
}

fn human(p: &PlanOut, color: bool) -> String {
    let paint = Paint { on: color };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        paint.bold(&format!("Forward plan: {}", plain(&p.title)))
    );
    let _ = writeln!(out, "From {}.", period(p));
    if p.bodies.is_empty() {
        let _ = writeln!(out, "\nNo body meets or receives an item in this period.");
    }
    for b in &p.bodies {
        let heading = plain(&body_heading(b));
        let _ = writeln!(out);
        let _ = writeln!(out, "{}", paint.bold(&heading));
        let _ = writeln!(out, "{}", "=".repeat(heading.chars().count()));
        let _ = writeln!(out, "{}", meetings_sentence(b));
        for m in &b.meetings {
            let _ = writeln!(out);
            let extra = if m.source == MeetingSource::Extra {
                " (extra meeting)"
            } else {
                ""
            };
            let _ = writeln!(out, "{}", paint.bold(&format!("{}{extra}", m.words)));
            if m.items.is_empty() {
                let _ = writeln!(out, "  {}", paint.dim("No items."));
            }
            for i in &m.items {
                human_item(&mut out, &paint, i);
            }
        }
        if !b.unplaced.is_empty() {
            let _ = writeln!(out);
            let _ = writeln!(out, "{}", paint.bold(unplaced_title(b)));
            for i in &b.unplaced {
                human_item(&mut out, &paint, i);
            }
        }
        for (title, list) in apart(b) {
            if list.is_empty() {
                continue;
            }
            let _ = writeln!(out);
            let _ = writeln!(out, "{}", paint.bold(title));
            for d in list {
                human_duty(&mut out, d);
                let _ = writeln!(out, "    {}", plain(&d.when));
            }
        }
    }
    out
}

fn human_duty(out: &mut String, d: &DutyOut) {
    let _ = writeln!(out, "  - {} [{}]", plain(&d.title), plain(&d.duty));
    let mut parts = vec![plain(&source_words(d))];
    if !d.presenters.is_empty() {
        parts.push(format!("presented by {}", plain(&presenters(d))));
    }
    parts.retain(|p| !p.is_empty());
    if !parts.is_empty() {
        let _ = writeln!(out, "    {}", parts.join("; "));
    }
}

fn human_item(out: &mut String, paint: &Paint, i: &ItemOut) {
    human_duty(out, &i.duty);
    let mut line = format!("due {}", day_words(&i.due));
    if let Some(l) = late_words(i) {
        line.push_str(&format!(", {}", paint.late(&l)));
    }
    if let Some(r) = &i.reaches {
        line.push_str(&format!("; reaches the meeting of {}", long_day(r)));
    }
    let _ = writeln!(out, "    {line}");
}

// ---------------------------------------------------------------- Markdown

/// Text for Markdown, in a table cell or a heading: one line, with every character that
/// Markdown or HTML could read as markup escaped.
fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in plain(s).chars() {
        if matches!(
            c,
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '~' | '&' | '!'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn markdown(p: &PlanOut) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Forward plan: {}\n", md(&p.title));
    let _ = writeln!(out, "From {}.", period(p));
    if p.bodies.is_empty() {
        let _ = writeln!(out, "\nNo body meets or receives an item in this period.");
    }
    for b in &p.bodies {
        let _ = writeln!(out, "\n## {}\n", md(&body_heading(b)));
        let _ = writeln!(out, "{}", meetings_sentence(b));
        for m in &b.meetings {
            let extra = if m.source == MeetingSource::Extra {
                " (extra meeting)"
            } else {
                ""
            };
            let _ = writeln!(out, "\n### {}{extra}\n", md(&m.words));
            if m.items.is_empty() {
                let _ = writeln!(out, "No items.");
            } else {
                md_items(&mut out, &m.items);
            }
        }
        if !b.unplaced.is_empty() {
            let _ = writeln!(out, "\n### {}\n", unplaced_title(b));
            md_items(&mut out, &b.unplaced);
        }
        for (title, list) in apart(b) {
            if list.is_empty() {
                continue;
            }
            let _ = writeln!(out, "\n### {title}\n");
            let _ = writeln!(out, "| Item | Duty | Source | Presented by | When |");
            let _ = writeln!(out, "| --- | --- | --- | --- | --- |");
            for d in list {
                let _ = writeln!(
                    out,
                    "| {} | `{}` | {} | {} | {} |",
                    md(&d.title),
                    md_code(&d.duty),
                    md(&source_words(d)),
                    md(&presenters(d)),
                    md(&d.when)
                );
            }
        }
    }
    out
}

/// A duty's name in a code span: it is an identifier, but a backtick is never let
/// through.
fn md_code(s: &str) -> String {
    plain(s).replace('`', "'")
}

fn presenters(d: &DutyOut) -> String {
    let names: Vec<&str> = d.presenters.iter().map(String::as_str).collect();
    join_and(&names)
}

fn md_items(out: &mut String, items: &[ItemOut]) {
    let _ = writeln!(out, "| Item | Duty | Source | Presented by | Due | Note |");
    let _ = writeln!(out, "| --- | --- | --- | --- | --- | --- |");
    for i in items {
        let mut note = late_words(i)
            .map(|l| format!("**{l}**"))
            .unwrap_or_default();
        if let Some(r) = &i.reaches {
            if !note.is_empty() {
                note.push_str("; ");
            }
            note.push_str(&format!("reaches the meeting of {}", long_day(r)));
        }
        let _ = writeln!(
            out,
            "| {} | `{}` | {} | {} | {} | {} |",
            md(&i.duty.title),
            md_code(&i.duty.duty),
            md(&source_words(&i.duty)),
            md(&presenters(&i.duty)),
            day_words(&i.due),
            note
        );
    }
}

// ---------------------------------------------------------------- CSV

/// The CSV's columns.
pub const CSV_HEADER: [&str; 12] = [
    "Body",
    "Meeting date",
    "Meeting time",
    "Duty",
    "Title",
    "Document",
    "Clause",
    "Presenter",
    "Due date",
    "Days late",
    "Late",
    "Kind",
];

/// One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break, quotes
/// doubled. Text that a spreadsheet would run as a formula (it starts with `=`, `+`, `-`,
/// `@`, a tab or a carriage return) starts with `'`, which shows it as text.
fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

fn csv_row(out: &mut String, fields: &[&str]) {
    let cells: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
    out.push_str(&cells.join(","));
    out.push_str("\r\n");
}

/// CSV for spreadsheets: a byte-order mark (so Excel reads the text as UTF-8), a header,
/// then one row per item, with CRLF line ends. Dates are YYYY-MM-DD, which spreadsheets
/// read as dates. A meeting with no items has a row of its own (kind `no_items`).
fn csv(p: &PlanOut) -> String {
    let mut out = String::from("\u{feff}");
    csv_row(&mut out, &CSV_HEADER);
    let kind_word = |k: ItemKind| match k {
        ItemKind::Dated => "dated",
        ItemKind::EachMeeting => "each_meeting",
    };
    for b in &p.bodies {
        let body = body_heading(b);
        let item_row = |out: &mut String, date: &str, time: &str, i: &ItemOut| {
            let days = i.days_late.map(|n| n.to_string()).unwrap_or_default();
            csv_row(
                out,
                &[
                    &body,
                    date,
                    time,
                    &i.duty.duty,
                    &i.duty.title,
                    &doc_words(&i.duty),
                    i.duty.clause.as_deref().unwrap_or(""),
                    &presenters(&i.duty),
                    &i.due,
                    &days,
                    if i.late { "yes" } else { "" },
                    kind_word(i.kind),
                ],
            );
        };
        for m in &b.meetings {
            let time = m.time.as_deref().unwrap_or("");
            // A meeting known only by its month is dated by its month (`2027-03`).
            let date = if m.day_known {
                m.date.clone()
            } else {
                m.date.chars().take(7).collect()
            };
            if m.items.is_empty() {
                csv_row(
                    &mut out,
                    &[
                        &body, &date, time, "", "", "", "", "", "", "", "", "no_items",
                    ],
                );
            }
            for i in &m.items {
                item_row(&mut out, &date, time, i);
            }
        }
        for i in &b.unplaced {
            item_row(&mut out, "", "", i);
        }
        for (kind, list) in [
            ("triggered", &b.triggered),
            ("standing", &b.standing),
            ("undated", &b.undated),
        ] {
            for d in list {
                csv_row(
                    &mut out,
                    &[
                        &body,
                        "",
                        "",
                        &d.duty,
                        &d.title,
                        &doc_words(d),
                        d.clause.as_deref().unwrap_or(""),
                        &presenters(d),
                        "",
                        "",
                        "",
                        kind,
                    ],
                );
            }
        }
    }
    out
}

/// The document, with its file in a set.
fn doc_words(d: &DutyOut) -> String {
    match &d.file {
        Some(f) if *f != d.document => format!("{} ({f})", d.document),
        _ => d.document.clone(),
    }
}

/// The heading of the items no meeting in the period receives.
fn unplaced_title(b: &BodyOut) -> &'static str {
    if b.has_meeting_dates {
        "Due in this period, but no meeting in it receives them"
    } else {
        "Items by due date"
    }
}

/// The duties a body's plan lists apart from its meetings, each list with its heading.
fn apart(b: &BodyOut) -> [(&'static str, &Vec<DutyOut>); 3] {
    [
        ("Triggered: due when something happens", &b.triggered),
        ("Standing duties", &b.standing),
        ("Not dated", &b.undated),
    ]
}

/// What a body's plan says of its meetings before listing them.
fn meetings_sentence(b: &BodyOut) -> String {
    if !b.has_meeting_dates {
        "No meeting dates are given for this body, so its items are listed by due date.".into()
    } else if b.meetings.is_empty() {
        "No meetings in this period.".into()
    } else {
        format!("{} in this period.", count(b.meetings.len(), "meeting"))
    }
}
