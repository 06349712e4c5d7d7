import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { api, errorText } from './api.js';
import { cell, text } from './dom.js';
import { signedIn } from './nav.js';

// Reports, read from the read replica: ?assessment=ID (its recruiter, ADMINs), ?contest=SLUG and ?usage (ADMINs).
// Headline figures, then each table as a chart with its figures below and a CSV download; the top line says how
// fresh the figures are ("data as of 0.4 s ago"), and warns when the replica is further behind than its bound.
const params = new URLSearchParams(location.search);
const PALETTE = ['#3559e0', '#2e9e4c', '#d0453b', '#8a6100', '#7b3fc4', '#0f8b8d', '#c4368d', '#5a6275'];
const LABELS = {
  invited: 'Invited', started: 'Started', fullMarks: 'Full marks', passRatePercent: 'Pass rate %',
  medianScorePercent: 'Median score %', medianMinutesUsed: 'Median minutes used', durationMinutes: 'Duration (min)',
  maxScore: 'Maximum score', participants: 'Participants', submissions: 'Submissions', runs: 'Runs',
  people: 'People running code', hours: 'Hours',
};
const charts = [];
const COUNT_TICKS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000, 1000000];

function source() {
  if (params.has('assessment')) {
    const id = encodeURIComponent(params.get('assessment'));
    return { path: `/api/v1/reports/assessments/${id}`, query: '' };
  }
  if (params.has('contest')) {
    return { path: `/api/v1/reports/contests/${encodeURIComponent(params.get('contest'))}`, query: '' };
  }
  document.getElementById('report-range').hidden = false;
  return { path: '/api/v1/reports/usage', query: `?hours=${document.getElementById('report-hours').value}` };
}

function say(content, kind) {
  const line = document.getElementById('report-freshness');
  line.textContent = content;
  line.className = `message ${kind}`;
}

function ago(millis) {
  if (millis < 1000) {
    return `${(millis / 1000).toFixed(1)} s`;
  }
  if (millis < 120000) {
    return `${Math.round(millis / 1000)} s`;
  }
  return `${Math.round(millis / 60000)} min`;
}

function showFreshness(freshness) {
  const readAt = new Date(freshness.readAt);
  const line = `Data as of ${ago(freshness.lagMillis)} ago, read from the read replica at `
    + `${readAt.toLocaleTimeString()}.`;
  if (freshness.stale) {
    say(`${line} Warning: ${freshness.note}.`, 'warning');
  } else {
    say(line, 'hint');
  }
}

function showSummary(summary) {
  const list = document.getElementById('report-summary');
  list.replaceChildren();
  for (const [key, value] of Object.entries(summary)) {
    if (['hours', 'since', 'startsAt', 'endsAt', 'bucketMinutes'].includes(key)) {
      continue;
    }
    const item = document.createElement('div');
    item.append(text('dt', LABELS[key] || key), text('dd', value === null ? '–' : String(value)));
    item.dataset.figure = key;
    list.append(item);
  }
}

// the raw value under a stacked bar: the chart draws running totals, the legend shows each series' own figure
function chartData(table) {
  const { chart, rows } = table;
  const x = chart.x === 'time' ? rows.map((r) => Date.parse(r[0]) / 1000) : rows.map((_, i) => i);
  const raw = chart.series.map((c) => rows.map((r) => (r[c] === null ? null : Number(r[c]))));
  if (chart.kind !== 'stacked') {
    return { x, drawn: raw, raw };
  }
  const drawn = raw.map((_, s) => rows.map((__, i) => raw.slice(0, s + 1).reduce((sum, col) => sum + (col[i] || 0), 0)));
  return { x, drawn, raw };
}

