// The admin console: lanes (runner type and class), runners, autoscaling, alerts, jobs, dead letters, the database,
// what ADMINs did, and charts of the last hour (sampled by the server every 10 s, so that they survive a reload).
// The live parts are pushed over the socket every 2 s (polled while it is down); the rest is read every 5 s.
import { onPush, watch } from './push.js';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { api, errorText } from './api.js';
import { cell } from './dom.js';
import { signedIn } from './nav.js';

const REFRESH_MILLIS = 2000;
const HISTORY_MILLIS = 10000;
const SLOW_MILLIS = 5000;
const message = document.getElementById('page-message');
const charts = {};

function say(text, kind) {
  message.textContent = text;
  message.className = `message ${kind}`;
}

async function act(path, question, done, method = 'POST') {
  if (question && !window.confirm(question)) {
    return;
  }
  const result = await api(method, path);
  const note = document.getElementById('action-message');
  note.textContent = result.ok ? done : errorText(result);
  note.className = `message ${result.ok ? 'ok' : 'error'}`;
  await refresh();
}

function actionCell(label, onClick) {
  const td = document.createElement('td');
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'secondary';
  button.textContent = label;
  button.addEventListener('click', onClick);
  td.append(button);
  return td;
}

// Rows are updated in place when their actions stay the same (data-sig), so that a button someone is about to press
// is not replaced under the pointer every two seconds; only rows whose actions changed are rebuilt.
function syncRows(tbody, rows) {
  const existing = new Map([...tbody.querySelectorAll('tr[data-key]')].map((row) => [row.dataset.key, row]));
  const kept = rows.map((row) => {
    const old = row.dataset.key === undefined ? null : existing.get(row.dataset.key);
    if (!old || old.dataset.sig !== row.dataset.sig || old.cells.length !== row.cells.length) {
      return row;
    }
    for (let i = 0; i < row.cells.length - 1; i += 1) {
      if (old.cells[i].textContent !== row.cells[i].textContent || old.cells[i].className !== row.cells[i].className) {
        old.cells[i].textContent = row.cells[i].textContent;
        old.cells[i].className = row.cells[i].className;
      }
    }
    Object.entries(row.dataset).forEach(([name, value]) => { old.dataset[name] = value; });
    return old;
  });
  if (kept.length !== tbody.children.length || kept.some((row, i) => tbody.children[i] !== row)) {
    tbody.replaceChildren(...kept);
  }
}

// a table's one row that says why it is empty
function emptyRow(text, columns) {
  const tr = document.createElement('tr');
  const td = cell(text);
  td.colSpan = columns;
  tr.append(td);
  return tr;
}

const percentiles = (a, b, c) => (a === null || a === undefined ? '–' : `${a} / ${b} / ${c}`);

function renderLanes(snapshot, latest) {
  const rates = new Map((latest ? latest.lanes : []).map((lane) => [`${lane.runnerType}|${lane.priorityClass}`, lane]));
  const rows = snapshot.queues.map((line) => {
    const tr = document.createElement('tr');
    const rate = rates.get(`${line.runnerType}|${line.priorityClass}`);
    const wait = line.waitMillis;
    const trip = line.roundTripMillis;
    tr.dataset.lane = `${line.runnerType}|${line.priorityClass}`;
    tr.dataset.paused = String(line.paused);
    tr.dataset.key = tr.dataset.lane;
    tr.dataset.sig = String(line.paused);
    const lanePath = `/api/v1/admin/lanes/${encodeURIComponent(line.runnerType)}/${line.priorityClass}`;
    const name = `${line.runnerType} · ${line.priorityClass}`;
    tr.append(cell(line.runnerType), cell(line.paused ? `${line.priorityClass} (paused)` : line.priorityClass,
      line.paused ? 'state dead' : ''), cell(String(line.depth)),
      cell(line.depth > 0 ? `${(line.oldestWaitMillis / 1000).toFixed(1)} s` : '–'),
      cell(rate ? rate.arrivedPerSecond.toFixed(2) : '–'), cell(rate ? rate.dispatchedPerSecond.toFixed(2) : '–'),
      cell(rate ? rate.finishedPerSecond.toFixed(2) : '–'),
      cell(wait ? percentiles(wait.p50, wait.p90, wait.p99) : '–'),
      cell(trip ? percentiles(trip.p50, trip.p90, trip.p99) : '–'),
      line.paused
        ? actionCell('Resume', () => act(`${lanePath}/resume`, null, `${name} goes on.`))
        : actionCell('Pause', () => act(`${lanePath}/pause`, `Pause ${name}? Its runs are accepted and wait until `
          + 'you resume it.', `${name} is paused: its runs wait.`)));
    return tr;
  });
  syncRows(document.querySelector('#lanes tbody'), rows);
}

