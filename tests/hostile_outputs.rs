//! Hostile text in every output. Protocols whose titles, notes, clauses, members and prose
//! hold quotes, backslashes, line breaks, markup, Graphviz escapes, control characters,
//! noncharacters, bidirectional overrides, emoji and combining characters are built into all
//! four outputs, and each output is read back by a parser that is not protogov's:
//!
//! * JSON with `serde_json` and with Python's `json`: the text comes back exactly;
//! * iCalendar with Python's `icalendar`: the summaries and descriptions come back, escaped,
//!   without control characters or bidirectional overrides;
//! * DOT with Graphviz `dot -Tsvg`: exit status 0 and no warning;
//! * SVG, from Graphviz and from the embedded layout, with Python's `xml.etree`: well-formed,
//!   no `<script>` element, and the text shown as written.
//!
//! A missing tool fails the test (`scripts/test` installs them all).

use crate::common::*;
use protogov::analysis::Analysis;
use protogov::emit::{dot, ics, json, svg};
use std::path::Path;

/// The hostile texts, as the protocol means them (not as written in the source).
const PAYLOADS: [(&str, &str); 13] = [
    ("quotes", "q\"u'o\"te"),
    ("backslashes", "back\\slash\\\\double"),
    ("line break", "line1\nline2"),
    ("script", "<script>alert(1)</script>"),
    ("comment end", "--><!--"),
    ("cdata end", "]]><![CDATA[x"),
    ("separators", "semi;colon,comma"),
    ("graphviz escapes", "\\G\\N\\E\\H\\T\\L"),
    ("controls", "nul\0bel\u{7}esc\u{1b}del\u{7f}"),
    ("noncharacters", "non\u{FFFE}char\u{FFFF}"),
    (
        "bidi",
        "rtl\u{200F}mark\u{202E}override\u{202C}end\u{2067}iso\u{2069}",
    ),
    ("emoji", "emoji🎉🏛️👩\u{200D}👩\u{200D}👧e\u{301}\u{302}"),
    ("entities", "&amp;&lt;&#92;"),
];

/// Text written as a protogov string: backslash, quote, line break and tab escaped.
fn source_string(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
        .replace('\t', "\\t")
}

/// A protocol with the payload in every kind of free text.
fn protocol(payload: &str) -> String {
    let p = source_string(payload);
    format!(
        r#"protocol p "Protocol {p}" {{
  clause "c {p}"
  between a and b
  review yearly in march
  next review 2027-03-31
  note "note {p}"
}}
body a "Body A {p}" {{
  clause 1.1
  members "m {p}", "other"
}}
body b "Body B {p}" {{
  clause "b {p}"
}}
artefact r "Report {p}" {{
  clause 2.1
  produced by a
}}
duty d "Duty {p}" {{
  clause 2.1
  a submits r to b
  yearly in june
  note "dnote {p}"
}}
prose 3.1 "prose {p}"
"#
    )
}

