// Share sheet (the created share link's page only): the phone's own Web
// Share sheet beside Copy, shown only where the browser has one.
(function () {
  "use strict";
  function setUpShare(button) {
    var source = document.getElementById(button.dataset.share);
    if (!source || typeof navigator.share !== "function") return;
    var data = { title: button.dataset.shareTitle || document.title, url: source.value || source.textContent };
    if (navigator.canShare && !navigator.canShare(data)) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      // A dismissed sheet rejects (AbortError): nothing to do, the link is still on the page.
      navigator.share(data).catch(function () {});
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-share]").forEach(setUpShare);
  });
})();
