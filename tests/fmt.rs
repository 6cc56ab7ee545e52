//! Tests of the formatter: golden pairs, idempotence, preservation of the syntax tree and
//! of every comment (on the goldens, the examples, the seeds and generated input), no
//! panic on junk, and the `protogov fmt` command.
//!
//! Golden pairs live in `tests/fmt/NAME.in.proto-gov` → `NAME.out.proto-gov`. To add one,
//! write the input and run `PROTOGOV_BLESS=1 cargo test --test fmt`, then read the output
//! it wrote before committing it.

use proptest::prelude::*;
use protogov::fmt::{format_source, format_unverified};
use protogov::syntax::{self, ast};
use serde_json::Value;
use std::path::{Path, PathBuf};

// ---------------------------------------------------------------- helpers

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Files in `dir` whose names end with `suffix`, sorted; none if the folder is missing.
fn files(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut v: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(suffix))
        .collect();
    v.sort();
    v
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Remove every key named `span` or ending in `_span`; an empty block counts as none.
fn strip(v: &mut Value) {
    match v {
        Value::Object(map) => {
            map.retain(|k, _| k != "span" && !k.ends_with("_span"));
            if let Some(b) = map.get_mut("block") {
                if b.get("props")
                    .and_then(Value::as_array)
                    .is_some_and(|p| p.is_empty())
                {
                    *b = Value::Null;
                }
            }
            map.values_mut().for_each(strip);
        }
        Value::Array(a) => a.iter_mut().for_each(strip),
        _ => {}
    }
}

fn tree(file: &ast::File) -> Value {
    let mut v = serde_json::to_value(&file.items).expect("the syntax tree serializes");
    strip(&mut v);
    v
}

/// Comment texts in order; trailing blanks are not part of a comment.
fn comment_texts(file: &ast::File) -> Vec<String> {
    file.comments
        .iter()
        .map(|c| c.text.trim_end().to_string())
        .collect()
}

/// True when the text holds a carriage return not followed by a line feed. The grammar
/// reads it as a line break, but the comment scan does not, so a comment may run past it
/// over code; the formatter follows the grammar (see the unit tests in src/fmt.rs), and
/// the comment comparison here does not apply.
fn has_lone_cr(text: &str) -> bool {
    text.as_bytes()
        .windows(2)
        .any(|w| w[0] == b'\r' && w[1] != b'\n')
        || text.ends_with('\r')
}

fn error_count(parsed: &syntax::Parsed) -> usize {
    parsed.diagnostics.iter().filter(|d| d.is_error()).count()
}

/// Assert that `after` reads cleanly to the tree of `before` with the same comments.
fn assert_preserved(name: &str, before: &str, after: &str) {
    let a = syntax::parse(before);
    let b = syntax::parse(after);
    assert_eq!(
        error_count(&b),
        0,
        "{name}: the formatted text has errors: {:?}\n{after}",
        b.diagnostics
    );
    if !has_lone_cr(before) {
        assert_eq!(
            comment_texts(&a.file),
            comment_texts(&b.file),
            "{name}: comments changed\n{after}"
        );
    }
    assert_eq!(
        tree(&a.file),
        tree(&b.file),
        "{name}: the syntax tree changed\n--- before\n{before}\n--- after\n{after}"
    );
}

/// Format (without the safety net), check preservation and idempotence; return the text.
fn format_checked(name: &str, text: &str) -> String {
    let once = match format_unverified(text) {
        Ok(s) => s,
        Err(d) => panic!("{name}: not formatted: {d:?}"),
    };
    assert_preserved(name, text, &once);
    let twice = format_unverified(&once).expect("formatted text formats");
    assert_eq!(once, twice, "{name}: formatting is not idempotent");
    assert_eq!(
        format_source(text).ok().as_deref(),
        Some(once.as_str()),
        "{name}: the checked entry point disagrees"
    );
    once
}

// ---------------------------------------------------------------- goldens

fn goldens() -> Vec<(PathBuf, PathBuf)> {
    files(&root().join("tests/fmt"), ".in.proto-gov")
        .into_iter()
        .map(|input| {
            let out = PathBuf::from(
                input
                    .to_string_lossy()
                    .replace(".in.proto-gov", ".out.proto-gov"),
            );
            (input, out)
        })
        .collect()
}

