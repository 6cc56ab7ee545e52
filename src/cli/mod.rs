//! Command-line parsing and dispatch. Each subcommand lives in its own file.
//!
//! Messages go to standard error through [`say!`], never `eprintln!`: a standard error
//! that cannot be written (full, or its reader gone) loses the message, not the run.

/// Write one line to standard error, as `eprintln!` would, but ignore a failure to write:
/// there is nowhere left to report it, and the exit status still tells what happened.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

mod build;
mod check;
mod explain;
mod fmt;
mod graph;
mod lsp;
mod plan;

use clap::{Parser, Subcommand, ValueEnum};
use protogov::render::MessageFormat;
use std::io::IsTerminal;
use std::process::ExitCode;

/// Exit status: clean, or warnings only.
pub const EXIT_OK: u8 = 0;
/// Exit status: diagnostics with errors (or warnings under `--deny warnings`).
pub const EXIT_ERRORS: u8 = 1;
/// Exit status: a usage or I/O problem.
pub const EXIT_USAGE: u8 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "protogov",
    version,
    about = "Check and publish the working protocols between public bodies",
    long_about = "protogov reads protocols written in the protogov language (.proto-gov files): \
who the parties are, which roles sit where, who reports what to whom and how often, and how \
concerns are escalated. It checks them and reports what is wrong with a code, a place and a fix.",
    after_help = "Examples:\n  protogov check examples/isle-of-wight.proto-gov\n  protogov check --today 2026-11-23 --deny warnings examples/*.proto-gov\n  protogov build examples/isle-of-wight.proto-gov --out out/\n  protogov graph examples/hampshire.proto-gov | dot -Tpng -o hampshire.png\n  protogov plan --today 2026-01-01 --body cpb examples/isle-of-wight.proto-gov\n  protogov explain PG0003\n  protogov fmt --check examples/*.proto-gov\n\nExit status: 0 clean (warnings allowed), 1 errors found, 2 usage or I/O problem."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// The flags as written before the command, which is still accepted.
    #[command(flatten)]
    before: Before,
}

/// `protogov --message-format json check …`: the analysing commands' flags written before
/// the command. Each applies where the command does not give it itself. Hidden, so that
/// every command's help shows the flags it takes, and only those.
#[derive(clap::Args, Debug, Clone)]
struct Before {
    #[arg(long, hide = true, value_parser = parse_date)]
    today: Option<jiff::civil::Date>,
    #[arg(long, hide = true, value_enum)]
    deny: Option<Deny>,
    #[arg(long, hide = true, value_enum)]
    color: Option<ColorChoice>,
    #[arg(long, hide = true, value_enum)]
    message_format: Option<Format>,
}

impl Before {
    /// Fill in what the command's own flags leave at their defaults.
    fn apply(&self, global: &mut Global) {
        global.today = global.today.or(self.today);
        global.deny = global.deny.or(self.deny);
        self.apply_output(&mut global.output);
    }

    fn apply_output(&self, output: &mut Output) {
        if let (ColorChoice::Auto, Some(c)) = (output.color, self.color) {
            output.color = c;
        }
        if let (Format::Human, Some(f)) = (output.message_format, self.message_format) {
            output.message_format = f;
        }
    }
}

/// How diagnostics are written: flags of every command that reports them.
#[derive(clap::Args, Debug, Clone)]
pub struct Output {
    /// When to colour human-readable diagnostics.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    /// How to write diagnostics: `human` (source excerpts), `short` (one line each) or
    /// `json` (one object per line, on standard output).
    #[arg(long, value_enum, default_value_t = Format::Human, value_name = "FORMAT")]
    pub message_format: Format,
}

