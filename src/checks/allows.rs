//! Warnings a file accepts: `allow PG0307 "why"` in a declaration accepts that warning
//! where it is reported inside the declaration; in the protocol declaration, anywhere in
//! the file. Unlike the other checks this one runs last, over the diagnostics the others
//! found: it removes the accepted warnings and reports allowances that name no warning or
//! accept nothing.

use crate::diagnostic::{suggest, CodeInfo, Diagnostic, Severity};
use crate::model::{Allowed, Model};
use crate::name::FastMap;
use crate::source::Span;

/// An allowance that names no warning.
pub static PG0501: CodeInfo = CodeInfo {
    code: "PG0501",
    severity: Severity::Error,
    summary: "`allow` names a code that is not a warning",
    explanation: "\
## What it means
An `allow` line names a diagnostic code that does not exist, or one that is an error.
Only warnings can be accepted: an error means the file cannot be read as written.

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

/// Where the allowances of one code apply: the whole file, or declarations (which do not
/// overlap), sorted by where they start.
#[derive(Default)]
struct Scopes {
    file: Vec<usize>,
    decls: Vec<(Span, usize)>,
}

impl Scopes {
    /// The allowances that cover `at`: file-wide ones, then those of the declaration
    /// holding it.
    fn covering(&self, at: usize) -> impl Iterator<Item = usize> + '_ {
        let n = self.decls.partition_point(|(s, _)| s.start <= at);
        // Every allowance written in the declaration that starts last before `at`.
        let last = n.checked_sub(1).map(|i| self.decls[i].0);
        let decl = self.decls[..n]
            .iter()
            .rev()
            .take_while(move |(s, _)| Some(*s) == last && s.contains(at))
            .map(|(_, i)| *i);
        self.file.iter().copied().chain(decl)
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
            Some(c) if c.severity == Severity::Warning => {
                let s = scopes.entry(c.code).or_default();
                match a.scope {
                    None => s.file.push(i),
                    Some(span) => s.decls.push((span, i)),
                }
            }
            Some(c) => found.push(not_a_warning(a, c)),
            None => found.push(unknown(a, &codes)),
        }
    }
    for s in scopes.values_mut() {
        s.decls.sort_by_key(|(span, i)| (span.start, *i));
    }
    let mut used = vec![false; model.allows.len()];
    diagnostics.retain(|d| {
        if d.code.severity != Severity::Warning {
            return true;
        }
        let Some(s) = scopes.get(d.code.code) else {
            return true;
        };
        let mut accepted = false;
        for i in s.covering(d.span.start) {
            used[i] = true;
            accepted = true;
        }
        !accepted
    });
    for s in scopes.values() {
        for i in s
            .file
            .iter()
            .copied()
            .chain(s.decls.iter().map(|(_, i)| *i))
        {
            if !used[i] {
                found.push(unused(&model.allows[i]));
            }
        }
    }
    diagnostics.extend(found);
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
        .filter(|c| c.severity == Severity::Warning)
        .map(|c| c.code);
    let d = Diagnostic::new(
        &PG0501,
        a.code_span,
        format!("no warning has the code `{}`", a.code),
    );
    match suggest(&a.code, warnings) {
        Some(s) => d
            .with_primary(format!("did you mean `{s}`?"))
            .with_help("write the code the warning is reported with"),
        None => d
            .with_primary("not a warning's code")
            .with_help("`protogov explain --list` lists the codes"),
    }
}

fn unused(a: &Allowed) -> Diagnostic {
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
