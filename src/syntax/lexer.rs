//! The one reader of the text's lexical structure: line breaks, comments, strings, braces
//! and the declaration keywords that start lines. [`Lexer`] yields them in order; the
//! pre-scan ([`scan`]) run before the grammar folds them into comments (which the grammar
//! skips, but the formatter must keep), strings that never close and blocks that nest, and
//! the language server's completion reads the same lexemes to know where the cursor
//! stands. It is a single linear pass with no recursion, so no input can exhaust the stack.

use super::ast::{Comment, DeclKind};
use super::codes;
use crate::diagnostic::Diagnostic;
use crate::source::Span;

/// One piece of the text, as the lexer reads it. Blanks (spaces and tabs) are skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lexeme {
    /// A line break: `\n`, `\r\n` or a lone `\r`, as in the grammar.
    LineEnd,
    /// A comment, from `//` to the end of its line (the break not included).
    Comment,
    /// A string literal, quotes included; `closed` is false when the text ends first.
    Str {
        /// True when the closing quote was found.
        closed: bool,
    },
    /// `{`.
    Open,
    /// `}`.
    Close,
    /// A declaration keyword (see [`crate::syntax::vocab::DECL_KEYWORDS`]) as the first
    /// code on its line.
    Keyword(&'static str),
    /// Any other code: a run of bytes up to the next blank, quote, brace, comment or break.
    Code,
}

/// The lexemes of a text with their spans, in order. Every span starts and ends on a
/// character boundary.
#[derive(Debug, Clone)]
pub struct Lexer<'a> {
    text: &'a str,
    at: usize,
    line_has_code: bool,
}

impl<'a> Lexer<'a> {
    /// Read `text` from its start.
    pub fn new(text: &'a str) -> Self {
        Lexer {
            text,
            at: 0,
            line_has_code: false,
        }
    }
}

impl Iterator for Lexer<'_> {
    type Item = (Lexeme, Span);

    fn next(&mut self) -> Option<(Lexeme, Span)> {
        let text = self.text;
        let bytes = text.as_bytes();
        let mut i = self.at;
        while i < bytes.len() && matches!(bytes[i], b' ' | b'\t') {
            i += 1;
        }
        let start = i;
        let lexeme = match *bytes.get(i)? {
            b'\n' => {
                i += 1;
                Lexeme::LineEnd
            }
            b'\r' => {
                i += if bytes.get(i + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                Lexeme::LineEnd
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = text[i..].find(['\n', '\r']).map_or(text.len(), |n| i + n);
                Lexeme::Comment
            }
            b'"' => {
                i += 1;
                let mut closed = false;
                while i < bytes.len() {
                    match bytes[i] {
                        b'\\' => i += 2,
                        b'"' => {
                            closed = true;
                            i += 1;
                            break;
                        }
                        _ => i += 1,
                    }
                }
                if !closed {
                    i = bytes.len();
                }
                Lexeme::Str { closed }
            }
            b'{' => {
                i += 1;
                Lexeme::Open
            }
            b'}' => {
                i += 1;
                Lexeme::Close
            }
            // Only a line's first word can be a declaration keyword: later words are not
            // compared with the keywords at all.
            _ => match (!self.line_has_code)
                .then(|| declaration_at(&text[i..]))
                .flatten()
            {
                Some(keyword) => {
                    i += keyword.len();
                    Lexeme::Keyword(keyword)
                }
                None => {
                    i += 1;
                    while i < bytes.len()
                        && !matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r' | b'"' | b'{' | b'}')
                        && !(bytes[i] == b'/' && bytes.get(i + 1) == Some(&b'/'))
                    {
                        i += 1;
                    }
                    Lexeme::Code
                }
            },
        };
        self.line_has_code = match lexeme {
            Lexeme::LineEnd => false,
            Lexeme::Comment => self.line_has_code,
            _ => true,
        };
        self.at = i;
        Some((lexeme, Span::new(start, i)))
    }
}

/// What the pre-scan found.
#[derive(Debug, Default)]
pub struct Scan {
    /// Every comment in source order.
    pub comments: Vec<Comment>,
    /// Problems found by the scan.
    pub diagnostics: Vec<Diagnostic>,
    /// Regions already explained by a scan diagnostic; parse errors inside them are dropped.
    pub poisoned: Vec<Span>,
    /// Lines that start with a declaration keyword outside any string or comment: each
    /// starts an item, so this is a lower bound of the items the parser will find.
    pub declarations: usize,
    /// The strings, in order, that close only after running on over a line that starts
    /// with `}` or a declaration keyword: the ones that may have swallowed the lines after
    /// them because a closing quote is missing (a note can hold such a line too; the
    /// parser's errors tell which, see `syntax::point_at_runaway`).
    pub runaways: Vec<Span>,
    /// Those lines by the kind their keyword declares, indexed in [`DeclKind::ALL`] order
    /// (`prose` lines are in `declarations` only): an estimate of what the parser will
    /// find, for making room.
    pub kinds: [usize; DeclKind::COUNT],
}

