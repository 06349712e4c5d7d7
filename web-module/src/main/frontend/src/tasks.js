// Home: where to go next. The person's assessments (in progress first), the tasks with their progress, contests.
import { api, errorText } from './api.js';
import { renderContests } from './lists.js';
import { signedIn } from './nav.js';

const body = document.querySelector('#tasks tbody');
const message = document.getElementById('tasks-message');

function progressCell(progress) {
  const cell = document.createElement('td');
  if (!progress) {
    cell.textContent = 'not tried';
    cell.className = 'progress none';
    return cell;
  }
  const tries = `${progress.submissions} submission${progress.submissions === 1 ? '' : 's'}`;
  cell.textContent = progress.solved ? `✓ solved · ${tries}` : `${progress.bestScore} / ${progress.maxScore} · ${tries}`;
  cell.className = `progress ${progress.solved ? 'solved' : 'tried'}`;
  return cell;
}

function renderAssessments(assessments) {
  const list = document.getElementById('my-assessments');
  list.replaceChildren();
  // in progress first: the timer is running on those
  const ordered = [...assessments].sort((a, b) => (a.state === 'STARTED' ? 0 : 1) - (b.state === 'STARTED' ? 0 : 1));
  for (const assessment of ordered) {
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.href = `assessment.html?token=${encodeURIComponent(assessment.token)}`;
    link.textContent = assessment.title;
    const state = assessment.state === 'STARTED'
      ? ` · in progress, until ${new Date(assessment.endsAt).toLocaleTimeString()}: continue`
      : ' · handed in';
    item.append(link, state);
    item.className = assessment.state === 'STARTED' ? 'in-progress' : 'handed-in';
    list.append(item);
  }
  document.getElementById('my-assessments-box').hidden = assessments.length === 0;
}

async function start() {
  if (!(await signedIn('tasks.html'))) {
    return;
  }
  const [result, home] = await Promise.all([api('GET', '/api/v1/tasks'), api('GET', '/api/v1/home')]);
  if (!result.ok) {
    message.className = 'message error';
    message.textContent = errorText(result);
    return;
  }
  const progress = new Map((home.ok ? home.data.progress : []).map((p) => [p.task, p]));
  for (const task of result.data) {
    const row = document.createElement('tr');
    const name = document.createElement('td');
    const link = document.createElement('a');
    link.href = `task.html?slug=${encodeURIComponent(task.slug)}`;
    link.textContent = task.title;
    link.className = 'task-link';
    name.append(link);
    const difficulty = document.createElement('td');
    difficulty.textContent = task.difficulty.toLowerCase();
    difficulty.className = `difficulty ${task.difficulty.toLowerCase()}`;
    row.append(name, difficulty, progressCell(progress.get(task.slug)));
    body.append(row);
  }
  const solved = result.data.filter((task) => progress.get(task.slug)?.solved).length;
  if (progress.size > 0) {
    const summary = document.getElementById('progress-summary');
    summary.textContent = `You have solved ${solved} of ${result.data.length} tasks.`
      + (solved < result.data.length ? ' The next one is waiting below.' : ' Every one: well done.');
  }
  renderAssessments(home.ok ? home.data.assessments : []);
  const contests = await api('GET', '/api/v1/contests');
  renderContests(document.getElementById('contests'), contests.ok ? contests.data : []);
  document.body.dataset.ready = 'true';
}

start();
