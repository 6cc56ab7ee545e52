//! The semantic model: the syntax tree with names resolved, cadences turned into dated
//! schedules and dates validated. Resolution never reports anything itself: it records
//! what it could not resolve (unknown names, duplicates, cadence problems) in the model,
//! and the checks in [`crate::checks`] turn those records into diagnostics.

use crate::name::{FastMap, Name};
use crate::schedule::{self, DayRule, Period, Schedule};
use crate::source::Span;
use crate::syntax::ast::{self, DeclKind, Item, PropKind};
use crate::syntax::vocab;
use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Serialize, Serializer};
use std::collections::BTreeMap;

/// A declared name and where it is declared.
#[derive(Debug, Clone)]
pub struct Symbol {
    /// What it is.
    pub kind: DeclKind,
    /// Its position in the model's list of that kind.
    pub index: usize,
    /// The span of the name in its declaration.
    pub name_span: Span,
}

/// What a reference is for: the property it stands in and the declaration it belongs
/// to. Its words ("recipient of duty `x`") are written when it is displayed, so a file
/// whose names all resolve never builds them.
#[derive(Clone, PartialEq, Eq)]
pub struct Context {
    what: Use,
    owner: Name,
}

/// The property a reference stands in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Use {
    PartyToProtocol,
    AgreedProtocol,
    SignatoryOfProtocol,
    ParentOfBody,
    BodyReportsTo,
    SeatOfRole,
    AppointerOfRole,
    ProducerOfArtefact,
    ConvenorOfEscalation,
    AttendeeOfEscalation,
    ActorOfDuty,
    ArtefactOfDuty,
    RecipientOfDuty,
    TriggerOfDuty,
    OrderingOfDuty,
    TopicOfDuty,
}

impl Context {
    fn new(what: Use, owner: Name) -> Context {
        Context { what, owner }
    }
}

impl std::fmt::Display for Context {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let o = &self.owner;
        match self.what {
            Use::PartyToProtocol => f.write_str("party to the protocol"),
            Use::AgreedProtocol => f.write_str("body that agreed the protocol"),
            Use::SignatoryOfProtocol => f.write_str("signatory of the protocol"),
            Use::ParentOfBody => write!(f, "parent of body `{o}`"),
            Use::BodyReportsTo => write!(f, "body `{o}` reports to"),
            Use::SeatOfRole => write!(f, "seat of role `{o}`"),
            Use::AppointerOfRole => write!(f, "appointer of role `{o}`"),
            Use::ProducerOfArtefact => write!(f, "producer of artefact `{o}`"),
            Use::ConvenorOfEscalation => write!(f, "convenor of escalation `{o}`"),
            Use::AttendeeOfEscalation => write!(f, "attendee of escalation `{o}`"),
            Use::ActorOfDuty => write!(f, "actor of duty `{o}`"),
            Use::ArtefactOfDuty => write!(f, "artefact of duty `{o}`"),
            Use::RecipientOfDuty => write!(f, "recipient of duty `{o}`"),
            Use::TriggerOfDuty => write!(f, "trigger of duty `{o}`"),
            Use::OrderingOfDuty => write!(f, "ordering of duty `{o}`"),
            Use::TopicOfDuty => write!(f, "topic covered by duty `{o}`"),
        }
    }
}

impl std::fmt::Debug for Context {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&self.to_string(), f)
    }
}

/// A name used where a declared name is expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ref {
    /// The name as written.
    pub name: Name,
    /// Where it was written.
    pub span: Span,
    /// The kinds that may stand here.
    pub expected: &'static [DeclKind],
    /// The kind of the declaration it names, if declared at all.
    pub found: Option<DeclKind>,
    /// The position of that declaration in the model's list of its kind.
    index: u32,
    /// What the reference is for, in words ("recipient of duty `x`") when displayed.
    pub context: Context,
}

impl Ref {
    /// True when the name is declared with an expected kind.
    pub fn is_resolved(&self) -> bool {
        self.found.is_some_and(|k| self.expected.contains(&k))
    }

    /// The kind of the declaration named and its position in the model's list of that
    /// kind, when the name is declared (of whatever kind).
    pub fn target(&self) -> Option<(DeclKind, usize)> {
        self.found.map(|k| (k, self.index as usize))
    }

    /// True when both name the same thing: the same declaration when both are declared
    /// (each name's first declaration, so without reading either name's text), else the
    /// same text.
    pub fn same_name(&self, other: &Ref) -> bool {
        match (self.target(), other.target()) {
            (Some(a), Some(b)) => a == b,
            _ => self.name == other.name,
        }
    }
}

impl Serialize for Ref {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.name)
    }
}

impl JsonSchema for Ref {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Ref".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "The name of a declaration."
        })
    }
}

/// A date as written, possibly to month or year precision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartialDate {
    /// The year.
    pub year: i32,
    /// The month, when given.
    pub month: Option<u32>,
    /// The day, when given.
    pub day: Option<u32>,
    /// Where it was written.
    pub span: Span,
}

impl PartialDate {
    fn from_ast(d: &ast::DateLit) -> Self {
        PartialDate {
            year: d.year,
            month: d.month,
            day: d.day,
            span: d.span,
        }
    }

    /// True when the date exists in the calendar (and lies within 1900–2200).
    pub fn is_valid(&self) -> bool {
        self.problem().is_none()
    }

    /// What is wrong with the date, if anything.
    pub fn problem(&self) -> Option<String> {
        if !(1900..=2200).contains(&self.year) {
            return Some(format!(
                "the year {} is outside the years protogov accepts (1900–2200)",
                self.year
            ));
        }
        if let Some(m) = self.month {
            if !(1..=12).contains(&m) {
                return Some(format!("there is no month {m}"));
            }
            if let Some(d) = self.day {
                let last = schedule::days_in_month(self.year, m);
                if d == 0 || d > last {
                    return Some(format!(
                        "{} {} has {last} days, so day {d} does not exist",
                        schedule::month_name(m),
                        self.year
                    ));
                }
            }
        }
        None
    }

    /// The earliest day the date can mean (the 1st of the month, 1 January).
    pub fn start(&self) -> Option<Date> {
        if !self.is_valid() {
            return None;
        }
        Date::new(
            self.year as i16,
            self.month.unwrap_or(1) as i8,
            self.day.unwrap_or(1) as i8,
        )
        .ok()
    }

    /// The day by which something dated so is due: the date itself, or the last working
    /// day of the month (or of December) when only a month (or a year) is given.
    pub fn due(&self) -> Option<Date> {
        if !self.is_valid() {
            return None;
        }
        match (self.month, self.day) {
            (Some(m), Some(d)) => Date::new(self.year as i16, m as i8, d as i8).ok(),
            (Some(m), None) => schedule::last_working_day(self.year as i16, m as i8),
            _ => schedule::last_working_day(self.year as i16, 12),
        }
    }
}

impl std::fmt::Display for PartialDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl JsonSchema for PartialDate {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "PartialDate".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$",
            "description": "A date as written: YYYY, YYYY-MM or YYYY-MM-DD."
        })
    }
}

