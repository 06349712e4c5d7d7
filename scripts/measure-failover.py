#!/usr/bin/env python3
"""Matchmaker takeover time, measured: two Liberty servers, runs waiting, kill -9 of the lease holder.

    scripts/measure-failover.py [ROUNDS]

Each round: find the server that holds the matchmaker lease, submit runs to it (2 s each, more than the
agents can take at once), kill -9 that server, and time until the other server reports that it holds the
lease; then check that every submitted run finished OK, and bring the killed server back (./arena up).
Prints each round and the median, min and max. Needs nothing but the platform (./arena up --servers 2 is
run first) and Python 3.
"""
import json
import os
import pathlib
import statistics
import subprocess
import sys
import time
import urllib.request
import uuid

ROOT = pathlib.Path(__file__).resolve().parent.parent
PIDS = ROOT / ".arena" / "pids"
PORT = int(os.environ.get("CODEARENA_HTTP_PORT", "9080"))
SERVERS = {1: f"http://localhost:{PORT}/", 2: f"http://localhost:{PORT + 1}/"}
PID_FILES = {1: "liberty.pid", 2: "liberty-2.pid"}
RUNS_PER_ROUND = 10


def call(base, path, body=None, token=None):
    request = urllib.request.Request(base + path, method="POST" if body is not None else "GET",
                                     data=None if body is None else json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    if token:
        request.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def epoch_of(k, token):
    try:
        return call(SERVERS[k], "api/v1/admin/matchmaker", token=token)["leaseEpoch"]
    except OSError:
        return None


def arena(*arguments):
    subprocess.run([str(ROOT / "arena"), *arguments], check=True, stdout=subprocess.DEVNULL)


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    arena("up", "--servers", "2")
    name = "f" + uuid.uuid4().hex[:10]
    call(SERVERS[1], "api/v1/accounts", {"username": name, "email": name + "@example.org",
                                         "password": "correct horse 1"})
    arena("grant", name, "ADMIN")  # the matchmaker view is for operators
    token = call(SERVERS[1], "api/v1/auth/token", {"username": name, "password": "correct horse 1"})["token"]
    takeovers = []
    for round_number in range(1, rounds + 1):
        holder = next(k for k in SERVERS if (epoch_of(k, token) or 0) > 0)
        other = 3 - holder
        runs = [call(SERVERS[holder], "api/v1/runs", {"language": "python", "stdin": "",
                                                      "source": f"import time\ntime.sleep(2)\nprint({i})\n"},
                     token)["id"] for i in range(RUNS_PER_ROUND)]
        pid = int((PIDS / PID_FILES[holder]).read_text().strip())
        killed_at = time.monotonic()
        os.kill(pid, 9)
        while (epoch_of(other, token) or 0) == 0:
            time.sleep(0.02)
        takeover = (time.monotonic() - killed_at) * 1000
        takeovers.append(takeover)
        deadline = time.monotonic() + 120
        verdicts = {}
        while len(verdicts) < len(runs) and time.monotonic() < deadline:
            for run_id in runs:
                if run_id not in verdicts:
                    run = call(SERVERS[other], f"api/v1/runs/{run_id}", token=token)
                    if run["status"] == "FINISHED":
                        verdicts[run_id] = run["verdict"]
            time.sleep(0.2)
        ok = sum(1 for v in verdicts.values() if v == "OK")
        print(f"round {round_number}: killed server {holder}, server {other} took over after {takeover:,.0f} ms; "
              f"runs finished OK: {ok} of {len(runs)}", flush=True)
        if ok != len(runs):
            sys.exit(f"lost or failed runs: {len(runs) - ok}")
        arena("up", "--servers", "2")
    print(f"takeover after kill -9, {rounds} rounds: median {statistics.median(takeovers):,.0f} ms, "
          f"min {min(takeovers):,.0f} ms, max {max(takeovers):,.0f} ms")


if __name__ == "__main__":
    main()
