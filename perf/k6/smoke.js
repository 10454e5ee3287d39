// The seed plan's smoke test: 10 virtual users for 45 s against /healthz and a governed chat.
//   k6 run -e LUKHAS_URL=http://127.0.0.1:8080 perf/k6/smoke.js
import http from 'k6/http';
import { check, sleep } from 'k6';
import { BASE_URL, SEED_THRESHOLDS, chatBody, headers, health } from './lib/config.js';

/** @type {import('k6/options').Options} */
export const options = {
  scenarios: {
    smoke: { executor: 'constant-vus', vus: 10, duration: '45s' },
  },
  thresholds: {
    'http_req_duration{endpoint:health}': SEED_THRESHOLDS['http_req_duration{endpoint:health}'],
    'http_req_duration{endpoint:chat}': SEED_THRESHOLDS['http_req_duration{endpoint:chat}'],
    http_req_failed: SEED_THRESHOLDS.http_req_failed,
  },
};

export default function () {
  const h = health();
  check(h, { 'health is 200': (r) => r.status === 200 });
  const r = http.post(`${BASE_URL}/v1/chat/completions`, chatBody('How do tides work?'), {
    headers: headers(`k6-smoke-${__VU}`),
    tags: { endpoint: 'chat' },
  });
  check(r, { 'chat is 200': (res) => res.status === 200 });
  sleep(0.1);
}