/// Why a cadence could not be turned into dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CadenceProblem {
    /// A word the language does not know, with a suggestion.
    UnknownWord(String, Option<&'static str>),
    /// A word with two readings: the word and its two explicit forms.
    Ambiguous(String, &'static str, &'static str),
    /// `every 0 years`.
    ZeroPeriod,
    /// A period longer than a century.
    TooLong,
    /// A month-based cadence with no month: it cannot be dated.
    Unanchored,
    /// Months named that the cadence cannot fall in (`yearly in march and september`).
    MonthsInconsistent(String),
    /// A day no such month has (`on 31 september`).
    ImpossibleDay(String),
    /// The `from` date is not a real date.
    BadFrom(String),
}

/// A cadence as written, and the schedule it resolves to.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Cadence {
    /// The cadence as written, normalised ("yearly in september").
    pub text: String,
    /// The dated schedule, when the cadence can be dated.
    pub schedule: Option<Schedule>,
    /// The cycle length, when known even without a date.
    pub period: Option<Period>,
    /// What stops it from being dated.
    #[serde(skip)]
    pub problems: Vec<CadenceProblem>,
    /// The span of the cadence word(s).
    #[serde(skip)]
    pub span: Span,
    /// The span of the anchor, when given.
    #[serde(skip)]
    pub anchor_span: Option<Span>,
}

/// A deadline.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Deadline {
    /// As written ("within 28 days", "in a timely manner").
    pub text: String,
    /// The limit in days, when measurable (months count 30 days, years 365).
    pub days: Option<u32>,
    /// True for phrases that set no measurable limit.
    pub vague: bool,
    /// Where it was written.
    #[serde(skip)]
    pub span: Span,
}

/// An ordering constraint on a duty.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Order {
    /// `before` or `after`.
    pub dir: ast::OrderDir,
    /// The other duty.
    pub target: Ref,
    /// True for `where possible`.
    pub soft: bool,
    /// The whole line.
    #[serde(skip)]
    pub span: Span,
}

/// A seat a role holds.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Seat {
    /// Chair, member or observer.
    pub seat: ast::SeatKind,
    /// On which body.
    pub body: Ref,
}

/// Which topics a duty covers.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(tag = "form", content = "topics", rename_all = "snake_case")]
pub enum Coverage {
    /// No `covers` line.
    None,
    /// `covers all topics`.
    All,
    /// The topics named.
    Topics(Vec<Ref>),
}

/// Fields every declaration has.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Common {
    /// The declared name.
    pub id: Name,
    /// The title, when given.
    pub title: Option<Name>,
    /// The clause of the source document, when cited.
    pub clause: Option<Name>,
    /// Notes in order.
    pub notes: Vec<Name>,
    /// The span of the name.
    #[serde(skip)]
    pub name_span: Span,
    /// The span of the whole declaration.
    #[serde(skip)]
    pub span: Span,
}

impl Common {
    /// The title, or the name when there is none.
    pub fn label(&self) -> &str {
        self.label_name()
    }

    /// The title, or the name when there is none, shared rather than copied.
    pub fn label_name(&self) -> &Name {
        self.title.as_ref().unwrap_or(&self.id)
    }
}

/// An agreement or signature: who, and when.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Signoff {
    /// The body or role.
    pub by: Ref,
    /// When, if given.
    pub on: Option<PartialDate>,
}

/// The protocol's own review.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Review {
    /// How often, as written and resolved.
    pub cadence: Option<Cadence>,
    /// When it was last reviewed.
    pub last_reviewed: Option<PartialDate>,
    /// When the next review is due, as written.
    pub next_review: Option<PartialDate>,
    /// The day the next review falls due (from `next review`, or the last review plus the cadence).
    #[schemars(with = "Option<String>")]
    pub next_due: Option<Date>,
    /// The review's recurring schedule, when dated.
    pub schedule: Option<Schedule>,
}

/// The protocol declaration.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Protocol {
    /// Name, title, clause, notes.
    #[serde(flatten)]
    pub common: Common,
    /// The parties (`between`).
    pub parties: Vec<Ref>,
    /// `agreed by` lines.
    pub agreed: Vec<Signoff>,
    /// `signed by` lines.
    pub signed: Vec<Signoff>,
    /// The version string.
    pub version: Option<Name>,
    /// Abbreviations.
    pub short: Vec<Name>,
    /// The review arrangements.
    pub review: Review,
    /// The span of the `review` line, if any.
    #[serde(skip)]
    pub review_span: Option<Span>,
}

/// A body.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Body {
    /// Name, title, clause, notes.
    #[serde(flatten)]
    pub common: Common,
    /// True for bodies outside the protocol.
    pub external: bool,
    /// True when named in the protocol's `between` line.
    pub party: bool,
    /// Its kind, as written (`committee`, `statutory_partnership`, …).
    pub kind: Option<Name>,
    /// Abbreviations.
    pub short: Vec<Name>,
    /// When it was established.
    pub established: Option<PartialDate>,
    /// The body it is a sub-group of.
    pub subgroup_of: Option<Ref>,
    /// Standing reporting lines.
    pub reports_to: Vec<Ref>,
    /// Member groups described in words.
    pub members: Vec<Name>,
    /// How often it meets.
    pub meets: Option<Cadence>,
}

/// A role.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Role {
    /// Name, title, clause, notes.
    #[serde(flatten)]
    pub common: Common,
    /// Seats held.
    pub seats: Vec<Seat>,
    /// Who appoints the holder.
    pub appointed_by: Vec<Ref>,
    /// Who may stand in.
    pub delegate: Option<Name>,
    /// Abbreviations.
    pub short: Vec<Name>,
}

/// A topic.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Topic {
    /// Name, title, clause, notes.
    #[serde(flatten)]
    pub common: Common,
    /// Statutory references.
    pub statutes: Vec<Name>,
    /// Indicators.
    pub indicators: Vec<Name>,
}

/// An artefact.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Artefact {
    /// Name, title, clause, notes.
    #[serde(flatten)]
    pub common: Common,
    /// Who produces it.
    pub produced_by: Option<Ref>,
    /// Required content.
    pub contains: Vec<Name>,
}

/// An event.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Event {
    /// Name, title, clause, notes.
    #[serde(flatten)]
    pub common: Common,
}

/// A duty.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Duty {
    /// Name, title, clause, notes.
    #[serde(flatten)]
    pub common: Common,
    /// Who acts (none for a passive line without `by`).
    pub actor: Option<Ref>,
    /// The verb, in its active form.
    pub verb: Option<&'static str>,
    /// True when the verb moves the artefact to recipients.
    pub delivers: bool,
    /// What is acted on.
    pub artefact: Option<Ref>,
    /// Who receives it.
    pub recipients: Vec<Ref>,
    /// How often, as written and resolved.
    pub cadence: Option<Cadence>,
    /// The event that triggers it.
    pub trigger: Option<Ref>,
    /// The deadline.
    pub deadline: Option<Deadline>,
    /// Ordering against other duties.
    pub order: Vec<Order>,
    /// Topics covered.
    pub covers: Coverage,
    /// Required content.
    pub contains: Vec<Name>,
    /// Conditions (`unless`, `only if`), in words.
    pub conditions: Vec<String>,
    /// The next due date on or after the analysis date.
    #[schemars(with = "Option<String>")]
    pub next_due: Option<Date>,
    /// The span of the action line.
    #[serde(skip)]
    pub action_span: Option<Span>,
    /// True when a line of the duty did not parse (checks that need it stay quiet).
    #[serde(skip)]
    pub incomplete: bool,
}

