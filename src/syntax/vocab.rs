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
}

/// Every verb the language knows.
pub const VERBS: &[Verb] = &[
    Verb {
        active: "submits",
        base: "submit",
        passive: "submitted",
        delivers: true,
    },
    Verb {
        active: "presents",
        base: "present",
        passive: "presented",
        delivers: true,
    },
    Verb {
        active: "reports",
        base: "report",
        passive: "reported",
        delivers: true,
    },
    Verb {
        active: "sends",
        base: "send",
        passive: "sent",
        delivers: true,
    },
    Verb {
        active: "provides",
        base: "provide",
        passive: "provided",
        delivers: true,
    },
    Verb {
        active: "shares",
        base: "share",
        passive: "shared",
        delivers: true,
    },
    Verb {
        active: "recommends",
        base: "recommend",
        passive: "recommended",
        delivers: true,
    },
    Verb {
        active: "advises",
        base: "advise",
        passive: "advised",
        delivers: true,
    },
    Verb {
        active: "publishes",
        base: "publish",
        passive: "published",
        delivers: false,
    },
    Verb {
        active: "produces",
        base: "produce",
        passive: "produced",
        delivers: false,
    },
    Verb {
        active: "reviews",
        base: "review",
        passive: "reviewed",
        delivers: false,
    },
    Verb {
        active: "approves",
        base: "approve",
        passive: "approved",
        delivers: false,
    },
    Verb {
        active: "updates",
        base: "update",
        passive: "updated",
        delivers: false,
    },
    Verb {
        active: "monitors",
        base: "monitor",
        passive: "monitored",
        delivers: false,
    },
    Verb {
        active: "receives",
        base: "receive",
        passive: "received",
        delivers: false,
    },
    Verb {
        active: "scrutinises",
        base: "scrutinise",
        passive: "scrutinised",
        delivers: false,
    },
    Verb {
        active: "challenges",
        base: "challenge",
        passive: "challenged",
        delivers: false,
    },
    Verb {
        active: "coordinates",
        base: "coordinate",
        passive: "coordinated",
        delivers: false,
    },
    Verb {
        active: "ensures",
        base: "ensure",
        passive: "ensured",
        delivers: false,
    },
    Verb {
        active: "promotes",
        base: "promote",
        passive: "promoted",
        delivers: false,
    },
    Verb {
        active: "leads",
        base: "lead",
        passive: "led",
        delivers: false,
    },
    Verb {
        active: "endorses",
        base: "endorse",
        passive: "endorsed",
        delivers: false,
    },
];

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
