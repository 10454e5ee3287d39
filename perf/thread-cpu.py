#!/usr/bin/env python3
"""thread-cpu.py THREADS0 THREADS1 REQUESTS: CPU (µs) and voluntary switches per request by thread group
between two snapshots of /proc/PID/task (paced-tail.sh writes them around the measured window)."""
import sys, re, collections
def rd(f):
    d = {}
    for l in open(f):
        p = l.strip().split('|')
        if len(p) == 4 and p[1]: d[p[3]] = (p[0], int(p[1]), int(p[2] or 0))
    return d
a, b, n = rd(sys.argv[1]), rd(sys.argv[2]), int(sys.argv[3])
cpu = collections.Counter(); sw = collections.Counter()
for tid, (name, v, c) in b.items():
    v0, c0 = a.get(tid, (name, 0, 0))[1:]
    k = re.sub(r'[-#]?\d+$', '', name); cpu[k] += c - c0; sw[k] += v - v0
tot = sum(cpu.values())
print(f"requests={n} cpu_us_per_req={tot * 10000 / n:.0f} switches_per_req={sum(sw.values()) / n:.2f}")
for k, v in cpu.most_common(12):
    print(f"  {k:28s} cpu {v * 10000 / n:7.1f} us/req   switches {sw[k] / n:5.2f}/req")
