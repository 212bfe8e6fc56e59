//! `POST /api/v1/events`: the lightweight data middle platform. Channel systems push batches;
//! each event is validated on its own, applied at most once (by `event_id`), and either fully
//! written or not at all, so one bad event never blocks or half-writes the others.


use axum::extract::State;
use axum::http::StatusCode;
use roundtrip_domain::dto::ErrorEnvelope;
use roundtrip_domain::events::{drop_unusable, validate, ChannelEvent, EventBatch, IngestReport, IngestWarning, RejectedEvent, MAX_BATCH};
use roundtrip_domain::tokens::Grant;
use serde::Deserialize;
use serde_json::json;
use serde_json::value::RawValue;

use crate::auth::Pusher;
use crate::db::with_stable_plans;
use crate::error::AppError;
use crate::extract::{BatchJson, Json};
use crate::state::AppState;

/// The body as received (documented as [`EventBatch`]): each event is kept as its JSON text and
/// parsed once, straight into a `ChannelEvent`, so that one malformed event is refused alone.
/// (Through a `serde_json::Value` first, every event was parsed twice.)
#[derive(Deserialize)]
pub struct RawBatch {
    events: Vec<Box<RawValue>>,
}

/// Enough of a refused event to name it in the report (none when its id is not a string).
#[derive(Deserialize)]
struct EventIdOnly {
    event_id: Option<String>,
}

/// Ingests a batch of channel events: from a channel system with an API token
/// (`Authorization: Bearer`), or from a manager or admin signed in (an import).
#[utoipa::path(post, path = "/api/v1/events", tag = "events", request_body = EventBatch,
    security(("api_token" = []), ("session_cookie" = [])),
    responses(
        (status = 200, description = "Per-event outcome: accepted, duplicates and rejected with reasons (an event outside a scoped token's source or store is rejected with `token_scope`)", body = IngestReport),
        crate::routes::ManagerOnly,
        (status = 429, description = "The token's requests per minute are used up; `Retry-After` says when to try again", body = ErrorEnvelope),
        (status = 413, description = "More than 1,000 events in one batch", body = ErrorEnvelope),
        (status = 422, description = "The body is not `{ \"events\": [...] }`", body = ErrorEnvelope),
    ))]
pub async fn ingest(State(state): State<AppState>, pusher: Pusher, Json(batch): BatchJson<RawBatch>) -> Result<Json<IngestReport>, AppError> {
    let (by, grant) = match &pusher {
        Pusher::Person(user) => {
            user.require_manager("store staff may not push channel events")?;
            (user.id(), None)
        }
        Pusher::Machine(m) => (m.issued_by, Some(m.grant)),
    };
    if batch.events.len() > MAX_BATCH {
        return Err(AppError::new(StatusCode::PAYLOAD_TOO_LARGE, "batch_too_large", format!("at most {MAX_BATCH} events per batch"))
            .with_details(json!({ "max": MAX_BATCH, "got": batch.events.len() })));
    }
    let mut report = IngestReport::default();
    let mut valid = Vec::with_capacity(batch.events.len());
    for (index, raw) in batch.events.into_iter().enumerate() {
        match admit(index, raw.get(), grant) {
            Ok((event, warnings)) => {
                valid.push((index, event));
                report.warnings.extend(warnings);
            }
            Err(rejected) => report.rejected.push(rejected),
        }
    }
    let vault = state.id_vault.clone();
    let now = crate::db::events::Received { at: state.clock.now(), today: state.clock.today(), by };
    let mut report = state.db.write(move |conn| with_stable_plans(conn, |conn| crate::db::events::apply_batch(conn, &valid, report.clone(), &vault, now))).await?;
    // what was left out matters only for an event that went in
    let refused: std::collections::HashSet<usize> = report.rejected.iter().map(|r| r.index).collect();
    report.warnings.retain(|w| !refused.contains(&w.index));
    Ok(Json(report))
}

/// One event of a batch as received: parsed (a malformed one is refused naming its field, not
/// a line and column), its unusable optional values left out (each a warning), checked, and
/// held to a scoped token's source and store.
fn admit(index: usize, raw: &str, grant: Option<Grant>) -> Result<(ChannelEvent, Vec<IngestWarning>), RejectedEvent> {
    let refuse = |event_id: Option<String>, code: &str, field: Option<String>, message: String| RejectedEvent { index, event_id, code: code.into(), message, field };
    let mut event: ChannelEvent = serde_path_to_error::deserialize(&mut serde_json::Deserializer::from_str(raw)).map_err(|e| {
        let event_id = serde_json::from_str::<EventIdOnly>(raw).ok().and_then(|e| e.event_id);
        let inner = e.inner().to_string();
        let what = inner.split(" at line ").next().unwrap_or(&inner).to_owned();
        let field = Some(e.path().to_string()).filter(|p| p != ".");
        let message = field.as_ref().map_or(what.clone(), |f| format!("{f}: {what}"));
        refuse(event_id, "invalid_event", field, message)
    })?;
    let warnings = drop_unusable(&mut event)
        .into_iter()
        .map(|d| IngestWarning { index, event_id: event.event_id.clone(), field: d.field.into(), code: "value_dropped".into(), message: format!("{} left out: {}", d.field, d.why) })
        .collect();
    let id = Some(event.event_id.clone());
    validate(&event).map_err(|e| refuse(id.clone(), "invalid_event", Some(e.refusal().field), e.to_string()))?;
    if let Some(Err(r)) = grant.map(|g| g.permits(&event)) {
        return Err(refuse(id, "token_scope", Some(r.field.clone()), format!("this token may not push events with this {}", r.field)));
    }
    Ok((event, warnings))
}
