//! Trip operations (issue 25): what an outbound trip needs before it leaves.

pub mod air;
pub mod cases;
pub mod departures;
pub mod documents;
pub mod travellers;
pub mod disruptions;
