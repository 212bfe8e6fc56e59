#!/usr/bin/env python3
"""Event ingestion throughput: POSTs batches of 1,000 channel events (a realistic mix: new
members, returning members by channel id, WeChat unionids, shared phones) and reports events/s.
Usage: bench_ingest.py PORT[,PORT...] [BATCHES] [CLIENTS]
With several clients (channel systems pushing at once) each posts its share of the batches on
its own connection; one batch is then parsed while another is written. With several ports
(servers sharing one database) client k pushes to the k-th, round robin.
BENCH_TOKEN=1 pushes as a channel system does, with an API token an admin issues first
(`Authorization: Bearer`), instead of the admin's session cookie.
BENCH_TRAVELLERS=1: each order books a trip listing one to four travellers (the booker, then
people from a pool of 3,000, most with an ID or passport number), so that finding or creating
each traveller is measured with the rest."""
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
with_travellers = os.environ.get("BENCH_TRAVELLERS") == "1"

def trip(member):
    travellers = [{"name": f"导入客户{member}"}]
    for _ in range(rng.randrange(4)):
        other = rng.randrange(3000)
        t = {"name": f"同行旅客{other}"}
        if rng.random() < 0.8:
            t["id_number"] = f"E{other:08d}"
        travellers.append(t)
    return {"title": "三亚五日游", "destination": "三亚", "product": "tour", "amount_fen": 500_000,
            "departure": "2027-01-10", "return_date": "2027-01-15", "travellers": travellers}

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
        kind = rng.choice(types)
        payload = {"summary": "bench"}
        if with_travellers and kind == "order":
            payload["trip"] = trip(member)
        events.append({
            "event_id": f"bench-{run}-{b}-{i}", "source": source, "source_customer_id": f"bench-{source}-{member}",
            "occurred_at": "2026-11-20T10:00:00+08:00", "type": kind, "identity": identity, "payload": payload,
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
if with_travellers:
    who += ", orders listing travellers"
if len(ports) > 1:
    who += f" through {len(ports)} servers"
print(f"| ingest: {batches} batches x 1,000 events, {who} | {total} events in {elapsed:.2f} s | {total / elapsed:,.0f} events/s |")
