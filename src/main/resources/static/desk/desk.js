// The agent's desk: the agent's pending offers, each with a countdown to its expiry and Accept / Decline, its tickets,
// and its status changes. Offers and tickets are polled every second: simple, and a poll that fails is simply the
// next one's to make good. Plain ES2020, no dependencies; every value from the service goes into the page as text
// (textContent), never as markup.
'use strict';

(() => {
  const TOKEN_KEY = 'chat-ticket.desk-token';
  const POLL_MS = 1000;
  /** The countdowns are redrawn more often than the polls, so that they move smoothly. */
  const TICK_MS = 250;
  /** A poll not answered by then counts as failed, and the next one tries again. */
  const POLL_TIMEOUT_MS = 10 * 1000;
  /**
   * An answer or a status change waits longer: the service answers them once done (an accept when the ticket is in
   * the agent's list, up to 5 s; a status change once the broker has it, up to about 10 s).
   */
  const ACTION_TIMEOUT_MS = 30 * 1000;
  /** The offer turns red for its last third. */
  const URGENT_SHARE = 1 / 3;

  const $ = (id) => document.getElementById(id);

  /** The service's API, relative to this page (/desk/ -> /v1/...), so a path prefix in front still works. */
  const api = (path) => new URL('../v1/' + path, window.location.href).toString();
  /** A path under the agent's own resources: /v1/{agentID}/... */
  const own = (path) => encodeURIComponent(agent) + '/' + path;

  /** The token and the agent it is for (its subject), or null while signed out. */
  let token = null;
  let agent = null;
  /** Bumped by every sign-in and sign-out: answers to requests made with an earlier token are dropped. */
  let session = 0;
  let pollTimer = null;
  let polling = false;
  /** Asked for while a poll was under way (after an answer or a status change): polls again as soon as it ends. */
  let pollAgain = false;
  let busy = false;
  /** Server time minus local time (ms), from the answers' Date header: offers expire on the server's clock. */
  let clockOffset = null;

  // ---- the token: session storage only, never in a URL ---------------------------------------------------------

  function storedToken() {
    try {
      return window.sessionStorage.getItem(TOKEN_KEY);
    } catch (e) {
      return null;
    }
  }

  function storeToken(value) {
    if (value) {
      window.sessionStorage.setItem(TOKEN_KEY, value);
    } else {
      window.sessionStorage.removeItem(TOKEN_KEY);
    }
  }

  /** The token's claims, read locally (the service alone decides whether the token is good), or null. */
  function claims(value) {
    try {
      const part = value.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      const json = decodeURIComponent(Array.from(atob(part + '='.repeat((4 - (part.length % 4)) % 4)),
        (c) => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join(''));
      const parsed = JSON.parse(json);
      return parsed && typeof parsed === 'object' ? parsed : null;
    } catch (e) {
      return null;
    }
  }

  function onTokenSubmit(event) {
    event.preventDefault();
    const field = $('token');
    const value = field.value.trim().replace(/^Bearer\s+/i, '');
    field.value = '';
    if (value) {
      signIn(value);
    } else if (!token) {
      $('token-error').textContent = 'Paste your bearer token first.';
    }
  }

  function signIn(value) {
    signOut();
    const said = claims(value);
    if (!said || typeof said.sub !== 'string' || !said.sub) {
      $('token-error').textContent = 'This token names no agent (no "sub" in its payload): the page cannot tell '
        + 'whose offers to show.';
      storeToken(null);
      return;
    }
    storeToken(value);
    token = value;
    agent = said.sub;
    $('agent-name').textContent = typeof said.name === 'string' && said.name ? said.name : '';
    $('token-info').textContent = 'Agent ' + agent
      + (typeof said.exp === 'number' ? '; the token expires ' + new Date(said.exp * 1000).toLocaleString() : '')
      + '.';
    $('token').placeholder = 'a token is set; paste another to replace it';
    $('token-help').hidden = true;
    setButtons(true);
    setState('connecting', 'connecting', '');
    poll();
  }

  function signOut() {
    session += 1;
    clearTimeout(pollTimer);
    polling = false;
    pollAgain = false;
    busy = false;
    token = null;
    agent = null;
    $('agent-name').textContent = '';
    $('token-info').textContent = '';
    $('token-error').textContent = '';
    $('action-message').textContent = '';
    $('action-error').textContent = '';
    $('poll-error').textContent = '';
    $('token').placeholder = 'paste your bearer token here';
    $('token-help').hidden = false;
    setButtons(false);
    renderOffers([]);
    renderTickets([]);
    setState('signed-out', 'no token', '');
  }

  function onTokenForget() {
    storeToken(null);
    $('token').value = '';
    signOut();
  }

  /** The service refused the token (401), or this token may not act for its own subject (403): it is forgotten. */
  function refused(answer) {
    const message = answer.status === 403
      ? 'This token may not act for agent ' + agent + ' (' + describe(answer) + ').'
      : 'The service refused the token (' + describe(answer) + '): it may have expired. Paste a new one.';
    onTokenForget();
    setState('refused', 'token refused', '');
    $('token-error').textContent = message;
  }

  function setState(state, text, detail) {
    const badge = $('connection-state');
    badge.dataset.state = state;
    badge.textContent = text;
    $('updated-at').textContent = detail;
  }

  // ---- requests -----------------------------------------------------------------------------------------------

  /** One call to the API with the token: {status, ok, body (parsed JSON, or null)}; status 0 when unreachable. */
  async function call(method, path, body) {
    const timeout = method === 'GET' ? POLL_TIMEOUT_MS : ACTION_TIMEOUT_MS;
    const headers = { Authorization: 'Bearer ' + token, Accept: 'application/json' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    let answer;
    try {
      answer = await fetch(api(path), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
        credentials: 'omit',
        signal: AbortSignal.timeout(timeout),
      });
    } catch (e) {
      const why = e && e.name === 'TimeoutError'
        ? 'no answer within ' + timeout / 1000 + ' s' : 'cannot reach the service';
      return { status: 0, ok: false, body: null, statusText: why };
    }
    learnClock(answer.headers.get('Date'));
    let parsed = null;
    try {
      parsed = await answer.json();
    } catch (e) {
      // not JSON: described by its status alone
    }
    return { status: answer.status, ok: answer.ok, body: parsed, statusText: answer.statusText };
  }

  /** "409 conflict": the status and the message of the API's error body ({errorCode, errorMessage}). */
  function describe(answer) {
    if (answer.status === 0) {
      return answer.statusText;
    }
    const body = answer.body && typeof answer.body === 'object' ? answer.body : {};
    const message = body.errorMessage || body.message || answer.statusText || 'error';
    return answer.status + ' ' + message;
  }

  /** The Date header has whole seconds: half a second is added, and a new estimate kept only when it is off by more. */
  function learnClock(date) {
    const server = Date.parse(date || '');
    if (Number.isNaN(server)) {
      return;
    }
    const offset = server + 500 - Date.now();
    if (clockOffset === null || Math.abs(offset - clockOffset) > 1000) {
      clockOffset = offset;
    }
  }

  const serverNow = () => Date.now() + (clockOffset || 0);

  // ---- polling: offers and tickets every second -----------------------------------------------------------------

  /** Polls now (or right after the poll under way), then every POLL_MS after each poll ends: polls never overlap. */
  async function poll() {
    if (!token) {
      return;
    }
    if (polling) {
      pollAgain = true;
      return;
    }
    clearTimeout(pollTimer);
    polling = true;
    pollAgain = false;
    const mine = session;
    const [offers, tickets] = await Promise.all([call('GET', own('offers')), call('GET', own('tickets'))]);
    if (mine !== session) {
      return;
    }
    polling = false;
    pollTimer = setTimeout(poll, pollAgain ? 0 : POLL_MS);
    const refusal = [offers, tickets].find((answer) => answer.status === 401 || answer.status === 403);
    if (refusal) {
      refused(refusal);
      return;
    }
    if (offers.status === 404 || tickets.status === 404) {
      renderOffers([]);
      renderTickets([]);
      $('poll-error').textContent = '';
      setState('unknown', 'not known yet', 'go online to start');
      return;
    }
    const failed = [['offers', offers], ['tickets', tickets]].filter(([, answer]) => !answer.ok);
    if (offers.ok) {
      renderOffers(Array.isArray(offers.body) ? offers.body : []);
    }
    if (tickets.ok) {
      renderTickets(Array.isArray(tickets.body) ? tickets.body : []);
    }
    if (failed.length) {
      $('poll-error').textContent = 'Could not refresh ' + failed.map(([what, answer]) => what + ' ('
        + describe(answer) + ')').join(' nor ') + '; trying again every second.';
      setState('error', 'not up to date', '');
      return;
    }
    $('poll-error').textContent = '';
    setState('live', 'live', 'updated ' + new Date().toLocaleTimeString());
  }

  // ---- status changes -------------------------------------------------------------------------------------------

  const ACTIONS = {
    online: { method: 'PUT', path: 'online', label: 'Go online', done: 'You are online.' },
    ready: { method: 'POST', path: 'ready', label: 'Ready', done: 'Ready: offers come again.' },
    finish: {
      method: 'PUT', path: 'offline?after=current-tickets', label: 'Finish, then go offline',
      done: 'You go offline once your current tickets are done; no new offers meanwhile.',
    },
    offline: { method: 'PUT', path: 'offline', label: 'Go offline', done: 'You are offline.' },
  };

  function setButtons(enabled) {
    document.querySelectorAll('.actions button').forEach((button) => {
      button.disabled = !enabled;
    });
  }

  async function onAction(event) {
    const action = ACTIONS[event.currentTarget.dataset.action];
    if (!action || !token || busy) {
      return;
    }
    busy = true;
    setButtons(false);
    $('action-error').textContent = '';
    $('action-message').textContent = action.label + '…';
    const mine = session;
    const answer = await call(action.method, own(action.path));
    if (mine !== session) {
      return;
    }
    busy = false;
    setButtons(true);
    if (answer.status === 401) {
      refused(answer);
      return;
    }
    if (!answer.ok) {
      $('action-message').textContent = '';
      $('action-error').textContent = action.label + ': ' + describe(answer) + '.';
      return;
    }
    $('action-message').textContent = action.done + ' (' + new Date().toLocaleTimeString() + ')';
    poll();
  }

  // ---- offers ---------------------------------------------------------------------------------------------------

  const customerName = (ticket) => {
    const customer = ticket.customer || {};
    return [customer.firstName, customer.lastName].filter(Boolean).join(' ') || '–';
  };
  const contactReason = (ticket) => (ticket.metadata && ticket.metadata.ccr ? String(ticket.metadata.ccr) : '–');

  function element(name, className, text) {
    const made = document.createElement(name);
    if (className) {
      made.className = className;
    }
    if (text !== undefined) {
      made.textContent = text;
    }
    return made;
  }

  /** A ticket's id, shortened when long (a UUID) so that the rest fits; the whole id shows on hover. */
  function ticketId(id) {
    const shown = element('span', 'id', id.length > 13 ? id.slice(0, 8) + '…' : id);
    shown.title = id;
    return shown;
  }

  function setText(node, text) {
    if (node.textContent !== text) {
      node.textContent = text;
    }
  }

  /** An offer's row: made once, then updated in place, so a reason being typed survives the polls. */
  function offerRow(id) {
    const row = element('li', 'offer');
    row.dataset.ticket = id;
    const what = element('div', 'what');
    what.append(element('span', 'priority'), element('span', 'customer'), element('span', 'queue'),
      element('span', 'ccr'), ticketId(id));
    const time = element('div', 'time');
    const left = element('progress', 'left');
    left.setAttribute('aria-label', 'time left to answer');
    time.append(left, element('span', 'countdown'));
    const answer = element('div', 'answer');
    const accept = element('button', 'accept', 'Accept');
    accept.type = 'button';
    accept.addEventListener('click', () => answerOffer(row, 'accept'));
    const reason = element('input', 'reason');
    reason.type = 'text';
    reason.maxLength = 500;
    reason.placeholder = 'reason (optional)';
    reason.setAttribute('aria-label', 'reason to decline ticket ' + id + ' (optional)');
    reason.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        answerOffer(row, 'decline');
      }
    });
    const decline = element('button', 'decline', 'Decline');
    decline.type = 'button';
    decline.addEventListener('click', () => answerOffer(row, 'decline'));
    answer.append(accept, reason, decline);
    row.append(what, time, answer);
    return row;
  }

  function renderOffers(offers) {
    const list = $('offers');
    const rows = new Map(Array.from(list.children, (row) => [row.dataset.ticket, row]));
    offers.forEach((offer, index) => {
      const ticket = offer.ticket || {};
      const id = String(ticket.id);
      const row = rows.get(id) || offerRow(id);
      rows.delete(id);
      setText(row.querySelector('.priority'), 'P' + ticket.priority);
      setText(row.querySelector('.queue'), String(ticket.queue));
      setText(row.querySelector('.customer'), customerName(ticket));
      setText(row.querySelector('.ccr'), contactReason(ticket));
      row.dataset.offeredAt = String(offer.offeredAt);
      row.dataset.expiresAt = String(offer.expiresAt);
      // moved only when out of place: moving a row takes the focus from its reason field
      if (list.children[index] !== row) {
        list.insertBefore(row, list.children[index] || null);
      }
    });
    rows.forEach((row) => row.remove());
    $('offers-empty').hidden = offers.length > 0;
    $('offers-count').textContent = offers.length ? '(' + offers.length + ')' : '';
    tick();
  }

  /** Each offer's time left on the server's clock: a bar and whole seconds. */
  function tick() {
    const now = serverNow();
    for (const row of $('offers').children) {
      const offered = Number(row.dataset.offeredAt) * 1000;
      const expires = Number(row.dataset.expiresAt) * 1000;
      const total = Math.max(1, expires - offered);
      const left = Math.max(0, expires - now);
      const bar = row.querySelector('.left');
      bar.max = total;
      bar.value = left;
      const seconds = Math.ceil(left / 1000);
      setText(row.querySelector('.countdown'), seconds > 0 ? seconds + ' s left' : 'expired');
      row.classList.toggle('urgent', left <= total * URGENT_SHARE);
      row.classList.toggle('expired', left === 0);
    }
  }

  async function answerOffer(row, kind) {
    if (!token || row.classList.contains('answering')) {
      return;
    }
    const id = row.dataset.ticket;
    const reason = row.querySelector('.reason').value.trim();
    row.classList.add('answering');
    row.querySelectorAll('button, input').forEach((control) => {
      control.disabled = true;
    });
    $('action-error').textContent = '';
    const mine = session;
    const answer = await call('POST', own('offers/' + encodeURIComponent(id) + '/' + kind),
      kind === 'decline' && reason ? { reason } : undefined);
    if (mine !== session) {
      return;
    }
    if (answer.status === 401) {
      refused(answer);
      return;
    }
    const verb = kind === 'accept' ? 'Accept' : 'Decline';
    if (answer.ok) {
      // the row stays answered (its controls off) until the next poll takes it away
      $('action-message').textContent = (kind === 'accept' ? 'Accepted' : 'Declined') + ' ticket ' + id + '.';
    } else {
      row.classList.remove('answering');
      row.querySelectorAll('button, input').forEach((control) => {
        control.disabled = false;
      });
      $('action-error').textContent = verb + ' ticket ' + id + ': ' + describe(answer)
        + (answer.status === 409 ? ' (the offer is no longer pending: it expired or was withdrawn).' : '.');
    }
    poll();
  }

  // ---- tickets --------------------------------------------------------------------------------------------------

  const when = (seconds) => (typeof seconds === 'number' ? new Date(seconds * 1000).toLocaleTimeString() : '–');

  const TICKET_COLUMNS = [
    ['status', (ticket) => String(ticket.ticketStatus)],
    ['priority num', (ticket) => String(ticket.priority)],
    ['queue', (ticket) => String(ticket.queue)],
    ['customer', customerName],
    ['ccr', contactReason],
    ['assigned', (ticket) => when(ticket.assignedTime)],
  ];

  function renderTickets(tickets) {
    const body = $('tickets-body');
    const rows = new Map(Array.from(body.rows, (row) => [row.dataset.ticket, row]));
    tickets.forEach((ticket, index) => {
      const id = String(ticket.id);
      let row = rows.get(id);
      rows.delete(id);
      if (!row) {
        row = element('tr');
        row.dataset.ticket = id;
        const head = element('th');
        head.scope = 'row';
        head.appendChild(ticketId(id));
        row.appendChild(head);
        TICKET_COLUMNS.forEach(([cls]) => row.appendChild(element('td', cls)));
      }
      TICKET_COLUMNS.forEach(([, value], i) => setText(row.cells[i + 1], value(ticket)));
      if (body.rows[index] !== row) {
        body.insertBefore(row, body.rows[index] || null);
      }
    });
    rows.forEach((row) => row.remove());
    $('tickets-table').hidden = tickets.length === 0;
    $('tickets-empty').hidden = tickets.length > 0;
    $('tickets-count').textContent = tickets.length ? '(' + tickets.length + ')' : '';
  }

  // ---- start ----------------------------------------------------------------------------------------------------

  document.addEventListener('DOMContentLoaded', () => {
    $('token-form').addEventListener('submit', onTokenSubmit);
    $('token-forget').addEventListener('click', onTokenForget);
    document.querySelectorAll('.actions button').forEach((button) => button.addEventListener('click', onAction));
    setInterval(tick, TICK_MS);
    const stored = storedToken();
    if (stored) {
      signIn(stored);
    } else {
      signOut();
    }
  });
})();
