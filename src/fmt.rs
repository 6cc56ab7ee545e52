//! The formatter: one canonical layout for every protocol file.
//!
//! The text is printed again from the typed syntax tree. Comments, which the tree does
//! not hold, come from the side table the lexical scan fills ([`ast::File::comments`]):
//! each is re-emitted where it stood relative to the code around it (before the node
//! that follows it, or at the end of the line it trailed). Strings are printed exactly as
//! written ([`ast::Str::raw`]), line breaks included. The style itself is described in
//! `docs/formatting.md`.
//!
//! A file with any syntax error is never formatted: [`format_source`] returns the
//! diagnostics instead. Every result is checked before it is returned: the formatted
//! text must read back to the same tree (spans aside) with the same comments in the same
//! order, or it is refused ([`Refusal::Unverified`]) and the file is left as it was.

use crate::diagnostic::Diagnostic;
use crate::source::Span;
use crate::syntax::ast::{self, *};
use crate::syntax::{self, table, vocab, Parsed};

/// Spaces per level of indentation inside a block.
pub const INDENT: usize = 2;
/// Extra indentation of a list continued on the next line after a comment.
const CONTINUATION: usize = 2;

/// A comment's text as printed: as written, less the spaces and tabs (and the carriage
/// return of a CRLF line end) at its end. Nothing else is removed: a form feed or a
/// non-breaking space at the end of a comment is text the author put there.
fn comment_body(text: &str) -> &str {
    text.trim_end_matches([' ', '\t', '\r'])
}

/// Why a text was not formatted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The text does not parse cleanly: the syntax diagnostics, at least one an error.
    Syntax(Vec<Diagnostic>),
    /// The formatted text did not read back to the same syntax tree and comments, so it
    /// was not used: a fault of the formatter, never of the file.
    Unverified,
}

impl Refusal {
    /// The syntax diagnostics; none for [`Refusal::Unverified`].
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Refusal::Syntax(d) => d,
            Refusal::Unverified => &[],
        }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Syntax(diags) => match diags.iter().find(|d| d.is_error()) {
                Some(d) => write!(f, "{}", d.message),
                None => write!(f, "the file has syntax errors"),
            },
            Refusal::Unverified => write!(
                f,
                "the formatted text would not read back the same as the original (a fault \
                 in the formatter; please report it with the file), so it was not formatted"
            ),
        }
    }
}

/// Format protocol source text. Returns the canonical text; the syntax diagnostics when
/// the text does not parse cleanly; or [`Refusal::Unverified`] when the formatted text
/// would not read back to the same syntax tree and comments. Never panics.
pub fn format_source(text: &str) -> Result<String, Refusal> {
    let parsed = syntax::parse(text);
    let out = print_parsed(text, &parsed).map_err(Refusal::Syntax)?;
    verify((text, &parsed), out)
}

/// The formatter's self-check: `out`, printed from `before`, when it reads back the same
/// (see [`equivalent`]).
#[doc(hidden)]
pub fn verify(before: (&str, &Parsed), out: String) -> Result<String, Refusal> {
    if out == before.0 || equivalent(before, (&out, &syntax::parse(&out))) {
        Ok(out)
    } else {
        Err(Refusal::Unverified)
    }
}

/// Format without the final read-back check. For tests of the formatter itself, which
/// must see what the printer produced rather than the safe fallback.
#[doc(hidden)]
pub fn format_unverified(text: &str) -> Result<String, Vec<Diagnostic>> {
    print_parsed(text, &syntax::parse(text))
}

/// True when two parses, each with the text it was read from, hold the same syntax tree
/// (spans aside, an empty `{ }` block counted as no block, and every string literal spelt
/// the same) and the same comment texts in the same order, and the second has no errors.
pub fn equivalent(before: (&str, &Parsed), after: (&str, &Parsed)) -> bool {
    let ((before_text, before), (after_text, after)) = (before, after);
    if after.diagnostics.iter().any(Diagnostic::is_error) {
        return false;
    }
    let texts = |f: &ast::File| -> Vec<String> {
        f.comments
            .iter()
            .map(|c| comment_body(&c.text).to_string())
            .collect()
    };
    if texts(&before.file) != texts(&after.file) {
        return false;
    }
    // Item by item, so that only one item's worth of JSON is held at a time.
    before.file.items.len() == after.file.items.len()
        && before
            .file
            .items
            .iter()
            .zip(&after.file.items)
            .all(
                |(a, b)| match (item_key(before_text, a), item_key(after_text, b)) {
                    (Some(a), Some(b)) => a == b,
                    _ => false,
                },
            )
}

/// An item as JSON with every span removed, empty blocks made absent, each string
/// literal's spelling (from `text`) beside its value, and each date that is printed year
/// first ([`DateLit::iso_is_safe`]) counted as written so.
fn item_key(text: &str, item: &ast::Item) -> Option<serde_json::Value> {
    let mut v = match item {
        Item::Decl(d) if d.props().iter().any(|p| !p.kind.dates().is_empty()) => {
            let mut d = d.clone();
            for p in d.block.iter_mut().flat_map(|b| b.props.iter_mut()) {
                for date in p.kind.dates_mut() {
                    if date.iso_is_safe() {
                        date.form = DateForm::Iso;
                    }
                }
            }
            serde_json::to_value(Item::Decl(d)).ok()?
        }
        _ => serde_json::to_value(item).ok()?,
    };
    strip(text, &mut v);
    Some(v)
}

