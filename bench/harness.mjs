// The timing harness both benchmark runners use, the same in pyxis and in
// native CPython: load a program file, call its run() once to warm up, then
// return the best time (seconds) of n more calls as the code's last value.
export const harness = (file, n) => `
import time
ns = {}
exec(compile(open(${JSON.stringify(file)}).read(), ${JSON.stringify(file)}, "exec"), ns)
ns["run"]()
best = float("inf")
for _ in range(${n}):
    t = time.perf_counter()
    ns["run"]()
    best = min(best, time.perf_counter() - t)
best`;
