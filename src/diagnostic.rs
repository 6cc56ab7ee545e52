//! Diagnostics as data.
//!
//! A diagnostic is created where a problem is detected and carries everything needed to
//! show it: a stable code, a severity, a message, a primary span, secondary labels and a
//! help line. Turning it into text for a person, a script or an editor happens elsewhere
//! (see [`crate::render`] and the language server).

use crate::source::Span;
use serde::Serialize;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A fault that fails the build.
    Error,
    /// A likely fault that does not fail the build unless `--deny warnings`.
    Warning,
}

impl Severity {
    /// `"error"` or `"warning"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// The stage of the pipeline a code belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    /// Found while reading the text: the file, or part of it, does not read.
    Syntax,
    /// Found in what the text says, once read.
    Semantic,
}

/// The registry entry of one diagnostic code: the single source of its summary and of the
/// long explanation that `protogov explain` prints and `docs/diagnostics.md` shows.
#[derive(Debug)]
pub struct CodeInfo {
    /// The stable code, `PGnnnn`.
    pub code: &'static str,
    /// The severity every diagnostic of this code has.
    pub severity: Severity,
    /// Whether the code is a syntax error (reported while reading) or a semantic one.
    pub phase: Phase,
    /// A one-line summary.
    pub summary: &'static str,
    /// The long explanation in Markdown: what it means, why it matters, an example, the fix.
    pub explanation: &'static str,
}

/// A secondary span with a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Label {
    /// What the label points at.
    pub span: Span,
    /// What it says there.
    pub message: String,
}

/// One change to the text: replace the bytes of `span` with `text` (an empty span inserts).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    /// The bytes replaced.
    pub span: Span,
    /// What replaces them.
    pub text: String,
}

/// A mechanical fix for a diagnostic: what it does, in words, and the edits that do it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// What the fix does, such as "replace `bodyy` with `body`".
    pub label: String,
    /// The edits, none overlapping another.
    pub edits: Vec<Edit>,
    /// True when this is the one safe reading of what was meant, so that `check --fix` may
    /// apply it unasked; false when it is one reading among others, or holds a
    /// placeholder to fill in.
    pub safe: bool,
}

impl Fix {
    /// Replace `span` with `text`; the label says so.
    pub fn replace(span: Span, old: &str, text: impl Into<String>, safe: bool) -> Fix {
        let text = text.into();
        Fix {
            label: format!("replace `{old}` with `{text}`"),
            edits: vec![Edit { span, text }],
            safe,
        }
    }

    /// Insert `text` at byte `at`, under `label`.
    pub fn insert(at: usize, text: impl Into<String>, label: impl Into<String>, safe: bool) -> Fix {
        Fix {
            label: label.into(),
            edits: vec![Edit {
                span: Span::new(at, at),
                text: text.into(),
            }],
            safe,
        }
    }
}

/// One finding about one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The registry entry of the code.
    pub code: &'static CodeInfo,
    /// The main message.
    pub message: String,
    /// Where the problem is.
    pub span: Span,
    /// What to say at the primary span (defaults to nothing beyond the message).
    pub primary_label: Option<String>,
    /// Other places that explain the problem.
    pub labels: Vec<Label>,
    /// How to fix it.
    pub help: Option<String>,
    /// Further notes.
    pub notes: Vec<String>,
    /// Mechanical fixes, one per reading of what was meant.
    pub fixes: Vec<Fix>,
}

impl PartialEq for CodeInfo {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code
    }
}
impl Eq for CodeInfo {}

impl Diagnostic {
    /// A diagnostic of `code` at `span` saying `message`.
    pub fn new(code: &'static CodeInfo, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            message: message.into(),
            span,
            primary_label: None,
            labels: Vec::new(),
            help: None,
            notes: Vec::new(),
            fixes: Vec::new(),
        }
    }

    /// Set the text shown at the primary span.
    pub fn with_primary(mut self, message: impl Into<String>) -> Self {
        self.primary_label = Some(message.into());
        self
    }

    /// Add a secondary label.
    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    /// Set the help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Add a note.
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Add a fix.
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fixes.push(fix);
        self
    }

    /// Add several fixes, in order.
    pub fn with_fixes(mut self, fixes: impl IntoIterator<Item = Fix>) -> Self {
        self.fixes.extend(fixes);
        self
    }

    /// Change every span the diagnostic holds (primary, labels, fixes' edits) by `f`.
    pub fn map_spans(&mut self, f: impl Fn(Span) -> Span) {
        self.span = f(self.span);
        for l in &mut self.labels {
            l.span = f(l.span);
        }
        for e in self.fixes.iter_mut().flat_map(|x| x.edits.iter_mut()) {
            e.span = f(e.span);
        }
    }

    /// The severity, from the code's registry entry.
    pub fn severity(&self) -> Severity {
        self.code.severity
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity() == Severity::Error
    }

    /// True for diagnostics of the syntax phase: the text does not read.
    pub fn is_syntax(&self) -> bool {
        self.code.phase == Phase::Syntax
    }
}

