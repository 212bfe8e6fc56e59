//! Request and response bodies of the JSON API. The console deserialises exactly these.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::model::*;
use crate::insight::Preferences;
use crate::scoring::{ChurnRisk, Rfm};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// Every API error has this body: `{ "error": { "code", "message", "details" } }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ErrorEnvelope {
    pub error: ErrorBody,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ErrorBody {
    /// Stable machine-readable code, e.g. `unauthenticated`, `invalid_query`, `not_found`.
    pub code: String,
    /// Human-readable English explanation.
    pub message: String,
    /// Structured specifics (offending field, limits); `null` when there are none.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub details: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Health {
    /// `ok`, or `degraded` while something in `problems` keeps writes from succeeding.
    pub status: String,
    /// What is wrong: `storage_full` (the database's disk has no room: writes answer 507).
    #[serde(default)]
    pub problems: Vec<String>,
    pub version: String,
    /// Customer records ever created (the highest id; merged and erased ones included).
    pub customers: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

/// The signed-in user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Me {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// Store the user works in; `None` for managers and admins who see every store.
    pub store: Option<StoreRef>,
    #[serde(default)]
    pub display: DisplayPreferences,
    /// The agency's time zone (tz database name): the console shows times and days in it,
    /// as the server cuts its days, wherever the browser is.
    #[serde(default)]
    pub time_zone: String,
}

/// How the console looks for this user, on whichever device they sign in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DisplayPreferences {
    /// Larger text, for serving older customers.
    pub large_type: bool,
    pub dark_theme: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct StoreRef {
    pub id: i64,
    pub name: String,
    pub city: String,
}

/// One row of the customer list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CustomerSummary {
    pub id: i64,
    pub name: String,
    /// Always masked (`138****5678`).
    pub phone_masked: Option<String>,
    pub segment: Segment,
    pub tier: Tier,
    pub points: i64,
    pub lifecycle: Lifecycle,
    pub presence: Presence,
    pub home_store: Option<StoreRef>,
    /// 0-100.
    pub churn_risk: u8,
    pub last_active_at: DateTime<Utc>,
    /// The profile's edit version, so an edit made from this row alone (a walk-in found in
    /// the offline roster) is based on it (copies kept before it was sent read as 0).
    #[serde(default)]
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CustomerPage {
    pub items: Vec<CustomerSummary>,
    pub page: u32,
    pub page_size: u32,
    pub total: u64,
}

/// Filters of the customer list, as query parameters.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct CustomerQuery {
    /// Name substring, pinyin (`zhangwei`, initials `zw`), phone (full or last 4 digits), a name
    /// or pinyin with a phone tail (`潘 1132`), email or member / channel id.
    pub q: Option<String>,
    pub segment: Option<Segment>,
    pub tier: Option<Tier>,
    pub lifecycle: Option<Lifecycle>,
    pub presence: Option<Presence>,
    /// Home store id (managers and admins; staff are always limited to their own store).
    pub store_id: Option<i64>,
    /// Exact tag.
    pub tag: Option<String>,
    /// Only customers whose churn risk is 50 or more.
    pub at_risk: Option<bool>,
    /// Order of the rows (default: most recently active first).
    pub sort: Option<CustomerSort>,
    /// 1-based page number (default 1).
    pub page: Option<u32>,
    /// Rows per page (default 25, at most 100).
    pub page_size: Option<u32>,
}

string_enum! {
    /// How the customer list is ordered.
    pub enum CustomerSort {
        Recent = "recent", Name = "name", ChurnRisk = "churn_risk", Value = "value", Points = "points",
    }
}

/// A channel identity linked to the customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Identity {
    pub kind: IdentityKind,
    /// Masked for phones and emails.
    pub value: String,
    pub source: Channel,
    pub first_seen_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
}

/// One interaction on one channel at one journey stage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Touchpoint {
    pub id: i64,
    pub channel: Channel,
    pub stage: Stage,
    /// Event type, e.g. `inquiry`, `quote`, `visit`, `review`.
    pub kind: String,
    pub occurred_at: DateTime<Utc>,
    pub summary: String,
    /// -1.0 (negative) … 1.0 (positive), when known.
    pub sentiment: Option<f64>,
    /// What was offered, when this touchpoint carried a promise.
    pub promise: Option<String>,
    /// The promise this touchpoint delivered (or failed to), matched by its text.
    #[serde(default)]
    pub fulfils: Option<String>,
    /// Whether the delivery kept the promise.
    #[serde(default)]
    pub kept: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Order {
    pub id: i64,
    pub product: ProductKind,
    pub title: String,
    pub destination: String,
    pub channel: Channel,
    pub status: OrderStatus,
    /// Amount in fen (1/100 yuan).
    pub amount_fen: i64,
    pub ordered_at: DateTime<Utc>,
    pub departure: Option<NaiveDate>,
    pub return_date: Option<NaiveDate>,
    /// A flight's PNR, ticket numbers and segments (copies cached before air data read none).
    #[serde(default)]
    pub air: Option<crate::trips::air::AirBooking>,
    /// Who travels, as the booking listed them (none when it listed nobody).
    #[serde(default)]
    pub travellers: Vec<crate::trips::travellers::BookingTraveller>,
}

