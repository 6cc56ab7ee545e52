//! The language table: every declaration and every property, with its keywords, where it
//! may be written, how often, the shape of its value, the form completion offers and what
//! it means. The lowering (which properties a declaration takes, which are given once),
//! the model (which kinds of declaration a name may name), the formatter, completion,
//! hover and `vocab` read it here; tests hold the pest grammar, the editor grammar and
//! docs/language.md to it.

use super::ast::{DeclKind, OrderDir, PropKind, SeatKind, Trigger};

/// What follows a property's keyword.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    /// A clause number or a quoted label: `4.1`, `5.2a`, `"Annex B"`.
    Clause,
    /// A diagnostic code and the reason it is accepted: `PG0307 "why"`.
    Allowance,
    /// One string.
    Text,
    /// One or more strings, separated by commas or `and`.
    Texts,
    /// A word of the author's choosing (not a declared name): `committee`.
    Word,
    /// A date: a year, a month or a day.
    Date,
    /// A cadence with an optional anchor: `every 2 years in september`.
    Cadence,
    /// One declared name of one of these kinds.
    Name(&'static [DeclKind]),
    /// One or more declared names of these kinds.
    Names(&'static [DeclKind]),
    /// A declared name of these kinds, then optionally `on DATE`.
    NameOn(&'static [DeclKind]),
    /// `N UNIT` after `within`, or a phrase with no measurable limit.
    Deadline,
    /// A count (`vacancies 1`), or a count and what follows it (`quorum 3 members …`).
    Count,
    /// A text and optional dates (`held by "Name" from DATE until DATE`).
    TextDates,
    /// Nothing: the keyword says it all (`ongoing`, `open to the public`).
    Flag,
    /// A stage of an escalation ladder: its number, heading, participants (names of these
    /// kinds), time limit and trigger.
    Stage(&'static [DeclKind]),
    /// A duty's action line: actor, verb, artefact and recipients (see [`ACTOR`],
    /// [`ARTEFACT`] and [`RECIPIENTS`]).
    Action,
}

impl Value {
    /// The kinds of declaration a name in this value may name (empty for no name).
    pub const fn kinds(self) -> &'static [DeclKind] {
        match self {
            Value::Name(k) | Value::Names(k) | Value::NameOn(k) | Value::Stage(k) => k,
            _ => &[],
        }
    }
}

/// One property of a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Property {
    /// What messages call it (`agreed by`, `deadline`, `schedule`).
    pub name: &'static str,
    /// Every spelling that starts the line, the canonical one (which the formatter
    /// writes) first. Empty for the action line, which starts with a name.
    pub keywords: &'static [&'static str],
    /// The rule of grammar/protogov.pest that reads it.
    pub rule: &'static str,
    /// The declarations that take it.
    pub decls: &'static [DeclKind],
    /// True when a declaration may give it once only.
    pub single: bool,
    /// What follows the keyword.
    pub value: Value,
    /// The forms completion offers and the reference documents, one per spelling a user
    /// would type: `chair of BODY`.
    pub forms: &'static [&'static str],
    /// What it means, in one line.
    pub about: &'static str,
}

impl Property {
    /// The canonical keyword (`agreed by` for `approved by`); empty for the action line.
    pub const fn keyword(&self) -> &'static str {
        match self.keywords.first() {
            Some(k) => k,
            None => "",
        }
    }

    /// The kinds of declaration a name in its value may name.
    pub const fn kinds(&self) -> &'static [DeclKind] {
        self.value.kinds()
    }
}

/// One declaration keyword.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Declaration {
    /// The keyword that starts it.
    pub keyword: &'static str,
    /// What it declares (`None` for `prose`, which declares no name).
    pub kind: Option<DeclKind>,
    /// The form completion offers.
    pub form: &'static str,
    /// What it declares, in one line.
    pub about: &'static str,
}

use DeclKind as D;

const ALL: &[DeclKind] = &DeclKind::ALL;
const PROTOCOL: &[DeclKind] = &[D::Protocol];
const BODY: &[DeclKind] = &[D::Body];
const ROLE: &[DeclKind] = &[D::Role];
const BODY_OR_ROLE: &[DeclKind] = &[D::Body, D::Role];
const TOPIC: &[DeclKind] = &[D::Topic];
const ARTEFACT_KIND: &[DeclKind] = &[D::Artefact];
const EVENT: &[DeclKind] = &[D::Event];
const DUTY: &[DeclKind] = &[D::Duty];
const ESCALATION: &[DeclKind] = &[D::Escalation];
const DOCUMENT: &[DeclKind] = &[D::Protocol, D::Terms];
const TERMS: &[DeclKind] = &[D::Terms];
const GROUP: &[DeclKind] = &[D::Group];
const BODY_OR_GROUP: &[DeclKind] = &[D::Body, D::Group];
const BODY_ROLE_OR_GROUP: &[DeclKind] = &[D::Body, D::Role, D::Group];

/// Who may act in a duty's action line.
pub const ACTOR: &[DeclKind] = BODY_OR_ROLE;
/// What an action line acts on.
pub const ARTEFACT: &[DeclKind] = ARTEFACT_KIND;
/// Who receives what an action line delivers: a group stands for each body it includes.
pub const RECIPIENTS: &[DeclKind] = BODY_ROLE_OR_GROUP;

