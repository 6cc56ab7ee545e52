//! The language table holds the rest to it: the pest grammar, the editor grammar and the
//! reference's property tables name the same keywords, the same declarations and the same
//! value shapes; the model takes in each name slot the kinds the table gives it.

use crate::common::*;
use protogov::syntax::ast::DeclKind;

/// A protocol whose `signed by` / `convened by` / `agreed by` / `attended by` name `who`,
/// with a body `board` and a role `chair` declared.
fn with_slot(line_in_protocol: &str, line_in_escalation: &str) -> Vec<String> {
    let text = format!(
        "protocol p \"P\" {{\n  between board and other\n  review every 2 years\n  next review 2027-09\n  {line_in_protocol}\n}}\n\
         body board \"Board\"\nbody other \"Other\"\nrole chair \"Chair\" {{ chair of board }}\n\
         escalation e \"E\" {{\n  when \"a dispute\"\n  {line_in_escalation}\n}}\n"
    );
    codes(&analyse_text("t.proto-gov", &text))
        .into_iter()
        .filter(|c| c.starts_with("PG01"))
        .collect()
}

#[test]
fn a_signature_is_a_role_s_and_a_meeting_is_convened_by_a_role() {
    assert_eq!(
        with_slot("signed by board", "convened by chair"),
        ["PG0103"]
    );
    assert_eq!(
        with_slot("signed by chair", "convened by board"),
        ["PG0103"]
    );
    assert!(with_slot("signed by chair", "convened by chair").is_empty());
}

#[test]
fn approvals_and_attendance_take_a_body_or_a_role() {
    for who in ["board", "chair"] {
        let agreed = format!("agreed by {who} on 2024-01-01");
        let attended = format!("attended by {who}");
        assert!(with_slot(&agreed, &attended).is_empty(), "{who}");
    }
}

#[test]
fn the_model_takes_the_kinds_the_table_gives_each_slot() {
    use protogov::syntax::table;
    // The name slot of each property, written with a name of each kind in turn: the
    // model reports a wrong kind exactly when the table says the kind does not belong.
    let names = [
        (DeclKind::Body, "board"),
        (DeclKind::Role, "chair"),
        (DeclKind::Topic, "tp"),
        (DeclKind::Artefact, "art"),
        (DeclKind::Event, "ev"),
        (DeclKind::Duty, "du"),
    ];
    let mut checked = 0;
    for p in table::properties().filter(|p| !p.kinds().is_empty()) {
        let home = p.decls[0];
        for (kind, name) in names {
            let form = p.forms[0];
            let line = form
                .replace(&table::placeholder(p.kinds()), name)
                .replace("DATE", "2024");
            let line = line.trim_end_matches(", …");
            let host = if home == DeclKind::Protocol {
                format!("protocol p2 \"P\" {{\n  {line}\n}}\n")
            } else {
                format!("{} host \"H\" {{\n  {line}\n}}\n", home.keyword())
            };
            let text = format!(
                "{host}body board \"B\"\nrole chair \"C\"\ntopic tp \"T\"\nartefact art \"A\"\nevent ev \"E\"\nduty du \"D\"\n"
            );
            let a = analyse_text("t.proto-gov", &text);
            let wrong = a
                .diagnostics
                .iter()
                .any(|d| d.code.code == "PG0103" && text[d.span.start..d.span.end] == *name);
            assert_eq!(
                wrong,
                !p.kinds().contains(&kind),
                "`{line}` in {}: {:?}",
                home.keyword(),
                codes(&a)
            );
            checked += 1;
        }
    }
    assert!(checked > 60, "{checked}");
}

/// The rules of grammar/protogov.pest: each rule's name and its text after `=`.
fn pest_rules() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(root().join("grammar/protogov.pest")).unwrap();
    let mut rules: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        let starts_rule = line
            .split_once('=')
            .filter(|(name, _)| {
                !name.trim().is_empty()
                    && !line.starts_with(' ')
                    && name
                        .trim()
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_')
            })
            .map(|(name, body)| (name.trim().to_string(), body.to_string()));
        match (starts_rule, rules.last_mut()) {
            (Some(rule), _) => rules.push(rule),
            (None, Some((_, body))) if !line.starts_with("//") => {
                body.push('\n');
                body.push_str(line);
            }
            _ => {}
        }
    }
    rules
}

