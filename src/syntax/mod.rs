//! The syntax stage: text in, typed syntax tree and diagnostics out. It never fails and
//! never panics: what it cannot read becomes an error node with a diagnostic, and reading
//! resumes at the next line or declaration.

pub mod ast;
pub mod codes;
mod explain;
mod fast;
pub mod lexer;
mod lower;
pub mod table;
pub mod vocab;

pub use lower::{allowed, is_single};

use crate::diagnostic::{self, Diagnostic};
use crate::source::Span;
use pest::Parser as _;

/// The parser generated from `grammar/protogov.pest`.
#[derive(pest_derive::Parser)]
#[grammar = "grammar/protogov.pest"]
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

/// Where the readers put each top-level item, in source order, as soon as it is read: a
/// list (the whole tree, see [`parse`]) or a consumer that needs one item at a time, such
/// as [`crate::model::ModelBuilder`] (see [`parse_into`]).
pub trait ItemSink {
    /// Called once, before the first item, with the number of items and the number of
    /// declarations of each kind (indexed in [`ast::DeclKind::ALL`] order) the pre-scan
    /// saw, so room can be made for them at once. They are estimates: the scan counts lines
    /// that start with a keyword, so a declaration that fails to parse is counted and one
    /// written after `;` on the same line is not.
    fn expect(&mut self, _items: usize, _declarations: &[usize; ast::DeclKind::COUNT]) {}

    /// The next item.
    fn item(&mut self, item: ast::Item);
}

impl ItemSink for Vec<ast::Item> {
    fn expect(&mut self, items: usize, _declarations: &[usize; ast::DeclKind::COUNT]) {
        self.reserve_exact(items);
    }

    fn item(&mut self, item: ast::Item) {
        self.push(item);
    }
}

/// A sink that counts what it passes on.
struct Counted<'s> {
    sink: &'s mut dyn ItemSink,
    items: usize,
}

impl ItemSink for Counted<'_> {
    fn expect(&mut self, items: usize, declarations: &[usize; ast::DeclKind::COUNT]) {
        self.sink.expect(items, declarations);
    }

    fn item(&mut self, item: ast::Item) {
        self.items += 1;
        self.sink.item(item);
    }
}

/// Read `text` into a syntax tree. Never panics; every problem becomes a diagnostic.
///
/// Each top-level item is first offered to a hand-written reader of well-formed
/// declarations; whatever it does not take (anything unusual or broken) is read by the
/// grammar from that item's start. The result is the same as [`parse_with_pest`]'s.
pub fn parse(text: &str) -> Parsed {
    parse_whole(text, true)
}

/// [`parse`], handing each item to `sink` as soon as it is read instead of collecting
/// them: the returned tree holds the comments and no items. The items and diagnostics are
/// those of [`parse`].
pub fn parse_into(text: &str, sink: &mut dyn ItemSink) -> Parsed {
    parse_impl(text, 0, true, sink).0
}

/// [`parse_into`] for the bytes `start..end` of `text` alone, as if they were a file of
/// their own, with every span counted from the start of `text`: the files of a set are
/// read one by one out of their joined text (see [`crate::set`]).
pub fn parse_region_into(
    text: &str,
    region: std::ops::Range<usize>,
    sink: &mut dyn ItemSink,
) -> Parsed {
    let end = region.end.min(text.len());
    match text.get(..end) {
        Some(prefix) if region.start <= end && prefix.is_char_boundary(region.start) => {
            parse_impl(prefix, region.start, true, sink).0
        }
        _ => parse_impl("", 0, true, sink).0,
    }
}

/// Read `text` into a syntax tree with the grammar alone (`grammar/protogov.pest`, its
/// `file` rule over the whole text), without the hand-written reader. Gives the same
/// result as [`parse`], more slowly; kept so that tests and benchmarks can compare the two.
pub fn parse_with_pest(text: &str) -> Parsed {
    parse_whole(text, false)
}

/// The whole tree, its items collected in order.
fn parse_whole(text: &str, use_fast: bool) -> Parsed {
    let mut items = Vec::new();
    let mut parsed = parse_impl(text, 0, use_fast, &mut items).0;
    parsed.file.items = items;
    parsed
}

