// One chat answer over fetch and a ReadableStream reader (EventSource cannot send Authorization).
// Each event reaches onEvent exactly once: when the connection drops before the terminal event,
// the stream is resumed with GET /api/v1/chat/streams/{streamId} and Last-Event-ID, and events
// whose id was already seen are skipped.

import { GatewayError } from './errors.js';

const MAX_RESUMES = 5;
const TERMINAL = new Set(['final', 'error']);

/** The SSE events of a response body: {id, event, data, retry}; comments (heartbeats) are skipped. */
export async function* sseEvents(body) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let event = { data: [] };
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        return;
      }
      buffer += value;
      const lines = buffer.split('\n');
      buffer = lines.pop();
      for (const raw of lines) {
        const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
        if (line === '') {
          if (event.data.length || event.retry != null) {
            yield { id: event.id, event: event.event ?? 'message', data: event.data.join('\n'), retry: event.retry };
          }
          event = { data: [] };
          continue;
        }
        if (line.startsWith(':')) {
          continue;
        }
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'data') event.data.push(text);
        else if (field === 'id') event.id = text;
        else if (field === 'event') event.event = text;
        else if (field === 'retry' && /^\d+$/.test(text)) event.retry = Number(text);
      }
    }
  } finally {
    reader.releaseLock();
  }
}

export class ChatStream {
  #connection = null;
  #seen = new Set();
  #lastEventId = null;
  #streamId = null;
  #retryMs = 3000;

  /** session: a Session; onEvent(data) per event; onResume({attempt, lastEventId}) before each resume. */
  constructor({ session, onEvent, onResume }) {
    this.session = session;
    this.onEvent = onEvent;
    this.onResume = onResume;
  }

  get streamId() {
    return this.#streamId;
  }

  /** Cuts the current connection as a network drop would (the playground's test hook). */
  drop() {
    this.#connection?.abort(new DOMException('dropped by the page', 'AbortError'));
  }

  /** Streams the answer to a ChatRequest; resolves after the terminal event, rejects with a GatewayError. */
  async run(request) {
    let open = (signal) => this.session.fetch('/api/v1/chat', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
      body: JSON.stringify(request),
      signal,
    });
    for (let resumes = 0; ; resumes++) {
      if (await this.#read(open)) {
        return;
      }
      if (!this.#streamId) {
        throw GatewayError.network('the connection dropped before the answer started');
      }
      if (resumes >= MAX_RESUMES) {
        throw GatewayError.network(`the connection dropped ${resumes + 1} times; giving up`);
      }
      this.onResume({ attempt: resumes + 1, lastEventId: this.#lastEventId });
      await new Promise((resolve) => setTimeout(resolve, this.#retryMs));
      const url = `/api/v1/chat/streams/${encodeURIComponent(this.#streamId)}`;
      open = (signal) => this.session.fetch(url, {
        headers: { Accept: 'text/event-stream', ...(this.#lastEventId ? { 'Last-Event-ID': this.#lastEventId } : {}) },
        signal,
      });
    }
  }

  // true once the terminal event arrived; false when the connection ended or failed before it
  async #read(open) {
    const connection = new AbortController();
    this.#connection = connection;
    let response;
    try {
      response = await open(connection.signal);
    } catch {
      return false;
    }
    if (!response.ok) {
      throw await GatewayError.fromResponse(response);
    }
    this.#streamId ??= response.headers.get('X-Stream-Id');
    try {
      for await (const sse of sseEvents(response.body)) {
        if (sse.retry != null) {
          this.#retryMs = sse.retry;
        }
        if (!sse.data) {
          continue;
        }
        const data = JSON.parse(sse.data);
        if (data.type === 'reconnect') {
          // the instance is shutting down: resume elsewhere after its hint
          this.#retryMs = data.retryMs ?? this.#retryMs;
          return false;
        }
        if (sse.id) {
          if (this.#seen.has(sse.id)) {
            continue;
          }
          this.#seen.add(sse.id);
          this.#lastEventId = sse.id;
        }
        this.onEvent(data);
        if (TERMINAL.has(data.type)) {
          return true;
        }
      }
    } catch {
      // a dropped connection: resumed by run()
    } finally {
      connection.abort();
    }
    return false;
  }
}