/// The declarations, in the order the reference documents them.
pub const DECLARATIONS: [Declaration; 12] = [
    Declaration {
        keyword: "protocol",
        kind: Some(D::Protocol),
        form: "protocol NAME \"Title\" { … }",
        about: "the document itself, between two or more parties",
    },
    Declaration {
        keyword: "terms",
        kind: Some(D::Terms),
        form: "terms of reference NAME \"Title\" { … }",
        about: "the document itself, constituting one body",
    },
    Declaration {
        keyword: "external",
        kind: Some(D::Body),
        form: "external body NAME \"Title\"",
        about: "a body outside the protocol",
    },
    Declaration {
        keyword: "body",
        kind: Some(D::Body),
        form: "body NAME \"Title\" { … }",
        about: "a party to the protocol, or a body that takes part",
    },
    Declaration {
        keyword: "role",
        kind: Some(D::Role),
        form: "role NAME \"Title\" { … }",
        about: "an office holder",
    },
    Declaration {
        keyword: "group",
        kind: Some(D::Group),
        form: "group NAME \"Title\" { … }",
        about: "a collective name for bodies, usable wherever a list of bodies is",
    },
    Declaration {
        keyword: "topic",
        kind: Some(D::Topic),
        form: "topic NAME \"Title\" { … }",
        about: "a joint area of interest",
    },
    Declaration {
        keyword: "artefact",
        kind: Some(D::Artefact),
        form: "artefact NAME \"Title\" { … }",
        about: "a report, plan or other thing that is produced and passed on",
    },
    Declaration {
        keyword: "event",
        kind: Some(D::Event),
        form: "event NAME \"Title\"",
        about: "something that happens and sets duties off",
    },
    Declaration {
        keyword: "duty",
        kind: Some(D::Duty),
        form: "duty NAME \"Title\" { … }",
        about: "who does what, for whom, and when",
    },
    Declaration {
        keyword: "escalation",
        kind: Some(D::Escalation),
        form: "escalation NAME \"Title\" { … }",
        about: "how a concern that cannot be resolved is raised",
    },
    Declaration {
        keyword: "prose",
        kind: None,
        form: "prose 1.1 \"Heading\" \"Text\"",
        about: "a narrative clause, kept word for word",
    },
];

/// The declaration keywords that may also be names (`kind group`, `body terms`): they start a
/// declaration only at the start of a line.
pub const UNRESERVED_KEYWORDS: [&str; 2] = ["terms", "group"];

/// True for the words that can never be a name: the declaration keywords but
/// [`UNRESERVED_KEYWORDS`], and `and`, `to` and `by`.
pub fn is_reserved(word: &str) -> bool {
    (DECL_KEYWORDS.contains(&word) && !UNRESERVED_KEYWORDS.contains(&word))
        || matches!(word, "and" | "to" | "by")
}

/// The declaration keywords, in the table's order.
pub const DECL_KEYWORDS: [&str; DECLARATIONS.len()] = {
    let mut out = [""; DECLARATIONS.len()];
    let mut i = 0;
    while i < DECLARATIONS.len() {
        out[i] = DECLARATIONS[i].keyword;
        i += 1;
    }
    out
};

