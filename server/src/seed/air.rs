//! Flights in the demo data get what an air booking carries: a PNR, a ticket number per
//! order and the outbound and return segments with flight, route, cabin and fare class (one
//! daily flight per route and direction).
//! Derived from the order id (no random stream is touched), so other data stays as it was.

use crate::db::sql::{self, params, Conn};

/// The airport a store's city flies from.
const HOME_AIRPORTS: &[(&str, &str)] = &[
    ("北京", "PEK"), ("上海", "PVG"), ("广州", "CAN"), ("深圳", "SZX"), ("成都", "TFU"), ("杭州", "HGH"), ("南京", "NKG"),
    ("武汉", "WUH"), ("西安", "XIY"), ("重庆", "CKG"), ("苏州", "SHA"), ("厦门", "XMN"),
];

/// Where each destination is flown to, and by whom (airline designator).
const DESTINATION_AIRPORTS: &[(&str, &str, &str)] = &[
    ("三亚", "SYX", "HU"), ("丽江", "LJG", "MU"), ("西双版纳", "JHG", "MU"), ("张家界", "DYG", "CZ"), ("九寨沟", "JZH", "3U"),
    ("桂林", "KWL", "CZ"), ("厦门", "XMN", "MF"), ("敦煌", "DNH", "CA"), ("新疆喀纳斯", "KJI", "CZ"), ("西藏林芝", "LZY", "TV"),
    ("哈尔滨", "HRB", "CA"), ("青岛", "TAO", "SC"), ("东京", "NRT", "MU"), ("大阪", "KIX", "MU"), ("北海道", "CTS", "NH"),
    ("首尔", "ICN", "KE"), ("曼谷", "BKK", "TG"), ("普吉岛", "HKT", "FD"), ("巴厘岛", "DPS", "GA"), ("新加坡", "SIN", "SQ"),
    ("马尔代夫", "MLE", "UL"), ("悉尼", "SYD", "QF"), ("巴黎", "CDG", "AF"), ("瑞士", "ZRH", "LX"),
];

const PNR_LETTERS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

fn pnr(id: i64) -> String {
    let mut n = id as u64 * 2_654_435_761 % 1_000_000_007;
    (0..6).map(|_| { let c = PNR_LETTERS[(n % 32) as usize] as char; n /= 32; c }).collect()
}

pub fn write(tx: &Conn) -> sql::Result<()> {
    let mut stmt = tx.prepare_cached(
        "SELECT o.id, o.destination, o.departure, o.return_date, coalesce(s.city, '上海') FROM orders o JOIN customers c ON c.id = o.customer_id
           LEFT JOIN stores s ON s.id = coalesce(o.store_id, c.home_store_id) WHERE o.product = 'flight' ORDER BY o.id",
    )?;
    let flights: Vec<(i64, String, String, String, String)> = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?.collect::<Result<_, _>>()?;
    for (id, destination, out, back, city) in flights {
        let Some(to_at) = DESTINATION_AIRPORTS.iter().position(|(d, _, _)| *d == destination) else { continue };
        let (_, to, airline) = DESTINATION_AIRPORTS[to_at];
        let from_at = HOME_AIRPORTS.iter().position(|(c, _)| *c == city);
        let from = from_at.map_or("PVG", |k| HOME_AIRPORTS[k].1);
        // one daily flight per route: bookings of a route on a day share it, as a schedule change finds them
        let number = 100 + (to_at * 53 + from_at.unwrap_or(1) * 7) as i64 % 800 * 2;
        let (cabin, class) = match id % 10 { 0 => ("business", "J"), 1 => ("premium_economy", "W"), 2..=4 => ("economy", "B"), _ => ("economy", "Y") };
        tx.execute("UPDATE orders SET pnr = ?2 WHERE id = ?1", params![id, pnr(id)])?;
        for (leg, (flight, day, a, b)) in [(format!("{airline}{number}"), &out, from, to), (format!("{airline}{}", number + 1), &back, to, from)].into_iter().enumerate() {
            tx.execute(
                "INSERT INTO booking_segments (order_id, leg, flight, flies_on, origin, destination, cabin, fare_class) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![id, leg as i64, flight, day, a, b, cabin, class],
            )?;
        }
        tx.execute("INSERT INTO air_tickets (order_id, number) VALUES (?1, ?2)", params![id, format!("781{:010}", id * 7919 % 10_000_000_000)])?;
    }
    Ok(())
}
