//! protogov: a language and compiler for the working protocols between public bodies.
//!
//! The pipeline, one module a stage: [`source`] (text, spans, line index) → [`syntax`]
//! (a typed tree, with recovery) → [`model`] (names resolved, schedules dated) → [`graph`]
//! (the reporting graph) → [`checks`] (diagnostics) and [`emit`] (the outputs).
//! [`analysis`] runs it; diagnostics ([`diagnostic`]) are data, rendered by [`render`].
//! See ARCHITECTURE.md.

pub mod analysis;
pub mod atomic;
pub mod checks;
pub mod codes;
pub mod diagnostic;
pub mod emit;
pub mod fix;
pub mod fmt;
pub mod graph;
pub mod holidays;
pub mod lsp;
pub mod meetings;
pub mod model;
pub mod name;
pub mod printable;
pub mod render;
pub mod schedule;
pub mod set;
pub mod source;
pub mod syntax;
