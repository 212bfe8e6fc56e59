//! Journey maps: one customer's journeys, and for managers the stage × channel matrix with its
//! drill-down, conversion, time between stages and service consistency.

mod cell;
mod customer;
mod matrix;

pub use cell::*;
pub use customer::*;
pub use matrix::*;
