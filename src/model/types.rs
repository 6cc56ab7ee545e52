//! The model's types: declarations with their names resolved, references, and what
//! resolution could not resolve.

use super::dates::PartialDate;
use crate::name::{FastMap, Name};
use crate::schedule::{Period, Schedule};
use crate::source::Span;
use crate::syntax::ast::{self, DeclKind};
use jiff::civil::Date;
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
    pub(crate) what: Use,
    pub(crate) owner: Name,
}

/// The property a reference stands in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Use {
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
    ObjectOfDuty,
    AboutOfDuty,
    ReceiptOfDuty,
    MeetingsOfDuty,
    RecipientOfDuty,
    TriggerOfDuty,
    OrderingOfDuty,
    TopicOfDuty,
    BodyOfTerms,
    RecommenderOfProtocol,
    ElectorOfRole,
    StoodInFor,
    MemberOfGroup,
}

impl Context {
    pub(crate) fn new(what: Use, owner: Name) -> Context {
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
            Use::ObjectOfDuty => write!(f, "object of duty `{o}`"),
            Use::AboutOfDuty => write!(f, "subject of duty `{o}`"),
            Use::ReceiptOfDuty => write!(f, "duty whose receipt sets off duty `{o}`"),
            Use::MeetingsOfDuty => write!(f, "body whose meetings date duty `{o}`"),
            Use::RecipientOfDuty => write!(f, "recipient of duty `{o}`"),
            Use::TriggerOfDuty => write!(f, "trigger of duty `{o}`"),
            Use::OrderingOfDuty => write!(f, "ordering of duty `{o}`"),
            Use::TopicOfDuty => write!(f, "topic covered by duty `{o}`"),
            Use::BodyOfTerms => f.write_str("body the terms of reference constitute"),
            Use::RecommenderOfProtocol => f.write_str("body that recommended the document"),
            Use::ElectorOfRole => write!(f, "elector of role `{o}`"),
            Use::StoodInFor => write!(f, "role that role `{o}` stands in for"),
            Use::MemberOfGroup => write!(f, "member of group `{o}`"),
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
    pub(crate) index: u32,
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
    /// A cadence whose dates depend on where its cycle starts (`every 2 weeks`, `every 2
    /// years in september`), with no `from` date and no agreement date to start from.
    NoStart,
    /// Months named that the cadence cannot fall in (`yearly in march and september`).
    MonthsInconsistent(String),
    /// A day no such month has (`on 31 september`).
    ImpossibleDay(String),
    /// The `from` date is not a real date.
    BadFrom(String),
}

/// A cadence as written, and the schedule it resolves to.
#[derive(Debug, Clone)]
pub struct Cadence {
    /// The cadence as written, normalised ("yearly in september").
    pub text: String,
    /// The start of its cycle, when given (`from DATE`).
    pub start: Option<Date>,
    /// The dated schedule, when the cadence can be dated.
    pub schedule: Option<Schedule>,
    /// The cycle length, when known even without a date.
    pub period: Option<Period>,
    /// What stops it from being dated.
    pub problems: Vec<CadenceProblem>,
    /// The span of the cadence word(s).
    pub span: Span,
    /// The span of the anchor, when given.
    pub anchor_span: Option<Span>,
}

/// A deadline.
#[derive(Debug, Clone)]
pub struct Deadline {
    /// As written ("within 28 days", "in a timely manner").
    pub text: String,
    /// The limit in days, when measurable (months count 30 days, years 365, and five
    /// working days a week).
    pub days: Option<u32>,
    /// True for phrases that set no measurable limit.
    pub vague: bool,
    /// Where it was written.
    pub span: Span,
}

/// An ordering constraint on a duty.
#[derive(Debug, Clone)]
pub struct Order {
    /// `before` or `after`.
    pub dir: ast::OrderDir,
    /// The other duty.
    pub target: Ref,
    /// True for `where possible`.
    pub soft: bool,
    /// The whole line.
    pub span: Span,
}

/// A seat a role holds.
#[derive(Debug, Clone)]
pub struct Seat {
    /// Chair, vice chair, co-chair, member, observer or attendee.
    pub seat: ast::SeatKind,
    /// On which body.
    pub body: Ref,
    /// Its classes (`ex officio`, `non-voting`, …).
    pub classes: Vec<ast::MemberClass>,
    /// The whole line.
    pub span: Span,
}

/// `members 7 "elected members", politically proportionate`.
#[derive(Debug, Clone)]
pub struct MemberSeats {
    /// How many seats.
    pub count: u32,
    /// Who fills them.
    pub who: Name,
    /// Their classes.
    pub classes: Vec<ast::MemberClass>,
    /// The whole line.
    pub span: Span,
}

impl MemberSeats {
    /// True unless the seats are `non-voting`.
    pub fn voting(&self) -> bool {
        !self.classes.contains(&ast::MemberClass::NonVoting)
    }
}

/// `quorum 3 members including 1 "elected member"`.
#[derive(Debug, Clone)]
pub struct Quorum {
    /// How many members make a quorum.
    pub count: u32,
    /// Who must be among them: how many, of whom.
    pub including: Vec<(u32, Name, Span)>,
    /// The whole line.
    pub span: Span,
}

/// `meets at least 6 times a year`.
#[derive(Debug, Clone, Copy)]
pub struct MeetingsPerYear {
    /// How many.
    pub n: u32,
    /// True for `at least`.
    pub at_least: bool,
    /// The whole line.
    pub span: Span,
}

/// A body's meetings as written: a rule, the dates agreed, cancellations and extra
/// meetings. `crate::meetings` works out the dates from it and the `meets` cadence.
#[derive(Debug, Clone, Default)]
pub struct MeetingCalendar {
    /// `meets on the second tuesday of january, april, july and october`.
    pub rule: Option<ast::MeetingRule>,
    /// The span of the rule's line.
    pub rule_span: Option<Span>,
    /// `at TIME` on a `meets CADENCE` line.
    pub time: Option<ast::Clock>,
    /// `meetings DATE, …`: the dates agreed.
    pub dates: Vec<MeetingDay>,
    /// `extra meeting DATE`.
    pub extra: Vec<MeetingDay>,
    /// `cancelled DATE`.
    pub cancelled: Vec<PartialDate>,
}

impl MeetingCalendar {
    /// True when the body says nothing of its meetings' dates beyond a cadence.
    pub fn is_empty(&self) -> bool {
        self.rule.is_none() && self.dates.is_empty() && self.extra.is_empty()
    }
}

/// One meeting date as written, with its time of day when given.
#[derive(Debug, Clone)]
pub struct MeetingDay {
    /// The date.
    pub date: PartialDate,
    /// The time of day.
    pub time: Option<ast::Clock>,
}

/// `elected by cpb at its first meeting, then yearly by council`.
#[derive(Debug, Clone)]
pub struct Election {
    /// Who elects.
    pub by: Ref,
    /// True for `at its first meeting`.
    pub first_meeting: bool,
    /// How often it is repeated (as written) and by whom.
    pub then: Option<(String, Ref)>,
}

/// `stands in for ROLE when "…"`.
#[derive(Debug, Clone)]
pub struct StandIn {
    /// The role stood in for.
    pub role: Ref,
    /// When, in words.
    pub when: Option<Name>,
}

/// `held by "Name" from DATE until DATE`.
#[derive(Debug, Clone)]
pub struct Holder {
    /// The holder's name.
    pub name: Name,
    /// From when.
    pub from: Option<PartialDate>,
    /// Until when.
    pub until: Option<PartialDate>,
    /// The whole line.
    pub span: Span,
}

/// `version "v3" on 2025-02-20`.
#[derive(Debug, Clone)]
pub struct Version {
    /// The label.
    pub label: Name,
    /// When it was issued.
    pub on: Option<PartialDate>,
    /// The whole line.
    pub span: Span,
}

/// Which kind of document a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    /// `protocol`: between two or more parties.
    Protocol,
    /// `terms of reference`: one body's constitution.
    Terms,
}

