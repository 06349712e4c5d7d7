#!/usr/bin/env python3
"""Judging a submission: one job carrying all its tests (what CodeArena does) against the tests spread over
the runner agents, one job per test (each job compiles and runs one test), measured in one run.

The spread side is played with the runs API: one PRACTICE run per test, the test's input as stdin, all sent
at once, the output compared here; that is the runners' share of a spread judge (it leaves out the merging a
spread design would also need). Rounds alternate which side goes first. Against a running platform started
WITHOUT the test suite's small practice queue (plain ./arena up).

Usage: scripts/compare-judging.py [BASE_URL] [ROUNDS] [BURST]
  latency: one submission on an idle platform, per language, ROUNDS times each side
  burst:   BURST submissions at once against BURST x tests runs at once (throughput when busy)
"""
import concurrent.futures
import json
import pathlib
import statistics
import sys
import time
import urllib.error
import urllib.request
import uuid

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://localhost:9080/"
ROUNDS = int(sys.argv[2]) if len(sys.argv) > 2 else 5
BURST = int(sys.argv[3]) if len(sys.argv) > 3 else 8
TASK = "sum-of-two"
TESTS_DIR = pathlib.Path(__file__).resolve().parent.parent / "liquibase/src/main/resources/seed/tasks" / TASK / "tests"
SOLUTIONS = {
    "python": "a, b = map(int, input().split())\nprint(a + b)\n",
    "java": "import java.util.Scanner;\npublic class Main { public static void main(String[] x) {\n"
            "  Scanner in = new Scanner(System.in); long a = in.nextLong(), b = in.nextLong();\n"
            "  System.out.println(a + b); } }\n",
    "cpp": "#include <iostream>\nint main() { long long a, b; std::cin >> a >> b; std::cout << a + b << std::endl; }\n",
}
POLL = 0.1


def call(method, path, body=None, token=None):
    while True:
        request = urllib.request.Request(BASE + path, method=method,
                                         data=None if body is None else json.dumps(body).encode())
        request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", "Bearer " + token)
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return json.loads(response.read() or b"null")
        except urllib.error.HTTPError as e:
            if e.code != 429:
                raise
            time.sleep(float(e.headers.get("Retry-After", "1")))


def tests():
    pairs = []
    for path in sorted(TESTS_DIR.glob("*.in")):
        pairs.append((path.read_text(), path.with_suffix(".out").read_text()))
    return pairs


def one_job(token, language, count):
    """count submissions at once; seconds until every one is JUDGED; and whether all were OK."""
    started = time.perf_counter()
    ids = [call("POST", "api/v1/submissions", {"task": TASK, "language": language, "source": SOLUTIONS[language]},
                token)["id"] for _ in range(count)]
    pending, ok = set(ids), True
    while pending:
        time.sleep(POLL)
        for sid in list(pending):
            s = call("GET", f"api/v1/submissions/{sid}", token=token)
            if s["status"] == "JUDGED":
                pending.discard(sid)
                ok = ok and s["verdict"] == "OK"
    return time.perf_counter() - started, ok


def spread(token, language, count, cases):
    """count x tests runs at once; seconds until every one is FINISHED; whether all outputs matched."""
    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
        ids = list(pool.map(lambda case: (call("POST", "api/v1/runs", {"language": language, "priority": "PRACTICE",
                "source": SOLUTIONS[language], "stdin": case[0]}, token)["id"], case[1]), cases * count))
    pending, ok = dict(ids), True
    while pending:
        time.sleep(POLL)
        for rid, expected in list(pending.items()):
            r = call("GET", f"api/v1/runs/{rid}", token=token)
            if r["status"] == "FINISHED":
                del pending[rid]
                ok = ok and r["verdict"] == "OK" and r["stdout"] == expected
    return time.perf_counter() - started, ok


def main():
    name = "judgebench" + uuid.uuid4().hex[:8]
    call("POST", "api/v1/accounts", {"username": name, "email": name + "@example.org", "password": "benchmark1"})
    token = call("POST", "api/v1/auth/token", {"username": name, "password": "benchmark1"})["token"]
    cases = tests()
    print(f"task {TASK}: {len(cases)} tests; {ROUNDS} rounds; burst {BURST} submissions = {BURST * len(cases)} runs")
    compare(token, cases, "latency, one submission", 1, ROUNDS)
    compare(token, cases, f"burst of {BURST}", BURST, max(1, ROUNDS // 2))


def compare(token, cases, label, count, rounds):
    """count submissions at once (against count x tests runs), rounds times per side, alternating first."""
    print(f"\n{label:<26}{'one job s':>11}{'spread s':>10}{'spread/one':>12}   all correct")
    for language in SOLUTIONS:
        a, b, correct = [], [], True
        for round_ in range(rounds):
            order = [("one", lambda: one_job(token, language, count)),
                     ("spread", lambda: spread(token, language, count, cases))]
            for side, measure in (order if round_ % 2 == 0 else order[::-1]):
                seconds, ok = measure()
                (a if side == "one" else b).append(seconds)
                correct = correct and ok
        print(f"{language:<26}{statistics.median(a):>11.2f}{statistics.median(b):>10.2f}"
              f"{statistics.median(b) / statistics.median(a):>11.2f}x   {correct}")

main()
