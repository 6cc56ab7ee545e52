//! `protogov explain CODE`

use super::EXIT_USAGE;
use protogov::codes;

/// Arguments of `explain`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The code to explain, such as PG0003. Without one, the codes are listed.
    #[arg(value_name = "CODE")]
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
    if args.code.is_none() && !args.markdown && !args.list {
        say!("`protogov explain CODE` explains one of these codes:");
    }
    if args.list || (args.code.is_none() && !args.markdown) {
        let list: String = codes::all()
            .iter()
            .map(|c| format!("{}  {:<7}  {}\n", c.code, c.severity.as_str(), c.summary))
            .collect();
        return super::print(list);
    }
    if args.markdown {
        return super::print(codes::markdown());
    }
    let code = args.code.unwrap_or_default();
    match codes::lookup(&code) {
        Some(c) => super::print(format!(
            "{} ({}): {}\n\n{}\n",
            c.code,
            c.severity.as_str(),
            c.summary,
            c.explanation
        )),
        None => {
            say!(
                "error: `{code}` is not a protogov diagnostic code; `protogov explain --list` shows them all"
            );
            EXIT_USAGE
        }
    }
}
