//! An open document: its text, its version, and the analysis of the latest text, computed
//! when first needed after a change.

use super::position::{span, Encoding};
use crate::analysis::{analyse, Analysis, Options};
use crate::source::{floor_char_boundary, SourceFile};
use lsp_types::TextDocumentContentChangeEvent;

/// One open document.
#[derive(Debug, Clone)]
pub struct Document {
    /// The name diagnostics use (the document's URI).
    pub name: String,
    /// The version the client gave with the latest text.
    pub version: i32,
    /// The latest text, as a source file (its line index maps protocol positions).
    pub source: SourceFile,
    analysis: Option<Analysis>,
}

impl Document {
    /// A document opened with `text`.
    pub fn new(name: impl Into<String>, version: i32, text: String) -> Self {
        let name = name.into();
        Document {
            source: SourceFile::new(name.clone(), text),
            name,
            version,
            analysis: None,
        }
    }

    /// Apply the client's changes in order: a change with a range replaces that range
    /// (positions in `encoding`), one without replaces the whole text. Ranges outside the
    /// text are clamped, so a confused client cannot make the server panic.
    pub fn apply(
        &mut self,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
        encoding: Encoding,
    ) {
        for change in changes {
            let text = match change.range {
                None => change.text,
                Some(range) => {
                    let sp = span(&self.source, range, encoding);
                    let old = &self.source.text;
                    let start = floor_char_boundary(old, sp.start);
                    let end = floor_char_boundary(old, sp.end).max(start);
                    let mut text = String::with_capacity(old.len() + change.text.len());
                    text.push_str(&old[..start]);
                    text.push_str(&change.text);
                    text.push_str(&old[end..]);
                    text
                }
            };
            self.source = SourceFile::new(self.name.clone(), text);
        }
        self.version = version;
        self.analysis = None;
    }

    /// True when the text changed since the last analysis.
    pub fn is_stale(&self) -> bool {
        self.analysis.is_none()
    }

    /// The analysis of the latest text, computed now if the text changed.
    pub fn analysis(&mut self, options: &Options) -> &Analysis {
        let source = &self.source;
        self.analysis
            .get_or_insert_with(|| analyse(source.clone(), options))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::{Position, Range};

    fn change(range: Option<Range>, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range,
            range_length: None,
            text: text.to_string(),
        }
    }

    #[test]
    fn incremental_changes_use_the_negotiated_encoding() {
        let mut d = Document::new("t", 1, "’x\ny\n".to_string());
        let r = Range::new(Position::new(0, 1), Position::new(0, 2));
        d.apply(2, vec![change(Some(r), "z")], Encoding::Utf16);
        assert_eq!(d.source.text, "’z\ny\n");
        let r = Range::new(Position::new(0, 3), Position::new(0, 4));
        d.apply(3, vec![change(Some(r), "w")], Encoding::Utf8);
        assert_eq!(d.source.text, "’w\ny\n");
        assert_eq!(d.version, 3);
    }

    #[test]
    fn full_changes_and_wild_ranges_never_panic() {
        let mut d = Document::new("t", 1, "abc".to_string());
        let wild = Range::new(Position::new(99, 99), Position::new(0, 1));
        d.apply(2, vec![change(Some(wild), "!")], Encoding::Utf16);
        assert_eq!(d.source.text, "a!");
        d.apply(3, vec![change(None, "new")], Encoding::Utf16);
        assert_eq!(d.source.text, "new");
        assert!(d.is_stale());
        let codes: Vec<&str> = d
            .analysis(&Options::default())
            .diagnostics
            .iter()
            .map(|d| d.code.code)
            .collect();
        assert!(codes.contains(&"PG0009"), "{codes:?}");
        assert!(!d.is_stale());
    }
}