fn analysed(name: &str, payload: &str) -> Analysis {
    let a = analyse_text(&format!("{name}.proto-gov"), &protocol(payload));
    assert!(!a.has_errors(), "{name}:\n{}", human(&a));
    a
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The text as a calendar should give it back: line breaks kept, other control characters,
/// noncharacters and bidirectional overrides gone.
fn calendar_text(s: &str) -> String {
    s.chars()
        .filter(|c| {
            (!c.is_control() || *c == '\n' || *c == '\t')
                && !matches!(c, '\u{FFFE}' | '\u{FFFF}')
                && !is_bidi_control(*c)
        })
        .collect()
}

/// The text as a drawing should show it, with runs of white space made one space.
fn drawn_text(s: &str) -> String {
    let kept: String = s
        .chars()
        .map(|c| if c == '\n' || c == '\t' { ' ' } else { c })
        .filter(|c| {
            !c.is_control() && !matches!(c, '\u{FFFE}' | '\u{FFFF}') && !is_bidi_control(*c)
        })
        .collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

const PY_JSON: &str = r#"
import json, sys
with open(sys.argv[1], encoding="utf-8") as f:
    d = json.load(f)
bodies = {b["id"]: b for b in d["bodies"]}
print(json.dumps({
    "title": d["protocol"]["title"],
    "note": d["protocol"]["notes"],
    "body_a": bodies["a"]["title"],
}, ensure_ascii=True))
"#;

const PY_ICS: &str = r#"
import json, sys
from icalendar import Calendar
with open(sys.argv[1], "rb") as f:
    cal = Calendar.from_ical(f.read())
events = [{"uid": str(e.get("UID")), "summary": str(e.get("SUMMARY")),
           "description": str(e.get("DESCRIPTION"))}
          for e in cal.walk("VEVENT")]
print(json.dumps(events, ensure_ascii=True))
"#;

const PY_SVG: &str = r#"
import json, sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag.endswith("svg"), root.tag
scripts = [e.tag for e in root.iter() if e.tag.split("}")[-1].lower() in ("script", "foreignobject")]
print(json.dumps({"text": " ".join(root.itertext()), "scripts": scripts}, ensure_ascii=True))
"#;

fn py_json(script: &str, path: &Path) -> serde_json::Value {
    let out = python(script, &[&path.display().to_string()]);
    serde_json::from_str(out.trim()).unwrap_or_else(|e| panic!("{e}: {out}"))
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn json_keeps_hostile_text_exactly() {
    require_python();
    let dir = tempfile::tempdir().unwrap();
    for (name, payload) in PAYLOADS {
        let a = analysed(name, payload);
        let options = json::Options {
            today: TODAY.parse().unwrap(),
            occurrences: 5,
        };
        let text = json::emit(&a, &options);
        let v: serde_json::Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: serde_json: {e}"));
        let title = format!("Protocol {payload}");
        assert_eq!(v["protocol"]["title"], title.as_str(), "{name}");
        let p = dir.path().join(format!("{}.json", name.replace(' ', "-")));
        std::fs::write(&p, &text).unwrap();
        let back = py_json(PY_JSON, &p);
        assert_eq!(back["title"], title.as_str(), "{name}: Python json");
        assert_eq!(
            back["body_a"],
            format!("Body A {payload}").as_str(),
            "{name}: Python json"
        );
        assert_eq!(back["note"], v["protocol"]["notes"], "{name}: Python json");
    }
}

#[test]
fn calendars_carry_hostile_text_escaped() {
    require_python();
    let dir = tempfile::tempdir().unwrap();
    for (name, payload) in PAYLOADS {
        let a = analysed(name, payload);
        let text =
            ics::emit(&a, &ics::Options::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            !text.chars().any(is_bidi_control),
            "{name}: a bidirectional override reached the calendar"
        );
        assert!(
            !text
                .chars()
                .any(|c| c.is_control() && c != '\r' && c != '\n' && c != '\t'),
            "{name}: a control character reached the calendar"
        );
        let p = dir.path().join(format!("{}.ics", name.replace(' ', "-")));
        std::fs::write(&p, &text).unwrap();
        let events = py_json(PY_ICS, &p);
        let events = events.as_array().unwrap();
        let duty = events
            .iter()
            .find(|e| e["uid"].as_str().unwrap_or("").starts_with("duty."))
            .unwrap_or_else(|| panic!("{name}: no duty event in {events:?}"));
        let summary = duty["summary"].as_str().unwrap();
        for want in [
            format!("Body A {payload}"),
            format!("Body B {payload}"),
            format!("Report {payload}"),
        ] {
            let want = calendar_text(&want);
            assert!(
                summary.contains(&want),
                "{name}: summary {summary:?} lacks {want:?}"
            );
        }
        let description = duty["description"].as_str().unwrap();
        let want = calendar_text(&format!("dnote {payload}"));
        assert!(
            description.contains(&want),
            "{name}: description {description:?} lacks {want:?}"
        );
    }
}

#[test]
fn graphviz_reads_hostile_dot_without_a_warning() {
    require_dot();
    for (name, payload) in PAYLOADS {
        let a = analysed(name, payload);
        let text = dot::emit(&a);
        assert!(!text.contains('\0'), "{name}: a NUL in the DOT");
        let (out, stderr) =
            svg::run_dot(&["-Tsvg"], &text).unwrap_or_else(|e| panic!("{name}: {e}\n{text}"));
        assert!(stderr.trim().is_empty(), "{name}: dot warned:\n{stderr}");
        // A NUL in the DOT makes Graphviz draw an empty graph without a warning.
        let out = String::from_utf8_lossy(&out);
        assert_eq!(
            out.matches("class=\"node\"").count(),
            a.graph.graph.node_count(),
            "{name}: not every node drawn"
        );
    }
}

#[test]
fn both_svgs_show_hostile_text_and_run_nothing() {
    require_dot();
    require_python();
    let dir = tempfile::tempdir().unwrap();
    for (name, payload) in PAYLOADS {
        let a = analysed(name, payload);
        for r in [svg::Renderer::Embedded, svg::Renderer::Graphviz] {
            let bytes = svg::emit(&a, r).unwrap_or_else(|e| panic!("{name} {r:?}: {e}"));
            let text = String::from_utf8(bytes).expect("SVG is UTF-8");
            assert!(
                !text.contains("<script"),
                "{name} {r:?}: a raw <script> in the SVG"
            );
            assert!(
                !text.chars().any(is_bidi_control),
                "{name} {r:?}: a bidirectional override in the SVG"
            );
            assert!(
                !text.contains('\u{FFFE}') && !text.contains('\u{FFFF}'),
                "{name} {r:?}: a noncharacter in the SVG"
            );
            let p = dir
                .path()
                .join(format!("{}-{r:?}.svg", name.replace(' ', "-")));
            std::fs::write(&p, &text).unwrap();
            let back = py_json(PY_SVG, &p);
            assert_eq!(
                back["scripts"],
                serde_json::json!([]),
                "{name} {r:?}: a script element"
            );
            let shown = squash(back["text"].as_str().unwrap());
            for want in [format!("Body A {payload}"), format!("Body B {payload}")] {
                let want = drawn_text(&want);
                assert!(
                    shown.contains(&want),
                    "{name} {r:?}: {want:?} not shown in:\n{shown}"
                );
            }
            // The duty table names the artefact.
            let want = drawn_text(&format!("Report {payload}"));
            assert!(
                shown.contains(&want),
                "{name} {r:?}: {want:?} not shown in:\n{shown}"
            );
        }
    }
}

/// `\N` and `\G` in a title stay text: Graphviz does not put the node's or the graph's name
/// in their place, neither in a node's label nor in the duty table.
#[test]
fn graphviz_escapes_in_titles_stay_text() {
    require_dot();
    let a = analysed("escapes", "\\G\\N");
    let svg = String::from_utf8(svg::graphviz(&dot::emit(&a)).unwrap()).unwrap();
    // Body A's label, and the artefact's title in the table.
    assert!(svg.contains("Body A \\G\\N"), "{svg}");
    assert!(svg.contains("Report \\G\\N"), "{svg}");
    assert!(!svg.contains("Body A pa"), "{svg}");
}

/// U+FFFE and U+FFFF are not XML characters: they are dropped from both SVGs, which a
/// parser would otherwise reject.
#[test]
fn noncharacters_are_dropped_from_drawings() {
    let a = analysed("nonchar", "x\u{FFFE}y\u{FFFF}z");
    let embedded = svg::embedded(&a);
    assert!(embedded.contains("Body A xyz"), "{embedded}");
    let dot_text = dot::emit(&a);
    assert!(dot_text.contains("Body A xyz"), "{dot_text}");
}

/// A NUL in the title must not reach the first-line comment: with one there, Graphviz draws
/// an empty graph and says nothing.
#[test]
fn nul_never_reaches_the_dot_comment() {
    let a = analysed("nul", "a\0b");
    let text = dot::emit(&a);
    let first = text.lines().next().unwrap_or_default();
    assert!(first.starts_with("// "), "{first}");
    assert!(first.contains("Protocol ab"), "{first}");
}

/// Bidirectional overrides are dropped from the calendar and the drawings, and kept in the
/// JSON, which carries the text exactly.
#[test]
fn bidi_overrides_are_dropped_from_calendar_and_drawings_not_json() {
    let payload = "A\u{202E}B\u{2066}C";
    let a = analysed("bidi", payload);
    let cal = ics::emit(&a, &ics::Options::default()).unwrap();
    assert!(cal.contains("Body A ABC"), "{cal}");
    assert!(dot::emit(&a).contains("Body A ABC"));
    assert!(svg::embedded(&a).contains("Body A ABC"));
    let j = json::emit(
        &a,
        &json::Options {
            today: TODAY.parse().unwrap(),
            occurrences: 1,
        },
    );
    let v: serde_json::Value = serde_json::from_str(&j).unwrap();
    assert_eq!(
        v["protocol"]["title"],
        format!("Protocol {payload}").as_str()
    );
}

/// A protocol with `text` in every string that is drawn (titles of every kind of
/// declaration, the version, a clause label, an event's title, an escalation's trigger)
/// and `id` as the name of a body and of the protocol.
fn long_protocol(text: &str, id: &str) -> String {
    format!(
        r#"protocol p{id} "P{text}" {{
  clause "c{text}"
  between {id} and b
  version "v{text}"
  review yearly in march
  next review 2027-03-31
}}
body {id} "A{text}" {{
  clause 1.1
}}
body b "B{text}" {{
  clause 1.2
  subgroup of {id}
}}
role chair "R{text}" {{
  clause 1.3
  chair of b
}}
event happened "E{text}" {{
  clause 1.4
}}
artefact r "T{text}" {{
  clause 2.1
  produced by {id}
}}
duty d "D{text}" {{
  clause "d{text}"
  {id} submits r to b
  yearly in june
}}
duty e "U{text}" {{
  clause 2.2
  b reviews r
  when happened
  within 28 days
}}
escalation m "M{text}" {{
  clause 3.1
  when "W{text}"
  convened by chair
  attended by chair
}}
"#
    )
}

/// Every drawn string at 16k characters and more, with and without spaces, and names as
/// long, go through Graphviz: `build` draws every node and writes the full text to the
/// JSON, and the drawing holds a shortened form.
#[test]
fn very_long_drawn_text_goes_through_graphviz() {
    require_dot();
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("unbroken", "x".repeat(17_000), "a".to_string()),
        ("words", "word ".repeat(3_500), "a".to_string()),
        ("huge", "y".repeat(100_000), "a".to_string()),
        (
            "long names",
            "z".repeat(17_000),
            format!("n{}", "n".repeat(17_000)),
        ),
    ];
    for (name, text, id) in cases {
        let src = dir
            .path()
            .join(format!("{}.proto-gov", name.replace(' ', "-")));
        std::fs::write(&src, long_protocol(&text, &id)).unwrap();
        let out = dir.path().join(name.replace(' ', "-"));
        let o = run(&[
            "build",
            "--today",
            TODAY,
            "--renderer",
            "graphviz",
            "--emit",
            "json,dot,svg",
            "--out",
            &out.display().to_string(),
            &src.display().to_string(),
        ]);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(0), "{name}: {stderr}");
        let stem = name.replace(' ', "-");
        let svg = std::fs::read_to_string(out.join(format!("{stem}.svg"))).unwrap();
        let a = analyse_text("x.proto-gov", &long_protocol(&text, &id));
        assert!(!a.has_errors(), "{name}: {}", human(&a));
        assert_eq!(
            svg.matches("class=\"node\"").count(),
            a.graph.graph.node_count(),
            "{name}: not every node drawn"
        );
        assert!(svg.trim_end().ends_with("</svg>"), "{name}: no end of SVG");
        // No drawn line is anywhere near Graphviz's limit of 16,384 characters a string.
        let dot_text = std::fs::read_to_string(out.join(format!("{stem}.dot"))).unwrap();
        let longest = dot_text.lines().map(str::len).max().unwrap_or(0);
        assert!(longest < 4_000, "{name}: a DOT line of {longest} bytes");
        assert!(svg.len() < 200_000, "{name}: an SVG of {} bytes", svg.len());
        // The JSON keeps every character.
        let json: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(out.join(format!("{stem}.json"))).unwrap(),
        )
        .unwrap();
        assert_eq!(json["protocol"]["title"], format!("P{text}").as_str());
        assert_eq!(json["bodies"][0]["id"], id.as_str());
        // The embedded layout shortens the same text.
        let embedded = svg::embedded(&a);
        assert!(embedded.len() < 200_000, "{name}: {} bytes", embedded.len());
        assert!(embedded.contains('…'), "{name}: nothing shortened");
    }
}

