//! The documentation stays true: every `proto-gov` block in docs/ reads without a syntax
//! error.

use crate::common::*;

#[test]
fn every_proto_gov_block_in_the_docs_parses() {
    let blocks = docs_blocks();
    for (at, body) in &blocks {
        let p = protogov::syntax::parse(body);
        assert!(
            p.diagnostics.is_empty(),
            "{at}: {:?}",
            p.diagnostics.iter().map(|d| &d.message).collect::<Vec<_>>()
        );
    }
    assert!(blocks.len() >= 20, "only {} blocks found", blocks.len());
}

/// The README's tour shows a real run: its first diagnostic and its last line are what
/// `protogov check` prints on that file today.
#[test]
fn the_readme_tour_shows_what_check_prints() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let block = readme
        .split("```text\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .expect("a text block in the README");
    let mut lines = block.lines();
    let command = lines.next().expect("the command line");
    let args: Vec<&str> = command
        .strip_prefix("$ protogov ")
        .expect("the block starts with `$ protogov …`")
        .split_whitespace()
        .collect();
    let shown: Vec<&str> = lines.collect();
    let (head, tail) = shown
        .iter()
        .position(|l| *l == "...")
        .map(|i| (&shown[..i], &shown[i + 1..]))
        .expect("the block elides the middle with `...`");
    // The command as shown, without colour: `check --color never …`.
    let mut full = vec![args[0], "--color", "never"];
    full.extend(&args[1..]);
    let out = run(&full);
    let printed = String::from_utf8_lossy(&out.stderr).to_string();
    let printed: Vec<&str> = printed.lines().map(str::trim_end).collect();
    let trimmed = |ls: &[&str]| {
        ls.iter()
            .map(|l| l.trim_end().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        trimmed(head),
        trimmed(&printed[..head.len().min(printed.len())]),
        "the start of the README's tour"
    );
    assert_eq!(
        trimmed(tail),
        trimmed(&printed[printed.len().saturating_sub(tail.len())..]),
        "the end of the README's tour"
    );
}
