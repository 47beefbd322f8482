// Registers static/sw.js and asks it to send the outbox on load, online and
// on show (Safari has no reliable Background Sync). Forms work without it.
(function () {
  "use strict";
  var sw = navigator.serviceWorker;
  if (!sw || !window.isSecureContext) return;
  sw.register("/sw.js");
  var flush = function () {
    sw.ready.then(function (r) { r.active.postMessage({ type: "flush" }); });
  };
  sw.addEventListener("message", function (event) {
    // Today again, with what was just sent or refused.
    if (event.data.changed && document.getElementById("outbox")) location.reload();
  });
  addEventListener("online", flush);
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) flush();
  });
  flush();
})();
