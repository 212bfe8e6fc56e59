//! The store's own customers kept on the device, so staff can find a walk-in by name or the
//! last digits of a phone while the network is down. Phones are stored masked only.

use chrono::{DateTime, Utc};
use roundtrip_domain::dto::{CustomerPage, CustomerSummary};
use roundtrip_domain::search::{matches_offline, parse_query};
use serde::{Deserialize, Serialize};

use super::{all_json, get_json, open, put_json, replace_all_json, CacheError, META, ROSTER};

const CHUNK: usize = 1_000;
const SAVED_AT: &str = "roster_saved_at";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RosterInfo {
    pub saved_at: DateTime<Utc>,
    pub customers: usize,
}

/// Replaces the stored roster with `rows` (in chunks, one transaction), then records when.
pub async fn save(db_name: &str, rows: &[CustomerSummary]) -> Result<RosterInfo, CacheError> {
    let chunks: Vec<(String, Vec<CustomerSummary>)> = rows.chunks(CHUNK).enumerate().map(|(i, c)| (format!("chunk-{i:05}"), c.to_vec())).collect();
    let info = RosterInfo { saved_at: Utc::now(), customers: rows.len() };
    let db = open(db_name).await?;
    let result = async {
        replace_all_json(&db, ROSTER, &chunks).await?;
        put_json(&db, META, SAVED_AT, &info).await
    }
    .await;
    db.close();
    result.map(|_| info)
}

pub async fn info(db_name: &str) -> Result<Option<RosterInfo>, CacheError> {
    let db = open(db_name).await?;
    let result = get_json(&db, META, SAVED_AT).await;
    db.close();
    result
}

pub async fn load(db_name: &str) -> Result<Vec<CustomerSummary>, CacheError> {
    let db = open(db_name).await?;
    let result = all_json::<Vec<CustomerSummary>>(&db, ROSTER).await;
    db.close();
    Ok(result?.into_iter().flatten().collect())
}

/// Customers matching `query` as the server would match it, as far as the device can tell
/// (a name, a phone tail, or both: `潘 1132`); besides, three digits match the end of the
/// masked phone. In roster order (most recently active first), at most `limit`.
pub fn search<'a>(rows: &'a [CustomerSummary], query: &str, limit: usize) -> Vec<&'a CustomerSummary> {
    let q = query.trim();
    let term = match parse_query(q) {
        Ok(Some(term)) => term,
        Ok(None) => return rows.iter().take(limit).collect(),
        Err(_) => return Vec::new(),
    };
    let short_tail = q.len() == 3 && q.bytes().all(|b| b.is_ascii_digit());
    rows.iter()
        .filter(|c| {
            let phone = c.phone_masked.as_deref();
            if short_tail { phone.is_some_and(|p| p.ends_with(q)) } else { matches_offline(&term, &c.name, phone) }
        })
        .take(limit)
        .collect()
}

/// The first page of an offline search, shaped like the server's answer.
pub async fn search_offline(db_name: &str, query: &str) -> Result<CustomerPage, CacheError> {
    const PAGE: usize = 50;
    let rows = load(db_name).await?;
    let total = if query.trim().is_empty() { rows.len() } else { search(&rows, query, usize::MAX).len() };
    let items = search(&rows, query, PAGE).into_iter().cloned().collect();
    Ok(CustomerPage { items, page: 1, page_size: PAGE as u32, total: total as u64 })
}

/// One customer of the roster by id: what the device knows of a walk-in whose profile was
/// never opened here.
pub async fn find(db_name: &str, id: i64) -> Result<Option<CustomerSummary>, CacheError> {
    Ok(load(db_name).await?.into_iter().find(|c| c.id == id))
}
