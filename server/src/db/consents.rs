//! Consent as stored: the append-only answers, newest first, and the marketing audience
//! they allow.

use std::collections::{HashMap, HashSet};

use roundtrip_domain::consent::{allows, current, ContactChannel, Purpose, NOTICE_VERSION};
use roundtrip_domain::dto::{Audience, ConsentRecord, Consents, CustomerSummary, NewConsent};
use roundtrip_domain::{Channel, Segment, Tier};
use roundtrip_domain::audit::{AuditDetail, ConsentAnswer};

use crate::db::columns::{enum_col, time_col};
use crate::db::customers::{read_visible, summary, SUMMARY_COLUMNS};
use crate::error::AppError;
use crate::db::sql::{self, Conn, params};

/// Every consent answer of a customer, newest first.
pub fn history(conn: &Conn, id: i64) -> sql::Result<Vec<ConsentRecord>> {
    conn.prepare_cached(
        "SELECT k.purpose, k.channel, k.granted, k.text_version, k.at, k.source, u.display_name
           FROM consents k LEFT JOIN users u ON u.id = k.actor_id
          WHERE k.customer_id = ?1 ORDER BY k.at DESC, k.id DESC",
    )?
    .query_map([id], |r| {
        Ok(ConsentRecord {
            purpose: enum_col(r, 0, Purpose::parse)?,
            channel: enum_col(r, 1, ContactChannel::parse)?,
            granted: r.get(2)?,
            text_version: r.get(3)?,
            at: time_col(r, 4)?,
            source: enum_col(r, 5, Channel::parse)?,
            recorded_by: r.get(6)?,
        })
    })?
    .collect()
}

/// Records a grant or withdrawal for a customer `scope` may see (audited); their consent now.
pub fn record(conn: &mut Conn, id: i64, req: &NewConsent, scope: Option<i64>, actor: i64, now: &str) -> Result<Consents, AppError> {
    let tx = conn.begin()?;
    visible(&tx, id, scope)?;
    let record = tx.insert_returning_id(
        "INSERT INTO consents (customer_id, purpose, channel, granted, text_version, at, source, actor_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
        params![id, req.purpose.as_str(), req.channel.as_str(), req.granted, req.text_version.trim(), now, req.source.as_str(), actor],
    )?;
    if !req.granted {
        let told = serde_json::json!({ "customer_id": id, "purpose": req.purpose.as_str(), "channel": req.channel.as_str() });
        crate::db::webhooks::emit(&tx, roundtrip_domain::webhooks::WebhookEvent::ConsentWithdrawn, &format!("consent:{record}"), told, now)?;
    }
    let answer = ConsentAnswer { purpose: req.purpose, channel: req.channel, text_version: req.text_version.trim().to_owned() };
    let detail = if req.granted { AuditDetail::ConsentGiven(answer) } else { AuditDetail::ConsentWithdrawn(answer) };
    crate::db::audit::record(&tx, actor, &format!("customer:{id}"), &detail)?;
    let answer = consents(&tx, id)?;
    tx.commit()?;
    Ok::<_, AppError>(answer)
}

/// Who a campaign over `channel` may reach among the filtered customers, the first `limit`
/// of them listed (masked). Reading it is not an export: [`export_audience`] is.
pub fn audience(conn: &Conn, channel: ContactChannel, segment: Option<Segment>, tier: Option<Tier>, scope: Option<i64>, limit: usize) -> Result<Audience, AppError> {
    // one rule for every use of consent: load the answers, decide in the domain
    let mut answers: HashMap<i64, Vec<ConsentRecord>> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT customer_id, channel, granted, at FROM consents WHERE purpose = 'marketing' AND channel IN ('any', ?1)",
    )?;
    let rows = stmt.query_map([channel.as_str()], |r| {
        Ok((r.get::<_, i64>(0)?, enum_col(r, 1, ContactChannel::parse)?, r.get::<_, bool>(2)?, time_col(r, 3)?))
    })?;
    for row in rows {
        let (customer, channel, granted, at) = row?;
        answers.entry(customer).or_default().push(ConsentRecord {
            purpose: Purpose::Marketing, channel, granted, text_version: String::new(), at, source: Channel::Store, recorded_by: None,
        });
    }
    let allowed: HashSet<i64> = answers.iter().filter(|(_, h)| allows(h, Purpose::Marketing, channel)).map(|(id, _)| *id).collect();

    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} FROM customers c LEFT JOIN stores s ON s.id = c.home_store_id
          WHERE c.merged_into IS NULL AND c.erased_at IS NULL AND (CAST(?1 AS BIGINT) IS NULL OR c.home_store_id = ?1)
            AND (CAST(?2 AS TEXT) IS NULL OR c.segment = ?2) AND (CAST(?3 AS TEXT) IS NULL OR c.tier = ?3)
          ORDER BY c.last_active_at DESC, c.id DESC"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let (mut eligible, mut excluded, mut items) = (0u64, 0u64, Vec::<CustomerSummary>::new());
    let mut rows = stmt.query(params![scope, segment.map(|s| s.as_str()), tier.map(|t| t.as_str())])?;
    while let Some(r) = rows.next()? {
        let r = &r;
        let id: i64 = r.get(0)?;
        if !allowed.contains(&id) {
            excluded += 1;
            continue;
        }
        eligible += 1;
        if items.len() < limit {
            items.push(summary(r)?);
        }
    }
    Ok::<_, AppError>(Audience { channel, segment, tier, store_id: scope, eligible, excluded, items })
}

/// The whole audience, to hand to a campaign: an export of personal data, audited with its
/// filters and size in the same transaction.
pub fn export_audience(conn: &mut Conn, channel: ContactChannel, segment: Option<Segment>, tier: Option<Tier>, scope: Option<i64>, actor: i64) -> Result<Audience, AppError> {
    let tx = conn.begin()?;
    let audience = audience(&tx, channel, segment, tier, scope, usize::MAX)?;
    let detail = AuditDetail::AudienceExport { channel, segment, tier, store_id: scope, eligible: audience.eligible };
    crate::db::audit::record(&tx, actor, "marketing", &detail)?;
    tx.commit()?;
    Ok(audience)
}

pub fn consents(conn: &Conn, id: i64) -> sql::Result<Consents> {
    let history = history(conn, id)?;
    Ok(Consents { current: current(&history), history, notice_version: NOTICE_VERSION.into() })
}

pub fn visible(conn: &Conn, id: i64, scope: Option<i64>) -> Result<(), AppError> {
    read_visible(conn, id, scope, "c.id", |_| Ok(()))
}