/// An escalation route.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Escalation {
    /// Name, title, clause, notes.
    #[serde(flatten)]
    pub common: Common,
    /// What triggers it, in words.
    pub trigger: Option<Name>,
    /// Who convenes it.
    pub convened_by: Option<Ref>,
    /// Who attends.
    pub attended_by: Vec<Ref>,
    /// Open attendance, in words.
    pub others: Option<Name>,
}

/// A narrative clause.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ProseClause {
    /// The clause number or label.
    pub clause: Name,
    /// The heading, when given.
    pub title: Option<Name>,
    /// The text.
    pub text: Name,
}

/// A warning accepted where it is written: `allow PG0307 "why"` (the reason stays in the
/// file; the checks need only the code and where it applies).
#[derive(Debug, Clone)]
pub struct Allowed {
    /// The code as written.
    pub code: Name,
    /// Where the warnings it accepts may be reported: the declaration it is written in,
    /// or `None` in the (first) protocol declaration, which speaks for the whole file.
    pub scope: Option<Span>,
    /// The span of the code.
    pub code_span: Span,
}

/// A name declared twice.
#[derive(Debug, Clone)]
pub struct Duplicate {
    /// The name.
    pub name: String,
    /// The first declaration's name span.
    pub first: Span,
    /// The later declaration's name span.
    pub second: Span,
    /// What the first declared.
    pub first_kind: DeclKind,
    /// What the second declared.
    pub second_kind: DeclKind,
}

/// The references of a model, in the order of [`Model::references`]: one list of fields
/// for both the shared and the mutable walk, so the two cannot disagree.
macro_rules! every_ref {
    ($m:expr, $iter:ident $(, $mut:tt)?) => {{
        let m = $m;
        let protocol = m.protocol.$iter().flat_map(|p| {
            p.parties
                .$iter()
                .chain(p.agreed.$iter().map(|s| &$($mut)? s.by))
                .chain(p.signed.$iter().map(|s| &$($mut)? s.by))
        });
        let bodies = m
            .bodies
            .$iter()
            .flat_map(|b| b.subgroup_of.$iter().chain(b.reports_to.$iter()));
        let roles = m.roles.$iter().flat_map(|r| {
            r.seats
                .$iter()
                .map(|s| &$($mut)? s.body)
                .chain(r.appointed_by.$iter())
        });
        let artefacts = m.artefacts.$iter().flat_map(|a| a.produced_by.$iter());
        let escalations = m
            .escalations
            .$iter()
            .flat_map(|e| e.convened_by.$iter().chain(e.attended_by.$iter()));
        let duties = m.duties.$iter().flat_map(|d| {
            let topics = match &$($mut)? d.covers {
                Coverage::Topics(t) => Some(t),
                _ => None,
            };
            d.actor
                .$iter()
                .chain(d.artefact.$iter())
                .chain(d.recipients.$iter())
                .chain(d.trigger.$iter())
                .chain(d.order.$iter().map(|o| &$($mut)? o.target))
                .chain(topics.into_iter().flat_map(|t| t.$iter()))
        });
        protocol
            .chain(bodies)
            .chain(roles)
            .chain(artefacts)
            .chain(escalations)
            .chain(duties)
            .chain(m.unattached.$iter())
    }};
}

/// The resolved protocol.
#[derive(Debug, Clone, Default, Serialize, JsonSchema)]
pub struct Model {
    /// The protocol declaration (the first, if several).
    pub protocol: Option<Protocol>,
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
    /// Duties in source order.
    pub duties: Vec<Duty>,
    /// Escalations in source order.
    pub escalations: Vec<Escalation>,
    /// Narrative clauses in source order.
    pub prose: Vec<ProseClause>,
    /// Every declared name (the first declaration of each).
    #[serde(skip)]
    pub symbols: FastMap<Name, Symbol>,
    /// References written in the file but kept in no declaration's fields: those of a
    /// second protocol, of a property given twice (only the last is kept), and topics
    /// named after `covers all topics`. See [`Model::references`].
    #[serde(skip)]
    unattached: Vec<Ref>,
    /// Names declared more than once.
    #[serde(skip)]
    pub duplicates: Vec<Duplicate>,
    /// Spans of protocol declarations after the first.
    #[serde(skip)]
    pub extra_protocols: Vec<Span>,
    /// The warnings the file accepts (`allow PG0307 "why"`), in source order; see
    /// [`crate::checks::allows`].
    #[serde(skip)]
    pub allows: Vec<Allowed>,
    /// Names whose declarations did not parse (their uses are not reported as unknown),
    /// with the keyword they were declared with.
    #[serde(skip)]
    pub broken: BTreeMap<String, String>,
    /// Every numbered clause reference (declarations' `clause` lines and prose), in
    /// source order.
    #[serde(skip)]
    pub clause_refs: Vec<ClauseNumber>,
    /// The date schedules without `from` count from (the protocol's earliest agreement).
    #[serde(skip)]
    pub epoch: Option<Date>,
    /// The seats held on each body, by index into `bodies`: (index into `roles`, seat),
    /// in role order. Built by [`resolve`] from resolved seats so that "who sits on this
    /// body" does not scan every role; see [`Model::seated`].
    #[serde(skip)]
    pub seats_on: Vec<Vec<(usize, ast::SeatKind)>>,
}

/// A clause cited by number: its section and, when given, its first-level clause
/// (`4` is section 4; `4.1` and `4.1.2a` are clause 1 of section 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClauseNumber {
    /// The section.
    pub section: u32,
    /// The clause within the section.
    pub clause: Option<u32>,
    /// Where it is cited.
    pub span: Span,
}

impl ClauseNumber {
    /// Read `4`, `4.1` or `4.1a` (every part a number, letters after the last); `None`
    /// for anything else ("front matter").
    pub fn parse(text: &str, span: Span) -> Option<ClauseNumber> {
        let t = text.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let mut parts = t.split('.');
        let section = parts.next()?.parse().ok()?;
        let clause = match parts.next() {
            Some(p) => Some(p.parse().ok()?),
            None => None,
        };
        for p in parts {
            p.parse::<u32>().ok()?;
        }
        Some(ClauseNumber {
            section,
            clause,
            span,
        })
    }
}

const BODY: &[DeclKind] = &[DeclKind::Body];
const BODY_OR_ROLE: &[DeclKind] = &[DeclKind::Body, DeclKind::Role];
const TOPIC: &[DeclKind] = &[DeclKind::Topic];
const ARTEFACT: &[DeclKind] = &[DeclKind::Artefact];
const EVENT: &[DeclKind] = &[DeclKind::Event];
const DUTY: &[DeclKind] = &[DeclKind::Duty];

