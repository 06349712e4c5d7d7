// The forum's pages are rendered on the server; this script only sends what people write (to the platform's API,
// /api/v1/forum, with the page's own session) and shows times in the reader's time zone. No request on load.

const TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

for (const time of document.querySelectorAll('time[datetime]')) {
  const at = new Date(time.getAttribute('datetime'));
  if (!Number.isNaN(at.getTime())) {
    time.title = time.textContent;
    time.textContent = TIME.format(at);
  }
}

/** Sends JSON to the API; resolves to {ok, status, data}. */
async function send(method, url, body) {
  const init = { method, headers: { 'X-CodeArena-Request': '1', Accept: 'application/json' }, credentials: 'same-origin' };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url, init);
  } catch (e) {
    return { ok: false, status: 0, data: { error: 'the forum cannot be reached just now; check your connection and try again' } };
  }
  let data = null;
  try {
    data = response.status === 204 ? null : await response.json();
  } catch (e) {
    data = null;
  }
  if (response.status === 401) {
    data = { error: 'your session has ended: log in again (your text is still here), then send it once more' };
  }
  return { ok: response.ok, status: response.status, data };
}

function say(element, text, kind) {
  if (element) {
    element.textContent = text;
    element.className = `message ${kind || ''}`;
  }
}

function failure(result) {
  return (result.data && result.data.error) || `the server answered ${result.status}; try again in a moment`;
}

// posting a thread or a reply
for (const form of document.querySelectorAll('form[data-post-to]')) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const status = form.querySelector('[role=status]');
    const button = form.querySelector('button[type=submit]');
    const body = { body: form.elements.body.value };
    if (form.elements.title) {
      body.title = form.elements.title.value;
    }
    if (form.elements.replyTo && form.elements.replyTo.value) {
      body.replyTo = Number(form.elements.replyTo.value);
    }
    button.disabled = true;
    say(status, 'Posting…', 'working');
    const result = await send('POST', form.dataset.postTo, body);
    button.disabled = false;
    if (!result.ok) {
      say(status, failure(result), 'error');
      return;
    }
    say(status, 'Posted.', 'ok');
    const target = new URL(result.data.url, location.href);
    if (target.pathname + target.search === location.pathname + location.search) {
      // the same page with the new post on it: load it again, at the post
      location.hash = target.hash;
      location.reload();
    } else {
      location.assign(target.href);
    }
  });
}

const composer = document.querySelector('#reply form');

function replyTo(post) {
  if (!composer) {
    return;
  }
  composer.elements.replyTo.value = post.dataset.number;
  const note = composer.querySelector('.replying-to');
  note.hidden = false;
  note.querySelector('span').textContent = `#${post.dataset.number} by ${post.dataset.author}`;
  composer.elements.body.focus();
}

const noReplyTo = document.querySelector('[data-action="no-reply-to"]');
if (noReplyTo) {
  noReplyTo.addEventListener('click', () => {
    composer.elements.replyTo.value = '';
    composer.querySelector('.replying-to').hidden = true;
  });
}

/** The post's Markdown as written (for a quote or an edit), or null with the reason shown in {@code status}. */
async function markdownOf(post, status) {
  const result = await send('GET', `/api/v1/forum/posts/${post.dataset.post}`);
  if (!result.ok) {
    say(status, failure(result), 'error');
    return null;
  }
  return result.data.markdown;
}

