//! Loyalty on the profile: the points account and its ledger, redemptions and manual
//! adjustments (tier reviewed after each), and NPS answers recorded by staff.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use roundtrip_domain::dto::{ErrorEnvelope, LedgerLine, LoyaltyAccount, LoyaltyChange, LoyaltyRules, NpsAnswer};
use roundtrip_domain::loyalty::{self, check_adjust, check_redeem, next_tier, tier_after, LedgerEntry, LedgerKind, LAPSED};
use roundtrip_domain::Tier;
use rusqlite::{params, Connection, OptionalExtension};

use crate::auth::CurrentUser;
use crate::db::loyalty::{programme, rules};
use crate::db::columns::{enum_col, opt_time_col, time_col};
use crate::error::AppError;
use crate::extract::Json;
use crate::db::customers::VISIBLE;
use crate::routes::parse_id;
use crate::state::AppState;
use crate::time::rfc3339;

/// The customer's tier, if the caller may see them.
fn visible_tier(conn: &Connection, scope: Option<i64>, customer: i64) -> Result<Tier, AppError> {
    conn.query_row(&format!("SELECT c.tier FROM customers c WHERE c.id = ?1 AND {VISIBLE}"), params![customer, scope], |r| enum_col(r, 0, Tier::parse))
        .optional()?
        .ok_or_else(|| AppError::not_found("customer"))
}

fn entries(conn: &Connection, customer: i64) -> rusqlite::Result<Vec<LedgerEntry>> {
    conn.prepare_cached("SELECT at, kind, points, qualifying, expires_at, reason FROM loyalty_ledger WHERE customer_id = ?1 ORDER BY at, id")?
        .query_map([customer], |r| {
            Ok(LedgerEntry { at: time_col(r, 0)?, kind: enum_col(r, 1, LedgerKind::parse)?, points: r.get(2)?, qualifying: r.get(3)?, expires_at: opt_time_col(r, 4)?, reason: r.get(5)? })
        })?
        .collect()
}

fn account(conn: &Connection, customer: i64, tier: Tier, now: DateTime<Utc>) -> Result<LoyaltyAccount, AppError> {
    let all = entries(conn, customer)?;
    let rules = rules(conn)?;
    let (balance, lapsing, qualifying) = (loyalty::balance(&all), loyalty::lapsed(&all, now), loyalty::qualifying(&all, now));
    let next = next_tier(tier, qualifying, &rules);
    let ledger = conn
        .prepare_cached(
            "SELECT l.id, l.at, l.kind, l.points, l.qualifying, l.reason, u.display_name FROM loyalty_ledger l
               LEFT JOIN users u ON u.id = l.actor_id WHERE l.customer_id = ?1 ORDER BY l.at DESC, l.id DESC LIMIT 100",
        )?
        .query_map([customer], |r| {
            Ok(LedgerLine { id: r.get(0)?, at: time_col(r, 1)?, kind: enum_col(r, 2, LedgerKind::parse)?, points: r.get(3)?, qualifying: r.get(4)?, reason: r.get(5)?, actor: r.get(6)? })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(LoyaltyAccount {
        customer_id: customer, tier, balance, lapsing, available: balance - lapsing, qualifying,
        next_tier: next.map(|n| n.0), to_next_tier: next.map(|n| n.1), programme: programme(conn)?, rules, ledger,
    })
}

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
        let tier = visible_tier(conn, scope, id)?;
        account(conn, id, tier, now)
    }).await?))
}

