//! The language server as an editor sees it: the real binary, started as `protogov lsp`,
//! spoken to in JSON-RPC over its standard input and output. Every read has a time limit,
//! so a server that hangs fails the test instead of hanging the run.

use serde_json::{json, Value};
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long any one message may take to arrive.
const TIMEOUT: Duration = Duration::from_secs(30);

/// The server with a workspace folder read as a set.
#[path = "lsp_set.rs"]
mod set;

/// Code actions and inlay hints.
#[path = "lsp_actions.rs"]
mod actions;

const URI: &str = "file:///protocols/children.proto-gov";

/// The smallest protocol with no diagnostics at all (its review is due in 2099, so it does
/// not age).
const CLEAN: &str = "protocol p \"P\" {\n  between a and b\n  next review 2099-01\n}\nbody a \"A\"\nbody b \"B\"\nartefact r \"R\"\nduty d \"D\" {\n  a submits r to b\n  yearly in march\n}\n";

/// A protocol with one reference of each kind the tests ask about, and no diagnostics.
const SAMPLE: &str = r#"protocol cpb_scp "Protocol between the Board and the Partnership" {
  between cpb and scp
  agreed by scp on 2024-03-01
  next review 2099-03
}

body scp "Safeguarding Children Partnership" {
  kind statutory_partnership
}

body cpb "Corporate Parenting Board" {
  kind committee
  reports to scp
}

role cpb_chair "Chair of the Board" {
  chair of cpb
}

topic uasc "Unaccompanied children"

artefact annual_report "Annual report"

event serious_case "A serious case review is published"

duty cpb_annual "Annual report to the Partnership" {
  clause 2.1
  cpb submits annual_report to scp
  yearly in september
  covers uasc
}

duty scp_reply "Reply" {
  annual_report reviewed to cpb by scp
  after cpb_annual
  when serious_case; within 28 days
}

prose 1.1 "Purpose" "This protocol sets out how the two bodies work together."
"#;

struct Server {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Value>,
    /// Notifications read while waiting for a response.
    notifications: VecDeque<Value>,
    /// Everything the server wrote to standard error.
    log: Arc<Mutex<String>>,
    next_id: i64,
}

