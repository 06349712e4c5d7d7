data = open(0).read().split()
numbers = list(map(int, data[1:1 + int(data[0])]))
half = len(numbers) // 2
print(*(sorted(numbers[:half]) + numbers[half:]))
