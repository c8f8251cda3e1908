// The enterprise app's first-load budget: the JavaScript index.html loads
// (its entry and the chunks it preloads) plus the first screen's chunks,
// gzipped, must stay within 250 KB. Prints the figure; exits 1 when over.
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const BUDGET = 250 * 1024;
const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const referenced = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);

// The first screens an enterprise contact sees: sign-in, then the service list.
const firstScreens = readdirSync(join(dist, 'assets')).filter(
  (f) => f.endsWith('.js') && /^(LoginView|ServicesView)-/.test(f),
);
const files = new Set([...referenced, ...firstScreens.map((f) => `assets/${f}`)]);
// Follow static imports of the chunks counted, so shared chunks count too.
const queue = [...files];
while (queue.length) {
  const file = queue.pop();
  const code = readFileSync(join(dist, file), 'utf8');
  for (const m of code.matchAll(/(?:^|[;\n}])\s*import\s*(?:[^'"()]*?from\s*)?["']\.\/([^"']+\.js)["']/g)) {
    const dep = `assets/${m[1]}`;
    if (!files.has(dep)) {
      files.add(dep);
      queue.push(dep);
    }
  }
}
let total = 0;
const rows = [];
for (const file of [...files].sort()) {
  const size = gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
  total += size;
  rows.push(`  ${(size / 1024).toFixed(1).padStart(7)} KB  ${file}`);
  if (/element-plus|echarts/i.test(file)) {
    console.error(`first load must not include ${file}`);
    process.exit(1);
  }
}
console.log(`enterprise first load (JS, gzipped):\n${rows.join('\n')}`);
console.log(`first-load JS: ${(total / 1024).toFixed(1)} KB gzipped of a ${BUDGET / 1024} KB budget`);
if (total > BUDGET) {
  console.error('over budget');
  process.exit(1);
}
