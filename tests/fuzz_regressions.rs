//! Inputs the fuzz targets in `fuzz/` found to break an invariant, each cut down to a few
//! lines. A test marked `#[ignore]` stands for a fault known and being fixed; the reason
//! says which. See `fuzz/README.md`.

mod common;
use common::*;
use protogov::analysis::Analysis;
use protogov::emit::{dot, svg};

/// A clean analysis of `text`: the emitters only run on files without errors.
fn clean(text: &str) -> Analysis {
    let a = analyse_text("fuzz.proto-gov", text);
    assert!(!a.has_errors(), "{}", human(&a));
    a
}

#[test]
#[ignore = "known: the DOT heading comment copies control characters (NUL among them) from the title; being fixed in src/emit"]
fn dot_heading_comment_drops_control_characters() {
    // Found by `emit`: a protocol title with BEL (and, the same way, NUL) in it.
    let a = clean("protocol p \"P\u{7}\u{0}q\"\n");
    let dot = dot::emit(&a);
    let heading = dot.lines().next().unwrap_or("");
    assert!(
        heading.starts_with("// The reporting graph of the P"),
        "{heading:?}"
    );
    assert!(
        !dot.chars().any(|c| c.is_control() && c != '\n'),
        "{heading:?}"
    );
}

#[test]
#[ignore = "known: U+FFFE and U+FFFF, which XML forbids, pass through the SVG and DOT escaping; being fixed in src/emit"]
fn noncharacters_are_not_written_to_svg_or_dot() {
    let a = clean("protocol p \"P\u{fffe}\u{ffff}q\"\nbody b \"B\u{ffff}\"\n");
    let nonchar = |c: char| matches!(c, '\u{fffe}' | '\u{ffff}');
    let svg = svg::embedded(&a);
    assert!(!svg.chars().any(nonchar), "SVG keeps a noncharacter");
    let dot = dot::emit(&a);
    assert!(!dot.chars().any(nonchar), "DOT keeps a noncharacter");
}
