//! Tickets as stored: read with their clocks, opened (by the desk, ingestion and the outbox
//! replay), and acted on with their history.

use chrono::{DateTime, Utc};
use roundtrip_domain::dto::{NewTicket, Staffer, TicketDetail, TicketEntry, TicketRow};
use roundtrip_domain::service::{apply_action, first_due, ActionOutcome, Clock, Directory, TicketAction, TicketError, TicketState};
use roundtrip_domain::assess::ticket_counts_for_churn;
use roundtrip_domain::topics::{classify, Topic};
use roundtrip_domain::trips::cases::CaseKind;
use roundtrip_domain::{Channel, Role, Severity, Stage, TicketStatus};

use crate::db::columns::{enum_col, opt_time_col, store_col, time_col};
use crate::db::customers::read_visible;
use crate::error::AppError;
use crate::time::rfc3339;
use crate::db::sql::{self, Conn, OptionalExt, params, Row};

/// `FROM` and joins every ticket query shares; `?1` is the caller's store scope (NULL: all).
pub const FROM: &str = "FROM tickets t JOIN customers c ON c.id = t.customer_id
    LEFT JOIN stores s ON s.id = t.store_id LEFT JOIN users u ON u.id = t.assignee_id
    WHERE (CAST(?1 AS BIGINT) IS NULL OR t.store_id = ?1)";

pub const COLUMNS: &str = "t.id, t.customer_id, c.name, t.channel, t.kind, t.severity, t.status, t.summary, t.opened_at,
    s.id, s.name, s.city, u.id, u.display_name, t.due_at, t.paused_since, t.first_response_at, t.topic";

pub fn clock_of(r: &Row) -> sql::Result<Clock> {
    clock_at(r, [8, 14, 15, 16])
}

/// A clock from the columns `opened_at, due_at, paused_since, first_response_at` at `idx`.
pub fn clock_at(r: &Row, idx: [usize; 4]) -> sql::Result<Clock> {
    Ok(Clock { spoke_at: time_col(r, idx[0])?, due_at: time_col(r, idx[1])?, paused_since: opt_time_col(r, idx[2])?, answered_at: opt_time_col(r, idx[3])? })
}

pub fn row(r: &Row, now: DateTime<Utc>) -> sql::Result<TicketRow> {
    Ok(TicketRow {
        id: r.get(0)?,
        customer_id: r.get(1)?,
        customer_name: r.get(2)?,
        channel: enum_col(r, 3, Channel::parse)?,
        kind: r.get(4)?,
        severity: enum_col(r, 5, Severity::parse)?,
        status: enum_col(r, 6, TicketStatus::parse)?,
        summary: r.get(7)?,
        spoke_at: time_col(r, 8)?,
        store: store_col(r, 9)?,
        assignee: staffer(r, 12)?,
        clock: clock_of(r)?.view(now),
        topic: enum_col(r, 17, Topic::parse)?,
    })
}

fn staffer(r: &Row, idx: usize) -> sql::Result<Option<Staffer>> {
    Ok(match r.get::<_, Option<i64>>(idx)? {
        Some(id) => Some(Staffer { id, name: r.get(idx + 1)? }),
        None => None,
    })
}

/// The ticket if the caller's scope reaches it; another store's ticket is hidden (404).
pub fn ticket(conn: &Conn, scope: Option<i64>, id: i64, now: DateTime<Utc>) -> Result<(TicketRow, Clock), AppError> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} {FROM} AND t.id = ?2"))?
        .query_row(params![scope, id], |r| Ok((row(r, now)?, clock_of(r)?)))
        .optional()?
        .ok_or_else(|| AppError::not_found("ticket"))
}

