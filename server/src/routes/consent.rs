//! Consent per purpose and channel: recorded by staff (or channel systems), audited, shown on
//! the profile, and obeyed by the marketing audience. See `domain/src/consent.rs` for the rule.

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use roundtrip_domain::consent::{check, ContactChannel};
use roundtrip_domain::dto::{Audience, Consents, CustomerSummary, ErrorEnvelope, NewConsent};
use roundtrip_domain::{Segment, Tier};
use serde::Deserialize;

use super::parse_id;
use crate::auth::CurrentUser;
use crate::db::consents as consent_store;
use crate::error::AppError;
use crate::extract::{Json, Query};
use crate::state::AppState;
use crate::time::rfc3339;

/// A customer's consent: the current answers and the whole history.
#[utoipa::path(get, path = "/api/v1/customers/{id}/consents", tag = "customers", params(("id" = i64, Path)), security(("session_cookie" = [])),
    responses(
        (status = 200, description = "Current answers and history", body = Consents),
        crate::routes::SignedIn,
        (status = 404, description = "No such customer in the caller's scope", body = ErrorEnvelope),
    ))]
pub async fn customer_consents(State(state): State<AppState>, user: CurrentUser, Path(id): Path<String>) -> Result<Json<Consents>, AppError> {
    let id = parse_id(&id)?;
    let scope = user.store_scope();
    Ok(Json(state.db.call(move |conn| { consent_store::visible(conn, id, scope)?; Ok::<_, AppError>(consent_store::consents(conn, id)?) }).await?))
}

/// Records a grant or a withdrawal, with the notice version the customer answered; audited.
#[utoipa::path(post, path = "/api/v1/customers/{id}/consents", tag = "customers", params(("id" = i64, Path)), request_body = NewConsent,
    security(("session_cookie" = [])),
    responses(
        (status = 201, description = "Recorded; the customer's consent now", body = Consents),
        crate::routes::SignedIn,
        (status = 404, description = "No such customer in the caller's scope", body = ErrorEnvelope),
        (status = 422, description = "A channel for a purpose that has none, or no notice version", body = ErrorEnvelope),
    ))]
pub async fn record_consent(State(state): State<AppState>, user: CurrentUser, Path(id): Path<String>, Json(req): Json<NewConsent>) -> Result<(StatusCode, Json<Consents>), AppError> {
    let id = parse_id(&id)?;
    check(req.purpose, req.channel, &req.text_version).map_err(|e| AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", e.to_string()))?;
    let (scope, actor) = (user.store_scope(), user.id());
    let now = rfc3339(state.clock.now());
    let answer = state
        .db
        .write(move |conn| consent_store::record(conn, id, &req, scope, actor, &now))
        .await?;
    Ok((StatusCode::CREATED, Json(answer)))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AudienceQuery {
    /// How the campaign reaches people.
    pub channel: ContactChannel,
    pub segment: Option<Segment>,
    pub tier: Option<Tier>,
    pub store_id: Option<i64>,
}

/// Who a marketing campaign may reach (managers): customers matching the filters whose latest
/// marketing answer for the channel, or for any channel, is a grant. Everyone else is counted
/// as excluded and never listed. Shows the first 200 (masked); looking is not exporting, so
/// it is not audited.
#[utoipa::path(get, path = "/api/v1/marketing/audience", tag = "customers", params(AudienceQuery), security(("session_cookie" = [])),
    responses(
        (status = 200, description = "Counts and the first eligible customers (masked)", body = Audience),
        crate::routes::ManagerOnly,
    ))]
pub async fn marketing_audience(State(state): State<AppState>, user: CurrentUser, Query(q): Query<AudienceQuery>) -> Result<Json<Audience>, AppError> {
    user.require_manager("the marketing audience is for managers")?;
    let scope = user.store_scope().or(q.store_id);
    let audience = state.db.call(move |conn| consent_store::audience(conn, q.channel, q.segment, q.tier, scope, AUDIENCE_SHOWN)).await?;
    Ok(Json(audience))
}

/// At most this many eligible customers are listed on screen (the rest are counted).
const AUDIENCE_SHOWN: usize = 200;

/// The whole audience as a CSV file (managers), for a campaign tool: an export of personal
/// data (phones masked), audited with its filters and size.
#[utoipa::path(get, path = "/api/v1/marketing/audience/export", tag = "customers", params(AudienceQuery), security(("session_cookie" = [])),
    responses(
        (status = 200, description = "`audience-<channel>.csv`: id, name, masked phone, segment, tier, home store, last active", content_type = "text/csv", body = String),
        crate::routes::ManagerOnly,
    ))]
pub async fn export_audience(State(state): State<AppState>, user: CurrentUser, Query(q): Query<AudienceQuery>) -> Result<impl IntoResponse, AppError> {
    user.require_manager("the marketing audience is for managers")?;
    let scope = user.store_scope().or(q.store_id);
    let actor = user.id();
    let audience = state.db.write(move |conn| consent_store::export_audience(conn, q.channel, q.segment, q.tier, scope, actor)).await?;
    let disposition = format!("attachment; filename=\"audience-{}.csv\"", audience.channel.as_str());
    Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (header::CONTENT_DISPOSITION, disposition)], audience_csv(&audience.items)?))
}

/// The customers as CSV rows under a header of stable column names (codes, not prose, so
/// campaign tools can map them in either language); a byte-order mark so spreadsheets read
/// the Chinese names as UTF-8.
fn audience_csv(items: &[CustomerSummary]) -> Result<String, AppError> {
    let mut out = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    let header = ["id", "name", "phone_masked", "segment", "tier", "home_store", "last_active_at"];
    let rows = items.iter().map(|c| {
        [c.id.to_string(), c.name.clone(), c.phone_masked.clone().unwrap_or_default(), c.segment.as_str().into(), c.tier.as_str().into(),
         c.home_store.as_ref().map(|s| s.name.clone()).unwrap_or_default(), rfc3339(c.last_active_at)]
    });
    std::iter::once(header.map(String::from)).chain(rows).try_for_each(|row| out.write_record(&row)).map_err(AppError::internal)?;
    String::from_utf8(out.into_inner().map_err(|e| AppError::internal(e.into_error()))?).map_err(AppError::internal)
}
