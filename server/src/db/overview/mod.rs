//! Counting what the manager overview's KPIs need over a period (the formulas are the domain
//! crate's), and the monthly churn snapshot it compares against.

mod facts;
mod measure;

pub use measure::{snapshot_churn, Measurer};
