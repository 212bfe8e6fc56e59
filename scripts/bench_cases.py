#!/usr/bin/env python3
"""Changes and refunds (退改签) under load: an OTA pushes N bookings with its order numbers,
then a refund request for each (every one opens a ticket and its case), the desk quotes and
confirms a sample of them through the API, and the OTA reports those refunds paid.
Prints one Markdown row: requests/s, quote step p50/p99, refunds paid/s (the unquoted ones
stay open: a payment without a quote is left to the desk).
Usage: bench_cases.py PORT [BOOKINGS] [QUOTED]"""
import datetime
import http.client
import json
import sys
import time

from benchlib import sign_in

port = int(sys.argv[1])
bookings = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
quoted = int(sys.argv[3]) if len(sys.argv) > 3 else 200
cookie = sign_in(port)
run = int(time.time())
now = datetime.datetime.now(datetime.timezone.utc)
departs = (now + datetime.timedelta(days=30)).date()


def post(path, body):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    c.request("POST", path, json.dumps(body), {"content-type": "application/json", "cookie": cookie})
    res = c.getresponse()
    data = json.loads(res.read() or b"null")
    if res.status >= 300:
        sys.exit(f"{path}: {res.status} {data}")
    return data


def push(kind, payload_of):
    """Every booking's event of `kind`, in batches of 1,000; seconds taken."""
    start = time.perf_counter()
    for first in range(0, bookings, 1000):
        events = [{"event_id": f"case-{run}-{kind}-{i}", "source": "ctrip", "source_customer_id": f"BC{run}-{i}", "occurred_at": now.isoformat(),
                   "type": kind, "identity": {"name": "退票压测"}, "payload": payload_of(i)} for i in range(first, min(first + 1000, bookings))]
        report = post("/api/v1/events", {"events": events})
        if report["accepted"] != len(events):
            sys.exit(f"{kind}: {report['rejected'][:3]}")
    return time.perf_counter() - start


push("order", lambda i: {"trip": {"title": "压测机票", "destination": "大阪", "product": "flight", "amount_fen": 300_000,
                                   "departure": str(departs), "return_date": str(departs + datetime.timedelta(days=4)), "booking_ref": f"BR{run}-{i}"}})
requests = push("refund_request", lambda i: {"booking_ref": f"BR{run}-{i}"})

# the desk's side: this run's refund tickets, quoted and confirmed one by one
ids, page = [], 1
while len(ids) < quoted and page <= 200:
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    c.request("GET", f"/api/v1/tickets?inbox=all&page_size=100&page={page}", headers={"cookie": cookie})
    rows = json.loads(c.getresponse().read())["items"]
    if not rows:
        break
    ids += [t["id"] for t in rows if t["kind"] == "refund" and f"BR{run}-" in t["summary"]]
    page += 1
ids = ids[:quoted]
latencies = []
for t in ids:
    start = time.perf_counter()
    post(f"/api/v1/tickets/{t}/case", {"step": "quote", "fee_fen": 30_000, "fare_difference_fen": 0, "refund_fen": 270_000})
    latencies.append((time.perf_counter() - start) * 1000)
    post(f"/api/v1/tickets/{t}/case", {"step": "confirm"})
latencies.sort()
p50 = latencies[len(latencies) // 2] if latencies else 0
p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] if latencies else 0

# the OTA pays every refund: the confirmed ones close themselves
paid = push("refund_paid", lambda i: {"booking_ref": f"BR{run}-{i}", "refund_paid_fen": 270_000})
print(f"| {bookings:,} refund requests, {len(ids)} quoted | {bookings / requests:,.0f} requests/s ({requests:.2f} s) "
      f"| quote p50 {p50:.1f} ms, p99 {p99:.1f} ms | {bookings / paid:,.0f} refunds paid/s ({paid:.2f} s) |")
