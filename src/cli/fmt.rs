//! `protogov fmt [--check] FILE…`

use super::{Output, EXIT_ERRORS, EXIT_OK, EXIT_USAGE};
use protogov::analysis::{load, source_from_bytes};
use protogov::fmt::Refusal;
use protogov::render::MessageFormat;
use protogov::source::SourceFile;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Arguments of `fmt`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The .proto-gov files to format in place; `-` reads standard input and writes the
    /// formatted text to standard output.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Change nothing: print a diff of what would change, and fail if any file is not
    /// formatted.
    #[arg(long)]
    check: bool,
    /// The diagnostics' form, for files that do not parse.
    #[command(flatten)]
    pub output: Output,
}

/// What happened to one file.
enum Outcome {
    /// Already formatted.
    Unchanged,
    /// Rewritten, or (under `--check`) would be.
    Changed,
    /// Not formatted because it does not parse; its diagnostics were shown.
    Invalid,
    /// Could not be read or written; the message was shown.
    Failed,
    /// Not formatted because the formatter could not verify its result; the message was
    /// shown.
    Unverified,
}

/// Format every file; return the exit status.
pub fn run(args: Args) -> u8 {
    let output = &args.output;
    let mut tally = Tally::default();
    for path in &args.files {
        match one(path, args.check, output) {
            Outcome::Unchanged => tally.unchanged += 1,
            Outcome::Changed => tally.changed += 1,
            Outcome::Invalid => tally.invalid += 1,
            Outcome::Failed => tally.failed += 1,
            Outcome::Unverified => tally.unverified += 1,
        }
    }
    let quiet = !args.check && args.files.iter().all(|p| is_stdin(p));
    if output.format() != MessageFormat::Json && !quiet {
        say!("{}", tally.summary(args.check));
    }
    if tally.failed > 0 || tally.unverified > 0 {
        EXIT_USAGE
    } else if tally.invalid > 0 || (args.check && tally.changed > 0) {
        EXIT_ERRORS
    } else {
        EXIT_OK
    }
}

/// How many files ended each way.
#[derive(Default)]
struct Tally {
    unchanged: usize,
    changed: usize,
    invalid: usize,
    failed: usize,
    unverified: usize,
}

impl Tally {
    /// One line for standard error: `formatted 2 files, 1 already formatted`.
    fn summary(&self, check: bool) -> String {
        let mut parts = Vec::new();
        if self.changed > 0 {
            parts.push(if check {
                format!("{} not formatted", plural(self.changed, "file"))
            } else {
                format!("formatted {}", plural(self.changed, "file"))
            });
        }
        if self.unchanged > 0 {
            parts.push(format!(
                "{} already formatted",
                plural(self.unchanged, "file")
            ));
        }
        if self.invalid > 0 {
            parts.push(format!(
                "{} with syntax errors left unchanged",
                plural(self.invalid, "file")
            ));
        }
        if self.failed > 0 {
            parts.push(format!(
                "{} could not be read or written",
                plural(self.failed, "file")
            ));
        }
        if self.unverified > 0 {
            parts.push(format!(
                "{} the formatter could not verify left unchanged",
                plural(self.unverified, "file")
            ));
        }
        let mut line = parts.join(", ");
        if check && self.changed > 0 {
            line.push_str("; `protogov fmt FILE…` formats them");
        }
        line
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Read a file, or standard input for `-`, as UTF-8 source. A file that holds nothing but
/// blanks is refused, as `check` and `build` refuse it: it is far more likely a mistake
/// (a wrong name, a truncated file) than a protocol.
fn read(path: &Path) -> Result<SourceFile, String> {
    let source = if is_stdin(path) {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        source_from_bytes("<stdin>".to_string(), bytes).map_err(|e| e.to_string())?
    } else {
        load(path).map_err(|e| e.to_string())?
    };
    if super::is_blank(&source.text) {
        let name = if is_stdin(path) {
            "standard input".to_string()
        } else {
            format!("`{}`", path.display())
        };
        return Err(format!("{name} is empty; there is nothing to format"));
    }
    Ok(source)
}

/// Format, check or print one file.
fn one(path: &Path, check: bool, output: &Output) -> Outcome {
    let source = match read(path) {
        Ok(s) => s,
        Err(message) => {
            super::fail(message);
            return Outcome::Failed;
        }
    };
    let formatted = match protogov::fmt::format_source(&source.text) {
        Ok(f) => f,
        Err(Refusal::Syntax(diags)) => return report(&source, &diags, output),
        Err(refusal @ Refusal::Unverified) => {
            super::fail(format!("{}: {refusal}", source.name));
            return Outcome::Unverified;
        }
    };
    let same = formatted == source.text;
    if check {
        if same {
            return Outcome::Unchanged;
        }
        // Patience diffing keeps the hunks on whole declarations; the deadline bounds the
        // time spent on a file that changes almost everywhere (the diff is then coarser).
        let diff = similar::TextDiff::configure()
            .algorithm(similar::Algorithm::Patience)
            .deadline(std::time::Instant::now() + std::time::Duration::from_secs(2))
            .diff_lines(&source.text, &formatted);
        let diff = diff
            .unified_diff()
            .context_radius(3)
            .header(&source.name, &format!("{} (formatted)", source.name))
            .to_string();
        // On a terminal the file's control characters are shown, not sent; a diff for a
        // program (`| patch`) keeps the exact text.
        use std::io::IsTerminal as _;
        let diff = if std::io::stdout().is_terminal() {
            protogov::printable::visible(&diff).into_owned()
        } else {
            diff
        };
        return match super::write_stdout(diff) {
            Ok(()) => Outcome::Changed,
            Err(message) => {
                super::fail(message);
                Outcome::Failed
            }
        };
    }
    if is_stdin(path) {
        if let Err(message) = super::write_stdout(formatted.as_bytes()) {
            super::fail(message);
            return Outcome::Failed;
        }
    } else if !same {
        if let Err(message) = super::rewrite(path, &formatted, "formatted") {
            super::fail(message);
            return Outcome::Failed;
        }
    }
    if same {
        Outcome::Unchanged
    } else {
        Outcome::Changed
    }
}

/// Show why a file was not formatted, the way `check` shows diagnostics.
fn report(
    source: &SourceFile,
    diags: &[protogov::diagnostic::Diagnostic],
    output: &Output,
) -> Outcome {
    if let Err(message) = output.report(source, diags, false) {
        super::fail(message);
        return Outcome::Failed;
    }
    Outcome::Invalid
}
