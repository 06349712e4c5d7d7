import sys

data = sys.stdin.read().split()
n, s = int(data[0]), int(data[1])
numbers = list(map(int, data[2:2 + n]))
first = {}
for j, x in enumerate(numbers, 1):
    if s - x in first:
        print(first[s - x], j)
        break
    first.setdefault(x, j)
else:
    print("impossible")
