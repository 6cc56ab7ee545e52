//! The typed syntax tree. Every node carries the byte span it was read from.
//!
//! The tree keeps what the author wrote, normalised only where two spellings mean the
//! same thing (`approved by` and `agreed by`, `indicator` and `indicators`, month-name
//! case). Names are not resolved here: that is the semantic model's job.

use crate::name::Name;
use crate::source::Span;
use serde::Serialize;

/// A parsed file: its items in source order, and the comments found beside them.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct File {
    /// Declarations, prose and error nodes, in source order.
    pub items: Vec<Item>,
    /// Every `//` comment, in source order (kept for the formatter).
    pub comments: Vec<Comment>,
}

/// A `//` comment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comment {
    /// The comment text after `//`, without the line break.
    pub text: String,
    /// The span of the whole comment, `//` included.
    pub span: Span,
    /// True when code precedes the comment on its line.
    pub trailing: bool,
}

/// One top-level item.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "item", rename_all = "snake_case")]
pub enum Item {
    /// A named declaration (`body`, `duty`, …).
    Decl(Decl),
    /// A numbered clause kept as narrative text.
    Prose(Prose),
    /// Text that did not parse; a diagnostic explains it.
    Error(ErrorNode),
}

/// Source text that did not parse as any item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ErrorNode {
    /// Where the unparsable text lies.
    pub span: Span,
    /// The keyword and name the broken text starts with (`body cpb …`), when it does:
    /// the name still counts as declared, so its uses are not reported as unknown.
    pub declares: Option<(String, Ident)>,
}

/// The kinds of named declaration; also what a declared name is, in the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeclKind {
    /// `protocol`: the document itself.
    Protocol,
    /// `body` or `external body`: a party or a body outside the protocol.
    Body,
    /// `role`: an office holder.
    Role,
    /// `topic`: a joint area of interest.
    Topic,
    /// `artefact`: a report, plan or other thing that flows.
    Artefact,
    /// `event`: something that triggers duties.
    Event,
    /// `duty`: who does what, for whom, when.
    Duty,
    /// `escalation`: how a concern that cannot be resolved is raised.
    Escalation,
    /// `terms of reference`: one body's constitution, the document itself.
    Terms,
    /// `group`: a collective name for bodies ("the Safeguarding Partnerships").
    Group,
}

impl DeclKind {
    /// The keyword that introduces the declaration, which is also its name in messages
    /// ("expected a body or a role").
    pub fn keyword(self) -> &'static str {
        match self {
            DeclKind::Protocol => "protocol",
            DeclKind::Body => "body",
            DeclKind::Role => "role",
            DeclKind::Topic => "topic",
            DeclKind::Artefact => "artefact",
            DeclKind::Event => "event",
            DeclKind::Duty => "duty",
            DeclKind::Escalation => "escalation",
            DeclKind::Terms => "terms of reference",
            DeclKind::Group => "group",
        }
    }

    /// The keyword with its article, for messages ("a body", "an event").
    pub fn with_article(self) -> &'static str {
        match self {
            DeclKind::Protocol => "a protocol",
            DeclKind::Body => "a body",
            DeclKind::Role => "a role",
            DeclKind::Topic => "a topic",
            DeclKind::Artefact => "an artefact",
            DeclKind::Event => "an event",
            DeclKind::Duty => "a duty",
            DeclKind::Escalation => "an escalation",
            DeclKind::Terms => "a terms of reference",
            DeclKind::Group => "a group",
        }
    }

    /// Every declaration kind, in the order the reference documents them, which is also
    /// the order of their numbers (`kind as usize` indexes this array).
    pub const ALL: [DeclKind; DeclKind::COUNT] = [
        DeclKind::Protocol,
        DeclKind::Body,
        DeclKind::Role,
        DeclKind::Topic,
        DeclKind::Artefact,
        DeclKind::Event,
        DeclKind::Duty,
        DeclKind::Escalation,
        DeclKind::Terms,
        DeclKind::Group,
    ];

    /// How many kinds there are.
    pub const COUNT: usize = 10;

    /// True for the declarations that are the document itself (`protocol`, `terms of
    /// reference`): one per file.
    pub fn is_document(self) -> bool {
        matches!(self, DeclKind::Protocol | DeclKind::Terms)
    }
}

