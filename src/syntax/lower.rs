//! Lowering: pest's pairs into the typed syntax tree, and error nodes into diagnostics.
//!
//! The grammar always succeeds: anything it cannot read becomes a `junk` item or a
//! `bad_line` property. Each of those is explained by [`super::explain`], which re-parses
//! it on its own to find exactly where and why it fails, so the diagnostic points at the
//! offending token rather than at the start of the line.

use super::ast::*;
use super::codes;
use super::explain::{self, first_char_len, reparse, starts_property, starts_timing};
use super::table;
use super::vocab;
use super::Rule;
use crate::diagnostic::{suggest, Diagnostic};
use crate::name::{Interner, Name};
use crate::source::Span;
use pest::iterators::Pair;
use std::cell::RefCell;
use std::sync::OnceLock;

/// Turns pairs into the tree, collecting diagnostics as it goes.
pub(crate) struct Lower<'a> {
    text: &'a str,
    /// Where in `text` the input of the pairs being lowered starts (0 for the whole file;
    /// more when a part of the text is parsed on its own).
    pub base: usize,
    /// Diagnostics found while lowering.
    pub diags: Vec<Diagnostic>,
    /// Every distinct name (and cadence word) read so far: each is allocated once and
    /// shared by all its uses.
    names: RefCell<Interner>,
    /// The lines of the block being read by the fast reader, kept between blocks.
    pub(crate) lines: Vec<Prop>,
}

/// True for the grammar's keyword rules (`kw_…`), found by name once from pest's rules.
fn is_kw(rule: Rule) -> bool {
    static KW: OnceLock<Vec<bool>> = OnceLock::new();
    let kw = KW.get_or_init(|| {
        let mut kw = vec![false; Rule::all_rules().len()];
        for r in Rule::all_rules() {
            if let Some(slot) = kw.get_mut(*r as usize) {
                *slot = format!("{r:?}").starts_with("kw_");
            }
        }
        kw
    });
    kw.get(rule as usize).copied().unwrap_or(false)
}

/// The children of a pair that carry content (keywords dropped).
fn kids<'i>(p: Pair<'i, Rule>) -> impl Iterator<Item = Pair<'i, Rule>> {
    p.into_inner().filter(|c| !is_kw(c.as_rule()))
}

