//! Customer 360: the list with search, the unified profile, and staff edits.

mod edits;
mod list;
mod load;
mod profile;
mod row;

pub use edits::*;
pub use list::*;
pub use profile::*;
pub use row::{summary, SUMMARY_COLUMNS};

use crate::error::AppError;

/// Path ids are numbers; anything else is a client mistake, not a missing customer.
fn parse_id(text: &str) -> Result<i64, AppError> {
    text.parse().map_err(|_| AppError::invalid_query("id", "ids are whole numbers"))
}
