// cpaudit serve: small progressive enhancements; every page also works without this script.
(function () {
  "use strict";
  var form = document.getElementById("narrative-form");
  var text = document.getElementById("narrative-text");
  var preview = document.getElementById("narrative-preview");
  if (form && text && preview) {
    var timer = null, saved = text.defaultValue, submitting = false;
    var refresh = function () {
      var body = new URLSearchParams();
      body.set("csrf", form.elements.csrf.value);
      body.set("text", text.value);
      fetch(form.dataset.preview, {method: "POST", body: body, credentials: "same-origin"})
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) { if (html !== null) { preview.innerHTML = html; } })
        .catch(function () { /* the 预览 button still works */ });
    };
    text.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(refresh, 400);
    });
    // text typed before this script ran, or restored by the browser (back button), gets its preview too
    if (text.value !== text.defaultValue) { refresh(); }
    form.addEventListener("submit", function () { submitting = true; });
    window.addEventListener("beforeunload", function (e) {
      if (!submitting && text.value !== saved) { e.preventDefault(); e.returnValue = ""; }
    });
  }
  document.querySelectorAll("input[data-switch]").forEach(function (radio) {
    radio.addEventListener("change", function () { window.location = radio.dataset.switch; });
  });
  document.querySelectorAll("input[data-resubmit]").forEach(function (radio) {
    radio.addEventListener("change", function () { document.getElementById(radio.dataset.resubmit).click(); });
  });
})();
