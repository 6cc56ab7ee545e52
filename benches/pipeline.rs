//! Benchmarks of the compiler's stages on generated protocols of 1k, 10k and 100k duties.
//!
//! ```sh
//! cargo bench --bench pipeline                 # every stage at every size
//! cargo bench --bench pipeline -- parse/10k    # one stage at one size
//! PROTOGOV_BENCH_SIZES=1000,10000 cargo bench --bench pipeline
//! cargo bench --bench pipeline -- check_set    # a region's set of 100-duty protocols
//! ```
//!
//! The inputs come from `benches/support/corpus.rs` (the generator behind
//! `examples/gen_corpus.rs`), so no fixture files are needed and every input is clean.
//!
//! Adding a stage is one function: write `fn NAME(input: &Input) -> impl Sized` that runs
//! the stage on the prepared input and add `("NAME", |i| { black_box(NAME(i)); })` to
//! [`STAGES`], as `fmt` and the `emit_*` stages are.

#[path = "support/corpus.rs"]
mod corpus;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use protogov::analysis::{analyse, analyse_without_tree, Analysis, Options};
use protogov::source::SourceFile;
use protogov::syntax::{self, Parsed};
use std::hint::black_box;
use std::time::Duration;

/// One prepared input: the text, and the results of the stages before the one measured.
pub struct Input {
    /// The generated source text.
    pub text: String,
    /// The text parsed.
    pub parsed: Parsed,
    /// The text analysed (for stages that start from a complete analysis: emitters).
    pub analysis: Analysis,
    /// The options every analysis uses (a fixed date, so results do not drift).
    pub options: Options,
}

