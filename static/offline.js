// Works without a signal (static/sw.js): registers the worker and asks it to
// send the outbox on load, when back online and when the page is shown again
// (Safari has no reliable Background Sync). Every form works without it.
(function () {
  "use strict";
  var sw = navigator.serviceWorker;
  if (!sw || !window.isSecureContext) return;
  sw.register("/sw.js");
  var flush = function () {
    sw.ready.then(function (r) { r.active.postMessage({ type: "flush" }); });
  };
  sw.addEventListener("message", function (event) {
    // Today again, showing what the worker just sent or was refused.
    if (event.data.changed && document.getElementById("outbox")) location.reload();
  });
  addEventListener("online", flush);
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) flush();
  });
  flush();
})();
