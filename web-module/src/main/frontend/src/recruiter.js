import { api, errorText } from './api.js';
import { signedIn } from './nav.js';
import { describeVerdict } from './judgement.js';
import { say, text } from './dom.js';

// The recruiter's page: their assessments, a form for a new one, invitations (pasted or a CSV file), and
// each candidate's status, time used and best score per task, refreshed every few seconds; a bar per
// candidate shows the total at a glance; one click shows a candidate's code.
const pageMessage = document.getElementById('page-message');
let current = null;
let refreshTimer = null;



function localInput(date) {
  const shifted = new Date(date.getTime() - date.getTimezoneOffset() * 60000);
  return shifted.toISOString().slice(0, 16);
}

async function loadAssessments(selectId) {
  const result = await api('GET', '/api/v1/assessments');
  if (!result.ok) {
    say(pageMessage, result.status === 403 ? `${errorText(result)}` : errorText(result), 'error');
    return false;
  }
  const list = document.getElementById('assessments');
  list.replaceChildren(...result.data.map((assessment) => {
    const item = document.createElement('li');
    const button = text('button', assessment.title, 'link-dark');
    button.type = 'button';
    button.dataset.id = assessment.id;
    button.addEventListener('click', () => select(assessment));
    item.append(button, text('span', ` · ${assessment.tasks.length} tasks · ${assessment.durationMinutes} min`, 'hint'));
    return item;
  }));
  if (result.data.length === 0) {
    list.append(text('li', 'None yet: create one below.', 'hint'));
  }
  const chosen = result.data.find((a) => a.id === selectId);
  if (chosen) {
    select(chosen);
  }
  return true;
}

function select(assessment) {
  current = assessment;
  document.getElementById('detail').hidden = false;
  document.getElementById('detail-title').textContent = assessment.title;
  document.getElementById('detail-facts').textContent = `${assessment.tasks.map((t) => t.title).join(', ')} · `
    + `${assessment.durationMinutes} minutes each · open ${new Date(assessment.opensAt).toLocaleString()} to `
    + `${new Date(assessment.closesAt).toLocaleString()}`;
  document.getElementById('export-csv').href = `/api/v1/assessments/${assessment.id}/candidates.csv`;
  document.getElementById('report-link').href = `reports.html?assessment=${assessment.id}`;
  document.getElementById('similarity-link').href = `similarity.html?assessment=${assessment.id}`;
  document.getElementById('questions-link').href = `/chat/?room=${encodeURIComponent(`assessment:${assessment.id}`)}`;
  const head = document.querySelector('#candidates thead tr');
  head.replaceChildren(...['E-mail', 'Status', 'Time used', ...assessment.tasks.map((t) => t.title), 'Total', 'Link', '']
    .map((label) => text('th', label)));
  document.getElementById('candidate-code').hidden = true;
  clearInterval(refreshTimer);
  refreshTimer = setInterval(loadCandidates, 5000);
  loadCandidates();
  loadMailings();
}

// mass mailings (many invitations at once) go out at the mail server's pace: each shows its progress until done
let mailingTimer = null;

async function loadMailings() {
  clearTimeout(mailingTimer);
  if (!current) {
    return;
  }
  const shown = current.id;
  const result = await api('GET', `/api/v1/assessments/${shown}/mailings`);
  if (!result.ok || !current || current.id !== shown) {
    return;
  }
  const list = document.getElementById('mailings');
  list.replaceChildren(...result.data.map((mailing) => {
    const item = document.createElement('li');
    item.dataset.state = mailing.state;
    const bar = document.createElement('progress');
    bar.max = Math.max(1, mailing.state === 'DONE' ? mailing.queued : mailing.recipients);
    bar.value = mailing.sent + mailing.failed;
    bar.setAttribute('aria-label', `invitations sent of ${mailing.recipients}`);
    const noun = mailing.kind === 'RESULTS' ? 'results' : 'invitations';
    const words = mailing.state === 'DONE'
      ? `${mailing.queued.toLocaleString()} ${noun} mailed`
        + (mailing.queued < mailing.recipients ? ` (${(mailing.recipients - mailing.queued).toLocaleString()} had been before)` : '')
        + (mailing.failed ? ` (${mailing.failed} could not be delivered: see the candidates' addresses)` : '')
      : `Mailing ${mailing.recipients.toLocaleString()} ${noun}: ${mailing.sent.toLocaleString()} sent`
        + (mailing.failed ? `, ${mailing.failed} failed` : '')
        + (mailing.state === 'WAITING' ? ' (waiting to start)' : '');
    item.append(bar, text('span', ` ${words}`));
    return item;
  }));
  if (result.data.some((mailing) => mailing.state !== 'DONE')) {
    mailingTimer = setTimeout(loadMailings, 2000);
  }
}

