// Inline validation for the reply form, with the same messages the server gives.
// Without JavaScript the server validates and re-renders the form; nothing depends on this.
(function () {
  "use strict";
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
  document.querySelectorAll("form[data-validate]").forEach(function (form) {
    var inputs = form.querySelectorAll("input:not([type=hidden]), textarea");
    inputs.forEach(function (input) {
      input.addEventListener("blur", function () { if (input.value !== "") check(input); });
      input.addEventListener("input", function () {
        if (input.getAttribute("aria-invalid") === "true") check(input);
      });
    });
    form.addEventListener("submit", function (event) {
      var firstBad = null;
      inputs.forEach(function (input) { if (!check(input) && !firstBad) firstBad = input; });
      if (firstBad) { event.preventDefault(); firstBad.focus(); }
    });
  });
})();
