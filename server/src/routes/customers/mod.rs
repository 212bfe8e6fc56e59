//! Customer 360: the list with search, the unified profile, and staff edits.

mod correct;
mod edits;
mod erase;
mod list;
mod load;
mod profile;
mod reveal;
mod row;

pub use correct::*;
pub use edits::*;
pub use erase::*;
pub use list::*;
pub use profile::*;
pub use reveal::*;
pub use row::{summary, SUMMARY_COLUMNS, VISIBLE};
pub(crate) use edits::{contact_channel, invalid, snapshot, write_follow_up, write_follow_up_done, write_note, write_tags};

use crate::routes::parse_id;
