//! The service desk: feedback becomes a ticket with a 24-hour response clock; inboxes (mine,
//! my store, due soon, breached), actions with their history, and the SLA dashboard.

mod dashboard;
mod desk;
mod inbox;

pub use dashboard::*;
pub use desk::*;
pub use inbox::*;


use axum::http::StatusCode;
use roundtrip_domain::service::TicketError;

use crate::error::AppError;

fn refused(e: TicketError) -> AppError {
    match e {
        TicketError::Invalid { .. } => AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", e.to_string()),
        TicketError::NotNow { .. } => AppError::new(StatusCode::CONFLICT, "ticket_state", e.to_string()),
    }
}
