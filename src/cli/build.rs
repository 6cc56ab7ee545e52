//! `protogov build FILE…|DIR --emit json,ics,dot,svg --out DIR`

use super::{Global, EXIT_ERRORS, EXIT_OK, EXIT_USAGE};
use protogov::analysis::Analysis;
use protogov::diagnostic::Severity;
use protogov::emit::{self, ics, json, svg, Format};
use std::path::{Path, PathBuf};

/// Arguments of `build`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The .proto-gov files to build, each on its own; or a folder, whose .proto-gov files
    /// are built as one set (one output of each format, named after the folder).
    #[arg(required = true, value_name = "FILE|DIR")]
    files: Vec<PathBuf>,
    /// The outputs to write, separated by commas: json, ics, dot, svg.
    #[arg(long, value_name = "FORMATS", value_delimiter = ',', value_parser = parse_format, default_value = "json,ics,dot,svg")]
    emit: Vec<Format>,
    /// The directory to write into (created if missing), or `-` to write one format to
    /// standard output.
    #[arg(long, value_name = "DIR", default_value = "out")]
    out: PathBuf,
    /// Make the calendar one body's own feed: what it sends, receives and attends (roles
    /// seated on the body count as the body).
    #[arg(long, value_name = "ID")]
    party: Option<String>,
    /// Add a reminder this long before each due date in the calendar: 14d, 2w, 1d.
    #[arg(long, value_name = "LEAD", value_parser = parse_reminder)]
    remind: Option<ics::Reminder>,
    /// Who draws the SVG: `embedded` (protogov's own layout, the same on every machine) or
    /// `graphviz` (runs `dot` from PATH). Default: `embedded`, or a set's `renderer` in its
    /// protogov.toml.
    #[arg(long, value_enum, value_name = "RENDERER")]
    renderer: Option<RendererArg>,
    /// The date, --deny and the diagnostics' form.
    #[command(flatten)]
    pub global: Global,
}

/// Who draws the SVG.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum RendererArg {
    /// Graphviz's `dot -Tsvg`.
    Graphviz,
    /// protogov's own layout.
    Embedded,
}

fn parse_format(s: &str) -> Result<Format, String> {
    Format::parse(s)
        .ok_or_else(|| format!("`{s}` is not an output format; choose from json, ics, dot and svg"))
}

fn parse_reminder(s: &str) -> Result<ics::Reminder, String> {
    s.parse()
}

/// True when the analysis must not be built: errors, or warnings under `--deny warnings`.
pub fn fails(analysis: &Analysis, global: &Global) -> bool {
    analysis.has_errors() || (global.deny_warnings() && analysis.count(Severity::Warning) > 0)
}

/// Why outputs were refused: errors, or only warnings that `--deny warnings` denies.
pub fn refusal<'a>(analyses: impl IntoIterator<Item = &'a Analysis>) -> &'static str {
    if analyses.into_iter().any(Analysis::has_errors) {
        "fix the errors above first"
    } else {
        "the warnings above are denied (--deny warnings)"
    }
}

/// `SOURCE_DATE_EPOCH`, when set; an error when it is not a number of seconds since 1970
/// that a calendar can carry: from 0 to the latest time of the date library, at the end of
/// 9999 (the last year with four digits).
fn source_date_epoch() -> Result<Option<i64>, String> {
    let v = match std::env::var_os("SOURCE_DATE_EPOCH") {
        None => return Ok(None),
        Some(v) => v.to_string_lossy().into_owned(),
    };
    if v.trim().is_empty() {
        return Ok(None);
    }
    let last = jiff::Timestamp::MAX.as_second();
    match v.trim().parse::<i64>() {
        Ok(s) if (0..=last).contains(&s) => Ok(Some(s)),
        Ok(_) => Err(format!(
            "SOURCE_DATE_EPOCH is `{v}`, outside the times a calendar can carry; it must be \
             from 0 (1970-01-01) to {last} ({})",
            jiff::Timestamp::MAX.strftime("%Y-%m-%d")
        )),
        Err(_) => Err(format!(
            "SOURCE_DATE_EPOCH is `{v}`; it must be a number of seconds since 1970"
        )),
    }
}

