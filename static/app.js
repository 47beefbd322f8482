// Small conveniences only: every form works without this file.
(function () {
  "use strict";

  // Body map: a tap on a region ticks the matching checkbox in the list.
  function setUpBodyMap(map) {
    var form = map.closest("form");
    function sync() {
      map.querySelectorAll("[data-location]").forEach(function (region) {
        var box = form.querySelector("#loc-" + region.dataset.location);
        region.classList.toggle("selected", Boolean(box && box.checked));
      });
    }
    map.addEventListener("click", function (event) {
      var region = event.target.closest("[data-location]");
      if (!region) return;
      var box = form.querySelector("#loc-" + region.dataset.location);
      if (!box) return;
      box.checked = !box.checked;
      box.dispatchEvent(new Event("change", { bubbles: true }));
    });
    form.addEventListener("change", sync);
    map.hidden = false;
    sync();
  }

  // 0-10 scales: swap each place's number box for the big buttons (one tap each).
  function upgradeScales() {
    var template = document.getElementById("nrs-template");
    if (!template) return;
    document.querySelectorAll("input[data-nrs]").forEach(function (box) {
      var scale = template.content.firstElementChild.cloneNode(true);
      scale.querySelectorAll("input").forEach(function (input) {
        input.name = box.name;
        input.checked = input.value === box.value;
      });
      box.replaceWith(scale);
    });
  }

  // Time zone: fill the browser's own zone where the page asks for it.
  function detectTimezone() {
    var zone;
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
    if (!zone) return;
    document.querySelectorAll("input[name='timezone'][type='hidden']").forEach(function (input) {
      input.value = zone;
    });
    document.querySelectorAll("[data-detect-timezone]").forEach(function (input) {
      if (!input.value || input.value === "UTC") input.value = zone;
    });
  }

  // Copy buttons (share links).
  function setUpCopy(button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var source = document.getElementById(button.dataset.copy);
      if (!source || !navigator.clipboard) return;
      navigator.clipboard.writeText(source.value || source.textContent).then(function () {
        button.textContent = "Copied";
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    upgradeScales();
    document.querySelectorAll("[data-body-map]").forEach(setUpBodyMap);
    document.querySelectorAll("[data-copy]").forEach(setUpCopy);
    detectTimezone();
  });
})();
