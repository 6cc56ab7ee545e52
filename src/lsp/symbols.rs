//! The document outline: every declaration with its kind and title, and every prose clause,
//! in source order.

use super::hover::kind_phrase;
use super::position::{range, Encoding};
use crate::analysis::Analysis;
use crate::syntax::ast::{DeclKind, Item};
use lsp_types::{DocumentSymbol, SymbolKind};

/// The symbol kind an editor shows for a kind of declaration.
pub fn symbol_kind(kind: DeclKind) -> SymbolKind {
    match kind {
        DeclKind::Protocol | DeclKind::Terms => SymbolKind::NAMESPACE,
        DeclKind::Group => SymbolKind::ARRAY,
        DeclKind::Body => SymbolKind::CLASS,
        DeclKind::Role => SymbolKind::INTERFACE,
        DeclKind::Topic => SymbolKind::ENUM,
        DeclKind::Artefact => SymbolKind::FILE,
        DeclKind::Event => SymbolKind::EVENT,
        DeclKind::Duty => SymbolKind::FUNCTION,
        DeclKind::Escalation => SymbolKind::OPERATOR,
    }
}

/// The outline of the file.
#[allow(deprecated)] // `DocumentSymbol::deprecated` must be named to build the struct.
pub fn document_symbols(analysis: &Analysis, encoding: Encoding) -> Vec<DocumentSymbol> {
    let source = &analysis.source;
    let mut out = Vec::new();
    for item in analysis.items() {
        let symbol = match item {
            Item::Decl(d) if !d.name.name.is_empty() => {
                let mut detail = kind_phrase(analysis, &d.name.name, d.kind).to_string();
                if let Some(t) = &d.title {
                    detail.push_str(" · ");
                    detail.push_str(&t.value);
                }
                let clauses: Vec<&str> = d.clauses().map(|c| c.text.as_str()).collect();
                if !clauses.is_empty() {
                    detail.push_str(&format!(" (clause {})", clauses.join(", ")));
                }
                DocumentSymbol {
                    name: d.name.name.to_string(),
                    detail: Some(detail),
                    kind: symbol_kind(d.kind),
                    tags: None,
                    deprecated: None,
                    range: range(source, d.span, encoding),
                    selection_range: range(source, d.name.span, encoding),
                    children: None,
                }
            }
            Item::Prose(p) => {
                let name = match &p.title {
                    Some(t) => format!("{} {}", p.clause.text, t.value),
                    None => p.clause.text.to_string(),
                };
                DocumentSymbol {
                    name: if name.trim().is_empty() {
                        "prose".to_string()
                    } else {
                        name
                    },
                    detail: Some("prose".to_string()),
                    kind: SymbolKind::STRING,
                    tags: None,
                    deprecated: None,
                    range: range(source, p.span, encoding),
                    selection_range: range(source, p.clause.span, encoding),
                    children: None,
                }
            }
            _ => continue,
        };
        out.push(symbol);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::fixture::{analysis, SAMPLE};

    #[test]
    fn the_outline_lists_declarations_and_prose_in_order() {
        let a = analysis(SAMPLE);
        let s = document_symbols(&a, Encoding::Utf16);
        let names: Vec<&str> = s.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "cpb_scp",
                "scp",
                "cpb",
                "cpb_chair",
                "uasc",
                "annual_report",
                "serious_case",
                "cpb_annual",
                "scp_reply",
                "disputes",
                "1.1 Purpose"
            ]
        );
        assert_eq!(s[1].kind, SymbolKind::CLASS);
        assert_eq!(
            s[1].detail.as_deref(),
            Some("body · Safeguarding Children Partnership")
        );
        assert_eq!(
            s[7].detail.as_deref(),
            Some("duty · Annual report to the Partnership (clause 2.1)")
        );
        assert_eq!(s[10].kind, SymbolKind::STRING);
        for sym in &s {
            assert!(sym.range.start <= sym.selection_range.start);
            assert!(sym.selection_range.end <= sym.range.end);
        }
    }
}
