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
// Live updates: a signed-in page's <body data-live="…"> names the member's event stream. Each
// event is dispatched as `od:live` ({kind, data}) on document for the page's own script; `badge`
// events ({"name", "count"}) update the header's counts. Without this script pages still work.
(function () {
  "use strict";
  var source = document.querySelector("[data-live]");
  if (!source || !window.EventSource || !window.CustomEvent) return;
  var events = new EventSource(source.getAttribute("data-live"));
  function deliver(kind, message) {
    var data = null;
    try { data = JSON.parse(message.data); } catch (e) { return; }
    if (kind === "badge" && data && typeof data.name === "string" && typeof data.count === "number") {
      var links = document.querySelectorAll("[data-badge]");
      for (var i = 0; i < links.length; i++) {
        if (links[i].getAttribute("data-badge") !== data.name) continue;
        var count = links[i].querySelector(".count");
        if (count) { count.textContent = String(data.count); count.setAttribute("data-count", String(data.count)); }
      }
    }
    document.dispatchEvent(new CustomEvent("od:live", { detail: { kind: kind, data: data } }));
  }
  // EventSource hands named events only to listeners of that name: one listener per kind, for
  // the platform's own, those a page names in `data-live-kinds="a b"`, and those its scripts ask
  // for with an `od:live-listen` event ({detail: {kind}}).
  var listened = {};
  function listen(kind) {
    if (!kind || listened[kind]) return;
    listened[kind] = true;
    events.addEventListener(kind, function (message) { deliver(kind, message); });
  }
  ["badge", "reset"].forEach(listen);
  var named = document.querySelectorAll("[data-live-kinds]");
  for (var n = 0; n < named.length; n++) named[n].getAttribute("data-live-kinds").split(/\s+/).forEach(listen);
  events.addEventListener("message", function (message) { deliver("message", message); });
  document.addEventListener("od:live-listen", function (event) { if (event.detail && event.detail.kind) listen(String(event.detail.kind)); });
  // Another tab of the same member took this stream's place, or the member signed out: stop,
  // rather than take it back.
  events.addEventListener("closed", function () { events.close(); });
  // The stream could not resume where the page left off (it was away longer than events are
  // kept): say the page may be out of date, with a link that reloads it, once. Reloading by
  // itself could lose what the member was typing.
  document.addEventListener("od:live", function (event) {
    if (event.detail.kind !== "reset" || document.querySelector(".live-stale-shown")) return;
    var template = document.getElementById("live-stale");
    var main = document.getElementById("main");
    if (!template || !template.content || !main) return;
    var notice = template.content.firstElementChild.cloneNode(true);
    notice.classList.add("live-stale-shown");
    main.insertBefore(notice, main.firstChild);
  });
})();
