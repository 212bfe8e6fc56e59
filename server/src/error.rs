//! The one error type of the API. Every failure becomes `{ "error": { code, message, details } }`
//! with a fitting status; internal causes are logged, never sent.

use crate::db::sql::{Failure, SqlError};
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use roundtrip_domain::dto::{ErrorBody, ErrorEnvelope};
use serde_json::{json, Value};

#[derive(Debug)]
pub struct AppError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub details: Value,
    /// Seconds for a `Retry-After` header (429 answers).
    pub retry_after: Option<u64>,
}

impl AppError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self { status, code, message: message.into(), details: Value::Null, retry_after: None }
    }

    pub fn with_retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds);
        self
    }

    /// Details that name the field and the rule it broke, for the console to word.
    pub fn with_refusal(self, refusal: roundtrip_domain::refusal::Refusal) -> Self {
        let details = serde_json::to_value(refusal).unwrap_or_default();
        self.with_details(details)
    }

    pub fn with_details(mut self, details: Value) -> Self {
        self.details = details;
        self
    }

    pub fn unauthenticated() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthenticated", "sign in first")
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", format!("{what} not found"))
    }

    /// A query parameter with a bad value; `field` names it for the client.
    pub fn invalid_query(field: &str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_query", message).with_details(json!({ "field": field }))
    }

    /// The server is too busy to start this now; the client retries after a second.
    pub fn busy() -> Self {
        Self::new(StatusCode::SERVICE_UNAVAILABLE, "busy", "the server is busy; try again in a moment").with_retry_after(1)
    }

    /// The disk holding the database is full: nothing was written.
    pub fn storage_full() -> Self {
        tracing::error!("a write failed: the database's disk is full");
        Self::new(StatusCode::INSUFFICIENT_STORAGE, "storage_full", "the server's storage is full; nothing was saved")
    }

    /// Logged with its cause; the client sees only that something failed on our side.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(%cause, "internal error");
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "internal server error")
    }
}

impl From<SqlError> for AppError {
    /// A busy database (SQLite's lock, a PostgreSQL serialization conflict) or a full disk is
    /// a state the client can act on, not a bug: 503 and 507. Anything else is internal.
    fn from(e: SqlError) -> Self {
        match e.failure() {
            Failure::Busy => AppError::busy(),
            Failure::Full => AppError::storage_full(),
            Failure::Io => {
                tracing::error!(cause = %e, "the database's storage failed");
                Self::new(StatusCode::SERVICE_UNAVAILABLE, "storage_unavailable", "the server's storage failed; nothing was saved")
                    .with_retry_after(5)
            }
            Failure::Unique | Failure::Other => AppError::internal(e),
        }
    }
}

impl From<rusqlite::Error> for AppError {
    fn from(e: rusqlite::Error) -> Self {
        SqlError::from(e).into()
    }
}

/// A staff edit the domain refuses (empty note, bad due date, too many tags): 422.
impl From<roundtrip_domain::edits::EditError> for AppError {
    fn from(e: roundtrip_domain::edits::EditError) -> Self {
        AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", e.to_string()).with_refusal(e.refusal())
    }
}

/// A ticket action the service rules refuse: bad input, assignee or store 422; not possible in
/// its status 409.
impl From<roundtrip_domain::service::TicketError> for AppError {
    fn from(e: roundtrip_domain::service::TicketError) -> Self {
        use roundtrip_domain::service::TicketError;
        match e {
            TicketError::Invalid(ref r) => AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", e.to_string()).with_refusal(r.clone()),
            TicketError::NotNow { .. } => AppError::new(StatusCode::CONFLICT, "ticket_state", e.to_string()),
            TicketError::Assignee => AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_assignee", e.to_string()).with_details(json!({ "field": "assignee_id" })),
            TicketError::Store => AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_store", e.to_string()).with_details(json!({ "field": "store_id" })),
        }
    }
}

/// A change or refund step the case flow refuses: bad amounts 422, out of order 409.
impl From<roundtrip_domain::trips::cases::CaseError> for AppError {
    fn from(e: roundtrip_domain::trips::cases::CaseError) -> Self {
        use roundtrip_domain::trips::cases::CaseError;
        match e {
            CaseError::Invalid(ref r) => AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", e.to_string()).with_refusal(r.clone()),
            CaseError::NotNow { .. } => AppError::new(StatusCode::CONFLICT, "case_state", e.to_string()),
        }
    }
}

/// A points change the loyalty rules refuse (not enough points, no reason): 422.
impl From<roundtrip_domain::loyalty::LoyaltyError> for AppError {
    fn from(e: roundtrip_domain::loyalty::LoyaltyError) -> Self {
        AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", e.to_string()).with_refusal(e.refusal())
    }
}

/// An erasure request without a reason (422 `invalid_body`) or unconfirmed (422
/// `confirmation_mismatch`, naming the field).
impl From<roundtrip_domain::rights::ErasureError> for AppError {
    fn from(e: roundtrip_domain::rights::ErasureError) -> Self {
        use roundtrip_domain::rights::ErasureError;
        match e {
            ErasureError::Reason => AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", e.to_string()).with_refusal(e.refusal()),
            ErasureError::NotConfirmed => AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "confirmation_mismatch", e.to_string())
                .with_details(json!({ "field": "confirm_name" })),
        }
    }
}

impl From<crate::db::DbError> for AppError {
    fn from(e: crate::db::DbError) -> Self {
        match e {
            crate::db::DbError::Sqlite(e) => e.into(),
            crate::db::DbError::Sql(e) => e.into(),
            crate::db::DbError::Check(_) => AppError::internal(e),
        }
    }
}

impl From<crate::vault::Unreadable> for AppError {
    fn from(e: crate::vault::Unreadable) -> Self {
        tracing::error!("an ID number did not open: the key differs from the one it was sealed with");
        AppError::new(StatusCode::INTERNAL_SERVER_ERROR, "id_number_unreadable", e.to_string())
    }
}

impl From<JsonRejection> for AppError {
    fn from(r: JsonRejection) -> Self {
        let (status, code) = match &r {
            JsonRejection::JsonDataError(_) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_body"),
            JsonRejection::JsonSyntaxError(_) => (StatusCode::BAD_REQUEST, "malformed_json"),
            JsonRejection::MissingJsonContentType(_) => (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type"),
            _ if r.status() == StatusCode::PAYLOAD_TOO_LARGE => (r.status(), "body_too_large"),
            _ => (r.status(), "invalid_body"),
        };
        AppError::new(status, code, r.body_text())
    }
}

impl From<QueryRejection> for AppError {
    fn from(r: QueryRejection) -> Self {
        AppError::new(StatusCode::BAD_REQUEST, "invalid_query", r.body_text())
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let body = ErrorEnvelope { error: ErrorBody { code: self.code.to_string(), message: self.message, details: self.details } };
        let mut res = (self.status, axum::Json(body)).into_response();
        if let Some(seconds) = self.retry_after {
            res.headers_mut().insert(axum::http::header::RETRY_AFTER, seconds.into());
        }
        res
    }
}
