//! `protogov fmt` on any text that parses without errors. The printer's own output (before
//! the safety net of [`format_source`] that returns the input unchanged) must:
//!
//! - parse without errors;
//! - hold the same tree, spans and layout aside, and the same comments in the same order
//!   ([`protogov::fmt::equivalent`]);
//! - format to itself;
//!
//! and [`format_source`] must return that same text. Text that does not parse must be
//! refused by both.
#![no_main]

use libfuzzer_sys::fuzz_target;
use protogov::fmt::{equivalent, format_source, format_unverified};
use protogov::syntax;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let once = match format_unverified(text) {
        Ok(once) => once,
        Err(diags) => {
            assert!(
                diags.iter().any(|d| d.is_error()),
                "formatting refused without an error"
            );
            assert!(
                format_source(text).is_err(),
                "refused unverified, accepted verified"
            );
            return;
        }
    };
    let before = syntax::parse(text);
    let after = syntax::parse(&once);
    if let Some(d) = after.diagnostics.iter().find(|d| d.is_error()) {
        panic!(
            "the formatted text does not parse: {} at {:?}\n--- formatted:\n{once}",
            d.message, d.span
        );
    }
    assert!(
        equivalent((text, &before), (&once, &after)),
        "the formatted text reads differently\n--- input:\n{text}\n--- formatted:\n{once}"
    );
    match format_unverified(&once) {
        Ok(twice) => assert!(
            twice == once,
            "not idempotent\n--- once:\n{once}\n--- twice:\n{twice}"
        ),
        Err(_) => panic!("the formatted text is refused\n--- formatted:\n{once}"),
    }
    match format_source(text) {
        Ok(checked) => assert!(checked == once, "format_source fell back to the input"),
        Err(_) => panic!("format_source refused what format_unverified accepted"),
    }
});
