//! Merging two customer records into one, and undoing it exactly. Every row that moves is
//! recorded by key; rows the survivor already had (same identity, tag, community, event,
//! ID hash) are folded away and recorded whole, so an unmerge puts every row back.

use axum::http::StatusCode;
use roundtrip_domain::audit::AuditDetail;
use roundtrip_domain::dto::{BulkAction, BulkOutcome, BulkReviewItem, MergeRequest, MergeResult};
use roundtrip_domain::matching::{bulk_choice, MergeSide};
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use super::names::index_name;
use crate::error::AppError;
use super::registry;
use crate::db::sql::{SqlError, params_from_iter, self, Conn, OptionalExt, params, Value};


#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Undo {
    /// The survivor's customers row before the merge, column by column.
    survivor_before: Vec<(String, Json)>,
    /// table → keys (the registry's move key, or a fold key tuple) moved from the merged
    /// record to the survivor.
    moved: Vec<(String, Vec<Vec<Json>>)>,
    /// table → whole rows of the merged record that the survivor already had.
    folded: Vec<(String, Vec<Vec<Json>>)>,
    /// Merges recorded before `ingested_events` moved by the registry kept its event ids here.
    #[serde(default)]
    moved_events: Vec<String>,
}

pub(crate) fn to_json(v: Value) -> Json {
    match v {
        Value::Null => Json::Null,
        Value::Integer(i) => Json::from(i),
        Value::Real(f) => Json::from(f),
        Value::Text(t) => Json::from(t),
        Value::Blob(b) => Json::from(b),
    }
}

fn to_sql(v: &Json) -> Value {
    match v {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Integer(*b as i64),
        Json::Number(n) => n.as_i64().map(Value::Integer).unwrap_or_else(|| Value::Real(n.as_f64().unwrap_or(0.0))),
        Json::String(s) => Value::Text(s.clone()),
        other => Value::Text(other.to_string()),
    }
}

/// `k1 = ?n AND k2 = ?n+1 …` for key columns whose parameters start at `?first`.
fn key_match(key: &[&str], first: usize) -> String {
    key.iter().enumerate().map(|(i, k)| format!("{k} = ?{}", i + first)).collect::<Vec<_>>().join(" AND ")
}

fn rows(conn: &Conn, sql: &str, id: i64) -> sql::Result<Vec<Vec<Json>>> {
    let n = conn.column_names(sql)?.len();
    conn.query_map(sql, [id], |r| (0..n).map(|i| r.get::<_, Value>(i).map(to_json)).collect())
}

/// Which customer's value each merged field keeps.
pub struct FieldChoice {
    pub name: i64,
    pub phone: i64,
    pub email: i64,
    pub segment: i64,
}