impl DocumentKind {
    /// The keyword, for messages and the JSON.
    pub fn words(self) -> &'static str {
        match self {
            DocumentKind::Protocol => "protocol",
            DocumentKind::Terms => "terms of reference",
        }
    }
}

/// Which topics a duty covers.
#[derive(Debug, Clone)]
pub enum Coverage {
    /// No `covers` line.
    None,
    /// `covers all topics`.
    All,
    /// The topics named.
    Topics(Vec<Ref>),
}

/// Fields every declaration has.
#[derive(Debug, Clone)]
pub struct Common {
    /// The declared name.
    pub id: Name,
    /// The title, when given.
    pub title: Option<Name>,
    /// The clause of the source document, when cited.
    pub clause: Option<Name>,
    /// Notes in order.
    pub notes: Vec<Name>,
    /// The legal basis (`under "…"` lines), in order.
    pub under: Vec<Name>,
    /// The span of the name.
    pub name_span: Span,
    /// The span of the whole declaration.
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
#[derive(Debug, Clone)]
pub struct Signoff {
    /// The body or role.
    pub by: Ref,
    /// When, if given.
    pub on: Option<PartialDate>,
    /// True for `agreed in principle by`: a step before the agreement.
    pub in_principle: bool,
    /// Who recommended it (`on the recommendation of`).
    pub recommended_by: Option<Ref>,
    /// The whole line.
    pub span: Span,
}

/// The protocol's own review.
#[derive(Debug, Clone)]
pub struct Review {
    /// How often, as written and resolved.
    pub cadence: Option<Cadence>,
    /// When it was last reviewed.
    pub last_reviewed: Option<PartialDate>,
    /// When the next review is due, as written.
    pub next_review: Option<PartialDate>,
    /// The day the next review falls due (from `next review`, or the last review plus the cadence).
    pub next_due: Option<Date>,
    /// The review's recurring schedule, when dated.
    pub schedule: Option<Schedule>,
    /// An event that also calls for a review (`or when "…"`).
    pub or_when: Option<Name>,
    /// What `next_due` was worked out from, when it is known.
    pub basis: Option<ReviewBasis>,
}

/// What the protocol's next review date was worked out from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewBasis {
    /// `next review DATE`, as written.
    NextReview,
    /// `last reviewed DATE` and one cycle of the cadence.
    LastReviewed,
    /// The `from DATE` of the review's cadence: the first review.
    From,
    /// The date the protocol was agreed (the latest `agreed by … on DATE`) and one cycle.
    Agreed(PartialDate),
}

