// The chat page (/chat/): the person's rooms with what they have not read, a room, and a way to start a direct
// conversation. Mentions and direct messages in other rooms show as a count beside the room and a line at the top.
import { api, errorText } from './api.js';
import { signedIn } from './nav.js';
import { onPush } from './push.js';
import { mountChat } from './chat.js';

const params = new URLSearchParams(location.search);
const room = params.get('room') || 'global';
const roomList = document.getElementById('chat-rooms');
const notice = document.getElementById('chat-notice');
const unread = new Map();

function roomHref(key) {
  return `/chat/?room=${encodeURIComponent(key)}`;
}

function drawRooms(rooms) {
  roomList.replaceChildren();
  for (const each of rooms) {
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.href = roomHref(each.room);
    link.textContent = each.title;
    link.dataset.room = each.room;
    if (each.room === room) {
      link.setAttribute('aria-current', 'page');
    }
    item.append(link);
    const count = unread.has(each.room) ? unread.get(each.room) : each.unread;
    if (count > 0 && each.room !== room) {
      const badge = document.createElement('span');
      badge.className = 'chat-unread';
      badge.textContent = count >= 100 ? '99+' : String(count);
      badge.setAttribute('aria-label', `${count} unread`);
      item.append(' ', badge);
    }
    roomList.append(item);
  }
}

let rooms = [];
async function loadRooms() {
  const result = await api('GET', '/api/v1/chat/rooms');
  if (!result.ok) {
    notice.textContent = errorText(result);
    return;
  }
  const current = rooms.find((each) => each.room === room);
  rooms = result.data.rooms;
  if (!rooms.some((each) => each.room === room)) {
    rooms.push(current || { room, title: room, unread: 0 });
  }
  drawRooms(rooms);
}

async function start() {
  const me = await signedIn('chat/');
  if (!me) {
    return;
  }
  mountChat(document.getElementById('chat-room'), {
    room,
    me,
    onInfo: (info) => {
      const listed = rooms.find((each) => each.room === room);
      if (listed) {
        listed.title = info.title;
      } else {
        rooms.push({ room, title: info.title, unread: 0 });
      }
      drawRooms(rooms);
      document.title = `${info.title} — Chat — CodeArena`;
    },
    onUnread: (key, count) => {
      unread.set(key, count);
      drawRooms(rooms);
    },
  });
  await loadRooms();
  document.body.dataset.ready = 'true';
  onPush((frame) => {
    if ((frame.type === 'chat-mention' || frame.type === 'chat-direct') && frame.room !== room) {
      unread.set(frame.room, (unread.get(frame.room) || (rooms.find((each) => each.room === frame.room) || {}).unread || 0) + 1);
      if (!rooms.some((each) => each.room === frame.room)) {
        rooms.push({ room: frame.room, title: frame.title || frame.from, unread: 0 });
      }
      drawRooms(rooms);
      notice.textContent = frame.type === 'chat-mention'
        ? `${frame.from} mentioned you in ${frame.title}: “${frame.excerpt}”`
        : `${frame.from} wrote to you: “${frame.excerpt}”`;
    }
  });
  document.getElementById('direct-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const username = document.getElementById('direct-name').value.trim();
    const status = document.getElementById('direct-status');
    if (!username) {
      return;
    }
    const result = await api('POST', '/api/v1/chat/direct', { username });
    if (!result.ok) {
      status.className = 'message error';
      status.textContent = errorText(result);
      return;
    }
    location.href = roomHref(result.data.room);
  });
}

start();