/// Moves everything of `merged` onto `survivor`; returns the undo record.
pub fn merge(tx: &Conn, survivor: i64, merged: i64, keep: &FieldChoice) -> sql::Result<Undo> {
    let mut undo = Undo::default();
    let cols: Vec<String> = tx.column_names("SELECT * FROM customers")?;
    let before = rows(tx, "SELECT * FROM customers WHERE id = ?1", survivor)?.pop().unwrap_or_default();
    undo.survivor_before = cols.into_iter().zip(before).collect();

    for (table, key) in registry::moved() {
        let keys = rows(tx, &format!("SELECT {key} FROM {table} WHERE customer_id = ?1"), merged)?;
        tx.execute(&format!("UPDATE {table} SET customer_id = ?1 WHERE customer_id = ?2"), params![survivor, merged])?;
        undo.moved.push((table.to_string(), keys));
    }

    for (table, key, rest) in registry::folded() {
        let all: Vec<&str> = key.iter().chain(rest.iter()).copied().collect();
        let select = format!("SELECT {} FROM {table} WHERE customer_id = ?1", all.join(", "));
        let on_survivor = format!("SELECT 1 FROM {table} WHERE customer_id = ?1 AND {}", key_match(key, 2));
        let (mut moved, mut folded) = (Vec::new(), Vec::new());
        for row in rows(tx, &select, merged)? {
            let key_values: Vec<Value> = row[..key.len()].iter().map(to_sql).collect();
            let mut args = vec![Value::Integer(survivor)];
            args.extend(key_values.iter().cloned());
            let clash: Option<i64> = tx.query_row(&on_survivor, params_from_iter(args), |r| r.get(0)).optional()?;
            let mut where_args = vec![Value::Integer(merged)];
            where_args.extend(key_values);
            let target = format!("customer_id = ?1 AND {}", key_match(key, 2));
            if clash.is_some() {
                tx.execute(&format!("DELETE FROM {table} WHERE {target}"), params_from_iter(where_args))?;
                folded.push(row);
            } else {
                let mut args = vec![Value::Integer(survivor)];
                args.extend(where_args);
                tx.execute(
                    &format!("UPDATE {table} SET customer_id = ?1 WHERE customer_id = ?2 AND {}", key_match(key, 3)),
                    params_from_iter(args),
                )?;
                moved.push(row[..key.len()].to_vec());
            }
        }
        undo.moved.push((table.to_string(), moved));
        undo.folded.push((table.to_string(), folded));
    }

    let pick = |field: &str, from: i64| format!("{field} = (SELECT {field} FROM customers WHERE id = {from})");
    tx.execute(
        &format!(
            "UPDATE customers SET {}, {}, phone_tail = (SELECT phone_tail FROM customers WHERE id = {}), {}, {},
                online = CASE WHEN online = 1 OR (SELECT online FROM customers WHERE id = ?2) = 1 THEN 1 ELSE 0 END,
                offline = CASE WHEN offline = 1 OR (SELECT offline FROM customers WHERE id = ?2) = 1 THEN 1 ELSE 0 END,
                first_seen_at = (SELECT CASE WHEN s.first_seen_at <= m.first_seen_at THEN s.first_seen_at ELSE m.first_seen_at END
                                 FROM customers s, customers m WHERE s.id = ?1 AND m.id = ?2),
                last_active_at = (SELECT CASE WHEN s.last_active_at >= m.last_active_at THEN s.last_active_at ELSE m.last_active_at END
                                 FROM customers s, customers m WHERE s.id = ?1 AND m.id = ?2),
                lifetime_value_fen = lifetime_value_fen + (SELECT lifetime_value_fen FROM customers WHERE id = ?2),
                points = points + (SELECT points FROM customers WHERE id = ?2),
                home_store_id = coalesce(home_store_id, (SELECT home_store_id FROM customers WHERE id = ?2)),
                last_nps = coalesce(last_nps, (SELECT last_nps FROM customers WHERE id = ?2)),
                version = version + 1
              WHERE id = ?1",
            pick("name", keep.name),
            pick("phone_e164", keep.phone),
            keep.phone,
            pick("email", keep.email),
            pick("segment", keep.segment),
        ),
        params![survivor, merged],
    )?;
    tx.execute("UPDATE customers SET merged_into = ?1, version = version + 1 WHERE id = ?2", params![survivor, merged])?;
    super::journeys::mark_stale(tx, survivor)?;
    super::journeys::mark_stale(tx, merged)?;
    let name: String = tx.query_row("SELECT name FROM customers WHERE id = ?1", [survivor], |r| r.get(0))?;
    index_name(tx, survivor, &name)?;
    tx.execute("DELETE FROM customer_name_grams WHERE customer_id = ?1", [merged])?;
    Ok(undo)
}

/// Puts every row back where it was before [`merge`].
pub fn unmerge(tx: &Conn, survivor: i64, merged: i64, undo: &Undo) -> sql::Result<()> {
    for (table, keys) in &undo.moved {
        let key_cols: Vec<&str> = match (registry::fold_of(table), registry::moved().find(|(t, _)| t == table)) {
            (Some((key, _)), _) => key.to_vec(),
            (None, Some((_, key))) => vec![key],
            (None, None) => return Err(SqlError::Invalid(format!("{table} is not moved on merge"))),
        };
        let sql = format!("UPDATE {table} SET customer_id = ?1 WHERE customer_id = ?2 AND {}", key_match(&key_cols, 3));
        for key in keys {
            let mut args = vec![Value::Integer(merged), Value::Integer(survivor)];
            args.extend(key.iter().map(to_sql));
            tx.execute(&sql, params_from_iter(args))?;
        }
    }
    for (table, rows) in &undo.folded {
        let (key, rest) = registry::fold_of(table).expect("a folded table");
        let cols: Vec<&str> = key.iter().chain(rest.iter()).copied().collect();
        let sql = format!(
            "INSERT INTO {table} (customer_id, {}) VALUES (?1, {})",
            cols.join(", "),
            (0..cols.len()).map(|i| format!("?{}", i + 2)).collect::<Vec<_>>().join(", ")
        );
        for row in rows {
            let mut args = vec![Value::Integer(merged)];
            args.extend(row.iter().map(to_sql));
            tx.execute(&sql, params_from_iter(args))?;
        }
    }
    for event in &undo.moved_events {
        tx.execute("UPDATE ingested_events SET customer_id = ?1 WHERE event_id = ?2", params![merged, event])?;
    }
    // The survivor's own fields as they were; its version moves on so stale screens conflict.
    for (col, value) in &undo.survivor_before {
        if col != "id" && col != "version" {
            tx.execute(&format!("UPDATE customers SET {col} = ?1 WHERE id = ?2"), params![to_sql(value), survivor])?;
        }
    }
    tx.execute("UPDATE customers SET version = version + 1 WHERE id = ?1", [survivor])?;
    tx.execute("UPDATE customers SET merged_into = NULL, version = version + 1 WHERE id = ?1", [merged])?;
    super::journeys::mark_stale(tx, survivor)?;
    super::journeys::mark_stale(tx, merged)?;
    for id in [survivor, merged] {
        let name: String = tx.query_row("SELECT name FROM customers WHERE id = ?1", [id], |r| r.get(0))?;
        index_name(tx, id, &name)?;
    }
    Ok(())
}

