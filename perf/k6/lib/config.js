// Shared settings and thresholds of the seed plan's performance tests (docs/load.md, "k6").
import http from 'k6/http';

/** Where the gateway listens; `k6 run -e LUKHAS_URL=http://host:port ...` to change it. */
export const BASE_URL = __ENV.LUKHAS_URL || 'http://127.0.0.1:8080';

/** An API key when the gateway has keys configured; empty in keyless loopback mode. */
const API_KEY = __ENV.LUKHAS_API_KEY || '';

/**
 * The seed's thresholds: health p95 < 120 ms, API p95 < 800 ms (chat, and whole tool requests), tool
 * execution < 200 ms (read from the gateway's /metrics, see tool.js), error rate < 1%. The same
 * numbers are enforced by `bin/load --scenario seed` (see docs/load.md).
 * @type {Record<string, string[]>}
 */
export const SEED_THRESHOLDS = {
  'http_req_duration{endpoint:health}': ['p(95)<120'],
  'http_req_duration{endpoint:chat}': ['p(95)<800'],
  'http_req_duration{endpoint:tool}': ['p(95)<800'],
  lukhas_tool_runs_within_200ms: ['value>=0.95'],
  http_req_failed: ['rate<0.01'],
};

/**
 * Request headers for a governed call.
 * @param {string} session the x-lukhas-session id
 * @returns {Record<string, string>}
 */
export function headers(session) {
  /** @type {Record<string, string>} */
  const h = { 'Content-Type': 'application/json', 'x-lukhas-session': session };
  if (API_KEY) {
    h.Authorization = `Bearer ${API_KEY}`;
  }
  return h;
}

/**
 * A chat completion request body.
 * @param {string} text the user's message
 * @param {Record<string, unknown>} [extra] more top-level fields
 * @returns {string}
 */
export function chatBody(text, extra) {
  return JSON.stringify(Object.assign({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: text }] }, extra || {}));
}

/**
 * GET /healthz, tagged endpoint:health.
 * @returns {import('k6/http').RefinedResponse<'text'>}
 */
export function health() {
  return http.get(`${BASE_URL}/healthz`, { tags: { endpoint: 'health' } });
}
