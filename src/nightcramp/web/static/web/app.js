/* nightcramp: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";

  // Installable: a service worker that only shows an "offline" page (it caches nothing).
  if ("serviceWorker" in navigator && window.isSecureContext) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
  }

  // Sign-up (and the calendar page, until a zone is chosen): the device's time zone, so
  // "last night" means the person's night.
  var zoneInput = document.querySelector(
    "input[name=time_zone][type=hidden], input[name=time_zone][data-fill-device-zone]");
  if (zoneInput && !zoneInput.value && window.Intl) {
    try { zoneInput.value = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) {}
  }

  // "Cramp now": one tap is enough; a second one while the page loads does nothing.
  // A page brought back with the Back button (Safari keeps it in memory) must take the
  // next cramp, so the guard is cleared whenever the page is shown again.
  var onceForms = document.querySelectorAll("form[data-once]");
  onceForms.forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.sent) { event.preventDefault(); return; }
      form.dataset.sent = "1";
    });
  });
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) { return; }
    onceForms.forEach(function (form) { delete form.dataset.sent; });
  });

  // One-tap details after "Cramp now": save in place, without reloading the page. Taps are
  // sent one after another, so two quick answers to "What helped?" cannot overtake each other.
  // A question with one answer presses only the tapped button; "What helped?" (forms marked
  // data-several) shows every answer the server now holds, each button saying for itself.
  var status = document.getElementById("saved-status");
  var quickQueue = Promise.resolve();
  function showSeveral(group, answers) {
    group.querySelectorAll("form[data-several]").forEach(function (f) {
      var on = answers.indexOf(f.querySelector("[name=value]").value) >= 0;
      f.querySelector("button").setAttribute("aria-pressed", on ? "true" : "false");
      f.querySelector("[name=helped]").value = on ? "no" : "yes";
    });
  }
  function saveQuick(form, button) {
    var data = new FormData(form);
    if (button && button.name) { data.set(button.name, button.value); }
    return fetch(form.action, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    }).then(function (result) {
      if (!result.ok) { throw new Error(result.body.error || "Not saved"); }
      var group = form.closest(".choices");
      if (form.hasAttribute("data-several") && group) {
        showSeveral(group, result.body.relieved_by || []);
      } else {
        if (group) {
          group.querySelectorAll("button[aria-pressed]").forEach(function (b) {
            b.setAttribute("aria-pressed", "false");
          });
        }
        if (button) { button.setAttribute("aria-pressed", "true"); }
      }
      if (status) { status.textContent = result.body.message; }
    }).catch(function (error) {
      if (status) { status.textContent = "Not saved: " + error.message + " Trying again as a page."; }
      if (button && button.name) {  // submit() leaves the tapped button's own value out
        var keep = document.createElement("input");
        keep.type = "hidden"; keep.name = button.name; keep.value = button.value;
        form.appendChild(keep);
      }
      form.submit();
    });
  }
  document.querySelectorAll("form.quick").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.fetch || !window.FormData) { return; }
      event.preventDefault();
      var button = event.submitter || form.querySelector("button");
      quickQueue = quickQueue.then(function () { return saveQuick(form, button); });
    });
  });

  // "Cramp now" with the tap's own time and a key: the tap is kept on this phone first, then
  // sent. With no connection it stays ("saved on this phone, will be sent") and is sent when
  // the connection returns; the key makes a resend of the same tap count once. Nothing stays
  // on the phone once the server has answered for it.
  var PENDING = "nightcramp.pendingTaps";
  var crampForm = document.querySelector("form[data-cramp-now]");
  var tapStatus = document.getElementById("tap-status");
  var offline = crampForm && crampForm.hasAttribute("data-offline");  // the worker's page
  var OWNER = "nightcramp.user";  // who last used this phone online: offline taps are theirs
  var owner = "";
  var sending = false;  // this page's tap is on its way
  var flushing = false;  // taps kept earlier are on their way

  function newKey() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20)].join("-");
  }
  function readPending() {
    try { return JSON.parse(localStorage.getItem(PENDING) || "[]"); } catch (e) { return []; }
  }
  function writePending(list) {
    if (list.length) { localStorage.setItem(PENDING, JSON.stringify(list)); }
    else { localStorage.removeItem(PENDING); }
  }
  function mine() { return readPending().filter(function (t) { return t.user === owner; }); }
  function forget(key) { writePending(readPending().filter(function (t) { return t.key !== key; })); }
  function clock(iso) {
    var d = new Date(iso);
    return ("0" + d.getHours()).slice(-2) + ":" + ("0" + d.getMinutes()).slice(-2);
  }
  function say(lines) {
    var waiting = mine().map(function (t) {
      return "Cramp at " + clock(t.tapped_at) + ": saved on this phone, will be sent.";
    });
    if (tapStatus) { tapStatus.textContent = lines.concat(waiting).join(" "); }
  }
  function send(tap) {
    var data = new FormData();
    var token = crampForm.querySelector("[name=csrfmiddlewaretoken]");
    data.set("csrfmiddlewaretoken", token ? token.value : "");
    data.set("client_key", tap.key);
    data.set("tapped_at", tap.tapped_at);
    return fetch(crampForm.action, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      var json = (response.headers.get("Content-Type") || "").indexOf("json") >= 0;
      if (response.redirected || !json) { return { status: 0, page: true }; }  // e.g. signed out
      return response.json().then(function (body) { return { status: response.status, body: body }; });
    });
  }
  function flush() {
    var waiting = mine();
    if (flushing || !waiting.length) { return; }  // offline, the sends fail and keep them
    flushing = true;
    var done = [];
    var chain = Promise.resolve();
    waiting.forEach(function (tap) {
      chain = chain.then(function () { return send(tap); }).then(function (result) {
        if (result.page || result.status >= 500) { return; }  // kept: tried again next time
        forget(tap.key);  // saved, or refused with a reason: either way done with
        done.push(result.body.ok ? "Cramp at " + result.body.time + " sent and saved."
          : "Cramp at " + clock(tap.tapped_at) + " not saved: " + result.body.error);
      });
    });
    chain.catch(function () {}).then(function () { flushing = false; say(done); });
  }
  function tapNow() {
    if (sending) { return; }
    var tapped_at = new Date().toISOString();
    if (!owner) {
      say(["Cramp at " + clock(tapped_at) + " not kept: sign in once with a connection first. " +
        "Note the time, then add it from the morning check-in."]);
      return;
    }
    sending = true;
    var tap = { key: newKey(), tapped_at: tapped_at, user: owner };
    writePending(readPending().concat([tap]));
    send(tap).then(function (result) {
      if (result.status >= 500 || (offline && result.page)) { throw new Error("not sent"); }
      forget(tap.key);
      if (result.page) { crampForm.submit(); return; }  // signed out: the page says what to do
      if (result.body.ok) { window.location.assign(result.body.url); return; }
      sending = false;
      say(["Not saved: " + result.body.error]);
    }).catch(function () {
      sending = false;
      delete crampForm.dataset.sent;
      say([]);
    });
  }
  if (crampForm && window.fetch && window.FormData && window.localStorage) {
    try {
      if (offline) { owner = localStorage.getItem(OWNER) || ""; }
      else {
        owner = crampForm.getAttribute("data-user") || "";
        localStorage.setItem(OWNER, owner);
      }
    } catch (e) {}
    say([]);
    crampForm.addEventListener("submit", function (event) {
      event.preventDefault();
      tapNow();
    });
    if (offline) {
      if (crampForm.hasAttribute("data-tapped")) { tapNow(); }  // the form was sent offline
      // Home sends what is kept, once the server answers again (asked now and then, and
      // when the phone says it is online: the two do not always agree at once).
      var probe = function () {
        fetch("/sw.js", { cache: "no-store" }).then(function (response) {
          if (response.ok) { window.location.assign("/"); }
        }).catch(function () {});
      };
      window.addEventListener("online", probe);
      window.setInterval(probe, 5000);
    } else {
      window.addEventListener("online", flush);
      flush();
    }
  }

  // Travelling: the phone's zone differs from the diary's, and this was not answered yet.
  var travel = document.getElementById("travel");
  var deviceZone = "";
  try { deviceZone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) {}
  if (travel && deviceZone && deviceZone !== travel.getAttribute("data-account-zone") &&
      deviceZone !== travel.getAttribute("data-answered")) {
    var deviceCity = deviceZone.split("/").pop().replace(/_/g, " ");
    travel.querySelectorAll("[data-device-city]").forEach(function (el) { el.textContent = deviceCity; });
    travel.querySelector("input[name=device_zone]").value = deviceZone;
    travel.hidden = false;
  }

  // Morning check-in: the count only matters when there were cramps.
  var count = document.getElementById("id_cramps");
  var radios = document.querySelectorAll("input[name=had_cramps]");
  function syncCount() {
    var yes = document.querySelector("input[name=had_cramps][value=yes]:checked");
    var wrap = count && count.closest(".field");
    if (!wrap) { return; }
    wrap.hidden = !yes;
    if (yes && !count.value) { count.value = "1"; }
  }
  if (count && radios.length) {
    radios.forEach(function (r) { r.addEventListener("change", syncCount); });
    syncCount();
  }
})();