/// A named declaration: `KEYWORD name "title" { properties }`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decl {
    /// What is declared.
    pub kind: DeclKind,
    /// For bodies: declared `external` (outside the protocol).
    pub external: bool,
    /// The span of the keyword (and `external`, if present).
    pub keyword_span: Span,
    /// The declared name.
    pub name: Ident,
    /// The human title, if given.
    pub title: Option<Str>,
    /// The block of properties, if given.
    pub block: Option<Block>,
    /// The whole declaration.
    pub span: Span,
}

impl Decl {
    /// The properties in the block (none when there is no block).
    pub fn props(&self) -> &[Prop] {
        self.block
            .as_ref()
            .map(|b| b.props.as_slice())
            .unwrap_or(&[])
    }

    /// The clause references given by `clause` properties, in order.
    pub fn clauses(&self) -> impl Iterator<Item = &ClauseRef> {
        self.props().iter().filter_map(|p| match &p.kind {
            PropKind::Clause(c) => Some(c),
            _ => None,
        })
    }
}

/// `prose 1.1 "heading" "text"`: a narrative clause kept verbatim.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Prose {
    /// The span of the `prose` keyword.
    pub keyword_span: Span,
    /// The clause number or label.
    pub clause: ClauseRef,
    /// An optional heading.
    pub title: Option<Str>,
    /// The narrative text.
    pub text: Str,
    /// The whole item.
    pub span: Span,
}

/// A `{ … }` block of property lines.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Block {
    /// The property lines in order, error lines included.
    pub props: Vec<Prop>,
    /// From `{` to `}` inclusive.
    pub span: Span,
}

/// One property line of a block.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Prop {
    /// What the line says.
    pub kind: PropKind,
    /// The whole line, without its line break.
    pub span: Span,
}

/// A name as written.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Ident {
    /// The name: one allocation per distinct name in a file, shared by every use of it
    /// in the tree and by the model built from it.
    pub name: Name,
    /// Where it was written.
    pub span: Span,
}

/// A string literal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Str {
    /// The text with escapes resolved (shared with the model built from the tree).
    pub value: Name,
    /// The literal, quotes included.
    pub span: Span,
}

impl Str {
    /// The text between the quotes exactly as written, read from `source` (the text the
    /// tree was parsed from).
    pub fn raw<'s>(&self, source: &'s str) -> &'s str {
        unquoted(source, self.span)
    }
}

/// The text between the quotes of the string literal at `span` of `source`, exactly as
/// written.
pub fn unquoted(source: &str, span: Span) -> &str {
    let lit = source.get(span.start..span.end).unwrap_or("");
    let lit = lit.strip_prefix('"').unwrap_or(lit);
    lit.strip_suffix('"').unwrap_or(lit)
}

/// A clause reference: a number such as `4.1` or `5.2a`, or a quoted label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClauseRef {
    /// The number or label.
    pub text: Name,
    /// True when written as a quoted label rather than a number.
    pub quoted: bool,
    /// Where it was written.
    pub span: Span,
}

/// A date as written: a year, a year and month, or a full date, year first or as
/// documents write it (see [`DateForm`]). Validity is checked later.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DateLit {
    /// The year; `None` only for a date written without one (`9th January`).
    pub year: Option<i32>,
    /// The month, 1–12 if valid, when given.
    pub month: Option<u32>,
    /// The day of the month when given.
    pub day: Option<u32>,
    /// How it was written.
    pub form: DateForm,
    /// Where it was written.
    pub span: Span,
}

/// How a date was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DateForm {
    /// Year first, in digits: `2014-10-03`, `2014-10`, `2014`.
    Iso,
    /// Day, month and a four-digit year in digits: `03/10/2014`, `3.10.2014`.
    Digits,
    /// Day, month and a two-digit year in digits: `24.7.14`.
    ShortYear,
    /// The day, then the month in words, then the year if given: `3 October 2014`,
    /// `3rd October 2014`, `9th January`.
    Words,
}

/// What a date written other than year first leaves to the reader: each is a warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateDoubt {
    /// The year is not written (`9th January`).
    NoYear,
    /// Day and month in digits that read both ways (`03/10/2014`: 3 October or 10 March).
    BothWays,
    /// The year has two digits (`24.7.14`), so its century is a guess.
    ShortYear,
    /// Not year first, but with one reading (`3 October 2014`, `13/10/2014`).
    NotIso,
}

