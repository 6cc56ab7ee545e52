//! Names: unknown, duplicated or of the wrong kind; the protocol declaration itself.

use crate::diagnostic::{one_slip, CodeInfo, Diagnostic, Fix, Phase, Severity, Suggester};
use crate::model::{join_and, Model};
use crate::name::FastMap;
use crate::source::Span;
use crate::syntax::ast::DeclKind;

/// A name that is not declared.
pub static PG0101: CodeInfo = CodeInfo {
    code: "PG0101",
    severity: Severity::Error,
    phase: Phase::Semantic,
    summary: "unknown name",
    explanation: "\
## What it means
A line uses a name that no declaration in the file declares.

## Why it matters
This is how a body's name drifts from one clause to the next in a Word document: the
Rotherham protocol calls its Board \"RLSCB\" in one clause and \"RSLCB\" in another, and its
panel the \"Corporate Parenting Board\" once. A reader guesses; a compiler should not.

## Example
```
body rlscb \"Rotherham Local Safeguarding Children Board\"
role cpp_chair \"Chair of the Corporate Parenting Panel\" {
  observer on rslcb
}
```

## Fix
Use the declared name (the message suggests the closest one), or declare the body:
```
role cpp_chair \"Chair of the Corporate Parenting Panel\" {
  observer on rlscb
}
```",
};

/// A name declared twice.
pub static PG0102: CodeInfo = CodeInfo {
    code: "PG0102",
    severity: Severity::Error,
    phase: Phase::Semantic,
    summary: "a name is declared more than once",
    explanation: "\
## What it means
Two declarations use the same name. Names are shared by every kind of declaration, so a
body and a role cannot both be called `cpb`.

## Why it matters
Every reference to the name would be ambiguous.

## Example
```
body cpb \"Corporate Parenting Board\"
role cpb \"Chair of the Corporate Parenting Board\"
```

## Fix
Rename one of them and its references:
```
body cpb \"Corporate Parenting Board\"
role cpb_chair \"Chair of the Corporate Parenting Board\"
```",
};

/// A name of the wrong kind.
pub static PG0103: CodeInfo = CodeInfo {
    code: "PG0103",
    severity: Severity::Error,
    phase: Phase::Semantic,
    summary: "a name of the wrong kind",
    explanation: "\
## What it means
The name is declared, but as the wrong kind of thing for where it is used: an artefact
where a body is expected, a role where a topic is expected.

## Why it matters
`cpb submits scp to annual_report` reads as nonsense to a person; to protogov it would draw
a report sent to a report.

## Example
```
duty d {
  cpb submits scp to annual_report
}
```

## Fix
```
duty d {
  cpb submits annual_report to scp
}
```",
};

/// No protocol declaration.
pub static PG0104: CodeInfo = CodeInfo {
    code: "PG0104",
    severity: Severity::Error,
    phase: Phase::Semantic,
    summary: "the file declares no protocol",
    explanation: "\
## What it means
Every protocol file has one `protocol` declaration: its title, its parties, who agreed it
and when it is reviewed.

## Why it matters
Without it there is no title for the outputs, no parties to check the escalation against
and no review date to keep.

## Example
A file with bodies and duties only.

## Fix
```
protocol iow \"Protocol between the Corporate Parenting Board and the Safeguarding Children Partnership\" {
  between cpb and scp
  review every 2 years
  next review 2025-09
}
```",
};

/// More than one protocol declaration.
pub static PG0105: CodeInfo = CodeInfo {
    code: "PG0105",
    severity: Severity::Error,
    phase: Phase::Semantic,
    summary: "the file declares more than one protocol",
    explanation: "\
## What it means
A file holds exactly one protocol; this one has two `protocol` declarations.

## Why it matters
Outputs (calendar, diagram, JSON) are made per protocol; two in one file cannot be told apart.

## Example
Two protocols pasted into one file.

## Fix
Put each protocol in its own file.",
};

/// Every code of this module.
pub static CODES: &[&CodeInfo] = &[&PG0101, &PG0102, &PG0103, &PG0104, &PG0105];

