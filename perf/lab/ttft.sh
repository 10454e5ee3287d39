#!/usr/bin/env bash
# perf/lab/ttft.sh DIR LABEL: streaming time to first token, the peer harness's sse/ mock and ttft.py; SSE mock on 18500, gateway (audit os) on 18501; light (300 sequential) then heavy (+32x300 parallel) warm-up
# LUKHAS_NO_STARTUP_CACHE is 1 unless given: LUKHAS_NO_STARTUP_CACHE= (empty) runs the gateway with its start-up cache
. "$(dirname "$0")/gw.sh"; S=$B/sse; dir=$1; label=$2
python3 $S/sse_mock.py 18500 & mock=$!
g=$(mktemp -d /tmp/ttgw.XXXX); cp "$(dirname "$0")/raised-limit.yaml" $g/lukhas.yaml
(cd $g && exec env LUKHAS_NO_STARTUP_CACHE=${LUKHAS_NO_STARTUP_CACHE-1} LUKHAS_AUDIT_DURABILITY=os LUKHAS_UPSTREAM_URL=http://127.0.0.1:18500/v1 OPENAI_API_KEY=bench $dir/bin/lukhas serve --port 18501 --config $g/lukhas.yaml > $g/gw.log 2>&1) & gw=$!
for i in $(seq 1 300); do curl -sf -o /dev/null http://127.0.0.1:18501/healthz && break; sleep 0.1; done
python3 $S/ttft.py 18500 /v1/chat/completions 300 > /dev/null; python3 $S/ttft.py 18501 /v1/chat/completions 300 > /dev/null
echo "$label light direct: $(python3 $S/ttft.py 18500 /v1/chat/completions 200)"
echo "$label light gateway: $(python3 $S/ttft.py 18501 /v1/chat/completions 200)"
for k in $(seq 1 32); do python3 $S/ttft.py 18501 /v1/chat/completions 300 > /dev/null & done; wait $(jobs -p | grep -v -e "^$mock$" -e "^$gw$") 2>/dev/null
sleep 2
echo "$label heavy direct: $(python3 $S/ttft.py 18500 /v1/chat/completions 200)"
echo "$label heavy gateway: $(python3 $S/ttft.py 18501 /v1/chat/completions 200)"
echo "$label load $(cut -d' ' -f1 /proc/loadavg)"
kill $gw $mock 2>/dev/null; sleep 1; pkill -f "port 18501" ; true