#[test]
fn golden_pairs() {
    let pairs = goldens();
    assert!(pairs.len() >= 10, "the golden fixtures are missing");
    let bless = std::env::var_os("PROTOGOV_BLESS").is_some();
    let mut failures = Vec::new();
    for (input, output) in pairs {
        let name = input.file_name().unwrap_or_default().to_string_lossy();
        let got = format_checked(&name, &read(&input));
        if bless {
            std::fs::write(&output, &got).expect("write golden");
            continue;
        }
        let want = std::fs::read_to_string(&output).unwrap_or_default();
        if got != want {
            failures.push(format!("{name}\n--- expected\n{want}\n--- got\n{got}"));
        }
    }
    assert!(
        failures.is_empty(),
        "goldens differ (PROTOGOV_BLESS=1 rewrites them):\n{}",
        failures.join("\n")
    );
}

#[test]
fn golden_outputs_are_already_formatted() {
    for (_, output) in goldens() {
        let text = read(&output);
        let name = output.display().to_string();
        assert_eq!(
            format_checked(&name, &text),
            text,
            "{name} is not canonical"
        );
    }
}

/// The examples and the seed protocols: any that parses cleanly formats, keeps its tree
/// and comments, and formats to the same text a second time; any that does not is refused.
#[test]
fn examples_and_seeds_are_preserved_and_idempotent() {
    let mut paths = files(&root().join("examples"), ".proto-gov");
    paths.extend(files(&root().join("tests/seeds"), ".proto-gov"));
    for path in paths {
        let text = read(&path);
        let name = path.display().to_string();
        if error_count(&syntax::parse(&text)) == 0 {
            format_checked(&name, &text);
        } else {
            let refusal = format_source(&text).expect_err("a file with errors is refused");
            assert!(refusal.diagnostics().iter().any(|d| d.is_error()), "{name}");
        }
    }
}

/// The examples and seeds are kept in the canonical layout, so `protogov fmt --check`
/// passes on them and every diff between versions shows substance only.
#[test]
fn examples_and_seeds_are_in_the_canonical_layout() {
    let mut paths = files(&root().join("examples"), ".proto-gov");
    paths.extend(files(&root().join("tests/seeds"), ".proto-gov"));
    assert!(paths.len() >= 6);
    for path in paths {
        let text = read(&path);
        let formatted = format_source(&text).expect("the examples and seeds parse");
        assert!(
            formatted == text,
            "{} is not formatted: run `protogov fmt {}`",
            path.display(),
            path.display()
        );
    }
}

/// The before-and-after examples of docs/formatting.md: a fenced block after a line
/// ending in "before:" formats to the fenced block after the next "After:" line.
#[test]
fn the_examples_in_the_formatting_guide_hold() {
    let doc = read(&root().join("docs/formatting.md"));
    let mut lines = doc.lines();
    let mut pairs = Vec::new();
    let mut before: Option<String> = None;
    let fenced = |lines: &mut std::str::Lines<'_>| -> String {
        let mut text = String::new();
        let mut inside = false;
        for line in lines.by_ref() {
            if line.starts_with("```") {
                if inside {
                    break;
                }
                inside = true;
                continue;
            }
            if inside {
                text.push_str(line);
                text.push('\n');
            }
        }
        text
    };
    while let Some(line) = lines.next() {
        if line.to_lowercase().ends_with("before:") {
            before = Some(fenced(&mut lines));
        } else if line == "After:" {
            let after = fenced(&mut lines);
            if let Some(b) = before.take() {
                pairs.push((b, after));
            }
        }
    }
    assert!(pairs.len() >= 2, "the guide's examples were not found");
    for (before, after) in pairs {
        assert_eq!(format_checked("docs/formatting.md", &before), after);
    }
}

#[test]
fn files_with_errors_are_refused_with_their_diagnostics() {
    for text in [
        "body cpb {\n  kynd committee\n}\n",
        "bdy cpb\n",
        "body cpb \"never closed\n",
        "body cpb {\n  kind committee\n",
        "duty d {\n  cpb sendz report to scp\n}\n",
        "role r {\n  kind committee\n}\n",
        "body b {\n  kind a\n  kind b\n}\n",
        "note \"outside\"\n",
        "}\n",
    ] {
        let diags = format_source(text).expect_err(text).diagnostics().to_vec();
        assert!(diags.iter().any(|d| d.is_error()), "{text}");
        assert_eq!(
            diags,
            syntax::parse(text).diagnostics,
            "the parser's own diagnostics"
        );
    }
}

#[test]
fn empty_and_blank_input() {
    assert_eq!(format_source("").ok().as_deref(), Some(""));
    assert_eq!(format_source("\n\n  \t\n").ok().as_deref(), Some(""));
    assert_eq!(format_source(";;\n;").ok().as_deref(), Some(""));
}

// ---------------------------------------------------------------- generated input

/// Draws choices from a byte string, so that proptest shrinks a failing input by
/// shrinking the bytes: fewer or smaller bytes give a shorter, plainer file.
struct Choices {
    bytes: Vec<u8>,
    at: usize,
}

