//! The command line when its surroundings fail: standard error full or gone, standard
//! output closed, a write that fails halfway, an interrupt, odd file names and odd files.
//! Whatever happens, it never panics, its exit status tells the truth, and nothing the
//! user had before is lost.
#![cfg(unix)]

use crate::common::*;
use std::path::Path;
use std::process::{Command, Stdio};

const EXAMPLE: &str = "examples/isle-of-wight.proto-gov";

fn protogov() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_protogov"));
    c.current_dir(root()).env("NO_COLOR", "1");
    c
}

/// Every command, with the exit status it must end with whatever becomes of its messages.
fn every_command(dir: &Path) -> Vec<(Vec<String>, i32)> {
    let out = dir.join("out").display().to_string();
    let unformatted = dir.join("unformatted.proto-gov");
    std::fs::write(&unformatted, "body  cpb \"Board\"\n").unwrap();
    let unformatted = unformatted.display().to_string();
    let s = |v: &[&str]| v.iter().map(|a| a.to_string()).collect::<Vec<_>>();
    vec![
        (s(&["check", "--today", TODAY, EXAMPLE]), 0),
        (s(&["check", "tests/syntax/curly.proto-gov"]), 1),
        (s(&["check", "missing.proto-gov"]), 2),
        (
            s(&[
                "check",
                "--message-format",
                "short",
                "tests/syntax/curly.proto-gov",
            ]),
            1,
        ),
        (
            s(&["build", "--emit", "json,ics,dot", "--out", &out, EXAMPLE]),
            0,
        ),
        (
            s(&["build", "tests/syntax/curly.proto-gov", "--out", &out]),
            1,
        ),
        (s(&["build", "--emit", "json", "--out", "-", EXAMPLE]), 0),
        (s(&["graph", EXAMPLE]), 0),
        (s(&["graph", "tests/syntax/curly.proto-gov"]), 1),
        (s(&["fmt", "--check", &unformatted]), 1),
        (s(&["fmt", "tests/syntax/curly.proto-gov"]), 1),
        (s(&["explain", "PG9999"]), 2),
        (s(&["explain", "PG0101"]), 0),
        (s(&["explain"]), 0),
        (s(&["schema"]), 0),
        (s(&["frobnicate"]), 2),
        (s(&["check"]), 2),
        (s(&["check", "--help"]), 0),
    ]
}

#[test]
fn a_standard_error_that_is_full_loses_messages_not_the_exit_status() {
    let dir = tempfile::tempdir().unwrap();
    for (args, code) in every_command(dir.path()) {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = protogov()
            .args(&args)
            .stdin(Stdio::null())
            .stderr(full)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(code), "2>/dev/full {args:?}");
    }
}

/// A pipe whose reading end is already closed, as `2>&1 | head -c 0` leaves it.
fn broken_pipe() -> std::os::fd::OwnedFd {
    use std::os::fd::{FromRawFd, OwnedFd};
    let mut fds = [0; 2];
    // SAFETY: pipe fills in the two descriptors it is given room for.
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
    // SAFETY: both descriptors were just opened, and are owned here alone.
    let (reader, writer) = unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
    drop(reader);
    writer
}

#[test]
fn a_standard_error_whose_reader_is_gone_loses_messages_not_the_exit_status() {
    let dir = tempfile::tempdir().unwrap();
    for (args, code) in every_command(dir.path()) {
        let w = broken_pipe();
        let out = protogov()
            .args(&args)
            .stdin(Stdio::null())
            .stdout(w.try_clone().unwrap())
            .stderr(w)
            .status()
            .unwrap();
        assert_eq!(out.code(), Some(code), "2>&1 | head -c 0: {args:?}");
    }
}

