// capisim report pages in real Chromium (Debian's, never a downloaded one),
// driven by puppeteer-core. For each page given on the command line, TAP
// lines for:
//   - it loads with no console error and no request beyond the page itself
//     (self-contained: no network, no other file);
//   - every mark drawn has a tooltip (an SVG <title> that is not empty);
//   - the legend names every kind of mark drawn, and every colour drawn in
//     a mark is a colour of that kind's legend swatch;
//   - no two text labels of a timeline overlap (their bounding boxes);
//   - axe-core's accessibility scan finds no violation;
//   - printed (print media), the timelines fit the page width.
// With CAPISIM_SHOT_DIR set, a screenshot of each page's header, legend and
// timeline (NAME.png), of its first zoomed run of repeated steps
// (NAME-zoom.png) and of the card of its failed result with the most
// alternatives (NAME-card.png) goes there.
//
// usage: node report_check.js CHROMIUM PAGE.html...
'use strict';
const fs = require('fs');
const path = require('path');
const puppeteer = require('puppeteer-core');

const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const [chromium, ...pages] = process.argv.slice(2);
let n = 0;
let failed = 0;
function tap(ok, what, detail) {
  n += 1;
  if (!ok) failed += 1;
  console.log(`${ok ? 'ok' : 'not ok'} ${n} - ${what}`);
  if (!ok && detail) {
    for (const line of String(detail).split('\n').slice(0, 40)) console.log(`# ${line}`);
  }
}

// What the page shows, read inside the page.
function inspect() {
  const colour = (v) => {
    if (!v || v === 'none' || v.startsWith('url(')) return null;
    const m = v.match(/rgba?\((\d+),\s*(\d+),\s*(\d+)(?:,\s*([\d.]+))?\)/);
    if (!m) return v;
    if (m[4] !== undefined && Number(m[4]) === 0) return null;
    return `rgb(${m[1]}, ${m[2]}, ${m[3]})`;
  };
  const shapes = 'circle,rect,path,line,polygon,ellipse';
  const coloursOf = (root) => {
    const out = new Set();
    for (const el of root.querySelectorAll(shapes)) {
      const st = getComputedStyle(el);
      for (const c of [colour(st.fill), colour(st.stroke)]) if (c) out.add(c);
    }
    if (root.matches && root.matches(shapes)) {
      const st = getComputedStyle(root);
      for (const c of [colour(st.fill), colour(st.stroke)]) if (c) out.add(c);
    }
    return out;
  };
  const kindOf = (el) => [...el.classList].find((c) => c.startsWith('k-'));
  const res = { untitled: [], marks: 0, kinds: {}, legend: {}, overlaps: [], svgs: 0 };
  for (const svg of document.querySelectorAll('svg.timeline')) {
    res.svgs += 1;
    for (const g of svg.querySelectorAll('.mark')) {
      res.marks += 1;
      const t = g.querySelector(':scope > title');
      if (!t || !t.textContent.trim()) res.untitled.push(g.outerHTML.slice(0, 160));
      const k = kindOf(g);
      res.kinds[k] = res.kinds[k] || [];
      for (const c of coloursOf(g)) if (!res.kinds[k].includes(c)) res.kinds[k].push(c);
    }
    for (const el of svg.querySelectorAll('[class^="k-"]')) {
      const k = kindOf(el);
      res.kinds[k] = res.kinds[k] || [];
      for (const c of coloursOf(el)) if (!res.kinds[k].includes(c)) res.kinds[k].push(c);
    }
    const boxes = [...svg.querySelectorAll('text')].map((t) => ({
      text: t.textContent, r: t.getBoundingClientRect(),
    }));
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i].r;
        const b = boxes[j].r;
        const ox = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const oy = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (ox > 0.5 && oy > 0.5) {
          res.overlaps.push(`${svg.id}: "${boxes[i].text}" and "${boxes[j].text}"`);
        }
      }
    }
  }
  for (const li of document.querySelectorAll('.legend li')) {
    const sw = li.querySelector('.swatch');
    res.legend[li.dataset.kind] = sw ? [...coloursOf(sw)] : [];
  }
  return res;
}

