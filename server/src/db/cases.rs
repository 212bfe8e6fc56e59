//! Changes and refunds (退改签) as stored: each case rides on its service ticket (clock,
//! history, inboxes) and names its booking. A refund quote is written to the customer's
//! timeline as a promise, and the refund paid as its delivery, so the journey pairs them.

use chrono::{DateTime, NaiveDate, Utc};
use roundtrip_domain::dto::{TicketDetail, TicketRow, TripCase};
use roundtrip_domain::service::ActionOutcome;
use roundtrip_domain::service::TicketAction;
use roundtrip_domain::events::{ChannelEvent, EventType};
use roundtrip_domain::trips::cases::{self, advance, CaseKind, CaseOpenProblem, CaseOutcome, CaseStage, CaseState, CaseStep, Quote, TicketEffect};
use roundtrip_domain::{OrderStatus, Stage};

use crate::db::columns::{enum_col, opt_time_col};
use crate::db::history::{order_row, ORDER_COLUMNS};
use crate::db::sql::{self, params, Conn, OptionalExt};
use crate::db::tickets::{self, Logged};
use crate::error::AppError;
use crate::time::rfc3339;

/// The stage of the case a ticket carries, if it carries one.
pub fn stage(conn: &Conn, ticket: i64) -> sql::Result<Option<CaseStage>> {
    conn.prepare_cached("SELECT stage FROM trip_cases WHERE ticket_id = ?1")?.query_row([ticket], |r| enum_col(r, 0, CaseStage::parse)).optional()
}

const COLUMNS: &str = "c.kind, c.stage, c.fee_fen, c.fare_difference_fen, c.refund_fen, c.quoted_at, c.confirmed_at, c.closed_at, c.refund_paid_fen, c.order_id";

/// The case a ticket carries, with its booking.
pub fn read(conn: &Conn, ticket: i64) -> sql::Result<Option<TripCase>> {
    let found = conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM trip_cases c WHERE c.ticket_id = ?1"))?
        .query_row([ticket], |r| {
            let quote = match (r.get::<_, Option<i64>>(2)?, r.get::<_, Option<i64>>(3)?, r.get::<_, Option<i64>>(4)?) {
                (Some(fee_fen), Some(fare_difference_fen), Some(refund_fen)) => Some(Quote { fee_fen, fare_difference_fen, refund_fen }),
                _ => None,
            };
            Ok((enum_col(r, 0, CaseKind::parse)?, enum_col(r, 1, CaseStage::parse)?, quote, opt_time_col(r, 5)?, opt_time_col(r, 6)?, opt_time_col(r, 7)?, r.get::<_, Option<i64>>(8)?, r.get::<_, i64>(9)?))
        })
        .optional()?;
    let Some((kind, stage, quote, quoted_at, confirmed_at, closed_at, refund_paid_fen, order)) = found else { return Ok(None) };
    let mut booking = conn.prepare_cached(&format!("SELECT {ORDER_COLUMNS} FROM orders WHERE id = ?1"))?.query_row([order], order_row)?;
    crate::db::history::fill_air(conn, &mut booking)?;
    let refund = kind == CaseKind::Refund;
    Ok(Some(TripCase {
        kind,
        stage,
        booking,
        customer_pays_fen: quote.map(|q| if refund { 0 } else { q.customer_pays() }),
        quote,
        quoted_at,
        confirmed_at,
        closed_at,
        refund_paid_fen,
        refund_due: confirmed_at.filter(|_| refund).map(cases::refund_due),
        refund_kept: quote.zip(refund_paid_fen).filter(|_| refund).map(|(q, paid)| cases::refund_kept(q.refund_fen, paid)),
    }))
}

/// Why a booking named by a request took no case.
pub enum Unopened {
    /// Not a booking of this customer.
    Unknown,
    Refused(CaseOpenProblem),
}

/// A booking as a new request finds it: whose it is, where it was sold, and whether it can
/// take a request of the kind asked.
struct Bookable {
    order: i64,
    holder: i64,
    store: Option<i64>,
    status: OrderStatus,
    departure: Option<NaiveDate>,
    open_case: bool,
}

impl Bookable {
    fn opens_for(&self, customer: i64, today: NaiveDate) -> Result<(), Unopened> {
        if self.holder != customer {
            return Err(Unopened::Unknown);
        }
        cases::can_open(self.status, self.departure, today, self.open_case).map_err(Unopened::Refused)
    }
}

/// How a request names its booking: staff by id, a channel by its own order number (the
/// newest booking with it).
enum Named<'a> {
    Id(i64),
    Ref(roundtrip_domain::Channel, &'a str),
}

