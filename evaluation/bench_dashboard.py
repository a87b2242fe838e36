"""How fast the clinic dashboard lists a page with thousands of stored assessments.

    .venv/bin/python -m evaluation.bench_dashboard [--assessments 5000] [--requests 60]

A temporary SQLite store is filled with `--assessments` assessments as the store keeps them
(dispositions, regions and sides in the mix a clinic sees; a booking request for a third, a
note for a tenth), written in bulk straight into the store's tables (the engine is not run: it
would take minutes and changes nothing in what the list reads). The dashboard
(`python -m bot.web`) then runs on a free port; a logged-in client asks for each kind of list
page `--requests` times, one request after the other, over HTTP: the first page, a page deep
in the list, a region filter, a search by name and one by reference. Printed: p50, p95 and the
slowest request of each, in milliseconds, and whether every p95 is under the goal (300 ms);
and, for the record, the same for the summary of the whole year.

Not part of `make test`: it measures, it does not check (the figures depend on the machine).
"""

from __future__ import annotations

import argparse
import datetime
import http.cookiejar
import random
import re
import statistics
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from sqlalchemy import insert

from bot.clinic import store
from bot.web import auth
from evaluation.servers import free_port, running_web

GOAL_MS = 300
USER, PASSWORD = "bench", "a long bench password"
REGIONS = ["neck", "shoulder", "lower_back", "upper_back", "knee", "hip", "head", "wrist_hand"]
SIDES = [["left"], ["right"], ["both"], ["central"], []]
# how often each disposition comes up (most visitors need no doctor)
DISPOSITIONS = {"book_nmt": 80, "physician_referral": 12, "urgent_physician": 6, "emergency": 2}
NAMES = ["Ana Silva", "Ben Okafor", "Chloé Martin", "Dev Patel", "Eva Novak", "Finn Byrne"]


def seed(engine, count: int, rng: random.Random) -> None:
    """`count` assessments over the last year, with booking requests and notes."""
    now = datetime.datetime(2026, 11, 21, 12, 0)
    kinds = list(DISPOSITIONS)
    weights = list(DISPOSITIONS.values())
    assessments, bookings, notes = [], [], []
    for n in range(count):
        ref = f"{n:012x}"
        created = now - datetime.timedelta(minutes=rng.randrange(365 * 24 * 60))
        disposition = rng.choices(kinds, weights)[0]
        assessments.append(
            {
                "id": ref,
                "sender_id": f"bench-{n}",
                "created_at": created,
                "consent_at": created - datetime.timedelta(minutes=8),
                "disposition": disposition,
                "regions": rng.sample(REGIONS, rng.randint(1, 3)),
                "sides": rng.choice(SIDES),
                "nprs": rng.randint(0, 10),
                "phq4": rng.randint(0, 12),
                "questions_asked": rng.randint(8, 20),
                "summary_text": "Therapist summary " * 40,
                "status": rng.choice(store.STATUSES),
                "cautions": [],
            }
        )
        if disposition == "book_nmt" and rng.random() < 0.35:
            bookings.append(
                {
                    "assessment_id": ref,
                    "name": f"{rng.choice(NAMES)} {n}",
                    "contact": f"visitor{n}@example.org",
                    "preferred_times": "weekday mornings, or Friday after 4",
                    "consent_to_contact": True,
                    "created_at": created + datetime.timedelta(minutes=2),
                    "clearance_stated": False,
                }
            )
        if rng.random() < 0.1:
            notes.append(
                {
                    "assessment_id": ref,
                    "author": "therapist",
                    "text": "Called, left a message.",
                    "created_at": created + datetime.timedelta(days=1),
                }
            )
    with engine.begin() as connection:
        connection.execute(insert(store.assessment), assessments)
        connection.execute(insert(store.booking_request), bookings)
        connection.execute(insert(store.clinic_note), notes)


class Client:
    """A logged-in dashboard user: a cookie jar over urllib."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=30) as resp:
            return resp.read().decode("utf-8")

    def login(self) -> None:
        page = self.get("/clinic/login")
        csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        form = urllib.parse.urlencode({"csrf": csrf, "username": USER, "password": PASSWORD})
        with self.opener.open(self.base + "/clinic/login", form.encode(), timeout=30) as resp:
            if not resp.url.endswith("/clinic"):
                raise RuntimeError("the bench user could not log in")


def timed(client: Client, path: str, requests: int, expect: str = 'data-ref="') -> list[float]:
    """Milliseconds of each of `requests` GETs of `path` (after one untimed warm-up)."""
    client.get(path)
    found = []
    for _ in range(requests):
        start = time.perf_counter()
        body = client.get(path)
        found.append((time.perf_counter() - start) * 1000)
        if expect not in body:
            raise RuntimeError(f"{path} showed nothing")
    return found


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--assessments", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=60)
    args = parser.parse_args(argv)
    rng = random.Random(14)
    with tempfile.TemporaryDirectory(prefix="nmt-bench-dashboard-") as folder:
        url = f"sqlite:///{Path(folder) / 'nmt.db'}"
        engine = store.open_store(url)
        started = time.perf_counter()
        seed(engine, args.assessments, rng)
        print(f"seeded {args.assessments:,} assessments in {time.perf_counter() - started:.1f} s")
        engine.dispose()
        users = Path(folder) / "users.json"
        auth.save_user(users, USER, PASSWORD)
        env = {"NMT_DATABASE_URL": url, "NMT_CLINIC_USERS": str(users)}
        pages = {
            "first page": "/clinic",
            "page 40": "/clinic?page=40",
            "region filter": "/clinic?region=shoulder&page=3",
            "search by name": "/clinic?q=chlo",
            "search by reference": "/clinic?q=0000000012",
        }
        worst = 0.0
        with running_web(free_port(), env, Path(folder) / "logs") as base:
            client = Client(base)
            client.login()
            print(f"{'list page':<22}{'p50 ms':>8}{'p95 ms':>8}{'max ms':>8}")
            for name, path in pages.items():
                found = timed(client, path, args.requests)
                worst = max(worst, p95(found))
                print(
                    f"{name:<22}{statistics.median(found):>8.1f}{p95(found):>8.1f}"
                    f"{max(found):>8.1f}"
                )
            # not a list page (no goal): the summary of a whole year, for the record
            found = timed(client, "/clinic/summary?from=2025-11-22&to=2026-11-21", 10, "funnel")
            print(
                f"{'summary of a year':<22}{statistics.median(found):>8.1f}{p95(found):>8.1f}"
                f"{max(found):>8.1f}"
            )
    verdict = "under" if worst < GOAL_MS else "OVER"
    print(f"worst p95: {worst:.1f} ms ({verdict} the {GOAL_MS} ms goal)")
    return 0 if worst < GOAL_MS else 1


if __name__ == "__main__":
    sys.exit(main())
