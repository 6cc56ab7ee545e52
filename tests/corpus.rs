//! The generated corpus (benches/support/corpus.rs) is clean at every size, so the
//! benchmarks measure the compiler's normal path.

use crate::common::*;
use crate::corpus;

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

#[test]
fn a_generated_protocol_set_shares_the_duties_and_every_file_is_clean() {
    let set = corpus::generate_set(&corpus::Config::new(1_003), 10);
    assert_eq!(set.len(), 10);
    let mut duties = Vec::new();
    for (name, text) in &set {
        let a = analyse_text(name, text);
        assert!(a.diagnostics.is_empty(), "{name}:\n{}", human(&a));
        duties.push(a.model.duties.len());
    }
    assert_eq!(duties.iter().sum::<usize>(), 1_003);
    assert!(duties.iter().all(|d| *d == 100 || *d == 101), "{duties:?}");
    // Each file is a protocol of its own, and the names are in order.
    let names: Vec<&str> = set.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names[0], "protocol-01.proto-gov");
    assert_eq!(names[9], "protocol-10.proto-gov");
    for pair in set.windows(2) {
        assert_ne!(pair[0].1, pair[1].1);
    }
    // Never more files than duties.
    assert_eq!(corpus::generate_set(&corpus::Config::new(3), 10).len(), 3);
}
