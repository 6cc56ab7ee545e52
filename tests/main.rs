//! The integration tests, compiled as one binary: each file beside this one is a module.
//! One binary links the library once, where one binary per file linked it twenty times.

mod common;
#[path = "../benches/support/corpus.rs"]
mod corpus;

mod allows;
mod calendar_meetings;
mod checker;
mod cli;
mod cli_safety;
mod constitution;
#[path = "corpus.rs"]
mod corpus_is_clean;
mod dates_as_written;
mod docs;
mod duties;
mod editor_grammar;
mod emit;
mod fix;
mod fixtures;
mod fmt;
mod fuzz_regressions;
mod holidays;
mod hostile;
mod hostile_outputs;
mod language_table;
mod lsp;
mod meetings;
mod names_at_scale;
mod parse_differential;
mod plan;
mod seeds;
mod sets;
mod stages;
mod syntax;
mod without_tree;
