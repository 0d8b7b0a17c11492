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

// Filter forms send every field; drop the empty ones so pushed URLs stay short and
// shareable ("?speaker=Vjosa+Osmani", not a list of blank filters). The server treats a
// missing field and an empty one alike, so this changes only the URL.
document.addEventListener("htmx:configRequest", function (event) {
  if (event.detail.verb !== "get" || !event.detail.elt.matches("form.filters")) return;
  var params = event.detail.parameters;
  Object.keys(params).forEach(function (name) {
    if (params[name] === "") delete params[name];
  });
});