/// Build every file; write nothing unless every file builds; return the exit status.
pub fn run(args: Args) -> u8 {
    let global = &args.global;
    let mut formats = args.emit.clone();
    formats.sort();
    formats.dedup();
    let to_stdout = args.out.as_os_str() == "-";
    if to_stdout && formats.len() != 1 {
        return super::fail(
            "`--out -` writes one format to standard output; choose it with `--emit`, such as `--emit ics`",
        );
    }
    if to_stdout && args.files.len() != 1 {
        return super::fail("`--out -` builds one file at a time");
    }
    let epoch = match source_date_epoch() {
        Ok(e) => e,
        Err(m) => return super::fail(m),
    };
    let options = global.options();

    // Read and check every file first.
    let mut analyses = Vec::new();
    let mut io_failed = false;
    let mut failed = false;
    let mut renderer_set = None;
    // The day each input is judged against (a set's settings may fix it).
    let mut todays = Vec::new();
    for path in &args.files {
        let analysis = match super::analyse_path(path, global) {
            Ok(input) => {
                if let Some(r) = input.config.as_ref().and_then(|c| c.renderer.clone()) {
                    renderer_set.get_or_insert(r);
                }
                todays.push(input.today);
                input.analysis
            }
            Err(EXIT_ERRORS) => {
                failed = true;
                continue;
            }
            Err(_) => {
                io_failed = true;
                continue;
            }
        };
        let shown = global.output.report_analysis(&analysis, to_stdout);
        if let Err(message) = shown {
            return super::fail(message);
        }
        failed |= fails(&analysis, global);
        analyses.push((path.clone(), analysis));
    }
    if io_failed {
        return EXIT_USAGE;
    }
    if failed {
        say!(
            "error: nothing was written: {}",
            refusal(analyses.iter().map(|(_, a)| a))
        );
        return EXIT_ERRORS;
    }

    // Make every output in memory.
    let renderer = match (args.renderer, renderer_set.as_deref()) {
        (Some(RendererArg::Graphviz), _) | (None, Some("graphviz")) => svg::Renderer::Graphviz,
        _ => svg::Renderer::Embedded,
    };
    let ics_options = ics::Options {
        party: args.party.clone(),
        remind: args.remind,
        source_date_epoch: epoch,
    };
    let mut outputs: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    for (i, (path, analysis)) in analyses.iter().enumerate() {
        let json_options = json::Options {
            today: todays.get(i).copied().unwrap_or(options.today),
            occurrences: 5,
        };
        // The name's own bytes, so that two names that are not UTF-8 stay two names; a
        // set's outputs are named after its folder (`.` as well).
        let stem = if analysis.set.is_some() {
            std::fs::canonicalize(path)
                .ok()
                .and_then(|p| p.file_name().map(std::ffi::OsStr::to_os_string))
        } else {
            path.file_stem().map(std::ffi::OsStr::to_os_string)
        }
        .unwrap_or_else(|| "protocol".into());
        for f in &formats {
            let bytes = match f {
                Format::Json => json::emit(analysis, &json_options).into_bytes(),
                Format::Ics => match ics::emit(analysis, &ics_options) {
                    Ok(s) if to_stdout => s.into_bytes(),
                    Ok(s) => restamp(s, &args.out.join(ics_name(&stem)), epoch).into_bytes(),
                    Err(e) => return super::fail(format!("{}: {e}", path.display())),
                },
                Format::Dot => emit::dot::emit(analysis).into_bytes(),
                Format::Svg => match svg::emit(analysis, renderer) {
                    Ok(b) => b,
                    Err(e) => return super::fail(format!("{}: {e}", path.display())),
                },
            };
            let mut name = stem.clone();
            name.push(".");
            name.push(f.extension());
            let target = args.out.join(name);
            if is_an_input(&target, &analyses) {
                return super::fail(format!(
                    "`{}` is one of the files being built, and building would overwrite it; \
                     build into another directory (`--out DIR`)",
                    target.display()
                ));
            }
            if outputs.iter().any(|(p, _)| *p == target) {
                return super::fail(format!(
                    "two files would both write `{}`; build them into different directories",
                    target.display()
                ));
            }
            outputs.push((target, bytes));
        }
    }

    if to_stdout {
        // One file and one format: one output.
        let bytes: Vec<u8> = outputs.into_iter().flat_map(|(_, b)| b).collect();
        return super::print(bytes);
    }
    match write_all(&args.out, &outputs) {
        Ok(()) => {
            let names: Vec<String> = outputs
                .iter()
                .map(|(p, _)| p.display().to_string())
                .collect();
            say!("wrote {}", protogov::printable::visible(&names.join(", ")));
            EXIT_OK
        }
        Err(m) => super::fail(m),
    }
}

/// The calendar's file name for a stem.
fn ics_name(stem: &std::ffi::OsStr) -> std::ffi::OsString {
    let mut name = stem.to_os_string();
    name.push(".ics");
    name
}

/// The calendar stamped against the one already at `target` ([`ics::update`]): changed
/// events get the next `SEQUENCE` and the time now (`SOURCE_DATE_EPOCH` when set, else
/// the clock). A previous file that cannot be read is no error: the calendar is written
/// as new. It is only read here; it is replaced, as every output, once all are made.
fn restamp(new: String, target: &Path, epoch: Option<i64>) -> String {
    let Ok(previous) = std::fs::read(target) else {
        return new;
    };
    let Ok(previous) = String::from_utf8(previous) else {
        return new;
    };
    let now = epoch.unwrap_or_else(|| jiff::Timestamp::now().as_second());
    ics::update(&new, &previous, now)
}

/// Create `dir` and replace every output, all or none ([`protogov::atomic::replace_all`]).
/// On failure every earlier output is as it was, and a directory this run created is
/// removed again.
fn write_all(dir: &Path, outputs: &[(PathBuf, Vec<u8>)]) -> Result<(), String> {
    let existed = dir.is_dir();
    if !existed && dir.exists() {
        return Err(format!(
            "`{}` is a file, not a directory: give --out a directory (it is made if missing), or `-` for standard output",
            dir.display()
        ));
    }
    if let Err(e) = std::fs::create_dir_all(dir) {
        return Err(format!(
            "cannot create the output directory `{}`: {e}",
            dir.display()
        ));
    }
    protogov::atomic::replace_all(outputs).map_err(|e| {
        if !existed {
            let _ = std::fs::remove_dir(dir);
        }
        format!("{e}; nothing was written")
    })
}

/// True when `target` is the same file as one of the inputs (`p.dot` built with
/// `--emit dot --out .`): an output never replaces what it is built from.
fn is_an_input<T>(target: &std::path::Path, inputs: &[(PathBuf, T)]) -> bool {
    let Ok(target) = std::fs::canonicalize(target) else {
        return false; // a file that does not exist yet is no input
    };
    inputs
        .iter()
        .any(|(p, _)| std::fs::canonicalize(p).is_ok_and(|p| p == target))
}
