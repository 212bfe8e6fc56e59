//! The ingestion contract: what channel systems push to `POST /api/v1/events`, and the pure
//! rules that turn one event into a touchpoint.

use chrono::{DateTime, FixedOffset};
use crate::refusal::{Refusal, Rule};
use serde::{Deserialize, Serialize};

use crate::model::{Channel, Stage};

/// Most events accepted in one batch.
pub const MAX_BATCH: usize = 1_000;
/// Longest id (event, customer, channel identity) accepted.
pub const MAX_ID_CHARS: usize = 64;
/// Longest free text (name, summary, promise) accepted.
pub const MAX_TEXT_CHARS: usize = 500;

string_enum! {
    /// What happened. Decides the journey stage of the touchpoint.
    pub enum EventType {
        Inquiry = "inquiry", Browse = "browse", Search = "search", Wishlist = "wishlist", Coupon = "coupon",
        Quote = "quote", Order = "order", Payment = "payment", Cancellation = "cancellation",
        Visit = "visit", TripStart = "trip_start", TripEnd = "trip_end", Review = "review", Share = "share",
        Referral = "referral", Complaint = "complaint", Care = "care", CommunityJoin = "community_join",
        EventAttend = "event_attend",
        /// What was delivered against a promise (`payload.fulfils`, `payload.kept`).
        Delivery = "delivery",
        /// A member record from a CSV export (store POS, OTA back office).
        MemberImport = "member_import",
        /// The customer asks to change a booking (`payload.booking_ref`): opens a change case.
        ChangeRequest = "change_request",
        /// The customer asks to refund a booking (`payload.booking_ref`): opens a refund case.
        RefundRequest = "refund_request",
        /// The refund of a booking was paid (`payload.booking_ref`, `payload.refund_paid_fen`):
        /// completes its quoted or confirmed refund case.
        RefundPaid = "refund_paid",
        /// Tickets were issued on a booking (`payload.booking_ref`, `payload.ticket_numbers`):
        /// the numbers join the booking's.
        TicketIssued = "ticket_issued",
    }
}

impl EventType {
    /// The engagement activity an event of this type is, if any (counted for communities,
    /// advocacy and the overview).
    pub fn activity(self) -> Option<crate::community::Activity> {
        use crate::community::Activity;
        Some(match self {
            EventType::Share => Activity::Share,
            EventType::Review => Activity::Review,
            EventType::Referral => Activity::Referral,
            EventType::CommunityJoin => Activity::Join,
            EventType::EventAttend => Activity::Attend,
            _ => return None,
        })
    }

    /// Journey stage of a touchpoint of this type.
    pub fn stage(self) -> Stage {
        use EventType::*;
        match self {
            Inquiry | Browse | Search | Wishlist | Coupon | Visit | MemberImport => Stage::PreDecision,
            Quote | Order | Payment | Cancellation | TicketIssued => Stage::Booking,
            Care | ChangeRequest | RefundRequest | RefundPaid => Stage::PreTrip,
            TripStart | Delivery => Stage::InTrip,
            TripEnd | Review | Share | Referral | Complaint | CommunityJoin | EventAttend => Stage::PostTrip,
        }
    }
}

/// Who the channel says the customer is. Every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EventIdentity {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// Resident ID or passport number; stored only as a keyed hash.
    pub id_number: Option<String>,
    pub wechat_unionid: Option<String>,
    pub douyin_open_id: Option<String>,
    /// Where the customer lives; fills the profile's city when it has none.
    pub city: Option<String>,
}

/// Optional details of the event.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventPayload {
    pub summary: Option<String>,
    /// What was offered (custom itinerary, price, room type), to be matched with delivery.
    pub promise: Option<String>,
    /// -1.0 … 1.0
    pub sentiment: Option<f64>,
    /// On a delivery: the promise (as it was worded) this event delivered or failed to.
    pub fulfils: Option<String>,
    /// On a delivery: whether the promise was kept.
    pub kept: Option<bool>,
    /// On an `order`: the trip booked, so journeys are keyed to its dates.
    pub trip: Option<EventTrip>,
    /// On a `complaint`: how serious (default medium). A complaint opens a service ticket
    /// whose 24-hour clock starts at `occurred_at`.
    #[serde(default)]
    pub severity: Option<crate::model::Severity>,
    /// A remark the channel holds on the customer (a store card's notes). It becomes a
    /// customer note signed by the account that pushed the event.
    pub note: Option<String>,
    /// On a change or refund request or a refund paid: the channel's number of the booking
    /// (as its `order` event gave in `trip.booking_ref`). Left out when absent, so events
    /// from before it keep their fingerprints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking_ref: Option<String>,
    /// On a `refund_paid`: what was paid back, in fen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund_paid_fen: Option<i64>,
    /// On a `ticket_issued`: the e-ticket numbers (13 digits; `781-2345678901` is read too).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ticket_numbers: Vec<String>,
}

