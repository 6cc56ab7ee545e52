//! `protogov graph FILE`: the reporting graph as DOT on standard output.

use super::{Global, EXIT_ERRORS};
use std::path::PathBuf;

/// Arguments of `graph`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The .proto-gov file to draw, or a folder: the set of its .proto-gov files, every
    /// body and the duties of every document.
    #[arg(value_name = "FILE|DIR")]
    file: PathBuf,
    /// The date, --deny and the diagnostics' form.
    #[command(flatten)]
    pub global: Global,
}

/// Print the DOT of one file, or its diagnostics when it has errors.
pub fn run(args: Args) -> u8 {
    let global = &args.global;
    let analysis = match super::analyse_path(&args.file, global) {
        Ok(input) => input.analysis,
        Err(code) => return code,
    };
    let shown = global.output.report_analysis(&analysis, true);
    if let Err(message) = shown {
        return super::fail(message);
    }
    if super::build::fails(&analysis, global) {
        say!(
            "error: no graph was printed: {}",
            super::build::refusal([&analysis])
        );
        return EXIT_ERRORS;
    }
    super::print(protogov::emit::dot::emit(&analysis))
}
