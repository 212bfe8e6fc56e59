//! The agency's calendar. A store's day runs from local midnight to local midnight, so "today",
//! a reporting period, a birthday and a care day are cut in the agency's time zone, never at UTC
//! midnight (which in China is 08:00 and put a morning's visits on the day before). Generic over
//! the zone so the rules are tested with a fixed offset and run with the tz database.

use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};

/// The day `t` falls on in `zone`.
pub fn day_of<Z: TimeZone>(t: DateTime<Utc>, zone: &Z) -> NaiveDate {
    t.with_timezone(zone).date_naive()
}

/// The instant `day` begins in `zone`. Where a zone skips midnight (a DST change at 00:00),
/// the day begins at its first existing minute.
pub fn day_start<Z: TimeZone>(day: NaiveDate, zone: &Z) -> DateTime<Utc> {
    at_local(day.and_time(NaiveTime::MIN), zone)
}

/// `[start of from, start of the day after to)`: the instants of the days `from..=to`.
pub fn days_bounds<Z: TimeZone>(from: NaiveDate, to: NaiveDate, zone: &Z) -> (DateTime<Utc>, DateTime<Utc>) {
    (day_start(from, zone), day_start(to + Duration::days(1), zone))
}

/// The instant a local wall-clock time happens in `zone` (the earlier one when a clock change
/// repeats it; the first minute after a gap when it skips it).
pub fn at_local<Z: TimeZone>(local: NaiveDateTime, zone: &Z) -> DateTime<Utc> {
    let mut t = local;
    loop {
        match zone.from_local_datetime(&t) {
            LocalResult::Single(x) | LocalResult::Ambiguous(x, _) => return x.with_timezone(&Utc),
            LocalResult::None => t += Duration::minutes(1),
        }
    }
}

/// `2026-11`: the calendar month `t` falls in, in `zone` (churn snapshots are kept per month).
pub fn month_of<Z: TimeZone>(t: DateTime<Utc>, zone: &Z) -> String {
    let day = day_of(t, zone);
    format!("{:04}-{:02}", day.year(), day.month())
}

/// The first day of the month `t` falls in, in `zone`.
pub fn month_start<Z: TimeZone>(t: DateTime<Utc>, zone: &Z) -> NaiveDate {
    day_of(t, zone).with_day(1).expect("day 1 exists")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;

    fn beijing() -> FixedOffset {
        FixedOffset::east_opt(8 * 3600).unwrap()
    }

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
    }

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    #[test]
    fn a_visit_at_half_past_seven_in_beijing_is_on_its_own_day() {
        // 07:30 in Beijing is 23:30 UTC the evening before: cut at UTC midnight it was "yesterday"
        let visit = utc("2026-11-20T07:30:00+08:00");
        assert_eq!(visit.date_naive(), d(11, 19));
        assert_eq!(day_of(visit, &beijing()), d(11, 20));
        let (start, end) = days_bounds(d(11, 20), d(11, 20), &beijing());
        assert!(start <= visit && visit < end);
        assert_eq!(start, utc("2026-11-19T16:00:00Z"));
        assert_eq!(end, utc("2026-11-20T16:00:00Z"));
    }

    #[test]
    fn the_day_ends_at_local_midnight() {
        assert_eq!(day_of(utc("2026-11-20T23:59:59+08:00"), &beijing()), d(11, 20));
        assert_eq!(day_of(utc("2026-11-21T00:00:00+08:00"), &beijing()), d(11, 21));
        assert_eq!(day_of(utc("2026-11-20T23:59:59Z"), &Utc), d(11, 20));
    }

    #[test]
    fn months_turn_at_local_midnight_too() {
        let new_year_morning = utc("2027-01-01T06:00:00+08:00");
        assert_eq!(month_of(new_year_morning, &beijing()), "2027-01");
        assert_eq!(month_of(new_year_morning, &Utc), "2026-12");
        assert_eq!(month_start(utc("2026-11-30T20:00:00Z"), &beijing()), d(12, 1));
    }

    #[test]
    fn a_local_wall_clock_time_becomes_the_instant_it_happens() {
        let ten = d(11, 20).and_hms_opt(10, 0, 0).unwrap();
        assert_eq!(at_local(ten, &beijing()), utc("2026-11-20T02:00:00Z"));
    }
}