function duration(seconds) {
  return seconds ? `${Math.floor(seconds / 60)} min ${seconds % 60} s` : '';
}

async function loadCandidates() {
  if (!current) {
    return;
  }
  const result = await api('GET', `/api/v1/assessments/${current.id}/candidates`);
  if (!result.ok) {
    say(pageMessage, errorText(result), 'error');
    return;
  }
  const rows = result.data.map((candidate) => {
    const row = document.createElement('tr');
    row.dataset.email = candidate.email;
    row.dataset.status = candidate.status;
    row.append(text('td', candidate.email), text('td', candidate.status.toLowerCase()),
      text('td', duration(candidate.timeUsedSeconds)));
    for (const score of candidate.scores) {
      row.append(text('td', score.submissions ? String(score.score) : '–'));
    }
    row.append(text('td', String(candidate.total), 'total'));
    const linkCell = document.createElement('td');
    const copy = text('button', 'Copy link', 'link-dark');
    copy.type = 'button';
    copy.addEventListener('click', () => navigator.clipboard && navigator.clipboard.writeText(candidate.link));
    linkCell.append(copy);
    const codeCell = document.createElement('td');
    if (candidate.startedAt) {
      const code = text('button', 'Code', 'link-dark open-code');
      code.type = 'button';
      code.addEventListener('click', () => showCode(candidate));
      codeCell.append(code);
      if (current.proctoring && current.proctoring.mode !== 'OFF') {
        const watch = text('button', 'Proctoring', 'link-dark open-proctoring');
        watch.type = 'button';
        watch.addEventListener('click', () => showProctoring(candidate));
        codeCell.append(' ', watch);
      }
    }
    row.append(linkCell, codeCell);
    return row;
  });
  document.querySelector('#candidates tbody').replaceChildren(...rows);
  drawChart(result.data);
}

// total score per started candidate, highest first: one bar each
function drawChart(candidates) {
  const chart = document.getElementById('score-chart');
  const started = candidates.filter((c) => c.startedAt).sort((a, b) => b.total - a.total);
  const best = Math.max(1, ...started.map((c) => c.total));
  chart.replaceChildren(...started.map((candidate) => {
    const line = document.createElement('div');
    line.className = 'bar-line';
    const bar = document.createElement('span');
    bar.className = 'bar';
    bar.style.width = `${Math.round((candidate.total / best) * 100)}%`;
    line.append(text('span', candidate.email, 'bar-label'), bar, text('span', String(candidate.total), 'bar-value'));
    return line;
  }));
}

const EVENT_LABELS = {
  TAB_AWAY: 'left the tab', WINDOW_AWAY: 'left the window', PASTE: 'pasted', FULLSCREEN_EXIT: 'left full screen',
  CAMERA_LOST: 'camera stopped', SCREEN_SHARE_LOST: 'screen share stopped', NO_FACE: 'no face',
  SEVERAL_FACES: 'several faces',
};
const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attributes, title) {
  const element = document.createElementNS(SVG, tag);
  Object.entries(attributes).forEach(([name, value]) => element.setAttribute(name, value));
  if (title) {
    const tip = document.createElementNS(SVG, 'title');
    tip.textContent = title;
    element.append(tip);
  }
  return element;
}

