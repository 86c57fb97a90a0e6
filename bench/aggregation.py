"""Aggregation throughput: MX Bank members taken from create to CONNECTED, per second.

usage: aggregation.py BASE_URL CLIENT_JSON MEMBERS

Creates users (25 members each, MX's limit), then creates every member over the MX
Platform API from 4 keep-alive connections at once, and polls each user's member list
until every member has settled. Prints one JSON object. Standard library only.
"""

import base64
import http.client
import json
import sys
import threading
import time
import urllib.parse

MEMBERS_PER_USER = 25
CONNECTIONS = 4


class Api:
    def __init__(self, base, client_id, api_key):
        url = urllib.parse.urlparse(base)
        self.conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
        token = base64.b64encode(f"{client_id}:{api_key}".encode()).decode()
        self.headers = {
            "Authorization": f"Basic {token}",
            "Accept": "application/vnd.mx.api.v1+json",
            "Content-Type": "application/json",
        }

    def call(self, method, path, body=None):
        data = json.dumps(body) if body is not None else None
        self.conn.request(method, path, body=data, headers=self.headers)
        response = self.conn.getresponse()
        payload = response.read()
        if response.status >= 300:
            raise RuntimeError(f"{method} {path}: {response.status} {payload[:200]!r}")
        return json.loads(payload)


def main():
    base, creds, total = sys.argv[1], json.loads(sys.argv[2]), int(sys.argv[3])
    api = lambda: Api(base, creds["client_id"], creds["api_key"])
    setup = api()
    users = []
    for n in range((total + MEMBERS_PER_USER - 1) // MEMBERS_PER_USER):
        user = setup.call("POST", "/users", {"user": {"id": f"agg-{n}"}})
        users.append(user["user"]["guid"])
    fields = setup.call("GET", "/institutions/mxbank/credentials")["credentials"]
    login = next(f["guid"] for f in fields if f["field_type"] != "PASSWORD")
    password = next(f["guid"] for f in fields if f["field_type"] == "PASSWORD")
    plan = [(users[i // MEMBERS_PER_USER], f"agg-login-{i}") for i in range(total)]

    def create(part):
        client = api()
        for user, name in part:
            body = {"member": {"institution_code": "mxbank", "credentials": [
                {"guid": login, "value": name}, {"guid": password, "value": "bench"}]}}
            client.call("POST", f"/users/{user}/members", body)

    started = time.monotonic()
    threads = [threading.Thread(target=create, args=(plan[i::CONNECTIONS],)) for i in range(CONNECTIONS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    created = time.monotonic() - started
    connected, transactions = 0, 0
    deadline = started + 600
    while time.monotonic() < deadline:
        settled, connected = 0, 0
        for user in users:
            members = setup.call("GET", f"/users/{user}/members?records_per_page=100")["members"]
            settled += sum(1 for m in members if not m["is_being_aggregated"])
            connected += sum(1 for m in members if m["connection_status"] == "CONNECTED")
        if settled == total:
            break
        time.sleep(0.05)
    elapsed = time.monotonic() - started
    for user in users[:1]:
        page = setup.call("GET", f"/users/{user}/transactions?records_per_page=1")
        transactions = page["pagination"]["total_entries"]
    print(json.dumps({
        "members": total,
        "connected": connected,
        "seconds": round(elapsed, 3),
        "create_seconds": round(created, 3),
        "members_per_second": round(connected / elapsed, 1),
        "transactions_of_first_user": transactions,
    }))


if __name__ == "__main__":
    main()