// runners the platform's provider started: they can be stopped (after draining) and restarted from here
let managedRunners = new Set();

function runnerActions(runner) {
  const td = document.createElement('td');
  const id = encodeURIComponent(runner.runnerId);
  const button = (label, onClick) => {
    const element = document.createElement('button');
    element.type = 'button';
    element.className = 'secondary';
    element.textContent = label;
    element.addEventListener('click', onClick);
    td.append(element, ' ');
  };
  if (runner.state === 'DRAINING' || runner.state === 'DRAINED') {
    button('Back in service', () => act(`/api/v1/admin/runners/${id}/resume`, null, `${runner.runnerId} takes jobs again.`));
  } else {
    button('Drain', () => act(`/api/v1/admin/runners/${id}/drain`,
      `Drain ${runner.runnerId}? It finishes its current job and takes no more until you put it back.`,
      `${runner.runnerId} is draining.`));
  }
  if (managedRunners.has(runner.runnerId)) {
    button('Stop', () => act(`/api/v1/admin/runners/${id}/stop`, `Stop ${runner.runnerId}? It finishes its current `
      + 'job, takes no more, and its process ends.', `${runner.runnerId} is draining and then stops.`));
    button('Restart', () => act(`/api/v1/admin/runners/${id}/restart`, `Restart ${runner.runnerId}? Its current job, `
      + 'if any, goes back to the front of its line.', `${runner.runnerId} is restarting.`));
  }
  return td;
}

function renderRunners(snapshot) {
  const rows = snapshot.runners.map((runner) => {
    const tr = document.createElement('tr');
    tr.dataset.runner = runner.runnerId;
    tr.dataset.state = runner.state;
    tr.dataset.key = runner.runnerId;
    tr.dataset.sig = `${runner.state.startsWith('DRAIN')}|${managedRunners.has(runner.runnerId)}`;
    const beat = runner.lastHeartbeat ? `${Math.round((Date.now() - Date.parse(runner.lastHeartbeat)) / 1000)} s ago` : '–';
    tr.append(cell(runner.runnerId), cell(runner.host || ''), cell(runner.state.toLowerCase(), `state ${runner.state.toLowerCase()}`),
      cell(runner.currentRunId ? `run ${runner.currentRunId}` : '–'), cell(beat), cell(String(runner.jobsDone)),
      cell(String(runner.jobsFailed)), cell(runner.runnerTypes.join(', ')), runnerActions(runner));
    return tr;
  });
  syncRows(document.querySelector('#runners tbody'), rows);
}

function renderReplica(replica) {
  const list = document.getElementById('replica');
  const entries = replica.reachable
    ? [['Read replica', 'reachable'], ['Replay lag', `${replica.lagMillis} ms`],
      ['Last replayed', replica.lastReplayedAt === 'null' ? '–' : new Date(replica.lastReplayedAt).toLocaleTimeString()]]
    : [['Read replica', replica.error]];
  list.replaceChildren(...entries.flatMap(([term, value]) => {
    const dt = document.createElement('dt');
    dt.textContent = term;
    const dd = document.createElement('dd');
    dd.textContent = value;
    return [dt, dd];
  }));
}

function renderAlerts(alerts) {
  const line = (alert) => {
    const item = document.createElement('li');
    item.className = `alert ${alert.severity}`;
    item.textContent = `${alert.rule}: ${alert.summary} · since ${new Date(alert.startsAt).toLocaleTimeString()}`
      + (alert.endsAt ? ` · resolved ${new Date(alert.endsAt).toLocaleTimeString()}` : '');
    return item;
  };
  const firing = document.getElementById('alerts-firing');
  firing.replaceChildren(...alerts.firing.map(line));
  if (alerts.firing.length === 0) {
    const none = document.createElement('li');
    none.textContent = 'Nothing is firing.';
    firing.append(none);
  }
  document.getElementById('alerts-resolved').replaceChildren(...alerts.resolved.map(line));
}

