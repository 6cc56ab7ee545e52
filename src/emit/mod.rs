//! Outputs built from an analysed protocol: the JSON model ([`json`]), the iCalendar feed
//! ([`ics`]), the Graphviz diagram ([`dot`]) and its SVG rendering ([`svg`]), and the
//! forward plan of each body's meetings ([`plan`]).
//!
//! Every emitter is a function from an [`Analysis`] (plus its options) to text or bytes:
//! nothing here reads the clock, the environment or the file system, so the same input
//! always gives the same output on every machine. The one exception is asked for by name:
//! [`svg::Renderer::Graphviz`] runs Graphviz's `dot`, found on PATH, whose drawing depends
//! on its version. The command line decides where the bytes go.

pub mod dot;
pub mod ics;
pub mod json;
pub mod plan;
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

pub use crate::model::Timing;

/// The title of a declared name, or the name as written when it has none.
pub fn title(model: &Model, name: &str) -> String {
    model
        .common(name)
        .map(|c| c.label().to_string())
        .unwrap_or_else(|| name.to_string())
}

/// The title of the declaration a reference names, or the name as written when it names
/// none or the declaration has no title.
pub fn ref_title(model: &Model, r: &Ref) -> String {
    model
        .common_of(r)
        .map(|c| c.label().to_string())
        .unwrap_or_else(|| title(model, &r.name))
}

/// The titles of references joined as "a, b and c".
pub fn titles(model: &Model, refs: &[Ref]) -> String {
    let names: Vec<String> = refs.iter().map(|r| ref_title(model, r)).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    join_and(&names)
}

/// The protocol's title, or its name, or the file name when there is no protocol; for a
/// set, the set's name.
pub fn protocol_title(analysis: &Analysis) -> String {
    if let Some(map) = &analysis.set {
        return map.name.clone();
    }
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
    if duty.each {
        s.push_str("each of ");
    }
    match &duty.actor {
        Some(a) => s.push_str(&ref_title(model, a)),
        None => s.push_str("(no one named)"),
    }
    // `scp and sab submit …`: every actor, and the verb in its base form.
    let joint = !duty.co_actors.is_empty();
    if joint {
        let all: Vec<Ref> = duty.actor.iter().chain(&duty.co_actors).cloned().collect();
        s = titles(model, &all);
    }
    s.push(' ');
    match (duty.modality.word(), duty.verb) {
        // `should share`: the modal verb and the base form.
        (Some(m), Some(v)) => {
            let base = crate::syntax::vocab::VERBS
                .iter()
                .find(|x| x.active == v)
                .map_or(v, |x| x.base);
            s.push_str(m);
            s.push(' ');
            s.push_str(base);
        }
        (None, Some(v)) if joint => s.push_str(
            crate::syntax::vocab::VERBS
                .iter()
                .find(|x| x.active == v)
                .map_or(v, |x| x.base),
        ),
        _ => s.push_str(duty.verb.unwrap_or("acts on")),
    }
    if let Some(a) = &duty.artefact {
        s.push(' ');
        s.push_str(&ref_title(model, a));
    }
    if duty.to_others {
        s.push_str(" to the others");
    } else if duty.about_word == Some("for") {
        s.push_str(" to account");
    } else if !duty.recipients.is_empty() {
        s.push_str(" to ");
        if duty.alternatives {
            // `to lead_member or cabinet`: one of them.
            let names: Vec<String> = duty
                .recipients
                .iter()
                .map(|r| ref_title(model, r))
                .collect();
            match names.split_last() {
                Some((last, rest)) if !rest.is_empty() => {
                    s.push_str(&format!("{} or {last}", rest.join(", ")))
                }
                _ => s.push_str(&names.join("")),
            }
        } else {
            s.push_str(&titles(model, &duty.recipients));
        }
    }
    if let (Some(word), Some(about)) = (duty.about_word, &duty.about) {
        s.push(' ');
        s.push_str(word);
        s.push(' ');
        s.push_str(&ref_title(model, about));
    }
    s
}

