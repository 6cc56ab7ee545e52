//! The declarations as the JSON output publishes them. These types mirror the model's
//! but are the output's own: the model may be changed freely, and only an edit here
//! changes the published JSON and its schema. Each is built from its model type with
//! `From`; names are written out as plain text.

use crate::model;
use crate::schedule;
use crate::syntax::ast;
use schemars::JsonSchema;
use serde::Serialize;

/// The name of a declaration, as written.
#[derive(Debug, Clone, Serialize)]
#[serde(transparent)]
pub struct Ref(pub String);

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

impl From<&model::Ref> for Ref {
    fn from(r: &model::Ref) -> Ref {
        Ref(r.name.to_string())
    }
}

/// A date, year first however it was written: YYYY, YYYY-MM or YYYY-MM-DD, or --MM-DD for
/// a date the document gives without its year.
#[derive(Debug, Clone, Serialize)]
#[serde(transparent)]
pub struct PartialDate(pub String);

impl JsonSchema for PartialDate {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "PartialDate".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^([0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?|--[0-9]{2}-[0-9]{2})$",
            "description": "A date, year first however it was written: YYYY, YYYY-MM or YYYY-MM-DD, or --MM-DD for a date given without its year (`9th January`)."
        })
    }
}

impl From<&model::PartialDate> for PartialDate {
    fn from(d: &model::PartialDate) -> PartialDate {
        PartialDate(d.to_string())
    }
}

fn refs(rs: &[model::Ref]) -> Vec<Ref> {
    rs.iter().map(Ref::from).collect()
}

fn texts<T: ToString>(ts: &[T]) -> Vec<String> {
    ts.iter().map(T::to_string).collect()
}

fn text<T: ToString>(t: &Option<T>) -> Option<String> {
    t.as_ref().map(T::to_string)
}

/// How long one cycle lasts.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
#[serde(tag = "unit", content = "count", rename_all = "snake_case")]
pub enum Period {
    /// A number of calendar months (12 for yearly).
    Months(u32),
    /// A number of days (7 for weekly).
    Days(u32),
}

impl From<schedule::Period> for Period {
    fn from(p: schedule::Period) -> Period {
        match p {
            schedule::Period::Months(n) => Period::Months(n),
            schedule::Period::Days(n) => Period::Days(n),
        }
    }
}

/// Which day of a due month.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
#[serde(tag = "kind", content = "day", rename_all = "snake_case")]
pub enum DayRule {
    /// The last working day of the month (Monday to Friday, not a bank holiday).
    LastWorkingDay,
    /// A fixed day of the month (skipped in months that lack it).
    Day(u32),
}

impl From<schedule::DayRule> for DayRule {
    fn from(d: schedule::DayRule) -> DayRule {
        match d {
            schedule::DayRule::LastWorkingDay => DayRule::LastWorkingDay,
            schedule::DayRule::Day(n) => DayRule::Day(n),
        }
    }
}

/// A resolved, dated cadence.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Schedule {
    /// The length of one cycle.
    pub period: Period,
    /// Which day of the due month (month-based periods only).
    pub day: DayRule,
    /// The first date as the rule gives it (a named day as written, before any move to a
    /// working day); every later one follows from the period.
    pub first: String,
    /// Whose bank holidays are not working days: `england-and-wales`, `scotland` or
    /// `northern-ireland`.
    pub holidays: String,
}

impl From<&schedule::Schedule> for Schedule {
    fn from(s: &schedule::Schedule) -> Schedule {
        Schedule {
            period: s.period.into(),
            day: s.day.into(),
            first: s.first.to_string(),
            holidays: s.holidays.id().to_string(),
        }
    }
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
}

impl From<&model::Cadence> for Cadence {
    fn from(c: &model::Cadence) -> Cadence {
        Cadence {
            text: c.text.clone(),
            schedule: c.schedule.as_ref().map(Schedule::from),
            period: c.period.map(Period::from),
        }
    }
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
}

impl From<&model::Deadline> for Deadline {
    fn from(d: &model::Deadline) -> Deadline {
        Deadline {
            text: d.text.clone(),
            days: d.days,
            vague: d.vague,
        }
    }
}

/// Ordering of one duty against another.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OrderDir {
    /// This duty must come before the other.
    Before,
    /// This duty must come after the other.
    After,
}

