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

/// The alternatives of the first group of a rule's pattern: `(a|b|c)` after `^\s*`.
fn first_group(grammar: &serde_json::Value, rule: &str, after: &str) -> Vec<String> {
    let pattern = grammar["repository"][rule]["match"].as_str().unwrap_or("");
    let start = pattern
        .find(after)
        .unwrap_or_else(|| panic!("`{rule}` has no `{after}`"))
        + after.len();
    let end = pattern[start..]
        .find(')')
        .map_or(pattern.len(), |n| start + n);
    pattern[start..end].split('|').map(str::to_string).collect()
}

#[test]
fn the_textmate_grammar_knows_the_language_table_and_nothing_else() {
    use protogov::syntax::table;
    use std::collections::BTreeSet;
    let grammar = read_json(&extension_dir().join("syntaxes/protogov.tmLanguage.json"));
    // The words that start a property line are exactly the first words of the table's
    // keywords (`clause` has a rule of its own; the deadline phrases and cadence words are
    // highlighted as connectives and cadences wherever they stand).
    let property: BTreeSet<String> = first_group(&grammar, "property", "^\\s*(")
        .into_iter()
        .chain(["clause".to_string()])
        .collect();
    let starts: BTreeSet<String> = table::PROPERTY_STARTS
        .iter()
        .map(|(w, _)| w.to_string())
        .collect();
    assert_eq!(property, starts, "the `property` rule against the table");
    // Every other word of a keyword is a connective (or starts a property line).
    let connective = words_of(&grammar, "connective");
    for p in table::properties() {
        // `a`, the optional article of `in a timely manner`, is left plain.
        for word in p
            .keywords
            .iter()
            .flat_map(|k| k.split(' '))
            .filter(|w| *w != "a")
        {
            assert!(
                connective.contains(word) || property.contains(word),
                "the grammar does not know `{word}` of `{}`",
                p.name
            );
        }
    }
    for word in table::CONNECTIVES.iter().filter(|w| **w != "a") {
        assert!(
            connective.contains(*word) || property.contains(*word),
            "`{word}` is no connective"
        );
    }
    // The declaration keywords are exactly the table's.
    let mut declaration: BTreeSet<String> = first_group(&grammar, "declaration", "\\s+)?(")
        .into_iter()
        .collect();
    declaration.insert("external".into());
    declaration.insert("prose".into());
    let decls: BTreeSet<String> = table::DECL_KEYWORDS.iter().map(|k| k.to_string()).collect();
    assert_eq!(
        declaration, decls,
        "the `declaration` rule against the table"
    );
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