/// Read one `Content-Length` framed message.
fn read_message(r: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            length = v.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    r.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

impl Server {
    fn start() -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_protogov"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the server starts");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            while let Some(v) = read_message(&mut r) {
                if tx.send(v).is_err() {
                    break;
                }
            }
        });
        let log = Arc::new(Mutex::new(String::new()));
        let mut stderr = child.stderr.take().expect("stderr");
        let sink = Arc::clone(&log);
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = stderr.read_to_string(&mut text);
            if let Ok(mut l) = sink.lock() {
                l.push_str(&text);
            }
        });
        Server {
            log,
            stdin: child.stdin.take(),
            child,
            incoming: rx,
            notifications: VecDeque::new(),
            next_id: 1,
        }
    }

    /// Started and initialised, with or without UTF-8 offered.
    fn ready(utf8: bool) -> (Server, Value) {
        let mut s = Server::start();
        let result = s.initialize(utf8);
        (s, result)
    }

    fn initialize(&mut self, utf8: bool) -> Value {
        let mut caps = json!({"textDocument": {"hover": {"contentFormat": ["markdown"]}}});
        if utf8 {
            caps["general"] = json!({"positionEncodings": ["utf-8", "utf-16"]});
        }
        let r = self.request(
            "initialize",
            json!({"processId": null, "capabilities": caps}),
        );
        self.notify("initialized", json!({}));
        r["result"].clone()
    }

    fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).expect("write to the server");
        stdin.flush().expect("flush");
    }

    fn send(&mut self, v: &Value) {
        let body = v.to_string();
        let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        frame.extend_from_slice(body.as_bytes());
        self.send_raw(&frame);
    }

    fn recv(&mut self) -> Value {
        match self.incoming.recv_timeout(TIMEOUT) {
            Ok(v) => v,
            Err(RecvTimeoutError::Timeout) => panic!("no message from the server in {TIMEOUT:?}"),
            Err(RecvTimeoutError::Disconnected) => panic!("the server closed its output"),
        }
    }

    /// Send a request and wait for its response (the whole JSON-RPC object).
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.response(json!(id))
    }

    fn response(&mut self, id: Value) -> Value {
        loop {
            let v = self.recv();
            if v.get("method").is_some() && v.get("id").is_none() {
                self.notifications.push_back(v);
            } else if v["id"] == id {
                return v;
            } else {
                panic!("unexpected message while waiting for response {id}: {v}");
            }
        }
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// The next notification of `method` (earlier ones of other methods are dropped).
    fn notification(&mut self, method: &str) -> Value {
        while let Some(n) = self.notifications.pop_front() {
            if n["method"] == method {
                return n;
            }
        }
        loop {
            let v = self.recv();
            if v["method"] == method {
                return v;
            }
            assert!(v.get("id").is_none(), "unexpected response: {v}");
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Value {
        loop {
            let n = self.notification("textDocument/publishDiagnostics");
            if n["params"]["uri"] == uri {
                return n["params"].clone();
            }
        }
    }

    fn open(&mut self, uri: &str, text: &str) -> Value {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "protogov", "version": 1, "text": text}}),
        );
        self.diagnostics(uri)
    }

    fn at(&mut self, method: &str, line: u32, character: u32, extra: Value) -> Value {
        let mut params = json!({
            "textDocument": {"uri": URI},
            "position": {"line": line, "character": character},
        });
        if let (Some(p), Some(e)) = (params.as_object_mut(), extra.as_object()) {
            for (k, v) in e {
                p.insert(k.clone(), v.clone());
            }
        }
        self.request(method, params)
    }

    /// Close standard input and wait for the exit status, killing the server after the limit.
    fn wait(mut self) -> i32 {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status.code().expect("an exit code, not a signal");
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("the server did not exit within {TIMEOUT:?}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn shutdown_and_exit(mut self) -> i32 {
        let r = self.request("shutdown", Value::Null);
        assert_eq!(r["result"], Value::Null);
        assert!(r.get("error").is_none());
        self.notify("exit", Value::Null);
        self.wait()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Line and UTF-16 column of the `nth` occurrence of `needle` in `text`, plus `delta` characters.
fn pos(text: &str, needle: &str, nth: usize, delta: usize) -> (u32, u32) {
    let offset = text
        .match_indices(needle)
        .nth(nth)
        .expect("needle present")
        .0;
    let before = &text[..offset];
    let line = before.matches('\n').count() as u32;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = text[line_start..offset].encode_utf16().count() + delta;
    (line, col as u32)
}

fn range(r: &Value) -> (u64, u64, u64, u64) {
    (
        r["start"]["line"].as_u64().unwrap(),
        r["start"]["character"].as_u64().unwrap(),
        r["end"]["line"].as_u64().unwrap(),
        r["end"]["character"].as_u64().unwrap(),
    )
}

/// The one published diagnostic with `code`.
fn with_code<'a>(published: &'a Value, code: &str) -> &'a Value {
    let all: Vec<&Value> = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == code)
        .collect();
    assert_eq!(all.len(), 1, "one {code} expected: {published}");
    all[0]
}

#[test]
fn initialize_without_utf8_negotiates_utf16_and_lists_capabilities() {
    let (s, result) = Server::ready(false);
    let caps = &result["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16");
    assert_eq!(result["serverInfo"]["name"], "protogov");
    for cap in [
        "hoverProvider",
        "definitionProvider",
        "referencesProvider",
        "documentSymbolProvider",
        "completionProvider",
    ] {
        assert!(!caps[cap].is_null(), "{cap} missing: {caps}");
    }
    assert_eq!(caps["renameProvider"]["prepareProvider"], true);
    assert_eq!(caps["textDocumentSync"]["openClose"], true);
    assert_eq!(s.shutdown_and_exit(), 0);
}

#[test]
fn initialize_with_utf8_offered_negotiates_utf8() {
    let (s, result) = Server::ready(true);
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-8");
    assert_eq!(s.shutdown_and_exit(), 0);
}

#[test]
fn the_samples_have_no_diagnostics() {
    let (mut s, _) = Server::ready(false);
    assert_eq!(s.open(URI, CLEAN)["diagnostics"], json!([]));
    assert_eq!(
        s.open("file:///sample.proto-gov", SAMPLE)["diagnostics"],
        json!([])
    );
    assert_eq!(s.shutdown_and_exit(), 0);
}

