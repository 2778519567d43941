"""Writes the request bodies of bench/serving: the first N rows of an Adult CSV as MLflow's
{"dataframe_records": [...]}, a body both servers accept. The label and the census weight (fnlwgt, excluded from
training by examples/adult-income/mlops.yml) are left out; numbers stay numbers, an empty value is null.
Usage: make_bodies.py DATA.csv OUT_PREFIX N [N ...]   -> OUT_PREFIX_<N>.json
"""
import csv
import json
import sys

data, prefix, sizes = sys.argv[1], sys.argv[2], [int(n) for n in sys.argv[3:]]
with open(data, newline="", encoding="utf-8") as f:
    rows = list(csv.DictReader(f))


def value(text):
    text = text.strip()
    if text == "":
        return None
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text


for n in sizes:
    records = [{k: value(v) for k, v in row.items() if k not in ("income", "fnlwgt")} for row in rows[:n]]
    with open(f"{prefix}_{n}.json", "w", encoding="utf-8") as f:
        json.dump({"dataframe_records": records}, f, separators=(",", ":"))
