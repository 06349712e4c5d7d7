"""Scores an ordering: a permutation of the input earns the fraction of neighbouring pairs in order
(score_multiplier.txt); anything else is rejected. Called as score.py input answer feedback_dir < output."""
import sys
from collections import Counter

feedback = sys.argv[3]
with open(sys.argv[1]) as data:
    words = data.read().split()
numbers = list(map(int, words[1:1 + int(words[0])]))
try:
    output = list(map(int, sys.stdin.read().split()))
except ValueError:
    open(feedback + "judgemessage.txt", "w").write("the output must be whole numbers")
    sys.exit(43)
if Counter(output) != Counter(numbers):
    open(feedback + "judgemessage.txt", "w").write("the output is not the given numbers, reordered")
    sys.exit(43)
pairs = len(output) - 1
in_order = sum(1 for i in range(pairs) if output[i] <= output[i + 1])
open(feedback + "score_multiplier.txt", "w").write("%.6f" % (1.0 if pairs == 0 else in_order / pairs))
sys.exit(42)