#[test]
fn open_publishes_every_diagnostic_with_code_severity_range_and_labels() {
    let (mut s, _) = Server::ready(false);
    let text = CLEAN.replace(
        "body a \"A\"\n",
        "body a \"A\" {\n  kund committee\n  kind x\n  kind y\n}\nboddy c\n",
    ) + "duty d2 \"D2\" {\n  a submits r to b\n}\n";
    let d = s.open(URI, &text);
    assert_eq!(d["version"], 1);
    let diags = d["diagnostics"].as_array().unwrap();
    let codes: Vec<&str> = diags.iter().map(|d| d["code"].as_str().unwrap()).collect();
    // Syntax errors and the semantic checks' warnings alike.
    assert_eq!(codes, ["PG0006", "PG0011", "PG0009", "PG0115"]);
    for d in diags {
        assert_eq!(d["source"], "protogov");
    }
    assert_eq!(diags[0]["severity"], 1);
    assert_eq!(range(&diags[0]["range"]), (5, 2, 5, 6));
    assert!(diags[0]["message"]
        .as_str()
        .unwrap()
        .contains("unknown property `kund`"));
    assert_eq!(range(&diags[1]["range"]), (7, 2, 7, 8));
    let related = &diags[1]["relatedInformation"][0];
    assert_eq!(related["message"], "first value");
    assert_eq!(related["location"]["uri"], URI);
    assert_eq!(range(&related["location"]["range"]), (6, 2, 6, 8));
    assert_eq!(range(&diags[2]["range"]), (9, 0, 9, 5));
    assert_eq!(diags[3]["severity"], 2);
    assert_eq!(range(&diags[3]["range"]), (16, 5, 16, 7));
    assert_eq!(s.shutdown_and_exit(), 0);
}

#[test]
fn a_change_that_fixes_the_errors_publishes_an_empty_list() {
    let (mut s, _) = Server::ready(false);
    let broken = CLEAN.replace("yearly in march", "yearly in march\n  kund x");
    let d = s.open(URI, &broken);
    assert_eq!(d["diagnostics"].as_array().unwrap().len(), 1);
    assert_eq!(range(&d["diagnostics"][0]["range"]), (10, 2, 10, 6));
    // An incremental change deletes the bad line.
    s.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": URI, "version": 2},
            "contentChanges": [{"range": {"start": {"line": 9, "character": 17}, "end": {"line": 10, "character": 8}}, "text": ""}]
        }),
    );
    let d = s.diagnostics(URI);
    assert_eq!(d["version"], 2);
    assert_eq!(d["diagnostics"], json!([]));
    // A full change that breaks it again, then one that mends it.
    s.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 3}, "contentChanges": [{"text": format!("{CLEAN}boddy x\n")}]}),
    );
    let d = s.diagnostics(URI);
    assert_eq!(d["version"], 3);
    assert_eq!(d["diagnostics"][0]["code"], "PG0009");
    s.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 4}, "contentChanges": [{"text": CLEAN}]}),
    );
    let d = s.diagnostics(URI);
    assert_eq!(d["version"], 4);
    assert_eq!(d["diagnostics"], json!([]));
    // Closing clears the document's diagnostics.
    s.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": URI}}),
    );
    let d = s.diagnostics(URI);
    assert_eq!(d["diagnostics"], json!([]));
    assert_eq!(s.shutdown_and_exit(), 0);
}

#[test]
fn hover_describes_names_and_duties() {
    let (mut s, _) = Server::ready(false);
    s.open(URI, SAMPLE);
    let (l, c) = pos(SAMPLE, "after cpb_annual", 0, 8);
    let h = s.at("textDocument/hover", l, c, json!({}));
    let value = h["result"]["contents"]["value"].as_str().unwrap();
    assert_eq!(h["result"]["contents"]["kind"], "markdown");
    assert!(value.starts_with("**duty** `cpb_annual` · Annual report to the Partnership"));
    assert!(value.contains("Clause 2.1"));
    assert!(value.contains("- actor: `cpb` (body: Corporate Parenting Board)"));
    assert!(value.contains("- verb: submits"));
    assert!(value.contains("- artefact: `annual_report`"));
    assert!(value.contains("- recipients: `scp`"));
    assert_eq!(range(&h["result"]["range"]), (l as u64, 8, l as u64, 18));
    let (l, c) = pos(SAMPLE, "role cpb_chair", 0, 6);
    let h = s.at("textDocument/hover", l, c, json!({}));
    assert!(h["result"]["contents"]["value"]
        .as_str()
        .unwrap()
        .starts_with("**role** `cpb_chair` · Chair of the Board"));
    // Nothing to say about a string.
    let (l, c) = pos(SAMPLE, "Unaccompanied", 0, 2);
    let h = s.at("textDocument/hover", l, c, json!({}));
    assert_eq!(h["result"], Value::Null);
    assert_eq!(s.shutdown_and_exit(), 0);
}

