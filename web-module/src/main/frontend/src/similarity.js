import { api, errorText } from './api.js';
import { cell, say, text } from './dom.js';
import { signedIn } from './nav.js';

// Similarity checks of an assessment (?assessment=ID: its recruiter, ADMINs) or a contest (?contest=SLUG: ADMINs):
// start one for a task, follow its progress, list the pairs at or above the threshold with a bar each, and open a
// pair side by side with its matched regions in matching colours. ?check=ID and &pair=ID open those directly.
const params = new URLSearchParams(location.search);
const scope = params.has('contest')
  ? { query: `contest=${encodeURIComponent(params.get('contest'))}`, body: { contest: params.get('contest') },
    about: `/api/v1/contests/${encodeURIComponent(params.get('contest'))}` }
  : { query: `assessment=${encodeURIComponent(params.get('assessment') || '')}`,
    body: { assessment: Number(params.get('assessment')) }, about: '/api/v1/assessments' };
const REGION_COLOURS = 8;
let pollTimer = null;
let shownCheck = null;


function percent(share) {
  return `${Math.round(share * 100)} %`;
}

function setQuery(changes) {
  const next = new URLSearchParams(location.search);
  Object.entries(changes).forEach(([key, value]) => (value === null ? next.delete(key) : next.set(key, value)));
  history.replaceState(null, '', `?${next}`);
}

async function loadScope() {
  const result = await api('GET', scope.about);
  if (!result.ok) {
    say(document.getElementById('page-message'), errorText(result), 'error');
    return false;
  }
  let title;
  let tasks;
  if (params.has('contest')) {
    title = result.data.title;
    tasks = result.data.tasks || [];
  } else {
    const assessment = result.data.find((a) => String(a.id) === params.get('assessment'));
    if (!assessment) {
      say(document.getElementById('page-message'), 'This assessment is not one of yours: open it from the '
        + 'assessments page.', 'error');
      return false;
    }
    title = assessment.title;
    tasks = assessment.tasks;
  }
  document.getElementById('similarity-title').textContent = `Similarity — ${title}`;
  document.title = `CodeArena — similarity — ${title}`;
  const select = document.getElementById('check-task');
  select.replaceChildren(...tasks.map((task) => {
    const option = text('option', task.title);
    option.value = task.slug;
    return option;
  }));
  return true;
}

async function loadChecks() {
  const result = await api('GET', `/api/v1/similarity?${scope.query}`);
  const list = document.getElementById('checks');
  if (!result.ok) {
    list.replaceChildren(text('li', errorText(result), 'error'));
    return;
  }
  list.replaceChildren(...result.data.map((check) => {
    const item = document.createElement('li');
    const button = text('button', `${check.task} · ${new Date(check.createdAt).toLocaleString()}`, 'link-dark');
    button.type = 'button';
    button.addEventListener('click', () => showCheck(check.id));
    item.append(button, text('span', ` · ${describeState(check)}`, 'hint'));
    return item;
  }));
  if (result.data.length === 0) {
    list.append(text('li', 'None yet.', 'hint'));
  }
}

function describeState(check) {
  switch (check.state) {
    case 'QUEUED': return 'waiting for a server';
    case 'RUNNING': return `${check.phase}${check.total ? ` (${check.done.toLocaleString()} of ${check.total.toLocaleString()})` : ''}`;
    case 'FAILED': return `failed: ${check.error}`;
    default: return `${check.submissions} submissions, ${check.phase}`;
  }
}

async function showCheck(id) {
  clearTimeout(pollTimer);
  shownCheck = id;
  setQuery({ check: id });
  const result = await api('GET', `/api/v1/similarity/${encodeURIComponent(id)}`);
  const section = document.getElementById('check');
  const state = document.getElementById('check-state');
  section.hidden = false;
  if (!result.ok) {
    say(state, errorText(result), 'error');
    return;
  }
  if (shownCheck !== id) {
    return;
  }
  const check = result.data;
  section.dataset.state = check.state;
  document.getElementById('check-heading').textContent = `Check ${check.id}: ${check.task}, pairs from `
    + `${percent(check.threshold)}`;
  const progress = document.getElementById('check-progress');
  progress.max = Math.max(1, check.total);
  progress.value = check.state === 'DONE' ? progress.max : check.done;
  progress.hidden = check.state === 'DONE' || check.state === 'FAILED';
  const notes = document.getElementById('check-notes');
  notes.replaceChildren();
  if (check.state === 'QUEUED' || check.state === 'RUNNING') {
    say(state, `${describeState(check)}…`, 'hint');
    pollTimer = setTimeout(() => showCheck(id), 1000);
  } else if (check.state === 'FAILED') {
    say(state, `The check failed: ${check.error}. Start it again; if it fails again, tell an administrator.`, 'error');
  } else {
    const seconds = (new Date(check.finishedAt) - new Date(check.startedAt)) / 1000;
    say(state, `${check.submissions} final submissions, ${check.comparedPairs.toLocaleString()} pairs compared in `
      + `${seconds.toFixed(1)} s (read from the ${check.readFrom}): ${check.pairs.length === 0 ? 'no pair'
        : `${check.pairs.length} pair${check.pairs.length === 1 ? '' : 's'}`} at or above ${percent(check.threshold)}.`,
    check.pairs.length === 0 ? 'ok' : 'hint');
    if (check.baseCode.length > 0) {
      notes.append(text('li', `Not counted (base code): the starter programs and reference solutions in `
        + `${check.baseCode.join(', ')}.`));
    }
    check.notes.forEach((note) => notes.append(text('li', note)));
    check.skipped.forEach((skipped) => notes.append(text('li', `Submission ${skipped.id} (${skipped.language}): `
      + `${skipped.reason}.`)));
  }
  renderPairs(check);
  loadChecks();
}

