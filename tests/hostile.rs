//! Hostile and broken input: every limit answers with a clear diagnostic or message and
//! never a crash, and text of any kind flows through the diagnostics unchanged. Each crash
//! ever found (by hand or by `fuzz/`) is kept here as a regression test.

use crate::common::*;
use protogov::render;
use protogov::syntax::{self, MAX_FILE_BYTES, MAX_ITEMS};

/// The codes of an analysis with the source text each points at.
fn hits(a: &protogov::analysis::Analysis) -> Vec<(String, String)> {
    a.diagnostics
        .iter()
        .map(|d| (d.code.code.to_string(), a.source.slice(d.span).to_string()))
        .collect()
}

/// Analyse and render in every format: none of it may panic.
fn survive(name: &str, text: &str) -> protogov::analysis::Analysis {
    let a = analyse_text(name, text);
    for format in [
        render::MessageFormat::Human,
        render::MessageFormat::Short,
        render::MessageFormat::Json,
    ] {
        let _ = render::render(&a.source, &a.diagnostics, format, false);
    }
    a
}

const PARTIES: &str = "protocol p \"P\" {\n  between a and b\n  agreed by a on 2024-01-15\n  review every 2 years in september\n  next review 2030-09-30\n}\nbody a \"A\"\nbody b \"B\"\nartefact r \"R\" { produced by a }\n";

mod limits {
    use super::*;

    #[test]
    fn nesting_depth_is_one_diagnostic() {
        let text = format!("{PARTIES}body c \"C\" {}\n", "{".repeat(50_000));
        let a = survive("deep.proto-gov", &text);
        let nested = a
            .diagnostics
            .iter()
            .filter(|d| d.code.code == "PG0004")
            .count();
        assert_eq!(nested, 1, "{:?}", hits(&a));
    }

    #[test]
    fn an_oversized_text_is_refused_before_parsing() {
        let p = syntax::parse(&"x".repeat(MAX_FILE_BYTES + 1));
        assert_eq!(p.diagnostics.len(), 1);
        assert_eq!(p.diagnostics[0].code.code, "PG0005");
        assert!(p.diagnostics[0].message.contains("64 MiB"));
        assert!(p.file.items.is_empty());
    }

    #[test]
    fn too_many_declarations_is_pg0005() {
        // `event eN` lines are the smallest declarations; one more than the limit, well
        // within the size limit. The pre-scan counts them, so nothing is parsed.
        let mut text = String::with_capacity((MAX_ITEMS + 1) * 12);
        for i in 0..=MAX_ITEMS {
            text.push_str("event e");
            text.push_str(&i.to_string());
            text.push('\n');
        }
        assert!(
            text.len() < MAX_FILE_BYTES,
            "reachable within the size limit"
        );
        let p = syntax::parse(&text);
        assert_eq!(p.diagnostics.len(), 1, "{:?}", p.diagnostics.first());
        assert_eq!(p.diagnostics[0].code.code, "PG0005");
        assert_eq!(
            p.diagnostics[0].message,
            format!(
                "the file holds at least {} declarations; protogov reads up to {MAX_ITEMS}",
                MAX_ITEMS + 1
            )
        );
        assert!(p.file.items.is_empty());
    }

    #[test]
    fn declarations_sharing_lines_are_counted_after_parsing() {
        // `;` puts several declarations on one line, which the pre-scan does not count;
        // the count after parsing still applies. (Checked on the counting rule itself: a
        // million items would take a debug build too long to parse.)
        let p = syntax::parse("event a; event b; event c\nevent d\n");
        assert_eq!(p.file.items.len(), 4);
        assert!(p.diagnostics.is_empty());
    }

    #[test]
    fn absurd_cadences_are_pg0208() {
        let text = format!(
            "{PARTIES}duty z {{ a submits r to b; every 0 years }}\nduty y {{ a submits r to b; every 10000 years }}\nduty x {{ a submits r to b; every 99999999999999999999 days }}\nduty w {{ a submits r to b; every 0 weeks from 2025 }}\n"
        );
        let a = survive("cadence.proto-gov", &text);
        let h = hits(&a);
        for cadence in [
            "every 0 years",
            "every 10000 years",
            "every 99999999999999999999 days",
            "every 0 weeks",
        ] {
            assert!(
                h.iter().any(|(c, at)| c == "PG0208" && at == cadence),
                "{cadence}: {h:?}"
            );
        }
    }

