//! Write a generated, clean protocol file of any size, for benchmarks and stress tests.
//!
//! ```sh
//! cargo run --release --example gen_corpus -- --duties 100000 -o /tmp/100k.proto-gov
//! cargo run --release --example gen_corpus -- --duties 1000          # to standard output
//! cargo run --release --example gen_corpus -- --duties 100000 --protocols 1000 -o /tmp/region
//! cargo run --release --example gen_corpus -- --duties 100000 --protocols 1000 --one-set -o /tmp/set
//! ```
//!
//! Options: `--duties N` (default 1000), `--seed N` (default 24301), `--review-year YYYY`
//! (default 2199: the year of the protocol's next review), `-o FILE` (default: standard
//! output). With `--protocols N`, it writes a region's set of N protocol files that share
//! the duties between them, into the directory `-o DIR` (made if missing); with
//! `--one-set` too, the files are one set for `protogov check DIR`, their names apart and
//! their parties declared once. The same
//! options always give the same files. See `benches/support/corpus.rs` for what is
//! generated and why it is clean.

#[path = "../benches/support/corpus.rs"]
mod corpus;

use std::io::Write;
use std::process::ExitCode;

const USAGE: &str = "usage: gen_corpus [--duties N] [--seed N] [--review-year YYYY] [-o FILE]\n       gen_corpus --protocols N [--one-set] [--duties N] [--seed N] [--review-year YYYY] -o DIR";

fn usage(problem: &str) -> ExitCode {
    eprintln!("error: {problem}");
    eprintln!("{USAGE}");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let mut cfg = corpus::Config::new(1000);
    let mut output: Option<String> = None;
    let mut protocols: Option<usize> = None;
    let mut one_set = false;
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
            "--protocols" => value("--protocols").and_then(|v| {
                let n = v.parse().ok().filter(|n| *n > 0);
                protocols = Some(n.ok_or(format!("`{v}` is not a count of protocols"))?);
                Ok(())
            }),
            "--one-set" => {
                one_set = true;
                Ok(())
            }
            "-o" | "--output" => value("-o").map(|v| output = Some(v)),
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            other => Err(format!("unknown argument `{other}`")),
        };
        if let Err(e) = result {
            return usage(&e);
        }
    }
    if let Some(n) = protocols {
        let Some(dir) = output else {
            return usage("--protocols writes several files: give a directory with -o DIR");
        };
        return write_set(&cfg, n, one_set, std::path::Path::new(&dir));
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

/// Write a region's set of `n` protocols into `dir`.
/// With `one_set`, the files are one set (`protogov check DIR`), their names apart.
fn write_set(cfg: &corpus::Config, n: usize, one_set: bool, dir: &std::path::Path) -> ExitCode {
    let mut set = corpus::generate_set(cfg, n);
    if one_set {
        set = corpus::as_one_set(set);
    }
    let written = std::fs::create_dir_all(dir).and_then(|()| {
        set.iter()
            .try_for_each(|(name, text)| std::fs::write(dir.join(name), text))
    });
    if let Err(e) = written {
        eprintln!("error: cannot write into {}: {e}", dir.display());
        return ExitCode::from(1);
    }
    let bytes: usize = set.iter().map(|(_, t)| t.len()).sum();
    eprintln!(
        "wrote {} files into {}: {} duties, {bytes} bytes",
        set.len(),
        dir.display(),
        cfg.duties
    );
    ExitCode::SUCCESS
}
