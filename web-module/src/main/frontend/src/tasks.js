import { api, errorText } from './api.js';

const body = document.querySelector('#tasks tbody');
const message = document.getElementById('tasks-message');

async function start() {
  // only recruiters (and ADMINs) see the link to assessments: nobody gets a link to a page they cannot use
  const me = await api('GET', '/api/v1/auth/me');
  const roles = me.ok ? me.data.roles || [] : [];
  document.getElementById('recruiter-link').hidden = !roles.some((role) => role === 'RECRUITER' || role === 'ADMIN');
  const result = await api('GET', '/api/v1/tasks');
  if (!result.ok) {
    message.className = 'message error';
    message.textContent = errorText(result);
    return;
  }
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
    row.append(name, difficulty);
    body.append(row);
  }
  const contests = await api('GET', '/api/v1/contests');
  const list = document.getElementById('contests');
  const now = Date.now();
  for (const contest of contests.ok ? contests.data : []) {
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.href = `contest.html?slug=${encodeURIComponent(contest.slug)}`;
    link.textContent = contest.title;
    const ends = Date.parse(contest.endsAt);
    const starts = Date.parse(contest.startsAt);
    const when = now < starts ? `starts ${new Date(starts).toLocaleString()}`
      : now < ends ? `running until ${new Date(ends).toLocaleString()}` : 'ended';
    item.append(link, ` · ${when}`);
    list.append(item);
  }
  if (list.children.length === 0) {
    list.textContent = 'No contests yet.';
  }
  document.body.dataset.ready = 'true';
}

start();
