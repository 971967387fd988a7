/* The time-zone picker of the account page: this phone's zone is suggested first, and the
   search answers as you type. Without this file the search is a plain GET form with a page
   of results, and the zone's name can be typed into the field below it. */
(function () {
  "use strict";

  // This phone's zone, first among the suggestions, unless the diary already uses it.
  var device = document.getElementById("zone-device");
  var phoneZone = "";
  try { phoneZone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) {}
  if (device && phoneZone && phoneZone !== device.getAttribute("data-account-zone")) {
    device.querySelector("button").value = phoneZone;
    device.querySelector("[data-device-zone]").textContent =
      phoneZone.split("/").pop().replace(/_/g, " ") + " (" + phoneZone + ")";
    device.hidden = false;
    document.getElementById("zone-suggested").hidden = false;
  }

  var search = document.getElementById("zone-search");
  var input = document.getElementById("zone-q");
  var status = document.getElementById("zone-status");
  var results = document.getElementById("zone-results");
  if (!search || !input || !status || !results || !window.fetch) { return; }
  var list = results.querySelector("ul");
  var asked = null;  // the query whose answer is shown (or on its way)
  var timer = 0;
  var broken = false;  // the server did not answer as expected: let the form be a page

  function choice(zone) {
    var item = document.createElement("li");
    var button = document.createElement("button");
    var detail = document.createElement("span");
    button.type = "submit";
    button.name = "time_zone";
    button.value = zone.zone;
    button.textContent = zone.label + " ";
    detail.className = "zone-detail";
    detail.textContent = zone.zone + ", " + zone.offset;
    button.appendChild(detail);
    item.appendChild(button);
    return item;
  }
  function show(body) {
    list.textContent = "";
    body.results.forEach(function (zone) { list.appendChild(choice(zone)); });
    results.hidden = !body.results.length;
    status.textContent = body.message;
  }
  function ask() {
    var query = input.value.trim();
    if (query === asked) { return; }
    asked = query;
    fetch(search.action + "?q=" + encodeURIComponent(query), {
      credentials: "same-origin", headers: { "Accept": "application/json" }
    }).then(function (response) {
      var json = (response.headers.get("Content-Type") || "").indexOf("json") >= 0;
      if (!response.ok || response.redirected || !json) { throw new Error("no answer"); }
      return response.json();
    }).then(function (body) {
      if (body.query === input.value.trim()) { show(body); }
    }).catch(function () {
      broken = true;
      asked = null;
      status.textContent = "The search did not answer. Press Search to try again.";
    });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(ask, 250);
  });
  search.addEventListener("submit", function (event) {
    if (broken) { return; }  // a page load instead: it also shows why (e.g. signed out)
    event.preventDefault();
    window.clearTimeout(timer);
    asked = null;
    ask();
  });

  // Arrow keys move between the search box and the zones found; Escape goes back.
  function buttons() { return Array.prototype.slice.call(list.querySelectorAll("button")); }
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" && buttons().length) {
      event.preventDefault();
      buttons()[0].focus();
    }
  });
  list.addEventListener("keydown", function (event) {
    var all = buttons();
    var at = all.indexOf(document.activeElement);
    if (at < 0) { return; }
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      var next = at + (event.key === "ArrowDown" ? 1 : -1);
      if (next < 0) { input.focus(); } else if (next < all.length) { all[next].focus(); }
    } else if (event.key === "Escape") {
      input.focus();
    }
  });
})();
