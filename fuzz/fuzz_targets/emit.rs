//! `protogov build` on any text that analyses without errors: every emitter (JSON, the
//! iCalendar feed with and without `--party` and `--remind`, DOT and the embedded SVG)
//! must produce well-formed output, checked in-process:
//!
//! - JSON parses back with `serde_json`;
//! - the calendar's lines end in CRLF and hold at most 75 octets, a folded line starts
//!   with a space, no line holds a control character (RFC 5545 `CONTROL`), TEXT values
//!   escape `\`, `;` and `,`, and `BEGIN`/`END` pair up;
//! - the SVG is well-formed XML (`roxmltree`) with an `svg` root and only characters XML
//!   allows;
//! - the DOT text holds no control character, quotes close on the line they open, and
//!   HTML-like labels, `[ ]` and `{ }` balance over the file.
//!
//! Graphviz is not run: a process a run would make the target far too slow.
#![no_main]

use libfuzzer_sys::fuzz_target;
use protogov::analysis::{analyse_without_tree, Analysis, Options};
use protogov::emit::{dot, ics, json, svg};
use protogov::source::SourceFile;

/// How many of the model's bodies get a `--party` feed of their own.
const MAX_PARTIES: usize = 4;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let today = jiff::civil::date(2026, 11, 23);
    let a = analyse_without_tree(SourceFile::new("fuzz.proto-gov", text), &Options { today });
    if a.has_errors() {
        return;
    }

    let out = json::emit(
        &a,
        &json::Options {
            today,
            occurrences: 5,
        },
    );
    check_json(&out);

    let parties = a
        .model
        .bodies
        .iter()
        .take(MAX_PARTIES)
        .map(|b| Some(b.common.id.to_string()))
        .chain([None]);
    for party in parties {
        for remind in [None, Some(ics::Reminder { days: 14 })] {
            let options = ics::Options {
                party: party.clone(),
                remind,
                source_date_epoch: None,
            };
            match ics::emit(&a, &options) {
                Ok(cal) => check_ics(&cal),
                Err(e) => panic!("a body of the model is refused as --party: {e}"),
            }
        }
    }
    // A name that is no body is an error, never a panic.
    let unknown = ics::Options {
        party: Some("no_such_body_here".into()),
        ..ics::Options::default()
    };
    if a.model.symbol("no_such_body_here").is_none() {
        assert!(ics::emit(&a, &unknown).is_err());
    }
    // A fixed DTSTAMP, as SOURCE_DATE_EPOCH gives, at both ends of the range.
    for epoch in [0, i64::MAX, i64::MIN] {
        let options = ics::Options {
            source_date_epoch: Some(epoch),
            ..ics::Options::default()
        };
        if let Ok(cal) = ics::emit(&a, &options) {
            check_ics(&cal);
        }
    }

    check_dot(&dot::emit(&a));
    check_svg(&a, &svg::embedded(&a));
});

fn check_json(out: &str) {
    let v: serde_json::Value = match serde_json::from_str(out) {
        Ok(v) => v,
        Err(e) => panic!("JSON output does not parse: {e}\n{out}"),
    };
    assert!(v.get("format_version").is_some(), "{out}");
}

/// RFC 5545 `CONTROL`: every control character but horizontal tab.
fn ics_control(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{a}'..='\u{1f}' | '\u{7f}')
}

/// Properties whose value is TEXT as the feed writes it (one value, escaped).
const TEXT_PROPERTIES: [&str; 7] = [
    "X-WR-CALNAME",
    "NAME",
    "X-WR-CALDESC",
    "DESCRIPTION",
    "SUMMARY",
    "UID",
    "CATEGORIES",
];

fn check_ics(cal: &str) {
    assert!(cal.ends_with("\r\n"), "the calendar does not end in CRLF");
    let bytes = cal.as_bytes();
    // The physical lines, each as bytes, without their CRLF.
    let mut physical: Vec<&[u8]> = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\r' => {
                assert_eq!(
                    bytes.get(i + 1),
                    Some(&b'\n'),
                    "a bare CR at byte {i}: {:?}",
                    String::from_utf8_lossy(&bytes[start..(i + 2).min(bytes.len())])
                );
                physical.push(&bytes[start..i]);
                i += 2;
                start = i;
            }
            b'\n' => panic!(
                "a bare LF at byte {i}: {:?}",
                String::from_utf8_lossy(&bytes[start..=i])
            ),
            _ => i += 1,
        }
    }
    assert_eq!(start, bytes.len(), "text after the last CRLF");

    let mut logical: Vec<String> = Vec::new();
    for (n, line) in physical.iter().enumerate() {
        assert!(
            line.len() <= ics::MAX_LINE,
            "line {n} holds {} octets: {:?}",
            line.len(),
            String::from_utf8_lossy(line)
        );
        // Folding breaks between characters: each physical line is UTF-8 on its own.
        let line = match std::str::from_utf8(line) {
            Ok(l) => l,
            Err(e) => panic!("line {n} splits a character: {e}: {line:?}"),
        };
        if let Some(c) = line.chars().find(|c| ics_control(*c)) {
            panic!("line {n} holds the control character {c:?}: {line:?}");
        }
        match line.strip_prefix(' ') {
            Some(rest) => match logical.last_mut() {
                Some(l) => l.push_str(rest),
                None => panic!("the calendar starts with a continuation line"),
            },
            None => {
                assert!(!line.is_empty(), "line {n} is empty");
                logical.push(line.to_string());
            }
        }
    }

    let mut open: Vec<String> = Vec::new();
    for line in &logical {
        let name_end = line
            .find([':', ';'])
            .unwrap_or_else(|| panic!("a content line without a name: {line:?}"));
        let name = &line[..name_end];
        assert!(
            !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-'),
            "a bad property name in {line:?}"
        );
        let value = match line[name_end..].find(':') {
            Some(at) => &line[name_end + at + 1..],
            None => panic!("a content line without a value: {line:?}"),
        };
        match name {
            "BEGIN" => open.push(value.to_string()),
            "END" => assert_eq!(open.pop().as_deref(), Some(value), "END without BEGIN"),
            _ => {}
        }
        if TEXT_PROPERTIES.contains(&name) {
            check_text_value(name, value);
        }
    }
    assert!(open.is_empty(), "components left open: {open:?}");
    assert_eq!(logical.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
}

