"""The judge of 'Guess the number': called as validate.py input answer feedback_dir, talking with the
program over stdin and stdout (the problem package format's interactive validator). Exit 42 accepts, 43 rejects."""
import sys

QUESTIONS = 30


def reject(message):
    with open(sys.argv[3] + "judgemessage.txt", "w") as feedback:
        feedback.write(message)
    sys.exit(43)


with open(sys.argv[1]) as data:
    secret = int(data.read().split()[0])
asked = 0
while True:
    line = sys.stdin.readline()
    if not line:
        reject(f"the program ended after {asked} questions without an answer")
    parts = line.split()
    if len(parts) != 2 or parts[0] not in ("?", "!"):
        reject(f"expected '? y' or '! x', got {line.strip()[:40]!r}")
    try:
        value = int(parts[1])
    except ValueError:
        reject(f"{parts[1][:20]!r} is not a whole number")
    if parts[0] == "!":
        if value == secret:
            sys.exit(42)
        reject(f"the answer was {value}, but the number was {secret}")
    asked += 1
    if asked > QUESTIONS:
        reject(f"more than {QUESTIONS} questions")
    print("<" if secret < value else ">" if secret > value else "=", flush=True)