/// Flags of the commands that analyse files (`check`, `build`, `graph`): the date to judge
/// against, `--deny`, and how diagnostics are written.
#[derive(clap::Args, Debug, Clone)]
pub struct Global {
    /// Judge review and due dates against this date (YYYY-MM-DD) instead of today.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub today: Option<jiff::civil::Date>,
    /// Treat warnings as errors: `--deny warnings` makes any warning fail the run.
    #[arg(long, value_enum, value_name = "WHAT")]
    pub deny: Option<Deny>,
    /// How diagnostics are written.
    #[command(flatten)]
    pub output: Output,
}

/// When to use colour.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorChoice {
    /// Colour when standard error is a terminal and NO_COLOR is unset.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// Diagnostic output format.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Source excerpts with labels and help.
    Human,
    /// One line per diagnostic.
    Short,
    /// One JSON object per diagnostic.
    Json,
}

/// What `--deny` applies to.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Deny {
    /// Every warning.
    Warnings,
}

fn parse_date(s: &str) -> Result<jiff::civil::Date, String> {
    s.parse::<jiff::civil::Date>()
        .map_err(|e| format!("`{s}` is not a date in the form YYYY-MM-DD ({e})"))
}

impl Output {
    /// Write one file's diagnostics as the flags ask: JSON on standard output (unless
    /// `stdout_taken`: it carries the command's own output), anything else on standard
    /// error. A failure comes with the message to print.
    pub fn report(
        &self,
        source: &protogov::source::SourceFile,
        diags: &[protogov::diagnostic::Diagnostic],
        stdout_taken: bool,
    ) -> Result<(), String> {
        use std::io::Write;
        let format = self.format();
        let text = protogov::render::render(source, diags, format, self.color());
        if format == MessageFormat::Json && !stdout_taken {
            write_stdout(text)
        } else {
            // As with `say!`: diagnostics that standard error cannot take are lost, and
            // the exit status still says whether there were errors.
            let _ = std::io::stderr().write_all(text.as_bytes());
            Ok(())
        }
    }

    /// [`Output::report`] for an analysis: a set's diagnostics are reported against
    /// each file in turn.
    pub fn report_analysis(
        &self,
        analysis: &protogov::analysis::Analysis,
        stdout_taken: bool,
    ) -> Result<(), String> {
        match &analysis.set {
            None => self.report(&analysis.source, &analysis.diagnostics, stdout_taken),
            Some(map) => {
                for (i, diags) in map.localise(&analysis.diagnostics) {
                    self.report(&map.files[i], &diags, stdout_taken)?;
                }
                Ok(())
            }
        }
    }

    /// The message format as the renderer knows it.
    pub fn format(&self) -> MessageFormat {
        match self.message_format {
            Format::Human => MessageFormat::Human,
            Format::Short => MessageFormat::Short,
            Format::Json => MessageFormat::Json,
        }
    }

    /// Whether to colour output on standard error.
    pub fn color(&self) -> bool {
        match self.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
            }
        }
    }
}

impl Global {
    /// Analysis options from the flags.
    pub fn options(&self) -> protogov::analysis::Options {
        let mut o = protogov::analysis::Options::default();
        if let Some(t) = self.today {
            o.today = t;
        }
        o
    }

    /// True when warnings fail the run.
    pub fn deny_warnings(&self) -> bool {
        self.deny == Some(Deny::Warnings)
    }
}

