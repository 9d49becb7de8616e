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
// Time zone (digests arrive at the member's morning): a member still on the default (UTC) is
// offered the browser's own in the /account form, saving it stays their choice; joining sends
// it along, so a new member starts in it.
(function () {
  "use strict";
  if (!window.Intl || !Intl.DateTimeFormat) return;
  var guess = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!guess) return;
  var form = document.querySelector("form[data-guess-time-zone]");
  var field = form && form.querySelector("input[name=timeZone]");
  if (field && field.value === "UTC" && guess !== "UTC") field.value = guess;
  // The join form's hidden field: the new member starts in the browser's zone.
  var hidden = document.querySelector("input[type=hidden][name=timeZone]");
  if (hidden && !hidden.value) hidden.value = guess;
})();
