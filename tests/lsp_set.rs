//! The language server with a workspace folder: the folder's files are one set, as
//! `protogov check DIR` reads them. Names are found, renamed and checked across files.

use super::{range, Server};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

/// Declares the bodies and the artefact both files use.
const A: &str = "protocol pa \"Protocol A\" {\n  between board and panel\n  next review 2099-01\n}\n\nbody board \"The Board\"\n\nbody panel \"The Panel\"\n\nartefact report \"Annual report\"\n\nduty annual \"Annual report to the Panel\" {\n  board submits report to panel\n  yearly in march\n}\n";

/// Uses `board` and `panel`, declared only in [`A`].
const B: &str = "protocol pb \"Protocol B\" {\n  between panel and board\n  next review 2099-01\n}\n\nartefact reply_letter \"Reply\"\n\nduty reply \"Reply to the Board\" {\n  panel submits reply_letter to board\n  yearly in june\n}\n";

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// A folder holding `a.proto-gov` and `b.proto-gov`.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::Builder::new()
        .prefix("lsp-set")
        .tempdir()
        .expect("a temporary folder");
    std::fs::write(dir.path().join("a.proto-gov"), A).expect("write a");
    std::fs::write(dir.path().join("b.proto-gov"), B).expect("write b");
    dir
}

/// A server initialised with `root` as its one workspace folder.
fn serve(root: &Path) -> Server {
    let mut s = Server::start();
    let root = uri(root);
    let r = s.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": root,
            "workspaceFolders": [{"uri": root, "name": "set"}],
            "capabilities": {},
        }),
    );
    assert!(r.get("error").is_none(), "{r}");
    assert_eq!(r["result"]["capabilities"]["workspaceSymbolProvider"], true);
    s.notify("initialized", json!({}));
    s
}

fn at(s: &mut Server, method: &str, uri: &str, line: u32, character: u32, extra: Value) -> Value {
    let mut params = json!({
        "textDocument": {"uri": uri},
        "position": {"line": line, "character": character},
    });
    if let (Some(p), Some(e)) = (params.as_object_mut(), extra.as_object()) {
        p.extend(e.clone());
    }
    s.request(method, params)
}

/// Each location as (URI, start line, start column).
fn places(locations: &Value) -> BTreeSet<(String, u64, u64)> {
    locations
        .as_array()
        .unwrap_or_else(|| panic!("locations expected: {locations}"))
        .iter()
        .map(|l| {
            let (line, col, _, _) = range(&l["range"]);
            (l["uri"].as_str().unwrap_or_default().to_string(), line, col)
        })
        .collect()
}

/// `text` with protocol text edits applied (ASCII text: columns are bytes).
fn apply(text: &str, edits: &Value) -> String {
    let offset = |p: &Value| {
        let line = p["line"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        start + p["character"].as_u64().unwrap() as usize
    };
    let mut spans: Vec<(usize, usize, &str)> = edits
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap(),
            )
        })
        .collect();
    spans.sort();
    let mut out = text.to_string();
    for (start, end, new) in spans.into_iter().rev() {
        out.replace_range(start..end, new);
    }
    out
}

