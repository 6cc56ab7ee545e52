//! The front end on any text: the pre-scan, the pest parse, lowering and recovery must
//! never panic, and every span they report must lie within the text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = protogov::syntax::parse(text);
    for d in &parsed.diagnostics {
        for span in std::iter::once(d.span).chain(d.labels.iter().map(|l| l.span)) {
            assert!(span.start <= span.end, "{span:?} in {:?}", d.message);
            assert!(span.end <= text.len(), "{span:?} past the end");
        }
    }
});
