//! Rendering diagnostics: for people (ariadne), as one short line each, or as JSON
//! ([`DiagnosticOut`], the one JSON form, which the JSON output embeds too).
//! Detection never formats text for output; everything about presentation is here.

use crate::diagnostic::{Diagnostic, Severity};
use crate::printable::{self, Shown};
use crate::source::{floor_char_boundary, SourceFile, Span};
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;

/// How diagnostics are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageFormat {
    /// Source excerpts with labels, for people.
    Human,
    /// One line per diagnostic: `file:line:col: severity[CODE]: message`.
    Short,
    /// One JSON object per line.
    Json,
}

/// Widen an empty span to the character after it (or before it, at the end of the text)
/// so that renderers have something to underline.
fn visible(text: &str, span: Span) -> Span {
    let start = floor_char_boundary(text, span.start.min(text.len()));
    let end = floor_char_boundary(text, span.end.min(text.len())).max(start);
    if end > start {
        return Span::new(start, end);
    }
    if let Some(c) = text[start..].chars().next() {
        return Span::new(start, start + c.len_utf8());
    }
    match text[..start].chars().next_back() {
        Some(c) => Span::new(start - c.len_utf8(), start),
        None => Span::new(0, 0),
    }
}

/// Lines longer than this many bytes are not shown in excerpts. Ariadne prints the whole
/// line for every diagnostic on it, so a machine-written line of a hundred thousand
/// characters holding thousands of problems would otherwise print gigabytes.
pub const LONG_LINE: usize = 4096;

/// A label more than this many lines from its diagnostic's primary place is written as a
/// note giving its line and column, not drawn in the excerpt: ariadne walks every line
/// between the two, so a file of many diagnostics pointing back at one place (a name
/// declared thousands of times) would take time quadratic in its length.
pub const FAR_LABEL: usize = 200;

/// True when a span starts or ends on a line longer than [`LONG_LINE`].
fn on_long_line(file: &SourceFile, span: Span) -> bool {
    [span.start, span.end].iter().any(|&at| {
        let line = file.lines.line_of(at);
        let start = file.lines.line_start(line).unwrap_or(0);
        let end = file.lines.line_start(line + 1).unwrap_or(file.text.len());
        end.saturating_sub(start) > LONG_LINE
    })
}

