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
    // The formatter reads a lone carriage return outside strings as a line break, as the
    // grammar does; compare with the text it read.
    let read = lone_carriage_returns_to_newlines(text);
    let before = syntax::parse(&read);
    let after = syntax::parse(&once);
    if let Some(d) = after.diagnostics.iter().find(|d| d.is_error()) {
        panic!(
            "the formatted text does not parse: {} at {:?}\n--- formatted:\n{once}",
            d.message, d.span
        );
    }
    assert!(
        equivalent(&before, &after),
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

/// A copy of the formatter's rule (private to `protogov::fmt`): outside strings, a `\r`
/// not followed by `\n` becomes `\n`, so that the comment scan and the grammar agree on
/// where lines end.
fn lone_carriage_returns_to_newlines(text: &str) -> std::borrow::Cow<'_, str> {
    let bytes = text.as_bytes();
    let lone = |i: usize| bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n');
    if !(0..bytes.len()).any(lone) {
        return std::borrow::Cow::Borrowed(text);
    }
    #[derive(PartialEq)]
    enum State {
        Code,
        Str,
        Comment,
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut state = State::Code;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match state {
            State::Str => match b {
                b'\\' => {
                    out.push(b);
                    if let Some(&next) = bytes.get(i + 1) {
                        out.push(next);
                    }
                    i += 2;
                    continue;
                }
                b'"' => state = State::Code,
                _ => {}
            },
            State::Code | State::Comment => match b {
                b'"' if state == State::Code => state = State::Str,
                b'/' if state == State::Code && bytes.get(i + 1) == Some(&b'/') => {
                    state = State::Comment
                }
                b'\n' => state = State::Code,
                b'\r' => {
                    state = State::Code;
                    if lone(i) {
                        out.push(b'\n');
                        i += 1;
                        continue;
                    }
                }
                _ => {}
            },
        }
        out.push(b);
        i += 1;
    }
    // Only ASCII bytes were replaced by ASCII bytes, so the text is still UTF-8.
    match String::from_utf8(out) {
        Ok(s) => std::borrow::Cow::Owned(s),
        Err(_) => std::borrow::Cow::Borrowed(text),
    }
}
