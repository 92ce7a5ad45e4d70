// The supervisor's live view: queues and pools from the service's event stream, a chart of the last 10 minutes,
// and an agent's tickets on demand. Plain ES2020, no dependencies; every value from the service goes into the page
// as text (textContent), never as markup.
'use strict';

(() => {
  const TOKEN_KEY = 'chat-ticket.supervisor-token';
  const HISTORY_MS = 10 * 60 * 1000;
  /** The stream sends an event every 2 s: this long without one means it is stuck, so it is replaced. */
  const STALL_MS = 10 * 1000;
  /** Points further apart than this are not joined in the chart (the page was not connected in between). */
  const GAP_MS = 10 * 1000;
  const RETRY_FIRST_MS = 1000;
  const RETRY_MAX_MS = 15 * 1000;
  const SVG = 'http://www.w3.org/2000/svg';

  const $ = (id) => document.getElementById(id);

  /** The service's API, relative to this page (/supervisor/ -> /v1/...), so a path prefix in front still works. */
  const api = (path) => new URL('../v1/' + path, window.location.href).toString();

  let source = null;
  let retryTimer = null;
  let stallTimer = null;
  let retryDelay = RETRY_FIRST_MS;
  /** Bumped by every connect and disconnect: answers to an abandoned attempt are dropped. */
  let attempt = 0;
  let lookup = 0;
  let everLive = false;
  let rendered = false;
  /** Server time minus local time (ms), from the last event: the chart's "now" is the server's. */
  let clockOffset = 0;
  /** {t: epoch ms (server clock), waiting, oldest (seconds or null)}, oldest first, at most HISTORY_MS old. */
  const history = [];

  // ---- the token: session storage only, never in a URL ---------------------------------------------------------

  function storedToken() {
    try {
      return window.sessionStorage.getItem(TOKEN_KEY);
    } catch (e) {
      return null;
    }
  }

  function storeToken(token) {
    if (token) {
      window.sessionStorage.setItem(TOKEN_KEY, token);
    } else {
      window.sessionStorage.removeItem(TOKEN_KEY);
    }
    describeToken(token);
  }

  /** What the token says about itself (subject, expiry), read locally; the service alone decides whether it is good. */
  function describeToken(token) {
    const info = $('token-info');
    if (!token) {
      info.textContent = '';
      $('token').placeholder = 'paste the token here';
      return;
    }
    $('token').placeholder = 'a token is set; paste another to replace it';
    try {
      const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      const claims = JSON.parse(atob(part + '='.repeat((4 - (part.length % 4)) % 4)));
      const who = claims.sub ? 'for ' + claims.sub : 'without a subject';
      const until = typeof claims.exp === 'number' ? ', expires ' + new Date(claims.exp * 1000).toLocaleString() : '';
      info.textContent = 'Token set (' + who + until + ').';
    } catch (e) {
      info.textContent = 'Token set (not a JWT this page can read; the service will judge it).';
    }
  }

  function onTokenSubmit(event) {
    event.preventDefault();
    const field = $('token');
    const token = field.value.trim().replace(/^Bearer\s+/i, '');
    field.value = '';
    $('token-error').textContent = '';
    if (!token) {
      if (!storedToken()) {
        $('token-error').textContent = 'Paste a supervisor\'s bearer token first.';
        return;
      }
    } else {
      storeToken(token);
    }
    connect();
  }

  function onTokenForget() {
    storeToken(null);
    $('token').value = '';
    $('token-error').textContent = '';
    disconnect();
    setState('signed-out', 'no token', '');
  }

  // ---- connection: a fresh ticket for every EventSource ----------------------------------------------------------

  function setState(state, text, detail) {
    const badge = $('connection-state');
    badge.dataset.state = state;
    badge.textContent = text;
    if (detail !== undefined) {
      $('updated-at').textContent = detail;
    }
  }

  function closeSource() {
    clearTimeout(stallTimer);
    if (source) {
      source.close();
      source = null;
    }
  }

  function disconnect() {
    attempt += 1;
    clearTimeout(retryTimer);
    closeSource();
  }

  /** Asks for a stream ticket with the token, then opens an EventSource with it. */
  async function connect() {
    disconnect();
    const mine = attempt;
    const token = storedToken();
    if (!token) {
      setState('signed-out', 'no token', '');
      return;
    }
    setState(everLive ? 'reconnecting' : 'connecting', everLive ? 'reconnecting' : 'connecting');
    let answer;
    let ticket;
    try {
      answer = await fetch(api('stream-tickets'), {
        method: 'POST',
        headers: { Authorization: 'Bearer ' + token, Accept: 'application/json' },
        cache: 'no-store',
        credentials: 'omit',
      });
      if (mine !== attempt) {
        return;
      }
      if (answer.status === 401 || answer.status === 403) {
        refused(answer.status, await errorMessage(answer));
        return;
      }
      if (!answer.ok) {
        retry('stream ticket: ' + answer.status + ' ' + await errorMessage(answer));
        return;
      }
      ticket = (await answer.json()).ticket;
    } catch (e) {
      if (mine === attempt) {
        retry('cannot reach the service');
      }
      return;
    }
    if (mine !== attempt) {
      return;
    }
    if (typeof ticket !== 'string' || !ticket) {
      retry('no stream ticket in the answer');
      return;
    }
    open(ticket);
  }

  function open(ticket) {
    const stream = new EventSource(api('queues/stream?ticket=' + encodeURIComponent(ticket)));
    source = stream;
    watchStall();
    stream.addEventListener('open', () => {
      if (stream === source) {
        live();
      }
    });
    stream.addEventListener('queues', (event) => {
      if (stream !== source) {
        return;
      }
      let snapshot;
      try {
        snapshot = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      live();
      render(snapshot);
    });
    // EventSource would reconnect by itself, with the same (by then maybe expired) ticket: close it, start over.
    stream.addEventListener('error', () => {
      if (stream === source) {
        retry('stream interrupted');
      }
    });
  }

  function live() {
    everLive = true;
    retryDelay = RETRY_FIRST_MS;
    watchStall();
    if ($('connection-state').dataset.state !== 'live') {
      setState('live', 'live');
    }
  }

  function watchStall() {
    clearTimeout(stallTimer);
    stallTimer = setTimeout(() => retry('no update for ' + STALL_MS / 1000 + ' s'), STALL_MS);
  }

  function retry(reason) {
    closeSource();
    clearTimeout(retryTimer);
    const delay = retryDelay;
    retryDelay = Math.min(retryDelay * 2, RETRY_MAX_MS);
    setState('reconnecting', 'reconnecting', reason + '; trying again in ' + Math.round(delay / 1000) + ' s');
    retryTimer = setTimeout(connect, delay);
  }

  function refused(status, message) {
    disconnect();
    storeToken(null);
    setState('refused', 'token refused', '');
    $('token-error').textContent = status === 403
      ? 'This token may not watch the queues (' + status + ' ' + message + '): it needs the scope tickets:supervise.'
      : 'The service refused the token (' + status + ' ' + message + '): it may have expired. Paste a new one.';
  }

  /** The message of an error answer: the API's {errorCode, errorMessage}, or {code, message}, or the status text. */
  async function errorMessage(answer) {
    try {
      const body = await answer.json();
      return body.errorMessage || body.message || answer.statusText || 'error';
    } catch (e) {
      return answer.statusText || 'error';
    }
  }

  // ---- the snapshot: summary, tables, history -------------------------------------------------------------------

  const count = (value) => (typeof value === 'number' ? String(value) : '–');

  /** 7 s, 3 min 05 s, 2 h 04 min; a dash when nothing waits. */
  function age(seconds) {
    if (typeof seconds !== 'number' || !Number.isFinite(seconds)) {
      return '–';
    }
    const s = Math.max(0, Math.floor(seconds));
    if (s < 60) {
      return s + ' s';
    }
    if (s < 3600) {
      return Math.floor(s / 60) + ' min ' + String(s % 60).padStart(2, '0') + ' s';
    }
    return Math.floor(s / 3600) + ' h ' + String(Math.floor((s % 3600) / 60)).padStart(2, '0') + ' min';
  }

  /** {"1":2,"3":1} as "P1: 2, P3: 1", most urgent number first. */
  function byPriority(counts) {
    if (!counts || typeof counts !== 'object') {
      return '–';
    }
    const parts = Object.keys(counts)
      .filter((p) => counts[p] > 0)
      .sort((a, b) => Number(a) - Number(b))
      .map((p) => 'P' + p + ': ' + counts[p]);
    return parts.length ? parts.join(', ') : '–';
  }

  /**
   * {"preferred":1,"0":2,"1":1} as "preferred: 1, step 0: 2, step 1: 1"; a dash while every waiting ticket is at
   * step 0 (a queue without routing steps, or none waited long enough for the next).
   */
  function byStep(counts) {
    if (!counts || typeof counts !== 'object') {
      return '–';
    }
    const steps = Object.keys(counts).filter((s) => counts[s] > 0);
    if (steps.every((s) => s === '0')) {
      return '–';
    }
    const order = (s) => (s === 'preferred' ? -1 : Number(s));
    return steps
      .sort((a, b) => order(a) - order(b))
      .map((s) => (s === 'preferred' ? 'preferred' : 'step ' + s) + ': ' + counts[s])
      .join(', ');
  }

  const WAITING_COLUMNS = [
    { cls: 'waiting num', value: (row) => count(row.waiting), flash: true },
    { cls: 'by-priority', value: (row) => byPriority(row.waitingByPriority), flash: true },
  ];
  const AGENT_COLUMNS = [
    { cls: 'oldest-wait num', value: (row) => age(row.oldestWaitingSeconds) },
    { cls: 'agents-online num', value: (row) => count(row.agentsOnline), flash: true },
    { cls: 'free-capacity num', value: (row) => count(row.freeCapacity), flash: true },
  ];
  const QUEUE_COLUMNS = [
    { cls: 'queue', header: true, value: (row) => String(row.queue) },
    { cls: 'pool', value: (row) => String(row.pool) },
  ].concat(WAITING_COLUMNS,
    [{ cls: 'by-step', value: (row) => byStep(row.waitingByStep), flash: true }], AGENT_COLUMNS);
  const POOL_COLUMNS = [{ cls: 'pool', header: true, value: (row) => String(row.pool) }]
    .concat(WAITING_COLUMNS, AGENT_COLUMNS);

  function setText(cell, text, flash) {
    if (cell.textContent === text) {
      return;
    }
    cell.textContent = text;
    if (flash && rendered) {
      cell.classList.remove('changed');
      void cell.offsetWidth; // restarts the animation
      cell.classList.add('changed');
    }
  }

  /** Updates the rows in place (keyed by data-<key>), adds new ones, drops vanished ones, keeps them sorted. */
  function syncRows(body, items, key, columns) {
    const rows = new Map();
    for (const row of Array.from(body.rows)) {
      rows.set(row.dataset[key], row);
    }
    items.forEach((item, index) => {
      const id = String(item[key]);
      let row = rows.get(id);
      rows.delete(id);
      if (!row) {
        row = document.createElement('tr');
        row.dataset[key] = id;
        for (const column of columns) {
          const cell = document.createElement(column.header ? 'th' : 'td');
          if (column.header) {
            cell.scope = 'row';
          }
          cell.className = column.cls;
          row.appendChild(cell);
        }
      }
      columns.forEach((column, i) => setText(row.cells[i], column.value(item), column.flash));
      row.classList.toggle('starving', item.waiting > 0 && item.agentsOnline === 0);
      if (body.rows[index] !== row) {
        body.insertBefore(row, body.rows[index] || null);
      }
    });
    rows.forEach((row) => row.remove());
  }

  const byName = (key) => (a, b) => String(a[key]).localeCompare(String(b[key]));

  function render(snapshot) {
    const queues = Array.isArray(snapshot.queues) ? snapshot.queues.slice() : [];
    const pools = Array.isArray(snapshot.pools) ? snapshot.pools.slice() : [];
    queues.sort((a, b) => byName('pool')(a, b) || byName('queue')(a, b));
    pools.sort(byName('pool'));
    syncRows($('queues-body'), queues, 'queue', QUEUE_COLUMNS);
    syncRows($('pools-body'), pools, 'pool', POOL_COLUMNS);
    $('queues-empty').hidden = queues.length > 0;

    // the pools are the totals (every queue is in one pool); an agent is in one pool, so no one is counted twice
    const totals = pools.length ? pools : queues;
    const sum = (field) => totals.reduce((total, row) => total + (Number(row[field]) || 0), 0);
    const ages = totals.map((row) => row.oldestWaitingSeconds).filter((s) => typeof s === 'number');
    const waiting = sum('waiting');
    const oldest = ages.length ? Math.max(...ages) : null;
    setText($('total-waiting'), String(waiting), false);
    setText($('oldest-wait'), age(oldest), false);
    setText($('total-agents-online'), String(sum('agentsOnline')), false);
    setText($('total-free-capacity'), String(sum('freeCapacity')), false);

    const time = typeof snapshot.time === 'number' ? snapshot.time * 1000 : Date.now();
    clockOffset = time - Date.now();
    $('updated-at').textContent = 'updated ' + new Date(time).toLocaleTimeString();
    remember(time, waiting, oldest);
    drawCharts();
    rendered = true;
  }

  function remember(time, waiting, oldest) {
    const last = history[history.length - 1];
    if (last && time <= last.t) {
      last.waiting = waiting;
      last.oldest = oldest;
    } else {
      history.push({ t: time, waiting, oldest });
    }
    while (history.length && history[0].t < time - HISTORY_MS) {
      history.shift();
    }
  }

  // ---- the chart: two small SVG charts sharing the time axis ----------------------------------------------------

  const WIDTH = 640;
  const HEIGHT = 180;
  const MARGIN = { left: 56, right: 72, top: 26, bottom: 30 };
  const COUNT_STEPS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000];
  const AGE_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 28800, 86400];
  const TIME_STEPS = [10, 15, 30, 60, 120, 300].map((s) => s * 1000);

  function svg(name, attributes, text) {
    const element = document.createElementNS(SVG, name);
    for (const [attribute, value] of Object.entries(attributes)) {
      element.setAttribute(attribute, String(value));
    }
    if (text !== undefined) {
      element.textContent = text;
    }
    return element;
  }

  /** The smallest step of the list giving at most `intervals` intervals up to max. */
  function step(max, intervals, steps) {
    return steps.find((s) => s * intervals >= max) || steps[steps.length - 1] * Math.ceil(max / (steps[steps.length - 1] * intervals));
  }

  function shortAge(seconds) {
    if (seconds === 0) {
      return '0';
    }
    if (seconds % 3600 === 0) {
      return seconds / 3600 + ' h';
    }
    if (seconds % 60 === 0) {
      return seconds / 60 + ' min';
    }
    return seconds + ' s';
  }

  function drawCharts() {
    const now = Date.now() + clockOffset;
    const first = history.length ? history[0].t : now;
    // the last 10 minutes, or since the first point when the page has been open for less (at least a minute)
    const start = Math.min(Math.max(now - HISTORY_MS, first), now - 60 * 1000);
    drawChart($('chart-waiting'), 'Waiting tickets', (p) => p.waiting, COUNT_STEPS, String, String, start, now);
    drawChart($('chart-oldest'), 'Oldest wait', (p) => p.oldest, AGE_STEPS, shortAge, age, start, now);
  }

  function drawChart(chart, title, valueOf, steps, label, valueLabel, start, end) {
    for (const child of Array.from(chart.childNodes)) {
      if (child.nodeName !== 'title') {
        chart.removeChild(child);
      }
    }
    const left = MARGIN.left;
    const right = WIDTH - MARGIN.right;
    const top = MARGIN.top;
    const bottom = HEIGHT - MARGIN.bottom;
    const points = history.filter((p) => p.t >= start);
    const values = points.map(valueOf).filter((v) => typeof v === 'number');
    const yStep = step(Math.max(1, ...values), 4, steps);
    const yMax = yStep * Math.max(1, Math.ceil(Math.max(0, ...values) / yStep));
    const x = (t) => left + ((t - start) / (end - start)) * (right - left);
    const y = (v) => bottom - (v / yMax) * (bottom - top);

    chart.appendChild(svg('text', { x: 4, y: 14, class: 'axis-title' }, title));
    for (let v = 0; v <= yMax; v += yStep) {
      chart.appendChild(svg('line', { x1: left, x2: right, y1: y(v), y2: y(v), class: v === 0 ? 'axis' : 'grid' }));
      chart.appendChild(svg('text', { x: left - 6, y: y(v) + 4, 'text-anchor': 'end' }, label(v)));
    }
    const xStep = step(end - start, 6, TIME_STEPS);
    for (let t = end; t >= start - 1; t -= xStep) {
      chart.appendChild(svg('line', { x1: x(t), x2: x(t), y1: bottom, y2: bottom + 4, class: 'axis' }));
      const ago = Math.round((end - t) / 1000);
      const text = ago === 0 ? 'now' : '−' + (ago % 60 === 0 ? ago / 60 + ' min' : ago + ' s');
      chart.appendChild(svg('text', { x: x(t), y: bottom + 17, 'text-anchor': t === end ? 'end' : 'middle' }, text));
    }
    chart.appendChild(svg('line', { x1: left, x2: left, y1: top, y2: bottom, class: 'axis' }));

    if (!values.length) {
      const empty = points.length ? 'nothing waiting' : 'no data yet';
      chart.appendChild(svg('text', { x: (left + right) / 2, y: (top + bottom) / 2, 'text-anchor': 'middle', class: 'no-data' }, empty));
      return;
    }
    // one polyline per stretch without gaps; a lone point is drawn as a dot (a zero-length line with round caps)
    let segment = [];
    const flush = () => {
      if (segment.length === 1) {
        segment.push(segment[0]);
      }
      if (segment.length) {
        chart.appendChild(svg('polyline', { class: 'series', points: segment.join(' ') }));
      }
      segment = [];
    };
    let previous = null;
    for (const point of points) {
      const value = valueOf(point);
      if (typeof value !== 'number' || (previous && point.t - previous.t > GAP_MS)) {
        flush();
      }
      if (typeof value === 'number') {
        segment.push(x(point.t).toFixed(1) + ',' + y(value).toFixed(1));
      }
      previous = point;
    }
    flush();
    const last = points[points.length - 1];
    const lastValue = valueOf(last);
    if (typeof lastValue === 'number') {
      chart.appendChild(svg('text', { x: x(last.t) + 4, y: y(lastValue) + 4, class: 'axis-title' }, valueLabel(lastValue)));
    }
  }

  // ---- an agent's tickets ---------------------------------------------------------------------------------------

  const HINTS = {
    400: 'Not an agent id: agent ids are UUIDs',
    401: 'The service refused the token',
    403: 'This token may not read other agents\' tickets',
    404: 'No agent with this id has been seen',
    503: 'The tickets cannot be read right now; try again in a moment',
  };

  function agentMessage(text, kind) {
    const message = $('agent-message');
    message.textContent = text;
    message.className = kind === 'error' ? 'error' : '';
  }

  const when = (seconds) => (typeof seconds === 'number' ? new Date(seconds * 1000).toLocaleString() : '–');

  async function onAgentLookup(event) {
    event.preventDefault();
    const id = $('agent-id').value.trim();
    const table = $('agent-tickets');
    const mine = ++lookup;
    table.hidden = true;
    if (!id) {
      agentMessage('Enter an agent id.', 'error');
      return;
    }
    const token = storedToken();
    if (!token) {
      agentMessage('Paste a supervisor\'s token first.', 'error');
      return;
    }
    agentMessage('Looking up ' + id + '…');
    let tickets;
    try {
      const answer = await fetch(api(encodeURIComponent(id) + '/tickets'), {
        headers: { Authorization: 'Bearer ' + token, Accept: 'application/json' },
        cache: 'no-store',
        credentials: 'omit',
      });
      if (mine !== lookup) {
        return;
      }
      if (!answer.ok) {
        const message = await errorMessage(answer);
        if (mine === lookup) {
          agentMessage((HINTS[answer.status] || 'The look-up failed') + ' (' + answer.status + ' ' + message + ').', 'error');
        }
        return;
      }
      tickets = await answer.json();
    } catch (e) {
      if (mine === lookup) {
        agentMessage('Cannot reach the service.', 'error');
      }
      return;
    }
    if (mine !== lookup) {
      return;
    }
    if (!Array.isArray(tickets)) {
      agentMessage('Unexpected answer from the service.', 'error');
      return;
    }
    const body = $('agent-tickets-body');
    body.replaceChildren();
    for (const ticket of tickets) {
      const row = document.createElement('tr');
      row.dataset.ticket = String(ticket.id);
      const customer = ticket.customer || {};
      const cells = [
        ['id', String(ticket.id)],
        ['status', String(ticket.ticketStatus)],
        ['priority num', count(ticket.priority)],
        ['queue', String(ticket.queue)],
        ['channel', ticket.channel == null ? '–' : String(ticket.channel)],
        ['customer', [customer.firstName, customer.lastName].filter(Boolean).join(' ') || '–'],
        ['created', when(ticket.createdAt)],
        ['assigned', when(ticket.assignedTime)],
      ];
      for (const [cls, text] of cells) {
        const cell = document.createElement(cls === 'id' ? 'th' : 'td');
        if (cls === 'id') {
          cell.scope = 'row';
        }
        cell.className = cls;
        cell.textContent = text;
        row.appendChild(cell);
      }
      body.appendChild(row);
    }
    $('agent-caption').textContent = 'Tickets held by agent ' + id;
    table.hidden = tickets.length === 0;
    agentMessage(tickets.length === 0 ? 'Agent ' + id + ' holds no tickets.'
      : 'Agent ' + id + ' holds ' + tickets.length + (tickets.length === 1 ? ' ticket.' : ' tickets.'));
  }

  // ---- start ---------------------------------------------------------------------------------------------------

  document.addEventListener('DOMContentLoaded', () => {
    $('token-form').addEventListener('submit', onTokenSubmit);
    $('token-forget').addEventListener('click', onTokenForget);
    $('agent-form').addEventListener('submit', onAgentLookup);
    window.addEventListener('online', () => {
      if (storedToken() && $('connection-state').dataset.state === 'reconnecting') {
        connect();
      }
    });
    // the time axis moves on while no event comes (reconnecting)
    setInterval(() => {
      if ($('connection-state').dataset.state !== 'live') {
        drawCharts();
      }
    }, 2000);
    drawCharts();
    const token = storedToken();
    describeToken(token);
    if (token) {
      connect();
    }
  });
})();
