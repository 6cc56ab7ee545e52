//! The documentation stays true: every `proto-gov` block in docs/ reads without a syntax
//! error.

mod common;
use common::*;

#[test]
fn every_proto_gov_block_in_the_docs_parses() {
    let mut checked = 0;
    for path in files("docs", ".md") {
        let text = std::fs::read_to_string(&path).unwrap();
        let mut block: Option<(usize, String)> = None;
        for (n, line) in text.lines().enumerate() {
            match &mut block {
                None if line.trim_start() == "```proto-gov" => block = Some((n + 1, String::new())),
                None => {}
                Some((start, body)) if line.trim_start() == "```" => {
                    let p = protogov::syntax::parse(body);
                    assert!(
                        p.diagnostics.is_empty(),
                        "{}:{start}: {:?}",
                        rel(&path),
                        p.diagnostics.iter().map(|d| &d.message).collect::<Vec<_>>()
                    );
                    checked += 1;
                    block = None;
                }
                Some((_, body)) => {
                    body.push_str(line);
                    body.push('\n');
                }
            }
        }
    }
    assert!(checked >= 20, "only {checked} blocks found");
}