impl Choices {
    /// A number in `0..n` (0 once the bytes run out).
    fn pick(&mut self, n: usize) -> usize {
        let b = self.bytes.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        b as usize % n.max(1)
    }
    fn chance(&mut self, in_n: usize) -> bool {
        self.pick(in_n) == 1
    }
    fn of<'a>(&mut self, options: &[&'a str]) -> &'a str {
        options[self.pick(options.len())]
    }
}

const NAMES: &[&str] = &[
    "cpb",
    "scp",
    "dcs",
    "cabinet",
    "annual_report",
    "x",
    "_draft",
    "Board2",
    "kind",
    "all",
    "topics",
    "note",
    "yearly",
];
const ACTORS: &[&str] = &[
    "cpb",
    "scp",
    "annual_report",
    "x",
    "_draft",
    "all",
    "topics",
];
const STRING_PIECES: &[&str] = &[
    "Board",
    " ",
    "a",
    "é",
    "“curly”",
    "\\\"",
    "\\\\",
    "\\n",
    "\\t",
    "\n",
    "//",
    "{",
    "}",
    ";",
    "\t",
    "body x",
    ",",
    " and ",
    "  ",
    "\r\n",
];
const COMMENT_PIECES: &[&str] = &[
    " note",
    "",
    "//",
    " \"half a string",
    " {",
    " }",
    " ;",
    " é",
    "  spaced  ",
    "\t",
    " body x {",
];
const MONTHS: &[&str] = &["march", "September", "DECEMBER", "june", "may"];
const UNITS: &[&str] = &["day", "days", "Weeks", "month", "months", "year", "YEARS"];
const DATES: &[&str] = &["2023", "2023-09", "2025-09-01", "1999-12-31"];

/// Writes one random but valid file.
struct Gen {
    c: Choices,
    out: String,
}

impl Gen {
    fn newline(&mut self) {
        let nl = if self.c.chance(8) { "\r\n" } else { "\n" };
        self.out.push_str(nl);
    }
    /// Inline blanks (at least one character).
    fn ws(&mut self) {
        let w = self.c.of(&[" ", " ", "  ", "\t", " \t ", "\u{a0}", "    "]);
        self.out.push_str(w);
    }
    /// Inline blanks, possibly none.
    fn ws0(&mut self) {
        if self.c.chance(2) {
            self.ws();
        }
    }
    fn indent(&mut self) {
        let w = self.c.of(&["", "  ", "    ", "\t", " ", "\t\t  "]);
        self.out.push_str(w);
    }
    fn comment(&mut self) {
        self.out.push_str("//");
        for _ in 0..self.c.pick(4) {
            let p = self.c.of(COMMENT_PIECES);
            self.out.push_str(p);
        }
    }
    /// A line break, perhaps with a trailing comment before it and comment lines and
    /// blank lines after it, ending in indentation.
    fn brk(&mut self) {
        if self.c.chance(4) {
            self.ws0();
            self.comment();
        }
        self.newline();
        while self.c.chance(3) {
            match self.c.pick(3) {
                0 => {}
                _ => {
                    self.indent();
                    self.comment();
                }
            }
            self.newline();
        }
        self.indent();
    }
    fn name(&mut self) -> String {
        self.c.of(NAMES).to_string()
    }
    fn string(&mut self) -> String {
        let mut s = String::from("\"");
        for _ in 0..self.c.pick(5) {
            s.push_str(self.c.of(STRING_PIECES));
        }
        s.push('"');
        s
    }
    fn words(&mut self, words: &[&str]) {
        for (i, w) in words.iter().enumerate() {
            if i > 0 {
                self.ws();
            }
            self.out.push_str(w);
        }
    }
    fn word(&mut self, w: &str) {
        self.ws();
        self.out.push_str(w);
    }
    /// A list of 1–4 elements with random separators and line breaks.
    fn list(&mut self, mut element: impl FnMut(&mut Self) -> String, break_after_and: bool) {
        let n = 1 + self.c.pick(4);
        let first = element(self);
        self.out.push_str(&first);
        for _ in 1..n {
            match self.c.pick(6) {
                0 => {
                    self.ws0();
                    self.out.push(',');
                    self.ws();
                }
                1 => {
                    self.word("and");
                    self.ws();
                }
                2 => {
                    self.out.push(',');
                    self.word("and");
                    self.ws();
                }
                3 => {
                    self.out.push(',');
                    self.brk();
                }
                4 => {
                    self.out.push(',');
                    self.brk();
                    self.out.push_str("and");
                    self.ws();
                }
                _ if break_after_and => {
                    self.word("and");
                    self.brk();
                }
                _ => {
                    self.out.push(',');
                    self.ws();
                }
            }
            let e = element(self);
            self.out.push_str(&e);
        }
    }
    fn names(&mut self) {
        self.list(|g| g.name(), true);
    }
    fn strings(&mut self) {
        self.list(|g| g.string(), true);
    }
    fn date(&mut self) {
        let d = self.c.of(DATES);
        self.word(d);
    }
    fn clause_ref(&mut self) -> String {
        if self.c.chance(4) {
            self.string()
        } else {
            self.c.of(&["4", "4.1", "5.2a", "10.3.1", "1"]).to_string()
        }
    }
    fn cadence(&mut self, any_word: bool) {
        match self.c.pick(3) {
            0 => {
                let mut words = vec![
                    "yearly",
                    "Annually",
                    "six-monthly",
                    "quarterly",
                    "monthly",
                    "bi-annually",
                ];
                if any_word {
                    words.push("fortnightly");
                }
                let w = self.c.of(&words);
                self.out.push_str(w);
            }
            1 => {
                self.out.push_str("every");
                let u = self.c.of(UNITS);
                self.word(u);
            }
            _ => {
                self.out.push_str("every");
                let n = self.c.of(&["1", "2", "06", "28"]);
                self.word(n);
                let u = self.c.of(UNITS);
                self.word(u);
            }
        }
        match self.c.pick(6) {
            0 => {}
            1 => {
                self.word("in");
                self.ws();
                self.list(|g| g.c.of(MONTHS).to_string(), false);
            }
            2 => {
                let w = self.c.of(&["on", "by"]);
                self.word(w);
                let d = self.c.of(&["1", "05", "30"]);
                self.word(d);
                let m = self.c.of(MONTHS);
                self.word(m);
            }
            3 => {
                self.ws();
                self.words(&["on", "the", "last", "working", "day", "of"]);
                let m = self.c.of(MONTHS);
                self.word(m);
            }
            _ => {
                self.word("from");
                self.date();
                return;
            }
        }
        if self.c.chance(4) {
            self.word("from");
            self.date();
        }
    }

