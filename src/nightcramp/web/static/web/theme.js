/* nightcramp: night for everyone, by the device's own clock. Loaded in <head> (not deferred)
   so the page is never painted bright first. A person's explicit choice (data-theme "dark"
   or "light") wins; the night screen stays dark; otherwise 21:00-07:00 on this device's
   clock is dark. Without JavaScript the server's guess (the person's zone) stays. */
(function () {
  "use strict";
  var root = document.documentElement;
  if (root.getAttribute("data-theme") !== "auto" || root.hasAttribute("data-night-screen")) {
    return;
  }
  var hour = new Date().getHours();
  if (hour >= 21 || hour < 7) {
    root.classList.add("theme-dark");
  } else {
    root.classList.remove("theme-dark");
  }
})();
