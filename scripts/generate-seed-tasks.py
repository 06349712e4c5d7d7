#!/usr/bin/env python3
"""Writes the sample tasks that ship with CodeArena (liquibase/src/main/resources/seed/tasks, loaded by changelog 005).

Each task: task.properties (title, difficulty, limits, comparison), statement.md, and tests/NN.in + NN.out,
where sample tests are shown to the person and the others are hidden. Expected outputs come from the
reference solutions below, so that the tests are right by construction. Deterministic (fixed seeds):
rerunning writes the same files.

    scripts/generate-seed-tasks.py
"""
import heapq
import pathlib
import random
import shutil
from bisect import bisect_left

ROOT = pathlib.Path(__file__).resolve().parent.parent / "liquibase/src/main/resources/seed/tasks"


def write_task(order, slug, title, difficulty, statement, tests, time_limit_ms=2000, memory_kb=262144,
               comparison="exact", samples=1):
    folder = ROOT / slug
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "tests").mkdir(parents=True)
    (folder / "task.properties").write_text(
        f"order={order}\ntitle={title}\ndifficulty={difficulty}\ntimeLimitMillis={time_limit_ms}\n"
        f"memoryLimitKb={memory_kb}\ncomparison={comparison}\nsamples={samples}\n")
    # the statement has no title heading: the page shows the title above it
    (folder / "statement.md").write_text(statement.strip() + "\n")
    for number, (given, expected) in enumerate(tests, start=1):
        (folder / "tests" / f"{number:02d}.in").write_text(given)
        (folder / "tests" / f"{number:02d}.out").write_text(expected)


# -------------------------------------------------------------------------------------------- 1 hello

def hello():
    tests = [("", "Hello, CodeArena!\n")]
    write_task(1, "hello-arena", "Hello, CodeArena", "EASY", """
Print exactly this line:

```
Hello, CodeArena!
```

There is no input. This task checks that you can submit at all: pick a language, print the line, submit.
""", tests)


# -------------------------------------------------------------------------------------------- 2 sum

def sum_of_two():
    rng = random.Random(2)
    pairs = [(3, 4), (0, 0), (-5, 12), (10**18, 10**18 - 1), (-(10**18), -(10**18)), (123456789, -987654321)]
    pairs += [(rng.randint(-10**18, 10**18), rng.randint(-10**18, 10**18)) for _ in range(4)]
    tests = [(f"{a} {b}\n", f"{a + b}\n") for a, b in pairs]
    write_task(2, "sum-of-two", "Sum of two numbers", "EASY", """
Read two integers *a* and *b* and print their sum.

## Input

One line with *a* and *b*, separated by a space, where −10¹⁸ ≤ *a*, *b* ≤ 10¹⁸.

## Output

*a* + *b* on one line. Use 64-bit integers: the sum is at most 2·10¹⁸ in absolute value, which fits in a
signed 64-bit integer (but not in 32 bits).

""", tests)


# -------------------------------------------------------------------------------------------- 3 words

def reverse_words():
    rng = random.Random(3)
    words = "the quick brown fox jumps over lazy dog arena code test run submit grade rank".split()
    lines = ["hello world", "one", "a b c d e", "  spaced   out   words  "]
    lines += [" ".join(rng.choice(words) for _ in range(rng.randint(1, 200))) for _ in range(6)]
    tests = [(line + "\n", " ".join(reversed(line.split())) + "\n") for line in lines]
    write_task(3, "reverse-words", "Reverse the words", "EASY", """
Read one line of words separated by spaces and print the words in reverse order, separated by single
spaces. Extra spaces (at the ends, or several between two words) are not words.

""", tests, samples=2)


# -------------------------------------------------------------------------------------------- 4 fizzbuzz

def fizzbuzz():
    def solve(n):
        out = []
        for i in range(1, n + 1):
            out.append("FizzBuzz" if i % 15 == 0 else "Fizz" if i % 3 == 0 else "Buzz" if i % 5 == 0 else str(i))
        return "\n".join(out) + "\n"
    tests = [(f"{n}\n", solve(n)) for n in (15, 1, 3, 5, 100, 9999, 100000)]
    write_task(4, "fizzbuzz", "FizzBuzz", "EASY", """
Read *n* (1 ≤ *n* ≤ 100,000) and print the numbers from 1 to *n*, one per line, except that multiples of 3
are printed as `Fizz`, multiples of 5 as `Buzz`, and multiples of both as `FizzBuzz`.

""", tests)