impl DateLit {
    /// What the way the date is written leaves in doubt: empty for a date written year
    /// first; `[NotIso]` alone when the date has one reading and its ISO form may replace
    /// it unasked.
    pub fn doubts(&self) -> Vec<DateDoubt> {
        self.form.doubts(self.year.is_some(), self.month, self.day)
    }

    /// True when the date may be written year first without asking anyone: it has one
    /// reading (see [`DateLit::doubts`]).
    pub fn iso_is_safe(&self) -> bool {
        self.doubts() == [DateDoubt::NotIso]
    }
}

impl DateForm {
    /// What a date written in this form, with or without its year and with this month and
    /// day, leaves in doubt (see [`DateLit::doubts`]).
    pub fn doubts(self, has_year: bool, month: Option<u32>, day: Option<u32>) -> Vec<DateDoubt> {
        let both_ways = || match (day, month) {
            (Some(d), Some(m)) => d != m && (1..=12).contains(&d) && (1..=12).contains(&m),
            _ => false,
        };
        match self {
            DateForm::Iso => Vec::new(),
            DateForm::Words if !has_year => vec![DateDoubt::NoYear],
            DateForm::Words => vec![DateDoubt::NotIso],
            DateForm::Digits if both_ways() => vec![DateDoubt::BothWays],
            DateForm::Digits => vec![DateDoubt::NotIso],
            DateForm::ShortYear if both_ways() => vec![DateDoubt::BothWays, DateDoubt::ShortYear],
            DateForm::ShortYear => vec![DateDoubt::ShortYear],
        }
    }
}

/// A number as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Num {
    /// The value (saturated at `u32::MAX`).
    pub value: u32,
    /// Where it was written.
    pub span: Span,
}

/// A unit of time in `every N units` or `within N units`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Days.
    Day,
    /// Weeks.
    Week,
    /// Calendar months.
    Month,
    /// Years.
    Year,
    /// Working days: Monday to Friday, bank holidays excepted (`within 10 working days`).
    WorkingDay,
}

impl Unit {
    /// The unit's name, singular or plural for `n`.
    pub fn name(self, n: u32) -> &'static str {
        match (self, n == 1) {
            (Unit::Day, true) => "day",
            (Unit::Day, false) => "days",
            (Unit::Week, true) => "week",
            (Unit::Week, false) => "weeks",
            (Unit::Month, true) => "month",
            (Unit::Month, false) => "months",
            (Unit::Year, true) => "year",
            (Unit::Year, false) => "years",
            (Unit::WorkingDay, true) => "working day",
            (Unit::WorkingDay, false) => "working days",
        }
    }
}

/// One stage of an escalation ladder:
/// `stage 2 "Managers" attended by line_manager within 5 working days "…" when "…"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stage {
    /// The stage's number as written.
    pub number: Num,
    /// Its heading, when given.
    pub title: Option<Str>,
    /// Who takes part (empty when the line names no one).
    pub attended_by: Vec<Ident>,
    /// How long the stage has, when given.
    pub limit: Option<StageLimit>,
    /// What brings the concern to this stage, in words.
    pub when: Option<Str>,
}

/// A stage's time limit: `within 5 working days "or sooner if the child is at risk"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StageLimit {
    /// The count.
    pub n: Num,
    /// The unit.
    pub unit: LimitUnit,
    /// True for `of the concern`: counted from when the concern was first raised, not
    /// from the start of the stage.
    pub of_concern: bool,
    /// Words that qualify the limit, as written.
    pub qualifier: Option<Str>,
}

/// The unit of a stage's time limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LimitUnit {
    /// Hours.
    Hour,
    /// Working days: weekdays that are not bank holidays.
    WorkingDay,
    /// Calendar days.
    Day,
    /// Weeks.
    Week,
    /// Calendar months.
    Month,
}

impl LimitUnit {
    /// The unit's name, singular or plural for `n`.
    pub fn name(self, n: u32) -> &'static str {
        match (self, n == 1) {
            (LimitUnit::Hour, true) => "hour",
            (LimitUnit::Hour, false) => "hours",
            (LimitUnit::WorkingDay, true) => "working day",
            (LimitUnit::WorkingDay, false) => "working days",
            (LimitUnit::Day, true) => "day",
            (LimitUnit::Day, false) => "days",
            (LimitUnit::Week, true) => "week",
            (LimitUnit::Week, false) => "weeks",
            (LimitUnit::Month, true) => "month",
            (LimitUnit::Month, false) => "months",
        }
    }
}

