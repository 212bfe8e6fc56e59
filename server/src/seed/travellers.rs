//! Who travels on the demo bookings, from customers already generated (no random stream is
//! touched, so other figures stay as they were). Customers of a store (or of none: online only) sharing a surname form
//! households of up to three; the rest of a segment at a store form circles of three. Family
//! bookings take the household (one in ten is booked by a parent who stays home); silver and
//! leisure customers travel as a couple; young travellers take their friends on three bookings
//! in five; business customers take a colleague on one in five; everyone else travels alone.

use crate::db::sql::{self, Conn};

pub fn write(tx: &Conn) -> sql::Result<()> {
    tx.execute_batch(
        "INSERT INTO order_travellers (order_id, seat, customer_id, name)
         WITH ranked AS (
             SELECT id, name, segment,
                    CASE WHEN segment IN ('family', 'silver', 'leisure')
                         THEN 'h' || coalesce(home_store_id, 0) || substr(name, 1, 1)
                              || ((ROW_NUMBER() OVER (PARTITION BY coalesce(home_store_id, 0), substr(name, 1, 1), segment IN ('family', 'silver', 'leisure') ORDER BY id) - 1) / 3)
                         ELSE 'c' || coalesce(home_store_id, 0) || segment
                              || ((ROW_NUMBER() OVER (PARTITION BY coalesce(home_store_id, 0), segment ORDER BY id) - 1) / 3)
                    END AS circle
               FROM customers WHERE merged_into IS NULL AND name <> ''),
         circles AS (
             SELECT id, name, segment, circle, ROW_NUMBER() OVER (PARTITION BY circle ORDER BY id) AS place FROM ranked),
         seats AS (
             -- the booker, unless a parent booked for the family and stayed home
             SELECT o.id AS order_id, 0 AS rank, c.id AS customer_id, c.name
               FROM orders o JOIN circles c ON c.id = o.customer_id
              WHERE NOT (c.segment = 'family' AND o.id % 10 = 7)
             UNION ALL
             SELECT o.id, m.place, m.id, m.name
               FROM orders o JOIN circles c ON c.id = o.customer_id
               JOIN circles m ON m.circle = c.circle AND m.id <> c.id
              WHERE c.segment = 'family'
                 OR (c.segment IN ('silver', 'leisure') AND m.place = CASE WHEN c.place = 1 THEN 2 ELSE 1 END)
                 OR (c.segment = 'gen_z' AND o.id % 5 < 3)
                 OR (c.segment = 'business' AND o.id % 5 = 0 AND m.place = CASE WHEN c.place = 1 THEN 2 ELSE 1 END))
         SELECT order_id, ROW_NUMBER() OVER (PARTITION BY order_id ORDER BY rank, customer_id) - 1, customer_id, name FROM seats",
    )
}
