//! Outputs built from an analysed protocol: the JSON model ([`json`]), the iCalendar feed
//! ([`ics`]), the Graphviz diagram ([`dot`]) and its SVG rendering ([`svg`]).
//!
//! Every emitter is a function from an [`Analysis`] (plus its options) to text or bytes:
//! nothing here reads the clock, the environment or the file system, so the same input
//! always gives the same output on every machine. The one exception is asked for by name:
//! [`svg::Renderer::Graphviz`] runs Graphviz's `dot`, found on PATH, whose drawing depends
//! on its version. The command line decides where the bytes go.

pub mod dot;
pub mod ics;
pub mod json;
pub mod svg;

use crate::analysis::Analysis;
use crate::model::{join_and, Duty, Model, Ref};

/// An output format of `protogov build`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// The resolved model, graph and diagnostics as JSON.
    Json,
    /// An RFC 5545 calendar of the dated duties and the protocol review.
    Ics,
    /// The reporting graph in the Graphviz language.
    Dot,
    /// The reporting graph drawn as SVG.
    Svg,
}

impl Format {
    /// Every format, in the order `build` writes them.
    pub const ALL: [Format; 4] = [Format::Json, Format::Ics, Format::Dot, Format::Svg];

    /// The file extension (and the name on the command line).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Ics => "ics",
            Format::Dot => "dot",
            Format::Svg => "svg",
        }
    }

    /// The format named on the command line, if any.
    pub fn parse(name: &str) -> Option<Format> {
        Format::ALL
            .into_iter()
            .find(|f| f.extension().eq_ignore_ascii_case(name.trim()))
    }
}

/// How a duty falls due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timing {
    /// Its cadence resolved to a dated schedule.
    Dated,
    /// It falls due when an event happens.
    Event,
    /// Neither: no cadence, or one that cannot be dated.
    Undated,
}

/// How a duty falls due.
pub fn timing(duty: &Duty) -> Timing {
    if duty.cadence.as_ref().is_some_and(|c| c.schedule.is_some()) {
        Timing::Dated
    } else if duty.trigger.is_some() {
        Timing::Event
    } else {
        Timing::Undated
    }
}

/// The title of a declared name, or the name as written when it has none.
pub fn title(model: &Model, name: &str) -> String {
    model
        .common(name)
        .map(|c| c.label().to_string())
        .unwrap_or_else(|| name.to_string())
}

/// The titles of references joined as "a, b and c".
pub fn titles(model: &Model, refs: &[Ref]) -> String {
    let names: Vec<String> = refs.iter().map(|r| title(model, &r.name)).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    join_and(&names)
}

/// The protocol's title, or its name, or the file name when there is no protocol.
pub fn protocol_title(analysis: &Analysis) -> String {
    match &analysis.model.protocol {
        Some(p) => p.common.label().to_string(),
        None => analysis.source.name.clone(),
    }
}

/// The protocol's declared name, or "protocol" when there is none.
pub fn protocol_id(analysis: &Analysis) -> String {
    match &analysis.model.protocol {
        Some(p) => p.common.id.to_string(),
        None => "protocol".to_string(),
    }
}

/// The duty's action in words: "Isle of Wight Corporate Parenting Board submits Isle of
/// Wight Corporate Parenting Board annual report to Isle of Wight Safeguarding Children
/// Partnership".
pub fn action_sentence(model: &Model, duty: &Duty) -> String {
    let mut s = String::new();
    match &duty.actor {
        Some(a) => s.push_str(&title(model, &a.name)),
        None => s.push_str("(no one named)"),
    }
    s.push(' ');
    s.push_str(duty.verb.unwrap_or("acts on"));
    if let Some(a) = &duty.artefact {
        s.push(' ');
        s.push_str(&title(model, &a.name));
    }
    if !duty.recipients.is_empty() {
        s.push_str(" to ");
        s.push_str(&titles(model, &duty.recipients));
    }
    s
}

/// True for characters that must never reach a drawing or a calendar: control characters
/// (line breaks are handled by the caller), the noncharacters U+FFFE and U+FFFF, which XML
/// forbids, and the bidirectional embeddings, overrides and isolates (U+202A–U+202E,
/// U+2066–U+2069), which can reorder the text around a label.
pub fn unprintable(c: char) -> bool {
    c.is_control() || matches!(c, '\u{FFFE}' | '\u{FFFF}') || is_bidi_control(c)
}

/// True for the bidirectional formatting characters that open or close an embedding, an
/// override or an isolate. Marks (U+200E, U+200F, U+061C) are kept: they reorder nothing
/// beyond their neighbours.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Wrap text into lines of at most `width` characters, breaking at spaces (a longer word
/// stays whole on its own line).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        for word in para.split_whitespace() {
            let len = line.chars().count();
            if len > 0 && len + 1 + word.chars().count() > width {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_parse_by_extension() {
        assert_eq!(Format::parse("ICS"), Some(Format::Ics));
        assert_eq!(Format::parse(" svg"), Some(Format::Svg));
        assert_eq!(Format::parse("pdf"), None);
    }

    #[test]
    fn unprintable_characters_are_controls_noncharacters_and_bidi_overrides() {
        for c in [
            '\0', '\u{7}', '\u{7f}', '\u{FFFE}', '\u{FFFF}', '\u{202E}', '\u{2066}',
        ] {
            assert!(unprintable(c), "{c:?}");
        }
        for c in ['a', 'é', '\u{200F}', '\u{301}', '🎉', '\u{200D}'] {
            assert!(!unprintable(c), "{c:?}");
        }
    }

    #[test]
    fn wrap_breaks_at_spaces() {
        assert_eq!(
            wrap("Isle of Wight Corporate Parenting Board", 16),
            vec!["Isle of Wight", "Corporate", "Parenting Board"]
        );
        assert_eq!(wrap("a\nb", 10), vec!["a", "b"]);
    }
}
