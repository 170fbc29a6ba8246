"""Load through the local stack: 200 upload flows from 20 concurrent clients, two clients per user.

Every flow succeeds or fails with a clear 429/503; afterwards every user is on their newest image and no
object is orphaned. Bounded in count and time, loopback only.
"""

import os
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import requests

from tests.e2e.conftest import wait_for

FLOWS = int(os.environ.get("LOAD_FLOWS", "200"))
CLIENTS = int(os.environ.get("LOAD_CLIENTS", "20"))
USERS = [f"load-user-{index}" for index in range(CLIENTS // 2)]


def test_load_through_the_local_stack(local_stack, images, capsys):
    from devstack.resources import add_user

    for user_id in USERS:
        add_user(local_stack.endpoints, local_stack.stack, user_id)
    photo = (images / "chelsea.png").read_bytes()
    tokens = {user_id: local_stack.token(user_id) for user_id in USERS}
    url = f"{local_stack.config.gateway_url}/profile/image"

    def flow(index: int):
        user_id = USERS[index % len(USERS)]
        with requests.Session() as session:
            asked = session.post(
                url,
                json={"fileName": f"cat-{index}.png", "contentType": "image/png", "contentLength": len(photo)},
                headers={"Authorization": f"Bearer {tokens[user_id]}"},
                timeout=30,
            )
            if asked.status_code != 200:
                return user_id, f"api-{asked.status_code}", None
            ticket = asked.json()
            put = session.put(ticket["uploadURL"], data=photo, headers=ticket["headers"], timeout=30)
            return user_id, ("ok" if put.status_code == 200 else f"put-{put.status_code}"), ticket["key"]

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        results = list(pool.map(flow, range(FLOWS)))
    uploaded = time.monotonic() - started

    counts = Counter(outcome for _, outcome, _ in results)
    unexpected = {outcome for outcome in counts if outcome not in ("ok", "api-429", "api-503")}
    assert not unexpected, counts
    newest = {}
    for user_id, outcome, key in results:
        if outcome == "ok" and key > newest.get(user_id, ""):
            newest[user_id] = key

    s3 = local_stack.endpoints.client("s3")

    def settled():
        profiles = {user_id: requests.get(f"{local_stack.config.gateway_url}/_local/users/{user_id}", timeout=5).json().get("imageKey") for user_id in USERS}
        listing = s3.list_objects_v2(Bucket=local_stack.stack.bucket, Prefix="users/load-user-")
        remaining = sorted(entry["Key"] for entry in listing.get("Contents", []))
        return (profiles, remaining) if profiles == newest and remaining == sorted(newest.values()) else None

    wait_for(settled, timeout=180, interval=1)
    total = time.monotonic() - started
    with capsys.disabled():
        print(
            f"\nload: {FLOWS} flows from {CLIENTS} clients over {len(USERS)} users: {dict(counts)}; "
            f"uploads done in {uploaded:.1f} s, all confirmed and cleaned up in {total:.1f} s; "
            f"{len(newest)} users on their newest image, 0 orphaned objects"
        )
    assert counts["ok"] > 0
