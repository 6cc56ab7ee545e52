//! Formatting, through an adapter over the library's formatter.
//!
//! The server does no formatting of its own. It calls a function of the shape
//! `fn(&str) -> Result<String, Refusal>` ([`crate::fmt::format_source`]) and turns
//! the result into one edit that replaces the changed lines. [`FORMATTER`] names that
//! function; were it `None`, the server would not offer formatting.

use crate::fmt::Refusal;
use crate::source::{SourceFile, Span};

/// A formatter: the formatted text, or why the file was not formatted.
pub type Formatter = fn(&str) -> Result<String, Refusal>;

/// The library's formatter.
pub const FORMATTER: Option<Formatter> = Some(crate::fmt::format_source);

/// Why a document was not formatted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatError {
    /// The server has no formatter.
    Unavailable,
    /// The file has errors that stop it being formatted; the first one's message.
    Refused(String),
}

impl std::fmt::Display for FormatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FormatError::Unavailable => write!(f, "protogov has no formatter to offer"),
            FormatError::Refused(why) => write!(f, "the file cannot be formatted: {why}"),
        }
    }
}

impl std::error::Error for FormatError {}

/// The edit that formats `source` with `formatter`: `None` when the text is already
/// formatted, otherwise the span of the lines that change and their new text.
pub fn format_with(
    formatter: Formatter,
    source: &SourceFile,
) -> Result<Option<(Span, String)>, FormatError> {
    let formatted = formatter(&source.text).map_err(|why| FormatError::Refused(why.to_string()))?;
    Ok(minimal_edit(&source.text, &formatted))
}

/// Format with [`FORMATTER`].
pub fn format(source: &SourceFile) -> Result<Option<(Span, String)>, FormatError> {
    match FORMATTER {
        Some(f) => format_with(f, source),
        None => Err(FormatError::Unavailable),
    }
}

/// One edit turning `old` into `new` that leaves the common leading and trailing lines
/// alone, so the editor keeps the cursor and folds where nothing changed.
pub fn minimal_edit(old: &str, new: &str) -> Option<(Span, String)> {
    if old == new {
        return None;
    }
    let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
    let new_lines: Vec<&str> = new.split_inclusive('\n').collect();
    let head = old_lines
        .iter()
        .zip(&new_lines)
        .take_while(|(a, b)| a == b)
        .count();
    let max_tail = old_lines.len().min(new_lines.len()) - head;
    let tail = old_lines
        .iter()
        .rev()
        .zip(new_lines.iter().rev())
        .take(max_tail)
        .take_while(|(a, b)| a == b)
        .count();
    let start: usize = old_lines[..head].iter().map(|l| l.len()).sum();
    let old_end: usize = old.len()
        - old_lines[old_lines.len() - tail..]
            .iter()
            .map(|l| l.len())
            .sum::<usize>();
    let new_start: usize = new_lines[..head].iter().map(|l| l.len()).sum();
    let new_end: usize = new.len()
        - new_lines[new_lines.len() - tail..]
            .iter()
            .map(|l| l.len())
            .sum::<usize>();
    Some((
        Span::new(start, old_end),
        new[new_start..new_end].to_string(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::rename::apply;

    use crate::diagnostic::Diagnostic;

    fn upper(text: &str) -> Result<String, Refusal> {
        Ok(text.replace("body", "BODY"))
    }

    fn refuse(_: &str) -> Result<String, Refusal> {
        Err(Refusal::Syntax(vec![Diagnostic::new(
            &crate::syntax::codes::PG0001,
            Span::new(0, 1),
            "broken",
        )]))
    }

    #[test]
    fn the_edit_covers_only_the_lines_that_change() {
        let old = "a\nbody x\nb\n";
        let s = SourceFile::new("t", old);
        let (span, text) = format_with(upper, &s).unwrap().unwrap();
        assert_eq!(span, Span::new(2, 9));
        assert_eq!(text, "BODY x\n");
        assert_eq!(apply(old, &[(span, text)]), "a\nBODY x\nb\n");
    }

    #[test]
    fn edits_reproduce_the_formatted_text() {
        let cases = [
            ("", "x\n"),
            ("x\n", ""),
            ("a\nb\n", "a\nb"),
            ("a\nb", "a\nb\n"),
            ("a\nb\nc\n", "a\nc\n"),
            ("a\nc\n", "a\nb\nc\n"),
            ("same\nsame\n", "same\n"),
        ];
        for (old, new) in cases {
            let (span, text) = minimal_edit(old, new).unwrap();
            assert_eq!(apply(old, &[(span, text)]), new, "{old:?} -> {new:?}");
        }
        assert_eq!(minimal_edit("a\n", "a\n"), None);
    }

    #[test]
    fn the_library_formatter_is_used() {
        let old = "body  cpb \"Board ’😀\"{\nkind committee\n}\n";
        let s = SourceFile::new("t", old);
        let (span, text) = format(&s).unwrap().unwrap();
        assert_eq!(
            apply(old, &[(span, text)]),
            "body cpb \"Board ’😀\" {\n  kind committee\n}\n"
        );
        let tidy = SourceFile::new("t", "body cpb \"Board\"\n");
        assert_eq!(format(&tidy), Ok(None));
    }

    #[test]
    fn a_refusal_carries_the_reason() {
        let s = SourceFile::new("t", "x");
        assert_eq!(
            format_with(refuse, &s),
            Err(FormatError::Refused("broken".into()))
        );
    }
}