// one time axis from the first to the last thing recorded: snapshots as ticks, time away as bars, pastes and the
// other events as dots, submissions as diamonds; each with its details on hover
function drawTimeline(data, startedAt, endsAt) {
  const times = [...data.snapshots.map((s) => s.takenAt), ...data.events.map((e) => e.at),
    ...data.submissions.map((s) => s.at)].map((t) => Date.parse(t));
  const from = startedAt ? Date.parse(startedAt) : Math.min(...times);
  const to = Math.max(endsAt ? Math.min(Date.parse(endsAt), Math.max(...times, from + 60000)) : 0,
    ...times, from + 60000);
  const width = 900;
  const x = (t) => 10 + ((Date.parse(t) - from) / (to - from)) * (width - 20);
  const chart = svg('svg', { viewBox: `0 0 ${width} 112`, class: 'timeline', role: 'img',
    'aria-label': 'Snapshots, events and submissions over the candidate\'s time' });
  chart.append(svg('line', { x1: 10, y1: 95, x2: width - 10, y2: 95, class: 'axis' }));
  chart.append(Object.assign(svg('text', { x: 10, y: 107, class: 'lane' }),
    { textContent: new Date(from).toLocaleTimeString() }));
  chart.append(Object.assign(svg('text', { x: width - 10, y: 107, class: 'lane', 'text-anchor': 'end' }),
    { textContent: new Date(to).toLocaleTimeString() }));
  [['snapshots', 20], ['events', 50], ['submissions', 80]].forEach(([label, y]) =>
    chart.append(Object.assign(svg('text', { x: 10, y: y - 8, class: 'lane' }), { textContent: label })));
  data.snapshots.forEach((s) => chart.append(svg('line', { x1: x(s.takenAt), y1: 14, x2: x(s.takenAt), y2: 26,
    class: `tick ${s.kind.toLowerCase()}` }, `${s.kind.toLowerCase()} snapshot ${new Date(s.takenAt).toLocaleTimeString()}`)));
  data.events.forEach((e) => {
    const label = `${EVENT_LABELS[e.kind] || e.kind} ${new Date(e.at).toLocaleTimeString()}`
      + `${e.durationMs != null ? ` for ${Math.round(e.durationMs / 1000)} s` : ''}`
      + `${e.size != null ? ` (${e.size} characters)` : ''}`;
    if (e.durationMs != null) {
      const end = x(e.at);
      const start = Math.max(10, end - (e.durationMs / (to - from)) * (width - 20));
      chart.append(svg('rect', { x: start, y: 44, width: Math.max(2, end - start), height: 12,
        class: `event ${e.kind.toLowerCase()}` }, label));
    } else {
      chart.append(svg('circle', { cx: x(e.at), cy: 50, r: e.kind === 'PASTE' && e.size >= 200 ? 6 : 4,
        class: `event ${e.kind.toLowerCase()}` }, label));
    }
  });
  data.submissions.forEach((s) => {
    const cx = x(s.at);
    chart.append(svg('polygon', { points: `${cx},74 ${cx + 6},80 ${cx},86 ${cx - 6},80`, class: 'submission' },
      `submitted ${s.task} ${new Date(s.at).toLocaleTimeString()}: ${s.verdict || 'judging'}`));
  });
  return chart;
}

async function showProctoring(candidate) {
  const box = document.getElementById('candidate-proctoring');
  box.hidden = false;
  document.getElementById('candidate-proctoring-title').textContent = `Proctoring of ${candidate.email}`;
  const result = await api('GET', `/api/v1/assessments/${current.id}/candidates/${candidate.id}/proctoring`);
  const summary = document.getElementById('candidate-proctoring-summary');
  if (!result.ok) {
    say(summary, errorText(result), 'error');
    return;
  }
  const data = result.data;
  say(summary, `${data.summary.text[0].toUpperCase()}${data.summary.text.slice(1)}.`, 'hint');
  document.getElementById('candidate-proctoring-timeline').replaceChildren(
    drawTimeline(data, candidate.startedAt, candidate.endsAt));
  document.getElementById('candidate-proctoring-strip').replaceChildren(...data.snapshots.map((snapshot) => {
    const figure = document.createElement('figure');
    const image = document.createElement('img');
    image.src = snapshot.image;
    image.loading = 'lazy';
    image.width = 160;
    image.height = 120;
    image.alt = `${snapshot.kind.toLowerCase()} snapshot at ${new Date(snapshot.takenAt).toLocaleTimeString()}`;
    figure.append(image, text('figcaption', new Date(snapshot.takenAt).toLocaleTimeString()));
    return figure;
  }));
  box.scrollIntoView({ block: 'start' });
}

async function showCode(candidate) {
  const result = await api('GET', `/api/v1/assessments/${current.id}/candidates/${candidate.id}/submissions`);
  const box = document.getElementById('candidate-code');
  box.hidden = false;
  document.getElementById('candidate-code-title').textContent = `Submissions of ${candidate.email}`;
  const list = document.getElementById('candidate-code-list');
  if (!result.ok) {
    list.replaceChildren(text('p', errorText(result), 'message error'));
    return;
  }
  list.replaceChildren(...result.data.map((submission) => {
    const item = document.createElement('article');
    item.className = 'candidate-submission';
    item.append(text('h4', `${submission.taskTitle} · ${submission.language} · `
      + `${submission.status === 'JUDGED' ? describeVerdict(submission.verdict) : submission.status.toLowerCase()}`
      + `${submission.score === null || submission.score === undefined ? '' : ` · ${submission.score} / ${submission.maxScore}`}`
      + ` · ${new Date(submission.submittedAt).toLocaleString()}`), text('pre', submission.source, 'code'));
    return item;
  }));
  if (result.data.length === 0) {
    list.append(text('p', 'No submissions.', 'hint'));
  }
}