/// `clause 4.1`.
pub const CLAUSE: Property = Property {
    name: "clause",
    keywords: &["clause"],
    rule: "clause_prop",
    decls: ALL,
    single: false,
    value: Value::Clause,
    forms: &["clause 4.1"],
    about: "the clause of the source document this declaration comes from",
};
/// `note "…"`.
pub const NOTE: Property = Property {
    name: "note",
    keywords: &["note"],
    rule: "note_prop",
    decls: ALL,
    single: false,
    value: Value::Text,
    forms: &["note \"…\""],
    about: "a remark kept with the declaration",
};
/// `allow PG0307 "why"`.
pub const ALLOW: Property = Property {
    name: "allow",
    keywords: &["allow"],
    rule: "allow_prop",
    decls: ALL,
    single: false,
    value: Value::Allowance,
    forms: &["allow PG0307 \"why it is accepted\""],
    about: "a warning the authors accept here, and why",
};
/// `version "…"`.
pub const VERSION: Property = Property {
    name: "version",
    keywords: &["version"],
    rule: "version_prop",
    decls: DOCUMENT,
    single: false,
    value: Value::TextDates,
    forms: &["version \"…\" on DATE"],
    about: "a version of the document and when it was issued, newest first",
};
/// `between BODY and BODY`.
pub const BETWEEN: Property = Property {
    name: "between",
    keywords: &["between"],
    rule: "between_prop",
    decls: PROTOCOL,
    single: false,
    value: Value::Names(BODY_OR_GROUP),
    forms: &["between BODY or GROUP and BODY or GROUP"],
    about: "the parties to the protocol (a group stands for each body it includes)",
};
/// `agreed by BODY or ROLE on DATE`: approvals are given by bodies (a council, a
/// board) or by office holders (a Director).
pub const AGREED: Property = Property {
    name: "agreed by",
    keywords: &["agreed by", "approved by"],
    rule: "agreed_prop",
    decls: DOCUMENT,
    single: false,
    value: Value::NameOn(BODY_OR_ROLE),
    forms: &[
        "agreed by BODY or ROLE on DATE",
        "approved by BODY or ROLE on DATE",
    ],
    about: "a body or an office holder that agreed the document, and when, optionally `on the recommendation of BODY or ROLE`",
};
/// `agreed in principle by BODY or ROLE on DATE`: an earlier step of the approval chain.
pub const AGREED_IN_PRINCIPLE: Property = Property {
    name: "agreed in principle by",
    keywords: &["agreed in principle by"],
    rule: "agreed_prop",
    decls: DOCUMENT,
    single: false,
    value: Value::NameOn(BODY_OR_ROLE),
    forms: &["agreed in principle by BODY or ROLE on DATE"],
    about: "a step of the approval chain before the document is agreed",
};
/// `effective from DATE`.
pub const EFFECTIVE_FROM: Property = Property {
    name: "effective from",
    keywords: &["effective from"],
    rule: "effective_prop",
    decls: DOCUMENT,
    single: true,
    value: Value::Date,
    forms: &["effective from DATE"],
    about: "the day the document takes effect",
};
/// `for BODY`: the body a terms of reference constitutes.
pub const FOR: Property = Property {
    name: "for",
    keywords: &["for"],
    rule: "for_prop",
    decls: TERMS,
    single: true,
    value: Value::Name(BODY),
    forms: &["for BODY"],
    about: "the body the terms of reference constitute",
};
/// `signed by ROLE on DATE`: a signature is a person's.
pub const SIGNED: Property = Property {
    name: "signed by",
    keywords: &["signed by"],
    rule: "signed_prop",
    decls: DOCUMENT,
    single: false,
    value: Value::NameOn(ROLE),
    forms: &["signed by ROLE on DATE"],
    about: "a signatory, and when they signed",
};
/// `review CADENCE`.
pub const REVIEW: Property = Property {
    name: "review",
    keywords: &["review"],
    rule: "review_prop",
    decls: DOCUMENT,
    single: true,
    value: Value::Cadence,
    forms: &["review CADENCE", "review CADENCE from DATE or when \"…\""],
    about: "how often the document is reviewed, from when, and what else calls for a review",
};
/// `last reviewed DATE`.
pub const LAST_REVIEWED: Property = Property {
    name: "last reviewed",
    keywords: &["last reviewed"],
    rule: "last_reviewed_prop",
    decls: DOCUMENT,
    single: true,
    value: Value::Date,
    forms: &["last reviewed DATE"],
    about: "when the protocol was last reviewed",
};
/// `next review DATE`.
pub const NEXT_REVIEW: Property = Property {
    name: "next review",
    keywords: &["next review"],
    rule: "next_review_prop",
    decls: DOCUMENT,
    single: true,
    value: Value::Date,
    forms: &["next review DATE"],
    about: "when the next review is due",
};
/// `kind committee`.
pub const KIND: Property = Property {
    name: "kind",
    keywords: &["kind"],
    rule: "kind_prop",
    decls: BODY,
    single: true,
    value: Value::Word,
    forms: &["kind NAME"],
    about: "what sort of body, as a word of your choosing",
};
/// `short "HSCB", "LSCB"`.
pub const SHORT: Property = Property {
    name: "short",
    keywords: &["short"],
    rule: "short_prop",
    decls: &[
        D::Protocol,
        D::Terms,
        D::Body,
        D::Role,
        D::Group,
        D::Topic,
        D::Artefact,
    ],
    single: false,
    value: Value::Texts,
    forms: &["short \"…\", \"…\""],
    about: "the abbreviations the document uses",
};
/// `established DATE`.
pub const ESTABLISHED: Property = Property {
    name: "established",
    keywords: &["established"],
    rule: "established_prop",
    decls: BODY,
    single: true,
    value: Value::Date,
    forms: &["established DATE", "established DATE under \"…\""],
    about: "when the body was set up, and under what law",
};
/// `area "…" and "…"`.
pub const AREA: Property = Property {
    name: "area",
    keywords: &["area"],
    rule: "area_prop",
    decls: BODY,
    single: false,
    value: Value::Texts,
    forms: &["area \"…\" and \"…\""],
    about: "the area the body covers (one or more authorities)",
};
/// `under "…"`.
pub const UNDER: Property = Property {
    name: "under",
    keywords: &["under"],
    rule: "under_prop",
    decls: &[D::Protocol, D::Terms, D::Body, D::Role, D::Duty],
    single: false,
    value: Value::Texts,
    forms: &["under \"…\""],
    about: "the legal basis: the Act, section or regulation it rests on",
};
/// `subgroup of BODY`.
pub const SUBGROUP_OF: Property = Property {
    name: "subgroup of",
    keywords: &["subgroup of"],
    rule: "subgroup_prop",
    decls: BODY,
    single: true,
    value: Value::Name(BODY),
    forms: &["subgroup of BODY"],
    about: "the body it is a subgroup of",
};
/// `reports to BODY, …`.
pub const REPORTS_TO: Property = Property {
    name: "reports to",
    keywords: &["reports to"],
    rule: "reports_to_prop",
    decls: BODY,
    single: false,
    value: Value::Names(BODY),
    forms: &["reports to BODY, …"],
    about: "a standing reporting line",
};
/// `members "…", "…"`.
pub const MEMBERS: Property = Property {
    name: "members",
    keywords: &["members"],
    rule: "members_prop",
    decls: BODY,
    single: false,
    value: Value::Texts,
    forms: &[
        "members N \"…\", CLASS",
        "members \"…\", \"…\"",
    ],
    about: "who sits on the body: a count of seats, who fills them and their classes (ex officio, co-opted, voting, non-voting, politically proportionate), or words alone",
};
/// `vacancies N`.
pub const VACANCIES: Property = Property {
    name: "vacancies",
    keywords: &["vacancies"],
    rule: "vacancies_prop",
    decls: BODY,
    single: true,
    value: Value::Count,
    forms: &["vacancies N"],
    about: "how many seats are unfilled",
};
/// `quorum N members including N "…"`.
pub const QUORUM: Property = Property {
    name: "quorum",
    keywords: &["quorum"],
    rule: "quorum_prop",
    decls: BODY,
    single: true,
    value: Value::Count,
    forms: &["quorum N members", "quorum N members including N \"…\""],
    about: "how many members make a quorum, and who must be among them",
};
/// `meets CADENCE`.
pub const MEETS: Property = Property {
    name: "meets",
    keywords: &["meets"],
    rule: "meets_prop",
    decls: BODY,
    single: true,
    value: Value::Cadence,
    forms: &[
        "meets CADENCE",
        "meets at least CADENCE",
        "meets on the second tuesday of each month",
    ],
    about: "how often the body meets: a cadence (`quarterly in march, june, september and december`), or a weekday of the months named (`on the second tuesday of january, april, july and october`), optionally `at 14:00`",
};
/// `meetings DATE, DATE …`.
pub const MEETINGS: Property = Property {
    name: "meetings",
    keywords: &["meetings"],
    rule: "meetings_prop",
    decls: BODY,
    single: false,
    value: Value::Date,
    forms: &["meetings DATE", "meetings DATE at 14:00, DATE"],
    about: "the dates of the body's meetings, as the council agrees them each year, each optionally `at TIME`",
};
/// `cancelled DATE`.
pub const CANCELLED: Property = Property {
    name: "cancelled",
    keywords: &["cancelled"],
    rule: "cancelled_prop",
    decls: BODY,
    single: false,
    value: Value::Date,
    forms: &["cancelled DATE", "cancelled DATE, DATE"],
    about: "meetings that will not take place",
};
/// `extra meeting DATE`.
pub const EXTRA_MEETING: Property = Property {
    name: "extra meeting",
    keywords: &["extra meeting", "extra meetings"],
    rule: "extra_meeting_prop",
    decls: BODY,
    single: false,
    value: Value::Date,
    forms: &["extra meeting DATE", "extra meetings DATE, DATE"],
    about: "meetings besides the body's usual ones, each optionally `at TIME`",
};
/// `meets at least N times a year`.
pub const MEETS_TIMES: Property = Property {
    name: "meets N times a year",
    keywords: &["meets"],
    rule: "meets_prop",
    decls: BODY,
    single: true,
    value: Value::Count,
    forms: &["meets at least N times a year", "meets N times a year"],
    about: "how many meetings a year the body holds (at least)",
};
/// `open to the public`.
pub const PUBLIC: Property = Property {
    name: "open to the public",
    keywords: &["open to the public", "closed to the public"],
    rule: "public_prop",
    decls: BODY,
    single: true,
    value: Value::Flag,
    forms: &["open to the public", "closed to the public"],
    about: "whether the public may attend the body's meetings",
};
/// `chair of BODY`.
pub const CHAIR_OF: Property = Property {
    name: "chair of",
    keywords: &["chair of"],
    rule: "seat_prop",
    decls: ROLE,
    single: false,
    value: Value::Name(BODY),
    forms: &["chair of BODY"],
    about: "the holder chairs the body",
};
/// `vice chair of BODY`.
pub const VICE_CHAIR_OF: Property = Property {
    name: "vice chair of",
    keywords: &["vice chair of", "vice-chair of", "deputy chair of"],
    rule: "seat_prop",
    decls: ROLE,
    single: false,
    value: Value::Name(BODY),
    forms: &["vice chair of BODY"],
    about: "the holder is the body's vice chair, who chairs when the chair cannot",
};
/// `co-chair of BODY`.
pub const CO_CHAIR_OF: Property = Property {
    name: "co-chair of",
    keywords: &["co-chair of"],
    rule: "seat_prop",
    decls: ROLE,
    single: false,
    value: Value::Name(BODY),
    forms: &["co-chair of BODY"],
    about: "the holder chairs the body jointly with another co-chair",
};
/// `member of BODY, CLASS`.
pub const MEMBER_OF: Property = Property {
    name: "member of",
    keywords: &["member of"],
    rule: "seat_prop",
    decls: ROLE,
    single: false,
    value: Value::Name(BODY),
    forms: &["member of BODY", "member of BODY, ex officio"],
    about: "the holder sits on the body as a member, optionally of a class (ex officio, co-opted, non-voting)",
};
/// `attends BODY`.
pub const ATTENDS: Property = Property {
    name: "attends",
    keywords: &["attends"],
    rule: "seat_prop",
    decls: ROLE,
    single: false,
    value: Value::Name(BODY),
    forms: &["attends BODY"],
    about: "the holder is invited to every meeting of the body, without being a member",
};
/// `observer on BODY`.
pub const OBSERVER_ON: Property = Property {
    name: "observer on",
    keywords: &["observer on"],
    rule: "seat_prop",
    decls: ROLE,
    single: false,
    value: Value::Name(BODY),
    forms: &["observer on BODY"],
    about: "the holder sits on the body as a participating observer",
};
/// `elected by BODY at its first meeting, then yearly by BODY`.
pub const ELECTED_BY: Property = Property {
    name: "elected by",
    keywords: &["elected by"],
    rule: "elected_prop",
    decls: ROLE,
    single: true,
    value: Value::Name(BODY_OR_ROLE),
    forms: &[
        "elected by BODY or ROLE",
        "elected by BODY or ROLE at its first meeting, then yearly by BODY or ROLE",
    ],
    about: "who elects the holder, when, and who re-elects them",
};
/// `stands in for ROLE when "…"`.
pub const STANDS_IN_FOR: Property = Property {
    name: "stands in for",
    keywords: &["stands in for"],
    rule: "stands_in_prop",
    decls: ROLE,
    single: false,
    value: Value::Name(ROLE),
    forms: &["stands in for ROLE", "stands in for ROLE when \"…\""],
    about: "the holder acts for another office holder, and when",
};
/// `held by "Name" from DATE until DATE`.
pub const HELD_BY: Property = Property {
    name: "held by",
    keywords: &["held by"],
    rule: "held_prop",
    decls: ROLE,
    single: false,
    value: Value::TextDates,
    forms: &[
        "held by \"…\" from DATE",
        "held by \"…\" from DATE until DATE",
    ],
    about: "who holds the office, from when and until when (one line per holder, in order)",
};
/// `includes BODY or GROUP, …`.
pub const INCLUDES: Property = Property {
    name: "includes",
    keywords: &["includes"],
    rule: "includes_prop",
    decls: GROUP,
    single: false,
    value: Value::Names(BODY_OR_GROUP),
    forms: &["includes BODY or GROUP, …"],
    about: "the bodies the group stands for",
};
/// `appointed by BODY or ROLE, …`.
pub const APPOINTED_BY: Property = Property {
    name: "appointed by",
    keywords: &["appointed by"],
    rule: "appointed_prop",
    decls: ROLE,
    single: false,
    value: Value::Names(BODY_OR_ROLE),
    forms: &["appointed by BODY or ROLE, …"],
    about: "who appoints the holder",
};
/// `delegate "…"`.
pub const DELEGATE: Property = Property {
    name: "delegate",
    keywords: &["delegate"],
    rule: "delegate_prop",
    decls: ROLE,
    single: true,
    value: Value::Text,
    forms: &["delegate \"…\""],
    about: "who may stand in for the holder",
};
/// `statute "…", "…"`.
pub const STATUTE: Property = Property {
    name: "statute",
    keywords: &["statute"],
    rule: "statute_prop",
    decls: TOPIC,
    single: false,
    value: Value::Texts,
    forms: &["statute \"…\", \"…\""],
    about: "the legislation or guidance the topic rests on",
};
/// `indicators "…", "…"`.
pub const INDICATORS: Property = Property {
    name: "indicators",
    keywords: &["indicators", "indicator"],
    rule: "indicators_prop",
    decls: TOPIC,
    single: false,
    value: Value::Texts,
    forms: &["indicators \"…\", \"…\"", "indicator \"…\""],
    about: "the performance indicators that measure the topic",
};
/// `produced by BODY or ROLE`.
pub const PRODUCED_BY: Property = Property {
    name: "produced by",
    keywords: &["produced by"],
    rule: "produced_prop",
    decls: ARTEFACT_KIND,
    single: true,
    value: Value::Name(BODY_OR_ROLE),
    forms: &["produced by BODY or ROLE"],
    about: "who produces the artefact",
};
/// `contains "…"`.
pub const CONTAINS: Property = Property {
    name: "contains",
    keywords: &["contains"],
    rule: "contains_prop",
    decls: &[D::Artefact, D::Duty],
    single: false,
    value: Value::Text,
    forms: &["contains \"…\""],
    about: "something the artefact, or this delivery of it, must contain",
};
/// `covers TOPIC, …` or `covers all topics`.
pub const COVERS: Property = Property {
    name: "covers",
    keywords: &["covers"],
    rule: "covers_prop",
    decls: DUTY,
    single: false,
    value: Value::Names(TOPIC),
    forms: &["covers TOPIC, …", "covers all topics"],
    about: "the joint areas of interest the duty serves",
};
/// `before DUTY`.
pub const BEFORE: Property = Property {
    name: "before",
    keywords: &["before"],
    rule: "order_prop",
    decls: DUTY,
    single: false,
    value: Value::Name(DUTY),
    forms: &["before DUTY"],
    about: "the duty comes before another, optionally `where possible`",
};
/// `after DUTY`.
pub const AFTER: Property = Property {
    name: "after",
    keywords: &["after"],
    rule: "order_prop",
    decls: DUTY,
    single: false,
    value: Value::Name(DUTY),
    forms: &["after DUTY"],
    about: "the duty comes after another, optionally `where possible`",
};
/// `when EVENT`, in a duty.
pub const WHEN_EVENT: Property = Property {
    name: "when",
    keywords: &["when"],
    rule: "trigger_prop",
    decls: DUTY,
    single: true,
    value: Value::Name(EVENT),
    forms: &["when EVENT"],
    about: "the event that sets the duty off",
};
/// `when "…"`, in an escalation.
pub const WHEN_TEXT: Property = Property {
    name: "when",
    keywords: &["when"],
    rule: "trigger_prop",
    decls: ESCALATION,
    single: true,
    value: Value::Text,
    forms: &["when \"…\""],
    about: "the circumstance that raises the concern, in words",
};
/// `on receipt of DUTY`.
pub const ON_RECEIPT: Property = Property {
    name: "on receipt of",
    keywords: &["on receipt of"],
    rule: "receipt_prop",
    decls: DUTY,
    single: true,
    value: Value::Name(DUTY),
    forms: &["on receipt of DUTY"],
    about: "the duty whose delivery sets this one off",
};
/// `at each meeting of BODY`, `before each meeting of BODY`, `within N UNIT of each
/// meeting of BODY`.
pub const MEETING: Property = Property {
    name: "each meeting",
    keywords: &["at each meeting of", "before each meeting of", "within"],
    rule: "meeting_prop",
    decls: DUTY,
    single: true,
    value: Value::Name(BODY),
    forms: &[
        "at each meeting of BODY",
        "before each meeting of BODY",
        "within N UNIT of each meeting of BODY",
    ],
    about: "the duty falls due against each meeting of a body: on the day, by the working day before, or within a limit after it",
};
/// `within 28 days`, or a vague phrase.
pub const DEADLINE: Property = Property {
    name: "deadline",
    keywords: &[
        "within",
        "in a timely manner",
        "in timely manner",
        "as soon as possible",
        "promptly",
        "without delay",
    ],
    rule: "deadline_prop",
    decls: DUTY,
    single: true,
    value: Value::Deadline,
    forms: &["within N UNIT"],
    about: "how long after the event the duty is due",
};
/// `unless "…"` or `only if "…"`.
pub const CONDITION: Property = Property {
    name: "condition",
    keywords: &["unless", "only if"],
    rule: "condition_prop",
    decls: DUTY,
    single: false,
    value: Value::Text,
    forms: &["unless \"…\"", "only if \"…\""],
    about: "a condition on the duty, in words",
};
/// `convened by ROLE`: a meeting is called by an office holder.
pub const CONVENED_BY: Property = Property {
    name: "convened by",
    keywords: &["convened by"],
    rule: "convened_prop",
    decls: ESCALATION,
    single: true,
    value: Value::Name(ROLE),
    forms: &["convened by ROLE"],
    about: "the office holder who calls the meeting",
};
/// `attended by BODY or ROLE, …`: "attended by representatives of each agency".
pub const ATTENDED_BY: Property = Property {
    name: "attended by",
    keywords: &["attended by"],
    rule: "attended_prop",
    decls: ESCALATION,
    single: false,
    value: Value::Names(BODY_ROLE_OR_GROUP),
    forms: &["attended by BODY or ROLE or GROUP, …"],
    about: "who attends the meeting: office holders, or bodies' representatives",
};
/// `others "…"`.
pub const OTHERS: Property = Property {
    name: "others",
    keywords: &["others"],
    rule: "others_prop",
    decls: ESCALATION,
    single: false,
    value: Value::Text,
    forms: &["others \"…\""],
    about: "anyone else who may attend, in words",
};
/// `stage 1 "…" attended by ROLE, … within 5 working days when "…"`.
pub const STAGE: Property = Property {
    name: "stage",
    keywords: &["stage"],
    rule: "stage_prop",
    decls: ESCALATION,
    single: false,
    value: Value::Stage(BODY_ROLE_OR_GROUP),
    forms: &[
        "stage 1 \"…\" attended by BODY or ROLE or GROUP, …",
        "stage 2 \"…\" attended by BODY or ROLE or GROUP, … within 5 working days \"…\" when \"…\"",
    ],
    about: "one stage of the ladder, in order: who takes part, how long it has (`working days`, `hours`, `days`, `weeks`, `months`, counted from the stage's start or `of the concern`, optionally qualified in words) and what brings the concern to it",
};
/// A schedule line: `yearly in september`, `every 2 years`. Besides `every`, a schedule
/// starts with any cadence word of `vocab` (in any case).
pub const SCHEDULE: Property = Property {
    name: "schedule",
    keywords: &["every"],
    rule: "schedule_prop",
    decls: DUTY,
    single: true,
    value: Value::Cadence,
    forms: &["every N UNIT"],
    about: "how often the duty falls due, and when in the cycle",
};
/// `holidays scotland`.
pub const HOLIDAYS: Property = Property {
    name: "holidays",
    keywords: &["holidays"],
    rule: "holidays_prop",
    decls: DOCUMENT,
    single: true,
    value: Value::Word,
    forms: &[
        "holidays england and wales",
        "holidays scotland",
        "holidays northern ireland",
    ],
    about: "whose bank holidays working days skip (England and Wales unless said)",
};
/// `ongoing`: a standing function.
pub const ONGOING: Property = Property {
    name: "ongoing",
    keywords: &["ongoing"],
    rule: "ongoing_prop",
    decls: DUTY,
    single: true,
    value: Value::Flag,
    forms: &["ongoing"],
    about: "a standing function (monitors, holds to account): no schedule, no trigger, never in a calendar",
};
/// The action line: `cpb submits annual_report to scp`.
pub const ACTION: Property = Property {
    name: "action",
    keywords: &[],
    rule: "action_prop",
    decls: DUTY,
    single: true,
    value: Value::Action,
    forms: &["ACTOR VERB ARTEFACT to RECIPIENTS"],
    about: "who does what to which artefact, for whom",
};

