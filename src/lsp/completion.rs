//! Completion: declaration keywords at the start of a line outside blocks, the properties a
//! declaration takes at the start of a line inside its block, and declared names where a
//! name is expected, filtered by the kind the slot takes (bodies after `reports to`, roles
//! after `attended by`, topics after `covers`, duties after `before`, events after `when`…).
//!
//! The line being typed rarely parses, so the context is read from the text before the
//! cursor; the names come from the analysis of the whole file, or of the whole set for a
//! file of a set ([`complete_with`]).

use super::names;
use super::symbols::symbol_kind;
use crate::analysis::Analysis;
use crate::source::floor_char_boundary;
use crate::syntax::ast::DeclKind;
use crate::syntax::lexer::{Lexeme, Lexer};
use crate::syntax::table::{self, Value};
use crate::syntax::vocab;
use lsp_types::{CompletionItem, CompletionItemKind, SymbolKind};

/// Where the cursor stands, as far as completion cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Outside any block.
    TopLevel,
    /// Inside the block of a declaration of this kind (`None` when the kind is unknown).
    Block(Option<DeclKind>),
    /// Inside a string or a comment: nothing to complete.
    Text,
}

/// The completions at byte `offset`.
pub fn complete(analysis: &Analysis, offset: usize) -> Vec<CompletionItem> {
    complete_with(analysis, analysis, offset)
}

/// The completions at byte `offset` of the file `analysis` analysed, offering the names
/// declared in `names` (the analysis of the set the file is in, or the file's own).
pub fn complete_with(analysis: &Analysis, names: &Analysis, offset: usize) -> Vec<CompletionItem> {
    let text = analysis.source.text.as_str();
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let line = analysis.source.lines.line_of(offset);
    let line_start = analysis.source.lines.line_start(line).unwrap_or(0);
    let prefix = &text[line_start.min(offset)..offset];
    let tokens = tokens(prefix);
    match place(text, offset) {
        Place::Text => Vec::new(),
        Place::TopLevel => top_level(&tokens),
        Place::Block(kind) => in_block(names, kind, &tokens),
    }
}

/// Read the text up to `offset` with the front end's lexer: strings, comments, braces, and
/// declaration keywords at the start of a line (which close any open block).
pub fn place(text: &str, offset: usize) -> Place {
    let mut depth = 0usize;
    let mut kind: Option<DeclKind> = None;
    for (lexeme, span) in Lexer::new(text) {
        if span.start >= offset {
            break;
        }
        match lexeme {
            Lexeme::Comment if span.end >= offset => return Place::Text,
            Lexeme::Str { closed } if !closed || span.end > offset => return Place::Text,
            Lexeme::Open => depth += 1,
            Lexeme::Close => depth = depth.saturating_sub(1),
            Lexeme::Keyword(word) => {
                depth = 0;
                kind = match word {
                    "external" => Some(DeclKind::Body),
                    _ => DeclKind::ALL.into_iter().find(|k| k.keyword() == word),
                };
            }
            _ => {}
        }
    }
    if depth > 0 {
        Place::Block(kind)
    } else {
        Place::TopLevel
    }
}

/// A token of the line before the cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    /// A word or number.
    Word(String),
    /// A comma.
    Comma,
    /// A string literal.
    Str,
    /// The word being typed (possibly empty).
    Partial,
}

/// Split the line before the cursor into tokens; the last is always [`Tok::Partial`].
fn tokens(prefix: &str) -> Vec<Tok> {
    let partial_len = prefix
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .count();
    let done = &prefix[..prefix.len() - partial_len];
    let mut out = Vec::new();
    let mut chars = done.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if d.is_ascii_alphanumeric() || d == '_' || d == '-' {
                    end = j + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            out.push(Tok::Word(done[i..end].to_string()));
        } else if c == ',' {
            out.push(Tok::Comma);
        } else if c == '"' {
            let mut escaped = false;
            for (_, d) in chars.by_ref() {
                if escaped {
                    escaped = false;
                } else if d == '\\' {
                    escaped = true;
                } else if d == '"' {
                    break;
                }
            }
            out.push(Tok::Str);
        } else if c == '{' || c == '}' || c == ';' {
            out.clear();
        }
    }
    out.push(Tok::Partial);
    out
}

