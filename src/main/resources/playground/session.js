// Session tokens of the demo-web client: one when first needed, a new one before it expires.

import { GatewayError } from './errors.js';

const CLIENT_ID = 'demo-web';
// the page's version, checked against the client's min-client-version
const CLIENT_VERSION = '1.0.0';
// renew when this share of the token's life has passed
const RENEW_AT = 0.8;

export function newUuid() {
  if (crypto.randomUUID) {
    return crypto.randomUUID();
  }
  // crypto.randomUUID exists only in secure contexts (https, localhost)
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// the token survives a reload of this tab (so does the end user it names), not the tab itself
const STORAGE_KEY = 'cortex-gateway.playground.token';

export class Session {
  #token = sessionStorage.getItem(STORAGE_KEY);
  #pending = null;
  #timer = null;

  /** onChange({expiresAt}) after each new token, onError(GatewayError) when a renewal fails. */
  constructor({ onChange, onError }) {
    this.onChange = onChange;
    this.onError = onError;
  }

  async token() {
    return this.#token ?? this.renew();
  }

  /** A new token; concurrent callers share one request. */
  renew() {
    this.#pending ??= this.#fetchToken().finally(() => { this.#pending = null; });
    return this.#pending;
  }

  async #fetchToken() {
    // presenting the current token renews the same end user (docs/identity.md)
    let response = await this.#ask(this.#token);
    if (response.status === 401 && this.#token) {
      // the session is past its maximum age or the token past the renewal window: a new end user
      response = await this.#ask(null);
    }
    if (!response.ok) {
      throw await GatewayError.fromResponse(response);
    }
    const { token, expiresInSec } = await response.json();
    this.#token = token;
    sessionStorage.setItem(STORAGE_KEY, token);
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.renew().catch(this.onError), expiresInSec * 1000 * RENEW_AT);
    this.onChange({ expiresAt: new Date(Date.now() + expiresInSec * 1000) });
    return token;
  }

  #ask(current) {
    const headers = { 'Content-Type': 'application/json', 'X-Client-Version': CLIENT_VERSION };
    if (current) {
      headers.Authorization = `Bearer ${current}`;
    }
    return fetch('/api/v1/session/token', {
      method: 'POST', headers, body: JSON.stringify({ clientId: CLIENT_ID, nonce: newUuid() }),
    });
  }

  /** fetch with the token; a 401 (expired, revoked) gets one new token and one more try. */
  async fetch(url, init = {}) {
    const send = async (token) => fetch(url, { ...init, headers: { ...init.headers, Authorization: `Bearer ${token}` } });
    const response = await send(await this.token());
    if (response.status !== 401) {
      return response;
    }
    return send(await this.renew());
  }
}