/// How often something happens, as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "form", rename_all = "snake_case")]
pub enum CadenceKind {
    /// `every year`, `every 2 years`, `every 6 months`.
    Every {
        /// The count, when given (`every year` has none).
        n: Option<Num>,
        /// The unit.
        unit: Unit,
    },
    /// A single word such as `yearly`, `quarterly` or `bi-annually` (lower-cased).
    Word {
        /// The word.
        word: Name,
    },
}

/// A cadence with its span.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cadence {
    /// What was written.
    pub kind: CadenceKind,
    /// Where.
    pub span: Span,
}

/// A month name, as a number 1–12.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Month {
    /// 1 for January … 12 for December.
    pub month: u32,
    /// Where it was written.
    pub span: Span,
}

/// When in the cycle something falls.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "form", rename_all = "snake_case")]
pub enum AnchorKind {
    /// `in september` or `in march and september`: by the end of each month named.
    InMonths {
        /// The months named.
        months: Vec<Month>,
    },
    /// `on 30 september` or `by 30 september`.
    OnDay {
        /// The day of the month.
        day: Num,
        /// The month.
        month: Month,
    },
    /// `on the last working day of september`.
    LastWorkingDay {
        /// The month.
        month: Month,
    },
    /// Only a starting date (`from 2025`).
    FromOnly,
}

/// Which of a month's weekdays: `first` … `fourth`, or `last`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Nth {
    /// The first.
    First,
    /// The second.
    Second,
    /// The third.
    Third,
    /// The fourth.
    Fourth,
    /// The last.
    Last,
}

impl Nth {
    /// The word, as written.
    pub fn word(self) -> &'static str {
        match self {
            Nth::First => "first",
            Nth::Second => "second",
            Nth::Third => "third",
            Nth::Fourth => "fourth",
            Nth::Last => "last",
        }
    }

    /// From its word (any case).
    pub fn from_word(w: &str) -> Option<Nth> {
        Some(match w.to_ascii_lowercase().as_str() {
            "first" => Nth::First,
            "second" => Nth::Second,
            "third" => Nth::Third,
            "fourth" => Nth::Fourth,
            "last" => Nth::Last,
            _ => return None,
        })
    }
}

/// A body's meetings as a rule: `on the second tuesday of january, april, july and
/// october`, or `of each month`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MeetingRule {
    /// Which of the month's weekdays.
    pub nth: Nth,
    /// The weekday, 1 for Monday … 7 for Sunday.
    pub weekday: u8,
    /// The months named; empty for `of each month`.
    pub months: Vec<Month>,
    /// The first meeting of the rule, when given (`from 2026-09`).
    pub from: Option<DateLit>,
    /// The time of day, when given.
    pub time: Option<Clock>,
}

/// A meeting's date, and its time of day when given: `2026-03-10 at 10:00`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MeetingDate {
    /// The day.
    pub date: DateLit,
    /// The time of day, when given.
    pub time: Option<Clock>,
}

/// A time of day as written (`14:00`, `9.30`, `2pm`), read on a 24-hour clock; the
/// model checks it is one (`25:00` is not).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Clock {
    /// The hour, 0–23 if valid.
    pub hour: u32,
    /// The minute, 0–59 if valid.
    pub minute: u32,
    /// Where it was written.
    pub span: Span,
}

/// An anchor, with an optional first occurrence (`from 2025-09`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Anchor {
    /// Where in the cycle.
    pub kind: AnchorKind,
    /// The first cycle, when given.
    pub from: Option<DateLit>,
    /// The whole anchor.
    pub span: Span,
}

/// The seat a role holds on a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SeatKind {
    /// `chair of`.
    Chair,
    /// `vice chair of` (also `vice-chair of`, `deputy chair of`).
    ViceChair,
    /// `co-chair of`: one of two or more who chair together.
    CoChair,
    /// `member of`.
    Member,
    /// `observer on` (a participating observer).
    Observer,
    /// `attends`: invited to every meeting, not a member.
    Attends,
}

impl SeatKind {
    /// Every seat, in the table's order.
    pub const ALL: [SeatKind; 6] = [
        SeatKind::Chair,
        SeatKind::ViceChair,
        SeatKind::CoChair,
        SeatKind::Member,
        SeatKind::Observer,
        SeatKind::Attends,
    ];

