//! Hover: what a name is. For a declared name (at its declaration or any use): its kind,
//! title and clause reference, what the semantic model knows of it, and for a duty who does
//! what for whom, how often and when it is next due.

use super::names::{self, Role};
use crate::analysis::Analysis;
use crate::model::{Coverage, Ref, Symbol};
use crate::source::{SourceFile, Span};
use crate::syntax::ast::{Decl, DeclKind, Item, OrderDir, SeatKind};
use crate::syntax::table;

/// What to show, and the text it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoverInfo {
    /// The name (or keyword) under the cursor.
    pub span: Span,
    /// The hover text, in Markdown.
    pub markdown: String,
}

/// The hover at byte `offset`, if the cursor is on a name, a declaration keyword or prose.
pub fn hover(analysis: &Analysis, offset: usize) -> Option<HoverInfo> {
    if let Some(occ) = names::at(analysis, offset) {
        let mut md = describe_in(analysis, occ.name, occ.duty);
        if let Role::Reference { context, expected } = occ.role {
            md.push_str(&format!("\n\n---\nUsed here as the {context}"));
            if let Some(found) = symbol_in(analysis, occ.name, occ.duty).map(|s| s.kind) {
                if !expected.contains(&found) {
                    md.push_str(&format!(
                        ", where {} is expected",
                        expected
                            .iter()
                            .map(|k| k.with_article())
                            .collect::<Vec<_>>()
                            .join(" or ")
                    ));
                }
            }
            md.push('.');
        }
        return Some(HoverInfo {
            span: occ.span,
            markdown: md,
        });
    }
    for item in analysis.items() {
        match item {
            Item::Decl(d) if !d.keyword_span.is_empty() && d.keyword_span.contains(offset) => {
                return Some(HoverInfo {
                    span: d.keyword_span,
                    markdown: describe_in(analysis, &d.name.name, d.kind == DeclKind::Duty),
                });
            }
            Item::Decl(d) if d.span.contains(offset) => {
                if let Some(h) = property_keyword(analysis, d, offset) {
                    return Some(h);
                }
            }
            Item::Prose(p) if p.keyword_span.start <= offset && offset <= p.clause.span.end => {
                let mut md = format!("**prose** clause {}", p.clause.text);
                if let Some(t) = &p.title {
                    md.push_str(&format!(" · {}", t.value));
                }
                return Some(HoverInfo {
                    span: Span::new(p.keyword_span.start, p.clause.span.end),
                    markdown: md,
                });
            }
            _ => {}
        }
    }
    None
}

/// The hover on a property's keyword: its form and what it means, from the language table.
fn property_keyword(analysis: &Analysis, d: &Decl, offset: usize) -> Option<HoverInfo> {
    let prop = d.props().iter().find(|p| p.span.contains(offset))?;
    let row = table::of(&prop.kind)?;
    let text = analysis.source.slice(prop.span);
    row.keywords.iter().find_map(|k| {
        // The keyword's words, each after any blanks.
        let mut end = 0;
        for word in k.split(' ') {
            let rest = &text[end..];
            let lead = rest.len() - rest.trim_start().len();
            if !rest[lead..].starts_with(word) {
                return None;
            }
            end += lead + word.len();
        }
        let after = text[end..].chars().next();
        if after.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            return None;
        }
        let span = Span::new(prop.span.start, prop.span.start + end);
        if !span.contains(offset) {
            return None;
        }
        let form = row
            .forms
            .iter()
            .find(|f| f.starts_with(k))
            .unwrap_or(&row.forms[0]);
        Some(HoverInfo {
            span,
            markdown: format!("**{k}** · `{form}`\n\n{}", capitalised(row.about)),
        })
    })
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect::<String>() + ".",
        None => String::new(),
    }
}

/// The phrase a reader uses for a declaration's kind (`external body` for those).
pub fn kind_phrase(analysis: &Analysis, name: &str, kind: DeclKind) -> &'static str {
    match analysis.model.body(name) {
        Some(b) if kind == DeclKind::Body && b.external => "external body",
        _ => kind.keyword(),
    }
}

