//! Explaining text that does not read: each error node the grammar left (a `junk` item, a
//! `bad_line`) is re-parsed alone to say where and why it fails, and an action line that
//! reads wrongly is explained. Every function here builds a diagnostic from the text; none
//! changes the tree.

use super::ast::Ident;
use super::codes;
use super::vocab;
use super::{PestParser, Rule};
use crate::diagnostic::{one_slip, suggest, Diagnostic, Fix};
use crate::source::Span;
use pest::Parser as _;

/// Explain a top-level span of `text` that did not parse.
pub(super) fn junk(text: &str, sp: Span) -> Diagnostic {
    let whole = text;
    let text = &whole[sp.start..sp.end];
    let (first, word_span) = first_word(text, sp.start);
    if text.starts_with('}') {
        return Diagnostic::new(
            &codes::PG0001,
            Span::new(sp.start, sp.start + 1),
            "unexpected `}`",
        )
        .with_primary("no block is open here")
        .with_help("delete the `}`, or check that the block above is not closed twice");
    }
    if !vocab::DECL_KEYWORDS.contains(&first) {
        if let Some((_, form)) = vocab::PROPERTY_STARTS.iter().find(|(k, _)| *k == first) {
            return Diagnostic::new(
                &codes::PG0001,
                word_span,
                format!("`{first}` is a property, outside any block"),
            )
            .with_primary("properties belong inside a declaration's `{ … }`")
            .with_help(format!(
                "move `{form}` into the block of the declaration it describes"
            ));
        }
        let found = if first.is_empty() {
            describe_found(whole, sp.start)
        } else {
            format!("`{first}`")
        };
        let d = Diagnostic::new(
            &codes::PG0009,
            word_span,
            format!("expected a declaration, found {found}"),
        )
        .with_primary("not a declaration keyword");
        return match suggest(first, vocab::DECL_KEYWORDS.iter().copied()) {
            Some(k) => d
                .with_help(format!("did you mean `{k}`?"))
                .with_fix(Fix::replace(
                    word_span,
                    first,
                    k,
                    one_slip(first, k, vocab::DECL_KEYWORDS.iter().copied()),
                )),
            None => d.with_help(
                "a declaration starts with protocol, body, external body, role, topic, artefact, event, duty, escalation or prose",
            ),
        };
    }
    // A declaration keyword: find out where the declaration breaks.
    if let Some(open) = unclosed_brace(text) {
        let open = sp.start + open;
        return Diagnostic::new(
            &codes::PG0003,
            Span::new(open, open + 1),
            "this block is never closed",
        )
        .with_primary("block opened here")
        .with_label(Span::new(sp.end, sp.end), "expected `}` by here")
        .with_help("add `}` after the block's last property line");
    }
    let (pos, expected) = reparse(Rule::single_decl, text);
    syntax_error(whole, sp.start + pos, &expected)
}

/// Explain a block line of `text` that did not parse.
pub(super) fn bad_line(text: &str, sp: Span) -> Diagnostic {
    let whole = text;
    let text = &whole[sp.start..sp.end];
    let (first, word_span) = first_word(text, sp.start);
    let known = starts_property(first);
    if !known && !first.is_empty() {
        // Either a misspelt property, or an action line (which starts with a name).
        if let Some(d) = misspelt_property(first, word_span) {
            return d;
        }
    }
    let rule = if known {
        Rule::single_keyword_property
    } else {
        Rule::single_property
    };
    let (pos, expected) = reparse(rule, text);
    if pos == 0 && !known {
        let found = if first.is_empty() {
            describe_found(whole, sp.start)
        } else {
            format!("`{first}`")
        };
        return Diagnostic::new(
            &codes::PG0006,
            word_span,
            format!("expected a property, found {found}"),
        )
        .with_primary("no property starts like this")
        .with_help("each line of a block is one property, such as `clause 4.1` or `kind committee`; see docs/language.md");
    }
    syntax_error(whole, sp.start + pos, &expected)
}