impl From<ast::OrderDir> for OrderDir {
    fn from(d: ast::OrderDir) -> OrderDir {
        match d {
            ast::OrderDir::Before => OrderDir::Before,
            ast::OrderDir::After => OrderDir::After,
        }
    }
}

/// An ordering constraint on a duty.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Order {
    /// `before` or `after`.
    pub dir: OrderDir,
    /// The other duty.
    pub target: Ref,
    /// True for `where possible`.
    pub soft: bool,
}

impl From<&model::Order> for Order {
    fn from(o: &model::Order) -> Order {
        Order {
            dir: o.dir.into(),
            target: (&o.target).into(),
            soft: o.soft,
        }
    }
}

/// The seat a role holds on a body.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SeatKind {
    /// `chair of`.
    Chair,
    /// `vice chair of`.
    ViceChair,
    /// `co-chair of`.
    CoChair,
    /// `member of`.
    Member,
    /// `observer on` (a participating observer).
    Observer,
    /// `attends`: invited to every meeting, not a member.
    Attends,
}

impl From<ast::SeatKind> for SeatKind {
    fn from(s: ast::SeatKind) -> SeatKind {
        match s {
            ast::SeatKind::Chair => SeatKind::Chair,
            ast::SeatKind::ViceChair => SeatKind::ViceChair,
            ast::SeatKind::CoChair => SeatKind::CoChair,
            ast::SeatKind::Member => SeatKind::Member,
            ast::SeatKind::Observer => SeatKind::Observer,
            ast::SeatKind::Attends => SeatKind::Attends,
        }
    }
}

/// A class of membership.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MemberClass {
    /// Sits by virtue of an office.
    ExOfficio,
    /// Co-opted by the body.
    CoOpted,
    /// May vote.
    Voting,
    /// May not vote.
    NonVoting,
    /// Shared between political groups in proportion to their strength.
    PoliticallyProportionate,
}

impl From<ast::MemberClass> for MemberClass {
    fn from(c: ast::MemberClass) -> MemberClass {
        match c {
            ast::MemberClass::ExOfficio => MemberClass::ExOfficio,
            ast::MemberClass::CoOpted => MemberClass::CoOpted,
            ast::MemberClass::Voting => MemberClass::Voting,
            ast::MemberClass::NonVoting => MemberClass::NonVoting,
            ast::MemberClass::PoliticallyProportionate => MemberClass::PoliticallyProportionate,
        }
    }
}

fn classes(cs: &[ast::MemberClass]) -> Vec<MemberClass> {
    cs.iter().map(|c| (*c).into()).collect()
}

/// A seat a role holds.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Seat {
    /// Chair, vice chair, co-chair, member, observer or attendee.
    pub seat: SeatKind,
    /// On which body.
    pub body: Ref,
    /// The classes of the seat (`ex officio`, `non-voting`, …).
    pub classes: Vec<MemberClass>,
}

impl From<&model::Seat> for Seat {
    fn from(s: &model::Seat) -> Seat {
        Seat {
            seat: s.seat.into(),
            body: (&s.body).into(),
            classes: classes(&s.classes),
        }
    }
}

/// Seats by count: `members 7 "elected members", politically proportionate`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct MemberSeats {
    /// How many seats.
    pub count: u32,
    /// Who fills them.
    pub who: String,
    /// Their classes.
    pub classes: Vec<MemberClass>,
    /// False for `non-voting` seats.
    pub voting: bool,
}

/// Who must be present for a quorum.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct QuorumPart {
    /// How many.
    pub count: u32,
    /// Of whom.
    pub who: String,
}

/// The quorum of a body.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Quorum {
    /// How many members make a quorum.
    pub count: u32,
    /// Who must be among them.
    pub including: Vec<QuorumPart>,
}

/// How many meetings a year a body holds.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct MeetingsPerYear {
    /// How many.
    pub count: u32,
    /// True for `at least`.
    pub at_least: bool,
}

/// How the holder of a role is elected.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Election {
    /// Who elects.
    pub by: Ref,
    /// True for `at its first meeting`.
    pub at_first_meeting: bool,
    /// How often the election is repeated, as written (`yearly`).
    pub then_cadence: Option<String>,
    /// Who repeats it.
    pub then_by: Option<Ref>,
}

