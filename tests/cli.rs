//! The command line as a user meets it: exit codes, output formats, explain.

use crate::common::*;

#[test]
fn clean_file_exits_zero_and_errors_exit_one() {
    let out = run(&["check", "--today", TODAY, "tests/syntax/curly.proto-gov"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "curly.proto-gov has a syntax error"
    );
    let out = run(&["check", "--today", TODAY, "tests/fixtures/PG0306.proto-gov"]);
    assert_eq!(out.status.code(), Some(0), "warnings alone do not fail");
    let out = run(&[
        "check",
        "--today",
        TODAY,
        "--deny",
        "warnings",
        "tests/fixtures/PG0306.proto-gov",
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "--deny warnings fails on a warning"
    );
}

#[test]
fn denied_warnings_are_named_in_the_summary() {
    let file = "tests/fixtures/PG0306.proto-gov";
    let out = run(&["check", "--today", TODAY, "--deny", "warnings", file]);
    let err = String::from_utf8_lossy(&out.stderr);
    let last = err.lines().last().unwrap_or_default();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        last.contains("1 warning") && last.contains("denied"),
        "the summary says why a run with no errors failed: {last}"
    );
    let out = run(&["check", "--today", TODAY, file]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("denied"), "{err}");
    for cmd in [
        &["build", "--out", "-", "--emit", "json"][..],
        &["graph"][..],
    ] {
        let mut args = cmd.to_vec();
        args.extend(["--today", TODAY, "--deny", "warnings", file]);
        let out = run(&args);
        let err = String::from_utf8_lossy(&out.stderr);
        let last = err.lines().last().unwrap_or_default();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(
            last.contains("denied") && !last.contains("errors above"),
            "{args:?}: {last}"
        );
    }
}

#[test]
fn io_and_usage_problems_exit_two_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("latin1.proto-gov");
    std::fs::write(&bad, b"body a \"Caf\xe9\"\n").unwrap();
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            vec!["check".into(), "no/such/file.proto-gov".into()],
            "cannot read",
        ),
        (
            vec!["check".into(), "src".into()],
            "holds no .proto-gov file",
        ),
        (vec!["fmt".into(), "tests".into()], "is a directory"),
        (vec!["check".into(), bad.display().to_string()], "not UTF-8"),
        (
            vec![
                "check".into(),
                "--today".into(),
                "2026-13-01".into(),
                "x".into(),
            ],
            "not a date",
        ),
        (
            vec!["explain".into(), "PG9999".into()],
            "not a protogov diagnostic code",
        ),
        (vec!["frobnicate".into()], "unrecognized subcommand"),
    ];
    for (args, needle) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle), "{args:?}: {err}");
    }
}

