// Bundles the pages' scripts with esbuild and names every file by its content (name-HASH.js), so that browsers
// may keep them for a year (Cache-Control: immutable); the pages (../webapp/**/*.html) are copied next to the
// bundles with their references rewritten to those names. Each entry is also kept under its plain name
// (assets/chat-page.js, arena.css) for pages rendered elsewhere (the chat and forum modules, error pages): those
// are revalidated on every load.
//   node build.mjs --outdir=DIR/assets      (pages go to DIR)
import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const outdir = (process.argv.find((arg) => arg.startsWith('--outdir=')) ?? '--outdir=dist/assets').slice(9);
const pagesIn = path.resolve('../webapp');
const pagesOut = path.dirname(path.resolve(outdir));
const entries = ['editor', 'login', 'tasks', 'task', 'history-page', 'assessment', 'recruiter', 'contest',
  'scoreboard', 'contests-admin', 'console', 'chat-page', 'reports', 'account', 'task-studio', 'similarity'];

const result = await esbuild.build({
  entryPoints: entries.map((name) => `src/${name}.js`),
  bundle: true, splitting: true, format: 'esm', minify: true, sourcemap: true, target: 'es2020',
  entryNames: '[name]-[hash]', chunkNames: 'chunks/[name]-[hash]', outdir, metafile: true, logLevel: 'warning',
});

// plain name (as the pages write it, relative to assets/) -> content-named file
const named = new Map();
for (const [file, output] of Object.entries(result.metafile.outputs)) {
  const relative = path.relative(outdir, file);
  if (file.endsWith('.map') || relative.startsWith('chunks')) {
    continue;
  }
  const plain = relative.replace(/-[A-Z0-9]{8}(\.\w+)$/, '$1');
  if (output.entryPoint || file.endsWith('.css')) {
    named.set(plain, relative);
    copyFileSync(file, path.join(outdir, plain));
  }
}

// the site's style sheet, content-named too
const css = readFileSync(path.join(pagesIn, 'arena.css'));
const cssName = `arena-${createHash('sha256').update(css).digest('hex').slice(0, 8).toUpperCase()}.css`;
writeFileSync(path.join(outdir, cssName), css);

function pages(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) {
      return name === 'WEB-INF' ? [] : pages(full);
    }
    return name.endsWith('.html') ? [full] : [];
  });
}

for (const page of pages(pagesIn)) {
  const html = readFileSync(page, 'utf8')
    .replace(/(href|src)="(\/?)assets\/([\w.-]+)"/g, (whole, attribute, root, plain) => {
      if (!named.has(plain)) {
        throw new Error(`${path.relative(pagesIn, page)} refers to assets/${plain}, which the build does not make`);
      }
      return `${attribute}="${root}assets/${named.get(plain)}"`;
    })
    .replace(/href="(\/?)arena\.css"/g, (whole, root) => `href="${root}assets/${cssName}"`);
  const target = path.join(pagesOut, path.relative(pagesIn, page));
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, html);
}
console.log(`bundled ${entries.length} pages' scripts; ${named.size} content-named files and ${cssName}`);