function renderSchedule(jobs) {
  const rows = jobs.map((job) => {
    const last = job.runs[0];
    const row = document.createElement('tr');
    row.dataset.key = job.name;
    const cells = [job.name, job.schedule, job.nextRun ? new Date(job.nextRun).toLocaleString() : '–',
      last ? new Date(last.startedAt).toLocaleString() : 'never', last ? `${last.durationMillis} ms` : '–',
      last ? last.outcome : '–', last ? `${last.detail} (${last.server})` : job.description];
    for (const text of cells) {
      const cell = document.createElement('td');
      cell.textContent = text;
      row.append(cell);
    }
    if (last && last.outcome !== 'OK') {
      row.children[5].classList.add(last.outcome === 'FAILED' ? 'error' : 'warning');
    }
    row.append(actionCell('Run now', () => act(`/api/v1/admin/schedule/${encodeURIComponent(job.name)}/run`,
      `Run ${job.name} now, besides its schedule?`, `${job.name} ran; its outcome shows in the table.`)));
    return row;
  });
  syncRows(document.querySelector('#schedule tbody'), rows.length ? rows : [emptyRow('No scheduled jobs.', 8)]);
}

async function refreshSchedule() {
  const schedule = await api('GET', '/api/v1/admin/schedule');
  if (schedule.ok) {
    renderSchedule(schedule.data.jobs);
  }
}

function renderAudit(entries) {
  const list = document.getElementById('audit');
  list.replaceChildren(...entries.map((entry) => {
    const item = document.createElement('li');
    item.textContent = `${new Date(entry.at).toLocaleString()} · ${entry.username} · ${entry.action} · ${entry.target}`
      + `${entry.detail ? ` · ${entry.detail}` : ''}${entry.address ? ` · from ${entry.address}` : ''}`;
    return item;
  }));
  if (entries.length === 0) {
    const none = document.createElement('li');
    none.textContent = 'Nothing yet.';
    list.append(none);
  }
}

const DECISION_WORDS = { ADD: 'add', REMOVE: 'remove', HOLD: 'hold' };

let scalingFormDirty = false;

function renderScaling(status) {
  managedRunners = new Set(status.managed);
  const targets = Object.entries(status.targetMillis).map(([type, millis]) => `${type} ${millis} ms`).join(', ');
  document.getElementById('scaling-state').textContent = `${status.enabled ? 'On' : 'Off'}: between ${status.min} `
    + `and ${status.max} runners, p95 round trip target ${status.defaultTargetMillis} ms${targets ? ` (${targets})` : ''}; `
    + `provider “${status.provider}”${status.providerActs ? '' : ' (recommends only: it cannot start runners here)'}`
    + (status.holder ? `; ${status.current} runner${status.current === 1 ? '' : 's'} counted`
      + (status.stopping.length ? `, stopping ${status.stopping.join(', ')}` : '') : '; evaluated by the server '
      + 'that holds the matchmaker');
  document.body.dataset.scaling = status.enabled ? 'on' : 'off';
  if (!scalingFormDirty) {
    document.getElementById('scaling-enabled').checked = status.enabled;
    document.getElementById('scaling-min').value = status.min;
    document.getElementById('scaling-max').value = status.max;
  }
  const latest = status.latest;
  document.getElementById('scaling-latest').textContent = latest
    ? `Now (${new Date(latest.at).toLocaleTimeString()}): ${DECISION_WORDS[latest.action]} — ${latest.reason}`
      + (latest.outcome ? ` (${latest.outcome})` : '')
    : '';
  const rows = status.decisions.map((decision) => {
    const tr = document.createElement('tr');
    tr.dataset.action = decision.action;
    tr.append(cell(new Date(decision.at).toLocaleTimeString()), cell(DECISION_WORDS[decision.action]),
      cell(`${decision.from} → ${decision.to}`), cell(decision.reason), cell(decision.outcome));
    return tr;
  });
  if (rows.length === 0) {
    rows.push(emptyRow('No decision yet: the autoscaler acts once it is on and the load calls for it.', 5));
  }
  document.querySelector('#scaling-decisions tbody').replaceChildren(...rows);
}

function wireScaling() {
  const form = document.getElementById('scaling-form');
  form.addEventListener('input', () => { scalingFormDirty = true; });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const result = await api('PUT', '/api/v1/admin/scaling', {
      enabled: document.getElementById('scaling-enabled').checked,
      min: Number(document.getElementById('scaling-min').value),
      max: Number(document.getElementById('scaling-max').value),
    });
    const note = document.getElementById('action-message');
    note.textContent = result.ok ? `Autoscaling is ${result.data.enabled ? 'on' : 'off'}, between ${result.data.min} `
      + `and ${result.data.max} runners.` : errorText(result);
    note.className = `message ${result.ok ? 'ok' : 'error'}`;
    if (result.ok) {
      scalingFormDirty = false;
      renderScaling(result.data);
    }
  });
}