/// Every property, in the order completion offers them.
pub const PROPERTIES: [&Property; 62] = [
    &CLAUSE,
    &NOTE,
    &ALLOW,
    &UNDER,
    &FOR,
    &VERSION,
    &BETWEEN,
    &EFFECTIVE_FROM,
    &HOLIDAYS,
    &AGREED_IN_PRINCIPLE,
    &AGREED,
    &SIGNED,
    &REVIEW,
    &LAST_REVIEWED,
    &NEXT_REVIEW,
    &KIND,
    &SHORT,
    &AREA,
    &ESTABLISHED,
    &SUBGROUP_OF,
    &REPORTS_TO,
    &MEMBERS,
    &VACANCIES,
    &QUORUM,
    &MEETS,
    &MEETS_TIMES,
    &MEETINGS,
    &CANCELLED,
    &EXTRA_MEETING,
    &PUBLIC,
    &CHAIR_OF,
    &VICE_CHAIR_OF,
    &CO_CHAIR_OF,
    &MEMBER_OF,
    &OBSERVER_ON,
    &ATTENDS,
    &ELECTED_BY,
    &STANDS_IN_FOR,
    &HELD_BY,
    &INCLUDES,
    &APPOINTED_BY,
    &DELEGATE,
    &STATUTE,
    &INDICATORS,
    &PRODUCED_BY,
    &CONTAINS,
    &COVERS,
    &BEFORE,
    &AFTER,
    &WHEN_EVENT,
    &WHEN_TEXT,
    &ON_RECEIPT,
    &DEADLINE,
    &MEETING,
    &CONDITION,
    &CONVENED_BY,
    &ATTENDED_BY,
    &OTHERS,
    &STAGE,
    &SCHEDULE,
    &ONGOING,
    &ACTION,
];

