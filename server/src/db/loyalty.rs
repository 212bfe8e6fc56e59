//! The points ledger, tiers, NPS answers, and the programme's settings and tier rules (data,
//! not code) as stored.

use chrono::{DateTime, Utc};
use roundtrip_domain::audit::{AuditDetail, TierThreshold};
use roundtrip_domain::dto::{LedgerLine, LoyaltyAccount, LoyaltyChange, LoyaltyRules, NpsAnswer};
use roundtrip_domain::loyalty::{self, check_adjust, check_redeem, default_tier_rules, next_tier, tier_after, LedgerEntry, LedgerKind, Programme, TierRule, LAPSED};
use roundtrip_domain::{Channel, Tier};

use crate::db::columns::{enum_col, opt_time_col, time_col};
use crate::db::customers::read_visible;
use crate::error::AppError;
use crate::time::rfc3339;
use crate::db::sql::{self, Conn, OptionalExt, params};

/// The earn and expiry settings.
pub fn programme(conn: &Conn) -> sql::Result<Programme> {
    conn.prepare_cached("SELECT points_per_yuan, expiry_months FROM loyalty_settings WHERE id = 1")?
        .query_row([], |r| Ok(Programme { points_per_yuan: r.get(0)?, expiry_months: r.get(1)? }))
}