/// A role the holder stands in for.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct StandIn {
    /// The role.
    pub role: Ref,
    /// When, in words.
    pub when: Option<String>,
}

/// A holder of an office.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Holder {
    /// The holder's name.
    pub name: String,
    /// From when.
    pub from: Option<PartialDate>,
    /// Until when.
    pub until: Option<PartialDate>,
}

/// An entry of the version history.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Version {
    /// The label.
    pub label: String,
    /// When it was issued.
    pub on: Option<PartialDate>,
}

/// How binding a duty is.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Modality {
    /// The plain verb.
    Plain,
    /// `must VERB`.
    Must,
    /// `will VERB`.
    Will,
    /// `should VERB`.
    Should,
    /// `may VERB`.
    May,
}

impl From<ast::Modality> for Modality {
    fn from(m: ast::Modality) -> Modality {
        match m {
            ast::Modality::Plain => Modality::Plain,
            ast::Modality::Must => Modality::Must,
            ast::Modality::Will => Modality::Will,
            ast::Modality::Should => Modality::Should,
            ast::Modality::May => Modality::May,
        }
    }
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

impl From<&model::Coverage> for Coverage {
    fn from(c: &model::Coverage) -> Coverage {
        match c {
            model::Coverage::None => Coverage::None,
            model::Coverage::All => Coverage::All,
            model::Coverage::Topics(t) => Coverage::Topics(refs(t)),
        }
    }
}

/// Fields every declaration has.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Common {
    /// The declared name.
    pub id: String,
    /// The title, when given.
    pub title: Option<String>,
    /// The clause of the source document, when cited.
    pub clause: Option<String>,
    /// Notes in order.
    pub notes: Vec<String>,
    /// The legal basis (`under "…"`), in order.
    pub under: Vec<String>,
    /// In the JSON of a set: the file of the set it is declared in (the file of its
    /// document).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

impl From<&model::Common> for Common {
    fn from(c: &model::Common) -> Common {
        Common {
            id: c.id.to_string(),
            title: text(&c.title),
            clause: text(&c.clause),
            notes: texts(&c.notes),
            under: texts(&c.under),
            file: None,
        }
    }
}

/// An agreement or signature: who, and when.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Signoff {
    /// The body or role.
    pub by: Ref,
    /// When, if given.
    pub on: Option<PartialDate>,
    /// True for `agreed in principle by`: a step before the agreement.
    pub in_principle: bool,
    /// Who recommended it (`on the recommendation of`).
    pub recommended_by: Option<Ref>,
}

impl From<&model::Signoff> for Signoff {
    fn from(s: &model::Signoff) -> Signoff {
        Signoff {
            by: (&s.by).into(),
            on: s.on.as_ref().map(PartialDate::from),
            in_principle: s.in_principle,
            recommended_by: s.recommended_by.as_ref().map(Ref::from),
        }
    }
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
    pub next_due: Option<String>,
    /// The review's recurring schedule, when dated.
    pub schedule: Option<Schedule>,
    /// An event that also calls for a review (`or when "…"`).
    pub or_when: Option<String>,
}

impl From<&model::Review> for Review {
    fn from(r: &model::Review) -> Review {
        Review {
            cadence: r.cadence.as_ref().map(Cadence::from),
            last_reviewed: r.last_reviewed.as_ref().map(PartialDate::from),
            next_review: r.next_review.as_ref().map(PartialDate::from),
            next_due: text(&r.next_due),
            schedule: r.schedule.as_ref().map(Schedule::from),
            or_when: text(&r.or_when),
        }
    }
}

/// The document declaration: a protocol or a terms of reference.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Protocol {
    /// Name, title, clause, notes.
    #[serde(flatten)]
    pub common: Common,
    /// `protocol` or `terms of reference`.
    pub document: String,
    /// The body a terms of reference constitutes.
    pub for_body: Option<Ref>,
    /// When the document takes effect.
    pub effective_from: Option<PartialDate>,
    /// The parties (`between`), each group replaced by the bodies it includes.
    pub parties: Vec<Ref>,
    /// The parties as written (groups by their own names).
    pub parties_as_written: Vec<Ref>,
    /// The approval chain (`agreed in principle by`, `agreed by`), in order.
    pub agreed: Vec<Signoff>,
    /// `signed by` lines.
    pub signed: Vec<Signoff>,
    /// The current version: the latest dated entry of the history, else the first.
    pub version: Option<String>,
    /// The version history, as written.
    pub versions: Vec<Version>,
    /// Abbreviations.
    pub short: Vec<String>,
    /// The review arrangements.
    pub review: Review,
}

