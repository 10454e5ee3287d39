#!/usr/bin/env bash
# ab.sh N "label:port:command with {P}" ...: N rounds of starts, the labels alternating (the first round not counted);
# per label the median wall to the first 200, process CPU, main-thread CPU, C1+C2, and serve's phases (RES holds the files).
here=$(cd "$(dirname "$0")" && pwd); export RES=${RES:-/tmp/startup-floor}; mkdir -p "$RES"
n=$1; shift
for spec in "$@"; do rm -f ${RES:-/tmp/startup-floor}/${spec%%:*}.txt; done
for ((r=0;r<=n;r++)); do
  for spec in "$@"; do
    label=${spec%%:*}; rest=${spec#*:}; port=${rest%%:*}; cmd=${rest#*:}; cmd=${cmd//\{P\}/$port}
    line=$($here/start.sh $port $label $cmd)
    ph=$(python3 $here/phases.py ${RES:-/tmp/startup-floor}/out-$label.log 2>/dev/null)
    [ $r -gt 0 ] && echo "$line $ph" >> ${RES:-/tmp/startup-floor}/$label.txt
  done
done
for spec in "$@"; do
  label=${spec%%:*}
  python3 - "$label" "$RES" <<'PY'
import sys,statistics as s,re
l=sys.argv[1]; rows=[x for x in open(f'{sys.argv[2]}/{l}.txt') if x.strip()]
def col(k): return [int(m.group(1)) for x in rows for m in [re.search(rf'\b{k}=(\d+)',x)] if m]
w=col('wall_ms'); c=col('cpu_ms'); m=col('main_ms'); j=col('jit_ms'); ld=re.findall(r'load=([\d.]+)',''.join(rows))
out=f"{l:10s} n={len(w)} wall med {s.median(w):.0f} [{min(w)}-{max(w)}]"
if c: out+=f"  cpu med {s.median(c):.0f}  main med {s.median(m):.0f}  jit med {s.median(j):.0f}  load {min(ld)}-{max(ld)}"
ph={}
for x in rows:
    for k,a,b in re.findall(r'(\w+)=([\d]+)/([\d]+)',x): ph.setdefault(k,[]).append((int(a),int(b)))
if ph: out+="\n           phases main/wall med: "+" ".join(f"{k} {s.median([a for a,b in v]):.0f}/{s.median([b for a,b in v]):.0f}" for k,v in ph.items())
print(out); print("           walls", w)
PY
done