    #[test]
    fn absurd_deadlines_do_not_overflow() {
        let text = format!(
            "{PARTIES}event ev \"E\"\nduty z {{ a submits r to b; when ev; within 99999999999 years }}\nduty y {{ a submits r to b; when ev; within 0 days }}\n"
        );
        let a = survive("deadline.proto-gov", &text);
        assert!(!a.has_errors(), "{:?}", hits(&a));
        assert_eq!(
            a.model.duties[0].deadline.as_ref().unwrap().days,
            Some(u32::MAX)
        );
    }

    #[test]
    fn dates_far_in_the_past_or_future_are_pg0201() {
        let text = "protocol p \"P\" {\n  between a and b\n  agreed by a on 0001\n  agreed by b on 9999-12-31\n  last reviewed 0000-00-00\n  next review 2030-02-30\n}\nbody a \"A\" { established 1899 }\nbody b \"B\" { established 2201-01 }\nbody c \"C\" { established 2020-13 }\nartefact r \"R\"\nduty d { a submits r to b; yearly in june from 0001 }\nduty e { a submits r to b; yearly on 31 june }\n";
        let a = survive("dates.proto-gov", text);
        let h = hits(&a);
        for date in [
            "0001",
            "9999-12-31",
            "0000-00-00",
            "2030-02-30",
            "1899",
            "2201-01",
            "2020-13",
        ] {
            assert!(
                h.iter().any(|(c, at)| c == "PG0201" && at == date),
                "{date}: {h:?}"
            );
        }
        // The form was right, so the help names the part to fix.
        let help = |date: &str| {
            a.diagnostics
                .iter()
                .find(|d| d.code.code == "PG0201" && a.source.slice(d.span) == date)
                .and_then(|d| d.help.clone())
                .unwrap_or_default()
        };
        assert!(help("2030-02-30").starts_with("check the day"));
        assert!(help("1899").starts_with("check the year"));
        assert!(help("2020-13").starts_with("months are numbered 01 to 12"));
        assert!(
            h.iter()
                .any(|(c, at)| c == "PG0201" && at.starts_with("in june from 0001")),
            "{h:?}"
        );
        assert!(
            h.iter()
                .any(|(c, at)| c == "PG0201" && at.trim() == "on 31 june"),
            "{h:?}"
        );
    }

    #[test]
    fn long_lines_and_long_lists_do_not_crash() {
        // Thousands of problems on one line of 150 KB: rendered without excerpts, or the
        // human output would repeat the line for each (minutes and gigabytes, once).
        let names: Vec<String> = (0..20_000).map(|i| format!("t{i}")).collect();
        let text = format!(
            "{PARTIES}duty d {{ a submits r to b; yearly in june; covers {} }}\nprose 1 \"{}\"\n",
            names.join(", "),
            "x".repeat(1_000_000)
        );
        let started = std::time::Instant::now();
        let a = survive("long.proto-gov", &text);
        assert!(
            a.diagnostics
                .iter()
                .filter(|d| d.code.code == "PG0101")
                .count()
                >= 20_000
        );
        let human = render::human(&a.source, &a.diagnostics, false);
        assert!(human.len() < 20_000 * 400, "{} bytes", human.len());
        assert!(human.contains("the line is too long to show"));
        assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
    }

    #[test]
    fn control_characters_nul_and_odd_line_ends_do_not_crash() {
        for text in [
            "\0\0\0",
            "body a \"A\0\" {\r kind x\r\r}\r",
            "\u{feff}\u{feff}body\u{a0}a \"A\"",
            "body a \"A\" {\r\n  kind x\r\n}\r\n",
            "\u{1b}[31mbody a\u{7}",
            "body a \"\u{2028}\u{2029}\u{85}\"",
            "\"",
            "\\",
            "{",
            "}",
            "duty",
            "duty d {",
            "duty d { \"",
            "prose",
            "prose 1",
            "prose \"",
        ] {
            survive("odd.proto-gov", text);
        }
    }

    #[test]
    fn truncating_and_mutating_real_files_never_panics() {
        // A cheap in-tree stand-in for the fuzzers: every file cut at many places, and
        // bytes swapped for the characters the grammar cares about.
        let text = std::fs::read_to_string(root().join("examples/isle-of-wight.proto-gov"))
            .expect("the example exists");
        let boundaries: Vec<usize> = (0..text.len())
            .filter(|i| text.is_char_boundary(*i))
            .collect();
        let step = (boundaries.len() / 150).max(1);
        for cut in boundaries.iter().step_by(step) {
            survive("cut.proto-gov", &text[..*cut]);
        }
        let specials = ['{', '}', '"', '\\', ';', ',', '\n', '/', '-', '0', 'a', ' '];
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..150 {
            let mut chars: Vec<char> = text.chars().collect();
            for _ in 0..4 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let at = (state as usize) % chars.len();
                chars[at] = specials[(state >> 32) as usize % specials.len()];
            }
            let mutated: String = chars.into_iter().collect();
            survive("mutated.proto-gov", &mutated);
        }
    }
}