impl From<&model::Protocol> for Protocol {
    fn from(p: &model::Protocol) -> Protocol {
        Protocol {
            common: (&p.common).into(),
            document: p.kind.words().to_string(),
            for_body: p.for_body.as_ref().map(Ref::from),
            effective_from: p.effective_from.as_ref().map(PartialDate::from),
            parties: refs(&p.parties),
            parties_as_written: refs(&p.parties),
            agreed: p.agreed.iter().map(Signoff::from).collect(),
            signed: p.signed.iter().map(Signoff::from).collect(),
            version: text(&p.version),
            versions: p
                .versions
                .iter()
                .map(|v| Version {
                    label: v.label.to_string(),
                    on: v.on.as_ref().map(PartialDate::from),
                })
                .collect(),
            short: texts(&p.short),
            review: (&p.review).into(),
        }
    }
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
    pub kind: Option<String>,
    /// Abbreviations.
    pub short: Vec<String>,
    /// When it was established.
    pub established: Option<PartialDate>,
    /// The body it is a sub-group of.
    pub subgroup_of: Option<Ref>,
    /// Standing reporting lines.
    pub reports_to: Vec<Ref>,
    /// Member groups described in words.
    pub members: Vec<String>,
    /// Seats by count and class.
    pub seats: Vec<MemberSeats>,
    /// The voting seats the counted seats give, when any are counted.
    pub voting_seats: Option<u32>,
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
    /// True for `open to the public`, false for `closed to the public`.
    pub open_to_public: Option<bool>,
    /// The areas it covers.
    pub area: Vec<String>,
    /// The legal basis it was established under.
    pub established_under: Option<String>,
    /// Its meetings in the twelve months from `today`, from its `meets`, `meetings`,
    /// `cancelled` and `extra meeting` lines.
    pub meetings: Vec<MeetingOut>,
}

/// One meeting of a body.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct MeetingOut {
    /// The day, YYYY-MM-DD; for a meeting known only by its month, the last working day
    /// of the month.
    pub date: String,
    /// False when only the month is known (`meets quarterly in march, june …`).
    pub day_known: bool,
    /// The time it starts, HH:MM, when given.
    pub time: Option<String>,
    /// Where it comes from: `rule` (`meets`), `listed` (`meetings`) or `extra`.
    pub source: &'static str,
}

impl From<&crate::meetings::Meeting> for MeetingOut {
    fn from(m: &crate::meetings::Meeting) -> MeetingOut {
        MeetingOut {
            date: m.date.to_string(),
            day_known: m.day_known,
            time: m.time.map(|(h, mi)| format!("{h:02}:{mi:02}")),
            source: m.source.word(),
        }
    }
}

impl From<&model::Body> for Body {
    fn from(b: &model::Body) -> Body {
        Body {
            common: (&b.common).into(),
            external: b.external,
            party: b.party,
            kind: text(&b.kind),
            short: texts(&b.short),
            established: b.established.as_ref().map(PartialDate::from),
            subgroup_of: b.subgroup_of.as_ref().map(Ref::from),
            reports_to: refs(&b.reports_to),
            members: texts(&b.members),
            seats: b
                .seats
                .iter()
                .map(|s| MemberSeats {
                    count: s.count,
                    who: s.who.to_string(),
                    classes: classes(&s.classes),
                    voting: s.voting(),
                })
                .collect(),
            voting_seats: b.voting_seats(),
            vacancies: b.vacancies,
            quorum: b.quorum.as_ref().map(|q| Quorum {
                count: q.count,
                including: q
                    .including
                    .iter()
                    .map(|(n, w, _)| QuorumPart {
                        count: *n,
                        who: w.to_string(),
                    })
                    .collect(),
            }),
            meets: b.meets.as_ref().map(Cadence::from),
            meets_at_least: b.meets_at_least,
            meetings_per_year: b.meetings_per_year.map(|m| MeetingsPerYear {
                count: m.n,
                at_least: m.at_least,
            }),
            open_to_public: b.public,
            area: texts(&b.area),
            established_under: text(&b.established_under),
            meetings: Vec::new(),
        }
    }
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
    pub delegate: Option<String>,
    /// Abbreviations.
    pub short: Vec<String>,
    /// How the holder is elected.
    pub elected: Option<Election>,
    /// The roles the holder stands in for.
    pub stands_in_for: Vec<StandIn>,
    /// Who has held the office, as written.
    pub held_by: Vec<Holder>,
}

