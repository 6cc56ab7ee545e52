//! The hand-written reader behind `syntax::parse` agrees with the grammar alone
//! (`syntax::parse_with_pest`): the same tree, spans included, and the same diagnostics,
//! on every example, fixture and documentation block, on generated corpora, on edited
//! (often broken) examples and on random text. It also takes nearly every item of a
//! well-formed file, so the speed it brings does not quietly disappear.
//! Both agree with the lexer that the pre-scan and completion read.

use crate::corpus;

use crate::common::*;
use crate::corpus::Rng;
use proptest::prelude::*;
use protogov::syntax::{self, Parsed};
use std::path::{Path, PathBuf};

/// Diagnostics in a comparable form (every field, through `Debug`).
fn diags(p: &Parsed) -> Vec<String> {
    p.diagnostics.iter().map(|d| format!("{d:?}")).collect()
}

/// Parse `text` both ways and fail with `what` and the first difference if they differ.
fn same(what: &str, text: &str) {
    let fast = syntax::parse(text);
    let pest = syntax::parse_with_pest(text);
    if fast.file != pest.file {
        let (a, b) = (&fast.file.items, &pest.file.items);
        let i = a.iter().zip(b.iter()).position(|(x, y)| x != y);
        match i {
            Some(i) => panic!(
                "{what}: item {i} differs\nfast: {:#?}\npest: {:#?}",
                a[i], b[i]
            ),
            None => panic!(
                "{what}: {} items by the fast path, {} by pest (or comments differ)",
                a.len(),
                b.len()
            ),
        }
    }
    assert_eq!(diags(&fast), diags(&pest), "{what}: diagnostics differ");
}

fn examples() -> Vec<PathBuf> {
    files("examples", ".proto-gov")
}

