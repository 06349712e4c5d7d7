"""Checks a pair: called as validate.py input answer feedback_dir < output (the problem package format).

Exit 42 accepts, 43 rejects; feedback_dir/judgemessage.txt says why.
"""
import sys


def reject(message):
    with open(sys.argv[3] + "judgemessage.txt", "w") as feedback:
        feedback.write(message)
    sys.exit(43)


with open(sys.argv[1]) as data:
    n, s = map(int, data.readline().split())
    numbers = list(map(int, data.readline().split()))
with open(sys.argv[2]) as data:
    possible = data.read().split() != ["impossible"]
words = sys.stdin.read().split()
if not possible:
    if words != ["impossible"]:
        reject("there is no such pair, so the answer is 'impossible'")
    sys.exit(42)
if len(words) != 2:
    reject(f"expected two positions, got {len(words)} words")
try:
    i, j = int(words[0]), int(words[1])
except ValueError:
    reject("the positions must be whole numbers")
if not (1 <= i < j <= n):
    reject(f"positions must satisfy 1 <= i < j <= {n}; got {i} and {j}")
if numbers[i - 1] + numbers[j - 1] != s:
    reject(f"a_{i} + a_{j} = {numbers[i - 1] + numbers[j - 1]}, not {s}")
sys.exit(42)