impl From<&model::Role> for Role {
    fn from(r: &model::Role) -> Role {
        Role {
            common: (&r.common).into(),
            seats: r.seats.iter().map(Seat::from).collect(),
            appointed_by: refs(&r.appointed_by),
            delegate: text(&r.delegate),
            short: texts(&r.short),
            elected: r.elected.as_ref().map(|e| Election {
                by: (&e.by).into(),
                at_first_meeting: e.first_meeting,
                then_cadence: e.then.as_ref().map(|t| t.0.clone()),
                then_by: e.then.as_ref().map(|t| Ref::from(&t.1)),
            }),
            stands_in_for: r
                .stands_in
                .iter()
                .map(|s| StandIn {
                    role: (&s.role).into(),
                    when: text(&s.when),
                })
                .collect(),
            held_by: r
                .holders
                .iter()
                .map(|h| Holder {
                    name: h.name.to_string(),
                    from: h.from.as_ref().map(PartialDate::from),
                    until: h.until.as_ref().map(PartialDate::from),
                })
                .collect(),
        }
    }
}

/// A group: a collective name for bodies.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Group {
    /// Name, title, clause, notes.
    #[serde(flatten)]
    pub common: Common,
    /// What it includes, as written (bodies and groups).
    pub includes: Vec<Ref>,
    /// The bodies it stands for, groups within it expanded.
    pub bodies: Vec<Ref>,
    /// Abbreviations.
    pub short: Vec<String>,
}

/// A topic.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Topic {
    /// Name, title, clause, notes.
    #[serde(flatten)]
    pub common: Common,
    /// Statutory references.
    pub statutes: Vec<String>,
    /// Indicators.
    pub indicators: Vec<String>,
}

impl From<&model::Topic> for Topic {
    fn from(t: &model::Topic) -> Topic {
        Topic {
            common: (&t.common).into(),
            statutes: texts(&t.statutes),
            indicators: texts(&t.indicators),
        }
    }
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
    pub contains: Vec<String>,
}

impl From<&model::Artefact> for Artefact {
    fn from(a: &model::Artefact) -> Artefact {
        Artefact {
            common: (&a.common).into(),
            produced_by: a.produced_by.as_ref().map(Ref::from),
            contains: texts(&a.contains),
        }
    }
}

/// An event.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Event {
    /// Name, title, clause, notes.
    #[serde(flatten)]
    pub common: Common,
}

impl From<&model::Event> for Event {
    fn from(e: &model::Event) -> Event {
        Event {
            common: (&e.common).into(),
        }
    }
}