/// Every `.proto-gov` file under `tests/`, at any depth.
fn test_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(rd) = std::fs::read_dir(dir) else {
            return;
        };
        let mut paths: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for p in paths {
            if p.is_dir() {
                walk(&p, out);
            } else if p.to_string_lossy().ends_with(".proto-gov") {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    walk(&root().join("tests"), &mut out);
    out
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", rel(p)))
}

#[test]
fn examples_read_the_same_both_ways() {
    let ex = examples();
    assert!(ex.len() >= 3, "examples not found");
    for p in ex {
        same(&rel(&p), &read(&p));
    }
}

/// A named rewriting of a file's text.
type Variant = (&'static str, fn(&str) -> String);

#[test]
fn examples_with_other_blanks_and_line_ends_read_the_same_both_ways() {
    // Where blanks and comments fall decides where spans end, so vary them.
    let variants: [Variant; 5] = [
        ("CRLF", |t| t.replace('\n', "\r\n")),
        ("tabs", |t| t.replace(' ', "\t")),
        ("trailing comments", |t| t.replace('\n', " // c\n")),
        ("wide blanks", |t| t.replace(' ', " \u{a0} ")),
        ("semicolons", |t| t.replace('\n', " ;\n")),
    ];
    for p in examples() {
        let text = read(&p);
        for (name, f) in variants {
            let changed = f(&text);
            same(&format!("{} ({name})", rel(&p)), &changed);
            let (fast, total) = syntax::fast_reader_coverage(&changed);
            assert!(fast > 0 && total > 0, "{} ({name}): nothing read", rel(&p));
        }
    }
}

#[test]
fn every_proto_gov_file_under_tests_reads_the_same_both_ways() {
    let all = test_files();
    assert!(all.len() >= 40, "only {} files found", all.len());
    for p in all {
        // Some fixtures are deliberately not UTF-8 or not text; compare what is text.
        if let Ok(text) = std::fs::read_to_string(&p) {
            same(&rel(&p), &text);
        }
    }
}

#[test]
fn the_docs_blocks_read_the_same_both_ways() {
    let blocks = docs_blocks();
    for (at, body) in &blocks {
        same(at, body);
    }
    assert!(blocks.len() >= 20, "only {} blocks found", blocks.len());
}

#[test]
fn generated_corpora_read_the_same_both_ways() {
    for (duties, seed) in [(1, 1), (20, 2), (300, 0x5eed), (2000, 7)] {
        let mut cfg = corpus::Config::new(duties);
        cfg.seed = seed;
        let text = corpus::generate(&cfg);
        same(&format!("corpus of {duties} duties"), &text);
    }
}

/// Characters an edit may insert: the language's punctuation, blanks and a few letters.
const INSERTS: &[&str] = &[
    "{", "}", "\"", ";", ",", "\n", "\r\n", " ", "\t", "//", "\\", "-", ".", "a", "1", "é",
    "\u{a0}", "\u{feff}", " and ", " to ", " by ", "duty ", "body ",
];

/// One random single-line edit of `text`.
fn edit(text: &str, rng: &mut Rng) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let i = rng.below(lines.len());
    let line = lines[i];
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let at = if chars.is_empty() {
        0
    } else {
        chars[rng.below(chars.len())].0
    };
    let new_line: String = match rng.below(6) {
        // Delete one character.
        0 => {
            let mut s = line.to_string();
            if at < s.len() {
                s.remove(at);
            }
            s
        }
        // Insert something.
        1 | 2 => {
            let mut s = line.to_string();
            s.insert_str(at, INSERTS[rng.below(INSERTS.len())]);
            s
        }
        // Duplicate a character.
        3 => {
            let mut s = line.to_string();
            if let Some(c) = line[at..].chars().next() {
                s.insert(at, c);
            }
            s
        }
        // Delete the line.
        4 => String::new(),
        // Duplicate the line.
        _ => format!("{line}{line}"),
    };
    let mut out = String::with_capacity(text.len() + new_line.len());
    for (j, l) in lines.iter().enumerate() {
        out.push_str(if j == i { &new_line } else { l });
    }
    out
}

#[test]
fn edited_examples_read_the_same_both_ways() {
    let mut rng = Rng(0xd1ff);
    let mut broken = 0;
    for p in examples() {
        let text = read(&p);
        for n in 0..150 {
            let edited = edit(&text, &mut rng);
            let what = format!("{} edit {n}", rel(&p));
            same(&what, &edited);
            if !syntax::parse(&edited).diagnostics.is_empty() {
                broken += 1;
            }
        }
    }
    // The edits exercise the error paths, not only the well-formed one.
    assert!(broken >= 50, "only {broken} edits produced a diagnostic");
}

#[test]
fn the_fast_reader_takes_nearly_every_item_of_a_well_formed_file() {
    let mut inputs: Vec<(String, String)> = examples().iter().map(|p| (rel(p), read(p))).collect();
    inputs.push((
        "corpus of 500 duties".to_string(),
        corpus::generate(&corpus::Config::new(500)),
    ));
    for (what, text) in inputs {
        let (fast, total) = syntax::fast_reader_coverage(&text);
        assert!(total > 20, "{what}: only {total} items");
        assert!(
            fast * 100 >= total * 95,
            "{what}: the fast reader took {fast} of {total} items"
        );
    }
}

#[test]
fn the_coverage_count_sees_items_left_to_the_grammar() {
    // A broken declaration is read by the grammar, the others by the fast reader.
    let text = "body a { kind board }\nbody { kind board }\nbody c\n";
    assert_eq!(syntax::fast_reader_coverage(text), (2, 3));
    same("three bodies", text);
}

#[test]
fn the_fast_reader_takes_meeting_calendars() {
    let text = "body a \"A\" {\n  meets on the second wednesday of january, march and july at 10:00\n}\n\
                body b \"B\" {\n  meetings 2023-03-28 at 10:00 and 2023-07-05 at 2pm\n  cancelled 2023-07-05\n}\n\
                body c \"C\" {\n  meetings 2023-06-13 at 10:30, 2023-12-12 and 2024-10-14 \n  extra meeting 2025-03-21\n}\n\
                body d \"D\" {\n  meets on the last friday of each month from 2026-01 \n  cancelled 2026-12-25, 2027-01-01\n}\n";
    assert_eq!(syntax::fast_reader_coverage(text), (4, 4));
    same("meeting calendars", text);
}

/// Fragments the random text is built from: keywords, names, values and punctuation.
const FRAGMENTS: &[&str] = &[
    "protocol",
    "body",
    "external",
    "role",
    "topic",
    "artefact",
    "event",
    "duty",
    "escalation",
    "prose",
    "clause",
    "note",
    "version",
    "between",
    "agreed",
    "approved",
    "signed",
    "review",
    "last",
    "reviewed",
    "next",
    "due",
    "kind",
    "short",
    "established",
    "subgroup",
    "of",
    "reports",
    "to",
    "members",
    "meets",
    "chair",
    "member",
    "observer",
    "on",
    "appointed",
    "by",
    "delegate",
    "statute",
    "indicators",
    "produced",
    "contains",
    "covers",
    "all",
    "topics",
    "before",
    "after",
    "where",
    "possible",
    "when",
    "within",
    "in",
    "a",
    "timely",
    "manner",
    "as",
    "soon",
    "promptly",
    "without",
    "delay",
    "unless",
    "only",
    "if",
    "convened",
    "attended",
    "others",
    "every",
    "yearly",
    "Quarterly",
    "bi-annually",
    "monthly",
    "the",
    "working",
    "day",
    "from",
    "and",
    "september",
    "May",
    "2",
    "28",
    "days",
    "years",
    "2025",
    "2025-09",
    "2025-09-30",
    "24.7.14",
    "03/10/2014",
    "3rd",
    "9th January",
    "3 October 2014",
    "4.1",
    "5.2a",
    "1.",
    "cpb",
    "scp",
    "report",
    "submits",
    "reported",
    "presents",
    "sends",
    "x_1",
    "\"t\"",
    "\"a \\\"q\\\"\"",
    "\"bad \\q\"",
    "\"",
    "{",
    "}",
    ";",
    ",",
    "\n",
    "\n",
    "\n",
    " ",
    " ",
    " ",
    "\t",
    "// c\n",
    "\r\n",
    "\u{a0}",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn random_text_reads_the_same_both_ways(
        parts in proptest::collection::vec(0..FRAGMENTS.len(), 0..60),
        glue in proptest::collection::vec(0..3usize, 60),
    ) {
        let mut text = String::new();
        for (i, p) in parts.iter().enumerate() {
            text.push_str(FRAGMENTS[*p]);
            match glue[i % glue.len()] {
                0 => text.push(' '),
                1 => {}
                _ => text.push('\n'),
            }
        }
        let fast = syntax::parse(&text);
        let pest = syntax::parse_with_pest(&text);
        prop_assert_eq!(&fast.file, &pest.file, "text: {:?}", text);
        prop_assert_eq!(diags(&fast), diags(&pest), "text: {:?}", text);
    }

    #[test]
    fn random_well_formed_declarations_read_the_same_both_ways(
        lines in proptest::collection::vec(
            prop_oneof![
                Just("clause 4.1"), Just("kind board"), Just("short \"A\", \"B\""),
                Just("established 2010"), Just("meets every 6 weeks in march and june"),
                Just("cpb submits report to scp and cpb"), Just("report reported to cpb by scp"),
                Just("yearly by 11 june   // a comment"), Just("within 28 days"),
                Just("in a timely manner"), Just("when ev"), Just("after d2 where possible"),
                Just("covers all topics"), Just("covers t1, t2,\n and t3"),
                Just("only if \"x\""), Just("monthly from 2025-04"),
                Just("every 2 years on the last working day of september from 2026"),
                Just("chair of cpb"), Just("agreed by cpb on 2020-01-02"),
                Just("member of cpb, ex officio , non-voting"), Just("member of cpb ,co-opted"),
                Just("members 7 \"elected members\", politically proportionate"),
                Just("members 2 \"carers\"  "), Just("quorum 3 members"), Just("quorum 2  "),
                Just("quorum 3 members including 1 \"elected member\""),
                Just("version \"v3\"  on 2025-02"), Just("established 2019 under \"Act\""),
                Just("review yearly from 2025-04-01 or when \"the law changes\""),
                Just("vice chair of cpb"), Just("attends cpb"), Just("open to the public"),
                Just("cpb should share report to scp"), Just("cpb may  submit report"),
                Just("ongoing"), Just("within 10 working days"), Just("within 2 working  day"),
                Just("scp and cpb submit report to hwb"), Just("a, b and c send r to x or y"),
                Just("agreed by cpb on 24.7.14"), Just("signed by c on 03/10/2014"),
                Just("last reviewed 3 October 2014"), Just("next review due 3rd  october 2014"),
                Just("established 9th January under \"Act\""), Just("effective from 13.10.2014"),
                Just("held by \"X\" from 9 January until 21st March 2015"),
                Just("monthly from 1st june"), Just("version \"v2\" on 24/7/14"),
            ],
            0..6,
        ),
        kw in prop_oneof![
            Just("duty"), Just("body"), Just("role"), Just("external body"),
            Just("terms of reference"), Just("terms  of reference"),
        ],
        sep in prop_oneof![Just("\n"), Just("; "), Just(" ;\n\n")],
    ) {
        let text = format!("{kw} d1 \"T\" {{\n{}\n}}\n", lines.join(sep));
        let fast = syntax::parse(&text);
        let pest = syntax::parse_with_pest(&text);
        prop_assert_eq!(&fast.file, &pest.file, "text: {:?}", text);
        prop_assert_eq!(diags(&fast), diags(&pest), "text: {:?}", text);
    }
}

/// The readers agree with the lexer (`syntax::lexer::Lexer`, which the pre-scan and
/// completion read): on every example and file under `tests/` that reads without a syntax
/// error, with its own line ends, `\r\n` and a lone `\r`, each declaration keyword the
/// lexer finds at the start of a line starts an item, and no item starts or ends inside a
/// string or a comment the lexer read.
#[test]
fn the_readers_agree_with_the_lexer() {
    use protogov::syntax::ast::Item;
    use protogov::syntax::lexer::{Lexeme, Lexer};
    let mut keywords = 0;
    for path in examples().into_iter().chain(test_files()) {
        let text = read(&path);
        for text in [
            text.clone(),
            text.replace('\n', "\r\n"),
            text.replace('\n', "\r"),
        ] {
            let what = format!("{} ({:?})", rel(&path), &text[..text.len().min(40)]);
            let parsed = syntax::parse(&text);
            if parsed.diagnostics.iter().any(|d| d.code.code < "PG0100") {
                continue;
            }
            let items: Vec<protogov::source::Span> = parsed
                .file
                .items
                .iter()
                .map(|i| match i {
                    Item::Decl(d) => d.span,
                    Item::Prose(p) => p.span,
                    Item::Error(e) => e.span,
                })
                .collect();
            let lexemes: Vec<_> = Lexer::new(&text).collect();
            for (lexeme, span) in &lexemes {
                if let Lexeme::Keyword(k) = lexeme {
                    keywords += 1;
                    assert!(
                        items.iter().any(|i| i.start == span.start),
                        "{what}: `{k}` at {} starts no item",
                        span.start
                    );
                }
            }
            let quoted: Vec<_> = lexemes
                .iter()
                .filter(|(l, _)| matches!(l, Lexeme::Str { .. } | Lexeme::Comment))
                .map(|(_, s)| *s)
                .collect();
            for item in &items {
                for at in [item.start, item.end] {
                    let i = quoted.partition_point(|s| s.start < at);
                    assert!(
                        i == 0 || quoted[i - 1].end <= at,
                        "{what}: an item's end at {at} lies inside {:?}",
                        quoted[i - 1]
                    );
                }
            }
        }
    }
    assert!(keywords > 1000, "only {keywords} keywords seen");
}
