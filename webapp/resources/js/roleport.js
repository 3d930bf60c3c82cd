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

/*
 * Small helpers every page may use, wired by data attributes (no inline handlers: the CSP allows only the
 * page's own scripts):
 *   <button data-copy-target="id">      copies the text of #id and says "Copied" in the status beside it;
 *   <button data-download-target="id" data-download-name="file.yaml">  saves the text of #id as that file;
 *   <div data-focus-check="true">       after an ajax update, focus moves to its first li.check-fail (or summary);
 *   <time class="when" datetime="ISO" data-relative="true|false">      shown in the reader's time zone, to the
 *                                       second (how long ago first, when relative); the UTC time stays on hover.
 */
(function () {
  'use strict';

  function textOf(id) {
    var element = document.getElementById(id);
    return element ? (element.value !== undefined && element.tagName === 'TEXTAREA' ? element.value : element.textContent) : null;
  }

  function say(button, text) {
    var status = button.parentNode.querySelector('.copy-status');
    if (status) {
      status.textContent = text;
    }
  }

  function copy(button) {
    var text = textOf(button.getAttribute('data-copy-target'));
    if (text === null) {
      return;
    }
    text = text.trim();
    var done = function () { say(button, button.getAttribute('data-copied') || 'Copied'); };
    var failed = function () { say(button, button.getAttribute('data-copy-failed') || 'Select the text and copy it'); };
    // The older way, for browsers (or unfocused documents) that refuse the asynchronous clipboard.
    var byCommand = function () {
      var area = document.createElement('textarea');
      area.value = text;
      area.setAttribute('readonly', '');
      area.className = 'sr-only';
      document.body.appendChild(area);
      area.select();
      var copied = false;
      try {
        copied = document.execCommand('copy');
      } catch (e) {
        copied = false;
      }
      area.remove();
      button.focus();
      (copied ? done : failed)();
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, byCommand);
    } else {
      byCommand();
    }
  }

  function download(button) {
    var text = textOf(button.getAttribute('data-download-target'));
    if (text === null) {
      return;
    }
    var link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([text], {type: 'application/yaml'}));
    link.download = button.getAttribute('data-download-name') || 'download.txt';
    document.body.appendChild(link);
    link.click();
    window.setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
  }

  // An account id typed once fills the documents that name YOUR_ACCOUNT_ID (only a valid 12-digit id).
  document.addEventListener('input', function (event) {
    var field = event.target;
    if (!field.getAttribute || !field.getAttribute('data-fill')) {
      return;
    }
    var placeholder = field.getAttribute('data-fill');
    var value = field.value.trim();
    var fill = /^[0-9]{12}$/.test(value) ? value : placeholder;
    (field.getAttribute('data-fill-targets') || '').split(/\s+/).forEach(function (id) {
      var target = document.getElementById(id);
      if (!target) {
        return;
      }
      if (!target.hasAttribute('data-template')) {
        target.setAttribute('data-template', target.textContent);
      }
      target.textContent = target.getAttribute('data-template').split(placeholder).join(fill);
    });
  });

  document.addEventListener('click', function (event) {
    if (!event.target.closest) {
      return;
    }
    var copyButton = event.target.closest('[data-copy-target]');
    if (copyButton) {
      copy(copyButton);
    }
    var downloadButton = event.target.closest('[data-download-target]');
    if (downloadButton) {
      download(downloadButton);
    }
  });

  var UNITS = [['year', 31536000], ['month', 2592000], ['day', 86400], ['hour', 3600], ['minute', 60], ['second', 1]];

  function ago(date) {
    var seconds = Math.round((date.getTime() - Date.now()) / 1000);
    var format = new Intl.RelativeTimeFormat(document.documentElement.lang || undefined, {numeric: 'auto'});
    for (var i = 0; i < UNITS.length; i++) {
      if (Math.abs(seconds) >= UNITS[i][1] || UNITS[i][0] === 'second') {
        return format.format(Math.trunc(seconds / UNITS[i][1]), UNITS[i][0]);
      }
    }
  }

  function localTimes() {
    var local = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {year: 'numeric', month: 'short',
      day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZoneName: 'short'});
    document.querySelectorAll('time.when[datetime]').forEach(function (t) {
      var date = new Date(t.getAttribute('datetime'));
      if (isNaN(date.getTime())) {
        return;
      }
      var shown = local.format(date);
      t.textContent = t.getAttribute('data-relative') === 'true' ? ago(date) + ' (' + shown + ')' : shown;
      t.setAttribute('data-local', 'true');
    });
  }

  // After a validation, focus goes to the first failed check (or to the summary when all passed), once.
  function focusCheck() {
    var report = document.querySelector('[data-focus-check="true"]');
    if (!report) {
      return;
    }
    report.removeAttribute('data-focus-check');
    var target = report.querySelector('li.check-fail') || report.querySelector('.checks-summary');
    if (target) {
      target.focus();
    }
  }

  function start() {
    localTimes();
    if (window.jQuery) {
      jQuery(document).on('pfAjaxComplete', function () {
        localTimes();
        focusCheck();
      });
    }
    window.setInterval(localTimes, 30000);
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();

/*
 * The organization switcher (templates/shell.xhtml): a button and an overlay panel whose list of organizations is
 * loaded when it is first opened. The button says whether the list is open (aria-expanded); on opening, the focus
 * moves to the first organization; Escape closes the list and gives the focus back to the button. The button's click
 * (mouse, Enter or Space) toggles the panel here: the panel's own trigger also toggles on Enter's keyup, after the
 * click the same Enter caused, so Enter opened and at once closed it.
 */
window.Roleport = window.Roleport || {};
(function () {
  'use strict';
  var BUTTON = 'switcherForm:orgSwitcher';
  var PANEL = 'switcherForm:orgSwitcherPanel';

  window.Roleport.switcherShown = function (open) {
    var button = document.getElementById(BUTTON);
    if (!button) {
      return;
    }
    button.setAttribute('aria-expanded', open ? 'true' : 'false');
    var first = open ? document.querySelector('[id="' + PANEL + '"] a') : null;
    if (first) {
      first.focus();
    }
  };

  document.addEventListener('click', function (event) {
    var button = event.target.closest ? event.target.closest('[id="' + BUTTON + '"]') : null;
    if (button && window.PF && PF('orgSwitcherPanel')) {
      PF('orgSwitcherPanel').toggle();
    }
  });

  document.addEventListener('keydown', function (event) {
    if (event.key !== 'Escape' || !window.PF) {
      return;
    }
    var panel = document.getElementById(PANEL);
    if (panel && panel.contains(document.activeElement) && PF('orgSwitcherPanel')) {
      PF('orgSwitcherPanel').hide();
      document.getElementById(BUTTON).focus();
    }
  });
})();