    fn prop(&mut self, kind: &str, single_used: &mut Vec<&'static str>) -> bool {
        type P = (&'static str, bool);
        let options: &[P] = match kind {
            "protocol" => &[
                ("version", true),
                ("between", false),
                ("agreed", false),
                ("signed", false),
                ("review", true),
                ("last", true),
                ("next", true),
                ("short", false),
            ],
            "body" | "external body" => &[
                ("kind", true),
                ("short", false),
                ("established", true),
                ("subgroup", true),
                ("reports", false),
                ("members", false),
                ("meets", true),
            ],
            "role" => &[
                ("seat", false),
                ("appointed", false),
                ("delegate", true),
                ("short", false),
            ],
            "topic" => &[("statute", false), ("indicators", false), ("short", false)],
            "artefact" => &[("produced", true), ("contains", false), ("short", false)],
            "duty" => &[
                ("action", true),
                ("schedule", true),
                ("when_event", true),
                ("deadline", true),
                ("order", false),
                ("covers", false),
                ("contains", false),
                ("condition", false),
            ],
            "escalation" => &[
                ("when_text", true),
                ("convened", true),
                ("attended", false),
                ("others", false),
            ],
            _ => &[],
        };
        let mut all: Vec<P> = vec![("clause", true), ("note", false)];
        all.extend_from_slice(options);
        let (p, single) = all[self.c.pick(all.len())];
        let key = if p.starts_with("when") { "when" } else { p };
        if single {
            if single_used.contains(&key) {
                return false;
            }
            single_used.push(key);
        }
        match p {
            "clause" => {
                self.out.push_str("clause");
                let c = self.clause_ref();
                self.word(&c);
            }
            "note" | "version" | "delegate" | "contains" | "others" => {
                self.out.push_str(p);
                let s = self.string();
                self.word(&s);
            }
            "between" => {
                self.out.push_str("between");
                self.ws();
                self.names();
            }
            "agreed" | "signed" => {
                let kw = if p == "signed" {
                    "signed"
                } else {
                    self.c.of(&["agreed", "approved"])
                };
                self.words(&[kw, "by"]);
                let n = self.name();
                self.word(&n);
                if self.c.chance(2) {
                    self.word("on");
                    self.date();
                }
            }
            "review" | "meets" => {
                self.out.push_str(p);
                self.ws();
                self.cadence(true);
            }
            "schedule" => self.cadence(false),
            "last" => {
                self.words(&["last", "reviewed"]);
                self.date();
            }
            "next" => {
                self.words(&["next", "review"]);
                if self.c.chance(2) {
                    self.word("due");
                }
                self.date();
            }
            "kind" | "subgroup" | "produced" | "convened" | "seat" | "when_event" => {
                let kw: &[&str] = match p {
                    "kind" => &["kind"],
                    "subgroup" => &["subgroup", "of"],
                    "produced" => &["produced", "by"],
                    "convened" => &["convened", "by"],
                    "when_event" => &["when"],
                    _ => match self.c.pick(3) {
                        0 => &["chair", "of"],
                        1 => &["member", "of"],
                        _ => &["observer", "on"],
                    },
                };
                self.words(kw);
                let n = self.name();
                self.word(&n);
            }
            "short" | "members" | "statute" | "indicators" => {
                let kw = if p == "indicators" {
                    self.c.of(&["indicators", "indicator"])
                } else {
                    p
                };
                self.out.push_str(kw);
                self.ws();
                self.strings();
            }
            "established" => {
                self.out.push_str("established");
                self.date();
            }
            "reports" | "appointed" | "attended" => {
                let kw = match p {
                    "reports" => "to",
                    _ => "by",
                };
                self.words(&[p, kw]);
                self.ws();
                self.names();
            }
            "action" => {
                // A name that starts a keyword property (`kind`, `yearly`) cannot open
                // an action line: the grammar commits to the keyword property.
                let actor = self.c.of(ACTORS).to_string();
                let artefact = self.c.of(ACTORS).to_string();
                if self.c.chance(2) {
                    self.out.push_str(&artefact);
                    let v = self.c.of(&["reported", "submitted", "shared", "sent"]);
                    self.word(v);
                    self.word("to");
                    self.ws();
                    self.names();
                    if self.c.chance(2) {
                        self.word("by");
                        self.word(&actor);
                    }
                } else {
                    self.out.push_str(&actor);
                    let v = self.c.of(&["submits", "presents", "publishes", "reviews"]);
                    self.word(v);
                    self.word(&artefact);
                    if self.c.pick(3) > 0 {
                        self.word("to");
                        self.ws();
                        self.names();
                    }
                }
            }
            "deadline" => {
                if self.c.chance(2) {
                    self.out.push_str("within");
                    let n = self.c.of(&["1", "28", "007"]);
                    self.word(n);
                    let u = self.c.of(UNITS);
                    self.word(u);
                } else {
                    let phrase: &[&str] = match self.c.pick(5) {
                        0 => &["in", "a", "timely", "manner"],
                        1 => &["in", "timely", "manner"],
                        2 => &["as", "soon", "as", "possible"],
                        3 => &["without", "delay"],
                        _ => &["promptly"],
                    };
                    self.words(phrase);
                }
            }
            "order" => {
                let d = self.c.of(&["before", "after"]);
                self.out.push_str(d);
                let n = self.name();
                self.word(&n);
                if self.c.chance(2) {
                    self.word("where");
                    self.word("possible");
                }
            }
            "covers" => {
                self.out.push_str("covers");
                if self.c.chance(3) {
                    self.word("all");
                    self.word("topics");
                } else {
                    self.ws();
                    self.names();
                }
            }
            "condition" => {
                if self.c.chance(2) {
                    self.words(&["only", "if"]);
                } else {
                    self.out.push_str("unless");
                }
                let s = self.string();
                self.word(&s);
            }
            "when_text" => {
                self.out.push_str("when");
                let s = self.string();
                self.word(&s);
            }
            _ => return false,
        }
        true
    }

    fn block(&mut self, kind: &str) {
        if self.c.chance(3) {
            self.brk();
        } else {
            self.ws0();
        }
        self.out.push('{');
        let mut used = Vec::new();
        let n = self.c.pick(6);
        let mut first = true;
        for _ in 0..n {
            // Before each property: a line break (with comments) or `;`, or nothing for
            // the first one.
            match self.c.pick(4) {
                0 if first => self.ws0(),
                1 if !first => {
                    self.ws0();
                    self.out.push(';');
                    self.ws0();
                }
                _ => self.brk(),
            }
            let before = self.out.len();
            if self.prop(kind, &mut used) {
                first = false;
            } else {
                self.out.truncate(before);
            }
        }
        match self.c.pick(4) {
            0 => self.ws0(),
            1 if !first => {
                self.out.push(';');
                self.ws0();
            }
            _ => self.brk(),
        }
        self.out.push('}');
    }

    fn item(&mut self) {
        if self.c.chance(8) {
            self.out.push_str("prose");
            let c = self.clause_ref();
            self.word(&c);
            if self.c.chance(2) {
                let t = self.string();
                self.word(&t);
            }
            let s = self.string();
            self.word(&s);
            return;
        }
        let kind = self.c.of(&[
            "protocol",
            "body",
            "external body",
            "role",
            "topic",
            "artefact",
            "event",
            "duty",
            "escalation",
        ]);
        if kind == "external body" {
            self.words(&["external", "body"]);
        } else {
            self.out.push_str(kind);
        }
        let n = self.name();
        self.word(&n);
        if self.c.pick(3) > 0 {
            let t = self.string();
            self.word(&t);
        }
        if self.c.pick(3) > 0 {
            self.block(kind);
        }
    }

    fn file(bytes: Vec<u8>) -> String {
        let mut g = Gen {
            c: Choices { bytes, at: 0 },
            out: String::new(),
        };
        if g.c.chance(3) {
            g.comment();
            g.newline();
        }
        let mut first = true;
        while g.c.pick(5) != 0 && g.c.at < g.c.bytes.len() {
            if !first {
                if g.c.chance(5) {
                    g.ws0();
                    g.out.push(';');
                    g.ws0();
                } else {
                    g.brk();
                }
            } else {
                g.indent();
            }
            first = false;
            g.item();
        }
        if g.c.chance(2) {
            g.brk();
        }
        if g.c.chance(3) {
            g.ws0();
            g.comment();
        }
        if g.c.pick(3) > 0 {
            g.newline();
        }
        g.out
    }
}

fn generated() -> impl Strategy<Value = String> {
    prop::collection::vec(any::<u8>(), 0..600).prop_map(Gen::file)
}

/// Fragments of the language, to build junk that often almost parses.
const FRAGMENTS: &[&str] = &[
    "body",
    "protocol",
    "external",
    "role",
    "duty",
    "event",
    "prose",
    "topic",
    "artefact",
    "escalation",
    "kind",
    "x",
    "y",
    " ",
    "\n",
    "\r",
    "\t",
    "{",
    "}",
    ";",
    ",",
    "and",
    "to",
    "by",
    "\"",
    "\"text\"",
    "//",
    "// c\n",
    "\\",
    "in",
    "march",
    "every",
    "2",
    "years",
    "4.1",
    "submits",
    "reported",
    "within",
    "28",
    "days",
    "2024-01",
    "covers",
    "all",
    "topics",
    "attended",
    "é",
    "\u{feff}",
    "\u{a0}",
    "yearly",
    "clause",
    "note",
    "{{",
    "}}",
];

fn junk() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        prop::collection::vec(prop::sample::select(FRAGMENTS), 0..60).prop_map(|v| v.concat()),
        prop::collection::vec(any::<u8>(), 0..200)
            .prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
    ]
}

