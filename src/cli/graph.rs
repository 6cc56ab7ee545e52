//! `protogov graph FILE`: the reporting graph as DOT on standard output.

use super::{Global, EXIT_ERRORS};
use protogov::analysis::analyse_without_tree;
use std::path::PathBuf;

/// Arguments of `graph`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The .proto-gov file to draw.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// The date, --deny and the diagnostics' form.
    #[command(flatten)]
    pub global: Global,
}

/// Print the DOT of one file, or its diagnostics when it has errors.
pub fn run(args: Args) -> u8 {
    let global = &args.global;
    let source = match super::load_for_analysis(&args.file) {
        Ok(s) => s,
        Err(e) => return super::fail(e),
    };
    let analysis = analyse_without_tree(source, &global.options());
    let shown = global
        .output
        .report(&analysis.source, &analysis.diagnostics, true);
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
