// Recovery Journal's service worker. Served at /sw.js by journal/offline/views.py,
// which fills in VERSION and SHELL (the fingerprinted app shell): a new release is
// a new worker, and it deletes the caches of the old one.
//
// It keeps the app shell and the last-seen Today and check-in form (pages the
// server marks `private, no-cache` with X-Journal-Account; nothing `no-store`),
// and an outbox of check-ins made without a signal, in IndexedDB. Each queued
// check-in carries its form's request_key, so the server saves it once however
// often it is sent.
"use strict";
var VERSION = "__VERSION__";
var SHELL = "__SHELL__";
var SHELL_CACHE = "shell-" + VERSION;
var PAGES_CACHE = "pages-" + VERSION;
var OFFLINE_PAGES = ["/", "/checkins/new"];
var QUEUED_POSTS = ["/checkins", "/checkins/repeat", "/checkins/pain-free"];
var KEY = /^[A-Za-z0-9_-]{16,64}$/;
var EDIT_PATH = "/offline/outbox/";
var DISCARD = /^\/offline\/outbox\/([A-Za-z0-9_-]{16,64})\/discard$/;

function sameOrigin(address) {
  try { return new URL(address).origin === self.location.origin; } catch (e) { return false; }
}

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(SHELL_CACHE).then(function (cache) {
    // Without cookies: the shell is the same for everyone and holds no one's data.
    return cache.addAll(SHELL.map(function (url) { return new Request(url, { credentials: "omit" }); }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name !== SHELL_CACHE && name !== PAGES_CACHE;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

// --- IndexedDB: the outbox (one record per request_key) and what we know of the account.
function openDb() {
  return new Promise(function (resolve, reject) {
    var open = indexedDB.open("journal-outbox", 1);
    open.onupgradeneeded = function () {
      open.result.createObjectStore("outbox", { keyPath: "key" });
      open.result.createObjectStore("meta");
    };
    open.onsuccess = function () { resolve(open.result); };
    open.onerror = function () { reject(open.error); };
  });
}

// Run `work(store)` in one transaction; closed at once, so sign-out can delete the database.
function withStore(name, mode, work) {
  return openDb().then(function (db) {
    return new Promise(function (resolve, reject) {
      var tx = db.transaction(name, mode), result;
      Promise.resolve(work(tx.objectStore(name), tx)).then(function (r) { result = r; });
      tx.oncomplete = function () { db.close(); resolve(result && "result" in result ? result.result : result); };
      tx.onerror = tx.onabort = function () { db.close(); reject(tx.error); };
    });
  });
}

function allItems() { return withStore("outbox", "readonly", function (s) { return s.getAll(); }); }
function putItem(item) { return withStore("outbox", "readwrite", function (s) { s.put(item); }); }
function removeItem(key) { return withStore("outbox", "readwrite", function (s) { s.delete(key); }); }
function getItem(key) { return withStore("outbox", "readonly", function (s) { return s.get(key); }); }
function getMeta(name) { return withStore("meta", "readonly", function (s) { return s.get(name); }); }
function setMeta(name, value) { return withStore("meta", "readwrite", function (s) { s.put(value, name); }); }

function newKey() {
  var bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.prototype.map.call(bytes, function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
}

// --- Fetches: same origin only; everything else goes straight to the network.
self.addEventListener("fetch", function (event) {
  var request = event.request, url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST") {
    if (QUEUED_POSTS.indexOf(url.pathname) >= 0) event.respondWith(sendOrQueue(event, url));
    else if (url.pathname === "/logout") event.respondWith(signOut(request));
    else if (SIGN_INS.indexOf(url.pathname) >= 0) event.respondWith(signIn(request));
    else if (DISCARD.test(url.pathname) && sameOrigin(request.referrer)) {
      event.respondWith(removeItem(DISCARD.exec(url.pathname)[1]).then(function () {
        return Response.redirect("/", 303);
      }));
    }
    return;
  }
  if (request.method !== "GET") return;
  if (request.mode === "navigate") {
    event.respondWith(navigate(event, url));
    return;
  }
  // The shell's URLs are fingerprinted: a kept copy is always the right one.
  event.respondWith(caches.open(SHELL_CACHE).then(function (cache) {
    return cache.match(request);
  }).then(function (hit) { return hit || fetch(request); }));
});

// Network first; offline, the kept copy of Today or the form, else the offline page.
function navigate(event, url) {
  if (url.pathname.indexOf(EDIT_PATH) === 0) return editPage(url.pathname.slice(EDIT_PATH.length));
  return fetch(event.request).then(function (response) {
    if (!keepable(response, url)) return response;
    event.waitUntil(keepPage(url.pathname, response.clone()));
    return url.pathname === "/" ? withOutbox(response) : response;
  }, function () {
    return keptPage(url);
  });
}

// Today, with what waits in the outbox written into its (empty) outbox box.
function withOutbox(response) {
  return Promise.all([response.text(), allItems()]).then(function (found) {
    var html = found[0].replace(/<div id="outbox" class="outbox" role="status" hidden><\/div>/,
      outboxHtml(found[1]));
    return new Response(html, { status: response.status, headers: response.headers });
  });
}

// As journal/recovery/formatting.py's weekday_date writes a day: "Sun 20 Dec".
var DAY = { weekday: "short", day: "numeric", month: "short" };

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; });
}

function outboxHtml(items) {
  var waiting = items.filter(function (i) { return i.state === "waiting"; }).length;
  var refused = items.filter(function (i) { return i.state === "refused"; });
  if (!waiting && !refused.length) return '<div id="outbox" class="outbox" role="status" hidden></div>';
  var html = '<div id="outbox" class="outbox" role="status">';
  if (waiting) {
    html += "<p>Saved on this phone, will send when you're online: " + waiting +
      (waiting === 1 ? " check-in" : " check-ins") + " waiting.</p>";
  }
  refused.forEach(function (item) {
    var at = new Date(item.made);
    html += '<form method="post" action="/offline/outbox/' + item.key + '/discard"><p>' +
      "A check-in saved on this phone on " + escapeHtml(at.toLocaleDateString("en-GB", DAY)) + " at " +
      escapeHtml(at.toTimeString().slice(0, 5)) + " was not accepted: " + escapeHtml(item.reason) + "</p>" +
      (item.page ? '<a class="button" href="' + EDIT_PATH + item.key + '">Edit it</a> ' : "") +
      '<button type="submit">Discard it</button></form>';
  });
  return html + "</div>";
}

function keepable(response, url) {
  return OFFLINE_PAGES.indexOf(url.pathname) >= 0 && !url.search && response.status === 200 &&
    response.type === "basic" && !response.redirected &&
    !/no-store/.test(response.headers.get("Cache-Control") || "") &&
    Boolean(response.headers.get("X-Journal-Account"));
}

var SIGN_INS = ["/login", "/register", "/register/pt"];

// A sign-in that succeeds (a redirect) drops the pages kept for whoever used
// this phone before, even without a sign-out (an expired session, then
// someone else); the next Today keeps its own.
function signIn(request) {
  return fetch(request).then(function (response) {
    if (response.type !== "opaqueredirect" && !response.redirected) return response;
    return caches.delete(PAGES_CACHE).then(function () { return setMeta("account", ""); })
      .then(function () { return response; });
  });
}

function keepPage(path, response) {
  var account = response.headers.get("X-Journal-Account");
  return getMeta("account").then(function (known) {
    // Another patient signed in on this phone: drop the pages kept for the last one.
    var ready = known && known !== account ? caches.delete(PAGES_CACHE) : Promise.resolve();
    return ready.then(function () { return setMeta("account", account); });
  }).then(function () {
    return caches.open(PAGES_CACHE);
  }).then(function (cache) { return cache.put(path, response); });
}

function keptPage(url) {
  return caches.open(PAGES_CACHE).then(function (cache) {
    return cache.match(url.pathname);
  }).then(function (hit) {
    if (!hit) return caches.open(SHELL_CACHE).then(function (cache) { return cache.match("/offline"); });
    return hit.text().then(function (html) {
      // Each opening of a kept page gets fresh keys (two check-ins from one kept
      // form are two check-ins), and loses the messages shown when it was kept.
      html = html.replace(/(name="request_key" value=")[^"]*"/g, function (_, start) {
        return start + newKey() + '"';
      }).replace(/<div class="flashes"[\s\S]*?<\/div>/, "");
      // A kept form opens at the moment it is opened, as it does online.
      var now = new Date(), pad = function (n) { return (n < 10 ? "0" : "") + n; };
      var day = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
      var time = pad(now.getHours()) + ":" + pad(now.getMinutes());
      html = html.replace(/(id="date" name="date" max=")[^"]*(" value=")[^"]*"/, "$1" + day + "$2" + day + '"')
        .replace(/(id="time" name="time" value=")[^"]*"/, "$1" + time + '"')
        .replace(/(<summary>Date and time: )[^<]*/, "$1" + day + " " + time);
      var page = new Response(html, { status: 200, headers: hit.headers });
      return url.pathname === "/" ? withOutbox(page) : page;
    });
  });
}

// --- The outbox.
function sendOrQueue(event, url) {
  var request = event.request;
  return request.clone().text().then(function (body) {
    var key = new URLSearchParams(body).get("request_key");
    return fetch(request).then(function (response) {
      // Saved from an outbox item's own page (after an edit): the item is done,
      // before Today (which lists the outbox) opens.
      if (!key || response.type !== "opaqueredirect") return response;
      return doneIfSignedIn(key).then(function () { return response; });
    }, function () {
      // No answer: perhaps never sent, perhaps saved and the answer lost. Either
      // way the same key goes again later, and the server saves it once.
      return queue(url, body).then(function () {
        return Response.redirect("/", 303);
      });
    });
  });
}

function doneIfSignedIn(key) {
  return getItem(key).then(function (item) {
    if (!item) return;
    return session().then(function (current) {
      if (current) return removeItem(key);  // else: sent to sign in, so not saved
    });
  });
}

function queue(url, body) {
  var params = new URLSearchParams(body);
  if (!KEY.test(params.get("request_key") || "")) params.set("request_key", newKey());
  // A one-tap check-in is of the moment it was tapped, not when it arrives;
  // the form carries its own date and time.
  if (url.pathname !== "/checkins" && !params.get("made_at")) params.set("made_at", new Date().toISOString());
  return Promise.all([getMeta("account"), getItem(params.get("request_key"))]).then(function (found) {
    var earlier = found[1];
    if (earlier && earlier.state !== "refused") {
      // The same page sent twice: the same answers are one check-in (a double tap),
      // other answers (a kept page used again) a second one.
      if (content(earlier.body) === content(params)) return;
      params.set("request_key", newKey());
    }
    return putItem({
      key: params.get("request_key"), url: url.pathname, body: params.toString(),
      made: Date.now(), account: found[0] || null, state: "waiting", reason: "", page: ""
    });
  }).then(broadcast);
}

// What a check-in says, as the server compares it: not its token or when it was queued.
function content(body) {
  var params = new URLSearchParams(body);
  params.delete("csrf_token");
  params.delete("made_at");
  return params.toString();
}

// Who is signed in, with a CSRF token of this session; null when no one is.
function session() {
  return fetch("/offline/session", { credentials: "same-origin", cache: "no-store" }).then(function (r) {
    return r.ok ? r.json() : null;
  }).then(function (s) { return s && s.signed_in ? s : null; }, function () { return null; });
}

var flushing = null;

// Send every waiting check-in, oldest first, one at a time; one flush at a time
// however many tabs ask (and the server's keys make a repeat harmless anyway).
function flush() {
  if (!flushing) {
    flushing = sendAll().catch(function () { return 0; }).then(function (changed) {
      flushing = null;
      return broadcast(changed);
    });
  }
  return flushing;
}

function sendAll() {
  return allItems().then(function (items) {
    var waiting = items.filter(function (i) { return i.state === "waiting"; })
      .sort(function (a, b) { return a.made - b.made; });
    if (!waiting.length) return 0;
    return session().then(function (current) {
      var changed = 0;
      if (!current) return 0;  // signed out or no signal: the outbox waits
      return waiting.reduce(function (chain, item) {
        return chain.then(function (goOn) {
          // Another patient's check-in waits for them to sign in again.
          if (!goOn || (item.account && item.account !== current.account)) return goOn;
          return sendOne(item, current).then(function (outcome) {
            if (outcome !== "stop") changed += 1;
            return outcome !== "stop";
          });
        });
      }, Promise.resolve(true)).then(function () { return changed; });
    });
  });
}

function sendOne(item, current) {
  var params = new URLSearchParams(item.body);
  params.set("csrf_token", current.csrf_token);
  return fetch(item.url, { method: "POST", body: params, credentials: "same-origin" }).then(function (response) {
    if (response.redirected && new URL(response.url).pathname === "/login") return "stop";
    if (response.ok) return removeItem(item.key).then(function () { return "sent"; });
    if ([400, 409, 413, 422].indexOf(response.status) < 0) return "stop";  // busy or down: later
    // Refused: kept, with the reason, for the patient to edit or discard.
    return response.text().then(function (html) {
      item.state = "refused";
      item.reason = reasonIn(html);
      item.page = response.status === 422 && item.url === "/checkins" ? html : "";
      return putItem(item).then(function () { return "refused"; });
    });
  }, function () { return "stop"; });
}

function reasonIn(html) {
  var found = /<p class="error"[^>]*>([\s\S]*?)<\/p>/.exec(html) ||
    /<h1>[\s\S]*?<\/h1>\s*<p>([\s\S]*?)<\/p>/.exec(html);
  var text = found ? found[1].replace(/<[^>]*>/g, "") : "The journal did not accept it.";
  return text.replace(/&#3?9;|&#x27;/g, "'").replace(/&quot;|&#34;/g, '"').replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">").replace(/&amp;/g, "&").trim();
}

// A refused check-in's form, as the server returned it: its errors beside the fields.
function editPage(key) {
  return getItem(key).then(function (item) {
    if (!item || !item.page) return Response.redirect("/", 303);
    return new Response(item.page, { headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" } });
  });
}

// Tell the app's pages when the outbox changed (Today then shows it afresh).
function broadcast(changed) {
  return self.clients.matchAll({ type: "window" }).then(function (clients) {
    clients.forEach(function (client) { client.postMessage({ type: "outbox", changed: Boolean(changed) }); });
  });
}

// Messages from the app's own pages only, and only the one they send.
self.addEventListener("message", function (event) {
  var data = event.data, source = event.source;
  if (!source || !sameOrigin(source.url) || !data || data.type !== "flush") return;
  event.waitUntil(flush());
});

// --- Sign-out: send what is waiting, sign out, then forget the patient's pages
// and outbox (the response's Clear-Site-Data asks the browser to do the same).
// Check-ins that could not be sent are never deleted without asking.
function signOut(request) {
  return request.clone().text().then(function (body) {
    var params = new URLSearchParams(body);
    return flush().then(allItems).then(function (items) {
      if (items.length && params.get("forget_outbox") !== "yes") {
        return unsentPage(items.length, params.get("csrf_token"));
      }
      return fetch(request).then(function (response) {
        return forget().then(function () { return response; });
      });
    });
  }).catch(function () {
    return caches.open(SHELL_CACHE).then(function (cache) { return cache.match("/offline"); });
  });
}

function unsentPage(count, token) {
  var css = SHELL.filter(function (url) { return url.indexOf("/static/app.css") === 0; })[0];
  var html = '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    '<title>Not sent yet · Recovery Journal</title><link rel="stylesheet" href="' + css + '"></head>' +
    '<body><main id="main"><h1>Check-ins not sent yet</h1><p>' + count +
    (count === 1 ? " check-in is" : " check-ins are") + " saved on this phone but not in your journal " +
    "yet (Today shows why). Signing out deletes them from this phone.</p>" +
    '<p><a class="button primary" href="/">Back to Today</a></p>' +
    '<form method="post" action="/logout"><input type="hidden" name="csrf_token" value="' +
    escapeHtml(token || "") + '"><input type="hidden" name="forget_outbox" value="yes">' +
    '<button type="submit">Sign out and delete them</button></form></main></body></html>';
  return new Response(html, { headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" } });
}

function forget() {
  return caches.delete(PAGES_CACHE).then(function () {
    return new Promise(function (resolve) {
      var deletion = indexedDB.deleteDatabase("journal-outbox");
      deletion.onsuccess = deletion.onerror = deletion.onblocked = function () { resolve(); };
    });
  });
}
