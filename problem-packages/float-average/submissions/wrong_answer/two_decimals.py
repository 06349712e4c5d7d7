import sys

data = sys.stdin.read().split()
n = int(data[0])
print("%.2f" % (sum(map(int, data[1:1 + n])) / n))
