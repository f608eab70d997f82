// What every journey shares: Debian's Chromium started headless, numbered screenshots in
// $OUT, checks that fail the journey, the staff setup through the real pages, TOTP codes.
// tests/browser.rs starts the server and passes BASE, OUT and the journey's facts in the
// environment; a journey fails by exiting non-zero, with the failed check on stderr.
const { chromium } = require('playwright-core');
const crypto = require('crypto');
const fs = require('fs');

const BASE = process.env.BASE;
const OUT = process.env.OUT;
const PASSWORD = 'river stone lantern 7';
if (!BASE || !OUT) throw new Error('BASE and OUT must be set (tests/browser.rs sets them)');
fs.mkdirSync(OUT, { recursive: true });

// The flags keep Chromium off the network it would otherwise call home to; this
// machine's closed network refuses those connections by the dozen.
async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// A page in a fresh context (its own cookies): a separate person.
async function person(browser, options = {}) {
  const context = await browser.newContext({ locale: 'zh-CN', ...options });
  context.setDefaultTimeout(20000);
  return context.newPage();
}

let shots = 0;
async function shot(page, name) {
  shots += 1;
  await page.screenshot({ path: `${OUT}/${String(shots).padStart(2, '0')}-${name}.png`, fullPage: true });
}

function check(what, ok) {
  if (!ok) throw new Error(`check failed: ${what}`);
  console.log(`ok ${what}`);
}

// A click that posts a form or follows a link, and the page that comes back.
async function submit(page, selector) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

async function text(page, selector = 'main') {
  return (await page.textContent(selector)) || '';
}

// RFC 6238 codes, as an authenticator app computes them.
function base32(s) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  const out = [];
  for (const c of s.replace(/[\s=]/g, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  for (let i = 0; i + 8 <= bits.length; i += 8) out.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(out);
}
function totpAt(secret, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const h = crypto.createHmac('sha1', base32(secret)).update(counter).digest();
  const o = h[h.length - 1] & 15;
  return ((h.readUInt32BE(o) & 0x7fffffff) % 1000000).toString().padStart(6, '0');
}
// The server takes each time step once per account, so a second sign-in within 30 s
// uses the next step (which it accepts as clock drift).
const usedStep = {};
function freshCode(secret) {
  let step = Math.floor(Date.now() / 30000);
  if (usedStep[secret] !== undefined && step <= usedStep[secret]) step = usedStep[secret] + 1;
  usedStep[secret] = step;
  return totpAt(secret, step);
}

// A new staff member's first visit: the setup link, a password, sign-in, TOTP enrolment
// with the secret read off the page, the recovery codes; returns the signed-in page.
async function setUp(browser, link, email, name) {
  const page = await person(browser);
  // The link names the configured public address; this server is at BASE.
  await page.goto(BASE + new URL(link, BASE).pathname);
  if (name) await shot(page, `${name}-setup`);
  await page.fill('#password', PASSWORD);
  await page.fill('#confirmation', PASSWORD);
  await submit(page, 'form.stacked-form button[type=submit]');
  await page.fill('#email', email);
  await page.fill('#password', PASSWORD);
  await submit(page, 'form.stacked-form button[type=submit]');
  const secret = (await page.textContent('code.secret')).replace(/\s/g, '');
  if (name) await shot(page, `${name}-totp`);
  await page.fill('#code', freshCode(secret));
  await submit(page, 'form.stacked-form button[type=submit]');
  check(`${email} sees recovery codes after enrolling`, (await page.locator('li code').count()) >= 5);
  if (name) await shot(page, `${name}-recovery-codes`);
  await submit(page, 'a.button');
  return page;
}

// An administrator creates a member on /admin/staff and reads the setup link off the page.
async function createMember(admin, email, displayName, role, unit) {
  await admin.goto(`${BASE}/admin/staff`);
  await admin.fill('#email', email);
  await admin.fill('#display_name', displayName);
  await admin.selectOption('#role', role);
  if (unit) await admin.selectOption('#unit', unit);
  await submit(admin, 'form.stacked-form button[type=submit]');
  return (await admin.textContent('code.setup-link')).trim();
}

// Runs a journey: failures print their reason and exit non-zero.
function journey(body) {
  (async () => {
    const browser = await launch();
    try {
      await body(browser);
    } finally {
      await browser.close();
    }
  })().catch((e) => {
    console.error(e && e.stack ? e.stack : e);
    process.exit(1);
  });
}

module.exports = { BASE, OUT, launch, person, shot, check, submit, text, freshCode, setUp, createMember, journey };
