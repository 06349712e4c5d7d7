#!/usr/bin/env python3
"""Round trip of a hello-world run per language: POST /api/v1/runs until GET says FINISHED.

Sequential, one run at a time, against a running platform (./arena up). Interim measurement until
the load tool (./arena load) exists. Usage: scripts/hello-roundtrip.py [BASE_URL] [RUNS_PER_LANGUAGE]
"""
import json
import statistics
import sys
import time
import urllib.request
import uuid

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://localhost:9080/"
RUNS = int(sys.argv[2]) if len(sys.argv) > 2 else 10
HELLO = {
    "python": 'print("hello")\n',
    "java": 'public class Main { public static void main(String[] a) { System.out.println("hello"); } }\n',
    "c": '#include <stdio.h>\nint main(void) { puts("hello"); return 0; }\n',
    "cpp": '#include <iostream>\nint main() { std::cout << "hello" << std::endl; }\n',
    "javascript": 'console.log("hello");\n',
}


def call(method, path, body=None, token=None):
    request = urllib.request.Request(BASE + path, method=method,
                                     data=None if body is None else json.dumps(body).encode())
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read() or b"null")


name = "bench" + uuid.uuid4().hex[:8]
call("POST", "api/v1/accounts", {"username": name, "email": name + "@example.org", "password": "benchmark1"})
token = call("POST", "api/v1/auth/token", {"username": name, "password": "benchmark1"})["token"]

print(f"{'language':<12}{'runs':>6}{'median ms':>12}{'min ms':>10}{'max ms':>10}   verdicts")
for language, source in HELLO.items():
    round_trips, verdicts = [], set()
    for _ in range(RUNS):
        started = time.perf_counter()
        run_id = call("POST", "api/v1/runs", {"language": language, "source": source, "stdin": ""}, token)["id"]
        while True:
            run = call("GET", f"api/v1/runs/{run_id}", token=token)
            if run["status"] == "FINISHED":
                break
            time.sleep(0.01)
        round_trips.append((time.perf_counter() - started) * 1000)
        verdicts.add(run["verdict"])
    print(f"{language:<12}{RUNS:>6}{statistics.median(round_trips):>12.0f}{min(round_trips):>10.0f}"
          f"{max(round_trips):>10.0f}   {','.join(sorted(verdicts))}")