const RUNNER_STATES = ['IDLE', 'BUSY', 'DRAINING', 'DRAINED'];

function drawRunnerChart(samples) {
  const element = document.getElementById('chart-runners');
  const data = [samples.map((s) => Date.parse(s.at) / 1000),
    ...RUNNER_STATES.map((state) => samples.map((s) => (s.runnersByState || {})[state] || 0))];
  if (charts.runners) {
    charts.runners.plot.setData(data);
    return;
  }
  charts.runners = { plot: new uPlot({
    width: Math.max(280, element.clientWidth || 480), height: 220,
    series: [{}, ...RUNNER_STATES.map((state, i) => ({ label: state.toLowerCase(), stroke: PALETTE[i], width: 2 }))],
    axes: [{}, { size: 60 }],
  }, data, element) };
}

// one series per lane, over the samples' times; a lane that appears later is null before it
function seriesOf(samples, value) {
  const keys = [...new Set(samples.flatMap((s) => s.lanes.map((l) => `${l.runnerType}|${l.priorityClass}`)))].sort();
  const times = samples.map((s) => Date.parse(s.at) / 1000);
  const columns = keys.map((key) => samples.map((s) => {
    const lane = s.lanes.find((l) => `${l.runnerType}|${l.priorityClass}` === key);
    return lane ? value(lane) : null;
  }));
  return { keys, data: [times, ...columns] };
}

const PALETTE = ['#3559e0', '#2e9e4c', '#d0453b', '#8a6100', '#7b3fc4', '#0f8b8d', '#c4368d', '#5a6275'];

function drawChart(id, samples, value) {
  const element = document.getElementById(id);
  const { keys, data } = seriesOf(samples, value);
  const signature = keys.join(',');
  const width = Math.max(280, element.clientWidth || 480);
  if (charts[id] && charts[id].signature === signature) {
    charts[id].plot.setData(data);
    return;
  }
  if (charts[id]) {
    charts[id].plot.destroy();
  }
  const options = {
    width, height: 220,
    series: [{}, ...keys.map((key, i) => ({ label: key.replace('|', ' · '), stroke: PALETTE[i % PALETTE.length], width: 2 }))],
    axes: [{}, { size: 60 }],
  };
  charts[id] = { signature, plot: new uPlot(options, data, element) };
}

async function refreshJobs() {
  const query = new URLSearchParams();
  for (const [name, id] of [['type', 'jobs-type'], ['class', 'jobs-class'], ['user', 'jobs-user'], ['olderThan', 'jobs-older']]) {
    const value = document.getElementById(id).value.trim();
    if (value) {
      query.set(name, value);
    }
  }
  const result = await api('GET', `/api/v1/admin/jobs?${query}`);
  const note = document.getElementById('jobs-message');
  if (!result.ok) {
    note.textContent = errorText(result);
    note.className = 'message error';
    return;
  }
  const rows = result.data.map((job) => {
    const tr = document.createElement('tr');
    tr.dataset.run = String(job.runId);
    tr.dataset.key = String(job.runId);
    tr.dataset.sig = `${job.status}|${job.priorityClass}`;
    tr.append(cell(String(job.runId)), cell(job.username), cell(job.language), cell(job.priorityClass),
      cell(job.status.toLowerCase()), cell(new Date(job.acceptedAt).toLocaleTimeString()), cell(job.runnerId || '–'),
      jobActions(job));
    return tr;
  });
  syncRows(document.querySelector('#jobs tbody'), rows);
  note.textContent = rows.length ? `${rows.length} waiting or running, oldest first` : 'Nothing waits or runs.';
  note.className = 'message hint';
}

const CLASSES = ['INTERACTIVE', 'ASSESSMENT', 'CONTEST', 'PRACTICE', 'REJUDGE'];

