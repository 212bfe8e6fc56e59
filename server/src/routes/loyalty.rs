//! Loyalty on the profile: the points account and its ledger, redemptions and manual
//! adjustments (tier reviewed after each), and NPS answers recorded by staff.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use roundtrip_domain::dto::{ErrorEnvelope, LoyaltyAccount, LoyaltyChange, LoyaltyRules, NpsAnswer};
use roundtrip_domain::loyalty::{self, LedgerKind};

use crate::auth::CurrentUser;
use crate::db::loyalty as stored;
use crate::error::AppError;
use crate::extract::Json;
use crate::routes::parse_id;
use crate::state::AppState;
use crate::time::rfc3339;

/// Points, tier and the ledger (newest 100 lines).
#[utoipa::path(get, path = "/api/v1/customers/{id}/loyalty", tag = "customers", params(("id" = i64, Path)), security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The points account", body = LoyaltyAccount),
        (status = 404, description = "No such customer in the caller's scope", body = ErrorEnvelope),
        crate::routes::SignedIn,
    ))]
pub async fn loyalty_account(State(state): State<AppState>, user: CurrentUser, Path(id): Path<String>) -> Result<Json<LoyaltyAccount>, AppError> {
    let id = parse_id(&id)?;
    let scope = user.store_scope();
    let now = state.clock.now();
    Ok(Json(state.db.call(move |conn| {
        let tier = stored::visible_tier(conn, scope, id)?;
        stored::account(conn, id, tier, now)
    }).await?))
}


/// Redeems points (anyone serving the customer) or adjusts them with a reason (managers;
/// audited). Lapsed points expire first; the tier is reviewed against the rules afterwards.
#[utoipa::path(post, path = "/api/v1/customers/{id}/loyalty", tag = "customers", params(("id" = i64, Path)), request_body = LoyaltyChange,
    security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The account afterwards (a repeated client_key changes nothing)", body = LoyaltyAccount),
        (status = 403, description = "Store staff adjusting points: managers only", body = ErrorEnvelope),
        (status = 404, description = "No such customer in the caller's scope", body = ErrorEnvelope),
        (status = 422, description = "Not enough points, zero or too many, missing reason, or a kind other than redeem/adjust", body = ErrorEnvelope),
        crate::routes::SignedIn,
    ))]
pub async fn change_points(State(state): State<AppState>, user: CurrentUser, Path(id): Path<String>, Json(body): Json<LoyaltyChange>) -> Result<Json<LoyaltyAccount>, AppError> {
    let id = parse_id(&id)?;
    match body.kind {
        LedgerKind::Redeem => {}
        LedgerKind::Adjust => user.require_manager("adjusting points is for managers")?,
        LedgerKind::Earn | LedgerKind::Expire => {
            return Err(AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", "kind: points are earned by orders and expire by themselves; use redeem or adjust"))
        }
    }
    if body.client_key.as_ref().is_some_and(|k| k.len() > 64) {
        return Err(AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", "client_key: at most 64 characters"));
    }
    let (scope, me) = (user.store_scope(), user.id());
    let now = state.clock.now();
    Ok(Json(state.db.write(move |conn| stored::change_points(conn, id, &body, scope, me, now)).await?))
}

/// Records an NPS answer (0–10) the customer gave in the store or on the phone.
#[utoipa::path(post, path = "/api/v1/customers/{id}/nps", tag = "customers", params(("id" = i64, Path)), request_body = NpsAnswer,
    security(("session_cookie" = [])),
    responses(
        (status = 204, description = "Recorded; the profile shows it as the latest answer"),
        (status = 404, description = "No such customer in the caller's scope", body = ErrorEnvelope),
        (status = 422, description = "Score outside 0–10", body = ErrorEnvelope),
        crate::routes::SignedIn,
    ))]
pub async fn record_nps(State(state): State<AppState>, user: CurrentUser, Path(id): Path<String>, Json(body): Json<NpsAnswer>) -> Result<StatusCode, AppError> {
    let id = parse_id(&id)?;
    if body.score > 10 {
        return Err(AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", "score: 0 to 10"));
    }
    let scope = user.store_scope();
    let now = rfc3339(state.clock.now());
    state.db.write(move |conn| stored::record_nps_for(conn, id, &body, scope, &now)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The programme's settings and tier rules in force.
#[utoipa::path(get, path = "/api/v1/loyalty/rules", tag = "customers", security(("session_cookie" = [])),
    responses((status = 200, description = "Points per yuan, expiry, and the tier rules", body = LoyaltyRules), crate::routes::SignedIn))]
pub async fn loyalty_rules(State(state): State<AppState>, _user: CurrentUser) -> Result<Json<LoyaltyRules>, AppError> {
    Ok(Json(state.db.call(|conn| Ok(LoyaltyRules { programme: stored::programme(conn)?, rules: stored::rules(conn)? })).await?))
}

/// Replaces the programme's settings and tier rules (admins; audited). Each customer's tier is
/// reviewed under the new rules at their next points change.
#[utoipa::path(put, path = "/api/v1/loyalty/rules", tag = "customers", request_body = LoyaltyRules, security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The rules now in force", body = LoyaltyRules),
        (status = 403, description = "Admins only", body = ErrorEnvelope),
        (status = 422, description = "A tier missing, thresholds out of order, or settings out of range", body = ErrorEnvelope),
        crate::routes::SignedIn,
    ))]
pub async fn replace_loyalty_rules(State(state): State<AppState>, user: CurrentUser, Json(body): Json<LoyaltyRules>) -> Result<Json<LoyaltyRules>, AppError> {
    user.require_admin("changing the loyalty rules is for admins")?;
    let invalid = |m: String| AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", m);
    if !(1..=100).contains(&body.programme.points_per_yuan) || !(1..=120).contains(&body.programme.expiry_months) {
        return Err(invalid("programme: 1 to 100 points per yuan, expiry 1 to 120 months".into()));
    }
    loyalty::check_rules(&body.rules).map_err(invalid)?;
    let me = user.id();
    Ok(Json(state.db.write(move |conn| stored::replace_all(conn, &body, me)).await?))
}
