// Drives Debian's chromium through JupyterLab with playwright-core, for
// kernel/internal/kernelcmd's browser test (browser_test.go).
//
//   node driver.mjs CONFIG.json
//
// CONFIG: {"url": "http://127.0.0.1:P", "token": "...", "chromium": "/usr/bin/chromium",
//          "screenshots": DIR, "steps": [{"do": SCENARIO, ...args}, ...]}
//
// Each step runs the scenario function of that name (see `scenarios` below)
// with the step's arguments, and prints one line "RESULT <json>" with what it
// measured; the Go test asserts on those figures. A scenario throws on what
// it cannot do at all (a selector never appears); it measures, it does not
// judge. To add one (a widget's slider, a button), write an async function
// (ctx, args) => result and add it to `scenarios`.

import { chromium } from 'playwright-core';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const cfg = JSON.parse(readFileSync(process.argv[2], 'utf8'));

// Debian's chromium, as issue 10 asks, with a fresh profile.
const chromiumFlags = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---- helpers on the open notebook --------------------------------------

// cells returns, for every cell of the active notebook, its kind, prompt,
// text of its outputs and number of rendered images.
async function cells(page) {
  return page.$$eval('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell', (els) => els.map((el) => {
    const prompt = el.querySelector('.jp-InputArea-prompt');
    const outs = [...el.querySelectorAll('.jp-OutputArea-output')];
    return {
      code: el.classList.contains('jp-CodeCell'),
      prompt: prompt ? prompt.textContent.trim() : '',
      outputs: outs.map((o) => o.innerText),
      images: [...el.querySelectorAll('.jp-OutputArea-output img')].filter((i) => i.complete && i.naturalWidth > 0).length,
      // figures: loaded images plus inline SVG plots (viz's "svg" format), not counting an
      // SVG nested in another one.
      figures: [...el.querySelectorAll('.jp-OutputArea-output img')].filter((i) => i.complete && i.naturalWidth > 0).length
        + [...el.querySelectorAll('.jp-OutputArea-output svg')].filter((g) => !g.parentElement.closest('svg')).length,
      doneButtons: el.querySelectorAll('.jp-OutputArea-output button[id$="-done"]').length,
      errorDisplays: el.querySelectorAll('.jp-OutputArea-output .gonb-err').length,
    };
  }));
}

// running is true while a code cell waits or runs ("[*]:").
const isRunning = (c) => c.code && c.prompt.includes('*');
const hasRun = (c) => c.code && /\[\d+\]/.test(c.prompt);

// kernelIdle waits until the status bar says the kernel is idle
// ("Go (nnbook) | Idle"). GoNB reports no status until it first runs a
// cell, so a fresh kernel's "Unknown" counts as idle when `fresh` is true.
async function kernelIdle(page, timeout = 120000, fresh = false) {
  await page.waitForFunction((fresh) => [...document.querySelectorAll('#jp-main-statusbar .jp-StatusBar-TextItem')]
    .some((e) => (fresh ? /\|\s*(Idle|Unknown)\s*$/ : /\|\s*Idle\s*$/).test(e.textContent)), fresh, { timeout });
}

// acceptKernelDialog presses "Select" in JupyterLab's "Select Kernel"
// dialog when it comes up (the notebook's own kernel is preselected).
async function acceptKernelDialog(page, timeout = 5000) {
  const dialog = await page.waitForSelector('.jp-Dialog:has-text("Select Kernel")', { timeout }).catch(() => null);
  if (dialog) await page.click('.jp-Dialog .jp-mod-accept');
  return dialog !== null;
}

// progressBlocks samples the outputs showing Fit's "Epoch i/n" per cell:
// how many output blocks show it at once, and the last "Epoch i/n" seen.
function sampleProgress(all, seen) {
  const progress = seen.progress || (seen.progress = {});
  all.forEach((c, i) => {
    const blocks = c.outputs.filter((t) => /Epoch \d+\/\d+/.test(t));
    if (blocks.length === 0) return;
    const s = progress[i] || (progress[i] = { cell: i + 1, maxBlocks: 0, samples: 0, last: '' });
    s.maxBlocks = Math.max(s.maxBlocks, blocks.length);
    s.samples++;
    const m = [...blocks.join('\n').matchAll(/Epoch (\d+)\/(\d+)/g)];
    s.last = m[m.length - 1][0];
  });
}

