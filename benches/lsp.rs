//! How long the language server takes from a change to diagnostics ready to send, on a
//! generated protocol of 5,000 lines and on a generated set of 200 files of 300 lines each
//! (a workspace folder): the edit applied to the open document, the analysis the server
//! runs (of the whole set, for a set), the conversion to protocol diagnostics and their
//! JSON encoding.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use lsp_types::{Position, PublishDiagnosticsParams, Range, TextDocumentContentChangeEvent, Uri};
use protogov::analysis::Options;
use protogov::lsp::diagnostics;
use protogov::lsp::document::Document;
use protogov::lsp::position::Encoding;
use protogov::lsp::workspace::Workspace;
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

/// The edit that misspells `kind` as `kund` on the `nth` line of `text` starting with it.
fn misspell_kind(text: &str, nth: usize) -> TextDocumentContentChangeEvent {
    let target = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim_start().starts_with("kind"))
        .nth(nth)
        .map_or(0, |(n, _)| n as u32);
    TextDocumentContentChangeEvent {
        range: Some(Range::new(
            Position::new(target, 2),
            Position::new(target, 6),
        )),
        range_length: None,
        text: "kund".to_string(),
    }
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
    let edit = misspell_kind(&open.source.text, 100);
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

/// File `k` of a set whose files share one body, `hub`, declared in the first: a protocol
/// between the hub and a board of its own, then groups of a body, a role, an artefact, an
/// event and two duties (as [`protocol`] writes them, each name prefixed `f{k}_`) until it
/// has at least `lines` lines. The set has no diagnostics. Written the same way by
/// `member()` in benches/lsp_roundtrip.py.
fn member(k: usize, lines: usize) -> String {
    let mut out = format!(
        "protocol f{k}_doc \"Protocol {k} between the hub and the boards of area {k}\" {{\n  version \"1.0\"\n  between hub and f{k}_b0\n  review every 2 years\n  next review 2099-01\n}}\n\n"
    );
    if k == 0 {
        out.push_str("body hub \"The area’s safeguarding hub\" {\n  kind statutory_partnership\n  meets quarterly in march, june, september and december\n}\n\n");
    }
    let p = format!("f{k}_");
    let mut i = 0;
    while out.lines().count() < lines {
        out.push_str(&format!(
            "body {p}b{i} \"Board {i} of area {k}\" {{\n  kind committee\n  reports to hub\n  meets quarterly in march, june, september and december\n}}\n\n\
             role {p}r{i} \"Chair of board {i} of area {k}\" {{\n  chair of {p}b{i}\n  appointed by hub\n}}\n\n\
             artefact {p}a{i} \"Report {i} of area {k}\" {{\n  produced by {p}b{i}\n}}\n\n\
             event {p}p{i} \"Report {i} of area {k} is published\"\n\n\
             duty {p}d{i} \"Report {i} of area {k} to the hub\" {{\n  clause {c}.1\n  {p}b{i} submits {p}a{i} to hub\n  yearly in september\n}}\n\n\
             duty {p}e{i} \"Review of report {i} of area {k}\" {{\n  {p}a{i} reviewed to {p}b{i} by {p}r{i}\n  when {p}p{i}\n  within 28 days\n  after {p}d{i}\n}}\n\n",
            c = i + 1
        ));
        i += 1;
    }
    out
}

/// An edit to one open file of a set of 200 files, to the diagnostics of the set ready to
/// send: what the server does when a workspace folder is open.
fn set_change_to_diagnostics(c: &mut Criterion) {
    const FILES: usize = 200;
    let dir = tempfile::tempdir().expect("a temporary folder");
    for k in 0..FILES {
        let path = dir.path().join(format!("area-{k:03}.proto-gov"));
        std::fs::write(path, member(k, 300)).expect("write a file of the set");
    }
    let mut ws = Workspace::load(dir.path()).expect("the set reads");
    let lines: usize = ws
        .members()
        .iter()
        .map(|m| m.source.text.lines().count())
        .sum();
    // Start from a published set with one file open, as the server has after didOpen.
    let k = FILES / 2;
    let uri = ws.members()[k].uri.clone();
    let mut open = Document::new(uri.as_str(), 1, ws.members()[k].source.text.clone());
    ws.edit(k, &uri, 1, &open.source.text);
    let first = ws.publish(Encoding::Utf16);
    assert!(
        first.iter().all(|p| p.diagnostics.is_empty()),
        "a clean set"
    );
    // Misspell `kind` on a line in the middle of the open file: one diagnostic.
    let misspell = misspell_kind(&open.source.text, 5);
    let restore = TextDocumentContentChangeEvent {
        text: "kind".to_string(),
        ..misspell.clone()
    };
    let mut group = c.benchmark_group("lsp");
    group.sample_size(30);
    let mut version = 1;
    group.bench_function(
        format!("set_change_to_diagnostics_{FILES}_files_{lines}_lines"),
        |b| {
            b.iter(|| {
                // Alternately misspell and restore, so each edit changes the diagnostics.
                version += 1;
                let edit = if version % 2 == 0 {
                    &misspell
                } else {
                    &restore
                };
                open.apply(version, vec![edit.clone()], Encoding::Utf16);
                ws.edit(k, &uri, version, &open.source.text);
                let published = ws.publish(Encoding::Utf16);
                assert_eq!(published.len(), 1);
                assert_eq!(
                    published[0].diagnostics.len(),
                    usize::from(version % 2 == 0)
                );
                black_box(serde_json::to_string(&published).expect("encodable"))
            })
        },
    );
    group.finish();
}

criterion_group!(benches, change_to_diagnostics, set_change_to_diagnostics);
criterion_main!(benches);
