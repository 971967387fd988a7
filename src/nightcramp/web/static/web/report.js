/* The clinician report button: the PDF takes a few seconds to make, so say so while it
   is being made, then save it. Without this file the link downloads the PDF as usual. */
(function () {
  "use strict";

  function filename(response) {
    var header = response.headers.get("Content-Disposition") || "";
    var match = /filename="([^"]+)"/.exec(header);
    return match ? match[1] : "nightcramp-report.pdf";
  }

  function statusFor(link) {
    var status = document.getElementById(link.getAttribute("aria-describedby") || "");
    if (!status) {
      status = document.createElement("p");
      status.setAttribute("role", "status");
      status.className = "report-status";
      link.insertAdjacentElement("afterend", status);
    }
    return status;
  }

  function show(status, words, busy) {
    status.hidden = false;
    status.textContent = words;
    if (busy) {
      var bar = document.createElement("progress");
      bar.setAttribute("aria-label", "Making the report");
      status.appendChild(bar);
    }
  }

  function signInAgain(status) {
    var link = document.createElement("a");
    link.href = "/accounts/login/?next=" + encodeURIComponent(location.pathname);
    link.textContent = "Sign in";
    status.hidden = false;
    status.textContent = "You were signed out, so the report was not made. ";
    status.appendChild(link);
    status.appendChild(document.createTextNode(" again, then download it."));
  }

  // What went wrong, in words: the server's own message when it wrote one for people
  // (plain text, e.g. a bad date), never the source of an error page.
  function failure(response) {
    var type = response.headers.get("Content-Type") || "";
    if (type.indexOf("text/plain") === 0) {
      return response.text().then(function (text) { throw new Error(text); });
    }
    throw new Error(response.status >= 500
      ? "Something went wrong on our side; please try again in a minute."
      : "Please try again.");
  }

  document.querySelectorAll("a[data-report]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (!window.fetch || !window.URL || !URL.createObjectURL) { return; }
      event.preventDefault();
      if (link.getAttribute("aria-busy") === "true") { return; }
      var status = statusFor(link);
      var began = Date.now();
      link.setAttribute("aria-busy", "true");
      show(status, "Making your report… this takes a few seconds.", true);
      var timer = window.setInterval(function () {
        var seconds = Math.round((Date.now() - began) / 1000);
        show(status, "Making your report… " + seconds + " s so far.", true);
      }, 1000);
      function stop() {
        window.clearInterval(timer);
        link.removeAttribute("aria-busy");
      }
      function done(words) {
        stop();
        show(status, words, false);
      }
      fetch(link.href, { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) { return failure(response); }
          var type = response.headers.get("Content-Type") || "";
          if (type.indexOf("application/pdf") !== 0) {  // sent to the sign-in page
            stop();
            signInAgain(status);
            return;
          }
          return response.blob().then(function (blob) {
            var save = document.createElement("a");
            save.href = URL.createObjectURL(blob);
            save.download = filename(response);
            document.body.appendChild(save);
            save.click();
            save.remove();
            window.setTimeout(function () { URL.revokeObjectURL(save.href); }, 60000);
            done("Your report is ready: " + save.download + " (saved to your downloads).");
          });
        })
        .catch(function (error) {
          done("The report could not be made. " + (error.message || "Please try again."));
        });
    });
  });
})();