// clickDoneButtons clicks the "done" button of every widget (viz.ExploreDescent,
// viz.StepThrough) in a running cell, as a student going through the notebook
// would; the cell then ends. It returns the number of buttons clicked.
async function clickDoneButtons(page) {
  return page.$$eval('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-CodeCell', (els) => {
    let n = 0;
    for (const el of els) {
      const prompt = el.querySelector('.jp-InputArea-prompt');
      if (!prompt || !prompt.textContent.includes('*')) continue;
      // The widget's script binds its buttons once it has shown its first
      // frame; a click before that is lost, so press again every 3 s while
      // the cell runs.
      if (!el.querySelector('.jp-OutputArea-output [id$="-frame"] img')) continue;
      for (const b of el.querySelectorAll('.jp-OutputArea-output button[id$="-done"]')) {
        const last = Number(b.dataset.nnbookClicked || 0);
        if (b.disabled || Date.now() - last < 3000) continue;
        if (!last) n++;
        b.dataset.nnbookClicked = String(Date.now());
        b.click();
      }
    }
    return n;
  });
}

// waitCells polls until done(cells) holds, sampling Fit's progress blocks.
// With seen.clickDone set it also presses widgets' "done" buttons (counted
// in seen.doneClicks).
async function waitCells(page, done, timeout, seen = {}) {
  const start = Date.now();
  for (;;) {
    if (seen.clickDone) seen.doneClicks = (seen.doneClicks || 0) + await clickDoneButtons(page);
    const all = await cells(page);
    sampleProgress(all, seen);
    if (done(all)) return all;
    if (Date.now() - start > timeout) throw new Error(`timeout after ${timeout} ms; prompts: ${all.filter((c) => c.code).map((c) => c.prompt).join(' ')}`);
    await sleep(250);
  }
}

async function menu(page, top, item) {
  await page.click(`.lm-MenuBar-itemLabel:text-is("${top}")`);
  await page.click(`.lm-Menu-itemLabel:text-is("${item}")`);
}

async function toolbar(page, command) {
  await page.click(`.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Toolbar [data-command="${command}"]`);
}

