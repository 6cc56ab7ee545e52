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

/// The registry entry of one diagnostic code: the single source of its summary and of the
/// long explanation that `protogov explain` prints and `docs/diagnostics.md` shows.
#[derive(Debug)]
pub struct CodeInfo {
    /// The stable code, `PGnnnn`.
    pub code: &'static str,
    /// The severity every diagnostic of this code has.
    pub severity: Severity,
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

    /// The severity, from the code's registry entry.
    pub fn severity(&self) -> Severity {
        self.code.severity
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity() == Severity::Error
    }
}

/// Sort diagnostics by position, then code, so output is stable.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (a.span.start, a.span.end, a.code.code).cmp(&(b.span.start, b.span.end, b.code.code))
    });
}

/// "did you mean" candidates: the closest names in `candidates` to `name`, best first.
pub fn suggest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = name.to_lowercase();
    let mut best: Option<(f64, &'a str)> = None;
    for c in candidates {
        if c == name {
            continue;
        }
        let other = c.to_lowercase();
        let score = strsim::jaro_winkler(&lower, &other);
        let distance = strsim::damerau_levenshtein(&lower, &other);
        let len = lower.chars().count().min(other.chars().count());
        // Very short names are all "close" to each other; suggest only real near-misses.
        let close = len >= 3 && (score >= 0.85 || distance <= 1 || (distance <= 2 && len >= 6));
        if close && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}