impl Model {
    /// The symbol a name resolves to.
    pub fn symbol(&self, name: &str) -> Option<&Symbol> {
        self.symbols.get(name)
    }

    /// The common fields of a declared name.
    pub fn common(&self, name: &str) -> Option<&Common> {
        let s = self.symbols.get(name)?;
        self.common_at(s.kind, s.index)
    }

    /// The common fields of the declaration a reference names, if declared.
    pub fn common_of(&self, r: &Ref) -> Option<&Common> {
        let (kind, index) = r.target()?;
        self.common_at(kind, index)
    }

    /// The common fields of the `index`-th declaration of `kind`.
    pub fn common_at(&self, kind: DeclKind, index: usize) -> Option<&Common> {
        Some(match kind {
            DeclKind::Protocol => &self.protocol.as_ref()?.common,
            DeclKind::Body => &self.bodies.get(index)?.common,
            DeclKind::Role => &self.roles.get(index)?.common,
            DeclKind::Topic => &self.topics.get(index)?.common,
            DeclKind::Artefact => &self.artefacts.get(index)?.common,
            DeclKind::Event => &self.events.get(index)?.common,
            DeclKind::Duty => &self.duties.get(index)?.common,
            DeclKind::Escalation => &self.escalations.get(index)?.common,
        })
    }

    /// Every reference to a name, each once: by declaration kind (protocol, bodies,
    /// roles, artefacts, escalations, duties), each declaration's in property order, then
    /// those kept in no declaration. Sort by span for source order.
    pub fn references(&self) -> impl Iterator<Item = &Ref> + '_ {
        every_ref!(self, iter)
    }

    /// [`Model::references`], to change, in the same order.
    fn references_mut(&mut self) -> impl Iterator<Item = &mut Ref> + '_ {
        every_ref!(self, iter_mut, mut)
    }

    /// A body by name.
    pub fn body(&self, name: &str) -> Option<&Body> {
        let s = self.symbols.get(name)?;
        (s.kind == DeclKind::Body).then(|| self.bodies.get(s.index))?
    }

    /// A role by name.
    pub fn role(&self, name: &str) -> Option<&Role> {
        let s = self.symbols.get(name)?;
        (s.kind == DeclKind::Role).then(|| self.roles.get(s.index))?
    }

    /// A duty by name.
    pub fn duty(&self, name: &str) -> Option<&Duty> {
        let s = self.symbols.get(name)?;
        (s.kind == DeclKind::Duty).then(|| self.duties.get(s.index))?
    }

    /// The names of the roles that hold one of `seats` on `body`, in declaration order.
    pub fn seated(&self, body: &str, seats: &[ast::SeatKind]) -> Vec<Name> {
        match self.symbols.get(body) {
            Some(s) if s.kind == DeclKind::Body => self
                .seated_roles(s.index, seats)
                .map(|r| r.common.id.clone())
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The indices (into `roles`) of the roles that hold one of `seats` on the body at
    /// `body` (an index into `bodies`), each once, in declaration order.
    pub fn seated_indices<'a>(
        &'a self,
        body: usize,
        seats: &'a [ast::SeatKind],
    ) -> impl Iterator<Item = usize> + 'a {
        let mut last = None;
        self.seats_on
            .get(body)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .filter_map(move |(role, seat)| {
                if last != Some(*role) && seats.contains(seat) && *role < self.roles.len() {
                    last = Some(*role);
                    Some(*role)
                } else {
                    None
                }
            })
    }

    fn seated_roles<'a>(
        &'a self,
        body: usize,
        seats: &'a [ast::SeatKind],
    ) -> impl Iterator<Item = &'a Role> + 'a {
        self.seated_indices(body, seats)
            .filter_map(|i| self.roles.get(i))
    }

    /// Names declared with one of `kinds`, in alphabetical order, for suggestions and
    /// completion.
    pub fn names_of<'a>(&'a self, kinds: &'a [DeclKind]) -> impl Iterator<Item = &'a str> + 'a {
        let mut names: Vec<&'a str> = self
            .symbols
            .iter()
            .filter(move |(_, s)| kinds.contains(&s.kind))
            .map(|(n, _)| n.as_str())
            .collect();
        names.sort_unstable();
        names.into_iter()
    }
}

/// Build the model from a syntax tree. `today` dates the next occurrence of each duty.
pub fn resolve(file: &ast::File, today: Date) -> Model {
    let mut b = ModelBuilder::new(today);
    let mut kinds = [0usize; 8];
    for item in &file.items {
        if let Item::Decl(d) = item {
            kinds[d.kind as usize] += 1;
        }
    }
    b.reserve(&kinds);
    for item in &file.items {
        b.add(item);
    }
    b.finish()
}

/// Builds the model one item at a time, in source order, as the readers produce them
/// ([`crate::syntax::parse_into`]), so that no whole syntax tree is ever held: each item
/// can be freed as soon as it is added. The result is [`resolve`]'s for the same items.
///
/// A reference to a name declared earlier is resolved when its item is added; one
/// declared later is resolved by [`ModelBuilder::finish`], as are the dates of schedules
/// read before the protocol's agreement date (from which they count) was known.
pub struct ModelBuilder(Resolver);

impl ModelBuilder {
    /// An empty model; `today` dates the next occurrence of each duty.
    pub fn new(today: Date) -> ModelBuilder {
        ModelBuilder(Resolver::new(today))
    }

    /// Make room for declarations of each kind (indexed in [`DeclKind::ALL`] order), so
    /// the lists are not copied as they grow.
    pub fn reserve(&mut self, declarations: &[usize; 8]) {
        self.0.reserve(declarations)
    }

    /// The next item of the file.
    pub fn add(&mut self, item: &Item) {
        self.0.item(item)
    }

    /// The model, once every item is added.
    pub fn finish(self) -> Model {
        self.0.finish()
    }
}

impl crate::syntax::ItemSink for ModelBuilder {
    fn expect(&mut self, _items: usize, declarations: &[usize; 8]) {
        self.reserve(declarations)
    }

    fn item(&mut self, item: Item) {
        self.add(&item)
    }
}

/// The date from which schedules without `from` are counted: the earliest agreement date
/// of the (first) protocol declaration, else its last review.
fn protocol_epoch(decl: &ast::Decl) -> Option<Date> {
    let mut dates: Vec<Date> = decl
        .props()
        .iter()
        .filter_map(|p| match &p.kind {
            PropKind::Agreed { on: Some(d), .. } => PartialDate::from_ast(d).start(),
            _ => None,
        })
        .collect();
    if dates.is_empty() {
        dates.extend(decl.props().iter().filter_map(|p| match &p.kind {
            PropKind::LastReviewed(d) => PartialDate::from_ast(d).start(),
            _ => None,
        }));
    }
    dates.into_iter().min()
}

