//! How long the language server takes from a change to diagnostics ready to send, on a
//! generated protocol of 5,000 lines: the edit applied to the open document, the analysis
//! the server runs, the conversion to protocol diagnostics and their JSON encoding.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use lsp_types::{Position, PublishDiagnosticsParams, Range, TextDocumentContentChangeEvent, Uri};
use protogov::analysis::Options;
use protogov::lsp::diagnostics;
use protogov::lsp::document::Document;
use protogov::lsp::position::Encoding;
use std::hint::black_box;
use std::str::FromStr;

/// A protocol of at least `lines` lines with no diagnostics: groups of a body, a role, an
/// artefact, an event and two duties, every name used and every schedule dated.
fn protocol(lines: usize) -> String {
    let mut out = String::from(
        "protocol big \"A generated protocol\" {\n  version \"1.0\"\n  between b0 and b1\n  review every 2 years\n  next review 2099-01\n}\n\n",
    );
    let mut i = 0;
    while out.lines().count() < lines {
        let reports = if i == 0 { "" } else { "  reports to b0\n" };
        let to = if i == 0 { "b1" } else { "b0" };
        let clause = i + 1;
        out.push_str(&format!(
            "body b{i} \"Board {i} for children’s services\" {{\n  kind committee\n{reports}  meets quarterly in march, june, september and december\n}}\n\n\
             role r{i} \"Chair of board {i}\" {{\n  chair of b{i}\n  appointed by b0\n}}\n\n\
             artefact a{i} \"Report {i}\" {{\n  produced by b{i}\n}}\n\n\
             event p{i} \"Report {i} is published\"\n\n\
             duty d{i} \"Report {i} to the first board\" {{\n  clause {clause}.1\n  b{i} submits a{i} to {to}\n  yearly in september\n}}\n\n\
             duty e{i} \"Review of report {i}\" {{\n  a{i} reviewed to b{i} by r{i}\n  when p{i}\n  within 28 days\n  after d{i}\n}}\n\n"
        ));
        i += 1;
    }
    out
}

fn change_to_diagnostics(c: &mut Criterion) {
    let text = protocol(5_000);
    let lines = text.lines().count();
    let uri = Uri::from_str("file:///big.proto-gov").expect("a valid URI");
    let options = Options::default();
    let mut open = Document::new(uri.as_str(), 1, text);
    // Start from an analysed document, as the server has after didOpen.
    assert!(open.analysis(&options).diagnostics.is_empty());
    // Misspell `kind` on a line in the middle: the edit a user makes, and one diagnostic.
    let target = open
        .source
        .text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim_start().starts_with("kind"))
        .nth(100)
        .map_or(0, |(n, _)| n as u32);
    let edit = TextDocumentContentChangeEvent {
        range: Some(Range::new(
            Position::new(target, 2),
            Position::new(target, 6),
        )),
        range_length: None,
        text: "kund".to_string(),
    };
    let mut group = c.benchmark_group("lsp");
    group.sample_size(30);
    group.bench_function(format!("change_to_diagnostics_{lines}_lines"), |b| {
        b.iter_batched(
            || open.clone(),
            |mut doc| {
                doc.apply(2, vec![edit.clone()], Encoding::Utf16);
                let version = doc.version;
                let analysis = doc.analysis(&options);
                let diags = diagnostics::to_lsp(
                    &analysis.source,
                    &analysis.diagnostics,
                    &uri,
                    Encoding::Utf16,
                );
                assert_eq!(diags.len(), 1);
                let params = PublishDiagnosticsParams {
                    uri: uri.clone(),
                    diagnostics: diags,
                    version: Some(version),
                };
                black_box(serde_json::to_string(&params).expect("encodable"))
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(benches, change_to_diagnostics);
criterion_main!(benches);
