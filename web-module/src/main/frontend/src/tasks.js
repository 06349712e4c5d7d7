import { api, errorText } from './api.js';

const body = document.querySelector('#tasks tbody');
const message = document.getElementById('tasks-message');

async function start() {
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
  document.body.dataset.ready = 'true';
}

start();
