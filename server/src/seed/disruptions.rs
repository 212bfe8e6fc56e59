//! Schedule changes in the demo data: the six flight days with the most bookings still to fly
//! each get a change received in the last weeks (the first cancelled, the others retimed), and
//! their cases are told and closed in a spread derived from the case ids: most told within two
//! hours, some late, some still waiting; rebooked, refunded or keeping the new time.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use roundtrip_domain::trips::disruptions::ScheduleChange;

use crate::db::sql::{self, params, Conn, SqlError};
use crate::time::rfc3339;

pub fn write(tx: &Conn, anchor: DateTime<Utc>) -> sql::Result<()> {
    let mut stmt = tx.prepare_cached(
        "SELECT s.flight, s.flies_on FROM booking_segments s JOIN orders o ON o.id = s.order_id
          WHERE o.status IN ('booked', 'paid') AND s.flies_on >= ?1
          GROUP BY s.flight, s.flies_on ORDER BY count(*) DESC, s.flies_on, s.flight LIMIT 6",
    )?;
    let days: Vec<(String, String)> = stmt.query_map([anchor.date_naive().to_string()], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<sql::Result<_>>()?;
    for (k, (flight, day)) in days.into_iter().enumerate() {
        let date: NaiveDate = day.parse().map_err(|_| SqlError::Invalid(format!("a segment's date: {day}")))?;
        let change = ScheduleChange {
            change_id: format!("demo-change-{k}"),
            flight,
            date,
            cancelled: k == 0,
            new_departure: (k != 0).then(|| date.and_hms_opt(13, 25, 0).expect("a time of day")),
            new_arrival: None,
            note: (k == 0).then(|| "天气原因".to_owned()),
        };
        let received = anchor - Duration::days(1 + 4 * k as i64) - Duration::hours(3);
        let receipt = crate::db::disruptions::receive_in(tx, &change, received).map_err(|e| SqlError::Invalid(format!("a demo schedule change: {e:?}")))?;
        // told after 20 to 180 minutes (one in six not yet); then rebooked, refunded, keeping the
        // new time (a cancelled flight: rebooked) or still deciding, in turn
        let told = |case: i64| received + Duration::minutes(20 + (case * 37) % 160);
        let cases: Vec<i64> = tx.prepare_cached("SELECT id FROM disruption_cases WHERE disruption_id = ?1")?.query_map([receipt.disruption_id], |r| r.get(0))?.collect::<sql::Result<_>>()?;
        for case in cases.into_iter().filter(|c| c % 6 != 5) {
            let outcome = match case % 4 {
                0 => Some("rebooked"),
                1 => Some("refunded"),
                2 if change.cancelled => Some("rebooked"),
                2 => Some("accepted"),
                _ => None,
            };
            tx.execute(
                "UPDATE disruption_cases SET informed_at = ?2, outcome = ?3, closed_at = CASE WHEN CAST(?3 AS TEXT) IS NULL THEN NULL ELSE ?2 END WHERE id = ?1",
                params![case, rfc3339(told(case)), outcome],
            )?;
        }
    }
    Ok(())
}
