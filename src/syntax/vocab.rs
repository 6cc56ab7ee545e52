//! The words of the language that are not grammar keywords of their own: verbs, cadence
//! words, vague deadline phrases (and, from the language table, the words that start a
//! declaration or a property line). The front end,
//! the checks, completion in the language server and the reference all read them here.

/// A verb a duty's action line may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verb {
    /// The active form: `submits`.
    pub active: &'static str,
    /// The base form, after `should`, `may`, `must` or `will`: `submit`.
    pub base: &'static str,
    /// The passive participle: `submitted`.
    pub passive: &'static str,
    /// True when the verb moves the artefact to its recipients (a reporting edge).
    pub delivers: bool,
    /// The kinds of declaration its object may name: an artefact for the verbs that
    /// deliver or make one; a body, role or group too for the verbs of oversight.
    pub object: &'static [DeclKind],
    /// The word that introduces what the object is held to account for, consulted on or
    /// notified of (`for`, `on`, `of`), and the kinds of declaration that may follow it.
    pub about: Option<(&'static str, &'static [DeclKind])>,
    /// True when a body or role as its object is overseen by the actor (`scrutinises`,
    /// `challenges`, `holds to account`, `monitors`): an oversight edge in the graph.
    pub oversees: bool,
}

use super::ast::DeclKind as D;
use super::ast::DeclKind;

/// What delivering and making verbs act on.
const ARTEFACT: &[DeclKind] = &[D::Artefact];
/// What the verbs of oversight may act on: a document, a subject or whoever answers.
const OVERSEEN: &[DeclKind] = &[D::Artefact, D::Topic, D::Body, D::Role, D::Group];
/// Whom a board holds to account, consults, notifies or influences.
const PARTY: &[DeclKind] = &[D::Body, D::Role, D::Group];
/// A piece of work or a subject: what a board co-ordinates, ensures or leads.
const WORK: &[DeclKind] = &[D::Artefact, D::Topic];
/// The topic a body is held to account for.
const TOPIC: &[DeclKind] = &[D::Topic];
/// What a body is notified of.
const NOTICE: &[DeclKind] = &[D::Artefact, D::Topic, D::Event];

/// Every verb the language knows.
pub const VERBS: &[Verb] = &[
    Verb {
        active: "submits",
        base: "submit",
        passive: "submitted",
        delivers: true,
        object: ARTEFACT,
        about: None,
        oversees: false,
    },
    Verb {
        active: "presents",
        base: "present",
        passive: "presented",
        delivers: true,
        object: ARTEFACT,
        about: None,
        oversees: false,
    },
    Verb {
        active: "reports",
        base: "report",
        passive: "reported",
        delivers: true,
        object: ARTEFACT,
        about: None,
        oversees: false,
    },
    Verb {
        active: "sends",
        base: "send",
        passive: "sent",
        delivers: true,
        object: ARTEFACT,
        about: None,
        oversees: false,
    },
    Verb {
        active: "provides",
        base: "provide",
        passive: "provided",
        delivers: true,
        object: ARTEFACT,
        about: None,
        oversees: false,
    },
    Verb {
        active: "shares",
        base: "share",
        passive: "shared",
        delivers: true,
        object: ARTEFACT,
        about: None,
        oversees: false,
    },
    Verb {
        active: "recommends",
        base: "recommend",
        passive: "recommended",
        delivers: true,
        object: ARTEFACT,
        about: None,
        oversees: false,
    },
    Verb {
        active: "advises",
        base: "advise",
        passive: "advised",
        delivers: true,
        object: ARTEFACT,
        about: None,
        oversees: false,
    },
    Verb {
        active: "publishes",
        base: "publish",
        passive: "published",
        delivers: false,
        object: ARTEFACT,
        about: None,
        oversees: false,
    },
    Verb {
        active: "produces",
        base: "produce",
        passive: "produced",
        delivers: false,
        object: ARTEFACT,
        about: None,
        oversees: false,
    },
    Verb {
        active: "reviews",
        base: "review",
        passive: "reviewed",
        delivers: false,
        object: ARTEFACT,
        about: None,
        oversees: false,
    },
    Verb {
        active: "approves",
        base: "approve",
        passive: "approved",
        delivers: false,
        object: ARTEFACT,
        about: None,
        oversees: false,
    },
    Verb {
        active: "updates",
        base: "update",
        passive: "updated",
        delivers: false,
        object: ARTEFACT,
        about: None,
        oversees: false,
    },
    Verb {
        active: "monitors",
        base: "monitor",
        passive: "monitored",
        delivers: false,
        object: OVERSEEN,
        about: None,
        oversees: true,
    },
    Verb {
        active: "receives",
        base: "receive",
        passive: "received",
        delivers: false,
        object: ARTEFACT,
        about: None,
        oversees: false,
    },
    Verb {
        active: "scrutinises",
        base: "scrutinise",
        passive: "scrutinised",
        delivers: false,
        object: OVERSEEN,
        about: None,
        oversees: true,
    },
    Verb {
        active: "challenges",
        base: "challenge",
        passive: "challenged",
        delivers: false,
        object: OVERSEEN,
        about: None,
        oversees: true,
    },
    Verb {
        active: "coordinates",
        base: "coordinate",
        passive: "coordinated",
        delivers: false,
        object: WORK,
        about: None,
        oversees: false,
    },
    Verb {
        active: "co-ordinates",
        base: "co-ordinate",
        passive: "co-ordinated",
        delivers: false,
        object: WORK,
        about: None,
        oversees: false,
    },
    Verb {
        active: "ensures",
        base: "ensure",
        passive: "ensured",
        delivers: false,
        object: WORK,
        about: None,
        oversees: false,
    },
    Verb {
        active: "promotes",
        base: "promote",
        passive: "promoted",
        delivers: false,
        object: WORK,
        about: None,
        oversees: false,
    },
    Verb {
        active: "leads",
        base: "lead",
        passive: "led",
        delivers: false,
        object: WORK,
        about: None,
        oversees: false,
    },
    Verb {
        active: "endorses",
        base: "endorse",
        passive: "endorsed",
        delivers: false,
        object: WORK,
        about: None,
        oversees: false,
    },
    Verb {
        active: "holds",
        base: "hold",
        passive: "held",
        delivers: false,
        object: PARTY,
        about: Some(("for", TOPIC)),
        oversees: true,
    },
    Verb {
        active: "consults",
        base: "consult",
        passive: "consulted",
        delivers: false,
        object: PARTY,
        about: Some(("on", WORK)),
        oversees: false,
    },
    Verb {
        active: "notifies",
        base: "notify",
        passive: "notified",
        delivers: false,
        object: PARTY,
        about: Some(("of", NOTICE)),
        oversees: false,
    },
    Verb {
        active: "influences",
        base: "influence",
        passive: "influenced",
        delivers: false,
        object: PARTY,
        about: None,
        oversees: false,
    },
];

