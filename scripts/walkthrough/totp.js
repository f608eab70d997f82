const crypto = require('crypto');
function base32(s) {
  const a = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'; let bits = '', out = [];
  for (const c of s.replace(/[\s=]/g, '').toUpperCase()) bits += a.indexOf(c).toString(2).padStart(5, '0');
  for (let i = 0; i + 8 <= bits.length; i += 8) out.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(out);
}
function code(secret, t) {
  const counter = Buffer.alloc(8); counter.writeBigUInt64BE(BigInt(Math.floor(t / 30)));
  const h = crypto.createHmac('sha1', base32(secret)).update(counter).digest();
  const o = h[h.length - 1] & 15;
  return ((h.readUInt32BE(o) & 0x7fffffff) % 1000000).toString().padStart(6, '0');
}
// A code for a time step not used yet with this secret (the server accepts each step once).
const used = {};
function freshCode(secret) {
  let step = Math.floor(Date.now() / 30000);
  if (used[secret] !== undefined && step <= used[secret]) step = used[secret] + 1;
  used[secret] = step; return code(secret, step * 30);
}
module.exports = { code, freshCode };
