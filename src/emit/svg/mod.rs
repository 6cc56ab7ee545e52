//! The reporting graph as SVG: drawn by protogov's own layout ([`embedded`], the default,
//! the same on every machine), or by Graphviz from [`super::dot`] ([`graphviz`], when asked
//! for).
//!
//! - `graphviz`: runs `dot` with a time limit and says what went wrong when it fails.
//! - `layout`: the embedded layout: sizes each node, puts each kind of node in a band of its
//!   own, splits bands into rows, orders each row to shorten its lines.
//! - `draw`: the embedded drawing: heading, lines numbered for duties, boxes, the table that
//!   says what each number sends to whom and how often, and a key explaining shapes and line
//!   styles, as in the Graphviz drawing.

mod draw;
mod graphviz;
mod layout;

pub use graphviz::{graphviz, run_dot, Error, Graphviz};

use crate::analysis::Analysis;

/// Who lays out and draws the SVG.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Renderer {
    /// Graphviz's `dot -Tsvg`.
    Graphviz,
    /// protogov's own layout, with no external program.
    Embedded,
}

/// The SVG of an analysis with the chosen renderer.
pub fn emit(analysis: &Analysis, renderer: Renderer) -> Result<Vec<u8>, Error> {
    match renderer {
        Renderer::Graphviz => graphviz(&super::dot::emit(analysis)),
        Renderer::Embedded => Ok(embedded(analysis).into_bytes()),
    }
}

/// The SVG drawn by protogov's own layout.
pub fn embedded(analysis: &Analysis) -> String {
    draw::document(analysis, layout::Layout::new(analysis))
}

/// Text escaped for XML: markup characters as entities, line breaks and tabs as spaces;
/// characters XML forbids (controls, U+FFFE, U+FFFF) and bidirectional overrides dropped
/// (see [`crate::emit::unprintable`]).
pub fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' | '\t' => out.push(' '),
            c if crate::emit::unprintable(c) => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escapes_markup() {
        assert_eq!(
            xml("a & <b> \"c\" 'd'"),
            "a &amp; &lt;b&gt; &quot;c&quot; &apos;d&apos;"
        );
    }

    #[test]
    fn xml_drops_what_xml_forbids_and_bidi_overrides() {
        assert_eq!(
            xml("a\u{0}\u{FFFE}b\u{FFFF}\u{202E}c\u{200F}"),
            "abc\u{200F}"
        );
    }
}
