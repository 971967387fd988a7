/* nightcramp: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";

  // Installable: a service worker that only shows an "offline" page (it caches nothing).
  if ("serviceWorker" in navigator && window.isSecureContext) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
  }

  // Sign-up: send the device's time zone so "last night" means the person's night.
  var zoneInput = document.querySelector("input[name=time_zone][type=hidden]");
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

  // One-tap details after "Cramp now": save in place, without reloading the page.
  var status = document.getElementById("saved-status");
  document.querySelectorAll("form.quick").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.fetch || !window.FormData) { return; }
      event.preventDefault();
      var button = event.submitter || form.querySelector("button");
      var data = new FormData(form);
      if (button && button.name) { data.set(button.name, button.value); }
      fetch(form.action, {
        method: "POST", body: data, credentials: "same-origin",
        headers: { "Accept": "application/json" }
      }).then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      }).then(function (result) {
        if (!result.ok) { throw new Error(result.body.error || "Not saved"); }
        var group = form.closest(".choices");
        if (group) {
          group.querySelectorAll("button[aria-pressed]").forEach(function (b) {
            b.setAttribute("aria-pressed", "false");
          });
        }
        if (button) { button.setAttribute("aria-pressed", "true"); }
        if (status) { status.textContent = result.body.message; }
      }).catch(function (error) {
        if (status) { status.textContent = "Not saved: " + error.message + " Trying again as a page."; }
        form.submit();
      });
    });
  });

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
