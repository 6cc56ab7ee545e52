//! The syntax stage: text in, typed syntax tree and diagnostics out. It never fails and
//! never panics: what it cannot read becomes an error node with a diagnostic, and reading
//! resumes at the next line or declaration.

pub mod ast;
pub mod codes;
pub mod lexer;
mod lower;
pub mod vocab;

pub use lower::{allowed, is_single};

use crate::diagnostic::{self, Diagnostic};
use crate::source::Span;
use pest::Parser as _;

/// The parser generated from `grammar/protogov.pest`.
#[derive(pest_derive::Parser)]
#[grammar = "../grammar/protogov.pest"]
pub struct PestParser;

/// The largest file accepted, in bytes.
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;
/// The most items (declarations, prose, error nodes) accepted in one file.
pub const MAX_ITEMS: usize = 1_000_000;
/// The most syntax diagnostics reported for one file.
pub const MAX_ERRORS: usize = 100;

/// The result of reading one file.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The syntax tree, with error nodes where text could not be read.
    pub file: ast::File,
    /// Syntax diagnostics, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
}

fn too_many_items(n: usize, qualifier: &str) -> Diagnostic {
    Diagnostic::new(
        &codes::PG0005,
        Span::new(0, 0),
        format!("the file holds {qualifier}{n} declarations; protogov reads up to {MAX_ITEMS}"),
    )
    .with_help("split the input into one file per protocol")
}

/// Read `text` into a syntax tree. Never panics; every problem becomes a diagnostic.
pub fn parse(text: &str) -> Parsed {
    if text.len() > MAX_FILE_BYTES {
        let d = Diagnostic::new(
            &codes::PG0005,
            Span::new(0, 0),
            format!(
                "the file is {} MiB; protogov reads files up to {} MiB",
                text.len() / (1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        )
        .with_help("split the input into one file per protocol");
        return Parsed {
            file: ast::File::default(),
            diagnostics: vec![d],
        };
    }
    let scan = lexer::scan(text);
    if scan.declarations > MAX_ITEMS {
        // Refused before parsing, like an oversized file: the parse alone would take long.
        return Parsed {
            file: ast::File::default(),
            diagnostics: vec![too_many_items(scan.declarations, "at least ")],
        };
    }
    let mut lower = lower::Lower::new(text);
    let mut items = Vec::new();
    match PestParser::parse(Rule::file, text) {
        Ok(mut pairs) => {
            if let Some(file) = pairs.next() {
                lower.items(file, &mut items);
            }
        }
        Err(e) => {
            // The grammar accepts any text; this is a safety net, not an expected path.
            let pos = match e.location {
                pest::error::InputLocation::Pos(p) => p,
                pest::error::InputLocation::Span((s, _)) => s,
            };
            lower.diags.push(Diagnostic::new(
                &codes::PG0001,
                Span::new(pos, pos),
                "the file could not be read past this point",
            ));
        }
    }
    let mut diagnostics: Vec<Diagnostic> = lower
        .diags
        .into_iter()
        .filter(|d| {
            !scan
                .poisoned
                .iter()
                .any(|p| p.start <= d.span.start && d.span.start < p.end.max(p.start + 1))
        })
        .collect();
    diagnostics.extend(scan.diagnostics);
    if items.len() > MAX_ITEMS {
        diagnostics.push(too_many_items(items.len(), ""));
    }
    diagnostic::sort(&mut diagnostics);
    if diagnostics.len() > MAX_ERRORS {
        let hidden = diagnostics.len() - MAX_ERRORS;
        diagnostics.truncate(MAX_ERRORS);
        let at = diagnostics.last().map_or(Span::new(0, 0), |d| d.span);
        diagnostics.push(
            Diagnostic::new(
                &codes::PG0012,
                at,
                format!("{hidden} more syntax errors are not shown"),
            )
            .with_help("fix the errors shown and check again"),
        );
    }
    Parsed {
        file: ast::File {
            items,
            comments: scan.comments,
        },
        diagnostics,
    }
}