/// When a duty falls due, in words for a table: its cadence, else what sets it off, its
/// meetings and its deadline, else "ongoing" for a standing function.
pub fn when_words(model: &Model, duty: &Duty) -> String {
    if let Some(c) = &duty.cadence {
        return c.text.clone();
    }
    let mut parts = Vec::new();
    if duty.standing {
        parts.push("ongoing".to_string());
    }
    if let Some(t) = &duty.trigger {
        parts.push(format!("when: {}", ref_title(model, t)));
    }
    if let Some(r) = &duty.receipt {
        parts.push(format!("on receipt of: {}", ref_title(model, r)));
    }
    if let Some(m) = &duty.meeting {
        let body = ref_title(model, &m.body);
        let body = if body.starts_with("The ") || body.starts_with("the ") {
            body
        } else {
            format!("the {body}")
        };
        parts.push(m.text_with(&body));
    }
    if let Some(d) = &duty.deadline {
        parts.push(d.text.clone());
    }
    parts.join(", ")
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

/// The most characters of one text a drawing shows: a longer title, name or table cell
/// is cut and ends with "…". The JSON keeps the full text. (Graphviz cannot read a string
/// of more than 16,384 characters, and a drawing is no place for a page of text.)
pub const DRAWN_MAX: usize = 200;

/// Text cut to at most `max` characters, the last of them "…" when anything was cut.
pub fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max.saturating_sub(1)) {
        Some((at, _)) if text[at..].chars().nth(1).is_some() => format!("{}…", &text[..at]),
        _ => text.to_string(),
    }
}

/// End a wrapped line, without the spaces at the break.
fn break_line(lines: &mut Vec<String>, line: &mut String) {
    line.truncate(line.trim_end_matches(' ').len());
    lines.push(std::mem::take(line));
}

/// Text for a drawing: at most [`DRAWN_MAX`] characters.
pub fn drawn(text: &str) -> String {
    shorten(text, DRAWN_MAX)
}

/// Wrap text into lines of at most `width` characters, breaking at spaces. The text is
/// kept as written: runs of spaces inside a line stay, a no-break space is never a place to
/// break, and only the spaces at a break are dropped. A word up to twice the width stays
/// whole on its own line; a longer one is cut into pieces of `width`.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        let mut len = 0;
        // True once the line holds a word: the next word follows a space.
        let mut started = false;
        // Words between single spaces; an empty word is one more space of a run.
        for word in para.split(' ') {
            let wlen = word.chars().count();
            if started && len > 0 && len + 1 + wlen > width {
                break_line(&mut lines, &mut line);
                (len, started) = (0, false);
                if word.is_empty() {
                    continue; // a space at the break
                }
            }
            if started {
                line.push(' ');
                len += 1;
            }
            started = true;
            if wlen <= 2 * width {
                line.push_str(word);
                len += wlen;
                continue;
            }
            if !line.trim_end_matches(' ').is_empty() {
                break_line(&mut lines, &mut line);
            }
            let chars: Vec<char> = word.chars().collect();
            let mut pieces = chars.chunks(width).peekable();
            while let Some(piece) = pieces.next() {
                line = piece.iter().collect();
                len = piece.len();
                if pieces.peek().is_some() {
                    lines.push(std::mem::take(&mut line));
                }
            }
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

    #[test]
    fn wrap_keeps_runs_of_spaces_and_no_break_spaces() {
        assert_eq!(wrap("a   b\u{a0}\u{a0}c", 20), vec!["a   b\u{a0}\u{a0}c"]);
        assert_eq!(wrap("aaaa   bbbb", 6), vec!["aaaa", "bbbb"]);
        assert_eq!(wrap("x\u{a0}yyyy zz", 4), vec!["x\u{a0}yyyy", "zz"]);
    }

    #[test]
    fn wrap_cuts_words_longer_than_twice_the_width() {
        assert_eq!(wrap("abcdefghij", 5), vec!["abcdefghij"]);
        assert_eq!(
            wrap("ab abcdefghijk c", 5),
            vec!["ab", "abcde", "fghij", "k c"]
        );
    }

    #[test]
    fn shorten_cuts_at_a_character_boundary() {
        assert_eq!(shorten("abcdef", 6), "abcdef");
        assert_eq!(shorten("abcdefg", 6), "abcde…");
        assert_eq!(shorten("ééééééé", 3), "éé…");
        assert_eq!(drawn(&"x".repeat(17_000)).chars().count(), DRAWN_MAX);
    }
}