struct Resolver {
    model: Model,
    /// Each first declaration by its name's number (see [`Bindings::get`]).
    bindings: Bindings,
    /// How many references named nothing declared when they were read: when none did,
    /// `finish` has nothing to look up again and does not walk the references.
    unresolved: usize,
    /// The language's verbs by either form.
    verbs: FastMap<&'static str, &'static vocab::Verb>,
    /// The date next due dates are computed from.
    today: Date,
    /// How many named declarations of each kind have been declared.
    counts: [usize; 8],
    /// True once the first protocol declaration, which sets the epoch, has been read.
    seen_protocol: bool,
    /// Schedules read before that, with what they were read from.
    undated: Vec<(Dated, ast::Cadence, Option<ast::Anchor>)>,
}

/// The first declaration of each name, found by the number the name's parse gave its
/// spelling, in a dense array rather than by hashing the name again; names without a
/// number from that parse are found by their text, in the model's symbol table.
struct Bindings {
    /// The kind and position of each first declaration whose name `interner` numbered,
    /// by that number.
    bound: Vec<Option<(DeclKind, u32)>>,
    /// That interner: the one that made the first declared name with a number.
    interner: Option<u32>,
    /// False once a name was declared without a number from that interner: `bound` then
    /// no longer tells every undeclared name.
    complete: bool,
}

impl Default for Bindings {
    fn default() -> Bindings {
        Bindings {
            bound: Vec::new(),
            interner: None,
            complete: true,
        }
    }
}

impl Bindings {
    /// Record the first declaration of `name`.
    fn bind(&mut self, name: &Name, kind: DeclKind, index: u32) {
        let at = name
            .number()
            .filter(|s| *self.interner.get_or_insert(s.interner) == s.interner);
        match at.and_then(|s| usize::try_from(s.index).ok()) {
            Some(i) => {
                if self.bound.len() <= i {
                    self.bound.resize(i + 1, None);
                }
                self.bound[i] = Some((kind, index));
            }
            None => self.complete = false,
        }
    }

    /// What `name` is declared as, and its position in the list of that kind; `symbols`
    /// is the model's symbol table.
    fn get(&self, symbols: &FastMap<Name, Symbol>, name: &Name) -> Option<(DeclKind, u32)> {
        if let Some(s) = name.number().filter(|s| self.interner == Some(s.interner)) {
            let hit = self.bound.get(s.index as usize).copied().flatten();
            if hit.is_some() || self.complete {
                return hit;
            }
        }
        // A name from another parse or made otherwise, or one not yet declared under its
        // number while some declared names have none: found by its text.
        symbols.get(name.as_str()).map(|s| (s.kind, s.index as u32))
    }
}

/// The epoch when the protocol gives none.
const DEFAULT_EPOCH: Date = jiff::civil::date(2000, 1, 1);

/// Where a schedule read before the epoch was known is kept in the model.
#[derive(Clone, Copy)]
enum Dated {
    /// The `meets` cadence of a body, by index.
    Meets(usize),
    /// The schedule of a duty, by index.
    Schedule(usize),
}

/// A declaration's clause references joined with `, `, in one buffer (rebuilding the
/// joined text at each line made a long run of `clause` lines take quadratic time).
fn joined_clauses(d: &ast::Decl) -> Option<Name> {
    let mut clauses = d.clauses();
    let first = clauses.next()?;
    let Some(second) = clauses.next() else {
        return Some(first.text.clone());
    };
    let mut all = format!("{}, {}", first.text, second.text);
    for c in clauses {
        all.push_str(", ");
        all.push_str(&c.text);
    }
    Some(Name::new(&all))
}

impl Resolver {
    /// An empty model, ready for items in source order.
    fn new(today: Date) -> Resolver {
        Resolver {
            model: Model::default(),
            bindings: Bindings::default(),
            unresolved: 0,
            // As `vocab::verb` reads them: the first verb either of whose forms matches,
            // its active form before its passive one; so later entries are written first.
            verbs: vocab::VERBS
                .iter()
                .rev()
                .flat_map(|v| [(v.passive, v), (v.active, v)])
                .collect(),
            today,
            counts: [0; 8],
            seen_protocol: false,
            undated: Vec::new(),
        }
    }

    /// Room for declarations of each kind, so the lists are not copied as they grow.
    fn reserve(&mut self, all: &[usize; 8]) {
        let m = &mut self.model;
        m.symbols.reserve(all.iter().sum());
        m.bodies.reserve_exact(all[DeclKind::Body as usize]);
        m.roles.reserve_exact(all[DeclKind::Role as usize]);
        m.topics.reserve_exact(all[DeclKind::Topic as usize]);
        m.artefacts.reserve_exact(all[DeclKind::Artefact as usize]);
        m.events.reserve_exact(all[DeclKind::Event as usize]);
        m.duties.reserve_exact(all[DeclKind::Duty as usize]);
        m.escalations
            .reserve_exact(all[DeclKind::Escalation as usize]);
    }

    /// One item, in file order.
    fn item(&mut self, item: &Item) {
        match item {
            Item::Decl(d) => {
                self.declare(d);
                if d.kind == DeclKind::Protocol && !self.seen_protocol {
                    self.seen_protocol = true;
                    self.model.epoch = protocol_epoch(d);
                }
                for c in d.clauses().filter(|c| !c.quoted) {
                    self.model
                        .clause_refs
                        .extend(ClauseNumber::parse(&c.text, c.span));
                }
                self.decl(d)
            }
            Item::Prose(p) => {
                if !p.clause.quoted {
                    self.model
                        .clause_refs
                        .extend(ClauseNumber::parse(&p.clause.text, p.clause.span));
                }
                self.model.prose.push(ProseClause {
                    clause: p.clause.text.clone(),
                    title: p.title.as_ref().map(|t| t.value.clone()),
                    text: p.text.value.clone(),
                })
            }
            Item::Error(e) => {
                if let Some((keyword, name)) = &e.declares {
                    self.model
                        .broken
                        .insert(name.name.to_string(), keyword.clone());
                }
            }
        }
    }

    /// The date schedules without `from` count from (see [`Model::epoch`]).
    fn epoch(&self) -> Date {
        self.model.epoch.unwrap_or(DEFAULT_EPOCH)
    }

    /// A schedule resolved before the protocol was read: kept to be dated again if the
    /// protocol sets another epoch.
    fn dated(&mut self, slot: Dated, cadence: &ast::Cadence, anchor: Option<&ast::Anchor>) {
        if !self.seen_protocol {
            self.undated.push((slot, cadence.clone(), anchor.cloned()));
        }
    }

