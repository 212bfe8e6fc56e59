//! Customer 360: the list with search and the unified profile.

mod list;
mod profile;
mod row;

pub use list::*;
pub use profile::*;
