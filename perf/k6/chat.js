// A chat scenario: governed completions with a context signal, ramping to 20 virtual users.
//   k6 run -e LUKHAS_URL=http://127.0.0.1:8080 perf/k6/chat.js
import http from 'k6/http';
import { check } from 'k6';
import { BASE_URL, SEED_THRESHOLDS, chatBody, headers } from './lib/config.js';

/** @type {import('k6/options').Options} */
export const options = {
  scenarios: {
    chat: {
      executor: 'ramping-vus',
      startVUs: 1,
      stages: [
        { duration: '15s', target: 20 },
        { duration: '30s', target: 20 },
        { duration: '5s', target: 0 },
      ],
    },
  },
  thresholds: {
    'http_req_duration{endpoint:chat}': SEED_THRESHOLDS['http_req_duration{endpoint:chat}'],
    http_req_failed: SEED_THRESHOLDS.http_req_failed,
  },
};

export default function () {
  const params = {
    headers: Object.assign(headers(`k6-chat-${__VU}`), { 'x-lukhas-signals': 'stress=0.4' }),
    tags: { endpoint: 'chat' },
  };
  const r = http.post(`${BASE_URL}/v1/chat/completions`, chatBody('Summarise the water cycle.'), params);
  check(r, {
    'chat is 200': (res) => res.status === 200,
    'has a choice': (res) => {
      const body = res.json();
      return body !== null && typeof body === 'object' && 'choices' in body;
    },
  });
}