/// Arguments of `schema`.
#[derive(clap::Args, Debug)]
struct SchemaArgs {
    /// The schema of the forward plan's JSON (`plan --format json`) instead.
    #[arg(long)]
    plan: bool,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check protocol files and report every problem found.
    #[command(
        after_help = "Examples:\n  protogov check examples/hampshire.proto-gov\n  protogov check --message-format short a.proto-gov b.proto-gov\n  protogov check --today 2026-11-23 --deny warnings a.proto-gov\n  protogov check --fix a.proto-gov\n\n--fix applies the fixes with one safe reading (a keyword, verb, month, name or `allow`\ncode one slip from the word meant, with no other word as near) and rewrites each file; it prints what it changed on standard\nerror, then the diagnostics that remain (with --message-format json, those go to standard\noutput as usual, with spans into the fixed file). Fixes that are one reading among several\n(`bi-annually`) or a proposal (`within 28 days`) are never applied; they are listed in the\nJSON diagnostics' `fixes`. A file is left untouched when nothing applies or when it would\nstill have syntax errors. --fix cannot read standard input (`-`)."
    )]
    Check(check::Args),
    /// Explain a diagnostic code, or list them all.
    #[command(
        after_help = "Examples:\n  protogov explain PG0003\n  protogov explain --list\n  protogov explain --markdown > docs/diagnostics.md"
    )]
    Explain(explain::Args),
    /// Write the outputs of protocol files: JSON, calendar (.ics), Graphviz (.dot) and SVG.
    #[command(
        after_help = "Examples:\n  protogov build examples/isle-of-wight.proto-gov --out out/\n  protogov build --emit ics --party cpb --remind 14d examples/isle-of-wight.proto-gov --out out/\n  protogov build --emit ics --out - examples/hampshire.proto-gov > hampshire.ics\n  protogov build --emit svg --renderer graphviz examples/rotherham.proto-gov --out out/\n\nFiles written: DIR/<file-stem>.json, .ics, .dot and .svg. Nothing is written when a\nfile has errors. The calendar's DTSTAMP comes from SOURCE_DATE_EPOCH when it is set."
    )]
    Build(build::Args),
    /// Print the reporting graph in the Graphviz language, for piping into `dot`.
    #[command(
        after_help = "Examples:\n  protogov graph examples/isle-of-wight.proto-gov > iow.dot\n  protogov graph examples/hampshire.proto-gov | dot -Tpdf -o hampshire.pdf"
    )]
    Graph(graph::Args),
    /// Print the JSON Schema of `build --emit json` (schema/protogov.schema.json), or with
    /// --plan that of `plan --format json` (schema/plan.schema.json).
    #[command(
        after_help = "Examples:\n  protogov schema > schema/protogov.schema.json\n  protogov schema --plan > schema/plan.schema.json"
    )]
    Schema(SchemaArgs),
    /// Print each body's forward plan: its meetings and the items each one receives.
    #[command(
        after_help = "Examples:\n  protogov plan examples/isle-of-wight.proto-gov\n  protogov plan --today 2026-01-01 --body cpb examples/isle-of-wight.proto-gov\n  protogov plan --from 2026-04-01 --to 2027-03-31 --format md -o plan.md examples/middlesbrough-set\n  protogov plan --format csv -o plan.csv examples/hampshire.proto-gov\n  protogov plan --format json examples/rotherham.proto-gov | jq '.bodies[].meetings'\n\nThe plan covers twelve months from --today (or today), or --from to --to. For each body\nthat meets or receives a duty: each meeting in the period with the items it receives (the\nduty, its document and clause, who presents it, its due date, and how late when the first\nmeeting that can take it is after its due date); the items due in the period that no\nmeeting in it receives; and the triggered, standing and undated duties, apart. A body\nwith no meeting dates has its items listed by due date. --color also colours the human\nplan (by default only on a terminal). See docs/plan.md.\nNothing is made from a file with errors. Exit status: 0 printed or written, 1 errors in\nthe file, 2 usage or I/O problem (an unknown --body, a file that cannot be written)."
    )]
    Plan(plan::Args),
    /// Rewrite protocol files in the canonical layout (see docs/formatting.md).
    #[command(
        after_help = "Examples:\n  protogov fmt examples/hampshire.proto-gov\n  protogov fmt --check examples/*.proto-gov\n  protogov fmt - < draft.proto-gov > tidy.proto-gov\n\nA file with syntax errors is never rewritten: its errors are shown instead.\nExit status: 0 formatted (or already formatted), 1 syntax errors or (with --check) a file not formatted, 2 usage or I/O problem."
    )]
    Fmt(fmt::Args),
    /// Run the language server on standard input and output, for editors.
    #[command(
        after_help = "Examples:\n  protogov lsp\n  protogov lsp --stdio\n\nEditors start this command themselves; see editors/README.md for VS Code, Neovim, Helix and Zed.\nExit status: 0 after shutdown and exit, 1 when the client exits without shutting down."
    )]
    Lsp(lsp::Args),
}