impl<'a> Lower<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Lower {
            text,
            base: 0,
            diags: Vec::new(),
            names: RefCell::default(),
            lines: Vec::new(),
        }
    }

    /// Room for about `n` distinct names.
    pub(crate) fn reserve_names(&mut self, n: usize) {
        self.names.get_mut().reserve(n);
    }

    /// The span of a pair in the whole text.
    fn span(&self, p: &Pair<'_, Rule>) -> Span {
        let s = p.as_span();
        Span::new(self.base + s.start(), self.base + s.end())
    }

    /// Lower the items of a `file` pair, appending them to `items`.
    pub(crate) fn items(&mut self, pair: Pair<'_, Rule>, items: &mut dyn super::ItemSink) {
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::prose_decl => items.item(Item::Prose(self.prose(p))),
                Rule::junk => {
                    let sp = self.trim(self.span(&p));
                    self.diags.push(explain::junk(self.text, sp));
                    let declares = self.declared_in(sp);
                    items.item(Item::Error(ErrorNode { span: sp, declares }));
                }
                Rule::EOI => {}
                _ => items.item(Item::Decl(self.decl(p))),
            }
        }
    }

    /// Shrink a span to end at the last line holding code (not blank, not only a comment).
    fn trim(&self, sp: Span) -> Span {
        let text = &self.text[sp.start..sp.end];
        let mut end = 0;
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let code = line.split("//").next().unwrap_or("");
            if !code.trim().is_empty() {
                end = offset + code.trim_end().len();
            }
            offset += line.len();
        }
        if end == 0 {
            // Nothing but whitespace the grammar does not skip (U+2028, U+3000, …): the span
            // still covers whole characters, at least the first.
            end = match text.trim_end().len() {
                0 => first_char_len(text),
                n => n,
            };
        }
        Span::new(sp.start, sp.start + end)
    }

    /// The keyword and name at the start of broken text, if it starts like a declaration.
    fn declared_in(&self, sp: Span) -> Option<(String, Ident)> {
        let text = &self.text[sp.start..sp.end];
        let mut words = text.split_whitespace();
        let mut keyword = words.next()?;
        if keyword == "external" {
            keyword = words.next()?;
        }
        if !vocab::DECL_KEYWORDS.contains(&keyword) {
            // A misspelt keyword (`boddy cpb`) still declares its name.
            keyword = suggest(keyword, vocab::DECL_KEYWORDS.iter().copied())?;
        }
        if keyword == "prose" {
            return None;
        }
        let name = words.next()?;
        let valid = name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !valid {
            return None;
        }
        let start = sp.start + text.find(name)?;
        Some((
            keyword.to_string(),
            Ident {
                name: self.name(name),
                span: Span::new(start, start + name.len()),
            },
        ))
    }

    fn decl(&mut self, p: Pair<'_, Rule>) -> Decl {
        let kind = match p.as_rule() {
            Rule::protocol_decl => DeclKind::Protocol,
            Rule::body_decl => DeclKind::Body,
            Rule::role_decl => DeclKind::Role,
            Rule::topic_decl => DeclKind::Topic,
            Rule::artefact_decl => DeclKind::Artefact,
            Rule::event_decl => DeclKind::Event,
            Rule::duty_decl => DeclKind::Duty,
            Rule::terms_decl => DeclKind::Terms,
            Rule::group_decl => DeclKind::Group,
            _ => DeclKind::Escalation,
        };
        let whole = self.span(&p);
        let mut external = false;
        let mut keyword_end = whole.start;
        let mut name = None;
        let mut title = None;
        let mut block = None;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::external => {
                    external = true;
                    keyword_end = self.span(&c).end;
                }
                r if is_kw(r) => keyword_end = self.span(&c).end,
                Rule::ident => name = Some(self.ident(c)),
                Rule::title => title = c.into_inner().next().map(|s| self.string(s)),
                Rule::block => block = Some(self.block(kind, c)),
                _ => {}
            }
        }
        Decl {
            kind,
            external,
            keyword_span: Span::new(whole.start, keyword_end),
            name: name.unwrap_or(Ident {
                name: self.name(""),
                span: whole,
            }),
            title,
            block,
            span: whole,
        }
    }

    fn prose(&mut self, p: Pair<'_, Rule>) -> Prose {
        let whole = self.span(&p);
        let mut keyword_span = whole;
        let mut clause = None;
        let mut title = None;
        let mut text = None;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::kw_prose => keyword_span = self.span(&c),
                Rule::clause_ref => clause = Some(self.clause_ref(c)),
                Rule::title => title = c.into_inner().next().map(|s| self.string(s)),
                Rule::string => text = Some(self.string(c)),
                _ => {}
            }
        }
        Prose {
            keyword_span,
            clause: clause.unwrap_or(ClauseRef {
                text: self.name(""),
                quoted: false,
                span: whole,
            }),
            title,
            text: text.unwrap_or(Str {
                value: self.name(""),
                span: whole,
            }),
            span: whole,
        }
    }

    fn block(&mut self, kind: DeclKind, p: Pair<'_, Rule>) -> Block {
        let sp = self.span(&p);
        let mut props = Vec::new();
        for c in p.into_inner() {
            let prop = self.prop(c);
            props.push(prop);
        }
        self.validate_block(kind, &props);
        props.shrink_to_fit();
        Block { props, span: sp }
    }

    /// A membership class (`ex officio`, `co-opted`, …).
    fn class(&self, p: Pair<'_, Rule>) -> Class {
        let span = self.span(&p);
        let class = match p.into_inner().next().map(|k| k.as_rule()) {
            Some(Rule::kw_ex) => MemberClass::ExOfficio,
            Some(Rule::hyphen_co_opted) => MemberClass::CoOpted,
            Some(Rule::hyphen_non_voting) => MemberClass::NonVoting,
            Some(Rule::kw_politically) => MemberClass::PoliticallyProportionate,
            _ => MemberClass::Voting,
        };
        Class { class, span }
    }

    fn ident(&self, p: Pair<'_, Rule>) -> Ident {
        self.ident_at(self.span(&p))
    }

    /// The name written at `sp`.
    pub(crate) fn ident_at(&self, sp: Span) -> Ident {
        Ident {
            name: self.name(&self.text[sp.start..sp.end]),
            span: sp,
        }
    }

    /// The shared copy of `s`: the one made when it was first read, else a new one.
    pub(crate) fn name(&self, s: &str) -> Name {
        self.names.borrow_mut().intern(s)
    }

    fn idents(&self, p: Pair<'_, Rule>) -> Vec<Ident> {
        p.into_inner()
            .filter(|c| c.as_rule() == Rule::ident)
            .map(|c| self.ident(c))
            .collect()
    }

    fn strings(&mut self, p: Pair<'_, Rule>) -> Vec<Str> {
        p.into_inner()
            .filter(|c| c.as_rule() == Rule::string)
            .map(|c| self.string(c))
            .collect()
    }

    /// A string literal, with its escapes resolved.
    fn string(&mut self, p: Pair<'_, Rule>) -> Str {
        self.string_at(self.span(&p))
    }

    /// The string literal written at `sp` (quotes included), with its escapes resolved.
    pub(crate) fn string_at(&mut self, sp: Span) -> Str {
        let raw = &self.text[sp.start..sp.end];
        let inner = &raw[1..raw.len().saturating_sub(1).max(1)];
        if !inner.contains('\\') {
            return Str {
                value: Name::new(inner),
                span: sp,
            };
        }
        let inner_start = sp.start + 1;
        let mut value = String::with_capacity(inner.len());
        let mut chars = inner.char_indices();
        while let Some((i, c)) = chars.next() {
            if c != '\\' {
                value.push(c);
                continue;
            }
            match chars.next() {
                Some((_, '"')) => value.push('"'),
                Some((_, '\\')) => value.push('\\'),
                Some((_, 'n')) => value.push('\n'),
                Some((_, 't')) => value.push('\t'),
                Some((j, other)) => {
                    let esc = Span::new(inner_start + i, inner_start + j + other.len_utf8());
                    self.diags.push(
                        Diagnostic::new(
                            &codes::PG0010,
                            esc,
                            format!("unknown escape `\\{other}` in a string"),
                        )
                        .with_primary("not an escape the language defines")
                        .with_help("write `\\\\` for a backslash; the escapes are `\\\"`, `\\\\`, `\\n` and `\\t`"),
                    );
                    value.push(other);
                }
                None => {}
            }
        }
        Str {
            value: Name::new(&value),
            span: sp,
        }
    }

    fn clause_ref(&mut self, p: Pair<'_, Rule>) -> ClauseRef {
        let sp = self.span(&p);
        match p.into_inner().next() {
            Some(c) if c.as_rule() == Rule::string => {
                let s = self.string(c);
                ClauseRef {
                    text: s.value,
                    quoted: true,
                    span: sp,
                }
            }
            Some(c) => self.clause_number_at(self.span(&c), sp),
            None => ClauseRef {
                text: self.name(""),
                quoted: false,
                span: sp,
            },
        }
    }

    /// A clause number written at `number`, as the clause reference spanning `whole`.
    pub(crate) fn clause_number_at(&self, number: Span, whole: Span) -> ClauseRef {
        ClauseRef {
            text: Name::new(&self.text[number.start..number.end]),
            quoted: false,
            span: whole,
        }
    }

    /// A quoted clause label, from its string literal.
    pub(crate) fn clause_label(s: Str) -> ClauseRef {
        ClauseRef {
            text: s.value,
            quoted: true,
            span: s.span,
        }
    }

    fn date(&self, p: Pair<'_, Rule>) -> DateLit {
        self.date_at(self.span(&p))
    }

    /// The date written at `sp`, in any of the grammar's forms.
    pub(crate) fn date_at(&self, sp: Span) -> DateLit {
        let text = &self.text[sp.start..sp.end];
        let number = |s: &str| s.parse::<u32>().unwrap_or(0);
        if text.bytes().any(|b| b.is_ascii_alphabetic()) {
            // `3rd October 2014`, `9 January`: the day (less its ordinal), the month, the year.
            let mut words = text.split([' ', '\t', '\u{a0}']).filter(|w| !w.is_empty());
            let day = words
                .next()
                .map(|w| number(w.trim_end_matches(|c: char| c.is_ascii_alphabetic())));
            let month = words.next().and_then(|w| {
                vocab::MONTHS
                    .iter()
                    .position(|m| m.eq_ignore_ascii_case(w))
                    .map(|i| i as u32 + 1)
            });
            let year = words.next().map(|w| number(w) as i32);
            return DateLit {
                year,
                month,
                day,
                form: DateForm::Words,
                span: sp,
            };
        }
        if let Some(sep) = text.chars().find(|c| matches!(c, '.' | '/')) {
            // `03/10/2014`, `24.7.14`: day, month, year; a two-digit year is read as
            // 1969–2068, as POSIX reads one.
            let mut parts = text.split(sep);
            let day = parts.next().map(number);
            let month = parts.next().map(number);
            let y = parts.next().unwrap_or("");
            let short = y.len() == 2;
            let year = number(y) as i32;
            let year = match (short, year) {
                (true, 69..) => 1900 + year,
                (true, _) => 2000 + year,
                _ => year,
            };
            return DateLit {
                year: Some(year),
                month,
                day,
                form: if short {
                    DateForm::ShortYear
                } else {
                    DateForm::Digits
                },
                span: sp,
            };
        }
        let mut parts = text.split('-').map(number);
        DateLit {
            year: Some(parts.next().unwrap_or(0) as i32),
            month: parts.next(),
            day: parts.next(),
            form: DateForm::Iso,
            span: sp,
        }
    }

    /// A stage line of an escalation.
    fn stage(&mut self, p: Pair<'_, Rule>) -> PropKind {
        let mut number = None;
        let mut title = None;
        let mut attended_by = Vec::new();
        let mut limit = None;
        let mut when = None;
        for c in kids(p) {
            match c.as_rule() {
                Rule::number => number = Some(self.num(c)),
                Rule::title => title = kids(c).next().map(|s| self.string(s)),
                Rule::stage_attended => {
                    if let Some(l) = kids(c).find(|l| l.as_rule() == Rule::ident_list) {
                        attended_by = self.idents(l);
                    }
                }
                Rule::stage_limit => {
                    let mut n = None;
                    let mut unit = LimitUnit::Day;
                    let mut qualifier = None;
                    let mut of_concern = false;
                    for d in kids(c) {
                        match d.as_rule() {
                            Rule::of_concern => of_concern = true,
                            Rule::number => n = Some(self.num(d)),
                            Rule::limit_unit => unit = limit_unit(d.as_str()),
                            Rule::string => qualifier = Some(self.string(d)),
                            _ => {}
                        }
                    }
                    limit = n.map(|n| StageLimit {
                        n,
                        unit,
                        of_concern,
                        qualifier,
                    });
                }
                Rule::string => when = Some(self.string(c)),
                _ => {}
            }
        }
        match number {
            Some(number) => PropKind::Stage(Box::new(Stage {
                number,
                title,
                attended_by,
                limit,
                when,
            })),
            None => PropKind::Error,
        }
    }

    fn num(&self, p: Pair<'_, Rule>) -> Num {
        self.num_at(self.span(&p))
    }

    /// The number written at `sp`.
    pub(crate) fn num_at(&self, sp: Span) -> Num {
        Num {
            value: self.text[sp.start..sp.end]
                .parse::<u32>()
                .unwrap_or(u32::MAX),
            span: sp,
        }
    }

    fn unit(&self, p: Pair<'_, Rule>) -> Unit {
        self.unit_at(self.span(&p))
    }

    /// The unit of time written at `sp`.
    pub(crate) fn unit_at(&self, sp: Span) -> Unit {
        let w = self.text.as_bytes().get(sp.start..sp.end).unwrap_or(&[]);
        let starts = |prefix: &str| {
            w.get(..prefix.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(prefix.as_bytes()))
        };
        if starts("year") {
            Unit::Year
        } else if starts("month") {
            Unit::Month
        } else if starts("week") {
            Unit::Week
        } else {
            Unit::Day
        }
    }

    fn month(&self, p: Pair<'_, Rule>) -> Month {
        self.month_at(self.span(&p))
    }

    /// The month name written at `sp`.
    pub(crate) fn month_at(&self, sp: Span) -> Month {
        let w = &self.text[sp.start..sp.end];
        let month = vocab::MONTHS
            .iter()
            .position(|m| m.eq_ignore_ascii_case(w))
            .map_or(1, |i| i as u32 + 1);
        Month { month, span: sp }
    }

    /// A one-word cadence written at `sp` (`yearly`, `bi-annually`), lower-cased.
    pub(crate) fn cadence_word_at(&self, sp: Span) -> Cadence {
        let w = &self.text[sp.start..sp.end];
        let word = if w.bytes().any(|b| b.is_ascii_uppercase()) {
            self.name(&w.to_ascii_lowercase())
        } else {
            self.name(w)
        };
        Cadence {
            kind: CadenceKind::Word { word },
            span: sp,
        }
    }

    /// A vague deadline phrase written at `sp`, normalised to single spaces.
    pub(crate) fn vague_phrase_at(&self, sp: Span) -> String {
        self.text[sp.start..sp.end]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn cadence(&self, p: Pair<'_, Rule>) -> Cadence {
        let sp = self.span(&p);
        let p = if p.as_rule() == Rule::cadence {
            match p.into_inner().next() {
                Some(c) => c,
                None => {
                    return Cadence {
                        kind: CadenceKind::Word {
                            word: self.name(""),
                        },
                        span: sp,
                    }
                }
            }
        } else {
            p
        };
        let kind = if p.as_rule() == Rule::every {
            let mut n = None;
            let mut unit = Unit::Year;
            for c in kids(p) {
                match c.as_rule() {
                    Rule::number => n = Some(self.num(c)),
                    Rule::unit => unit = self.unit(c),
                    _ => {}
                }
            }
            CadenceKind::Every { n, unit }
        } else {
            return self.cadence_word_at(self.span(&p));
        };
        Cadence { kind, span: sp }
    }

    fn anchor(&self, p: Pair<'_, Rule>) -> Anchor {
        let sp = self.span(&p);
        let mut kind = AnchorKind::FromOnly;
        let mut from = None;
        for c in kids(p) {
            match c.as_rule() {
                Rule::in_months => {
                    kind = AnchorKind::InMonths {
                        months: kids(c).map(|m| self.month(m)).collect(),
                    }
                }
                Rule::on_day => {
                    let mut day = None;
                    let mut month = None;
                    for d in kids(c) {
                        match d.as_rule() {
                            Rule::day => day = Some(self.num(d)),
                            Rule::month => month = Some(self.month(d)),
                            _ => {}
                        }
                    }
                    if let (Some(day), Some(month)) = (day, month) {
                        kind = AnchorKind::OnDay { day, month };
                    }
                }
                Rule::last_working_day => {
                    if let Some(m) = kids(c).find(|m| m.as_rule() == Rule::month) {
                        kind = AnchorKind::LastWorkingDay {
                            month: self.month(m),
                        };
                    }
                }
                Rule::date => from = Some(self.date(c)),
                _ => {}
            }
        }
        Anchor {
            kind,
            from,
            span: sp,
        }
    }

    /// `on the second tuesday of january, april … [from DATE] [at TIME]`.
    fn meeting_rule(&self, p: Pair<'_, Rule>) -> PropKind {
        let mut nth = None;
        let mut weekday = None;
        let mut months = Vec::new();
        let mut from = None;
        let mut time = None;
        for c in kids(p) {
            match c.as_rule() {
                Rule::nth => nth = Nth::from_word(c.as_str().trim()),
                Rule::weekday => weekday = vocab::weekday(c.as_str()),
                Rule::month => months.push(self.month(c)),
                Rule::date => from = Some(self.date(c)),
                Rule::meeting_time => time = self.meeting_time(c),
                _ => {}
            }
        }
        match (nth, weekday) {
            (Some(nth), Some(weekday)) => PropKind::MeetsOn(MeetingRule {
                nth,
                weekday,
                months,
                from,
                time,
            }),
            _ => PropKind::Error,
        }
    }

    /// `2026-03-10 [at 10:00]`.
    fn meeting_date(&self, p: Pair<'_, Rule>) -> MeetingDate {
        let sp = self.span(&p);
        let mut date = None;
        let mut time = None;
        for c in kids(p) {
            match c.as_rule() {
                Rule::date => date = Some(self.date(c)),
                Rule::meeting_time => time = self.meeting_time(c),
                _ => {}
            }
        }
        MeetingDate {
            date: date.unwrap_or_else(|| self.date_at(sp)),
            time,
        }
    }

    /// The clock time of `at TIME`.
    fn meeting_time(&self, p: Pair<'_, Rule>) -> Option<Clock> {
        let c = kids(p).find(|c| c.as_rule() == Rule::clock)?;
        Some(clock(c.as_str(), self.span(&c)))
    }

    /// Cadence and anchor from the children of a review, meets or schedule line.
    fn cadence_anchor(&self, p: Pair<'_, Rule>) -> (Cadence, Option<Box<Anchor>>) {
        let whole = self.span(&p);
        let mut cadence = None;
        let mut anchor = None;
        for c in kids(p) {
            match c.as_rule() {
                Rule::cadence | Rule::every | Rule::cadence_word | Rule::schedule_word => {
                    cadence = Some(self.cadence(c))
                }
                Rule::anchor => anchor = Some(Box::new(self.anchor(c))),
                _ => {}
            }
        }
        let cadence = cadence.unwrap_or(Cadence {
            kind: CadenceKind::Word {
                word: self.name(""),
            },
            span: whole,
        });
        (cadence, anchor)
    }

    fn prop(&mut self, p: Pair<'_, Rule>) -> Prop {
        let sp = self.span(&p);
        let rule = p.as_rule();
        let kind = match rule {
            Rule::bad_line => {
                self.diags.push(explain::bad_line(self.text, sp));
                PropKind::Error
            }
            Rule::clause_prop => match kids(p).next() {
                Some(c) => PropKind::Clause(self.clause_ref(c)),
                None => PropKind::Error,
            },
            Rule::allow_prop => {
                let mut kids = kids(p);
                match (kids.next(), kids.next()) {
                    (Some(code), Some(reason)) => PropKind::Allow {
                        code: self.ident(code),
                        reason: self.string(reason),
                    },
                    _ => PropKind::Error,
                }
            }
            Rule::version_prop => {
                let mut label = None;
                let mut on = None;
                for c in kids(p) {
                    match c.as_rule() {
                        Rule::string => label = Some(self.string(c)),
                        Rule::date => on = Some(self.date(c)),
                        _ => {}
                    }
                }
                match label {
                    Some(label) => PropKind::Version { label, on },
                    None => PropKind::Error,
                }
            }
            Rule::note_prop | Rule::delegate_prop | Rule::contains_prop | Rule::others_prop => {
                let s = match kids(p).next() {
                    Some(c) => self.string(c),
                    None => {
                        return Prop {
                            kind: PropKind::Error,
                            span: sp,
                        }
                    }
                };
                match rule {
                    Rule::note_prop => PropKind::Note(s),
                    Rule::delegate_prop => PropKind::Delegate(s),
                    Rule::contains_prop => PropKind::Contains(s),
                    _ => PropKind::Others(s),
                }
            }
            Rule::members_prop if kids(p.clone()).any(|c| c.as_rule() == Rule::member_seats) => {
                let Some(seats) = kids(p).find(|c| c.as_rule() == Rule::member_seats) else {
                    return Prop {
                        kind: PropKind::Error,
                        span: sp,
                    };
                };
                let mut count = None;
                let mut who = None;
                let mut classes = Vec::new();
                for c in kids(seats) {
                    match c.as_rule() {
                        Rule::number => count = Some(self.num(c)),
                        Rule::string => who = Some(self.string(c)),
                        Rule::member_class => classes.push(self.class(c)),
                        _ => {}
                    }
                }
                match (count, who) {
                    (Some(count), Some(who)) => PropKind::MemberSeats {
                        count,
                        who,
                        classes,
                    },
                    _ => PropKind::Error,
                }
            }
            Rule::short_prop
            | Rule::members_prop
            | Rule::statute_prop
            | Rule::indicators_prop
            | Rule::area_prop
            | Rule::under_prop => {
                let list = match kids(p).next() {
                    Some(c) => self.strings(c),
                    None => Vec::new(),
                };
                match rule {
                    Rule::short_prop => PropKind::Short(list),
                    Rule::members_prop => PropKind::Members(list),
                    Rule::statute_prop => PropKind::Statute(list),
                    Rule::area_prop => PropKind::Area(list),
                    Rule::under_prop => PropKind::Under(list),
                    _ => PropKind::Indicators(list),
                }
            }
            Rule::vacancies_prop => match kids(p).find(|c| c.as_rule() == Rule::number) {
                Some(n) => PropKind::Vacancies(self.num(n)),
                None => PropKind::Error,
            },
            Rule::quorum_prop => {
                let mut count = None;
                let mut including = Vec::new();
                for c in kids(p) {
                    match c.as_rule() {
                        Rule::number => count = Some(self.num(c)),
                        Rule::quorum_part => {
                            let mut n = None;
                            let mut who = None;
                            for d in kids(c) {
                                match d.as_rule() {
                                    Rule::number => n = Some(self.num(d)),
                                    Rule::string => who = Some(self.string(d)),
                                    _ => {}
                                }
                            }
                            if let (Some(count), Some(who)) = (n, who) {
                                including.push(QuorumPart { count, who });
                            }
                        }
                        _ => {}
                    }
                }
                match count {
                    Some(count) => PropKind::Quorum { count, including },
                    None => PropKind::Error,
                }
            }
            Rule::public_prop => PropKind::Public(
                p.into_inner()
                    .next()
                    .is_none_or(|k| k.as_rule() != Rule::kw_closed),
            ),
            Rule::for_prop => match kids(p).find(|c| c.as_rule() == Rule::ident) {
                Some(id) => PropKind::For(self.ident(id)),
                None => PropKind::Error,
            },
            Rule::effective_prop => match kids(p).find(|c| c.as_rule() == Rule::date) {
                Some(d) => PropKind::EffectiveFrom(self.date(d)),
                None => PropKind::Error,
            },
            Rule::elected_prop => {
                let mut by = None;
                let mut first_meeting = false;
                let mut then = None;
                for c in kids(p) {
                    match c.as_rule() {
                        Rule::ident => by = Some(self.ident(c)),
                        Rule::first_meeting => first_meeting = true,
                        Rule::reelection => {
                            let mut cadence = None;
                            let mut who = None;
                            for d in kids(c) {
                                match d.as_rule() {
                                    Rule::cadence => cadence = Some(self.cadence(d)),
                                    Rule::ident => who = Some(self.ident(d)),
                                    _ => {}
                                }
                            }
                            if let (Some(cadence), Some(by)) = (cadence, who) {
                                then = Some(Reelection { cadence, by });
                            }
                        }
                        _ => {}
                    }
                }
                match by {
                    Some(by) => PropKind::Elected {
                        by,
                        first_meeting,
                        then,
                    },
                    None => PropKind::Error,
                }
            }
            Rule::stands_in_prop => {
                let mut role = None;
                let mut when = None;
                for c in kids(p) {
                    match c.as_rule() {
                        Rule::ident => role = Some(self.ident(c)),
                        Rule::string => when = Some(self.string(c)),
                        _ => {}
                    }
                }
                match role {
                    Some(role) => PropKind::StandsIn { role, when },
                    None => PropKind::Error,
                }
            }
            Rule::held_prop => {
                let mut name = None;
                let mut from = None;
                let mut until = None;
                let mut after_until = false;
                for c in p.into_inner() {
                    match c.as_rule() {
                        Rule::string => name = Some(self.string(c)),
                        Rule::kw_until => after_until = true,
                        Rule::date if after_until => until = Some(self.date(c)),
                        Rule::date => from = Some(self.date(c)),
                        _ => {}
                    }
                }
                match name {
                    Some(name) => PropKind::HeldBy { name, from, until },
                    None => PropKind::Error,
                }
            }
            Rule::ongoing_prop => PropKind::Ongoing,
            Rule::holidays_prop => {
                use crate::holidays::Region;
                let region = kids(p)
                    .find(|c| c.as_rule() == Rule::region)
                    .and_then(|r| r.into_inner().next())
                    .map(|k| k.as_rule());
                PropKind::Holidays(match region {
                    Some(Rule::kw_scotland) => Region::Scotland,
                    Some(Rule::kw_northern) => Region::NorthernIreland,
                    _ => Region::EnglandAndWales,
                })
            }
            Rule::includes_prop => match kids(p).next() {
                Some(c) => PropKind::Includes(self.idents(c)),
                None => PropKind::Error,
            },
            Rule::between_prop
            | Rule::reports_to_prop
            | Rule::appointed_prop
            | Rule::attended_prop => {
                let list = match kids(p).next() {
                    Some(c) => self.idents(c),
                    None => Vec::new(),
                };
                match rule {
                    Rule::between_prop => PropKind::Between(list),
                    Rule::reports_to_prop => PropKind::ReportsTo(list),
                    Rule::appointed_prop => PropKind::AppointedBy(list),
                    _ => PropKind::AttendedBy(list),
                }
            }
            Rule::agreed_prop | Rule::signed_prop => {
                let mut by = None;
                let mut on = None;
                let mut in_principle = false;
                let mut recommended_by = None;
                for c in kids(p) {
                    match c.as_rule() {
                        Rule::ident => by = Some(self.ident(c)),
                        Rule::date => on = Some(self.date(c)),
                        Rule::in_principle => in_principle = true,
                        Rule::recommendation => {
                            recommended_by = kids(c)
                                .find(|i| i.as_rule() == Rule::ident)
                                .map(|i| self.ident(i))
                        }
                        _ => {}
                    }
                }
                let Some(by) = by else {
                    return Prop {
                        kind: PropKind::Error,
                        span: sp,
                    };
                };
                if rule == Rule::agreed_prop {
                    PropKind::Agreed {
                        by,
                        on,
                        in_principle,
                        recommended_by,
                    }
                } else {
                    PropKind::Signed { by, on }
                }
            }
            Rule::meets_prop if kids(p.clone()).any(|c| c.as_rule() == Rule::meets_times) => {
                let mut n = None;
                let mut at_least = false;
                if let Some(t) = kids(p).find(|c| c.as_rule() == Rule::meets_times) {
                    for c in kids(t) {
                        match c.as_rule() {
                            Rule::number => n = Some(self.num(c)),
                            Rule::at_least => at_least = true,
                            _ => {}
                        }
                    }
                }
                match n {
                    Some(n) => PropKind::MeetsTimes { n, at_least },
                    None => PropKind::Error,
                }
            }
            Rule::meets_prop if kids(p.clone()).any(|c| c.as_rule() == Rule::meets_on) => {
                match kids(p).find(|c| c.as_rule() == Rule::meets_on) {
                    Some(on) => self.meeting_rule(on),
                    None => PropKind::Error,
                }
            }
            Rule::meetings_prop | Rule::extra_meeting_prop => {
                let dates: Vec<MeetingDate> = kids(p)
                    .filter(|c| c.as_rule() == Rule::meeting_date)
                    .map(|c| self.meeting_date(c))
                    .collect();
                if rule == Rule::meetings_prop {
                    PropKind::Meetings(dates)
                } else {
                    PropKind::ExtraMeetings(dates)
                }
            }
            Rule::cancelled_prop => PropKind::Cancelled(
                kids(p)
                    .filter(|c| c.as_rule() == Rule::date)
                    .map(|c| self.date(c))
                    .collect(),
            ),
            Rule::review_prop | Rule::meets_prop | Rule::schedule_prop => {
                let at_least = kids(p.clone()).any(|c| c.as_rule() == Rule::at_least);
                let or_when = kids(p.clone())
                    .find(|c| c.as_rule() == Rule::review_event)
                    .and_then(|e| kids(e).find(|c| c.as_rule() == Rule::string))
                    .map(|c| self.string(c));
                let time = kids(p.clone())
                    .find(|c| c.as_rule() == Rule::meeting_time)
                    .and_then(|t| self.meeting_time(t));
                let (cadence, anchor) = self.cadence_anchor(p);
                match rule {
                    Rule::review_prop => PropKind::Review {
                        cadence,
                        anchor,
                        or_when,
                    },
                    Rule::meets_prop => PropKind::Meets {
                        cadence,
                        anchor,
                        at_least,
                        time,
                    },
                    _ => PropKind::Schedule { cadence, anchor },
                }
            }
            Rule::established_prop => {
                let mut date = None;
                let mut under = None;
                for c in kids(p) {
                    match c.as_rule() {
                        Rule::date => date = Some(self.date(c)),
                        Rule::string => under = Some(self.string(c)),
                        _ => {}
                    }
                }
                match date {
                    Some(date) => PropKind::Established { date, under },
                    None => PropKind::Error,
                }
            }
            Rule::last_reviewed_prop | Rule::next_review_prop => {
                let Some(d) = kids(p).find(|c| c.as_rule() == Rule::date) else {
                    return Prop {
                        kind: PropKind::Error,
                        span: sp,
                    };
                };
                let d = self.date(d);
                match rule {
                    Rule::last_reviewed_prop => PropKind::LastReviewed(d),
                    _ => PropKind::NextReview(d),
                }
            }
            Rule::kind_prop | Rule::subgroup_prop | Rule::produced_prop | Rule::convened_prop => {
                let Some(id) = kids(p).find(|c| c.as_rule() == Rule::ident) else {
                    return Prop {
                        kind: PropKind::Error,
                        span: sp,
                    };
                };
                let id = self.ident(id);
                match rule {
                    Rule::kind_prop => PropKind::Kind(id),
                    Rule::subgroup_prop => PropKind::SubgroupOf(id),
                    Rule::produced_prop => PropKind::ProducedBy(id),
                    _ => PropKind::ConvenedBy(id),
                }
            }
            Rule::seat_prop => {
                let mut seat = SeatKind::Member;
                let mut body = None;
                let mut classes = Vec::new();
                for c in kids(p) {
                    match c.as_rule() {
                        Rule::seat => {
                            seat = match c.into_inner().next().map(|k| k.as_rule()) {
                                Some(Rule::kw_chair) => SeatKind::Chair,
                                Some(Rule::kw_vice | Rule::kw_deputy | Rule::hyphen_vice_chair) => {
                                    SeatKind::ViceChair
                                }
                                Some(Rule::hyphen_co_chair) => SeatKind::CoChair,
                                Some(Rule::kw_observer) => SeatKind::Observer,
                                Some(Rule::kw_attends) => SeatKind::Attends,
                                _ => SeatKind::Member,
                            }
                        }
                        Rule::ident => body = Some(self.ident(c)),
                        Rule::member_class => classes.push(self.class(c)),
                        _ => {}
                    }
                }
                match body {
                    Some(body) => PropKind::Seat {
                        seat,
                        body,
                        classes,
                    },
                    None => PropKind::Error,
                }
            }
            Rule::covers_prop => match kids(p).next() {
                Some(c) if c.as_rule() == Rule::all_topics => PropKind::Covers(Covers::All),
                Some(c) => PropKind::Covers(Covers::Topics {
                    topics: self.idents(c),
                }),
                None => PropKind::Error,
            },
            Rule::order_prop => {
                let mut dir = OrderDir::Before;
                let mut target = None;
                let mut soft = false;
                for c in kids(p) {
                    match c.as_rule() {
                        Rule::order_dir if c.as_str() == "after" => dir = OrderDir::After,
                        Rule::ident => target = Some(self.ident(c)),
                        Rule::soft => soft = true,
                        _ => {}
                    }
                }
                match target {
                    Some(target) => PropKind::Order { dir, target, soft },
                    None => PropKind::Error,
                }
            }
            Rule::trigger_prop => match kids(p).next() {
                Some(c) if c.as_rule() == Rule::ident => PropKind::Trigger(Trigger::Event {
                    event: self.ident(c),
                }),
                Some(c) => PropKind::Trigger(Trigger::Text {
                    text: self.string(c),
                }),
                None => PropKind::Error,
            },
            Rule::receipt_prop => match kids(p).next() {
                Some(c) => PropKind::Trigger(Trigger::Receipt {
                    duty: self.ident(c),
                }),
                None => PropKind::Error,
            },
            Rule::meeting_prop => {
                let mut offset = None;
                let mut body = None;
                for c in kids(p) {
                    match c.as_rule() {
                        Rule::meeting_offset => {
                            let mut n = None;
                            let mut unit = Unit::Day;
                            let mut first = None;
                            for d in c.into_inner() {
                                first.get_or_insert(d.as_rule());
                                match d.as_rule() {
                                    Rule::number => n = Some(self.num(d)),
                                    Rule::unit => unit = self.unit(d),
                                    Rule::working_days => unit = Unit::WorkingDay,
                                    _ => {}
                                }
                            }
                            offset = match (first, n) {
                                (Some(Rule::kw_at), _) => Some(MeetingOffset::At),
                                (Some(Rule::kw_before), _) => Some(MeetingOffset::Before),
                                (_, Some(n)) => Some(MeetingOffset::Within { n, unit }),
                                _ => None,
                            };
                        }
                        Rule::ident => body = Some(self.ident(c)),
                        _ => {}
                    }
                }
                match (offset, body) {
                    (Some(offset), Some(body)) => PropKind::Meeting { offset, body },
                    _ => PropKind::Error,
                }
            }
            Rule::deadline_prop => match kids(p).next() {
                Some(c) if c.as_rule() == Rule::within => {
                    let mut n = None;
                    let mut unit = Unit::Day;
                    for d in kids(c) {
                        match d.as_rule() {
                            Rule::number => n = Some(self.num(d)),
                            Rule::unit => unit = self.unit(d),
                            Rule::working_days => unit = Unit::WorkingDay,
                            _ => {}
                        }
                    }
                    match n {
                        Some(n) => PropKind::Deadline(Deadline::Within { n, unit }),
                        None => PropKind::Error,
                    }
                }
                Some(c) => PropKind::Deadline(Deadline::Vague {
                    phrase: self.vague_phrase_at(self.span(&c)),
                }),
                None => PropKind::Error,
            },
            Rule::stage_prop => self.stage(p),
            Rule::condition_prop => {
                let mut kind = ConditionKind::Unless;
                let mut text = None;
                for c in kids(p) {
                    match c.as_rule() {
                        Rule::condition_kind if c.as_str().starts_with("only") => {
                            kind = ConditionKind::OnlyIf
                        }
                        Rule::string => text = Some(self.string(c)),
                        _ => {}
                    }
                }
                match text {
                    Some(text) => PropKind::Condition { kind, text },
                    None => PropKind::Error,
                }
            }
            Rule::action_prop => self.action(p),
            _ => PropKind::Error,
        };
        Prop { kind, span: sp }
    }

    fn action(&mut self, p: Pair<'_, Rule>) -> PropKind {
        let line = self.span(&p);
        let mut subject = None;
        let mut verb = None;
        let mut object = None;
        let mut recipients = Vec::new();
        let mut by = None;
        let mut modality = Modality::Plain;
        let mut co_actors = Vec::new();
        let mut alternatives = false;
        let mut to_account = None;
        let mut each = false;
        let mut to_others = false;
        let mut about = None;
        for c in kids(p) {
            match c.as_rule() {
                Rule::co_actors => co_actors = self.idents(c),
                Rule::each_of => each = true,
                Rule::the_others => to_others = true,
                Rule::to_account => to_account = c.into_inner().nth(1).map(|k| self.ident(k)),
                Rule::about => {
                    let mut parts = c.into_inner();
                    let word = parts
                        .next()
                        .map(|k| (k.as_str().to_string(), self.span(&k)));
                    let name = parts.next().map(|k| self.ident(k));
                    about = word.zip(name);
                }
                Rule::alternatives => {
                    alternatives = true;
                    recipients = self.idents(c);
                }
                Rule::modal => {
                    modality = match c.into_inner().next().map(|k| k.as_rule()) {
                        Some(Rule::kw_should) => Modality::Should,
                        Some(Rule::kw_may) => Modality::May,
                        Some(Rule::kw_will) => Modality::Will,
                        _ => Modality::Must,
                    }
                }
                Rule::ident if subject.is_none() => subject = Some(self.ident(c)),
                Rule::ident => by = Some(self.ident(c)),
                Rule::verb => verb = Some(self.ident(c)),
                Rule::object => object = c.into_inner().next().map(|i| self.ident(i)),
                Rule::ident_list => recipients = self.idents(c),
                _ => {}
            }
        }
        let (Some(subject), Some(verb)) = (subject, verb) else {
            return PropKind::Error;
        };
        if vocab::verb(&verb.name).is_none() && starts_property(&subject.name) {
            // `yearly in juli`: a schedule that did not parse, read as an action line whose
            // actor is `yearly`. When the schedule's reading gets further than the verb,
            // explain the line as a schedule. Only timing words are taken so: a body may
            // well be called `kind` or `chair`, and `kind sumbits …` is an unknown verb.
            // Other properties only when their reading runs to the end of the line and
            // wants more there: `next review due` with no date.
            let (pos, expected) = reparse(
                Rule::single_keyword_property,
                &self.text[line.start..line.end],
            );
            let rest = self.text[(line.start + pos).min(line.end)..line.end].trim_start();
            let unfinished = rest.is_empty() || rest.starts_with("//");
            if line.start + pos > verb.span.start && (unfinished || starts_timing(&subject.name)) {
                self.diags.push(explain::syntax_error(
                    self.text,
                    line.start + pos,
                    &expected,
                ));
                return PropKind::Error;
            }
        }
        let takes = vocab::any_verb(&verb.name).and_then(|v| v.about);
        let holds = takes.is_some_and(|(word, _)| word == "for");
        if let Some(account) = &to_account {
            if !holds {
                // `to account` after another verb: a recipient called `account`.
                recipients = vec![account.clone()];
            }
        }
        if holds && to_account.is_none() && object.is_some() && vocab::verb(&verb.name).is_some() {
            let at = about.as_ref().map_or(verb.span, |((_, sp), _)| *sp);
            let found = about.as_ref().map_or("", |((w, _), _)| w.as_str());
            self.diags.push(explain::verb_form(&verb, at, found));
            return PropKind::Error;
        }
        if to_others && !each {
            self.diags
                .push(explain::others_without_each(&subject, line));
            return PropKind::Error;
        }
        if let Some(((word, sp), _)) = &about {
            if takes.is_none_or(|(w, _)| w != word) {
                self.diags.push(explain::verb_form(&verb, *sp, word));
                return PropKind::Error;
            }
        }
        let mut kind = self.action_from(subject, verb, object, recipients, by, modality);
        if let PropKind::Action(a) = &mut kind {
            a.co_actors = co_actors;
            a.alternatives = alternatives;
            a.about = about.map(|(_, name)| name);
            a.each = each;
            a.to_others = to_others;
            if a.passive && each {
                self.diags
                    .push(explain::others_without_each(&a.artefact, line));
                return PropKind::Error;
            }
        }
        kind
    }

    /// An action line from its parts: the first name, the verb, the object (if any), the
    /// recipients and the name after `by` (if any). Explains a line that reads wrongly.
    pub(crate) fn action_from(
        &mut self,
        subject: Ident,
        verb: Ident,
        object: Option<Ident>,
        recipients: Vec<Ident>,
        by: Option<Ident>,
        modality: Modality,
    ) -> PropKind {
        // After `should`, `may`, `must` or `will` the verb is in its base form (`share`);
        // the third-person form is taken too.
        // Several actors take the base form too (`scp and sab submit`).
        let known = match modality {
            Modality::Plain => {
                vocab::verb(&verb.name).or_else(|| vocab::base_verb(&verb.name).map(|v| (v, false)))
            }
            _ => vocab::base_verb(&verb.name)
                .map(|v| (v, false))
                .or_else(|| vocab::verb(&verb.name).filter(|(_, passive)| !passive)),
        };
        let Some((_, passive)) = known else {
            // A misspelt property keyword reads as an actor followed by a verb.
            let d = explain::misspelt_property(&subject.name, subject.span)
                .unwrap_or_else(|| explain::unknown_verb(&verb));
            self.diags.push(d);
            return PropKind::Error;
        };
        match (passive, object) {
            (false, Some(artefact)) => {
                if let Some(by) = &by {
                    self.diags
                        .push(explain::by_after_active(&subject, &verb, &artefact, by));
                }
                PropKind::Action(Box::new(Action {
                    actor: Some(subject),
                    verb,
                    passive: false,
                    artefact,
                    recipients,
                    modality,
                    co_actors: Vec::new(),
                    alternatives: false,
                    about: None,
                    each: false,
                    to_others: false,
                }))
            }
            (false, None) => {
                self.diags.push(explain::missing_object(&subject, &verb));
                PropKind::Error
            }
            (true, Some(object)) => {
                self.diags
                    .push(explain::passive_with_object(&subject, &verb, &object));
                PropKind::Error
            }
            (true, None) => PropKind::Action(Box::new(Action {
                actor: by,
                verb,
                passive: true,
                artefact: subject,
                recipients,
                modality,
                co_actors: Vec::new(),
                alternatives: false,
                about: None,
                each: false,
                to_others: false,
            })),
        }
    }

    /// Check which properties a kind of declaration takes, and which may appear once only.
    pub(crate) fn validate_block(&mut self, kind: DeclKind, props: &[Prop]) {
        let mut seen: Vec<(&'static str, Span)> = Vec::new();
        for prop in props {
            if matches!(prop.kind, PropKind::Error) {
                continue;
            }
            let label = prop.kind.label();
            if !allowed(kind, &prop.kind) {
                let mut d = Diagnostic::new(
                    &codes::PG0007,
                    prop.span,
                    format!("`{label}` does not belong in {}", kind.with_article()),
                )
                .with_primary(format!("not a property of {}", kind.with_article()));
                if let Some(home) = home_of(&prop.kind) {
                    d = d.with_help(format!("`{label}` belongs in {home}"));
                }
                self.diags.push(d);
                continue;
            }
            if is_single(&prop.kind) {
                if let Some((_, first)) = seen.iter().find(|(l, _)| *l == label) {
                    self.diags.push(
                        Diagnostic::new(
                            &codes::PG0011,
                            prop.span,
                            format!("`{label}` is given twice"),
                        )
                        .with_primary("second value")
                        .with_label(*first, "first value")
                        .with_help("keep one of the two lines"),
                    );
                } else {
                    seen.push((label, prop.span));
                }
            }
        }
    }
}

/// Which declaration a property belongs in, for the help line.
fn home_of(kind: &PropKind) -> Option<&'static str> {
    table::of(kind)?.decls.iter().min().map(|k| match k {
        // There is one document, so it is "the" protocol.
        DeclKind::Protocol => "the protocol",
        DeclKind::Terms => "the terms of reference",
        _ => k.with_article(),
    })
}

