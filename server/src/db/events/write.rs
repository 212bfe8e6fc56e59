//! Writes a resolved batch: one statement per table, whatever the batch's size.

use std::collections::{BTreeMap, BTreeSet};

use roundtrip_domain::events::{booked_status, ChannelEvent, CustomerFacts, EventType, NEW_CUSTOMER};
use roundtrip_domain::matching::normalize_id_number;
use roundtrip_domain::phone::phone_tail;
use roundtrip_domain::resolve::{Keys, Resolution, Who};
use roundtrip_domain::search::name_index_keys;
use roundtrip_domain::{Channel, Severity};

use super::Received;
use crate::db::sql::{row, Col, Conn, Result, Value};
use crate::db::tickets::{open_ticket, Opening};
use crate::time::rfc3339;
use crate::vault::IdVault;

/// Writes the events (admitted, in order, with their fingerprints) with their resolutions; the
/// number of duplicate candidates newly suggested.
#[allow(clippy::too_many_arguments)]
pub fn apply(tx: &Conn, events: &[&ChannelEvent], prints: &[String], facts: &[CustomerFacts], keys: &[Keys], resolutions: &[Resolution], vault: &IdVault, now: Received) -> Result<usize> {
    let new_ids = tx.reserve_ids("customers", resolutions.iter().filter(|r| r.created).count())?;
    let id = |who: Who| match who {
        Who::Stored(id) => id,
        Who::New(n) => new_ids[n],
    };
    let batch: Vec<Applied> = (0..events.len())
        .map(|i| {
            let r = &resolutions[i];
            Applied { event: events[i], print: &prints[i], facts: &facts[i], keys: &keys[i], customer: id(r.customer), created: r.created, names: r.names_customer }
        })
        .collect();

    insert_customers(tx, &batch)?;
    update_customers(tx, &batch)?;
    link_identities(tx, &batch)?;
    seal_id_numbers(tx, &batch, vault)?;
    let touchpoints = insert_touchpoints(tx, &batch)?;
    insert_activity(tx, &batch)?;
    insert_orders(tx, &batch, vault, now)?;
    open_complaints(tx, &batch, now)?;
    crate::db::cases::from_events(tx, &batch.iter().map(|b| (b.event, b.customer, b.facts.at)).collect::<Vec<_>>(), now.at, now.today)?;
    insert_notes(tx, &batch, now)?;

    let stale: BTreeSet<i64> = batch.iter().map(|b| b.customer).collect();
    let rows: Vec<_> = stale.into_iter().map(|c| row![c]).collect();
    tx.execute_rows("INSERT INTO journeys_stale (customer_id) SELECT customer_id FROM {rows} AS v WHERE true ON CONFLICT DO NOTHING", &[("customer_id", Col::Int)], &rows, vec![])?;

    let rows: Vec<_> = batch.iter().zip(touchpoints).map(|(b, touchpoint)| row![b.event.event_id.trim(), b.event.source.as_str(), b.customer, touchpoint, b.print]).collect();
    tx.execute_rows(
        "INSERT INTO ingested_events (event_id, source, received_at, customer_id, touchpoint_id, fingerprint) SELECT event_id, source, ?1, customer_id, touchpoint_id, fingerprint FROM {rows} AS v",
        &[("event_id", Col::Text), ("source", Col::Text), ("customer_id", Col::Int), ("touchpoint_id", Col::Int), ("fingerprint", Col::Text)],
        &rows,
        vec![Value::Text(rfc3339(now.at))],
    )?;

    // a pair is suggested once, whichever identifier came first
    let mut pairs = BTreeMap::new();
    for (r, b) in resolutions.iter().zip(&batch) {
        for (other, identifier) in &r.suggested {
            let other = id(*other);
            pairs.entry((b.customer.min(other), b.customer.max(other))).or_insert(identifier.as_str());
        }
    }
    let rows: Vec<_> = pairs.into_iter().map(|((a, b), identifier)| row![a, b, identifier]).collect();
    tx.execute_rows(
        "INSERT INTO duplicate_candidates (customer_id, other_id, identifier, created_at) SELECT a, b, identifier, ?1 FROM {rows} AS v WHERE true ON CONFLICT DO NOTHING",
        &[("a", Col::Int), ("b", Col::Int), ("identifier", Col::Text)],
        &rows,
        vec![Value::Text(rfc3339(now.at))],
    )
}