// a waiting run: stop it, or move it to another class; a running one: stop it (its runner ends it)
function jobActions(job) {
  const td = document.createElement('td');
  const stop = document.createElement('button');
  stop.type = 'button';
  stop.className = 'secondary';
  stop.textContent = 'Stop';
  stop.addEventListener('click', () => act(`/api/v1/admin/jobs/${job.runId}/stop`, `Stop run ${job.runId} of `
    + `${job.username}? It ends with the verdict STOPPED${job.status === 'RUNNING' ? ' (its runner ends it now)' : ' and does not run'}.`,
    `Run ${job.runId} is stopped.`));
  td.append(stop);
  if (job.status === 'QUEUED') {
    const select = document.createElement('select');
    select.setAttribute('aria-label', `Class for run ${job.runId}`);
    select.className = 'move-class';
    for (const name of CLASSES) {
      const option = document.createElement('option');
      option.value = name;
      option.textContent = name;
      option.selected = name === job.priorityClass;
      select.append(option);
    }
    const move = document.createElement('button');
    move.type = 'button';
    move.className = 'secondary';
    move.textContent = 'Move';
    move.addEventListener('click', async () => {
      const result = await api('POST', `/api/v1/admin/jobs/${job.runId}/move`, { priorityClass: select.value });
      const note = document.getElementById('action-message');
      note.textContent = result.ok ? `Run ${job.runId} waits in ${select.value} now.` : errorText(result);
      note.className = `message ${result.ok ? 'ok' : 'error'}`;
      await refresh();
    });
    td.append(' ', select, ' ', move);
  }
  return td;
}

async function refreshDeadLetters() {
  const result = await api('GET', '/api/v1/admin/dead-letters');
  if (!result.ok) {
    return;
  }
  const rows = result.data.map((letter) => {
    const tr = document.createElement('tr');
    tr.dataset.run = String(letter.runId);
    tr.dataset.key = String(letter.runId);
    tr.dataset.sig = 'dead';
    const td = document.createElement('td');
    const retry = document.createElement('button');
    retry.type = 'button';
    retry.className = 'secondary';
    retry.textContent = 'Retry';
    retry.addEventListener('click', () => act(`/api/v1/admin/dead-letters/${letter.runId}/retry`, null,
      `Run ${letter.runId} waits for a runner again.`));
    const purge = document.createElement('button');
    purge.type = 'button';
    purge.className = 'secondary';
    purge.textContent = 'Purge';
    purge.addEventListener('click', () => act(`/api/v1/admin/dead-letters/${letter.runId}`, null,
      `Run ${letter.runId} left the dead letters.`, 'DELETE'));
    td.append(retry, ' ', purge);
    tr.append(cell(String(letter.runId)), cell(letter.username), cell(letter.language), cell(letter.priorityClass),
      cell(new Date(letter.finishedAt).toLocaleString()), cell(String(letter.attempts)), cell(letter.reason), td);
    return tr;
  });
  if (rows.length === 0) {
    rows.push(emptyRow('None: every run of the last week ended with its own verdict.', 8));
  }
  syncRows(document.querySelector('#dead-letters tbody'), rows);
  document.getElementById('dead-letters-purge').disabled = result.data.length === 0;
}

let latestSample = null;
let samples = [];

function drawCharts() {
  drawChart('chart-depth', samples, (lane) => lane.depth);
  drawChart('chart-trip', samples, (lane) => lane.roundTripP90);
  drawRunnerChart(samples);
  document.body.dataset.samples = String(samples.length);
}

// the last hour, once at the start (the server keeps it, so it survives a reload); then samples come pushed
async function refreshHistory() {
  const history = await api('GET', '/api/v1/admin/history');
  if (!history.ok) {
    return;
  }
  samples = history.data;
  latestSample = samples.length ? samples[samples.length - 1] : null;
  drawCharts();
}

// what the server pushes every 2 s over the socket (or what polling reads while the socket is down)
function renderLive(snapshot, alerts, scaling) {
  if (scaling) {
    renderScaling(scaling);
  }
  say('', '');
  document.getElementById('holder').textContent = snapshot.leaseEpoch > 0
    ? `This server (${snapshot.serverId}) holds the matchmaker (lease epoch ${snapshot.leaseEpoch}).`
    : `Another server holds the matchmaker: its lanes and runners are shown on that server's console.`;
  renderLanes(snapshot, latestSample);
  renderRunners(snapshot);
  if (alerts) {
    renderAlerts(alerts);
  }
}

// the parts that change on an action or slowly: jobs, dead letters, the audit log, the replica
function renderPools(pools) {
  const items = pools.map((pool) => {
    const item = document.createElement('li');
    item.dataset.pool = pool.name;
    const used = pool.inUse === null || pool.inUse === undefined ? '?' : pool.inUse;
    item.textContent = `${pool.name}: ${used} in use${pool.maxSize ? ` of ${pool.maxSize}` : ''}`
      + `${pool.free === null || pool.free === undefined ? '' : `, ${pool.free} free`}`;
    return item;
  });
  if (items.length === 0) {
    const none = document.createElement('li');
    none.textContent = 'No pool statistics on this server.';
    items.push(none);
  }
  document.getElementById('pools').replaceChildren(...items);
}

