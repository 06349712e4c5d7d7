"""Checks a test's input against the statement: n (1 to 100,000) on the first line, then n whole numbers between
-10^9 and 10^9 on the second, and nothing else. Exit 42: valid (the problem package format); 43: not."""
import re
import sys

text = sys.stdin.read()
lines = text.split("\n")
if len(lines) != 3 or lines[2] != "" or not re.fullmatch(r"[1-9][0-9]{0,5}", lines[0]):
    print("expected two lines: n, then the numbers", file=sys.stderr)
    sys.exit(43)
n = int(lines[0])
numbers = lines[1].split(" ")
if not 1 <= n <= 100000 or len(numbers) != n:
    print(f"n = {n} but {len(numbers)} numbers", file=sys.stderr)
    sys.exit(43)
for word in numbers:
    if not re.fullmatch(r"-?(0|[1-9][0-9]*)", word) or abs(int(word)) > 10**9 or word == "-0":
        print(f"{word[:20]!r} is not a whole number between -10^9 and 10^9", file=sys.stderr)
        sys.exit(43)
sys.exit(42)