# -------------------------------------------------------------------------------------------- 5 brackets

def brackets():
    rng = random.Random(5)
    pairs = {")": "(", "]": "[", "}": "{"}

    def balanced(s):
        stack = []
        for c in s:
            if c in "([{":
                stack.append(c)
            elif c in pairs:
                if not stack or stack.pop() != pairs[c]:
                    return False
        return not stack

    def random_balanced(length):
        out, stack = [], []
        while len(out) < length:
            if stack and (rng.random() < 0.5 or len(out) + len(stack) >= length):
                out.append({"(": ")", "[": "]", "{": "}"}[stack.pop()])
            else:
                c = rng.choice("([{")
                stack.append(c)
                out.append(c)
        while stack:
            out.append({"(": ")", "[": "]", "{": "}"}[stack.pop()])
        return "".join(out)

    def case(lines):
        return (f"{len(lines)}\n" + "".join(line + "\n" for line in lines),
                "".join(("YES" if balanced(line) else "NO") + "\n" for line in lines))

    tests = [case(["([]{})", "([)]", "((", "{[()()]}"])]
    tests.append(case([")(", "]", "()" * 50, "(" * 1000 + ")" * 1000, "(" * 1000 + ")" * 999]))
    for _ in range(4):
        lines = []
        for _ in range(200):
            s = random_balanced(rng.randint(2, 400))
            if rng.random() < 0.5:
                i = rng.randrange(len(s))
                s = s[:i] + rng.choice("()[]{}") + s[i + 1:]
            lines.append(s)
        tests.append(case(lines))
    tests.append(case([random_balanced(100000)]))
    write_task(5, "balanced-brackets", "Balanced brackets", "MEDIUM", """
A string of the characters `()[]{}` is balanced when every opening bracket is closed by the bracket of the
same kind, in the right order: `([]{})` is balanced, `([)]` and `((` are not.

## Input

The number of strings *t* (1 ≤ *t* ≤ 1,000), then *t* lines, each a non-empty string of at most 100,000
brackets.

## Output

For each string, `YES` if it is balanced and `NO` otherwise, one per line.
""", tests)


# -------------------------------------------------------------------------------------------- 6 islands

