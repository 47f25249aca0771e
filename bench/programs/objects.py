# Classes, attribute access, method calls.
class Point:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def add(self, other):
        return Point(self.x + other.x, self.y + other.y)


def run():
    p = Point(0, 0)
    step = Point(1, 2)
    for _ in range(300_000):
        p = p.add(step)
    return p.x + p.y
