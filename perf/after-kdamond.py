#!/usr/bin/env python3
"""after-kdamond.py REQUESTS.tsv SCHED.txt [AFTER_MS]: the kernel's DAMON thread (kdamond) samples the
machine's memory every 512 ms. Splits the paced requests inside the scheduler trace's window into those
sent during a kdamond burst or within AFTER_MS (15) after it, and the others; prints both groups'
latency percentiles and their share of the slow (> 4 ms) requests."""
import sys, re
after = (float(sys.argv[3]) if len(sys.argv) > 3 else 15.0) / 1000
ev = []; start = None; first = last = None
pat = re.compile(r'\[(\d+)\]\s+([\d.]+): sched:sched_switch: prev_comm=(.+?) prev_pid=(\d+).*==> next_comm=(.+?) next_pid=(\d+)')
for l in open(sys.argv[2]):
    m = pat.search(l)
    if not m: continue
    cpu, t, pc, pp, nc, npid = m.groups(); t = float(t)
    first = t if first is None else first; last = t
    if nc.startswith('kdamond'): start = t
    if pc.startswith('kdamond') and start is not None: ev.append((start, t)); start = None
bursts = []
for s, e in ev:
    if bursts and s - bursts[-1][1] < 0.02: bursts[-1][1] = e
    else: bursts.append([s, e])
req = []
for l in open(sys.argv[1]).read().split('\n')[1:]:
    if not l: continue
    c, ep, lat, st, mono = l.split('\t'); s = int(mono) / 1e9
    if first <= s <= last: req.append((s, int(lat)))
def near(s): return any(a <= s <= b + after for a, b in bursts)
grp = {True: sorted(d for s, d in req if near(s)), False: sorted(d for s, d in req if not near(s))}
def pct(v, p): return v[min(len(v) - 1, max(0, -(-int(p * len(v)) // 100) - 1))] if v else 0
slow = sum(1 for s, d in req if d > 4000)
print(f"trace {last - first:.1f} s, {len(bursts)} kdamond bursts (mean {1000 * sum(b - a for a, b in bursts) / max(1, len(bursts)):.1f} ms), {len(req)} requests, {slow} over 4 ms")
for k in (True, False):
    v = grp[k]; sl = sum(1 for d in v if d > 4000)
    print(f"  {'during/<=%d ms after kdamond' % (after * 1000) if k else 'other':28s} n={len(v):5d} p50={pct(v, 50)} p90={pct(v, 90)} p99={pct(v, 99)} us  over 4 ms: {sl} ({100 * sl / max(1, slow):.0f} % of the slow)")