async function checkPage(browser, file) {
  const name = path.basename(file, '.html');
  const page = await browser.newPage();
  const errors = [];
  const requests = [];
  const url = `file://${path.resolve(file)}`;
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => { if (r.url() !== url) requests.push(r.url()); });
  page.on('requestfailed', (r) => { if (r.url() !== url) requests.push(`${r.url()} (failed)`); });
  await page.setViewport({ width: 1280, height: 900 });
  await page.goto(url, { waitUntil: 'load' });
  tap(errors.length === 0, `${name}: loads with no console error`, errors.join('\n'));
  tap(requests.length === 0, `${name}: no request beyond the page itself`, requests.join('\n'));

  const r = await page.evaluate(inspect);
  tap(r.svgs > 0 && r.marks > 0, `${name}: has a timeline with marks (${r.svgs} SVG, ${r.marks} marks)`);
  tap(r.untitled.length === 0, `${name}: every mark has a tooltip`, r.untitled.join('\n'));
  const missing = [];
  for (const [k, cols] of Object.entries(r.kinds)) {
    if (!(k in r.legend)) { missing.push(`${k} drawn but not in the legend`); continue; }
    for (const c of cols) if (!r.legend[k].includes(c)) missing.push(`${k}: ${c} not on its swatch (${r.legend[k].join(' ')})`);
  }
  tap(missing.length === 0, `${name}: the legend covers every kind and colour drawn`, missing.join('\n'));
  tap(r.overlaps.length === 0, `${name}: no two labels overlap`, r.overlaps.join('\n'));

  await page.addScriptTag({ content: axeSource });
  const axe = await page.evaluate(async () => {
    const out = await window.axe.run(document, { resultTypes: ['violations'] });
    return out.violations.map((v) => `${v.id} (${v.impact}): ${v.help} - ${v.nodes.slice(0, 3).map((x) => x.target.join(' ')).join(', ')}`);
  });
  tap(axe.length === 0, `${name}: axe-core finds no accessibility violation`, axe.join('\n'));

  if (process.env.CAPISIM_SHOT_DIR) {
    const dir = process.env.CAPISIM_SHOT_DIR;
    const clip = await page.evaluate(() => {
      const fig = document.querySelector('figure');
      const r = fig.getBoundingClientRect();
      return { x: 0, y: 0, width: document.documentElement.clientWidth, height: Math.ceil(r.bottom + window.scrollY + 12) };
    });
    await page.screenshot({ path: path.join(dir, `${name}.png`), clip });
    // the failed result with the most alternatives: the one to teach from
    const best = await page.evaluate(() => {
      let id = null;
      let most = -1;
      for (const c of document.querySelectorAll('.card.failed')) {
        const k = c.querySelectorAll('li.alt').length;
        if (k > most) { most = k; id = c.id; }
      }
      return id;
    });
    // the longest run of repeated steps, zoomed (when there is one)
    const zoom = await page.$('figure:has(svg#run-1)');
    if (zoom) await zoom.screenshot({ path: path.join(dir, `${name}-zoom.png`) });
    const card = best ? await page.$(`#${best}`) : await page.$('.card');
    if (card) await card.screenshot({ path: path.join(dir, `${name}-card.png`) });
  }

  await page.emulateMediaType('print');
  await page.setViewport({ width: 794, height: 1123 }); // A4 at 96 dpi
  const wide = await page.evaluate(() => [...document.querySelectorAll('svg.timeline')]
    .filter((s) => s.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
    .map((s) => `${s.id}: ${Math.round(s.getBoundingClientRect().width)} px`));
  tap(wide.length === 0, `${name}: printed, every timeline fits the page width`, wide.join('\n'));
  await page.close();
}

(async () => {
  const browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update',
      '--disable-sync', `--user-data-dir=${fs.mkdtempSync('/tmp/capisim-chromium-')}`],
  });
  try {
    for (const p of pages) await checkPage(browser, p);
  } finally {
    await browser.close();
  }
  console.log(`1..${n}`);
  process.exit(failed ? 1 : 0);
})().catch((e) => {
  console.log(`not ok ${n + 1} - the browser run failed`);
  console.log(`# ${String(e.stack || e).split('\n').join('\n# ')}`);
  console.log(`1..${n + 1}`);
  process.exit(1);
});
