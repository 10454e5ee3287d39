#!/usr/bin/env bash
# ctxsw.sh DIR [ENV..]: WARM s saturation + 10 s paced, then 15 s paced (wrk -c4, 20 ms think):
# voluntary switches per request by thread group, CPU us/req, wrk latency
set -u; . "$(dirname "$0")/gw.sh"
dir=$1; shift; port=${PORT:-18191}
start_mock; start_gw $dir $port "$@"
wrk_run $port ${WARM:-30} 32 > /dev/null; wrk_run $port 10 4 20 > /dev/null
snap() { for t in /proc/$JPID/task/*; do echo "$(cat $t/comm 2>/dev/null)|$(awk '/^voluntary_ctxt_switches/{print $2}' $t/status 2>/dev/null)|$(awk '{print $14+$15}' $t/stat 2>/dev/null)|$(basename $t)"; done; }
snap > /tmp/ctx0.$$; c0=$(cpu_ticks $JPID)
r=$(wrk_run $port 15 4 20 | grep RESULT)
c1=$(cpu_ticks $JPID); snap > /tmp/ctx1.$$
n=$(echo "$r" | sed 's/.*requests=\([0-9]*\).*/\1/')
python3 - /tmp/ctx0.$$ /tmp/ctx1.$$ $n <<'PY'
import sys,re,collections
def rd(f):
    d={}
    for l in open(f):
        p=l.strip().split('|')
        if len(p)==4 and p[1]: d[p[3]]=(p[0],int(p[1]),int(p[2] or 0))
    return d
a,b,n=rd(sys.argv[1]),rd(sys.argv[2]),int(sys.argv[3])
g=collections.Counter(); tot=0
for tid,(name,v,c) in b.items():
    v0=a.get(tid,(name,0,0))[1]; dv=v-v0
    key=re.sub(r'[-#]?\d+$','',name); g[key]+=dv; tot+=dv
print(f"requests={n} vol_switches_per_req={tot/n:.2f} " + " ".join(f"{k}={v/n:.2f}" for k,v in g.most_common(8) if v))
PY
echo "cpu_us_per_req=$(( (c1-c0)*10000/n )) load=$(cut -d' ' -f1 /proc/loadavg) $r"
rm -f /tmp/ctx0.$$ /tmp/ctx1.$$
# LOG_BLOCK=REGEX: print the last block of the gateway's log that starts with REGEX (perf/hops.sh's histogram)
if [ -n "${LOG_BLOCK:-}" ]; then grep -A22 "$LOG_BLOCK" $GWDIR/gw.log | tail -23; fi
stop_all
