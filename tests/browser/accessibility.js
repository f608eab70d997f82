// axe-core on the main public pages and the report form (also as it comes back with
// problems), in Chinese and in English. Any serious or critical violation fails; every
// finding of every page is written to $OUT/axe.json.
const fs = require('fs');
const { BASE, OUT, person, shot, check, journey } = require('./lib');

const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const PAGES = ['/', '/enterprises', '/enterprises/91450500DEM000001J', 'DISCLOSURE', '/search?q=城市建设',
  '/report', '/report/safety', '/report/followup', '/outcomes', '/stats', '/data/', '/audit'];

// The site's CSP forbids injected scripts, as it should; the test context bypasses it.
async function audit(page, name, findings) {
  await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const violations = result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 5),
  }));
  findings[name] = violations;
  await shot(page, name.replace(/[^a-z0-9]+/gi, '-'));
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of serious) console.error(`${name}: ${v.impact} ${v.id} (${v.help}) at ${v.targets.join(', ')}`);
  return serious.length;
}

journey(async (browser) => {
  const page = await person(browser, { bypassCSP: true });
  await page.goto(`${BASE}/enterprises/91450500DEM000001J`);
  const disclosure = await page.getAttribute('main a[href^="/disclosures/"]', 'href');
  const findings = {};
  let serious = 0;
  for (const lang of ['zh', 'en']) {
    for (const path of PAGES) {
      const target = path === 'DISCLOSURE' ? disclosure : path;
      const url = `${BASE}${target}${target.includes('?') ? '&' : '?'}lang=${lang}`;
      const response = await page.goto(url);
      check(`${target} (${lang}) answers 200`, response.status() === 200);
      serious += await audit(page, `${lang}${target}`, findings);
    }
    // The form as it comes back when something is missing: its problems must be announced.
    // The browser's own checks would stop an empty form; the server's are what is tested.
    await page.goto(`${BASE}/report?lang=${lang}`);
    await page.$eval('form.report-form', (form) => { form.noValidate = true; });
    await Promise.all([page.waitForNavigation(), page.click('form.report-form button[type=submit]')]);
    serious += await audit(page, `${lang}/report-with-problems`, findings);
  }
  fs.writeFileSync(`${OUT}/axe.json`, JSON.stringify(findings, null, 2));
  const pages = Object.keys(findings).length;
  const all = Object.values(findings).reduce((n, v) => n + v.length, 0);
  console.log(`axe-core: ${pages} pages, ${all} findings, ${serious} serious or critical`);
  check('no serious or critical accessibility violation', serious === 0);
});