/// A duty.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Duty {
    /// Name, title, clause, notes.
    #[serde(flatten)]
    pub common: Common,
    /// Who acts (none for a passive line without `by`); the first, for a joint duty.
    pub actor: Option<Ref>,
    /// Every actor: `scp and sab submit …` has two.
    pub actors: Vec<Ref>,
    /// True for `each of GROUP …`: `actor` is a group, and each of its members acts.
    pub each: bool,
    /// True for `to the others`: each member delivers to every other member.
    pub to_the_others: bool,
    /// Who delivers to whom, one entry per acting body or role (each member of the
    /// group, for `each of GROUP`), groups among the recipients replaced by their
    /// members.
    pub deliveries: Vec<Delivery>,
    /// True when the recipients are alternatives (`to lead_member or cabinet`): one of
    /// them receives it.
    pub alternatives: bool,
    /// The verb, in its active form.
    pub verb: Option<String>,
    /// True when the verb moves the artefact to recipients.
    pub delivers: bool,
    /// `plain`, `must`, `will`, `should` or `may`.
    pub modality: Modality,
    /// True for `should` and `may`: expected or allowed, not required.
    pub soft: bool,
    /// True for `ongoing`: a standing function.
    pub standing: bool,
    /// What is acted on: an artefact, or for a verb of oversight a topic, a body, a role
    /// or a group.
    pub artefact: Option<Ref>,
    /// The kind of declaration `artefact` names (`artefact`, `topic`, `body`, `role`,
    /// `group`), when it names one.
    pub object_kind: Option<String>,
    /// What the object is held to account for, consulted on or notified of.
    pub about: Option<Ref>,
    /// The word before `about`: `for`, `on` or `of`.
    pub about_word: Option<String>,
    /// True when the verb oversees its object (`scrutinises`, `challenges`, `holds to
    /// account`, `monitors`).
    pub oversees: bool,
    /// The duty whose delivery sets this one off (`on receipt of DUTY`).
    pub receipt: Option<Ref>,
    /// When it falls due against each meeting of a body.
    pub meeting: Option<Meeting>,
    /// Who receives it, each group replaced by the bodies it includes.
    pub recipients: Vec<Ref>,
    /// The recipients as written (groups by their own names).
    pub recipients_as_written: Vec<Ref>,
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
    pub contains: Vec<String>,
    /// Conditions (`unless`, `only if`), in words.
    pub conditions: Vec<String>,
    /// The next due date on or after the analysis date.
    pub next_due: Option<String>,
}

impl From<&model::Duty> for Duty {
    fn from(d: &model::Duty) -> Duty {
        Duty {
            common: (&d.common).into(),
            actor: d.actor.as_ref().map(Ref::from),
            actors: d.actor.iter().chain(&d.co_actors).map(Ref::from).collect(),
            each: d.each,
            to_the_others: d.to_others,
            deliveries: Vec::new(),
            alternatives: d.alternatives,
            verb: text(&d.verb),
            delivers: d.delivers,
            modality: d.modality.into(),
            soft: d.modality.soft(),
            standing: d.standing,
            artefact: d.artefact.as_ref().map(Ref::from),
            object_kind: d
                .artefact
                .as_ref()
                .and_then(|a| a.target())
                .map(|(k, _)| k.keyword().to_string()),
            about: d.about.as_ref().map(Ref::from),
            about_word: d.about_word.map(str::to_string),
            oversees: d.oversees,
            receipt: d.receipt.as_ref().map(Ref::from),
            meeting: d.meeting.as_ref().map(Meeting::from),
            recipients: refs(&d.recipients),
            recipients_as_written: refs(&d.recipients),
            cadence: d.cadence.as_ref().map(Cadence::from),
            trigger: d.trigger.as_ref().map(Ref::from),
            deadline: d.deadline.as_ref().map(Deadline::from),
            order: d.order.iter().map(Order::from).collect(),
            covers: (&d.covers).into(),
            contains: texts(&d.contains),
            conditions: d.conditions.clone(),
            next_due: text(&d.next_due),
        }
    }
}

/// One actor's deliveries in a duty.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Delivery {
    /// Who delivers.
    pub from: Ref,
    /// To whom.
    pub to: Vec<Ref>,
}

/// Who delivers to whom in a duty (see [`model::Model::deliveries`]).
pub fn deliveries(model: &model::Model, d: &model::Duty) -> Vec<Delivery> {
    if !d.delivers {
        return Vec::new();
    }
    model
        .deliveries(d)
        .into_iter()
        .map(|(from, to)| Delivery {
            from: from.into(),
            to: to.into_iter().map(Ref::from).collect(),
        })
        .collect()
}

/// A duty dated from each meeting of a body.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Meeting {
    /// The body whose meetings date the duty.
    pub body: Ref,
    /// `at` the meeting, `before` it (by the working day before) or `within` a limit
    /// after it.
    pub offset: String,
    /// The limit's count, for `within`.
    pub n: Option<u32>,
    /// The limit's unit (`days`, `weeks`, `months`, `years`, `working days`), for
    /// `within`.
    pub unit: Option<String>,
    /// The line, normalised: `within 10 working days of each meeting of lscb`.
    pub text: String,
}

