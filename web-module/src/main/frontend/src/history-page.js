import { api } from './api.js';
import { loadHistory } from './history.js';

async function start() {
  const me = await api('GET', '/api/v1/auth/me');
  if (!me.ok) {
    location.href = '/?next=history.html';
    return;
  }
  document.getElementById('username').textContent = me.data.username;
  await loadHistory(document.getElementById('history'), document.getElementById('history-message'), null, null);
  document.body.dataset.ready = 'true';
}

start();
