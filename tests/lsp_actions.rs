//! Code actions and inlay hints over stdio: each action is applied as an editor applies
//! it, and the diagnostics the server publishes for the result say whether it worked.

use super::{apply_edits, Server, URI};
use serde_json::{json, Value};
use std::path::Path;

/// Two duties send a report to a misspelt body.
const MISSPELT: &str = "protocol p \"P\" {\n  between board and partnership\n  next review 2099-01\n}\nbody board \"The Board\"\nbody partnership \"The Partnership\"\nartefact report \"Report\"\nduty d \"D\" {\n  board submits report to partnershp\n  yearly in march\n}\nduty e \"E\" {\n  board submits report to partnershp\n  yearly in march\n}\n";

/// The code actions for `range` of the open document `uri`.
fn actions(s: &mut Server, uri: &str, range: &Value) -> Vec<Value> {
    let r = s.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": uri},
            "range": range,
            "context": {"diagnostics": []},
        }),
    );
    assert!(r.get("error").is_none(), "{r}");
    r["result"].as_array().cloned().unwrap_or_default()
}

/// The action titled `title`.
fn titled<'a>(actions: &'a [Value], title: &str) -> &'a Value {
    actions
        .iter()
        .find(|a| a["title"] == title)
        .unwrap_or_else(|| panic!("no action `{title}` among {actions:#?}"))
}

/// The text after the action's edits of `uri`, which must be its only edits.
fn applied(text: &str, action: &Value, uri: &str) -> String {
    let changes = action["edit"]["changes"].as_object().expect("changes");
    assert_eq!(changes.len(), 1, "{action}");
    apply_edits(text, changes[uri].as_array().expect("edits of the file"))
}

/// Replace the whole text and wait for the diagnostics of that version.
fn change(s: &mut Server, uri: &str, version: i32, text: &str) -> Value {
    s.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
    );
    loop {
        let published = s.diagnostics(uri);
        if published["version"] == version {
            return published;
        }
    }
}

fn codes(published: &Value) -> Vec<String> {
    published["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn capabilities_list_code_actions_and_inlay_hints() {
    let (_s, result) = Server::ready(false);
    let caps = &result["capabilities"];
    assert_eq!(
        caps["codeActionProvider"]["codeActionKinds"],
        json!(["quickfix"])
    );
    assert_eq!(caps["inlayHintProvider"], true);
}

#[test]
fn a_did_you_mean_applied_through_its_action_makes_the_file_clean() {
    let (mut s, _) = Server::ready(false);
    let text = MISSPELT.replacen("to partnershp", "to partnership", 1);
    let published = s.open(URI, &text);
    assert_eq!(codes(&published), ["PG0101"], "{published}");
    let d = &published["diagnostics"][0];
    let found = actions(&mut s, URI, &d["range"]);
    let fix = titled(&found, "Replace `partnershp` with `partnership`");
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["isPreferred"], true);
    assert_eq!(fix["diagnostics"][0]["code"], "PG0101");
    assert_eq!(fix["diagnostics"][0]["range"], d["range"]);
    let fixed = applied(&text, fix, URI);
    assert_eq!(fixed, MISSPELT.replace("partnershp", "partnership"));
    assert_eq!(codes(&change(&mut s, URI, 2, &fixed)), Vec::<String>::new());
    // An error has no action that accepts it.
    assert!(found
        .iter()
        .all(|a| !a["title"].as_str().unwrap_or("").starts_with("Accept")));
}

#[test]
fn fix_all_applies_every_safe_fix_of_the_code_in_the_file() {
    let (mut s, _) = Server::ready(false);
    let published = s.open(URI, MISSPELT);
    // `partnership` receives nothing while both are misspelt (PG0304).
    assert_eq!(
        codes(&published),
        ["PG0304", "PG0101", "PG0101"],
        "{published}"
    );
    let first = &published["diagnostics"][1]["range"];
    let found = actions(&mut s, URI, first);
    let all = titled(&found, "Fix all PG0101 in this file");
    assert_eq!(all["diagnostics"].as_array().map(Vec::len), Some(2));
    assert_eq!(
        all["edit"]["changes"][URI].as_array().map(Vec::len),
        Some(2)
    );
    let fixed = applied(MISSPELT, all, URI);
    assert!(!fixed.contains("partnershp"), "{fixed}");
    assert_eq!(codes(&change(&mut s, URI, 2, &fixed)), Vec::<String>::new());
    // Away from every diagnostic, no action.
    let away = json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}});
    assert_eq!(actions(&mut s, URI, &away), Vec::<Value>::new());
}

