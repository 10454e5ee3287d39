#!/usr/bin/env python3
# tracesum.py OUT : syscalls per request from OUT.trace (perf trace -s) and OUT.trace-wrk (wrk RESULT)
import sys,re,collections
o=sys.argv[1]
n=int(re.search(r'requests=(\d+)',open(o+'.trace-wrk').read()).group(1))
tot=collections.Counter(); err=collections.Counter()
for l in open(o+'.trace'):
    m=re.match(r'\s+(\w+)\s+(\d+)\s+(\d+)\s+[\d.]+',l)
    if m: tot[m.group(1)]+=int(m.group(2)); err[m.group(1)]+=int(m.group(3))
print(f"{o}: requests={n} syscalls/req={sum(tot.values())/n:.2f} " + " ".join(f"{k}={v/n:.2f}" + (f"({err[k]/n:.2f} err)" if err[k] else "") for k,v in tot.most_common(9)))
