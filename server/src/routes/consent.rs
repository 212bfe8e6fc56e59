//! Consent per purpose and channel: recorded by staff (or channel systems), audited, shown on
//! the profile, and obeyed by the marketing audience. See `domain/src/consent.rs` for the rule.

use std::collections::{HashMap, HashSet};

use axum::extract::{Path, State};
use axum::http::StatusCode;
use roundtrip_domain::consent::{allows, check, current, ContactChannel, Purpose, NOTICE_VERSION};
use roundtrip_domain::dto::{Audience, ConsentRecord, Consents, CustomerSummary, ErrorEnvelope, NewConsent};
use roundtrip_domain::{Channel, Segment, Tier};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::Deserialize;
use serde_json::json;

use crate::db::customers::{summary, SUMMARY_COLUMNS, VISIBLE};
use super::parse_id;
use crate::auth::CurrentUser;
use crate::db::consents::history;
use crate::db::columns::{enum_col, time_col};
use crate::error::AppError;
use crate::extract::{Json, Query};
use crate::state::AppState;
use crate::time::rfc3339;

fn consents(conn: &Connection, id: i64) -> rusqlite::Result<Consents> {
    let history = history(conn, id)?;
    Ok(Consents { current: current(&history), history, notice_version: NOTICE_VERSION.into() })
}

fn visible(conn: &Connection, id: i64, scope: Option<i64>) -> Result<(), AppError> {
    conn.query_row(&format!("SELECT 1 FROM customers c WHERE c.id = ?1 AND {VISIBLE}"), params![id, scope], |_| Ok(()))
        .optional()?
        .ok_or_else(|| AppError::not_found("customer"))
}

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
    Ok(Json(state.db.call(move |conn| { visible(conn, id, scope)?; Ok::<_, AppError>(consents(conn, id)?) }).await?))
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
        .write(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            visible(&tx, id, scope)?;
            tx.execute(
                "INSERT INTO consents (customer_id, purpose, channel, granted, text_version, at, source, actor_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![id, req.purpose.as_str(), req.channel.as_str(), req.granted, req.text_version.trim(), now, req.source.as_str(), actor],
            )?;
            let detail = json!({ "purpose": req.purpose, "channel": req.channel, "granted": req.granted, "text_version": req.text_version.trim() });
            crate::db::audit::record(&tx, actor, if req.granted { "consent_given" } else { "consent_withdrawn" }, &format!("customer:{id}"), &detail.to_string())?;
            let answer = consents(&tx, id)?;
            tx.commit()?;
            Ok::<_, AppError>(answer)
        })
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

const AUDIENCE_ITEMS: usize = 200;

/// Who a marketing campaign may reach (managers): customers matching the filters whose latest
/// marketing answer for the channel, or for any channel, is a grant. Everyone else is counted
/// as excluded and never listed. Audited, as it is an export of personal data.
#[utoipa::path(get, path = "/api/v1/marketing/audience", tag = "customers", params(AudienceQuery), security(("session_cookie" = [])),
    responses(
        (status = 200, description = "Counts and the first eligible customers (masked)", body = Audience),
        crate::routes::ManagerOnly,
    ))]
pub async fn marketing_audience(State(state): State<AppState>, user: CurrentUser, Query(q): Query<AudienceQuery>) -> Result<Json<Audience>, AppError> {
    user.require_manager("the marketing audience is for managers")?;
    let scope = user.store_scope().or(q.store_id);
    let actor = user.id();
    let audience = state
        .db
        .write(move |conn| {
            // one rule for every use of consent: load the answers, decide in the domain
            let mut answers: HashMap<i64, Vec<ConsentRecord>> = HashMap::new();
            let mut stmt = conn.prepare_cached(
                "SELECT customer_id, channel, granted, at FROM consents WHERE purpose = 'marketing' AND channel IN ('any', ?1)",
            )?;
            let rows = stmt.query_map([q.channel.as_str()], |r| {
                Ok((r.get::<_, i64>(0)?, enum_col(r, 1, ContactChannel::parse)?, r.get::<_, bool>(2)?, time_col(r, 3)?))
            })?;
            for row in rows {
                let (customer, channel, granted, at) = row?;
                answers.entry(customer).or_default().push(ConsentRecord {
                    purpose: Purpose::Marketing, channel, granted, text_version: String::new(), at, source: Channel::Store, recorded_by: None,
                });
            }
            let allowed: HashSet<i64> = answers.iter().filter(|(_, h)| allows(h, Purpose::Marketing, q.channel)).map(|(id, _)| *id).collect();

            let sql = format!(
                "SELECT {SUMMARY_COLUMNS} FROM customers c LEFT JOIN stores s ON s.id = c.home_store_id
                  WHERE c.merged_into IS NULL AND c.erased_at IS NULL AND (?1 IS NULL OR c.home_store_id = ?1)
                    AND (?2 IS NULL OR c.segment = ?2) AND (?3 IS NULL OR c.tier = ?3)
                  ORDER BY c.last_active_at DESC"
            );
            let mut stmt = conn.prepare_cached(&sql)?;
            let (mut eligible, mut excluded, mut items) = (0u64, 0u64, Vec::<CustomerSummary>::new());
            let mut rows = stmt.query(params![scope, q.segment.map(|s| s.as_str()), q.tier.map(|t| t.as_str())])?;
            while let Some(r) = rows.next()? {
                let id: i64 = r.get(0)?;
                if !allowed.contains(&id) {
                    excluded += 1;
                    continue;
                }
                eligible += 1;
                if items.len() < AUDIENCE_ITEMS {
                    items.push(summary(r)?);
                }
            }
            drop(rows);
            let detail = json!({ "channel": q.channel, "segment": q.segment, "tier": q.tier, "store_id": scope, "eligible": eligible });
            crate::db::audit::record(conn, actor, "audience_export", "marketing", &detail.to_string())?;
            Ok::<_, AppError>(Audience { channel: q.channel, segment: q.segment, tier: q.tier, store_id: scope, eligible, excluded, items })
        })
        .await?;
    Ok(Json(audience))
}