/// Parse the command line and run.
pub fn main() -> ExitCode {
    STDOUT_CLOSED.store(stdout_was_closed(), std::sync::atomic::Ordering::Relaxed);
    if let Err(e) = protogov::atomic::handle_interrupts() {
        say!("error: cannot set up the handling of interrupts: {e}");
        return ExitCode::from(EXIT_USAGE);
    }
    let cli = Cli::parse();
    let before = cli.before;
    let code = match cli.command {
        Command::Check(mut args) => {
            before.apply(&mut args.global);
            check::run(args)
        }
        Command::Explain(args) => explain::run(args),
        Command::Build(mut args) => {
            before.apply(&mut args.global);
            build::run(args)
        }
        Command::Graph(mut args) => {
            before.apply(&mut args.global);
            graph::run(args)
        }
        Command::Schema(args) if args.plan => print(protogov::emit::plan::schema()),
        Command::Schema(_) => print(protogov::emit::json::schema()),
        Command::Plan(mut args) => {
            before.apply(&mut args.global);
            plan::run(args)
        }
        Command::Fmt(mut args) => {
            before.apply_output(&mut args.output);
            fmt::run(args)
        }
        Command::Lsp(args) => lsp::run(args),
    };
    ExitCode::from(code)
}

/// Read a file to analyse: what `load` refuses, and a file that holds nothing but blanks,
/// are usage problems (exit 2) with the message to print.
pub fn load_for_analysis(path: &std::path::Path) -> Result<protogov::source::SourceFile, String> {
    let source = protogov::analysis::load(path).map_err(|e| e.to_string())?;
    if is_blank(&source.text) {
        return Err(format!(
            "`{}` is empty; there is nothing to check",
            path.display()
        ));
    }
    Ok(source)
}

/// A path from the command line, analysed: a folder is a set of the `.proto-gov` files
/// under it (with its `protogov.toml`, if any), a file is itself.
pub struct Input {
    /// The analysis of the file or of the whole set.
    pub analysis: protogov::analysis::Analysis,
    /// The set's settings, for a folder.
    pub config: Option<protogov::set::Config>,
    /// The day it was judged against: `--today`, else a set's `today`, else today.
    pub today: jiff::civil::Date,
}

/// Read and analyse what `path` names (see [`Input`]). A file or folder that cannot be
/// read is reported here; the error is the exit status to end with.
pub fn analyse_path(path: &std::path::Path, global: &Global) -> Result<Input, u8> {
    if path.as_os_str() != "-" && path.is_dir() {
        let set = match protogov::set::load(path) {
            Ok(set) => set,
            Err(e) => {
                if let Some((source, d)) = e.diagnostic() {
                    if let Err(m) = global.output.report(source, &[d], false) {
                        return Err(fail(m));
                    }
                    return Err(EXIT_ERRORS);
                }
                return Err(fail(e));
            }
        };
        let mut options = global.options();
        if let (None, Some(t)) = (global.today, set.config.today) {
            options.today = t;
        }
        let config = set.config.clone();
        let analysis = protogov::analysis::analyse_set(set, &options);
        return Ok(Input {
            analysis,
            config: Some(config),
            today: options.today,
        });
    }
    let source = load_for_analysis(path).map_err(fail)?;
    let options = global.options();
    Ok(Input {
        analysis: protogov::analysis::analyse_without_tree(source, &options),
        config: None,
        today: options.today,
    })
}