fn rule_body(rules: &[(String, String)], name: &str) -> String {
    rules
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, b)| b.clone())
        .unwrap_or_else(|| panic!("the grammar has no rule `{name}`"))
}

/// The rule names a body refers to that end in `_prop`.
fn props_in(body: &str) -> std::collections::BTreeSet<String> {
    body.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| w.ends_with("_prop"))
        .map(str::to_string)
        .collect()
}

#[test]
fn the_grammar_s_keywords_and_property_rules_are_the_table_s() {
    use protogov::syntax::table;
    use std::collections::BTreeSet;
    let rules = pest_rules();
    // Every `kw_` rule is a word of a declaration keyword, of a property keyword or a
    // connective the table lists, and every such word has its rule.
    let kw: BTreeSet<String> = rules
        .iter()
        .filter_map(|(n, _)| n.strip_prefix("kw_").map(str::to_string))
        .collect();
    let words: BTreeSet<String> = table::DECL_KEYWORDS
        .iter()
        .copied()
        .chain(table::properties().flat_map(|p| p.keywords.iter().flat_map(|k| k.split(' '))))
        .chain(table::CONNECTIVES.iter().copied())
        .map(str::to_string)
        .collect();
    // A hyphenated word is read by a rule of its own, `hyphen_` and the word with `_`
    // (`co-chair`: `hyphen_co_chair`), which spells the word out.
    let (hyphenated, plain): (BTreeSet<String>, BTreeSet<String>) =
        words.into_iter().partition(|w| w.contains('-'));
    assert_eq!(
        kw, plain,
        "the grammar's `kw_` rules against the table's words"
    );
    let hyphen_rules: BTreeSet<String> = rules
        .iter()
        .filter_map(|(n, _)| n.strip_prefix("hyphen_").map(|w| w.replace('_', "-")))
        .collect();
    assert_eq!(hyphen_rules, hyphenated, "the grammar's `hyphen_` rules");
    for w in &hyphenated {
        let body = rule_body(&rules, &format!("hyphen_{}", w.replace('-', "_")));
        assert!(body.contains(&format!("\"{w}\"")), "`{w}`: {body}");
    }
    // Every `*_prop` rule reads a property of the table, and every property has its rule.
    let prop_rules: BTreeSet<String> = rules
        .iter()
        .map(|(n, _)| n.clone())
        .filter(|n| n.ends_with("_prop"))
        .collect();
    let table_rules: BTreeSet<String> = table::properties().map(|p| p.rule.to_string()).collect();
    assert_eq!(prop_rules, table_rules, "the grammar's `*_prop` rules");
    // `keyword_property` tries exactly the properties that start with a keyword.
    let keyworded: BTreeSet<String> = table::properties()
        .filter(|p| !p.keywords.is_empty())
        .map(|p| p.rule.to_string())
        .collect();
    assert_eq!(props_in(&rule_body(&rules, "keyword_property")), keyworded);
    // …and its by-letter copy tries each under the letters its keywords start with (a
    // schedule also under each cadence word's letter, in either case).
    let mut expected: BTreeSet<(char, String)> = BTreeSet::new();
    for p in table::properties() {
        for k in p.keywords {
            expected.extend(k.chars().next().map(|c| (c, p.rule.to_string())));
        }
    }
    let cadence_words = protogov::syntax::vocab::CADENCE_WORDS
        .iter()
        .map(|(w, _)| *w)
        .chain(
            protogov::syntax::vocab::AMBIGUOUS_CADENCE_WORDS
                .iter()
                .map(|(w, _, _)| *w),
        );
    for w in cadence_words {
        let c = w.chars().next().unwrap();
        expected.insert((c, table::SCHEDULE.rule.to_string()));
        expected.insert((c.to_ascii_uppercase(), table::SCHEDULE.rule.to_string()));
    }
    let mut by_letter: BTreeSet<(char, String)> = BTreeSet::new();
    for alt in rule_body(&rules, "keyword_property_by_letter").split("&") {
        let Some((letters, rest)) = alt.split_once('~') else {
            continue;
        };
        let letters: Vec<char> = letters
            .split('"')
            .skip(1)
            .step_by(2)
            .filter_map(|l| l.chars().next())
            .collect();
        for l in letters {
            for r in props_in(rest) {
                by_letter.insert((l, r));
            }
        }
    }
    assert_eq!(by_letter, expected, "keyword_property_by_letter");
}

