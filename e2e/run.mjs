// Browser end-to-end test of `yusuan serve` in the system's headless Chromium (playwright-core, no
// downloaded browser). Usage: node e2e/run.mjs <base url> <screenshot dir> <document to upload> [<url 2>]
// <url 2>: a second server whose first version has findings located in table cells (marked in place).
// Prints one JSON object (the facts crates/cli/tests/browser.rs asserts on) and exits 0; exits 2 when the
// browser cannot start.
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [base, shots, upload, second] = process.argv.slice(2);
if (!base || !shots || !upload) {
  console.error('usage: node run.mjs <base url> <screenshot dir> <document to upload>');
  process.exit(64);
}
const root = base.endsWith('/') ? base : base + '/';
mkdirSync(shots, { recursive: true });
const profile = mkdtempSync(join(tmpdir(), 'yusuan-e2e-'));
const out = { pages: {}, errors: [], console: [], external: [] };

let context;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
    viewport: { width: 1400, height: 1000 },
    locale: 'zh-CN',
  });
} catch (e) {
  console.error('cannot start Chromium: ' + e.message);
  rmSync(profile, { recursive: true, force: true });
  process.exit(2);
}

const page = context.pages()[0] || await context.newPage();
page.setDefaultTimeout(20000);
page.on('pageerror', (e) => out.errors.push(page.url() + ': ' + String(e)));
page.on('console', (m) => { if (m.type() === 'error') out.console.push(page.url() + ': ' + m.text()); });
const origins = [new URL(root).origin].concat(second ? [new URL(second).origin] : []);
page.on('request', (r) => { const u = r.url(); if (!origins.some((o) => u.startsWith(o)) && !u.startsWith('data:') && !u.startsWith('about:')) out.external.push(u); });

/// A department-year page: the disclosure in its iframe, the findings marked in it, a click on a finding.
async function departmentPage(url) {
  const resp = await page.goto(url);
  await page.waitForSelector('body[data-charts="ready"]');
  const frameEl = await page.waitForSelector('iframe#disclosure');
  const frame = await frameEl.contentFrame();
  await frame.waitForSelector('[data-cell]');
  await page.waitForFunction(() => document.body.dataset.marked !== undefined);
  const v = { status: resp.status() };
  v.cells = await frame.$$eval('td[data-cell]', (els) => els.length);
  v.texts = await frame.$$eval('[data-text]', (els) => els.length);
  v.findings = await page.$$eval('#findings li.finding', (els) => els.map((li) => ({
    severity: li.dataset.severity, rule: li.dataset.rule, found: Number(li.dataset.found || 0) })));
  v.marked = Number(await page.evaluate(() => document.body.dataset.marked));
  v.marked_in_frame = await frame.$$eval('.yf-error, .yf-warning, .yf-info', (els) => els.length);
  v.marked_titles = await frame.$$eval('.yf-error', (els) => els.filter((e) => e.title.includes('[YS-')).length);
  // Clicking a finding that has a place scrolls the disclosure to it and outlines it.
  const placed = await page.$('#findings li.finding:not([data-found="0"])');
  if (placed) {
    await placed.click();
    await frame.waitForSelector('.yf-focus');
    v.focus = await frame.$$eval('.yf-focus', (els) => els.length);
    // The disclosure scrolls (smoothly) until the place is in view.
    for (let i = 0; i < 50 && !v.focus_visible; i++) {
      if (i) await page.waitForTimeout(100);
      v.focus_visible = await frame.evaluate(() => {
        const r = document.querySelector('.yf-focus').getBoundingClientRect();
        return r.bottom > 0 && r.top < window.innerHeight;
      });
    }
  }
  return v;
}

async function shot(name) {
  await page.screenshot({ path: join(shots, name + '.png'), fullPage: true });
}