/// A generated file with a few random edits: a character range cut out or a fragment
/// put in. Some edits leave the file valid, most break it; either way nothing may panic.
fn mutated() -> impl Strategy<Value = String> {
    (
        generated(),
        prop::collection::vec(
            (any::<usize>(), 0..4usize, prop::sample::select(FRAGMENTS)),
            1..4,
        ),
    )
        .prop_map(|(mut text, edits)| {
            for (at, cut, fragment) in edits {
                let chars: Vec<char> = text.chars().collect();
                let at = at % (chars.len() + 1);
                let end = (at + cut).min(chars.len());
                let mut s: String = chars[..at].iter().collect();
                s.push_str(fragment);
                s.extend(&chars[end..]);
                text = s;
            }
            text
        })
}

/// Check one piece of junk: no panic; formatted output is preserved and idempotent;
/// a refusal carries an error.
fn check_junk(text: &str) -> Result<(), TestCaseError> {
    match format_unverified(text) {
        Ok(out) => {
            assert_preserved("junk", text, &out);
            prop_assert_eq!(format_unverified(&out).ok(), Some(out.clone()));
        }
        Err(diags) => prop_assert!(diags.iter().any(|d| d.is_error())),
    }
    let _ = format_source(text);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(512),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Generated files parse cleanly, and formatting keeps their tree and comments and
    /// is idempotent.
    #[test]
    fn generated_files_are_preserved(text in generated()) {
        let parsed = syntax::parse(&text);
        prop_assert_eq!(error_count(&parsed), 0, "the generator wrote an invalid file: {:?}\n{}", parsed.diagnostics, text);
        format_checked("generated", &text);
    }

    /// Junk never panics; whatever formats is preserved and idempotent, and whatever
    /// is refused comes with an error.
    #[test]
    fn junk_never_panics(text in junk()) {
        check_junk(&text)?;
    }

    /// Valid files with random edits: the same promises as for junk.
    #[test]
    fn edited_files_never_panic(text in mutated()) {
        check_junk(&text)?;
    }
}