def islands():
    rng = random.Random(6)

    def solve(grid):
        h, w = len(grid), len(grid[0])
        seen = [[False] * w for _ in range(h)]
        count = 0
        for r in range(h):
            for c in range(w):
                if grid[r][c] == "#" and not seen[r][c]:
                    count += 1
                    stack = [(r, c)]
                    seen[r][c] = True
                    while stack:
                        y, x = stack.pop()
                        for dy, dx in ((1, 0), (-1, 0), (0, 1), (0, -1)):
                            ny, nx = y + dy, x + dx
                            if 0 <= ny < h and 0 <= nx < w and grid[ny][nx] == "#" and not seen[ny][nx]:
                                seen[ny][nx] = True
                                stack.append((ny, nx))
        return count

    def case(grid):
        return (f"{len(grid)} {len(grid[0])}\n" + "".join(row + "\n" for row in grid), f"{solve(grid)}\n")

    tests = [case(["##..#", "#...#", "..#..", "....#"]), case(["."]), case(["#"])]
    for h, w, p in ((10, 10, 0.4), (100, 100, 0.45), (300, 300, 0.5), (500, 500, 0.55)):
        tests.append(case(["".join("#" if rng.random() < p else "." for _ in range(w)) for _ in range(h)]))
    # one long snake: deep recursion breaks naive depth-first searches
    snake = [["."] * 499 for _ in range(499)]
    for r in range(0, 499, 2):
        for c in range(499):
            snake[r][c] = "#"
        if r + 1 < 499:
            snake[r + 1][498 if (r // 2) % 2 == 0 else 0] = "#"
    tests.append(case(["".join(row) for row in snake]))
    write_task(6, "count-islands", "Count the islands", "MEDIUM", """
A map is a grid of `#` (land) and `.` (water). An island is a group of land cells connected through their
sides (up, down, left, right; not diagonally). Count the islands.

## Input

*h* and *w* (1 ≤ *h*, *w* ≤ 500), then *h* lines of *w* characters.

## Output

The number of islands.

## Note

An island can wind across the whole map, deeper than a recursive search's stack.
""", tests, time_limit_ms=4000)


# -------------------------------------------------------------------------------------------- 7 LIS

def lis():
    rng = random.Random(7)

    def solve(values):
        tails = []
        for v in values:
            i = bisect_left(tails, v)
            if i == len(tails):
                tails.append(v)
            else:
                tails[i] = v
        return len(tails)

    def case(values):
        return (f"{len(values)}\n{' '.join(map(str, values))}\n", f"{solve(values)}\n")

    tests = [case([3, 1, 4, 1, 5, 9, 2, 6]), case([5]), case([2, 2, 2]), case(list(range(1000, 0, -1)))]
    tests.append(case([rng.randint(1, 10**9) for _ in range(1000)]))
    tests.append(case(list(range(1, 50001))))
    tests.append(case([rng.randint(1, 10**9) for _ in range(50000)]))
    tests.append(case([rng.randint(1, 100) for _ in range(50000)]))
    write_task(7, "longest-increasing", "Longest increasing subsequence", "HARD", """
Given a sequence of *n* integers, find the length of its longest strictly increasing subsequence (not
necessarily contiguous).

## Input

*n* (1 ≤ *n* ≤ 50,000), then *n* integers between 1 and 10⁹ on one line.

## Output

The length of the longest strictly increasing subsequence.

## Note

For `3 1 4 1 5 9 2 6` the answer is 4 (for example `1 4 5 9`). The hidden tests are large: a solution
that compares every pair of elements runs out of time.
""", tests)


# -------------------------------------------------------------------------------------------- 8 Dijkstra

def shortest_path():
    rng = random.Random(8)

    def solve(n, edges):
        graph = [[] for _ in range(n + 1)]
        for a, b, w in edges:
            graph[a].append((b, w))
            graph[b].append((a, w))
        dist = [None] * (n + 1)
        queue = [(0, 1)]
        while queue:
            d, v = heapq.heappop(queue)
            if dist[v] is not None:
                continue
            dist[v] = d
            for u, w in graph[v]:
                if dist[u] is None:
                    heapq.heappush(queue, (d + w, u))
        return dist[n] if dist[n] is not None else -1

    def case(n, edges):
        return (f"{n} {len(edges)}\n" + "".join(f"{a} {b} {w}\n" for a, b, w in edges), f"{solve(n, edges)}\n")

    tests = [case(4, [(1, 2, 5), (2, 4, 1), (1, 3, 2), (3, 4, 10)]), case(1, []), case(3, [(1, 2, 7)])]
    for n, m in ((100, 300), (2000, 8000), (20000, 60000)):
        edges = [(rng.randint(1, n), rng.randint(1, n), rng.randint(1, 10**6)) for _ in range(m)]
        tests.append(case(n, edges))
    # a long chain with tempting shortcuts that are heavier
    n = 20000
    chain = [(i, i + 1, 1) for i in range(1, n)] + [(1, n, n * 2), (1, n // 2, n)]
    tests.append(case(n, chain))
    write_task(8, "shortest-path", "Shortest path", "HARD", """
A road network has *n* towns, numbered 1 to *n*, and *m* two-way roads, each with a length. Find the length
of the shortest route from town 1 to town *n*, or `-1` if there is none.

## Input

*n* and *m* (1 ≤ *n* ≤ 20,000, 0 ≤ *m* ≤ 60,000), then *m* lines `a b w`: a road between towns *a* and *b*
of length *w* (1 ≤ *w* ≤ 10⁶). Roads may repeat and may lead from a town to itself.

## Output

The length of the shortest route from 1 to *n* (0 when *n* = 1), or `-1`.

## Note

In the first example below, the answer is 6 (1 → 2 → 4).
""", tests, time_limit_ms=4000)


if __name__ == "__main__":
    ROOT.mkdir(parents=True, exist_ok=True)
    for make in (hello, sum_of_two, reverse_words, fizzbuzz, brackets, islands, lis, shortest_path):
        make()
    (ROOT / "index.txt").write_text("".join(p.name + "\n" for p in sorted(ROOT.iterdir()) if p.is_dir()))
    print(f"wrote {sum(1 for p in ROOT.iterdir() if p.is_dir())} tasks to {ROOT}")
