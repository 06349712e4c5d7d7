#!/usr/bin/env python3
"""CPU use of the platform's processes, sampled every 200 ms, to see where a load test's CPU went.

  scripts/process-cpu.py sample NAME=SPEC ... > samples.txt &
      SPEC is tree:PID (the process, its children, and its exited children's time: PostgreSQL's
      postmaster), pid:PID (one process), or cmd:TEXT (every process whose command line contains TEXT).
      Each line: epoch-millis, then the clock ticks used so far by each NAME, in order.
  scripts/process-cpu.py report START_MS END_MS samples.txt NAME ...
      CPU each NAME used between the two moments, in cores and as a share of the machine.
"""
import os
import sys
import time


def stat(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12]), int(fields[13]) + int(fields[14]), fields[1]
    except (OSError, IndexError, ValueError):
        return 0, 0, None


def cmdline(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def measure(specs, pids):
    totals = []
    for kind, value in specs:
        if kind == "pid":
            totals.append(stat(value)[0])
        elif kind == "tree":
            own, children, _ = stat(value)
            totals.append(own + children + sum(stat(p)[0] for p in pids if stat(p)[2] == value))
        else:
            totals.append(sum(stat(p)[0] for p in pids if value in cmdline(p) and p != str(os.getpid())))
    return totals


def sample(arguments):
    specs = [tuple(a.split("=", 1)[1].split(":", 1)) for a in arguments]
    while True:
        pids = [p for p in os.listdir("/proc") if p.isdigit()]
        print(int(time.time() * 1000), *measure(specs, pids), flush=True)
        time.sleep(0.2)


def report(start, end, path, names):
    rows = [list(map(int, line.split())) for line in open(path) if line.strip()]
    inside = [r for r in rows if start <= r[0] <= end]
    if len(inside) < 2:
        print("process CPU: too few samples in the window")
        return
    seconds = (inside[-1][0] - inside[0][0]) / 1000
    cores = os.cpu_count()
    for index, name in enumerate(names, start=1):
        # a cmd: group whose process ended inside the window loses its ticks: take the largest reading
        cpu = (max(r[index] for r in inside) - inside[0][index]) / os.sysconf("SC_CLK_TCK")
        print(f"{name} CPU: {cpu:.1f} CPU-seconds in {seconds:.1f} s = {cpu / seconds:.2f} cores "
              f"({cpu / seconds / cores * 100:.0f} % of the machine's {cores} cores)")


if __name__ == "__main__":
    if sys.argv[1] == "sample":
        sample(sys.argv[2:])
    else:
        report(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5:])
