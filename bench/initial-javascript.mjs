// The JavaScript a phone must fetch and parse before the app can start (`initialjs`): no server, no
// browser, only the build's index.html and the files it names.
import { access, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT } from './harness.mjs';

/** The goal from the cold-start issue, in gzip -9 bytes. */
const GOAL_BYTES = 150_000;
// Sizes in kB of 1,000 bytes, as Angular's build prints them.
const kB = (bytes) => `${Math.round(bytes / 1000)} kB`;

/** The built app's directory (dist/<project>/browser), wherever angular.json names the project. */
async function browserDir() {
  const dist = path.join(ROOT, 'dist');
  for (const project of await readdir(dist)) {
    const dir = path.join(dist, project, 'browser');
    if (
      await access(path.join(dir, 'index.html')).then(
        () => true,
        () => false,
      )
    )
      return dir;
  }
  throw new Error('no dist/*/browser/index.html: run `npm run build` first');
}

/** Every script and module preload index.html names: what the browser fetches before the app runs. */
function initialScripts(html) {
  const attribute = (tag, name) => new RegExp(`\\s${name}=["']?([^"'\\s>]+)`, 'i').exec(tag)?.[1];
  const scripts = [...html.matchAll(/<script\b[^>]*>/gi)].map(([tag]) => attribute(tag, 'src'));
  const preloads = [...html.matchAll(/<link\b[^>]*>/gi)]
    .filter(([tag]) => attribute(tag, 'rel') === 'modulepreload')
    .map(([tag]) => attribute(tag, 'href'));
  return [...new Set([...scripts, ...preloads].filter(Boolean))];
}

/** Raw and gzip -9 sizes of each initial script (each compressed on its own, as a server sends it). */
export async function initialJavaScript() {
  const dir = await browserDir();
  const files = await Promise.all(
    initialScripts(await readFile(path.join(dir, 'index.html'), 'utf8')).map(async (name) => {
      const bytes = await readFile(path.join(dir, name));
      return { name, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
    }),
  );
  const sum = (key) => files.reduce((total, file) => total + file[key], 0);
  return { files: files.sort((a, b) => b.gzip - a.gzip), raw: sum('raw'), gzip: sum('gzip') };
}

export async function initialjs() {
  const js = await initialJavaScript();
  console.log(`Initial JavaScript: ${kB(js.raw)} raw, ${kB(js.gzip)} gzip -9 (goal: <= ${kB(GOAL_BYTES)})`);
  const largest = js.files.slice(0, 3).map((file) => `${file.name} ${kB(file.raw)} raw, ${kB(file.gzip)} gzip -9`);
  console.log(`  ${js.files.length} files; the largest: ${largest.join('; ')}`);
}
