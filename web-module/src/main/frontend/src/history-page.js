import { api } from './api.js';
import { signedIn } from './nav.js';
import { loadHistory } from './history.js';

async function start() {
  if (!(await signedIn('history.html'))) {
    return;
  }
  await loadHistory(document.getElementById('history'), document.getElementById('history-message'), null, null);
  document.body.dataset.ready = 'true';
}

start();
