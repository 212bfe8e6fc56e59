//! Roundtrip's shared crate: the types the console and the API exchange, and the pure domain
//! logic both sides rely on. Nothing here does I/O, so everything is unit-tested natively.

#[macro_use]
mod string_enum;

pub mod assess;
pub mod audit;
pub mod bilingual;
pub mod calendar;
pub mod care;
pub mod community;
pub mod consent;
pub mod csv;
pub mod dto;
pub mod edits;
pub mod events;
pub mod import;
pub mod insight;
pub mod journey;
pub mod funnel;
pub mod webhooks;
pub mod hooks;
pub mod kpi;
pub mod loyalty;
pub mod mask;
pub mod matching;
pub mod model;
pub mod offline;
pub mod paging;
pub mod refusal;
pub mod period;
pub mod phone;
pub mod resolve;
pub mod rights;
pub mod scoring;
pub mod search;
pub mod service;
pub mod throttle;
pub mod tokens;
pub mod topics;
pub mod trips;

pub use model::*;
