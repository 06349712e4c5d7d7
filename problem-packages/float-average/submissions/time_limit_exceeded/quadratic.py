import sys

data = sys.stdin.read().split()
n = int(data[0])
numbers = list(map(int, data[1:1 + n]))
# the average, computed again for every prefix: n^2 additions
total = 0
for i in range(n):
    total = 0
    for j in range(i + 1):
        total += numbers[j]
print(total / n)
