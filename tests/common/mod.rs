//! Helpers shared by the integration tests.
#![allow(dead_code)]

use protogov::analysis::{analyse, Analysis, Options};
use protogov::source::SourceFile;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The date every test judges reviews against.
pub const TODAY: &str = "2026-11-23";

/// Analyse text as the CLI would with `--today 2026-11-23`.
pub fn analyse_text(name: &str, text: &str) -> Analysis {
    let options = Options {
        today: TODAY.parse().expect("valid date"),
    };
    analyse(SourceFile::new(name, text), &options)
}

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Files under `dir` (relative to the root) whose names end with `suffix`, sorted.
pub fn files(dir: &str, suffix: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.to_string_lossy().ends_with(suffix))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// Run the built binary with arguments, from the repository root.
pub fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_protogov"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

/// A path relative to the root, as a string for arguments.
pub fn rel(p: &Path) -> String {
    p.strip_prefix(root()).unwrap_or(p).display().to_string()
}

/// Diagnostics of an analysis rendered for a person, without colour.
pub fn human(a: &Analysis) -> String {
    protogov::render::human(&a.source, &a.diagnostics, false)
}

/// The sorted, de-duplicated codes of an analysis.
pub fn codes(a: &Analysis) -> Vec<String> {
    let mut v: Vec<String> = a
        .diagnostics
        .iter()
        .map(|d| d.code.code.to_string())
        .collect();
    v.sort();
    v.dedup();
    v
}