fn words(tokens: &[Tok]) -> Vec<&str> {
    tokens
        .iter()
        .filter_map(|t| match t {
            Tok::Word(w) => Some(w.as_str()),
            _ => None,
        })
        .collect()
}

fn keyword(label: &str, detail: &str, insert: &str, order: usize) -> CompletionItem {
    CompletionItem {
        label: label.to_string(),
        kind: Some(CompletionItemKind::KEYWORD),
        detail: (!detail.is_empty()).then(|| detail.to_string()),
        insert_text: (insert != label).then(|| insert.to_string()),
        sort_text: Some(format!("1{order:04}")),
        ..CompletionItem::default()
    }
}

fn top_level(tokens: &[Tok]) -> Vec<CompletionItem> {
    match words(tokens).as_slice() {
        [] if tokens.len() == 1 => {
            let mut out: Vec<CompletionItem> = vocab::DECL_KEYWORDS
                .iter()
                .enumerate()
                .map(|(i, k)| keyword(k, decl_form(k), k, i))
                .collect();
            out.push(keyword(
                "external body",
                "external body NAME \"Title\"",
                "external body",
                out.len(),
            ));
            out
        }
        ["external"] => vec![keyword("body", "external body NAME \"Title\"", "body", 0)],
        _ => Vec::new(),
    }
}

fn decl_form(keyword: &str) -> &'static str {
    table::DECLARATIONS
        .iter()
        .find(|d| d.keyword == keyword)
        .map_or("", |d| d.form)
}