/// A booking someone else made on which the customer travels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct BookedFor {
    pub booker_id: i64,
    pub booker_name: String,
    pub order: Order,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Ticket {
    pub id: i64,
    pub channel: Channel,
    pub kind: String,
    pub severity: Severity,
    pub status: TicketStatus,
    pub summary: String,
    pub opened_at: DateTime<Utc>,
    pub first_response_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CommunityMembership {
    pub community_id: i64,
    pub name: String,
    pub joined_at: DateTime<Utc>,
    pub events_attended: u32,
}

/// Customer 360: one traveller across every channel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CustomerProfile {
    pub summary: CustomerSummary,
    pub email_masked: Option<String>,
    pub city: String,
    pub birth_year: Option<i32>,
    pub first_seen_at: DateTime<Utc>,
    pub lifetime_value_fen: i64,
    pub rfm: Rfm,
    pub churn: ChurnRisk,
    /// Latest NPS answer, 0-10.
    pub last_nps: Option<u8>,
    pub tags: Vec<String>,
    pub identities: Vec<Identity>,
    /// Newest first.
    pub touchpoints: Vec<Touchpoint>,
    pub orders: Vec<Order>,
    pub tickets: Vec<Ticket>,
    pub communities: Vec<CommunityMembership>,
    /// Referrals this customer made (word of mouth).
    pub referrals: u32,
    pub preferences: Preferences,
    /// Online interest of the last 90 days, for staff before the customer arrives.
    pub before_arrival: Vec<Touchpoint>,
    pub notes: Vec<Note>,
    pub follow_ups: Vec<FollowUp>,
    /// Optimistic-concurrency version: every edit must send the version it was based on.
    pub version: i64,
    /// The latest consent answer per purpose and channel (copies cached before consent
    /// existed read as none).
    #[serde(default)]
    pub consents: Vec<ConsentRecord>,
    /// ID and passport numbers on file, masked for every role (`1101**********1234`); the
    /// full numbers only through an audited reveal.
    #[serde(default)]
    pub id_numbers_masked: Vec<String>,
    /// People the customer shares bookings with, closest first.
    #[serde(default)]
    pub companions: Vec<crate::trips::travellers::Companion>,
    /// Bookings others made on which the customer travels, newest first.
    #[serde(default)]
    pub travelling_on: Vec<BookedFor>,
    /// Passports, permits and visas held, numbers masked.
    #[serde(default)]
    pub documents: Vec<crate::trips::documents::DocumentOnFile>,
    /// Trips abroad still to come, each checked against those documents.
    #[serde(default)]
    pub trip_checks: Vec<crate::trips::documents::TripCheck>,
}

/// A staff note on a customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Note {
    pub id: i64,
    pub author: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

/// A follow-up task for staff.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct FollowUp {
    pub id: i64,
    pub author: String,
    pub title: String,
    pub due_on: NaiveDate,
    pub done: bool,
}

/// Adds and removes tags in one edit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct TagChange {
    pub version: i64,
    #[serde(default)]
    pub add: Vec<String>,
    #[serde(default)]
    pub remove: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct NewNote {
    pub version: i64,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct NewFollowUp {
    pub version: i64,
    pub title: String,
    pub due_on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct FollowUpChange {
    pub version: i64,
    pub done: bool,
}

/// The editable part of a profile after an edit, with the new version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CustomerEdits {
    pub version: i64,
    pub tags: Vec<String>,
    pub notes: Vec<Note>,
    pub follow_ups: Vec<FollowUp>,
}

/// Identity-resolution KPIs for managers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct IdentityKpis {
    /// Customer records (after merging).
    pub members: u64,
    pub known_online: u64,
    pub known_offline: u64,
    pub known_both: u64,
    /// known_both ÷ members; `null` without members.
    pub overlap_rate: Option<f64>,
    /// Possible duplicate pairs awaiting review.
    pub duplicates_pending: u64,
    /// Estimated share of records that are a second record of the same person.
    pub duplicate_marketing_share: Option<f64>,
}

/// A possible duplicate pair for a manager to review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct DuplicateCandidate {
    pub id: i64,
    /// Which identifier the two records share (`phone`, `email`).
    pub identifier: String,
    pub first: CustomerSummary,
    pub second: CustomerSummary,
    pub created_at: DateTime<Utc>,
    /// How sure it is one person, 0-100 (`matching::confidence` of `matched`).
    pub confidence: u8,
    /// What the two records have in common, which the confidence weighs.
    pub matched: crate::matching::Evidence,
    /// What each record has behind it, in the order of `first`, `second`.
    pub evidence: [RecordEvidence; 2],
}

/// What a record has behind it: orders and the channels it was seen on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RecordEvidence {
    /// Orders not cancelled.
    pub orders: u32,
    pub channels: Vec<Channel>,
}