/// Run `protogov ARGS` with standard output closed (`>&-`), through the shell.
fn with_stdout_closed(args: &[&str]) -> std::process::Output {
    Command::new("sh")
        .arg("-c")
        .arg("exec \"$0\" \"$@\" >&-")
        .arg(env!("CARGO_BIN_EXE_protogov"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap()
}

#[test]
fn a_closed_standard_output_is_an_error() {
    for args in [
        &["graph", EXAMPLE][..],
        &["schema"],
        &["explain", "--list"],
        &["build", "--emit", "ics", "--out", "-", EXAMPLE],
        &["check", "--message-format", "json", EXAMPLE],
    ] {
        let out = with_stdout_closed(args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?} >&-: {err}");
        assert!(err.contains("standard output: it is closed"), "{err}");
    }
    // Output sent to /dev/null on purpose is not lost by accident.
    let out = Command::new("sh")
        .arg("-c")
        .arg("exec \"$0\" graph \"$1\" >/dev/null")
        .arg(env!("CARGO_BIN_EXE_protogov"))
        .arg(EXAMPLE)
        .current_dir(root())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    // A command that writes nothing on standard output does not mind.
    let out = with_stdout_closed(&["check", "--today", TODAY, EXAMPLE]);
    assert_eq!(out.status.code(), Some(0));
}

/// The files of a directory, name and bytes, sorted.
fn contents(dir: &Path) -> Vec<(std::ffi::OsString, Vec<u8>)> {
    let mut v: Vec<(std::ffi::OsString, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let p = e.path();
            let bytes = if p.is_dir() {
                b"<dir>".to_vec()
            } else {
                std::fs::read(&p).unwrap()
            };
            (e.file_name(), bytes)
        })
        .collect();
    v.sort();
    v
}

#[test]
fn a_build_that_fails_to_write_leaves_the_earlier_outputs_as_they_were() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("p.proto-gov");
    let out = dir.path().join("out");
    std::fs::write(&src, std::fs::read(root().join(EXAMPLE)).unwrap()).unwrap();
    let build = |src: &Path| {
        protogov()
            .args([
                "build",
                "--emit",
                "json,ics,dot,svg",
                "--renderer",
                "embedded",
            ])
            .arg(src)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap()
    };
    assert_eq!(build(&src).status.code(), Some(0));
    // The SVG, written last, cannot be replaced: a directory took its name.
    std::fs::remove_file(out.join("p.svg")).unwrap();
    std::fs::create_dir(out.join("p.svg")).unwrap();
    std::fs::write(out.join("p.svg").join("keep"), "").unwrap();
    let before = contents(&out);
    let text = std::fs::read_to_string(&src).unwrap();
    std::fs::write(&src, text.replace("Isle of Wight", "Isle of Man")).unwrap();
    let run = build(&src);
    let err = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{err}");
    assert!(
        err.contains("p.svg") && err.contains("nothing was written"),
        "{err}"
    );
    assert_eq!(contents(&out), before, "the earlier outputs were changed");
}

/// Run `protogov ARGS` paused at one step of its write (`PROTOGOV_TEST_PAUSE_AT`, a hook
/// of debug builds), send `signal` when it reports the step, and return how it ended and
/// whether the step was reached.
#[cfg(unix)]
fn interrupt_at(
    args: &[&std::ffi::OsStr],
    step: &str,
    signal: i32,
) -> (std::process::ExitStatus, bool) {
    use std::io::BufRead;
    let mut child = protogov()
        .args(args)
        .env("PROTOGOV_TEST_PAUSE_AT", step)
        // The calendar's changed events are stamped with the time now: a fixed one.
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let marker = format!("protogov-test-pause: {step}");
    let mut reached = false;
    let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    while stderr.read_line(&mut line).unwrap_or(0) > 0 {
        if !reached && line.trim_end() == marker {
            reached = true;
            // SAFETY: kill sends a signal to the child this test started.
            assert_eq!(unsafe { libc::kill(child.id() as i32, signal) }, 0);
        }
        line.clear();
    }
    (child.wait().unwrap(), reached)
}

/// The names in `dir` that a write in progress would use.
fn temporary_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".protogov-") || n.ends_with(".tmp"))
        .collect()
}