impl Scan {
    /// Count every span from `by` bytes further on: the scan of a file read out of a
    /// longer text (see [`crate::syntax::parse_region_into`]).
    pub fn shift(&mut self, by: usize) {
        let move_span = |s: Span| Span::new(s.start + by, s.end + by);
        for c in &mut self.comments {
            c.span = move_span(c.span);
        }
        for d in &mut self.diagnostics {
            d.map_spans(move_span);
        }
        for s in self.poisoned.iter_mut().chain(self.runaways.iter_mut()) {
            *s = move_span(*s);
        }
    }
}

/// Scan `text` once.
pub fn scan(text: &str) -> Scan {
    let mut out = Scan::default();
    let mut line_has_code = false;
    let mut depth = 0usize;
    let mut nested: Option<(usize, usize)> = None; // (offset of the first nested brace, deepest)
    for (lexeme, span) in Lexer::new(text) {
        match lexeme {
            Lexeme::LineEnd => line_has_code = false,
            Lexeme::Comment => out.comments.push(Comment {
                text: text[span.start + 2..span.end].to_string(),
                span,
                trailing: line_has_code,
            }),
            Lexeme::Str { closed: true } => {
                if swallows_lines(&text[span.start..span.end]) {
                    out.runaways.push(span);
                }
            }
            Lexeme::Str { closed: false } => {
                let start = span.start;
                let line_end = text[start..]
                    .find(['\n', '\r'])
                    .map_or(text.len(), |n| start + n);
                out.diagnostics.push(
                    Diagnostic::new(
                        &codes::PG0002,
                        Span::new(start, line_end.max(start + 1)),
                        "this string is never closed",
                    )
                    .with_primary("the string starts here and runs to the end of the file")
                    .with_help("add a closing `\"`; write `\\\"` for a quote inside a string"),
                );
                out.poisoned.push(Span::new(start, text.len()));
            }
            Lexeme::Open => {
                depth += 1;
                if depth > 1 {
                    match &mut nested {
                        None => nested = Some((span.start, depth)),
                        Some((_, deepest)) => *deepest = (*deepest).max(depth),
                    }
                }
            }
            Lexeme::Close => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    if let Some((at, deepest)) = nested.take() {
                        report_nested(&mut out, at, span.end, deepest);
                    }
                }
            }
            Lexeme::Keyword(keyword) => {
                out.declarations += 1;
                let kind = match keyword {
                    "external" => Some(DeclKind::Body),
                    k => DeclKind::ALL.into_iter().find(|d| d.keyword() == k),
                };
                if let Some(kind) = kind {
                    out.kinds[kind as usize] += 1;
                }
                // A declaration keyword cannot start a line inside a block, so an
                // unclosed block ends here; the parser reports it.
                if let Some((at, deepest)) = nested.take() {
                    report_nested(&mut out, at, span.start, deepest);
                }
                depth = 0;
            }
            Lexeme::Code => {}
        }
        if !matches!(lexeme, Lexeme::LineEnd | Lexeme::Comment) {
            line_has_code = true;
        }
    }
    if let Some((at, deepest)) = nested {
        report_nested(&mut out, at, text.len(), deepest);
    }
    out
}

/// True when a string literal (quotes included) runs on over a line that starts, after
/// its indentation, with `}` or a declaration keyword: a line no string is likely to hold.
fn swallows_lines(literal: &str) -> bool {
    literal.split(['\n', '\r']).skip(1).any(|line| {
        let line = line.trim_start_matches([' ', '\t']);
        line.starts_with('}') || declaration_at(line).is_some()
    })
}

/// The declaration keyword `rest` starts with, if any.
pub fn declaration_at(rest: &str) -> Option<&'static str> {
    crate::syntax::vocab::DECL_KEYWORDS
        .iter()
        .copied()
        .find(|k| {
            rest.starts_with(k)
                && !rest[k.len()..]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        })
}

fn report_nested(out: &mut Scan, at: usize, end: usize, deepest: usize) {
    let mut d = Diagnostic::new(
        &codes::PG0004,
        Span::new(at, at + 1),
        "blocks cannot be nested",
    )
    .with_primary("a `{` inside a block")
    .with_help("each declaration has one block of property lines; close the block with `}` before starting another declaration");
    if deepest > 2 {
        d = d.with_note(format!("braces here nest {deepest} deep"));
    }
    out.diagnostics.push(d);
    out.poisoned.push(Span::new(at, end));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_collected_with_their_position() {
        let s = scan("// own line\nbody x \"a // not a comment\" // trailing\n");
        let texts: Vec<_> = s
            .comments
            .iter()
            .map(|c| (c.text.as_str(), c.trailing))
            .collect();
        assert_eq!(texts, vec![(" own line", false), (" trailing", true)]);
        assert!(s.diagnostics.is_empty());
    }

    #[test]
    fn a_comment_ends_at_a_lone_carriage_return() {
        let s = scan("// one\rbody x // two\r\n");
        let texts: Vec<_> = s
            .comments
            .iter()
            .map(|c| (c.text.as_str(), c.trailing))
            .collect();
        assert_eq!(texts, vec![(" one", false), (" two", true)]);
    }

    #[test]
    fn deep_nesting_is_one_diagnostic() {
        let text = format!("body x {}", "{".repeat(100_000));
        let s = scan(&text);
        assert_eq!(s.diagnostics.len(), 1);
        assert_eq!(s.diagnostics[0].code.code, "PG0004");
    }
}
