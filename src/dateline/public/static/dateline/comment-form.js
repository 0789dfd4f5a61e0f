// The reply form, improved when JavaScript runs; without it the server does all of this.
// - inline validation, with the same messages the server gives;
// - "Reply" moves the form under the comment (the link works without JavaScript too);
// - with the reader's consent, their name, email and website come back from the cookie
//   the server set ("Save my name, email, and website ..."): the page HTML stays the
//   same for every reader, so it can be cached and shared.
(function () {
  "use strict";
  var COOKIE = "dateline_commenter";

  function messageFor(input, error) {
    var value = input.value.trim();
    if (input.required && value === "") return error.dataset.required;
    if (value !== "" && input.validity && input.validity.typeMismatch) return error.dataset.invalid;
    if (value !== "" && input.type === "url" && !/^https?:\/\//i.test(value)) return error.dataset.invalid;
    return "";
  }

  function check(input) {
    var error = document.getElementById(input.id + "_error");
    if (!error) return true;
    var message = messageFor(input, error);
    error.textContent = message;
    error.hidden = message === "";
    input.setAttribute("aria-invalid", message === "" ? "false" : "true");
    input.closest(".field").classList.toggle("field-invalid", message !== "");
    return message === "";
  }

  function remembered() {
    var parts = document.cookie ? document.cookie.split("; ") : [];
    for (var i = 0; i < parts.length; i++) {
      if (parts[i].indexOf(COOKIE + "=") === 0) {
        try {
          return JSON.parse(decodeURIComponent(parts[i].slice(COOKIE.length + 1)));
        } catch (e) {
          return null;
        }
      }
    }
    return null;
  }

  function fillRemembered(form) {
    var saved = remembered();
    if (!saved || typeof saved !== "object") return;
    ["name", "email", "website"].forEach(function (field) {
      var input = form.elements[field];
      if (input && input.value === "" && typeof saved[field] === "string") input.value = saved[field];
    });
    if (form.elements.remember) form.elements.remember.checked = true;
  }

  function setUpReplies(form) {
    var respond = document.getElementById("respond");
    var notice = respond && respond.querySelector("[data-replying-to]");
    if (!respond || !notice || !form.elements.parent) return;
    var home = document.createComment("respond");
    respond.parentNode.insertBefore(home, respond);
    document.querySelectorAll("a[data-reply-to]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        form.elements.parent.value = link.dataset.replyTo;
        notice.querySelector("[data-reply-name]").textContent = link.dataset.replyName;
        notice.hidden = false;
        link.closest("article").after(respond);
        form.elements.comment.focus();
      });
    });
    notice.querySelector("[data-cancel-reply]").addEventListener("click", function (event) {
      event.preventDefault();
      form.elements.parent.value = "";
      notice.hidden = true;
      home.parentNode.insertBefore(respond, home);
      form.elements.comment.focus();
    });
  }

  // The page may come from a shared cache, so its form timestamp can be old: ask for a
  // fresh one when the reader starts writing (the server's "too fast" check needs it).
  function freshTokenOnFirstFocus(form) {
    if (!form.dataset.tokenUrl || !form.elements.ts || !window.fetch) return;
    // A form sent back with an error keeps the timestamp the server checked.
    if (form.parentNode.querySelector("[role=alert]")) return;
    form.addEventListener("focusin", function () {
      fetch(form.dataset.tokenUrl, { credentials: "omit", cache: "no-store" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) { if (data && data.token) form.elements.ts.value = data.token; })
        .catch(function () { /* keep the page's timestamp */ });
    }, { once: true });
  }

  document.querySelectorAll("form[data-validate]").forEach(function (form) {
    var inputs = form.querySelectorAll("input:not([type=hidden]):not([type=checkbox]), textarea");
    inputs.forEach(function (input) {
      input.addEventListener("blur", function () { if (input.value !== "") check(input); });
      input.addEventListener("input", function () {
        if (input.getAttribute("aria-invalid") === "true") check(input);
      });
    });
    form.addEventListener("submit", function (event) {
      var firstBad = null;
      inputs.forEach(function (input) { if (!check(input) && !firstBad) firstBad = input; });
      if (firstBad) { event.preventDefault(); firstBad.focus(); return; }
      // One click, one comment: a second click while the first is on its way does nothing.
      if (form.dataset.sending) { event.preventDefault(); return; }
      form.dataset.sending = "1";
    });
    // Coming back to the page (the back button) makes the form usable again.
    window.addEventListener("pageshow", function () { delete form.dataset.sending; });
    fillRemembered(form);
    setUpReplies(form);
    freshTokenOnFirstFocus(form);
  });
})();
