//! Login throttling. Failed sign-ins are counted per (username, client address) over a sliding
//! window: guessing from one place is slowed to a stop, while the real user signing in from
//! their own tablet is never locked out by someone else's failures. A per-address cap also
//! stops one client from spraying many usernames.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failures allowed per username from one address within [`WINDOW`].
pub const PER_USER: usize = 5;
/// Failures allowed from one address across all usernames within [`WINDOW`].
pub const PER_ADDRESS: usize = 30;
pub const WINDOW: Duration = Duration::from_secs(15 * 60);

#[derive(Default)]
pub struct LoginThrottle {
    failures: Mutex<HashMap<(Option<IpAddr>, String), Vec<Instant>>>,
}

impl LoginThrottle {
    /// `Some(wait)` when this address may not try this username again yet.
    pub fn check(&self, ip: Option<IpAddr>, username: &str, now: Instant) -> Option<Duration> {
        let mut map = self.failures.lock().expect("throttle lock");
        map.retain(|_, times| {
            times.retain(|t| now.duration_since(*t) < WINDOW);
            !times.is_empty()
        });
        let key = (ip, username.to_lowercase());
        let wait_for = |times: &[Instant], limit: usize| -> Option<Duration> {
            (times.len() >= limit).then(|| WINDOW.saturating_sub(now.duration_since(times[times.len() - limit])))
        };
        let mine = map.get(&key).and_then(|t| wait_for(t, PER_USER));
        let mut all: Vec<Instant> = map.iter().filter(|((a, _), _)| *a == ip).flat_map(|(_, t)| t.iter().copied()).collect();
        all.sort();
        mine.or_else(|| wait_for(&all, PER_ADDRESS))
    }

    pub fn failed(&self, ip: Option<IpAddr>, username: &str, now: Instant) {
        self.failures.lock().expect("throttle lock").entry((ip, username.to_lowercase())).or_default().push(now);
    }

    /// A successful sign-in forgets that pair's failures.
    pub fn succeeded(&self, ip: Option<IpAddr>, username: &str) {
        self.failures.lock().expect("throttle lock").remove(&(ip, username.to_lowercase()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_guesser_is_stopped_and_the_real_user_elsewhere_is_not() {
        let t = LoginThrottle::default();
        let now = Instant::now();
        let attacker = Some("10.0.0.9".parse().unwrap());
        let tablet = Some("10.0.0.20".parse().unwrap());
        for i in 0..PER_USER {
            assert_eq!(t.check(attacker, "staff.bj01", now), None, "attempt {i} is allowed");
            t.failed(attacker, "staff.bj01", now);
        }
        assert!(t.check(attacker, "Staff.BJ01", now).is_some(), "the sixth try waits, whatever the case");
        assert_eq!(t.check(tablet, "staff.bj01", now), None, "the real user's tablet still signs in");
        assert_eq!(t.check(attacker, "staff.bj01", now + WINDOW), None, "the window slides");
        t.succeeded(attacker, "staff.bj01");
        assert_eq!(t.check(attacker, "staff.bj01", now), None);
    }

    #[test]
    fn one_address_cannot_spray_usernames() {
        let t = LoginThrottle::default();
        let now = Instant::now();
        let ip = Some("10.0.0.9".parse().unwrap());
        for i in 0..PER_ADDRESS {
            t.failed(ip, &format!("user{i}"), now);
        }
        assert!(t.check(ip, "someone.else", now).is_some());
        assert_eq!(t.check(Some("10.0.0.10".parse().unwrap()), "someone.else", now), None);
    }
}
