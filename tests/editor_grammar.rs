//! The editor support stays true to the language: the VS Code extension's TextMate grammar
//! passes its syntax tests (`npm test` in editors/vscode), and it knows every word of the
//! vocabulary the front end knows.
//!
//! The syntax tests need the extension's node dependencies, which `scripts/test` installs
//! (`editors/vscode/ci-setup.sh` does it alone); without them the test fails.

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long the grammar tests may take.
const NPM_TIMEOUT: Duration = Duration::from_secs(300);

fn extension_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("editors/vscode")
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

#[test]
fn the_textmate_grammar_passes_its_syntax_tests() {
    let dir = extension_dir();
    assert!(
        dir.join("node_modules").is_dir(),
        "editors/vscode/node_modules is missing: scripts/test installs the grammar test tools"
    );
    let out_path =
        std::env::temp_dir().join(format!("protogov-npm-test-{}.log", std::process::id()));
    let log = std::fs::File::create(&out_path).expect("a log file for npm");
    let mut child = Command::new("npm")
        .arg("test")
        .current_dir(&dir)
        .stdin(Stdio::null())
        .stdout(log.try_clone().expect("log handle"))
        .stderr(log)
        .spawn()
        .expect("npm runs (Node.js 20 and npm are needed for the editor tests)");
    let deadline = Instant::now() + NPM_TIMEOUT;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for npm") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("`npm test` did not finish within {NPM_TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let output = std::fs::read_to_string(&out_path).unwrap_or_default();
    let _ = std::fs::remove_file(&out_path);
    assert!(status.success(), "`npm test` failed:\n{output}");
    let files = std::fs::read_dir(dir.join("test"))
        .expect("editors/vscode/test")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".test.proto-gov"))
        .count();
    assert!(files > 0, "no syntax test files in editors/vscode/test");
    assert_eq!(
        output.matches("run successfuly").count() + output.matches("run successfully").count(),
        files,
        "every syntax test file should pass:\n{output}"
    );
}

/// The words a grammar rule's regular expression names.
fn words_of(grammar: &Value, rule: &str) -> BTreeSet<String> {
    let pattern = grammar["repository"][rule]["match"]
        .as_str()
        .unwrap_or_else(|| panic!("the grammar has no `{rule}` rule with a match"));
    pattern
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn the_textmate_grammar_knows_the_vocabulary() {
    use protogov::syntax::vocab;
    let grammar = read_json(&extension_dir().join("syntaxes/protogov.tmLanguage.json"));
    assert_eq!(grammar["scopeName"], "source.protogov");
    let missing = |rule: &str, words: &mut dyn Iterator<Item = &str>| {
        let known = words_of(&grammar, rule);
        let absent: Vec<&str> = words.filter(|w| !known.contains(*w)).collect();
        assert!(absent.is_empty(), "the `{rule}` rule lacks {absent:?}");
    };
    missing(
        "declaration",
        &mut vocab::DECL_KEYWORDS
            .iter()
            .copied()
            .filter(|k| *k != "prose"),
    );
    missing("prose", &mut ["prose"].into_iter());
    missing(
        "property",
        &mut vocab::PROPERTY_STARTS.iter().map(|(k, _)| *k),
    );
    missing(
        "verb",
        &mut vocab::VERBS.iter().flat_map(|v| [v.active, v.passive]),
    );
    missing(
        "cadence",
        &mut vocab::CADENCE_WORDS
            .iter()
            .map(|(w, _)| *w)
            .chain(vocab::AMBIGUOUS_CADENCE_WORDS.iter().map(|(w, _, _)| *w)),
    );
    missing("month", &mut vocab::MONTHS.iter().copied());
}

#[test]
fn the_extension_declares_the_language_and_the_server_setting() {
    let dir = extension_dir();
    let package = read_json(&dir.join("package.json"));
    let language = &package["contributes"]["languages"][0];
    assert_eq!(language["id"], "protogov");
    assert_eq!(language["extensions"][0], ".proto-gov");
    assert_eq!(
        package["contributes"]["grammars"][0]["scopeName"],
        "source.protogov"
    );
    assert!(
        package["contributes"]["configuration"]["properties"]["protogov.serverPath"].is_object()
    );
    assert!(package["devDependencies"]["@vscode/vsce"]
        .as_str()
        .is_some_and(|v| v.starts_with("^3")));
    assert!(dir.join("package-lock.json").is_file());
    let config = read_json(&dir.join("language-configuration.json"));
    assert_eq!(config["comments"]["lineComment"], "//");
}
