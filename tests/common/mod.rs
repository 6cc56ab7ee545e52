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

/// Fail the test, saying what is missing, unless the command runs and succeeds. Nothing is
/// skipped: `scripts/test` installs every tool the tests use.
pub fn require_tool(what: &str, check: &mut Command) {
    let ok = check
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        ok,
        "{what} is needed by this test but is not available; scripts/test installs it"
    );
}

/// The Python that has the modules of `tests/requirements.txt`: `PROTOGOV_PYTHON` when
/// set (scripts/test sets it), else the project's `.tools/venv`, else `python3`.
pub fn python_command() -> Command {
    if let Some(p) = std::env::var_os("PROTOGOV_PYTHON") {
        return Command::new(p);
    }
    let venv = root().join(".tools/venv/bin/python3");
    if venv.exists() {
        Command::new(venv)
    } else {
        Command::new("python3")
    }
}

/// Fail the test unless Python 3 with the modules of `tests/requirements.txt` can be run.
pub fn require_python() {
    require_tool(
        "python3 with the icalendar, dateutil, jsonschema and holidays modules",
        python_command().args(["-c", "import icalendar, dateutil, jsonschema, holidays"]),
    )
}

/// Fail the test unless Graphviz's `dot` can be run.
pub fn require_dot() {
    require_tool("Graphviz `dot`", Command::new("dot").arg("-V"))
}

/// Run a Python script with arguments and return its standard output; panic with its
/// output when it fails.
pub fn python(script: &str, args: &[&str]) -> String {
    let out = python_command()
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .expect("python3 runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "python failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// Every ```` ```proto-gov ```` block in `docs/*.md`: where it starts (`docs/x.md:LINE`,
/// the line of the fence) and its text.
pub fn docs_blocks() -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    for path in files("docs", ".md") {
        let text = std::fs::read_to_string(&path).expect("a readable docs page");
        let mut block: Option<(usize, String)> = None;
        for (n, line) in text.lines().enumerate() {
            match &mut block {
                None if line.trim_start() == "```proto-gov" => block = Some((n + 1, String::new())),
                None => {}
                Some((start, body)) if line.trim_start() == "```" => {
                    blocks.push((format!("{}:{start}", rel(&path)), std::mem::take(body)));
                    block = None;
                }
                Some((_, body)) => {
                    body.push_str(line);
                    body.push('\n');
                }
            }
        }
    }
    blocks
}
