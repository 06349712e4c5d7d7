import { api, errorText } from './api.js';

const params = new URLSearchParams(location.search);
const next = params.get('next') === 'editor.html' ? 'editor.html' : 'editor.html';

const signupForm = document.getElementById('signup-form');
const loginForm = document.getElementById('login-form');
const signupMessage = document.getElementById('signup-message');
const loginMessage = document.getElementById('login-message');

function show(element, text, kind) {
  element.textContent = text;
  element.className = `message ${kind}`;
}

async function logIn(username, password, messageElement) {
  show(messageElement, 'Logging in…', 'working');
  const result = await api('POST', '/api/v1/auth/session', { username, password });
  if (!result.ok) {
    show(messageElement, errorText(result), 'error');
    return;
  }
  location.href = next;
}

signupForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const username = signupForm.username.value;
  const email = signupForm.email.value;
  const password = signupForm.password.value;
  show(signupMessage, 'Creating your account…', 'working');
  const result = await api('POST', '/api/v1/accounts', { username, email, password });
  if (result.status === 409 && result.data && result.data.suggestion) {
    const suggestion = result.data.suggestion;
    signupMessage.className = 'message error';
    signupMessage.textContent = `“${username}” is taken. `;
    const take = document.createElement('button');
    take.type = 'button';
    take.id = 'take-suggestion';
    take.textContent = `Use “${suggestion}”`;
    take.addEventListener('click', () => {
      signupForm.username.value = suggestion;
      signupForm.requestSubmit();
    });
    signupMessage.append(take);
    return;
  }
  if (!result.ok) {
    show(signupMessage, errorText(result), 'error');
    return;
  }
  await logIn(result.data.username, password, signupMessage);
});

loginForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  await logIn(loginForm.username.value, loginForm.password.value, loginMessage);
});