    /// After every item: resolve the references to names declared after them, date again
    /// the schedules read before the epoch was known, mark the parties and index the seats.
    fn finish(mut self) -> Model {
        if self.unresolved > 0 {
            self.resolve_late();
        }
        let epoch = self.epoch();
        if epoch != DEFAULT_EPOCH {
            for (slot, cadence, anchor) in std::mem::take(&mut self.undated) {
                let c = resolve_cadence(&cadence, anchor.as_ref(), epoch);
                match slot {
                    Dated::Meets(i) => {
                        if let Some(b) = self.model.bodies.get_mut(i) {
                            b.meets = Some(c);
                        }
                    }
                    Dated::Schedule(i) => {
                        if let Some(d) = self.model.duties.get_mut(i) {
                            d.next_due = c.schedule.as_ref().and_then(|s| next_due(s, self.today));
                            d.cadence = Some(c);
                        }
                    }
                }
            }
        }
        let m = &mut self.model;
        let parties: std::collections::HashSet<&str> = m
            .protocol
            .as_ref()
            .map(|p| p.parties.iter().map(|x| x.name.as_str()).collect())
            .unwrap_or_default();
        let party: Vec<bool> = m
            .bodies
            .iter()
            .map(|b| parties.contains(b.common.id.as_str()))
            .collect();
        for (b, party) in m.bodies.iter_mut().zip(party) {
            b.party = party;
        }
        // Who sits where, indexed by body.
        let mut seats_on: Vec<Vec<(usize, ast::SeatKind)>> = vec![Vec::new(); m.bodies.len()];
        for (i, role) in m.roles.iter().enumerate() {
            for s in role.seats.iter().filter(|s| s.body.is_resolved()) {
                if let Some(on) = s.body.target().and_then(|(_, b)| seats_on.get_mut(b)) {
                    on.push((i, s.seat));
                }
            }
        }
        m.seats_on = seats_on;
        self.model
    }

    /// Resolve the references to names declared after them.
    fn resolve_late(&mut self) {
        // Out of the model while its references are changed, to be read beside them.
        let symbols = std::mem::take(&mut self.model.symbols);
        for r in self.model.references_mut().filter(|r| r.found.is_none()) {
            if let Some((kind, index)) = self.bindings.get(&symbols, &r.name) {
                r.found = Some(kind);
                r.index = index;
            }
        }
        self.model.symbols = symbols;
    }

    /// Declare the name of one declaration (the first declaration of a name wins).
    fn declare(&mut self, d: &ast::Decl) {
        if d.name.name.is_empty() {
            return;
        }
        let kind = d.kind;
        let index = self.counts[kind as usize];
        if kind == DeclKind::Protocol && index > 0 {
            self.model.extra_protocols.push(d.name.span);
        }
        self.counts[kind as usize] = index + 1;
        use std::collections::hash_map::Entry;
        match self.model.symbols.entry(d.name.name.clone()) {
            Entry::Occupied(first) => {
                let first = first.get();
                self.model.duplicates.push(Duplicate {
                    name: d.name.name.to_string(),
                    first: first.name_span,
                    second: d.name.span,
                    first_kind: first.kind,
                    second_kind: kind,
                })
            }
            Entry::Vacant(slot) => {
                slot.insert(Symbol {
                    kind,
                    index,
                    name_span: d.name.span,
                });
                self.bindings.bind(&d.name.name, kind, index as u32);
            }
        }
    }

    fn reference(
        &mut self,
        id: &ast::Ident,
        expected: &'static [DeclKind],
        what: Use,
        owner: &Name,
    ) -> Ref {
        let (found, index) = match self.bindings.get(&self.model.symbols, &id.name) {
            Some((kind, index)) => (Some(kind), index),
            None => {
                self.unresolved += 1;
                (None, 0)
            }
        };
        Ref {
            name: id.name.clone(),
            span: id.span,
            expected,
            found,
            index,
            context: Context::new(what, owner.clone()),
        }
    }

    fn refs(
        &mut self,
        ids: &[ast::Ident],
        expected: &'static [DeclKind],
        what: Use,
        owner: &Name,
    ) -> Vec<Ref> {
        ids.iter()
            .map(|i| self.reference(i, expected, what, owner))
            .collect()
    }

    /// Set a property given once per declaration; a value it had already (the property
    /// was written twice) stays a reference of the file.
    fn set(&mut self, slot: &mut Option<Ref>, r: Option<Ref>) {
        if let Some(old) = std::mem::replace(slot, r) {
            self.model.unattached.push(old);
        }
    }

    fn common(&self, d: &ast::Decl) -> Common {
        let mut notes = Vec::new();
        for p in d.props() {
            if let PropKind::Note(s) = &p.kind {
                notes.push(s.value.clone());
            }
        }
        notes.shrink_to_fit();
        Common {
            id: d.name.name.clone(),
            title: d.title.as_ref().map(|t| t.value.clone()),
            clause: joined_clauses(d),
            notes,
            name_span: d.name.span,
            span: d.span,
        }
    }

