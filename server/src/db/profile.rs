//! The customer 360 profile as stored: head, identities, timeline, trips, service, loyalty,
//! communities and staff edits, with the scores and insights the domain derives from them.

use roundtrip_domain::trips::documents::ValidityRules;
use chrono::{DateTime, Utc};
use roundtrip_domain::dto::{CommunityMembership, CustomerProfile, Identity};
use roundtrip_domain::mask::{mask_email, mask_phone};
use roundtrip_domain::assess::{assess, History};
use roundtrip_domain::insight::{before_arrival, preferences};
use roundtrip_domain::journey::restage;
use roundtrip_domain::*;

use crate::db::edits::{follow_ups, notes, tags};
use crate::db::customers::{find_visible, summary, SUMMARY_COLUMNS, SUMMARY_WIDTH};
use crate::db::columns::{enum_col, time_col};
use crate::db::history;
use crate::error::AppError;
use crate::db::sql::Conn;

/// The whole profile of a customer `scope` may see; `None` when there is none.
pub fn load(conn: &Conn, id: i64, scope: Option<i64>, now: DateTime<Utc>, today: chrono::NaiveDate) -> Result<Option<CustomerProfile>, AppError> {
    let columns = format!("{SUMMARY_COLUMNS}, c.email, c.city, c.birth_year, c.first_seen_at, c.lifetime_value_fen, c.last_nps");
    let head = find_visible(conn, id, scope, &columns, |r| {
        let own = |k: usize| SUMMARY_WIDTH + k;
        Ok((
            summary(r)?,
            r.get::<_, Option<String>>(own(0))?,
            r.get::<_, String>(own(1))?,
            r.get::<_, Option<i32>>(own(2))?,
            time_col(r, own(3))?,
            r.get::<_, i64>(own(4))?,
            r.get::<_, Option<u8>>(own(5))?,
        ))
    })?;
    let Some((summary, email, city, birth_year, first_seen_at, lifetime_value_fen, last_nps)) = head else {
        return Ok(None);
    };
    let version = summary.version;

    let identities = conn
        .prepare_cached("SELECT kind, value, source, first_seen_at, last_seen_at FROM identities WHERE customer_id = ?1 ORDER BY first_seen_at, id")?
        .query_map([id], |r| {
            let kind = enum_col(r, 0, IdentityKind::parse)?;
            let value: String = r.get(1)?;
            let value = match kind {
                IdentityKind::Phone => mask_phone(&value),
                IdentityKind::Email => mask_email(&value),
                _ => value,
            };
            Ok(Identity { kind, value, source: enum_col(r, 2, Channel::parse)?, first_seen_at: time_col(r, 3)?, last_seen_at: time_col(r, 4)? })
        })?
        .collect::<Result<Vec<_>, _>>()?;

    let orders = history::orders_in_full(conn, id)?;
    let mut touchpoints = history::touchpoints(conn, id)?;
    // the stage each touchpoint has on the journey map (a complaint during a trip is in-trip)
    restage(&mut touchpoints, &orders);

    let tickets = history::tickets(conn, id)?;

    let communities = conn
        .prepare_cached(
            "SELECT co.id, co.name, m.joined_at,
                    (SELECT count(*) FROM event_attendance a JOIN community_events e ON e.id = a.event_id
                      WHERE a.customer_id = m.customer_id AND e.community_id = co.id AND a.attended = 1)
               FROM community_members m JOIN communities co ON co.id = m.community_id
              WHERE m.customer_id = ?1 ORDER BY m.joined_at, co.id",
        )?
        .query_map([id], |r| Ok(CommunityMembership { community_id: r.get(0)?, name: r.get(1)?, joined_at: time_col(r, 2)?, events_attended: r.get(3)? }))?
        .collect::<Result<Vec<_>, _>>()?;

    let scores = assess(&History { first_seen_at, last_active_at: summary.last_active_at, orders: &orders, tickets: &tickets, last_nps }, now);
    let (companions, usual) = crate::db::travellers::companions_of(conn, id, &summary.name)?;
    let preferences = preferences(&orders, summary.segment, usual);
    let before_arrival = before_arrival(&touchpoints, now);
    let referrals = touchpoints.iter().filter(|t| t.kind == "referral").count() as u32;
    let documents = crate::db::documents::on_file(conn, id)?;
    let travelling_on = crate::db::travellers::travelling_on(conn, id)?;
    // the profile holds every booking the customer travels on: checked here, not read again
    let trip_checks = ValidityRules::default().trip_checks(orders.iter().chain(travelling_on.iter().map(|b| &b.order)), &documents, today);
    Ok(Some(CustomerProfile {
        summary,
        email_masked: email.map(|e| mask_email(&e)),
        city,
        birth_year,
        first_seen_at,
        lifetime_value_fen,
        rfm: scores.rfm,
        churn: scores.churn,
        last_nps,
        tags: tags(conn, id)?,
        identities,
        touchpoints,
        orders,
        tickets,
        communities,
        referrals,
        preferences,
        before_arrival,
        notes: notes(conn, id)?,
        follow_ups: follow_ups(conn, id)?,
        id_numbers_masked: crate::db::id_numbers::masked(conn, id)?,
        version,
        consents: roundtrip_domain::consent::current(&crate::db::consents::history(conn, id)?),
        companions,
        travelling_on,
        documents,
        trip_checks,
    }))
}
