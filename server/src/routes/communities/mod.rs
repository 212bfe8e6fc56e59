//! Interest communities: the programme (communities, events, moderators), sign-ups and
//! check-ins at the door, and the community dashboard.

mod attendance;
mod dashboard;
mod manage;

pub use attendance::*;
pub use dashboard::*;
pub use manage::*;

use axum::http::StatusCode;
use roundtrip_domain::community::CommunityError;

use crate::error::AppError;

fn invalid(e: CommunityError) -> AppError {
    AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", e.to_string())
}