    /// The seat in words, for messages and the JSON ("vice chair").
    pub fn words(self) -> &'static str {
        match self {
            SeatKind::Chair => "chair",
            SeatKind::ViceChair => "vice chair",
            SeatKind::CoChair => "co-chair",
            SeatKind::Member => "member",
            SeatKind::Observer => "observer",
            SeatKind::Attends => "attendee",
        }
    }

    /// True for the seats that chair the body's meetings (chair, co-chair).
    pub fn chairs(self) -> bool {
        matches!(self, SeatKind::Chair | SeatKind::CoChair)
    }
}

/// A class of membership: `ex officio`, `co-opted`, `voting`, `non-voting`,
/// `politically proportionate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberClass {
    /// Sits by virtue of an office.
    ExOfficio,
    /// Appointed by the body itself, not by the appointing authority.
    CoOpted,
    /// May vote.
    Voting,
    /// May not vote.
    NonVoting,
    /// Seats shared between political groups in proportion to their strength.
    PoliticallyProportionate,
}

impl MemberClass {
    /// Every class, in the order the reference lists them.
    pub const ALL: [MemberClass; 5] = [
        MemberClass::ExOfficio,
        MemberClass::CoOpted,
        MemberClass::Voting,
        MemberClass::NonVoting,
        MemberClass::PoliticallyProportionate,
    ];

    /// The class as written (canonical spelling).
    pub fn words(self) -> &'static str {
        match self {
            MemberClass::ExOfficio => "ex officio",
            MemberClass::CoOpted => "co-opted",
            MemberClass::Voting => "voting",
            MemberClass::NonVoting => "non-voting",
            MemberClass::PoliticallyProportionate => "politically proportionate",
        }
    }
}

/// A membership class as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Class {
    /// Which class.
    pub class: MemberClass,
    /// Where it was written.
    pub span: Span,
}

/// A part of a quorum: `1 "elected member"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuorumPart {
    /// How many.
    pub count: Num,
    /// Of whom, as the body's `members` lines call them.
    pub who: Str,
}

/// `, then yearly by council` after `elected by`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reelection {
    /// How often.
    pub cadence: Cadence,
    /// By whom.
    pub by: Ident,
}

/// Ordering of one duty against another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderDir {
    /// This duty must come before the other.
    Before,
    /// This duty must come after the other.
    After,
}

/// A deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "form", rename_all = "snake_case")]
pub enum Deadline {
    /// `within 28 days`.
    Within {
        /// The count.
        n: Num,
        /// The unit.
        unit: Unit,
    },
    /// A phrase with no measurable limit, such as `in a timely manner` (normalised wording).
    Vague {
        /// The phrase, normalised to single spaces.
        phrase: String,
    },
}

/// What sets a duty or an escalation off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "form", rename_all = "snake_case")]
pub enum Trigger {
    /// A declared event.
    Event {
        /// The event's name.
        event: Ident,
    },
    /// A circumstance described in words.
    Text {
        /// The description.
        text: Str,
    },
    /// `on receipt of DUTY`: when another duty is delivered.
    Receipt {
        /// The duty whose delivery sets this one off.
        duty: Ident,
    },
}

/// When a duty falls due against each meeting of a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "form", rename_all = "snake_case")]
pub enum MeetingOffset {
    /// `at each meeting of BODY`: on the meeting day.
    At,
    /// `before each meeting of BODY`: by the working day before.
    Before,
    /// `within N UNIT of each meeting of BODY`: within the limit after the meeting.
    Within {
        /// The count.
        n: Num,
        /// The unit.
        unit: Unit,
    },
}

/// The topics a duty covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "form", rename_all = "snake_case")]
pub enum Covers {
    /// `covers all topics`.
    All,
    /// `covers a, b and c`.
    Topics {
        /// The topics named.
        topics: Vec<Ident>,
    },
}

/// How a condition is worded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConditionKind {
    /// `unless "…"`.
    Unless,
    /// `only if "…"`.
    OnlyIf,
}

/// How binding a duty is: `should` and `may` make it soft.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Modality {
    /// The plain verb: `cpb submits …`.
    Plain,
    /// `must VERB`.
    Must,
    /// `will VERB`.
    Will,
    /// `should VERB`: expected, not required.
    Should,
    /// `may VERB`: allowed, not required.
    May,
}

