//! Text made safe to show on a terminal. A protocol's text reaches people's terminals in
//! diagnostics (the excerpt, the message, the file's name), so a character that a terminal
//! acts on instead of showing (an escape sequence that clears the screen or retitles the
//! window, a bell, a carriage return that overwrites the line) or that reorders the text
//! around it (a bidirectional override) is shown as a visible stand-in: a control picture
//! such as `␛` for the C0 controls and DEL, an escape such as `\u{202e}` for the others.
//! Machine output (JSON) keeps the exact text.

use std::borrow::Cow;

/// True for a character shown by a stand-in: the C0 controls (tab and line feed apart),
/// DEL, the C1 controls, the bidirectional marks, embeddings, overrides and isolates, and
/// the line and paragraph separators.
pub fn is_hidden(c: char) -> bool {
    matches!(c,
        '\0'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
}

/// Push the stand-in for a hidden character.
fn push_stand_in(out: &mut String, c: char) {
    match c {
        '\0'..='\u{1f}' => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}')),
        '\u{7f}' => out.push('\u{2421}'),
        _ => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
    }
}

/// `text` with every hidden character (see [`is_hidden`]) shown by its stand-in. Line
/// feeds and tabs are kept; a carriage return is shown as `␍`.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_hidden(c) {
            push_stand_in(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A source text shown for a terminal: every hidden character but the line breaks (`\n`,
/// `\r\n` and a lone `\r`) replaced by its stand-in, with the way from offsets in the
/// source to offsets in the shown text, so that spans still point at the same characters.
#[derive(Debug, Clone)]
pub struct Shown {
    /// The text as shown.
    pub text: String,
    /// For each replaced character, its offset in the source and how many bytes longer the
    /// shown text is than the source after it.
    moves: Vec<(usize, usize)>,
}

impl Shown {
    /// Show `source`.
    pub fn new(source: &str) -> Shown {
        let mut text = String::with_capacity(source.len());
        let mut moves = Vec::new();
        for (at, c) in source.char_indices() {
            if is_hidden(c) && c != '\r' {
                push_stand_in(&mut text, c);
                moves.push((at, text.len() - (at + c.len_utf8())));
            } else {
                text.push(c);
            }
        }
        Shown { text, moves }
    }

    /// The offset in the shown text of a source offset on a character boundary.
    pub fn offset(&self, at: usize) -> usize {
        let before = self.moves.partition_point(|&(o, _)| o < at);
        at + before.checked_sub(1).map_or(0, |i| self.moves[i].1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_shown_and_ordinary_text_is_not_copied() {
        assert!(matches!(
            visible("plain ’text’ 👩‍👩‍👧\tend\n"),
            Cow::Borrowed(_)
        ));
        assert_eq!(
            visible("a\u{1b}]0;x\u{7}b\r\0\u{b}\u{7f}\u{85}\u{202e}"),
            "a␛]0;x␇b␍␀␋␡\\u{85}\\u{202e}"
        );
    }

    #[test]
    fn offsets_follow_the_stand_ins() {
        let source = "a\u{1b}b\r\nc\u{202e}d";
        let shown = Shown::new(source);
        assert_eq!(shown.text, "a␛b\r\nc\\u{202e}d");
        for c in ['a', 'b', 'c', 'd'] {
            let at = source.find(c).unwrap();
            assert_eq!(shown.text[shown.offset(at)..].chars().next(), Some(c));
        }
        assert_eq!(shown.offset(source.len()), shown.text.len());
        assert_eq!(shown.offset(1), 1);
    }
}