try {
  // 1. Overview.
  let resp = await page.goto(root);
  const rows = await page.$$eval('#overview tr[data-version]', (trs) => trs.map((tr) => ({
    version: Number(tr.dataset.version), text: tr.querySelector('th').textContent.trim() })));
  out.pages.overview = { status: resp.status(), rows };
  await shot('overview');

  // 2. The department-year page of the example.
  const example = rows.find((r) => r.text.includes('江汉区人民政府办公室')) || rows[0];
  const v = await departmentPage(root + 'v/' + example.version);
  v.version = example.version;
  // Every chart drew something: count non-blank pixels of its canvas.
  v.charts = await page.evaluate(() => {
    const res = {};
    for (const id of ['chart-functional', 'chart-economic', 'chart-yoy', 'chart-sangong']) {
      const c = document.querySelector('#' + id + ' canvas');
      if (!c) { res[id] = -1; continue; }
      const ctx = c.getContext('2d');
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) n++;
      res[id] = n;
    }
    return res;
  });
  v.assets_external = await page.$$eval('script[src], link[href]', (els) => els.map((e) => e.src || e.href).filter((u) => !u.startsWith(location.origin)));
  // Drill down with a real mouse click on the inner ring of the sunburst (the largest 功能分类 类).
  const fdiv = await page.$('#chart-functional');
  await fdiv.scrollIntoViewIfNeeded();
  const roots = () => page.evaluate(() => window.yusuanCharts.functional.getOption().series[0].data.map((d) => d.code));
  v.drill_before = await roots();
  const box = await fdiv.boundingBox();
  const cx = box.x + box.width / 2, cy = box.y + box.height / 2, r = Math.min(box.width, box.height) / 2;
  for (const f of [0.2, 0.25, 0.15, 0.3]) {
    for (const [dx, dy] of [[0, -1], [1, 0], [0, 1], [-1, 0]]) {
      await page.mouse.click(cx + dx * r * f, cy + dy * r * f);
      const path = await fdiv.getAttribute('data-path');
      if (path) { v.drill_path = path; break; }
    }
    if (v.drill_path) break;
  }
  v.drill_after = await roots();
  await shot('department');
  // The disclosure alone, scrolled to the first marked finding.
  out.pages.department = v;

  // 2b. Findings marked in place (a version with findings on table cells).
  if (second) {
    await page.goto(second);
    const first = await page.$eval('#overview tr[data-version]', (tr) => tr.dataset.version);
    const m = await departmentPage(new URL('v/' + first, second).href);
    m.findings = m.findings.length;
    out.pages.marked = m;
    await shot('department-marked');
    await page.screenshot({ path: join(shots, 'department-marked-view.png') });
  }

  // 3. Findings browser, filtered.
  resp = await page.goto(root + 'findings?severity=warning');
  out.pages.findings = {
    status: resp.status(),
    rows: await page.$$eval('#findings-table tbody tr', (trs) => trs.map((tr) => tr.dataset.severity)),
    links: await page.$$eval('#findings-table tbody tr a[href^="/v/"]', (as) => as.length),
  };
  await shot('findings');

  // 4. Compare two years (the synthetic bureau has 2022 and 2023).
  const bureau = rows.find((r) => r.text === '合成示例局');
  resp = await page.goto(root + 'compare' + (bureau ? '?org=' + encodeURIComponent('合成示例局') : ''));
  out.pages.compare = {
    status: resp.status(),
    functional_rows: await page.$$eval('#compare-functional tbody tr', (t) => t.length),
    economic_rows: await page.$$eval('#compare-economic tbody tr', (t) => t.length),
    heading: await page.$eval('h2', (h) => h.textContent.trim()).catch(() => ''),
  };
  await shot('compare');

  // 4b. A stored published document (text) with its findings.
  const all = await (await page.request.get(root + 'api/versions')).json();
  const doc = all.find((x) => x.kind === 'document');
  if (doc) {
    resp = await page.goto(root + 'v/' + doc.id);
    out.pages.document = {
      status: resp.status(),
      text: await page.$eval('#document-text', (e) => e.textContent.length).catch(() => 0),
      findings: await page.$$eval('#findings li.finding', (els) => els.length),
    };
    await shot('document');
  }

  // 5. District consolidation.
  resp = await page.goto(root + 'district');
  out.pages.district = {
    status: resp.status(),
    functional_rows: await page.$$eval('#district-functional tbody tr', (t) => t.length),
    consolidations: await page.$$eval('section.consolidation', (s) => s.length),
    title: await page.$eval('h1', (h) => h.textContent.trim()),
  };
  await shot('district');

  // 6. Upload a published document and audit it.
  await page.goto(root + 'upload');
  await page.setInputFiles('#upload input[name="file"]', upload);
  await Promise.all([page.waitForNavigation(), page.click('#upload button[type="submit"]')]);
  out.pages.upload = {
    title: await page.$eval('h1', (h) => h.textContent.trim()),
    template: await page.$eval('#template', (e) => e.textContent.trim()),
    tables: await page.$$eval('#tables tbody tr', (t) => t.length),
    findings: await page.$$eval('#findings li.finding', (els) => els.map((li) => li.dataset.severity)),
  };
  await shot('upload');

  // 7. English, remembered in a cookie.
  await page.goto(root + '?lang=en');
  const en1 = await page.$eval('nav.main a', (a) => a.textContent.trim());
  await page.goto(root + 'findings');
  const en2 = await page.$eval('nav.main a', (a) => a.textContent.trim());
  await shot('overview-en');
  await page.goto(root + '?lang=zh');
  out.pages.english = { first: en1, next_page: en2, back: await page.$eval('nav.main a', (a) => a.textContent.trim()) };
} catch (e) {
  out.failure = String(e && e.stack || e);
}
await context.close();
rmSync(profile, { recursive: true, force: true });
console.log(JSON.stringify(out));