/// The words other than property and declaration keywords that the grammar reads as
/// keywords: separators, and the words of anchors, `where possible` and `all topics`.
pub const CONNECTIVES: &[&str] = &[
    "a",
    "account",
    "all",
    "and",
    "at",
    "by",
    "co-opted",
    "concern",
    "day",
    "due",
    "each",
    "ex",
    "first",
    "from",
    "in",
    "including",
    "its",
    "last",
    "least",
    "meeting",
    "non-voting",
    "of",
    "officio",
    "on",
    "or",
    "per",
    "politically",
    "possible",
    "principle",
    "proportionate",
    "recommendation",
    "reference",
    "the",
    "then",
    "times",
    "to",
    "topics",
    "until",
    "voting",
    "should",
    "england",
    "wales",
    "scotland",
    "northern",
    "ireland",
    "may",
    "must",
    "will",
    "where",
    "working",
    "year",
    "second",
    "third",
    "fourth",
    "month",
    "meetings",
];

/// The property a line is, by what it says (`None` for a line that did not parse).
pub fn of(kind: &PropKind) -> Option<&'static Property> {
    use PropKind as P;
    Some(match kind {
        P::Clause(_) => &CLAUSE,
        P::Note(_) => &NOTE,
        P::Allow { .. } => &ALLOW,
        P::Version { .. } => &VERSION,
        P::Between(_) => &BETWEEN,
        P::Agreed {
            in_principle: true, ..
        } => &AGREED_IN_PRINCIPLE,
        P::Agreed { .. } => &AGREED,
        P::EffectiveFrom(_) => &EFFECTIVE_FROM,
        P::For(_) => &FOR,
        P::Under(_) => &UNDER,
        P::Area(_) => &AREA,
        P::MemberSeats { .. } => &MEMBERS,
        P::Vacancies(_) => &VACANCIES,
        P::Quorum { .. } => &QUORUM,
        P::MeetsTimes { .. } => &MEETS_TIMES,
        P::Public(_) => &PUBLIC,
        P::Elected { .. } => &ELECTED_BY,
        P::StandsIn { .. } => &STANDS_IN_FOR,
        P::HeldBy { .. } => &HELD_BY,
        P::Includes(_) => &INCLUDES,
        P::Ongoing => &ONGOING,
        P::Holidays(_) => &HOLIDAYS,
        P::Signed { .. } => &SIGNED,
        P::Review { .. } => &REVIEW,
        P::LastReviewed(_) => &LAST_REVIEWED,
        P::NextReview(_) => &NEXT_REVIEW,
        P::Kind(_) => &KIND,
        P::Short(_) => &SHORT,
        P::Established { .. } => &ESTABLISHED,
        P::SubgroupOf(_) => &SUBGROUP_OF,
        P::ReportsTo(_) => &REPORTS_TO,
        P::Members(_) => &MEMBERS,
        P::Meets { .. } | P::MeetsOn(_) => &MEETS,
        P::Meetings(_) => &MEETINGS,
        P::Cancelled(_) => &CANCELLED,
        P::ExtraMeetings(_) => &EXTRA_MEETING,
        P::Seat { seat, .. } => seat_property(*seat),
        P::AppointedBy(_) => &APPOINTED_BY,
        P::Delegate(_) => &DELEGATE,
        P::Statute(_) => &STATUTE,
        P::Indicators(_) => &INDICATORS,
        P::ProducedBy(_) => &PRODUCED_BY,
        P::Contains(_) => &CONTAINS,
        P::Covers(_) => &COVERS,
        P::Order {
            dir: OrderDir::Before,
            ..
        } => &BEFORE,
        P::Order {
            dir: OrderDir::After,
            ..
        } => &AFTER,
        P::Trigger(Trigger::Event { .. }) => &WHEN_EVENT,
        P::Trigger(Trigger::Text { .. }) => &WHEN_TEXT,
        P::Trigger(Trigger::Receipt { .. }) => &ON_RECEIPT,
        P::Meeting { .. } => &MEETING,
        P::Deadline(_) => &DEADLINE,
        P::Condition { .. } => &CONDITION,
        P::ConvenedBy(_) => &CONVENED_BY,
        P::AttendedBy(_) => &ATTENDED_BY,
        P::Others(_) => &OTHERS,
        P::Stage(_) => &STAGE,
        P::Schedule { .. } => &SCHEDULE,
        P::Action(_) => &ACTION,
        P::Error => return None,
    })
}

