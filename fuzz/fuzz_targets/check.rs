//! `protogov check` on any text: analysis (model, graph, every check) and rendering in
//! every format must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use protogov::analysis::{analyse_without_tree, Options};
use protogov::render::{render, MessageFormat};
use protogov::source::SourceFile;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let options = Options {
        today: jiff::civil::date(2026, 11, 23),
    };
    let a = analyse_without_tree(SourceFile::new("fuzz.proto-gov", text), &options);
    for format in [
        MessageFormat::Human,
        MessageFormat::Short,
        MessageFormat::Json,
    ] {
        let _ = render(&a.source, &a.diagnostics, format, false);
    }
    // The model as the JSON output publishes it.
    let json = protogov::emit::json::Options {
        today: options.today,
        occurrences: 3,
    };
    let _ = protogov::emit::json::emit(&a, &json);
});
