// A chat room in a page: the whole of /chat, or a panel beside a contest, a task or an assessment. Messages come
// over the page's one push socket (topic "chat:ROOM"); history is read over the API and paged back. What a person
// sends shows at once as "sending…" and becomes theirs for good when the server says it is stored; if the socket
// drops first, it is sent again (same client id, stored once) when the socket is back.
import { api, errorText } from './api.js';
import { onPush, offPush, watch, unwatch, sendPush } from './push.js';

function newClientId() {
  if (window.crypto && crypto.randomUUID) {
    return crypto.randomUUID();
  }
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

function el(tag, className, textContent) {
  const element = document.createElement(tag);
  if (className) {
    element.className = className;
  }
  if (textContent !== undefined) {
    element.textContent = textContent;
  }
  return element;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * Mounts the room into the container. options: {room, me: {username, id?}, compact: true for a side panel,
 * onUnread(room, count) for the page's badges}. Returns {close()}.
 */
export function mountChat(container, options) {
  const room = options.room;
  let me = options.me || {};
  const compact = Boolean(options.compact);
  const messages = new Map();
  const byClientId = new Map();
  const pending = new Map();
  const typists = new Map();
  let info = null;
  let oldestId = null;
  let lastReadSent = 0;
  let lastTypingSent = 0;
  let readTimer = null;
  let closed = false;

  container.classList.add('chat', compact ? 'chat-compact' : 'chat-full');
  const header = el('div', 'chat-header');
  const title = el('h3', 'chat-title', compact ? 'Chat' : '');
  const presence = el('button', 'chat-presence link-dark', '');
  presence.type = 'button';
  presence.setAttribute('aria-expanded', 'false');
  const names = el('ul', 'chat-names');
  names.hidden = true;
  presence.addEventListener('click', () => {
    names.hidden = !names.hidden;
    presence.setAttribute('aria-expanded', String(!names.hidden));
  });
  const slow = el('p', 'chat-slow message hint');
  slow.hidden = true;
  header.append(title, presence);
  const earlier = el('button', 'secondary chat-earlier', 'Show earlier messages');
  earlier.type = 'button';
  earlier.hidden = true;
  // the scrolling log (announced as it grows) holds the list of messages
  const scroller = el('div', 'chat-log');
  scroller.setAttribute('role', 'log');
  scroller.setAttribute('aria-live', 'polite');
  scroller.setAttribute('aria-label', `Messages in ${room}`);
  const list = el('ol', 'chat-list');
  scroller.append(list);
  const typing = el('p', 'chat-typing message hint');
  const form = el('form', 'chat-compose');
  const label = el('label', 'visually-hidden', 'Message');
  const input = el('textarea');
  input.rows = compact ? 2 : 3;
  input.maxLength = 2000;
  input.placeholder = compact ? 'Message (Enter sends)'
    : 'Write a message (Enter sends, Shift+Enter a new line; @name mentions someone)';
  const inputId = `chat-input-${Math.random().toString(36).slice(2, 8)}`;
  input.id = inputId;
  label.htmlFor = inputId;
  const send = el('button', '', 'Send');
  send.type = 'submit';
  const status = el('p', 'chat-status message', '');
  status.setAttribute('role', 'status');
  const replyLine = el('p', 'chat-replying message hint');
  replyLine.hidden = true;
  let replyTo = null;
  form.append(label, replyLine, input, send);
  container.replaceChildren(header, names, slow, earlier, scroller, typing, form, status);

  function say(text, kind) {
    status.textContent = text;
    status.className = `chat-status message ${kind || ''}`;
  }

  function showPresence(count, people) {
    presence.textContent = `${count} here`;
    presence.title = people && people.length ? people.join(', ') : '';
    names.replaceChildren(...(people || []).map((name) => el('li', '', name)));
    if (people && count > people.length) {
      names.append(el('li', 'hint', `and ${count - people.length} more`));
    }
  }

  function showSlowMode(seconds) {
    slow.hidden = !seconds;
    slow.textContent = seconds ? `Slow mode: one message every ${seconds} s.` : '';
  }

  function mentionsMe(body) {
    return me.username && new RegExp(`(^|[^\\w.@-])@${me.username.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`, 'i')
      .test(body);
  }

  function render(message) {
    const item = el('li', 'chat-message');
    item.dataset.id = message.id;
    if (message.author === me.username) {
      item.classList.add('mine');
    }
    if (message.recipientId) {
      item.classList.add('private');
    }
    const head = el('div', 'chat-meta');
    const author = el('strong', 'chat-author', message.author || '');
    const when = el('time', '', timeFormat.format(new Date(message.createdAt)));
    when.dateTime = message.createdAt;
    when.title = dayFormat.format(new Date(message.createdAt));
    head.append(author, ' ', when);
    if (message.questionState) {
      const state = el('span', `chat-badge ${message.questionState === 'OPEN' ? 'open' : 'answered'}`,
        message.questionState === 'OPEN' ? 'question · open' : 'question · answered');
      state.dataset.state = message.questionState;
      head.append(' ', state);
    } else if (message.recipientId) {
      head.append(' ', el('span', 'chat-badge', 'private'));
    }
    const body = el('p', 'chat-body');
    if (message.deleted) {
      body.textContent = 'This message was deleted.';
      item.classList.add('deleted');
    } else {
      body.textContent = message.body;
      if (mentionsMe(message.body)) {
        item.classList.add('mention');
      }
    }
    item.append(head, body);
    if (!message.deleted && message.id) {
      const actions = el('div', 'chat-actions');
      if (info && info.staff && message.questionState) {
        const answer = el('button', 'link-dark', 'Answer');
        answer.type = 'button';
        answer.addEventListener('click', () => {
          replyTo = message.id;
          replyLine.hidden = false;
          replyLine.textContent = `Answering ${message.author}'s question (only they will see it). `;
          const cancel = el('button', 'link-dark', 'Cancel');
          cancel.type = 'button';
          cancel.addEventListener('click', () => {
            replyTo = null;
            replyLine.hidden = true;
          });
          replyLine.append(cancel);
          input.focus();
        });
        actions.append(answer);
        if (message.questionState === 'OPEN') {
          const done = el('button', 'link-dark', 'Mark answered');
          done.type = 'button';
          done.addEventListener('click', async () => {
            const result = await api('PUT', `/api/v1/chat/messages/${message.id}/question`, { state: 'ANSWERED' });
            if (!result.ok) {
              say(errorText(result), 'error');
            }
          });
          actions.append(done);
        }
      }
      if (message.author === me.username || (info && (info.staff || info.moderator))) {
        const remove = el('button', 'link-dark', 'Delete');
        remove.type = 'button';
        remove.addEventListener('click', async () => {
          const result = await api('DELETE', `/api/v1/chat/messages/${message.id}`);
          if (!result.ok) {
            say(errorText(result), 'error');
          }
        });
        actions.append(remove);
      }
      if (actions.childElementCount) {
        item.append(actions);
      }
    }
    return item;
  }

  function nearBottom() {
    return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80;
  }

  function place(message, atEnd) {
    if (messages.has(message.id)) {
      const old = list.querySelector(`li[data-id="${message.id}"]`);
      messages.set(message.id, message);
      if (old) {
        old.replaceWith(render(message));
      }
      return;
    }
    // a message sent again after a reconnect is the same message
    const key = message.clientId ? `${message.authorId}:${message.clientId}` : null;
    if (key && byClientId.has(key) && byClientId.get(key) !== message.id) {
      return;
    }
    if (key) {
      byClientId.set(key, message.id);
    }
    const mine = message.clientId && pending.get(message.clientId);
    if (mine) {
      // my own message came back from the room: it replaces its "sending…" line (stored when acknowledged)
      mine.message = message;
      mine.item.dataset.id = message.id;
    }
    messages.set(message.id, message);
    const item = render(message);
    if (mine) {
      item.classList.add('pending');
      item.querySelector('.chat-meta').append(el('span', 'chat-sending', ' sending…'));
      mine.item.replaceWith(item);
      mine.item = item;
      return;
    }
    if (atEnd) {
      // frames can arrive out of order across servers: keep the list in id order
      let after = null;
      for (const other of list.children) {
        if (other.dataset.id && Number(other.dataset.id) > message.id && !other.classList.contains('pending')) {
          after = other;
          break;
        }
      }
      const stick = nearBottom();
      list.insertBefore(item, after);
      if (stick) {
        scroller.scrollTop = scroller.scrollHeight;
      }
      markRead();
    } else {
      list.prepend(item);
    }
  }

  function markRead() {
    if (readTimer || document.hidden) {
      return;
    }
    readTimer = setTimeout(() => {
      readTimer = null;
      const ids = [...messages.keys()].filter((id) => id);
      const last = ids.length ? Math.max(...ids) : 0;
      if (last > lastReadSent && sendPush({ chat: 'read', room, id: last })) {
        lastReadSent = last;
        if (options.onUnread) {
          options.onUnread(room, 0);
        }
      }
    }, 800);
  }

  async function loadEarlier() {
    earlier.disabled = true;
    const before = oldestId ? `&before=${oldestId}` : '';
    const result = await api('GET', `/api/v1/chat/rooms/${encodeURIComponent(room)}/messages?limit=50${before}`);
    earlier.disabled = false;
    if (!result.ok) {
      say(errorText(result), 'error');
      return;
    }
    const page = result.data.messages;
    const height = scroller.scrollHeight;
    for (let i = page.length - 1; i >= 0; i--) {
      place(page[i], false);
    }
    if (page.length) {
      oldestId = Math.min(oldestId || Infinity, page[0].id);
    }
    earlier.hidden = !result.data.more;
    if (before) {
      scroller.scrollTop = scroller.scrollHeight - height;
    }
  }

  async function reload() {
    messages.clear();
    byClientId.clear();
    oldestId = null;
    list.replaceChildren(...[...pending.values()].map((each) => each.item));
    await loadEarlier();
    scroller.scrollTop = scroller.scrollHeight;
    markRead();
  }

  function sendPending(entry) {
    const command = { chat: 'send', room, text: entry.text, clientId: entry.clientId };
    if (entry.replyTo) {
      command.replyTo = entry.replyTo;
    }
    return sendPush(command);
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) {
      return;
    }
    const clientId = newClientId();
    const item = el('li', 'chat-message mine pending');
    const head = el('div', 'chat-meta');
    head.append(el('strong', 'chat-author', me.username || 'me'), el('span', 'chat-sending', ' sending…'));
    item.append(head, el('p', 'chat-body', text));
    list.append(item);
    scroller.scrollTop = scroller.scrollHeight;
    const entry = { clientId, text, replyTo, item };
    pending.set(clientId, entry);
    input.value = '';
    replyTo = null;
    replyLine.hidden = true;
    if (!sendPending(entry)) {
      say('Not connected: your message goes as soon as the connection is back.', 'warning');
    }
  });

  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  input.addEventListener('input', () => {
    const now = Date.now();
    if (now - lastTypingSent > 2000 && input.value.trim()) {
      lastTypingSent = now;
      sendPush({ chat: 'typing', room });
    }
  });

  function showTyping() {
    const now = Date.now();
    for (const [name, until] of typists) {
      if (until < now) {
        typists.delete(name);
      }
    }
    const who = [...typists.keys()];
    typing.textContent = who.length === 0 ? '' : who.length === 1 ? `${who[0]} is typing…`
      : who.length <= 3 ? `${who.join(', ')} are typing…` : 'Several people are typing…';
  }
  const typingTimer = setInterval(showTyping, 1000);

  function handle(frame) {
    if (closed) {
      return;
    }
    if (frame.type === 'push-open') {
      for (const entry of pending.values()) {
        sendPending(entry);
      }
      say('', '');
      return;
    }
    if (frame.type === 'push-closed') {
      say('Connection lost: reconnecting…', 'working');
      return;
    }
    if (frame.type === 'reset' && frame.topic === `chat:${room}`) {
      reload();
      return;
    }
    if (frame.room !== room) {
      return;
    }
    switch (frame.type) {
      case 'chat-message':
        place(frame.message, true);
        if (frame.message.author !== me.username) {
          typists.delete(frame.message.author);
          showTyping();
        }
        break;
      case 'chat-ack': {
        const entry = pending.get(frame.clientId);
        if (entry) {
          pending.delete(frame.clientId);
          entry.item.classList.remove('pending');
          const sending = entry.item.querySelector('.chat-sending');
          if (sending) {
            sending.remove();
          }
        }
        break;
      }
      case 'chat-error': {
        const entry = frame.clientId && pending.get(frame.clientId);
        if (entry && frame.status !== 503) {
          pending.delete(frame.clientId);
          entry.item.remove();
          input.value = input.value || entry.text;
        }
        say(frame.error, 'error');
        break;
      }
      case 'chat-deleted': {
        const message = messages.get(frame.id);
        if (message) {
          place({ ...message, deleted: true, body: '' }, true);
        }
        break;
      }
      case 'chat-question': {
        const message = messages.get(frame.id);
        if (message) {
          place({ ...message, questionState: frame.state }, true);
        }
        break;
      }
      case 'chat-presence':
        showPresence(frame.count, frame.names);
        if (frame.slowModeSeconds !== undefined) {
          showSlowMode(frame.slowModeSeconds);
        }
        break;
      case 'chat-typing':
        if (frame.user !== me.username) {
          typists.set(frame.user, Date.now() + 4000);
          showTyping();
        }
        break;
      case 'chat-room':
        showSlowMode(frame.slowModeSeconds);
        break;
      case 'chat-muted':
        say(frame.until ? `A moderator muted you until ${dayFormat.format(new Date(frame.until))}: ${frame.reason}`
          : `A moderator muted you: ${frame.reason}`, 'error');
        break;
      default:
    }
  }

  async function start() {
    if (!me.username) {
      const who = await api('GET', '/api/v1/auth/me');
      me = who.ok ? who.data : {};
    }
    const result = await api('GET', `/api/v1/chat/rooms/${encodeURIComponent(room)}`);
    if (!result.ok) {
      container.replaceChildren(el('p', 'message error', result.status === 401
        ? 'Log in to take part in the chat.' : errorText(result)));
      return;
    }
    info = result.data;
    if (options.onInfo) {
      options.onInfo(info);
    }
    title.textContent = compact ? `Chat · ${info.title}` : info.title;
    showPresence(info.present, info.names);
    showSlowMode(info.slowModeSeconds);
    if (info.kind === 'ASSESSMENT' && !info.staff) {
      input.placeholder = 'Ask the recruiter a question (only they see it)';
    }
    onPush(handle);
    watch(`chat:${room}`);
    await reload();
    container.dataset.ready = 'true';
  }
  start();

  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) {
      markRead();
    }
  });

  return {
    close() {
      closed = true;
      offPush(handle);
      clearInterval(typingTimer);
      sendPush({ chat: 'leave', room });
      unwatch(`chat:${room}`);
    },
  };
}
