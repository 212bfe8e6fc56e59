//! Splitting a reporting period into spans, for trend sparklines.

use chrono::{Duration, NaiveDate};

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
