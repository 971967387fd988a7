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
  var stepDone = false;

  // The screen stays on during a session (Screen Wake Lock API, where the browser has it).
  // The browser drops the lock when the page is hidden; it is taken again on return.
  var lock = null, wanted = false;
  function acquire() {
    wanted = true;
    if (lock || !("wakeLock" in navigator)) { return; }
    navigator.wakeLock.request("screen").then(function (sentinel) {
      lock = sentinel;
      sentinel.addEventListener("release", function () { if (lock === sentinel) { lock = null; } });
    }, function () { lock = null; });
  }
  function release() {
    wanted = false;
    if (lock) { var held = lock; lock = null; held.release(); }
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && wanted) { acquire(); }
  });
  window.addEventListener("pagehide", release);

  // An optional soft tone and vibration at the end of each hold; the choice is remembered.
  var signalBox = document.getElementById("signal-toggle");
  var SIGNAL_KEY = "nightcramp.routine.signal";
  function signalWanted() { return signalBox && signalBox.checked; }
  function remembered() {
    try { return window.localStorage.getItem(SIGNAL_KEY) === "on"; } catch (e) { return false; }
  }
  function remember(on) {
    try { window.localStorage.setItem(SIGNAL_KEY, on ? "on" : "off"); } catch (e) { /* private */ }
  }
  var audio = null;
  function signal() {
    if (!signalWanted()) { return; }
    if (navigator.vibrate) { navigator.vibrate(200); }
    var Ctx = window.AudioContext || window.webkitAudioContext;
    if (!Ctx) { return; }
    audio = audio || new Ctx();
    var tone = audio.createOscillator(), gain = audio.createGain(), t = audio.currentTime;
    tone.type = "sine";
    tone.frequency.value = 528;
    gain.gain.setValueAtTime(0.0001, t);
    gain.gain.exponentialRampToValueAtTime(0.15, t + 0.05);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.6);
    tone.connect(gain);
    gain.connect(audio.destination);
    tone.start(t);
    tone.stop(t + 0.65);
  }
  if (signalBox) {
    signalBox.checked = remembered();
    signalBox.addEventListener("change", function () { remember(signalBox.checked); });
  }

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
    stepDone = false;
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
        signal();
        stepDone = true;
        if (current < steps.length - 1) {
          holdButton.textContent = "Next stretch";
          say("Step done. Press “Next stretch”.");
        } else {
          holdButton.textContent = "Finish";
          say("All stretches done. Press “Finish” to record tonight.");
          release();
        }
        holdButton.focus();
        return;
      }
      signal();
      resting = true;
      left = num(step, "rest");
      holdButton.textContent = "Next hold";
      say("Rest " + left + " seconds, or press “Next hold”.");
    } else {
      startNextHold();
      return;
    }
    countdown.textContent = left;
    stop();
    run();
  }

  function startNextHold() {
    var step = steps[current];
    stop();
    resting = false;
    left = num(step, "hold");
    countdown.textContent = left;
    holdButton.textContent = "Pause";
    say("Hold " + (rep + 1) + " of " + num(step, "reps") + ": " + left + " seconds.");
    run();
  }

  holdButton.addEventListener("click", function () {
    if (stepDone) {
      if (current < steps.length - 1) { show(current + 1); } else { finishForm.requestSubmit(); }
      return;
    }
    if (resting) { startNextHold(); return; }
    acquire();
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
  finishForm.addEventListener("submit", release);
  if (signalBox) { signalBox.closest("p").hidden = false; }
  var didIt = document.getElementById("did-it");
  if (didIt) { didIt.textContent = "I did them all without the timer"; }
  if (steps.length) { show(0); }
}());