/// Render diagnostics of one file for a person, with source excerpts.
///
/// A diagnostic on a line longer than [`LONG_LINE`] is shown without its excerpt, with a
/// note giving its line and column instead.
pub fn human(file: &SourceFile, diags: &[Diagnostic], color: bool) -> String {
    use ariadne::{Config, IndexType, Label, Report, ReportKind, Source};
    if diags.is_empty() {
        return String::new();
    }
    // Control characters from the file are shown, never sent to the terminal.
    let shown = Shown::new(&file.text);
    let source = Source::from(shown.text.as_str());
    let shown_span = |span: Span| shown.offset(span.start)..shown.offset(span.end);
    let name = printable::visible(&file.name);
    let name = name.as_ref();
    let mut out = Vec::new();
    for d in diags {
        let kind = match d.severity() {
            Severity::Error => ReportKind::Error,
            Severity::Warning => ReportKind::Warning,
        };
        let primary = visible(&file.text, d.span);
        let config = Config::default()
            .with_index_type(IndexType::Byte)
            .with_color(color);
        let mut report = Report::build(kind, (name, shown_span(primary)))
            .with_config(config)
            .with_code(d.code.code)
            .with_message(printable::visible(&d.message));
        let long =
            on_long_line(file, d.span) || d.labels.iter().any(|l| on_long_line(file, l.span));
        if long {
            // The header from ariadne, then the place, labels, notes and help as plain lines.
            let _ = report.finish().write((name, &source), &mut out);
            let at = file.line_col(d.span.start);
            let mut lines = vec![format!(
                "   at {name}:{}:{} (the line is too long to show)",
                at.line, at.column
            )];
            if let Some(m) = &d.primary_label {
                lines.push(format!("   {}", printable::visible(m)));
            }
            for l in &d.labels {
                let at = file.line_col(l.span.start);
                lines.push(format!(
                    "   {name}:{}:{}: {}",
                    at.line,
                    at.column,
                    printable::visible(&l.message)
                ));
            }
            lines.extend(
                d.help
                    .iter()
                    .map(|h| format!("   Help: {}", printable::visible(h))),
            );
            lines.extend(
                d.notes
                    .iter()
                    .cloned()
                    .chain(fix_note(d))
                    .map(|n| format!("   Note: {}", printable::visible(&n))),
            );
            for line in lines {
                out.extend_from_slice(line.as_bytes());
                out.push(b'\n');
            }
            continue;
        }
        if !file.text.is_empty() {
            // Labels are ordered by where they stand, so that ariadne draws them as one
            // excerpt from the first line to the last under the primary place's header. (In
            // the order given, a label above the one before it starts a second excerpt, whose
            // header ariadne gives the primary place's line and column, not its own.)
            let mut starts: Vec<usize> = std::iter::once(primary.start)
                .chain(d.labels.iter().map(|l| visible(&file.text, l.span).start))
                .collect();
            starts.sort_unstable();
            let order = |start: usize| starts.partition_point(|s| *s < start) as i32;
            let mut label =
                Label::new((name, shown_span(primary))).with_order(order(primary.start));
            if let Some(m) = &d.primary_label {
                label = label.with_message(printable::visible(m));
            }
            if color {
                label = label.with_color(match d.severity() {
                    Severity::Error => ariadne::Color::Red,
                    Severity::Warning => ariadne::Color::Yellow,
                });
            }
            report = report.with_label(label);
            let line = file.lines.line_of(primary.start);
            for l in &d.labels {
                let s = visible(&file.text, l.span);
                if file.lines.line_of(s.start).abs_diff(line) > FAR_LABEL {
                    let at = file.line_col(s.start);
                    report = report.with_note(format!(
                        "{name}:{}:{}: {}",
                        at.line,
                        at.column,
                        printable::visible(&l.message)
                    ));
                    continue;
                }
                let mut label = Label::new((name, shown_span(s)))
                    .with_message(printable::visible(&l.message))
                    .with_order(order(s.start));
                if color {
                    label = label.with_color(ariadne::Color::Cyan);
                }
                report = report.with_label(label);
            }
        }
        for n in d.notes.iter().cloned().chain(fix_note(d)) {
            report = report.with_note(printable::visible(&n));
        }
        if let Some(h) = &d.help {
            report = report.with_help(printable::visible(h));
        }
        // Writing to a Vec cannot fail; a failure would only lose this one report.
        let _ = report.finish().write((name, &source), &mut out);
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The note that tells of a diagnostic's safe fix, which `check --fix` applies.
fn fix_note(d: &Diagnostic) -> Option<String> {
    let fix = d.fixes.iter().find(|f| f.safe)?;
    Some(format!("`protogov check --fix` can {}", fix.label))
}

/// Render diagnostics of one file as one line each.
pub fn short(file: &SourceFile, diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diags {
        let lc = file.line_col(d.span.start);
        out.push_str(&format!(
            "{}:{}:{}: {}[{}]: {}\n",
            printable::visible(&file.name),
            lc.line,
            lc.column,
            d.severity().as_str(),
            d.code.code,
            printable::visible(&d.message)
        ));
    }
    out
}

/// One diagnostic, in the shape `check --message-format json` prints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct DiagnosticOut {
    /// The code, PGnnnn.
    pub code: String,
    /// `error` or `warning`.
    pub severity: String,
    /// The message.
    pub message: String,
    /// The file.
    pub file: String,
    /// The first line (from 1).
    pub line: usize,
    /// The first column (from 1).
    pub column: usize,
    /// The last line.
    pub end_line: usize,
    /// The column after the end.
    pub end_column: usize,
    /// Byte offsets.
    pub span: SpanOut,
    /// Labels: the primary label first, when there is one.
    pub labels: Vec<LabelOut>,
    /// A suggested fix.
    pub help: Option<String>,
    /// Further notes.
    pub notes: Vec<String>,
    /// Mechanical fixes: one per reading of what was meant. `protogov check --fix` applies
    /// the ones marked safe.
    pub fixes: Vec<FixOut>,
}

/// A mechanical fix of a diagnostic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct FixOut {
    /// What it does, in words.
    pub label: String,
    /// True when it is the one safe reading (`check --fix` applies it); false when it is
    /// one reading among several or holds a placeholder to fill in.
    pub safe: bool,
    /// The edits, none overlapping another.
    pub edits: Vec<EditOut>,
}