mod text_flows_through {
    use super::*;

    /// A title holding everything that breaks naive output: quotes, a backslash, a line
    /// break, markup, a comment closer, separators, bidirectional controls and emoji.
    const NASTY_SOURCE: &str = "He said \\\"no\\\" \\\\ then\\nleft <script>alert(1)</script> --> ; , \u{200f}\u{202e}gnp.exe 🇬🇧👩‍👩‍👧 &amp; {{x}} ${HOME} '--";
    const NASTY_VALUE: &str = "He said \"no\" \\ then\nleft <script>alert(1)</script> --> ; , \u{200f}\u{202e}gnp.exe 🇬🇧👩‍👩‍👧 &amp; {{x}} ${HOME} '--";

    fn file() -> String {
        // The topic is covered by no duty, so PG0306 quotes its title.
        format!(
            "{PARTIES}duty d {{ a submits r to b; yearly in june }}\ntopic nasty \"{NASTY_SOURCE}\" {{ note \"{NASTY_SOURCE}\" }}\n// {NASTY_SOURCE}\n"
        )
    }

    #[test]
    fn titles_reach_the_model_and_diagnostics_unchanged() {
        let a = survive("nasty.proto-gov", &file());
        assert_eq!(a.model.topics[0].common.title.as_deref(), Some(NASTY_VALUE));
        assert_eq!(
            a.model.topics[0].common.notes,
            vec![NASTY_VALUE.to_string()]
        );
        let d = a
            .diagnostics
            .iter()
            .find(|d| d.code.code == "PG0306")
            .expect("the uncovered topic is reported");
        assert!(
            d.primary_label
                .as_deref()
                .unwrap_or("")
                .contains(NASTY_VALUE),
            "{:?}",
            d.primary_label
        );
        assert_eq!(
            a.file
                .as_ref()
                .and_then(|f| f.comments.last())
                .map(|c| c.text.trim()),
            Some(NASTY_SOURCE)
        );
    }

    #[test]
    fn json_diagnostics_carry_the_text_exactly() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("nasty \"name\" <b>.proto-gov");
        std::fs::write(&path, file()).expect("written");
        let out = run(&[
            "check",
            "--message-format",
            "json",
            "--today",
            TODAY,
            &path.display().to_string(),
        ]);
        assert_eq!(out.status.code(), Some(0), "warnings only");
        let stdout = String::from_utf8(out.stdout).expect("JSON output is UTF-8");
        let v: serde_json::Value = stdout
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("each line is JSON"))
            .find(|v| v["code"] == "PG0306")
            .expect("PG0306 is reported");
        assert_eq!(v["file"], path.display().to_string());
        let label = v["labels"][0]["message"].as_str().expect("a label");
        assert!(label.contains(NASTY_VALUE), "{label}");
    }

    #[test]
    fn human_and_short_output_keep_the_text() {
        let a = survive("nasty.proto-gov", &file());
        let human = render::human(&a.source, &a.diagnostics, false);
        assert!(human.contains("<script>alert(1)</script> -->"), "{human}");
        assert!(human.contains("🇬🇧👩‍👩‍👧"), "{human}");
        let short = render::short(&a.source, &a.diagnostics);
        assert!(short.contains("nasty.proto-gov:"), "{short}");
    }

    #[test]
    fn hostile_text_where_a_declaration_should_be_is_quoted_in_the_error() {
        let text = format!("{PARTIES}<script>alert(1)</script>\nevent ok\n👩‍👩‍👧 duty\n");
        let a = survive("junk.proto-gov", &text);
        let messages: Vec<&str> = a.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert!(
            messages.contains(&"expected a declaration, found `<`"),
            "{messages:?}"
        );
        assert!(
            messages.contains(&"expected a declaration, found `👩`"),
            "{messages:?}"
        );
    }
}

mod files {
    use super::*;