    fn decl(&mut self, d: &ast::Decl) {
        let (epoch, today) = (self.epoch(), self.today);
        let common = self.common(d);
        for p in d.props() {
            if let PropKind::Allow { code, .. } = &p.kind {
                self.model.allows.push(Allowed {
                    code: code.name.clone(),
                    // The (first) protocol speaks for the whole file.
                    scope: (d.kind != DeclKind::Protocol || self.model.protocol.is_some())
                        .then_some(d.span),
                    code_span: code.span,
                });
            }
        }
        // The declaration's name, shared by the contexts of its references.
        let id = d.name.name.clone();
        match d.kind {
            DeclKind::Protocol => self.protocol(d, common, &id, epoch),
            DeclKind::Body => {
                let mut b = Body {
                    common,
                    external: d.external,
                    party: false,
                    kind: None,
                    short: Vec::new(),
                    established: None,
                    subgroup_of: None,
                    reports_to: Vec::new(),
                    members: Vec::new(),
                    meets: None,
                };
                for p in d.props() {
                    match &p.kind {
                        PropKind::Kind(k) => b.kind = Some(k.name.clone()),
                        PropKind::Short(s) => b.short.extend(s.iter().map(|x| x.value.clone())),
                        PropKind::Established(e) => b.established = Some(PartialDate::from_ast(e)),
                        PropKind::SubgroupOf(x) => {
                            let r = self.reference(x, BODY, Use::ParentOfBody, &id);
                            self.set(&mut b.subgroup_of, Some(r))
                        }
                        PropKind::ReportsTo(xs) => {
                            let refs = self.refs(xs, BODY, Use::BodyReportsTo, &id);
                            b.reports_to.extend(refs)
                        }
                        PropKind::Members(m) => b.members.extend(m.iter().map(|x| x.value.clone())),
                        PropKind::Meets { cadence, anchor } => {
                            let at = Dated::Meets(self.model.bodies.len());
                            self.dated(at, cadence, anchor.as_deref());
                            b.meets = Some(resolve_cadence(cadence, anchor.as_deref(), epoch))
                        }
                        _ => {}
                    }
                }
                self.model.bodies.push(b);
            }
            DeclKind::Role => {
                let mut r = Role {
                    common,
                    seats: Vec::new(),
                    appointed_by: Vec::new(),
                    delegate: None,
                    short: Vec::new(),
                };
                for p in d.props() {
                    match &p.kind {
                        PropKind::Seat { seat, body } => {
                            let body = self.reference(body, BODY, Use::SeatOfRole, &id);
                            r.seats.push(Seat { seat: *seat, body })
                        }
                        PropKind::AppointedBy(xs) => {
                            let refs = self.refs(xs, BODY_OR_ROLE, Use::AppointerOfRole, &id);
                            r.appointed_by.extend(refs)
                        }
                        PropKind::Delegate(s) => r.delegate = Some(s.value.clone()),
                        PropKind::Short(s) => r.short.extend(s.iter().map(|x| x.value.clone())),
                        _ => {}
                    }
                }
                r.seats.shrink_to_fit();
                self.model.roles.push(r);
            }
            DeclKind::Topic => {
                let mut t = Topic {
                    common,
                    statutes: Vec::new(),
                    indicators: Vec::new(),
                };
                for p in d.props() {
                    match &p.kind {
                        PropKind::Statute(s) => {
                            t.statutes.extend(s.iter().map(|x| x.value.clone()))
                        }
                        PropKind::Indicators(s) => {
                            t.indicators.extend(s.iter().map(|x| x.value.clone()))
                        }
                        _ => {}
                    }
                }
                self.model.topics.push(t);
            }
            DeclKind::Artefact => {
                let mut a = Artefact {
                    common,
                    produced_by: None,
                    contains: Vec::new(),
                };
                for p in d.props() {
                    match &p.kind {
                        PropKind::ProducedBy(x) => {
                            let r = self.reference(x, BODY_OR_ROLE, Use::ProducerOfArtefact, &id);
                            self.set(&mut a.produced_by, Some(r))
                        }
                        PropKind::Contains(s) => a.contains.push(s.value.clone()),
                        _ => {}
                    }
                }
                self.model.artefacts.push(a);
            }
            DeclKind::Event => self.model.events.push(Event { common }),
            DeclKind::Duty => self.duty(d, common, &id, epoch, today),
            DeclKind::Escalation => {
                let mut e = Escalation {
                    common,
                    trigger: None,
                    convened_by: None,
                    attended_by: Vec::new(),
                    others: None,
                };
                for p in d.props() {
                    match &p.kind {
                        PropKind::Trigger(ast::Trigger::Text { text }) => {
                            e.trigger = Some(text.value.clone())
                        }
                        PropKind::ConvenedBy(x) => {
                            let r = self.reference(x, BODY_OR_ROLE, Use::ConvenorOfEscalation, &id);
                            self.set(&mut e.convened_by, Some(r))
                        }
                        PropKind::AttendedBy(xs) => {
                            let refs = self.refs(xs, BODY_OR_ROLE, Use::AttendeeOfEscalation, &id);
                            e.attended_by.extend(refs)
                        }
                        PropKind::Others(s) => e.others = Some(s.value.clone()),
                        _ => {}
                    }
                }
                self.model.escalations.push(e);
            }
        }
    }

    fn protocol(&mut self, d: &ast::Decl, common: Common, id: &Name, epoch: Date) {
        let mut p = Protocol {
            common,
            parties: Vec::new(),
            agreed: Vec::new(),
            signed: Vec::new(),
            version: None,
            short: Vec::new(),
            review: Review {
                cadence: None,
                last_reviewed: None,
                next_review: None,
                next_due: None,
                schedule: None,
            },
            review_span: None,
        };
        for prop in d.props() {
            match &prop.kind {
                PropKind::Between(xs) => {
                    let parties = self.refs(xs, BODY, Use::PartyToProtocol, id);
                    p.parties.extend(parties)
                }
                PropKind::Agreed { by, on } => {
                    let by = self.reference(by, BODY_OR_ROLE, Use::AgreedProtocol, id);
                    p.agreed.push(Signoff {
                        by,
                        on: on.as_ref().map(PartialDate::from_ast),
                    })
                }
                PropKind::Signed { by, on } => {
                    let by = self.reference(by, BODY_OR_ROLE, Use::SignatoryOfProtocol, id);
                    p.signed.push(Signoff {
                        by,
                        on: on.as_ref().map(PartialDate::from_ast),
                    })
                }
                PropKind::Version(s) => p.version = Some(s.value.clone()),
                PropKind::Short(s) => p.short.extend(s.iter().map(|x| x.value.clone())),
                PropKind::Review { cadence, anchor } => {
                    p.review_span = Some(prop.span);
                    let mut c = resolve_cadence(cadence, anchor.as_deref(), epoch);
                    // The review is dated by `next review` / `last reviewed`, not by a month.
                    c.problems.retain(|p| *p != CadenceProblem::Unanchored);
                    p.review.cadence = Some(c);
                }
                PropKind::LastReviewed(x) => {
                    p.review.last_reviewed = Some(PartialDate::from_ast(x))
                }
                PropKind::NextReview(x) => p.review.next_review = Some(PartialDate::from_ast(x)),
                _ => {}
            }
        }
        // The review's due date and recurring schedule.
        let period = p.review.cadence.as_ref().and_then(|c| c.period);
        let next_due = match (&p.review.next_review, &p.review.last_reviewed, period) {
            (Some(n), _, _) => n.due(),
            (None, Some(l), Some(Period::Months(m))) => l.start().and_then(|s| {
                let next = s.checked_add(jiff::Span::new().months(m as i64)).ok()?;
                schedule::last_working_day(next.year(), next.month())
            }),
            _ => None,
        };
        p.review.next_due = next_due;
        if let (Some(first), Some(period)) = (next_due, period) {
            let day = match &p.review.next_review {
                Some(PartialDate { day: Some(d), .. }) => DayRule::Day(*d),
                _ => DayRule::LastWorkingDay,
            };
            p.review.schedule = Some(Schedule { period, day, first });
        }
        if self.model.protocol.is_none() {
            self.model.protocol = Some(p);
        } else {
            // Only the first protocol is kept; the names the others use are still uses.
            let refs = p
                .parties
                .into_iter()
                .chain(p.agreed.into_iter().map(|s| s.by))
                .chain(p.signed.into_iter().map(|s| s.by));
            self.model.unattached.extend(refs);
        }
    }