/// The grammar's own account: at `pos` in `text`, one of `expected` was wanted.
pub(super) fn syntax_error(text: &str, pos: usize, expected: &[Rule]) -> Diagnostic {
    let found = describe_found(text, pos);
    let token = token_span(text, pos);
    let what = describe_expected(expected);
    let mut d = Diagnostic::new(
        &codes::PG0001,
        token,
        format!("expected {what}, found {found}"),
    )
    .with_primary(format!("expected {what}"));
    // A misspelt month (`juli`, `Octobre`) is named, as unknown names are.
    if expected.contains(&Rule::month) {
        let word = &text[token.start..token.end];
        if let Some(month) = suggest(word, vocab::MONTHS) {
            d = d
                .with_help(format!("did you mean `{month}`?"))
                .with_fix(Fix::replace(
                    token,
                    word,
                    month,
                    one_slip(word, month, vocab::MONTHS),
                ));
        }
    }
    d
}

/// A word at `span` that is close to a property keyword: the misspelt property it
/// probably is. `None` when no keyword is close.
pub(super) fn misspelt_property(word: &str, span: Span) -> Option<Diagnostic> {
    let starts = vocab::PROPERTY_STARTS.iter().map(|(k, _)| *k);
    let kw = suggest(word, starts)?;
    let form = vocab::PROPERTY_STARTS
        .iter()
        .find(|(k, _)| *k == kw)
        .map_or(kw, |(_, f)| *f);
    Some(
        Diagnostic::new(&codes::PG0006, span, format!("unknown property `{word}`"))
            .with_primary(format!("did you mean `{kw}`?"))
            .with_help(format!("the property is written `{form}`"))
            .with_fix(Fix::replace(
                span,
                word,
                kw,
                one_slip(word, kw, vocab::PROPERTY_STARTS.iter().map(|(k, _)| *k)),
            )),
    )
}