/// One admitted event with what it resolved to.
struct Applied<'a> {
    event: &'a ChannelEvent,
    /// What it said ([`roundtrip_domain::events::fingerprint`]), kept to tell a retry from a conflict.
    print: &'a str,
    facts: &'a CustomerFacts,
    keys: &'a Keys,
    customer: i64,
    /// The event creates its customer (the row is inserted with what it tells).
    created: bool,
    /// The event gives its nameless customer a name.
    names: bool,
}

impl Applied<'_> {
    /// The store a store event happened at; other channels name none.
    fn store(&self) -> Option<i64> {
        self.event.store_id.filter(|_| self.event.source == Channel::Store)
    }

    fn summary(&self) -> String {
        let e = self.event;
        e.payload.summary.clone().unwrap_or_else(|| e.kind.as_str().replace('_', " "))
    }
}

type Batch<'a> = [Applied<'a>];

/// When something was first and last seen, widened by each event (RFC 3339 text, which
/// orders as time does).
struct Span {
    first: String,
    last: String,
}

impl Span {
    fn at(at: &str) -> Span {
        Span { first: at.to_owned(), last: at.to_owned() }
    }

    fn widen(&mut self, at: &str) {
        if at < self.first.as_str() {
            self.first = at.to_owned();
        }
        if at > self.last.as_str() {
            self.last = at.to_owned();
        }
    }
}

/// What a customer's events in the batch tell, folded in event order.
struct Change {
    online: bool,
    offline: bool,
    seen: Span,
    phone: Option<String>,
    email: Option<String>,
    city: Option<String>,
    home: Option<i64>,
    /// The first name given to a customer that had none.
    name: Option<String>,
}

/// Customers the batch creates, as their first event describes them, and their name index.
fn insert_customers(tx: &Conn, batch: &Batch) -> Result<()> {
    let created: Vec<_> = batch.iter().filter(|b| b.created).map(|b| (b.customer, b.facts)).collect();
    create_customers(tx, &created)
}

/// New customers with what is known of them (an event's customer, a booking's traveller).
pub(super) fn create_customers(tx: &Conn, created: &[(i64, &CustomerFacts)]) -> Result<()> {
    let rows: Vec<_> = created
        .iter()
        .map(|(id, f)| row![*id, f.name, f.phone, f.phone.as_deref().map(phone_tail), f.email, f.city.as_deref().unwrap_or(""), f.online, !f.online, f.home_store, rfc3339(f.at)])
        .collect();
    let (segment, tier, lifecycle) = NEW_CUSTOMER;
    tx.execute_rows(
        "INSERT INTO customers (id, name, phone_e164, phone_tail, email, city, segment, tier, lifecycle, online, offline, home_store_id, first_seen_at, last_active_at)
         SELECT id, name, phone, tail, email, city, ?1, ?2, ?3, online, offline, home, at, at FROM {rows} AS v",
        &[("id", Col::Int), ("name", Col::Text), ("phone", Col::Text), ("tail", Col::Text), ("email", Col::Text), ("city", Col::Text), ("online", Col::Int), ("offline", Col::Int), ("home", Col::Int), ("at", Col::Text)],
        &rows,
        vec![Value::Text(segment.as_str().into()), Value::Text(tier.as_str().into()), Value::Text(lifecycle.as_str().into())],
    )?;
    let grams: Vec<_> = created.iter().flat_map(|(id, f)| name_index_keys(&f.name).into_iter().map(move |g| row![g, *id])).collect();
    tx.execute_rows(
        "INSERT INTO customer_name_grams (gram, customer_id) SELECT gram, customer_id FROM {rows} AS v WHERE true ON CONFLICT DO NOTHING",
        &[("gram", Col::Text), ("customer_id", Col::Int)],
        &grams,
        vec![],
    )?;
    Ok(())
}

