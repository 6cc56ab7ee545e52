//! The generated corpus (benches/support/corpus.rs) is clean at every size, so the
//! benchmarks measure the compiler's normal path.

mod common;
#[path = "../benches/support/corpus.rs"]
mod corpus;
use common::*;

#[test]
fn generated_protocols_are_clean_at_every_size() {
    for duties in [0, 1, 2, 5, 10, 100, 2_000] {
        let text = corpus::generate(&corpus::Config::new(duties));
        let a = analyse_text("generated.proto-gov", &text);
        assert!(a.diagnostics.is_empty(), "{duties} duties:\n{}", human(&a));
        assert_eq!(a.model.duties.len(), duties.max(1));
    }
}

#[test]
fn the_generator_is_deterministic_and_seeded() {
    let a = corpus::generate(&corpus::Config::new(300));
    let b = corpus::generate(&corpus::Config::new(300));
    assert_eq!(a, b);
    let mut other = corpus::Config::new(300);
    other.seed = 7;
    assert_ne!(a, corpus::generate(&other));
}
