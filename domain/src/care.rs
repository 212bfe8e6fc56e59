//! Personalised care (个性化关怀): birthdays, trip anniversaries and the follow-up after a
//! trip become tasks on the day they are due. Completing one is a `care` touch, which is what
//! care coverage counts.

use chrono::{Datelike, Duration, NaiveDate};

string_enum! {
    pub enum CareKind {
        Birthday = "birthday", TripAnniversary = "trip_anniversary", PostTrip = "post_trip",
        /// A trip abroad's documents checked again before it leaves (issue 25).
        DocumentsCheck = "documents_check",
    }
}

/// Days after coming home that the follow-up call is due.
pub const POST_TRIP_DAYS: i64 = 2;

/// The longest window a generation may cover.
pub const MAX_WINDOW_DAYS: u32 = 31;

/// The days `[from, from + days)`.
pub fn window(from: NaiveDate, days: u32) -> Vec<NaiveDate> {
    (0..days.min(MAX_WINDOW_DAYS)).map(|d| from + Duration::days(d as i64)).collect()
}

/// `MM-DD` of a date (how birthdays and anniversaries are matched).
pub fn month_day(d: NaiveDate) -> String {
    format!("{:02}-{:02}", d.month(), d.day())
}

/// When a `MM-DD` (a birthday, a departure) comes round in `year`; 29 February is kept on
/// 28 February in other years.
pub fn this_year(md: &str, year: i32) -> Option<NaiveDate> {
    let (m, d) = md.split_once('-')?;
    let (m, d): (u32, u32) = (m.parse().ok()?, d.parse().ok()?);
    NaiveDate::from_ymd_opt(year, m, d).or_else(|| (m == 2 && d == 29).then(|| NaiveDate::from_ymd_opt(year, 2, 28)).flatten())
}

/// The `MM-DD` keys that fall on the window's days, with the day each lands on; in a year
/// without 29 February, its birthdays are marked on the 28th.
pub fn month_days(days: &[NaiveDate]) -> Vec<(String, NaiveDate)> {
    let mut out: Vec<(String, NaiveDate)> = days.iter().map(|d| (month_day(*d), *d)).collect();
    for d in days {
        if d.month() == 2 && d.day() == 28 && NaiveDate::from_ymd_opt(d.year(), 2, 29).is_none() {
            out.push(("02-29".into(), *d));
        }
    }
    out
}

/// The return dates whose follow-up falls on the window's days.
pub fn returns_for(days: &[NaiveDate]) -> Vec<NaiveDate> {
    days.iter().map(|d| *d - Duration::days(POST_TRIP_DAYS)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_week_from_a_day() {
        let w = window(d(2026, 12, 29), 7);
        assert_eq!((w.len(), w[0], w[6]), (7, d(2026, 12, 29), d(2027, 1, 4)), "crosses the year");
        assert_eq!(window(d(2026, 1, 1), 400).len(), MAX_WINDOW_DAYS as usize);
    }

    #[test]
    fn birthdays_and_leap_days() {
        assert_eq!(this_year("11-24", 2026), Some(d(2026, 11, 24)));
        assert_eq!(this_year("02-29", 2027), Some(d(2027, 2, 28)));
        assert_eq!(this_year("02-29", 2028), Some(d(2028, 2, 29)));
        assert_eq!(this_year("13-01", 2026), None);
        let keys = month_days(&window(d(2027, 2, 27), 2));
        assert!(keys.contains(&("02-29".to_string(), d(2027, 2, 28))), "leap-day birthdays are not skipped");
        assert!(!month_days(&window(d(2028, 2, 28), 1)).iter().any(|(k, _)| k == "02-29"), "in a leap year they have their own day");
    }

    #[test]
    fn the_follow_up_comes_two_days_after_the_return() {
        assert_eq!(returns_for(&[d(2026, 11, 24)]), vec![d(2026, 11, 22)]);
    }
}
