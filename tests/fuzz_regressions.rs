//! Inputs the fuzz targets in `fuzz/` found to break an invariant, each cut down to a few
//! lines. A test marked `#[ignore]` stands for a fault known and being fixed; the reason
//! says which. See `fuzz/README.md`.

use crate::common::*;
use protogov::analysis::Analysis;
use protogov::emit::{dot, svg};
use protogov::fmt::{format_source, format_unverified};
use protogov::syntax;

/// A clean analysis of `text`: the emitters only run on files without errors.
fn clean(text: &str) -> Analysis {
    let a = analyse_text("fuzz.proto-gov", text);
    assert!(!a.has_errors(), "{}", human(&a));
    a
}

#[test]
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
fn noncharacters_are_not_written_to_svg_or_dot() {
    let a = clean("protocol p \"P\u{fffe}\u{ffff}q\"\nbody b \"B\u{ffff}\"\n");
    let nonchar = |c: char| matches!(c, '\u{fffe}' | '\u{ffff}');
    let svg = svg::embedded(&a);
    assert!(!svg.chars().any(nonchar), "SVG keeps a noncharacter");
    let dot = dot::emit(&a);
    assert!(!dot.chars().any(nonchar), "DOT keeps a noncharacter");
}

#[test]
fn a_passive_line_without_recipients_formats() {
    // Found by `fmt` on the seed from docs/language.md ("In the passive, `to RECIPIENTS`
    // may be left out when `by ACTOR` is given").
    let text = "duty d {\n  pledge reviewed by cpb\n}\n";
    let out = format_unverified(text).expect("the text parses");
    assert_eq!(out, text);
    assert!(syntax::parse(&out).diagnostics.is_empty(), "{out}");
    // Today `protogov fmt` falls back to the input, so such a file is never tidied.
    assert_eq!(
        format_source("duty d {\n    pledge reviewed by cpb\n}\n").as_deref(),
        Ok(text)
    );
}

#[test]
fn unicode_whitespace_outside_a_string_does_not_panic() {
    // Found by `fmt` (the bare U+2029 is the whole input); `parse`, `check`, `emit`, the
    // language server and `protogov check` all reach the same code.
    for ws in ["\u{2029}", "\u{2028}", "\u{85}", "\u{3000}", "\u{b}"] {
        for text in [ws.to_string(), format!("event a\n{ws}\nevent b\n")] {
            let p = syntax::parse(&text);
            assert!(p.diagnostics.iter().any(|d| d.is_error()), "{text:?}");
            for d in &p.diagnostics {
                assert!(
                    text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end),
                    "{text:?}: {:?} splits a character",
                    d.span
                );
            }
        }
    }
}

#[test]
fn error_spans_in_a_block_cover_whole_characters() {
    // Unicode whitespace before a word, and a line that starts with a character of more
    // than one byte: the error points at the word, or at the whole first character.
    for (text, at) in [
        ("body x {\n\u{2028}a\n}\n", "a"),
        ("body x {\n\u{2028}clasue 4.1\n}\n", "clasue"),
        ("body x {\n€ x\n}\n", "€"),
    ] {
        let p = syntax::parse(text);
        let d = p
            .diagnostics
            .iter()
            .find(|d| d.is_error())
            .unwrap_or_else(|| panic!("{text:?}: no error"));
        assert!(
            text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end),
            "{text:?}: {:?} splits a character",
            d.span
        );
        assert_eq!(&text[d.span.start..d.span.end], at, "{text:?}");
    }
}
