//! Time and memory of each stage of `protogov check` on one file: read, parse, resolve,
//! graph, each check family, sort and render. A quick way to see where a run goes before
//! reaching for a profiler.
//!
//! ```sh
//! cargo run --release --example gen_corpus -- --duties 100000 -o /tmp/100k.proto-gov
//! cargo run --release --example stages -- /tmp/100k.proto-gov
//! cargo run --release --example stages -- /tmp/100k.proto-gov --repeat 5   # best of 5
//! cargo run --release --example stages -- /tmp/100k.proto-gov --keep-tree
//! ```
//!
//! By default each item goes to the model as soon as it is read, as in `check` and
//! `build` (parsing and resolving are then one stage); `--keep-tree` reads the whole tree
//! first and keeps it, as the language server does.
//!
//! For each stage it prints the time it took (the best of `--repeat` runs, default 3; CPU
//! time of the thread where Linux reports it, so a busy machine does not inflate it, in
//! the kernel's accounting steps of a few milliseconds: read short stages on a large
//! input),
//! the heap bytes the stage still holds when it ends, the most it held at once while it ran
//! (both counted from what was live when it started), and the peak of live heap bytes
//! over the whole run, measured by a counting allocator around the system one. The heap
//! is not the whole resident set (code, stacks and the allocator's own slack are not in
//! it), but it is the part the stages decide.
//! The date the checks judge against is fixed (2026-01-01) so runs are comparable.

use protogov::analysis::{load, Options};
use protogov::diagnostic::Diagnostic;
use protogov::{checks, graph, model, render, syntax};
use std::alloc::{GlobalAlloc, Layout, System};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The system allocator, counting live and peak bytes.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged to the system allocator.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded unchanged to the system allocator.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                let now = LIVE.fetch_add(new_size - layout.size(), Ordering::Relaxed)
                    + (new_size - layout.size());
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// The CPU time this thread has run, from `/proc/thread-self/schedstat` (Linux), so that
/// other processes on a busy machine do not count; `None` elsewhere.
fn cpu_time() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = text.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

/// A clock: this thread's CPU time where it can be read, else the wall clock.
fn now() -> (Option<Duration>, Instant) {
    (cpu_time(), Instant::now())
}

fn since(start: (Option<Duration>, Instant)) -> Duration {
    match (start.0, cpu_time()) {
        (Some(a), Some(b)) => b.saturating_sub(a),
        _ => start.1.elapsed(),
    }
}

fn live() -> usize {
    LIVE.load(Ordering::Relaxed)
}

/// One measured stage: its best time, the bytes it left allocated and the most it had
/// allocated at once beyond what was live when it started.
struct Row {
    name: &'static str,
    best: Duration,
    held: isize,
    peak: isize,
}

/// Run `f` `repeat` times, keep the last result, record the best time and what the
/// last run left allocated.
fn stage<T>(rows: &mut Vec<Row>, name: &'static str, repeat: usize, mut f: impl FnMut() -> T) -> T {
    let mut best = Duration::MAX;
    let mut out = None;
    let mut held = 0;
    let mut peak = 0;
    let overall = PEAK.load(Ordering::Relaxed);
    for _ in 0..repeat.max(1) {
        drop(out.take());
        let before = live();
        PEAK.store(before, Ordering::Relaxed);
        let start = now();
        let v = f();
        best = best.min(since(start));
        held = live() as isize - before as isize;
        peak = PEAK.load(Ordering::Relaxed) as isize - before as isize;
        out = Some(v);
    }
    PEAK.fetch_max(overall, Ordering::Relaxed);
    rows.push(Row {
        name,
        best,
        held,
        peak,
    });
    match out {
        Some(v) => v,
        None => f(),
    }
}

fn mib(bytes: isize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn main() -> ExitCode {
    let mut path = None;
    let mut repeat = 3;
    let mut keep_tree = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--keep-tree" => keep_tree = true,
            "--repeat" => match args.next().and_then(|v| v.parse().ok()) {
                Some(n) => repeat = n,
                None => {
                    eprintln!("error: --repeat needs a count");
                    return ExitCode::from(2);
                }
            },
            _ => path = Some(a),
        }
    }
    let Some(path) = path else {
        eprintln!("usage: stages FILE [--repeat N] [--keep-tree]");
        return ExitCode::from(2);
    };
    let today = jiff::civil::date(2026, 1, 1);
    let options = Options { today };
    let mut rows = Vec::new();
    let source = match stage(&mut rows, "read", 1, || load(std::path::Path::new(&path))) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let input = source.text.len();
    let (model, parse_diagnostics) = if keep_tree {
        let parsed = stage(&mut rows, "parse", repeat, || syntax::parse(&source.text));
        let model = stage(&mut rows, "resolve", repeat, || {
            model::resolve(&parsed.file, options.today)
        });
        (model, parsed.diagnostics)
    } else {
        // As `check` and `build` do: each item goes to the model as soon as it is read.
        let (parsed, model) = stage(&mut rows, "parse + resolve", repeat, || {
            let mut builder = model::ModelBuilder::new(options.today);
            let parsed = syntax::parse_into(&source.text, &mut builder);
            (parsed, builder.finish())
        });
        (model, parsed.diagnostics)
    };
    let graph = stage(&mut rows, "graph", repeat, || graph::build(&model));
    let mut diags: Vec<Diagnostic> = parse_diagnostics;
    diags.extend(stage(&mut rows, "check names", repeat, || {
        checks::names::check(&model)
    }));
    diags.extend(stage(&mut rows, "check duties", repeat, || {
        checks::duties::check(&model)
    }));
    diags.extend(stage(&mut rows, "check dates", repeat, || {
        checks::dates::check(&model, today)
    }));
    diags.extend(stage(&mut rows, "check reporting", repeat, || {
        checks::reporting::check(&model, &graph)
    }));
    diags.extend(stage(&mut rows, "check clauses", repeat, || {
        checks::clauses::check(&model)
    }));
    stage(&mut rows, "sort", 1, || {
        protogov::diagnostic::sort(&mut diags)
    });
    let text = stage(&mut rows, "render", 1, || {
        render::render(&source, &diags, render::MessageFormat::Short, false)
    });
    println!(
        "{path}: {input} bytes, {} diagnostics, {} bytes rendered",
        diags.len(),
        text.len()
    );
    println!(
        "{:<18} {:>10} {:>12} {:>12}",
        "stage", "best ms", "held MiB", "peak MiB"
    );
    // From the text in memory to sorted diagnostics: every stage but reading and rendering
    // (with the tree kept, parsing and resolving are two stages; without, one).
    let mut total = Duration::ZERO;
    for r in &rows {
        if !matches!(r.name, "read" | "render") {
            total += r.best;
        }
        println!(
            "{:<18} {:>10.1} {:>12.1} {:>12.1}",
            r.name,
            r.best.as_secs_f64() * 1e3,
            mib(r.held),
            mib(r.peak)
        );
    }
    println!(
        "text to sorted diagnostics: {:.1} ms",
        total.as_secs_f64() * 1e3
    );
    let peak = PEAK.load(Ordering::Relaxed);
    println!(
        "peak live heap: {:.1} MiB ({:.1}× the input)",
        mib(peak as isize),
        peak as f64 / input.max(1) as f64
    );
    ExitCode::SUCCESS
}
