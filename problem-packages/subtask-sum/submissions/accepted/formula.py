q = int(input())
for _ in range(q):
    l, r = map(int, input().split())
    print((l + r) * (r - l + 1) // 2)
