import { api, errorText } from './api.js';
import './banner.js';
import { renderContests, renderTaskLinks } from './lists.js';
import { startTrying } from './try.js';

// where to go after logging in: a page of ours (from ?next=), else the home: tasks and contests to start with
const requested = new URLSearchParams(location.search).get('next') || '';
// (or a chat room, a forum page, or the DiscourseConnect answer to a forum that sent its user here to log in)
const ourPage = /^([a-z-]+\.html(\?slug=[a-z0-9-]+(&(submission=[0-9]+|contest=[a-z0-9-]+))?|\?token=[A-Za-z0-9_-]+)?|admin\/|chat\/(\?room=[A-Za-z0-9:%-]{1,160})?|forum\/((c\/[a-z0-9-]+|t\/[0-9]+)(\?page=[0-9]+)?|search\?q=[^#]*|moderation)?|api\/v1\/auth\/discourse-connect\?sso=[A-Za-z0-9%]+&sig=[0-9a-fA-F]{64})$/;
const next = ourPage.test(requested) ? requested : 'tasks.html';

const signupForm = document.getElementById('signup-form');
const loginForm = document.getElementById('login-form');
const signupMessage = document.getElementById('signup-message');
const loginMessage = document.getElementById('login-message');
const usernameStatus = document.getElementById('username-status');
const signupSubmit = document.getElementById('signup-submit');

// a suggestion the server holds for this person: sending its token with the name claims it
let held = null;

function show(element, text, kind) {
  element.replaceChildren(text);
  element.className = `message ${kind}`;
}

function offer(element, lead, suggestion, token) {
  element.className = 'message error';
  element.replaceChildren(lead);
  const take = document.createElement('button');
  take.type = 'button';
  take.className = 'take-suggestion';
  take.id = element === signupMessage ? 'take-suggestion' : 'take-available-suggestion';
  take.textContent = `Use “${suggestion}”`;
  take.addEventListener('click', () => {
    signupForm.username.value = suggestion;
    held = token ? { username: suggestion, token } : null;
    show(usernameStatus, `“${suggestion}” is free.`, 'ok');
    if (element === signupMessage) {
      signupForm.requestSubmit();
    }
  });
  element.append(take);
}

// as the person types: is the name free? (debounced; nothing is held by asking)
let typingTimer = null;
let asked = 0;
signupForm.username.addEventListener('input', () => {
  clearTimeout(typingTimer);
  const username = signupForm.username.value.trim();
  if (!username) {
    show(usernameStatus, '', 'hint');
    return;
  }
  typingTimer = setTimeout(async () => {
    const mine = ++asked;
    const result = await api('GET', `/api/v1/accounts/availability?username=${encodeURIComponent(username)}`);
    if (mine !== asked) {
      return; // an older answer: the person typed on
    }
    if (result.ok && result.data.available) {
      show(usernameStatus, `“${result.data.username}” is free.`, 'ok');
    } else if (result.ok && result.data.suggestion) {
      offer(usernameStatus, `“${result.data.username}” is taken. `, result.data.suggestion, null);
    } else if (result.ok) {
      show(usernameStatus, `“${result.data.username}” is taken; choose another name.`, 'error');
    } else {
      show(usernameStatus, errorText(result), 'error');
    }
  }, 300);
});

signupForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const username = signupForm.username.value;
  const email = signupForm.email.value;
  const password = signupForm.password.value;
  const body = { username, email, password };
  if (held && held.username === username) {
    body.suggestionToken = held.token;
  }
  signupSubmit.disabled = true;
  // hashing the password on purpose takes a moment; in a rush the server queues sign-ups fairly
  show(signupMessage, 'Creating your account… (securing your password takes a moment; when many people '
    + 'sign up at once you keep your place in line)', 'working');
  const started = Date.now();
  const ticker = setInterval(() => {
    const seconds = Math.round((Date.now() - started) / 1000);
    if (seconds >= 3) {
      show(signupMessage, `Creating your account… still working (${seconds} s); many people are signing up `
        + 'right now and you keep your place in line.', 'working');
    }
  }, 1000);
  let result;
  try {
    result = await api('POST', '/api/v1/accounts', body);
  } finally {
    clearInterval(ticker);
    signupSubmit.disabled = false;
  }
  if (result.status === 409 && result.data && result.data.suggestion) {
    offer(signupMessage, `“${username}” is taken. `, result.data.suggestion, result.data.suggestionToken);
    return;
  }
  if (!result.ok) {
    show(signupMessage, errorText(result), 'error');
    return;
  }
  held = null;
  await logIn(result.data.username, password, signupMessage);
});

async function logIn(username, password, messageElement) {
  show(messageElement, 'Logging in…', 'working');
  const result = await api('POST', '/api/v1/auth/session', { username, password });
  if (!result.ok) {
    show(messageElement, errorText(result), 'error');
    return;
  }
  location.href = next;
}

loginForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  await logIn(loginForm.username.value, loginForm.password.value, loginMessage);
});

// what a visitor can start with: the first tasks and the contests (both public)
async function showWhatIsHere() {
  const tasks = await api('GET', '/api/v1/tasks');
  renderTaskLinks(document.getElementById('landing-tasks'), tasks.ok ? tasks.data.slice(0, 6) : []);
  await startTrying(tasks.ok ? tasks.data : []);
  const contests = await api('GET', '/api/v1/contests');
  // the ones a visitor can still take part in: running ones, newest first, then those to come, soonest
  // first; the tasks page lists them all
  const now = Date.now();
  const all = contests.ok ? contests.data : [];
  const running = all.filter((c) => Date.parse(c.startsAt) <= now && Date.parse(c.endsAt) > now)
    .sort((a, b) => Date.parse(b.startsAt) - Date.parse(a.startsAt));
  const coming = all.filter((c) => Date.parse(c.startsAt) > now)
    .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
  renderContests(document.getElementById('contests'), [...running, ...coming].slice(0, 5),
    'No contest is running or coming up just now.');
  document.body.dataset.landingReady = 'true';
}
showWhatIsHere();
