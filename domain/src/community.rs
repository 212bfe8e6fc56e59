//! Engagement in interest communities (兴趣社群): what each activity is worth, the levels a
//! member moves through, who counts as active and who is going quiet.
//!
//! Weights (over a trailing [`WINDOW_DAYS`]-day window): join 2, reply 1, share 3, review 3,
//! attend an event 5, refer someone 8. Referrals and attendance weigh most because they are
//! what turns a buyer into an advocate (the domain brief's 口碑裂变). Staff activity (a
//! moderator's reply, a post made on a customer's behalf) is never counted.
//!
//! Levels by score: silent 0, observer 1–4, participant 5–14, contributor 15–29, advocate 30+.

use chrono::{DateTime, Duration, Utc};

/// Engagement is scored over this many days up to the moment asked about.
pub const WINDOW_DAYS: i64 = 90;
/// Active members did something of their own in the last 7 or 30 days.
pub const ACTIVE_DAYS: [i64; 2] = [7, 30];
/// Going quiet: silent for at least this many days…
pub const QUIET_FROM_DAYS: i64 = 7;
/// …and at most this many (longer is gone, not going).
pub const QUIET_TO_DAYS: i64 = 28;

string_enum! {
    /// Something a member did.
    pub enum Activity {
        Join = "join", Attend = "attend", Share = "share", Review = "review", Referral = "referral", Reply = "reply",
    }
}

impl Activity {
    pub fn weight(self) -> u32 {
        match self {
            Activity::Reply => 1,
            Activity::Join => 2,
            Activity::Share | Activity::Review => 3,
            Activity::Attend => 5,
            Activity::Referral => 8,
        }
    }

    /// Advocacy: the activities that bring the agency to other people.
    pub fn is_advocacy(self) -> bool {
        matches!(self, Activity::Share | Activity::Referral)
    }
}

string_enum! {
    /// Engagement levels, lowest first.
    pub enum Level {
        Silent = "silent", Observer = "observer", Participant = "participant", Contributor = "contributor", Advocate = "advocate",
    }
}

impl Level {
    pub fn of(score: u32) -> Level {
        match score {
            0 => Level::Silent,
            1..=4 => Level::Observer,
            5..=14 => Level::Participant,
            15..=29 => Level::Contributor,
            _ => Level::Advocate,
        }
    }
}

/// One activity as recorded: its kind and whether staff did it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Done {
    pub kind: Activity,
    pub by_staff: bool,
}

/// Weighted score of a member's activities; staff activity counts nothing.
pub fn score(activities: impl IntoIterator<Item = Done>) -> u32 {
    activities.into_iter().filter(|a| !a.by_staff).map(|a| a.kind.weight()).sum()
}

/// Active over the last `days` up to `now`: a customer activity in `(now − days, now]`.
pub fn is_active(last_activity: Option<DateTime<Utc>>, now: DateTime<Utc>, days: i64) -> bool {
    last_activity.is_some_and(|t| t <= now && t > now - Duration::days(days))
}

/// Formerly active (at least a participant over the window that ended with their last
/// activity) and silent for 7 to 28 days.
pub fn going_quiet(last_activity: DateTime<Utc>, score_until_last: u32, now: DateTime<Utc>) -> bool {
    let silent = now - last_activity;
    Level::of(score_until_last) >= Level::Participant && silent >= Duration::days(QUIET_FROM_DAYS) && silent <= Duration::days(QUIET_TO_DAYS)
}

/// How members moved between two moments (e.g. the ends of two months).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LevelChanges {
    pub up: u64,
    pub down: u64,
    pub same: u64,
}

/// Counts moves for members known at both moments: (level before, level after).
pub fn level_changes(pairs: impl IntoIterator<Item = (Level, Level)>) -> LevelChanges {
    let mut c = LevelChanges::default();
    for (before, after) in pairs {
        match after.cmp(&before) {
            std::cmp::Ordering::Greater => c.up += 1,
            std::cmp::Ordering::Less => c.down += 1,
            std::cmp::Ordering::Equal => c.same += 1,
        }
    }
    c
}

