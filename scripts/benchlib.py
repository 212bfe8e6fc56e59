"""What the load scripts share: signing in and running clients side by side."""
import http.client
import json
import threading
import time


def sign_in(port, username="admin"):
    """The session cookie (`rt_session=…`) of a demo user."""
    conn = http.client.HTTPConnection("127.0.0.1", port)
    conn.request("POST", "/api/v1/session", json.dumps({"username": username, "password": "roundtrip-demo"}),
                 {"content-type": "application/json"})
    res = conn.getresponse()
    res.read()
    return res.getheader("set-cookie").split(";")[0]


def run_clients(target, count):
    """Runs target(0) … target(count - 1) in threads at once; the seconds until all are done."""
    threads = [threading.Thread(target=target, args=(k,)) for k in range(count)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - start