#[test]
fn definition_references_and_highlights() {
    let (mut s, _) = Server::ready(false);
    s.open(URI, SAMPLE);
    let (l, c) = pos(SAMPLE, "reports to scp", 0, 12);
    let def = s.at("textDocument/definition", l, c, json!({}));
    let locs = def["result"].as_array().unwrap();
    assert_eq!(locs.len(), 1);
    assert_eq!(locs[0]["uri"], URI);
    let (dl, dc) = pos(SAMPLE, "body scp", 0, 5);
    assert_eq!(
        range(&locs[0]["range"]),
        (dl as u64, dc as u64, dl as u64, dc as u64 + 3)
    );
    let refs = s.at(
        "textDocument/references",
        l,
        c,
        json!({"context": {"includeDeclaration": true}}),
    );
    let refs = refs["result"].as_array().unwrap();
    // Declaration, `between`, `agreed by`, `reports to`, recipient, passive actor.
    assert_eq!(refs.len(), 6);
    let lines: Vec<u64> = refs
        .iter()
        .map(|r| r["range"]["start"]["line"].as_u64().unwrap())
        .collect();
    let mut sorted = lines.clone();
    sorted.sort();
    assert_eq!(lines, sorted);
    let refs = s.at(
        "textDocument/references",
        l,
        c,
        json!({"context": {"includeDeclaration": false}}),
    );
    assert_eq!(refs["result"].as_array().unwrap().len(), 5);
    let hl = s.at("textDocument/documentHighlight", l, c, json!({}));
    assert_eq!(hl["result"].as_array().unwrap().len(), 6);
    // Every declared name reaches its declaration from a use.
    for (needle, delta, decl) in [
        ("chair of cpb", 9, "body cpb"),
        ("after cpb_annual", 6, "duty cpb_annual"),
        ("when serious_case", 5, "event serious_case"),
        ("covers uasc", 7, "topic uasc"),
        ("submits annual_report", 8, "artefact annual_report"),
    ] {
        let (l, c) = pos(SAMPLE, needle, 0, delta);
        let def = s.at("textDocument/definition", l, c, json!({}));
        let (dl, _) = pos(SAMPLE, decl, 0, 0);
        assert_eq!(
            def["result"][0]["range"]["start"]["line"], dl,
            "{needle}: {def}"
        );
    }
    // No name under the cursor: no definition.
    let (l, c) = pos(SAMPLE, "yearly", 0, 1);
    let def = s.at("textDocument/definition", l, c, json!({}));
    assert_eq!(def["result"], Value::Null);
    assert_eq!(s.shutdown_and_exit(), 0);
}

#[test]
fn completion_offers_keywords_and_names_of_the_right_kind() {
    let (mut s, _) = Server::ready(false);
    let text = SAMPLE.replace("  reports to scp\n", "  reports to \n  \n");
    s.open(URI, &text);
    let labels = |r: &Value| -> Vec<String> {
        r["result"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["label"].as_str().unwrap().to_string())
            .collect()
    };
    let (l, c) = pos(&text, "reports to ", 0, 11);
    let r = s.at("textDocument/completion", l, c, json!({}));
    assert_eq!(labels(&r), ["scp", "cpb"]);
    assert_eq!(
        r["result"][0]["detail"],
        "body · Safeguarding Children Partnership"
    );
    // The empty line after it: the properties a body takes.
    let r = s.at("textDocument/completion", l + 1, 2, json!({}));
    let got = labels(&r);
    for k in ["kind", "subgroup", "reports", "meets"] {
        assert!(got.contains(&k.to_string()), "{k} missing: {got:?}");
    }
    assert!(!got.contains(&"chair".to_string()));
    // Outside every block: the declaration keywords.
    let last = text.lines().count() as u32;
    let r = s.at("textDocument/completion", last, 0, json!({}));
    let got = labels(&r);
    for k in ["protocol", "body", "role", "duty", "escalation", "prose"] {
        assert!(got.contains(&k.to_string()), "{k} missing: {got:?}");
    }
    assert_eq!(s.shutdown_and_exit(), 0);
}

#[test]
fn document_symbols_outline_the_protocol() {
    let (mut s, _) = Server::ready(false);
    s.open(URI, SAMPLE);
    let r = s.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": URI}}),
    );
    let syms = r["result"].as_array().unwrap();
    let names: Vec<&str> = syms.iter().map(|s| s["name"].as_str().unwrap()).collect();
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
            "1.1 Purpose"
        ]
    );
    assert_eq!(syms[2]["detail"], "body · Corporate Parenting Board");
    assert_eq!(syms[2]["kind"], 5); // Class
    assert_eq!(syms[7]["kind"], 12); // Function
    let (l, c) = pos(SAMPLE, "body cpb", 0, 5);
    assert_eq!(
        range(&syms[2]["selectionRange"]),
        (l as u64, c as u64, l as u64, c as u64 + 3)
    );
    assert_eq!(s.shutdown_and_exit(), 0);
}