/// Advocate ranking: the weighted advocacy a member did (referrals 8, shares 3) plus 5 for a
/// promoter's NPS answer, so the list leads with people who bring others.
pub fn advocacy_score(referrals: u64, shares: u64, promoter: bool) -> u64 {
    referrals * Activity::Referral.weight() as u64 + shares * Activity::Share.weight() as u64 + if promoter { 5 } else { 0 }
}

pub const MAX_NAME_CHARS: usize = 60;
pub const MAX_DESCRIPTION_CHARS: usize = 500;
pub const MAX_CAPACITY: u32 = 10_000;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommunityError {
    #[error("a name or title must be 1 to {MAX_NAME_CHARS} characters without line breaks")]
    BadName,
    #[error("the interest is a short key of lower-case letters and underscores, e.g. photography")]
    BadInterest,
    #[error("the description must be at most {MAX_DESCRIPTION_CHARS} characters")]
    BadDescription,
    #[error("an event cannot start in the past")]
    StartsInThePast,
    #[error("capacity must be between 1 and {MAX_CAPACITY}")]
    BadCapacity,
    #[error("satisfaction is a score from 1 to 5")]
    BadSatisfaction,
}

/// Trims a community name or event title and checks it.
pub fn clean_name(raw: &str) -> Result<String, CommunityError> {
    let name = raw.trim();
    let n = name.chars().count();
    if n == 0 || n > MAX_NAME_CHARS || name.chars().any(char::is_control) {
        return Err(CommunityError::BadName);
    }
    Ok(name.to_string())
}

pub fn clean_interest(raw: &str) -> Result<String, CommunityError> {
    let key = raw.trim();
    if key.is_empty() || key.len() > 30 || !key.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
        return Err(CommunityError::BadInterest);
    }
    Ok(key.to_string())
}

pub fn clean_description(raw: &str) -> Result<String, CommunityError> {
    let text = raw.trim();
    if text.chars().count() > MAX_DESCRIPTION_CHARS {
        return Err(CommunityError::BadDescription);
    }
    Ok(text.to_string())
}

/// Whether an event that starts at `starts_at` still takes check-ins at `now`: until its day
/// (the agency's calendar) is over. Early arrivals may check in before the start; a past
/// event's door list is a record, not a door.
pub fn door_open<Z: chrono::TimeZone>(starts_at: DateTime<Utc>, now: DateTime<Utc>, zone: &Z) -> bool {
    crate::calendar::day_of(now, zone) <= crate::calendar::day_of(starts_at, zone)
}

/// An event is planned ahead: it may start at most an hour ago (entered at the door).
pub fn check_event(starts_at: DateTime<Utc>, capacity: Option<u32>, now: DateTime<Utc>) -> Result<(), CommunityError> {
    if starts_at < now - Duration::hours(1) {
        return Err(CommunityError::StartsInThePast);
    }
    if capacity.is_some_and(|c| c == 0 || c > MAX_CAPACITY) {
        return Err(CommunityError::BadCapacity);
    }
    Ok(())
}