impl Modality {
    /// True for `should` and `may`.
    pub fn soft(self) -> bool {
        matches!(self, Modality::Should | Modality::May)
    }

    /// The word written before the verb, if any.
    pub fn word(self) -> Option<&'static str> {
        match self {
            Modality::Plain => None,
            Modality::Must => Some("must"),
            Modality::Will => Some("will"),
            Modality::Should => Some("should"),
            Modality::May => Some("may"),
        }
    }
}

/// A duty's action line: `cpb submits annual_report to scp`, or passive
/// `performance_indicators reported to cpb and scp`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Action {
    /// Who acts; `None` for a passive line with no `by`.
    pub actor: Option<Ident>,
    /// The verb as written (`submits`, `presents`, `reported`, …).
    pub verb: Ident,
    /// True when written in the passive voice (`X reported to Y [by Z]`).
    pub passive: bool,
    /// What is acted on.
    pub artefact: Ident,
    /// Who receives it.
    pub recipients: Vec<Ident>,
    /// `should`, `may`, `must` or `will` before the verb.
    pub modality: Modality,
    /// The other actors of a joint duty (`scp and sab submit …`).
    pub co_actors: Vec<Ident>,
    /// True when the recipients are alternatives (`to lead_member or cabinet`).
    pub alternatives: bool,
    /// True for `each of GROUP …`: the actor is a group, and each member acts.
    pub each: bool,
    /// True for `to the others`: each member of the acting group delivers to every other.
    pub to_others: bool,
    /// What the object is held to account for, consulted on or notified of (`for TOPIC`,
    /// `on TOPIC`, `of X`; the verb says which word).
    pub about: Option<Ident>,
}