#[test]
fn json_diagnostics_carry_every_field() {
    let out = run(&[
        "check",
        "--message-format",
        "json",
        "--today",
        TODAY,
        "tests/fixtures/PG0101.proto-gov",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let v: serde_json::Value = serde_json::from_str(stdout.lines().next().unwrap()).unwrap();
    assert_eq!(v["code"], "PG0101");
    assert_eq!(v["severity"], "error");
    assert_eq!(v["file"], "tests/fixtures/PG0101.proto-gov");
    assert!(v["message"].as_str().unwrap().contains("rslcb"));
    let text = std::fs::read_to_string(root().join("tests/fixtures/PG0101.proto-gov")).unwrap();
    let (s, e) = (
        v["span"]["start"].as_u64().unwrap() as usize,
        v["span"]["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[s..e], "rslcb");
    let line = text[..s].matches('\n').count() + 1;
    assert_eq!(v["line"], line);
    assert!(v["column"].as_u64().unwrap() > 1);
    assert!(v["labels"].as_array().unwrap().len() >= 2);
    assert_eq!(v["help"], "did you mean `rlscb`?");
}

#[test]
fn short_format_is_one_line_each() {
    let out = run(&[
        "check",
        "--message-format",
        "short",
        "--today",
        TODAY,
        "tests/syntax/three_errors.proto-gov",
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = err.lines().filter(|l| l.contains("[PG")).collect();
    assert!(lines.contains(&"tests/syntax/three_errors.proto-gov:5:1: error[PG0009]: expected a declaration, found `boddy`"), "{err}");
}

#[test]
fn colour_is_off_unless_asked_for() {
    let plain = run(&["check", "--today", TODAY, "tests/fixtures/PG0101.proto-gov"]);
    assert!(!String::from_utf8_lossy(&plain.stderr).contains('\u{1b}'));
    let colour = run(&[
        "check",
        "--color",
        "always",
        "--today",
        TODAY,
        "tests/fixtures/PG0101.proto-gov",
    ]);
    assert!(String::from_utf8_lossy(&colour.stderr).contains('\u{1b}'));
}

#[test]
fn explain_prints_every_code_and_lists_them() {
    let list = run(&["explain", "--list"]);
    assert_eq!(list.status.code(), Some(0));
    let listing = String::from_utf8_lossy(&list.stdout);
    for info in protogov::codes::all() {
        let line = format!(
            "{}  {:<7}  {}",
            info.code,
            info.severity.as_str(),
            info.summary
        );
        assert!(
            listing.lines().any(|l| l == line),
            "missing from --list: {line}"
        );
        let out = run(&["explain", &info.code.to_lowercase()]);
        assert_eq!(out.status.code(), Some(0));
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains(info.summary) && text.contains("## Fix"),
            "{}",
            info.code
        );
    }
}

#[test]
fn diagnostics_reference_is_up_to_date() {
    let on_disk = std::fs::read_to_string(root().join("docs/diagnostics.md")).unwrap_or_default();
    assert!(
        on_disk == protogov::codes::markdown(),
        "docs/diagnostics.md is stale: run `cargo run -- explain --markdown > docs/diagnostics.md`"
    );
}

#[test]
fn help_teaches() {
    let out = run(&["--help"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Examples:") && text.contains("Exit status"));
    let out = run(&["check", "--help"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("--message-format") && text.contains("--deny") && text.contains("--today")
    );
}

#[test]
fn explain_without_a_code_lists_the_codes() {
    let bare = run(&["explain"]);
    assert_eq!(bare.status.code(), Some(0));
    assert_eq!(bare.stdout, run(&["explain", "--list"]).stdout);
    assert!(String::from_utf8_lossy(&bare.stderr).contains("protogov explain CODE"));
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    use std::process::{Command, Stdio};
    let example = "examples/isle-of-wight.proto-gov";
    for args in [
        &["explain", "--markdown"][..],
        &["explain", "--list"],
        &["explain", "PG0307"],
        &["schema"],
        &["graph", example],
        &["build", "--emit", "json", "--out", "-", example],
        &["fmt", "-"],
        &[
            "check",
            "--message-format",
            "json",
            "tests/fixtures/PG0307.proto-gov",
        ],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_protogov"))
            .args(args)
            .current_dir(root())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("protogov runs");
        // Close the reading end before anything is read, as `| head -c 0` would.
        drop(child.stdout.take());
        if let Some(mut stdin) = child.stdin.take() {
            use std::io::Write;
            let text = std::fs::read(root().join(example)).unwrap();
            let _ = stdin.write_all(&text);
        }
        let out = child.wait_with_output().expect("it ends");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn each_command_offers_only_the_options_it_uses() {
    let help = |cmd: &str| String::from_utf8_lossy(&run(&[cmd, "--help"]).stdout).to_string();
    for cmd in ["check", "build", "graph"] {
        let h = help(cmd);
        for opt in ["--today", "--deny", "--color", "--message-format"] {
            assert!(h.contains(opt), "`{cmd} --help` lacks {opt}");
        }
    }
    let fmt = help("fmt");
    assert!(fmt.contains("--message-format") && fmt.contains("--color"));
    assert!(!fmt.contains("--today") && !fmt.contains("--deny"), "{fmt}");
    for cmd in ["explain", "schema", "lsp"] {
        let h = help(cmd);
        for opt in ["--today", "--deny", "--color", "--message-format"] {
            assert!(!h.contains(opt), "`{cmd} --help` offers {opt}");
        }
    }
    // Options belong to their command, and are refused where they mean nothing.
    assert_eq!(
        run(&["explain", "--today", "2026-01-01", "PG0001"])
            .status
            .code(),
        Some(2)
    );
    // Written before the command, they still apply to it.
    let file = "tests/fixtures/PG0307.proto-gov";
    let o = run(&[
        "--message-format",
        "short",
        "--deny",
        "warnings",
        "check",
        file,
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("PG0307.proto-gov:13:31: warning[PG0307]"),
        "{err}"
    );
}

/// `build p.dot --emit dot --out .` would write `p.dot` over the protocol it reads.
#[test]
fn build_never_overwrites_the_file_it_builds() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text =
        std::fs::read_to_string(root().join("examples/isle-of-wight.proto-gov")).expect("example");
    let input = dir.path().join("p.dot");
    std::fs::write(&input, &text).expect("write");
    let input_arg = input.display().to_string();
    let out_arg = dir.path().display().to_string();
    let o = run(&[
        "build", "--today", TODAY, "--emit", "dot,json", "--out", &out_arg, &input_arg,
    ]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("would overwrite it"), "{err}");
    assert_eq!(std::fs::read_to_string(&input).expect("read"), text);
    assert!(!dir.path().join("p.json").exists(), "nothing is written");
}

/// A file name's control characters are shown, not sent, in the command line's own
/// messages (a missing file, `check --fix`'s report).
#[test]
fn control_characters_in_file_names_never_reach_the_terminal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("no\u{1b}]0;pwn\u{7}such.proto-gov");
    let o = run(&["check", &missing.display().to_string()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err:?}");
    assert!(err.contains("no␛]0;pwn␇such"), "{err:?}");

    let name = dir.path().join("x\u{1b}[2Jy.proto-gov");
    std::fs::write(&name, "boddy cpb \"The Board\"\n").expect("write");
    let o = run(&["check", "--fix", &name.display().to_string()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("fixed `"), "{err:?}");
    assert!(!err.contains('\u{1b}'), "{err:?}");
}
