use roundtrip_domain::dto::{InboxPage, InboxQuery, JourneyQuery, NewTicket, ServiceDashboard, TicketDetail, TicketRow, TopicReport};
use roundtrip_domain::topics::Topic;
use roundtrip_domain::service::TicketAction;
use roundtrip_domain::trips::cases::CaseStep;

use super::{encode_query, get_json, post_json, ApiError};

pub async fn inbox(q: &InboxQuery) -> Result<InboxPage, ApiError> {
    let mut pairs = vec![("inbox", q.inbox.map(|i| i.as_str()).unwrap_or("store").to_string())];
    if let Some(s) = q.store_id {
        pairs.push(("store_id", s.to_string()));
    }
    if let Some(p) = q.page {
        pairs.push(("page", p.to_string()));
    }
    get_json(&format!("/api/v1/tickets?{}", encode_query(&pairs))).await
}

pub async fn ticket(id: i64) -> Result<TicketDetail, ApiError> {
    get_json(&format!("/api/v1/tickets/{id}")).await
}

pub async fn record(body: &NewTicket) -> Result<TicketDetail, ApiError> {
    post_json("/api/v1/tickets", body).await
}

pub async fn act(id: i64, action: TicketAction) -> Result<TicketDetail, ApiError> {
    post_json(&format!("/api/v1/tickets/{id}/actions"), &action).await
}

/// One step of the change or refund case a ticket carries.
pub async fn step_case(id: i64, step: CaseStep) -> Result<TicketDetail, ApiError> {
    post_json(&format!("/api/v1/tickets/{id}/case"), &step).await
}

pub async fn dashboard(q: &JourneyQuery) -> Result<ServiceDashboard, ApiError> {
    get_json(&format!("/api/v1/service/dashboard?{}", super::overview::query_string(q))).await
}

pub async fn care_tasks() -> Result<roundtrip_domain::dto::CareTasks, ApiError> {
    get_json("/api/v1/care-tasks").await
}

pub async fn generate_care() -> Result<roundtrip_domain::dto::CareTasks, ApiError> {
    post_json("/api/v1/care-tasks/generate", &roundtrip_domain::dto::GenerateCare { days: Some(7) }).await
}

pub async fn complete_care(id: i64) -> Result<(), ApiError> {
    super::post_no_content(&format!("/api/v1/care-tasks/{id}/done")).await
}

pub async fn topics(q: &JourneyQuery) -> Result<TopicReport, ApiError> {
    get_json(&format!("/api/v1/service/topics?{}", super::overview::query_string(q))).await
}

/// The complaints behind one cell of the topic report (the period's store filter applies).
pub async fn topic_tickets(q: &JourneyQuery, topic: Topic, month: Option<&str>) -> Result<Vec<TicketRow>, ApiError> {
    let mut pairs = vec![("topic", topic.as_str().to_string())];
    pairs.extend(month.map(|m| ("month", m.to_string())));
    pairs.extend(q.from.map(|d| ("from", d.to_string())));
    pairs.extend(q.to.map(|d| ("to", d.to_string())));
    pairs.extend(q.store_id.map(|s| ("store_id", s.to_string())));
    get_json(&format!("/api/v1/service/topics/tickets?{}", encode_query(&pairs))).await
}

/// Schedule changes announced in the period, with their figures.
pub async fn disruptions(q: &JourneyQuery) -> Result<roundtrip_domain::trips::disruptions::DisruptionList, ApiError> {
    get_json(&format!("/api/v1/disruptions?{}", super::overview::query_string(q))).await
}

/// Bookings leaving in the next 14 days (a manager may pick a store).
pub async fn departures(store: Option<i64>) -> Result<roundtrip_domain::trips::departures::Departures, ApiError> {
    let query = store.map(|s| format!("?store_id={s}")).unwrap_or_default();
    get_json(&format!("/api/v1/departures{query}")).await
}

pub async fn disruption(id: i64) -> Result<roundtrip_domain::trips::disruptions::DisruptionDetail, ApiError> {
    get_json(&format!("/api/v1/disruptions/{id}")).await
}

/// The customer was told, or what they chose.
pub async fn step_disruption_case(
    disruption: i64,
    case: i64,
    step: roundtrip_domain::trips::disruptions::DisruptionStep,
) -> Result<roundtrip_domain::trips::disruptions::DisruptionCase, ApiError> {
    post_json(&format!("/api/v1/disruptions/{disruption}/cases/{case}"), &step).await
}