#[test]
fn rename_and_prepare_rename() {
    let (mut s, _) = Server::ready(false);
    s.open(URI, SAMPLE);
    let (l, c) = pos(SAMPLE, "chair of cpb", 0, 10);
    let p = s.at("textDocument/prepareRename", l, c, json!({}));
    assert_eq!(p["result"]["placeholder"], "cpb");
    assert_eq!(range(&p["result"]["range"]), (l as u64, 11, l as u64, 14));
    let r = s.at("textDocument/rename", l, c, json!({"newName": "board"}));
    let edits = r["result"]["changes"][URI].as_array().unwrap();
    // Declaration, `between`, seat, actor, passive recipient.
    assert_eq!(edits.len(), 5);
    assert!(edits.iter().all(|e| e["newText"] == "board"));
    for bad in ["2board", "board room", "duty", "to", "scp"] {
        let r = s.at("textDocument/rename", l, c, json!({"newName": bad}));
        assert_eq!(r["error"]["code"], -32803, "{bad}: {r}");
        assert!(r["error"]["message"].as_str().unwrap().contains(bad));
    }
    // prepareRename away from any name.
    let (l, c) = pos(SAMPLE, "yearly", 0, 1);
    let p = s.at("textDocument/prepareRename", l, c, json!({}));
    assert_eq!(p["result"], Value::Null);
    assert_eq!(s.shutdown_and_exit(), 0);
}

/// Apply text edits (UTF-16 positions, non-overlapping) to a text, as an editor would.
fn apply_edits(text: &str, edits: &[Value]) -> String {
    let offset = |pos: &Value| -> usize {
        let line = pos["line"].as_u64().unwrap() as usize;
        let character = pos["character"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let mut units = 0;
        for (i, c) in text[start..].char_indices() {
            if units >= character || c == '\n' {
                return start + i;
            }
            units += c.len_utf16();
        }
        text.len()
    };
    let mut spans: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (a, b, new) in spans {
        out.replace_range(a..b, new);
    }
    out
}

#[test]
fn formatting_rewrites_the_document_in_the_canonical_layout() {
    let (mut s, result) = Server::ready(false);
    assert_eq!(result["capabilities"]["documentFormattingProvider"], true);
    let messy = CLEAN
        .replace(
            "body a \"A\"",
            "// The Board’s 😀 parties\nbody   a   \"A’😀\"",
        )
        .replace("  a submits r to b", "a   submits r  to b");
    s.open(URI, &messy);
    let r = s.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": URI}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    let edits = r["result"].as_array().expect("edits");
    assert!(!edits.is_empty());
    let formatted = apply_edits(&messy, edits);
    assert_eq!(
        formatted,
        protogov::fmt::format_source(&messy).expect("formats")
    );
    assert!(formatted.contains("body a \"A’😀\"\n"));
    assert!(formatted.contains("\n  a submits r to b\n"));
    // Already formatted: no edits.
    s.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"text": formatted}]}),
    );
    let r = s.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": URI}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    assert_eq!(r["result"], json!([]));
    // A file with syntax errors is not formatted; the reply says why.
    s.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 3}, "contentChanges": [{"text": "body x {\n kund y\n}\n"}]}),
    );
    let r = s.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": URI}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    assert_eq!(r["error"]["code"], -32803);
    assert!(r["error"]["message"]
        .as_str()
        .unwrap()
        .contains("unknown property `kund`"));
    assert_eq!(s.shutdown_and_exit(), 0);
}

/// Curly apostrophes and an emoji on earlier lines and before the error on its own line.
const NON_ASCII: &str = "// Children’s 😀 protocol\nbody cpb \"Board ’😀\" { kind committee }\nrole r \"Chair ’😀\" { chair of cpb }\nbody x \"a\" {\n  note \"Children’s 😀 panel\" kund\n  kund y\n}\n";

#[test]
fn non_ascii_text_is_counted_in_utf16_code_units() {
    let (mut s, _) = Server::ready(false);
    let d = s.open(URI, NON_ASCII);
    // `  note "Children’s 😀 panel" kund`: ’ is one unit, 😀 two; `kund` starts at 29.
    assert_eq!(range(&with_code(&d, "PG0001")["range"]), (4, 29, 4, 33));
    assert_eq!(range(&with_code(&d, "PG0006")["range"]), (5, 2, 5, 6));
    // `role r "Chair ’😀" { chair of cpb }`: `cpb` starts at unit 30.
    let def = s.at("textDocument/definition", 2, 31, json!({}));
    assert_eq!(range(&def["result"][0]["range"]), (1, 5, 1, 8));
    let h = s.at("textDocument/hover", 2, 30, json!({}));
    assert_eq!(range(&h["result"]["range"]), (2, 30, 2, 33));
    // A position inside the emoji's surrogate pair does not break anything.
    let h = s.at("textDocument/hover", 2, 16, json!({}));
    assert!(h.get("error").is_none());
    assert_eq!(s.shutdown_and_exit(), 0);
}

