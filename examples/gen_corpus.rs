//! Write a generated, clean protocol file of any size, for benchmarks and stress tests.
//!
//! ```sh
//! cargo run --release --example gen_corpus -- --duties 100000 -o /tmp/100k.proto-gov
//! cargo run --release --example gen_corpus -- --duties 1000          # to standard output
//! ```
//!
//! Options: `--duties N` (default 1000), `--seed N` (default 24301), `--review-year YYYY`
//! (default 2199: the year of the protocol's next review), `-o FILE` (default: standard
//! output). The same options always give the same file. See `benches/support/corpus.rs`
//! for what is generated and why it is clean.

#[path = "../benches/support/corpus.rs"]
mod corpus;

use std::io::Write;
use std::process::ExitCode;

fn usage(problem: &str) -> ExitCode {
    eprintln!("error: {problem}");
    eprintln!("usage: gen_corpus [--duties N] [--seed N] [--review-year YYYY] [-o FILE]");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let mut cfg = corpus::Config::new(1000);
    let mut output: Option<String> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        let result: Result<(), String> = match arg.as_str() {
            "--duties" => value("--duties").and_then(|v| {
                cfg.duties = v.parse().map_err(|_| format!("`{v}` is not a count"))?;
                Ok(())
            }),
            "--seed" => value("--seed").and_then(|v| {
                cfg.seed = v.parse().map_err(|_| format!("`{v}` is not a number"))?;
                Ok(())
            }),
            "--review-year" => value("--review-year").and_then(|v| {
                cfg.review_year = v
                    .parse()
                    .ok()
                    .filter(|y| (1900..=2200).contains(y))
                    .ok_or(format!("`{v}` is not a year between 1900 and 2200"))?;
                Ok(())
            }),
            "-o" | "--output" => value("-o").map(|v| output = Some(v)),
            "-h" | "--help" => {
                println!(
                    "usage: gen_corpus [--duties N] [--seed N] [--review-year YYYY] [-o FILE]"
                );
                return ExitCode::SUCCESS;
            }
            other => Err(format!("unknown argument `{other}`")),
        };
        if let Err(e) = result {
            return usage(&e);
        }
    }
    let text = corpus::generate(&cfg);
    let written = match &output {
        Some(path) => std::fs::write(path, &text),
        None => std::io::stdout().write_all(text.as_bytes()),
    };
    match written {
        Ok(()) => {
            if let Some(path) = output {
                eprintln!(
                    "wrote {path}: {} duties, {} bytes, {} lines",
                    cfg.duties,
                    text.len(),
                    text.lines().count()
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write: {e}");
            ExitCode::from(1)
        }
    }
}
