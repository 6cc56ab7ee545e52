//! An open document in the language server, its lines ending in `\n`, `\r\n` or a lone
//! `\r`, through a series of edits. The input is split at its first NUL byte: before it,
//! the document; after it, the edits, five bytes each (where the range starts, how long it
//! is, in which encoding, and what is inserted). Each range is given in protocol positions
//! worked out here from the text, independently of the server; after each edit:
//!
//! - the document's text is the text edited here;
//! - its diagnostics are `check`'s (`analyse_without_tree` on the same text), and each
//!   range is the one worked out here from the diagnostic's byte span, within its lines.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lsp_types::{Position, Range, TextDocumentContentChangeEvent};
use protogov::analysis::{analyse_without_tree, Options};
use protogov::lsp::document::Document;
use protogov::lsp::position::{range, Encoding};
use protogov::source::SourceFile;

/// What an edit may insert.
const INSERTS: [&str; 12] = [
    "",
    "\r",
    "\n",
    "\r\n",
    "kund x\r",
    "duty d {\r",
    "}",
    "\"",
    "// c\r",
    "’",
    "😀",
    "body b\r",
];

/// Where each line starts: after `\n`, after `\r\n`, after a lone `\r`.
fn line_starts(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut starts = vec![0];
    for i in 0..b.len() {
        if b[i] == b'\n' || (b[i] == b'\r' && b.get(i + 1) != Some(&b'\n')) {
            starts.push(i + 1);
        }
    }
    starts
}

/// The protocol position of byte `offset` (on a character boundary), and the length of its
/// line without the break, both in `encoding`'s units.
fn position_of(text: &str, offset: usize, encoding: Encoding) -> (Position, u32) {
    let starts = line_starts(text);
    let line = starts.partition_point(|s| *s <= offset) - 1;
    let start = starts[line];
    let end = starts.get(line + 1).map_or(text.len(), |next| {
        let mut end = *next;
        if text[..end].ends_with('\n') {
            end -= 1;
        }
        if text[..end].ends_with('\r') {
            end -= 1;
        }
        end
    });
    let units = |s: &str| match encoding {
        Encoding::Utf8 => s.len() as u32,
        Encoding::Utf16 => s.encode_utf16().count() as u32,
    };
    (
        Position::new(line as u32, units(&text[start..offset])),
        units(&text[start..end]),
    )
}

/// The character boundary at or below `at`, not between the `\r` and `\n` of a break.
fn boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    if at > 0 && text.as_bytes()[at - 1] == b'\r' && text.as_bytes().get(at) == Some(&b'\n') {
        at -= 1;
    }
    at
}

fuzz_target!(|data: &[u8]| {
    let split = data.iter().position(|b| *b == 0).unwrap_or(data.len());
    let Ok(start) = std::str::from_utf8(&data[..split]) else {
        return;
    };
    if start.len() > 4096 {
        return;
    }
    let options = Options {
        today: jiff::civil::date(2026, 11, 23),
    };
    let mut text = start.to_string();
    let mut doc = Document::new("fuzz.proto-gov", 1, text.clone());
    let edits = data.get(split + 1..).unwrap_or(&[]);
    for (version, e) in edits.chunks_exact(5).take(16).enumerate() {
        let encoding = if e[2] & 1 == 0 {
            Encoding::Utf16
        } else {
            Encoding::Utf8
        };
        let at = usize::from(u16::from_le_bytes([e[0], e[1]])) % (text.len() + 1);
        let a = boundary(&text, at);
        let b = boundary(&text, a + usize::from(e[3] % 16)).max(a);
        let insert = INSERTS[usize::from(e[4]) % INSERTS.len()];
        let change = TextDocumentContentChangeEvent {
            range: Some(Range::new(
                position_of(&text, a, encoding).0,
                position_of(&text, b, encoding).0,
            )),
            range_length: None,
            text: insert.to_string(),
        };
        doc.apply(version as i32 + 2, vec![change], encoding);
        text = format!("{}{insert}{}", &text[..a], &text[b..]);
        assert_eq!(doc.source.text, text, "the server lost track of the text");
        let checked =
            analyse_without_tree(SourceFile::new("fuzz.proto-gov", text.as_str()), &options);
        let source = doc.source.clone();
        let served = doc.analysis(&options);
        assert_eq!(served.diagnostics.len(), checked.diagnostics.len());
        for (s, c) in served.diagnostics.iter().zip(&checked.diagnostics) {
            assert_eq!((s.code.code, s.span), (c.code.code, c.span));
            let got = range(&source, s.span, encoding);
            let (start, start_len) = position_of(&text, c.span.start, encoding);
            let (end, end_len) = position_of(&text, c.span.end, encoding);
            assert_eq!(got, Range::new(start, end), "{} in {text:?}", s.code.code);
            assert!(start.character <= start_len && end.character <= end_len);
        }
    }
});