impl From<&model::MeetingTiming> for Meeting {
    fn from(m: &model::MeetingTiming) -> Meeting {
        let (offset, n, unit) = match m.offset {
            ast::MeetingOffset::At => ("at", None, None),
            ast::MeetingOffset::Before => ("before", None, None),
            ast::MeetingOffset::Within { n, unit } => {
                ("within", Some(n.value), Some(unit.name(2).to_string()))
            }
        };
        Meeting {
            body: (&m.body).into(),
            offset: offset.to_string(),
            n,
            unit,
            text: m.text(),
        }
    }
}

/// An escalation route.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Escalation {
    /// Name, title, clause, notes.
    #[serde(flatten)]
    pub common: Common,
    /// What triggers it, in words.
    pub trigger: Option<String>,
    /// Who convenes it.
    pub convened_by: Option<Ref>,
    /// Who attends, each group replaced by the bodies it includes.
    pub attended_by: Vec<Ref>,
    /// The attendees as written (groups by their own names).
    pub attended_by_as_written: Vec<Ref>,
    /// Open attendance, in words.
    pub others: Option<String>,
    /// The stages of its ladder, in the order written (empty for a single meeting).
    pub stages: Vec<Stage>,
}

/// One stage of an escalation ladder.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Stage {
    /// Its number as written.
    pub number: u32,
    /// Its heading.
    pub title: Option<String>,
    /// Who takes part, each group replaced by the bodies it includes.
    pub participants: Vec<Ref>,
    /// The participants as written (groups by their own names).
    pub participants_as_written: Vec<Ref>,
    /// How long the stage has.
    pub limit: Option<StageLimit>,
    /// What brings the concern to this stage, in words.
    pub trigger: Option<String>,
}

/// A stage's time limit.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct StageLimit {
    /// As written, normalised: `5 working days`, `10 working days of the concern`.
    pub text: String,
    /// The count.
    pub n: u32,
    /// The unit: `hour`, `working_day`, `day`, `week` or `month`.
    pub unit: String,
    /// True when counted from when the concern was first raised, not from the stage's
    /// start.
    pub of_concern: bool,
    /// Words that qualify it ("or sooner if the child is at risk").
    pub qualifier: Option<String>,
    /// In calendar days, where measurable in them (hours rounded up; weeks of seven).
    pub days: Option<u32>,
    /// In working days, where counted in them (weeks of five).
    pub working_days: Option<u32>,
}

impl Stage {
    /// The stage, its participants' groups expanded.
    pub fn new(s: &model::Stage, model: &model::Model) -> Stage {
        Stage {
            number: s.number,
            title: text(&s.title),
            participants: expanded(model, &s.participants),
            participants_as_written: refs(&s.participants),
            limit: s.limit.as_ref().map(|l| StageLimit {
                text: l.text(),
                n: l.n,
                unit: l.unit.name(1).replace(' ', "_"),
                of_concern: l.of_concern,
                qualifier: text(&l.qualifier),
                days: l.days(),
                working_days: l.working_days(),
            }),
            trigger: text(&s.trigger),
        }
    }
}

impl From<&model::Escalation> for Escalation {
    fn from(e: &model::Escalation) -> Escalation {
        Escalation {
            common: (&e.common).into(),
            trigger: text(&e.trigger),
            convened_by: e.convened_by.as_ref().map(Ref::from),
            attended_by: refs(&e.attended_by),
            attended_by_as_written: refs(&e.attended_by),
            others: text(&e.others),
            stages: Vec::new(),
        }
    }
}

/// A narrative clause.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ProseClause {
    /// The clause number or label.
    pub clause: String,
    /// The heading, when given.
    pub title: Option<String>,
    /// The text.
    pub text: String,
}

impl From<&model::ProseClause> for ProseClause {
    fn from(p: &model::ProseClause) -> ProseClause {
        ProseClause {
            clause: p.clause.to_string(),
            title: text(&p.title),
            text: p.text.to_string(),
        }
    }
}

/// `refs` with each group replaced by the bodies it includes.
pub(crate) fn expanded(model: &model::Model, rs: &[model::Ref]) -> Vec<Ref> {
    model.expand(rs).into_iter().map(Ref::from).collect()
}

impl Group {
    /// The group as published, its bodies expanded through `model`.
    pub fn new(g: &model::Group, model: &model::Model) -> Group {
        Group {
            common: (&g.common).into(),
            includes: refs(&g.includes),
            bodies: expanded(model, &g.includes),
            short: texts(&g.short),
        }
    }
}
