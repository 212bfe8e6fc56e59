#!/usr/bin/env python3
"""A schedule change (航变) at scale: N bookings on one flight and day are pushed through the
events API (each with its segment and one to three travellers), then the airline's change is
sent and timed: it opens one case per booking and tells every booker's and traveller's
timeline in one request. The desk's view of the disruption is then read (p50 of 5 reads).
Prints one Markdown row. Usage: bench_disruption.py PORT [BOOKINGS]"""
import datetime
import http.client
import json
import statistics
import sys
import time

from benchlib import sign_in

port = int(sys.argv[1])
bookings = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
cookie = sign_in(port)
run = int(time.time())
now = datetime.datetime.now(datetime.timezone.utc)
day = (now + datetime.timedelta(days=40)).date()
flight = f"BN{run % 9000 + 1000}"


def call(method, path, body=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    c.request(method, path, json.dumps(body) if body is not None else None, {"content-type": "application/json", "cookie": cookie})
    res = c.getresponse()
    data = json.loads(res.read() or b"null")
    if res.status >= 300:
        sys.exit(f"{path}: {res.status} {str(data)[:300]}")
    return data


def trip(i):
    travellers = [{"name": f"航变压测{i}"}] + [{"name": f"同行压测{i}-{k}", "id_number": f"P{run % 1000:03d}{i:06d}{k}"} for k in range(i % 3)]
    return {"trip": {"title": "压测航班", "destination": "深圳", "product": "flight", "amount_fen": 150_000, "departure": str(day),
                     "return_date": str(day + datetime.timedelta(days=3)), "travellers": travellers,
                     "air": {"pnr": "BENCH1", "ticket_numbers": [], "segments": [
                         {"flight": flight, "date": str(day), "from": "PEK", "to": "SZX", "cabin": "economy", "fare_class": "Y"}]}}}


for first in range(0, bookings, 1000):
    events = [{"event_id": f"sc-{run}-{i}", "source": "ctrip", "source_customer_id": f"SC{run}-{i}", "occurred_at": now.isoformat(),
               "type": "order", "identity": {"name": f"航变压测{i}"}, "payload": trip(i)} for i in range(first, min(first + 1000, bookings))]
    report = call("POST", "/api/v1/events", {"events": events})
    if report["accepted"] != len(events):
        sys.exit(f"bookings: {report['rejected'][:3]}")

start = time.perf_counter()
receipt = call("POST", "/api/v1/schedule-changes", {"change_id": f"bench-{run}", "flight": flight, "date": str(day), "cancelled": True})
opened = time.perf_counter() - start
if receipt["cases_opened"] != bookings:
    sys.exit(f"opened {receipt['cases_opened']} cases for {bookings} bookings")
reads = []
for _ in range(5):
    start = time.perf_counter()
    detail = call("GET", f"/api/v1/disruptions/{receipt['disruption_id']}")
    reads.append(time.perf_counter() - start)
if len(detail["cases"]) != bookings:
    sys.exit(f"the view lists {len(detail['cases'])} cases")
print(f"| schedule change: {bookings:,} bookings on one flight | {opened:.2f} s ({receipt['customers_told']:,} timelines told) | desk view p50 {statistics.median(reads) * 1000:.0f} ms |")
