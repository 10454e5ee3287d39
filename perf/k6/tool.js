// A tool scenario: a governed request that offers the gateway's retrieval tool, so the model's
// tool call goes through the tool gate and the tool runs inside the gateway. Against a real model
// whether it calls the tool is the model's choice; `bin/load --scenario seed` uses a scripted
// upstream that always does.
//   k6 run -e LUKHAS_URL=http://127.0.0.1:8080 perf/k6/tool.js
import http from 'k6/http';
import { check } from 'k6';
import { Gauge } from 'k6/metrics';
import { BASE_URL, SEED_THRESHOLDS, chatBody, headers } from './lib/config.js';

/** The share of the gateway's retrieve_knowledge runs within 200 ms, read from /metrics at the end. */
const toolRunsWithin200ms = new Gauge('lukhas_tool_runs_within_200ms');

/** @type {import('k6/options').Options} */
export const options = {
  scenarios: {
    tool: { executor: 'constant-vus', vus: 5, duration: '45s' },
  },
  thresholds: {
    'http_req_duration{endpoint:tool}': SEED_THRESHOLDS['http_req_duration{endpoint:tool}'],
    lukhas_tool_runs_within_200ms: SEED_THRESHOLDS.lukhas_tool_runs_within_200ms,
    http_req_failed: SEED_THRESHOLDS.http_req_failed,
  },
};

export default function () {
  const body = chatBody('Look up what the knowledge base says about tides, then answer.', {
    lukhas: { tool_allowlist: ['retrieve_knowledge'] },
  });
  const r = http.post(`${BASE_URL}/v1/chat/completions`, body, {
    headers: headers(`k6-tool-${__VU}`),
    tags: { endpoint: 'tool' },
  });
  check(r, { 'tool request is 200': (res) => res.status === 200 });
}

/**
 * Tool execution < 200 ms, from the gateway's own timer: the 200 ms bucket of
 * lukhas_tool_runs_seconds for retrieve_knowledge against its count (0 when the tool never ran).
 */
export function teardown() {
  const r = http.get(`${BASE_URL}/metrics`, { headers: headers('k6-tool-metrics'), tags: { endpoint: 'metrics' } });
  const body = typeof r.body === 'string' ? r.body : '';
  const series = '\\{[^}]*tool="retrieve_knowledge"[^}]*';
  const bucket = body.match(new RegExp(`^lukhas_tool_runs_seconds_bucket${series}le="0\\.2"[^}]*\\}\\s+(\\S+)`, 'm'));
  const count = body.match(new RegExp(`^lukhas_tool_runs_seconds_count${series}\\}\\s+(\\S+)`, 'm'));
  const within = bucket ? Number(bucket[1]) : 0;
  const total = count ? Number(count[1]) : 0;
  toolRunsWithin200ms.add(total > 0 ? within / total : 0);
}