/// What a property line says.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "property", content = "value", rename_all = "snake_case")]
pub enum PropKind {
    /// `clause 4.1`.
    Clause(ClauseRef),
    /// `note "…"`.
    Note(Str),
    /// `allow PG0307 "why"`: a warning the authors have decided to accept here, and why.
    Allow {
        /// The code of the warning.
        code: Ident,
        /// Why it is accepted.
        reason: Str,
    },
    /// `version "…" [on DATE]`: one entry of the version history.
    Version {
        /// The version's label.
        label: Str,
        /// When it was issued.
        on: Option<DateLit>,
    },
    /// `between cpb and scp`: the parties to the protocol.
    Between(Vec<Ident>),
    /// `agreed by X on DATE` (or `approved by`), `agreed in principle by X`, with an
    /// optional `on the recommendation of Y`.
    Agreed {
        /// Who agreed.
        by: Ident,
        /// When, if known.
        on: Option<DateLit>,
        /// True for `agreed in principle by`.
        in_principle: bool,
        /// Who recommended it (`on the recommendation of Y`).
        recommended_by: Option<Ident>,
    },
    /// `signed by ROLE on DATE`.
    Signed {
        /// The signatory.
        by: Ident,
        /// When, if signed.
        on: Option<DateLit>,
    },
    /// `review CADENCE [or when "…"]`: how often the document is reviewed.
    Review {
        /// The cadence.
        cadence: Cadence,
        /// Where in the cycle.
        anchor: Option<Box<Anchor>>,
        /// An event that also calls for a review (`or when "legislation changes"`).
        or_when: Option<Str>,
    },
    /// `last reviewed DATE`.
    LastReviewed(DateLit),
    /// `next review DATE`.
    NextReview(DateLit),
    /// `kind committee`.
    Kind(Ident),
    /// `short "HSCB", "LSCB"`: abbreviations the document uses.
    Short(Vec<Str>),
    /// `established 2010 [under "…"]`.
    Established {
        /// When.
        date: DateLit,
        /// The legal basis it was set up under.
        under: Option<Str>,
    },
    /// `subgroup of X`.
    SubgroupOf(Ident),
    /// `reports to X, Y`: a standing reporting line.
    ReportsTo(Vec<Ident>),
    /// `members "elected representatives", "Care Ambassadors"`.
    Members(Vec<Str>),
    /// `members 7 "elected members", politically proportionate`: seats by count and class.
    MemberSeats {
        /// How many seats.
        count: Num,
        /// Who fills them.
        who: Str,
        /// Their classes.
        classes: Vec<Class>,
    },
    /// `vacancies 1`.
    Vacancies(Num),
    /// `quorum 3 members including 1 "elected member"`.
    Quorum {
        /// How many members make a quorum.
        count: Num,
        /// Who must be among them.
        including: Vec<QuorumPart>,
    },
    /// `meets [at least] CADENCE [at 14:00]`.
    Meets {
        /// The cadence.
        cadence: Cadence,
        /// Where in the cycle.
        anchor: Option<Box<Anchor>>,
        /// True for `at least`.
        at_least: bool,
        /// The time of day the meetings start, when given.
        time: Option<Clock>,
    },
    /// `meets on the second tuesday of january, april, july and october [at 14:00]`.
    MeetsOn(MeetingRule),
    /// `meetings 2026-01-13, 2026-03-10 at 10:00`: the dates the body has agreed.
    Meetings(Vec<MeetingDate>),
    /// `cancelled 2026-03-10`: meetings that will not take place.
    Cancelled(Vec<DateLit>),
    /// `extra meeting 2026-02-02`: meetings besides the usual ones.
    ExtraMeetings(Vec<MeetingDate>),
    /// `meets [at least] N times a year`.
    MeetsTimes {
        /// How many meetings a year.
        n: Num,
        /// True for `at least`.
        at_least: bool,
    },
    /// `open to the public` (true) or `closed to the public` (false).
    Public(bool),
    /// `area "Northshire" and "Southshire"`: the area the body covers.
    Area(Vec<Str>),
    /// `under "Children Act 2004, section 10"`: the legal basis.
    Under(Vec<Str>),
    /// `for BODY`: the body a terms of reference constitutes.
    For(Ident),
    /// `effective from DATE`.
    EffectiveFrom(DateLit),
    /// `chair of X`, `vice chair of X`, `co-chair of X`, `member of X, ex officio`,
    /// `observer on X`, `attends X`.
    Seat {
        /// Which seat.
        seat: SeatKind,
        /// On which body.
        body: Ident,
        /// The classes of the seat (`ex officio`, `non-voting`).
        classes: Vec<Class>,
    },
    /// `elected by X [at its first meeting][, then yearly by Y]`.
    Elected {
        /// Who elects.
        by: Ident,
        /// True for `at its first meeting`.
        first_meeting: bool,
        /// The re-election that follows.
        then: Option<Reelection>,
    },
    /// `stands in for ROLE [when "…"]`.
    StandsIn {
        /// The role stood in for.
        role: Ident,
        /// When, in words.
        when: Option<Str>,
    },
    /// `held by "Name" [from DATE] [until DATE]`.
    HeldBy {
        /// The holder's name.
        name: Str,
        /// From when.
        from: Option<DateLit>,
        /// Until when.
        until: Option<DateLit>,
    },
    /// `includes A, B and C`: the members of a group.
    Includes(Vec<Ident>),
    /// `ongoing`: a standing function, with no schedule and no trigger.
    Ongoing,
    /// `holidays scotland`: whose bank holidays the document's working days skip.
    Holidays(crate::holidays::Region),
    /// `appointed by X, Y`.
    AppointedBy(Vec<Ident>),
    /// `delegate "their nominated person"`.
    Delegate(Str),
    /// `statute "Children Act 1989 s.22(4)"`.
    Statute(Vec<Str>),
    /// `indicators "NI 62", "NI 63"`.
    Indicators(Vec<Str>),
    /// `produced by X`.
    ProducedBy(Ident),
    /// `contains "a section on Looked After Children"`.
    Contains(Str),
    /// `covers …`.
    Covers(Covers),
    /// `before D` / `after D`, optionally `where possible`.
    Order {
        /// Before or after.
        dir: OrderDir,
        /// The other duty.
        target: Ident,
        /// True for `where possible` (a soft constraint).
        soft: bool,
    },
    /// `when EVENT`, `when "…"` or `on receipt of DUTY`.
    Trigger(Trigger),
    /// `at each meeting of BODY`, `before …`, `within N UNIT of …`.
    Meeting {
        /// When against each meeting.
        offset: MeetingOffset,
        /// The body whose meetings date the duty.
        body: Ident,
    },
    /// `within 28 days`, `in a timely manner`, ….
    Deadline(Deadline),
    /// `unless "…"` / `only if "…"`.
    Condition {
        /// Which wording.
        kind: ConditionKind,
        /// The condition.
        text: Str,
    },
    /// `convened by ROLE`.
    ConvenedBy(Ident),
    /// `attended by A, B and C`.
    AttendedBy(Vec<Ident>),
    /// `others "any other senior person that is regarded as being required"`.
    Others(Str),
    /// One stage of an escalation ladder (boxed: it is large and rare).
    Stage(Box<Stage>),
    /// A cadence line in a duty: `yearly in september`.
    Schedule {
        /// The cadence.
        cadence: Cadence,
        /// Where in the cycle.
        anchor: Option<Box<Anchor>>,
    },
    /// An action line in a duty (boxed: it is the largest property by far).
    Action(Box<Action>),
    /// A line that did not parse; a diagnostic explains it.
    Error,
}

