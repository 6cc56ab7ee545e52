//! The language server: `protogov lsp`.
//!
//! A thin layer over [`crate::analysis::analyse`]. Every feature is a pure function of a
//! document's [`Analysis`](crate::analysis::Analysis) and a byte offset, in its own module,
//! and is tested there; [`server`] only decodes requests, converts positions
//! ([`position`]) and encodes answers. Diagnostics come from the analysis unchanged, so
//! every check the library gains reaches the editor with no change here. A workspace
//! folder is a set of files analysed as one ([`workspace`]); the same features run on the
//! set's analysis, its spans mapped back to each file.

pub mod actions;
pub mod completion;
pub mod diagnostics;
pub mod document;
pub mod format;
pub mod hints;
pub mod hover;
pub mod names;
pub mod navigate;
pub mod position;
pub mod rename;
pub mod server;
pub mod symbols;
pub mod transport;
pub mod workspace;

/// Serve the protocol on standard input and output until `exit`; the process exit status.
pub fn run_stdio() -> u8 {
    let (connection, writer) = match transport::stdio() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("protogov lsp: cannot start: {e}");
            return 1;
        }
    };
    let status = server::run(&connection);
    drop(connection);
    if let Err(e) = writer.join() {
        eprintln!("protogov lsp: {e}");
    }
    status
}

/// A protocol that uses every kind of reference, shared by the feature tests.
#[cfg(test)]
pub(crate) mod fixture {
    use crate::analysis::{analyse, Analysis, Options};
    use crate::source::SourceFile;

    /// The sample protocol.
    pub const SAMPLE: &str = r#"// Children’s services protocol
protocol cpb_scp "Protocol between the Board and the Partnership" {
  version "1.0"
  between cpb and scp
  agreed by scp on 2024-03-01
  signed by cpb_chair on 2024-03-02
  review every 2 years
  next review 2099-03
}

body scp "Safeguarding Children Partnership" {
  kind statutory_partnership
}

body cpb "Corporate Parenting Board" {
  kind committee
  subgroup of scp
  reports to scp
  meets quarterly in march, june, september and december
}

role cpb_chair "Chair of the Board" {
  chair of cpb
  appointed by scp
}

topic uasc "Unaccompanied children’s needs" {
  statute "Children Act 1989 s.22(4)"
}

artefact annual_report "Annual report" {
  produced by cpb
}

event serious_case "A serious case review is published"

duty cpb_annual "Annual report to the Partnership" {
  clause 2.1
  cpb submits annual_report to scp
  yearly in september
  covers uasc
}

duty scp_reply "Reply to the annual report" {
  annual_report reviewed to cpb by scp
  after cpb_annual
  when serious_case
  within 28 days
}

escalation disputes "Disputes" {
  when "the chairs disagree"
  convened by cpb_chair
  attended by cpb_chair and scp
}

prose 1.1 "Purpose" "This protocol sets out…"
"#;

    /// The analysis of `text` (clean: no diagnostics for [`SAMPLE`]).
    pub fn analysis(text: &str) -> Analysis {
        analyse(
            SourceFile::new("sample.proto-gov", text),
            &Options::default(),
        )
    }

    /// The byte offset of the `nth` (from 0) occurrence of `needle`, plus `delta`.
    pub fn at(text: &str, needle: &str, nth: usize, delta: usize) -> usize {
        let mut from = 0;
        let mut found = 0;
        loop {
            let i = text[from..].find(needle).expect("needle in text") + from;
            if found == nth {
                return i + delta;
            }
            found += 1;
            from = i + 1;
        }
    }
}