function drawChart(element, table) {
  const { chart, rows, columns } = table;
  const { x, drawn, raw } = chartData(table);
  const bars = chart.kind !== 'lines';
  const count = chart.series.length;
  // stacked: the tallest (running total of all) first, so each shorter one is drawn over it
  const order = chart.kind === 'stacked' ? [...chart.series.keys()].reverse() : [...chart.series.keys()];
  const categories = chart.x === 'category';
  const series = [{ label: columns[0], value: categories ? (u, v) => (v === null ? '–' : rows[v] && rows[v][0]) : undefined }];
  order.forEach((s, n) => {
    const colour = PALETTE[s % PALETTE.length];
    series.push({
      label: columns[chart.series[s]],
      stroke: colour,
      fill: bars ? `${colour}cc` : undefined,
      width: bars ? 1 : 2,
      paths: bars ? uPlot.paths.bars({ size: [count > 1 && chart.kind !== 'stacked' ? 0.8 - n * 0.25 : 0.7, 80] }) : undefined,
      points: { show: !bars },
      value: (u, v, si, i) => (i === null || raw[s][i] === null || raw[s][i] === undefined ? '–' : String(raw[s][i])),
    });
  });
  const rotate = categories && rows.length > 6;
  const options = {
    width: Math.max(300, Math.min(900, element.clientWidth || 600)),
    height: 240,
    scales: {
      x: categories ? { time: false, range: [-0.6, rows.length - 0.4] } : { time: true },
      y: { range: chart.unit === '%' ? [0, 100] : (u, min, max) => [0, Math.max(1, Math.ceil(max * 1.1))] },
    },
    series,
    axes: [
      categories ? { values: (u, splits) => splits.map((i) => (Number.isInteger(i) && rows[i] ? rows[i][0] : '')),
        rotate: rotate ? -35 : 0, size: rotate ? 90 : 40, incrs: [1] } : {},
      // counts are whole numbers: no tick at 2.5 candidates
      { label: chart.unit, size: 60, incrs: ['%', 'ms'].includes(chart.unit) ? undefined : COUNT_TICKS },
    ],
    legend: { live: true },
  };
  charts.push(new uPlot(options, [x, ...order.map((s) => drawn[s])], element));
}

function figuresTable(table) {
  const wrap = document.createElement('details');
  wrap.append(text('summary', 'The figures'));
  const scroll = document.createElement('div');
  scroll.className = 'table-scroll';
  const element = document.createElement('table');
  element.className = 'tests';
  const caption = text('caption', table.title);
  caption.className = 'visually-hidden';
  const head = document.createElement('tr');
  head.append(...table.columns.map((c) => {
    const th = text('th', c);
    th.scope = 'col';
    return th;
  }));
  const thead = document.createElement('thead');
  thead.append(head);
  const body = document.createElement('tbody');
  for (const row of table.rows) {
    const tr = document.createElement('tr');
    tr.append(...row.map((value, i) => cell(value === null ? '–'
      : (i === 0 && table.chart && table.chart.x === 'time' ? new Date(value).toLocaleString() : String(value)))));
    body.append(tr);
  }
  element.append(caption, thead, body);
  scroll.append(element);
  wrap.append(scroll);
  return wrap;
}

function showTables(report, where) {
  const container = document.getElementById('report-tables');
  charts.splice(0).forEach((c) => c.destroy());
  container.replaceChildren();
  for (const table of report.tables) {
    const section = document.createElement('section');
    section.className = 'report-table';
    section.dataset.table = table.id;
    const heading = text('h3', table.title);
    heading.id = `table-${table.id}`;
    const download = text('a', 'Download CSV');
    download.href = `${where.path}/${table.id}.csv${where.query}`;
    download.setAttribute('download', '');
    download.setAttribute('aria-describedby', heading.id);
    section.append(heading);
    if (table.rows.length === 0 || !table.rows.some((r) => table.chart && table.chart.series.some((c) => Number(r[c]) > 0))) {
      section.append(text('p', 'Nothing to show yet: no candidate, submission or run counts here so far.', 'message hint'));
    }
    if (table.chart && table.rows.length > 0) {
      const chart = document.createElement('div');
      chart.className = 'report-chart';
      chart.setAttribute('role', 'img');
      chart.setAttribute('aria-label', `${table.title}: chart of the figures below`);
      section.append(chart);
      container.append(section);
      drawChart(chart, table);
    } else {
      container.append(section);
    }
    const links = document.createElement('p');
    links.append(download);
    section.append(figuresTable(table), links);
  }
}

async function load() {
  const where = source();
  say('Reading the report from the read replica…', 'working');
  const result = await api('GET', `${where.path}${where.query}`);
  if (!result.ok) {
    say(result.status === 503 ? `${errorText(result)}.` : errorText(result), 'error');
    document.body.dataset.ready = 'true';
    return;
  }
  const report = result.data;
  document.getElementById('report-title').textContent = report.kind === 'usage' ? report.title
    : `${report.kind === 'assessment' ? 'Assessment' : 'Contest'} report: ${report.title}`;
  document.title = `CodeArena — ${report.title}`;
  showFreshness(report.freshness);
  showSummary(report.summary);
  showTables(report, where);
  document.body.dataset.ready = 'true';
}

async function main() {
  const me = await signedIn(`${location.pathname}${location.search}`);
  if (!me) {
    return;
  }
  document.getElementById('report-refresh').addEventListener('click', load);
  document.getElementById('report-hours').addEventListener('change', load);
  await load();
}

main();
