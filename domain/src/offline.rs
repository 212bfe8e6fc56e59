//! Rules for edits queued on a device: what counts as a conflict, how the device's own edits
//! chain their versions, and how queued edits show on a profile before they reach the server.

use crate::dto::{CustomerEdits, EditChange, OfflineEdit, TICKET_KINDS};
use crate::refusal::{Refusal, Rule};
use crate::edits::{apply_tag_change, check_follow_up, clean_note, EditError};
use crate::service::{check_spoke_at, check_summary};
use chrono::{DateTime, Utc};

pub const MAX_VISIT_CHARS: usize = 200;

/// Checks an idempotency key: 8–64 ASCII letters, digits, `-` or `_`.
pub fn valid_client_key(key: &str) -> bool {
    (8..=64).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl EditChange {
    /// Edits that replace a value can overwrite someone else's newer change; edits that add
    /// something (a note, a task, a visit) cannot, so they apply on any version.
    pub fn overwrites(&self) -> bool {
        matches!(self, EditChange::Tags { .. } | EditChange::FollowUpDone { .. })
    }

    /// The edit with its text trimmed, or why it cannot be saved.
    pub fn cleaned(&self, now: DateTime<Utc>) -> Result<EditChange, EditError> {
        let today = now.date_naive();
        Ok(match self {
            EditChange::Note { body } => EditChange::Note { body: clean_note(body)? },
            EditChange::Tags { add, remove } => {
                apply_tag_change(&[], add, &[])?;
                EditChange::Tags { add: add.iter().map(|t| t.trim().to_string()).collect(), remove: remove.clone() }
            }
            EditChange::FollowUp { title, due_on } => EditChange::FollowUp { title: check_follow_up(title, *due_on, today)?, due_on: *due_on },
            EditChange::FollowUpDone { .. } => self.clone(),
            EditChange::Visit { summary } => {
                let s = summary.trim();
                if s.chars().count() > MAX_VISIT_CHARS || s.chars().any(char::is_control) {
                    return Err(EditError::BadVisit);
                }
                EditChange::Visit { summary: s.to_string() }
            }
            EditChange::Feedback { ticket_kind, severity, channel, summary, spoke_at } => {
                if !TICKET_KINDS.contains(&ticket_kind.as_str()) {
                    return Err(EditError::BadFeedback(Refusal::only("kind", Rule::OneOf)));
                }
                check_summary(summary).and_then(|_| check_spoke_at(*spoke_at, now)).map_err(|e| EditError::BadFeedback(e.refusal().unwrap_or_else(|| Refusal::only("feedback", Rule::OneOf))))?;
                EditChange::Feedback { ticket_kind: ticket_kind.clone(), severity: *severity, channel: *channel, summary: summary.trim().to_string(), spoke_at: *spoke_at }
            }
        })
    }
}

/// How far back a replayed edit may be dated: a shift, the longest a session lasts.
pub const SHIFT_HOURS: i64 = 12;

/// When a replayed edit happened: the device's time, kept between the start of the user's
/// shift (`shift_start`, their first sign-in of the last [`SHIFT_HOURS`]) and its arrival,
/// so a wrong device clock can neither backdate an edit nor date it in the future.
pub fn edit_time(made_at: Option<DateTime<Utc>>, shift_start: DateTime<Utc>, now: DateTime<Utc>) -> DateTime<Utc> {
    made_at.map_or(now, |t| t.clamp(shift_start.min(now), now))
}

/// After the server applied one of this device's edits on exactly the version it was based on
/// (`from` → `to`), later queued edits of the same customer based on `from` now stand on `to`:
/// the change in between was the device's own, not a conflict.
pub fn rebase(queue: &mut [OfflineEdit], customer: i64, from: i64, to: i64) -> usize {
    let mut moved = 0;
    for edit in queue.iter_mut().filter(|e| e.customer_id == customer && e.base_version == from) {
        edit.base_version = to;
        moved += 1;
    }
    moved
}

/// The tags and follow-ups a profile shows with the device's queued edits applied, so staff
/// see what they did while offline. Notes and visits are listed as waiting instead.
pub fn with_queued(edits: &CustomerEdits, queued: &[EditChange]) -> CustomerEdits {
    let mut out = edits.clone();
    for change in queued {
        match change {
            EditChange::Tags { add, remove } => {
                if let Ok(tags) = apply_tag_change(&out.tags, add, remove) {
                    out.tags = tags;
                }
            }
            EditChange::FollowUpDone { follow_up_id, done } => {
                if let Some(f) = out.follow_ups.iter_mut().find(|f| f.id == *follow_up_id) {
                    f.done = *done;
                }
            }
            EditChange::Note { .. } | EditChange::FollowUp { .. } | EditChange::Visit { .. } | EditChange::Feedback { .. } => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dto::FollowUp;
    use chrono::{NaiveDate, TimeZone};

    fn edit(customer: i64, base: i64) -> OfflineEdit {
        OfflineEdit { client_key: format!("key-{customer}-{base}"), customer_id: customer, base_version: base, change: EditChange::Note { body: "x".into() }, made_at: None }
    }

    #[test]
    fn an_edit_keeps_its_device_time_within_the_shift() {
        let at = |h: u32| Utc.with_ymd_and_hms(2026, 5, 1, h, 0, 0).unwrap();
        let (shift, now) = (at(9), at(14));
        assert_eq!(edit_time(Some(at(10)), shift, now), at(10), "made offline at 10:00, synced at 14:00");
        assert_eq!(edit_time(Some(at(3)), shift, now), shift, "a clock set back cannot date it before the shift");
        assert_eq!(edit_time(Some(at(20)), shift, now), now, "nor in the future");
        assert_eq!(edit_time(None, shift, now), now, "an edit without a time is dated when it arrives");
        assert_eq!(edit_time(Some(at(10)), at(15), now), now, "a shift start after now (clock skew) still yields now");
    }

    #[test]
    fn keys_are_short_plain_tokens() {
        assert!(valid_client_key("0f8c2a4e-5b1d-4c3e-9a7f-112233445566"));
        assert!(!valid_client_key("short"));
        assert!(!valid_client_key("has space in it"));
        assert!(!valid_client_key(&"a".repeat(65)));
    }

    #[test]
    fn only_replacing_edits_can_conflict() {
        assert!(EditChange::Tags { add: vec![], remove: vec!["VIP".into()] }.overwrites());
        assert!(EditChange::FollowUpDone { follow_up_id: 1, done: true }.overwrites());
        assert!(!EditChange::Note { body: "n".into() }.overwrites());
        assert!(!EditChange::Visit { summary: String::new() }.overwrites());
    }

    #[test]
    fn rebase_moves_only_that_customers_edits_on_that_version() {
        let mut q = vec![edit(1, 3), edit(2, 3), edit(1, 3), edit(1, 2)];
        assert_eq!(rebase(&mut q, 1, 3, 4), 2);
        assert_eq!(q.iter().map(|e| e.base_version).collect::<Vec<_>>(), vec![4, 3, 4, 2]);
    }

    #[test]
    fn queued_tag_and_done_changes_show_on_the_profile() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        let base = CustomerEdits {
            version: 3,
            tags: vec!["商务".into(), "VIP".into()],
            notes: vec![],
            follow_ups: vec![FollowUp { id: 9, author: "a".into(), title: "call".into(), due_on: today, done: false }],
        };
        let shown = with_queued(
            &base,
            &[
                EditChange::Tags { add: vec!["亲子".into()], remove: vec!["VIP".into()] },
                EditChange::FollowUpDone { follow_up_id: 9, done: true },
                EditChange::Note { body: "later".into() },
            ],
        );
        assert_eq!(shown.tags, vec!["商务".to_string(), "亲子".to_string()]);
        assert!(shown.follow_ups[0].done);
        assert_eq!(shown.version, 3);
    }

    #[test]
    fn cleaning_trims_and_refuses_bad_text() {
        let today = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
        assert_eq!(EditChange::Note { body: "  hi ".into() }.cleaned(today), Ok(EditChange::Note { body: "hi".into() }));
        assert_eq!(EditChange::Note { body: "  ".into() }.cleaned(today), Err(EditError::BadNote));
        assert_eq!(EditChange::Visit { summary: "x".repeat(201) }.cleaned(today), Err(EditError::BadVisit));
        assert!(EditChange::Tags { add: vec!["".into()], remove: vec![] }.cleaned(today).is_err());
        let feedback = |kind: &str, summary: &str, hours_ago: i64| EditChange::Feedback {
            ticket_kind: kind.into(),
            severity: crate::model::Severity::Medium,
            channel: crate::model::Channel::Store,
            summary: summary.into(),
            spoke_at: today - chrono::Duration::hours(hours_ago),
        };
        assert!(feedback("complaint", "酒店房间太吵", 30).cleaned(today).is_ok(), "an old offline complaint still counts");
        assert!(matches!(feedback("rant", "酒店房间太吵", 1).cleaned(today), Err(EditError::BadFeedback(_))));
        assert!(matches!(feedback("complaint", "吵", 1).cleaned(today), Err(EditError::BadFeedback(_))));
        assert!(matches!(feedback("complaint", "酒店房间太吵", -5).cleaned(today), Err(EditError::BadFeedback(_))), "not in the future");
    }
}
