# Python-to-Python calls and integer arithmetic (pystone-like).
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def run():
    return fib(25)
