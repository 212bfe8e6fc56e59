//! The audit log viewer (admins): newest first, a page at a time.

use axum::extract::State;
use roundtrip_domain::dto::{AuditPage, ErrorEnvelope};
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::extract::{Json, Query};
use crate::state::AppState;

const PAGE_SIZE: u32 = 50;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// 1-based page.
    #[param(minimum = 1, maximum = 100000)]
    pub page: Option<u32>,
}

#[utoipa::path(get, path = "/api/v1/audit", tag = "session", params(AuditQuery), security(("session_cookie" = [])),
    responses(
        (status = 200, description = "Audit entries, newest first", body = AuditPage),
        (status = 403, description = "Not an admin", body = ErrorEnvelope),
        crate::routes::SignedIn,
    ))]
pub async fn audit_log(State(state): State<AppState>, user: CurrentUser, Query(q): Query<AuditQuery>) -> Result<Json<AuditPage>, AppError> {
    user.require_admin("only admins read the audit log")?;
    let page = q.page.unwrap_or(1);
    if !(1..=100_000).contains(&page) {
        return Err(AppError::invalid_query("page", "page must be 1 to 100000"));
    }
    let out = state
        .db
        .call(move |conn| {
            let (entries, total) = crate::db::audit::page(conn, PAGE_SIZE, page)?;
            Ok(AuditPage { entries, page, pages: (total as u32).div_ceil(PAGE_SIZE).max(1), total })
        })
        .await?;
    Ok(Json(out))
}
