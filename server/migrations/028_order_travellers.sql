-- Who travels on a booking: each traveller a customer (matched by ID or passport number, or
-- created), in the order the booking listed them; the name as on the ticket. `id` keys a row
-- for a merge's undo. By customer, for "travels with" and the trips booked for someone.
CREATE TABLE order_travellers (
    id          INTEGER PRIMARY KEY,
    order_id    INTEGER NOT NULL REFERENCES orders(id),
    seat        INTEGER NOT NULL,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    name        TEXT NOT NULL,
    UNIQUE (order_id, seat)
);
CREATE INDEX order_travellers_customer ON order_travellers(customer_id, order_id);
