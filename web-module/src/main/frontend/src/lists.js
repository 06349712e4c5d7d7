// Lists that several pages show: the contests (running, upcoming, ended) and the tasks. Text goes in as text.

export function renderContests(list, contests, emptyText = 'No contests yet.') {
  const now = Date.now();
  list.replaceChildren();
  for (const contest of contests) {
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.href = `contest.html?slug=${encodeURIComponent(contest.slug)}`;
    link.textContent = contest.title;
    const ends = Date.parse(contest.endsAt);
    const starts = Date.parse(contest.startsAt);
    const when = now < starts ? `starts ${new Date(starts).toLocaleString()}`
      : now < ends ? `running until ${new Date(ends).toLocaleString()}` : 'ended';
    item.append(link, ` · ${when}`);
    list.append(item);
  }
  if (list.children.length === 0) {
    // a list holds items only (axe-core: list): the empty text is one
    const none = document.createElement('li');
    none.textContent = emptyText;
    list.append(none);
  }
}

export function renderTaskLinks(list, tasks) {
  list.replaceChildren(...tasks.map((task) => {
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.href = `task.html?slug=${encodeURIComponent(task.slug)}`;
    link.textContent = task.title;
    link.className = 'task-link';
    const difficulty = document.createElement('span');
    difficulty.textContent = ` · ${task.difficulty.toLowerCase()}`;
    difficulty.className = `difficulty ${task.difficulty.toLowerCase()}`;
    item.append(link, difficulty);
    return item;
  }));
}