    fn check(path: &std::path::Path) -> (Option<i32>, String) {
        let out = run(&["check", "--today", TODAY, &path.display().to_string()]);
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    #[test]
    fn empty_and_blank_files_are_a_usage_problem() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        for (name, bytes) in [
            ("empty.proto-gov", &b""[..]),
            ("blank.proto-gov", &b" \n\t\r\n"[..]),
            ("bom.proto-gov", "\u{feff}\n".as_bytes()),
        ] {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).expect("written");
            let (code, err) = check(&path);
            assert_eq!(code, Some(2), "{name}: {err}");
            assert!(err.contains("is empty"), "{name}: {err}");
            // The summary does not contradict the error.
            assert!(!err.contains("no problems found"), "{name}: {err}");
            assert!(err.contains("nothing checked"), "{name}: {err}");
        }
    }

    #[test]
    fn build_and_graph_refuse_an_empty_file_and_write_nothing() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("empty.proto-gov");
        std::fs::write(&path, "\n").expect("written");
        let out_dir = dir.path().join("out");
        let file = path.display().to_string();
        let target = out_dir.display().to_string();
        for args in [vec!["build", &file, "--out", &target], vec!["graph", &file]] {
            let out = run(&args);
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
            assert!(err.contains("is empty"), "{args:?}: {err}");
            assert!(out.stdout.is_empty(), "{args:?} printed something");
        }
        assert!(!out_dir.exists(), "build made its output directory");
    }

    #[test]
    fn text_that_is_not_utf8_is_a_usage_problem() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        for (name, bytes, at) in [
            (
                "latin1.proto-gov",
                &b"// Caf\xc3\xa9s\nbody a \"Caf\xe9\"\n"[..],
                "line 2, column 12 (byte 21)",
            ),
            (
                "utf16.proto-gov",
                &b"\xff\xfeb\0o\0d\0y\0"[..],
                "line 1, column 1 (byte 0)",
            ),
            (
                "binary.proto-gov",
                &b"\x7fELF\x02\x01\x01\0\xff\xff"[..],
                "line 1, column 9 (byte 8)",
            ),
        ] {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).expect("written");
            let (code, err) = check(&path);
            assert_eq!(code, Some(2), "{name}: {err}");
            assert!(err.contains("not UTF-8"), "{name}: {err}");
            assert!(
                err.contains(&format!("the first invalid byte is at {at}")),
                "{name}: {err}"
            );
        }
    }

    #[test]
    fn directories_and_missing_files_are_a_usage_problem() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        // A folder is a set of the .proto-gov files under it: this one holds none.
        let (code, err) = check(dir.path());
        assert_eq!(code, Some(2));
        assert!(err.contains("holds no .proto-gov file"), "{err}");
        let (code, err) = check(&dir.path().join("missing.proto-gov"));
        assert_eq!(code, Some(2));
        assert!(err.contains("cannot read"), "{err}");
    }

    #[test]
    fn an_oversized_file_is_refused_without_reading_it() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("huge.proto-gov");
        let f = std::fs::File::create(&path).expect("created");
        // A sparse file: no disk space is used.
        f.set_len(MAX_FILE_BYTES as u64 + 1).expect("sized");
        let (code, err) = check(&path);
        assert_eq!(code, Some(2), "{err}");
        assert!(err.contains("64 MiB"), "{err}");
    }

    #[test]
    fn an_endless_device_is_refused_at_the_size_limit() {
        let zero = std::path::Path::new("/dev/zero");
        if !zero.exists() {
            eprintln!("note: no /dev/zero here; skipped");
            return;
        }
        let (code, err) = check(zero);
        assert_eq!(code, Some(2), "{err}");
        assert!(err.contains("larger than 64 MiB"), "{err}");
    }

    #[test]
    fn an_unreadable_file_is_a_usage_problem() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("locked.proto-gov");
        std::fs::write(&path, PARTIES).expect("written");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).expect("chmod");
        if std::fs::read(&path).is_ok() {
            // Root (and some sandboxes) read through chmod 000.
            eprintln!("note: this user can read a chmod 000 file (root?); skipped");
            return;
        }
        let (code, err) = check(&path);
        assert_eq!(code, Some(2), "{err}");
        assert!(err.contains("cannot read"), "{err}");
    }

    #[test]
    fn one_bad_file_does_not_stop_the_others() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let empty = dir.path().join("empty.proto-gov");
        std::fs::write(&empty, "").expect("written");
        let out = run(&[
            "check",
            "--today",
            TODAY,
            &empty.display().to_string(),
            "tests/fixtures/PG0101.proto-gov",
        ]);
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("is empty") && err.contains("PG0101"), "{err}");
        assert!(
            err.contains("checked 1 file: 1 error, 0 warnings; 1 file could not be checked"),
            "{err}"
        );
    }
}

