//! The two readers on any text: `syntax::parse` (the fast reader, with pest for the items
//! it declines) and `syntax::parse_with_pest` (pest alone) must give the same tree, spans
//! included, and the same diagnostics. `tests/parse_differential.rs` holds them to this on
//! fixed files and generated edits; this target searches further.
#![no_main]

use libfuzzer_sys::fuzz_target;
use protogov::syntax;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let fast = syntax::parse(text);
    let pest = syntax::parse_with_pest(text);
    assert!(
        fast.file == pest.file,
        "the readers give different trees for {text:?}"
    );
    let diagnostics = |p: &syntax::Parsed| -> Vec<String> {
        p.diagnostics.iter().map(|d| format!("{d:?}")).collect()
    };
    assert_eq!(
        diagnostics(&fast),
        diagnostics(&pest),
        "the readers give different diagnostics for {text:?}"
    );
});
