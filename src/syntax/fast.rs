//! A hand-written reader for the common case: one well-formed top-level item.
//!
//! It reads declarations and prose the way the grammar in `grammar/protogov.pest` does,
//! token for token, and builds the same tree with the same spans. Spaces, tabs and
//! comments are skipped exactly where the grammar skips them (between the parts of a
//! rule, so a rule that ends with an optional part also takes the blanks before it).
//!
//! It only ever answers "this item, read completely" or "not mine": anything it does not
//! implement, anything that does not parse, and anything that would produce a diagnostic
//! is left to the grammar, which reads that one item (see [`super::parse`]). So it never
//! needs to explain an error, and it can stay short.

use super::ast::*;
use super::lower::Lower;
use super::vocab;
use crate::source::Span;

const UNIT_WORDS: [&str; 8] = [
    "years", "year", "months", "month", "weeks", "week", "days", "day",
];

fn is_ident_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// Position after the blanks and comments at `p` (the grammar's implicit skip).
pub(crate) fn skip(b: &[u8], mut p: usize) -> usize {
    loop {
        match b.get(p) {
            Some(b' ' | b'\t') => p += 1,
            Some(0xEF) if b.get(p + 1) == Some(&0xBB) && b.get(p + 2) == Some(&0xBF) => p += 3,
            Some(0xC2) if b.get(p + 1) == Some(&0xA0) => p += 2,
            Some(b'/') if b.get(p + 1) == Some(&b'/') => {
                p += 2;
                while p < b.len() && b[p] != b'\n' && b[p] != b'\r' {
                    p += 1;
                }
            }
            _ => return p,
        }
    }
}

/// Position after blanks, comments and line breaks at `p`.
fn skip_lines(b: &[u8], mut p: usize) -> usize {
    loop {
        p = skip(b, p);
        match b.get(p) {
            Some(b'\n' | b'\r') => p += 1,
            _ => return p,
        }
    }
}

/// Position after blanks, comments, line breaks and `;` at `p`: what separates items
/// at the top level and lines in a block.
pub(crate) fn skip_gap(b: &[u8], mut p: usize) -> usize {
    loop {
        p = skip(b, p);
        match b.get(p) {
            Some(b'\n' | b'\r' | b';') => p += 1,
            _ => return p,
        }
    }
}

/// The end of the run of name characters (letters, digits, `_`) at `p`.
fn word_end(b: &[u8], mut p: usize) -> usize {
    while p < b.len() && is_ident_char(b[p]) {
        p += 1;
    }
    p
}

/// The end of a list rule (`x ~ (sep ~ x)*`) whose last element ends at `end`. The
/// grammar skips blanks before the repetition, and keeps them when it repeats nothing; a
/// repetition that fails after one or more rounds gives back the blanks it tried.
fn list_end(b: &[u8], elements: usize, end: usize) -> usize {
    if elements == 1 {
        skip(b, end)
    } else {
        end
    }
}

/// The reader of one item. `text` is the whole file; spans are offsets into it.
pub(crate) struct Reader<'t, 'l, 'a> {
    text: &'t str,
    b: &'t [u8],
    lower: &'l mut Lower<'a>,
}

impl<'t, 'l, 'a> Reader<'t, 'l, 'a> {
    /// A reader of `text` that converts tokens with `lower`.
    pub(crate) fn new(text: &'t str, lower: &'l mut Lower<'a>) -> Self {
        Reader {
            text,
            b: text.as_bytes(),
            lower,
        }
    }

