#!/usr/bin/env python3
"""Event ingestion throughput: POSTs batches of 1,000 channel events (a realistic mix: new
members, returning members by channel id, WeChat unionids, shared phones) and reports events/s.
Usage: bench_ingest.py PORT [BATCHES]"""
import http.client
import json
import random
import sys
import time

port = int(sys.argv[1])
batches = int(sys.argv[2]) if len(sys.argv) > 2 else 20
rng = random.Random(7)
sources = ["ctrip", "fliggy", "meituan", "wechat", "douyin", "app", "store", "call_center"]
types = ["inquiry", "browse", "quote", "order", "payment", "visit", "review", "share"]

conn = http.client.HTTPConnection("127.0.0.1", port)
conn.request("POST", "/api/v1/session", json.dumps({"username": "admin", "password": "roundtrip-demo"}),
             {"content-type": "application/json"})
res = conn.getresponse()
res.read()
cookie = res.getheader("set-cookie").split(";")[0]

run = int(time.time())
def batch(b):
    events = []
    for i in range(1000):
        member = rng.randrange(5000)
        source = rng.choice(sources)
        identity = {"name": f"导入客户{member}"}
        if rng.random() < 0.5:
            identity["phone"] = f"+86139{member:08d}"
        if source == "wechat":
            identity["wechat_unionid"] = f"bench-u-{member}"
        events.append({
            "event_id": f"bench-{run}-{b}-{i}", "source": source, "source_customer_id": f"bench-{source}-{member}",
            "occurred_at": "2026-11-20T10:00:00+08:00", "type": rng.choice(types), "identity": identity,
            "payload": {"summary": "bench"},
        })
    return json.dumps({"events": events})

bodies = [batch(b) for b in range(batches)]
accepted = 0
start = time.perf_counter()
for body in bodies:
    conn.request("POST", "/api/v1/events", body, {"content-type": "application/json", "cookie": cookie})
    res = conn.getresponse()
    report = json.loads(res.read())
    if res.status != 200 or report["rejected"]:
        sys.exit(f"ingestion failed: {res.status} {str(report)[:300]}")
    accepted += report["accepted"]
elapsed = time.perf_counter() - start
print(f"| ingest: {batches} batches x 1,000 events, one client | {accepted} events in {elapsed:.2f} s | {accepted / elapsed:,.0f} events/s |")
