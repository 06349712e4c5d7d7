import { api, errorText } from './api.js';
import { signedIn } from './nav.js';

// The signed-in person's mail settings: the language of the mail the platform sends them, and the forum digest.
const message = document.getElementById('settings-message');

function say(content, kind) {
  message.textContent = content;
  message.className = `message ${kind}`;
}

async function main() {
  const me = await signedIn(location.pathname);
  if (!me) {
    return;
  }
  const current = await api('GET', '/api/v1/accounts/me/settings');
  if (!current.ok) {
    say(errorText(current), 'error');
    document.body.dataset.ready = 'true';
    return;
  }
  document.getElementById('settings-language').value = current.data.language || '';
  document.getElementById('settings-digest').checked = current.data.forumDigest;
  document.getElementById('settings-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const saved = await api('PUT', '/api/v1/accounts/me/settings', {
      language: document.getElementById('settings-language').value,
      forumDigest: document.getElementById('settings-digest').checked,
    });
    say(saved.ok ? 'Saved: the next mail follows these settings.' : errorText(saved), saved.ok ? 'ok' : 'error');
  });
  document.body.dataset.ready = 'true';
}

main();