/// What the events tell about a customer they did not create: channel presence, activity,
/// contacts, home store and name it had none of. Folded per customer in event order (the first
/// phone given is the one kept), then applied only where something changes: an UPDATE
/// rewrites every index over the columns it sets, even to the same values.
fn update_customers(tx: &Conn, batch: &Batch) -> Result<()> {
    let mut changes: BTreeMap<i64, Change> = BTreeMap::new();
    // a customer's creating event inserted its row with exactly what it tells
    for b in batch.iter().filter(|b| !b.created) {
        let (f, at) = (b.facts, rfc3339(b.facts.at));
        let c = changes.entry(b.customer).or_insert_with(|| Change { online: false, offline: false, seen: Span::at(&at), phone: None, email: None, city: None, home: None, name: None });
        c.online |= f.online;
        c.offline |= !f.online;
        c.seen.widen(&at);
        c.phone = c.phone.take().or_else(|| f.phone.clone());
        c.email = c.email.take().or_else(|| f.email.clone());
        c.city = c.city.take().or_else(|| f.city.clone());
        c.home = c.home.or(f.home_store);
        if b.names && c.name.is_none() {
            c.name = Some(f.name.clone());
        }
    }
    let named: Vec<(i64, String)> = changes.iter().filter_map(|(id, c)| Some((*id, c.name.clone()?))).collect();
    let rows: Vec<_> = changes
        .into_iter()
        .map(|(id, c)| row![id, c.online, c.offline, c.seen.first, c.seen.last, c.phone, c.phone.as_deref().map(phone_tail), c.email, c.city, c.home, c.name])
        .collect();
    tx.execute_rows(
        "UPDATE customers SET
            online = CASE WHEN customers.online = 1 OR v.online = 1 THEN 1 ELSE 0 END,
            offline = CASE WHEN customers.offline = 1 OR v.offline = 1 THEN 1 ELSE 0 END,
            last_active_at = CASE WHEN customers.last_active_at >= v.last THEN customers.last_active_at ELSE v.last END,
            first_seen_at = CASE WHEN customers.first_seen_at <= v.first THEN customers.first_seen_at ELSE v.first END,
            phone_e164 = coalesce(customers.phone_e164, v.phone), phone_tail = coalesce(customers.phone_tail, v.tail),
            email = coalesce(customers.email, v.email), home_store_id = coalesce(customers.home_store_id, v.home),
            city = CASE WHEN customers.city = '' AND v.city IS NOT NULL THEN v.city ELSE customers.city END,
            name = coalesce(v.name, customers.name)
         FROM {rows} AS v
         WHERE customers.id = v.id
           AND (customers.online < v.online OR customers.offline < v.offline OR customers.last_active_at < v.last OR customers.first_seen_at > v.first
                OR (customers.phone_e164 IS NULL AND v.phone IS NOT NULL) OR (customers.email IS NULL AND v.email IS NOT NULL)
                OR (customers.home_store_id IS NULL AND v.home IS NOT NULL) OR (customers.city = '' AND v.city IS NOT NULL) OR v.name IS NOT NULL)",
        &[
            ("id", Col::Int), ("online", Col::Int), ("offline", Col::Int), ("first", Col::Text), ("last", Col::Text), ("phone", Col::Text), ("tail", Col::Text),
            ("email", Col::Text), ("city", Col::Text), ("home", Col::Int), ("name", Col::Text),
        ],
        &rows,
        vec![],
    )?;
    // few customers are named late: their name index one statement each
    for (id, name) in named {
        crate::db::names::index_name(tx, id, &name)?;
    }
    Ok(())
}