/// A name with what it stands for: `` `cpb` (body: Corporate Parenting Board) ``.
fn name_with_title(analysis: &Analysis, name: &str) -> String {
    let model = &analysis.model;
    match (model.symbol(name), model.common(name)) {
        (Some(s), Some(c)) => match &c.title {
            Some(t) => format!("`{name}` ({}: {t})", s.kind.keyword()),
            None => format!("`{name}` ({})", s.kind.keyword()),
        },
        _ => format!("`{name}` (not declared)"),
    }
}

fn names_list(analysis: &Analysis, refs: &[Ref]) -> String {
    if refs.is_empty() {
        return "none".to_string();
    }
    refs.iter()
        .map(|r| name_with_title(analysis, &r.name))
        .collect::<Vec<_>>()
        .join(", ")
}

fn plain_list(refs: &[Ref]) -> String {
    refs.iter()
        .map(|r| format!("`{}`", r.name))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Source text of a span, blanks collapsed.
fn written(source: &SourceFile, span: Span) -> String {
    source
        .slice(span)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The declaration `name` names in the duties' namespace (`duty`) or the other.
fn symbol_in<'a>(analysis: &'a Analysis, name: &str, duty: bool) -> Option<&'a Symbol> {
    let model = &analysis.model;
    if duty {
        model.duty_symbols.get(name)
    } else {
        model.symbols.get(name)
    }
}

/// The full hover text for a name (a duty's only when no other declaration has it).
pub fn describe(analysis: &Analysis, name: &str) -> String {
    let duty = !analysis.model.symbols.contains_key(name)
        && analysis.model.duty_symbols.contains_key(name);
    describe_in(analysis, name, duty)
}