/// True when a declaration of `kind` takes the property.
pub fn allowed(kind: DeclKind, prop: &PropKind) -> bool {
    table::of(prop).is_none_or(|p| p.decls.contains(&kind))
}

/// True for properties that hold one value per declaration.
pub fn is_single(prop: &PropKind) -> bool {
    table::of(prop).is_some_and(|p| p.single)
}

/// The unit of a stage's limit, as the grammar's `limit_unit` reads it.
fn limit_unit(w: &str) -> LimitUnit {
    let w = w.to_ascii_lowercase();
    if w.starts_with("working") {
        LimitUnit::WorkingDay
    } else if w.starts_with("hour") {
        LimitUnit::Hour
    } else if w.starts_with("week") {
        LimitUnit::Week
    } else if w.starts_with("month") {
        LimitUnit::Month
    } else {
        LimitUnit::Day
    }
}

/// A time of day as written (`14:00`, `9.30`, `2pm`, `12.15am`), on a 24-hour clock. The
/// values are as read: an hour past 23 or a minute past 59 is left for the model to report.
pub(crate) fn clock(text: &str, span: Span) -> Clock {
    let t = text.to_ascii_lowercase();
    let (body, half) = match t.strip_suffix("am").or_else(|| t.strip_suffix("pm")) {
        Some(b) => (b, Some(t.ends_with("pm"))),
        None => (t.as_str(), None),
    };
    let (h, m) = body.split_once([':', '.']).unwrap_or((body, "0"));
    let mut hour = h.parse::<u32>().unwrap_or(u32::MAX);
    let minute = m.parse::<u32>().unwrap_or(u32::MAX);
    match half {
        // 12am is midnight, 12pm midday; 13pm is no time (left out of range).
        Some(_) if hour == 0 || hour > 12 => hour = u32::MAX,
        Some(false) if hour == 12 => hour = 0,
        Some(true) if hour < 12 => hour += 12,
        _ => {}
    }
    Clock { hour, minute, span }
}