/// The keyword part of a property's form: the words before the first placeholder.
fn fixed_part(form: &str) -> String {
    form.split(' ')
        .take_while(|w| {
            w.chars()
                .all(|c| c.is_ascii_lowercase() || c == '-' || c == '_')
                && !w.is_empty()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The property keywords a declaration of `kind` takes, with their forms, in the
/// language table's order.
pub fn properties_for(kind: DeclKind) -> Vec<(&'static str, &'static str)> {
    table::properties_of(kind)
        .filter(|p| !p.keywords.is_empty())
        .flat_map(|p| p.forms.iter())
        .map(|form| (form.split(' ').next().unwrap_or(form), *form))
        .collect()
}

fn in_block(analysis: &Analysis, kind: Option<DeclKind>, tokens: &[Tok]) -> Vec<CompletionItem> {
    let w = words(tokens);
    let last_is_sep = matches!(tokens.iter().rev().nth(1), Some(Tok::Comma))
        || w.last().is_some_and(|l| *l == "and");
    // The words of a list of names after a keyword phrase: complete when at its start or
    // after a separator.
    let list_after = |n: usize| w.len() == n || (w.len() > n && last_is_sep);
    let one_after =
        |n: usize| w.len() == n && !matches!(tokens.iter().rev().nth(1), Some(Tok::Comma));
    let first = w.first().copied().unwrap_or("");
    let second = w.get(1).copied().unwrap_or("");
    if tokens.contains(&Tok::Str) {
        return Vec::new();
    }
    if w.is_empty() {
        return line_start(analysis, kind);
    }
    // Anchors: months after `in`, `on N`, `by N`, and in a list of months.
    if let Some(pos) = w.iter().rposition(|x| *x == "in") {
        let after = &w[pos + 1..];
        if after.is_empty() || (last_is_sep && after.iter().all(|x| is_month(x) || *x == "and")) {
            return months();
        }
    }
    if w.len() >= 2 {
        let (a, b) = (w[w.len() - 2], w[w.len() - 1]);
        if matches!(a, "on" | "by") && b.chars().all(|c| c.is_ascii_digit()) {
            return months();
        }
        if matches!(a, "every" | "within") && b.chars().all(|c| c.is_ascii_digit()) {
            return units();
        }
    }
    // A name slot after a property's keyword: the kinds the language table gives it.
    if let Some((p, n)) = table::starting(&w, kind) {
        match p.value {
            Value::Names(kinds) if list_after(n) => {
                let mut out = names_of(analysis, kinds);
                if p.name == table::COVERS.name && w.len() == n {
                    out.push(keyword("all topics", "covers all topics", "all topics", 0));
                }
                return out;
            }
            Value::Name(kinds) | Value::NameOn(kinds) if one_after(n) => {
                return names_of(analysis, kinds);
            }
            Value::NameOn(_) if w.len() == n + 1 => {
                return vec![keyword("on", "on DATE", "on", 0)];
            }
            Value::Name(_)
                if w.len() == n + 1
                    && [table::BEFORE.name, table::AFTER.name].contains(&p.name) =>
            {
                return vec![keyword(
                    "where possible",
                    "a soft ordering",
                    "where possible",
                    0,
                )];
            }
            _ => {}
        }
    }
    match (first, second) {
        ("every", _) if w.len() == 1 => units(),
        _ if kind == Some(DeclKind::Duty) => action(analysis, &w, last_is_sep, tokens),
        _ => Vec::new(),
    }
}

/// Completions in a duty's action line: `ACTOR VERB ARTEFACT to RECIPIENTS` or
/// `ARTEFACT PARTICIPLE to RECIPIENTS by ACTOR`.
fn action(
    analysis: &Analysis,
    w: &[&str],
    last_is_sep: bool,
    tokens: &[Tok],
) -> Vec<CompletionItem> {
    // A keyword starts a property line, unless it is also a declared name (an actor may be
    // called `review`).
    let declared = declared_names(analysis).iter().any(|d| d.0 == w[0]);
    if !declared
        && (vocab::PROPERTY_STARTS.iter().any(|(k, _)| *k == w[0])
            || vocab::CADENCE_WORDS.iter().any(|(k, _)| *k == w[0]))
    {
        return Vec::new();
    }
    if w.len() == 1 {
        return verbs();
    }
    let Some((verb, passive)) = vocab::verb(w[1]) else {
        return Vec::new();
    };
    let to = w.iter().position(|x| *x == "to");
    let last = w[w.len() - 1];
    if last == "by" {
        return names_of(analysis, table::ACTOR);
    }
    // `holds council to account for TOPIC`, `consults scp on TOPIC`, `notifies sab of X`.
    if let Some((word, kinds)) = verb.about.filter(|_| !passive) {
        if w.len() > 2 && last == word {
            return names_of(analysis, kinds);
        }
        let next = if word == "for" {
            "to account for"
        } else {
            word
        };
        return match w.len() {
            2 => names_of(analysis, verb.object),
            3 => vec![keyword(next, &format!("{next} …"), next, 0)],
            _ => Vec::new(),
        };
    }
    if let Some(to) = to {
        let after = w.len() - to - 1;
        if after == 0 || last_is_sep {
            return names_of(analysis, table::RECIPIENTS);
        }
        if passive && !matches!(tokens.iter().rev().nth(1), Some(Tok::Comma)) {
            return vec![keyword("by", "by ACTOR", "by", 0)];
        }
        return Vec::new();
    }
    match (passive, w.len()) {
        (false, 2) => names_of(analysis, verb.object),
        (false, 3) | (true, 2) => vec![keyword("to", "to RECIPIENT, …", "to", 0)],
        _ => Vec::new(),
    }
}

fn line_start(analysis: &Analysis, kind: Option<DeclKind>) -> Vec<CompletionItem> {
    let props: Vec<(&str, &str)> = match kind {
        Some(k) => properties_for(k),
        None => vocab::PROPERTY_STARTS.to_vec(),
    };
    let mut out: Vec<CompletionItem> = Vec::new();
    for (i, (k, form)) in props.iter().enumerate() {
        // A second form of the same word (`covers all topics`, `when "…"` beside `when
        // EVENT`) is labelled by its keywords, so the list shows no word twice.
        let fixed = fixed_part(form);
        let label = if out.iter().any(|o| o.label == *k) {
            fixed.as_str()
        } else {
            k
        };
        if !out.iter().any(|o| o.label == label) {
            out.push(keyword(label, form, &fixed, i));
        }
    }
    if kind == Some(DeclKind::Duty) {
        let n = out.len();
        out.extend(
            vocab::CADENCE_WORDS
                .iter()
                .enumerate()
                .map(|(i, (w, months))| {
                    keyword(w, &format!("schedule: every {months} months"), w, n + i)
                }),
        );
        // An action line starts with its actor (or, in the passive, its artefact).
        let starts: Vec<DeclKind> = table::ACTOR
            .iter()
            .chain(table::ARTEFACT)
            .copied()
            .collect();
        let mut actors = names_of(analysis, &starts);
        for a in &mut actors {
            a.sort_text = Some(format!("2{}", a.label));
        }
        out.extend(actors);
    }
    out
}

fn is_month(w: &str) -> bool {
    vocab::MONTHS.contains(&w.to_ascii_lowercase().as_str())
}

fn months() -> Vec<CompletionItem> {
    vocab::MONTHS
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let mut item = keyword(m, "month", m, i);
            item.kind = Some(CompletionItemKind::CONSTANT);
            item
        })
        .collect()
}

fn units() -> Vec<CompletionItem> {
    [
        "days", "weeks", "months", "years", "day", "week", "month", "year",
    ]
    .iter()
    .enumerate()
    .map(|(i, u)| {
        let mut item = keyword(u, "unit of time", u, i);
        item.kind = Some(CompletionItemKind::UNIT);
        item
    })
    .collect()
}

fn verbs() -> Vec<CompletionItem> {
    let mut out = Vec::new();
    for (i, v) in vocab::VERBS.iter().enumerate() {
        let what = if v.delivers {
            "delivers the artefact to its recipients"
        } else {
            "acts on the artefact"
        };
        let mut active = keyword(v.active, &format!("verb: {what}"), v.active, i);
        active.kind = Some(CompletionItemKind::OPERATOR);
        let mut passive = keyword(
            v.passive,
            &format!("passive verb: ARTEFACT {} to … by ACTOR", v.passive),
            v.passive,
            100 + i,
        );
        passive.kind = Some(CompletionItemKind::OPERATOR);
        out.push(active);
        out.push(passive);
    }
    out
}

/// The completion kind shown for a declared name.
pub fn completion_kind(kind: DeclKind) -> CompletionItemKind {
    match symbol_kind(kind) {
        SymbolKind::CLASS => CompletionItemKind::CLASS,
        SymbolKind::INTERFACE => CompletionItemKind::INTERFACE,
        SymbolKind::ENUM => CompletionItemKind::ENUM,
        SymbolKind::FILE => CompletionItemKind::FILE,
        SymbolKind::EVENT => CompletionItemKind::EVENT,
        SymbolKind::FUNCTION => CompletionItemKind::FUNCTION,
        SymbolKind::OPERATOR => CompletionItemKind::OPERATOR,
        _ => CompletionItemKind::MODULE,
    }
}

/// Declared names of the kinds a slot expects; every declared name when none is of those
/// kinds (the author may be about to declare one).
/// Every named declaration, in source order: its name, kind and title. From the syntax
/// tree, or from the model for a set (whose analysis keeps no tree).
fn declared_names(analysis: &Analysis) -> Vec<(&str, DeclKind, Option<&str>)> {
    if analysis.file.is_some() {
        return names::declared(analysis)
            .map(|d| {
                (
                    d.name.name.as_str(),
                    d.kind,
                    d.title.as_ref().map(|t| &*t.value),
                )
            })
            .collect();
    }
    let model = &analysis.model;
    let mut all: Vec<_> = model.symbols.iter().chain(&model.duty_symbols).collect();
    all.sort_by_key(|(_, s)| s.name_span.start);
    all.into_iter()
        .map(|(name, s)| {
            let title = model
                .common_at(s.kind, s.index)
                .and_then(|c| c.title.as_deref());
            (name.as_str(), s.kind, title)
        })
        .collect()
}

fn names_of(analysis: &Analysis, expects: &[DeclKind]) -> Vec<CompletionItem> {
    let all: Vec<_> = declared_names(analysis)
        .into_iter()
        .filter(|d| d.1 != DeclKind::Protocol)
        .collect();
    let mut chosen: Vec<_> = all
        .iter()
        .filter(|d| expects.contains(&d.1))
        .copied()
        .collect();
    if chosen.is_empty() {
        chosen = all;
    }
    let mut seen = std::collections::HashSet::new();
    chosen
        .into_iter()
        .filter(|d| seen.insert(d.0))
        .map(|(name, kind, title)| {
            let mut detail = super::hover::kind_phrase(analysis, name, kind).to_string();
            if let Some(t) = title {
                detail.push_str(" · ");
                detail.push_str(t);
            }
            CompletionItem {
                label: name.to_string(),
                kind: Some(completion_kind(kind)),
                detail: Some(detail),
                sort_text: Some(format!("0{name}")),
                ..CompletionItem::default()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::fixture::{analysis, SAMPLE};

    /// Labels offered at `|` in `SAMPLE` with `line` inserted after the line holding `after`.
    fn offered(after: &str, line: &str) -> Vec<String> {
        let at = SAMPLE.find(after).expect("anchor");
        let eol = SAMPLE[at..].find('\n').map_or(SAMPLE.len(), |n| at + n + 1);
        let text = format!("{}{}\n{}", &SAMPLE[..eol], line, &SAMPLE[eol..]);
        let cursor = eol + line.find('|').expect("cursor");
        let text = text.replacen('|', "", 1);
        let a = analysis(&text);
        complete(&a, cursor).into_iter().map(|i| i.label).collect()
    }

    #[test]
    fn lines_ending_in_a_lone_carriage_return_are_read_as_lines() {
        // The cursor after the duty's `clause 2.1` line, and at the start of the file's
        // last line, with every line ending in `\r`.
        for (after, line, expect, refuse) in [
            ("clause 2.1", "  |", "covers", "kind"),
            ("prose 1.1", "bo|", "body", "covers"),
        ] {
            let at = SAMPLE.find(after).expect("anchor");
            let eol = SAMPLE[at..].find('\n').map_or(SAMPLE.len(), |n| at + n + 1);
            let text = format!("{}{}\n{}", &SAMPLE[..eol], line, &SAMPLE[eol..]);
            let cursor = eol + line.find('|').expect("cursor");
            let text = text.replacen('|', "", 1).replace('\n', "\r");
            let got: Vec<String> = complete(&analysis(&text), cursor)
                .into_iter()
                .map(|i| i.label)
                .collect();
            assert!(got.contains(&expect.to_string()), "{expect}: {got:?}");
            assert!(!got.contains(&refuse.to_string()), "{refuse}: {got:?}");
        }
    }

    #[test]
    fn declaration_keywords_at_top_level() {
        let got = offered("prose 1.1", "bo|");
        assert!(got.contains(&"body".to_string()));
        assert!(got.contains(&"external body".to_string()));
        assert!(got.contains(&"duty".to_string()));
        assert!(!got.contains(&"kind".to_string()));
        assert_eq!(offered("prose 1.1", "external |"), ["body"]);
        assert!(offered("prose 1.1", "body x|").is_empty());
    }

    #[test]
    fn property_keywords_follow_the_declaration_kind() {
        let body = offered("kind committee", "  |");
        for k in ["kind", "subgroup", "reports", "meets", "clause", "note"] {
            assert!(body.contains(&k.to_string()), "{k} missing from {body:?}");
        }
        assert!(!body.contains(&"chair".to_string()));
        let role = offered("chair of cpb", "  |");
        for k in ["chair", "member", "observer", "appointed", "delegate"] {
            assert!(role.contains(&k.to_string()), "{k} missing from {role:?}");
        }
        assert!(!role.contains(&"kind".to_string()));
        let duty = offered("clause 2.1", "  |");
        for k in [
            "within", "before", "after", "when", "covers", "every", "yearly", "cpb",
        ] {
            assert!(duty.contains(&k.to_string()), "{k} missing from {duty:?}");
        }
        assert!(duty.contains(&"covers all topics".to_string()));
        let mut labels = duty.clone();
        labels.sort();
        labels.dedup();
        assert_eq!(labels.len(), duty.len(), "a label offered twice: {duty:?}");
        let esc = offered("convened by", "  |");
        for k in ["when", "convened", "attended", "others"] {
            assert!(esc.contains(&k.to_string()), "{k} missing from {esc:?}");
        }
        let protocol = offered("version \"1.0\"", "  |");
        for k in ["between", "agreed", "signed", "review", "last", "next"] {
            assert!(
                protocol.contains(&k.to_string()),
                "{k} missing from {protocol:?}"
            );
        }
    }

    #[test]
    fn names_are_filtered_by_the_kind_the_slot_takes() {
        assert_eq!(offered("kind committee", "  reports to |"), ["scp", "cpb"]);
        assert_eq!(
            offered("kind committee", "  reports to scp, |"),
            ["scp", "cpb"]
        );
        assert_eq!(
            offered("kind committee", "  subgroup of s|"),
            ["scp", "cpb"]
        );
        assert_eq!(offered("chair of cpb", "  member of |"), ["scp", "cpb"]);
        assert_eq!(
            offered("convened by", "  attended by |"),
            ["scp", "cpb", "cpb_chair"]
        );
        assert_eq!(offered("convened by", "  convened by |"), ["cpb_chair"]);
        assert_eq!(offered("version", "  signed by |"), ["cpb_chair"]);
        assert_eq!(
            offered("version", "  agreed by |"),
            ["scp", "cpb", "cpb_chair"]
        );
        assert_eq!(offered("version", "  agreed by cpb |"), ["on"]);
        assert_eq!(offered("clause 2.1", "  covers |"), ["uasc", "all topics"]);
        assert_eq!(
            offered("clause 2.1", "  before |"),
            ["cpb_annual", "scp_reply"]
        );
        assert_eq!(offered("clause 2.1", "  when |"), ["serious_case"]);
        assert_eq!(offered("version", "  between cpb and |"), ["scp", "cpb"]);
        assert!(offered("kind committee", "  reports to scp |").is_empty());
    }

    #[test]
    fn action_lines_offer_verbs_artefacts_and_recipients() {
        assert!(offered("clause 2.1", "  yearly |").is_empty());
        let verbs = offered("clause 2.1", "  cpb |");
        assert!(verbs.contains(&"submits".to_string()));
        assert!(verbs.contains(&"reported".to_string()));
        assert_eq!(offered("clause 2.1", "  cpb submits |"), ["annual_report"]);
        assert_eq!(
            offered("clause 2.1", "  cpb submits annual_report |"),
            ["to"]
        );
        assert_eq!(
            offered("clause 2.1", "  cpb submits annual_report to |"),
            ["scp", "cpb", "cpb_chair"]
        );
        assert_eq!(
            offered("clause 2.1", "  annual_report sent to scp |"),
            ["by"]
        );
        assert_eq!(
            offered("clause 2.1", "  annual_report sent to scp by |"),
            ["scp", "cpb", "cpb_chair"]
        );
    }

    #[test]
    fn meeting_lines_offer_bodies_and_deadlines_none() {
        assert_eq!(
            offered("clause 2.1", "  before each meeting of |"),
            ["scp", "cpb"]
        );
        assert_eq!(
            offered("clause 2.1", "  at each meeting of |"),
            ["scp", "cpb"]
        );
        assert_eq!(
            offered("clause 2.1", "  on receipt of |"),
            ["cpb_annual", "scp_reply"]
        );
        assert!(offered("clause 2.1", "  within |").is_empty());
        assert_eq!(
            offered("clause 2.1", "  before |"),
            ["cpb_annual", "scp_reply"]
        );
    }

    #[test]
    fn oversight_verbs_offer_what_each_takes() {
        assert_eq!(
            offered("clause 2.1", "  cpb holds |"),
            ["scp", "cpb", "cpb_chair"]
        );
        assert_eq!(
            offered("clause 2.1", "  cpb holds scp |"),
            ["to account for"]
        );
        assert_eq!(
            offered("clause 2.1", "  cpb holds scp to account for |"),
            ["uasc"]
        );
        assert_eq!(offered("clause 2.1", "  cpb consults scp |"), ["on"]);
        let scrutinised = offered("clause 2.1", "  cpb scrutinises |");
        assert!(scrutinised.contains(&"annual_report".to_string()));
        assert!(scrutinised.contains(&"uasc".to_string()));
        assert!(scrutinised.contains(&"scp".to_string()));
    }

    #[test]
    fn an_actor_named_like_a_keyword_is_offered_verbs() {
        let text = "body review \"R\"\nduty d {\n  review \n}\n";
        let a = analysis(text);
        let cursor = text.find("review \n").unwrap() + 7;
        let got: Vec<String> = complete(&a, cursor).into_iter().map(|i| i.label).collect();
        assert!(got.contains(&"submits".to_string()), "{got:?}");
    }

    #[test]
    fn months_units_and_nothing_in_strings_or_comments() {
        assert_eq!(offered("clause 2.1", "  yearly in |").len(), 12);
        assert_eq!(offered("clause 2.1", "  yearly in march and |").len(), 12);
        assert_eq!(offered("clause 2.1", "  within 28 |")[0], "days");
        assert_eq!(offered("clause 2.1", "  every |")[0], "days");
        assert!(offered("clause 2.1", "  note \"a|").is_empty());
        assert!(offered("clause 2.1", "  // a |").is_empty());
    }

    #[test]
    fn every_form_offered_reads_cleanly_in_its_declaration() {
        for kind in DeclKind::ALL {
            for p in table::properties_of(kind).filter(|p| !p.keywords.is_empty()) {
                for form in p.forms {
                    let mut line = form.to_string();
                    if !p.kinds().is_empty() {
                        line = line.replace(&table::placeholder(p.kinds()), "x");
                    }
                    let line = line
                        .replace("DATE", "2024")
                        .replace("CADENCE", "yearly")
                        .replace("N UNIT", "2 years")
                        .replace("NAME", "x")
                        .replace(" N ", " 2 ")
                        .replace(" N", " 2")
                        .replace("CLASS", "co-opted")
                        .replace('…', "x");
                    let text = format!("{} y {{\n  {line}\n}}\n", kind.keyword());
                    let parsed = crate::syntax::parse(&text);
                    assert!(
                        parsed.diagnostics.is_empty(),
                        "{text}: {:?}",
                        parsed.diagnostics
                    );
                    assert!(properties_for(kind)
                        .contains(&(fixed_part(form).split(' ').next().unwrap_or(""), *form)));
                }
            }
        }
        let event: Vec<&str> = properties_for(DeclKind::Event)
            .iter()
            .map(|(k, _)| *k)
            .collect();
        assert_eq!(event, ["clause", "note", "allow"]);
    }
}
