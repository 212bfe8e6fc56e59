#!/usr/bin/env python3
"""Concurrent writers: WRITERS clients at once, each on its own connection, alternately adding a
note to its own customer and pushing a single channel event, WRITES times. Prints the latency
and every answer that was not 2xx; exits 1 when any was (budget: 0 errors under 50 writers).
Usage: bench_writers.py PORT[,PORT...] [WRITERS] [WRITES]  (writer k writes through the k-th port,
round robin: servers sharing one database)"""
import http.client
import json
import sys
import threading
import time

from benchlib import run_clients, sign_in

ports = [int(p) for p in sys.argv[1].split(",")]
port = ports[0]
writers = int(sys.argv[2]) if len(sys.argv) > 2 else 50
writes = int(sys.argv[3]) if len(sys.argv) > 3 else 200


def call(conn, method, path, body=None, cookie=None):
    headers = {"content-type": "application/json"}
    if cookie:
        headers["cookie"] = cookie
    started = time.perf_counter()
    conn.request(method, path, json.dumps(body) if body is not None else None, headers)
    res = conn.getresponse()
    data = res.read()
    return res, (json.loads(data) if data else None), (time.perf_counter() - started) * 1000


cookie = sign_in(port)
conn = http.client.HTTPConnection("127.0.0.1", port)
_, page, _ = call(conn, "GET", f"/api/v1/customers?page_size={writers}", cookie=cookie)
customers = [c["id"] for c in page["items"]]
run = int(time.time())
latencies, errors, lock = [], {}, threading.Lock()


def writer(w):
    conn = http.client.HTTPConnection("127.0.0.1", ports[w % len(ports)], timeout=60)
    customer = customers[w % len(customers)]
    _, profile, _ = call(conn, "GET", f"/api/v1/customers/{customer}", cookie=cookie)
    version = profile["version"]
    for n in range(writes):
        if n % 2 == 0:
            res, body, ms = call(conn, "POST", f"/api/v1/customers/{customer}/notes",
                                 {"version": version, "body": f"bench {run} {w}-{n}"}, cookie)
            if res.status == 200:
                version = body["version"]
        else:
            event = {"event_id": f"writers-{run}-{w}-{n}", "source": "douyin", "source_customer_id": f"writers-{w}",
                     "occurred_at": "2026-11-20T10:30:00+08:00", "type": "inquiry",
                     "identity": {"name": f"并发写入{w}"}, "payload": {"summary": "bench"}}
            res, body, ms = call(conn, "POST", "/api/v1/events", {"events": [event]}, cookie)
        with lock:
            latencies.append(ms)
            if res.status >= 300:
                key = f"{res.status} {(body or {}).get('error', {}).get('code')}"
                errors[key] = errors.get(key, 0) + 1


elapsed = run_clients(writer, writers)
latencies.sort()
p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]
through = f" through {len(ports)} servers" if len(ports) > 1 else ""
print(f"| {writers} concurrent writers (notes + single events){through} | {len(latencies):,} writes | "
      f"{len(latencies) / elapsed:,.0f} writes/s | p50 {p(0.5):.1f} ms, p99 {p(0.99):.1f} ms | "
      f"errors: {sum(errors.values())} {errors if errors else ''} |")
sys.exit(1 if errors else 0)
