//! Personalised care: birthday, trip-anniversary and post-trip tasks generated as follow-ups
//! (once per customer, kind and day however often generation runs), listed for the store, and
//! completed as a `care` touch that care coverage counts.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::{Datelike, Duration, NaiveDate};
use roundtrip_domain::care::{month_days, returns_for, window, CareKind, MAX_WINDOW_DAYS};
use roundtrip_domain::dto::{CareTask, CareTasks, ErrorEnvelope, GenerateCare};
use rusqlite::{params, Connection, OptionalExtension};

use crate::auth::CurrentUser;
use crate::db::columns::{date_col, enum_col, store_col};
use crate::error::AppError;
use crate::extract::Json;
use crate::routes::parse_id;
use crate::state::AppState;
use crate::time::rfc3339;

/// Customers `c` a care list covers: staff their own store's (not every online-only customer).
const SCOPE: &str = "c.merged_into IS NULL AND (?1 IS NULL OR c.home_store_id = ?1)";

fn open_tasks(conn: &Connection, scope: Option<i64>, today: NaiveDate) -> rusqlite::Result<Vec<CareTask>> {
    conn.prepare_cached(&format!(
        "SELECT f.id, c.id, c.name, f.care_kind, f.title, f.due_on, s.id, s.name, s.city
           FROM follow_ups f JOIN customers c ON c.id = f.customer_id LEFT JOIN stores s ON s.id = c.home_store_id
          WHERE f.care_kind IS NOT NULL AND f.done_at IS NULL AND f.due_on <= ?2 AND {SCOPE}
          ORDER BY f.due_on, f.id LIMIT 500"
    ))?
    .query_map(params![scope, (today + Duration::days(7)).to_string()], |r| {
        Ok(CareTask {
            id: r.get(0)?,
            customer_id: r.get(1)?,
            customer_name: r.get(2)?,
            kind: enum_col(r, 3, CareKind::parse)?,
            title: r.get(4)?,
            due_on: date_col(r, 5)?.unwrap_or(today),
            store: store_col(r, 6)?,
        })
    })?
    .collect()
}

/// Open care tasks due within a week, overdue ones first.
#[utoipa::path(get, path = "/api/v1/care-tasks", tag = "service", security(("session_cookie" = [])),
    responses((status = 200, description = "Open care tasks of the caller's store (all stores for managers)", body = CareTasks), crate::routes::SignedIn))]
pub async fn care_tasks(State(state): State<AppState>, user: CurrentUser) -> Result<Json<CareTasks>, AppError> {
    let scope = user.store_scope();
    let today = state.clock.today();
    Ok(Json(state.db.call(move |conn| Ok(CareTasks { items: open_tasks(conn, scope, today)?, created: 0 })).await?))
}

/// Generates the care tasks due over the next `days` (default 7) for the caller's customers.
#[utoipa::path(post, path = "/api/v1/care-tasks/generate", tag = "service", request_body = GenerateCare, security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The open tasks afterwards, and how many were added", body = CareTasks),
        (status = 422, description = "days outside 1–31", body = ErrorEnvelope),
        crate::routes::SignedIn,
    ))]
pub async fn generate_care(State(state): State<AppState>, user: CurrentUser, Json(body): Json<GenerateCare>) -> Result<Json<CareTasks>, AppError> {
    let days = body.days.unwrap_or(7);
    if !(1..=MAX_WINDOW_DAYS).contains(&days) {
        return Err(AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", format!("days: 1 to {MAX_WINDOW_DAYS}")));
    }
    let (scope, me) = (user.store_scope(), user.id());
    let (now, today) = (state.clock.now(), state.clock.today());
    Ok(Json(state.db.write(move |conn| {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let days = window(today, days);
        let mut created = 0u64;
        let insert = "INSERT OR IGNORE INTO follow_ups (customer_id, author_id, title, due_on, created_at, care_kind)";
        for (md, due) in month_days(&days) {
            created += tx.execute(
                &format!("{insert} SELECT c.id, ?2, '生日问候 / Birthday greeting', ?3, ?4, 'birthday' FROM customers c WHERE {SCOPE} AND c.birthday = ?5"),
                params![scope, me, due.to_string(), rfc3339(now), md],
            )? as u64;
            created += tx.execute(
                &format!("{insert} SELECT o.customer_id, ?2, o.title, ?3, ?4, 'trip_anniversary' FROM orders o JOIN customers c ON c.id = o.customer_id
                          WHERE {SCOPE} AND o.status = 'completed' AND substr(o.departure, 6, 5) = ?5 AND substr(o.departure, 1, 4) < ?6"),
                params![scope, me, due.to_string(), rfc3339(now), md, due.year().to_string()],
            )? as u64;
        }
        for (ret, due) in returns_for(&days).into_iter().zip(&days) {
            created += tx.execute(
                &format!("{insert} SELECT o.customer_id, ?2, o.title, ?3, ?4, 'post_trip' FROM orders o JOIN customers c ON c.id = o.customer_id
                          WHERE {SCOPE} AND o.status IN ('paid', 'completed') AND o.return_date = ?5"),
                params![scope, me, due.to_string(), rfc3339(now), ret.to_string()],
            )? as u64;
        }
        tx.commit()?;
        Ok(CareTasks { items: open_tasks(conn, scope, today)?, created })
    }).await?))
}

/// Marks a care task done: the customer got the call, message or card, recorded as a care
/// touch on their timeline.
#[utoipa::path(post, path = "/api/v1/care-tasks/{id}/done", tag = "service", params(("id" = i64, Path)), security(("session_cookie" = [])),
    responses(
        (status = 204, description = "Done; a care touch is on the customer's timeline"),
        (status = 404, description = "No such open care task for the caller's customers", body = ErrorEnvelope),
        crate::routes::SignedIn,
    ))]
pub async fn complete_care(State(state): State<AppState>, user: CurrentUser, Path(id): Path<String>) -> Result<StatusCode, AppError> {
    let id = parse_id(&id)?;
    let scope = user.store_scope();
    let channel = crate::routes::customers::contact_channel(&user);
    let now = rfc3339(state.clock.now());
    state.db.write(move |conn| {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let task: Option<(i64, String, Option<i64>)> = tx
            .query_row(
                &format!("SELECT c.id, f.title, c.home_store_id FROM follow_ups f JOIN customers c ON c.id = f.customer_id
                           WHERE f.id = ?2 AND f.care_kind IS NOT NULL AND f.done_at IS NULL AND {SCOPE}"),
                params![scope, id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let (customer, title, store) = task.ok_or_else(|| AppError::not_found("care task"))?;
        tx.execute("UPDATE follow_ups SET done_at = ?2 WHERE id = ?1", params![id, now])?;
        crate::db::care::record_care_touch(&tx, customer, channel, &title, store, &now)?;
        // the follow-up list on the profile changed: open copies must reload before editing
        tx.execute("UPDATE customers SET version = version + 1 WHERE id = ?1", [customer])?;
        tx.commit()?;
        Ok(())
    }).await?;
    Ok(StatusCode::NO_CONTENT)
}