/// The document declaration: a protocol or a terms of reference.
#[derive(Debug, Clone)]
pub struct Protocol {
    /// Name, title, clause, notes.
    pub common: Common,
    /// Which kind of document.
    pub kind: DocumentKind,
    /// The body a terms of reference constitutes (`for`).
    pub for_body: Option<Ref>,
    /// When it takes effect.
    pub effective_from: Option<PartialDate>,
    /// The span of the `effective from` line.
    pub effective_span: Option<Span>,
    /// The version history, as written (newest first, by convention).
    pub versions: Vec<Version>,
    /// The parties (`between`).
    pub parties: Vec<Ref>,
    /// `agreed by` lines.
    pub agreed: Vec<Signoff>,
    /// `signed by` lines.
    pub signed: Vec<Signoff>,
    /// The current version: the latest dated entry of `versions`, else the first.
    pub version: Option<Name>,
    /// Abbreviations.
    pub short: Vec<Name>,
    /// The review arrangements.
    pub review: Review,
    /// The span of the `review` line, if any.
    pub review_span: Option<Span>,
    /// True when a line of the protocol did not parse (it may have been the review's).
    pub incomplete: bool,
}

/// A body.
#[derive(Debug, Clone)]
pub struct Body {
    /// Name, title, clause, notes.
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
    /// Seats by count and class.
    pub seats: Vec<MemberSeats>,
    /// Unfilled seats.
    pub vacancies: Option<u32>,
    /// The quorum.
    pub quorum: Option<Quorum>,
    /// How often it meets.
    pub meets: Option<Cadence>,
    /// True for `meets at least CADENCE`.
    pub meets_at_least: bool,
    /// `meets [at least] N times a year`.
    pub meetings_per_year: Option<MeetingsPerYear>,
    /// The meeting calendar: rule, dates, cancellations, extra meetings.
    pub calendar: MeetingCalendar,
    /// `open to the public` (true) or `closed to the public` (false).
    pub public: Option<bool>,
    /// The areas it covers.
    pub area: Vec<Name>,
    /// The legal basis it was established under.
    pub established_under: Option<Name>,
}

