"""Resamples Adult test rows (with replacement, seeded) into a larger CSV for the evaluate benchmark."""
import random, sys
source, target, rows = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(source) as f:
    header, *lines = f.read().splitlines()
rng = random.Random(42)
with open(target, "w") as out:
    out.write(header + "\n")
    for start in range(0, rows, 100_000):
        out.write("\n".join(rng.choice(lines) for _ in range(min(100_000, rows - start))) + "\n")
