//! Unknown names in bulk: every unknown name keeps its diagnostic, and "did you mean"
//! stays right, when a file uses thousands of names nobody declared.

use crate::common::*;
use std::collections::HashMap;

const HEADER: &str = "protocol p \"P\" {\n  between a and b\n  agreed by a on 2024-01-15\n  review every 2 years in september\n  next review 2030-09-30\n}\nbody a \"A\"\nbody b \"B\"\nartefact r \"R\" { produced by a }\n";

/// The unknown-name diagnostics of an analysis, by the text each points at, with the
/// help line each gives.
fn unknown(a: &protogov::analysis::Analysis) -> HashMap<String, Vec<Option<String>>> {
    let mut out: HashMap<String, Vec<Option<String>>> = HashMap::new();
    for d in a.diagnostics.iter().filter(|d| d.code.code == "PG0101") {
        out.entry(a.source.slice(d.span).to_string())
            .or_default()
            .push(d.help.clone());
    }
    out
}

#[test]
fn each_of_twenty_thousand_unknown_names_is_reported_once_with_typos_suggested() {
    const DECLARED: usize = 20_000;
    const ROLES: usize = 100;
    let mut text = String::from(HEADER);
    for i in 0..DECLARED {
        text.push_str(&format!(
            "body board_{i:05} \"Board {i}\" {{ reports to a }}\n"
        ));
    }
    // 20,000 distinct unknown names: half one letter off a declared name (a typo), half
    // like nothing declared.
    let mut typos = Vec::new();
    let mut strangers = Vec::new();
    for role in 0..ROLES {
        text.push_str(&format!("role officer_{role} \"Officer {role}\" {{\n"));
        for k in 0..DECLARED / ROLES {
            let i = role * (DECLARED / ROLES) + k;
            let name = if i % 2 == 0 {
                let n = format!("board_{i:05}x");
                typos.push((n.clone(), format!("board_{i:05}")));
                n
            } else {
                let n = format!("q{i}_zz");
                strangers.push(n.clone());
                n
            };
            text.push_str(&format!("  member of {name}\n"));
        }
        text.push_str("}\n");
    }
    let started = std::time::Instant::now();
    let a = analyse_text("unknown-names.proto-gov", &text);
    eprintln!(
        "{} declared, {} unknown names: analysed in {:?}",
        DECLARED,
        typos.len() + strangers.len(),
        started.elapsed()
    );
    let found = unknown(&a);
    assert_eq!(found.len(), DECLARED, "one entry per distinct unknown name");
    for (typo, meant) in &typos {
        let helps = found
            .get(typo)
            .unwrap_or_else(|| panic!("`{typo}` not reported"));
        assert_eq!(helps.len(), 1, "`{typo}` reported once");
        assert_eq!(
            helps[0].as_deref(),
            Some(format!("did you mean `{meant}`?").as_str()),
            "suggestion for `{typo}`"
        );
    }
    for s in &strangers {
        let helps = found.get(s).unwrap_or_else(|| panic!("`{s}` not reported"));
        assert_eq!(helps.len(), 1, "`{s}` reported once");
        assert_eq!(
            helps[0].as_deref(),
            Some(format!("declare it, e.g. `body {s} \"…\"`, or use a declared name").as_str()),
        );
    }
}

#[test]
fn the_same_unknown_name_used_many_times_is_reported_at_every_use() {
    let mut text = String::from(HEADER);
    text.push_str("body rlscb \"Rotherham Local Safeguarding Children Board\" { reports to a }\n");
    text.push_str("role chair \"Chair\" {\n");
    for _ in 0..500 {
        text.push_str("  observer on rslcb\n");
    }
    text.push_str("}\n");
    let a = analyse_text("repeated.proto-gov", &text);
    let found = unknown(&a);
    let helps = found.get("rslcb").expect("reported");
    assert_eq!(helps.len(), 500);
    assert!(helps
        .iter()
        .all(|h| h.as_deref() == Some("did you mean `rlscb`?")));
}

#[test]
fn suggestions_on_a_small_file_point_at_the_closest_declaration() {
    let text = format!(
        "{HEADER}body rlscb \"Board\" {{ reports to a }}\nbody cpp \"Panel\" {{ reports to a }}\n\
         role cpp_chair \"Chair\" {{\n  observer on rslcb\n  member of cppp\n  chair of zzzzzz\n}}\n"
    );
    let a = analyse_text("small.proto-gov", &text);
    let found = unknown(&a);
    assert_eq!(found.len(), 3);
    assert_eq!(
        found["rslcb"],
        vec![Some("did you mean `rlscb`?".to_string())]
    );
    assert_eq!(found["cppp"], vec![Some("did you mean `cpp`?".to_string())]);
    assert_eq!(
        found["zzzzzz"],
        vec![Some(
            "declare it, e.g. `body zzzzzz \"…\"`, or use a declared name".to_string()
        )]
    );
    // The suggestion's label points at the declaration it suggests.
    let d = a
        .diagnostics
        .iter()
        .find(|d| a.source.slice(d.span) == "rslcb")
        .expect("diagnostic");
    assert_eq!(d.labels.len(), 1);
    assert_eq!(a.source.slice(d.labels[0].span), "rlscb");
    assert_eq!(
        d.notes,
        vec!["used as the seat of role `cpp_chair`".to_string()]
    );
}