/// The booking named, with whether a request of `kind` is open on it, in one round trip (a
/// channel may send thousands of requests at once). By `max(id)`: an `ORDER BY id DESC LIMIT 1`
/// had PostgreSQL walk the whole table backwards.
fn bookable(tx: &Conn, kind: CaseKind, named: Named) -> sql::Result<Option<Bookable>> {
    const SELECT: &str = "SELECT o.id, o.customer_id, o.store_id, o.status, o.departure,
        EXISTS (SELECT 1 FROM trip_cases t WHERE t.order_id = o.id AND t.kind = ?1 AND t.stage NOT IN ('done', 'refused'))
        FROM orders o WHERE o.id = ";
    let read = |r: &sql::Row| {
        Ok(Bookable {
            order: r.get(0)?,
            holder: r.get(1)?,
            store: r.get(2)?,
            status: enum_col(r, 3, OrderStatus::parse)?,
            departure: crate::db::columns::date_col(r, 4)?,
            open_case: r.get(5)?,
        })
    };
    match named {
        Named::Id(order) => tx.prepare_cached(&format!("{SELECT}?2"))?.query_row(params![kind.as_str(), order], read),
        Named::Ref(channel, reference) => tx
            .prepare_cached(&format!("{SELECT}(SELECT max(id) FROM orders WHERE channel = ?2 AND channel_ref = ?3)"))?
            .query_row(params![kind.as_str(), channel.as_str(), reference], read),
    }
    .optional()
}

/// Opens the case on `ticket` if `order` is the customer's and can take a request of `kind`
/// today. Inside the transaction that opens the ticket.
pub fn try_open(tx: &Conn, ticket: i64, customer: i64, order: i64, kind: CaseKind, today: NaiveDate) -> sql::Result<Result<(), Unopened>> {
    let Some(booking) = bookable(tx, kind, Named::Id(order))? else { return Ok(Err(Unopened::Unknown)) };
    if let Err(why) = booking.opens_for(customer, today) {
        return Ok(Err(why));
    }
    insert_case(tx, ticket, order, kind)?;
    Ok(Ok(()))
}

fn insert_case(tx: &Conn, ticket: i64, order: i64, kind: CaseKind) -> sql::Result<()> {
    tx.prepare_cached("INSERT INTO trip_cases (ticket_id, order_id, kind, stage) VALUES (?1, ?2, ?3, 'requested')")?.execute(params![ticket, order, kind.as_str()])?;
    Ok(())
}

/// [`try_open`] for staff: a booking that cannot take the request refuses the whole request.
pub fn open(tx: &Conn, ticket: i64, customer: i64, order: i64, kind: CaseKind, today: NaiveDate) -> Result<(), AppError> {
    match try_open(tx, ticket, customer, order, kind, today)? {
        Ok(()) => Ok(()),
        Err(Unopened::Unknown) => Err(AppError::new(axum::http::StatusCode::UNPROCESSABLE_ENTITY, "unknown_booking", "order_id: not a booking of this customer")
            .with_details(serde_json::json!({ "field": "order_id" }))),
        Err(Unopened::Refused(p)) => Err(AppError::new(axum::http::StatusCode::CONFLICT, p.code(), p.to_string())),
    }
}

