//! The documentation stays true: every `proto-gov` block in docs/ reads without a syntax
//! error.

mod common;
use common::*;

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
