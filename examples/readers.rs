//! The two ways of reading a set of protocol files, side by side: `syntax::parse` (the
//! pre-scan, the hand-written reader, the grammar for what it declines) and
//! `syntax::parse_with_pest` (the pre-scan and the grammar alone), over the same files,
//! with `analyse_without_tree` (what `check` does to each file) for scale. Each is the
//! least CPU time of the thread over `--repeat` rounds (default 5). The figures decide
//! whether the hand-written reader pays its way (see docs/performance.md).
//!
//! ```sh
//! cargo run --release --example gen_corpus -- --duties 100000 --protocols 1000 -o /tmp/region
//! cargo run --release --example readers -- /tmp/region/*.proto-gov
//! ```

use protogov::analysis::{analyse_without_tree, Options};
use protogov::source::SourceFile;
use protogov::syntax;
use std::process::ExitCode;
use std::time::Duration;

/// The CPU time this thread has run, from `/proc/thread-self/schedstat` (Linux), so that
/// other processes on a busy machine do not count; the wall clock elsewhere.
fn cpu() -> Duration {
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|t| t.split_whitespace().next()?.parse().ok())
        .map(Duration::from_nanos)
        .unwrap_or_else(|| START.get_or_init(std::time::Instant::now).elapsed())
}

/// The least CPU time of `repeat` runs of `f`.
fn least(repeat: usize, mut f: impl FnMut()) -> Duration {
    (0..repeat)
        .map(|_| {
            let start = cpu();
            f();
            cpu() - start
        })
        .min()
        .unwrap_or_default()
}

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut repeat = 5;
    if let Some(i) = args.iter().position(|a| a == "--repeat") {
        repeat = args.get(i + 1).and_then(|n| n.parse().ok()).unwrap_or(5);
        args.drain(i..(i + 2).min(args.len()));
    }
    let mut texts = Vec::new();
    for path in &args {
        match std::fs::read_to_string(path) {
            Ok(t) => texts.push((path.clone(), t)),
            Err(e) => {
                eprintln!("readers: {path}: {e}");
                return ExitCode::from(2);
            }
        }
    }
    let bytes: usize = texts.iter().map(|(_, t)| t.len()).sum();
    println!("{} files, {:.1} MB", texts.len(), bytes as f64 / 1e6);
    let options = Options {
        today: jiff::civil::date(2026, 11, 23),
    };
    let report = |what: &str, took: Duration| {
        println!(
            "{what:>20}: {:>8.1} ms ({:.0} MB/s)",
            took.as_secs_f64() * 1e3,
            bytes as f64 / 1e6 / took.as_secs_f64()
        );
    };
    report(
        "parse",
        least(repeat, || {
            for (_, t) in &texts {
                std::hint::black_box(syntax::parse(t));
            }
        }),
    );
    report(
        "parse_with_pest",
        least(repeat, || {
            for (_, t) in &texts {
                std::hint::black_box(syntax::parse_with_pest(t));
            }
        }),
    );
    report(
        "analyse_without_tree",
        least(repeat, || {
            for (name, t) in &texts {
                let source = SourceFile::new(name.as_str(), t.as_str());
                std::hint::black_box(analyse_without_tree(source, &options));
            }
        }),
    );
    ExitCode::SUCCESS
}