/// What channel events do to cases: a change or refund request opens a ticket, with its case
/// when the booking it names (by the channel's number) can take one, and a refund paid
/// completes the refund case quoted or confirmed on that booking. `events`: each admitted
/// event with its customer and when it happened.
pub fn from_events(tx: &Conn, events: &[(&ChannelEvent, i64, DateTime<Utc>)], now: DateTime<Utc>, today: NaiveDate) -> sql::Result<()> {
    for &(e, customer, at) in events {
        let Some(reference) = e.payload.booking_ref.as_deref().map(str::trim) else { continue };
        match e.kind {
            EventType::ChangeRequest | EventType::RefundRequest => {
                let kind = if e.kind == EventType::RefundRequest { CaseKind::Refund } else { CaseKind::Change };
                let booking = bookable(tx, kind, Named::Ref(e.source, reference))?;
                let store = match booking.as_ref().and_then(|b| b.store).or(e.store_id) {
                    Some(s) => Some(s),
                    None => tx.prepare_cached("SELECT home_store_id FROM customers WHERE id = ?1")?.query_row([customer], |r| r.get(0))?,
                };
                let summary = e.payload.summary.clone().unwrap_or_else(|| format!("{} · {reference}", if kind == CaseKind::Refund { "退票申请" } else { "改签申请" }));
                let opening = tickets::Opening {
                    customer, channel: e.source, kind: kind.as_str(), severity: e.payload.severity.unwrap_or(roundtrip_domain::Severity::Medium),
                    summary: summary.trim(), spoke_at: at, store, assignee: None, actor: None, client_key: None,
                };
                let ticket = tickets::open_ticket(tx, &opening, now)?;
                // a booking this channel never told of (or another customer's, or one that cannot
                // take the request) still reaches the desk, as a plain ticket
                if let Some(b) = booking.filter(|b| b.opens_for(customer, today).is_ok()) {
                    insert_case(tx, ticket, b.order, kind)?;
                }
            }
            EventType::TicketIssued => {
                // tickets for a booking the channel never told of stay on the timeline only
                let Some(order) = bookable(tx, CaseKind::Change, Named::Ref(e.source, reference))?.map(|b| b.order) else { continue };
                let numbers: std::collections::BTreeSet<String> = e.payload.ticket_numbers.iter().filter_map(|n| roundtrip_domain::trips::air::normalize_ticket_number(n)).collect();
                for n in numbers {
                    tx.execute("INSERT INTO air_tickets (order_id, number) VALUES (?1, ?2) ON CONFLICT DO NOTHING", params![order, n])?;
                }
            }
            EventType::RefundPaid => {
                let Some(order) = bookable(tx, CaseKind::Refund, Named::Ref(e.source, reference))?.map(|b| b.order) else { continue };
                let open: Option<(i64, String)> = tx
                    .prepare_cached("SELECT ticket_id, stage FROM trip_cases WHERE order_id = ?1 AND kind = 'refund' AND stage IN ('quoted', 'confirmed') ORDER BY ticket_id DESC LIMIT 1")?
                    .query_row([order], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()?;
                let Some((ticket, stage)) = open else { continue };
                // the payment is the customer's yes and the agency's doing at once
                if stage == "quoted" {
                    step_quietly(tx, ticket, &CaseStep::Confirm { note: None }, None, now)?;
                }
                // a payment the rules refuse (above the booking) stays the event it is
                step_quietly(tx, ticket, &CaseStep::Complete { refund_paid_fen: e.payload.refund_paid_fen, note: e.payload.summary.clone() }, None, now)?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// Takes one step of the case on ticket `id` (which `scope` must reach); the ticket afterwards.
pub fn step(conn: &mut Conn, id: i64, step: &CaseStep, scope: Option<i64>, me: i64, now: DateTime<Utc>) -> Result<TicketDetail, AppError> {
    let tx = conn.begin()?;
    step_in(&tx, id, step, scope, Some(me), now)?;
    tx.commit()?;
    tickets::detail(conn, scope, id, now)
}

/// One step inside a transaction; `actor` `None` when a channel system took it.
fn step_in(tx: &Conn, id: i64, step: &CaseStep, scope: Option<i64>, actor: Option<i64>, now: DateTime<Utc>) -> Result<(), AppError> {
    let planned = plan(tx, id, step, scope, now)??;
    Ok(write(tx, &planned, step, actor, now)?)
}

/// A step decided by the rules, before anything is written.
struct Planned {
    current: TicketRow,
    case: TripCase,
    out: CaseOutcome,
    ticket: Option<ActionOutcome>,
}

/// Reads the case and decides `step` on it: a refusal is the inner error, a database failure the outer.
fn plan(tx: &Conn, id: i64, step: &CaseStep, scope: Option<i64>, now: DateTime<Utc>) -> sql::Result<Result<Planned, AppError>> {
    let (current, clock) = match tickets::ticket(tx, scope, id, now) {
        Ok(found) => found,
        Err(e) => return Ok(Err(e)),
    };
    let Some(case) = read(tx, id)? else { return Ok(Err(AppError::not_found("case"))) };
    let state = CaseState { kind: case.kind, stage: case.stage, quote: case.quote, booking_fen: case.booking.amount_fen };
    let out = match advance(state, step) {
        Ok(out) => out,
        Err(e) => return Ok(Err(e.into())),
    };
    let words = step.note().unwrap_or(step.name()).to_string();
    let action = match out.ticket {
        TicketEffect::Answer => Some(TicketAction::Answer { message: words }),
        TicketEffect::Resolve => Some(TicketAction::Resolve { resolution: words }),
        TicketEffect::None => None,
    };
    let ticket = match action.map(|a| tickets::decide(tx, &current, clock, &a, now)).transpose()? {
        Some(Err(e)) => return Ok(Err(e.into())),
        Some(Ok(t)) => Some(t),
        None => None,
    };
    Ok(Ok(Planned { current, case, out, ticket }))
}

/// Writes a planned step: the ticket's part with its history line, the case, the booking's
/// status and the refund promise.
fn write(tx: &Conn, p: &Planned, step: &CaseStep, actor: Option<i64>, now: DateTime<Utc>) -> sql::Result<()> {
    let id = p.current.id;
    let logged = Logged { action: step.name(), text: step.note() };
    match &p.ticket {
        Some(t) => {
            tickets::record_outcome(tx, &p.current, t, logged, actor, now)?;
        }
        None => tickets::log(tx, id, &logged, actor, None, None, None, None, now)?,
    }
    let q = p.out.quote;
    tx.execute(
        "UPDATE trip_cases SET stage = ?2, fee_fen = ?3, fare_difference_fen = ?4, refund_fen = ?5,
                quoted_at = CASE WHEN ?6 = 'quote' THEN ?7 ELSE quoted_at END,
                confirmed_at = CASE WHEN ?6 = 'confirm' THEN ?7 ELSE confirmed_at END,
                closed_at = CASE WHEN ?6 IN ('complete', 'refuse') THEN ?7 ELSE closed_at END,
                refund_paid_fen = coalesce(?8, refund_paid_fen)
          WHERE ticket_id = ?1",
        params![id, p.out.stage.as_str(), q.map(|q| q.fee_fen), q.map(|q| q.fare_difference_fen), q.map(|q| q.refund_fen), step.name(), rfc3339(now), p.out.refund_paid_fen],
    )?;
    if let Some(status) = p.out.order_status {
        tx.execute("UPDATE orders SET status = ?2 WHERE id = ?1", params![p.case.booking.id, status.as_str()])?;
        // a refunded booking is no longer a purchase: the risk of losing the customer moves
        crate::db::churn::rescore(tx, p.current.customer_id, now)?;
    }
    if p.case.kind == CaseKind::Refund {
        promise(tx, id, p.current.customer_id, &p.current, step, &p.out, now)?;
    }
    Ok(())
}

/// A step taken without anyone waiting on its answer (a channel's event, the demo data):
/// refused by the rules, it is left; only the database's failures stop the caller.
pub fn step_quietly(tx: &Conn, id: i64, step: &CaseStep, actor: Option<i64>, now: DateTime<Utc>) -> sql::Result<()> {
    match plan(tx, id, step, None, now)? {
        Ok(p) => write(tx, &p, step, actor, now),
        Err(_) => Ok(()),
    }
}

/// Keeps the refund promise on the customer's timeline in step with the case: the quote makes
/// (or rewords) it, a refusal withdraws it, the payment delivers it.
fn promise(tx: &Conn, id: i64, customer: i64, t: &TicketRow, step: &CaseStep, out: &CaseOutcome, now: DateTime<Utc>) -> sql::Result<()> {
    let words = |fen| cases::refund_promise(id, fen);
    // a new quote replaces the promise, a refusal withdraws it
    if matches!(step, CaseStep::Quote { .. } | CaseStep::Refuse { .. }) {
        tx.execute("DELETE FROM touchpoints WHERE customer_id = ?1 AND kind = 'refund_quote' AND promise LIKE ?2", params![customer, format!("%#{id}")])?;
    }
    match step {
        CaseStep::Quote { .. } => {
            let fen = out.quote.map_or(0, |q| q.refund_fen);
            if fen > 0 {
                touch(tx, customer, t, "refund_quote", &words(fen), Some(&words(fen)), None, None, now)?;
            }
        }
        CaseStep::Complete { .. } => {
            if let (Some(q), Some(paid)) = (out.quote.filter(|q| q.refund_fen > 0), out.refund_paid_fen) {
                let summary = format!("退款已付 ¥{} · 退改签 #{id}", cases::yuan(paid));
                touch(tx, customer, t, "delivery", &summary, None, Some(&words(q.refund_fen)), Some(cases::refund_kept(q.refund_fen, paid)), now)?;
            }
        }
        CaseStep::Confirm { .. } | CaseStep::Refuse { .. } => {}
    }
    crate::db::journeys::mark_stale(tx, customer)
}

/// A touch on the customer's timeline, on the ticket's channel and store.
#[allow(clippy::too_many_arguments)]
fn touch(tx: &Conn, customer: i64, t: &TicketRow, kind: &str, summary: &str, promise: Option<&str>, fulfils: Option<&str>, kept: Option<bool>, now: DateTime<Utc>) -> sql::Result<()> {
    tx.execute(
        "INSERT INTO touchpoints (customer_id, channel, stage, kind, occurred_at, summary, promise, fulfils, kept, store_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![customer, t.channel.as_str(), Stage::PreTrip.as_str(), kind, rfc3339(now), summary, promise, fulfils, kept, t.store.as_ref().map(|s| s.id)],
    )?;
    Ok(())
}