// screenshot writes the whole notebook: the viewport is grown to the
// notebook's height first (JupyterLab scrolls inside the page).
async function screenshot(ctx, name) {
  const page = ctx.page;
  // How much the notebook's scroller hides below the viewport.
  const hidden = await page.evaluate(() => {
    const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
    if (!panel) return 0;
    return Math.max(0, ...[...panel.querySelectorAll('*')].map((e) => e.scrollHeight - e.clientHeight));
  });
  const height = Math.min(900 + hidden + 40, 16000);
  await page.setViewportSize({ width: 1280, height });
  await sleep(500);
  // Show the notebook from its top.
  await page.evaluate(() => {
    const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
    if (panel) panel.querySelectorAll('*').forEach((e) => { if (e.scrollTop > 0) e.scrollTop = 0; });
  });
  await sleep(500);
  const path = join(cfg.screenshots, name + '.png');
  await page.screenshot({ path, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  return path;
}

// cellEditor returns the code editor of the i-th cell (1-based).
const cellEditor = (i) => `.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell:nth-child(${i}) .cm-content`;

// runCell runs cell i (1-based) with Ctrl+Enter and waits for it.
async function runCell(page, i, timeout, seen) {
  await page.click(cellEditor(i));
  await page.keyboard.press('Control+Enter');
  await waitCells(page, (all) => all[i - 1].prompt.includes('*'), 10000).catch(() => {});
  return waitCells(page, (all) => hasRun(all[i - 1]) && !isRunning(all[i - 1]), timeout, seen);
}

// cellLocator is the i-th cell (1-based) of the active notebook.
const cellLocator = (page, i) => page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell').nth(i - 1);

// startCell runs cell i with Ctrl+Enter and returns once it is running
// (a widget cell runs until its "done" button).
async function startCell(page, i) {
  await page.click(cellEditor(i));
  await page.keyboard.press('Control+Enter');
  await waitCells(page, (all) => isRunning(all[i - 1]) || hasRun(all[i - 1]), 30000);
}

// waitSrcChange waits until the widget's picture in cell c has a src other
// than `before`, and returns it.
async function waitSrcChange(page, c, before, timeout) {
  const img = c.locator('[id$="-frame"] img');
  const started = Date.now();
  for (;;) {
    const src = await img.getAttribute('src');
    if (src && src !== before) return src;
    if (Date.now() - started > timeout) throw new Error(`the widget's picture did not change within ${timeout} ms`);
    await sleep(100);
  }
}

// frameText is the text a widget shows beside its picture (caption, alt).
async function frameText(c) {
  const frame = c.locator('[id$="-frame"]');
  const alt = (await frame.locator('img').getAttribute('alt')) || '';
  return ((await frame.innerText()) + ' ' + alt).trim();
}

// ---- scenarios ------------------------------------------------------------

const scenarios = {
  // open: opens a notebook (path relative to the server's root) and waits
  // for its kernel.
  async open(ctx, { notebook }) {
    const start = Date.now();
    await ctx.page.goto(`${cfg.url}/lab/tree/${encodeURI(notebook)}?token=${cfg.token}`);
    await ctx.page.waitForSelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell', { timeout: 60000 });
    const kernelDialog = await acceptKernelDialog(ctx.page);
    await sleep(2000);
    await kernelIdle(ctx.page, 120000, true);
    return { seconds: (Date.now() - start) / 1000, kernelDialog };
  },

  // runAll: Run > Run All Cells, waits for the last code cell, saves, and
  // reports errors, rendered images and Fit's progress blocks.
  async runAll(ctx, { name, timeoutSeconds = 1200 }) {
    const page = ctx.page;
    const start = Date.now();
    await menu(page, 'Run', 'Run All Cells');
    const seen = { clickDone: true };
    // Started: some cell waits or runs; finished: none does and the last code cell has run.
    const started = (all) => all.some(isRunning) || all.filter((c) => c.code).every(hasRun);
    try {
      await waitCells(page, started, 30000, seen);
    } catch (e) {
      // Seen once on a machine at load 7: the kernel showed "Unknown" after opening and Run All
      // queued nothing. Wait for the kernel again and ask once more.
      console.error(`runAll ${name}: nothing started 30 s after Run All (${e.message.split(';')[0]}); waiting for the kernel and running all again`);
      await kernelIdle(page, 120000, true);
      await menu(page, 'Run', 'Run All Cells');
      await waitCells(page, started, 60000, seen);
    }
    const all = await waitCells(page, (all) => {
      const code = all.filter((c) => c.code);
      return !all.some(isRunning) && code.length > 0 && hasRun(code[code.length - 1]);
    }, timeoutSeconds * 1000, seen);
    const seconds = (Date.now() - start) / 1000;
    await kernelIdle(page);
    // Let the images finish loading before they are counted.
    await page.waitForFunction(() => [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output img')]
      .every((i) => i.complete && i.naturalWidth > 0), null, { timeout: 30000 }).catch(() => {});
    const loaded = await cells(page);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+s');
    await sleep(1500);
    return {
      seconds,
      codeCells: all.filter((c) => c.code).length,
      unrun: all.filter((c) => c.code && !hasRun(c)).length,
      images: loaded.reduce((n, c) => n + c.images, 0),
      figures: loaded.filter((c) => c.code).map((c) => c.figures),
      errorDisplays: loaded.reduce((n, c) => n + c.errorDisplays, 0),
      doneClicks: seen.doneClicks || 0,
      progress: Object.values(seen.progress || {}),
      screenshot: await screenshot(ctx, name),
    };
  },

  // interruptFit: runs cell `setup`, then cell `fit` until its progress
  // shows `afterText`, presses the toolbar's interrupt button, waits for the
  // cell, runs cell `check` and returns the three cells' outputs.
  async interruptFit(ctx, { setup, fit, check, afterText, name }) {
    const page = ctx.page;
    await runCell(page, setup, 300000);
    await page.click(cellEditor(fit));
    await page.keyboard.press('Control+Enter');
    await waitCells(page, (all) => all[fit - 1].outputs.join('\n').includes(afterText), 600000);
    const pressed = Date.now();
    await toolbar(page, 'notebook:interrupt-kernel');
    await waitCells(page, (all) => hasRun(all[fit - 1]) && !isRunning(all[fit - 1]), 60000);
    const stopSeconds = (Date.now() - pressed) / 1000;
    await kernelIdle(page);
    const all = await runCell(page, check, 300000);
    return {
      stopSeconds,
      setup: all[setup - 1].outputs.join('\n'),
      fit: all[fit - 1].outputs.join('\n'),
      check: all[check - 1].outputs.join('\n'),
      screenshot: await screenshot(ctx, name),
    };
  },

  // run: runs cell `cell` (1-based) and returns its output.
  async run(ctx, { cell, timeoutSeconds = 300 }) {
    const all = await runCell(ctx.page, cell, timeoutSeconds * 1000);
    return { output: all[cell - 1].outputs.join('\n'), after: all[cell - 1].prompt };
  },

  // shutdown: Kernel > Shut Down Kernel, to free the machine before the next
  // notebook.
  async shutdown(ctx) {
    await menu(ctx.page, 'Kernel', 'Shut Down Kernel');
    await ctx.page.waitForFunction(() => [...document.querySelectorAll('#jp-main-statusbar .jp-StatusBar-TextItem')]
      .some((e) => /No Kernel/.test(e.textContent)), null, { timeout: 30000 }).catch(() => {});
    return {};
  },

  // restart: restarts the kernel from the toolbar, then runs cell `cell`.
  async restart(ctx, { cell, name }) {
    const page = ctx.page;
    const before = (await cells(page))[cell - 1].prompt;
    await toolbar(page, 'notebook:restart-kernel');
    await page.click('.jp-Dialog .jp-mod-accept');
    await sleep(1000);
    await acceptKernelDialog(page, 3000);
    await sleep(2000);
    await kernelIdle(page, 120000, true);
    const start = Date.now();
    const all = await runCell(page, cell, 300000);
    return {
      before, after: all[cell - 1].prompt, seconds: (Date.now() - start) / 1000,
      output: all[cell - 1].outputs.join('\n'), screenshot: await screenshot(ctx, name),
    };
  },

  // complete: in cell `cell`, types `prefix`, presses Tab and lists the
  // completer's items; then types `member` and presses Shift+Tab and
  // returns the tooltip's text.
  async complete(ctx, { cell, prefix, member, name }) {
    const page = ctx.page;
    await page.click(cellEditor(cell));
    await page.keyboard.press('Control+a');
    await page.keyboard.type('%%');
    await page.keyboard.press('Enter');
    await page.keyboard.type(prefix);
    await sleep(500);
    // The kernel's first completion waits for gopls to load the packages:
    // press Tab again, as a student would, until the list comes.
    let items = [];
    const started = Date.now();
    // (48 tries of 5 s: a first Tab answered only after gopls loaded shows nothing.)
    for (let attempt = 0; attempt < 48 && items.length === 0; attempt++) {
      await page.keyboard.press('Tab');
      items = await page.waitForSelector('.jp-Completer .jp-Completer-item', { timeout: 5000 })
        .then(() => page.$$eval('.jp-Completer .jp-Completer-item', (els) => els.map((e) => e.innerText.trim().split(/\s+/)[0])))
        .catch(() => []);
    }
    const completeSeconds = (Date.now() - started) / 1000;
    const completerShot = await screenshot(ctx, name + '-completer');
    await page.keyboard.press('Escape');
    await page.keyboard.type(member);
    await sleep(300);
    let tooltip = '';
    for (let attempt = 0; attempt < 8 && !tooltip; attempt++) {
      await page.keyboard.press('Shift+Tab');
      tooltip = await page.waitForSelector('.jp-Tooltip', { timeout: 15000 })
        .then((el) => el.innerText()).catch(() => '');
    }
    const tooltipShot = await screenshot(ctx, name + '-tooltip');
    await page.keyboard.press('Escape');
    return { items, completeSeconds, tooltip, screenshots: [completerShot, tooltipShot] };
  },

  // ---- widgets (viz.ExploreDescent, viz.StepThrough, viz.NewLiveLoss's stop
  // button). A widget cell keeps running while its controls are live.

  // descent: runs cell `cell` (viz.ExploreDescent()), moves the learning-rate
  // slider to `lr` (its input's value) and returns the picture's src before
  // and after, the label the slider shows and how long the redraw took; then
  // presses "done" and waits for the cell.
  async descent(ctx, { cell, lr = '50', name }) {
    const page = ctx.page;
    const c = cellLocator(page, cell);
    await startCell(page, cell);
    const slider = c.locator('input[type=range][id$="-lr"]');
    await slider.waitFor({ timeout: 300000 });
    const img = c.locator('[id$="-frame"] img');
    await img.waitFor({ timeout: 60000 });
    await sleep(1000); // the widget's script reports itself alive to the cell
    const before = await img.getAttribute('src');
    const labelBefore = await c.locator('output[id$="-lr-value"]').textContent();
    const started = Date.now();
    await slider.evaluate((el, v) => { el.value = v; el.dispatchEvent(new Event('input', { bubbles: true })); }, lr);
    const after = await waitSrcChange(page, c, before, 30000);
    const redrawSeconds = (Date.now() - started) / 1000;
    const labelAfter = await c.locator('output[id$="-lr-value"]').textContent();
    const shot = await screenshot(ctx, name);
    await c.locator('button[id$="-done"]').click();
    const all = await waitCells(page, (all) => hasRun(all[cell - 1]) && !isRunning(all[cell - 1]), 60000);
    return {
      srcBefore: before.slice(0, 64) + '…' + before.length, srcAfter: after.slice(0, 64) + '…' + after.length,
      changed: before !== after, labelBefore, labelAfter, redrawSeconds,
      figuresAfterDone: all[cell - 1].figures, controlsAfterDone: await c.locator('input[type=range]').count(),
      screenshot: shot,
    };
  },

  // stepThrough: runs cell `cell` (viz.StepThrough()), clicks "next" `clicks`
  // times and returns, per frame, the numbers its picture's alt text or the
  // widget's caption shows and whether the picture changed; then presses "done".
  async stepThrough(ctx, { cell, clicks = 4, name }) {
    const page = ctx.page;
    const c = cellLocator(page, cell);
    await startCell(page, cell);
    const next = c.locator('button[id$="-next"]');
    await next.waitFor({ timeout: 300000 });
    const img = c.locator('[id$="-frame"] img');
    await img.waitFor({ timeout: 60000 });
    await sleep(1000);
    const frames = [{ src: await img.getAttribute('src'), text: await frameText(c) }];
    const shots = [await screenshot(ctx, name + '-0')];
    for (let k = 1; k <= clicks; k++) {
      await next.click();
      const src = await waitSrcChange(page, c, frames[frames.length - 1].src, 30000);
      frames.push({ src, text: await frameText(c) });
      if (k === clicks) shots.push(await screenshot(ctx, `${name}-${k}`));
    }
    await c.locator('button[id$="-done"]').click();
    await waitCells(page, (all) => hasRun(all[cell - 1]) && !isRunning(all[cell - 1]), 60000);
    return {
      distinctFrames: new Set(frames.map((f) => f.src)).size,
      texts: frames.map((f) => f.text),
      screenshots: shots,
    };
  },

  // stopButton: runs cell `fit` (a Fit with viz.NewLiveLoss()), clicks "stop
  // training" as soon as it shows, waits for the cell, then runs cell
  // `check` (which uses the kept model) and returns both cells' outputs.
  async stopButton(ctx, { fit, check, name }) {
    const page = ctx.page;
    const c = cellLocator(page, fit);
    await startCell(page, fit);
    const stop = c.locator('button[id$="-stop"]');
    await stop.waitFor({ timeout: 300000 });
    const pressed = Date.now();
    // Press it, and again each second while the cell runs, as a student would:
    // a click before LiveLoss's script binds the button is lost, and the
    // output area re-renders while the loss picture is redrawn, so a click
    // may find the button moving or detached; each press gives up quickly and
    // the next one tries again. Whether the button stopped the fit is checked
    // from the cell's output, not from the clicks.
    const press = () => c.locator('button[id$="-stop"]:not([disabled])').click({ timeout: 900 }).catch(() => {});
    await press();
    const again = setInterval(press, 1000);
    try {
      await waitCells(page, (all) => hasRun(all[fit - 1]) && !isRunning(all[fit - 1]), 300000);
    } finally {
      clearInterval(again);
    }
    const stopSeconds = (Date.now() - pressed) / 1000;
    await kernelIdle(page);
    const all = await runCell(page, check, 300000);
    return {
      stopSeconds,
      fit: all[fit - 1].outputs.join('\n'),
      check: all[check - 1].outputs.join('\n'),
      screenshot: await screenshot(ctx, name),
    };
  },
};

// ---- main ------------------------------------------------------------------

const profile = mkdtempSync(join(tmpdir(), 'nnbook-chromium-'));
let context;
let failed = false;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: cfg.chromium, headless: true, args: chromiumFlags,
    viewport: { width: 1280, height: 900 },
  });
  const page = context.pages()[0] || await context.newPage();
  page.on('dialog', (d) => d.accept());
  const ctx = { page, cfg };
  for (const step of cfg.steps) {
    const fn = scenarios[step.do];
    const started = Date.now();
    let result;
    try {
      if (!fn) throw new Error(`no scenario ${step.do}`);
      result = { step, ok: true, ...(await fn(ctx, step)) };
    } catch (e) {
      failed = true;
      let shot = '';
      try { shot = await screenshot(ctx, `failed-${step.do}-${step.name || ''}`); } catch { /* the page is gone */ }
      result = { step, ok: false, error: String(e && e.stack || e), screenshot: shot };
    }
    result.wallSeconds = (Date.now() - started) / 1000;
    console.log('RESULT ' + JSON.stringify(result));
    if (!result.ok && step.stopOnFailure) break;
  }
} finally {
  if (context) await context.close();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