fn strip(text: &str, v: &mut serde_json::Value) {
    use serde_json::Value;
    match v {
        Value::Object(map) => {
            // A string literal (`ast::Str`) is the one node with a text value and a span.
            if map.get("value").is_some_and(Value::is_string) {
                let span = map.get("span").and_then(|s| {
                    let at = |k: &str| s.get(k)?.as_u64().map(|n| n as usize);
                    Some(crate::source::Span::new(at("start")?, at("end")?))
                });
                if let Some(span) = span {
                    let raw = ast::unquoted(text, span).to_string();
                    map.insert("raw".into(), Value::String(raw));
                }
            }
            map.retain(|k, _| k != "span" && !k.ends_with("_span"));
            if let Some(block) = map.get_mut("block") {
                let empty = block
                    .get("props")
                    .and_then(Value::as_array)
                    .is_some_and(|p| p.is_empty());
                if empty {
                    *block = Value::Null;
                }
            }
            map.values_mut().for_each(|v| strip(text, v));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| strip(text, v)),
        _ => {}
    }
}

/// The diagnostics that stop formatting, if any. A tree with an error node always stops
/// it, even in the unexpected case that no diagnostic explains the node.
fn refusal(parsed: &Parsed) -> Option<Vec<Diagnostic>> {
    if parsed.diagnostics.iter().any(Diagnostic::is_error) {
        return Some(parsed.diagnostics.clone());
    }
    let broken = parsed.file.items.iter().find_map(|item| match item {
        Item::Error(e) => Some(e.span),
        Item::Decl(d) => d
            .props()
            .iter()
            .find(|p| matches!(p.kind, PropKind::Error))
            .map(|p| p.span),
        Item::Prose(_) => None,
    })?;
    let mut diags = parsed.diagnostics.clone();
    diags.push(Diagnostic::new(
        &syntax::codes::PG0001,
        broken,
        "this text could not be read, so the file is not formatted",
    ));
    Some(diags)
}

fn print_parsed(text: &str, parsed: &Parsed) -> Result<String, Vec<Diagnostic>> {
    if let Some(diags) = refusal(parsed) {
        return Err(diags);
    }
    let mut p = Printer::new(text, &parsed.file.comments);
    p.file(&parsed.file.items);
    Ok(p.into_text())
}

/// True for a character that ends a line (pest reads `\r` alone as a line break too).
fn is_break(c: char) -> bool {
    c == '\n' || c == '\r'
}

/// Writes the canonical text line by line, pulling comments from the side table as the
/// source positions of the nodes printed pass them.
struct Printer<'a> {
    src: &'a str,
    comments: &'a [Comment],
    /// The next comment not yet printed.
    next: usize,
    /// Finished lines; an empty string is a blank line.
    lines: Vec<String>,
    /// The line being built, if one is open.
    cur: Option<String>,
    /// The source offset just past the last code or comment printed.
    last_end: usize,
    /// True just after a `{`: no blank line may follow it.
    fresh_block: bool,
}

impl<'a> Printer<'a> {
    fn new(src: &'a str, comments: &'a [Comment]) -> Self {
        Printer {
            src,
            comments,
            next: 0,
            lines: Vec::new(),
            cur: None,
            last_end: 0,
            fresh_block: false,
        }
    }

    fn into_text(mut self) -> String {
        self.finish();
        while self.lines.last().is_some_and(|l| l.is_empty()) {
            self.lines.pop();
        }
        if self.lines.is_empty() {
            return String::new();
        }
        let mut out = self.lines.join("\n");
        out.push('\n');
        out
    }

    // ------------------------------------------------------------ source inspection

