//! Positions: byte offsets in the library, line and character in the protocol.
//!
//! The Language Server Protocol counts a character column in UTF-16 code units unless the
//! client and server agree on another encoding at initialisation. protogov offers UTF-8
//! (byte columns, no conversion cost) whenever the client lists it, and falls back to
//! UTF-16, the encoding every client supports.

use crate::source::{floor_char_boundary, SourceFile, Span};
use lsp_types::{Position, PositionEncodingKind, Range};

/// How the character column of a position is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// Bytes of UTF-8.
    Utf8,
    /// UTF-16 code units (the protocol's default).
    #[default]
    Utf16,
}

impl Encoding {
    /// Pick the encoding from those the client offers (`general.positionEncodings`):
    /// UTF-8 when offered, otherwise UTF-16.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    /// The protocol's name for the encoding.
    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }
}

/// The protocol position of byte `offset` (clamped to the text and to a character boundary).
pub fn position(source: &SourceFile, offset: usize, encoding: Encoding) -> Position {
    let (line, character) = match encoding {
        Encoding::Utf16 => source.lines.utf16_position(&source.text, offset),
        Encoding::Utf8 => {
            let offset = floor_char_boundary(&source.text, offset.min(source.text.len()));
            let line = source.lines.line_of(offset);
            let start = source.lines.line_start(line).unwrap_or(0);
            (line as u32, (offset - start) as u32)
        }
    };
    Position::new(line, character)
}

/// The protocol range of a span.
pub fn range(source: &SourceFile, span: Span, encoding: Encoding) -> Range {
    Range::new(
        position(source, span.start, encoding),
        position(source, span.end.max(span.start), encoding),
    )
}

/// The byte offset of a protocol position. A line past the end gives the end of the text;
/// a column past the end of its line gives the end of the line (before its line break); a
/// column inside a character gives the start of that character.
pub fn offset(source: &SourceFile, position: Position, encoding: Encoding) -> usize {
    let text = &source.text;
    match encoding {
        Encoding::Utf16 => source
            .lines
            .offset_of_utf16(text, position.line, position.character),
        Encoding::Utf8 => {
            let Some(start) = source.lines.line_start(position.line as usize) else {
                return text.len();
            };
            let end = source
                .lines
                .line_end(text, position.line as usize)
                .unwrap_or(text.len());
            let at = start.saturating_add(position.character as usize).min(end);
            floor_char_boundary(text, at)
        }
    }
}

/// The byte span of a protocol range, with its ends put in order.
pub fn span(source: &SourceFile, range: Range, encoding: Encoding) -> Span {
    let a = offset(source, range.start, encoding);
    let b = offset(source, range.end, encoding);
    Span::new(a.min(b), a.max(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(text: &str) -> SourceFile {
        SourceFile::new("t", text)
    }

    #[test]
    fn utf16_counts_surrogate_pairs_and_curly_quotes() {
        let s = src("a\n’😀x\n");
        let x = s.text.find('x').unwrap();
        assert_eq!(position(&s, x, Encoding::Utf16), Position::new(1, 3));
        assert_eq!(position(&s, x, Encoding::Utf8), Position::new(1, 7));
        assert_eq!(offset(&s, Position::new(1, 3), Encoding::Utf16), x);
        assert_eq!(offset(&s, Position::new(1, 7), Encoding::Utf8), x);
    }

    #[test]
    fn positions_inside_a_character_or_past_the_line_are_clamped() {
        let s = src("’ab\ncd");
        // Inside the three bytes of the apostrophe: its start.
        assert_eq!(offset(&s, Position::new(0, 2), Encoding::Utf8), 0);
        // Past the end of the first line: before its line break.
        assert_eq!(offset(&s, Position::new(0, 99), Encoding::Utf16), 5);
        assert_eq!(offset(&s, Position::new(0, 99), Encoding::Utf8), 5);
        // Past the last line: the end of the text.
        assert_eq!(
            offset(&s, Position::new(9, 0), Encoding::Utf8),
            s.text.len()
        );
    }

    #[test]
    fn negotiation_prefers_utf8_only_when_offered() {
        let both = [PositionEncodingKind::UTF16, PositionEncodingKind::UTF8];
        assert_eq!(Encoding::negotiate(Some(&both)), Encoding::Utf8);
        let only16 = [PositionEncodingKind::UTF16];
        assert_eq!(Encoding::negotiate(Some(&only16)), Encoding::Utf16);
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
    }

    #[test]
    fn ranges_put_their_ends_in_order() {
        let s = src("abc");
        let r = Range::new(Position::new(0, 2), Position::new(0, 1));
        assert_eq!(span(&s, r, Encoding::Utf16), Span::new(1, 2));
    }
}