// ---------------------------------------------------------------- the command

mod cli {
    use std::path::Path;
    use std::process::{Command, Output, Stdio};

    const MESSY: &str = "body   cpb \"Board\" { kind committee; meets quarterly }\n";
    const TIDY: &str = "body cpb \"Board\" {\n  kind committee\n  meets quarterly\n}\n";
    const BROKEN: &str = "body cpb {\n  kynd committee\n}\n";

    fn protogov(args: &[&str], stdin: Option<&[u8]>) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_protogov"));
        cmd.args(args)
            .env("NO_COLOR", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("run protogov");
        if let Some(mut input) = child.stdin.take() {
            use std::io::Write;
            if let Some(bytes) = stdin {
                input.write_all(bytes).expect("write stdin");
            }
        }
        child.wait_with_output().expect("wait for protogov")
    }

    fn write(dir: &Path, name: &str, text: &str) -> String {
        let path = dir.join(name);
        std::fs::write(&path, text).expect("write fixture");
        path.to_string_lossy().into_owned()
    }

    fn stdout(o: &Output) -> String {
        String::from_utf8_lossy(&o.stdout).into_owned()
    }

    fn stderr(o: &Output) -> String {
        String::from_utf8_lossy(&o.stderr).into_owned()
    }

    #[test]
    fn rewrites_in_place() {
        let dir = tempfile::tempdir().expect("tempdir");
        let a = write(dir.path(), "a.proto-gov", MESSY);
        let b = write(dir.path(), "b.proto-gov", TIDY);
        let o = protogov(&["fmt", &a, &b], None);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert_eq!(std::fs::read_to_string(&a).expect("read"), TIDY);
        assert_eq!(std::fs::read_to_string(&b).expect("read"), TIDY);
        assert!(stdout(&o).is_empty());
        assert!(stderr(&o).contains("formatted 1 file"), "{}", stderr(&o));
        // No temporary file is left beside them.
        assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 2);
        // A second run changes nothing.
        let o = protogov(&["fmt", &a], None);
        assert_eq!(o.status.code(), Some(0));
        assert!(
            stderr(&o).contains("1 file already formatted"),
            "{}",
            stderr(&o)
        );
    }

    #[test]
    fn stdin_to_stdout() {
        let o = protogov(&["fmt", "-"], Some(MESSY.as_bytes()));
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert_eq!(stdout(&o), TIDY);
        assert!(stderr(&o).is_empty(), "{}", stderr(&o));
    }

    #[test]
    fn stdin_with_errors_prints_nothing_on_stdout() {
        let o = protogov(&["fmt", "-"], Some(BROKEN.as_bytes()));
        assert_eq!(o.status.code(), Some(1));
        assert!(stdout(&o).is_empty());
        assert!(stderr(&o).contains("PG0006"), "{}", stderr(&o));
    }

    #[test]
    fn stdin_that_is_not_utf8_is_an_io_problem() {
        let o = protogov(&["fmt", "-"], Some(b"body \xff\n"));
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains("UTF-8"), "{}", stderr(&o));
    }

    #[test]
    fn check_prints_a_diff_and_changes_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let a = write(dir.path(), "a.proto-gov", MESSY);
        let o = protogov(&["fmt", "--check", &a], None);
        assert_eq!(o.status.code(), Some(1));
        let diff = stdout(&o);
        assert!(diff.contains(&format!("--- {a}")), "{diff}");
        assert!(diff.contains("+++ "), "{diff}");
        assert!(diff.contains("@@ "), "{diff}");
        assert!(diff.contains("-body   cpb"), "{diff}");
        assert!(diff.contains("+  kind committee"), "{diff}");
        assert_eq!(std::fs::read_to_string(&a).expect("read"), MESSY);
        assert!(
            stderr(&o).contains("1 file not formatted"),
            "{}",
            stderr(&o)
        );
    }

    #[test]
    fn check_passes_on_formatted_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        let a = write(dir.path(), "a.proto-gov", TIDY);
        let o = protogov(&["fmt", "--check", &a], None);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(stdout(&o).is_empty());
        let o = protogov(&["fmt", "--check", "-"], Some(TIDY.as_bytes()));
        assert_eq!(o.status.code(), Some(0));
        assert!(stdout(&o).is_empty());
    }

    #[test]
    fn a_file_with_syntax_errors_is_left_alone() {
        let dir = tempfile::tempdir().expect("tempdir");
        let bad = write(dir.path(), "bad.proto-gov", BROKEN);
        let good = write(dir.path(), "good.proto-gov", MESSY);
        let o = protogov(&["fmt", &bad, &good], None);
        assert_eq!(o.status.code(), Some(1));
        assert_eq!(std::fs::read(&bad).expect("read"), BROKEN.as_bytes());
        assert_eq!(std::fs::read_to_string(&good).expect("read"), TIDY);
        let err = stderr(&o);
        assert!(err.contains("PG0006") && err.contains("kynd"), "{err}");
        // Under --check too.
        let o = protogov(&["fmt", "--check", &bad], None);
        assert_eq!(o.status.code(), Some(1));
        assert_eq!(std::fs::read(&bad).expect("read"), BROKEN.as_bytes());
    }

    #[test]
    fn syntax_errors_follow_the_message_format() {
        let dir = tempfile::tempdir().expect("tempdir");
        let bad = write(dir.path(), "bad.proto-gov", BROKEN);
        let o = protogov(&["--message-format", "json", "fmt", &bad], None);
        assert_eq!(o.status.code(), Some(1));
        let line = stdout(&o);
        let v: serde_json::Value =
            serde_json::from_str(line.lines().next().unwrap_or("")).expect("JSON diagnostic");
        assert_eq!(v["code"], "PG0006");
        let o = protogov(&["fmt", "--message-format", "short", &bad], None);
        assert!(
            stderr(&o).contains("bad.proto-gov:2:3: error[PG0006]"),
            "{}",
            stderr(&o)
        );
    }

    #[test]
    fn a_missing_file_is_an_io_problem() {
        let dir = tempfile::tempdir().expect("tempdir");
        let missing = dir.path().join("missing.proto-gov");
        let good = write(dir.path(), "good.proto-gov", MESSY);
        let o = protogov(&["fmt", &missing.to_string_lossy(), &good], None);
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains("missing.proto-gov"), "{}", stderr(&o));
        // The other file is still formatted.
        assert_eq!(std::fs::read_to_string(&good).expect("read"), TIDY);
    }

    #[test]
    fn a_directory_or_non_utf8_file_is_an_io_problem() {
        let dir = tempfile::tempdir().expect("tempdir");
        let o = protogov(&["fmt", &dir.path().to_string_lossy()], None);
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains("is a directory"), "{}", stderr(&o));
        let path = dir.path().join("latin1.proto-gov");
        std::fs::write(&path, b"body caf\xe9\n").expect("write");
        let o = protogov(&["fmt", &path.to_string_lossy()], None);
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains("UTF-8"), "{}", stderr(&o));
        assert_eq!(std::fs::read(&path).expect("read"), b"body caf\xe9\n");
    }

    #[test]
    fn a_read_only_file_is_not_rewritten() {
        let dir = tempfile::tempdir().expect("tempdir");
        let a = write(dir.path(), "a.proto-gov", MESSY);
        let mut perms = std::fs::metadata(&a).expect("stat").permissions();
        perms.set_readonly(true);
        std::fs::set_permissions(&a, perms).expect("chmod");
        let o = protogov(&["fmt", &a], None);
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains("read-only"), "{}", stderr(&o));
        assert_eq!(std::fs::read_to_string(&a).expect("read"), MESSY);
        // Checking a read-only file is fine.
        let o = protogov(&["fmt", "--check", &a], None);
        assert_eq!(o.status.code(), Some(1));
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_is_followed_and_kept() {
        let dir = tempfile::tempdir().expect("tempdir");
        let real = write(dir.path(), "real.proto-gov", MESSY);
        let link = dir.path().join("link.proto-gov");
        std::os::unix::fs::symlink(&real, &link).expect("symlink");
        let o = protogov(&["fmt", &link.to_string_lossy()], None);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(std::fs::symlink_metadata(&link)
            .expect("stat link")
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read_to_string(&real).expect("read"), TIDY);
    }

    #[test]
    fn a_file_is_required() {
        let o = protogov(&["fmt"], None);
        assert_eq!(o.status.code(), Some(2));
    }
}

#[test]
fn the_read_back_check_compares_how_strings_are_spelt() {
    use protogov::fmt::equivalent;
    // The same value spelt two ways: an escape and the character itself.
    let escaped = "body a \"A\" {\n  members \"one\\ttwo\"\n}\n";
    let literal = "body a \"A\" {\n  members \"one\ttwo\"\n}\n";
    let (e, l) = (syntax::parse(escaped), syntax::parse(literal));
    assert_eq!(tree(&e.file), tree(&l.file), "the values are equal");
    assert!(equivalent((escaped, &e), (escaped, &e)));
    assert!(!equivalent((escaped, &e), (literal, &l)));
    // Moving a string does not change its spelling.
    let moved = "body a \"A\" {\n\n  members   \"one\\ttwo\"\n}\n";
    assert!(equivalent((escaped, &e), (moved, &syntax::parse(moved))));
}