    /// The source text of a span ("" if the span does not fit the text).
    fn slice(&self, span: Span) -> &'a str {
        self.src.get(span.start..span.end).unwrap_or("")
    }

    /// True when the source between two offsets breaks the line.
    fn has_break(&self, from: usize, to: usize) -> bool {
        self.src
            .get(from.min(to)..to)
            .is_some_and(|s| s.chars().any(is_break))
    }

    /// True when the source between two offsets holds a blank line (one with nothing but
    /// blanks and `;` on it). Comments count as content.
    fn has_blank_line(&self, from: usize, to: usize) -> bool {
        let Some(s) = self.src.get(from.min(to)..to) else {
            return false;
        };
        let mut breaks = 0;
        let mut chars = s.chars().peekable();
        while let Some(c) = chars.next() {
            if is_break(c) {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                breaks += 1;
                if breaks >= 2 {
                    return true;
                }
            } else if !(c.is_whitespace() || c == ';' || c == '\u{FEFF}') {
                breaks = 0;
            }
        }
        false
    }

    /// The end of the last code in a span: trailing blanks and comments that the
    /// grammar's implicit skipping folded into the span are left out.
    fn code_end(&self, span: Span) -> usize {
        let mut end = span.end.min(self.src.len());
        loop {
            let Some(before) = self.src.get(span.start..end) else {
                return end;
            };
            let trimmed =
                before.trim_end_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}' || c == ';');
            end = span.start + trimmed.len();
            // A comment ending here is not code: step over it.
            match self.comments.binary_search_by(|c| c.span.end.cmp(&end)) {
                Ok(i) if self.comments[i].span.start >= span.start => {
                    end = self.comments[i].span.start;
                }
                _ => return end,
            }
        }
    }

    /// True when a comment starts strictly inside the span.
    fn comments_within(&self, span: Span) -> bool {
        let i = self
            .comments
            .partition_point(|c| c.span.start <= span.start);
        self.comments
            .get(i)
            .is_some_and(|c| c.span.start < span.end)
    }

    // ------------------------------------------------------------ output

    /// Add a code token to the open line (after a space), or open a line at `indent`.
    fn token(&mut self, text: &str, indent: usize) {
        match &mut self.cur {
            Some(line) => {
                line.push(' ');
                line.push_str(text);
            }
            None => {
                self.fresh_block = false;
                let mut line = " ".repeat(indent);
                line.push_str(text);
                self.cur = Some(line);
            }
        }
    }

    /// Append text to the open line without a space (punctuation).
    fn glue(&mut self, text: &str) {
        match &mut self.cur {
            Some(line) => line.push_str(text),
            None => self.cur = Some(text.to_string()),
        }
    }

    /// Close the open line, if any.
    fn finish(&mut self) {
        if let Some(line) = self.cur.take() {
            self.lines.push(line);
        }
    }

    /// Close the open line and add one blank line, unless the output starts here, a
    /// block has just opened, or a blank line is already there.
    fn blank(&mut self) {
        self.finish();
        if self.fresh_block || self.lines.last().is_none_or(|l| l.is_empty()) {
            return;
        }
        self.lines.push(String::new());
    }

    fn comment_text(c: &Comment) -> String {
        format!("//{}", comment_body(&c.text))
    }

    /// Print the next comment at the end of the open line if it trails code printed on
    /// the same source line and starts before `limit`. True if one was printed.
    fn trailing_comment(&mut self, limit: usize) -> bool {
        let Some(c) = self.comments.get(self.next) else {
            return false;
        };
        if c.span.start >= limit
            || self.cur.is_none()
            || self.has_break(self.last_end, c.span.start)
        {
            return false;
        }
        let text = Self::comment_text(c);
        self.glue(" ");
        self.glue(&text);
        self.finish();
        self.last_end = c.span.end;
        self.next += 1;
        true
    }

    /// Print every comment that starts before `limit`: one trailing the open line stays
    /// there; the others stand on their own lines at `indent`, keeping (at most one of)
    /// the blank lines before them when `blanks` is set.
    fn comments_before(&mut self, limit: usize, indent: usize, blanks: bool) {
        while let Some(c) = self.comments.get(self.next) {
            if c.span.start >= limit {
                break;
            }
            if self.trailing_comment(limit) {
                continue;
            }
            if blanks && self.has_blank_line(self.last_end, c.span.start) {
                self.blank();
            }
            self.finish();
            self.fresh_block = false;
            self.lines
                .push(format!("{}{}", " ".repeat(indent), Self::comment_text(c)));
            self.last_end = c.span.end;
            self.next += 1;
        }
    }

    // ------------------------------------------------------------ the file

    fn file(&mut self, items: &[Item]) {
        let mut prev_multi = false;
        for (i, item) in items.iter().enumerate() {
            let start = item_span(item).start;
            let multi = self.item_is_multiline(item);
            self.trailing_comment(start);
            if i > 0 && (prev_multi || multi) && !self.has_blank_line(self.last_end, start) {
                self.blank();
            }
            self.comments_before(start, 0, true);
            if self.has_blank_line(self.last_end, start) {
                self.blank();
            }
            self.finish();
            match item {
                Item::Decl(d) => self.decl(d),
                Item::Prose(p) => self.prose(p),
                Item::Error(e) => {
                    // Not reached: a file with an error node is never formatted.
                    let raw = self.slice(e.span);
                    self.token(raw, 0);
                    self.last_end = e.span.end;
                }
            }
            prev_multi = multi;
        }
        self.comments_before(usize::MAX, 0, true);
        self.finish();
    }

    /// True when the item will print on more than one line (such items always stand
    /// apart from their neighbours by a blank line).
    fn item_is_multiline(&self, item: &Item) -> bool {
        let multi = |s: &str| s.chars().any(is_break);
        match item {
            Item::Decl(d) => {
                self.block_printed(d).is_some()
                    || d.title.as_ref().is_some_and(|t| multi(t.raw(self.src)))
            }
            Item::Prose(p) => {
                multi(self.slice(p.clause.span))
                    || multi(p.text.raw(self.src))
                    || p.title.as_ref().is_some_and(|t| multi(t.raw(self.src)))
            }
            Item::Error(e) => multi(self.slice(e.span)),
        }
    }

    /// The block to print with braces: one with properties, or with comments inside.
    fn block_printed<'d>(&self, d: &'d Decl) -> Option<&'d Block> {
        d.block
            .as_ref()
            .filter(|b| !b.props.is_empty() || self.comments_within(b.span))
    }

    fn decl(&mut self, d: &Decl) {
        let keyword = if d.external && d.kind == DeclKind::Body {
            "external body"
        } else {
            d.kind.keyword()
        };
        self.token(keyword, 0);
        self.token(&d.name.name, 0);
        self.last_end = d.name.span.end;
        if let Some(t) = &d.title {
            self.string(t, 0);
        }
        match (self.block_printed(d), &d.block) {
            (Some(b), _) => self.block(b),
            (None, Some(b)) => {
                // An empty `{ }` is dropped. Comments before it stay with the header;
                // blank lines inside it are not the author's spacing between
                // declarations, so the gap to the next one is measured from its `}`.
                self.comments_before(b.span.end, 0, false);
                self.last_end = self.last_end.max(b.span.end);
            }
            (None, None) => {}
        }
    }

    fn block(&mut self, b: &Block) {
        let open = b.span.start;
        self.token("{", 0);
        self.fresh_block = true;
        // Comments between the header and `{` (the `{` may stand on a later line).
        self.comments_before(open, INDENT, false);
        self.last_end = self.last_end.max(open + 1);
        for prop in &b.props {
            let start = prop.span.start;
            self.trailing_comment(start);
            self.comments_before(start, INDENT, true);
            if self.has_blank_line(self.last_end, start) {
                self.blank();
            }
            self.finish();
            self.prop(prop);
            self.last_end = self.code_end(prop.span).max(self.last_end);
        }
        let close = b.span.end.saturating_sub(1).max(open);
        self.trailing_comment(close);
        self.comments_before(close, INDENT, true);
        self.finish();
        self.fresh_block = false;
        self.token("}", 0);
        self.last_end = b.span.end;
    }

    fn prose(&mut self, p: &Prose) {
        self.token("prose", 0);
        self.clause_ref(&p.clause, 0);
        if let Some(t) = &p.title {
            self.string(t, 0);
        }
        self.string(&p.text, 0);
    }

    // ------------------------------------------------------------ pieces

    /// A string literal exactly as written.
    fn string(&mut self, s: &Str, indent: usize) {
        self.token(&format!("\"{}\"", s.raw(self.src)), indent);
        self.last_end = s.span.end;
    }

    fn ident(&mut self, id: &Ident, indent: usize) {
        self.token(&id.name, indent);
        self.last_end = id.span.end;
    }

    fn clause_ref(&mut self, c: &ClauseRef, indent: usize) {
        if c.quoted {
            // The tree keeps only the label's value; the source keeps it as written.
            let raw = self.slice(c.span);
            let text = if raw.starts_with('"') && raw.ends_with('"') && raw.len() >= 2 {
                raw.to_string()
            } else {
                format!("\"{}\"", escape(&c.text))
            };
            self.token(&text, indent);
        } else {
            self.token(&c.text, indent);
        }
        self.last_end = c.span.end;
    }

    /// A number as written, without leading zeros.
    fn num(&self, n: &Num) -> String {
        let raw = self.slice(n.span);
        if !raw.is_empty() && raw.bytes().all(|b| b.is_ascii_digit()) {
            let t = raw.trim_start_matches('0');
            if t.is_empty() {
                "0".to_string()
            } else {
                t.to_string()
            }
        } else {
            n.value.to_string()
        }
    }

    /// A date year first when it is written so or has one reading only
    /// ([`DateLit::iso_is_safe`]); otherwise as written, with single spaces, so that the
    /// reader still sees what is in doubt.
    fn date(&mut self, d: &DateLit, indent: usize) {
        let s = match d.year {
            Some(year) if d.form == DateForm::Iso || d.iso_is_safe() => {
                let mut s = format!("{year:04}");
                if let Some(m) = d.month {
                    s.push_str(&format!("-{m:02}"));
                    if let Some(day) = d.day {
                        s.push_str(&format!("-{day:02}"));
                    }
                }
                s
            }
            _ => self
                .slice(d.span)
                .split([' ', '\t', '\u{a0}'])
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" "),
        };
        self.token(&s, indent);
        self.last_end = d.span.end;
    }

    /// A list `a, b and c`. A comment between two elements breaks the list there: the
    /// line ends with `,`, the comment follows, and the list goes on below (`and` opening
    /// the line of the last element).
    fn list<T>(
        &mut self,
        items: &[T],
        indent: usize,
        start: impl Fn(&T) -> usize,
        mut print: impl FnMut(&mut Self, &T, usize),
    ) {
        let cont = indent + CONTINUATION;
        let n = items.len();
        for (i, item) in items.iter().enumerate() {
            let at = start(item);
            if i > 0 {
                let commented = self
                    .comments
                    .get(self.next)
                    .is_some_and(|c| c.span.start < at);
                if commented {
                    self.glue(",");
                    self.comments_before(at, cont, false);
                    if i + 1 == n {
                        self.token("and", cont);
                    }
                } else if i + 1 == n {
                    self.token("and", cont);
                } else {
                    self.glue(",");
                }
            }
            print(self, item, cont);
        }
    }

    fn idents(&mut self, ids: &[Ident], indent: usize) {
        self.list(ids, indent, |i| i.span.start, |p, id, ind| p.ident(id, ind));
    }

    fn strings(&mut self, strs: &[Str], indent: usize) {
        self.list(strs, indent, |s| s.span.start, |p, s, ind| p.string(s, ind));
    }

    /// `at 14:00`, the time as written.
    fn time(&mut self, t: &Option<Clock>, indent: usize) {
        if let Some(t) = t {
            self.token("at", indent);
            let text = self.slice(t.span).to_string();
            self.token(&text, indent);
            self.last_end = t.span.end;
        }
    }

    fn month(&mut self, m: &Month, indent: usize) {
        let name = crate::syntax::vocab::MONTHS
            .get((m.month as usize).wrapping_sub(1))
            .copied()
            .unwrap_or("january");
        self.token(name, indent);
        self.last_end = m.span.end;
    }

    fn cadence(&mut self, c: &Cadence, indent: usize) {
        match &c.kind {
            CadenceKind::Every { n: None, unit } => {
                self.token("every", indent);
                self.token(unit.name(1), indent);
            }
            CadenceKind::Every { n: Some(n), unit } => {
                let count = self.num(n);
                self.token("every", indent);
                self.token(&count, indent);
                self.token(unit.name(n.value), indent);
            }
            CadenceKind::Word { word } => self.token(word, indent),
        }
        self.last_end = self.code_end(c.span).max(self.last_end);
    }

    fn anchor(&mut self, a: &Anchor, indent: usize) {
        let cont = indent + CONTINUATION;
        match &a.kind {
            AnchorKind::InMonths { months } => {
                self.token("in", indent);
                self.list(
                    months,
                    indent,
                    |m| m.span.start,
                    |p, m, ind| p.month(m, ind),
                );
            }
            AnchorKind::OnDay { day, month } => {
                // The tree reads `on 30 september` and `by 30 september` alike; a reader
                // does not, so the word is kept as written.
                let word = if self.slice(a.span).starts_with("by") {
                    "by"
                } else {
                    "on"
                };
                let d = self.num(day);
                self.token(word, cont);
                self.token(&d, cont);
                self.month(month, cont);
            }
            AnchorKind::LastWorkingDay { month } => {
                for w in ["on", "the", "last", "working", "day", "of"] {
                    self.token(w, cont);
                }
                self.month(month, cont);
            }
            AnchorKind::FromOnly => {}
        }
        if let Some(from) = &a.from {
            self.token("from", cont);
            self.date(from, cont);
        }
    }

    fn cadence_anchor(&mut self, c: &Cadence, a: &Option<Box<Anchor>>, indent: usize) {
        self.cadence(c, indent);
        if let Some(a) = a {
            self.anchor(a, indent);
        }
    }

    fn words(&mut self, words: &str, indent: usize) {
        for w in words.split(' ') {
            self.token(w, indent);
        }
    }

    // ------------------------------------------------------------ properties

    fn prop(&mut self, prop: &Prop) {
        let i = INDENT;
        let c = INDENT + CONTINUATION;
        // The canonical keyword, from the language table.
        let kw = table::of(&prop.kind).map_or("", |p| p.keyword());
        match &prop.kind {
            PropKind::Clause(r) => {
                self.token(kw, i);
                self.clause_ref(r, c);
            }
            PropKind::Note(s) => self.keyword_string(kw, s),
            PropKind::Allow { code, reason } => {
                self.keyword_ident(kw, code);
                self.string(reason, c);
            }
            PropKind::Version { label, on } => {
                self.keyword_string(kw, label);
                if let Some(d) = on {
                    self.token("on", c);
                    self.date(d, c);
                }
            }
            PropKind::Delegate(s) => self.keyword_string(kw, s),
            PropKind::Contains(s) => self.keyword_string(kw, s),
            PropKind::Others(s) => self.keyword_string(kw, s),
            PropKind::Stage(st) => {
                let n = self.num(&st.number);
                self.token(kw, i);
                self.token(&n, c);
                if let Some(t) = &st.title {
                    self.string(t, c);
                }
                if !st.attended_by.is_empty() {
                    self.words("attended by", c);
                    self.idents(&st.attended_by, c);
                }
                if let Some(l) = &st.limit {
                    let n = self.num(&l.n);
                    self.token("within", c);
                    self.token(&n, c);
                    self.words(l.unit.name(l.n.value), c);
                    if l.of_concern {
                        self.words("of the concern", c);
                    }
                    if let Some(q) = &l.qualifier {
                        self.string(q, c);
                    }
                }
                if let Some(w) = &st.when {
                    self.token("when", c);
                    self.string(w, c);
                }
            }
            PropKind::Between(ids) => self.keyword_idents(kw, ids),
            PropKind::ReportsTo(ids) => self.keyword_idents(kw, ids),
            PropKind::AppointedBy(ids) => self.keyword_idents(kw, ids),
            PropKind::AttendedBy(ids) => self.keyword_idents(kw, ids),
            PropKind::Short(s) => self.keyword_strings(kw, s),
            PropKind::Members(s) => self.keyword_strings(kw, s),
            PropKind::Statute(s) => self.keyword_strings(kw, s),
            PropKind::Indicators(s) => self.keyword_strings(kw, s),
            PropKind::Agreed {
                by,
                on,
                recommended_by,
                ..
            } => {
                self.by_on(kw, by, on);
                if let Some(r) = recommended_by {
                    self.words("on the recommendation of", c);
                    self.ident(r, c);
                }
            }
            PropKind::Signed { by, on } => self.by_on(kw, by, on),
            PropKind::Review {
                cadence,
                anchor,
                or_when,
            } => {
                self.token(kw, i);
                self.cadence_anchor(cadence, anchor, i);
                if let Some(w) = or_when {
                    self.words("or when", c);
                    self.string(w, c);
                }
            }
            PropKind::Meets {
                cadence,
                anchor,
                at_least,
                time,
            } => {
                self.token(kw, i);
                if *at_least {
                    self.words("at least", c);
                }
                self.cadence_anchor(cadence, anchor, i);
                self.time(time, c);
            }
            PropKind::MeetsOn(rule) => {
                self.token(kw, i);
                self.words("on the", c);
                self.token(rule.nth.word(), c);
                self.token(vocab::WEEKDAYS[usize::from(rule.weekday - 1) % 7], c);
                self.token("of", c);
                if rule.months.is_empty() {
                    self.words("each month", c);
                } else {
                    self.list(
                        &rule.months,
                        c,
                        |m| m.span.start,
                        |p, m, ind| p.month(m, ind),
                    );
                }
                if let Some(from) = &rule.from {
                    self.token("from", c);
                    self.date(from, c);
                }
                self.time(&rule.time, c);
            }
            PropKind::Meetings(days) | PropKind::ExtraMeetings(days) => {
                self.token(kw, i);
                self.list(
                    days,
                    i,
                    |d| d.date.span.start,
                    |p, d, ind| {
                        p.date(&d.date, ind);
                        p.time(&d.time, ind);
                    },
                );
            }
            PropKind::Cancelled(dates) => {
                self.token(kw, i);
                self.list(dates, i, |d| d.span.start, |p, d, ind| p.date(d, ind));
            }
            PropKind::MeetsTimes { n, at_least } => {
                let count = self.num(n);
                self.token(kw, i);
                if *at_least {
                    self.words("at least", c);
                }
                self.token(&count, c);
                self.words("times a year", c);
            }
            PropKind::MemberSeats {
                count,
                who,
                classes,
            } => {
                let n = self.num(count);
                self.token(kw, i);
                self.token(&n, c);
                self.string(who, c);
                self.classes(classes);
            }
            PropKind::Vacancies(n) => {
                let n = self.num(n);
                self.token(kw, i);
                self.token(&n, c);
            }
            PropKind::Quorum { count, including } => {
                let n = self.num(count);
                self.token(kw, i);
                self.token(&n, c);
                self.token(
                    if count.value == 1 {
                        "member"
                    } else {
                        "members"
                    },
                    c,
                );
                if !including.is_empty() {
                    self.token("including", c);
                    self.list(
                        including,
                        i,
                        |q| q.count.span.start,
                        |p, q, ind| {
                            let n = p.num(&q.count);
                            p.token(&n, ind);
                            p.string(&q.who, ind);
                        },
                    );
                }
            }
            PropKind::Public(open) => {
                let spelling = usize::from(!*open);
                let kw = table::PUBLIC.keywords.get(spelling).unwrap_or(&kw);
                self.words(kw, i);
            }
            PropKind::Area(s) => self.keyword_strings(kw, s),
            PropKind::Under(s) => self.keyword_strings(kw, s),
            PropKind::For(id) => self.keyword_ident(kw, id),
            PropKind::EffectiveFrom(d) => {
                self.words(kw, i);
                self.date(d, c);
            }
            PropKind::Elected {
                by,
                first_meeting,
                then,
            } => {
                self.keyword_ident(kw, by);
                if *first_meeting {
                    self.words("at its first meeting", c);
                }
                if let Some(t) = then {
                    self.glue(",");
                    self.token("then", c);
                    self.cadence(&t.cadence, c);
                    self.token("by", c);
                    self.ident(&t.by, c);
                }
            }
            PropKind::StandsIn { role, when } => {
                self.keyword_ident(kw, role);
                if let Some(w) = when {
                    self.token("when", c);
                    self.string(w, c);
                }
            }
            PropKind::HeldBy { name, from, until } => {
                self.keyword_string(kw, name);
                if let Some(d) = from {
                    self.token("from", c);
                    self.date(d, c);
                }
                if let Some(d) = until {
                    self.token("until", c);
                    self.date(d, c);
                }
            }
            PropKind::Includes(ids) => self.keyword_idents(kw, ids),
            PropKind::Schedule { cadence, anchor } => self.cadence_anchor(cadence, anchor, i),
            PropKind::LastReviewed(d) => {
                self.words(kw, i);
                self.date(d, c);
            }
            PropKind::NextReview(d) => {
                self.words(kw, i);
                self.date(d, c);
            }
            PropKind::Established { date, under } => {
                self.token(kw, i);
                self.date(date, c);
                if let Some(u) = under {
                    self.token("under", c);
                    self.string(u, c);
                }
            }
            PropKind::Kind(id) => self.keyword_ident(kw, id),
            PropKind::SubgroupOf(id) => self.keyword_ident(kw, id),
            PropKind::ProducedBy(id) => self.keyword_ident(kw, id),
            PropKind::ConvenedBy(id) => self.keyword_ident(kw, id),
            PropKind::Seat { body, classes, .. } => {
                self.keyword_ident(kw, body);
                self.classes(classes);
            }
            PropKind::Covers(Covers::All) => self.words(&format!("{kw} all topics"), i),
            PropKind::Covers(Covers::Topics { topics }) => self.keyword_idents("covers", topics),
            PropKind::Order { target, soft, .. } => {
                self.keyword_ident(kw, target);
                if *soft {
                    self.words("where possible", c);
                }
            }
            PropKind::Trigger(Trigger::Event { event }) => self.keyword_ident(kw, event),
            PropKind::Trigger(Trigger::Text { text }) => self.keyword_string(kw, text),
            PropKind::Trigger(Trigger::Receipt { duty }) => self.keyword_ident(kw, duty),
            PropKind::Meeting { offset, body } => {
                match offset {
                    MeetingOffset::At => self.words("at", i),
                    MeetingOffset::Before => self.words("before", i),
                    MeetingOffset::Within { n, unit } => {
                        let count = self.num(n);
                        self.token("within", i);
                        self.token(&count, c);
                        self.token(unit.name(n.value), c);
                        self.token("of", c);
                    }
                }
                self.words("each meeting of", c);
                self.ident(body, c);
            }
            PropKind::Deadline(Deadline::Within { n, unit }) => {
                let count = self.num(n);
                self.token(kw, i);
                self.token(&count, c);
                self.token(unit.name(n.value), c);
            }
            PropKind::Deadline(Deadline::Vague { phrase }) => self.words(phrase, i),
            PropKind::Condition { kind, text } => {
                let spelling = match kind {
                    ConditionKind::Unless => 0,
                    ConditionKind::OnlyIf => 1,
                };
                let kw = table::CONDITION.keywords.get(spelling).unwrap_or(&kw);
                self.keyword_string(kw, text);
            }
            PropKind::Action(a) => self.action(a),
            PropKind::Ongoing => self.token(kw, i),
            PropKind::Holidays(region) => {
                self.token(kw, i);
                let words = match region {
                    crate::holidays::Region::EnglandAndWales => "england and wales",
                    crate::holidays::Region::Scotland => "scotland",
                    crate::holidays::Region::NorthernIreland => "northern ireland",
                };
                self.words(words, c);
            }
            PropKind::Error => {
                // Not reached: a file with an error line is never formatted.
                let raw = self.slice(prop.span);
                self.token(raw, i);
            }
        }
    }

    fn keyword_string(&mut self, kw: &str, s: &Str) {
        self.words(kw, INDENT);
        self.string(s, INDENT + CONTINUATION);
    }

    fn keyword_strings(&mut self, kw: &str, s: &[Str]) {
        self.words(kw, INDENT);
        self.strings(s, INDENT);
    }

    fn keyword_ident(&mut self, kw: &str, id: &Ident) {
        self.words(kw, INDENT);
        self.ident(id, INDENT + CONTINUATION);
    }

    fn keyword_idents(&mut self, kw: &str, ids: &[Ident]) {
        self.words(kw, INDENT);
        self.idents(ids, INDENT);
    }

    /// An action line's recipients: `a, b and c`, or alternatives `a or b`.
    fn recipients(&mut self, a: &Action, indent: usize) {
        if !a.alternatives {
            self.idents(&a.recipients, indent);
            return;
        }
        for (k, r) in a.recipients.iter().enumerate() {
            if k > 0 {
                self.token("or", indent + CONTINUATION);
            }
            self.ident(r, indent + CONTINUATION);
        }
    }

    /// `, ex officio, non-voting` after a seat or a count of members.
    fn classes(&mut self, classes: &[Class]) {
        for class in classes {
            self.glue(",");
            self.words(class.class.words(), INDENT + CONTINUATION);
            self.last_end = class.span.end.max(self.last_end);
        }
    }

    fn by_on(&mut self, kw: &str, by: &Ident, on: &Option<DateLit>) {
        self.keyword_ident(kw, by);
        if let Some(d) = on {
            self.token("on", INDENT + CONTINUATION);
            self.date(d, INDENT + CONTINUATION);
        }
    }

    fn action(&mut self, a: &Action) {
        let i = INDENT;
        let c = INDENT + CONTINUATION;
        if a.passive {
            self.ident(&a.artefact, i);
            self.ident(&a.verb, c);
            let takes = vocab::any_verb(&a.verb.name).and_then(|v| v.about);
            // `to RECIPIENTS` may be left out in the passive when `by ACTOR` is given.
            if takes.is_some_and(|(word, _)| word == "for") {
                self.words("to account", c);
            } else if !a.recipients.is_empty() {
                self.token("to", c);
                self.recipients(a, i);
            }
            if let Some(actor) = &a.actor {
                self.token("by", c);
                self.ident(actor, c);
            }
        } else {
            if a.each {
                self.words("each of", i);
            }
            if let Some(actor) = &a.actor {
                self.ident(actor, if a.each { c } else { i });
            }
            if !a.co_actors.is_empty() {
                let n = a.co_actors.len();
                for (k, other) in a.co_actors.iter().enumerate() {
                    if k + 1 == n {
                        self.token("and", c);
                    } else {
                        self.glue(",");
                    }
                    self.ident(other, c);
                }
            }
            if let Some(word) = a.modality.word() {
                self.token(word, c);
            }
            self.ident(&a.verb, c);
            self.ident(&a.artefact, c);
            let takes = vocab::any_verb(&a.verb.name).and_then(|v| v.about);
            if takes.is_some_and(|(word, _)| word == "for") {
                self.words("to account", c);
            } else if a.to_others {
                self.words("to the others", c);
            } else if !a.recipients.is_empty() {
                self.token("to", c);
                self.recipients(a, i);
            }
        }
        if let (Some(about), Some((word, _))) = (
            &a.about,
            vocab::any_verb(&a.verb.name).and_then(|v| v.about),
        ) {
            self.token(word, c);
            self.ident(about, c);
        }
    }
}

