// Progressive enhancement only: every page works without this file.
// Shows the label of the chart mark under the pointer or keyboard focus in the chart's
// read-out line, because SVG <title> tooltips never appear on keyboard focus.
(function () {
  function show(event) {
    var mark = event.target.closest && event.target.closest("a.mark");
    if (!mark) return;
    var figure = mark.closest("figure");
    var out = figure && figure.querySelector(".chart-readout");
    if (out) out.textContent = mark.getAttribute("data-label");
  }
  document.addEventListener("mouseover", show);
  document.addEventListener("focusin", show);
})();