    fn duty(&mut self, d: &ast::Decl, common: Common, id: &Name, epoch: Date, today: Date) {
        let mut duty = Duty {
            common,
            actor: None,
            verb: None,
            delivers: false,
            artefact: None,
            recipients: Vec::new(),
            cadence: None,
            trigger: None,
            deadline: None,
            order: Vec::new(),
            covers: Coverage::None,
            contains: Vec::new(),
            conditions: Vec::new(),
            next_due: None,
            action_span: None,
            incomplete: d.props().iter().any(|p| matches!(p.kind, PropKind::Error)),
        };
        for p in d.props() {
            match &p.kind {
                PropKind::Action(a) => {
                    duty.action_span = Some(p.span);
                    let actor = a
                        .actor
                        .as_ref()
                        .map(|x| self.reference(x, BODY_OR_ROLE, Use::ActorOfDuty, id));
                    self.set(&mut duty.actor, actor);
                    if let Some(v) = self.verbs.get(a.verb.name.as_str()) {
                        duty.verb = Some(v.active);
                        duty.delivers = v.delivers;
                    }
                    let artefact = self.reference(&a.artefact, ARTEFACT, Use::ArtefactOfDuty, id);
                    self.set(&mut duty.artefact, Some(artefact));
                    let recipients =
                        self.refs(&a.recipients, BODY_OR_ROLE, Use::RecipientOfDuty, id);
                    let old = std::mem::replace(&mut duty.recipients, recipients);
                    self.model.unattached.extend(old);
                }
                PropKind::Schedule { cadence, anchor } => {
                    let at = Dated::Schedule(self.model.duties.len());
                    self.dated(at, cadence, anchor.as_deref());
                    duty.cadence = Some(resolve_cadence(cadence, anchor.as_deref(), epoch))
                }
                PropKind::Trigger(ast::Trigger::Event { event }) => {
                    let r = self.reference(event, EVENT, Use::TriggerOfDuty, id);
                    self.set(&mut duty.trigger, Some(r))
                }
                PropKind::Deadline(dl) => {
                    duty.deadline = Some(match dl {
                        ast::Deadline::Within { n, unit } => Deadline {
                            text: format!("within {} {}", n.value, unit.name(n.value)),
                            days: Some(match unit {
                                ast::Unit::Day => n.value,
                                ast::Unit::Week => n.value.saturating_mul(7),
                                ast::Unit::Month => n.value.saturating_mul(30),
                                ast::Unit::Year => n.value.saturating_mul(365),
                            }),
                            vague: false,
                            span: p.span,
                        },
                        ast::Deadline::Vague { phrase } => Deadline {
                            text: phrase.clone(),
                            days: None,
                            vague: true,
                            span: p.span,
                        },
                    })
                }
                PropKind::Order { dir, target, soft } => {
                    let target = self.reference(target, DUTY, Use::OrderingOfDuty, id);
                    duty.order.push(Order {
                        dir: *dir,
                        target,
                        soft: *soft,
                        span: p.span,
                    })
                }
                PropKind::Covers(ast::Covers::All) => {
                    if let Coverage::Topics(old) =
                        std::mem::replace(&mut duty.covers, Coverage::All)
                    {
                        self.model.unattached.extend(old);
                    }
                }
                PropKind::Covers(ast::Covers::Topics { topics }) => {
                    let refs = self.refs(topics, TOPIC, Use::TopicOfDuty, id);
                    match &mut duty.covers {
                        Coverage::Topics(v) => v.extend(refs),
                        Coverage::All => self.model.unattached.extend(refs),
                        Coverage::None => duty.covers = Coverage::Topics(refs),
                    }
                }
                PropKind::Contains(s) => duty.contains.push(s.value.clone()),
                PropKind::Condition { kind, text } => duty.conditions.push(match kind {
                    ast::ConditionKind::Unless => format!("unless {}", text.value),
                    ast::ConditionKind::OnlyIf => format!("only if {}", text.value),
                }),
                _ => {}
            }
        }
        duty.next_due = duty
            .cadence
            .as_ref()
            .and_then(|c| c.schedule.as_ref())
            .and_then(|s| next_due(s, today));
        // Large models are held whole: no spare room in the lists pushed to.
        duty.order.shrink_to_fit();
        duty.contains.shrink_to_fit();
        duty.conditions.shrink_to_fit();
        self.model.duties.push(duty);
    }
}

/// The first due date on or after `today`: the same date as
/// [`Schedule::next_on_or_after`] (looking at most 200 years ahead), found by skipping the
/// cycles that end before `today` instead of listing every date since the first.
pub fn next_due(s: &Schedule, today: Date) -> Option<Date> {
    if s.first >= today {
        return Some(s.first);
    }
    let until = today.checked_add(jiff::Span::new().years(200)).ok()?;
    match s.period {
        Period::Months(p) if p > 0 => {
            let index = |d: Date| d.year() as i64 * 12 + (d.month() as i64 - 1);
            let start = index(s.first);
            // Every cycle before the k0-th falls in a month before today's.
            let k0 = (index(today) - start).max(0) / p as i64;
            let rule = match s.day {
                DayRule::Day(_) => DayRule::Day(s.first.day() as u32),
                r => r,
            };
            let mut k = k0;
            loop {
                let i = start + k * p as i64;
                let (y, m) = (i.div_euclid(12) as i32, (i.rem_euclid(12) + 1) as u32);
                if y > until.year() as i32 {
                    return None;
                }
                if let Some(d) = schedule::due_in_month(y, m, rule) {
                    if d > until {
                        return None;
                    }
                    if d >= today {
                        return Some(d);
                    }
                }
                k += 1;
            }
        }
        Period::Days(n) if n > 0 => {
            let behind = (today - s.first).get_days().max(0) as i64;
            let skip = behind / n as i64 * n as i64;
            let mut d = s.first.checked_add(jiff::Span::new().days(skip)).ok()?;
            while d < today {
                d = d.checked_add(jiff::Span::new().days(n as i64)).ok()?;
            }
            (d <= until).then_some(d)
        }
        _ => None,
    }
}

fn cadence_text(c: &ast::Cadence, anchor: Option<&ast::Anchor>) -> String {
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

/// "a", "a and b", "a, b and c".
pub fn join_and(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Resolve a cadence and its anchor into a schedule, recording every problem found.
pub fn resolve_cadence(c: &ast::Cadence, anchor: Option<&ast::Anchor>, epoch: Date) -> Cadence {
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
                    ast::Unit::Day => (Period::Days(n), n / 30),
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
    let mut epoch = epoch;
    if let Some(f) = anchor.and_then(|a| a.from.as_ref()) {
        let f = PartialDate::from_ast(f);
        match (f.problem(), f.start()) {
            (Some(p), _) => problems.push(CadenceProblem::BadFrom(p)),
            (None, Some(s)) => epoch = s,
            _ => {}
        }
    }
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
            (Period::Months(_), None) => {
                if !problems
                    .iter()
                    .any(|p| matches!(p, CadenceProblem::ImpossibleDay(_)))
                {
                    problems.push(CadenceProblem::Unanchored)
                }
            }
            (Period::Months(p), Some((months, rule))) => {
                let consistent = if p <= 12 && 12 % p == 0 {
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
                } else {
                    schedule = months
                        .iter()
                        .filter_map(|m| Schedule::anchored(period, *m, rule, epoch))
                        .min_by_key(|s| s.first);
                }
            }
            (Period::Days(_), Some(_)) => problems.push(CadenceProblem::MonthsInconsistent(
                "a cadence counted in weeks or days cannot be tied to a month".into(),
            )),
            (Period::Days(_), None) => {
                schedule = Some(Schedule {
                    period,
                    day: DayRule::LastWorkingDay,
                    first: epoch,
                })
            }
        }
    }
    Cadence {
        text: cadence_text(c, anchor),
        schedule,
        period,
        problems,
        span: c.span,
        anchor_span: anchor.map(|a| a.span),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn next_due_agrees_with_listing_every_date() {
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
                        assert_eq!(
                            next_due(&s, today),
                            s.next_on_or_after(today),
                            "{s:?} from {today}"
                        );
                    }
                }
            }
        }
    }
}
