#!/usr/bin/env python3
"""Event ingestion throughput: POSTs batches of 1,000 channel events (a realistic mix: new
members, returning members by channel id, WeChat unionids, shared phones) and reports events/s.
Usage: bench_ingest.py PORT[,PORT...] [BATCHES] [CLIENTS]
With several clients (channel systems pushing at once) each posts its share of the batches on
its own connection; one batch is then parsed while another is written. With several ports
(servers sharing one database) client k pushes to the k-th, round robin.
BENCH_TOKEN=1 pushes as a channel system does, with an API token an admin issues first
(`Authorization: Bearer`), instead of the admin's session cookie."""
import http.client
import json
import os
import random
import sys
import time

from benchlib import run_clients, sign_in

ports = [int(p) for p in sys.argv[1].split(",")]
batches = int(sys.argv[2]) if len(sys.argv) > 2 else 20
clients = int(sys.argv[3]) if len(sys.argv) > 3 else 1
rng = random.Random(7)
sources = ["ctrip", "fliggy", "meituan", "wechat", "douyin", "app", "store", "call_center"]
types = ["inquiry", "browse", "quote", "order", "payment", "visit", "review", "share"]

cookie = sign_in(ports[0])
auth = {"cookie": cookie}
if os.environ.get("BENCH_TOKEN") == "1":
    c = http.client.HTTPConnection("127.0.0.1", ports[0], timeout=30)
    c.request("POST", "/api/v1/tokens", json.dumps({"name": "bench ingestion", "per_minute": 6000}), {"content-type": "application/json", "cookie": cookie})
    res = c.getresponse()
    issued = json.loads(res.read())
    if res.status != 201:
        sys.exit(f"could not issue a token: {res.status} {issued}")
    auth = {"authorization": f"Bearer {issued['secret']}"}

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
accepted = [0] * clients
failure = []

def push(k):
    c = http.client.HTTPConnection("127.0.0.1", ports[k % len(ports)], timeout=120)
    for body in bodies[k::clients]:
        c.request("POST", "/api/v1/events", body, {"content-type": "application/json", **auth})
        res = c.getresponse()
        report = json.loads(res.read())
        if res.status != 200 or report["rejected"]:
            failure.append(f"ingestion failed: {res.status} {str(report)[:300]}")
            return
        accepted[k] += report["accepted"]

elapsed = run_clients(push, clients)
if failure:
    sys.exit(failure[0])
total = sum(accepted)
who = "one client" if clients == 1 else f"{clients} clients at once"
if "authorization" in auth:
    who += ", with an API token"
if len(ports) > 1:
    who += f" through {len(ports)} servers"
print(f"| ingest: {batches} batches x 1,000 events, {who} | {total} events in {elapsed:.2f} s | {total / elapsed:,.0f} events/s |")
