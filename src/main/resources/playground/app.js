// The playground page: asks the gateway as the demo-web client and shows the streamed answer with
// its tool calls, result tables, charts and sources; the session's history on demand.

import { describe, GatewayError } from './errors.js';
import { newUuid, Session } from './session.js';
import { ChatStream } from './stream.js';

const $ = (selector) => document.querySelector(selector);

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(name, value);
  }
  node.append(...children.filter((child) => child != null));
  return node;
}

function errorBox(error) {
  return el('div', { class: 'error', role: 'alert', dataset: { code: error.code, status: String(error.status ?? 0) } },
    el('code', {}, error.code), describe(error));
}

const asGatewayError = (error) => (error instanceof GatewayError ? error : GatewayError.network(error.message));

// --- session ---------------------------------------------------------------------------------

const session = new Session({
  onChange: ({ expiresAt }) => { $('#token-status').textContent = `token valid until ${expiresAt.toLocaleTimeString()}`; },
  onError: (error) => { $('#token-status').replaceChildren(errorBox(asGatewayError(error))); },
});

// ?session=<uuid> reopens a conversation (its history); otherwise a new one
let sessionId = new URLSearchParams(location.search).get('session') ?? newUuid();
let conversation = [];
let current = null;

function showSession() {
  $('#session-id').textContent = sessionId;
  history.replaceState(null, '', `/playground?session=${sessionId}`);
}

// --- one answer ------------------------------------------------------------------------------

class AnswerView {
  #chips = new Map();
  #rendered = new Set();

  constructor() {
    this.text = el('div', { class: 'answer-text' });
    this.node = el('article', { class: 'turn assistant', dataset: { state: 'streaming' } },
      el('div', { class: 'chips' }), this.text, el('div', { class: 'results' }));
  }

  onEvent(data) {
    switch (data.type) {
      case 'token':
        this.text.append(data.delta);
        break;
      case 'tool_call':
        this.#toolCall(data.call);
        break;
      case 'final':
        // the tables and charts of calls whose events came before a resume point are in the final message too
        (data.message.toolCalls ?? []).forEach((call) => this.#toolCall(call));
        this.#sources([...(data.sources ?? []), ...(data.message.annotations ?? [])]);
        this.node.dataset.finalContent = data.message.content;
        this.node.dataset.state = 'done';
        break;
      case 'error':
        this.fail(GatewayError.fromEvent(data));
        break;
      default:
        // an event type this page does not know yet: the contract allows new ones
    }
  }

  notice(text) {
    this.node.querySelector('.results').before(el('div', { class: 'notice' }, text));
  }

  fail(error) {
    this.node.append(errorBox(error));
    this.node.dataset.state = 'error';
  }

  #toolCall(call) {
    let chip = this.#chips.get(call.id);
    if (!chip) {
      chip = el('span', { class: 'chip' });
      this.#chips.set(call.id, chip);
      this.node.querySelector('.chips').append(chip);
    }
    chip.dataset.status = call.status;
    chip.textContent = `${call.name} · ${call.status.replace('_', ' ')}`;
    if (call.result?.sql) chip.title = call.result.sql;
    if (call.table && !this.#rendered.has(`${call.id}:table`)) {
      this.#rendered.add(`${call.id}:table`);
      this.node.querySelector('.results').append(table(call.table));
    }
    if (call.chartSpec && !this.#rendered.has(`${call.id}:chart`)) {
      this.#rendered.add(`${call.id}:chart`);
      const box = el('div', { class: 'chart' });
      this.node.querySelector('.results').append(box);
      window.vegaEmbed(box, call.chartSpec, { actions: false, renderer: 'svg' })
        .catch((error) => box.replaceWith(errorBox(GatewayError.network(`chart: ${error.message}`))));
    }
  }

  #sources(sources) {
    const unique = [...new Map(sources.map((s) => [s.sourceUrl ?? s.id, s])).values()];
    if (unique.length === 0) return;
    this.node.append(el('ol', { class: 'sources' }, ...unique.map((s) => el('li', {},
      el('a', { href: s.sourceUrl, target: '_blank', rel: 'noopener' }, s.title ?? s.sourceUrl),
      s.snippet ? el('div', { class: 'snippet' }, s.snippet) : null))));
  }
}

function table({ columns, rows, rowCount, truncated }) {
  return el('table', { class: 'result' },
    el('caption', {}, `${rowCount ?? rows.length} rows${truncated ? ' (truncated)' : ''}`),
    el('thead', {}, el('tr', {}, ...columns.map((c) => el('th', {}, c.name)))),
    el('tbody', {}, ...rows.map((row) => el('tr', {}, ...row.map((v) => el('td', {}, v == null ? '' : String(v)))))));
}

async function ask(question) {
  const user = { id: newUuid(), role: 'user', content: question, timestamp: new Date().toISOString() };
  const view = new AnswerView();
  $('#conversation').append(el('article', { class: 'turn user' }, question), view.node);
  $('#send').disabled = true;
  current = new ChatStream({
    session,
    onEvent: (data) => view.onEvent(data),
    onResume: ({ attempt }) => view.notice(`connection lost; resuming (attempt ${attempt})`),
  });
  try {
    await current.run({ sessionId, messages: [...conversation, user] });
    if (view.node.dataset.state === 'done') {
      conversation.push(user, { id: newUuid(), role: 'assistant', content: view.node.dataset.finalContent,
        timestamp: new Date().toISOString() });
    }
  } catch (error) {
    view.fail(asGatewayError(error));
  } finally {
    $('#send').disabled = false;
    view.node.scrollIntoView({ block: 'end' });
  }
}

// --- history ---------------------------------------------------------------------------------

async function showHistory() {
  const list = $('#history-list');
  $('#history').hidden = false;
  list.replaceChildren(el('li', {}, 'loading…'));
  try {
    const response = await session.fetch(`/api/v1/history/${encodeURIComponent(sessionId)}?limit=50`);
    if (!response.ok) throw await GatewayError.fromResponse(response);
    const { messages } = await response.json();
    list.replaceChildren(...messages.map((m) => el('li', { dataset: { role: m.role } },
      el('strong', {}, `${m.role}: `), m.content)));
    if (messages.length === 0) list.replaceChildren(el('li', {}, 'nothing yet'));
  } catch (error) {
    list.replaceChildren(el('li', {}, errorBox(asGatewayError(error))));
  }
}

// --- wiring ----------------------------------------------------------------------------------

$('#ask').addEventListener('submit', (event) => {
  event.preventDefault();
  const question = $('#question').value.trim();
  if (question) {
    $('#question').value = '';
    ask(question);
  }
});
document.querySelectorAll('[data-question]').forEach((button) => button.addEventListener('click', () => {
  $('#question').value = button.dataset.question;
  $('#ask').requestSubmit();
}));
$('#history-button').addEventListener('click', showHistory);
$('#new-session').addEventListener('click', () => {
  sessionId = newUuid();
  conversation = [];
  $('#conversation').replaceChildren();
  $('#history').hidden = true;
  showSession();
});

// for tests and for trying a resume by hand: cuts the current answer's connection like a network drop
window.playground = { dropConnection: () => current?.drop(), sessionId: () => sessionId };

showSession();
// a token kept from before a reload is renewed at once: same end user, a fresh lifetime
session.renew().catch((error) => session.onError(error));
document.body.dataset.ready = 'true';