/// One page of the review queue, surest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct DuplicatePage {
    pub items: Vec<DuplicateCandidate>,
    pub page: u32,
    pub page_size: u32,
    pub total: u64,
}

/// Paging of the review queue.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct DuplicateQuery {
    /// 1-based page.
    pub page: Option<u32>,
    /// Pairs per page (default 25, at most 100).
    pub page_size: Option<u32>,
    /// `confidence` (surest first, the default) or `oldest`.
    pub sort: Option<DuplicateSort>,
}

string_enum! {
    /// The review queue's order.
    pub enum DuplicateSort { Confidence = "confidence", Oldest = "oldest" }
}

impl Default for DuplicateSort {
    fn default() -> Self {
        DuplicateSort::Confidence
    }
}

/// Most pairs one bulk review takes.
pub const BULK_REVIEW_LIMIT: usize = 100;

/// What a bulk review does to every pair it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BulkAction {
    /// Merge each pair, the older record surviving with every field it has (`matching::bulk_choice`).
    Merge,
    Dismiss,
}

/// Accept or dismiss many pending pairs at once; each is audited and undone on its own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct BulkReview {
    pub action: BulkAction,
    /// Candidate ids, 1 to 100.
    pub ids: Vec<i64>,
}

impl BulkReview {
    /// The ids to review, each once in the order first given; refused when none or too many.
    pub fn checked_ids(&self) -> Result<Vec<i64>, crate::refusal::Refusal> {
        use crate::refusal::{Refusal, Rule};
        let mut ids = Vec::with_capacity(self.ids.len());
        for id in &self.ids {
            if !ids.contains(id) {
                ids.push(*id);
            }
        }
        match ids.len() {
            0 => Err(Refusal::range("ids", 1, BULK_REVIEW_LIMIT as i64)),
            n if n > BULK_REVIEW_LIMIT => Err(Refusal::bound("ids", Rule::TooMany, BULK_REVIEW_LIMIT as i64)),
            _ => Ok(ids),
        }
    }
}

/// What became of one pair of a bulk review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BulkOutcome {
    Merged,
    Dismissed,
    /// No longer pending (reviewed meanwhile, or one of its records merged by an earlier pair).
    Skipped,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct BulkReviewItem {
    pub id: i64,
    pub outcome: BulkOutcome,
    /// The merge to undo, for a merged pair.
    pub merge: Option<MergeResult>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct BulkReviewResult {
    pub items: Vec<BulkReviewItem>,
}

/// Which record's value each field keeps; every id must be one of the pair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct KeepFields {
    pub name: i64,
    pub phone: i64,
    pub email: i64,
    pub segment: i64,
}

/// Merges a reviewed pair: everything of the other record moves onto `survivor_id`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct MergeRequest {
    pub survivor_id: i64,
    pub keep: KeepFields,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct MergeResult {
    pub merge_id: i64,
    pub survivor_id: i64,
    pub merged_id: i64,
}

mod community;
mod consent;
mod journey;
mod loyalty;
mod overview;
mod service;
mod sync;
pub use community::*;
pub use consent::*;
pub use journey::*;
pub use loyalty::*;
pub use overview::*;
pub use service::*;
pub use sync::*;

/// Whether a user may sign in.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UserAccess {
    pub disabled: bool,
}

string_enum! {
    /// Personal fields that can be revealed in full, with a reason.
    pub enum RevealField { Phone = "phone", Email = "email", IdNumber = "id_number" }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RevealRequest {
    pub field: RevealField,
    /// Why the full value is needed (4 to 200 characters); written to the audit log.
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Revealed {
    pub field: RevealField,
    /// The full value; `null` when the customer has none. ID numbers: every number on file,
    /// separated by `; `.
    pub value: Option<String>,
}

/// One row of the append-only audit log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub user: Option<String>,
    /// `reveal`, `merge`, `unmerge`, `dismiss_duplicate`, `user_access`.
    pub action: String,
    /// What it concerned, e.g. `customer:42`.
    pub subject: String,
    pub detail: Option<crate::audit::AuditDetail>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    pub page: u32,
    pub pages: u32,
    pub total: u64,
    /// Everyone with an entry in the log, by name: what the "who" filter offers.
    pub people: Vec<AuditPerson>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AuditPerson {
    pub id: i64,
    pub name: String,
}

/// Which audit entries to list: by person, action, customer and days of the agency's calendar
/// (each optional; all combine).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct AuditQuery {
    /// 1-based page.
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100000))]
    pub page: Option<u32>,
    /// Who acted (a user id from `people`).
    pub user_id: Option<i64>,
    /// An action code, e.g. `reveal`, `merge`, `erasure`.
    pub action: Option<String>,
    /// Entries about this customer.
    pub customer_id: Option<i64>,
    /// First day (agency calendar), inclusive.
    pub from: Option<NaiveDate>,
    /// Last day, inclusive.
    pub to: Option<NaiveDate>,
}
