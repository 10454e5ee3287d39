#!/usr/bin/env python3
"""perf/lab/dsync.py FILE [N] [SIZE] [IDLE_MS] [K]: the disk's own synchronous write, as the audit log's FSYNC mode does it.

Zero-fills FILE, opens it O_WRONLY|O_DSYNC and writes records of SIZE bytes at increasing offsets (as records land in
a zero-filled segment), N rounds, sleeping IDLE_MS between rounds (0: back to back; 5 or 20: the cadence of the
peer harness's paced connections). A round is one write, or with K > 1 a burst of K writes, first from K threads at
once, then in a second pass of N rounds the same K one after another (as the audit log's lock makes them). Prints
p50, mean, p90 and p99 of one write (with K > 1: of each write's completion since its burst began, and of the whole
burst), then deletes FILE. Put FILE on the file system the gateway's audit directory is on.
Defaults: N 1000, SIZE 3840 (the harness's audit record), IDLE_MS 5, K 1.
"""
import os, statistics, sys, threading, time

path = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
size = int(sys.argv[3]) if len(sys.argv) > 3 else 3840
idle = float(sys.argv[4]) / 1000 if len(sys.argv) > 4 else 0.005
k = int(sys.argv[5]) if len(sys.argv) > 5 else 1
with open(path, "wb") as f:
    f.write(b"\0" * (2 * n * k * size + 4096))
    f.flush()
    os.fsync(f.fileno())
fd = os.open(path, os.O_WRONLY | os.O_DSYNC)
record = b"x" * (size - 1) + b"\n"


def stats(ms):
    s = sorted(ms)
    q = lambda x: s[int(x * (len(s) - 1))]
    return f"p50 {q(.5):.3f} mean {statistics.mean(s):.3f} p90 {q(.9):.3f} p99 {q(.99):.3f} ms"


try:
    if k == 1:
        ms = []
        for i in range(n):
            t = time.perf_counter()
            os.pwrite(fd, record, i * size)
            ms.append((time.perf_counter() - t) * 1000)
            time.sleep(idle)
        print(f"O_DSYNC write of {size} B, {idle * 1000:g} ms apart: n={n} {stats(ms)}")
    else:
        start, done = threading.Barrier(k + 1), threading.Barrier(k + 1)
        state = {"round": 0, "t0": 0.0}
        each, lock = [], threading.Lock()

        def writer(j):
            while True:
                start.wait()
                r = state["round"]
                if r < 0:
                    return
                os.pwrite(fd, record, (r * k + j) * size)
                d = (time.perf_counter() - state["t0"]) * 1000
                with lock:
                    each.append(d)
                done.wait()

        threads = [threading.Thread(target=writer, args=(j,), daemon=True) for j in range(k)]
        for t in threads:
            t.start()
        bursts = []
        for r in range(n):
            state["round"], state["t0"] = r, time.perf_counter()
            start.wait()
            done.wait()
            bursts.append((time.perf_counter() - state["t0"]) * 1000)
            time.sleep(idle)
        state["round"] = -1
        start.wait()
        serial, serial_bursts = [], []
        for r in range(n):
            t0 = time.perf_counter()
            for j in range(k):
                os.pwrite(fd, record, ((n + r) * k + j) * size)
                serial.append((time.perf_counter() - t0) * 1000)
            serial_bursts.append(serial[-1])
            time.sleep(idle)
        print(f"{k} O_DSYNC writes of {size} B at once, bursts {idle * 1000:g} ms apart, n={n}:")
        print(f"  concurrent: each write done {stats(each)}; the burst {stats(bursts)}")
        print(f"  one after another: each write done {stats(serial)}; the burst {stats(serial_bursts)}")
finally:
    os.close(fd)
    os.unlink(path)
