# Stdlib in C and Python: json, re.
import json
import re


def run():
    doc = {"items": [{"id": i, "name": f"item {i}", "tags": ["a", "b", str(i)]} for i in range(3000)]}
    total = 0
    for _ in range(10):
        text = json.dumps(doc)
        total += len(json.loads(text)["items"])
        total += len(re.findall(r"item (\d+)", text))
    return total
