// The conversation page, enhanced: messages, edits, deletions and read marks arrive without
// reload (the live client in site.js dispatches `od:live` events on document), and sending
// goes through the API with the form as fallback. Member text only ever becomes text nodes;
// links are the ones the server made safe. Without this script the page works by reload.
(function () {
  "use strict";
  var article = document.getElementById("conversation");
  if (!article) return;
  var conversation = article.dataset.conversation;
  var me = article.dataset.me;
  var list = document.getElementById("messages");
  var readState = document.getElementById("read-state");
  var form = document.getElementById("compose");
  var csrfInput = document.querySelector('input[name="csrf_token"]');
  var csrf = csrfInput ? csrfInput.value : "";
  var readers = new Set((readState && readState.dataset.readers || "").split(" ").filter(Boolean));

  function lastMessage() {
    var items = list.querySelectorAll("li[data-message-id]");
    return items.length ? items[items.length - 1] : null;
  }

  function bodyNode(paragraphs) {
    var body = document.createElement("div");
    body.className = "message-body";
    body.dir = "auto";
    (paragraphs || []).forEach(function (paragraph) {
      var p = document.createElement("p");
      paragraph.lines.forEach(function (line) {
        if (line.breakBefore) p.appendChild(document.createElement("br"));
        line.runs.forEach(function (run) {
          if (run.href && /^https?:\/\//i.test(run.href)) {
            var a = document.createElement("a");
            a.href = run.href;
            a.rel = "nofollow ugc noopener";
            a.textContent = run.text;
            p.appendChild(a);
          } else {
            p.appendChild(document.createTextNode(run.text));
          }
        });
      });
      body.appendChild(p);
    });
    return body;
  }

  function plainParagraphs(text) {
    return [{ lines: text.split("\n").map(function (line, index) { return { breakBefore: index > 0, runs: [{ text: line }] }; }) }];
  }

  function deletedNode() {
    var p = document.createElement("p");
    p.className = "muted message-deleted";
    p.textContent = article.dataset.deletedText;
    return p;
  }

  function showRead() {
    if (!readState) return;
    var last = lastMessage();
    var group = readState.dataset.group === "true";
    if (!last || readers.size === 0 || (!group && !last.classList.contains("mine"))) { readState.textContent = ""; return; }
    readState.textContent = group
      ? (readers.size === 1 ? readState.dataset.seenOne : readState.dataset.seenOther).replace("{count}", String(readers.size))
      : readState.dataset.seenDirect;
  }

  function markRead() {
    if (document.visibilityState !== "visible") return;
    fetch("/api/v1/conversations/" + conversation + "/read", { method: "POST", credentials: "same-origin", headers: { "X-CSRF-Token": csrf } }).catch(function () {});
  }

  function addMessage(data) {
    var existing = document.getElementById("m-" + data.id);
    var li = existing || document.createElement("li");
    li.id = "m-" + data.id;
    li.dataset.messageId = data.id;
    li.className = "message" + (data.authorId === me ? " mine" : "");
    var meta = document.createElement("p");
    meta.className = "message-meta";
    var strong = document.createElement("strong");
    var bdi = document.createElement("bdi");
    bdi.textContent = data.authorName;
    strong.appendChild(bdi);
    var time = document.createElement("time");
    time.dateTime = data.createdAt;
    time.textContent = new Date(data.createdAt).toLocaleString(document.documentElement.lang);
    meta.appendChild(strong);
    meta.appendChild(document.createTextNode(" "));
    meta.appendChild(time);
    li.replaceChildren(meta, data.deleted ? deletedNode() : bodyNode(data.paragraphs));
    if (!existing) list.appendChild(li);
    var empty = document.getElementById("messages-empty");
    if (empty) empty.remove();
  }

  function updateMessage(data) {
    var li = document.getElementById("m-" + data.id);
    if (!li) return;
    var old = li.querySelector(".message-body, .message-deleted");
    var replacement = data.deleted ? deletedNode() : bodyNode(data.paragraphs);
    if (old) old.replaceWith(replacement); else li.appendChild(replacement);
    if (data.deleted) {
      var actions = li.querySelector(".message-actions");
      if (actions) actions.remove();
    } else if (!li.querySelector(".message-edited")) {
      var marker = document.createElement("span");
      marker.className = "muted message-edited";
      marker.textContent = article.dataset.editedText;
      var meta = li.querySelector(".message-meta");
      if (meta) { meta.appendChild(document.createTextNode(" ")); meta.appendChild(marker); }
    }
  }

  document.addEventListener("od:live", function (event) {
    var detail = event.detail || {};
    var data = typeof detail.data === "string" ? JSON.parse(detail.data) : detail.data;
    if (!data) return;
    if (detail.kind === "message" && data.conversationId === conversation) {
      if (data.change === "new") {
        var known = document.getElementById("m-" + data.id);
        addMessage(data);
        if (!known) { readers.clear(); showRead(); }
        if (data.authorId !== me) markRead();
      } else {
        updateMessage(data);
      }
    } else if (detail.kind === "read" && data.conversationId === conversation && data.memberId !== me) {
      var last = lastMessage();
      if (last && data.lastReadMessageId === last.dataset.messageId) { readers.add(data.memberId); showRead(); }
    }
  });

  document.addEventListener("visibilitychange", function () { if (document.visibilityState === "visible") markRead(); });

  if (form && window.fetch) {
    form.addEventListener("submit", function (event) {
      var textarea = form.querySelector("textarea[name=body]");
      if (!textarea || !textarea.value.trim()) return;
      event.preventDefault();
      var button = form.querySelector("button[type=submit]");
      if (button) button.disabled = true;
      fetch("/api/v1/conversations/" + conversation + "/messages", {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRF-Token": csrf },
        body: JSON.stringify({ body: textarea.value })
      }).then(function (response) {
        if (response.status === 201) {
          return response.json().then(function (message) {
            if (!document.getElementById("m-" + String(message.id).toLowerCase())) {
              addMessage({ id: String(message.id).toLowerCase(), authorId: String(message.authorId).toLowerCase(), authorName: message.authorName, createdAt: message.createdAt, deleted: false, paragraphs: plainParagraphs(message.body) });
              readers.clear();
              showRead();
            }
            textarea.value = "";
            textarea.focus();
          });
        }
        // Anything else (a field error, a session that ended): the form says it in full.
        form.submit();
      }).catch(function () { form.submit(); }).finally(function () { if (button) button.disabled = false; });
    });
  }
})();
