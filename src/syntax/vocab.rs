//! The words of the language that are not grammar keywords of their own: verbs, cadence
//! words, vague deadline phrases (and, from the language table, the words that start a
//! declaration or a property line). The front end,
//! the checks, completion in the language server and the reference all read them here.

/// A verb a duty's action line may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verb {
    /// The active form: `submits`.
    pub active: &'static str,
    /// The passive participle: `submitted`.
    pub passive: &'static str,
    /// True when the verb moves the artefact to its recipients (a reporting edge).
    pub delivers: bool,
}

/// Every verb the language knows.
pub const VERBS: &[Verb] = &[
    Verb {
        active: "submits",
        passive: "submitted",
        delivers: true,
    },
    Verb {
        active: "presents",
        passive: "presented",
        delivers: true,
    },
    Verb {
        active: "reports",
        passive: "reported",
        delivers: true,
    },
    Verb {
        active: "sends",
        passive: "sent",
        delivers: true,
    },
    Verb {
        active: "provides",
        passive: "provided",
        delivers: true,
    },
    Verb {
        active: "shares",
        passive: "shared",
        delivers: true,
    },
    Verb {
        active: "recommends",
        passive: "recommended",
        delivers: true,
    },
    Verb {
        active: "advises",
        passive: "advised",
        delivers: true,
    },
    Verb {
        active: "publishes",
        passive: "published",
        delivers: false,
    },
    Verb {
        active: "produces",
        passive: "produced",
        delivers: false,
    },
    Verb {
        active: "reviews",
        passive: "reviewed",
        delivers: false,
    },
    Verb {
        active: "approves",
        passive: "approved",
        delivers: false,
    },
    Verb {
        active: "updates",
        passive: "updated",
        delivers: false,
    },
    Verb {
        active: "monitors",
        passive: "monitored",
        delivers: false,
    },
    Verb {
        active: "receives",
        passive: "received",
        delivers: false,
    },
];

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