/// Runs of spaces and no-break spaces in a title reach both drawings as written: neither
/// is a place to break a line, and neither collapses.
#[test]
fn runs_of_spaces_and_no_break_spaces_are_drawn_as_written() {
    let a = analysed("spaces", "x   y\u{a0}\u{a0}z");
    let dot_text = dot::emit(&a);
    assert!(dot_text.contains("Body A x   y\u{a0}\u{a0}z"), "{dot_text}");
    let embedded = svg::embedded(&a);
    assert!(embedded.contains("Body A x   y\u{a0}\u{a0}z"), "{embedded}");
    assert!(embedded.contains(r#"xml:space="preserve""#));
    require_dot();
    let drawn = String::from_utf8(svg::graphviz(&dot_text).unwrap()).unwrap();
    // Graphviz writes a second space and beyond as &#160; so that they show.
    assert!(
        drawn.contains("Body A x &#160;&#160;y\u{a0}\u{a0}z"),
        "{drawn}"
    );
}

/// A fake `dot`: a shell script that does `body`, run by `/bin/sh` (a script run directly
/// can meet "text file busy" while other tests start processes).
fn fake_dot(dir: &Path, body: &str) -> String {
    let p = dir.join(format!("dot-{}.sh", body.len()));
    std::fs::write(&p, format!("{body}\n")).unwrap();
    p.display().to_string()
}

/// A Graphviz that prints nothing, fails, dies or hangs is reported with what happened,
/// and never gives an empty drawing.
#[test]
fn graphviz_failures_are_reported_never_an_empty_drawing() {
    let dir = tempfile::tempdir().unwrap();
    let input = dot::emit(&analysed("plain", "x"));
    let with = |body: &str, secs: u64| {
        let g = svg::Graphviz {
            program: "/bin/sh".into(),
            time_limit: std::time::Duration::from_secs(secs),
        };
        let script = fake_dot(dir.path(), body);
        g.run(&[&script, "-Tsvg"], &input)
            .map(|_| ())
            .unwrap_err()
            .to_string()
    };
    let e = with("cat > /dev/null; exit 0", 10);
    assert!(e.contains("printed nothing"), "{e}");
    let e = with(
        "cat > /dev/null; echo 'Error: out of memory' >&2; exit 0",
        10,
    );
    assert!(
        e.contains("printed nothing") && e.contains("out of memory"),
        "{e}"
    );
    let e = with("echo 'Error: syntax error in line 1' >&2; exit 1", 10);
    assert!(
        e.contains("exit status 1") && e.contains("syntax error in line 1"),
        "{e}"
    );
    let e = with("kill -SEGV $$", 10);
    assert!(
        e.contains("signal 11") && e.contains("printed nothing"),
        "{e}"
    );
    let started = std::time::Instant::now();
    let e = with("exec sleep 30", 1);
    assert!(e.contains("1 s") && e.contains("stopped"), "{e}");
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
}