/// Every identity an event carries, linked to its customer: first and last seen widened,
/// the source kept from the first event that brought it.
fn link_identities(tx: &Conn, batch: &Batch) -> Result<()> {
    // (customer, kind, value) -> (source of the first event that brought it, when seen)
    let mut links: BTreeMap<(i64, &str, String), (&str, Span)> = BTreeMap::new();
    for b in batch {
        let at = rfc3339(b.facts.at);
        for (kind, value) in b.keys.links() {
            links.entry((b.customer, kind.as_str(), value)).or_insert_with(|| (b.event.source.as_str(), Span::at(&at))).1.widen(&at);
        }
    }
    let rows: Vec<_> = links
        .into_iter()
        .map(|((customer, kind, value), (source, seen))| row![customer, kind, value, source, seen.first, seen.last])
        .collect();
    tx.execute_rows(
        "INSERT INTO identities (customer_id, kind, value, source, first_seen_at, last_seen_at)
         SELECT customer_id, kind, value, source, first, last FROM {rows} AS v WHERE true
         ON CONFLICT (customer_id, kind, value) DO UPDATE SET
            first_seen_at = CASE WHEN identities.first_seen_at <= excluded.first_seen_at THEN identities.first_seen_at ELSE excluded.first_seen_at END,
            last_seen_at = CASE WHEN identities.last_seen_at >= excluded.last_seen_at THEN identities.last_seen_at ELSE excluded.last_seen_at END
         WHERE excluded.first_seen_at < identities.first_seen_at OR excluded.last_seen_at > identities.last_seen_at",
        &[("customer_id", Col::Int), ("kind", Col::Text), ("value", Col::Text), ("source", Col::Text), ("first", Col::Text), ("last", Col::Text)],
        &rows,
        vec![],
    )?;
    Ok(())
}

/// ID numbers, stored as a keyed hash, a sealed copy and a masked form. Rows from before
/// numbers were sealed get their ciphertext the next time the number arrives.
fn seal_id_numbers(tx: &Conn, batch: &Batch, vault: &IdVault) -> Result<()> {
    seal_numbers(tx, batch.iter().filter_map(|b| Some((b.customer, b.event.identity.id_number.as_deref()?))), vault)
}

/// Each customer's ID or passport number (raw, as received), sealed; a number already held is
/// kept as it is.
pub(super) fn seal_numbers<'a>(tx: &Conn, numbers: impl Iterator<Item = (i64, &'a str)>, vault: &IdVault) -> Result<()> {
    let mut sealed = BTreeMap::new();
    for (customer, raw) in numbers {
        if let Some(number) = normalize_id_number(raw) {
            let stored = vault.store(&number);
            sealed.entry((stored.hash.clone(), customer)).or_insert_with(|| row![customer, stored.hash, stored.sealed, stored.masked]);
        }
    }
    let rows: Vec<_> = sealed.into_values().collect();
    tx.execute_rows(
        "INSERT INTO id_number_hashes (customer_id, hash, sealed, masked) SELECT customer_id, hash, sealed, masked FROM {rows} AS v WHERE true
         ON CONFLICT (hash, customer_id) DO UPDATE SET sealed = excluded.sealed, masked = excluded.masked WHERE id_number_hashes.sealed IS NULL",
        &[("customer_id", Col::Int), ("hash", Col::Text), ("sealed", Col::Text), ("masked", Col::Text)],
        &rows,
        vec![],
    )?;
    Ok(())
}

/// One touchpoint per event, on the timeline; their ids, in event order.
fn insert_touchpoints(tx: &Conn, batch: &Batch) -> Result<Vec<i64>> {
    let ids = tx.reserve_ids("touchpoints", batch.len())?;
    let rows: Vec<_> = batch
        .iter()
        .zip(&ids)
        .map(|(b, id)| {
            let (e, p) = (b.event, &b.event.payload);
            row![id, b.customer, e.source.as_str(), e.kind.stage().as_str(), e.kind.as_str(), rfc3339(b.facts.at), b.summary(), p.sentiment, p.promise, b.store(), p.fulfils, p.kept]
        })
        .collect();
    tx.execute_rows(
        "INSERT INTO touchpoints (id, customer_id, channel, stage, kind, occurred_at, summary, sentiment, promise, store_id, fulfils, kept)
         SELECT id, customer_id, channel, stage, kind, at, summary, sentiment, promise, store_id, fulfils, kept FROM {rows} AS v",
        &[
            ("id", Col::Int), ("customer_id", Col::Int), ("channel", Col::Text), ("stage", Col::Text), ("kind", Col::Text), ("at", Col::Text), ("summary", Col::Text),
            ("sentiment", Col::Real), ("promise", Col::Text), ("store_id", Col::Int), ("fulfils", Col::Text), ("kept", Col::Int),
        ],
        &rows,
        vec![],
    )?;
    Ok(ids)
}

