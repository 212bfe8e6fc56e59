//! Roundtrip's server: the JSON API over one SQLite file, serving the built console too.

pub mod app;
pub mod auth;
pub mod channels;
pub mod clock;
mod csp;
pub mod db;
pub mod error;
pub mod extract;
mod routes;
pub mod seed;
pub mod serve;
pub mod state;
pub mod time;
pub mod vault;
pub mod webhooks;

pub use app::{app, openapi, MAX_BODY_BYTES};