/// Sort diagnostics by position, then code, so output is stable.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (a.span.start, a.span.end, a.code.code).cmp(&(b.span.start, b.span.end, b.code.code))
    });
}

/// True when `new` is the only one of `candidates` that a single slip away from `old`
/// (one character added, dropped or changed, or two neighbours swapped; case aside): the
/// correction is then safe to apply unasked. A guess further away, or one of several as
/// near, is offered but never applied, since it may change what the text means.
pub fn one_slip<'a>(old: &str, new: &str, candidates: impl IntoIterator<Item = &'a str>) -> bool {
    let old = old.to_lowercase();
    let near = |c: &str| strsim::osa_distance(&old, &c.to_lowercase()) <= 1;
    near(new) && !candidates.into_iter().any(|c| c != new && near(c))
}

/// "did you mean" candidates: the closest names in `candidates` to `name`, best first.
pub fn suggest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = name.to_lowercase();
    let chars = lower.chars().count();
    let mut best: Option<(f64, &'a str)> = None;
    for c in candidates {
        if c == name {
            continue;
        }
        let other = c.to_lowercase();
        let other_chars = other.chars().count();
        if let Some(score) = closeness(&lower, chars, &other, other_chars, best.map(|b| b.0)) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

/// The Jaro-Winkler score of `other` against `lower` when `other` is close enough to
/// suggest and scores above `beat`; `None` otherwise. Both strings are lowercase.
///
/// Close means: both at least 3 characters long, and a Jaro-Winkler score of 0.85 or
/// more, or a Damerau-Levenshtein distance of 1 (2 for names of 6 characters or more).
/// The distance is computed only when the score alone does not decide, and never when
/// the lengths differ by more than 2, since the distance is at least that difference.
fn closeness(
    lower: &str,
    chars: usize,
    other: &str,
    other_chars: usize,
    beat: Option<f64>,
) -> Option<f64> {
    let len = chars.min(other_chars);
    // Very short names are all "close" to each other; suggest only real near-misses.
    if len < 3 {
        return None;
    }
    let score = strsim::jaro_winkler(lower, other);
    if beat.is_some_and(|b| score <= b) {
        return None;
    }
    if score >= 0.85 {
        return Some(score);
    }
    if chars.abs_diff(other_chars) > 2 {
        return None;
    }
    let distance = strsim::damerau_levenshtein(lower, other);
    (distance <= 1 || (distance <= 2 && len >= 6)).then_some(score)
}

/// One candidate name, lowercased once.
#[derive(Debug)]
struct Candidate<'a> {
    name: &'a str,
    lower: String,
    chars: usize,
}

/// "did you mean" over one set of candidates, for many names: the candidates are
/// lowercased once, the answer for a name is remembered, and the work is bounded.
///
/// Each new name is compared with every candidate, exactly as [`suggest`] does, while the
/// comparisons made so far stay within the budget (`budget` candidate comparisons in
/// all). After that, a name is compared only with the candidates one edit away from it
/// (a letter added, dropped, changed, or two swapped), found through an index of every
/// candidate with each one of its characters deleted, at most [`Suggester::NEARBY`] of
/// them. That keeps the typo suggestions, which are most of them, and checks a file with
/// thousands of unknown names in linear time; the index is built only when a file goes
/// past the budget. The budget belongs to one `Suggester` (one set of expected kinds), so
/// in a file past it, whether a distant match is still suggested depends on how many
/// unknown names came before: deterministic, but not local to the line.
#[derive(Debug)]
pub struct Suggester<'a> {
    candidates: Vec<Candidate<'a>>,
    /// Candidates by the hash of their lowercase form and of each form with one character
    /// deleted, in candidate order.
    nearby: Option<std::collections::HashMap<u64, Vec<u32>>>,
    answers: std::collections::HashMap<String, Option<u32>>,
    budget: usize,
    hasher: foldhash::fast::FixedState,
}

/// Hashes of `lower` and of `lower` with each one of its characters deleted.
fn deletions<'s>(
    lower: &'s str,
    hasher: &foldhash::fast::FixedState,
) -> impl Iterator<Item = u64> + 's {
    use std::hash::BuildHasher;
    let hasher = *hasher;
    std::iter::once(hasher.hash_one(lower)).chain(lower.char_indices().map(move |(at, c)| {
        let mut s = String::with_capacity(lower.len());
        s.push_str(&lower[..at]);
        s.push_str(&lower[at + c.len_utf8()..]);
        hasher.hash_one(s.as_str())
    }))
}

impl<'a> Suggester<'a> {
    /// The most candidates compared with a name once the budget is spent.
    pub const NEARBY: usize = 64;

    /// The default budget: full comparisons before searching only nearby candidates.
    pub const BUDGET: usize = 400_000;