/// The stored tier rules, or the built-in ones while none are stored.
pub fn rules(conn: &Conn) -> sql::Result<Vec<TierRule>> {
    let stored = conn
        .prepare_cached("SELECT tier, min_qualifying, keep_qualifying, benefits_en, benefits_zh FROM tier_rules ORDER BY min_qualifying")?
        .query_map([], |r| {
            Ok(TierRule { tier: enum_col(r, 0, Tier::parse)?, min_qualifying: r.get(1)?, keep_qualifying: r.get(2)?, benefits_en: r.get(3)?, benefits_zh: r.get(4)? })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(if stored.is_empty() { default_tier_rules() } else { stored })
}

/// The customer's tier, if the caller may see them.
pub fn visible_tier(conn: &Conn, scope: Option<i64>, customer: i64) -> Result<Tier, AppError> {
    read_visible(conn, customer, scope, "c.tier", |r| enum_col(r, 0, Tier::parse))
}

pub fn entries(conn: &Conn, customer: i64) -> sql::Result<Vec<LedgerEntry>> {
    conn.prepare_cached("SELECT at, kind, points, qualifying, expires_at, reason FROM loyalty_ledger WHERE customer_id = ?1 ORDER BY at, id")?
        .query_map([customer], |r| {
            Ok(LedgerEntry { at: time_col(r, 0)?, kind: enum_col(r, 1, LedgerKind::parse)?, points: r.get(2)?, qualifying: r.get(3)?, expires_at: opt_time_col(r, 4)?, reason: r.get(5)? })
        })?
        .collect()
}

pub fn account(conn: &Conn, customer: i64, tier: Tier, now: DateTime<Utc>) -> Result<LoyaltyAccount, AppError> {
    let all = entries(conn, customer)?;
    let rules = rules(conn)?;
    let (balance, lapsing, qualifying) = (loyalty::balance(&all), loyalty::lapsed(&all, now), loyalty::qualifying(&all, now));
    let next = next_tier(tier, qualifying, &rules);
    let ledger = conn
        .prepare_cached(
            "SELECT l.id, l.at, l.kind, l.points, l.qualifying, l.reason, u.display_name FROM loyalty_ledger l
               LEFT JOIN users u ON u.id = l.actor_id WHERE l.customer_id = ?1 ORDER BY l.at DESC, l.id DESC LIMIT 100",
        )?
        .query_map([customer], |r| {
            Ok(LedgerLine { id: r.get(0)?, at: time_col(r, 1)?, kind: enum_col(r, 2, LedgerKind::parse)?, points: r.get(3)?, qualifying: r.get(4)?, reason: r.get(5)?, actor: r.get(6)? })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(LoyaltyAccount {
        customer_id: customer, tier, balance, lapsing, available: balance - lapsing, qualifying,
        next_tier: next.map(|n| n.0), to_next_tier: next.map(|n| n.1), programme: programme(conn)?, rules, ledger,
    })
}

/// The ledger line a client key already booked, if any (a retried request books nothing).
pub fn entry_with_key(conn: &Conn, key: &str) -> sql::Result<Option<i64>> {
    conn.query_row("SELECT id FROM loyalty_ledger WHERE client_key = ?1", [key], |r| r.get(0)).optional()
}

/// Writes off points that lapsed by `now`.
pub fn write_off(tx: &Conn, customer: i64, now: DateTime<Utc>, lapsed: i64) -> sql::Result<()> {
    tx.execute("INSERT INTO loyalty_ledger (customer_id, at, kind, points, reason) VALUES (?1, ?2, 'expire', ?3, ?4)", params![customer, rfc3339(now), -lapsed, LAPSED])?;
    Ok(())
}

/// Books a redemption or adjustment made by `actor`.
#[allow(clippy::too_many_arguments)]
pub fn book(tx: &Conn, customer: i64, now: DateTime<Utc>, kind: LedgerKind, points: i64, reason: &str, actor: i64, client_key: Option<&str>) -> sql::Result<()> {
    tx.execute(
        "INSERT INTO loyalty_ledger (customer_id, at, kind, points, reason, actor_id, client_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![customer, rfc3339(now), kind.as_str(), points, (!reason.is_empty()).then_some(reason), actor, client_key],
    )?;
    Ok(())
}

pub fn set_tier(tx: &Conn, customer: i64, tier: Tier) -> sql::Result<()> {
    tx.execute("UPDATE customers SET tier = ?2 WHERE id = ?1", params![customer, tier.as_str()])?;
    Ok(())
}

/// An NPS answer, which also becomes the customer's latest score.
pub fn record_nps(tx: &Conn, customer: i64, score: u8, channel: Channel, at: &str) -> sql::Result<()> {
    tx.execute("INSERT INTO nps_responses (customer_id, score, channel, answered_at) VALUES (?1, ?2, ?3, ?4)", params![customer, score, channel.as_str(), at])?;
    tx.execute("UPDATE customers SET last_nps = ?2 WHERE id = ?1", params![customer, score])?;
    if let Some(at) = crate::time::parse(at) {
        crate::db::churn::rescore(tx, customer, at)?;
    }
    Ok(())
}

/// Replaces the settings and every tier rule.
pub fn replace_rules(tx: &Conn, programme: &Programme, rules: &[TierRule]) -> sql::Result<()> {
    tx.execute("UPDATE loyalty_settings SET points_per_yuan = ?1, expiry_months = ?2 WHERE id = 1", params![programme.points_per_yuan, programme.expiry_months])?;
    tx.execute("DELETE FROM tier_rules", [])?;
    for r in rules {
        tx.execute(
            "INSERT INTO tier_rules (tier, min_qualifying, keep_qualifying, benefits_en, benefits_zh) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![r.tier.as_str(), r.min_qualifying, r.keep_qualifying, r.benefits_en.trim(), r.benefits_zh.trim()],
        )?;
    }
    Ok(())
}

/// Redeems or adjusts points (once per client key), writing off what lapsed first and
/// reviewing the tier afterwards; the account as it is then.
pub fn change_points(conn: &mut Conn, id: i64, body: &LoyaltyChange, scope: Option<i64>, me: i64, now: DateTime<Utc>) -> Result<LoyaltyAccount, AppError> {
    let tx = conn.begin()?;
    let tier = visible_tier(&tx, scope, id)?;
    let done = match &body.client_key {
        Some(k) => entry_with_key(&tx, k)?,
        None => None,
    };
    // redemptions, adjustments and write-offs carry no qualifying points: one read serves
    // both the check and the tier review
    let all = entries(&tx, id)?;
    if done.is_none() {
        let lapsing = loyalty::lapsed(&all, now);
        let available = loyalty::balance(&all) - lapsing;
        let reason = body.reason.as_deref().map(str::trim).unwrap_or_default().to_string();
        let points = match body.kind {
            LedgerKind::Redeem => check_redeem(body.points, available).map(|_| -body.points),
            _ => check_adjust(body.points, available, &reason).map(|_| body.points),
        }
        .map_err(AppError::from)?;
        if lapsing > 0 {
            write_off(&tx, id, now, lapsing)?;
        }
        book(&tx, id, now, body.kind, points, &reason, me, body.client_key.as_deref())?;
        if body.kind == LedgerKind::Adjust {
            crate::db::audit::record(&tx, me, &format!("customer:{id}"), &AuditDetail::PointsAdjust { points, reason: reason.clone() })?;
        }
    }
    let reviewed = tier_after(tier, loyalty::qualifying(&all, now), &rules(&tx)?);
    if reviewed != tier {
        set_tier(&tx, id, reviewed)?;
    }
    tx.commit()?;
    account(conn, id, reviewed, now)
}

/// Records an NPS answer for a customer `scope` may see.
pub fn record_nps_for(conn: &mut Conn, id: i64, answer: &NpsAnswer, scope: Option<i64>, now: &str) -> Result<(), AppError> {
    let tx = conn.begin()?;
    visible_tier(&tx, scope, id)?;
    record_nps(&tx, id, answer.score, answer.channel, &now)?;
    tx.commit()?;
    Ok(())
}

/// Replaces the programme's settings and tier rules (audited as `me`'s change); the rules now.
pub fn replace_all(conn: &mut Conn, body: &LoyaltyRules, me: i64) -> Result<LoyaltyRules, AppError> {
    let tx = conn.begin()?;
    replace_rules(&tx, &body.programme, &body.rules)?;
    let tiers = body.rules.iter().map(|r| TierThreshold { tier: r.tier, min_qualifying: r.min_qualifying, keep_qualifying: r.keep_qualifying }).collect();
    let detail = AuditDetail::LoyaltyRules { points_per_yuan: body.programme.points_per_yuan, expiry_months: body.programme.expiry_months, tiers };
    crate::db::audit::record(&tx, me, "loyalty", &detail)?;
    tx.commit()?;
    Ok(LoyaltyRules { programme: programme(conn)?, rules: rules(conn)? })
}
