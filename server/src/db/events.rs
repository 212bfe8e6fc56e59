//! Applies validated events inside one transaction, each in its own savepoint.

use chrono::{DateTime, NaiveDate, Utc};
use roundtrip_domain::events::{booked_status, customer_facts, ChannelEvent, EventType, IngestReport, RejectedEvent, NEW_CUSTOMER};
use roundtrip_domain::matching::{matchable_phone, normalize_email, normalize_id_number, Identifier, MatchAction, MATCH_RULES, SHARED_IDENTIFIER_LIMIT};
use roundtrip_domain::{Channel, IdentityKind, Severity};

use crate::db::names::index_new_name;
use crate::error::AppError;
use crate::db::tickets::{open_ticket, Opening};
use crate::time::rfc3339;
use crate::vault::IdVault;
use crate::db::sql::{Failure, SqlError, self, Conn, OptionalExt, Params, params, Row};

enum Outcome {
    Duplicate,
    Applied { created: bool, candidates: usize },
}

/// Applies a batch in one transaction. Every reason to refuse an event is found before the
/// event writes anything (`admit`), so the batch first runs without a savepoint per event (the
/// page copies they journal cost a third of the time of a batch of new members). Only a
/// database failure can leave an event half-written; then the whole batch is redone with each
/// event in its own savepoint, so that event alone is refused.
/// When the batch is applied: the instant it was received and the agency's day then.
#[derive(Clone, Copy)]
pub struct Received {
    pub at: DateTime<Utc>,
    pub today: NaiveDate,
}

pub fn apply_batch(conn: &mut Conn, events: &[(usize, ChannelEvent)], report: IngestReport, vault: &IdVault, now: Received) -> Result<IngestReport, AppError> {
    match apply_all(conn, events, report.clone(), vault, now, false)? {
        Some(report) => Ok(report),
        None => Ok(apply_all(conn, events, report, vault, now, true)?.expect("with savepoints every event is settled")),
    }
}

/// `None` when an event failed part-way without savepoints (nothing is committed then).
fn apply_all(conn: &mut Conn, events: &[(usize, ChannelEvent)], mut report: IngestReport, vault: &IdVault, now: Received, savepoints: bool) -> Result<Option<IngestReport>, AppError> {
    let tx = conn.begin()?;
    for (index, event) in events {
        if savepoints {
            tx.prepare_cached("SAVEPOINT event")?.execute([])?;
        }
        let outcome = match admit(&tx, event) {
            Ok(Some(known)) => Ok(known),
            Ok(None) => match write(&tx, event, vault, now) {
                Err(_) if !savepoints => return Ok(None),
                written => written,
            },
            Err(refused) => Err(refused),
        };
        if matches!(&outcome, Err(Rejection(CONFLICT, _))) {
            return Err(AppError::busy());
        }
        match outcome {
            Ok(outcome) => {
                if savepoints {
                    tx.prepare_cached("RELEASE event")?.execute([])?;
                }
                match outcome {
                    Outcome::Duplicate => report.duplicates += 1,
                    Outcome::Applied { created, candidates } => {
                        report.accepted += 1;
                        if created {
                            report.customers_created += 1;
                        } else {
                            report.customers_matched += 1;
                        }
                        report.review_candidates += candidates;
                    }
                }
            }
            Err(rejection) => {
                if savepoints {
                    tx.execute_batch("ROLLBACK TO event; RELEASE event")?;
                }
                report.rejected.push(RejectedEvent { index: *index, event_id: Some(event.event_id.clone()), code: rejection.0.into(), message: rejection.1 });
            }
        }
    }
    tx.commit()?;
    report.rejected.sort_by_key(|r| r.index);
    Ok(Some(report))
}

/// Runs a statement through the statement cache: every event runs the same dozen statements.
fn exec(conn: &Conn, sql: &str, args: impl Params) -> sql::Result<usize> {
    conn.prepare_cached(sql)?.execute(args)
}

fn one<T>(conn: &Conn, sql: &str, args: impl Params, f: impl FnOnce(&Row) -> sql::Result<T>) -> sql::Result<T> {
    conn.prepare_cached(sql)?.query_row(args, f)
}

