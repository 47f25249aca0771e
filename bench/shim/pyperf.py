"""A stand-in for pyperf, the harness pyperformance's benchmark files are
written for. Runner records each benchmark a file registers instead of
running it (no worker processes, no calibration of its own), so that
bench/driver.py times every runtime the same way."""

import argparse
import platform
import time

perf_counter = time.perf_counter

# (name, time_func(loops) -> seconds for `loops` outer loops, inner_loops)
registered = []


def python_implementation():
    return platform.python_implementation().lower()


class Runner:
    def __init__(self, *args, add_cmdline_args=None, **kwargs):
        self.metadata = {}
        self.argparser = argparse.ArgumentParser()

    def parse_args(self, args=None):
        # The files' own options at their defaults: the suite passes none.
        return self.argparser.parse_args([])

    def bench_func(self, name, func, *args, inner_loops=None, metadata=None):
        def time_func(loops):
            it = range(loops)
            t0 = perf_counter()
            for _ in it:
                func(*args)
            return perf_counter() - t0

        registered.append((name, time_func, inner_loops or 1))

    def bench_time_func(self, name, time_func, *args, inner_loops=None, metadata=None):
        registered.append((name, lambda loops: time_func(loops, *args), inner_loops or 1))
