#!/usr/bin/env python3
"""Round trip of a hello-world run per language against its floor, with a breakdown of where the time goes.

Against a running platform (./arena up), as root on the same machine (it runs bubblewrap itself and reads the
logs). For every language, alternately:
  - the floor: the same program compiled (where the language needs it) and run with bare bubblewrap (the same
    namespaces and system folders as the agents, none of the rest) and the agents' own commands;
  - the round trip: POST /api/v1/runs until the push WebSocket says FINISHED (as the editor page learns it), on
    one kept-alive HTTP connection as the editor's browser keeps one (--connection new: one per request).
Then it reads Liberty's and the agents' logs for those runs and splits each round trip into stages. Between any
two measurements it pauses (--pause-ms, 300 by default), so that each meets an idle platform: what the agents do
between runs (setting up the next sandbox, removing used cgroups) is then not counted against the next one.

Usage: scripts/roundtrip-benchmark.py [--url URL] [--runs N] [--languages python,c,...] [--label NAME]
                                      [--pause-ms MS] [--connection kept|new]
                                      [--json FILE]  (appends every measurement, for compare-sandbox.sh)
       scripts/roundtrip-benchmark.py --summarize FILE   (a before/after table from the appended runs)
"""
import argparse
import base64
import http.client
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HELLO = {
    "python": 'print("hello")\n',
    "java": 'public class Main { public static void main(String[] a) { System.out.println("hello"); } }\n',
    "c": '#include <stdio.h>\nint main(void) { puts("hello"); return 0; }\n',
    "cpp": '#include <iostream>\nint main() { std::cout << "hello" << std::endl; }\n',
    "javascript": 'console.log("hello");\n',
}
STAGES = ["accept", "toAgent", "setup", "compile", "execute", "cleanup", "send", "stored", "seen", "answered"]
STAGE_NAMES = {
    "accept": "request to job sent (run stored, matchmaker, claim, send)",
    "toAgent": "broker to the agent",
    "setup": "agent: work folder",
    "compile": "agent: compile (sandboxed)",
    "execute": "agent: run (sandboxed)",
    "cleanup": "agent: clean up",
    "send": "agent: result to the broker",
    "stored": "broker to the server, result stored",
    "seen": "pushed to the client",
    "answered": "(the POST's own answer, in parallel with the above)",
}


def agent_config():
    """The agents' built-in language commands (runner-agent.properties)."""
    config = {}
    text = (ROOT / "runner-agent/src/main/resources/runner-agent.properties").read_text()
    for line in text.splitlines():
        if "=" in line and not line.lstrip().startswith("#"):
            key, value = line.split("=", 1)
            config[key.strip()] = value.strip()
    return config


def bare_bwrap(box):
    line = ["bwrap", "--unshare-all", "--unshare-user", "--die-with-parent", "--ro-bind", "/usr", "/usr"]
    for path in ["/etc/alternatives", "/etc/ld.so.cache", "/etc/java-17-openjdk"]:
        if os.path.exists(path):
            line += ["--ro-bind", path, path]
    for target, link in [("usr/bin", "/bin"), ("usr/lib", "/lib"), ("usr/lib64", "/lib64"), ("usr/sbin", "/sbin")]:
        line += ["--symlink", target, link]
    return line + ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--bind", box, "/box", "--chdir", "/box",
                   "--clearenv", "--setenv", "PATH", "/usr/bin:/bin", "--setenv", "HOME", "/box", "--"]


def floor_millis(language, config):
    """Compile (if needed) and run the hello program with bare bubblewrap; wall milliseconds."""
    box = tempfile.mkdtemp(prefix="floor-")
    try:
        Path(box, config[f"language.{language}.source"]).write_text(HELLO[language])
        started = time.perf_counter()
        compile_line = config.get(f"language.{language}.compile")
        if compile_line:
            subprocess.run(bare_bwrap(box) + compile_line.split(), check=True, capture_output=True)
        run_line = config[f"language.{language}.run"].replace("{memoryMb}", "256")
        done = subprocess.run(bare_bwrap(box) + run_line.split(), check=True, capture_output=True)
        millis = (time.perf_counter() - started) * 1000
        assert done.stdout == b"hello\n", done
        return millis
    finally:
        shutil.rmtree(box, ignore_errors=True)


class PushSocket:
    """The smallest WebSocket client that can read the platform's push messages (text frames, no extensions)."""

    def __init__(self, base, token):
        url = urllib.parse.urlparse(base)
        self.sock = socket.create_connection((url.hostname, url.port or 80))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET /push HTTP/1.1\r\nHost: {url.hostname}:{url.port}\r\n"
                           f"Authorization: Bearer {token}\r\n"
                           f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                           "Sec-WebSocket-Version: 13\r\n\r\n").encode())
        self.buffer = b""
        while b"\r\n\r\n" not in self.buffer:
            self.buffer += self.sock.recv(4096)
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise RuntimeError("push socket refused: " + head.decode(errors="replace"))

    def _read(self, count):
        while len(self.buffer) < count:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise RuntimeError("push socket closed")
            self.buffer += chunk
        data, self.buffer = self.buffer[:count], self.buffer[count:]
        return data

    def message(self):
        first, second = self._read(2)
        length = second & 0x7F
        if length == 126:
            length = int.from_bytes(self._read(2), "big")
        elif length == 127:
            length = int.from_bytes(self._read(8), "big")
        payload = self._read(length)
        return payload.decode() if first & 0x0F == 1 else None


