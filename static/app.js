// Small conveniences only: every form works without this file.
"use strict";
(function () {
  var all = function (selector, root) { return (root || document).querySelectorAll(selector); };

  // Body map (check-in): fetched once (cached a year), then a tap on a region
  // ticks the matching checkbox in the list, lifts its row to just under the map
  // and shows its scale above the Save bar. A tick in the list moves nothing.
  function setUpBodyMap(map) {
    var form = map.closest("form");
    var box = function (region) { return form.querySelector("#loc-" + region.dataset.location); };
    var sync = function () {
      all("[data-location]", map).forEach(function (region) {
        var b = box(region);
        region.classList.toggle("selected", Boolean(b && b.checked));
      });
    };
    map.addEventListener("click", function (event) {
      var region = event.target.closest("[data-location]");
      var b = region && box(region);
      if (!b) return;
      b.checked = !b.checked;
      var row = b.parentNode;
      row.classList.toggle("lifted", b.checked);
      b.dispatchEvent(new Event("change", { bubbles: true }));
      if (b.checked) row.querySelector(".scale").scrollIntoView({ block: "nearest" });
    });
    form.addEventListener("change", sync);
    fetch(map.dataset.bodyMap).then(function (response) {
      return response.ok ? response.text() : Promise.reject(response.status);
    }).then(function (svg) {
      map.querySelector(".figures").innerHTML = svg;
      map.dataset.operated.split(" ").forEach(function (s) {
        if (s) all(".side-" + s + ",[data-location=hip_" + s + "],[data-location=groin_" + s +
          "],[data-location=buttock_" + s + "]", map).forEach(function (el) { el.classList.add("operated"); });
      });
      map.classList.add("drawn");
      sync();
    }).catch(function () { map.remove(); /* the list is still there */ });
  }

  // 0-10 scales: each place's number box becomes big buttons, one tap each,
  // coloured by NRS-11 band and named with its anchor as the page gives them.
  function upgradeScale(box, bands, anchors) {
    var scale = document.createElement("div");
    scale.className = "scale-buttons";
    for (var n = 0; n <= 10; n++) {
      var label = document.createElement("label");
      label.className = "nrs band-" + bands[n];
      label.innerHTML = '<input type="radio"><span>' + n + '<span class="visually-hidden"> – ' +
        anchors[n] + "</span></span>";
      var input = label.firstChild;
      input.name = box.name;
      input.value = String(n);
      input.checked = box.value === String(n);
      scale.append(label);
    }
    box.replaceWith(scale);
  }

  // Time zone: the browser's own zone, where a page asks for it.
  function detectTimezone() {
    var zone;
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
    if (!zone) return;
    all("input[name='timezone'][type='hidden']").forEach(function (input) { input.value = zone; });
    all("[data-detect-timezone]").forEach(function (input) {
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
    var legend = document.getElementById("nrs-anchors");
    if (legend) {
      var bands = legend.dataset.bands.split(" "), anchors = legend.dataset.anchors.split("|");
      all("input[data-nrs]").forEach(function (box) { upgradeScale(box, bands, anchors); });
    }
    all("[data-body-map]").forEach(setUpBodyMap);
    // The Save bar sticks to the screen once there is something to save; until
    // then it waits at the form's end and covers no place in the list.
    all(".checkin-form").forEach(function (form) {
      if (form.querySelector("[name=location]:checked")) return;
      form.classList.add("idle");
      form.addEventListener("change", function () { form.classList.remove("idle"); }, { once: true });
    });
    all("[data-copy]").forEach(setUpCopy);
    detectTimezone();
  });
})();

// Offline: registers the service worker (/sw.js) and asks it to send the
// outbox on load, online and on show (Safari has no Background Sync). Here,
// not in a file of its own: one request fewer on every page.
(function () {
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