async function refreshSlow() {
  const [replica, audit, pools] = await Promise.all([api('GET', '/api/v1/admin/replica'),
    api('GET', '/api/v1/admin/audit?limit=20'), api('GET', '/api/v1/admin/pools')]);
  if (pools.ok) {
    renderPools(pools.data);
  }
  if (replica.ok) {
    renderReplica(replica.data);
  }
  if (audit.ok) {
    renderAudit(audit.data);
  }
  await refreshJobs();
  await refreshDeadLetters();
  await refreshSchedule();
}

async function refresh() {
  const [snapshot, alerts, scaling] = await Promise.all([api('GET', '/api/v1/admin/matchmaker'),
    api('GET', '/api/v1/admin/alerts'), api('GET', '/api/v1/admin/scaling')]);
  if (!snapshot.ok) {
    say(errorText(snapshot), 'error');
    document.getElementById('live').hidden = true;
    return;
  }
  renderLive(snapshot.data, alerts.ok ? alerts.data : null, scaling.ok ? scaling.data : null);
  await refreshSlow();
  document.body.dataset.ready = 'true';
}

// the push socket: the server sends the console's live parts every 2 s; on a drop, back-off and polling meanwhile
let pushed = false;

function connectPush() {
  onPush((message) => {
    if (message.type === 'push-closed') {
      pushed = false;
      document.body.dataset.push = 'down';
      return;
    }
    if (message.type !== 'console') {
      return;
    }
    pushed = true;
    document.body.dataset.push = 'live';
    document.getElementById('live').hidden = false;
    if (message.sample && (!latestSample || message.sample.at !== latestSample.at)) {
      samples.push(message.sample);
      while (samples.length > 360) {
        samples.shift();
      }
      latestSample = message.sample;
      drawCharts();
    }
    renderLive(message.matchmaker, message.alerts, message.scaling);
  });
  watch('console');
}

async function showMaintenance() {
  const status = await api('GET', '/api/v1/status');
  const notice = status.ok ? status.data.maintenance : null;
  const state = document.getElementById('maintenance-state');
  state.textContent = notice ? `On since ${new Date(notice.since).toLocaleString()}: “${notice.message}”` : 'Off.';
  state.className = `message ${notice ? 'warning' : 'hint'}`;
}

function wireMaintenance() {
  document.getElementById('maintenance-start').addEventListener('click', async () => {
    const result = await api('PUT', '/api/v1/admin/maintenance',
      { message: document.getElementById('maintenance-message').value });
    if (!result.ok) {
      say(errorText(result), 'error');
      return;
    }
    await showMaintenance();
  });
  document.getElementById('maintenance-end').addEventListener('click', async () => {
    await api('DELETE', '/api/v1/admin/maintenance');
    await showMaintenance();
  });
}

async function start() {
  const me = await signedIn('admin/');
  if (!me) {
    return;
  }
  wireMaintenance();
  wireScaling();
  await showMaintenance();
  const links = await api('GET', '/api/v1/admin/links');
  const broker = document.getElementById('broker-console');
  if (links.ok && links.data.brokerConsole) {
    const anchor = document.createElement('a');
    anchor.href = links.data.brokerConsole;
    anchor.id = 'broker-console-link';
    anchor.textContent = 'the Artemis console';
    broker.append('Queues as the broker sees them: ', anchor,
      ' (on the broker\'s machine only; log in with the broker\'s user and password).');
  } else {
    broker.textContent = 'The broker\'s own console is not running on this installation.';
  }
  await refreshHistory();
  document.getElementById('dead-letters-purge').addEventListener('click', () => act('/api/v1/admin/dead-letters',
    'Purge every dead letter from this list? The runs stay as they ended.', 'The dead letters are purged.', 'DELETE'));
  document.getElementById('jobs-filter').addEventListener('submit', (event) => {
    event.preventDefault();
    refreshJobs();
  });
  await refresh();
  connectPush();
  // polling only while the socket is down; the slow parts every 5 s either way
  setInterval(() => { if (!pushed) { refresh(); } }, REFRESH_MILLIS);
  setInterval(() => { if (!pushed) { refreshHistory(); } }, HISTORY_MILLIS);
  setInterval(() => { if (pushed) { refreshSlow(); } }, SLOW_MILLIS);
}

start();