impl Body {
    /// The voting seats counted by `members N …` lines, when any are counted.
    pub fn voting_seats(&self) -> Option<u32> {
        if self.seats.is_empty() {
            return None;
        }
        Some(
            self.seats
                .iter()
                .filter(|s| s.voting())
                .fold(0u32, |n, s| n.saturating_add(s.count)),
        )
    }
}

/// A role.
#[derive(Debug, Clone)]
pub struct Role {
    /// Name, title, clause, notes.
    pub common: Common,
    /// Seats held.
    pub seats: Vec<Seat>,
    /// Who appoints the holder.
    pub appointed_by: Vec<Ref>,
    /// Who may stand in.
    pub delegate: Option<Name>,
    /// Abbreviations.
    pub short: Vec<Name>,
    /// How the holder is elected.
    pub elected: Option<Election>,
    /// The roles the holder stands in for.
    pub stands_in: Vec<StandIn>,
    /// Who has held the office, in the order written.
    pub holders: Vec<Holder>,
    /// True when a line of the role did not parse (it may have been a seat).
    pub incomplete: bool,
}

/// A group: a collective name for bodies.
#[derive(Debug, Clone)]
pub struct Group {
    /// Name, title, clause, notes.
    pub common: Common,
    /// The bodies (and groups) it includes, as written.
    pub includes: Vec<Ref>,
    /// Abbreviations.
    pub short: Vec<Name>,
}

/// A topic.
#[derive(Debug, Clone)]
pub struct Topic {
    /// Name, title, clause, notes.
    pub common: Common,
    /// Statutory references.
    pub statutes: Vec<Name>,
    /// Indicators.
    pub indicators: Vec<Name>,
}

/// An artefact.
#[derive(Debug, Clone)]
pub struct Artefact {
    /// Name, title, clause, notes.
    pub common: Common,
    /// Who produces it.
    pub produced_by: Option<Ref>,
    /// Required content.
    pub contains: Vec<Name>,
}

/// An event.
#[derive(Debug, Clone)]
pub struct Event {
    /// Name, title, clause, notes.
    pub common: Common,
}