/// A verb no duty can use.
pub(super) fn unknown_verb(verb: &Ident) -> Diagnostic {
    let forms = vocab::VERBS.iter().flat_map(|v| [v.active, v.passive]);
    let d = Diagnostic::new(
        &codes::PG0008,
        verb.span,
        format!("unknown verb `{}`", verb.name),
    )
    .with_primary("not a verb a duty can use");
    match suggest(&verb.name, forms) {
        Some(s) => d
            .with_help(format!("did you mean `{s}`?"))
            .with_fix(Fix::replace(
                verb.span,
                &verb.name,
                s,
                one_slip(
                    &verb.name,
                    s,
                    vocab::VERBS.iter().flat_map(|v| [v.active, v.passive]),
                ),
            )),
        None => d.with_help(format!(
            "a duty's verb is one of: {}",
            vocab::VERBS
                .iter()
                .map(|v| v.active)
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// `by` after an active verb, whose actor is already the line's first name.
pub(super) fn by_after_active(
    subject: &Ident,
    verb: &Ident,
    artefact: &Ident,
    by: &Ident,
) -> Diagnostic {
    Diagnostic::new(&codes::PG0008, by.span, "`by` follows only a passive verb")
        .with_primary("the actor is already named at the start of the line")
        .with_help(format!(
            "remove `by {}`, or write the line in the passive: `{} {} to … by {}`",
            by.name,
            artefact.name,
            vocab::verb(&verb.name).map_or("", |(v, _)| v.passive),
            subject.name
        ))
}

/// An active verb with nothing to act on.
pub(super) fn missing_object(subject: &Ident, verb: &Ident) -> Diagnostic {
    Diagnostic::new(
        &codes::PG0008,
        verb.span,
        format!("`{}` needs the artefact it acts on", verb.name),
    )
    .with_primary("what does it act on?")
    .with_help(format!(
        "write `{} {} ARTEFACT to …`, or the passive `ARTEFACT {} to … by {}`",
        subject.name,
        verb.name,
        vocab::verb(&verb.name).map_or("", |(v, _)| v.passive),
        subject.name
    ))
}

/// An oversight verb with the wrong words after its object: `holds` without `to
/// account`, or `for`, `on` or `of` where the verb takes another or none.
pub(super) fn verb_form(verb: &Ident, at: Span, found: &str) -> Diagnostic {
    let v = vocab::any_verb(&verb.name);
    let form = match v.and_then(|v| v.about) {
        Some(("for", _)) => "OBJECT to account for TOPIC".to_string(),
        Some((word, _)) => format!("OBJECT {word} …"),
        None => "OBJECT".to_string(),
    };
    Diagnostic::new(
        &codes::PG0008,
        at,
        format!("`{}` does not take `{found}` here", verb.name),
    )
    .with_primary("not what this verb takes")
    .with_help(format!(
        "write `{} {form}`",
        v.map_or(verb.name.as_str(), |v| v.active)
    ))
}

/// `to the others` after an actor that is not `each of GROUP`.
pub(super) fn others_without_each(subject: &Ident, line: Span) -> Diagnostic {
    Diagnostic::new(
        &codes::PG0008,
        line,
        "`to the others` needs a group's members as the actors",
    )
    .with_primary("the others of whom?")
    .with_help(format!(
        "write `each of {} … to the others`, naming a group",
        subject.name
    ))
}

/// A passive verb followed by a name, as if it were active.
pub(super) fn passive_with_object(subject: &Ident, verb: &Ident, object: &Ident) -> Diagnostic {
    Diagnostic::new(
        &codes::PG0008,
        object.span,
        format!("a passive verb (`{}`) takes no object", verb.name),
    )
    .with_primary("unexpected name")
    .with_help(format!(
        "write `{} {} to …` (passive) or `ACTOR {} {} to …` (active)",
        subject.name,
        verb.name,
        vocab::verb(&verb.name).map_or("", |(v, _)| v.active),
        subject.name
    ))
}

/// True when a block line starting with the word `first` can only be a property (its
/// keyword, or a word that starts a schedule or a deadline), not an action line.
pub(super) fn starts_property(first: &str) -> bool {
    vocab::PROPERTY_STARTS.iter().any(|(k, _)| *k == first) || starts_timing(first)
}

/// True when `first` starts a schedule or a deadline (`yearly`, `every`, `in a timely
/// manner`…): words that are rarely names.
pub(super) fn starts_timing(first: &str) -> bool {
    first == "every"
        || vocab::CADENCE_WORDS.iter().any(|(w, _)| *w == first)
        || vocab::AMBIGUOUS_CADENCE_WORDS
            .iter()
            .any(|(w, _, _)| *w == first)
        || vocab::VAGUE_DEADLINES
            .iter()
            .any(|p| p.split(' ').next() == Some(first))
}

/// The first word of a text that starts at byte `start` (letters, digits, `_`, `-`, after
/// leading blanks), and its span: where there is no word, the span of the first character,
/// so that it never ends inside one.
fn first_word(text: &str, start: usize) -> (&str, Span) {
    let t = text.trim_start();
    let lead = text.len() - t.len();
    let end = t
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(t.len());
    if end == 0 {
        return ("", Span::new(start, start + first_char_len(text)));
    }
    (&t[..end], Span::new(start + lead, start + lead + end))
}

/// The offset of the first `{` that no `}` closes, skipping strings and comments.
fn unclosed_brace(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let mut stack = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'{' => stack.push(i),
            b'}' => {
                stack.pop();
            }
            _ => {}
        }
        i += 1;
    }
    stack.first().copied()
}

/// Parse `text` alone with `rule`; where it fails and what was expected there.
pub(super) fn reparse(rule: Rule, text: &str) -> (usize, Vec<Rule>) {
    match PestParser::parse(rule, text) {
        Ok(_) => (0, Vec::new()),
        Err(e) => {
            let pos = match e.location {
                pest::error::InputLocation::Pos(p) => p,
                pest::error::InputLocation::Span((s, _)) => s,
            };
            let positives = match e.variant {
                pest::error::ErrorVariant::ParsingError { positives, .. } => positives,
                pest::error::ErrorVariant::CustomError { .. } => Vec::new(),
            };
            (pos, positives)
        }
    }
}

/// The span of the token at `pos`: a word, a string's opening quote, or one character.
fn token_span(text: &str, pos: usize) -> Span {
    let rest = &text[pos.min(text.len())..];
    let Some(c) = rest.chars().next() else {
        return Span::new(text.len(), text.len());
    };
    if c == '\n' || c == '\r' {
        return Span::new(pos, pos);
    }
    if c.is_alphanumeric() || c == '_' {
        let len = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(rest.len());
        return Span::new(pos, pos + len);
    }
    Span::new(pos, pos + c.len_utf8())
}

/// How to name what stands at `pos` in a message.
fn describe_found(text: &str, pos: usize) -> String {
    let rest = &text[pos.min(text.len())..];
    match rest.chars().next() {
        None => "the end of the file".to_string(),
        Some('\n') | Some('\r') => "the end of the line".to_string(),
        Some('"') => "a string".to_string(),
        Some(_) => {
            let sp = token_span(text, pos);
            format!("`{}`", &text[sp.start..sp.end])
        }
    }
}

/// A human name for what the grammar expected.
fn describe_rule(rule: Rule) -> Option<String> {
    let s = match rule {
        Rule::ident | Rule::object => "a name",
        Rule::code => "a diagnostic code such as `PG0307`",
        Rule::ident_list => "a list of names",
        Rule::string | Rule::string_list | Rule::title => "a quoted string",
        Rule::date => "a date (YYYY, YYYY-MM or YYYY-MM-DD)",
        Rule::number | Rule::day => "a number",
        Rule::unit => "a unit (days, weeks, months or years)",
        Rule::limit_unit => "a unit (working days, hours, days, weeks or months)",
        Rule::stage_limit => "a time limit such as `within 5 working days`",
        Rule::stage_attended => "`attended by`",
        Rule::of_concern => "`of the concern`",
        Rule::month => "a month name",
        Rule::clause_ref | Rule::clause_number => "a clause number such as `4.1`",
        Rule::block => "`{`",
        Rule::cadence | Rule::cadence_word | Rule::schedule_word | Rule::every => {
            "a cadence such as `yearly` or `every 2 years`"
        }
        Rule::anchor | Rule::in_months | Rule::on_day | Rule::last_working_day => {
            "a date in the cycle such as `in september`"
        }
        Rule::nth => "`first`, `second`, `third`, `fourth` or `last`",
        Rule::weekday => "a day of the week such as `tuesday`",
        Rule::in_each_month => "`each month`",
        Rule::meeting_time | Rule::clock => "a time such as `at 14:00`",
        Rule::meeting_date => "a date (YYYY-MM-DD)",
        Rule::verb => "a verb",
        Rule::seat => "`chair of`, `member of` or `observer on`",
        Rule::soft => "`where possible`",
        Rule::order_dir => "`before` or `after`",
        Rule::condition_kind => "`unless` or `only if`",
        Rule::all_topics => "`all topics`",
        Rule::vague_deadline | Rule::within => "a deadline",
        Rule::EOI => "the end of the line",
        Rule::external => "`external`",
        r => {
            // A keyword rule (`kw_chair`) stands for its word.
            let name = format!("{r:?}");
            return name.strip_prefix("kw_").map(|word| format!("`{word}`"));
        }
    };
    Some(s.to_string())
}

fn describe_expected(rules: &[Rule]) -> String {
    let mut names: Vec<String> = Vec::new();
    for r in rules {
        if let Some(n) = describe_rule(*r) {
            if !names.contains(&n) {
                names.push(n);
            }
        }
    }
    match names.len() {
        0 => "something else".to_string(),
        1 => names.remove(0),
        n if n <= 5 => {
            let last = names.pop().unwrap_or_default();
            format!("{} or {last}", names.join(", "))
        }
        _ => "a property line".to_string(),
    }
}

/// The length in bytes of the first character of `text` (0 when it is empty).
pub(super) fn first_char_len(text: &str) -> usize {
    text.chars().next().map_or(0, char::len_utf8)
}
