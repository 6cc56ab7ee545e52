//! `protogov check [--fix] FILE…|DIR`

use super::{Global, EXIT_ERRORS, EXIT_OK, EXIT_USAGE};
use protogov::analysis::{analyse_without_tree, Analysis};
use protogov::diagnostic::Severity;
use protogov::fix::Fixed;
use protogov::render::MessageFormat;
use protogov::source::SourceFile;
use std::path::{Path, PathBuf};

/// Arguments of `check`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The .proto-gov files to check, each on its own; or a folder, whose .proto-gov files
    /// are checked as one set: a name declared in any of them is known in all, and the
    /// documents are compared with each other.
    #[arg(required = true, value_name = "FILE|DIR")]
    files: Vec<PathBuf>,
    /// Apply the fixes that have one safe reading (a misspelt keyword, verb, month, name or
    /// code), rewriting each file in place, then report what remains. A file whose syntax
    /// errors no fix mends is left untouched.
    #[arg(long)]
    fix: bool,
    /// The date, --deny and the diagnostics' form.
    #[command(flatten)]
    pub global: Global,
}

/// Check every file; report diagnostics; return the exit status.
pub fn run(args: Args) -> u8 {
    let global = &args.global;
    let options = global.options();
    let format = global.output.format();
    let mut errors = 0;
    let mut warnings = 0;
    let mut unchecked = 0;
    let mut unwritten = 0;
    // Files checked, and how many folders (sets) they came from.
    let (mut checked, mut sets) = (0, 0);
    for path in &args.files {
        if args.fix && path.as_os_str() == "-" {
            super::fail(
                "`--fix` rewrites files in place and cannot read standard input; \
                 save the text to a file and fix that",
            );
            unchecked += 1;
            continue;
        }
        let mut analysis = match super::analyse_path(path, global) {
            Ok(input) => input.analysis,
            Err(code) => {
                if code == EXIT_ERRORS {
                    errors += 1;
                } else {
                    unchecked += 1;
                }
                continue;
            }
        };
        if args.fix {
            if let Some(map) = analysis.set.clone() {
                // Each file of the set is fixed on its own, then the set is checked again.
                let mut changed = false;
                for (i, diags) in map.localise(&analysis.diagnostics) {
                    let file = &map.files[i];
                    let one = Analysis {
                        source: file.clone(),
                        diagnostics: diags,
                        ..analysis.clone()
                    };
                    match fix(Path::new(&file.name), &one) {
                        Ok(Some(_)) => changed = true,
                        Ok(None) => {}
                        Err(message) => {
                            super::fail(message);
                            unwritten += 1;
                        }
                    }
                }
                if changed {
                    match super::analyse_path(path, global) {
                        Ok(input) => analysis = input.analysis,
                        Err(_) => {
                            unchecked += 1;
                            continue;
                        }
                    }
                }
            } else {
                match fix(path, &analysis) {
                    Ok(Some(fixed)) => analysis = analyse_without_tree(fixed, &options),
                    Ok(None) => {}
                    Err(message) => {
                        // The file is as it was; its diagnostics are still reported.
                        super::fail(message);
                        unwritten += 1;
                    }
                }
            }
        }
        errors += analysis.count(Severity::Error);
        warnings += analysis.count(Severity::Warning);
        match &analysis.set {
            Some(map) => {
                checked += map.files.len();
                sets += 1;
            }
            None => checked += 1,
        }
        let shown = global.output.report_analysis(&analysis, false);
        if let Err(message) = shown {
            return super::fail(message);
        }
        if std::ptr::eq(path, args.files.last().unwrap_or(path)) {
            // The process ends soon: freeing a large tree and model one allocation at a
            // time would only delay the exit (a tenth of the run on 100k duties).
            std::mem::forget(analysis);
        }
    }
    if format != MessageFormat::Json {
        let denied = global.deny_warnings() && warnings > 0;
        summary(errors, warnings, denied, (checked, sets), unchecked);
    }
    if unchecked > 0 || unwritten > 0 {
        EXIT_USAGE
    } else if errors > 0 || (global.deny_warnings() && warnings > 0) {
        EXIT_ERRORS
    } else {
        EXIT_OK
    }
}

/// Apply the safe fixes of one analysed file and write it back. Returns the fixed source
/// when the file was rewritten; says on standard error what changed, or why nothing did.
fn fix(path: &Path, analysis: &Analysis) -> Result<Option<SourceFile>, String> {
    let source = &analysis.source;
    let name = protogov::printable::visible(&source.name);
    match protogov::fix::fix(&source.text, &analysis.diagnostics) {
        Fixed::Nothing => Ok(None),
        Fixed::WouldNotParse => {
            say!(
                "left `{name}` unchanged: it would still have syntax errors with its fixes applied"
            );
            Ok(None)
        }
        Fixed::Applied { text, fixes } => {
            super::rewrite(path, &text, "fixed")?;
            say!("fixed `{name}`: {}", plural(fixes.len(), "change"));
            for f in &fixes {
                let at = f.edits.first().map_or(0, |e| e.span.start);
                let at = source.line_col(at);
                say!(
                    "  {name}:{}:{}: {}",
                    at.line,
                    at.column,
                    protogov::printable::visible(&f.label)
                );
            }
            Ok(Some(SourceFile::new(source.name.clone(), text)))
        }
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// The last line: what was checked and found, whether the warnings fail the run (`--deny
/// warnings`), and what could not be checked at all.
fn summary(
    errors: usize,
    warnings: usize,
    denied: bool,
    (checked, sets): (usize, usize),
    unchecked: usize,
) {
    if checked == 0 && unchecked == 0 {
        say!("nothing checked: {}", plural(errors, "error"));
        return;
    }
    if checked == 0 {
        say!(
            "nothing checked: {} could not be read or held nothing",
            plural(unchecked, "file")
        );
        return;
    }
    let found = if errors == 0 && warnings == 0 {
        "no problems found".to_string()
    } else {
        format!(
            "{}, {}{}",
            plural(errors, "error"),
            plural(warnings, "warning"),
            if denied {
                " (warnings denied by --deny warnings)"
            } else {
                ""
            }
        )
    };
    let checked = match sets {
        0 => plural(checked, "file"),
        _ => format!("{} ({})", plural(checked, "file"), plural(sets, "set")),
    };
    if unchecked == 0 {
        say!("checked {checked}: {found}");
    } else {
        let unchecked = plural(unchecked, "file");
        say!("checked {checked}: {found}; {unchecked} could not be checked");
    }
}
