//! The audit log viewer (admins): newest first, a page at a time, filtered by person, action,
//! customer and days.

use axum::extract::State;
use roundtrip_domain::calendar;
use roundtrip_domain::dto::{AuditPage, AuditQuery, ErrorEnvelope};

use crate::auth::CurrentUser;
use crate::db::audit::AuditFilter;
use crate::error::AppError;
use crate::extract::{Json, Query};
use crate::state::AppState;

const PAGE_SIZE: u32 = 50;
/// Action codes are short snake_case words (`reveal`, `dismiss_duplicate`).
const MAX_ACTION_CHARS: usize = 40;

#[utoipa::path(get, path = "/api/v1/audit", tag = "session", params(AuditQuery), security(("session_cookie" = [])),
    responses(
        (status = 200, description = "Audit entries, newest first, with everyone who has one", body = AuditPage),
        (status = 400, description = "A page, action or period that cannot be", body = ErrorEnvelope),
        (status = 403, description = "Not an admin", body = ErrorEnvelope),
        crate::routes::SignedIn,
    ))]
pub async fn audit_log(State(state): State<AppState>, user: CurrentUser, Query(q): Query<AuditQuery>) -> Result<Json<AuditPage>, AppError> {
    user.require_admin("only admins read the audit log")?;
    let page = q.page.unwrap_or(1);
    if !(1..=100_000).contains(&page) {
        return Err(AppError::invalid_query("page", "page must be 1 to 100000"));
    }
    let action = q.action.filter(|a| !a.is_empty());
    if action.as_ref().is_some_and(|a| a.len() > MAX_ACTION_CHARS || !a.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')) {
        return Err(AppError::invalid_query("action", "an action code is a short lower-case word"));
    }
    if let (Some(from), Some(to)) = (q.from, q.to) {
        if from > to {
            return Err(AppError::invalid_query("from", "the period starts after it ends"));
        }
    }
    let zone = state.clock.zone();
    let filter = AuditFilter {
        user: q.user_id,
        action,
        customer: q.customer_id,
        since: q.from.map(|d| calendar::day_start(d, &zone)),
        until: q.to.map(|d| calendar::day_start(d + chrono::Duration::days(1), &zone)),
    };
    let out = state
        .db
        .call(move |conn| {
            let (entries, total) = crate::db::audit::page(conn, &filter, PAGE_SIZE, page)?;
            let people = crate::db::audit::people(conn)?;
            Ok(AuditPage { entries, page, pages: (total as u32).div_ceil(PAGE_SIZE).max(1), total, people })
        })
        .await?;
    Ok(Json(out))
}