/// The property of a seat.
pub const fn seat_property(seat: SeatKind) -> &'static Property {
    match seat {
        SeatKind::Chair => &CHAIR_OF,
        SeatKind::ViceChair => &VICE_CHAIR_OF,
        SeatKind::CoChair => &CO_CHAIR_OF,
        SeatKind::Member => &MEMBER_OF,
        SeatKind::Observer => &OBSERVER_ON,
        SeatKind::Attends => &ATTENDS,
    }
}

/// The properties a declaration of `kind` takes, in the table's order.
pub fn properties_of(kind: DeclKind) -> impl Iterator<Item = &'static Property> {
    properties().filter(move |p| p.decls.contains(&kind))
}

/// Every property, in the table's order.
pub fn properties() -> impl Iterator<Item = &'static Property> {
    PROPERTIES.iter().copied()
}

/// The property a line whose words are `words` starts with, in a declaration of `kind`
/// when known, and how many words its keyword takes: the longest keyword that matches
/// (`before each meeting of`, not `before`), the first in the table's order of those as
/// long.
pub fn starting(words: &[&str], kind: Option<DeclKind>) -> Option<(&'static Property, usize)> {
    properties()
        .filter(|p| kind.is_none_or(|k| p.decls.contains(&k)))
        .filter_map(|p| {
            p.keywords.iter().find_map(|k| {
                let n = k.split(' ').count();
                (words.len() >= n && k.split(' ').zip(words).all(|(a, b)| a == *b))
                    .then_some((p, n))
            })
        })
        .fold(
            None,
            |best: Option<(&'static Property, usize)>, (p, n)| match best {
                Some((_, m)) if m >= n => best,
                _ => Some((p, n)),
            },
        )
}