/// True when a file holds nothing but blanks (and perhaps a byte-order mark): every
/// command refuses it as a usage problem, since it is far more likely a wrong name or a
/// truncated file than a protocol.
pub fn is_blank(text: &str) -> bool {
    text.trim_start_matches('\u{feff}').trim().is_empty()
}

/// Print an I/O or usage problem the way every subcommand does.
pub fn fail(message: impl std::fmt::Display) -> u8 {
    say!(
        "error: {}",
        protogov::printable::visible(&message.to_string())
    );
    EXIT_USAGE
}

/// Write `text` to standard output and return the exit status: see [`write_stdout`].
pub fn print(text: impl AsRef<[u8]>) -> u8 {
    match write_stdout(text) {
        Ok(()) => EXIT_OK,
        Err(message) => fail(message),
    }
}

/// Write `bytes` to standard output. A reader that stops early (`protogov graph FILE |
/// head`) is not an error: what it did not read, it did not want. Any other failure to
/// write is, with the message to print.
pub fn write_stdout(bytes: impl AsRef<[u8]>) -> Result<(), String> {
    use std::io::Write;
    if STDOUT_CLOSED.load(std::sync::atomic::Ordering::Relaxed) {
        return Err("cannot write to standard output: it is closed".into());
    }
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes.as_ref()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(format!("cannot write to standard output: {e}")),
    }
}

/// True when the program started with standard output closed (`protogov graph F >&-`).
static STDOUT_CLOSED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// True when standard output was closed when the program started. The Rust runtime puts
/// `/dev/null`, opened for reading and writing, where it finds a standard stream closed,
/// so that a file opened later cannot take its place; what would be written there is
/// lost without an error. A shell's `>/dev/null` opens it for writing only, so the two
/// can be told apart.
#[cfg(unix)]
fn stdout_was_closed() -> bool {
    use std::os::fd::AsFd;
    use std::os::unix::fs::MetadataExt;
    let Ok(fd) = std::io::stdout().as_fd().try_clone_to_owned() else {
        return true;
    };
    // SAFETY: F_GETFL reads the flags of a descriptor this function owns.
    let flags = unsafe { libc::fcntl(std::os::fd::AsRawFd::as_raw_fd(&fd), libc::F_GETFL) };
    if flags < 0 || flags & libc::O_ACCMODE != libc::O_RDWR {
        return false;
    }
    let null = std::fs::metadata("/dev/null").map(|m| m.rdev());
    let out = std::fs::File::from(fd).metadata().map(|m| m.rdev());
    matches!((out, null), (Ok(a), Ok(b)) if a == b)
}

#[cfg(not(unix))]
fn stdout_was_closed() -> bool {
    false
}

/// Replace a source file's text (`fmt`, `check --fix`), refusing a file that may not be written. A symbolic link is
/// followed, so the file it points to is rewritten and the link kept; the file keeps its
/// hard links, owner, group and mode ([`protogov::atomic::replace_in_place`]).
pub(super) fn rewrite(path: &std::path::Path, text: &str, done: &str) -> Result<(), String> {
    let name = path.display();
    let target = std::fs::canonicalize(path).map_err(|e| format!("cannot write `{name}`: {e}"))?;
    let meta = std::fs::metadata(&target).map_err(|e| format!("cannot write `{name}`: {e}"))?;
    if meta.permissions().readonly() {
        return Err(format!(
            "`{name}` is read-only, so it was not {done}; make it writable and run again"
        ));
    }
    // A new text may be renamed into place, which needs only the directory to be
    // writable; ask for the file itself to be writable too, as an editor would.
    std::fs::OpenOptions::new()
        .write(true)
        .open(&target)
        .map_err(|e| format!("cannot write `{name}`: {e}"))?;
    let old = std::fs::read(&target).map_err(|e| format!("cannot write `{name}`: {e}"))?;
    protogov::atomic::replace_in_place(&target, &old, text.as_bytes())
        .map_err(|e| format!("cannot write `{name}`: {e}"))
}
