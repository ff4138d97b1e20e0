// The coding page: a passage selected in the text (mouse, or Shift with the arrow keys;
// the textarea is not `readonly`, since Chromium then ignores the arrow keys, and its
// edits are refused here instead; it has no name, so it is never sent) fills the start and end of the coding and memo forms, in characters
// (code points, as the server counts them; the browser counts UTF-16 units). Without
// this script the fields are typed by hand.
(function () {
  "use strict";
  function codePoints(text, units) {
    return Array.from(text.slice(0, units)).length;
  }
  function setup() {
    var area = document.getElementById("coding-text");
    if (!area) return;
    var said = document.getElementById("selected-passage");
    var fields = [
      ["id_start", "id_end"],
      ["id_memo-start", "id_memo-end"],
    ];
    function update() {
      var a = area.selectionStart, b = area.selectionEnd;
      if (a === b) return;
      var text = area.value;
      var start = codePoints(text, a), end = codePoints(text, b);
      fields.forEach(function (pair) {
        var s = document.getElementById(pair[0]), e = document.getElementById(pair[1]);
        if (s && e) { s.value = start; e.value = end; }
      });
      var passage = text.slice(a, b);
      if (passage.length > 120) passage = passage.slice(0, 117) + "…";
      said.textContent = (area.dataset.selectedLabel || "Selected:") + " “" + passage + "” (" + start + "–" + end + ")";
    }
    var original = area.value;
    area.addEventListener("beforeinput", function (event) { event.preventDefault(); });
    area.addEventListener("input", function () {
      var a = area.selectionStart;
      area.value = original;
      area.selectionStart = area.selectionEnd = Math.min(a, original.length);
    });
    area.addEventListener("select", update);
    area.addEventListener("keyup", update);
    area.addEventListener("mouseup", update);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