fn item_span(item: &Item) -> Span {
    match item {
        Item::Decl(d) => d.span,
        Item::Prose(p) => p.span,
        Item::Error(e) => e.span,
    }
}

/// Escape a string value for printing between quotes.
fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(text: &str) -> String {
        match format_unverified(text) {
            Ok(s) => s,
            Err(d) => panic!("did not format: {d:?}"),
        }
    }

    #[test]
    fn a_block_is_expanded_one_property_a_line() {
        assert_eq!(
            fmt("body  cpb \"Board\" { kind committee; short \"CPB\" }"),
            "body cpb \"Board\" {\n  kind committee\n  short \"CPB\"\n}\n"
        );
    }

    #[test]
    fn an_empty_block_loses_its_braces() {
        assert_eq!(
            fmt("event audit_completed { }\n"),
            "event audit_completed\n"
        );
    }

    #[test]
    fn a_file_with_errors_is_refused() {
        let refusal = format_source("body cpb {\n  kynd committee\n}\n").unwrap_err();
        assert!(refusal.diagnostics().iter().any(Diagnostic::is_error));
    }

    #[test]
    fn a_result_that_reads_back_differently_is_refused() {
        let text = "body cpb \"Board\" // the board\n";
        let parsed = syntax::parse(text);
        for wrong in [
            "body cpx \"Board\" // the board\n",
            "body cpb \"Board\"\n",
            "body cpb \"Board\" // the bored\n",
            "body cpb {\n",
        ] {
            assert_eq!(
                verify((text, &parsed), wrong.to_string()),
                Err(Refusal::Unverified),
                "{wrong}"
            );
        }
        let right = "body cpb \"Board\" // the board\n".to_string();
        assert_eq!(verify((text, &parsed), right.clone()), Ok(right));
    }

    #[test]
    fn comments_keep_their_place() {
        let text = "// head\nbody a { // open\n  // inside\n  kind x // trailing\n  // last\n} // after\n// end\n";
        assert_eq!(fmt(text), text);
    }

    #[test]
    fn a_comment_in_a_list_breaks_it() {
        assert_eq!(
            fmt("escalation e {\n  attended by a, // first\n b, c and d\n}\n"),
            "escalation e {\n  attended by a, // first\n    b, c and d\n}\n"
        );
        assert_eq!(
            fmt("escalation e {\n  attended by a and // first\n b\n}\n"),
            "escalation e {\n  attended by a, // first\n    and b\n}\n"
        );
    }

    #[test]
    fn a_lone_carriage_return_ends_a_comment() {
        assert_eq!(fmt("body x // a\rrole y\n"), "body x // a\nrole y\n");
        assert_eq!(fmt("event a\revent b\r"), "event a\nevent b\n");
        assert_eq!(fmt("event a // one\r// two\n"), "event a // one\n// two\n");
        assert_eq!(fmt("prose 1 \"a\rb\" // c\r\n"), "prose 1 \"a\rb\" // c\n");
    }

    #[test]
    fn code_end_skips_trailing_comments() {
        let text = "protocol p {\n  agreed by x // c\n}\n";
        let parsed = syntax::parse(text);
        let p = Printer::new(text, &parsed.file.comments);
        let Item::Decl(d) = &parsed.file.items[0] else {
            panic!()
        };
        let prop = &d.props()[0];
        assert_eq!(&text[prop.span.start..p.code_end(prop.span)], "agreed by x");
    }
}