/// Merges the pair of pending candidate `candidate` as `req` chooses; audited.
pub fn merge_candidate(conn: &mut Conn, candidate: i64, req: &MergeRequest, by: i64, now: &str) -> Result<MergeResult, AppError> {
    let tx = conn.begin()?;
    let Some(pair) = pending_pair(&tx, candidate)? else { return Err(AppError::not_found("pending duplicate")) };
    let result = merge_pending(&tx, candidate, pair, req, by, now)?;
    tx.commit()?;
    Ok(result)
}

/// The two records of `candidate` while it is pending and neither has been merged away.
fn pending_pair(tx: &Conn, candidate: i64) -> sql::Result<Option<(MergeSide, MergeSide)>> {
    tx.query_row(
        "SELECT a.id, CASE WHEN a.phone_e164 IS NULL THEN 0 ELSE 1 END, CASE WHEN a.email IS NULL THEN 0 ELSE 1 END,
                b.id, CASE WHEN b.phone_e164 IS NULL THEN 0 ELSE 1 END, CASE WHEN b.email IS NULL THEN 0 ELSE 1 END
           FROM duplicate_candidates d JOIN customers a ON a.id = d.customer_id JOIN customers b ON b.id = d.other_id
          WHERE d.id = ?1 AND d.status = 'pending' AND a.merged_into IS NULL AND b.merged_into IS NULL",
        [candidate],
        |r| {
            let side = |i: usize| -> sql::Result<MergeSide> {
                Ok(MergeSide { id: r.get(i)?, has_phone: r.get::<_, i64>(i + 1)? == 1, has_email: r.get::<_, i64>(i + 2)? == 1 })
            };
            Ok((side(0)?, side(3)?))
        },
    )
    .optional()
}

