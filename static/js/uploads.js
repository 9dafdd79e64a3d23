// Proof uploads with a progress bar. Without JavaScript the same forms post normally.
(function () {
  "use strict";
  document.querySelectorAll("form.upload-form").forEach(function (form) {
    // The page brings the words, translated like every other string.
    var words = {
      tooBig: form.dataset.tooBig,
      uploading: form.dataset.uploading,
      done: form.dataset.done,
      failed: form.dataset.failed
    };
    var input = form.querySelector("input[type=file]");
    var bar = form.querySelector(".upload-progress");
    var status = form.querySelector(".upload-status");
    var maxBytes = parseInt(form.getAttribute("data-max-bytes"), 10);

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var files = Array.prototype.slice.call(input.files);
      var tooBig = files.filter(function (f) { return f.size > maxBytes; });
      if (tooBig.length) {
        status.textContent = words.tooBig + tooBig.map(function (f) { return f.name; }).join("、");
        return;
      }
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) bar.value = Math.round((e.loaded / e.total) * 100);
      });
      xhr.addEventListener("load", function () {
        var reply = null;
        try { reply = JSON.parse(xhr.responseText); } catch (ignored) { reply = null; }
        if (xhr.status === 200) {
          bar.value = 100;
          status.textContent = words.done;
          // A moment to see it finish, then the page shows the new files and any warnings.
          setTimeout(function () { window.location.reload(); }, 600);
          return;
        }
        bar.hidden = true;
        status.textContent = reply && reply.errors ? reply.errors.join(" ") : words.failed;
      });
      xhr.addEventListener("error", function () { bar.hidden = true; status.textContent = words.failed; });
      bar.hidden = false;
      bar.value = 0;
      status.textContent = words.uploading;
      xhr.send(new FormData(form));
    });
  });
})();