pub fn detail(conn: &Conn, scope: Option<i64>, id: i64, now: DateTime<Utc>) -> Result<TicketDetail, AppError> {
    let (ticket, _) = ticket(conn, scope, id, now)?;
    let (recorded_at, first_response_at, resolved_at, csat) = conn.query_row(
        "SELECT coalesce(recorded_at, opened_at), first_response_at, resolved_at, csat FROM tickets WHERE id = ?1",
        [id],
        |r| Ok((time_col(r, 0)?, opt_time_col(r, 1)?, opt_time_col(r, 2)?, r.get::<_, Option<u8>>(3)?)),
    )?;
    let mut stmt = conn.prepare_cached(
        "SELECT h.at, h.action, a.id, a.display_name, h.body, f.id, f.name, f.city, t.id, t.name, t.city, u.id, u.display_name, h.score
           FROM ticket_history h LEFT JOIN users a ON a.id = h.actor_id
           LEFT JOIN stores f ON f.id = h.from_store_id LEFT JOIN stores t ON t.id = h.to_store_id
           LEFT JOIN users u ON u.id = h.assignee_id
          WHERE h.ticket_id = ?1 ORDER BY h.at, h.id",
    )?;
    let history = stmt
        .query_map([id], |r| {
            Ok(TicketEntry {
                at: time_col(r, 0)?,
                action: r.get(1)?,
                actor: staffer(r, 2)?,
                text: r.get(4)?,
                from_store: store_col(r, 5)?,
                to_store: store_col(r, 8)?,
                assignee: staffer(r, 11)?,
                score: r.get(13)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    // tickets from before the desk kept a history: tell it from the ticket's own times
    let history = if history.is_empty() { told(&ticket, recorded_at, first_response_at, resolved_at, csat) } else { history };
    let case = crate::db::cases::read(conn, id)?;
    Ok(TicketDetail { ticket, recorded_at, first_response_at, resolved_at, csat, history, case })
}

fn told(t: &TicketRow, recorded: DateTime<Utc>, answered: Option<DateTime<Utc>>, resolved: Option<DateTime<Utc>>, csat: Option<u8>) -> Vec<TicketEntry> {
    let entry = |at, action: &str, text: Option<String>, score| TicketEntry {
        at, action: action.into(), actor: None, text, from_store: None, to_store: None, assignee: None, score,
    };
    let mut out = vec![entry(recorded, "opened", Some(t.summary.clone()), None)];
    out.extend(answered.map(|at| entry(at, "answer", None, None)));
    out.extend(resolved.map(|at| entry(at, "resolve", None, None)));
    out.extend(csat.zip(resolved).map(|(s, at)| entry(at, "csat", None, Some(s))));
    out
}

/// What a new ticket says.
pub struct Opening<'a> {
    pub customer: i64,
    pub channel: Channel,
    pub kind: &'a str,
    pub severity: Severity,
    pub summary: &'a str,
    pub spoke_at: DateTime<Utc>,
    pub store: Option<i64>,
    pub assignee: Option<i64>,
    /// `None` when a channel system sent it.
    pub actor: Option<i64>,
    pub client_key: Option<&'a str>,
}

/// Opens a ticket whose clock started when the customer spoke, with its first history entry.
pub fn open_ticket(conn: &Conn, o: &Opening, now: DateTime<Utc>) -> sql::Result<i64> {
    let id = conn.insert_returning_id(
        "INSERT INTO tickets (customer_id, channel, kind, severity, status, summary, opened_at, store_id, assignee_id,
             due_at, recorded_at, client_key, topic_by_rules, topic)
         VALUES (?1, ?2, ?3, ?4, 'open', ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12) RETURNING id",
        params![
            o.customer, o.channel.as_str(), o.kind, o.severity.as_str(), o.summary, rfc3339(o.spoke_at), o.store, o.assignee,
            rfc3339(first_due(o.spoke_at)), rfc3339(now), o.client_key, classify(o.summary).as_str()
        ],
    )?;
    conn.prepare_cached("INSERT INTO ticket_history (ticket_id, at, actor_id, action, body, to_store_id, assignee_id) VALUES (?1, ?2, ?3, 'opened', ?4, ?5, ?6)")?
        .execute(params![id, rfc3339(now), o.actor, o.summary, o.store, o.assignee])?;
    if ticket_counts_for_churn(o.kind) {
        crate::db::churn::rescore(conn, o.customer, now)?;
    }
    let told = serde_json::json!({ "ticket_id": id, "customer_id": o.customer, "severity": o.severity.as_str(), "channel": o.channel.as_str(),
        "store_id": o.store, "due_at": rfc3339(first_due(o.spoke_at)) });
    crate::db::webhooks::emit(conn, roundtrip_domain::webhooks::WebhookEvent::TicketOpened, &format!("ticket:{id}"), told, &rfc3339(now))?;
    Ok(id)
}

/// Opens the ticket for feedback staff recorded, with its feedback touch on the timeline.
/// Shared with the outbox replay, which records feedback taken while the store was offline.
pub fn record_feedback(tx: &Conn, opening: &Opening, now: chrono::DateTime<chrono::Utc>) -> Result<i64, AppError> {
    let id = open_ticket(tx, opening, now)?;
    tx.execute(
        "INSERT INTO touchpoints (customer_id, channel, stage, kind, occurred_at, summary, store_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![opening.customer, opening.channel.as_str(), Stage::PostTrip.as_str(), "feedback", rfc3339(opening.spoke_at), opening.summary, opening.store],
    )?;
    crate::db::journeys::mark_stale(tx, opening.customer)?;
    Ok(id)
}

/// Records feedback as a ticket (once per client key) for a customer `scope` may see; the
/// ticket as the caller now sees it.
#[allow(clippy::too_many_arguments)]
pub fn record(conn: &mut Conn, body: &NewTicket, key: Option<&str>, spoke_at: DateTime<Utc>, scope: Option<i64>, me: i64, staff: bool, now: DateTime<Utc>, today: chrono::NaiveDate) -> Result<TicketDetail, AppError> {
    let tx = conn.begin()?;
    let earlier: Option<i64> = match key {
        Some(k) => tx.query_row("SELECT id FROM tickets WHERE client_key = ?1", [k], |r| r.get(0)).optional()?,
        None => None,
    };
    let id = match earlier {
        Some(id) => id,
        None => {
            let home: Option<i64> = read_visible(&tx, body.customer_id, scope, "c.home_store_id", |r| r.get(0))?;
            let opening = Opening {
                customer: body.customer_id, channel: body.channel, kind: &body.kind, severity: body.severity, summary: body.summary.trim(), spoke_at,
                store: scope.or(home), assignee: staff.then_some(me), actor: Some(me), client_key: key,
            };
            let id = record_feedback(&tx, &opening, now)?;
            if let (Some(kind), Some(order)) = (CaseKind::parse(&body.kind), body.order_id) {
                crate::db::cases::open(&tx, id, body.customer_id, order, kind, today)?;
            }
            id
        }
    };
    tx.commit()?;
    detail(conn, scope, id, now)
}

/// Applies `action` to a ticket `scope` may see, with its history line; the ticket afterwards.
pub fn act(conn: &mut Conn, id: i64, action: &TicketAction, scope: Option<i64>, me: i64, now: DateTime<Utc>) -> Result<TicketDetail, AppError> {
    let tx = conn.begin()?;
    let (current, clock) = ticket(&tx, scope, id, now)?;
    if let Some(stage) = crate::db::cases::stage(&tx, id)? {
        if !roundtrip_domain::trips::cases::ticket_action_allowed(stage, action) {
            return Err(AppError::new(axum::http::StatusCode::CONFLICT, "case_open", "a change or refund case closes by completing or refusing it"));
        }
    }
    let moved = apply(&tx, &current, clock, action, Logged { action: action.name(), text: action.text() }, Some(me), now)?;
    if let TicketAction::Topic { topic } = action {
        tx.execute("UPDATE tickets SET topic = ?2, topic_corrected_by = ?3 WHERE id = ?1", params![id, topic.as_str(), me])?;
    }
    tx.commit()?;
    // after a handoff staff of the old store no longer see it: answer with what they did
    detail(conn, if moved { None } else { scope }, id, now)
}

/// What a history line records of a step: its name and text.
pub struct Logged<'a> {
    pub action: &'a str,
    pub text: Option<&'a str>,
}

/// Applies `action` to `current` inside a transaction and writes `logged` to its history
/// (`actor` `None`: a channel system); whether the ticket moved to another store.
pub fn apply(tx: &Conn, current: &TicketRow, clock: Clock, action: &TicketAction, logged: Logged, actor: Option<i64>, now: DateTime<Utc>) -> Result<bool, AppError> {
    let out = decide(tx, current, clock, action, now)??;
    Ok(record_outcome(tx, current, &out, logged, actor, now)?)
}

/// What `action` does to `current`, by the desk's rules (reading the directories it names).
pub fn decide(tx: &Conn, current: &TicketRow, clock: Clock, action: &TicketAction, now: DateTime<Utc>) -> sql::Result<Result<ActionOutcome, TicketError>> {
    let before = TicketState { status: current.status, clock, store: current.store.as_ref().map(|s| s.id), assignee: current.assignee.as_ref().map(|a| a.id) };
    Ok(apply_action(before, action, now, directory(tx, action)?))
}

/// Writes a decided outcome and its history line; whether the ticket moved to another store.
pub fn record_outcome(tx: &Conn, current: &TicketRow, out: &ActionOutcome, logged: Logged, actor: Option<i64>, now: DateTime<Utc>) -> sql::Result<bool> {
    let id = current.id;
    let after = out.state;
    tx.execute(
        "UPDATE tickets SET status = ?2, due_at = ?3, paused_since = ?4, first_response_at = ?5, store_id = ?6, assignee_id = ?7,
                resolved_at = coalesce(?8, resolved_at), csat = coalesce(?9, csat)
          WHERE id = ?1",
        params![
            id, after.status.as_str(), rfc3339(after.clock.due_at), after.clock.paused_since.map(rfc3339), after.clock.answered_at.map(rfc3339),
            after.store, after.assignee, out.resolved_at.map(rfc3339), out.csat
        ],
    )?;
    let moved = out.handed_from.is_some();
    log(tx, id, &logged, actor, out.handed_from, moved.then_some(after.store).flatten(), out.assigned, out.csat, now)?;
    if ticket_counts_for_churn(&current.kind) {
        crate::db::churn::rescore(tx, current.customer_id, now)?;
    }
    Ok(moved)
}

/// One line of a ticket's history.
#[allow(clippy::too_many_arguments)]
pub fn log(tx: &Conn, id: i64, logged: &Logged, actor: Option<i64>, from: Option<i64>, to: Option<i64>, assignee: Option<i64>, score: Option<u8>, now: DateTime<Utc>) -> sql::Result<()> {
    tx.execute(
        "INSERT INTO ticket_history (ticket_id, at, actor_id, action, body, from_store_id, to_store_id, assignee_id, score)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![id, rfc3339(now), actor, logged.action, logged.text.map(str::trim), from, to, assignee, score],
    )?;
    Ok(())
}

/// What the directories say about the assignee and store an action names.
fn directory(conn: &Conn, action: &TicketAction) -> sql::Result<Directory> {
    let (assignee, store) = match action {
        TicketAction::Assign { assignee_id } => (Some(*assignee_id), None),
        TicketAction::Handoff { store_id, assignee_id, .. } => (*assignee_id, Some(*store_id)),
        _ => return Ok(Directory::default()),
    };
    let assignee = match assignee {
        Some(user) => conn
            .query_row("SELECT role, store_id FROM users WHERE id = ?1 AND disabled = 0", [user], |r| Ok((enum_col(r, 0, Role::parse)?, r.get(1)?)))
            .optional()?,
        None => None,
    };
    let target_store_exists = match store {
        Some(store) => crate::db::stores::exists(conn, store)?,
        None => false,
    };
    Ok(Directory { assignee, target_store_exists })
}
