/* Small enhancements: click a table heading to sort its rows (dates sort by their ISO value). */
(function () {
  "use strict";
  function cellValue(row, index) {
    var cell = row.children[index];
    return cell ? (cell.getAttribute("data-value") || cell.textContent.trim()) : "";
  }
  function sortBy(table, index, numeric, descending) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellValue(a, index), y = cellValue(b, index);
      var order = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y, "zh");
      return descending ? -order : order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }
  function enable(table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      if (!th.hasAttribute("data-sort")) return;
      th.tabIndex = 0;
      th.classList.add("dossier-sort");
      function activate() {
        var descending = th.getAttribute("aria-sort") === "ascending";
        Array.prototype.forEach.call(th.parentNode.cells, function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", descending ? "descending" : "ascending");
        sortBy(table, index, th.getAttribute("data-sort") === "number", descending);
      }
      th.addEventListener("click", activate);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter") activate(); });
    });
  }
  function start() { Array.prototype.forEach.call(document.querySelectorAll("table.dossier-sortable"), enable); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