#[cfg(unix)]
#[test]
fn an_interrupted_build_leaves_its_outputs_all_old_or_all_new() {
    use std::os::unix::process::ExitStatusExt;
    let dir = tempfile::tempdir().unwrap();
    let set = crate::corpus::generate_set(&crate::corpus::Config::new(4_000), 2);
    let sources: Vec<_> = set.iter().map(|(name, _)| dir.path().join(name)).collect();
    let (out, new_out) = (dir.path().join("out"), dir.path().join("new"));
    let build_args = |out: &Path| {
        let mut a: Vec<std::ffi::OsString> = ["build", "--emit", "json,ics,dot", "--out"]
            .iter()
            .map(Into::into)
            .collect();
        a.push(out.into());
        a.extend(sources.iter().map(|s| s.into()));
        a
    };
    let build = |out: &Path| {
        let out = protogov()
            .args(build_args(out))
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    for ((_, text), path) in set.iter().zip(&sources) {
        std::fs::write(path, text).unwrap();
    }
    build(&out);
    let old = contents(&out);
    for ((_, text), path) in set.iter().zip(&sources) {
        std::fs::write(path, text.replacen("\"", "\"Revised ", 1)).unwrap();
    }
    // The new outputs as a build over the old ones writes them (the calendar is stamped
    // against the one it replaces).
    std::fs::create_dir_all(&new_out).unwrap();
    for (name, bytes) in &old {
        std::fs::write(new_out.join(name), bytes).unwrap();
    }
    build(&new_out);
    let new = contents(&new_out);
    assert_eq!(old.len(), 6);
    assert_ne!(old, new);

    let args = build_args(&out);
    let args: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_os_str()).collect();
    let mut steps: Vec<String> = (1..=6).map(|i| format!("staged {i}")).collect();
    steps.push("committing".into());
    steps.extend((1..=6).map(|i| format!("renamed {i}")));
    for (i, step) in steps.iter().enumerate() {
        let signal = if i % 2 == 0 {
            libc::SIGINT
        } else {
            libc::SIGTERM
        };
        // Every run starts from the old outputs.
        for (name, bytes) in &old {
            std::fs::write(out.join(name), bytes).unwrap();
        }
        let (status, reached) = interrupt_at(&args, step, signal);
        assert!(reached, "the build never reached `{step}`");
        assert_eq!(status.signal(), Some(signal), "{step}: {status:?}");
        assert_eq!(temporary_files(&out), Vec::<String>::new(), "{step}");
        let now = contents(&out);
        if step.starts_with("staged") {
            assert!(now == old, "interrupted at `{step}`: not all old");
        } else {
            assert!(now == new, "interrupted at `{step}`: not all new");
        }
    }
}

