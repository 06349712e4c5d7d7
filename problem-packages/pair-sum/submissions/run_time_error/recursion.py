import sys

sys.setrecursionlimit(100)


def find(numbers, s, j):
    return find(numbers, s, j + 1)


data = sys.stdin.read().split()
print(find(data, 0, 0))
