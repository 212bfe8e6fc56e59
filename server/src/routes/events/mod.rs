//! `POST /api/v1/events`: the lightweight data middle platform. Channel systems push batches;
//! each event is validated on its own, applied at most once (by `event_id`), and either fully
//! written or not at all, so one bad event never blocks or half-writes the others.


use axum::extract::State;
use axum::http::StatusCode;
use roundtrip_domain::dto::ErrorEnvelope;
use roundtrip_domain::events::{validate, ChannelEvent, EventBatch, IngestReport, RejectedEvent, MAX_BATCH};
use serde::Deserialize;
use serde_json::json;
use serde_json::value::RawValue;

use crate::auth::Pusher;
use crate::db::with_stable_plans;
use crate::error::AppError;
use crate::extract::Json;
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
pub async fn ingest(State(state): State<AppState>, pusher: Pusher, Json(batch): Json<RawBatch>) -> Result<Json<IngestReport>, AppError> {
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
        let parsed = serde_json::from_str::<ChannelEvent>(raw.get()).map_err(|e| e.to_string()).and_then(|e| validate(&e).map(|_| e).map_err(|e| e.to_string()));
        match parsed {
            Ok(event) => match grant.map_or(Ok(()), |g| g.permits(&event)) {
                Ok(()) => valid.push((index, event)),
                Err(refusal) => report.rejected.push(RejectedEvent {
                    index,
                    event_id: Some(event.event_id.clone()),
                    code: "token_scope".into(),
                    message: format!("this token may not push events with this {}", refusal.field),
                }),
            },
            Err(message) => {
                let event_id = serde_json::from_str::<EventIdOnly>(raw.get()).ok().and_then(|e| e.event_id);
                report.rejected.push(RejectedEvent { index, event_id, code: "invalid_event".into(), message })
            }
        }
    }
    let vault = state.id_vault.clone();
    let now = crate::db::events::Received { at: state.clock.now(), today: state.clock.today(), by };
    let report = state.db.write(move |conn| with_stable_plans(conn, |conn| crate::db::events::apply_batch(conn, &valid, report.clone(), &vault, now))).await?;
    Ok(Json(report))
}