fn codes(published: &Value) -> Vec<(String, u64)> {
    published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn definition_references_rename_and_symbols_cross_files() {
    let dir = folder();
    let (a, b) = (
        uri(&dir.path().join("a.proto-gov")),
        uri(&dir.path().join("b.proto-gov")),
    );
    let mut s = serve(dir.path());
    let published = s.open(&b, B);
    assert_eq!(codes(&published), [], "{published}");

    // `board` on line 8 of B, `panel submits reply_letter to board`, is declared in A.
    let def = at(&mut s, "textDocument/definition", &b, 8, 33, json!({}));
    assert_eq!(
        places(&def["result"]),
        BTreeSet::from([(a.clone(), 5, 5)]),
        "{def}"
    );

    let refs = at(
        &mut s,
        "textDocument/references",
        &b,
        8,
        33,
        json!({"context": {"includeDeclaration": true}}),
    );
    let expected = BTreeSet::from([
        (a.clone(), 1, 10),
        (a.clone(), 5, 5),
        (a.clone(), 12, 2),
        (b.clone(), 1, 20),
        (b.clone(), 8, 32),
    ]);
    assert_eq!(places(&refs["result"]), expected, "{refs}");

    // Hover on a name describes its declaration in the other file; on a document's name,
    // that document; on anything else, the file's own words.
    let h = at(&mut s, "textDocument/hover", &b, 8, 33, json!({}));
    let value = h["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(value.starts_with("**body** `board` · The Board"), "{h}");
    assert!(
        value.contains("\n\nReferred to 4 times in the files of this folder.\n"),
        "{h}"
    );
    assert_eq!(range(&h["result"]["range"]), (8, 32, 8, 37));
    let h = at(&mut s, "textDocument/hover", &b, 0, 10, json!({}));
    let value = h["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(value.starts_with("**protocol** `pb` · Protocol B"), "{h}");
    assert!(
        value.contains("Between `panel` (body: The Panel), `board` (body: The Board)"),
        "{h}"
    );
    let h = at(&mut s, "textDocument/hover", &b, 1, 3, json!({}));
    assert!(
        h["result"]["contents"]["value"]
            .as_str()
            .is_some_and(|v| v.starts_with("**between**")),
        "{h}"
    );
    // Completion offers the names of the whole set: the bodies declared in A.
    let offered = at(&mut s, "textDocument/completion", &b, 8, 32, json!({}));
    let labels: Vec<&str> = offered["result"]
        .as_array()
        .unwrap_or_else(|| panic!("{offered}"))
        .iter()
        .map(|i| i["label"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(labels, ["board", "panel"], "{offered}");
    assert_eq!(offered["result"][0]["detail"], "body · The Board");
    let outline = s.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": b}}),
    );
    let names: Vec<&str> = outline["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["pb", "reply_letter", "reply"], "{outline}");

    let prepared = at(&mut s, "textDocument/prepareRename", &b, 8, 33, json!({}));
    assert_eq!(prepared["result"]["placeholder"], "board", "{prepared}");
    assert_eq!(range(&prepared["result"]["range"]), (8, 32, 8, 37));

    let renamed = at(
        &mut s,
        "textDocument/rename",
        &b,
        8,
        33,
        json!({"newName": "council"}),
    );
    let changes = &renamed["result"]["changes"];
    assert_eq!(
        changes.as_object().map(|c| c.len()),
        Some(2),
        "one entry per file: {renamed}"
    );
    let new_a = apply(A, &changes[&a]);
    let new_b = apply(B, &changes[&b]);
    assert!(new_a.contains("body council \"The Board\""), "{new_a}");
    assert!(
        new_a.contains("  council submits report to panel\n"),
        "{new_a}"
    );
    assert!(new_b.contains("between panel and council"), "{new_b}");
    assert!(new_b.contains("reply_letter to council\n"), "{new_b}");
    assert!(!new_a.contains("board ") && !new_b.contains("board\n"));
    // The renamed folder checks clean on the command line.
    let out = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(out.path().join("a.proto-gov"), &new_a).expect("write");
    std::fs::write(out.path().join("b.proto-gov"), &new_b).expect("write");
    let check = Command::new(env!("CARGO_BIN_EXE_protogov"))
        .args(["check", "--today", "2026-01-01"])
        .arg(out.path())
        .output()
        .expect("protogov runs");
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );

    // A name declared in A is refused as a new name from B.
    let taken = at(
        &mut s,
        "textDocument/rename",
        &b,
        8,
        33,
        json!({"newName": "panel"}),
    );
    assert!(taken["error"]["message"]
        .as_str()
        .is_some_and(|m| m.contains("already names a declaration")));

    let symbols = s.request("workspace/symbol", json!({"query": "BOA"}));
    let found: Vec<(&str, &str)> = symbols["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                w["name"].as_str().unwrap(),
                w["location"]["uri"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(found, [("board", a.as_str())], "{symbols}");
    let all = s.request("workspace/symbol", json!({"query": ""}));
    assert_eq!(all["result"].as_array().map(Vec::len), Some(8), "{all}");
    assert_eq!(s.shutdown_and_exit(), 0);
}

#[test]
fn diagnostics_of_other_files_follow_a_changed_declaration() {
    let dir = folder();
    let (a, b) = (
        uri(&dir.path().join("a.proto-gov")),
        uri(&dir.path().join("b.proto-gov")),
    );
    let mut s = serve(dir.path());
    assert_eq!(codes(&s.open(&a, A)), []);
    assert_eq!(codes(&s.open(&b, B)), []);

    // Delete `body board "The Board"` from A: B's uses of `board` are now unknown.
    let without = A.replace("body board \"The Board\"\n", "");
    s.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": a, "version": 2}, "contentChanges": [{"text": without}]}),
    );
    let published = s.diagnostics(&b);
    assert_eq!(
        codes(&published),
        [("PG0101".to_string(), 1), ("PG0101".to_string(), 8)],
        "{published}"
    );
    assert_eq!(published["version"], 1);

    // Put it back: B is clean again.
    s.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": a, "version": 3}, "contentChanges": [{"text": A}]}),
    );
    let published = s.diagnostics(&b);
    assert_eq!(codes(&published), [], "{published}");
    assert_eq!(s.shutdown_and_exit(), 0);
}

#[test]
fn a_file_outside_the_folder_stays_independent() {
    let dir = folder();
    let elsewhere = tempfile::tempdir().expect("a temporary folder");
    let c_path = elsewhere.path().join("c.proto-gov");
    // Declares `board` again and uses `panel`, declared only in the folder's set.
    let c = "protocol pc \"Protocol C\" {\n  between board and panel\n  next review 2099-01\n}\n\nbody board \"Another board\"\n";
    std::fs::write(&c_path, c).expect("write c");
    let c_uri = uri(&c_path);
    let a = uri(&dir.path().join("a.proto-gov"));
    let mut s = serve(dir.path());

    let published = s.open(&c_uri, c);
    assert_eq!(
        codes(&published),
        [("PG0101".to_string(), 1), ("PG0304".to_string(), 5)],
        "{published}"
    );
    let def = at(&mut s, "textDocument/definition", &c_uri, 1, 21, json!({}));
    assert_eq!(def["result"], Value::Null, "{def}");
    let def = at(&mut s, "textDocument/definition", &c_uri, 1, 11, json!({}));
    assert_eq!(
        places(&def["result"]),
        BTreeSet::from([(c_uri.clone(), 5, 5)])
    );

    // The set does not see C's `board`: A has no duplicate.
    assert_eq!(codes(&s.open(&a, A)), []);
    let refs = at(
        &mut s,
        "textDocument/references",
        &a,
        5,
        6,
        json!({"context": {"includeDeclaration": true}}),
    );
    assert!(
        places(&refs["result"]).iter().all(|(u, _, _)| *u != c_uri),
        "{refs}"
    );
    assert_eq!(s.shutdown_and_exit(), 0);
}

#[test]
fn settings_that_do_not_read_are_reported_and_the_files_stay_independent() {
    let dir = folder();
    std::fs::write(dir.path().join("protogov.toml"), "[set]\nnme = \"Area\"\n").expect("write");
    let mut s = serve(dir.path());
    let toml = uri(&dir.path().join("protogov.toml"));
    let published = s.diagnostics(&toml);
    assert_eq!(
        codes(&published),
        [("PG0013".to_string(), 1)],
        "{published}"
    );
    // B alone: `board` and `panel` are declared only in A.
    let b = uri(&dir.path().join("b.proto-gov"));
    let published = s.open(&b, B);
    let unknown = codes(&published)
        .iter()
        .filter(|(c, _)| c == "PG0101")
        .count();
    assert_eq!(unknown, 4, "{published}");
    assert_eq!(s.shutdown_and_exit(), 0);
}

#[test]
fn files_changed_on_disk_are_read_again() {
    let dir = folder();
    let mut s = serve(dir.path());
    let b = uri(&dir.path().join("b.proto-gov"));
    assert_eq!(codes(&s.open(&b, B)), []);
    // A, not open, loses `board` on disk (a checkout, another editor).
    let a_path = dir.path().join("a.proto-gov");
    std::fs::write(&a_path, A.replace("body board \"The Board\"\n", "")).expect("write");
    s.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&a_path), "type": 2}]}),
    );
    let published = s.diagnostics(&b);
    assert_eq!(
        codes(&published),
        [("PG0101".to_string(), 1), ("PG0101".to_string(), 8)],
        "{published}"
    );
    // A deleted: B's uses of `panel` are unknown too.
    std::fs::remove_file(&a_path).expect("remove");
    s.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&a_path), "type": 3}]}),
    );
    let published = s.diagnostics(&b);
    let unknown = codes(&published)
        .iter()
        .filter(|(c, _)| c == "PG0101")
        .count();
    assert_eq!(unknown, 4, "{published}");
    assert_eq!(s.shutdown_and_exit(), 0);
}
