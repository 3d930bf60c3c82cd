/*
 * The live refresh of pages whose data changes while they are open (a cluster being created or deleted).
 *
 * A page opts in with one marker element and one p:remoteCommand:
 *   <span data-live-command="refreshCluster" data-live-seconds="1" data-live="true|false">
 * While data-live is "true" the command runs, and the next run is planned only when the previous one has
 * completed: one request in flight at a time, however slow the server. The server re-renders the marker with
 * every refresh and sets data-live="false" once nothing on the page can change, which ends the loop. A failed
 * refresh backs off (doubling, up to 32 times the interval); a hidden tab waits until it is shown again.
 * Any other ajax action of the page (a delete) re-renders the marker and so starts the loop again.
 */
(function () {
  'use strict';
  var timer = null;
  var inFlight = false;
  var failures = 0;

  function marker() {
    return document.querySelector('[data-live-command]');
  }

  function wanted(m) {
    return m && m.getAttribute('data-live') === 'true';
  }

  function schedule() {
    var m = marker();
    if (timer !== null || inFlight || !wanted(m)) {
      return;
    }
    var seconds = parseFloat(m.getAttribute('data-live-seconds')) || 2;
    timer = window.setTimeout(run, seconds * 1000 * Math.pow(2, Math.min(failures, 5)));
  }

  function run() {
    timer = null;
    var m = marker();
    if (!wanted(m) || document.hidden) {
      return; // a hidden page resumes on visibilitychange
    }
    var command = window[m.getAttribute('data-live-command')];
    if (typeof command !== 'function') {
      return;
    }
    inFlight = true;
    command({
      oncomplete: function (xhr, status) {
        inFlight = false;
        failures = status === 'success' ? 0 : failures + 1;
        schedule();
      }
    });
  }

  document.addEventListener('visibilitychange', function () {
    if (!document.hidden) {
      schedule();
    }
  });
  // A message a page keeps until it is dismissed (or replaced): its dismiss button removes it.
  document.addEventListener('click', function (event) {
    var button = event.target.closest ? event.target.closest('[data-dismiss="notice"]') : null;
    if (button) {
      button.parentNode.remove();
    }
  });

  function start() {
    if (window.jQuery) {
      jQuery(document).on('pfAjaxComplete', schedule);
    }
    schedule();
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
