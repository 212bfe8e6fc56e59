//! The audit log viewer (admins): newest first, a page at a time.

use axum::extract::State;
use roundtrip_domain::dto::{AuditEntry, AuditPage, ErrorEnvelope};
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::db::columns::time_col;
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
            let total: i64 = conn.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))?;
            let mut stmt = conn.prepare_cached(
                "SELECT a.id, a.at, u.display_name, a.action, a.subject, a.detail FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
                  ORDER BY a.id DESC LIMIT ?1 OFFSET ?2",
            )?;
            let entries = stmt
                .query_map([PAGE_SIZE as i64, ((page - 1) * PAGE_SIZE) as i64], |r| {
                    Ok(AuditEntry { id: r.get(0)?, at: time_col(r, 1)?, user: r.get(2)?, action: r.get(3)?, subject: r.get(4)?, detail: r.get(5)? })
                })?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(AuditPage { entries, page, pages: (total as u32).div_ceil(PAGE_SIZE).max(1), total: total as u64 })
        })
        .await?;
    Ok(Json(out))
}
