pub mod list;
pub mod profile;