fn refused(e: loyalty::LoyaltyError) -> AppError {
    AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", e.to_string())
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
    Ok(Json(state.db.write(move |conn| {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let tier = visible_tier(&tx, scope, id)?;
        let done: Option<i64> = match &body.client_key {
            Some(k) => tx.query_row("SELECT id FROM loyalty_ledger WHERE client_key = ?1", [k], |r| r.get(0)).optional()?,
            None => None,
        };
        // redemptions, adjustments and write-offs carry no qualifying points: one read serves
        // both the check and the tier review
        let all = entries(&tx, id)?;
        if done.is_none() {
            let lapsing = loyalty::lapsed(&all, now);
            let available = loyalty::balance(&all) - lapsing;
            let reason = body.reason.as_deref().map(str::trim).unwrap_or_default().to_string();
            let points = match body.kind {
                LedgerKind::Redeem => check_redeem(body.points, available).map(|_| -body.points),
                _ => check_adjust(body.points, available, &reason).map(|_| body.points),
            }
            .map_err(refused)?;
            if lapsing > 0 {
                tx.execute("INSERT INTO loyalty_ledger (customer_id, at, kind, points, reason) VALUES (?1, ?2, 'expire', ?3, ?4)", params![id, rfc3339(now), -lapsing, LAPSED])?;
            }
            tx.execute(
                "INSERT INTO loyalty_ledger (customer_id, at, kind, points, reason, actor_id, client_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![id, rfc3339(now), body.kind.as_str(), points, (!reason.is_empty()).then_some(&reason), me, body.client_key],
            )?;
            if body.kind == LedgerKind::Adjust {
                crate::db::audit::record(&tx, me, "points_adjust", &format!("customer:{id}"), &format!("{points:+}: {reason}"))?;
            }
        }
        let reviewed = tier_after(tier, loyalty::qualifying(&all, now), &rules(&tx)?);
        if reviewed != tier {
            tx.execute("UPDATE customers SET tier = ?2 WHERE id = ?1", params![id, reviewed.as_str()])?;
        }
        tx.commit()?;
        account(conn, id, reviewed, now)
    }).await?))
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
    state.db.write(move |conn| {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        visible_tier(&tx, scope, id)?;
        tx.execute("INSERT INTO nps_responses (customer_id, score, channel, answered_at) VALUES (?1, ?2, ?3, ?4)", params![id, body.score, body.channel.as_str(), now])?;
        tx.execute("UPDATE customers SET last_nps = ?2 WHERE id = ?1", params![id, body.score])?;
        tx.commit()?;
        Ok(())
    }).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The programme's settings and tier rules in force.
#[utoipa::path(get, path = "/api/v1/loyalty/rules", tag = "customers", security(("session_cookie" = [])),
    responses((status = 200, description = "Points per yuan, expiry, and the tier rules", body = LoyaltyRules), crate::routes::SignedIn))]
pub async fn loyalty_rules(State(state): State<AppState>, _user: CurrentUser) -> Result<Json<LoyaltyRules>, AppError> {
    Ok(Json(state.db.call(|conn| Ok(LoyaltyRules { programme: programme(conn)?, rules: rules(conn)? })).await?))
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
    Ok(Json(state.db.write(move |conn| {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.execute("UPDATE loyalty_settings SET points_per_yuan = ?1, expiry_months = ?2 WHERE id = 1", params![body.programme.points_per_yuan, body.programme.expiry_months])?;
        tx.execute("DELETE FROM tier_rules", [])?;
        for r in &body.rules {
            tx.execute(
                "INSERT INTO tier_rules (tier, min_qualifying, keep_qualifying, benefits_en, benefits_zh) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![r.tier.as_str(), r.min_qualifying, r.keep_qualifying, r.benefits_en.trim(), r.benefits_zh.trim()],
            )?;
        }
        let summary = body.rules.iter().map(|r| format!("{} {}/{}", r.tier, r.min_qualifying, r.keep_qualifying)).collect::<Vec<_>>().join(", ");
        crate::db::audit::record(&tx, me, "loyalty_rules", "loyalty", &format!("{} pt/yuan, {} months; {summary}", body.programme.points_per_yuan, body.programme.expiry_months))?;
        tx.commit()?;
        Ok(LoyaltyRules { programme: programme(conn)?, rules: rules(conn)? })
    }).await?))
}