/// Community activity the event is (a share, a review, …).
fn insert_activity(tx: &Conn, batch: &Batch) -> Result<()> {
    let rows: Vec<_> = batch.iter().filter_map(|b| b.event.kind.activity().map(|a| row![b.customer, a.as_str(), rfc3339(b.facts.at)])).collect();
    tx.execute_rows(
        "INSERT INTO community_activity (customer_id, kind, occurred_at) SELECT customer_id, kind, at FROM {rows} AS v",
        &[("customer_id", Col::Int), ("kind", Col::Text), ("at", Col::Text)],
        &rows,
        vec![],
    )?;
    Ok(())
}

/// The orders events book, and the points each earns: one ledger across channels.
fn insert_orders(tx: &Conn, batch: &Batch, vault: &IdVault, now: Received) -> Result<()> {
    let booked: Vec<_> = batch.iter().filter_map(|b| b.event.payload.trip.as_ref().map(|t| (b, t))).collect();
    // validated already: normalised once here, stored as normalised
    let air: Vec<_> = booked.iter().map(|(_, t)| t.air.as_ref().and_then(|a| a.normalized().ok())).collect();
    let ids = tx.reserve_ids("orders", booked.len())?;
    let programme = if booked.is_empty() { None } else { Some(crate::db::loyalty::programme(tx)?) };
    let (mut orders, mut earned) = (Vec::new(), Vec::new());
    for (((b, t), id), air) in booked.iter().zip(&ids).zip(&air) {
        let at = b.facts.at;
        orders.push(row![
            id, b.customer, t.product.as_str(), t.title.trim(), t.destination.trim(), b.event.source.as_str(), booked_status(t, now.today).as_str(), t.amount_fen,
            rfc3339(at), t.departure.to_string(), t.return_date.to_string(), b.store(), t.booking_ref.as_deref().map(str::trim),
            air.as_ref().map(|a| a.pnr.clone())
        ]);
        let earn = programme.as_ref().expect("read when anything is booked").earn(t.amount_fen, at);
        earned.push(row![b.customer, rfc3339(at), earn.points, earn.qualifying, earn.expires_at.map(rfc3339), id]);
    }
    tx.execute_rows(
        "INSERT INTO orders (id, customer_id, product, title, destination, channel, status, amount_fen, ordered_at, departure, return_date, store_id, channel_ref, pnr)
         SELECT id, customer_id, product, title, destination, channel, status, amount, at, departure, return_date, store_id, channel_ref, pnr FROM {rows} AS v",
        &[
            ("id", Col::Int), ("customer_id", Col::Int), ("product", Col::Text), ("title", Col::Text), ("destination", Col::Text), ("channel", Col::Text),
            ("status", Col::Text), ("amount", Col::Int), ("at", Col::Text), ("departure", Col::Text), ("return_date", Col::Text), ("store_id", Col::Int),
            ("channel_ref", Col::Text), ("pnr", Col::Text),
        ],
        &orders,
        vec![],
    )?;
    insert_air(tx, air.into_iter().zip(&ids))?;
    let rosters: Vec<_> = booked
        .iter()
        .zip(&ids)
        .filter(|((_, t), _)| !t.travellers.is_empty())
        .map(|((b, t), id)| super::travellers::Roster { order: *id, booker: b.customer, travellers: &t.travellers, channel: b.event.source.as_str(), facts: b.facts })
        .collect();
    super::travellers::attach(tx, &rosters, vault)?;
    tx.execute_rows(
        "INSERT INTO loyalty_ledger (customer_id, at, kind, points, qualifying, expires_at, order_id)
         SELECT customer_id, at, 'earn', points, qualifying, expires_at, order_id FROM {rows} AS v",
        &[("customer_id", Col::Int), ("at", Col::Text), ("points", Col::Int), ("qualifying", Col::Int), ("expires_at", Col::Text), ("order_id", Col::Int)],
        &earned,
        vec![],
    )?;
    Ok(())
}