/// The full hover text for a name in the duties' namespace (`duty`) or the other.
pub fn describe_in(analysis: &Analysis, name: &str, duty: bool) -> String {
    let model = &analysis.model;
    let Some(symbol) = symbol_in(analysis, name, duty) else {
        return match model.broken.get(name) {
            Some(keyword) => format!(
                "**{keyword}** `{name}`\n\nThis declaration does not parse; fix it to see more."
            ),
            None if analysis.set.is_some() => {
                format!("`{name}`: no declaration of this name in the files of this folder")
            }
            None => format!("`{name}`: no declaration of this name in this file"),
        };
    };
    let mut md = format!("**{}** `{name}`", kind_phrase(analysis, name, symbol.kind));
    let mut lines: Vec<String> = Vec::new();
    let common = model.common_at(symbol.kind, symbol.index);
    if let Some(common) = common {
        if let Some(t) = &common.title {
            md.push_str(&format!(" · {t}"));
        }
        if let Some(c) = &common.clause {
            lines.push(format!("Clause {c}"));
        }
    }
    match symbol.kind {
        DeclKind::Protocol | DeclKind::Terms => {
            if let Some(p) = model.documents().find(|p| p.common.id == name) {
                if let Some(b) = &p.for_body {
                    lines.push(format!(
                        "Terms of reference for {}",
                        name_with_title(analysis, &b.name)
                    ));
                }
                if let Some(v) = &p.version {
                    lines.push(format!("Version {v}"));
                }
                if let Some(d) = &p.effective_from {
                    lines.push(format!("Effective from {d}"));
                }
                for a in &p.agreed {
                    let step = if a.in_principle {
                        "Agreed in principle by"
                    } else {
                        "Agreed by"
                    };
                    let on =
                        a.on.as_ref()
                            .map(|d| format!(" on {d}"))
                            .unwrap_or_default();
                    let rec = a
                        .recommended_by
                        .as_ref()
                        .map(|r| format!(", on the recommendation of {}", r.name))
                        .unwrap_or_default();
                    lines.push(format!("{step} {}{on}{rec}", a.by.name));
                }
                if !p.parties.is_empty() {
                    lines.push(format!("Between {}", names_list(analysis, &p.parties)));
                }
                if !p.common.under.is_empty() {
                    lines.push(format!("Under {}", p.common.under.join("; ")));
                }
                if let Some(c) = &p.review.cadence {
                    lines.push(format!("Review: {}", c.text));
                }
                if let Some(d) = p.review.next_due {
                    lines.push(format!("Next review due: {d}"));
                }
            }
        }
        DeclKind::Body => {
            if let Some(b) = model.body(name) {
                if b.party {
                    lines.push("A party to the protocol.".to_string());
                }
                if let Some(k) = &b.kind {
                    lines.push(format!("Kind: {k}"));
                }
                if let Some(p) = &b.subgroup_of {
                    lines.push(format!(
                        "Subgroup of {}",
                        name_with_title(analysis, &p.name)
                    ));
                }
                if !b.reports_to.is_empty() {
                    lines.push(format!(
                        "Reports to {}",
                        names_list(analysis, &b.reports_to)
                    ));
                }
                if !b.area.is_empty() {
                    lines.push(format!("Area: {}", b.area.join(" and ")));
                }
                if let Some(u) = &b.established_under {
                    lines.push(format!("Established under {u}"));
                }
                for s in &b.seats {
                    let classes: Vec<&str> = s.classes.iter().map(|c| c.words()).collect();
                    let classes = if classes.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", classes.join(", "))
                    };
                    lines.push(format!("{} {}{classes}", s.count, s.who));
                }
                if let Some(v) = b.vacancies {
                    lines.push(format!("Vacancies: {v}"));
                }
                if let Some(q) = &b.quorum {
                    let inc: Vec<String> = q
                        .including
                        .iter()
                        .map(|(n, w, _)| format!("{n} {w}"))
                        .collect();
                    let inc = if inc.is_empty() {
                        String::new()
                    } else {
                        format!(", including {}", inc.join(" and "))
                    };
                    lines.push(format!("Quorum: {} members{inc}", q.count));
                }
                if let Some(c) = &b.meets {
                    let least = if b.meets_at_least { "at least " } else { "" };
                    lines.push(format!("Meets {least}{}", c.text));
                }
                if let Some(m) = &b.meetings_per_year {
                    let least = if m.at_least { "at least " } else { "" };
                    lines.push(format!("Meets {least}{} times a year", m.n));
                }
                match b.public {
                    Some(true) => lines.push("Open to the public".to_string()),
                    Some(false) => lines.push("Closed to the public".to_string()),
                    None => {}
                }
            }
        }
        DeclKind::Role => {
            if let Some(r) = model.role(name) {
                for s in &r.seats {
                    let seat = match s.seat {
                        SeatKind::Chair => "Chair of",
                        SeatKind::ViceChair => "Vice chair of",
                        SeatKind::CoChair => "Co-chair of",
                        SeatKind::Member => "Member of",
                        SeatKind::Observer => "Observer on",
                        SeatKind::Attends => "Attends",
                    };
                    let classes: Vec<&str> = s.classes.iter().map(|c| c.words()).collect();
                    let classes = if classes.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", classes.join(", "))
                    };
                    lines.push(format!(
                        "{seat} {}{classes}",
                        name_with_title(analysis, &s.body.name)
                    ));
                }
                if !r.appointed_by.is_empty() {
                    lines.push(format!("Appointed by {}", plain_list(&r.appointed_by)));
                }
                if let Some(e) = &r.elected {
                    let first = if e.first_meeting {
                        " at its first meeting"
                    } else {
                        ""
                    };
                    let then = e
                        .then
                        .as_ref()
                        .map(|(c, by)| format!(", then {c} by {}", by.name))
                        .unwrap_or_default();
                    lines.push(format!("Elected by {}{first}{then}", e.by.name));
                }
                for s in &r.stands_in {
                    let when = s
                        .when
                        .as_ref()
                        .map(|w| format!(" when {w}"))
                        .unwrap_or_default();
                    lines.push(format!("Stands in for {}{when}", s.role.name));
                }
                for h in &r.holders {
                    let from = h
                        .from
                        .as_ref()
                        .map(|d| format!(" from {d}"))
                        .unwrap_or_default();
                    let until = h
                        .until
                        .as_ref()
                        .map(|d| format!(" until {d}"))
                        .unwrap_or_default();
                    lines.push(format!("Held by {}{from}{until}", h.name));
                }
            }
        }
        DeclKind::Topic => {
            if let Some(t) = model.topics.get(symbol.index) {
                if !t.statutes.is_empty() {
                    lines.push(format!("Statute: {}", t.statutes.join("; ")));
                }
                if !t.indicators.is_empty() {
                    lines.push(format!("Indicators: {}", t.indicators.join(", ")));
                }
            }
        }
        DeclKind::Artefact => {
            if let Some(a) = model.artefacts.get(symbol.index) {
                if let Some(p) = &a.produced_by {
                    lines.push(format!(
                        "Produced by {}",
                        name_with_title(analysis, &p.name)
                    ));
                }
            }
        }
        DeclKind::Event => {
            let triggered: Vec<String> = model
                .duties
                .iter()
                .filter(|d| d.trigger.as_ref().is_some_and(|t| t.name == name))
                .map(|d| format!("`{}`", d.common.id))
                .collect();
            if !triggered.is_empty() {
                lines.push(format!("Triggers {}", triggered.join(", ")));
            }
        }
        DeclKind::Duty => {
            if let Some(d) = model.duty(name) {
                if let Some(span) = d.action_span {
                    let mut action = format!("`{}`", written(&analysis.source, span));
                    action.push_str(&format!(
                        "\n- actor: {}",
                        d.actor
                            .as_ref()
                            .map_or("not named".to_string(), |a| name_with_title(
                                analysis, &a.name
                            ))
                    ));
                    if let Some(v) = &d.verb {
                        action.push_str(&format!("\n- verb: {v}"));
                    }
                    if let Some(a) = &d.artefact {
                        let what = match a.found {
                            Some(DeclKind::Artefact) | None => "artefact",
                            Some(_) => "object",
                        };
                        action.push_str(&format!(
                            "\n- {what}: {}",
                            name_with_title(analysis, &a.name)
                        ));
                    }
                    if let (Some(t), Some(word)) = (&d.about, d.about_word) {
                        action.push_str(&format!(
                            "\n- {word}: {}",
                            name_with_title(analysis, &t.name)
                        ));
                    }
                    action.push_str(&format!(
                        "\n- recipients: {}",
                        names_list(analysis, &d.recipients)
                    ));
                    lines.push(action);
                }
                if let Some(c) = &d.cadence {
                    lines.push(format!("Schedule: {}", c.text));
                }
                if let Some(t) = &d.trigger {
                    lines.push(format!("When {}", name_with_title(analysis, &t.name)));
                }
                if let Some(r) = &d.receipt {
                    lines.push(format!("On receipt of duty `{}`", r.name));
                }
                if let Some(m) = &d.meeting {
                    let dated = if model.meeting_body(d).is_some() {
                        ""
                    } else {
                        " (its meetings are not dated)"
                    };
                    lines.push(format!("Due {}{dated}", m.text()));
                }
                if let Some(dl) = &d.deadline {
                    lines.push(format!("Deadline: {}", dl.text));
                }
                for o in &d.order {
                    let dir = match o.dir {
                        OrderDir::Before => "Before",
                        OrderDir::After => "After",
                    };
                    let soft = if o.soft { " where possible" } else { "" };
                    lines.push(format!("{dir} `{}`{soft}", o.target.name));
                }
                match &d.covers {
                    Coverage::None => {}
                    Coverage::All => lines.push("Covers all topics".to_string()),
                    Coverage::Topics(t) => lines.push(format!("Covers {}", plain_list(t))),
                }
                if let Some(due) = d.next_due {
                    lines.push(format!("**Next due: {}**", due.strftime("%A %-d %B %Y")));
                }
            }
        }
        DeclKind::Escalation => {
            if let Some(e) = model.escalations.get(symbol.index) {
                if let Some(t) = &e.trigger {
                    lines.push(format!("When {t}"));
                }
                if let Some(c) = &e.convened_by {
                    lines.push(format!(
                        "Convened by {}",
                        name_with_title(analysis, &c.name)
                    ));
                }
                if !e.attended_by.is_empty() {
                    lines.push(format!("Attended by {}", plain_list(&e.attended_by)));
                }
                for st in &e.stages {
                    let mut line = format!("Stage {}", st.number);
                    if let Some(t) = &st.title {
                        line.push_str(&format!(": {t}"));
                    }
                    if !st.participants.is_empty() {
                        line.push_str(&format!(", {}", plain_list(&st.participants)));
                    }
                    if let Some(l) = &st.limit {
                        line.push_str(&format!(", within {}", l.text()));
                    }
                    lines.push(line);
                }
            }
        }
        DeclKind::Group => {
            if let Some(g) = model.groups.get(symbol.index) {
                if !g.includes.is_empty() {
                    lines.push(format!("Includes {}", names_list(analysis, &g.includes)));
                }
                let bodies: Vec<Ref> = model.expand(&g.includes).into_iter().cloned().collect();
                if bodies.len() != g.includes.len() {
                    lines.push(format!("Stands for {}", plain_list(&bodies)));
                }
            }
        }
    }
    if let Some(common) = common {
        lines.extend(common.notes.iter().map(|n| format!("Note: {n}")));
    }
    let uses = names::uses_of(analysis, name, duty)
        .iter()
        .filter(|o| !o.is_declaration())
        .count();
    let here = if analysis.set.is_some() {
        "in the files of this folder"
    } else {
        "in this file"
    };
    lines.push(match uses {
        0 => format!("Not referred to elsewhere {here}."),
        1 => format!("Referred to once {here}."),
        n => format!("Referred to {n} times {here}."),
    });
    let declared = names::uses_of(analysis, name, duty)
        .iter()
        .filter(|o| o.is_declaration())
        .count();
    if declared > 1 {
        lines.push(format!("Declared {declared} times {here}."));
    }
    md.push_str("\n\n");
    md.push_str(&lines.join("\n\n"));
    md
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{analyse, Options};
    use crate::lsp::fixture::{analysis, at, SAMPLE};

    #[test]
    fn a_duty_shows_its_action_clause_schedule_and_next_due_date() {
        let options = Options {
            today: jiff::civil::date(2025, 1, 15),
        };
        let a = analyse(SourceFile::new("t", SAMPLE), &options);
        let h = hover(&a, at(SAMPLE, "after cpb_annual", 0, 7)).unwrap();
        assert_eq!(h.span.start, at(SAMPLE, "after cpb_annual", 0, 6));
        let md = &h.markdown;
        assert!(md.starts_with("**duty** `cpb_annual` · Annual report to the Partnership"));
        assert!(md.contains("Clause 2.1"));
        assert!(md.contains("`cpb submits annual_report to scp`"));
        assert!(md.contains("- actor: `cpb` (body: Corporate Parenting Board)"));
        assert!(md.contains("- verb: submits"));
        assert!(md.contains("- artefact: `annual_report` (artefact: Annual report)"));
        assert!(md.contains("- recipients: `scp` (body: Safeguarding Children Partnership)"));
        assert!(md.contains("Schedule: yearly in september"));
        assert!(md.contains("Covers `uasc`"));
        assert!(
            md.contains("**Next due: Tuesday 30 September 2025**"),
            "{md}"
        );
        assert!(md.contains("Used here as the ordering of duty `scp_reply`."));
    }

    #[test]
    fn an_escalation_lists_its_stages_in_order() {
        let text = "role p \"Practitioner\"\nrole m \"Manager\"\nescalation e \"E\" {\n  stage 1 \"Practitioners\" attended by p within 2 working days\n  stage 2 \"Managers\" attended by m within 48 hours of the concern\n}\n";
        let a = analysis(text);
        let h = hover(&a, at(text, "escalation e", 0, 11)).unwrap();
        let md = &h.markdown;
        let one = md.find("Stage 1: Practitioners, `p`, within 2 working days");
        let two = md.find("Stage 2: Managers, `m`, within 48 hours of the concern");
        assert!(one.is_some() && two.is_some() && one < two, "{md}");
    }

    #[test]
    fn a_passive_duty_names_its_actor_from_by() {
        let a = analysis(SAMPLE);
        let h = hover(&a, at(SAMPLE, "duty scp_reply", 0, 6)).unwrap();
        assert!(h.markdown.contains("- actor: `scp`"), "{}", h.markdown);
        assert!(h.markdown.contains("- verb: reviews"));
        assert!(h.markdown.contains("Deadline: within 28 days"));
        assert!(h.markdown.contains("After `cpb_annual`"));
        assert!(h.markdown.contains("When `serious_case`"));
    }

    #[test]
    fn every_kind_of_name_has_a_hover() {
        let a = analysis(SAMPLE);
        for (needle, head, detail) in [
            (
                "role cpb_chair",
                "**role** `cpb_chair` · Chair of the Board",
                "Chair of `cpb`",
            ),
            ("topic uasc", "**topic** `uasc`", "Statute: Children Act"),
            (
                "event serious_case",
                "**event** `serious_case`",
                "Triggers `scp_reply`",
            ),
            (
                "escalation disputes",
                "**escalation** `disputes` · Disputes",
                "Convened by `cpb_chair`",
            ),
            (
                "artefact annual_report",
                "**artefact** `annual_report`",
                "Produced by `cpb`",
            ),
            ("protocol cpb_scp", "**protocol** `cpb_scp`", "Version 1.0"),
            ("body cpb", "**body** `cpb`", "Reports to `scp`"),
        ] {
            let off = at(SAMPLE, needle, 0, needle.len() - 1);
            let h = hover(&a, off).unwrap();
            assert!(h.markdown.starts_with(head), "{needle}: {}", h.markdown);
            assert!(h.markdown.contains(detail), "{needle}: {}", h.markdown);
        }
    }

    #[test]
    fn keywords_prose_unknown_and_misused_names() {
        let a = analysis(SAMPLE);
        let h = hover(&a, at(SAMPLE, "topic uasc", 0, 1)).unwrap();
        assert!(h.markdown.starts_with("**topic** `uasc`"));
        let h = hover(&a, at(SAMPLE, "prose 1.1", 0, 7)).unwrap();
        assert_eq!(h.markdown, "**prose** clause 1.1 · Purpose");
        let text = "body a {\n  reports to nobody\n}\ntopic t\nbody b {\n  reports to t\n}\n";
        let b = analysis(text);
        let h = hover(&b, at(text, "nobody", 0, 2)).unwrap();
        assert!(h.markdown.starts_with("`nobody`: no declaration"));
        let h = hover(&b, at(text, "to t", 0, 3)).unwrap();
        assert!(
            h.markdown.ends_with("where a body is expected."),
            "{}",
            h.markdown
        );
        assert!(hover(&a, at(SAMPLE, "\"1.0\"", 0, 1)).is_none());
    }

    #[test]
    fn a_property_keyword_shows_its_form_and_meaning() {
        let a = analysis(SAMPLE);
        let h = hover(&a, at(SAMPLE, "convened by", 0, 10)).unwrap();
        assert_eq!(
            h.markdown,
            "**convened by** · `convened by ROLE`\n\nThe office holder who calls the meeting."
        );
        assert_eq!(a.source.slice(h.span), "convened by");
        let h = hover(&a, at(SAMPLE, "chair of cpb", 0, 2)).unwrap();
        assert!(
            h.markdown.starts_with("**chair of** · `chair of BODY`"),
            "{}",
            h.markdown
        );
    }
}