/// Merges a pending pair inside the caller's transaction: the rows, the undo record, the audit
/// entry and the `customer.merged` webhook message.
fn merge_pending(tx: &Conn, candidate: i64, (a, b): (MergeSide, MergeSide), req: &MergeRequest, by: i64, now: &str) -> Result<MergeResult, AppError> {
    let (a, b) = (a.id, b.id);
    let k = &req.keep;
    if ![req.survivor_id, k.name, k.phone, k.email, k.segment].iter().all(|id| *id == a || *id == b) {
        return Err(AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", "survivor_id and every kept field must name one of the two records"));
    }
    let merged = if req.survivor_id == a { b } else { a };
    let undo = merge(tx, req.survivor_id, merged, &FieldChoice { name: k.name, phone: k.phone, email: k.email, segment: k.segment })?;
    let merge_id = tx.insert_returning_id(
        "INSERT INTO merges (candidate_id, survivor_id, merged_id, merged_by, merged_at, undo) VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
        params![candidate, req.survivor_id, merged, by, now, serde_json::to_string(&undo).map_err(AppError::internal)?],
    )?;
    tx.execute("UPDATE duplicate_candidates SET status = 'merged' WHERE id = ?1", [candidate])?;
    audit(tx, by, format!("customer:{}", req.survivor_id), AuditDetail::Merge { merged, merge: merge_id })?;
    let told = serde_json::json!({ "merge_id": merge_id, "survivor_id": req.survivor_id, "merged_id": merged });
    crate::db::webhooks::emit(tx, roundtrip_domain::webhooks::WebhookEvent::CustomerMerged, &format!("merge:{merge_id}"), told, now)?;
    Ok(MergeResult { merge_id, survivor_id: req.survivor_id, merged_id: merged })
}

/// Merges or dismisses every pair `ids` names, in one transaction, in the order given; each
/// pair is audited (and undone) on its own. A pair no longer pending is skipped, not an error:
/// another manager reviewed it, or an earlier pair of the batch merged one of its records.
pub fn bulk_review(conn: &mut Conn, action: BulkAction, ids: &[i64], by: i64, now: &str) -> Result<Vec<BulkReviewItem>, AppError> {
    let tx = conn.begin()?;
    let mut items = Vec::with_capacity(ids.len());
    for &id in ids {
        let item = match (action, pending_pair(&tx, id)?) {
            (_, None) => BulkReviewItem { id, outcome: BulkOutcome::Skipped, merge: None },
            (BulkAction::Merge, Some((a, b))) => {
                let merge = merge_pending(&tx, id, (a, b), &bulk_choice(a, b), by, now)?;
                BulkReviewItem { id, outcome: BulkOutcome::Merged, merge: Some(merge) }
            }
            (BulkAction::Dismiss, Some(_)) => {
                dismiss_pending(&tx, id, by)?;
                BulkReviewItem { id, outcome: BulkOutcome::Dismissed, merge: None }
            }
        };
        items.push(item);
    }
    tx.commit()?;
    Ok(items)
}

/// Undoes merge `merge_id`: both records and all their rows come back; audited.
pub fn unmerge_by_id(conn: &mut Conn, merge_id: i64, by: i64, now: &str) -> Result<MergeResult, AppError> {
    let tx = conn.begin()?;
    let row: Option<(i64, i64, Option<i64>, String, Option<String>, Option<String>)> = tx
        .query_row("SELECT survivor_id, merged_id, candidate_id, undo, unmerged_at, closed_reason FROM merges WHERE id = ?1", [merge_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
        })
        .optional()?;
    let Some((survivor, merged, candidate, undo, unmerged_at, closed)) = row else { return Err(AppError::not_found("merge")) };
    if unmerged_at.is_some() {
        return Err(AppError::new(StatusCode::CONFLICT, "already_unmerged", "this merge was already undone"));
    }
    if closed.is_some() {
        return Err(AppError::new(StatusCode::CONFLICT, "merge_closed", "the person's data was erased on their request; this merge can no longer be undone"));
    }
    let undo: Undo = serde_json::from_str(&undo).map_err(AppError::internal)?;
    unmerge(&tx, survivor, merged, &undo)?;
    tx.execute("UPDATE merges SET unmerged_at = ?1, unmerged_by = ?2 WHERE id = ?3", params![now, by, merge_id])?;
    if let Some(c) = candidate {
        tx.execute("UPDATE duplicate_candidates SET status = 'pending' WHERE id = ?1", [c])?;
    }
    audit(&tx, by, format!("customer:{survivor}"), AuditDetail::Unmerge { merged, merge: merge_id })?;
    tx.commit()?;
    Ok(MergeResult { merge_id, survivor_id: survivor, merged_id: merged })
}

/// Dismisses pending candidate `candidate`; audited.
pub fn dismiss(conn: &mut Conn, candidate: i64, by: i64) -> Result<StatusCode, AppError> {
    let tx = conn.begin()?;
    if !dismiss_pending(&tx, candidate, by)? {
        return Err(AppError::not_found("pending duplicate"));
    }
    tx.commit()?;
    Ok(StatusCode::NO_CONTENT)
}

fn dismiss_pending(tx: &Conn, candidate: i64, by: i64) -> sql::Result<bool> {
    let changed = tx.execute("UPDATE duplicate_candidates SET status = 'dismissed' WHERE id = ?1 AND status = 'pending'", [candidate])?;
    if changed > 0 {
        audit(tx, by, format!("duplicate:{candidate}"), AuditDetail::DismissDuplicate)?;
    }
    Ok(changed > 0)
}

/// Puts dismissed candidate `candidate` back in the queue (undoing a dismissal); audited.
pub fn restore(conn: &mut Conn, candidate: i64, by: i64) -> Result<StatusCode, AppError> {
    let tx = conn.begin()?;
    let changed = tx.execute("UPDATE duplicate_candidates SET status = 'pending' WHERE id = ?1 AND status = 'dismissed'", [candidate])?;
    if changed == 0 {
        return Err(AppError::not_found("dismissed duplicate"));
    }
    audit(&tx, by, format!("duplicate:{candidate}"), AuditDetail::RestoreDuplicate)?;
    tx.commit()?;
    Ok(StatusCode::NO_CONTENT)
}

fn audit(conn: &Conn, user: i64, subject: String, detail: AuditDetail) -> sql::Result<()> {
    crate::db::audit::record(conn, user, &subject, &detail)
}
