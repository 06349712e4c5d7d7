data = open(0).read().split()
print(*sorted(map(int, data[1:1 + int(data[0])])))
