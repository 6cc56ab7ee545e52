//! Warnings a file accepts: `allow PG0307 "why"` in a declaration accepts that warning
//! where it is reported inside the declaration; in the protocol declaration, anywhere in
//! the file. Unlike the other checks this one runs last, over the diagnostics the others
//! found: it removes the accepted warnings and reports allowances that name no warning or
//! accept nothing.

use crate::diagnostic::{one_slip, suggest, CodeInfo, Diagnostic, Fix, Phase, Severity};
use crate::model::{Allowed, Model};
use crate::name::FastMap;
use crate::source::Span;

/// An allowance that names no warning.
pub static PG0501: CodeInfo = CodeInfo {
    code: "PG0501",
    severity: Severity::Error,
    phase: Phase::Semantic,
    summary: "`allow` names a code that is not a warning",
    explanation: "\
## What it means
An `allow` line names a diagnostic code that does not exist, one that is an error, or one
of the two codes about `allow` lines themselves (PG0501, PG0502). Only warnings can be
accepted: an error means the file cannot be read as written.

## Why it matters
A misspelt code accepts nothing, so the warning it was meant for stays, and the reason
written beside it records a decision that has no effect.

## Example
```
duty cpp_annual {
  cpp submits cpp_annual_report to cabinet
  yearly in march
  allow PG3007 \"The Cabinet Member presents the panel's report; agreed in 2024.\"
}
```

## Fix
Write the code the warning is reported with (`protogov explain --list` lists them), or
fix the error instead of allowing it.",
};

/// An allowance that accepts nothing.
pub static PG0502: CodeInfo = CodeInfo {
    code: "PG0502",
    severity: Severity::Warning,
    phase: Phase::Semantic,
    summary: "`allow` accepts no warning where it is written",
    explanation: "\
## What it means
No warning with this code is reported inside the declaration that holds the `allow`
line (or, for the protocol declaration, anywhere in the file).

## Why it matters
The arrangement it accepted has changed, or the line is in another declaration than the
warning. Either way the file records a decision about something that is not there.

## Example
```
body cpb \"Corporate Parenting Board\" {
  kind board
  allow PG0307 \"The chair presents the annual report to Cabinet.\"
}
```

## Fix
Remove the line, or move it into the declaration the warning is reported in (the duty,
for PG0307).",
};

/// Every code of this module.
pub static CODES: &[&CodeInfo] = &[&PG0501, &PG0502];

/// The allowances of one code, in groups that stand or fall together: those of the whole
/// file, and those of each declaration (declarations do not overlap), sorted by where the
/// declaration starts. A warning marks one group used, whatever its size, so matching is
/// a search per warning, never a walk over every allowance.
#[derive(Default)]
struct Scopes {
    /// The file-wide allowances, and whether a warning used them.
    file: (Vec<usize>, bool),
    /// Each declaration's span, its allowances, and whether a warning used them.
    decls: Vec<(Span, Vec<usize>, bool)>,
}

impl Scopes {
    fn add(&mut self, scope: Option<Span>, allowance: usize) {
        match scope {
            None => self.file.0.push(allowance),
            Some(span) => self.decls.push((span, vec![allowance], false)),
        }
    }

    /// Sort the declarations and merge the allowances of each into one group.
    fn close(&mut self) {
        self.decls
            .sort_by_key(|(span, group, _)| (span.start, group.first().copied()));
        self.decls.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            if same {
                kept.1.append(&mut later.1);
            }
            same
        });
    }

    /// Mark the allowances that cover a warning at `at` used (the declaration's and the
    /// file's); false when none does.
    fn accept(&mut self, at: usize) -> bool {
        let n = self.decls.partition_point(|(s, _, _)| s.start <= at);
        let decl = match n.checked_sub(1).map(|i| &mut self.decls[i]) {
            Some((span, _, used)) if span.contains(at) => {
                *used = true;
                true
            }
            _ => false,
        };
        let file = !self.file.0.is_empty();
        self.file.1 |= file;
        decl || file
    }

    /// The allowances no warning used.
    fn unused(&self) -> impl Iterator<Item = usize> + '_ {
        let file = (!self.file.1).then_some(&self.file.0);
        let decls = self
            .decls
            .iter()
            .filter(|(_, _, used)| !used)
            .map(|(_, g, _)| g);
        file.into_iter().chain(decls).flatten().copied()
    }
}

