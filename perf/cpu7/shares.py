#!/usr/bin/env python3
# shares.py FILE.collapsed [--self N] [--incl PATTERN...] : self top N, inclusive shares of frames matching patterns
import sys,collections,re
f=sys.argv[1]; args=sys.argv[2:]
stacks=[]
tot=0
for l in open(f):
    s,_,c=l.rstrip().rpartition(' ')
    c=int(c); tot+=c; stacks.append((s.split(';'),c))
selfc=collections.Counter(); incl=collections.Counter()
for fr,c in stacks:
    selfc[fr[-1]]+=c
    for x in set(fr): incl[x]+=c
mode='self'; n=40
print(f"total samples {tot}")
if '--self' in args:
    n=int(args[args.index('--self')+1])
    for k,v in selfc.most_common(n): print(f"{100*v/tot:6.2f}% self  {k}")
if '--incl' in args:
    n=int(args[args.index('--incl')+1])
    for k,v in incl.most_common(n): print(f"{100*v/tot:6.2f}% incl  {k}")
if '--grep' in args:
    for p in args[args.index('--grep')+1:]:
        r=re.compile(p); c=sum(cc for fr,cc in stacks if any(r.search(x) for x in fr))
        print(f"{100*c/tot:6.2f}%  {p}")
