#!/usr/bin/env python3
"""tail-report.py REQUESTS.tsv [SLOW_US]: the paced run's latency histogram and its slow requests,
grouped into stalls (slow requests whose [send, send+latency] windows overlap)."""
import sys, collections
rows = [l.split('\t') for l in open(sys.argv[1]).read().split('\n')[1:] if l]
r = [(int(a), int(b), int(c), int(e) if len(rest) else 0) for a, b, c, d, *rest in rows for e in (rest[0] if rest else 0,)]
slow_us = int(sys.argv[2]) if len(sys.argv) > 2 else 4000
lat = sorted(x[2] for x in r); n = len(lat)
pct = lambda p: lat[min(n - 1, max(0, -(-int(p * n) // 100) - 1))]
print(f"n={n} p50={pct(50)} p90={pct(90)} p99={pct(99)} p99.9={pct(99.9)} max={lat[-1]} (us)")
h = collections.Counter(min(x // 1000, 20) for x in lat)
print("ms histogram:", " ".join(f"{k}:{h[k]}" for k in sorted(h)))
t0 = r[0][1]
slow = [x for x in r if x[2] > slow_us]
groups = []
for x in slow:
    if groups and x[1] <= groups[-1]['end']:
        g = groups[-1]; g['n'] += 1; g['end'] = max(g['end'], x[1] + x[2]); g['max'] = max(g['max'], x[2])
    else:
        groups.append({'start': x[1], 'end': x[1] + x[2], 'n': 1, 'max': x[2], 'mono': x[3]})
print(f"slow (> {slow_us} us): {len(slow)} requests in {len(groups)} stalls")
prev = None
for g in groups:
    gap = '' if prev is None else f" +{(g['start'] - prev) / 1000:.0f} ms"
    print(f"  t={(g['start'] - t0) / 1e6:8.3f} s  epoch_ms={g['start'] // 1000} mono_ns={g['mono']} n={g['n']} max={g['max']} us{gap}")
    prev = g['start']