#[test]
fn accepting_a_warning_adds_an_allow_line_that_silences_it() {
    // `c` (no block) and `d` (a block) take part in nothing: PG0304 on each.
    let text = "protocol p \"P\" {\n  between a and b\n  next review 2099-01\n}\nbody a \"A\"\nbody b \"B\"\nbody c \"C\"\nbody d \"D\" {\n  kind committee\n}\nartefact r \"R\"\nduty x \"X\" {\n  a submits r to b\n  yearly in march\n}\n";
    let (mut s, _) = Server::ready(false);
    let published = s.open(URI, text);
    assert_eq!(codes(&published), ["PG0304", "PG0304"], "{published}");
    let mut version = 1;
    for (name, expected) in [
        (
            "c",
            "body c \"C\" {\n  allow PG0304 \"why this warning is accepted\"\n}\n",
        ),
        (
            "d",
            "body d \"D\" {\n  kind committee\n  allow PG0304 \"why this warning is accepted\"\n}\n",
        ),
    ] {
        let published = change(&mut s, URI, version, text);
        version += 1;
        let d = published["diagnostics"]
            .as_array()
            .and_then(|ds| {
                ds.iter()
                    .find(|d| d["message"].as_str().unwrap_or("").contains(&format!("`{name}`")))
            })
            .cloned()
            .unwrap_or_else(|| panic!("a warning on {name}: {published}"));
        let found = actions(&mut s, URI, &d["range"]);
        let accept = titled(
            &found,
            &format!("Accept PG0304 in `{name}` (allow, with a reason to write)"),
        );
        assert_eq!(accept["isPreferred"], false);
        let fixed = applied(text, accept, URI);
        assert!(fixed.contains(expected), "{fixed}");
        let after = change(&mut s, URI, version, &fixed);
        version += 1;
        // One warning left: the other body's.
        assert_eq!(codes(&after), ["PG0304"], "{fixed}\n{after}");
        assert!(!after["diagnostics"][0]["message"]
            .as_str()
            .unwrap_or("")
            .contains(&format!("`{name}`")));
    }
}