/// The property tables of docs/language.md: for each declaration, the first cell of each
/// row of the table in its section.
fn documented(kind: DeclKind) -> Vec<String> {
    let text = std::fs::read_to_string(root().join("docs/language.md")).unwrap();
    let heading = match kind {
        DeclKind::Escalation => "## 8. Escalation".to_string(),
        k => format!("### `{}`", k.keyword()),
    };
    let start = text
        .lines()
        .position(|l| l.starts_with(&heading))
        .unwrap_or_else(|| panic!("no section `{heading}`"));
    let mut rows = Vec::new();
    let mut in_table = false;
    for line in text.lines().skip(start + 1) {
        if line.starts_with("## ") || line.starts_with("### ") {
            break;
        }
        if line.starts_with("| property |") {
            in_table = true;
            continue;
        }
        if in_table {
            match line.strip_prefix('|') {
                Some(row) if !row.starts_with(" ---") => {
                    rows.push(row.split(" | ").next().unwrap_or("").trim().to_string())
                }
                Some(_) => {}
                None => break,
            }
        }
    }
    rows
}

/// The code spans of a Markdown cell.
fn code_spans(cell: &str) -> Vec<&str> {
    cell.split('`').skip(1).step_by(2).collect()
}

#[test]
fn the_reference_documents_each_declaration_s_properties_as_the_table_has_them() {
    use protogov::syntax::table;
    let general = [table::CLAUSE.rule, table::NOTE.rule, table::ALLOW.rule];
    for kind in DeclKind::ALL {
        let rows = documented(kind);
        let spans: Vec<&str> = rows.iter().flat_map(|r| code_spans(r)).collect();
        let mut forms: Vec<&str> = Vec::new();
        for p in table::properties_of(kind).filter(|p| !general.contains(&p.rule)) {
            for form in p.forms {
                assert!(
                    spans.contains(form),
                    "docs/language.md, {}: no row says `{form}` (found {rows:?})",
                    kind.keyword()
                );
                forms.push(form);
            }
        }
        for row in &rows {
            let first = code_spans(row).first().copied().unwrap_or(row);
            assert!(
                forms.contains(&first),
                "docs/language.md, {}: the row `{row}` is no property of the table",
                kind.keyword()
            );
        }
    }
}

#[test]
fn the_reference_s_overview_lists_each_declaration_s_keywords() {
    use protogov::syntax::table;
    use std::collections::BTreeSet;
    let text = std::fs::read_to_string(root().join("docs/language.md")).unwrap();
    // Besides `clause`, `note` and `allow`; schedules and deadlines are named in words.
    let skip = [
        table::CLAUSE.rule,
        table::NOTE.rule,
        table::ALLOW.rule,
        table::SCHEDULE.rule,
        table::DEADLINE.rule,
    ];
    for kind in DeclKind::ALL {
        let row = text
            .lines()
            .find(|l| l.starts_with(&format!("| `{}`", kind.keyword())))
            .unwrap_or_else(|| panic!("no overview row for `{}`", kind.keyword()));
        let cells: Vec<&str> = row.split(" | ").collect();
        let listed: BTreeSet<&str> = code_spans(cells.get(2).copied().unwrap_or(""))
            .into_iter()
            .collect();
        let keywords: BTreeSet<&str> = table::properties_of(kind)
            .filter(|p| !skip.contains(&p.rule))
            .flat_map(|p| p.keywords.iter().copied())
            .collect();
        assert_eq!(
            listed,
            keywords,
            "docs/language.md's overview, `{}`",
            kind.keyword()
        );
    }
}