fn kinds(expected: &[DeclKind]) -> String {
    let nouns: Vec<&str> = expected.iter().map(|k| k.keyword()).collect();
    match nouns.as_slice() {
        [rest @ .., last] if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => join_and(&nouns),
    }
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// Report unknown, duplicate and wrong-kind names, and a missing or extra protocol.
pub fn check(model: &Model) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // One suggester per set of expected kinds, made when the first unknown name needs it.
    let mut suggesters: Vec<(&[DeclKind], Suggester)> = Vec::new();
    // Whether a suggestion is safe to apply unasked, by unknown spelling: worked out once
    // per spelling, over every name of the kinds, until a fixed budget of comparisons is
    // spent; past it a suggestion is only offered (never applied), so the check stays
    // linear however many unknown names a file has.
    let mut safe: FastMap<&str, bool> = FastMap::default();
    let mut budget: usize = 1_000_000;
    for r in model.references() {
        match r.found {
            None if model.broken.contains_key(r.name.as_str()) => {}
            None => {
                let at = match suggesters.iter().position(|(k, _)| *k == r.expected) {
                    Some(at) => at,
                    None => {
                        let s = Suggester::new(model.names_of(r.expected), Suggester::BUDGET);
                        suggesters.push((r.expected, s));
                        suggesters.len() - 1
                    }
                };
                // Never the name being declared: `before d1x` in duty `d9x` does not mean `d9x`.
                let suggestion = suggesters
                    .get_mut(at)
                    .and_then(|(_, s)| s.suggest_except(&r.name, &r.context.owner));
                let mut d = Diagnostic::new(
                    &PG0101,
                    r.span,
                    format!("unknown {} `{}`", kinds(r.expected), r.name),
                )
                .with_primary(format!(
                    "no {} is declared with this name",
                    kinds(r.expected)
                ));
                d = match suggestion {
                    Some(s) => {
                        let at = model.symbol_for(s, r.expected).map(|x| x.name_span);
                        let d = d
                            .with_help(format!("did you mean `{s}`?"))
                            .with_fix(Fix::replace(r.span, &r.name, s, {
                                *safe.entry(r.name.as_str()).or_insert_with(|| {
                                    if budget == 0 {
                                        return false;
                                    }
                                    let names: Vec<&str> = model.names_of(r.expected).collect();
                                    budget = budget.saturating_sub(names.len());
                                    one_slip(&r.name, s, names)
                                })
                            }));
                        match at {
                            Some(at) => d.with_label(at, format!("`{s}` is declared here")),
                            None => d,
                        }
                    }
                    None => d.with_help(format!(
                        "declare it, e.g. `{} {} \"…\"`, or use a declared name",
                        declare_keyword(r.expected),
                        r.name
                    )),
                };
                out.push(d.with_note(format!("used as the {}", r.context)));
            }
            Some(kind) if !r.expected.contains(&kind) => {
                let k = kinds(r.expected);
                let mut d = Diagnostic::new(
                    &PG0103,
                    r.span,
                    format!(
                        "`{}` is {}, not {} {k}",
                        r.name,
                        kind.with_article(),
                        article(&k)
                    ),
                )
                .with_primary(format!("expected {} {k} here", article(&k)))
                .with_note(format!("used as the {}", r.context));
                if let Some(c) = model.common_of(r) {
                    d = d.with_label(
                        c.name_span,
                        format!("declared as {} here", kind.with_article()),
                    );
                }
                out.push(d);
            }
            _ => {}
        }
    }
    for dup in &model.duplicates {
        out.push(
            Diagnostic::new(
                &PG0102,
                dup.second,
                format!("`{}` is declared twice", dup.name),
            )
            .with_primary(format!(
                "declared again here, as {}",
                dup.second_kind.with_article()
            ))
            .with_label(
                dup.first,
                format!("first declared here, as {}", dup.first_kind.with_article()),
            )
            .with_help("rename one of the two declarations and the lines that refer to it"),
        );
    }
    if model.protocol.is_none() && !model.broken.values().any(|k| k == "protocol") {
        out.push(
            Diagnostic::new(&PG0104, Span::new(0, 0), "this file declares no protocol").with_help(
                "add `protocol NAME \"TITLE\" { between A and B … }` at the top of the file",
            ),
        );
    }
    for extra in &model.extra_protocols {
        let mut d = Diagnostic::new(&PG0105, *extra, "a second protocol in one file")
            .with_primary("second protocol")
            .with_help("put each protocol in a file of its own");
        // The file's first document (in a set, each file has its own).
        let file = model.file_of(*extra);
        if let Some(p) = model
            .documents()
            .find(|p| model.file_of(p.common.span) == file)
        {
            d = d.with_label(p.common.name_span, "first protocol");
        }
        out.push(d);
    }
    out
}

fn declare_keyword(expected: &[DeclKind]) -> &'static str {
    match expected.first() {
        Some(DeclKind::Protocol) | None => "body",
        Some(k) => k.keyword(),
    }
}
