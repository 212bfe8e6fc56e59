//! The service desk: feedback becomes a ticket with a 24-hour response clock; inboxes (mine,
//! my store, due soon, breached), actions with their history, and the SLA dashboard.

mod dashboard;
mod desk;
mod inbox;
mod topics;

pub use dashboard::*;
pub use desk::*;
pub use inbox::*;
pub use topics::*;