/// How many of the top-level items of `text` the hand-written reader takes (the rest are
/// read by the grammar), then how many there are in all. For tests that watch the reader's
/// coverage.
#[doc(hidden)]
pub fn fast_reader_coverage(text: &str) -> (usize, usize) {
    /// Drops each item: only the counts are wanted.
    struct Discard;
    impl ItemSink for Discard {
        fn item(&mut self, _: ast::Item) {}
    }
    let (_, fast, all) = parse_impl(text, 0, true, &mut Discard);
    (fast, all)
}

/// Read `text` from byte `start` on into `sink`: the diagnostics and comments, how many
/// items the hand-written reader took and how many items there were. Spans count from the
/// start of `text`.
fn parse_impl(
    text: &str,
    start: usize,
    use_fast: bool,
    sink: &mut dyn ItemSink,
) -> (Parsed, usize, usize) {
    let at = |n: usize| Span::new(start + n, start + n);
    if text.len() - start > MAX_FILE_BYTES {
        let d = Diagnostic::new(
            &codes::PG0005,
            at(0),
            format!(
                "the file is {} MiB; protogov reads files up to {} MiB",
                (text.len() - start) / (1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        )
        .with_help("split the input into one file per protocol");
        let parsed = Parsed {
            file: ast::File::default(),
            diagnostics: vec![d],
        };
        return (parsed, 0, 0);
    }
    let mut scan = lexer::scan(&text[start..]);
    if start > 0 {
        scan.shift(start);
    }
    if scan.declarations > MAX_ITEMS {
        // Refused before parsing, like an oversized file: the parse alone would take long.
        let mut d = too_many_items(scan.declarations, "at least ");
        d.span = at(0);
        let parsed = Parsed {
            file: ast::File::default(),
            diagnostics: vec![d],
        };
        return (parsed, 0, 0);
    }
    let mut lower = lower::Lower::new(text);
    // Nearly every distinct name is declared once, on a line the scan counted.
    lower.reserve_names(scan.declarations);
    let mut items = Counted { sink, items: 0 };
    items.expect(scan.declarations, &scan.kinds);
    let fast_items = if use_fast {
        read_items(text, start, &mut lower, &mut items)
    } else {
        read_file_with_pest(text, &mut lower, &mut items);
        0
    };
    let items = items.items;
    let poisoned = merged(scan.poisoned);
    let mut diagnostics: Vec<Diagnostic> = lower
        .diags
        .into_iter()
        .filter(|d| {
            // The last region starting at or before the diagnostic is the only one that
            // can hold it.
            let i = poisoned.partition_point(|p| p.start <= d.span.start);
            poisoned[..i].last().is_none_or(|p| d.span.start >= p.end)
        })
        .collect();
    diagnostics.extend(scan.diagnostics);
    point_at_runaway(text, &scan.runaways, &mut diagnostics);
    if items > MAX_ITEMS {
        let mut d = too_many_items(items, "");
        d.span = at(0);
        diagnostics.push(d);
    }
    diagnostic::sort(&mut diagnostics);
    if diagnostics.len() > MAX_ERRORS {
        let hidden = diagnostics.len() - MAX_ERRORS;
        diagnostics.truncate(MAX_ERRORS);
        let at = diagnostics.last().map_or(at(0), |d| d.span);
        diagnostics.push(
            Diagnostic::new(
                &codes::PG0012,
                at,
                format!("{hidden} more syntax errors are not shown"),
            )
            .with_help("fix the errors shown and check again"),
        );
    }
    let parsed = Parsed {
        file: ast::File {
            items: Vec::new(),
            comments: scan.comments,
        },
        diagnostics,
    };
    (parsed, fast_items, items)
}

/// Regions in order of their starts, overlapping ones merged (an empty region counts as
/// its first byte), so that one binary search finds the region holding an offset.
fn merged(mut regions: Vec<Span>) -> Vec<Span> {
    regions.sort_unstable_by_key(|r| r.start);
    let mut out: Vec<Span> = Vec::with_capacity(regions.len());
    for r in regions {
        let r = Span::new(r.start, r.end.max(r.start + 1));
        match out.last_mut() {
            Some(last) if r.start < last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// A string that swallowed the lines after it (its closing quote missing) shows as an
/// error where the quotes fall out of step: right after it. Of the strings that ran on over
/// a line starting with `}` or a declaration keyword (`runaways`, in order), the first one
/// an error follows directly is the likely culprit: that error, and the unclosed string the
/// file then ends with (PG0002), point back at where it starts. A string an error does not
/// follow (a note that happens to hold such a line) is not blamed.
fn point_at_runaway(text: &str, runaways: &[Span], diagnostics: &mut [Diagnostic]) {
    if runaways.is_empty() {
        return;
    }
    let right_after = |d: &Diagnostic| {
        let i = runaways.partition_point(|s| s.end <= d.span.start);
        let string = runaways[..i].last()?;
        let gap = text.get(string.end..d.span.start)?;
        gap.bytes()
            .all(|b| b == b' ' || b == b'\t')
            .then_some(*string)
    };
    // The earliest syntax error that directly follows one.
    let Some((first, string)) = diagnostics
        .iter()
        .enumerate()
        .filter(|(_, d)| d.is_syntax())
        .filter_map(|(i, d)| Some((i, right_after(d)?)))
        .min_by_key(|(i, _)| diagnostics[*i].span.start)
    else {
        return;
    };
    let label = || crate::diagnostic::Label {
        span: Span::new(string.start, string.start + 1),
        message: "this string runs on over the lines below it: is its closing `\"` missing?"
            .to_string(),
    };
    for (i, d) in diagnostics.iter_mut().enumerate() {
        let unclosed = std::ptr::eq(d.code, &codes::PG0002) && d.span.start >= string.end;
        if i == first || unclosed {
            d.labels.push(label());
        }
    }
}

/// The grammar's `file` rule over the whole text.
fn read_file_with_pest(text: &str, lower: &mut lower::Lower<'_>, items: &mut dyn ItemSink) {
    match PestParser::parse(Rule::file, text) {
        Ok(mut pairs) => {
            if let Some(file) = pairs.next() {
                lower.items(file, items);
            }
        }
        Err(e) => safety_net(lower, 0, &e),
    }
}

/// Item after item: the hand-written reader first, the grammar's `one_item` rule for what
/// it leaves. Returns how many items the hand-written reader took.
fn read_items(
    text: &str,
    start: usize,
    lower: &mut lower::Lower<'_>,
    items: &mut dyn ItemSink,
) -> usize {
    let bytes = text.as_bytes();
    let mut fast_items = 0;
    let mut pos = fast::skip_gap(bytes, start);
    while pos < text.len() {
        let mark = lower.diags.len();
        if let Some((item, end)) = fast::Reader::new(text, lower).item(pos) {
            if lower.diags.len() == mark {
                items.item(item);
                fast_items += 1;
                pos = fast::skip_gap(bytes, end);
                continue;
            }
        }
        // Not read, or something to explain: the grammar's path reads the item and words
        // any diagnostics.
        lower.diags.truncate(mark);
        match PestParser::parse(Rule::one_item, &text[pos..]) {
            Ok(mut pairs) => {
                let Some(one) = pairs.next() else { break };
                let end = pos + one.as_span().end();
                lower.base = pos;
                lower.items(one, items);
                lower.base = 0;
                if end <= pos {
                    break;
                }
                pos = fast::skip_gap(bytes, end);
            }
            Err(e) => {
                safety_net(lower, pos, &e);
                break;
            }
        }
    }
    fast_items
}

/// The grammar accepts any text; this is a safety net, not an expected path.
fn safety_net(lower: &mut lower::Lower<'_>, base: usize, e: &pest::error::Error<Rule>) {
    let pos = base
        + match e.location {
            pest::error::InputLocation::Pos(p) => p,
            pest::error::InputLocation::Span((s, _)) => s,
        };
    lower.diags.push(Diagnostic::new(
        &codes::PG0001,
        Span::new(pos, pos),
        "the file could not be read past this point",
    ));
}
