// The menu of every signed-in page, by role: nobody sees a link to a page they cannot use.
import { api } from './api.js';
import './banner.js';

const LINKS = [
  { href: '/tasks.html', text: 'Home' },
  { href: '/editor.html', text: 'Editor' },
  { href: '/history.html', text: 'My submissions' },
  { href: '/forum/', text: 'Forum' },
  { href: '/chat/', text: 'Chat' },
  { href: '/recruiter.html', text: 'Assessments', roles: ['RECRUITER', 'ADMIN'] },
  { href: '/task-studio.html', text: 'Task studio', roles: ['RECRUITER', 'ADMIN'] },
  { href: '/contests-admin.html', text: 'Manage contests', roles: ['ADMIN'] },
  { href: '/admin/', text: 'Admin console', roles: ['ADMIN'] },
  { href: '/reports.html?usage', text: 'Usage report', roles: ['ADMIN'] },
];

export function mountNav(me) {
  const nav = document.getElementById('site-nav');
  if (!nav) {
    return;
  }
  const roles = me.roles || [];
  const here = location.pathname;
  const list = document.createElement('ul');
  for (const link of LINKS) {
    if (link.roles && !link.roles.some((role) => roles.includes(role))) {
      continue;
    }
    const item = document.createElement('li');
    const anchor = document.createElement('a');
    anchor.href = link.href;
    anchor.textContent = link.text;
    if (link.href === (link.href.includes('?') ? `${here}${location.search}` : here)) {
      anchor.setAttribute('aria-current', 'page');
    }
    item.append(anchor);
    list.append(item);
  }
  const who = document.createElement('li');
  who.className = 'who';
  const name = document.createElement('strong');
  name.id = 'username';
  name.textContent = me.username;
  // the name leads to the person's own settings (the language of their mail, the forum digest)
  const account = document.createElement('a');
  account.href = '/account.html';
  account.title = 'Your account: mail settings';
  account.append(name);
  who.append('Signed in as ', account);
  const out = document.createElement('li');
  const button = document.createElement('button');
  button.type = 'button';
  button.id = 'logout';
  button.className = 'link';
  button.textContent = 'Log out';
  button.addEventListener('click', async () => {
    await api('DELETE', '/api/v1/auth/session');
    location.href = '/';
  });
  out.append(button);
  list.append(who, out);
  nav.replaceChildren(list);
}

/**
 * The signed-in person ({username, roles}) with the menu shown; null when no one is signed in (the page then
 * goes to the sign-in page, which comes back to {@code nextPage}) or the server cannot say (the menu says so).
 */
export async function signedIn(nextPage) {
  const me = await api('GET', '/api/v1/auth/me');
  if (me.status === 401) {
    location.href = `/?next=${encodeURIComponent(nextPage)}`;
    return null;
  }
  if (!me.ok) {
    const nav = document.getElementById('site-nav');
    if (nav) {
      nav.textContent = (me.data && me.data.error) || 'CodeArena cannot be reached just now; reload in a moment.';
    }
    return null;
  }
  mountNav(me.data);
  return me.data;
}