function renderPairs(check) {
  const table = document.getElementById('pairs');
  table.hidden = check.state !== 'DONE' || check.pairs.length === 0;
  table.querySelector('tbody').replaceChildren(...check.pairs.map((pair) => {
    const row = document.createElement('tr');
    const bar = document.createElement('td');
    const meter = document.createElement('meter');
    meter.min = 0;
    meter.max = 1;
    meter.value = pair.similarity;
    meter.title = `${percent(pair.similarity)} of both programs' tokens matched (the larger side: `
      + `${percent(pair.maxSimilarity)})`;
    bar.append(meter, text('span', ` ${percent(pair.similarity)}`, 'similarity-figure'));
    const open = text('button', 'Side by side', 'link-dark');
    open.type = 'button';
    open.addEventListener('click', () => showPair(check.id, pair.id));
    const action = document.createElement('td');
    action.append(open);
    row.append(bar, cell(pair.first.author), cell(pair.second.author), cell(pair.language), action);
    return row;
  }));
}

function renderCode(pre, source, regions, side, otherPre) {
  const lines = source.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') {
    lines.pop();
  }
  const regionOf = new Array(lines.length + 1).fill(-1);
  regions.forEach((region, index) => {
    const start = side === 'first' ? region.firstStart : region.secondStart;
    const end = side === 'first' ? region.firstEnd : region.secondEnd;
    for (let line = start; line <= end && line <= lines.length; line++) {
      if (regionOf[line] < 0) {
        regionOf[line] = index;
      }
    }
  });
  pre.replaceChildren(...lines.map((content, i) => {
    const line = document.createElement('span');
    line.className = 'code-line';
    const number = text('span', String(i + 1), 'line-number');
    line.append(number, document.createTextNode(`${content}\n`));
    const region = regionOf[i + 1];
    if (region >= 0) {
      line.classList.add('matched', `match-${region % REGION_COLOURS}`);
      line.dataset.region = String(region);
      line.title = `matched region ${region + 1}: click to see it on the other side`;
      line.addEventListener('click', () => {
        const twin = otherPre.querySelector(`[data-region="${region}"]`);
        if (twin) {
          twin.scrollIntoView({ block: 'center', behavior: 'smooth' });
          twin.classList.add('flash');
          setTimeout(() => twin.classList.remove('flash'), 1200);
        }
      });
    }
    return line;
  }));
}

async function showPair(checkId, pairId) {
  setQuery({ check: checkId, pair: pairId });
  const result = await api('GET', `/api/v1/similarity/${encodeURIComponent(checkId)}/pairs/${encodeURIComponent(pairId)}`);
  const section = document.getElementById('pair');
  section.hidden = false;
  if (!result.ok) {
    document.getElementById('pair-heading').textContent = errorText(result);
    return;
  }
  const pair = result.data;
  document.getElementById('pair-heading').textContent = `${pair.first.author} and ${pair.second.author}: `
    + `${percent(pair.similarity)} similar, ${pair.regions.length} matched region${pair.regions.length === 1 ? '' : 's'}`;
  document.getElementById('pair-first-caption').textContent = `${pair.first.author} · submission `
    + `${pair.first.submission} · ${pair.firstLanguage}`;
  document.getElementById('pair-second-caption').textContent = `${pair.second.author} · submission `
    + `${pair.second.submission} · ${pair.secondLanguage}`;
  const first = document.getElementById('pair-first');
  const second = document.getElementById('pair-second');
  renderCode(first, pair.firstSource, pair.regions, 'first', second);
  renderCode(second, pair.secondSource, pair.regions, 'second', first);
  section.scrollIntoView({ block: 'start' });
}

document.getElementById('check-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const message = document.getElementById('page-message');
  const threshold = Number(document.getElementById('check-threshold').value) / 100;
  const button = document.getElementById('check-submit');
  button.disabled = true;
  const result = await api('POST', '/api/v1/similarity', {
    ...scope.body, task: document.getElementById('check-task').value, threshold,
  });
  button.disabled = false;
  if (!result.ok) {
    say(message, errorText(result), 'error');
    return;
  }
  say(message, 'Comparing: the progress shows below.', 'ok');
  document.getElementById('pair').hidden = true;
  setQuery({ pair: null });
  showCheck(result.data.id);
});

(async () => {
  if (!params.has('contest') && !params.has('assessment')) {
    say(document.getElementById('page-message'), 'Open this page from an assessment (the assessments page) or a '
      + 'contest (the contests page).', 'error');
    return;
  }
  const me = await signedIn(location.pathname + location.search);
  if (!me || !(await loadScope())) {
    return;
  }
  await loadChecks();
  if (params.has('check')) {
    await showCheck(Number(params.get('check')));
    if (params.has('pair')) {
      await showPair(Number(params.get('check')), Number(params.get('pair')));
    }
  }
  document.body.dataset.ready = 'true';
})();