#[test]
fn non_ascii_text_is_counted_in_bytes_when_utf8_is_negotiated() {
    let (mut s, _) = Server::ready(true);
    let d = s.open(URI, NON_ASCII);
    // ’ is three bytes, 😀 four: `kund` starts at byte 33 of its line.
    assert_eq!(range(&with_code(&d, "PG0001")["range"]), (4, 33, 4, 37));
    let h = s.at("textDocument/hover", 2, 35, json!({}));
    assert_eq!(range(&h["result"]["range"]), (2, 34, 2, 37));
    assert_eq!(s.shutdown_and_exit(), 0);
}

#[test]
fn malformed_messages_are_answered_and_the_server_goes_on() {
    let (mut s, _) = Server::ready(false);
    s.send_raw(b"Content-Length: 9\r\n\r\n{\"bad\": }");
    let r = s.response(Value::Null);
    assert_eq!(r["error"]["code"], -32700);
    // Valid JSON that is no message.
    s.send_raw(b"Content-Length: 7\r\n\r\n[1,2,3]");
    let r = s.response(Value::Null);
    assert_eq!(r["error"]["code"], -32600);
    // A header with no length, then a good message.
    s.send_raw(b"Content-Type: nothing\r\n\r\n");
    let r = s.response(Value::Null);
    assert_eq!(r["error"]["code"], -32700);
    // Parameters of the wrong shape.
    let r = s.request("textDocument/hover", json!({"textDocument": 5}));
    assert_eq!(r["error"]["code"], -32602);
    let d = s.open(URI, CLEAN);
    assert_eq!(d["diagnostics"], json!([]));
    assert_eq!(s.shutdown_and_exit(), 0);
}

#[test]
fn unknown_methods_and_unopened_documents() {
    let (mut s, _) = Server::ready(false);
    let r = s.request("protogov/unknown", json!({}));
    assert_eq!(r["error"]["code"], -32601);
    // An unknown notification gets no answer; the next request is answered as usual.
    s.notify("protogov/unknownNotification", json!({"x": 1}));
    s.notify("$/cancelRequest", json!({"id": 99}));
    let r = s.at("textDocument/hover", 0, 0, json!({}));
    assert_eq!(r["result"], Value::Null);
    let r = s.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": "file:///never/opened.proto-gov"}}),
    );
    assert_eq!(r["result"], Value::Null);
    let r = s.at("textDocument/rename", 0, 0, json!({"newName": "x"}));
    assert_eq!(r["error"]["code"], -32803);
    let r = s.at("textDocument/completion", 3, 3, json!({}));
    assert_eq!(r["result"], Value::Null);
    assert_eq!(s.shutdown_and_exit(), 0);
}

#[test]
fn garbage_and_huge_documents_do_not_crash_the_server() {
    let (mut s, _) = Server::ready(false);
    let mut garbage = String::new();
    for i in 0..2_000u32 {
        let c = char::from_u32(0x20 + (i * 7919) % 0x2f00).unwrap_or('?');
        garbage.push(c);
        garbage.push_str(
            [
                "{", "}", "\"", "\\", "\n", "//", "’", "😀", "body", " ", "\t",
            ][i as usize % 11],
        );
    }
    garbage.push_str(&"{".repeat(50_000));
    let d = s.open(URI, &garbage);
    let n = d["diagnostics"].as_array().unwrap().len();
    assert!(n > 0 && n <= 101, "{n} diagnostics");
    for (line, col) in [(0, 0), (3, 5), (40, 2), (10_000, 10_000)] {
        for method in [
            "textDocument/hover",
            "textDocument/completion",
            "textDocument/definition",
            "textDocument/prepareRename",
        ] {
            let r = s.at(method, line, col, json!({}));
            assert!(r.get("error").is_none(), "{method}: {r}");
        }
    }
    let r = s.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": URI}}),
    );
    assert!(r.get("error").is_none());

    // A document over the size limit is refused with one diagnostic.
    let huge = "a".repeat(65 * 1024 * 1024);
    s.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"text": huge}]}),
    );
    let d = s.diagnostics(URI);
    assert_eq!(d["version"], 2);
    assert_eq!(d["diagnostics"][0]["code"], "PG0005");
    // A long, valid protocol.
    let mut long = String::from(CLEAN);
    for i in 0..2_000 {
        long.push_str(&format!("body b{i} \"Board {i}\" {{\n  reports to a\n}}\n"));
    }
    s.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 3}, "contentChanges": [{"text": long}]}),
    );
    let d = s.diagnostics(URI);
    assert_eq!(d["version"], 3);
    assert_eq!(d["diagnostics"], json!([]));
    let r = s.at(
        "textDocument/references",
        1,
        10,
        json!({"context": {"includeDeclaration": true}}),
    );
    // The declaration, `between` and the duty's actor, and 2,000 `reports to`.
    assert_eq!(r["result"].as_array().unwrap().len(), 2_003);
    let log = Arc::clone(&s.log);
    assert_eq!(s.shutdown_and_exit(), 0);
    // Give the log reader a moment to take the last of standard error.
    std::thread::sleep(Duration::from_millis(100));
    let log = log.lock().map(|l| l.clone()).unwrap_or_default();
    assert!(
        !log.contains("panicked") && !log.contains("internal error"),
        "{log}"
    );
}