/// One edit of a fix: replace the bytes of `span` with `text` (an empty span inserts).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct EditOut {
    /// The bytes replaced.
    pub span: SpanOut,
    /// The line the span starts on.
    pub line: usize,
    /// The column it starts at.
    pub column: usize,
    /// The line it ends on.
    pub end_line: usize,
    /// The column after its end.
    pub end_column: usize,
    /// What replaces them.
    pub text: String,
}

/// Byte offsets into the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
pub struct SpanOut {
    /// The first byte.
    pub start: usize,
    /// The byte after the last.
    pub end: usize,
}

/// A label of a diagnostic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct LabelOut {
    /// What it says.
    pub message: String,
    /// True for the label on the primary span.
    pub primary: bool,
    /// Where it points.
    pub span: SpanOut,
    /// The line it starts on.
    pub line: usize,
    /// The column it starts at.
    pub column: usize,
}

impl DiagnosticOut {
    /// The JSON form of one diagnostic of `file`.
    pub fn new(file: &SourceFile, d: &Diagnostic) -> DiagnosticOut {
        let s = file.line_col(d.span.start);
        let e = file.line_col(d.span.end);
        let mut labels = Vec::new();
        if let Some(m) = &d.primary_label {
            labels.push(LabelOut {
                message: m.clone(),
                primary: true,
                span: SpanOut {
                    start: d.span.start,
                    end: d.span.end,
                },
                line: s.line,
                column: s.column,
            });
        }
        for l in &d.labels {
            let ls = file.line_col(l.span.start);
            labels.push(LabelOut {
                message: l.message.clone(),
                primary: false,
                span: SpanOut {
                    start: l.span.start,
                    end: l.span.end,
                },
                line: ls.line,
                column: ls.column,
            });
        }
        DiagnosticOut {
            code: d.code.code.to_string(),
            severity: d.severity().as_str().to_string(),
            message: d.message.clone(),
            file: file.name.clone(),
            line: s.line,
            column: s.column,
            end_line: e.line,
            end_column: e.column,
            span: SpanOut {
                start: d.span.start,
                end: d.span.end,
            },
            labels,
            help: d.help.clone(),
            notes: d.notes.clone(),
            fixes: d
                .fixes
                .iter()
                .map(|f| FixOut {
                    label: f.label.clone(),
                    safe: f.safe,
                    edits: f
                        .edits
                        .iter()
                        .map(|e| {
                            let s = file.line_col(e.span.start);
                            let end = file.line_col(e.span.end);
                            EditOut {
                                span: SpanOut {
                                    start: e.span.start,
                                    end: e.span.end,
                                },
                                line: s.line,
                                column: s.column,
                                end_line: end.line,
                                end_column: end.column,
                                text: e.text.clone(),
                            }
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

/// One diagnostic as a JSON value: [`DiagnosticOut`], the one JSON form of a diagnostic.
pub fn json_value(file: &SourceFile, d: &Diagnostic) -> Value {
    serde_json::to_value(DiagnosticOut::new(file, d)).unwrap_or(Value::Null)
}

/// Render diagnostics of one file as JSON lines.
pub fn json_lines(file: &SourceFile, diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diags {
        out.push_str(&json_value(file, d).to_string());
        out.push('\n');
    }
    out
}

/// Render in the chosen format.
pub fn render(
    file: &SourceFile,
    diags: &[Diagnostic],
    format: MessageFormat,
    color: bool,
) -> String {
    match format {
        MessageFormat::Human => human(file, diags, color),
        MessageFormat::Short => short(file, diags),
        MessageFormat::Json => json_lines(file, diags),
    }
}
