//! The service desk's inboxes as stored: mine, my store, due soon, breached, all.

use chrono::{DateTime, Utc};
use roundtrip_domain::dto::{InboxCounts, InboxPage};
use roundtrip_domain::paging::PageRequest;
use roundtrip_domain::service::{warn_window, Inbox};

use crate::db::tickets::{row, COLUMNS, FROM};
use crate::error::AppError;
use crate::time::rfc3339;
use crate::db::sql::{params_from_iter, self, Conn, Value};

/// Still waiting for a first answer, clock running.
const UNANSWERED: &str = "t.first_response_at IS NULL AND t.status <> 'resolved' AND t.paused_since IS NULL";

/// The condition of each inbox over `t`, with its arguments from `?3` on (`?1` is the caller's
/// scope, `?2` the chosen store).
fn condition(inbox: Inbox, me: i64, now: DateTime<Utc>) -> (String, Vec<Value>) {
    let at = |t: DateTime<Utc>| Value::Text(rfc3339(t));
    match inbox {
        Inbox::Mine => ("t.status <> 'resolved' AND t.assignee_id = ?3".into(), vec![Value::Integer(me)]),
        Inbox::Store => ("t.status <> 'resolved'".into(), vec![]),
        Inbox::DueSoon => (format!("{UNANSWERED} AND t.due_at >= ?3 AND t.due_at <= ?4"), vec![at(now), at(now + warn_window())]),
        Inbox::Breached => (format!("{UNANSWERED} AND t.due_at < ?3"), vec![at(now)]),
        Inbox::All => ("1 = 1".into(), vec![]),
    }
}

/// The SQL of an inbox for the caller's `scope` and the `chosen` store, with its arguments.
fn query(b: Inbox, scope: Option<i64>, chosen: Option<i64>, me: i64, now: DateTime<Utc>, select: &str, tail: &str) -> (String, Vec<Value>) {
    let (cond, extra) = condition(b, me, now);
    let mut args = vec![scope.map_or(Value::Null, Value::Integer), chosen.map_or(Value::Null, Value::Integer)];
    args.extend(extra);
    (format!("SELECT {select} {FROM} AND (CAST(?2 AS BIGINT) IS NULL OR t.store_id = ?2) AND {cond} {tail}"), args)
}

/// How many tickets an inbox holds (the service dashboard's "due soon / breached now" too).
pub fn count(conn: &Conn, b: Inbox, scope: Option<i64>, chosen: Option<i64>, me: i64, now: DateTime<Utc>) -> sql::Result<u64> {
    let (sql, args) = query(b, scope, chosen, me, now, "count(*)", "");
    conn.prepare_cached(&sql)?.query_row(params_from_iter(args), |r| r.get::<_, i64>(0)).map(|n| n as u64)
}

/// Unanswered first, by deadline; everything: newest first.
fn order(inbox: Inbox) -> &'static str {
    match inbox {
        Inbox::All => "t.opened_at DESC, t.id DESC",
        _ => "t.first_response_at IS NOT NULL, t.due_at, t.id",
    }
}

/// One page of `inbox` with the count of every inbox.
pub fn page(conn: &Conn, inbox: Inbox, scope: Option<i64>, chosen: Option<i64>, me: i64, now: DateTime<Utc>, paging: PageRequest) -> Result<InboxPage, AppError> {
    let count = |b: Inbox| count(conn, b, scope, chosen, me, now);
    let counts = InboxCounts { mine: count(Inbox::Mine)?, store: count(Inbox::Store)?, due_soon: count(Inbox::DueSoon)?, breached: count(Inbox::Breached)? };
    let total = match inbox {
        Inbox::Mine => counts.mine,
        Inbox::Store => counts.store,
        Inbox::DueSoon => counts.due_soon,
        Inbox::Breached => counts.breached,
        Inbox::All => count(Inbox::All)?,
    };
    let (sql, args) = query(inbox, scope, chosen, me, now, COLUMNS, &format!("ORDER BY {} LIMIT {} OFFSET {}", order(inbox), paging.page_size, paging.offset()));
    let items = conn.prepare_cached(&sql)?.query_map(params_from_iter(args), |r| row(r, now))?.collect::<Result<Vec<_>, _>>()?;
    Ok(InboxPage { items, total, counts })
}