/// The tickets and segments of the flights booked, with their orders' ids.
fn insert_air<'a>(tx: &Conn, booked: impl Iterator<Item = (Option<roundtrip_domain::trips::air::AirBooking>, &'a i64)>) -> Result<()> {
    let (mut segments, mut tickets) = (Vec::new(), Vec::new());
    for (air, id) in booked {
        let Some(air) = air else { continue };
        for (k, s) in air.segments.iter().enumerate() {
            segments.push(row![*id, k as i64, s.flight.clone(), s.date.to_string(), s.from.clone(), s.to.clone(), s.cabin.as_str(), s.fare_class.clone()]);
        }
        // a number given twice is one ticket
        let numbers: BTreeSet<String> = air.ticket_numbers.into_iter().collect();
        tickets.extend(numbers.into_iter().map(|n| row![*id, n]));
    }
    tx.execute_rows(
        "INSERT INTO booking_segments (order_id, leg, flight, flies_on, origin, destination, cabin, fare_class)
         SELECT order_id, leg, flight, flies_on, origin, destination, cabin, fare_class FROM {rows} AS v",
        &[("order_id", Col::Int), ("leg", Col::Int), ("flight", Col::Text), ("flies_on", Col::Text), ("origin", Col::Text), ("destination", Col::Text), ("cabin", Col::Text), ("fare_class", Col::Text)],
        &segments,
        vec![],
    )?;
    tx.execute_rows(
        "INSERT INTO air_tickets (order_id, number) SELECT order_id, number FROM {rows} AS v",
        &[("order_id", Col::Int), ("number", Col::Text)],
        &tickets,
        vec![],
    )?;
    Ok(())
}

/// The remarks events carry become the customer's notes, signed by the account that pushed
/// them and dated when the channel recorded them.
fn insert_notes(tx: &Conn, batch: &Batch, now: Received) -> Result<()> {
    let rows: Vec<_> = batch.iter().filter_map(|b| b.facts.note.as_deref().map(|n| row![b.customer, n, rfc3339(b.facts.at)])).collect();
    tx.execute_rows(
        "INSERT INTO customer_notes (customer_id, author_id, body, created_at) SELECT customer_id, ?1, body, at FROM {rows} AS v",
        &[("customer_id", Col::Int), ("body", Col::Text), ("at", Col::Text)],
        &rows,
        vec![Value::Integer(now.by)],
    )?;
    Ok(())
}

/// A complaint opens a ticket for the store it was made at, else the customer's home store.
/// Complaints are few, so each is opened as staff open theirs.
fn open_complaints(tx: &Conn, batch: &Batch, now: Received) -> Result<()> {
    for b in batch.iter().filter(|b| b.event.kind == EventType::Complaint) {
        let e = b.event;
        let home: Option<i64> = tx.prepare_cached("SELECT home_store_id FROM customers WHERE id = ?1")?.query_row([b.customer], |r| r.get(0))?;
        let summary = b.summary();
        let opening = Opening {
            customer: b.customer, channel: e.source, kind: "complaint", severity: e.payload.severity.unwrap_or(Severity::Medium), summary: &summary,
            spoke_at: b.facts.at, store: e.store_id.or(home), assignee: None, actor: None, client_key: None,
        };
        open_ticket(tx, &opening, now.at)?;
    }
    Ok(())
}
