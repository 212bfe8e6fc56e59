pub mod journeys;
pub mod list;
pub mod profile;
