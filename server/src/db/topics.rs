//! What complaints are about, as stored: the rules' reading of every ticket, the report by
//! topic, agency month, store and channel, and the complaints behind one of its cells.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use roundtrip_domain::dto::{TicketRow, TopicReport, TopicRow, TopicSplit};
use roundtrip_domain::topics::{classify, month_days, month_of, months_between, trend, Topic};
use roundtrip_domain::Channel;

use crate::db::columns::{enum_col, time_col};
use crate::db::period::Period;
use crate::db::sql::{self, row, Col, Conn};
use crate::db::tickets::{row as ticket_row, COLUMNS, FROM};
use crate::error::AppError;
use crate::time::rfc3339;

/// Months one report spans at most (a column each).
const MAX_MONTHS: usize = 36;

/// Tickets the backfill reads and writes per statement.
const CHUNK: i64 = 5_000;

/// Reads every ticket's summary by the rules (the migration for tickets opened before topics,
/// and the demo seed), in chunks.
pub fn classify_every_ticket(conn: &Conn) -> sql::Result<()> {
    let mut after = 0i64;
    loop {
        let rows: Vec<(i64, String)> = conn
            .prepare_cached("SELECT id, summary FROM tickets WHERE id > ?1 ORDER BY id LIMIT ?2")?
            .query_map([after, CHUNK], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let Some(last) = rows.last().map(|(id, _)| *id) else { return Ok(()) };
        let values: Vec<_> = rows.iter().map(|(id, summary)| row![*id, classify(summary).as_str()]).collect();
        conn.execute_rows(
            "UPDATE tickets SET topic_by_rules = v.topic, topic = v.topic FROM {rows} AS v WHERE tickets.id = v.id AND tickets.topic_corrected_by IS NULL",
            &[("id", Col::Int), ("topic", Col::Text)],
            &values,
            vec![],
        )?;
        after = last;
    }
}

/// The complaints opened in the period (its store and segment filters apply) by topic and
/// agency month, store and channel.
pub fn report(conn: &Conn, period: &Period) -> Result<TopicReport, AppError> {
    let months = months_between(period.from, period.to);
    if months.len() > MAX_MONTHS {
        return Err(AppError::invalid_query("from", format!("the topic report covers at most {MAX_MONTHS} months")));
    }
    let mut stmt = conn.prepare_cached(
        "SELECT t.opened_at, t.topic, t.topic_by_rules, t.store_id, s.name, t.channel
           FROM tickets t JOIN customers c ON c.id = t.customer_id LEFT JOIN stores s ON s.id = t.store_id
          WHERE t.kind = 'complaint' AND t.opened_at >= ?1 AND t.opened_at < ?2
            AND (CAST(?3 AS BIGINT) IS NULL OR t.store_id = ?3) AND (CAST(?4 AS TEXT) IS NULL OR c.segment = ?4)",
    )?;
    let topics = Topic::ALL;
    let at = |t: Topic| topics.iter().position(|x| *x == t).expect("every topic listed");
    let mut cells = vec![vec![0u64; months.len()]; topics.len()];
    let (mut by_rules, mut kept) = (vec![0u64; topics.len()], vec![0u64; topics.len()]);
    let mut stores: BTreeMap<(Option<i64>, String), Vec<u64>> = BTreeMap::new();
    let mut channels: BTreeMap<Channel, Vec<u64>> = BTreeMap::new();
    let (mut complaints, mut corrected) = (0u64, 0u64);
    let mut rows = stmt.query(sql::params_from_iter(period.params()))?;
    while let Some(r) = rows.next()? {
        let r = &r;
        let opened: DateTime<Utc> = time_col(r, 0)?;
        let (topic, rules) = (enum_col(r, 1, Topic::parse)?, enum_col(r, 2, Topic::parse)?);
        let month = month_of(opened, &period.zone());
        if let Some(m) = months.iter().position(|x| *x == month) {
            cells[at(topic)][m] += 1;
        }
        complaints += 1;
        by_rules[at(rules)] += 1;
        if topic == rules {
            kept[at(rules)] += 1;
        } else {
            corrected += 1;
        }
        let store = (r.get::<_, Option<i64>>(3)?, r.get::<_, Option<String>>(4)?.unwrap_or_default());
        stores.entry(store).or_insert_with(|| vec![0; topics.len()])[at(topic)] += 1;
        channels.entry(enum_col(r, 5, Channel::parse)?).or_insert_with(|| vec![0; topics.len()])[at(topic)] += 1;
    }
    let mut rows: Vec<TopicRow> = topics
        .iter()
        .enumerate()
        .map(|(i, t)| TopicRow { topic: *t, total: cells[i].iter().sum(), trend: trend(&cells[i]), per_month: cells[i].clone(), by_rules: by_rules[i], kept: kept[i] })
        .collect();
    rows.sort_by(|a, b| b.total.cmp(&a.total).then(at(a.topic).cmp(&at(b.topic))));
    let order: Vec<usize> = rows.iter().map(|r| at(r.topic)).collect();
    let split = |key: String, label: String, counts: &[u64]| TopicSplit { key, label, per_topic: order.iter().map(|i| counts[*i]).collect() };
    Ok(TopicReport {
        from: period.from,
        to: period.to,
        months,
        topics: rows,
        by_store: stores.iter().map(|((id, name), c)| split(id.map_or("none".into(), |i| i.to_string()), name.clone(), c)).collect(),
        by_channel: channels.iter().map(|(ch, c)| split(ch.as_str().into(), ch.as_str().into(), c)).collect(),
        complaints,
        corrected,
    })
}

/// Most complaints one cell lists.
const CELL_LIMIT: i64 = 200;

/// The complaints about `topic` in the period (or the part of one agency month within it),
/// newest first, as the caller's scope sees them; `None` when the month is no month.
pub fn tickets(conn: &Conn, scope: Option<i64>, period: &Period, topic: Topic, month: Option<&str>, channel: Option<Channel>, now: DateTime<Utc>) -> Result<Option<Vec<TicketRow>>, AppError> {
    let span = match month {
        None => period.span(period.from, period.to),
        Some(m) => match month_days(m) {
            Some((first, last)) => period.span(first.max(period.from), last.min(period.to)),
            None => return Ok(None),
        },
    };
    if span.from > span.to {
        return Ok(Some(Vec::new()));
    }
    let (from, to) = span.bounds();
    let sql = format!(
        "SELECT {COLUMNS} {FROM} AND t.kind = 'complaint' AND t.topic = ?2 AND t.opened_at >= ?3 AND t.opened_at < ?4
           AND (CAST(?5 AS BIGINT) IS NULL OR t.store_id = ?5) AND (CAST(?6 AS TEXT) IS NULL OR t.channel = ?6)
         ORDER BY t.opened_at DESC, t.id DESC LIMIT ?7"
    );
    let list = conn
        .prepare_cached(&sql)?
        .query_map(sql::params![scope, topic.as_str(), rfc3339(from), rfc3339(to), span.store(), channel.map(|c| c.as_str()), CELL_LIMIT], |r| ticket_row(r, now))?
        .collect::<Result<Vec<TicketRow>, _>>()?;
    Ok(Some(list))
}
