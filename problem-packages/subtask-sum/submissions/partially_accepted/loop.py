q = int(input())
for _ in range(q):
    l, r = map(int, input().split())
    total = 0
    for x in range(l, r + 1):
        total += x
    print(total)
