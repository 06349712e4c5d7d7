import { api, errorText } from './api.js';

const slug = new URLSearchParams(location.search).get('slug') || '';

function block(label, text) {
  const figure = document.createElement('figure');
  const caption = document.createElement('figcaption');
  caption.textContent = label;
  const pre = document.createElement('pre');
  pre.textContent = text;
  figure.append(caption, pre);
  return figure;
}

async function start() {
  const result = await api('GET', `/api/v1/tasks/${encodeURIComponent(slug)}`);
  const title = document.getElementById('task-title');
  if (!result.ok) {
    title.textContent = 'Task not found';
    document.getElementById('statement').textContent = `${errorText(result)} — see all tasks.`;
    return;
  }
  const task = result.data;
  document.title = `CodeArena — ${task.title}`;
  title.textContent = task.title;
  document.getElementById('task-facts').textContent = `${task.difficulty.toLowerCase()} · time limit `
    + `${task.timeLimitMillis / 1000} s · memory ${Math.round(task.memoryLimitKb / 1024)} MB · `
    + `${task.hiddenTests} hidden tests, ${task.points} points`;
  // rendered on the server from Markdown, with any raw HTML escaped
  document.getElementById('statement').innerHTML = task.statementHtml;
  const samples = document.getElementById('samples');
  task.samples.forEach((sample, index) => {
    const pair = document.createElement('div');
    pair.className = 'sample';
    pair.append(block(`Input ${index + 1}`, sample.input), block(`Expected output ${index + 1}`, sample.output));
    const use = document.createElement('button');
    use.type = 'button';
    use.className = 'link use-sample';
    use.textContent = 'Use this input';
    use.addEventListener('click', () => { document.getElementById('stdin').value = sample.input; });
    pair.append(use);
    samples.append(pair);
  });
  if (task.samples.length > 0) {
    document.getElementById('stdin').value = task.samples[0].input;
  }
  document.body.dataset.taskReady = 'true';
}

start();
