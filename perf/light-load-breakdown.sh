#!/usr/bin/env bash
# Where a light-load request's time goes, from the gateway's own timers.
# usage: perf/light-load-breakdown.sh PROJECT_DIR TAG [ENV=VALUE ...]
#   e.g. perf/light-load-breakdown.sh "$PWD" os LUKHAS_AUDIT_DURABILITY=os
# Starts the peer harness's nginx mock (HARNESS: a copy made by ../shared/bench/run-lukhas.sh under
# $WORK/harness) and the gateway on port 18093, paces 200 req/s over 4 connections (wrk) for WARM
# (30) s, then 15 s measured, and prints wrk's latency against a direct call to the mock and the
# means of lukhas_http_requests (chat), lukhas_provider_calls and lukhas_audit_append over the
# measured window. Run it under flock /work/wt/bench.lock on a shared machine; it stops what it starts.
set -uo pipefail
proj=$1; tag=$2; shift 2
H=${HARNESS:-/tmp/peer-base/harness}; P=18093; out=${OUT_DIR:-/tmp}/breakdown-$tag
mkdir -p "$(dirname "$out")"
cd $H
started_nginx=0
if ! ss -Hltn 'sport = :18080' | grep -q .; then
  nginx -c $H/nginx/mock-upstream.conf -p $H/run/nginx/ -e $H/run/nginx/error.log && started_nginx=1
fi
work=$(mktemp -d /tmp/breakdown.XXXX)
cp "$(dirname "$0")/lab/raised-limit.yaml" $work/lukhas.yaml
(cd $work && exec env "$@" LUKHAS_UPSTREAM_URL=http://127.0.0.1:18080/v1 OPENAI_API_KEY=bench $proj/bin/lukhas serve --port $P --config $work/lukhas.yaml > $work/gw.log 2>&1) &
for i in $(seq 1 200); do curl -sf http://127.0.0.1:$P/healthz >/dev/null && break; sleep 0.3; done
pid=$(pgrep -f "serve --port $P" | while read p; do grep -q java /proc/$p/cmdline 2>/dev/null && echo $p; done | tail -1)
W="wrk -t1 -c4 --timeout 2s -s wrk/chat.lua"
echo "== $tag $(date +%H:%M:%S) $(uptime | sed 's/.*load/load/') pid $pid"
WRK_DELAY_MS=20 BENCH_BODY=wrk/body.json $W -d${WARM:-30}s http://127.0.0.1:$P/v1/chat/completions >/dev/null
curl -s http://127.0.0.1:$P/metrics > $out.m0
t0=$(awk '{print $14+$15}' /proc/$pid/stat)
WRK_DELAY_MS=20 BENCH_BODY=wrk/body.json $W --latency -d15s http://127.0.0.1:$P/v1/chat/completions > $out.gw
t1=$(awk '{print $14+$15}' /proc/$pid/stat)
curl -s http://127.0.0.1:$P/metrics > $out.m1
WRK_DELAY_MS=20 BENCH_BODY=wrk/body.json $W --latency -d15s http://127.0.0.1:18080/v1/chat/completions > $out.direct
for i in 1 2 3 4 5 6 7 8 9 10; do curl -s -o /dev/null -D - -X POST -H 'Content-Type: application/json' --data-binary @wrk/body.json http://127.0.0.1:$P/v1/chat/completions | grep -i overhead | tr -d '\r'; sleep 0.05; done | awk '{print $2}' | sort -n | tr '\n' ' ' > $out.hdr
reqs=$(grep -oE '^ +[0-9]+ requests' $out.gw | awk '{print $1}')
python3 - "$out" "$reqs" "$((t1-t0))" <<'PY'
import sys,re
out,reqs,ticks=sys.argv[1],int(sys.argv[2]),int(sys.argv[3])
def load(f):
    d={}
    for l in open(f):
        if l.startswith('#'): continue
        m=re.match(r'(lukhas_(?:audit_append|provider_calls|http_requests)_seconds_(?:sum|count))(\{[^}]*\})? (\S+)',l)
        if m and ('chat/completions' in (m.group(2) or '') or 'http' not in m.group(1)):
            d[m.group(1)]=d.get(m.group(1),0)+float(m.group(3))
    return d
a,b=load(out+'.m0'),load(out+'.m1')
def mean(k):
    n=b[k+'_count']-a[k+'_count']; return (b[k+'_sum']-a[k+'_sum'])/n*1e3 if n else float('nan'), n
h,hn=mean('lukhas_http_requests_seconds'); u,un=mean('lukhas_provider_calls_seconds'); au,an=mean('lukhas_audit_append_seconds')
def lat(f):
    t=open(f).read(); r={}
    for p in ('50','90','99'):
        m=re.search(r'\n\s+'+p+r'%\s+(\S+)',t)
        if m:
            v=m.group(1); x=float(re.sub('[a-z]+','',v)); r[p]=x*(1e-3 if v.endswith('us') else 1 if v.endswith('ms') else 1e3)
    return r
g,d=lat(out+'.gw'),lat(out+'.direct')
print(f"wrk paced: gateway p50 {g['50']:.3f} p90 {g['90']:.3f} p99 {g['99']:.3f} ms; direct p50 {d['50']:.3f} p99 {d['99']:.3f}; added p50 {g['50']-d['50']:.3f} p99 {g['99']-d['99']:.3f} ms; {reqs} req; CPU {ticks*10000/reqs:.0f} us/req")
print(f"gateway timers (means, measured window): http request {h:.3f} ms (n={hn:.0f}) = upstream call {u:.3f} + audit append {au:.3f} + rest {h-u-au:.3f}")
print("x-lukhas-overhead-ms (10 sequential curl):", open(out+'.hdr').read())
PY
kill $pid; sleep 2
# only the mock this script started
if [ $started_nginx = 1 ]; then nginx -s stop -c $H/nginx/mock-upstream.conf -p $H/run/nginx/ 2>/dev/null; fi
rm -rf $work
echo "== end $(date +%H:%M:%S) $(uptime | sed 's/.*load/load/')"