/// Remove from `diagnostics` the warnings the model's allowances accept, and add a
/// diagnostic for each allowance that names no warning (PG0501) or accepts nothing
/// (PG0502).
pub fn apply(model: &Model, diagnostics: &mut Vec<Diagnostic>) {
    if model.allows.is_empty() {
        return;
    }
    let codes = crate::codes::all();
    let mut scopes: FastMap<&str, Scopes> = FastMap::default();
    let mut found = Vec::new();
    for (i, a) in model.allows.iter().enumerate() {
        match codes.iter().find(|c| c.code == a.code.as_str()) {
            // This module's own codes are about allowances: allowing them would hide what
            // the allowances themselves get wrong.
            Some(c) if about_allowances(c) => found.push(not_allowable(a)),
            Some(c) if c.severity == Severity::Warning => {
                scopes.entry(c.code).or_default().add(a.scope, i)
            }
            Some(c) => found.push(not_a_warning(a, c)),
            None => found.push(unknown(a, &codes)),
        }
    }
    for s in scopes.values_mut() {
        s.close();
    }
    diagnostics.retain(|d| {
        d.code.severity != Severity::Warning
            || !scopes
                .get_mut(d.code.code)
                .is_some_and(|s| s.accept(d.span.start))
    });
    let mut unused: Vec<usize> = scopes.values().flat_map(Scopes::unused).collect();
    unused.sort_unstable();
    found.extend(unused.into_iter().map(|i| unused_here(&model.allows[i])));
    diagnostics.extend(found);
}

/// True for this module's own codes, which no `allow` line may name.
fn about_allowances(c: &CodeInfo) -> bool {
    CODES.iter().any(|own| std::ptr::eq(*own, c))
}

fn not_allowable(a: &Allowed) -> Diagnostic {
    Diagnostic::new(
        &PG0501,
        a.code_span,
        format!(
            "`{}` is about `allow` lines themselves and cannot be allowed",
            a.code
        ),
    )
    .with_primary("not a warning an `allow` line can accept")
    .with_help("fix the `allow` line it reports instead")
}

fn not_a_warning(a: &Allowed, c: &CodeInfo) -> Diagnostic {
    Diagnostic::new(
        &PG0501,
        a.code_span,
        format!("`{}` is an error, and errors cannot be allowed", a.code),
    )
    .with_primary(format!("{}: {}", c.code, c.summary))
    .with_help("fix what the error reports, then remove this line")
}

fn unknown(a: &Allowed, codes: &[&'static CodeInfo]) -> Diagnostic {
    let warnings = codes
        .iter()
        .filter(|c| c.severity == Severity::Warning && !about_allowances(c))
        .map(|c| c.code);
    let d = Diagnostic::new(
        &PG0501,
        a.code_span,
        format!("no warning has the code `{}`", a.code),
    );
    match suggest(&a.code, warnings.clone()) {
        Some(s) => d
            .with_primary(format!("did you mean `{s}`?"))
            .with_help("write the code the warning is reported with")
            .with_fix(Fix::replace(
                a.code_span,
                &a.code,
                s,
                one_slip(&a.code, s, warnings),
            )),
        None => d
            .with_primary("not a warning's code")
            .with_help("`protogov explain --list` lists the codes"),
    }
}

fn unused_here(a: &Allowed) -> Diagnostic {
    let place = if a.scope.is_some() {
        "in this declaration"
    } else {
        "in this file"
    };
    Diagnostic::new(
        &PG0502,
        a.code_span,
        format!("`allow {}` accepts no warning {place}", a.code),
    )
    .with_primary(format!("no {} is reported {place}", a.code))
    .with_help("remove the line, or move it into the declaration the warning is reported in")
}