pub fn check_satisfaction(score: u8) -> Result<u8, CommunityError> {
    (1..=5).contains(&score).then_some(score).ok_or(CommunityError::BadSatisfaction)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn done(kind: Activity) -> Done {
        Done { kind, by_staff: false }
    }

    #[test]
    fn weights_add_up_and_staff_counts_nothing() {
        // join 2 + attend 5 + attend 5 + share 3 + referral 8 = 23 → contributor
        let member = [Activity::Join, Activity::Attend, Activity::Attend, Activity::Share, Activity::Referral].map(done);
        assert_eq!(score(member), 23);
        assert_eq!(Level::of(score(member)), Level::Contributor);
        let staff = [Done { kind: Activity::Reply, by_staff: true }, Done { kind: Activity::Referral, by_staff: true }];
        assert_eq!(score(staff), 0);
        assert_eq!(score(member.into_iter().chain(staff)), 23);
    }

    #[test]
    fn level_boundaries() {
        let cases = [(0, Level::Silent), (1, Level::Observer), (4, Level::Observer), (5, Level::Participant), (14, Level::Participant),
            (15, Level::Contributor), (29, Level::Contributor), (30, Level::Advocate)];
        for (s, l) in cases {
            assert_eq!(Level::of(s), l, "score {s}");
        }
    }

    #[test]
    fn active_and_quiet_windows() {
        let now = Utc.with_ymd_and_hms(2026, 3, 31, 12, 0, 0).unwrap();
        assert!(is_active(Some(now - Duration::days(6)), now, 7));
        assert!(!is_active(Some(now - Duration::days(7)), now, 7));
        assert!(is_active(Some(now - Duration::days(7)), now, 30));
        assert!(!is_active(None, now, 30));
        assert!(!is_active(Some(now + Duration::days(1)), now, 30), "the future is not activity yet");
        assert!(going_quiet(now - Duration::days(10), 5, now));
        assert!(!going_quiet(now - Duration::days(10), 4, now), "an observer was never active");
        assert!(!going_quiet(now - Duration::days(3), 20, now), "still active");
        assert!(!going_quiet(now - Duration::days(40), 20, now), "gone, not going");
    }

    #[test]
    fn monthly_moves() {
        use Level::*;
        let c = level_changes([(Silent, Observer), (Advocate, Contributor), (Participant, Participant), (Observer, Advocate)]);
        assert_eq!(c, LevelChanges { up: 2, down: 1, same: 1 });
    }

    #[test]
    fn new_communities_and_events_are_checked() {
        assert_eq!(clean_name("  光影摄影同好会 "), Ok("光影摄影同好会".into()));
        assert_eq!(clean_name("   "), Err(CommunityError::BadName));
        assert_eq!(clean_name(&"长".repeat(61)), Err(CommunityError::BadName));
        assert_eq!(clean_interest("road_trip"), Ok("road_trip".into()));
        assert_eq!(clean_interest("Road Trip"), Err(CommunityError::BadInterest));
        assert!(clean_description(&"x".repeat(501)).is_err());
        let now = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
        assert_eq!(check_event(now + Duration::days(3), Some(30), now), Ok(()));
        assert_eq!(check_event(now - Duration::days(1), None, now), Err(CommunityError::StartsInThePast));
        assert_eq!(check_event(now, Some(0), now), Err(CommunityError::BadCapacity));
        assert_eq!(check_satisfaction(5), Ok(5));
        assert!(check_satisfaction(0).is_err() && check_satisfaction(6).is_err());
    }

    #[test]
    fn advocates_rank_by_who_they_bring() {
        assert_eq!(advocacy_score(2, 1, true), 16 + 3 + 5);
        assert!(advocacy_score(1, 0, false) > advocacy_score(0, 2, false));
    }

    #[test]
    fn the_door_closes_when_the_events_day_is_over_in_the_agencys_zone() {
        let shanghai = chrono::FixedOffset::east_opt(8 * 3600).unwrap();
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        let starts = at("2026-11-30T19:00:00+08:00");
        assert!(door_open(starts, at("2026-11-30T18:00:00+08:00"), &shanghai), "early arrivals");
        assert!(door_open(starts, at("2026-11-30T23:59:00+08:00"), &shanghai), "the whole evening");
        assert!(!door_open(starts, at("2026-12-01T00:01:00+08:00"), &shanghai), "the next day");
        // 07:30 Beijing the next day is still the previous UTC day: the agency's calendar decides
        assert!(!door_open(starts, at("2026-12-01T07:30:00+08:00"), &shanghai));
    }
}