/// A duty.
#[derive(Debug, Clone)]
pub struct Duty {
    /// Name, title, clause, notes.
    pub common: Common,
    /// Who acts (none for a passive line without `by`).
    pub actor: Option<Ref>,
    /// The other actors of a joint duty (`scp and sab submit …`).
    pub co_actors: Vec<Ref>,
    /// True for `each of GROUP …`: the actor is a group and each of its members acts.
    pub each: bool,
    /// True for `to the others`: each member delivers to every other member.
    pub to_others: bool,
    /// True when the recipients are alternatives (`to lead_member or cabinet`): one of
    /// them receives it.
    pub alternatives: bool,
    /// The verb, in its active form.
    pub verb: Option<&'static str>,
    /// True when the verb moves the artefact to recipients.
    pub delivers: bool,
    /// `should`, `may`, `must`, `will` or the plain verb.
    pub modality: ast::Modality,
    /// True for `ongoing`: a standing function, never in a calendar.
    pub standing: bool,
    /// What is acted on: an artefact, or for a verb of oversight a topic, a body, a role
    /// or a group (the kinds the verb takes, `vocab::Verb::object`).
    pub artefact: Option<Ref>,
    /// What the object is held to account for, consulted on or notified of.
    pub about: Option<Ref>,
    /// The word that introduces `about` (`for`, `on`, `of`).
    pub about_word: Option<&'static str>,
    /// True when the verb oversees its object (`scrutinises`, `challenges`, `holds to
    /// account`, `monitors`): a body or role as the object is an oversight edge.
    pub oversees: bool,
    /// Who receives it.
    pub recipients: Vec<Ref>,
    /// How often, as written and resolved.
    pub cadence: Option<Cadence>,
    /// The event that triggers it.
    pub trigger: Option<Ref>,
    /// The duty whose delivery sets it off (`on receipt of DUTY`).
    pub receipt: Option<Ref>,
    /// When it falls due against each meeting of a body.
    pub meeting: Option<MeetingTiming>,
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
    pub next_due: Option<Date>,
    /// The span of the action line.
    pub action_span: Option<Span>,
    /// True when a line of the duty did not parse (checks that need it stay quiet).
    pub incomplete: bool,
}

/// How a duty falls due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timing {
    /// Its cadence resolved to a dated schedule.
    Dated,
    /// It falls due when an event happens.
    Event,
    /// Neither: no cadence, or one that cannot be dated.
    Undated,
    /// A standing function (`ongoing`): always in force, never due.
    Standing,
    /// It falls due against each meeting of a body (dated when the meetings are).
    Meeting,
}

impl Duty {
    /// How the duty falls due.
    pub fn timing(&self) -> Timing {
        if self.standing {
            Timing::Standing
        } else if self.cadence.as_ref().is_some_and(|c| c.schedule.is_some()) {
            Timing::Dated
        } else if self.meeting.is_some() {
            Timing::Meeting
        } else if self.trigger.is_some() || self.receipt.is_some() {
            Timing::Event
        } else {
            Timing::Undated
        }
    }
}

/// A duty dated from each meeting of a body: `within 10 working days of each meeting of
/// lscb`.
#[derive(Debug, Clone)]
pub struct MeetingTiming {
    /// The body whose meetings date the duty.
    pub body: Ref,
    /// When against each meeting.
    pub offset: ast::MeetingOffset,
    /// The whole line.
    pub span: Span,
}

/// The longest limit in working days a meeting-relative duty is dated for (about forty
/// years).
const MAX_WORKING_DAYS: u32 = 10_000;

impl MeetingTiming {
    /// The line as written, normalised: `within 10 working days of each meeting of lscb`.
    pub fn text(&self) -> String {
        self.text_with(&self.body.name)
    }

    /// [`MeetingTiming::text`] with the body called `body` (its title, for people).
    pub fn text_with(&self, body: &str) -> String {
        let when = match self.offset {
            ast::MeetingOffset::At => "at".to_string(),
            ast::MeetingOffset::Before => "before".to_string(),
            ast::MeetingOffset::Within { n, unit } => {
                format!("within {} {} of", n.value, unit.name(n.value))
            }
        };
        format!("{when} each meeting of {body}")
    }

