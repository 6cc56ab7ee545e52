//! protogov diagnostics as protocol diagnostics: severity, code, range, and the labels as
//! related information. The message carries the help line and notes that a terminal shows
//! under the excerpt, since an editor has no other place for them.

use super::position::{range, Encoding};
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{SourceFile, Span};
use lsp_types::{DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Uri};

/// The name shown as the source of every diagnostic.
pub const SOURCE: &str = "protogov";

/// Convert every diagnostic of one file.
pub fn to_lsp(
    source: &SourceFile,
    diagnostics: &[Diagnostic],
    uri: &Uri,
    encoding: Encoding,
) -> Vec<lsp_types::Diagnostic> {
    diagnostics
        .iter()
        .map(|d| convert(source, d, uri, encoding))
        .collect()
}

/// Convert one diagnostic.
pub fn convert(
    source: &SourceFile,
    d: &Diagnostic,
    uri: &Uri,
    encoding: Encoding,
) -> lsp_types::Diagnostic {
    convert_in(d, |span| {
        Location::new(uri.clone(), range(source, span, encoding))
    })
}

/// Convert one diagnostic whose spans `locate` places, each in its own file: the primary
/// span's range (its file is the one the diagnostic is published for) and each label's
/// location, which may be in another file of a set.
pub fn convert_in(d: &Diagnostic, locate: impl Fn(Span) -> Location) -> lsp_types::Diagnostic {
    let mut message = d.message.clone();
    if let Some(primary) = &d.primary_label {
        if !primary.is_empty() && primary != &d.message {
            message.push_str(&format!(" ({primary})"));
        }
    }
    if let Some(help) = &d.help {
        message.push_str(&format!("\nhelp: {help}"));
    }
    for note in &d.notes {
        message.push_str(&format!("\nnote: {note}"));
    }
    let related: Vec<DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .map(|l| DiagnosticRelatedInformation {
            location: locate(l.span),
            message: l.message.clone(),
        })
        .collect();
    lsp_types::Diagnostic {
        range: locate(d.span).range,
        severity: Some(match d.severity() {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(d.code.code.to_string())),
        code_description: None,
        source: Some(SOURCE.to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{analyse, Options};
    use lsp_types::Position;
    use std::str::FromStr;

    #[test]
    fn codes_severities_ranges_and_labels_are_mapped() {
        let text = "body x \"’\" {\n  kind a\n  kind b\n}\n";
        let a = analyse(SourceFile::new("t", text), &Options::default());
        let uri = Uri::from_str("file:///t.proto-gov").unwrap();
        let out = to_lsp(&a.source, &a.diagnostics, &uri, Encoding::Utf16);
        assert_eq!(out.len(), a.diagnostics.len());
        let d = out
            .iter()
            .find(|d| d.code == Some(NumberOrString::String("PG0011".into())))
            .unwrap();
        assert_eq!(d.severity, Some(DiagnosticSeverity::ERROR));
        assert_eq!(d.range.start, Position::new(2, 2));
        assert_eq!(d.range.end, Position::new(2, 8));
        assert!(d.message.contains("help: keep one"));
        let related = d.related_information.as_ref().unwrap();
        assert_eq!(related[0].message, "first value");
        assert_eq!(related[0].location.range.start, Position::new(1, 2));
        let warning = out
            .iter()
            .find(|d| d.code == Some(NumberOrString::String("PG0304".into())))
            .unwrap();
        assert_eq!(warning.severity, Some(DiagnosticSeverity::WARNING));
    }
}