class Client:
    def __init__(self, base, keep_alive=True):
        self.base = base
        self.keep_alive = keep_alive
        name = "rtb" + uuid.uuid4().hex[:8] + "z"
        self.call("POST", "api/v1/accounts", {"username": name, "email": name + "@example.org", "password": "benchmark1"})
        self.token = self.call("POST", "api/v1/auth/token", {"username": name, "password": "benchmark1"})["token"]
        self.push = PushSocket(base, self.token)

    def call(self, method, path, body=None):
        """One request on the client's one kept-alive connection (as the editor's browser keeps its own), or on a
        new connection each (--connection new: what this benchmark did before, and a browser's first request)."""
        if getattr(self, "connection", None) is None:
            url = urllib.parse.urlparse(self.base)
            self.prefix = url.path if url.path.endswith("/") else url.path + "/"
            if url.scheme == "https":
                self.connection = http.client.HTTPSConnection(url.hostname, url.port or 443, timeout=60)
            else:
                self.connection = http.client.HTTPConnection(url.hostname, url.port or 80, timeout=60)
            self.connection.connect()
            self.connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        headers = {"Content-Type": "application/json"}
        if getattr(self, "token", None):
            headers["Authorization"] = "Bearer " + self.token
        try:
            self.connection.request(method, self.prefix + path, None if body is None else json.dumps(body).encode(),
                                    headers)
            response = self.connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            # the server closed the kept connection (idle timeout, restart): the next call opens a new one
            self.connection.close()
            self.connection = None
            raise
        if response.status >= 400:
            raise RuntimeError(f"{method} {path}: {response.status} {data.decode(errors='replace')}")
        if not self.keep_alive or response.getheader("Connection", "").lower() == "close":
            self.connection.close()
            self.connection = None
        return json.loads(data or b"null")

    def round_trip(self, language):
        posted = time.time()
        run_id = self.call("POST", "api/v1/runs", {"language": language, "source": HELLO[language], "stdin": ""})["id"]
        answered = time.time()
        while True:
            text = self.push.message()
            event = json.loads(text) if text else {}
            if event.get("id") == run_id and event.get("status") == "FINISHED":
                break
        seen = time.time()
        run = self.call("GET", f"api/v1/runs/{run_id}")
        assert run["verdict"] == "OK" and run["stdout"] == "hello\n", run
        return {"runId": run_id, "posted": posted, "answered": answered, "seen": seen,
                "roundTripMillis": (seen - posted) * 1000}


def liberty_events(log):
    """runId -> {event: epoch seconds} from Liberty's messages.log."""
    events = {}
    pattern = re.compile(r"^\[(\d+)/(\d+)/(\d+), (\d+):(\d+):(\d+):(\d+) UTC\].* event=(run-dispatched|run-finished) "
                         r"runId=(\d+)")
    for line in Path(log).read_text(errors="replace").splitlines():
        match = pattern.match(line)
        if match:
            month, day, year, hour, minute, second, millis = (int(x) for x in match.groups()[:7])
            at = datetime(2000 + year, month, day, hour, minute, second, millis * 1000, tzinfo=timezone.utc)
            events.setdefault(int(match.group(9)), {})[match.group(8)] = at.timestamp()
    return events


def agent_events(logs):
    """runId -> {"done": epoch seconds, "wall": ms, phase: ms} from the agents' job-done lines."""
    events = {}
    pattern = re.compile(r"^(\S+) INFO \S+ event=job-done runId=(\d+) .* wallMillis=([\d.]+)(.*)$")
    for log in logs:
        for line in Path(log).read_text(errors="replace").splitlines():
            match = pattern.match(line)
            if match:
                at = datetime.fromisoformat(match.group(1)).replace(tzinfo=timezone.utc).timestamp()
                entry = {"done": at, "wall": float(match.group(3))}
                for phase, millis in re.findall(r"(\w+)Millis=([\d.]+)", match.group(4)):
                    entry[phase] = float(millis)
                events[int(match.group(2))] = entry
    return events


def breakdown(sample, liberty, agents):
    server, agent = liberty.get(sample["runId"], {}), agents.get(sample["runId"])
    if "run-dispatched" not in server or "run-finished" not in server or agent is None:
        return None
    received = agent["done"] - agent["wall"] / 1000
    stages = {
        "accept": (server["run-dispatched"] - sample["posted"]) * 1000,
        "answered": (sample["answered"] - sample["posted"]) * 1000,
        "toAgent": max(0.0, (received - server["run-dispatched"]) * 1000),
        "stored": (server["run-finished"] - agent["done"]) * 1000,
        "seen": (sample["seen"] - server["run-finished"]) * 1000,
    }
    for phase in ("setup", "compile", "execute", "cleanup", "send"):
        stages[phase] = agent.get(phase, 0.0)
    return stages


