//! The semantic model: the syntax tree with names resolved, cadences turned into dated
//! schedules and dates validated. Resolution never reports anything itself: it records
//! what it could not resolve (unknown names, duplicates, cadence problems) in the model,
//! and the checks in [`crate::checks`] turn those records into diagnostics.
//!
//! By job: [`types`] (what the model holds), [`resolve`] (building it from the tree),
//! [`queries`] (what later stages ask of it) and [`dates`] (partial dates, cadences and
//! due dates).

mod dates;
mod queries;
mod resolve;
mod types;

pub use dates::{resolve_cadence, PartialDate};
pub use resolve::{resolve, ModelBuilder};
pub use types::*;

/// "a", "a and b", "a, b and c".
pub fn join_and(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
