// Enhancement only: every page works without this file.
// The phone menu is a <details>; close it with Escape or a click elsewhere, as people expect of a menu.
(function () {
  "use strict";
  var menu = document.querySelector("details.menu");
  if (!menu) return;
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && menu.open) {
      menu.open = false;
      menu.querySelector("summary").focus();
    }
  });
  document.addEventListener("click", function (event) {
    if (menu.open && !menu.contains(event.target)) menu.open = false;
  });
})();
// A list's filters wait behind a closed <details> so phones see results first; wide screens have
// room for them beside the results, so they open there.
(function () {
  "use strict";
  var filters = document.querySelector("details.list-filters");
  if (filters && window.matchMedia && window.matchMedia("(min-width: 48rem)").matches) filters.open = true;
})();
// Notifications: a member still on the default time zone (UTC) is offered the browser's own
// in the /account form; saving it stays their choice.
(function () {
  "use strict";
  var form = document.querySelector("form[data-guess-time-zone]");
  if (!form || !window.Intl || !Intl.DateTimeFormat) return;
  var field = form.querySelector("input[name=timeZone]");
  var guess = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (field && guess && field.value === "UTC" && guess !== "UTC") field.value = guess;
})();
