//! Login throttling. Failed sign-ins are counted per (username, client address) over a sliding
//! window: guessing from one place is slowed to a stop, while the real user signing in from
//! their own tablet is never locked out by someone else's failures. A per-address cap also
//! stops one client from spraying many usernames. The failures themselves are stored (every
//! server process sharing a database sees them); this is the rule over them.

use chrono::{DateTime, Duration, Utc};

/// Failures allowed per username from one address within [`WINDOW_MINUTES`].
pub const PER_USER: usize = 5;
/// Failures allowed from one address across all usernames within [`WINDOW_MINUTES`].
pub const PER_ADDRESS: usize = 30;
pub const WINDOW_MINUTES: i64 = 15;

pub fn window() -> Duration {
    Duration::minutes(WINDOW_MINUTES)
}

/// One failed sign-in from the address being checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// Lower-cased, so `Staff.BJ01` and `staff.bj01` count together.
    pub username: String,
    pub at: DateTime<Utc>,
}

/// The key a username is counted under.
pub fn username_key(username: &str) -> String {
    username.trim().to_lowercase()
}

/// How long `username` must wait before trying again from an address with these `failures`
/// (any age; older ones than the window do not count), or `None` when it may try now.
pub fn wait_before_retry(failures: &[Failure], username: &str, now: DateTime<Utc>) -> Option<Duration> {
    let key = username_key(username);
    let mut recent: Vec<&Failure> = failures.iter().filter(|f| now - f.at < window() && f.at <= now).collect();
    recent.sort_by_key(|f| f.at);
    let wait_for = |times: &[DateTime<Utc>], limit: usize| -> Option<Duration> {
        (times.len() >= limit).then(|| (window() - (now - times[times.len() - limit])).max(Duration::zero()))
    };
    let mine: Vec<DateTime<Utc>> = recent.iter().filter(|f| f.username == key).map(|f| f.at).collect();
    let all: Vec<DateTime<Utc>> = recent.iter().map(|f| f.at).collect();
    wait_for(&mine, PER_USER).or_else(|| wait_for(&all, PER_ADDRESS))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failed(username: &str, at: DateTime<Utc>) -> Failure {
        Failure { username: username_key(username), at }
    }

    #[test]
    fn a_guesser_is_stopped_the_window_slides_and_case_does_not_matter() {
        let now = Utc::now();
        let mut from_attacker = Vec::new();
        for i in 0..PER_USER {
            assert_eq!(wait_before_retry(&from_attacker, "staff.bj01", now), None, "attempt {i} is allowed");
            from_attacker.push(failed("staff.bj01", now));
        }
        let wait = wait_before_retry(&from_attacker, "Staff.BJ01", now).expect("the sixth try waits");
        assert_eq!(wait, window());
        assert_eq!(wait_before_retry(&[], "staff.bj01", now), None, "another address (the real tablet) has no failures");
        assert_eq!(wait_before_retry(&from_attacker, "staff.bj01", now + window()), None, "the window slides");
        let later = now + Duration::minutes(10);
        assert_eq!(wait_before_retry(&from_attacker, "staff.bj01", later), Some(Duration::minutes(5)));
    }

    #[test]
    fn one_address_cannot_spray_usernames() {
        let now = Utc::now();
        let failures: Vec<Failure> = (0..PER_ADDRESS).map(|i| failed(&format!("user{i}"), now)).collect();
        assert!(wait_before_retry(&failures, "someone.else", now).is_some());
        assert_eq!(wait_before_retry(&failures[1..], "someone.else", now), None);
    }
}