#[test]
fn requests_before_initialize_and_after_shutdown_are_refused() {
    let mut s = Server::start();
    let r = s.request("textDocument/hover", json!({}));
    assert_eq!(r["error"]["code"], -32002);
    s.initialize(false);
    let r = s.request("initialize", json!({"capabilities": {}}));
    assert_eq!(r["error"]["code"], -32600);
    let r = s.request("shutdown", Value::Null);
    assert_eq!(r["result"], Value::Null);
    let r = s.request("textDocument/hover", json!({}));
    assert_eq!(r["error"]["code"], -32600);
    s.notify("exit", Value::Null);
    assert_eq!(s.wait(), 0);
}

#[test]
fn exit_without_shutdown_ends_with_status_1() {
    let (mut s, _) = Server::ready(false);
    s.notify("exit", Value::Null);
    assert_eq!(s.wait(), 1);
}

#[test]
fn the_end_of_input_without_shutdown_ends_with_status_1() {
    let (mut s, _) = Server::ready(false);
    s.stdin = None;
    assert_eq!(s.wait(), 1);
}

/// Where each line of `text` starts, with lines ending at `\n`, `\r\n` or a lone `\r` as
/// the protocol says: worked out here from the text, independently of the server.
fn line_starts(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut starts = vec![0];
    for i in 0..b.len() {
        if b[i] == b'\n' || (b[i] == b'\r' && b.get(i + 1) != Some(&b'\n')) {
            starts.push(i + 1);
        }
    }
    starts
}

/// The protocol position (line, UTF-16 column) of a byte offset of an ASCII text, and the
/// length of that line without its break.
fn position_of(text: &str, offset: usize) -> ((u64, u64), u64) {
    let starts = line_starts(text);
    let line = starts.partition_point(|s| *s <= offset) - 1;
    let end = starts.get(line + 1).map_or(text.len(), |next| {
        text[..*next].trim_end_matches(['\r', '\n']).len()
    });
    let end = end.max(starts[line]);
    (
        (line as u64, (offset - starts[line]) as u64),
        (end - starts[line]) as u64,
    )
}

/// A diagnostic's code, its protocol range and the line and column the CLI printed.
type Checked = (String, (u64, u64, u64, u64), (u64, u64));

/// `check`'s diagnostics for `text`, each as its code and protocol range (worked out from
/// the byte span) and the line and column it printed.
fn checked(dir: &std::path::Path, text: &str) -> Vec<Checked> {
    let path = dir.join("cr.proto-gov");
    std::fs::write(&path, text).expect("written");
    let out = Command::new(env!("CARGO_BIN_EXE_protogov"))
        .args(["check", "--message-format", "json"])
        .arg(&path)
        .output()
        .expect("check runs");
    let mut all: Vec<_> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("a JSON line"))
        .map(|v| {
            let span = |k: &str| v["span"][k].as_u64().expect("a span") as usize;
            let ((l0, c0), _) = position_of(text, span("start"));
            let ((l1, c1), _) = position_of(text, span("end"));
            let printed = (v["line"].as_u64().unwrap(), v["column"].as_u64().unwrap());
            (
                v["code"].as_str().unwrap().to_string(),
                (l0, c0, l1, c1),
                printed,
            )
        })
        .collect();
    all.sort();
    all
}

