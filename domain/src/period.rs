//! Reporting periods: the one default every dashboard opens on, the shortcuts managers pick
//! from, and splitting a period into spans for trend sparklines.

use chrono::{Datelike, Duration, NaiveDate};

/// Every dashboard opens on the last 90 days (managers compare one screen with another).
pub const DEFAULT_PERIOD_DAYS: i64 = 90;

/// The periods managers ask for most, each ending today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shortcut {
    ThisMonth,
    Last30Days,
    /// The default.
    Last90Days,
    ThisQuarter,
    ThisYear,
}

impl Shortcut {
    pub const ALL: [Shortcut; 5] = [Shortcut::ThisMonth, Shortcut::Last30Days, Shortcut::Last90Days, Shortcut::ThisQuarter, Shortcut::ThisYear];

    /// `[from, to]`, inclusive days, for `today`.
    pub fn range(self, today: NaiveDate) -> (NaiveDate, NaiveDate) {
        let first_of = |month: u32| NaiveDate::from_ymd_opt(today.year(), month, 1).expect("a month's first day");
        let from = match self {
            Shortcut::ThisMonth => first_of(today.month()),
            Shortcut::Last30Days => today - Duration::days(29),
            Shortcut::Last90Days => today - Duration::days(DEFAULT_PERIOD_DAYS - 1),
            Shortcut::ThisQuarter => first_of((today.month() - 1) / 3 * 3 + 1),
            Shortcut::ThisYear => first_of(1),
        };
        (from, today)
    }

    /// The shortcut `[from, to]` is, if any (`None` dates: the default).
    pub fn of(from: Option<NaiveDate>, to: Option<NaiveDate>, today: NaiveDate) -> Option<Shortcut> {
        match (from, to) {
            (None, None) => Some(Shortcut::Last90Days),
            (Some(f), Some(t)) => Shortcut::ALL.into_iter().find(|s| s.range(today) == (f, t)),
            _ => None,
        }
    }
}

/// `[from, to]` (inclusive days) cut into at most `n` consecutive spans of near-equal length;
/// the earlier spans take the spare days. Fewer spans when the period has fewer days.
pub fn spans(from: NaiveDate, to: NaiveDate, n: usize) -> Vec<(NaiveDate, NaiveDate)> {
    if to < from || n == 0 {
        return vec![];
    }
    let days = (to - from).num_days() as usize + 1;
    let n = n.min(days);
    let (base, extra) = (days / n, days % n);
    let mut start = from;
    (0..n)
        .map(|i| {
            let len = base + usize::from(i < extra);
            let end = start + Duration::days(len as i64 - 1);
            let span = (start, end);
            start = end + Duration::days(1);
            span
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcuts_end_today_and_start_where_managers_expect() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let from = |s: Shortcut| s.range(today).0.to_string();
        assert_eq!(from(Shortcut::ThisMonth), "2026-11-01");
        assert_eq!(from(Shortcut::Last30Days), "2026-11-01");
        assert_eq!(from(Shortcut::Last90Days), "2026-09-02", "90 days, today included");
        assert_eq!(from(Shortcut::ThisQuarter), "2026-10-01");
        assert_eq!(from(Shortcut::ThisYear), "2026-01-01");
        assert!(Shortcut::ALL.iter().all(|s| s.range(today).1 == today));
        let feb = NaiveDate::from_ymd_opt(2026, 2, 14).unwrap();
        assert_eq!(Shortcut::ThisQuarter.range(feb).0.to_string(), "2026-01-01");
    }

    #[test]
    fn the_default_period_is_the_last_90_days_shortcut() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        assert_eq!(Shortcut::of(None, None, today), Some(Shortcut::Last90Days));
        let (f, t) = Shortcut::ThisYear.range(today);
        assert_eq!(Shortcut::of(Some(f), Some(t), today), Some(Shortcut::ThisYear));
        assert_eq!(Shortcut::of(Some(f), None, today), None);
    }

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    #[test]
    fn cuts_cover_the_period_without_gaps() {
        let s = spans(d(1, 1), d(1, 10), 3);
        assert_eq!(s, vec![(d(1, 1), d(1, 4)), (d(1, 5), d(1, 7)), (d(1, 8), d(1, 10))]);
        assert_eq!(spans(d(1, 1), d(1, 2), 6).len(), 2);
        assert_eq!(spans(d(1, 2), d(1, 1), 6), vec![]);
        let year = spans(d(1, 1), d(12, 31), 12);
        assert_eq!(year.first().unwrap().0, d(1, 1));
        assert_eq!(year.last().unwrap().1, d(12, 31));
        assert!(year.windows(2).all(|w| w[0].1 + Duration::days(1) == w[1].0));
    }
}
