//! `protogov check` on any text: analysis (model, graph, every check) and rendering in
//! every format must never panic, and the output for people (human and short, without
//! colour) must hold no character a terminal acts on: no control character but the line
//! feed and the tab, no bidirectional override, embedding, isolate or mark.
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
        let out = render(&a.source, &a.diagnostics, format, false);
        if format != MessageFormat::Json {
            if let Some(c) = out.chars().find(|&c| acts_on_a_terminal(c)) {
                panic!("{format:?} output holds {c:?}:\n{out}");
            }
        }
    }
    // The model as the JSON output publishes it.
    let json = protogov::emit::json::Options {
        today: options.today,
        occurrences: 3,
    };
    let _ = protogov::emit::json::emit(&a, &json);
});

/// True for a character a terminal acts on, or that reorders the text around it.
fn acts_on_a_terminal(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}