/// The trip an order books.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EventTrip {
    pub title: String,
    pub destination: String,
    pub product: crate::model::ProductKind,
    /// Amount in fen (1/100 yuan), 0 or more.
    pub amount_fen: i64,
    pub departure: chrono::NaiveDate,
    pub return_date: chrono::NaiveDate,
    /// The channel's own number for the booking (an OTA order number), by which later change
    /// and refund events name it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking_ref: Option<String>,
    /// On a flight: the PNR, ticket numbers and segments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub air: Option<crate::trips::air::AirBooking>,
    /// Who travels (the booker too, when they do), each matched to a customer or created.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub travellers: Vec<crate::trips::travellers::EventTraveller>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ChannelEvent {
    /// Unique per event; sending the same id again is a no-op (idempotent retries).
    pub event_id: String,
    pub source: Channel,
    /// The customer's id in the source system (member number, openid, store card).
    pub source_customer_id: String,
    /// When the customer acted, RFC 3339 with offset (`2026-11-23T14:05:00+08:00`).
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub occurred_at: DateTime<FixedOffset>,
    #[serde(rename = "type")]
    pub kind: EventType,
    #[serde(default)]
    pub identity: EventIdentity,
    pub store_id: Option<i64>,
    #[serde(default)]
    pub payload: EventPayload,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EventError {
    #[error("{0} must be 1 to {MAX_ID_CHARS} characters")]
    BadId(&'static str),
    #[error("{0} is longer than {1} characters")]
    TooLong(&'static str, usize),
    #[error("sentiment must be between -1 and 1")]
    BadSentiment,
    #[error("phone: {0}")]
    BadPhone(String),
    #[error("email is not an address")]
    BadEmail,
    #[error("id_number is not an ID or passport number")]
    BadIdNumber,
    #[error("payload.trip: {0}")]
    BadTrip(&'static str),
    #[error("payload.booking_ref: {0}")]
    BadBooking(&'static str),
    #[error("payload.trip.air.{0}: {1}")]
    BadAir(&'static str, &'static str),
    #[error("payload.ticket_numbers: {0}")]
    BadTickets(&'static str),
    #[error("payload.trip.travellers: {0}")]
    BadTraveller(&'static str),
    #[error("{0} contains a control character (NUL, escape or the like)")]
    Control(&'static str),
}

impl EventError {
    /// The field and the rule, for the console to word.
    pub fn refusal(&self) -> Refusal {
        match self {
            EventError::BadId(field) => Refusal::length(field, 1, MAX_ID_CHARS),
            EventError::TooLong(field, max) => Refusal::length(field, 0, *max),
            EventError::BadSentiment => Refusal::range("sentiment", -1, 1),
            EventError::BadPhone(_) => Refusal::only("phone", Rule::Format),
            EventError::BadEmail => Refusal::only("email", Rule::Format),
            EventError::BadIdNumber => Refusal::only("id_number", Rule::Format),
            EventError::BadTrip(_) => Refusal::only("trip", Rule::Format),
            EventError::BadBooking(_) => Refusal::only("booking_ref", Rule::Format),
            EventError::BadAir(field, _) => Refusal::only(field, Rule::Format),
            EventError::BadTraveller(_) => Refusal::only("travellers", Rule::Format),
            EventError::BadTickets(_) => Refusal::only("ticket_numbers", Rule::Format),
            EventError::Control(field) => Refusal::only(field, Rule::Control),
        }
    }
}

fn id_ok(field: &'static str, v: &str) -> Result<(), EventError> {
    let n = v.trim().chars().count();
    if n == 0 || n > MAX_ID_CHARS {
        return Err(EventError::BadId(field));
    }
    Ok(())
}

fn text_ok(field: &'static str, v: &Option<String>) -> Result<(), EventError> {
    text_within(field, v, MAX_TEXT_CHARS)
}

fn text_within(field: &'static str, v: &Option<String>, max: usize) -> Result<(), EventError> {
    match v {
        Some(t) if t.trim().chars().count() > max => Err(EventError::TooLong(field, max)),
        _ => Ok(()),
    }
}

/// No control characters in what is shown or matched on; free text may hold line breaks and tabs.
fn no_controls(e: &ChannelEvent) -> Result<(), EventError> {
    let i = &e.identity;
    let strict = [
        ("source_customer_id", Some(&e.source_customer_id)), ("event_id", Some(&e.event_id)), ("identity.name", i.name.as_ref()),
        ("identity.phone", i.phone.as_ref()), ("identity.email", i.email.as_ref()), ("identity.id_number", i.id_number.as_ref()),
        ("identity.wechat_unionid", i.wechat_unionid.as_ref()), ("identity.douyin_open_id", i.douyin_open_id.as_ref()), ("identity.city", i.city.as_ref()),
        ("payload.booking_ref", e.payload.booking_ref.as_ref()), ("payload.trip.booking_ref", e.payload.trip.as_ref().and_then(|t| t.booking_ref.as_ref())),
    ];
    let p = &e.payload;
    let trip = p.trip.as_ref();
    let free = [
        ("payload.summary", p.summary.as_ref()), ("payload.promise", p.promise.as_ref()), ("payload.fulfils", p.fulfils.as_ref()), ("payload.note", p.note.as_ref()),
        ("payload.trip.title", trip.map(|t| &t.title)), ("payload.trip.destination", trip.map(|t| &t.destination)),
    ];
    let bad = |v: &String, allow_breaks: bool| v.chars().any(|c| c.is_control() && !(allow_breaks && matches!(c, '\n' | '\r' | '\t')));
    let fields = strict.into_iter().map(|(f, v)| (f, v, false)).chain(free.into_iter().map(|(f, v)| (f, v, true)));
    match fields.filter_map(|(f, v, breaks)| v.map(|v| (f, v, breaks))).find(|(_, v, breaks)| bad(v, *breaks)) {
        Some((field, _, _)) => Err(EventError::Control(field)),
        None => Ok(()),
    }
}

/// Checks one event beyond its JSON shape (control characters, lengths, ranges). Its
/// unusable optional values are dropped first ([`drop_unusable`]), never a reason to refuse it.
pub fn validate(e: &ChannelEvent) -> Result<(), EventError> {
    no_controls(e)?;
    id_ok("event_id", &e.event_id)?;
    id_ok("source_customer_id", &e.source_customer_id)?;
    for (field, v) in [("wechat_unionid", &e.identity.wechat_unionid), ("douyin_open_id", &e.identity.douyin_open_id)] {
        if let Some(v) = v {
            id_ok(field, v)?;
        }
    }
    text_ok("identity.name", &e.identity.name)?;
    text_within("identity.city", &e.identity.city, crate::rights::MAX_CITY_CHARS)?;
    text_within("payload.note", &e.payload.note, crate::edits::MAX_NOTE_CHARS)?;
    text_ok("payload.summary", &e.payload.summary)?;
    text_ok("payload.promise", &e.payload.promise)?;
    text_ok("payload.fulfils", &e.payload.fulfils)?;
    if let Some(t) = &e.payload.trip {
        if e.kind != EventType::Order {
            return Err(EventError::BadTrip("only order events book a trip"));
        }
        if t.title.trim().is_empty() || t.destination.trim().is_empty() {
            return Err(EventError::BadTrip("title and destination are required"));
        }
        text_ok("payload.trip.title", &Some(t.title.clone()))?;
        text_ok("payload.trip.destination", &Some(t.destination.clone()))?;
        if t.amount_fen < 0 {
            return Err(EventError::BadTrip("amount_fen must not be negative"));
        }
        if t.return_date < t.departure {
            return Err(EventError::BadTrip("return_date is before departure"));
        }
        if let Some(air) = &t.air {
            air.normalized().map_err(|p| EventError::BadAir(p.field, p.why))?;
        }
        travellers_ok(&t.travellers)?;
    }
    if e.payload.sentiment.is_some_and(|s| !(-1.0..=1.0).contains(&s)) {
        return Err(EventError::BadSentiment);
    }
    booking_ok(e)
}

/// A roster within its size, each traveller named as on the ticket.
fn travellers_ok(travellers: &[crate::trips::travellers::EventTraveller]) -> Result<(), EventError> {
    if travellers.len() > crate::trips::travellers::MAX_TRAVELLERS {
        return Err(EventError::BadTraveller("at most 60 travellers on one booking"));
    }
    for t in travellers {
        if t.name.trim().is_empty() {
            return Err(EventError::BadTraveller("every traveller has a name"));
        }
        text_within("payload.trip.travellers.name", &Some(t.name.clone()), crate::rights::MAX_NAME_CHARS)?;
        let bad = |v: &str| v.chars().any(char::is_control);
        if bad(&t.name) || t.id_number.as_deref().is_some_and(bad) || t.phone.as_deref().is_some_and(bad) {
            return Err(EventError::Control("payload.trip.travellers"));
        }
    }
    Ok(())
}

/// A change or refund names its booking; a refund paid says how much; nothing else names one.
fn booking_ok(e: &ChannelEvent) -> Result<(), EventError> {
    let p = &e.payload;
    if let Some(r) = p.trip.as_ref().and_then(|t| t.booking_ref.as_ref()) {
        id_ok("payload.trip.booking_ref", r)?;
    }
    let names = matches!(e.kind, EventType::ChangeRequest | EventType::RefundRequest | EventType::RefundPaid | EventType::TicketIssued);
    match (&p.booking_ref, names) {
        (Some(r), true) => id_ok("payload.booking_ref", r)?,
        (None, true) => return Err(EventError::BadBooking("a change, refund, refund paid or ticket issued names its booking")),
        (Some(_), false) => return Err(EventError::BadBooking("only change_request, refund_request, refund_paid and ticket_issued name a booking")),
        (None, false) => {}
    }
    match (p.ticket_numbers.is_empty(), e.kind == EventType::TicketIssued) {
        (true, true) => return Err(EventError::BadTickets("a ticket issued names its numbers")),
        (false, false) => return Err(EventError::BadTickets("only ticket_issued events carry ticket numbers")),
        _ if p.ticket_numbers.iter().any(|n| crate::trips::air::normalize_ticket_number(n).is_none()) => {
            return Err(EventError::BadTickets("13 digits each"));
        }
        _ => {}
    }
    match (p.refund_paid_fen, e.kind == EventType::RefundPaid) {
        (Some(f), true) if (0..=crate::trips::cases::MAX_AMOUNT_FEN).contains(&f) => Ok(()),
        (_, true) => Err(EventError::BadBooking("refund_paid_fen: the amount paid back, 0 or more fen")),
        (Some(_), false) => Err(EventError::BadBooking("refund_paid_fen belongs to refund_paid events")),
        (None, false) => Ok(()),
    }
}

/// A value dropped from an event so that the event itself is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropped {
    pub field: &'static str,
    pub why: EventError,
}

/// Drops the optional values nobody can be found or reached by: a junk or placeholder phone,
/// an address that is not one, an unreadable ID number. The visit, order or inquiry they came
/// with is kept, with its customer; what was dropped is said in the ingestion report.
pub fn drop_unusable(e: &mut ChannelEvent) -> Vec<Dropped> {
    let mut dropped = Vec::new();
    let i = &mut e.identity;
    if let Some(p) = i.phone.take() {
        match phone_problem(&p) {
            None => i.phone = Some(p),
            Some(why) => dropped.push(Dropped { field: "identity.phone", why }),
        }
    }
    if let Some(m) = i.email.take() {
        match crate::matching::normalize_email(&m) {
            Some(_) => i.email = Some(m),
            None => dropped.push(Dropped { field: "identity.email", why: EventError::BadEmail }),
        }
    }
    if let Some(n) = i.id_number.take() {
        match crate::matching::normalize_id_number(&n) {
            Some(_) => i.id_number = Some(n),
            None => dropped.push(Dropped { field: "identity.id_number", why: EventError::BadIdNumber }),
        }
    }
    // a traveller's unusable number or phone is dropped; the traveller stays on the booking
    for t in e.payload.trip.iter_mut().flat_map(|t| t.travellers.iter_mut()) {
        if let Some(why) = t.phone.as_deref().and_then(phone_problem) {
            t.phone = None;
            dropped.push(Dropped { field: "payload.trip.travellers.phone", why });
        }
        if t.id_number.as_deref().is_some_and(|n| crate::matching::normalize_id_number(n).is_none()) {
            t.id_number = None;
            dropped.push(Dropped { field: "payload.trip.travellers.id_number", why: EventError::BadIdNumber });
        }
    }
    dropped
}

/// Why a phone can reach nobody (a placeholder, junk), or `None` for a usable one.
fn phone_problem(p: &str) -> Option<EventError> {
    match crate::matching::matchable_phone(p) {
        Ok(Some(_)) => None,
        Ok(None) => Some(EventError::BadPhone(crate::phone::PhoneError::Placeholder.to_string())),
        Err(err) => Some(EventError::BadPhone(err.to_string())),
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventBatch {
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<ChannelEvent>))]
    pub events: Vec<serde_json::Value>,
}

/// Why one event of a batch was not taken.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RejectedEvent {
    /// Position in the batch, from 0.
    pub index: usize,
    pub event_id: Option<String>,
    pub code: String,
    pub message: String,
    /// The field at fault (`identity.name`, `type`), when one is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// A value left out of an accepted event (a junk phone, an address that is not one): the
/// event and its customer were kept without it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IngestWarning {
    pub index: usize,
    pub event_id: String,
    pub field: String,
    /// `value_dropped`
    pub code: String,
    pub message: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IngestReport {
    /// Newly recorded events.
    pub accepted: usize,
    /// Events already recorded earlier (same `event_id`): nothing was written again.
    pub duplicates: usize,
    pub rejected: Vec<RejectedEvent>,
    /// Values left out of accepted events.
    #[serde(default)]
    pub warnings: Vec<IngestWarning>,
    /// Customers created for identities never seen before.
    pub customers_created: usize,
    /// Events linked to an existing customer.
    pub customers_matched: usize,
    /// Possible duplicates sent to the managers' review queue.
    pub review_candidates: usize,
}

/// What an event says about its customer, the same whether it matches a known one or
/// creates one: contacts as matching compares them, channel presence, home store and when.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerFacts {
    /// The name given, or `<source> <channel id>` when the channel sent none.
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// The city given, trimmed; fills the customer's only while theirs is empty.
    pub city: Option<String>,
    /// The channel's remark on the customer, trimmed, kept as a note.
    pub note: Option<String>,
    pub online: bool,
    /// A store event makes its store the customer's home; online events name none.
    pub home_store: Option<i64>,
    pub at: DateTime<chrono::Utc>,
}

pub fn customer_facts(e: &ChannelEvent) -> CustomerFacts {
    let online = e.source.is_online();
    CustomerFacts {
        name: e.identity.name.as_deref().map(str::trim).filter(|n| !n.is_empty()).map(str::to_string)
            .unwrap_or_else(|| format!("{} {}", e.source.as_str(), e.source_customer_id.trim())),
        phone: e.identity.phone.as_deref().and_then(|p| crate::matching::matchable_phone(p).ok().flatten()),
        email: e.identity.email.as_deref().and_then(crate::matching::normalize_email),
        city: given(&e.identity.city),
        note: given(&e.payload.note),
        online,
        home_store: if online { None } else { e.store_id },
        at: e.occurred_at.with_timezone(&chrono::Utc),
    }
}

/// Whether a customer's name is the stand-in [`customer_facts`] gives a record whose channel
/// sent no name (`douyin DY123`): it says nothing about who the person is.
pub fn is_placeholder_name(name: &str) -> bool {
    name.split_once(' ').is_some_and(|(source, id)| Channel::parse(source).is_some() && !id.is_empty() && !id.contains(' '))
}

/// A free-text field as kept: trimmed, and absent when blank.
fn given(v: &Option<String>) -> Option<String> {
    v.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_string)
}

/// What an event says, as a SHA-256 (hex) of its content: a retry of it has the same
/// fingerprint, another event sent under its id has another. A member record is the same
/// record whenever its file is imported, so its import time is left out.
pub fn fingerprint(e: &ChannelEvent) -> String {
    let text = if e.kind == EventType::MemberImport {
        serde_json::to_string(&(&e.event_id, e.source, &e.source_customer_id, &e.identity, e.store_id, &e.payload))
    } else {
        serde_json::to_string(e)
    };
    sha256_hex(&text.expect("an event always serialises"))
}

pub(crate) fn sha256_hex(text: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Where a customer an event creates starts: a leisure traveller, basic tier, new member.
pub const NEW_CUSTOMER: (crate::Segment, crate::Tier, crate::Lifecycle) = (crate::Segment::Leisure, crate::Tier::Basic, crate::Lifecycle::New);

/// The status of the order an event books: completed once the traveller is back (by the
/// agency's calendar), paid until then.
pub fn booked_status(trip: &EventTrip, today: chrono::NaiveDate) -> crate::OrderStatus {
    if trip.return_date < today { crate::OrderStatus::Completed } else { crate::OrderStatus::Paid }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event() -> ChannelEvent {
        serde_json::from_value(serde_json::json!({
            "event_id": "ctrip-1", "source": "ctrip", "source_customer_id": "CT100",
            "occurred_at": "2026-11-23T14:05:00+08:00", "type": "quote",
            "identity": { "phone": "138 0013 8000" }, "payload": { "promise": "海景房升级" }
        }))
        .unwrap()
    }

    #[test]
    fn stages_follow_the_journey() {
        assert_eq!(EventType::Inquiry.stage(), Stage::PreDecision);
        assert_eq!(EventType::Payment.stage(), Stage::Booking);
        assert_eq!(EventType::TripStart.stage(), Stage::InTrip);
        assert_eq!(EventType::Referral.stage(), Stage::PostTrip);
    }

    #[test]
    fn a_good_event_passes_and_keeps_its_offset() {
        let e = event();
        assert_eq!(validate(&e), Ok(()));
        assert_eq!(e.occurred_at.offset().local_minus_utc(), 8 * 3600);
    }

    #[test]
    fn field_problems_are_named() {
        let mut e = event();
        e.event_id = " ".into();
        assert_eq!(validate(&e), Err(EventError::BadId("event_id")));
        let mut e = event();
        e.payload.sentiment = Some(2.0);
        assert_eq!(validate(&e), Err(EventError::BadSentiment));
        let mut e = event();
        e.identity.name = Some("王\u{0}芳".into());
        assert_eq!(validate(&e), Err(EventError::Control("identity.name")));
        assert_eq!(EventError::Control("identity.name").refusal().rule, Rule::Control);
        let mut e = event();
        e.event_id = "ctrip-\u{1b}[2J".into();
        assert_eq!(validate(&e), Err(EventError::Control("event_id")), "a terminal escape");
        // free text keeps its line breaks
        let mut e = event();
        e.payload.note = Some("第一行\n第二行\t备注".into());
        assert_eq!(validate(&e), Ok(()));
    }

    #[test]
    fn a_roster_is_checked_and_its_unusable_numbers_dropped() {
        let order = |travellers: serde_json::Value| -> ChannelEvent {
            serde_json::from_value(serde_json::json!({
                "event_id": "ctrip-9", "source": "ctrip", "source_customer_id": "CT9", "occurred_at": "2026-11-23T14:05:00+08:00", "type": "order",
                "identity": { "name": "王芳" },
                "payload": { "trip": { "title": "三亚", "destination": "三亚", "product": "tour", "amount_fen": 1, "departure": "2027-01-01",
                    "return_date": "2027-01-05", "travellers": travellers } }
            }))
            .unwrap()
        };
        let mut e = order(serde_json::json!([{ "name": "王芳" }, { "name": "王小明", "id_number": "000000", "phone": "12" }]));
        assert_eq!(validate(&e), Ok(()));
        let dropped: Vec<&str> = drop_unusable(&mut e).iter().map(|d| d.field).collect();
        assert_eq!(dropped, ["payload.trip.travellers.phone", "payload.trip.travellers.id_number"]);
        let kept = &e.payload.trip.as_ref().unwrap().travellers[1];
        assert_eq!((kept.name.as_str(), kept.id_number.as_deref(), kept.phone.as_deref()), ("王小明", None, None), "the traveller stays");
        assert_eq!(validate(&order(serde_json::json!([{ "name": " " }]))), Err(EventError::BadTraveller("every traveller has a name")));
        let crowd: Vec<_> = (0..61).map(|i| serde_json::json!({ "name": format!("团员{i}") })).collect();
        assert!(matches!(validate(&order(serde_json::Value::Array(crowd))), Err(EventError::BadTraveller(_))));
        assert_eq!(validate(&order(serde_json::json!([{ "name": "王\u{7}芳" }]))), Err(EventError::Control("payload.trip.travellers")));
        // a booking listing nobody says so by leaving the list out: its fingerprint is as before
        let plain = order(serde_json::json!([]));
        assert!(!serde_json::to_string(&plain).unwrap().contains("travellers"));
    }

    #[test]
    fn a_retry_has_the_fingerprint_of_the_first_and_other_content_another() {
        let (a, mut b) = (event(), event());
        assert_eq!(fingerprint(&a), fingerprint(&b));
        assert_eq!(fingerprint(&a).len(), 64);
        b.payload.promise = Some("海景房升级，含早餐".into());
        assert_ne!(fingerprint(&a), fingerprint(&b));
    }

    #[test]
    fn unusable_optional_values_are_dropped_and_the_event_kept() {
        let mut e = event();
        e.identity.phone = Some("12345".into());
        e.identity.email = Some("nope".into());
        e.identity.id_number = Some("123".into());
        e.identity.name = Some("李娜".into());
        let dropped: Vec<&str> = drop_unusable(&mut e).iter().map(|d| d.field).collect();
        assert_eq!(dropped, ["identity.phone", "identity.email", "identity.id_number"]);
        assert_eq!((&e.identity.phone, &e.identity.email, &e.identity.id_number), (&None, &None, &None));
        assert_eq!(e.identity.name.as_deref(), Some("李娜"), "the rest stays");
        assert_eq!(validate(&e), Ok(()));
        // a landline is a phone; a placeholder is dropped like junk
        let mut e = event();
        e.identity.phone = Some("021-6123 4567".into());
        assert!(drop_unusable(&mut e).is_empty());
        assert_eq!(customer_facts(&e).phone.as_deref(), Some("+862161234567"));
        e.identity.phone = Some("13800000000".into());
        assert_eq!(drop_unusable(&mut e)[0].why, EventError::BadPhone(crate::phone::PhoneError::Placeholder.to_string()));
    }

    #[test]
    fn a_trip_is_booked_only_by_an_order_with_sane_dates() {
        let trip = |dep: &str, ret: &str| -> EventTrip {
            serde_json::from_value(serde_json::json!({
                "title": "三亚5日游", "destination": "三亚", "product": "tour", "amount_fen": 500000,
                "departure": dep, "return_date": ret
            }))
            .unwrap()
        };
        let mut e = event();
        e.payload.trip = Some(trip("2026-12-01", "2026-12-05"));
        assert_eq!(validate(&e), Err(EventError::BadTrip("only order events book a trip")));
        e.kind = EventType::Order;
        assert_eq!(validate(&e), Ok(()));
        e.payload.trip = Some(trip("2026-12-05", "2026-12-01"));
        assert_eq!(validate(&e), Err(EventError::BadTrip("return_date is before departure")));
    }

    #[test]
    fn offsets_are_required_and_unknown_fields_refused() {
        let mut v = serde_json::to_value(event()).unwrap();
        v["occurred_at"] = "2026-11-23T14:05:00".into();
        assert!(serde_json::from_value::<ChannelEvent>(v).is_err());
        let mut v = serde_json::to_value(event()).unwrap();
        v["identity"]["passport"] = "E123".into();
        assert!(serde_json::from_value::<ChannelEvent>(v).is_err());
    }

    #[test]
    fn a_store_event_names_its_home_store_and_an_unnamed_customer_gets_their_channel_id() {
        let raw = r#"{"event_id":"e-1","source":"store","source_customer_id":" ST-9 ","occurred_at":"2026-11-20T07:30:00+08:00",
            "type":"visit","store_id":3,"identity":{"phone":"139 1111 2201","email":" A@B.CN "},"payload":{}}"#;
        let e: ChannelEvent = serde_json::from_str(raw).unwrap();
        let f = customer_facts(&e);
        assert_eq!((f.name.as_str(), f.online, f.home_store), ("store ST-9", false, Some(3)));
        assert_eq!((f.phone.as_deref(), f.email.as_deref()), (Some("+8613911112201"), Some("a@b.cn")));
        assert_eq!(f.at.to_rfc3339(), "2026-11-19T23:30:00+00:00");
        let online: ChannelEvent = serde_json::from_str(&raw.replace(r#""source":"store""#, r#""source":"ctrip""#)).unwrap();
        assert_eq!(customer_facts(&online).home_store, None, "an online event names no home store");
    }

    #[test]
    fn a_booked_trip_is_completed_once_the_traveller_is_back() {
        let raw = r#"{"title":"北海道","destination":"札幌","product":"tour","amount_fen":1,"departure":"2026-11-01","return_date":"2026-11-08"}"#;
        let trip: EventTrip = serde_json::from_str(raw).unwrap();
        let day = |d| chrono::NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        assert_eq!(booked_status(&trip, day(8)), crate::OrderStatus::Paid, "still travelling on the day they return");
        assert_eq!(booked_status(&trip, day(9)), crate::OrderStatus::Completed);
    }
}
#[cfg(test)]
mod booking_tests {
    use super::*;

    fn request(kind: &str, payload: serde_json::Value) -> ChannelEvent {
        serde_json::from_value(serde_json::json!({ "event_id": "r1", "source": "ctrip", "source_customer_id": "C1",
            "occurred_at": "2026-12-01T10:00:00+08:00", "type": kind, "payload": payload })).unwrap()
    }

    #[test]
    fn changes_and_refunds_name_their_booking() {
        assert_eq!(validate(&request("refund_request", serde_json::json!({ "booking_ref": "CT2026001" }))), Ok(()));
        let unnamed = validate(&request("change_request", serde_json::json!({}))).unwrap_err();
        assert_eq!(unnamed.refusal().field, "booking_ref");
        assert!(validate(&request("inquiry", serde_json::json!({ "booking_ref": "CT2026001" }))).is_err(), "only those events name one");
        assert!(validate(&request("refund_paid", serde_json::json!({ "booking_ref": "CT2026001" }))).is_err(), "a refund paid says how much");
        assert!(validate(&request("refund_paid", serde_json::json!({ "booking_ref": "CT2026001", "refund_paid_fen": -1 }))).is_err());
        assert_eq!(validate(&request("refund_paid", serde_json::json!({ "booking_ref": "CT2026001", "refund_paid_fen": 180_000 }))), Ok(()));
        assert_eq!(EventType::RefundRequest.stage(), Stage::PreTrip);
    }

    #[test]
    fn a_flight_order_carries_its_pnr_and_segments() {
        let trip = |segments: serde_json::Value| request("order", serde_json::json!({ "trip": { "title": "大阪往返", "destination": "大阪", "product": "flight",
            "amount_fen": 300_000, "departure": "2026-12-22", "return_date": "2026-12-26",
            "air": { "pnr": "HX7K2P", "ticket_numbers": ["7812345678901"], "segments": segments } } }));
        let good = serde_json::json!([{ "flight": "MU5101", "date": "2026-12-22", "from": "PVG", "to": "KIX", "cabin": "economy", "fare_class": "Y" }]);
        assert_eq!(validate(&trip(good)), Ok(()));
        let bad = serde_json::json!([{ "flight": "5101", "date": "2026-12-22", "from": "PVG", "to": "KIX", "cabin": "economy", "fare_class": "Y" }]);
        assert_eq!(validate(&trip(bad)).unwrap_err().refusal().field, "segments.flight");
    }

    #[test]
    fn an_event_without_a_booking_keeps_its_fingerprint() {
        let e = request("inquiry", serde_json::json!({ "summary": "问价" }));
        assert!(!serde_json::to_string(&e).unwrap().contains("booking_ref"), "absent fields are not written, so stored fingerprints still match");
    }
}