/// A verb by any of its forms.
pub fn any_verb(word: &str) -> Option<&'static Verb> {
    VERBS
        .iter()
        .find(|v| v.active == word || v.base == word || v.passive == word)
}

/// A verb in its base form (`share`, after `should`).
pub fn base_verb(word: &str) -> Option<&'static Verb> {
    VERBS.iter().find(|v| v.base == word)
}

/// Look a verb up by either form; the flag is true for the passive form.
pub fn verb(word: &str) -> Option<(&'static Verb, bool)> {
    VERBS.iter().find_map(|v| {
        if v.active == word {
            Some((v, false))
        } else if v.passive == word {
            Some((v, true))
        } else {
            None
        }
    })
}

/// Cadence words with one meaning, and their period in months.
pub const CADENCE_WORDS: &[(&str, u32)] = &[
    ("yearly", 12),
    ("annually", 12),
    ("annual", 12),
    ("six-monthly", 6),
    ("half-yearly", 6),
    ("quarterly", 3),
    ("monthly", 1),
];

/// Cadence words readers take two ways: the word, and its two meanings in explicit form.
pub const AMBIGUOUS_CADENCE_WORDS: &[(&str, &str, &str)] = &[
    ("bi-annually", "six-monthly", "every 2 years"),
    ("biannually", "six-monthly", "every 2 years"),
    ("bi-annual", "six-monthly", "every 2 years"),
    ("biannual", "six-monthly", "every 2 years"),
    ("bi-monthly", "every 2 months", "twice a month"),
    ("bimonthly", "every 2 months", "twice a month"),
    ("bi-weekly", "every 2 weeks", "twice a week"),
    ("biweekly", "every 2 weeks", "twice a week"),
];

/// Phrases accepted as deadlines that set no measurable limit.
pub const VAGUE_DEADLINES: &[&str] = &[
    "in a timely manner",
    "in timely manner",
    "as soon as possible",
    "promptly",
    "without delay",
];

/// The keywords that introduce a declaration, and the words that start a property line
/// with the form a user would type: both read from the language table.
pub use super::table::{DECL_KEYWORDS, PROPERTY_STARTS};

/// Month names, January first.
pub const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Weekday names, Monday first.
pub const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// The weekday a word names, 1 for Monday … 7 for Sunday (any case).
pub fn weekday(word: &str) -> Option<u8> {
    let w = word.trim();
    WEEKDAYS
        .iter()
        .position(|d| d.eq_ignore_ascii_case(w))
        .and_then(|i| u8::try_from(i + 1).ok())
}
