// The gateway's error envelope as a JS error, and the sentence the page shows for each code.

export class GatewayError extends Error {
  constructor({ status = 0, code, message, hint = null, details = {}, retryAfterSec = null }) {
    super(message);
    this.status = status;
    this.code = code;
    this.hint = hint;
    this.details = details ?? {};
    this.retryAfterSec = retryAfterSec;
  }

  /** A non-2xx answer: {status: "error", error: {code, message, hint, details, retryable, traceId}}. */
  static async fromResponse(response) {
    let error = {};
    try {
      error = (await response.json()).error ?? {};
    } catch {
      // not an envelope (a proxy's page): the status alone says what happened
    }
    return new GatewayError({
      status: response.status,
      code: error.code ?? `HTTP_${response.status}`,
      message: error.message ?? response.statusText,
      hint: error.hint,
      details: error.details,
      retryAfterSec: retryAfter(response, error.details),
    });
  }

  /** An in-stream `error` event: {type: "error", code, message, error: {...the envelope's error}}. */
  static fromEvent(data) {
    const error = data.error ?? {};
    return new GatewayError({
      code: data.code ?? error.code ?? 'ERROR',
      message: data.message ?? error.message ?? 'The answer failed',
      hint: error.hint,
      details: error.details,
      retryAfterSec: error.details?.retryAfterSeconds ?? null,
    });
  }

  static network(message) {
    return new GatewayError({ code: 'NETWORK_ERROR', message });
  }
}

// Retry-After (whole seconds) first, then the envelope's details, then when the bucket is full again
// (X-RateLimit-Reset is an epoch second: the wait is its distance from now)
function retryAfter(response, details) {
  for (const value of [response.headers.get('Retry-After'), details?.retryAfterSeconds]) {
    if (value != null && value !== '' && Number.isFinite(Number(value))) {
      return Number(value);
    }
  }
  const reset = Number(response.headers.get('X-RateLimit-Reset') ?? NaN);
  return Number.isFinite(reset) ? Math.max(0, Math.ceil(reset - Date.now() / 1000)) : null;
}

/** What the page tells the user; every code gets at least the gateway's own message. */
export function describe(error) {
  const wait = error.retryAfterSec != null ? ` Try again in ${error.retryAfterSec} s.` : '';
  switch (error.code) {
    case 'RATE_LIMITED':
      return `Rate limited: too many requests.${wait || ' Try again shortly.'}`;
    case 'BUDGET_EXCEEDED':
      return `Token budget for the ${error.details.period ?? 'period'} used up; it resets at ${error.details.resetAt ?? 'the next period'}.`;
    case 'CIRCUIT_OPEN':
      return `${error.details.upstream ?? 'The upstream'} is failing, so the gateway is not calling it for now.${wait}`;
    case 'ROUTE_DISABLED':
      return 'This endpoint is switched off by the gateway\'s operators.';
    case 'UNAUTHORIZED':
      return `Not signed in: ${error.message}`;
    case 'FORBIDDEN':
      return `Not allowed: ${error.message}`;
    case 'SESSION_NOT_FOUND':
      return 'No history for this session (or it is not yours).';
    case 'NETWORK_ERROR':
      return `Network: ${error.message}`;
    default:
      return error.hint ? `${error.message} (${error.hint})` : error.message;
  }
}