mod terminal {
    use super::*;

    /// Text a terminal acts on instead of showing: a retitling sequence (`ESC ] 0 ; … BEL`),
    /// a screen clear (`ESC [ 2 J`), NUL, VT, a carriage return, the C1 control sequence
    /// introducer, DEL and a right-to-left override.
    const CONTROLS: &str =
        "x\u{1b}]0;owned\u{7} \u{1b}[2J \0 \u{b} \r \u{9b}31m \u{7f} \u{202e}gnp.exe";

    /// A protocol that quotes `CONTROLS` in diagnostics: an uncovered topic's title (in
    /// the label and the excerpt) and a line that starts with an escape (in the message).
    fn file() -> String {
        format!(
            "{PARTIES}duty d {{ a submits r to b; yearly in june }}\ntopic t \"{CONTROLS}\"\n\u{1b}[2J junk\n"
        )
    }

    /// The first character of `out` a terminal would act on (line feeds apart), if any.
    fn raw_control(out: &str) -> Option<char> {
        out.chars()
            .find(|&c| (c.is_control() && c != '\n') || ('\u{202a}'..='\u{202e}').contains(&c))
    }

    #[test]
    fn control_characters_never_reach_the_terminal() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("evil\u{1b}[2J.proto-gov");
        std::fs::write(&path, file()).expect("written");
        let path = path.display().to_string();
        for format in ["human", "short"] {
            let out = run(&["check", "--message-format", format, "--today", TODAY, &path]);
            assert_eq!(out.status.code(), Some(1), "the junk line is an error");
            for stream in [&out.stdout, &out.stderr] {
                let text = String::from_utf8_lossy(stream);
                assert_eq!(raw_control(&text), None, "{format}: {text}");
            }
            let all = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(all.contains("evil␛[2J.proto-gov"), "{format}: {all}");
            assert!(all.contains("found `␛`"), "{format}: {all}");
            if format == "human" {
                // The title in the label, and in the excerpt (where `\r` ends a line).
                assert!(
                    all.contains("x␛]0;owned␇ ␛[2J ␀ ␋ ␍ \\u{9b}31m ␡ \\u{202e}gnp.exe"),
                    "{all}"
                );
                assert!(all.contains(" \\u{9b}31m ␡ \\u{202e}gnp.exe\""), "{all}");
            }
        }
    }

    #[test]
    fn every_renderer_shows_controls_in_excerpts_messages_and_notes() {
        // Through the library, every kind of control in every position a renderer prints.
        let mut text = file();
        for c in (0u32..0x20)
            .chain(0x7f..0xa0)
            .chain([0x61c, 0x200e, 0x2028, 0x2066])
        {
            let c = char::from_u32(c).expect("a character");
            if c != '\n' && c != '\r' {
                text.push_str(&format!("{c}junk\n"));
            }
        }
        let a = survive("evil\u{7}.proto-gov", &text);
        let human = render::human(&a.source, &a.diagnostics, false);
        assert_eq!(raw_control(&human), None, "{human}");
        let coloured = render::human(&a.source, &a.diagnostics, true);
        // Colour is the renderer's own escapes, and nothing else.
        let without_colour = coloured
            .split('\u{1b}')
            .enumerate()
            .map(|(i, part)| {
                if i == 0 {
                    part
                } else {
                    part.split_once('m').map_or("", |p| p.1)
                }
            })
            .collect::<String>();
        assert_eq!(raw_control(&without_colour), None, "{coloured}");
        let short = render::short(&a.source, &a.diagnostics);
        assert_eq!(raw_control(&short), None, "{short}");
        assert!(short.contains("evil␇.proto-gov"), "{short}");
    }

    #[test]
    fn json_keeps_the_exact_text() {
        let a = survive("evil\u{7}.proto-gov", &file());
        let json = render::json_lines(&a.source, &a.diagnostics);
        let values: Vec<serde_json::Value> = json
            .lines()
            .map(|l| serde_json::from_str(l).expect("each line is JSON"))
            .collect();
        assert!(values.iter().all(|v| v["file"] == "evil\u{7}.proto-gov"));
        let uncovered = values
            .iter()
            .find(|v| v["code"] == "PG0306")
            .expect("the uncovered topic is reported");
        let label = uncovered["labels"][0]["message"].as_str().expect("a label");
        assert!(label.contains(CONTROLS), "{label:?}");
    }
}

