import { onPush, watch as pushWatch } from './push.js';
import { api, errorText } from './api.js';
import { signedIn } from './nav.js';
import { mountChat } from './chat.js';
import { frozenText, showCountdown, loadAnnouncements, renderBoard, showFrozen } from './board.js';

// A contest: join (with a region when it has regions), its tasks (each opens the task page in contest
// mode), and the leaderboard, pushed as it moves (the socket watches this contest) with a poll every
// 10 s as the fallback. The board comes from the server's cache: the page never makes anyone compute it.
const slug = new URLSearchParams(location.search).get('slug') || '';
const message = document.getElementById('page-message');
const filter = document.getElementById('region-filter');
let contest = null;
let me = null;
let lastVersion = -1;
let moves = 0;



function render(board) {
  if (board.version < lastVersion || (filter.value || null) !== (board.region || null)) {
    return;
  }
  if (board.version > lastVersion && lastVersion !== -1) {
    moves += 1;
  }
  lastVersion = board.version;
  renderBoard(document.getElementById('leaderboard'), contest, board, me && me.username);
  showFrozen(document.getElementById('frozen'), contest, board);
  document.getElementById('leaderboard-message').textContent = board.participants === 0
    ? 'Nobody has a judged submission yet.'
    : `${board.participants} ranked${board.participants > board.rows.length ? `, top ${board.rows.length} shown` : ''}`
      + ' · score per task with attempts in brackets; ties are broken by time (the latest counted submission)';
  document.body.dataset.leaderboardVersion = String(board.version);
  document.body.dataset.leaderboardMoves = String(moves);
}

async function loadBoard() {
  const region = filter.value;
  const result = await api('GET', `/api/v1/contests/${encodeURIComponent(slug)}/leaderboard`
    + (region ? `?region=${encodeURIComponent(region)}` : ''));
  if (result.ok) {
    render(result.data);
  }
}

function watch() {
  onPush((message) => {
    if (message.type === 'push-open') {
      document.getElementById('live').hidden = false;
    } else if (message.type === 'push-closed') {
      document.getElementById('live').hidden = true;
    } else if (message.type === 'reset' && message.topic === `contest:${slug}`) {
      loadBoard();
    } else if (message.type === 'leaderboard' && message.contest === slug) {
      // the push carries every region's board; a region view asks for its own ranking
      if (filter.value) {
        loadBoard();
      } else {
        render(message);
      }
    }
  });
  pushWatch(`contest:${slug}`);
}

function showJoined(region) {
  document.getElementById('join-box').hidden = true;
  const joined = document.getElementById('joined');
  joined.hidden = false;
  joined.textContent = `You are in${region ? ` (region ${region})` : ''}: open a task, solve it, submit.`;
}

async function start() {
  me = await signedIn(`contest.html?slug=${slug}`);
  if (!me) {
    return;
  }
  const result = await api('GET', `/api/v1/contests/${encodeURIComponent(slug)}`);
  if (!result.ok) {
    message.className = 'message error';
    message.textContent = errorText(result);
    return;
  }
  contest = result.data;
  mountChat(document.getElementById('chat-panel'), { room: `contest:${slug}`, me, compact: true });
  document.title = `CodeArena — ${contest.title}`;
  document.getElementById('contest-title').textContent = contest.title;
  document.getElementById('contest-facts').textContent = `${new Date(contest.startsAt).toLocaleString()} to `
    + `${new Date(contest.endsAt).toLocaleString()} · ${contest.rule === 'BEST' ? 'your best' : 'your last'} `
    + 'submission per task counts';
  document.getElementById('frozen').textContent = frozenText(contest);
  document.getElementById('frozen').hidden = !contest.frozen;
  document.getElementById('scoreboard-link').href = `scoreboard.html?slug=${encodeURIComponent(slug)}`;
  const announcements = document.getElementById('announcements');
  const showAnnouncements = async () => {
    document.getElementById('announcements-box').hidden = (await loadAnnouncements(announcements, slug)) === 0;
  };
  await showAnnouncements();
  setInterval(showAnnouncements, 15000);
  document.getElementById('contest-tasks').replaceChildren(...contest.tasks.map((task) => {
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.href = `task.html?slug=${encodeURIComponent(task.slug)}&contest=${encodeURIComponent(slug)}`;
    link.textContent = task.title;
    item.append(link, ` (${task.difficulty.toLowerCase()})`);
    return item;
  }));
  const regionSelect = document.getElementById('region');
  for (const region of contest.regions) {
    regionSelect.append(new Option(region, region));
    filter.append(new Option(region, region));
  }
  document.getElementById('region-label').hidden = contest.regions.length === 0;
  document.getElementById('region-filter-label').hidden = contest.regions.length === 0;
  const mine = await api('GET', `/api/v1/contests/${encodeURIComponent(slug)}/me`);
  if (mine.ok && mine.data.joined) {
    showJoined(mine.data.region);
  } else {
    document.getElementById('join-box').hidden = false;
  }
  document.getElementById('join').addEventListener('click', async () => {
    const joined = await api('POST', `/api/v1/contests/${encodeURIComponent(slug)}/join`,
      { region: contest.regions.length ? regionSelect.value : null });
    if (!joined.ok) {
      message.className = 'message error';
      message.textContent = errorText(joined);
      return;
    }
    showJoined(joined.data.region);
  });
  filter.addEventListener('change', () => { lastVersion = -1; loadBoard(); });
  setInterval(() => showCountdown(contest), 500);
  showCountdown(contest);
  await loadBoard();
  watch();
  setInterval(loadBoard, 10000);
  document.body.dataset.ready = 'true';
}

start();