/// An escaped TEXT value: every `\` starts an escape, and `;` (and `,`, except between
/// the values of `CATEGORIES`) is always escaped.
fn check_text_value(name: &str, value: &str) {
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('\\' | ';' | ',' | 'n' | 'N') => {}
                other => panic!("{name}: `\\` followed by {other:?} in {value:?}"),
            },
            ';' => panic!("{name}: an unescaped `;` in {value:?}"),
            ',' if name != "CATEGORIES" => panic!("{name}: an unescaped `,` in {value:?}"),
            _ => {}
        }
    }
}

/// The characters XML 1.0 allows (the `Char` production).
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

fn check_svg(a: &Analysis, out: &str) {
    if let Some(c) = out.chars().find(|c| !xml_char(*c)) {
        panic!("the SVG holds {c:?}, which XML forbids");
    }
    let doc = match roxmltree::Document::parse(out) {
        Ok(d) => d,
        Err(e) => panic!("the SVG is not well-formed XML: {e}\n{out}"),
    };
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );
    // The title reads back as the protocol's title cut as a drawing cuts it, line breaks
    // and tabs as spaces; other control characters, the noncharacters U+FFFE and U+FFFF and
    // bidirectional embeddings, overrides and isolates dropped (docs/outputs.md): nothing
    // else is lost.
    let title = root
        .children()
        .find(|n| n.has_tag_name("title"))
        .expect("the SVG has a title");
    let expected: String = protogov::emit::drawn(&protogov::emit::protocol_title(a))
        .chars()
        .filter_map(|c| match c {
            '\n' | '\t' => Some(' '),
            c if c.is_control() => None,
            '\u{fffe}' | '\u{ffff}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => None,
            c => Some(c),
        })
        .collect();
    assert_eq!(title.text().unwrap_or(""), expected);
}

/// Cheap invariants any DOT reader needs of the text protogov writes.
fn check_dot(out: &str) {
    assert!(
        out.ends_with("}\n"),
        "the DOT text does not end with the graph's `}}`"
    );
    let mut depth: i64 = 0;
    let mut brackets: i64 = 0;
    // Inside an HTML-like label (`label=<…>`, which may span lines), the depth of `< >`:
    // user text there has `<` and `>` as entities, so the nesting is the markup's own.
    let mut html: i64 = 0;
    for (n, line) in out.split('\n').enumerate() {
        if let Some(c) = line.chars().find(|c| c.is_control() && *c != '\t') {
            panic!("DOT line {n} holds the control character {c:?}: {line:?}");
        }
        // `dot -Tsvg` copies labels into XML: they may hold only what XML allows.
        if let Some(c) = line.chars().find(|c| !xml_char(*c) && !c.is_control()) {
            panic!("DOT line {n} holds {c:?}, which XML forbids: {line:?}");
        }
        if html == 0 && line.trim_start().starts_with("//") {
            continue;
        }
        let mut in_string = false;
        let mut escaped = false;
        for c in line.chars() {
            if html > 0 {
                match c {
                    '<' => html += 1,
                    '>' => html -= 1,
                    _ => {}
                }
                continue;
            }
            if in_string {
                match (escaped, c) {
                    (true, _) => escaped = false,
                    (false, '\\') => escaped = true,
                    (false, '"') => in_string = false,
                    _ => {}
                }
                continue;
            }
            match c {
                '"' => in_string = true,
                '<' => html = 1,
                '[' => brackets += 1,
                ']' => {
                    brackets -= 1;
                    assert!(brackets >= 0, "DOT line {n}: `]` before `[`: {line:?}");
                }
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    assert!(depth >= 0, "DOT line {n}: `}}` closes nothing: {line:?}");
                }
                _ => {}
            }
        }
        assert!(!in_string, "DOT line {n}: a quote left open: {line:?}");
    }
    assert_eq!(html, 0, "DOT: an HTML-like label left open");
    assert_eq!(brackets, 0, "DOT `[ ]` unbalanced");
    assert_eq!(depth, 0, "DOT `{{ }}` unbalanced");
}
