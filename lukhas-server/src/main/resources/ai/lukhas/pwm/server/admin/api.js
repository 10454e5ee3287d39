// The management API as the dashboard calls it: JSON in, JSON out, problem+json errors as ApiError.
// The admin key travels only in the Authorization header (never a cookie), so another site cannot
// make the browser send an authenticated request (no CSRF); without a key the gateway treats a
// loopback caller as the local admin when it has no keys at all.

/** An error answer of the API, with the problem document's title and detail. */
export class ApiError extends Error {
  constructor(status, title, detail, errors = []) {
    super(detail || title || `HTTP ${status}`);
    this.status = status;
    this.title = title || `HTTP ${status}`;
    this.detail = detail || '';
    this.errors = errors;
  }
}

/** Drops empty values and builds `?a=1&b=2`. */
export function queryString(query = {}) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

/**
 * @param {() => string|null} key the admin key, or null for keyless loopback mode
 * @param {(err: ApiError) => void} onUnauthorized called on every 401 (the key was revoked, ...)
 */
export function createApi(key, onUnauthorized = () => {}) {
  let requests = 0;

  async function send(method, path, { query, body, accept = 'application/json' } = {}) {
    const headers = { Accept: `${accept}, application/problem+json` };
    const k = key();
    if (k) headers.Authorization = `Bearer ${k}`;
    const init = { method, headers, cache: 'no-store', credentials: 'omit' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    requests++;
    let response;
    try {
      response = await fetch(path + queryString(query), init);
    } catch (e) {
      throw new ApiError(0, 'The gateway did not answer', `${method} ${path}: ${e.message}. Is the gateway running?`);
    }
    if (!response.ok) {
      const err = await problemOf(response);
      if (response.status === 401) onUnauthorized(err);
      throw err;
    }
    return response;
  }

  async function json(method, path, options) {
    const response = await send(method, path, options);
    const text = await response.text();
    return text ? JSON.parse(text) : null;
  }

  return {
    get: (path, query) => json('GET', path, { query }),
    post: (path, body, query) => json('POST', path, { body, query }),
    put: (path, body, query) => json('PUT', path, { body, query }),
    patch: (path, body, query) => json('PATCH', path, { body, query }),
    del: (path, query, body) => json('DELETE', path, { query, body }),
    /** The raw response (for CSV and other non-JSON answers). */
    raw: (method, path, options) => send(method, path, options),
    /** How many requests this client has sent (the tests read it to keep pages to a handful). */
    count: () => requests,
  };
}

async function problemOf(response) {
  const type = response.headers.get('content-type') || '';
  let doc = null;
  try {
    if (type.includes('json')) doc = await response.json();
  } catch {
    doc = null;
  }
  if (doc && typeof doc === 'object') {
    return new ApiError(response.status, doc.title, doc.detail, Array.isArray(doc.errors) ? doc.errors : []);
  }
  return new ApiError(response.status, response.statusText, `the gateway answered ${response.status} without details`);
}