/// A reason to refuse one event: (code, message).
struct Rejection(&'static str, String);

/// A concurrent writer's conflict (PostgreSQL) is not the event's fault: the whole batch is
/// rolled back and run again by [`crate::db::Db::write`].
const CONFLICT: &str = "busy";

impl From<SqlError> for Rejection {
    fn from(e: SqlError) -> Self {
        if e.failure() == Failure::Busy {
            return Rejection(CONFLICT, String::new());
        }
        tracing::error!(error = %e, "event not applied");
        Rejection("internal", "the event could not be stored".into())
    }
}

/// Customers that carry `identifier` with the event's value.
fn lookup(conn: &Conn, e: &ChannelEvent, identifier: Identifier, vault: &IdVault) -> sql::Result<Vec<i64>> {
    let by_identity = |kind: IdentityKind, value: &str| -> sql::Result<Vec<i64>> {
        conn.prepare_cached("SELECT DISTINCT customer_id FROM identities WHERE kind = ?1 AND value = ?2")?
            .query_map(params![kind.as_str(), value], |r| r.get(0))?
            .collect()
    };
    let i = &e.identity;
    match identifier {
        Identifier::ChannelId => by_identity(IdentityKind::for_channel(e.source), e.source_customer_id.trim()),
        Identifier::WechatUnionid => i.wechat_unionid.as_deref().map_or(Ok(vec![]), |v| by_identity(IdentityKind::WechatUnionid, v.trim())),
        Identifier::DouyinOpenId => i.douyin_open_id.as_deref().map_or(Ok(vec![]), |v| by_identity(IdentityKind::DouyinOpenId, v.trim())),
        Identifier::IdNumber => match i.id_number.as_deref().and_then(normalize_id_number) {
            Some(id) => conn
                .prepare_cached("SELECT DISTINCT customer_id FROM id_number_hashes WHERE hash = ?1")?
                .query_map([vault.hash(&id)], |r| r.get(0))?
                .collect(),
            None => Ok(vec![]),
        },
        Identifier::Email => match i.email.as_deref().and_then(normalize_email) {
            Some(m) => conn.prepare_cached("SELECT id FROM customers WHERE email = ?1 AND merged_into IS NULL")?.query_map([m], |r| r.get(0))?.collect(),
            None => Ok(vec![]),
        },
        Identifier::Phone => match i.phone.as_deref().and_then(|p| matchable_phone(p).ok().flatten()) {
            Some(p) => conn.prepare_cached("SELECT id FROM customers WHERE phone_e164 = ?1 AND merged_into IS NULL")?.query_map([p], |r| r.get(0))?.collect(),
            None => Ok(vec![]),
        },
    }
}

/// Checks that write nothing: an event seen before (`Some(Duplicate)`), or a reason to refuse it.
fn admit(tx: &Conn, e: &ChannelEvent) -> Result<Option<Outcome>, Rejection> {
    let seen: Option<i64> = one(tx, "SELECT 1 FROM ingested_events WHERE event_id = ?1", [e.event_id.trim()], |r| r.get(0)).optional()?;
    if seen.is_some() {
        return Ok(Some(Outcome::Duplicate));
    }
    if let Some(store) = e.store_id {
        let known: Option<i64> = one(tx, "SELECT id FROM stores WHERE id = ?1", [store], |r| r.get(0)).optional()?;
        if known.is_none() {
            return Err(Rejection("unknown_store", format!("store_id {store} does not exist")));
        }
    }
    Ok(None)
}

/// Applies an admitted event; only a database failure stops it.
fn write(tx: &Conn, e: &ChannelEvent, vault: &IdVault, now: Received) -> Result<Outcome, Rejection> {
    // Trusted identifiers link the event; review-only ones just suggest a duplicate.
    let mut matched = None;
    let mut suggested: Vec<(i64, Identifier)> = Vec::new();
    for rule in MATCH_RULES {
        let hits = lookup(tx, e, rule.identifier, vault)?;
        match (rule.action, hits.as_slice()) {
            (MatchAction::AutoMerge, [one]) if matched.is_none() => matched = Some(*one),
            (MatchAction::Review, hits) if hits.len() <= SHARED_IDENTIFIER_LIMIT => suggested.extend(hits.iter().map(|h| (*h, rule.identifier))),
            _ => {}
        }
    }

    let facts = customer_facts(e);
    let (at, online, phone, email) = (facts.at, facts.online, facts.phone, facts.email);
    let created = matched.is_none();
    let customer = match matched {
        Some(id) => id,
        None => {
            let (segment, tier, lifecycle) = NEW_CUSTOMER;
            let id: i64 = one(tx, 
                "INSERT INTO customers (name, phone_e164, phone_tail, email, city, segment, tier, lifecycle, online, offline,
                    home_store_id, first_seen_at, last_active_at)
                 VALUES (?1, ?2, ?3, ?4, '', ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11) RETURNING id",
                params![
                    facts.name,
                    phone,
                    phone.as_deref().map(roundtrip_domain::phone::phone_tail),
                    email,
                    segment.as_str(),
                    tier.as_str(),
                    lifecycle.as_str(),
                    online,
                    !online,
                    facts.home_store,
                    rfc3339(at),
                ],
                |r| r.get(0),
            )?;
            index_new_name(tx, id, &facts.name)?;
            id
        }
    };
    suggested.retain(|(other, _)| *other != customer);
    suggested.dedup_by_key(|(other, _)| *other);

    // What the event tells about a known customer: channel presence, activity, missing contacts
    // (a customer created just now was inserted with exactly these).
    if !created {
        exec(tx,
            "UPDATE customers SET online = CASE WHEN online = 1 OR ?2 = 1 THEN 1 ELSE 0 END, offline = CASE WHEN offline = 1 OR ?3 = 1 THEN 1 ELSE 0 END,
                    last_active_at = CASE WHEN last_active_at >= ?4 THEN last_active_at ELSE ?4 END,
                    first_seen_at = CASE WHEN first_seen_at <= ?4 THEN first_seen_at ELSE ?4 END,
                    phone_e164 = coalesce(phone_e164, ?5), phone_tail = coalesce(phone_tail, ?6), email = coalesce(email, ?7),
                    home_store_id = coalesce(home_store_id, ?8)
              WHERE id = ?1
                -- only when something changes: an UPDATE rewrites every index over the columns it
                -- sets, even to the same values, and most events of a known customer change nothing
                AND (online < ?2 OR offline < ?3 OR last_active_at < ?4 OR first_seen_at > ?4
                     OR (phone_e164 IS NULL AND CAST(?5 AS TEXT) IS NOT NULL) OR (email IS NULL AND CAST(?7 AS TEXT) IS NOT NULL)
                     OR (home_store_id IS NULL AND CAST(?8 AS BIGINT) IS NOT NULL))",
            params![customer, online, !online, rfc3339(at), phone, phone.as_deref().map(roundtrip_domain::phone::phone_tail), email, facts.home_store],
        )?;
    }
    let link = |kind: IdentityKind, value: &str| -> sql::Result<()> {
        exec(tx, 
            "INSERT INTO identities (customer_id, kind, value, source, first_seen_at, last_seen_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)
             ON CONFLICT (customer_id, kind, value) DO UPDATE SET
                first_seen_at = CASE WHEN identities.first_seen_at <= excluded.first_seen_at THEN identities.first_seen_at ELSE excluded.first_seen_at END,
                last_seen_at = CASE WHEN identities.last_seen_at >= excluded.last_seen_at THEN identities.last_seen_at ELSE excluded.last_seen_at END
             WHERE excluded.first_seen_at < identities.first_seen_at OR excluded.last_seen_at > identities.last_seen_at",
            params![customer, kind.as_str(), value, e.source.as_str(), rfc3339(at)],
        )?;
        Ok(())
    };
    link(IdentityKind::for_channel(e.source), e.source_customer_id.trim())?;
    if let Some(v) = &e.identity.wechat_unionid {
        link(IdentityKind::WechatUnionid, v.trim())?;
    }
    if let Some(v) = &e.identity.douyin_open_id {
        link(IdentityKind::DouyinOpenId, v.trim())?;
    }
    if let Some(p) = &phone {
        link(IdentityKind::Phone, p)?;
    }
    if let Some(m) = &email {
        link(IdentityKind::Email, m)?;
    }
    if let Some(id) = e.identity.id_number.as_deref().and_then(normalize_id_number) {
        let stored = vault.store(&id);
        // rows from before numbers were sealed get their ciphertext the next time the number arrives
        exec(tx, "INSERT INTO id_number_hashes (customer_id, hash, sealed, masked) VALUES (?1, ?2, ?3, ?4)
                  ON CONFLICT (hash, customer_id) DO UPDATE SET sealed = excluded.sealed, masked = excluded.masked WHERE id_number_hashes.sealed IS NULL",
            params![customer, stored.hash, stored.sealed, stored.masked])?;
    }

    let store = e.store_id.filter(|_| e.source == Channel::Store);
    let summary = e.payload.summary.clone().unwrap_or_else(|| e.kind.as_str().replace('_', " "));
    let touchpoint: i64 = one(tx, 
        "INSERT INTO touchpoints (customer_id, channel, stage, kind, occurred_at, summary, sentiment, promise, store_id, fulfils, kept)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) RETURNING id",
        params![
            customer, e.source.as_str(), e.kind.stage().as_str(), e.kind.as_str(), rfc3339(at), summary, e.payload.sentiment,
            e.payload.promise, store, e.payload.fulfils, e.payload.kept
        ],
    |r| r.get(0),
)?;
    if e.kind == EventType::Complaint {
        let home: Option<i64> = one(tx, "SELECT home_store_id FROM customers WHERE id = ?1", [customer], |r| r.get(0))?;
        let opening = Opening {
            customer, channel: e.source, kind: "complaint", severity: e.payload.severity.unwrap_or(Severity::Medium), summary: &summary,
            spoke_at: at, store: e.store_id.or(home), assignee: None, actor: None, client_key: None,
        };
        open_ticket(tx, &opening, now.at)?;
    }
    if let Some(activity) = e.kind.activity() {
        exec(tx, "INSERT INTO community_activity (customer_id, kind, occurred_at) VALUES (?1, ?2, ?3)", params![customer, activity.as_str(), rfc3339(at)])?;
    }
    if let Some(t) = &e.payload.trip {
        let status = booked_status(t, now.today);
        let order: i64 = one(tx,
            "INSERT INTO orders (customer_id, product, title, destination, channel, status, amount_fen, ordered_at, departure, return_date, store_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) RETURNING id",
            params![
                customer, t.product.as_str(), t.title.trim(), t.destination.trim(), e.source.as_str(), status.as_str(), t.amount_fen,
                rfc3339(at), t.departure.to_string(), t.return_date.to_string(), store
            ],
            |r| r.get(0),
        )?;
        // one ledger across channels: an order from any channel earns points
        let earn = crate::db::loyalty::programme(tx)?.earn(t.amount_fen, at);
        exec(tx,
            "INSERT INTO loyalty_ledger (customer_id, at, kind, points, qualifying, expires_at, order_id) VALUES (?1, ?2, 'earn', ?3, ?4, ?5, ?6)",
            params![customer, rfc3339(at), earn.points, earn.qualifying, earn.expires_at.map(rfc3339), order],
        )?;
    }
    crate::db::journeys::mark_stale(tx, customer)?;
    exec(tx, 
        "INSERT INTO ingested_events (event_id, source, received_at, customer_id, touchpoint_id) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![e.event_id.trim(), e.source.as_str(), rfc3339(now.at), customer, touchpoint],
    )?;
    let mut candidates = 0;
    for (other, identifier) in &suggested {
        let (a, b) = (customer.min(*other), customer.max(*other));
        candidates += exec(tx, 
            "INSERT INTO duplicate_candidates (customer_id, other_id, identifier, created_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
            params![a, b, identifier.as_str(), rfc3339(now.at)],
        )?;
    }
    Ok(Outcome::Applied { created, candidates })
}