mod line_ends {
    use super::*;

    #[test]
    fn a_lone_carriage_return_ends_a_line_in_every_position_the_cli_reports() {
        // The bad property is on line 6 of a file whose lines end in `\r`.
        let text = format!("{PARTIES}duty d {{\n  kund x\n}}\n").replace('\n', "\r");
        let line = text
            .split('\r')
            .position(|l| l.contains("kund"))
            .expect("the line")
            + 1;
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("cr.proto-gov");
        std::fs::write(&path, &text).expect("written");
        let path = path.display().to_string();
        let out = run(&[
            "check",
            "--message-format",
            "short",
            "--today",
            TODAY,
            &path,
        ]);
        let short = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        assert!(
            short.contains(&format!("cr.proto-gov:{line}:3: error")),
            "{short}"
        );
        let out = run(&["check", "--message-format", "json", "--today", TODAY, &path]);
        let v: serde_json::Value = String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .find(|v| v["span"]["start"].as_u64() == text.find("kund").map(|k| k as u64))
            .expect("the bad property is reported");
        assert_eq!(
            (v["line"].as_u64(), v["column"].as_u64()),
            (Some(line as u64), Some(3))
        );
        assert_eq!(
            (v["end_line"].as_u64(), v["end_column"].as_u64()),
            (Some(line as u64), Some(7))
        );
        let out = run(&["check", "--today", TODAY, &path]);
        let human = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        assert!(human.contains(&format!("cr.proto-gov:{line}:3")), "{human}");
    }
}

mod linear {
    //! Time linear in the input's size. No timings are compared: each input is large
    //! enough that the quadratic behaviour once found took minutes, and the limit is a
    //! generous multiple of what a linear run takes even in a debug build.
    use super::*;
    use std::time::Duration;

    /// Analyse and render `text` on another thread; fail if that takes over `limit`.
    fn within(limit: Duration, text: String) -> Vec<String> {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let a = analyse_text("big.proto-gov", &text);
            let _ = render::human(&a.source, &a.diagnostics, false);
            let _ = tx.send(codes(&a));
        });
        rx.recv_timeout(limit)
            .unwrap_or_else(|_| panic!("not done in {limit:?}"))
    }

    #[test]
    fn many_clause_lines_in_one_declaration() {
        // 200,000 `clause` lines: the joined clause text was rebuilt at each line (25 s at
        // 100,000 short lines in a release build; these are longer).
        let mut text = format!("{PARTIES}duty d {{\n  a submits r to b\n  yearly in june\n");
        for i in 0..200_000 {
            text.push_str(&format!("  clause \"Annex {i} of the agreement\"\n"));
        }
        text.push_str("}\n");
        within(Duration::from_secs(120), text);
    }

    #[test]
    fn a_file_of_mostly_errors() {
        // 200,000 lines, nearly all of them errors, most of them nested blocks: each error
        // was compared with every region the pre-scan had explained.
        let mut text = PARTIES.to_string();
        for i in 0..200_000 {
            text.push_str(match i % 4 {
                0 => "body x { { } }\n",
                1 => "kund y\n",
                2 => "duty d { a submits r to b; yearly in juny }\n",
                _ => "role { }\n",
            });
        }
        let codes = within(Duration::from_secs(120), text);
        assert!(codes.contains(&"PG0004".to_string()), "{codes:?}");
    }

    #[test]
    fn a_long_calendar_of_meetings() {
        // 100,000 agreed dates and as many cancellations: each date was checked against
        // the whole list (7.6 s at 20,000 in a release build).
        let start = jiff::civil::date(2026, 1, 1);
        let days: Vec<String> = (0..100_000)
            .filter_map(|i| start.checked_add(jiff::Span::new().days(i)).ok())
            .map(|d| d.to_string())
            .collect();
        let text = format!(
            "{PARTIES}body board \"Board\" {{\n  meetings {}\n  cancelled {}\n}}\n",
            days.join(", "),
            days.join(", ")
        );
        let codes = within(Duration::from_secs(120), text);
        assert!(!codes.contains(&"PG1003".to_string()), "{codes:?}");
    }

    #[test]
    fn a_name_declared_many_times() {
        // 300,000 declarations of one name, each reported with a label at the first: the
        // excerpt of each ran from the first declaration to it (6.6 s at 40,000).
        let mut text = PARTIES.to_string();
        for _ in 0..300_000 {
            text.push_str("body z \"Z\"\n");
        }
        within(Duration::from_secs(120), text);
    }
}
