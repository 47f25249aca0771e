# str formatting, dicts, sorting, comprehensions.
def run():
    words = {}
    for i in range(200_000):
        key = f"w{i % 5000:05d}"
        words[key] = words.get(key, 0) + len(key)
    top = sorted(words.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    return sum(v for _, v in top) + len("".join(k for k, _ in top))