/// The hints for `range` of `uri`, as (line, character, label).
fn hints(s: &mut Server, uri: &str, range: Value) -> Vec<(u64, u64, String)> {
    let r = s.request(
        "textDocument/inlayHint",
        json!({"textDocument": {"uri": uri}, "range": range}),
    );
    assert!(r.get("error").is_none(), "{r}");
    r["result"]
        .as_array()
        .expect("hints")
        .iter()
        .map(|h| {
            (
                h["position"]["line"].as_u64().unwrap_or(0),
                h["position"]["character"].as_u64().unwrap_or(0),
                h["label"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// The line (from 0) whose text is `line` with its indentation, and its length in UTF-16
/// code units: where a hint at its end stands.
fn end_of(text: &str, line: &str) -> (u64, u64) {
    let i = text
        .lines()
        .position(|l| l.trim() == line)
        .unwrap_or_else(|| panic!("no line `{line}`"));
    let len = text.lines().nth(i).unwrap_or("").encode_utf16().count();
    (i as u64, len as u64)
}

fn whole(text: &str) -> Value {
    json!({"start": {"line": 0, "character": 0}, "end": {"line": text.lines().count() + 1, "character": 0}})
}

#[test]
fn inlay_hints_on_a_set_with_its_own_today() {
    let dir = tempfile::Builder::new()
        .prefix("lsp-hints")
        .tempdir()
        .expect("a temporary folder");
    let root = dir.path();
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/isle-of-wight.proto-gov"),
    )
    .expect("the example");
    std::fs::write(root.join("iow.proto-gov"), &text).expect("write");
    std::fs::write(
        root.join("protogov.toml"),
        "[defaults]\ntoday = 2026-01-15\n",
    )
    .expect("write");
    let mut s = Server::start();
    let root_uri = format!("file://{}", root.display());
    let r = s.request(
        "initialize",
        json!({"processId": null, "rootUri": root_uri, "workspaceFolders": [{"uri": root_uri, "name": "iow"}], "capabilities": {}}),
    );
    assert!(r.get("error").is_none(), "{r}");
    s.notify("initialized", json!({}));
    let uri = format!("{root_uri}/iow.proto-gov");
    s.open(&uri, &text);
    let got = hints(&mut s, &uri, whole(&text));
    let at = |line: &str, label: &str| {
        let (l, c) = end_of(&text, line);
        (l, c, label.to_string())
    };
    for want in [
        at(
            "review every 2 years in september",
            "next review Thu 30 Sep 2027",
        ),
        at("yearly in june", "next due Tue 30 Jun 2026"),
        at("yearly in june", "→ IOWSCP, Wed 10 Jun 2026"),
        at("yearly in november", "next due Mon 30 Nov 2026"),
        at("yearly in november", "→ cpb, Tue 10 Nov 2026"),
        at(
            "quarterly in january, april, july and october",
            "next due Fri 30 Jan 2026",
        ),
        at(
            "quarterly in january, april, july and october",
            "→ cpb, Tue 13 Jan 2026",
        ),
        at(
            "quarterly in january, april, july and october",
            "→ IOWSCP, Wed 14 Jan 2026",
        ),
    ] {
        assert!(got.contains(&want), "{want:?} not in {got:#?}");
    }
    // Only the lines asked for: the `yearly in june` duty's block.
    let (l, _) = end_of(&text, "yearly in june");
    let part = hints(
        &mut s,
        &uri,
        json!({"start": {"line": l, "character": 0}, "end": {"line": l + 1, "character": 0}}),
    );
    assert_eq!(
        part.iter().map(|h| h.2.as_str()).collect::<Vec<_>>(),
        ["next due Tue 30 Jun 2026", "→ IOWSCP, Wed 10 Jun 2026"]
    );
}

#[test]
fn an_overdue_review_says_so() {
    let text = "protocol p \"P\" {\n  between a and b\n  review every 2 years\n  last reviewed 2018-01\n  next review 2020-01-31\n}\nbody a \"A\"\nbody b \"B\"\nartefact r \"R\"\nduty x \"X\" {\n  a submits r to b\n  yearly in march\n}\n";
    let (mut s, _) = Server::ready(false);
    s.open(URI, text);
    let got = hints(&mut s, URI, whole(text));
    let (l, c) = end_of(text, "review every 2 years");
    assert!(
        got.contains(&(l, c, "next review Fri 31 Jan 2020, overdue".to_string())),
        "{got:?}"
    );
    let (l, c) = end_of(text, "yearly in march");
    assert!(
        got.iter()
            .any(|h| h.0 == l && h.1 == c && h.2.starts_with("next due ")),
        "{got:?}"
    );
}

#[test]
fn in_a_set_actions_and_hints_come_from_the_whole_set_and_edit_one_file() {
    let a = "protocol pa \"A\" {\n  between board and partnership\n  next review 2099-01\n}\nbody board \"The Board\"\nbody partnership \"The Partnership\"\nartefact report \"Report\"\nduty d \"D\" {\n  board submits report to partnership\n  yearly in march\n}\n";
    // Misspells a name only the other file declares; its own review is long past.
    let b = "protocol pb \"B\" {\n  between partnership and board\n  review every 2 years\n  next review 2020-01-31\n}\nartefact reply \"Reply\"\nduty e \"E\" {\n  partnership submits reply to boardd\n  yearly in june\n}\n";
    let dir = tempfile::Builder::new()
        .prefix("lsp-actions-set")
        .tempdir()
        .expect("a temporary folder");
    let root = dir.path();
    std::fs::write(root.join("a.proto-gov"), a).expect("write a");
    std::fs::write(root.join("b.proto-gov"), b).expect("write b");
    std::fs::write(
        root.join("protogov.toml"),
        "[defaults]\ntoday = 2026-01-15\n",
    )
    .expect("write");
    let mut s = Server::start();
    let root_uri = format!("file://{}", root.display());
    let r = s.request(
        "initialize",
        json!({"processId": null, "rootUri": root_uri, "workspaceFolders": [{"uri": root_uri, "name": "set"}], "capabilities": {}}),
    );
    assert!(r.get("error").is_none(), "{r}");
    s.notify("initialized", json!({}));
    let uri_b = format!("{root_uri}/b.proto-gov");
    let published = s.open(&uri_b, b);
    let d = published["diagnostics"]
        .as_array()
        .and_then(|ds| ds.iter().find(|d| d["code"] == "PG0101"))
        .cloned()
        .unwrap_or_else(|| panic!("PG0101 in b: {published}"));
    let found = actions(&mut s, &uri_b, &d["range"]);
    let fix = titled(&found, "Replace `boardd` with `board`");
    let fixed = applied(b, fix, &uri_b);
    assert_eq!(fixed, b.replace("boardd", "board"));
    let after = change(&mut s, &uri_b, 2, &fixed);
    assert!(!codes(&after).contains(&"PG0101".to_string()), "{after}");
    let got = hints(&mut s, &uri_b, whole(b));
    let (l, c) = end_of(b, "review every 2 years");
    assert!(
        got.contains(&(l, c, "next review Fri 31 Jan 2020, overdue".to_string())),
        "{got:?}"
    );
    let (l, c) = end_of(b, "yearly in june");
    assert!(
        got.contains(&(l, c, "next due Tue 30 Jun 2026".to_string())),
        "{got:?}"
    );
}