async function invite() {
  const message = document.getElementById('invite-message');
  const result = await api('POST', `/api/v1/assessments/${current.id}/invitations`,
    {
      addresses: document.getElementById('invite-addresses').value,
      sendEmail: document.getElementById('invite-email').checked,
      language: document.getElementById('invite-language').value,
    });
  if (!result.ok) {
    say(message, errorText(result), 'error');
    return;
  }
  const data = result.data;
  say(message, `${data.invited} invited` + (data.alreadyInvited ? `, ${data.alreadyInvited} already were` : '')
    + (data.invalid.length ? `; not addresses: ${data.invalid.join(', ')}` : '')
    + (data.invalid.length ? ' (check those and invite them again)' : '')
    + (data.mailing ? `. ${data.emailed} invitation e-mails go out at the mail server's pace (progress below);`
      : data.emailed ? `. ${data.emailed} invitation e-mail${data.emailed === 1 ? ' is' : 's are'} on the way;`
      : '.')
    + ' their personal links are also in the table and in the CSV export.',
  // some invited and some not is a partial success: a warning, not an error; nobody invited is an error
  data.invalid.length ? (data.invited || data.alreadyInvited ? 'warning' : 'error') : 'ok');
  document.getElementById('invite-addresses').value = '';
  loadCandidates();
  loadMailings();
}

async function releaseResults() {
  const message = document.getElementById('results-message');
  const result = await api('POST', `/api/v1/assessments/${current.id}/results`, {
    note: document.getElementById('results-note').value,
    language: document.getElementById('invite-language').value,
  });
  if (!result.ok) {
    say(message, errorText(result), 'error');
    return;
  }
  say(message, `Released: ${result.data.candidates} candidate${result.data.candidates === 1 ? '' : 's'} will get `
    + 'their results by e-mail (progress under the invitations).', 'ok');
  loadMailings();
}

async function create(event) {
  event.preventDefault();
  const message = document.getElementById('create-message');
  const tasks = [...document.querySelectorAll('#create-tasks input:checked')].map((box) => box.value);
  const result = await api('POST', '/api/v1/assessments', {
    title: document.getElementById('create-title').value,
    tasks,
    durationMinutes: Number(document.getElementById('create-duration').value),
    opensAt: new Date(document.getElementById('create-opens').value).toISOString(),
    closesAt: new Date(document.getElementById('create-closes').value).toISOString(),
    proctoring: {
      mode: document.getElementById('create-proctoring').value,
      snapshotSeconds: Number(document.getElementById('create-snapshot-seconds').value),
      retentionDays: Number(document.getElementById('create-retention-days').value),
    },
  });
  if (!result.ok) {
    say(message, errorText(result), 'error');
    return;
  }
  say(message, 'Created: now invite your candidates.', 'ok');
  await loadAssessments(result.data.id);
}

async function start() {
  if (!(await signedIn('recruiter.html'))) {
    return;
  }
  if (!(await loadAssessments(null))) {
    document.body.dataset.ready = 'true';
    return;
  }
  const [tasks, own] = await Promise.all([api('GET', '/api/v1/tasks'), api('GET', '/api/v1/task-packages/tasks')]);
  const fieldset = document.getElementById('create-tasks');
  // the recruiter's own published tasks first (private: only their assessments use them), then the public ones
  const mine = (own.ok ? own.data : []).filter((task) => task.status === 'PUBLISHED' && task.private);
  for (const task of mine) {
    const label = document.createElement('label');
    label.className = 'check';
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.value = task.slug;
    label.append(box, ` ${task.title} (yours, private)`);
    fieldset.append(label);
  }
  for (const task of tasks.data || []) {
    const label = document.createElement('label');
    label.className = 'check';
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.value = task.slug;
    label.append(box, ` ${task.title} (${task.difficulty.toLowerCase()})`);
    fieldset.append(label);
  }
  const studio = document.createElement('p');
  studio.className = 'hint';
  studio.innerHTML = 'Need a task of your own? <a href="/task-studio.html">Write one, or import a problem package</a>.';
  fieldset.append(studio);
  const now = new Date();
  document.getElementById('create-opens').value = localInput(now);
  document.getElementById('create-closes').value = localInput(new Date(now.getTime() + 7 * 24 * 3600 * 1000));
  document.getElementById('create-form').addEventListener('submit', create);
  document.getElementById('invite-submit').addEventListener('click', invite);
  document.getElementById('results-release').addEventListener('click', releaseResults);
  document.getElementById('invite-file').addEventListener('change', async (event) => {
    const file = event.target.files[0];
    if (file) {
      document.getElementById('invite-addresses').value = await file.text();
    }
  });
  document.body.dataset.ready = 'true';
}

start();
