#!/usr/bin/env python3
"""sched-overlap.py REQUESTS.tsv SCHED.txt [SLOW_US [GATEWAY_PID]]: lines up the paced requests with a system-wide
scheduler trace (`perf script -F comm,pid,tid,cpu,time,event,trace` of `perf record -k CLOCK_MONOTONIC -e
sched:sched_switch -e sched:sched_wakeup -a`): for each request in the trace window, which threads
outside the gateway's request path held a CPU while it was in flight. Prints, for slow and for other
requests, how often each such thread overlapped them and for how long."""
import sys, re, collections
req = []
for l in open(sys.argv[1]).read().split('\n')[1:]:
    if not l: continue
    c, ep, lat, st, mono = l.split('\t')
    req.append((int(mono) / 1e9, int(lat) / 1e6))
slow_us = int(sys.argv[3]) if len(sys.argv) > 3 else 4000
# on-CPU intervals per thread name
oncpu = collections.defaultdict(list)
cur = {}
t_first = t_last = None
gw = sys.argv[4] if len(sys.argv) > 4 else None
lines = open(sys.argv[2]).read().split('\n')
owner = {}  # tid -> pid, from the task each line was recorded on
for l in lines:
    m = re.match(r'\s*.+?\s+(\d+)/(\d+)\s+\[', l)
    if m: owner[m.group(2)] = m.group(1)
pat = re.compile(r'\[(\d+)\]\s+([\d.]+): sched:sched_switch: prev_comm=(.+?) prev_pid=(\d+).*==> next_comm=(.+?) next_pid=(\d+)')
for l in lines:
    m = pat.search(l)
    if not m: continue
    cpu, t, pc, pp, nc, npid = m.groups(); t = float(t)
    t_first = t if t_first is None else t_first; t_last = t
    if cpu in cur:
        name, s = cur[cpu]
        oncpu[name].append((s, t))
    if gw is not None and nc != 'swapper/0' and nc != 'swapper/1':
        nc = ('gw:' if owner.get(npid) == gw else 'ext:') + nc
    cur[cpu] = (nc, t)
req = [(s, d) for s, d in req if t_first <= s and s + d <= t_last]
def norm(n): return re.sub(r'[-/#]?\d+$', '', n)
stats = {True: collections.Counter(), False: collections.Counter()}
overl = {True: collections.Counter(), False: collections.Counter()}
cnt = collections.Counter()
for s, d in req:
    k = d * 1e6 > slow_us; cnt[k] += 1
    e = s + d
    for name, iv in oncpu.items():
        tot = 0
        for a, b in iv:
            if b > s and a < e: tot += min(b, e) - max(a, s)
        if tot > 0:
            stats[k][norm(name)] += tot; overl[k][norm(name)] += 1
print(f"window {t_first:.3f}-{t_last:.3f} s: {cnt[True]} slow (> {slow_us} us), {cnt[False]} others")
for k in (True, False):
    print('slow' if k else 'others', '- thread: share of requests overlapped, mean on-CPU ms while in flight')
    for name, v in sorted(stats[k].items(), key=lambda x: -x[1])[:14]:
        print(f"   {name:24s} {overl[k][name] / max(1, cnt[k]):6.2f}  {1000 * v / max(1, cnt[k]):7.3f}")
