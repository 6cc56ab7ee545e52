//! One fixture per diagnostic code: `tests/fixtures/PGnnnn.proto-gov` starts with
//! `// expect: CODE…` naming exactly the codes it must produce. Adding a test is adding a file.

use crate::common::*;

/// Codes whose trigger is generated at test time rather than kept as a file, with the test
/// that triggers them, by its path in the test binary (`FILE::MODULE::…::FUNCTION`, FILE
/// being `tests/FILE.rs`).
const GENERATED: &[(&str, &str)] = &[(
    "PG0005",
    "syntax::limits::oversized_input_is_one_diagnostic",
)];

fn expected(text: &str) -> Vec<String> {
    let first = text.lines().next().unwrap_or("");
    let mut v: Vec<String> = first
        .strip_prefix("// expect:")
        .unwrap_or("")
        .split_whitespace()
        .map(String::from)
        .collect();
    v.sort();
    v
}

#[test]
fn every_fixture_produces_exactly_the_codes_it_names() {
    let fixtures = files("tests/fixtures", ".proto-gov");
    assert!(fixtures.len() >= 30, "fixtures are missing");
    let mut failures = Vec::new();
    for path in &fixtures {
        let text = std::fs::read_to_string(path).unwrap();
        let want = expected(&text);
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        assert!(
            want.contains(&stem),
            "{stem}: the header must name the file's own code"
        );
        let got = codes(&analyse_text(&rel(path), &text));
        if got != want {
            failures.push(format!("{stem}: expected {want:?}, got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn each_generated_code_names_a_test_that_exists() {
    for (code, path) in GENERATED {
        let parts: Vec<&str> = path.split("::").collect();
        let file = root().join(format!("tests/{}.rs", parts[0]));
        let text = std::fs::read_to_string(&file)
            .unwrap_or_else(|e| panic!("{code}: {} cannot be read: {e}", file.display()));
        let (function, modules) = parts[1..].split_last().expect("a function name");
        for m in modules {
            assert!(
                text.contains(&format!("mod {m} {{")),
                "{code}: no `mod {m}` in {path}"
            );
        }
        assert!(
            text.contains(&format!("fn {function}()")),
            "{code}: no `fn {function}` in {path}"
        );
    }
}

#[test]
fn every_registered_code_has_a_fixture_and_an_explanation() {
    for info in protogov::codes::all() {
        let fixture = root().join(format!("tests/fixtures/{}.proto-gov", info.code));
        let folder = root().join(format!("tests/fixtures/{}", info.code));
        let generated = GENERATED.iter().any(|(c, _)| *c == info.code);
        assert!(
            fixture.exists() || folder.is_dir() || generated,
            "{} has no fixture in tests/fixtures",
            info.code
        );
        for heading in [
            "## What it means",
            "## Why it matters",
            "## Example",
            "## Fix",
        ] {
            assert!(
                info.explanation.contains(heading),
                "{}: the explanation lacks `{heading}`",
                info.code
            );
        }
    }
}

#[test]
fn every_fixture_names_a_registered_code() {
    for path in files("tests/fixtures", ".proto-gov") {
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        assert!(
            protogov::codes::lookup(&stem).is_some(),
            "{stem} is not a registered code"
        );
    }
}

#[test]
fn rendered_diagnostics_of_every_fixture() {
    for path in files("tests/fixtures", ".proto-gov") {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = format!(
            "tests/fixtures/{}",
            path.file_name().unwrap().to_string_lossy()
        );
        let a = analyse_text(&name, &text);
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        if stem == "PG0012" {
            continue; // a hundred identical reports; its count is asserted in limits.rs
        }
        insta::assert_snapshot!(format!("fixture_{stem}"), human(&a));
    }
}

/// The fixtures that are folders: sets of files checked as one (see `protogov::set`). The
/// first `.proto-gov` file of each, by name, starts with the `// expect:` line.
fn set_fixtures() -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(root().join("tests/fixtures"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    v.sort();
    v
}

/// The diagnostics of a set fixture, each with the file it is in, rendered for a person.
fn analyse_set_fixture(dir: &std::path::Path) -> (Vec<String>, String) {
    let options = protogov::analysis::Options {
        today: TODAY.parse().unwrap(),
    };
    let set = match protogov::set::load(std::path::Path::new(&rel(dir))) {
        Ok(set) => set,
        Err(e) => {
            let Some((source, d)) = e.diagnostic() else {
                panic!("{}: {e}", dir.display())
            };
            let text = protogov::render::human(source, std::slice::from_ref(&d), false);
            return (vec![d.code.code.to_string()], text);
        }
    };
    let a = protogov::analysis::analyse_set(set, &options);
    let map = a.set.clone().unwrap();
    let mut text = String::new();
    for (i, ds) in map.localise(&a.diagnostics) {
        text.push_str(&protogov::render::human(&map.files[i], &ds, false));
    }
    (codes(&a), text)
}

#[test]
fn every_set_fixture_produces_exactly_the_codes_it_names() {
    let sets = set_fixtures();
    assert!(!sets.is_empty(), "set fixtures are missing");
    let mut failures = Vec::new();
    for dir in &sets {
        let first = files(&rel(dir), ".proto-gov");
        let first = first
            .first()
            .expect("a .proto-gov file in each set fixture");
        let want = expected(&std::fs::read_to_string(first).unwrap());
        let stem = dir.file_name().unwrap().to_string_lossy().to_string();
        assert!(
            want.contains(&stem),
            "{stem}: the header must name the folder's own code"
        );
        assert!(
            protogov::codes::lookup(&stem).is_some(),
            "{stem} is not a registered code"
        );
        let (got, text) = analyse_set_fixture(dir);
        if got != want {
            failures.push(format!("{stem}: expected {want:?}, got {got:?}"));
        }
        insta::assert_snapshot!(format!("set_fixture_{stem}"), text);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
