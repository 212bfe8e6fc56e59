//! Customer 360: the list with search, the unified profile, and staff edits.

mod correct;
mod documents;
mod edits;
mod erase;
mod list;
mod profile;
mod reveal;

pub use correct::*;
pub use documents::*;
pub use edits::*;
pub use erase::*;
pub use list::*;
pub use profile::*;
pub use reveal::*;
pub(crate) use edits::contact_channel;

use crate::routes::parse_id;
