// The simulator's chat: post each message, append the bot's replies, keep the transcript.
(function () {
  "use strict";
  var form = document.getElementById("composer");
  var transcript = document.getElementById("transcript");
  if (!form || !window.fetch) { return; }

  function bubble(who, text) {
    var item = document.createElement("li");
    item.className = who;
    item.dir = "auto";
    item.textContent = text;
    transcript.appendChild(item);
    item.scrollIntoView({ block: "end" });
  }

  // The page speaks the resident's language once they have chosen one.
  function relabel(labels) {
    document.querySelectorAll("[data-label]").forEach(function (element) {
      element.textContent = labels[element.dataset.label];
    });
    form.elements.text.placeholder = labels.placeholder;
    transcript.dataset.noReply = labels.no_reply;
    document.title = labels.title;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var input = form.elements.text;
    var text = input.value;
    var body = new FormData(form);
    input.value = "";
    bubble("you", text);
    fetch(form.action, {
      method: "POST",
      body: body,
      headers: { "Accept": "application/json", "X-CSRFToken": body.get("csrf_token") },
      credentials: "same-origin"
    }).then(function (response) { return response.json(); }).then(function (data) {
      if (data.error) { bubble("error", data.error); return; }
      if (!data.replies.length) { bubble("bot quiet", transcript.dataset.noReply); }
      data.replies.forEach(function (reply) { bubble("bot", reply); });
      document.documentElement.lang = data.lang;
      document.documentElement.dir = data.dir;
      relabel(data.labels);
    }).catch(function () { bubble("error", "…"); }).finally(function () { input.focus(); });
  });
})();