def median(values):
    return statistics.median(values) if values else float("nan")


def measure(args):
    config = agent_config()
    client = Client(args.url, keep_alive=args.connection == "kept")
    languages = args.languages.split(",")
    samples = {language: [] for language in languages}
    floors = {language: [] for language in languages}
    for language in languages:  # one of each first: caches warm, not measured
        floor_millis(language, config)
        client.round_trip(language)
    pause = args.pause_ms / 1000
    for i in range(args.runs):
        for language in languages:
            for measure_floor in ((True, False) if i % 2 == 0 else (False, True)):
                time.sleep(pause)
                if measure_floor:
                    floors[language].append(floor_millis(language, config))
                else:
                    samples[language].append(client.round_trip(language))
        print(f"  {args.label}: {i + 1}/{args.runs} rounds", file=sys.stderr, flush=True)
    time.sleep(1.5)  # the logs are written asynchronously
    liberty = liberty_events(args.liberty_log)
    agents = agent_events(sorted(Path(args.state, "logs").glob("runner-*.log")))
    results = []
    for language in languages:
        stages = [b for b in (breakdown(s, liberty, agents) for s in samples[language]) if b]
        results.append({
            "label": args.label, "language": language, "runs": args.runs,
            "roundTrip": [s["roundTripMillis"] for s in samples[language]], "floor": floors[language],
            "stages": {stage: [b[stage] for b in stages] for stage in STAGES},
        })
    return results


def print_tables(results):
    print(f"| language | round trip p50 ms | floor p50 ms | overhead p50 ms | round trip min–max |")
    print("|---|---:|---:|---:|---:|")
    for result in results:
        trip, floor = median(result["roundTrip"]), median(result["floor"])
        print(f"| {result['language']} | {trip:.0f} | {floor:.0f} | {trip - floor:.0f} | "
              f"{min(result['roundTrip']):.0f}–{max(result['roundTrip']):.0f} |")
    print()
    print("| stage (p50, ms) | " + " | ".join(r["language"] for r in results) + " |")
    print("|---|" + "---:|" * len(results))
    for stage in STAGES:
        print(f"| {STAGE_NAMES[stage]} | " + " | ".join(f"{median(r['stages'][stage]):.1f}" for r in results) + " |")


def summarize(path):
    runs = [json.loads(line) for line in Path(path).read_text().splitlines() if line.strip()]
    labels = list(dict.fromkeys(r["label"] for r in runs))
    languages = list(dict.fromkeys(r["language"] for r in runs))
    pooled = {}
    for r in runs:
        entry = pooled.setdefault((r["label"], r["language"]), {"roundTrip": [], "floor": [], "execute": []})
        entry["roundTrip"] += r["roundTrip"]
        entry["floor"] += r["floor"]
        entry["execute"] += r["stages"]["execute"]
        for stage in STAGES:
            entry.setdefault("stages", {}).setdefault(stage, []).extend(r["stages"][stage])
    header = "| language | " + " | ".join(f"{label} round trip p50 | {label} overhead p50" for label in labels)
    print(header + " | floor p50 |")
    print("|---|" + "---:|---:|" * len(labels) + "---:|")
    for language in languages:
        cells, floors = [], []
        for label in labels:
            entry = pooled.get((label, language))
            if entry is None:
                cells += ["", ""]
                continue
            trip, floor = median(entry["roundTrip"]), median(entry["floor"])
            floors += entry["floor"]
            cells += [f"{trip:.0f}", f"{trip - floor:.0f}"]
        print(f"| {language} | " + " | ".join(cells) + f" | {median(floors):.0f} |")
    print()
    keys = [(label, language) for language in languages for label in labels if (label, language) in pooled]
    print("| stage (p50, ms) | " + " | ".join(f"{language} {label}" for label, language in keys) + " |")
    print("|---|" + "---:|" * len(keys))
    for stage in STAGES:
        print(f"| {STAGE_NAMES[stage]} | "
              + " | ".join(f"{median(pooled[key]['stages'][stage]):.1f}" for key in keys) + " |")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://localhost:9080/")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--languages", default="python,javascript,c,cpp,java")
    parser.add_argument("--label", default="now")
    parser.add_argument("--pause-ms", type=int, default=300)
    parser.add_argument("--json")
    parser.add_argument("--state", default=str(ROOT / ".arena"))
    parser.add_argument("--liberty-log", default=str(ROOT / ".arena/liberty-1/codearena/logs/messages.log"))
    parser.add_argument("--summarize")
    parser.add_argument("--connection", choices=["kept", "new"], default="kept",
                        help="kept: one HTTP connection for all requests, as a browser keeps it (default); "
                             "new: a connection per request")
    args = parser.parse_args()
    if args.summarize:
        summarize(args.summarize)
        return
    results = measure(args)
    if args.json:
        with open(args.json, "a") as out:
            for result in results:
                out.write(json.dumps(result) + "\n")
    print_tables(results)


if __name__ == "__main__":
    main()
