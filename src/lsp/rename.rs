//! Renaming a declared name everywhere it is written in the file (or, for a set of files,
//! in every file of the set: see [`crate::lsp::workspace::Workspace::rename`]).
//!
//! A new name must be an identifier the grammar reads as a name, must not be a reserved
//! word, must not already name something else, and must leave the file (or set) with no
//! more errors than it had: the edit is tried on a copy and analysed before it is offered.

use super::names;
use crate::analysis::{analyse, Analysis, Options};
use crate::diagnostic::Severity;
use crate::source::{SourceFile, Span};

/// Words the grammar never reads as a name.
pub const RESERVED: &[&str] = &["and", "to", "by"];

/// Why a rename was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RenameError {
    /// The cursor is on no name.
    NotAName,
    /// The new name is not an identifier.
    Invalid(String),
    /// The new name is a reserved word.
    Reserved(String),
    /// The new name already names a declaration.
    Taken(String),
    /// The renamed file (or set) would have more errors than before (a safety net: the grammar reads
    /// every identifier that is not reserved as a name wherever a name may stand).
    Breaks(String, String),
}

impl std::fmt::Display for RenameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RenameError::NotAName => write!(f, "there is no declared name here to rename"),
            RenameError::Invalid(n) => write!(
                f,
                "`{n}` is not a valid name: a name starts with a letter or `_` and holds only ASCII letters, digits and `_`"
            ),
            RenameError::Reserved(n) => {
                write!(f, "`{n}` is a reserved word and cannot be used as a name")
            }
            RenameError::Taken(n) => write!(f, "`{n}` already names a declaration"),
            RenameError::Breaks(n, why) => {
                write!(f, "renaming to `{n}` would make the file unreadable: {why}")
            }
        }
    }
}

impl std::error::Error for RenameError {}

/// True when `s` is written like a name: `[A-Za-z_][A-Za-z0-9_]*`.
pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// True for words that can never be a name.
pub fn is_reserved(s: &str) -> bool {
    crate::syntax::table::is_reserved(s) || RESERVED.contains(&s)
}

/// The span and current text of the name at `offset`, if it can be renamed.
pub fn prepare(analysis: &Analysis, offset: usize) -> Option<(Span, String)> {
    let occ = names::at(analysis, offset)?;
    Some((occ.span, occ.name.to_string()))
}

/// The edits that rename the name at `offset` to `new_name`: one per occurrence, in
/// source order.
pub fn rename(
    analysis: &Analysis,
    offset: usize,
    new_name: &str,
    options: &Options,
) -> Result<Vec<(Span, String)>, RenameError> {
    rename_with(analysis, offset, new_name, |edits| {
        let renamed = apply(&analysis.source.text, edits);
        analyse(
            SourceFile::new(analysis.source.name.clone(), renamed),
            options,
        )
    })
}

/// [`rename`] with the renamed text analysed by `reanalyse`, given the edits: a set of
/// files (see [`crate::lsp::workspace`]) analyses each renamed file as part of its set.
pub fn rename_with(
    analysis: &Analysis,
    offset: usize,
    new_name: &str,
    reanalyse: impl FnOnce(&[(Span, String)]) -> Analysis,
) -> Result<Vec<(Span, String)>, RenameError> {
    let occ = names::at(analysis, offset).ok_or(RenameError::NotAName)?;
    let new_name = new_name.trim();
    if !is_identifier(new_name) {
        return Err(RenameError::Invalid(new_name.to_string()));
    }
    if is_reserved(new_name) {
        return Err(RenameError::Reserved(new_name.to_string()));
    }
    let old = occ.name;
    if new_name == old {
        return Ok(Vec::new());
    }
    if names::uses_of(analysis, new_name, occ.duty)
        .iter()
        .any(|o| o.is_declaration())
    {
        return Err(RenameError::Taken(new_name.to_string()));
    }
    let edits: Vec<(Span, String)> = names::uses_of(analysis, old, occ.duty)
        .iter()
        .map(|o| (o.span, new_name.to_string()))
        .collect();
    let after = reanalyse(&edits);
    let errors_before = analysis.count(Severity::Error);
    if after.count(Severity::Error) > errors_before {
        let why = after
            .diagnostics
            .iter()
            .find(|d| d.is_error())
            .map_or_else(String::new, |d| d.message.clone());
        return Err(RenameError::Breaks(new_name.to_string(), why));
    }
    Ok(edits)
}

/// Apply non-overlapping edits, given in source order, to a text.
pub fn apply(text: &str, edits: &[(Span, String)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (span, new) in edits {
        if span.start < at || span.end > text.len() || span.start > span.end {
            continue;
        }
        out.push_str(text.get(at..span.start).unwrap_or(""));
        out.push_str(new);
        at = span.end;
    }
    out.push_str(text.get(at..).unwrap_or(""));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::fixture::{analysis, at, SAMPLE};

    #[test]
    fn renames_the_declaration_and_every_reference() {
        let a = analysis(SAMPLE);
        let off = at(SAMPLE, "chair of cpb", 0, 10);
        assert_eq!(prepare(&a, off).unwrap().1, "cpb");
        let edits = rename(&a, off, "board", &Options::default()).unwrap();
        assert_eq!(edits.len(), 6);
        let renamed = apply(SAMPLE, &edits);
        assert!(renamed.contains("body board \"Corporate Parenting Board\""));
        assert!(renamed.contains("board submits annual_report to scp"));
        assert!(renamed.contains("between board and scp"));
        // Names that merely start with the old name are untouched.
        assert!(renamed.contains("cpb_chair") && renamed.contains("cpb_annual"));
        assert!(analysis(&renamed).diagnostics.is_empty());
    }

    #[test]
    fn bad_names_are_refused() {
        let a = analysis(SAMPLE);
        let off = at(SAMPLE, "body cpb", 0, 5);
        let o = Options::default();
        assert_eq!(
            rename(&a, off, "2nd", &o),
            Err(RenameError::Invalid("2nd".into()))
        );
        assert_eq!(
            rename(&a, off, "a b", &o),
            Err(RenameError::Invalid("a b".into()))
        );
        assert_eq!(
            rename(&a, off, "duty", &o),
            Err(RenameError::Reserved("duty".into()))
        );
        assert_eq!(
            rename(&a, off, "and", &o),
            Err(RenameError::Reserved("and".into()))
        );
        assert_eq!(
            rename(&a, off, "scp", &o),
            Err(RenameError::Taken("scp".into()))
        );
        assert_eq!(rename(&a, off, "cpb", &o), Ok(Vec::new()));
        assert_eq!(
            rename(&a, at(SAMPLE, "yearly", 0, 0), "x", &o),
            Err(RenameError::NotAName)
        );
        assert!(prepare(&a, at(SAMPLE, "yearly", 0, 0)).is_none());
    }

    #[test]
    fn words_of_the_grammar_that_are_not_reserved_can_be_names() {
        // `yearly` starts a schedule line, yet the grammar reads `yearly submits …` as an
        // action: the rename is tried on a copy, which stays clean, so it is allowed.
        let a = analysis(SAMPLE);
        let off = at(SAMPLE, "body cpb", 0, 5);
        let edits = rename(&a, off, "yearly", &Options::default()).unwrap();
        let renamed = apply(SAMPLE, &edits);
        assert!(renamed.contains("  yearly submits annual_report to scp\n"));
        assert!(analysis(&renamed).diagnostics.is_empty());
    }
}
