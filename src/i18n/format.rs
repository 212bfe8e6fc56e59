//! Dates, money and numbers written the way each locale reads them.

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};

use super::zone::{agency_time, from_agency_wall};
use super::Locale;

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// `2026年11月23日` / `Nov 23, 2026`.
pub fn format_date(date: NaiveDate, locale: Locale) -> String {
    match locale {
        Locale::Zh => format!("{}年{}月{}日", date.year(), date.month(), date.day()),
        Locale::En => format!("{} {}, {}", MONTHS[date.month0() as usize], date.day(), date.year()),
    }
}

/// Date and time of day on the agency's clock.
pub fn format_datetime(t: DateTime<Utc>, locale: Locale) -> String {
    let local = agency_time(t);
    // hand-written: chrono's strftime machinery would add its parser to the wasm
    format!("{} {:02}:{:02}", format_date(local.date_naive(), locale), local.hour(), local.minute())
}

/// Time of day only, for "last sync 14:05".
pub fn format_time(t: DateTime<Utc>, _locale: Locale) -> String {
    let local = agency_time(t);
    format!("{:02}:{:02}", local.hour(), local.minute())
}

/// `¥12,345` from fen; whole yuan, grouped by thousands in both locales.
pub fn format_money(fen: i64, _locale: Locale) -> String {
    format!("¥{}", group_thousands(fen / 100))
}

/// A share as `12.3%`; `—` when there was nothing to divide by.
pub fn percent(v: Option<f64>) -> String {
    v.map(|r| format!("{:.1}%", r * 100.0)).unwrap_or_else(|| "—".into())
}

/// Hours as `5 h` under two days, else `3.5 d` (`5 小时` / `3.5 天`).
pub fn format_hours(hours: Option<f64>, locale: Locale) -> String {
    let (h, d) = match locale {
        Locale::En => (" h", " d"),
        Locale::Zh => (" 小时", " 天"),
    };
    match hours {
        None => "—".into(),
        Some(x) if x < 48.0 => format!("{x:.0}{h}"),
        Some(x) => format!("{:.1}{d}", x / 24.0),
    }
}

/// Time left on a clock: `5 h 12 min left` / `剩余 5小时12分`; past zero, by how much
/// (`1 h 3 min over` / `超出 1小时3分`: the badge's state already says overdue).
pub fn format_remaining(secs: i64, locale: Locale) -> String {
    let m = secs.unsigned_abs() / 60;
    let (h, min) = (m / 60, m % 60);
    match (locale, secs >= 0) {
        (Locale::En, true) => format!("{h} h {min} min left"),
        (Locale::En, false) => format!("{h} h {min} min over"),
        (Locale::Zh, true) => format!("剩余 {h}小时{min}分"),
        (Locale::Zh, false) => format!("超出 {h}小时{min}分"),
    }
}

/// Bookings two people share: `1 trip together`, `3 trips together` / `同行 3 次`.
pub fn trips_together(n: u32, locale: Locale) -> String {
    match (locale, n) {
        (Locale::En, 1) => "1 trip together".into(),
        (Locale::En, n) => format!("{n} trips together"),
        (Locale::Zh, n) => format!("同行 {n} 次"),
    }
}

/// A `datetime-local` input's `YYYY-MM-DDTHH:MM`, on the agency's clock (read by hand:
/// chrono's format parser would grow the wasm).
pub fn from_local_input(text: &str) -> Option<DateTime<Utc>> {
    use chrono::NaiveTime;
    let (date, time) = text.split_once('T')?;
    let (h, m) = time.split_once(':')?;
    let m = m.get(..2).unwrap_or(m);
    let naive = date.parse::<NaiveDate>().ok()?.and_time(NaiveTime::from_hms_opt(h.parse().ok()?, m.parse().ok()?, 0)?);
    Some(from_agency_wall(naive))
}

/// The value a `datetime-local` input shows for `t` on the agency's clock.
pub fn to_local_input(t: DateTime<Utc>) -> String {
    let l = agency_time(t);
    format!("{:04}-{:02}-{:02}T{:02}:{:02}", l.year(), l.month(), l.day(), l.hour(), l.minute())
}

pub fn group_thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}