    /// The day a duty is due for a meeting on `meeting`: the meeting day, the working day
    /// before it, or the meeting day plus the limit (working days by `region`'s holidays).
    pub fn due_for(&self, meeting: Date, region: crate::holidays::Region) -> Option<Date> {
        use crate::holidays::{add_working_days, working_day_on_or_before};
        let after = |span: jiff::Span| meeting.checked_add(span).ok();
        match self.offset {
            ast::MeetingOffset::At => Some(meeting),
            ast::MeetingOffset::Before => {
                working_day_on_or_before(region, meeting.yesterday().ok()?)
            }
            ast::MeetingOffset::Within { n, unit } => {
                let n = n.value;
                // A limit in calendar time that ends on a day off is due the working day
                // before, as a schedule's date is.
                let after = |span| after(span).and_then(|d| working_day_on_or_before(region, d));
                match unit {
                    ast::Unit::Day => after(jiff::Span::new().try_days(i64::from(n)).ok()?),
                    ast::Unit::Week => after(jiff::Span::new().try_weeks(i64::from(n)).ok()?),
                    ast::Unit::Month => after(jiff::Span::new().try_months(i64::from(n)).ok()?),
                    ast::Unit::Year => after(jiff::Span::new().try_years(i64::from(n)).ok()?),
                    // Counted a day at a time: a limit past any calendar's reach
                    // (a working lifetime) gives no date rather than a long count.
                    ast::Unit::WorkingDay if n > MAX_WORKING_DAYS => None,
                    ast::Unit::WorkingDay => add_working_days(region, meeting, n),
                }
            }
        }
    }
}

/// An escalation route.
#[derive(Debug, Clone)]
pub struct Escalation {
    /// Name, title, clause, notes.
    pub common: Common,
    /// What triggers it, in words.
    pub trigger: Option<Name>,
    /// Who convenes it.
    pub convened_by: Option<Ref>,
    /// Who attends.
    pub attended_by: Vec<Ref>,
    /// Open attendance, in words.
    pub others: Option<Name>,
    /// The stages of its ladder, as written (empty for a single meeting).
    pub stages: Vec<Stage>,
    /// True when a line of the escalation did not parse (it may have named an attendee).
    pub incomplete: bool,
}

/// One stage of an escalation ladder.
#[derive(Debug, Clone)]
pub struct Stage {
    /// Its number as written.
    pub number: u32,
    /// Where the number is written.
    pub number_span: Span,
    /// Its heading, when given.
    pub title: Option<Name>,
    /// Who takes part.
    pub participants: Vec<Ref>,
    /// How long the stage has.
    pub limit: Option<StageLimit>,
    /// What brings the concern to this stage, in words.
    pub trigger: Option<Name>,
    /// The whole line.
    pub span: Span,
}

/// A stage's time limit.
#[derive(Debug, Clone)]
pub struct StageLimit {
    /// The count.
    pub n: u32,
    /// The unit.
    pub unit: ast::LimitUnit,
    /// True when counted from when the concern was first raised (`of the concern`), not
    /// from the start of the stage.
    pub of_concern: bool,
    /// Words that qualify it ("or sooner if the child is at risk").
    pub qualifier: Option<Name>,
    /// Where its count is written.
    pub span: Span,
}

/// What a stage's limit measures: working days apart from calendar time, which is counted
/// in hours so that `48 hours` and `2 days` compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitMeasure {
    /// Working days (a week is five).
    WorkingDays(u64),
    /// Calendar time in hours.
    Hours(u64),
}

impl StageLimit {
    /// The limit as written, normalised: `5 working days of the concern`.
    pub fn text(&self) -> String {
        let mut t = format!("{} {}", self.n, self.unit.name(self.n));
        if self.of_concern {
            t.push_str(" of the concern");
        }
        t
    }

    /// The limit in calendar days, where it is measurable in them (hours rounded up; not
    /// working days, whose length depends on the dates, nor months).
    pub fn days(&self) -> Option<u32> {
        match self.unit {
            ast::LimitUnit::Hour => Some(self.n.div_ceil(24)),
            ast::LimitUnit::Day => Some(self.n),
            ast::LimitUnit::Week => self.n.checked_mul(7),
            ast::LimitUnit::WorkingDay | ast::LimitUnit::Month => None,
        }
    }

