-- Failed sign-ins, so that throttling holds across every server process sharing the database
-- (it lived in one process's memory). Rows older than the window are pruned as new ones come.
CREATE TABLE login_failures (
    address  TEXT NOT NULL,
    username TEXT NOT NULL,
    at       TEXT NOT NULL
);
CREATE INDEX login_failures_address ON login_failures(address, at);
