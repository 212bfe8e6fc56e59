//! Sends the outbox to the server, oldest first, stopping at the first sign the network is
//! gone so that order is kept. Applied edits leave the outbox and refresh the cached profile;
//! conflicts and refusals stay for the person to decide.

use std::collections::HashSet;

use roundtrip_domain::dto::SyncOutcome;

use super::outbox::{self, QueuedState};
use super::{profiles, CacheError};
use crate::api::{self, ApiError};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    pub applied: usize,
    pub conflicts: usize,
    pub refused: usize,
    /// The server answered every edit that was waiting (nothing is left waiting).
    pub drained: bool,
    /// The session ended: replay stops until the person signs in again.
    pub signed_out: bool,
}

/// What became of one edit the server answered, as it happens (the top bar counts down).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Answered {
    Applied,
    /// Held for the person: a conflict or a refusal.
    Held,
}

pub async fn replay(db_name: &str, answered: impl Fn(Answered)) -> Result<Report, CacheError> {
    let mut report = Report::default();
    let mut queue = outbox::all(db_name).await?;
    let mut conflicted: HashSet<i64> = queue.iter().filter(|q| matches!(q.state, QueuedState::Conflict { .. })).map(|q| q.edit.customer_id).collect();
    let mut i = 0;
    while i < queue.len() {
        let entry = queue[i].clone();
        i += 1;
        if !entry.is_waiting() {
            continue;
        }
        match api::sync::replay(&entry.edit).await {
            Ok(result) => match result.outcome {
                SyncOutcome::Applied | SyncOutcome::AlreadyApplied => {
                    outbox::remove(db_name, entry.key()).await?;
                    report.applied += 1;
                    answered(Answered::Applied);
                    if conflicted.contains(&entry.edit.customer_id) {
                        // the conflict held for this customer now shows (and Apply mine builds on) the latest state
                        outbox::refresh_held(db_name, entry.edit.customer_id, &result.edits).await?;
                    }
                    if let Err(e) = profiles::update_edits(db_name, entry.edit.customer_id, &result.edits).await {
                        leptos::logging::warn!("cached profile not refreshed: {e}");
                    }
                    if result.version_before == entry.edit.base_version {
                        // the device's own change: its later edits on that version follow it
                        queue = outbox::rebase_stored(db_name, entry.edit.customer_id, result.version_before, result.version_before + 1).await?;
                        i = queue.iter().position(|q| q.key() > entry.key()).unwrap_or(queue.len());
                    }
                }
                SyncOutcome::Conflict => {
                    let mut held = entry.clone();
                    held.state = QueuedState::Conflict { server: result.edits };
                    conflicted.insert(entry.edit.customer_id);
                    outbox::save(db_name, &held).await?;
                    report.conflicts += 1;
                    answered(Answered::Held);
                }
            },
            Err(ApiError::Unauthenticated) => {
                report.signed_out = true;
                return Ok(report);
            }
            Err(refused @ (ApiError::Rejected { .. } | ApiError::NotFound)) => {
                let (code, message, refusal) = match refused {
                    ApiError::Rejected { code, message, refusal, .. } => (code, message, refusal),
                    _ => ("not_found".into(), String::new(), None),
                };
                let mut held = entry.clone();
                held.state = QueuedState::Refused { code, message, refusal };
                outbox::save(db_name, &held).await?;
                report.refused += 1;
                answered(Answered::Held);
            }
            // the network or the server is down: keep the order, try again later
            Err(ApiError::Network | ApiError::Server(_) | ApiError::Decode) => return Ok(report),
        }
    }
    report.drained = true;
    Ok(report)
}
