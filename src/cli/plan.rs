//! `protogov plan FILE|DIR`: each body's forward plan, meeting by meeting, for a period.

use super::{ColorChoice, Global, EXIT_ERRORS, EXIT_OK};
use protogov::emit::plan::{self, Style};
use std::io::IsTerminal;
use std::path::PathBuf;

/// Arguments of `plan`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The .proto-gov file, or a folder: the set of its .proto-gov files, planned as one.
    #[arg(value_name = "FILE|DIR")]
    file: PathBuf,
    /// The first day of the plan (YYYY-MM-DD). Default: today (`--today`, or a set's
    /// `today`).
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    from: Option<jiff::civil::Date>,
    /// The last day of the plan (YYYY-MM-DD). Default: twelve months after the first,
    /// less a day.
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    to: Option<jiff::civil::Date>,
    /// One body's plan only: its name, or its short name (`cpb`, `CPB`).
    #[arg(long, value_name = "ID")]
    body: Option<String>,
    /// How to write the plan: `human` (text to read), `md` (a Markdown document), `csv`
    /// (one row per item, for a spreadsheet) or `json` (see `protogov schema --plan`).
    #[arg(long, value_enum, default_value_t = PlanFormat::Human, value_name = "FORMAT")]
    format: PlanFormat,
    /// Write the plan to this file instead of standard output (`-` for standard output).
    /// The file is replaced whole or not at all.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// The date, --deny and the diagnostics' form.
    #[command(flatten)]
    pub global: Global,
}

/// The plan's formats on the command line.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlanFormat {
    /// Text to read in a terminal.
    Human,
    /// A Markdown document.
    #[value(alias = "markdown")]
    Md,
    /// CSV, one row per item, for Excel and other spreadsheets.
    Csv,
    /// JSON, as schema/plan.schema.json describes it.
    Json,
}

/// The longest period a plan covers, in years.
const MAX_YEARS: i64 = 10;

/// Print or write the plan; return the exit status.
pub fn run(args: Args) -> u8 {
    let global = &args.global;
    let input = match super::analyse_path(&args.file, global) {
        Ok(input) => input,
        Err(code) => return code,
    };
    let analysis = input.analysis;
    // Diagnostics go to standard error: standard output carries the plan.
    if let Err(message) = global.output.report_analysis(&analysis, true) {
        return super::fail(message);
    }
    if super::build::fails(&analysis, global) {
        say!(
            "error: no plan was made: {}",
            super::build::refusal([&analysis])
        );
        return EXIT_ERRORS;
    }
    let from = args.from.unwrap_or(input.today);
    let to = match args.to {
        Some(t) => t,
        None => match from
            .checked_add(jiff::Span::new().years(1))
            .and_then(|d| d.checked_sub(jiff::Span::new().days(1)))
        {
            Ok(t) => t,
            Err(_) => {
                return super::fail(format!(
                    "`--from {from}` leaves no room for a year's plan; give `--to DATE` too"
                ))
            }
        },
    };
    if to < from {
        return super::fail(format!(
            "the plan would end ({to}) before it starts ({from}); give a `--to` on or after `--from`"
        ));
    }
    let longest = from.checked_add(jiff::Span::new().years(MAX_YEARS));
    if longest.is_ok_and(|l| to >= l) {
        return super::fail(format!(
            "the plan from {from} to {to} is longer than {MAX_YEARS} years; a forward plan \
             covers a year or a few: give a nearer `--to`"
        ));
    }
    let body = match &args.body {
        None => None,
        Some(name) => match plan::find_body(&analysis.model, name) {
            Ok(i) => Some(i),
            Err(m) => return super::fail(m),
        },
    };
    let style = match args.format {
        PlanFormat::Human => Style::Human {
            color: colour(
                global.output.color,
                args.output.as_ref().is_none_or(|p| p.as_os_str() == "-"),
            ),
        },
        PlanFormat::Md => Style::Markdown,
        PlanFormat::Csv => Style::Csv,
        PlanFormat::Json => Style::Json,
    };
    let text = plan::emit(
        &analysis,
        &plan::Options {
            from,
            to,
            body,
            style,
        },
    );
    match &args.output {
        None => super::print(text),
        Some(path) if path.as_os_str() == "-" => super::print(text),
        Some(path) => match write(path, &args.file, text.as_bytes()) {
            Ok(()) => {
                say!(
                    "wrote {}",
                    protogov::printable::visible(&path.display().to_string())
                );
                EXIT_OK
            }
            Err(m) => super::fail(m),
        },
    }
}

/// Colour the human plan when asked, or by default when it goes to a terminal and
/// NO_COLOR is unset.
fn colour(choice: ColorChoice, to_stdout: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            to_stdout && std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal()
        }
    }
}

/// Replace `path` with the plan ([`protogov::atomic::write_atomic`]): never a file half
/// written, and never the input itself or a file of the set.
fn write(path: &std::path::Path, input: &std::path::Path, bytes: &[u8]) -> Result<(), String> {
    let name = path.display();
    if path.is_dir() {
        return Err(format!(
            "`{name}` is a directory; give `-o` the name of a file to write"
        ));
    }
    // Where the file would be, even before it exists: its folder, resolved, and its name.
    let target = path.file_name().and_then(|f| {
        let parent = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => std::path::Path::new("."),
        };
        std::fs::canonicalize(parent).ok().map(|p| p.join(f))
    });
    if let (Some(target), Ok(input)) = (target, std::fs::canonicalize(input)) {
        let in_set =
            target.starts_with(&input) && target.extension().is_some_and(|e| e == "proto-gov");
        if target == input || in_set {
            return Err(format!(
                "`{name}` would be read as part of what the plan is made from; give `-o` \
                 another file"
            ));
        }
    }
    protogov::atomic::write_atomic(path, bytes)
        .map_err(|e| format!("cannot write `{name}`: {e}; nothing was written"))
}