#[test]
fn lone_carriage_returns_through_random_edits_match_check() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut text = SAMPLE
        .replace("kind committee", "kund committee")
        .replace('\n', "\r");
    let (mut s, _) = Server::ready(false);
    let mut published = s.open(URI, &text);
    let inserts = [
        "\r",
        "\n",
        "\r\n",
        "x",
        "  kund x\r",
        "duty",
        "\"",
        "}",
        "{",
        "boddy q\r",
        "// c\r",
        "  covers uasc\r",
        ";",
        "  yearly in junee\r",
        " ",
        "cpb",
    ];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n.max(1) as u64) as usize
    };
    for version in 2..60 {
        let expected = checked(dir.path(), &text);
        let mut got: Vec<_> = published["diagnostics"]
            .as_array()
            .expect("a list")
            .iter()
            .map(|d| (d["code"].as_str().unwrap().to_string(), range(&d["range"])))
            .collect();
        got.sort();
        let want: Vec<_> = expected.iter().map(|(c, r, _)| (c.clone(), *r)).collect();
        assert_eq!(got, want, "at version {}:\n{text:?}", version - 1);
        for (code, (line, col, end_line, end_col), printed) in &expected {
            // The CLI's line and column are the protocol's, counted from 1.
            assert_eq!(*printed, (line + 1, col + 1), "{code} in {text:?}");
            // Every range lies within its lines.
            for (l, c) in [(line, col), (end_line, end_col)] {
                let start = line_starts(&text)[*l as usize];
                let (_, len) = position_of(&text, start);
                assert!(*c <= len, "{code}: column {c} past line {l} in {text:?}");
            }
        }
        // A random edit, never between the `\r` and `\n` of a line break.
        let not_inside_break = |t: &str, mut at: usize| {
            if at > 0 && t.as_bytes()[at - 1] == b'\r' && t.as_bytes().get(at) == Some(&b'\n') {
                at -= 1;
            }
            at
        };
        let a = not_inside_break(&text, next(text.len() + 1));
        let b = not_inside_break(&text, (a + next(12)).min(text.len()));
        let insert = inserts[next(inserts.len())];
        let ((l0, c0), _) = position_of(&text, a);
        let ((l1, c1), _) = position_of(&text, b);
        s.notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": URI, "version": version},
                "contentChanges": [{"range": {"start": {"line": l0, "character": c0}, "end": {"line": l1, "character": c1}}, "text": insert}]
            }),
        );
        text = format!("{}{insert}{}", &text[..a], &text[b..]);
        published = s.diagnostics(URI);
        assert_eq!(published["version"], version);
    }
    assert_eq!(s.shutdown_and_exit(), 0);
}

#[test]
fn a_duty_sharing_its_name_with_an_artefact_is_told_apart() {
    // `annual_report` names both the artefact and the duty that sends it; `after` names
    // the duty, the action line the artefact.
    let text = SAMPLE
        .replace("duty cpb_annual ", "duty annual_report ")
        .replace("after cpb_annual", "after annual_report");
    let (mut s, _) = Server::ready(false);
    let diags = s.open(URI, &text);
    assert_eq!(diags["diagnostics"], json!([]), "{diags}");
    let def_line = |s: &mut Server, needle: &str, delta: usize| {
        let (l, c) = pos(&text, needle, 0, delta);
        let def = s.at("textDocument/definition", l, c, json!({}));
        def["result"][0]["range"]["start"]["line"].clone()
    };
    let (duty_line, _) = pos(&text, "duty annual_report", 0, 0);
    let (artefact_line, _) = pos(&text, "artefact annual_report", 0, 0);
    assert_eq!(def_line(&mut s, "after annual_report", 6), duty_line);
    assert_eq!(def_line(&mut s, "submits annual_report", 8), artefact_line);
    // Renaming the duty renames its declaration and `after`, not the artefact.
    let (l, c) = pos(&text, "after annual_report", 0, 6);
    let r = s.at("textDocument/rename", l, c, json!({"newName": "annual"}));
    let edits = r["result"]["changes"][URI].as_array().unwrap().clone();
    assert_eq!(edits.len(), 2, "{r}");
    let renamed = apply_edits(&text, &edits);
    assert!(renamed.contains("duty annual \"Annual"), "{renamed}");
    assert!(renamed.contains("after annual\n"), "{renamed}");
    assert!(
        renamed.contains("cpb submits annual_report to scp"),
        "{renamed}"
    );
    // Renaming the artefact leaves the duty alone.
    let (l, c) = pos(&text, "artefact annual_report", 0, 9);
    let r = s.at("textDocument/rename", l, c, json!({"newName": "report"}));
    let edits = r["result"]["changes"][URI].as_array().unwrap().clone();
    let renamed = apply_edits(&text, &edits);
    assert!(renamed.contains("duty annual_report \"Annual"), "{renamed}");
    assert!(renamed.contains("after annual_report"), "{renamed}");
    assert!(renamed.contains("cpb submits report to scp"), "{renamed}");
    // Hover on `after annual_report` describes the duty.
    let (l, c) = pos(&text, "after annual_report", 0, 6);
    let h = s.at("textDocument/hover", l, c, json!({}));
    let md = h["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(md.starts_with("**duty** `annual_report`"), "{md}");
    assert_eq!(s.shutdown_and_exit(), 0);
}
