//! `protogov explain CODE`

use super::{EXIT_OK, EXIT_USAGE};
use protogov::codes;

/// Arguments of `explain`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The code to explain, such as PG0003.
    #[arg(value_name = "CODE", required_unless_present_any = ["list", "markdown"])]
    code: Option<String>,
    /// List every code, one a line: code, severity, summary.
    #[arg(long, conflicts_with = "markdown")]
    list: bool,
    /// Print every explanation as one Markdown page (the source of docs/diagnostics.md).
    #[arg(long)]
    markdown: bool,
}

/// Print an explanation, the list, or the Markdown page.
pub fn run(args: Args) -> u8 {
    if args.list {
        for c in codes::all() {
            println!("{}  {:<7}  {}", c.code, c.severity.as_str(), c.summary);
        }
        return EXIT_OK;
    }
    if args.markdown {
        print!("{}", codes::markdown());
        return EXIT_OK;
    }
    let code = args.code.unwrap_or_default();
    match codes::lookup(&code) {
        Some(c) => {
            println!("{} ({}): {}\n", c.code, c.severity.as_str(), c.summary);
            println!("{}", c.explanation);
            EXIT_OK
        }
        None => {
            eprintln!(
                "error: `{code}` is not a protogov diagnostic code; `protogov explain --list` shows them all"
            );
            EXIT_USAGE
        }
    }
}
