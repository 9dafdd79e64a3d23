// The declaration form: show only the facts that apply, fill the year from the end date, and
// preview the hours from the server's rules as the form changes. No framework, no inline code.
(function () {
  "use strict";
  var form = document.getElementById("declaration-form");
  if (!form) return;
  var preview = document.getElementById("hours-preview");
  var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;

  function valueOf(name) {
    var input = form.elements["facts-" + name];
    if (!input) return "";
    if (input.type === "checkbox") return input.checked ? "true" : "false";
    return String(input.value).toLowerCase();
  }

  function applyConditions() {
    form.querySelectorAll("[data-when-fact]").forEach(function (input) {
      var values = input.getAttribute("data-when-values").split(" ");
      var shown = values.indexOf(valueOf(input.getAttribute("data-when-fact"))) !== -1;
      var field = input.closest(".field");
      if (field) field.hidden = !shown;
      input.disabled = !shown;
    });
  }

  var year = form.elements["year"];
  var endsOn = form.elements["ends_on"];
  var yearWasTyped = year && year.value !== "";
  if (year) year.addEventListener("input", function () { yearWasTyped = year.value !== ""; });
  function fillYear() {
    if (year && endsOn && endsOn.value && !yearWasTyped) year.value = endsOn.value.slice(0, 4);
  }

  var timer = null;
  function refreshPreview() {
    clearTimeout(timer);
    timer = setTimeout(function () {
      fetch(form.getAttribute("data-preview-url"), {
        method: "POST",
        body: new FormData(form),
        headers: { "X-CSRFToken": token },
        credentials: "same-origin"
      }).then(function (response) {
        return response.ok ? response.text() : null;
      }).then(function (html) {
        if (html !== null) preview.innerHTML = html;
      }).catch(function () { /* the preview is a convenience; saving still works */ });
    }, 250);
  }

  form.addEventListener("input", function () { applyConditions(); refreshPreview(); });
  form.addEventListener("change", function () { applyConditions(); fillYear(); refreshPreview(); });
  applyConditions();
  refreshPreview();
})();
