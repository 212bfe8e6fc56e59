//! What complaints are about: the report by topic and agency month, store and channel, and the
//! complaints behind one of its cells. Managers and admins only.

use axum::extract::State;
use roundtrip_domain::dto::{ErrorEnvelope, JourneyQuery, TicketRow, TopicReport, TopicTicketsQuery};
use roundtrip_domain::topics::Topic;
use roundtrip_domain::Channel;

use crate::auth::CurrentUser;
use crate::db::period::Period;
use crate::error::AppError;
use crate::extract::{Json, Query};
use crate::state::AppState;

/// Complaints opened in the period (default: the last 90 days) by topic and month, store and
/// channel, with how often staff corrected the rules' reading.
#[utoipa::path(get, path = "/api/v1/service/topics", tag = "service", params(JourneyQuery), security(("session_cookie" = [])),
    responses(
        (status = 200, description = "Complaints by topic and month, store and channel", body = TopicReport),
        (status = 400, description = "Bad query parameter", body = ErrorEnvelope),
        crate::routes::ManagerOnly,
    ))]
pub async fn topic_report(State(state): State<AppState>, user: CurrentUser, Query(q): Query<JourneyQuery>) -> Result<Json<TopicReport>, AppError> {
    user.require_manager("complaint topics are for managers")?;
    let period = Period::parse(&q, &state.clock)?;
    let report = state.db.report(move |conn| crate::db::topics::report(conn, &period)).await?;
    Ok(Json(report))
}

/// The complaints about one topic in the period, or in one month of it (at most 200, newest
/// first), optionally of one handling store and channel.
#[utoipa::path(get, path = "/api/v1/service/topics/tickets", tag = "service", params(TopicTicketsQuery), security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The complaints behind a cell of the topic report", body = Vec<TicketRow>),
        (status = 400, description = "Unknown topic, channel or month", body = ErrorEnvelope),
        crate::routes::ManagerOnly,
    ))]
pub async fn topic_tickets(State(state): State<AppState>, user: CurrentUser, Query(q): Query<TopicTicketsQuery>) -> Result<Json<Vec<TicketRow>>, AppError> {
    user.require_manager("complaint topics are for managers")?;
    let topic = Topic::parse(&q.topic).ok_or_else(|| AppError::invalid_query("topic", "not a complaint topic"))?;
    let channel = match q.channel.as_deref() {
        Some(c) => Some(Channel::parse(c).ok_or_else(|| AppError::invalid_query("channel", "not a channel"))?),
        None => None,
    };
    let period = Period::new(q.from, q.to, q.store_id, None, &state.clock)?;
    let (scope, now) = (user.store_scope(), state.clock.now());
    let list = state
        .db
        .report(move |conn| crate::db::topics::tickets(conn, scope, &period, topic, q.month.as_deref(), channel, now))
        .await?
        .ok_or_else(|| AppError::invalid_query("month", "a month is written YYYY-MM"))?;
    Ok(Json(list))
}
