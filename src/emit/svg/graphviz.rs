//! Graphviz's `dot`, run with a time limit: its output, or what went wrong in words.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Why Graphviz could not draw the graph.
#[derive(Debug)]
pub enum Error {
    /// `dot` could not be started.
    NotFound(std::io::Error),
    /// `dot` failed: how it ended ("exit status 1", "killed by signal 11") and what it
    /// printed on standard error.
    Failed(String, String),
    /// `dot` ended successfully but printed nothing, or no whole SVG; what it printed on
    /// standard error.
    Empty(String),
    /// `dot` ran longer than its time limit and was stopped.
    TimedOut(Duration),
    /// Reading from or writing to `dot` failed.
    Io(std::io::Error),
}

/// ": what it said", or " and printed nothing" when it said nothing.
fn said(stderr: &str) -> String {
    match stderr.trim() {
        "" => " and printed nothing".to_string(),
        s => format!(": {s}"),
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::NotFound(e) => write!(
                f,
                "cannot run Graphviz `dot` ({e}); install Graphviz or use `--renderer embedded`"
            ),
            Error::Failed(how, err) => {
                write!(f, "Graphviz `dot` failed ({how}){}", said(err))
            }
            Error::Empty(err) => write!(
                f,
                "Graphviz `dot` printed nothing, or no whole SVG, though it reported success{}",
                match err.trim() {
                    "" => String::new(),
                    s => format!("; it said: {s}"),
                }
            ),
            Error::TimedOut(limit) => write!(
                f,
                "Graphviz `dot` was stopped after {} s without finishing; use `--renderer embedded`",
                limit.as_secs()
            ),
            Error::Io(e) => write!(f, "cannot talk to Graphviz `dot`: {e}"),
        }
    }
}

impl std::error::Error for Error {}

/// How a process ended, in words: "exit status 1", "killed by signal 11".
fn ending(status: std::process::ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(c), _) => format!("exit status {c}"),
        (None, Some(s)) => format!("killed by signal {s}"),
        (None, None) => "no exit status".to_string(),
    }
}

/// How Graphviz is run: the program and how long it may take.
#[derive(Debug, Clone)]
pub struct Graphviz {
    /// The program, `dot` (found on PATH) unless told otherwise.
    pub program: std::path::PathBuf,
    /// How long `dot` may run before it is stopped.
    pub time_limit: Duration,
}

impl Default for Graphviz {
    fn default() -> Self {
        Graphviz {
            program: "dot".into(),
            time_limit: Duration::from_secs(60),
        }
    }
}

/// Run `dot` with `args` on `input`; its standard output, or why it failed. Standard error
/// is returned too, so that callers can insist on a run without warnings.
pub fn run_dot(args: &[&str], input: &str) -> Result<(Vec<u8>, String), Error> {
    Graphviz::default().run(args, input)
}

/// Read all of a pipe on a thread of its own.
fn drain<R: Read + Send + 'static>(pipe: Option<R>) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(mut p) = pipe {
            let _ = p.read_to_end(&mut buf);
        }
        buf
    })
}

impl Graphviz {
    /// Run the program with `args` on `input`: its standard output and standard error, or
    /// why it failed. A run that fails, prints nothing or outlives the time limit is an
    /// error that says so, with what the program printed on standard error.
    pub fn run(&self, args: &[&str], input: &str) -> Result<(Vec<u8>, String), Error> {
        let mut child = Command::new(&self.program)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(Error::NotFound)?;
        let mut stdin = child
            .stdin
            .take()
            .ok_or_else(|| Error::Io(std::io::Error::other("no standard input")))?;
        let text = input.to_string();
        // Write and read on threads of their own so that no pipe can block another.
        let writer = std::thread::spawn(move || stdin.write_all(text.as_bytes()));
        let out = drain(child.stdout.take());
        let err = drain(child.stderr.take());
        let started = Instant::now();
        let status = loop {
            match child.try_wait().map_err(Error::Io)? {
                Some(status) => break status,
                None if started.elapsed() >= self.time_limit => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(Error::TimedOut(self.time_limit));
                }
                None => std::thread::sleep(Duration::from_millis(5)),
            }
        };
        let joined = |h: std::thread::JoinHandle<Vec<u8>>| {
            h.join()
                .map_err(|_| Error::Io(std::io::Error::other("reader thread failed")))
        };
        let out = joined(out)?;
        let err = String::from_utf8_lossy(&joined(err)?).into_owned();
        let written = writer
            .join()
            .map_err(|_| Error::Io(std::io::Error::other("writer thread failed")))?;
        if !status.success() {
            return Err(Error::Failed(ending(status), err));
        }
        if out.iter().all(u8::is_ascii_whitespace) {
            return Err(Error::Empty(err));
        }
        written.map_err(Error::Io)?;
        Ok((out, err))
    }
}

/// The SVG drawn by Graphviz from DOT text.
pub fn graphviz(dot: &str) -> Result<Vec<u8>, Error> {
    let (out, err) = run_dot(&["-Tsvg"], dot)?;
    let whole = String::from_utf8_lossy(&out).trim_end().ends_with("</svg>");
    if whole {
        Ok(out)
    } else {
        Err(Error::Empty(err))
    }
}
