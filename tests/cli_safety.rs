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
