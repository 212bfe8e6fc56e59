#!/usr/bin/env python3
"""A channel receiver under load: Douyin deliveries, signed as Douyin signs them, through
/hooks/douyin/<account> to a visible profile change.
Usage: bench_hooks.py PORT [DELIVERIES] [SENDERS]
Prints two table rows:
- throughput: deliveries/s acknowledged, and deliveries/s until every one is on a profile
  (the connector shows them all processed); the acknowledgement's p50/p99 (budget: p99 under
  1 s, the platforms retry after 5 s);
- latency: one delivery at a time, the time from its acknowledgement until its customer is
  found by search with the event applied (p50/p99 of 200)."""
import hashlib
import http.client
import json
import sys
import threading
import time

from benchlib import run_clients, sign_in

port = int(sys.argv[1])
total = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
senders = int(sys.argv[3]) if len(sys.argv) > 3 else 16
run = int(time.time())
account, secret = f"bench-{run}", f"bench-secret-{run}"
cookie = sign_in(port)


def call(conn, method, path, body=None, headers=None):
    conn.request(method, path, body, headers or {})
    res = conn.getresponse()
    return res.status, res.read()


def connect():
    return http.client.HTTPConnection("127.0.0.1", port, timeout=30)


admin = connect()
status, answer = call(admin, "POST", "/api/v1/connectors",
                      json.dumps({"channel": "douyin", "account": account, "secrets": {"client_secret": secret}}),
                      {"content-type": "application/json", "cookie": cookie})
if status != 201:
    sys.exit(f"could not connect an account: {status} {answer[:200]}")
connector = json.loads(answer)["id"]


def delivery(n, user):
    body = json.dumps({"event": "im_receive_msg", "from_user_id": user, "to_user_id": "agency", "client_key": "awx-bench",
                       "content": json.dumps({"message_type": "text", "text": f"bench {run} {n}", "create_time": run - 3600 + n})})
    signature = hashlib.sha1((secret + body).encode()).hexdigest()
    return body, {"content-type": "application/json", "x-douyin-signature": signature, "msg-id": f"{run}-{n}"}


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))] * 1000


acks, failures, lock = [], [], threading.Lock()


def sender(k):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    mine = []
    for n in range(k, total, senders):
        body, headers = delivery(n, f"dy-bench-{run}-{n % 2000}")
        t = time.perf_counter()
        status, _ = call(conn, "POST", f"/hooks/douyin/{account}", body, headers)
        mine.append(time.perf_counter() - t)
        if status != 200:
            with lock:
                failures.append(status)
    with lock:
        acks.extend(mine)


started = time.perf_counter()
acked = run_clients(sender, senders)
admin = connect()  # the server closes a connection left idle while the senders ran
while True:
    status, answer = call(admin, "GET", "/api/v1/connectors", None, {"cookie": cookie})
    mine = next(c for c in json.loads(answer) if c["id"] == connector)
    if mine["done"] + mine["dead"] >= total:
        break
    time.sleep(0.05)
processed = time.perf_counter() - started
if failures or mine["dead"]:
    sys.exit(f"{len(failures)} deliveries refused, {mine['dead']} dead-lettered")

# one at a time: acknowledgement to the customer found with the event applied
visible = []
for n in range(200):
    user = f"dy-lat-{run}-{n}"
    body, headers = delivery(total + n, user)
    status, _ = call(admin, "POST", f"/hooks/douyin/{account}", body, headers)
    acked_at = time.perf_counter()
    while True:
        status, answer = call(admin, "GET", f"/api/v1/customers?q={user}", None, {"cookie": cookie})
        if status == 200 and json.loads(answer)["total"] == 1:
            break
        time.sleep(0.002)
    visible.append(time.perf_counter() - acked_at)

print(f"| Douyin deliveries, {senders} senders | {total:,} | {total / acked:,.0f} acknowledged/s, {total / processed:,.0f} on profiles/s "
      f"| ack p50 {percentile(acks, 0.5):.1f} ms, p99 {percentile(acks, 0.99):.1f} ms "
      f"| ack to profile p50 {percentile(visible, 0.5):.0f} ms, p99 {percentile(visible, 0.99):.0f} ms |")
if percentile(acks, 0.99) > 1000:
    sys.exit("  !! budget broken: a receiver's acknowledgement p99 over 1 s")
