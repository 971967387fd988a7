// Bedtime routine timer: one step (a stretch on one leg) at a time, a countdown per hold.
// Without this script the page is a plain list with an "I did it" button.
(function () {
  "use strict";
  var root = document.getElementById("routine");
  if (!root) { return; }
  var steps = Array.prototype.slice.call(root.querySelectorAll(".step"));
  var panel = document.getElementById("timer-panel");
  var countdown = document.getElementById("countdown");
  var phase = document.getElementById("phase");
  var holdButton = document.getElementById("hold-button");
  var prevButton = document.getElementById("prev-button");
  var nextButton = document.getElementById("next-button");
  var holdsShown = document.getElementById("holds-done");
  var holdsInput = document.getElementById("holds-input");
  var finishForm = document.getElementById("finish-form");
  var total = parseInt(root.getAttribute("data-holds-total"), 10) || 0;

  var finishButton = finishForm.querySelector("button");
  var current = 0, holdsDone = 0, rep = 0, resting = false, left = 0, timer = null, endsAt = 0;

  function num(step, name) { return parseInt(step.getAttribute("data-" + name), 10) || 0; }
  function say(text) { phase.textContent = text; }

  function show(index) {
    stop();
    current = index; rep = 0; resting = false;
    steps.forEach(function (s, i) { s.hidden = i !== index; });
    var heading = steps[index].querySelector("h2");
    heading.parentNode.insertBefore(panel, heading.nextSibling);  // the timer right under it
    left = num(steps[index], "hold");
    countdown.textContent = left;
    holdButton.textContent = "Start hold";
    holdButton.disabled = false;
    prevButton.disabled = index === 0;
    nextButton.disabled = index === steps.length - 1;
    say("Hold 1 of " + num(steps[index], "reps") + ": press “Start hold” when you are in position.");
    heading.focus();
  }

  function stop() { if (timer) { clearInterval(timer); timer = null; } }

  // The clock, not the number of ticks, sets the time left: a phone that throttles
  // timers in the background still ends each hold on time.
  function run() {
    endsAt = Date.now() + left * 1000;
    timer = setInterval(tick, 250);
  }

  function tick() {
    var now = Math.max(Math.ceil((endsAt - Date.now()) / 1000), 0);
    if (now === left && now > 0) { return; }
    left = now;
    countdown.textContent = left;
    if (left > 0) { return; }
    var step = steps[current], reps = num(step, "reps");
    if (!resting) {
      holdsDone = Math.min(holdsDone + 1, total);
      holdsShown.textContent = holdsDone;
      holdsInput.value = holdsDone;
      finishButton.disabled = false;
      rep += 1;
      if (rep >= reps) {
        stop();
        holdButton.disabled = true;
        holdButton.textContent = "Step done";
        if (current < steps.length - 1) {
          say("Step done. Press “Next stretch”.");
          nextButton.focus();
        } else {
          say("All stretches done. Press “Finish” to record tonight.");
          finishForm.querySelector("button").focus();
        }
        return;
      }
      resting = true;
      left = num(step, "rest");
      say("Rest " + left + " seconds.");
    } else {
      resting = false;
      left = num(step, "hold");
      say("Hold " + (rep + 1) + " of " + reps + ": " + left + " seconds.");
    }
    countdown.textContent = left;
    stop();
    run();
  }

  holdButton.addEventListener("click", function () {
    if (timer) {
      stop();
      holdButton.textContent = "Resume";
      say("Paused.");
      return;
    }
    var step = steps[current];
    if (!resting && left === num(step, "hold")) {
      say("Hold " + (rep + 1) + " of " + num(step, "reps") + ": " + left + " seconds.");
    } else {
      say("Resumed.");
    }
    holdButton.textContent = "Pause";
    run();
  });
  prevButton.addEventListener("click", function () { if (current > 0) { show(current - 1); } });
  nextButton.addEventListener("click", function () {
    if (current < steps.length - 1) { show(current + 1); }
  });

  root.classList.add("js");
  panel.hidden = false;
  finishForm.hidden = false;
  finishButton.disabled = true;  // enabled after the first hold; "I did them all" stays
  var didIt = document.getElementById("did-it");
  if (didIt) { didIt.textContent = "I did them all without the timer"; }
  if (steps.length) { show(0); }
}());
