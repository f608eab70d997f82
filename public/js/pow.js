// The report form's optional proof of work (docs/security.md, src/report/proof.rs).
// Finds a number n such that SHA-256(challenge + ":" + n) starts with the asked number of
// zero bits, and puts it in the form: a report carrying it may be one of more from this
// browser. Without JavaScript the form works the same, with the smaller allowance.
(function () {
  "use strict";
  var form = document.querySelector("form[data-pow-bits]");
  if (!form || !window.crypto || !window.crypto.subtle || !window.TextEncoder) {
    return;
  }
  var bits = parseInt(form.getAttribute("data-pow-bits"), 10);
  var challenge = form.querySelector("input[name=pow_challenge]");
  var answer = form.querySelector("input[name=pow_nonce]");
  if (!challenge || !answer || !(bits > 0)) {
    return;
  }
  var encoder = new TextEncoder();

  function zeroBits(bytes) {
    var zeros = 0;
    for (var i = 0; i < bytes.length; i++) {
      if (bytes[i] === 0) {
        zeros += 8;
        continue;
      }
      return zeros + Math.clz32(bytes[i]) - 24;
    }
    return zeros;
  }

  async function solve() {
    for (var n = 0; ; n++) {
      var input = encoder.encode(challenge.value + ":" + n);
      var digest = await window.crypto.subtle.digest("SHA-256", input);
      if (zeroBits(new Uint8Array(digest)) >= bits) {
        answer.value = String(n);
        return;
      }
      // Yield now and then so the page stays responsive while the person types.
      if (n % 1000 === 999) {
        await new Promise(function (resolve) { setTimeout(resolve, 0); });
      }
    }
  }

  solve();
})();
