// Drives viz/testdata/widgets_demo.ipynb in JupyterLab 4 with headless chromium (playwright-core
// 1.65.1): node widgets_drive.js [descent] [step] [stop] [next]. One scenario per function;
// LAB_URL, LAB_TOKEN and LAB_NB name the server, its token and the notebook. Screenshots go to
// /tmp/vizjup/shots. Use a fresh kernel per browser session: GoNB's gonb_comm does not reconnect
// to a kernel another page already talked to ("comm_open_ack not received in time").
const { chromium } = require('playwright-core');
const fs = require('fs');
const BASE = process.env.LAB_URL || 'http://127.0.0.1:8931', TOKEN = process.env.LAB_TOKEN || 'viztok', NB = process.env.LAB_NB || 'lab.ipynb';
const shot = (page, name) => page.screenshot({ path: `/tmp/vizjup/shots/${name}.png`, fullPage: false });

// openNotebook opens NB in JupyterLab and waits for the kernel to be idle.
async function openNotebook(page) {
  await page.goto(`${BASE}/lab/tree/${NB}?token=${TOKEN}`);
  await page.waitForSelector('.jp-Notebook .jp-Cell', { timeout: 60000 });
  // the status bar names the kernel once a session exists; GoNB's status reads "Unknown" until the
  // first execution, so do not wait for "Idle" here
  await page.waitForFunction(() => /Go \(nnbook\) \|/.test(document.querySelector('#jp-main-statusbar')?.textContent || ''), null, { timeout: 120000 });
  await page.waitForTimeout(3000);
}

// runCell selects code cell i (0-based) and runs it with Shift+Enter (does not wait for the end).
async function runCell(page, i) {
  const cell = page.locator('.jp-Notebook .jp-Cell').nth(i);
  await cell.locator('.jp-InputArea-editor').click();
  await page.keyboard.press('Shift+Enter');
  return cell;
}

// waitCellDone waits until cell's prompt shows a number ("[n]:"), i.e. the cell finished.
async function waitCellDone(cell, timeout = 120000) {
  await cell.locator('.jp-InputPrompt').filter({ hasText: /\[\d+\]/ }).waitFor({ timeout });
}

// descentScenario: run viz.ExploreDescent(), move the learning-rate slider, see the picture change.
async function descentScenario(page) {
  const cell = await runCell(page, 1);
  const slider = cell.locator('input[type=range][id$="-lr"]');
  await slider.waitFor({ timeout: 120000 });
  const img = cell.locator('[id$="-frame"] img');
  await img.waitFor();
  await page.waitForTimeout(1000); // let the script say "alive"
  const before = await img.getAttribute('src');
  await shot(page, 'descent-1-default');
  const t0 = Date.now();
  await slider.evaluate(el => { el.value = '50'; el.dispatchEvent(new Event('input', { bubbles: true })); });
  await page.waitForFunction(([sel, src]) => document.querySelector(sel)?.getAttribute('src') !== src,
    [`#${await img.evaluate(e => e.parentElement.id)} img`, before], { timeout: 20000 });
  const ms = Date.now() - t0;
  const shown = await cell.locator('output[id$="-lr-value"]').textContent();
  await shot(page, 'descent-2-lr0.05');
  const mom = cell.locator('input[type=range][id$="-momentum"]');
  const before2 = await img.getAttribute('src');
  await mom.evaluate(el => { el.value = '0'; el.dispatchEvent(new Event('input', { bubbles: true })); });
  await page.waitForFunction(([sel, src]) => document.querySelector(sel)?.getAttribute('src') !== src,
    [`#${await img.evaluate(e => e.parentElement.id)} img`, before2], { timeout: 20000 });
  await shot(page, 'descent-3-momentum0');
  await cell.locator('button[id$="-done"]').click();
  await waitCellDone(cell);
  const finalImgs = await cell.locator('.jp-OutputArea-output img').count();
  const controlsLeft = await cell.locator('input[type=range]').count();
  await shot(page, 'descent-4-done');
  return { redrawMs: ms, lrShown: shown, finalImgs, controlsLeft };
}

// stepScenario: run viz.StepThrough(), click "next phase" four times, read the numbers after each.
async function stepScenario(page) {
  const cell = await runCell(page, 2);
  const next = cell.locator('button[id$="-next"]');
  await next.waitFor({ timeout: 120000 });
  const img = cell.locator('[id$="-frame"] img');
  await img.waitFor();
  await page.waitForTimeout(1000);
  const srcs = [await img.getAttribute('src')];
  await shot(page, 'step-0-start');
  for (let k = 1; k <= 4; k++) {
    await next.click();
    await page.waitForFunction(src => { const i = document.querySelector('[id$="-frame"] img'); return i && i.getAttribute('src') !== src; }, srcs[srcs.length - 1], { timeout: 20000 });
    srcs.push(await img.getAttribute('src'));
    await shot(page, `step-${k}`);
  }
  await cell.locator('button[id$="-done"]').click();
  await waitCellDone(cell);
  return { distinctFrames: new Set(srcs).size };
}

// stopScenario: run the training cell, click "stop training" once the loss curve shows, wait for the end.
async function stopScenario(page, index = 3) {
  const cell = await runCell(page, index);
  const stop = cell.locator('button[id$="-stop"]');
  await stop.waitFor({ timeout: 180000 });
  await cell.locator('.jp-OutputArea-output img').first().waitFor({ timeout: 120000 });
  await shot(page, 'stop-1-training');
  await stop.click();
  const label = await stop.textContent({ timeout: 2000 }).catch(() => '(button already removed: Fit ended)');
  await waitCellDone(cell, 300000);
  const text = await cell.locator('.jp-OutputArea-output').allTextContents();
  await shot(page, 'stop-2-done');
  return { labelAfterClick: label, text: text.join(' | ').slice(-300) };
}

// nextCellScenario: run cell index (one that uses the model kept by the stopped cell) and return its text.
async function nextCellScenario(page, index) {
  const cell = await runCell(page, index);
  await waitCellDone(cell, 180000);
  await shot(page, 'next-cell');
  return (await cell.locator('.jp-OutputArea-output').allTextContents()).join(' | ').slice(0, 400);
}

(async () => {
  const dir = fs.mkdtempSync('/tmp/vizjup/chrome-');
  const browser = await chromium.launchPersistentContext(dir, {
    executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1400, height: 1000 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = browser.pages()[0] || await browser.newPage();
  page.on('console', m => { if (m.type() === 'error') console.log('console:', m.text().slice(0, 200)); });
  await openNotebook(page);
  const c0 = await runCell(page, 0); await waitCellDone(c0);
  const which = process.argv.slice(2);
  const out = {};
  if (!which.length || which.includes('descent')) out.descent = await descentScenario(page);
  if (!which.length || which.includes('step')) out.step = await stepScenario(page);
  if (!which.length || which.includes('stop')) out.stop = await stopScenario(page);
  if (which.includes('next')) out.next = await nextCellScenario(page, 4);
  console.log(JSON.stringify(out, null, 1));
  await browser.close();
})().catch(async e => { console.error(e); process.exit(1); });
