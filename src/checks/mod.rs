//! The checks: each a function from the resolved model (and the reporting graph) to
//! diagnostics, one module per family. A check's codes and their explanations live in
//! its module, beside the code that detects them.

pub mod allows;
pub mod as_written;
pub mod clauses;
pub mod constitution;
pub mod dates;
pub mod duties;
pub mod escalations;
pub mod meetings;
pub mod names;
pub mod reporting;
pub mod set;

use crate::diagnostic::{CodeInfo, Diagnostic};
use crate::graph::ReportingGraph;
use crate::model::Model;
use jiff::civil::Date;

/// Run every check. The allowances the file makes are applied afterwards, to these and
/// the syntax diagnostics together ([`allows::apply`]).
pub fn run(model: &Model, graph: &ReportingGraph, today: Date) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    out.extend(names::check(model));
    out.extend(duties::check(model));
    out.extend(dates::check(model, today));
    out.extend(as_written::check(model));
    out.extend(reporting::check(model, graph));
    out.extend(clauses::check(model));
    out.extend(constitution::check(model, today));
    out.extend(escalations::check(model));
    out.extend(meetings::check(model, today));
    out
}

/// Every code the checks can produce.
pub fn codes() -> Vec<&'static CodeInfo> {
    let mut v = Vec::new();
    v.extend_from_slice(names::CODES);
    v.extend_from_slice(duties::CODES);
    v.extend_from_slice(dates::CODES);
    v.extend_from_slice(as_written::CODES);
    v.extend_from_slice(reporting::CODES);
    v.extend_from_slice(clauses::CODES);
    v.extend_from_slice(constitution::CODES);
    v.extend_from_slice(escalations::CODES);
    v.extend_from_slice(meetings::CODES);
    v.extend_from_slice(set::CODES);
    v.extend_from_slice(allows::CODES);
    v
}
