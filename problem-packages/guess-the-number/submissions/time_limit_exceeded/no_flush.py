import sys

lo, hi = 1, 10**9
while True:
    mid = (lo + hi) // 2
    sys.stdout.write(f"? {mid}\n")   # never flushed: the judge never sees it, and both wait
    reply = sys.stdin.readline().strip()   # (input() would flush stdout first)
    if reply == "=":
        print("!", mid)
        break
    if reply == "<":
        hi = mid - 1
    else:
        lo = mid + 1