    fn at_word(&self, p: usize) -> &'t str {
        &self.text[p..word_end(self.b, p)]
    }

    /// The keyword `word` at `p`, not followed by a name character: its end.
    fn kw(&self, p: usize, word: &str) -> Option<usize> {
        let end = p + word.len();
        if self.b.get(p..end)? == word.as_bytes()
            && !self.b.get(end).is_some_and(|c| is_ident_char(*c))
        {
            Some(end)
        } else {
            None
        }
    }

    /// A name (not a reserved word) at `p`: its end.
    fn ident(&self, p: usize) -> Option<usize> {
        let c = *self.b.get(p)?;
        if !(c.is_ascii_alphabetic() || c == b'_') {
            return None;
        }
        let end = word_end(self.b, p);
        let w = &self.text[p..end];
        if super::table::is_reserved(w) {
            return None;
        }
        Some(end)
    }

    fn ident_node(&self, p: usize) -> Option<(Ident, usize)> {
        let end = self.ident(p)?;
        Some((self.lower.ident_at(Span::new(p, end)), end))
    }

    /// A string literal at `p`: its end (after the closing quote).
    fn string(&self, p: usize) -> Option<usize> {
        if self.b.get(p) != Some(&b'"') {
            return None;
        }
        let mut i = p + 1;
        while i < self.b.len() {
            match self.b[i] {
                b'"' => return Some(i + 1),
                b'\\' => i += 2,
                _ => i += 1,
            }
        }
        None
    }

    fn string_node(&mut self, p: usize) -> Option<(Str, usize)> {
        let end = self.string(p)?;
        Some((self.lower.string_at(Span::new(p, end)), end))
    }

    /// A list separator (`,`, `, and`, `and`; line breaks may follow a comma): its end.
    fn list_sep(&self, p: usize) -> Option<usize> {
        if self.b.get(p) == Some(&b',') {
            let q = skip_lines(self.b, p + 1);
            Some(self.kw(q, "and").unwrap_or(q))
        } else {
            self.kw(p, "and")
        }
    }

    fn ident_list(&mut self, p: usize) -> Option<(Vec<Ident>, usize)> {
        let (first, mut end) = self.ident_node(p)?;
        let mut list = vec![first];
        loop {
            let q = skip(self.b, end);
            let Some(s) = self.list_sep(q) else { break };
            let r = skip_lines(self.b, s);
            let Some((id, e)) = self.ident_node(r) else {
                break;
            };
            list.push(id);
            end = e;
        }
        let end = list_end(self.b, list.len(), end);
        list.shrink_to_fit();
        Some((list, end))
    }

    fn string_list(&mut self, p: usize) -> Option<(Vec<Str>, usize)> {
        let (first, mut end) = self.string_node(p)?;
        let mut list = vec![first];
        loop {
            let q = skip(self.b, end);
            let Some(s) = self.list_sep(q) else { break };
            let r = skip_lines(self.b, s);
            if self.string(r).is_none() {
                break;
            }
            let (st, e) = self.string_node(r)?;
            list.push(st);
            end = e;
        }
        let end = list_end(self.b, list.len(), end);
        list.shrink_to_fit();
        Some((list, end))
    }

    fn digits_end(&self, mut p: usize) -> usize {
        while p < self.b.len() && self.b[p].is_ascii_digit() {
            p += 1;
        }
        p
    }

    fn not_ident_char(&self, p: usize) -> bool {
        !self.b.get(p).is_some_and(|c| is_ident_char(*c))
    }

    /// A number (digits, then no name character): its end.
    fn number(&self, p: usize) -> Option<usize> {
        let end = self.digits_end(p);
        (end > p && self.not_ident_char(end)).then_some(end)
    }

    /// A day of the month (one or two digits): its end.
    fn day(&self, p: usize) -> Option<usize> {
        let end = self.digits_end(p);
        (end > p && end - p <= 2 && self.not_ident_char(end)).then_some(end)
    }

    /// A date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`): its end.
    fn date(&self, p: usize) -> Option<usize> {
        let two = |q: usize| {
            self.b.get(q) == Some(&b'-')
                && self.b.get(q + 1).is_some_and(u8::is_ascii_digit)
                && self.b.get(q + 2).is_some_and(u8::is_ascii_digit)
        };
        if self.digits_end(p) < p + 4 {
            return None;
        }
        let mut end = p + 4;
        if two(end) {
            end += 3;
            if two(end) {
                end += 3;
            }
        }
        let next = self.b.get(end);
        if next.is_some_and(|c| is_ident_char(*c) || *c == b'-') {
            return None;
        }
        Some(end)
    }

    fn date_node(&self, p: usize) -> Option<(DateLit, usize)> {
        let end = self.date(p)?;
        Some((self.lower.date_at(Span::new(p, end)), end))
    }

    /// A word from `words`, in any case, not followed by a name character: its end.
    fn word_in(&self, p: usize, words: &[&str]) -> Option<usize> {
        let end = word_end(self.b, p);
        let w = &self.text[p..end];
        words
            .iter()
            .any(|m| m.eq_ignore_ascii_case(w))
            .then_some(end)
    }

    fn month_node(&self, p: usize) -> Option<(Month, usize)> {
        let end = self.word_in(p, &vocab::MONTHS)?;
        Some((self.lower.month_at(Span::new(p, end)), end))
    }

    /// `every [N] unit` at `p`.
    fn every(&self, p: usize) -> Option<(Cadence, usize)> {
        let q = skip(self.b, self.kw(p, "every")?);
        let (n, q) = match self.number(q) {
            Some(e) => (Some(self.lower.num_at(Span::new(q, e))), skip(self.b, e)),
            None => (None, q),
        };
        let end = self.word_in(q, &UNIT_WORDS)?;
        let unit = self.lower.unit_at(Span::new(q, end));
        Some((
            Cadence {
                kind: CadenceKind::Every { n, unit },
                span: Span::new(p, end),
            },
            end,
        ))
    }

    /// A cadence after `review` or `meets`: `every …` or any hyphenated word.
    fn cadence(&self, p: usize) -> Option<(Cadence, usize)> {
        if self.kw(p, "every").is_some() {
            return self.every(p);
        }
        let alpha_end = |mut q: usize| {
            while q < self.b.len() && self.b[q].is_ascii_alphabetic() {
                q += 1;
            }
            q
        };
        let mut end = alpha_end(p);
        if end == p {
            return None;
        }
        while self.b.get(end) == Some(&b'-') {
            let e = alpha_end(end + 1);
            if e == end + 1 {
                break;
            }
            end = e;
        }
        if !self.not_ident_char(end) {
            return None;
        }
        Some((self.lower.cadence_word_at(Span::new(p, end)), end))
    }

    /// The cadence a bare schedule line starts with.
    fn schedule_cadence(&self, p: usize) -> Option<(Cadence, usize)> {
        if self.kw(p, "every").is_some() {
            return self.every(p);
        }
        let mut end = p;
        while end < self.b.len() && (is_ident_char(self.b[end]) || self.b[end] == b'-') {
            end += 1;
        }
        let w = &self.text[p..end];
        // The one-word cadences a bare schedule line may start with (the grammar's
        // `schedule_word`): the plain ones and the ambiguous ones.
        let known = vocab::CADENCE_WORDS.iter().map(|(c, _)| *c);
        let ambiguous = vocab::AMBIGUOUS_CADENCE_WORDS.iter().map(|(c, ..)| *c);
        if !known.chain(ambiguous).any(|s| s.eq_ignore_ascii_case(w)) {
            return None;
        }
        Some((self.lower.cadence_word_at(Span::new(p, end)), end))
    }

    /// Where in the cycle, if an anchor starts at `p`.
    fn anchor(&self, p: usize) -> Option<(Anchor, usize)> {
        let b = self.b;
        let mut head = None;
        if let Some(q) = self.kw(p, "on").or_else(|| self.kw(p, "by")) {
            let q = skip(b, q);
            if let Some(de) = self.day(q) {
                let r = skip(b, de);
                if let Some((month, me)) = self.month_node(r) {
                    let day = self.lower.num_at(Span::new(q, de));
                    head = Some((AnchorKind::OnDay { day, month }, me));
                }
            }
        }
        if head.is_none() {
            if let Some(mut q) = self.kw(p, "on") {
                let mut ok = true;
                for w in ["the", "last", "working", "day", "of"] {
                    match self.kw(skip(b, q), w) {
                        Some(e) => q = e,
                        None => {
                            ok = false;
                            break;
                        }
                    }
                }
                if ok {
                    if let Some((month, me)) = self.month_node(skip(b, q)) {
                        head = Some((AnchorKind::LastWorkingDay { month }, me));
                    }
                }
            }
        }
        if head.is_none() {
            if let Some(q) = self.kw(p, "in") {
                if let Some((first, mut end)) = self.month_node(skip(b, q)) {
                    let mut months = vec![first];
                    while let Some((m, e)) = self
                        .list_sep(skip(b, end))
                        .and_then(|s| self.month_node(skip(b, s)))
                    {
                        months.push(m);
                        end = e;
                    }
                    let end = list_end(b, months.len(), end);
                    head = Some((AnchorKind::InMonths { months }, end));
                }
            }
        }
        if let Some((kind, e)) = head {
            let u = skip(b, e);
            let (from, end) = match self.kw(u, "from").map(|f| skip(b, f)) {
                Some(d) => match self.date_node(d) {
                    Some((date, de)) => (Some(date), de),
                    None => (None, u),
                },
                None => (None, u),
            };
            return Some((
                Anchor {
                    kind,
                    from,
                    span: Span::new(p, end),
                },
                end,
            ));
        }
        let d = skip(b, self.kw(p, "from")?);
        let (date, end) = self.date_node(d)?;
        Some((
            Anchor {
                kind: AnchorKind::FromOnly,
                from: Some(date),
                span: Span::new(p, end),
            },
            end,
        ))
    }

    /// A cadence and an optional anchor; the end includes the blanks after the cadence
    /// when no anchor follows, as the grammar's trailing optional does.
    fn cadence_anchor(
        &self,
        cadence: Option<(Cadence, usize)>,
    ) -> Option<(Cadence, Option<Box<Anchor>>, usize)> {
        let (cadence, ce) = cadence?;
        let q = skip(self.b, ce);
        match self.anchor(q) {
            Some((anchor, end)) => Some((cadence, Some(Box::new(anchor)), end)),
            None => Some((cadence, None, q)),
        }
    }

    /// `KEYWORD by NAME` after the first keyword (ending at `p`): the name.
    fn by_ident(&self, p: usize, second: &str) -> Option<(Ident, usize)> {
        let q = skip(self.b, self.kw(skip(self.b, p), second)?);
        self.ident_node(q)
    }

    /// A clause number or quoted label.
    fn clause_ref(&mut self, p: usize) -> Option<(ClauseRef, usize)> {
        if self.b.get(p).is_some_and(u8::is_ascii_digit) {
            let mut end = self.digits_end(p);
            while self.b.get(end) == Some(&b'.')
                && self.b.get(end + 1).is_some_and(u8::is_ascii_digit)
            {
                end = self.digits_end(end + 1);
            }
            if self.b.get(end).is_some_and(u8::is_ascii_alphabetic) {
                end += 1;
            }
            if !self.not_ident_char(end) {
                return None;
            }
            let sp = Span::new(p, end);
            return Some((self.lower.clause_number_at(sp, sp), end));
        }
        let (s, end) = self.string_node(p)?;
        Some((Lower::clause_label(s), end))
    }

    /// `at 14:00` (also `9.30`, `2pm`) at `p`: the clock and its end.
    fn meeting_time(&self, p: usize) -> Option<(Clock, usize)> {
        let q = skip(self.b, self.kw(p, "at")?);
        let hours = self.digits_end(q);
        if hours == q || hours - q > 2 {
            return None;
        }
        let mut end = hours;
        let mut marked = false;
        if matches!(self.b.get(end), Some(b':' | b'.'))
            && self.b.get(end + 1).is_some_and(u8::is_ascii_digit)
            && self.b.get(end + 2).is_some_and(u8::is_ascii_digit)
        {
            end += 3;
            marked = true;
        }
        if let Some(half) = self.b.get(end..end + 2) {
            if half.eq_ignore_ascii_case(b"am") || half.eq_ignore_ascii_case(b"pm") {
                end += 2;
                marked = true;
            }
        }
        if !marked || !self.not_ident_char(end) {
            return None;
        }
        let sp = Span::new(q, end);
        Some((super::lower::clock(&self.text[q..end], sp), end))
    }

    /// A list of meeting dates, each optionally `at TIME`: the dates and the list's end.
    /// An element without a time keeps the blanks after it, as the grammar's optional
    /// time does.
    fn meeting_dates(&self, p: usize) -> Option<(Vec<MeetingDate>, usize)> {
        let mut days = Vec::new();
        let mut q = p;
        let mut end;
        loop {
            let (date, e) = self.date_node(q)?;
            let after = skip(self.b, e);
            let (time, e) = match self.meeting_time(after) {
                Some((t, e)) => (Some(t), e),
                None => (None, after),
            };
            days.push(MeetingDate { date, time });
            end = e;
            let r = skip(self.b, end);
            let Some(s) = self.list_sep(r) else { break };
            let next = skip_lines(self.b, s);
            if self.date(next).is_none() {
                break;
            }
            q = next;
        }
        let end = list_end(self.b, days.len(), end);
        days.shrink_to_fit();
        Some((days, end))
    }

    /// `on the second tuesday of january, april … [from DATE] [at TIME]` at `p`.
    fn meeting_rule(&self, p: usize) -> Option<(MeetingRule, usize)> {
        let b = self.b;
        let q = skip(b, self.kw(p, "on")?);
        let q = skip(b, self.kw(q, "the")?);
        let ne = self.word_in(q, &["first", "second", "third", "fourth", "last"])?;
        let nth = Nth::from_word(&self.text[q..ne])?;
        let q = skip(b, ne);
        let we = self.word_in(q, &vocab::WEEKDAYS)?;
        let weekday = vocab::weekday(&self.text[q..we])?;
        let q = skip(b, self.kw(skip(b, we), "of")?);
        let mut months = Vec::new();
        let mut end;
        if let Some(e) = self.kw(q, "each").or_else(|| self.kw(q, "every")) {
            end = self.kw(skip(b, e), "month")?;
        } else {
            let (m, e) = self.month_node(q)?;
            months.push(m);
            end = e;
            loop {
                let r = skip(b, end);
                let Some(s) = self.list_sep(r) else { break };
                let Some((m, e)) = self.month_node(skip_lines(b, s)) else {
                    break;
                };
                months.push(m);
                end = e;
            }
        }
        // The optional `from DATE` and `at TIME` keep the blanks before them.
        end = skip(b, end);
        let mut from = None;
        if let Some(f) = self.kw(end, "from") {
            let (d, e) = self.date_node(skip(b, f))?;
            from = Some(d);
            end = skip(b, e);
        }
        let mut time = None;
        if let Some((t, e)) = self.meeting_time(end) {
            time = Some(t);
            end = e;
        }
        months.shrink_to_fit();
        Some((
            MeetingRule {
                nth,
                weekday,
                months,
                from,
                time,
            },
            end,
        ))
    }

    /// A vague deadline phrase at `p`: its end.
    fn vague(&self, p: usize) -> Option<usize> {
        let seq = |mut q: usize, words: &[&str]| {
            for (i, w) in words.iter().enumerate() {
                if i > 0 {
                    q = skip(self.b, q);
                }
                q = self.kw(q, w)?;
            }
            Some(q)
        };
        if let Some(q) = self.kw(p, "in") {
            let mut q = skip(self.b, q);
            if let Some(a) = self.kw(q, "a") {
                q = skip(self.b, a);
            }
            return seq(q, &["timely", "manner"]);
        }
        seq(p, &["as", "soon", "as", "possible"])
            .or_else(|| seq(p, &["promptly"]))
            .or_else(|| seq(p, &["without", "delay"]))
    }

    /// One property line of a block at `p`: the property and the end of its span.
    fn prop(&mut self, p: usize) -> Option<(PropKind, usize)> {
        let b = self.b;
        let w = self.at_word(p);
        let we = p + w.len();
        let a = skip(b, we);
        let out = match w {
            "clause" => {
                let (c, e) = self.clause_ref(a)?;
                (PropKind::Clause(c), e)
            }
            "note" | "version" | "delegate" | "contains" | "others" => {
                let (s, e) = self.string_node(a)?;
                // `version "…" on DATE` is left to the grammar; its optional end keeps the
                // blanks after the label.
                let e = if w == "version" { skip(b, e) } else { e };
                let kind = match w {
                    "note" => PropKind::Note(s),
                    "version" => PropKind::Version { label: s, on: None },
                    "delegate" => PropKind::Delegate(s),
                    "contains" => PropKind::Contains(s),
                    _ => PropKind::Others(s),
                };
                (kind, e)
            }
            "between" => {
                let (l, e) = self.ident_list(a)?;
                (PropKind::Between(l), e)
            }
            "allow" => {
                let (code, ce) = self.ident_node(a)?;
                let (reason, e) = self.string_node(skip(b, ce))?;
                (PropKind::Allow { code, reason }, e)
            }
            "reports" | "appointed" | "attended" => {
                let second = if w == "reports" { "to" } else { "by" };
                let q = skip(b, self.kw(a, second)?);
                let (l, e) = self.ident_list(q)?;
                let kind = match w {
                    "reports" => PropKind::ReportsTo(l),
                    "appointed" => PropKind::AppointedBy(l),
                    _ => PropKind::AttendedBy(l),
                };
                (kind, e)
            }
            "agreed" | "approved" | "signed" => {
                let (by, ie) = self.by_ident(we, "by")?;
                let t = skip(b, ie);
                let (on, end) = match self.kw(t, "on") {
                    Some(o) => {
                        let (d, de) = self.date_node(skip(b, o))?;
                        // An agreement's optional `on the recommendation of` keeps the
                        // blanks after the date.
                        let de = if w == "signed" { de } else { skip(b, de) };
                        (Some(d), de)
                    }
                    None => (None, t),
                };
                let kind = if w == "signed" {
                    PropKind::Signed { by, on }
                } else {
                    // `in principle` and `on the recommendation of` are left to the grammar.
                    PropKind::Agreed {
                        by,
                        on,
                        in_principle: false,
                        recommended_by: None,
                    }
                };
                (kind, end)
            }
            "meets" if self.kw(a, "on").is_some() => {
                let (rule, e) = self.meeting_rule(a)?;
                (PropKind::MeetsOn(rule), e)
            }
            "meetings" | "extra" => {
                let mut q = a;
                if w == "extra" {
                    q = skip(b, self.kw(a, "meetings").or_else(|| self.kw(a, "meeting"))?);
                }
                let (days, e) = self.meeting_dates(q)?;
                if w == "meetings" {
                    (PropKind::Meetings(days), e)
                } else {
                    (PropKind::ExtraMeetings(days), e)
                }
            }
            "cancelled" => {
                let (first, mut end) = self.date_node(a)?;
                let mut dates = vec![first];
                loop {
                    let q = skip(b, end);
                    let Some(s) = self.list_sep(q) else { break };
                    let Some((d, e)) = self.date_node(skip_lines(b, s)) else {
                        break;
                    };
                    dates.push(d);
                    end = e;
                }
                let end = list_end(b, dates.len(), end);
                (PropKind::Cancelled(dates), end)
            }
            "review" | "meets" => {
                let (cadence, anchor, end) = self.cadence_anchor(self.cadence(a))?;
                // `or when "…"`, `at least`, `N times a year` and `at TIME` are left to the
                // grammar; the optional `or when` of a review and `at TIME` of a meeting keep
                // the blanks after the cadence, as the grammar reads them.
                let end = skip(b, end);
                let kind = if w == "review" {
                    PropKind::Review {
                        cadence,
                        anchor,
                        or_when: None,
                    }
                } else {
                    PropKind::Meets {
                        cadence,
                        anchor,
                        at_least: false,
                        time: None,
                    }
                };
                (kind, end)
            }
            "last" => {
                let q = skip(b, self.kw(a, "reviewed")?);
                let (d, e) = self.date_node(q)?;
                (PropKind::LastReviewed(d), e)
            }
            "next" => {
                let mut q = skip(b, self.kw(a, "review")?);
                if let Some(d) = self.kw(q, "due") {
                    q = skip(b, d);
                }
                let (d, e) = self.date_node(q)?;
                (PropKind::NextReview(d), e)
            }
            "established" => {
                let (date, e) = self.date_node(a)?;
                // The optional `under "…"` keeps the blanks after the date.
                (PropKind::Established { date, under: None }, skip(b, e))
            }
            "kind" => {
                let (id, e) = self.ident_node(a)?;
                (PropKind::Kind(id), e)
            }
            "subgroup" | "produced" | "convened" => {
                let second = if w == "subgroup" { "of" } else { "by" };
                let (id, e) = self.by_ident(we, second)?;
                let kind = match w {
                    "subgroup" => PropKind::SubgroupOf(id),
                    "produced" => PropKind::ProducedBy(id),
                    _ => PropKind::ConvenedBy(id),
                };
                (kind, e)
            }
            "members" if self.b.get(a).is_some_and(u8::is_ascii_digit) => {
                let ne = self.number(a)?;
                let count = self.lower.num_at(Span::new(a, ne));
                let (who, we) = self.string_node(skip(b, ne))?;
                let (classes, e) = self.classes(we);
                (
                    PropKind::MemberSeats {
                        count,
                        who,
                        classes,
                    },
                    e,
                )
            }
            "quorum" => {
                // `including …` is left to the grammar.
                let ne = self.number(a)?;
                let count = self.lower.num_at(Span::new(a, ne));
                let t = skip(b, ne);
                let e = match self.kw(t, "members").or_else(|| self.kw(t, "member")) {
                    Some(m) => skip(b, m),
                    None => t,
                };
                if self.kw(e, "including").is_some() {
                    return None;
                }
                let including = Vec::new();
                (PropKind::Quorum { count, including }, e)
            }
            "short" | "members" | "statute" | "indicators" | "indicator" => {
                let (l, e) = self.string_list(a)?;
                let kind = match w {
                    "short" => PropKind::Short(l),
                    "members" => PropKind::Members(l),
                    "statute" => PropKind::Statute(l),
                    _ => PropKind::Indicators(l),
                };
                (kind, e)
            }
            "chair" | "member" | "observer" => {
                let (seat, second) = match w {
                    "chair" => (SeatKind::Chair, "of"),
                    "member" => (SeatKind::Member, "of"),
                    _ => (SeatKind::Observer, "on"),
                };
                let (body, e) = self.by_ident(we, second)?;
                let (classes, e) = self.classes(e);
                (
                    PropKind::Seat {
                        seat,
                        body,
                        classes,
                    },
                    e,
                )
            }
            "covers" => {
                let all = self
                    .kw(a, "all")
                    .and_then(|q| self.kw(skip(b, q), "topics"));
                match all {
                    Some(e) => (PropKind::Covers(Covers::All), e),
                    None => {
                        let (topics, e) = self.ident_list(a)?;
                        (PropKind::Covers(Covers::Topics { topics }), e)
                    }
                }
            }
            "before" | "after" => {
                let dir = if w == "after" {
                    OrderDir::After
                } else {
                    OrderDir::Before
                };
                let (target, ie) = self.ident_node(a)?;
                let t = skip(b, ie);
                let soft_end = self
                    .kw(t, "where")
                    .and_then(|q| self.kw(skip(b, q), "possible"));
                let (soft, end) = match soft_end {
                    Some(e) => (true, e),
                    None => (false, t),
                };
                (PropKind::Order { dir, target, soft }, end)
            }
            "when" => {
                if let Some((event, e)) = self.ident_node(a) {
                    (PropKind::Trigger(Trigger::Event { event }), e)
                } else {
                    let (text, e) = self.string_node(a)?;
                    (PropKind::Trigger(Trigger::Text { text }), e)
                }
            }
            "within" => {
                let ne = self.number(a)?;
                let q = skip(b, ne);
                let ue = self.word_in(q, &UNIT_WORDS)?;
                let n = self.lower.num_at(Span::new(a, ne));
                let unit = self.lower.unit_at(Span::new(q, ue));
                (PropKind::Deadline(Deadline::Within { n, unit }), ue)
            }
            "in" | "as" | "promptly" | "without" => {
                let e = self.vague(p)?;
                let phrase = self.lower.vague_phrase_at(Span::new(p, e));
                (PropKind::Deadline(Deadline::Vague { phrase }), e)
            }
            "unless" | "only" => {
                let (kind, q) = if w == "only" {
                    (ConditionKind::OnlyIf, skip(b, self.kw(a, "if")?))
                } else {
                    (ConditionKind::Unless, a)
                };
                let (text, e) = self.string_node(q)?;
                (PropKind::Condition { kind, text }, e)
            }
            "every" => {
                let (cadence, anchor, end) = self.cadence_anchor(self.every(p))?;
                (PropKind::Schedule { cadence, anchor }, end)
            }
            _ => {
                if let Some(sched) = self.schedule_cadence(p) {
                    let (cadence, anchor, end) = self.cadence_anchor(Some(sched))?;
                    (PropKind::Schedule { cadence, anchor }, end)
                } else {
                    return self.action(p);
                }
            }
        };
        Some(out)
    }

    /// The membership classes after a seat or a count of members, `, ex officio, non-voting`,
    /// from `p` (the end of what they follow): the classes and the end of the rule. With
    /// none, the rule keeps the blanks after `p`; with some, it ends at the last.
    fn classes(&self, p: usize) -> (Vec<Class>, usize) {
        let b = self.b;
        let mut classes = Vec::new();
        let mut end = p;
        loop {
            let t = skip(b, end);
            if b.get(t) != Some(&b',') {
                break;
            }
            let u = skip(b, t + 1);
            let Some((class, e)) = self.class(u) else {
                break;
            };
            classes.push(Class {
                class,
                span: Span::new(u, e),
            });
            end = e;
        }
        if classes.is_empty() {
            end = skip(b, p);
        }
        (classes, end)
    }

    /// One membership class at `p` and its end.
    fn class(&self, p: usize) -> Option<(MemberClass, usize)> {
        let b = self.b;
        let rest = b.get(p..)?;
        let hyphenated = |w: &str| {
            let end = p + w.len();
            (rest.starts_with(w.as_bytes())
                && !b.get(end).is_some_and(|c| is_ident_char(*c) || *c == b'-'))
            .then_some(end)
        };
        if let Some(e) = hyphenated("co-opted").or_else(|| hyphenated("coopted")) {
            return Some((MemberClass::CoOpted, e));
        }
        if let Some(e) = hyphenated("non-voting").or_else(|| hyphenated("nonvoting")) {
            return Some((MemberClass::NonVoting, e));
        }
        if let Some(e) = hyphenated("voting") {
            return Some((MemberClass::Voting, e));
        }
        if let Some(q) = self.kw(p, "ex") {
            let e = self.kw(skip(b, q), "officio")?;
            return Some((MemberClass::ExOfficio, e));
        }
        let q = self.kw(p, "politically")?;
        let e = self.kw(skip(b, q), "proportionate")?;
        Some((MemberClass::PoliticallyProportionate, e))
    }

    /// An action line: `ACTOR verb ARTEFACT [to …]` or `ARTEFACT verbed to … [by ACTOR]`.
    fn action(&mut self, p: usize) -> Option<(PropKind, usize)> {
        let b = self.b;
        let (subject, se) = self.ident_node(p)?;
        let v = skip(b, se);
        let mut ve = v;
        while ve < b.len() && b[ve].is_ascii_alphabetic() {
            ve += 1;
        }
        if ve == v || !self.not_ident_char(ve) {
            return None;
        }
        // The verbs of oversight that take more after their object (`holds … to account
        // for …`, `consults … on …`) are left to the grammar.
        if vocab::any_verb(&self.text[v..ve]).is_some_and(|x| x.about.is_some()) {
            return None;
        }
        let verb = self.lower.ident_at(Span::new(v, ve));
        let a = skip(b, ve);
        let mut object = None;
        let mut recipients = Vec::new();
        let end;
        if let Some((o, oe)) = self.ident_node(a) {
            object = Some(o);
            let t = skip(b, oe);
            match self.kw(t, "to") {
                Some(k) => {
                    let (l, le) = self.ident_list(skip(b, k))?;
                    recipients = l;
                    end = le;
                }
                None => end = t,
            }
        } else if let Some(k) = self.kw(a, "to") {
            let (l, le) = self.ident_list(skip(b, k))?;
            recipients = l;
            end = le;
        } else if self.kw(a, "by").is_some() {
            end = a;
        } else {
            return None;
        }
        let t = skip(b, end);
        let (by, end) = match self.kw(t, "by") {
            Some(k) => {
                let (id, ie) = self.ident_node(skip(b, k))?;
                (Some(id), ie)
            }
            None => (None, t),
        };
        // `to account` reads so in the grammar, not as a recipient called `account`.
        if recipients.iter().any(|r| r.name.as_str() == "account") {
            return None;
        }
        // `should`, `may`, `must` and `will` are left to the grammar.
        let kind = self
            .lower
            .action_from(subject, verb, object, recipients, by, Modality::Plain);
        Some((kind, end))
    }

    /// A `{ … }` block at `p` (which holds `{`): the block and its end.
    fn block(&mut self, kind: DeclKind, p: usize) -> Option<(Block, usize)> {
        let b = self.b;
        let mut q = skip_gap(b, p + 1);
        // Lines are gathered in a list kept between blocks, then moved to one of exactly
        // their number: trees of large files are held whole, so no spare room.
        let mut lines = std::mem::take(&mut self.lower.lines);
        lines.clear();
        loop {
            match b.get(q) {
                None => return None,
                Some(b'}') => break,
                Some(_) => {}
            }
            if vocab::DECL_KEYWORDS.contains(&self.at_word(q)) {
                return None;
            }
            let (prop, e) = self.prop(q)?;
            lines.push(Prop {
                kind: prop,
                span: Span::new(q, e),
            });
            let t = skip(b, e);
            match b.get(t) {
                Some(b'\n' | b'\r' | b';') => q = skip_gap(b, t),
                Some(b'}') => q = t,
                _ => return None,
            }
        }
        self.lower.validate_block(kind, &lines);
        let mut props = Vec::with_capacity(lines.len());
        props.append(&mut lines);
        self.lower.lines = lines;
        Some((
            Block {
                props,
                span: Span::new(p, q + 1),
            },
            q + 1,
        ))
    }

    /// The end of an item whose parts end at `p`: the grammar's `decl_end` after blanks.
    fn item_end(&self, p: usize) -> Option<usize> {
        let q = skip(self.b, p);
        match self.b.get(q) {
            None | Some(b'\n' | b'\r' | b';') => Some(q),
            _ => None,
        }
    }

    fn prose(&mut self, start: usize, kw_end: usize) -> Option<(Item, usize)> {
        let b = self.b;
        let (clause, ce) = self.clause_ref(skip(b, kw_end))?;
        let z = skip(b, ce);
        let s1 = self.string(z)?;
        let u = skip(b, s1);
        let (title, text, end) = match self.string(u) {
            Some(s2) => {
                let title = self.lower.string_at(Span::new(z, s1));
                let text = self.lower.string_at(Span::new(u, s2));
                (Some(title), text, s2)
            }
            None => (None, self.lower.string_at(Span::new(z, s1)), s1),
        };
        let end = self.item_end(end)?;
        Some((
            Item::Prose(Prose {
                keyword_span: Span::new(start, kw_end),
                clause,
                title,
                text,
                span: Span::new(start, end),
            }),
            end,
        ))
    }

    /// Read the item at `start` (just past the blanks before it), if it is well formed:
    /// the item and where it ends. `None` leaves the item to the grammar.
    pub(crate) fn item(&mut self, start: usize) -> Option<(Item, usize)> {
        let b = self.b;
        let first = self.at_word(start);
        let mut external = false;
        let (kind, kw_end) = match first {
            "prose" => return self.prose(start, start + first.len()),
            "terms" => {
                let q = self.kw(skip(b, start + first.len()), "of")?;
                (DeclKind::Terms, self.kw(skip(b, q), "reference")?)
            }
            "external" => {
                external = true;
                let q = skip(b, start + first.len());
                (DeclKind::Body, self.kw(q, "body")?)
            }
            _ => {
                let kind = DeclKind::ALL.into_iter().find(|k| k.keyword() == first)?;
                (kind, start + first.len())
            }
        };
        let (name, ne) = self.ident_node(skip(b, kw_end))?;
        let mut q = skip(b, ne);
        let mut title = None;
        if self.b.get(q) == Some(&b'"') {
            let (s, e) = self.string_node(q)?;
            title = Some(s);
            q = skip(b, e);
        }
        let mut block = None;
        let r = skip_lines(b, q);
        if b.get(r) == Some(&b'{') {
            let (bl, e) = self.block(kind, r)?;
            block = Some(bl);
            q = e;
        }
        let end = self.item_end(q)?;
        Some((
            Item::Decl(Decl {
                kind,
                external,
                keyword_span: Span::new(start, kw_end),
                name,
                title,
                block,
                span: Span::new(start, end),
            }),
            end,
        ))
    }
}