/// The dates a property writes, in order, by reference (`&` or `&mut`).
macro_rules! prop_dates {
    ($kind:expr, $($ref:tt)+) => {{
        let mut out = Vec::new();
        match $kind {
            PropKind::Version { on, .. }
            | PropKind::Agreed { on, .. }
            | PropKind::Signed { on, .. } => out.extend(on),
            PropKind::LastReviewed(d)
            | PropKind::NextReview(d)
            | PropKind::EffectiveFrom(d)
            | PropKind::Established { date: d, .. } => out.push(d),
            PropKind::HeldBy { from, until, .. } => {
                out.extend(from);
                out.extend(until);
            }
            PropKind::Review { anchor, .. }
            | PropKind::Meets { anchor, .. }
            | PropKind::Schedule { anchor, .. } => {
                if let Some(a) = anchor {
                    out.extend($($ref)+ a.from);
                }
            }
            PropKind::MeetsOn(rule) => out.extend($($ref)+ rule.from),
            PropKind::Meetings(dates) | PropKind::ExtraMeetings(dates) => {
                for m in dates {
                    out.push($($ref)+ m.date);
                }
            }
            PropKind::Cancelled(dates) => {
                for d in dates {
                    out.push(d);
                }
            }
            PropKind::Clause(_)
            | PropKind::Note(_)
            | PropKind::Allow { .. }
            | PropKind::Between(_)
            | PropKind::Kind(_)
            | PropKind::Short(_)
            | PropKind::SubgroupOf(_)
            | PropKind::ReportsTo(_)
            | PropKind::Members(_)
            | PropKind::MemberSeats { .. }
            | PropKind::Vacancies(_)
            | PropKind::Quorum { .. }
            | PropKind::MeetsTimes { .. }
            | PropKind::Public(_)
            | PropKind::Area(_)
            | PropKind::Under(_)
            | PropKind::For(_)
            | PropKind::Seat { .. }
            | PropKind::Elected { .. }
            | PropKind::StandsIn { .. }
            | PropKind::Includes(_)
            | PropKind::Ongoing
            | PropKind::Holidays(_)
            | PropKind::Stage(_)
            | PropKind::AppointedBy(_)
            | PropKind::Delegate(_)
            | PropKind::Statute(_)
            | PropKind::Indicators(_)
            | PropKind::ProducedBy(_)
            | PropKind::Contains(_)
            | PropKind::Covers(_)
            | PropKind::Order { .. }
            | PropKind::Trigger(_)
            | PropKind::Meeting { .. }
            | PropKind::Deadline(_)
            | PropKind::Condition { .. }
            | PropKind::ConvenedBy(_)
            | PropKind::AttendedBy(_)
            | PropKind::Others(_)
            | PropKind::Action(_)
            | PropKind::Error => {}
        }
        out
    }};
}

impl PropKind {
    /// The keyword a reader would use to name this property (`chair of`, `schedule`, …).
    pub fn label(&self) -> &'static str {
        super::table::of(self).map_or("error", |p| p.name)
    }

    /// Every date the property writes, in order.
    pub fn dates(&self) -> Vec<&DateLit> {
        prop_dates!(self, &)
    }

    /// Every date the property writes, in order, to change.
    pub fn dates_mut(&mut self) -> Vec<&mut DateLit> {
        prop_dates!(self, &mut)
    }
}

#[cfg(test)]
mod tests {
    use super::DeclKind;

    #[test]
    fn every_kind_is_listed_once_at_its_own_number() {
        for (i, k) in DeclKind::ALL.into_iter().enumerate() {
            assert_eq!(k as usize, i, "{k:?}");
            assert!(k.with_article().ends_with(&format!(" {}", k.keyword())));
        }
    }
}