/// A stage to measure: its name, and what to run on a prepared input.
type Stage = (&'static str, fn(&Input));

/// Every stage measured, by name.
const STAGES: &[Stage] = &[
    ("parse", |i| {
        black_box(parse(i));
    }),
    ("parse_with_pest", |i| {
        black_box(parse_with_pest(i));
    }),
    ("resolve_and_check", |i| {
        black_box(resolve_and_check(i));
    }),
    ("analyse", |i| {
        black_box(analyse_all(i));
    }),
    ("analyse_keeping_tree", |i| {
        black_box(analyse_keeping_tree(i));
    }),
    ("fmt", |i| {
        black_box(fmt(i));
    }),
    ("emit_json", |i| {
        black_box(emit_json(i));
    }),
    ("emit_ics", |i| {
        black_box(emit_ics(i));
    }),
    ("emit_dot", |i| {
        black_box(emit_dot(i));
    }),
    ("emit_svg", |i| {
        black_box(emit_svg(i));
    }),
];

/// Text to syntax tree: the lexical pre-scan, the hand-written reader (the grammar for
/// the items it leaves) and lowering.
fn parse(input: &Input) -> Parsed {
    syntax::parse(&input.text)
}

/// The same with the grammar alone, without the hand-written reader of well-formed items:
/// the figure the `parse` stage is compared against.
fn parse_with_pest(input: &Input) -> Parsed {
    syntax::parse_with_pest(&input.text)
}

/// Syntax tree to diagnostics: the model, the reporting graph and every check.
fn resolve_and_check(input: &Input) -> usize {
    let model = protogov::model::resolve(&input.parsed.file, input.options.today);
    let graph = protogov::graph::build(&model);
    protogov::checks::run(&model, &graph, input.options.today).len()
}

/// Text to a complete analysis, as `protogov check` does before rendering (each item goes
/// to the model as soon as it is read; no whole tree is held).
fn analyse_all(input: &Input) -> Analysis {
    analyse_without_tree(
        SourceFile::new("bench.proto-gov", input.text.clone()),
        &input.options,
    )
}

/// Text to a complete analysis with the syntax tree kept, as the language server does.
fn analyse_keeping_tree(input: &Input) -> Analysis {
    analyse(
        SourceFile::new("bench.proto-gov", input.text.clone()),
        &input.options,
    )
}

/// `protogov fmt`: the canonical text, checked by reading it back.
fn fmt(input: &Input) -> usize {
    protogov::fmt::format_source(&input.text).map_or(0, |t| t.len())
}

/// `protogov build --format json`, with the command's five due dates per duty.
fn emit_json(input: &Input) -> String {
    let options = protogov::emit::json::Options {
        today: input.options.today,
        occurrences: 5,
    };
    protogov::emit::json::emit(&input.analysis, &options)
}

/// `protogov build --format ics`.
fn emit_ics(input: &Input) -> usize {
    let options = protogov::emit::ics::Options {
        source_date_epoch: Some(0),
        ..Default::default()
    };
    protogov::emit::ics::emit(&input.analysis, &options).map_or(0, |t| t.len())
}

/// `protogov build --format dot`.
fn emit_dot(input: &Input) -> String {
    protogov::emit::dot::emit(&input.analysis)
}

/// `protogov build --format svg` with the embedded layout (Graphviz is not measured).
fn emit_svg(input: &Input) -> usize {
    protogov::emit::svg::emit(&input.analysis, protogov::emit::svg::Renderer::Embedded)
        .map_or(0, |t| t.len())
}

fn sizes() -> Vec<usize> {
    std::env::var("PROTOGOV_BENCH_SIZES")
        .ok()
        .map(|v| v.split(',').filter_map(|s| s.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000, 10_000, 100_000])
}

fn label(n: usize) -> String {
    if n % 1000 == 0 {
        format!("{}k", n / 1000)
    } else {
        n.to_string()
    }
}

fn prepare(duties: usize) -> Input {
    let text = corpus::generate(&corpus::Config::new(duties));
    let options = Options {
        today: jiff::civil::date(2026, 11, 23),
    };
    let parsed = syntax::parse(&text);
    let analysis = analyse(SourceFile::new("bench.proto-gov", text.clone()), &options);
    assert!(
        analysis.diagnostics.is_empty(),
        "the generated corpus of {duties} duties is not clean"
    );
    Input {
        text,
        parsed,
        analysis,
        options,
    }
}

fn stages(c: &mut Criterion) {
    for duties in sizes() {
        let input = prepare(duties);
        for (name, run) in STAGES {
            let mut group = c.benchmark_group(*name);
            group.throughput(Throughput::Bytes(input.text.len() as u64));
            if duties >= 50_000 {
                // About a second an iteration: ten samples keep a run to minutes.
                group.sample_size(10);
                group.warm_up_time(Duration::from_secs(2));
                group.measurement_time(Duration::from_secs(20));
            } else if duties >= 5_000 {
                group.sample_size(20);
            }
            group.bench_with_input(
                BenchmarkId::from_parameter(label(duties)),
                &input,
                |b, i| b.iter(|| run(i)),
            );
            group.finish();
        }
    }
}

/// Duties per protocol in the `check_set` benchmark: about what a published protocol
/// between two boards holds once every report and meeting is written as a duty.
const DUTIES_PER_PROTOCOL: usize = 100;

/// `protogov check` of a region's set of protocols, one file after another: the same
/// number of duties as each size above, shared between `duties / 100` protocol files.
fn check_set(c: &mut Criterion) {
    let options = Options {
        today: jiff::civil::date(2026, 11, 23),
    };
    for duties in sizes() {
        let protocols = (duties / DUTIES_PER_PROTOCOL).max(1);
        let set = corpus::generate_set(&corpus::Config::new(duties), protocols);
        let bytes: usize = set.iter().map(|(_, t)| t.len()).sum();
        let mut group = c.benchmark_group("check_set");
        group.throughput(Throughput::Bytes(bytes as u64));
        if duties >= 50_000 {
            group.sample_size(10);
        }
        group.bench_with_input(
            BenchmarkId::from_parameter(label(duties)),
            &set,
            |b, set| {
                b.iter(|| {
                    let mut problems = 0;
                    for (name, text) in set {
                        let file = SourceFile::new(name.as_str(), text.clone());
                        problems += analyse_without_tree(file, &options).diagnostics.len();
                    }
                    assert_eq!(problems, 0, "the generated protocol set is not clean");
                })
            },
        );
        group.finish();
    }
}

criterion_group!(benches, stages, check_set);
criterion_main!(benches);