    /// The limit in working days, where it is counted in them (a week is five).
    pub fn working_days(&self) -> Option<u32> {
        match self.unit {
            ast::LimitUnit::WorkingDay => Some(self.n),
            ast::LimitUnit::Week => self.n.checked_mul(5),
            _ => None,
        }
    }

    /// What the limit measures, for comparing one stage's with another's (`None` for
    /// months, whose length varies).
    pub fn measure(&self) -> Option<LimitMeasure> {
        let n = u64::from(self.n);
        match self.unit {
            ast::LimitUnit::WorkingDay => Some(LimitMeasure::WorkingDays(n)),
            ast::LimitUnit::Hour => Some(LimitMeasure::Hours(n)),
            ast::LimitUnit::Day => Some(LimitMeasure::Hours(n * 24)),
            ast::LimitUnit::Week => Some(LimitMeasure::Hours(n * 24 * 7)),
            ast::LimitUnit::Month => None,
        }
    }
}

/// A narrative clause.
#[derive(Debug, Clone)]
pub struct ProseClause {
    /// The clause number or label.
    pub clause: Name,
    /// The heading, when given.
    pub title: Option<Name>,
    /// The text.
    pub text: Name,
    /// Where the clause reference is written.
    pub clause_span: Span,
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

/// The resolved protocol.
#[derive(Debug, Clone, Default)]
pub struct Model {
    /// The protocol declaration (the first, if several).
    pub protocol: Option<Protocol>,
    /// The documents of the other files, when the model is of a set of files (see
    /// [`crate::set`]); [`Model::documents`] lists them all.
    pub other_documents: Vec<Protocol>,
    /// The bytes of each file of a set, in order (empty for one file): checks of one
    /// document's numbering keep to its file ([`Model::file_of`]).
    pub files: Vec<Span>,
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
    /// Groups in source order.
    pub groups: Vec<Group>,
    /// Narrative clauses in source order.
    pub prose: Vec<ProseClause>,
    /// Every declared name but the duties' (the first declaration of each).
    pub symbols: FastMap<Name, Symbol>,
    /// The duties' names, a namespace of their own: a duty is only ever named where a
    /// duty is expected (`before`, `after`, `on receipt of`), so it may share its name
    /// with an artefact or a body.
    pub duty_symbols: FastMap<Name, Symbol>,
    /// References written in the file but kept in no declaration's fields: those of a
    /// second protocol, of a property given twice (only the last is kept), and topics
    /// named after `covers all topics`. See [`Model::references`].
    pub(crate) unattached: Vec<Ref>,
    /// Names declared more than once.
    pub duplicates: Vec<Duplicate>,
    /// Spans of document declarations (protocol, terms of reference) after the first.
    pub extra_protocols: Vec<Span>,
    /// The warnings the file accepts (`allow PG0307 "why"`), in source order; see
    /// [`crate::checks::allows`].
    pub allows: Vec<Allowed>,
    /// Names whose declarations did not parse (their uses are not reported as unknown),
    /// with the keyword they were declared with.
    pub broken: BTreeMap<String, String>,
    /// Every numbered clause reference (declarations' `clause` lines and prose), in
    /// source order.
    pub clause_refs: Vec<ClauseNumber>,
    /// Every date written other than year first (`24.7.14`, `3 October 2014`), in source
    /// order, as the date it means.
    pub dates_as_written: Vec<PartialDate>,
    /// The date schedules without `from` count from (the protocol's earliest agreement).
    pub epoch: Option<Date>,
    /// Whose bank holidays are not working days when dates are worked out (England and
    /// Wales unless the protocol chooses another region).
    pub holidays: crate::holidays::Region,
    /// The seats held on each body, by index into `bodies`: (index into `roles`, seat),
    /// in role order. Built by [`resolve`] from resolved seats so that "who sits on this
    /// body" does not scan every role; see [`Model::seated`].
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
