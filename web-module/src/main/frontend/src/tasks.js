import { api, errorText } from './api.js';
import { renderContests } from './lists.js';

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
  renderContests(document.getElementById('contests'), contests.ok ? contests.data : []);
  document.body.dataset.ready = 'true';
}

start();