/// Without the pause: interrupts at a spread of moments during a large build, each
/// leaving the outputs all old or all new and no temporary file.
#[cfg(unix)]
#[test]
fn interrupts_at_any_moment_leave_whole_output_sets() {
    let dir = tempfile::tempdir().unwrap();
    let set = crate::corpus::generate_set(&crate::corpus::Config::new(6_000), 2);
    let mut sources = Vec::new();
    for (name, text) in &set {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        sources.push(path);
    }
    let out = dir.path().join("out");
    let run_build = || {
        protogov()
            .args(["build", "--emit", "json,ics,dot", "--out"])
            .arg(&out)
            .args(&sources)
            // Changed calendar events are stamped with the time now: a fixed one, so
            // that every run that finishes writes the same bytes.
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    let started = std::time::Instant::now();
    assert!(run_build().wait().unwrap().success());
    let whole = started.elapsed();
    let old = contents(&out);
    for path in &sources {
        let text = std::fs::read_to_string(path).unwrap();
        std::fs::write(path, text.replacen("\"", "\"Revised ", 1)).unwrap();
    }
    let mut new = None;
    for step in 0..10u32 {
        for (name, bytes) in &old {
            std::fs::write(out.join(name), bytes).unwrap();
        }
        let mut child = run_build();
        std::thread::sleep(whole * step / 8);
        // SAFETY: kill sends a signal to the child this test started.
        unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
        child.wait().expect("the build ends");
        assert_eq!(temporary_files(&out), Vec::<String>::new(), "after {step}");
        let now = contents(&out);
        if now != old {
            let new = new.get_or_insert_with(|| now.clone());
            assert!(now == *new, "after {step}: a mixed set");
            assert!(now.iter().zip(&old).all(|(a, b)| a != b), "after {step}");
        }
    }
}

#[cfg(unix)]
#[test]
fn an_interrupted_fmt_leaves_the_file_whole_and_no_temporary_file() {
    use std::os::unix::process::ExitStatusExt;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.proto-gov");
    let old = "body  cpb \"Board\"\n";
    let new = "body cpb \"Board\"\n";
    // One link: the new text is renamed into place. Two: it is written in place.
    for (links, steps) in [
        (1, &["staged 1", "committing", "renamed 1"][..]),
        (2, &["rewriting"]),
    ] {
        for step in steps {
            let _ = std::fs::remove_file(dir.path().join("link.proto-gov"));
            std::fs::write(&file, old).unwrap();
            if links == 2 {
                std::fs::hard_link(&file, dir.path().join("link.proto-gov")).unwrap();
            }
            let args = [std::ffi::OsStr::new("fmt"), file.as_os_str()];
            let (status, reached) = interrupt_at(&args, step, libc::SIGINT);
            assert!(reached, "fmt never reached `{step}`");
            assert_eq!(status.signal(), Some(libc::SIGINT), "{step}");
            assert_eq!(temporary_files(dir.path()), Vec::<String>::new(), "{step}");
            let now = std::fs::read_to_string(&file).unwrap();
            // Once every new text is written, the renames run and the signal waits.
            let expected = if step.starts_with("staged") || *step == "rewriting" {
                old
            } else {
                new
            };
            assert_eq!(now, expected, "{links} links, interrupted at `{step}`");
        }
    }
}

#[test]
fn an_empty_file_is_a_usage_problem_for_every_command() {
    let dir = tempfile::tempdir().unwrap();
    for text in ["", "\n\n  \t\n"] {
        let empty = dir.path().join("empty.proto-gov");
        std::fs::write(&empty, text).unwrap();
        let out_dir = dir.path().join("out").display().to_string();
        let empty = empty.display().to_string();
        for args in [
            &["check", &empty][..],
            &["build", &empty, "--out", &out_dir],
            &["graph", &empty],
            &["fmt", &empty],
            &["fmt", "--check", &empty],
        ] {
            let out = run(args);
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
            assert!(err.contains("is empty"), "{args:?}: {err}");
        }
        assert_eq!(std::fs::read_to_string(&empty).unwrap(), text);
    }
    let out = protogov()
        .args(["fmt", "-"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is empty"));
}

#[cfg(unix)]
#[test]
fn fmt_keeps_the_file_itself_its_links_owner_and_mode() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.proto-gov");
    let link = dir.path().join("link.proto-gov");
    std::fs::write(&file, "body  cpb \"Board\"\n").unwrap();
    std::fs::hard_link(&file, &link).unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
    // SAFETY: geteuid reads the process's user id.
    let root_user = unsafe { libc::geteuid() } == 0;
    if root_user {
        std::os::unix::fs::chown(&file, Some(4321), Some(4321)).unwrap();
    }
    let before = std::fs::metadata(&file).unwrap();
    let out = run(&["fmt", &file.display().to_string()]);
    assert_eq!(out.status.code(), Some(0));
    let after = std::fs::metadata(&file).unwrap();
    assert_eq!(
        std::fs::read_to_string(&link).unwrap(),
        "body cpb \"Board\"\n"
    );
    assert_eq!(after.ino(), before.ino());
    assert_eq!(after.nlink(), 2);
    assert_eq!((after.uid(), after.gid()), (before.uid(), before.gid()));
    assert_eq!(after.mode(), before.mode());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);

    // A file with one link, owned by someone else, keeps its owner too.
    if root_user {
        let single = dir.path().join("single.proto-gov");
        std::fs::write(&single, "body  cpb \"Board\"\n").unwrap();
        std::os::unix::fs::chown(&single, Some(4321), Some(4322)).unwrap();
        let out = run(&["fmt", &single.display().to_string()]);
        assert_eq!(out.status.code(), Some(0));
        let meta = std::fs::metadata(&single).unwrap();
        assert_eq!((meta.uid(), meta.gid()), (4321, 4322));
        assert_eq!(
            std::fs::read_to_string(&single).unwrap(),
            "body cpb \"Board\"\n"
        );
    }
}

#[test]
fn fmt_removes_only_blanks_at_the_end_of_a_comment() {
    let cases = [
        ("// spaces   \nbody cpb\n", "// spaces\nbody cpb\n"),
        ("// tabs\t \t\nbody cpb\n", "// tabs\nbody cpb\n"),
        ("// crlf  \r\nbody cpb\r\n", "// crlf\nbody cpb\n"),
        ("// page\u{c}\nbody cpb\n", "// page\u{c}\nbody cpb\n"),
        ("// nbsp\u{a0}\nbody cpb\n", "// nbsp\u{a0}\nbody cpb\n"),
        (
            "body cpb // trailing\u{c}\t\n",
            "body cpb // trailing\u{c}\n",
        ),
    ];
    for (before, after) in cases {
        let mut child = protogov()
            .args(["fmt", "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        {
            use std::io::Write;
            child
                .stdin
                .take()
                .unwrap()
                .write_all(before.as_bytes())
                .unwrap();
        }
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{before:?}");
        assert_eq!(String::from_utf8_lossy(&out.stdout), after, "{before:?}");
    }
}

#[test]
fn source_date_epoch_out_of_range_is_an_error() {
    for (value, ok) in [
        ("0", true),
        ("253402207200", true),
        ("-1", false),
        ("253402207201", false),
        ("99999999999999", false),
        ("-9223372036854775808", false),
    ] {
        let out = protogov()
            .args(["build", "--emit", "ics", "--out", "-", EXAMPLE])
            .env("SOURCE_DATE_EPOCH", value)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        if ok {
            assert_eq!(out.status.code(), Some(0), "{value}: {err}");
            let ics = String::from_utf8_lossy(&out.stdout);
            let year = if value == "0" { "1970" } else { "9999" };
            assert!(ics.contains(&format!("DTSTAMP:{year}")), "{value}: {ics}");
        } else {
            assert_eq!(out.status.code(), Some(2), "{value}");
            assert!(
                err.contains("SOURCE_DATE_EPOCH") && err.contains(value),
                "{err}"
            );
            assert!(out.stdout.is_empty());
        }
    }
}

#[cfg(unix)]
#[test]
fn file_names_that_are_not_utf8_keep_their_own_output_names() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read(root().join(EXAMPLE)).unwrap();
    let names = [&b"iow-\xff"[..], b"iow-\xfe"];
    let mut args = vec![];
    for n in names {
        let mut name = n.to_vec();
        name.extend_from_slice(b".proto-gov");
        let p = dir.path().join(OsStr::from_bytes(&name));
        std::fs::write(&p, &text).unwrap();
        args.push(p);
    }
    let out_dir = dir.path().join("out");
    let out = protogov()
        .args(["build", "--emit", "json"])
        .args(&args)
        .arg("--out")
        .arg(&out_dir)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for n in names {
        let mut name = n.to_vec();
        name.extend_from_slice(b".json");
        assert!(out_dir.join(OsStr::from_bytes(&name)).is_file());
    }
    assert_eq!(std::fs::read_dir(&out_dir).unwrap().count(), 2);
}