async function postAction(button, post) {
  const status = post.querySelector('.post-actions [role=status]');
  const id = post.dataset.post;
  switch (button.dataset.action) {
    case 'reply':
      replyTo(post);
      return;
    case 'quote': {
      const text = await markdownOf(post, status);
      if (text === null) {
        return;
      }
      const quoted = text.split('\n').map((line) => `> ${line}`).join('\n');
      const area = composer.elements.body;
      const before = area.value && !area.value.endsWith('\n') ? '\n\n' : '';
      area.value += `${before}${post.dataset.author} wrote (#${post.dataset.number}):\n${quoted}\n\n`;
      replyTo(post);
      area.setSelectionRange(area.value.length, area.value.length);
      return;
    }
    case 'edit': {
      const text = await markdownOf(post, status);
      if (text === null) {
        return;
      }
      const body = post.querySelector('.post-body');
      const form = document.createElement('form');
      form.className = 'editing';
      const area = document.createElement('textarea');
      area.name = 'body';
      area.value = text;
      area.maxLength = 20000;
      area.setAttribute('aria-label', 'Edit the post');
      const save = document.createElement('button');
      save.type = 'submit';
      save.textContent = 'Save the edit';
      const cancel = document.createElement('button');
      cancel.type = 'button';
      cancel.className = 'quiet';
      cancel.textContent = 'Cancel';
      form.append(area, save, ' ', cancel);
      body.replaceWith(form);
      cancel.addEventListener('click', () => form.replaceWith(body));
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        save.disabled = true;
        const result = await send('PUT', `/api/v1/forum/posts/${id}`, { body: area.value });
        save.disabled = false;
        if (!result.ok) {
          say(status, failure(result), 'error');
          return;
        }
        location.reload();
      });
      area.focus();
      return;
    }
    case 'delete': {
      if (!window.confirm('Delete this post? The page will say that it was deleted.')) {
        return;
      }
      const result = await send('DELETE', `/api/v1/forum/posts/${id}`);
      if (!result.ok) {
        say(status, failure(result), 'error');
        return;
      }
      location.reload();
      return;
    }
    case 'report': {
      const reason = window.prompt('What is wrong with this post? A moderator will read it.');
      if (!reason) {
        return;
      }
      const result = await send('POST', `/api/v1/forum/posts/${id}/reports`, { reason });
      say(status, result.ok ? 'Reported: thank you. A moderator will look at it.' : failure(result), result.ok ? 'ok' : 'error');
      return;
    }
    case 'hide': {
      const result = await send('PUT', `/api/v1/forum/posts/${id}/moderation`, { hidden: button.dataset.value === 'true' });
      if (!result.ok) {
        say(status, failure(result), 'error');
        return;
      }
      location.reload();
      return;
    }
    case 'ban': {
      const reason = window.prompt(`Why is ${post.dataset.author} stopped from posting? They will see this.`);
      if (!reason) {
        return;
      }
      const days = window.prompt('For how many days? (empty: until a moderator lifts it)', '7');
      if (days === null) {
        return;
      }
      const result = await send('POST', '/api/v1/forum/bans', {
        username: post.dataset.author, reason, days: days.trim() === '' ? null : Number(days),
      });
      say(status, result.ok ? `${post.dataset.author} cannot post any more${days.trim() ? ` for ${days.trim()} days` : ''}.`
        : failure(result), result.ok ? 'ok' : 'error');
      return;
    }
    default:
  }
}

for (const post of document.querySelectorAll('.post')) {
  post.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-action]');
    if (button && post.contains(button)) {
      postAction(button, post);
    }
  });
}

// a moderator's tools for the thread
const tools = document.getElementById('thread-tools');
if (tools) {
  tools.addEventListener('click', async (event) => {
    const button = event.target.closest('button[data-thread-action]');
    if (!button) {
      return;
    }
    const change = {};
    if (button.dataset.threadAction === 'move') {
      change.category = tools.querySelector('select[name=category]').value;
    } else {
      change[button.dataset.threadAction] = button.dataset.value === 'true';
    }
    const result = await send('PUT', `/api/v1/forum/threads/${tools.dataset.thread}/moderation`, change);
    if (!result.ok) {
      say(tools.querySelector('[role=status]'), failure(result), 'error');
      return;
    }
    location.reload();
  });
}

// the moderation queue
for (const report of document.querySelectorAll('[data-report]')) {
  report.addEventListener('click', async (event) => {
    const button = event.target.closest('button[data-resolve]');
    if (!button) {
      return;
    }
    const result = await send('POST', `/api/v1/forum/reports/${report.dataset.report}`, { resolution: button.dataset.resolve });
    if (!result.ok) {
      say(report.querySelector('[role=status]'), failure(result), 'error');
      return;
    }
    report.remove();
    if (!document.querySelector('[data-report]')) {
      location.reload();
    }
  });
}

const logout = document.getElementById('logout');
if (logout) {
  logout.addEventListener('click', async () => {
    await send('DELETE', '/api/v1/auth/session');
    location.reload();
  });
}