/// The placeholder for a name of one of `kinds`: `BODY or ROLE`.
pub fn placeholder(kinds: &[DeclKind]) -> String {
    kinds
        .iter()
        .map(|k| k.keyword().to_uppercase())
        .collect::<Vec<_>>()
        .join(" or ")
}

/// The number of forms of the properties that start with a keyword.
const fn start_count() -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < PROPERTIES.len() {
        if !PROPERTIES[i].keywords.is_empty() {
            n += PROPERTIES[i].forms.len();
        }
        i += 1;
    }
    n
}

/// The first word of `s`.
const fn first_word(s: &str) -> &str {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() && b[i] != b' ' {
        i += 1;
    }
    match std::str::from_utf8(b.split_at(i).0) {
        Ok(w) => w,
        Err(_) => s,
    }
}

/// The word each form starts with, and the form, for every property line that starts
/// with a keyword, in the table's order.
pub const PROPERTY_STARTS: [(&str, &str); start_count()] = {
    let mut out = [("", ""); start_count()];
    let mut n = 0;
    let mut i = 0;
    while i < PROPERTIES.len() {
        let p = PROPERTIES[i];
        let mut j = 0;
        while j < p.forms.len() && !p.keywords.is_empty() {
            out[n] = (first_word(p.forms[j]), p.forms[j]);
            n += 1;
            j += 1;
        }
        i += 1;
    }
    out
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_form_starts_with_a_keyword_and_names_its_kinds() {
        for p in properties() {
            for form in p.forms {
                if let Some(k) = p.keywords.first() {
                    assert!(
                        p.keywords
                            .iter()
                            .any(|k| form == k || form.starts_with(&format!("{k} "))),
                        "{form} starts with none of {:?} ({k})",
                        p.keywords
                    );
                }
                let kinds = p.kinds();
                if !kinds.is_empty() && *form != "covers all topics" {
                    assert!(
                        form.contains(&placeholder(kinds)),
                        "`{form}` does not say {}",
                        placeholder(kinds)
                    );
                }
            }
        }
    }

    #[test]
    fn every_property_line_kind_has_its_row() {
        let starts: Vec<&str> = PROPERTY_STARTS.iter().map(|(w, _)| *w).collect();
        for p in properties().filter(|p| !p.keywords.is_empty()) {
            let w = first_word(p.keyword());
            assert!(starts.contains(&w), "{w}");
        }
        assert!(!PROPERTY_STARTS.iter().any(|(w, _)| w.is_empty()));
    }
}
