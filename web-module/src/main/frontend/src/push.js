// The page's one push socket, for everything it follows (its person's runs and submissions, a contest's
// leaderboard, the admin console, chat rooms). Every frame carries its topic and a sequence number; when the
// socket drops, it comes back with exponential back-off and jitter and resumes each topic from the last number
// it saw, so that nothing sent while it was away is lost. A topic the server cannot resume (too long away, or
// another server) arrives as a "reset": whoever follows it reloads its state over the API.

const handlers = new Set();
const watches = new Set();
const positions = new Map();
let socket = null;
let attempt = 0;
let timer = null;
let lastMessageAt = 0;

function emit(message) {
  for (const handler of handlers) {
    try {
      handler(message);
    } catch (e) {
      // one page part's failure must not stop the others
      console.error(e);
    }
  }
}

function url() {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const resume = [...positions].map(([topic, seq]) => `${topic}@${seq}`).join(',');
  return `${scheme}://${location.host}/push${resume ? `?resume=${encodeURIComponent(resume)}` : ''}`;
}

function connect() {
  timer = null;
  socket = new WebSocket(url());
  socket.addEventListener('open', () => {
    attempt = 0;
    for (const target of watches) {
      socket.send(JSON.stringify({ watch: target }));
    }
    emit({ type: 'push-open' });
  });
  socket.addEventListener('message', (event) => {
    lastMessageAt = Date.now();
    let message;
    try {
      message = JSON.parse(event.data);
    } catch (e) {
      return;
    }
    if (message.topic && Number.isFinite(message.seq)) {
      positions.set(message.topic, message.seq);
    }
    if (message.type === 'subscribed') {
      return;
    }
    emit(message);
  });
  socket.addEventListener('close', (event) => {
    socket = null;
    emit({ type: 'push-closed', code: event.code, reason: event.reason });
    // 0.5 s, 1 s, 2 s … up to 30 s, each between half and one and a half of that: many pages that lost the
    // same server do not all come back in the same instant
    const base = Math.min(30000, 500 * 2 ** Math.min(attempt, 6));
    attempt += 1;
    timer = setTimeout(connect, base * (0.5 + Math.random()));
  });
}

function ensure() {
  if (!socket && !timer) {
    connect();
  }
}

/** Calls the handler with every message pushed to this page (and {type: 'push-open'|'push-closed'|'reset'}). */
export function onPush(handler) {
  handlers.add(handler);
  ensure();
  if (socket && socket.readyState === WebSocket.OPEN) {
    // the socket opened before this part of the page listened (another part opened it): tell it too
    queueMicrotask(() => {
      if (handlers.has(handler)) {
        handler({ type: 'push-open' });
      }
    });
  }
}

/** Follows a target ("contest:SLUG", "console"), now and after every reconnect. */
export function watch(target) {
  watches.add(target);
  ensure();
  if (socket && socket.readyState === WebSocket.OPEN) {
    socket.send(JSON.stringify({ watch: target }));
  }
}

export function pushIsOpen() {
  return socket !== null && socket.readyState === WebSocket.OPEN;
}

export function lastPushAt() {
  return lastMessageAt;
}

/** Stops following a target (a chat room the page closed). */
export function unwatch(target) {
  watches.delete(target);
  positions.delete(target);
}

/** Sends a command on the socket; false when it is not open (the caller keeps it for the next open). */
export function sendPush(command) {
  ensure();
  if (socket && socket.readyState === WebSocket.OPEN) {
    socket.send(JSON.stringify(command));
    return true;
  }
  return false;
}

/** Stops calling a handler (a page part that went away). */
export function offPush(handler) {
  handlers.delete(handler);
}