    /// Prepare `candidates` (in the order ties are broken: the first wins), with a budget
    /// of `budget` full comparisons.
    pub fn new(candidates: impl IntoIterator<Item = &'a str>, budget: usize) -> Self {
        let candidates: Vec<Candidate<'a>> = candidates
            .into_iter()
            .map(|name| {
                let lower = name.to_lowercase();
                let chars = lower.chars().count();
                Candidate { name, lower, chars }
            })
            .collect();
        Suggester {
            candidates,
            nearby: None,
            answers: std::collections::HashMap::new(),
            budget,
            hasher: foldhash::fast::FixedState::with_seed(0x9e37_79b9_7f4a_7c15),
        }
    }

    /// The candidates one edit away from `lower`, at most [`Self::NEARBY`], in order.
    fn near(&mut self, lower: &str) -> Vec<u32> {
        let hasher = &self.hasher;
        let candidates = &self.candidates;
        let index = self.nearby.get_or_insert_with(|| {
            let mut index: std::collections::HashMap<u64, Vec<u32>> =
                std::collections::HashMap::new();
            for (i, c) in candidates.iter().enumerate() {
                for h in deletions(&c.lower, hasher) {
                    let v = index.entry(h).or_default();
                    if v.last() != Some(&(i as u32)) {
                        v.push(i as u32);
                    }
                }
            }
            index
        });
        let mut near: Vec<u32> = deletions(lower, hasher)
            .filter_map(|h| index.get(&h))
            .flat_map(|v| v.iter().copied().take(Self::NEARBY))
            .collect();
        near.sort_unstable();
        near.dedup();
        near.truncate(Self::NEARBY);
        near
    }

    /// The closest candidate to `name`, if one is close enough.
    pub fn suggest(&mut self, name: &str) -> Option<&'a str> {
        let found = match self.answers.get(name) {
            Some(found) => *found,
            None => {
                let found = self.search(name, None);
                self.answers.insert(name.to_string(), found);
                found
            }
        };
        found
            .and_then(|i| self.candidates.get(i as usize))
            .map(|c| c.name)
    }

    /// The closest candidate to `name` other than `except` (the name being declared, which
    /// is never what a use inside its own declaration meant).
    pub fn suggest_except(&mut self, name: &str, except: &str) -> Option<&'a str> {
        match self.suggest(name) {
            Some(s) if s == except => self
                .search(name, Some(except))
                .and_then(|i| self.candidates.get(i as usize))
                .map(|c| c.name),
            found => found,
        }
    }

    /// The index of the closest candidate to `name`, other than `name` and `except`.
    fn search(&mut self, name: &str, except: Option<&str>) -> Option<u32> {
        let lower = name.to_lowercase();
        let chars = lower.chars().count();
        let mut best: Option<(f64, u32)> = None;
        let consider = |i: u32, c: &Candidate<'a>, best: &mut Option<(f64, u32)>| {
            if c.name == name || except == Some(c.name) {
                return;
            }
            if let Some(score) = closeness(&lower, chars, &c.lower, c.chars, best.map(|b| b.0)) {
                *best = Some((score, i));
            }
        };
        if self.budget >= self.candidates.len() {
            self.budget -= self.candidates.len();
            for (i, c) in self.candidates.iter().enumerate() {
                consider(i as u32, c, &mut best);
            }
        } else {
            for i in self.near(&lower) {
                if let Some(c) = self.candidates.get(i as usize) {
                    consider(i, c, &mut best);
                }
            }
        }
        best.map(|(_, i)| i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAMES: &[&str] = &[
        "cpb",
        "cpb_chair",
        "rlscb",
        "scp",
        "scp_chair",
        "virtual_school",
    ];

    #[test]
    fn suggester_agrees_with_suggest_within_its_budget() {
        let mut s = Suggester::new(NAMES.iter().copied(), Suggester::BUDGET);
        for name in [
            "rslcb",
            "cbp",
            "cpb_chiar",
            "virtual_scool",
            "xyz",
            "cpb",
            "RLSCB",
        ] {
            assert_eq!(
                s.suggest(name),
                suggest(name, NAMES.iter().copied()),
                "{name}"
            );
        }
        assert_eq!(s.suggest("rslcb"), Some("rlscb"));
        assert_eq!(s.suggest("virtual_scool"), Some("virtual_school"));
        assert_eq!(s.suggest("xyz"), None);
    }

    #[test]
    fn past_its_budget_a_suggester_still_finds_typos_nearby() {
        let mut s = Suggester::new(NAMES.iter().copied(), 0);
        assert_eq!(s.suggest("rlscbb"), Some("rlscb"));
        assert_eq!(s.suggest("virtual_scool"), Some("virtual_school"));
        assert_eq!(s.suggest("wirtual_school"), Some("virtual_school"));
        assert_eq!(s.suggest("cpb_chiar"), Some("cpb_chair"));
        assert_eq!(s.suggest("SCP_CHAIR"), Some("scp_chair"));
        // Two edits away: found by the full search, not past the budget.
        assert_eq!(s.suggest("rslbc"), None);
        assert_eq!(s.suggest("xyz"), None);
    }
}
