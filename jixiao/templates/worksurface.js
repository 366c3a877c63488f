/* The site's search, filters and sortable columns: plain JS, no library, no network.
   Rows are tr.row; a row's filter values sit in data-<key> attributes, joined by "|".
   A select[data-filter=key] keeps rows holding its value; checkboxes
   input[data-filter-set=key] keep rows holding any checked value; #search keeps rows
   whose text holds what is typed; th[data-sort] sorts its table (num or text). */
(function () {
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.row"));
  var search = document.getElementById("search");
  var selects = Array.prototype.slice.call(document.querySelectorAll("select[data-filter]"));
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[data-filter-set]"));
  var counter = document.getElementById("shown-count");
  function has(row, key, value) {
    return (row.getAttribute("data-" + key) || "").split("|").indexOf(value) >= 0;
  }
  function apply() {
    var q = search ? search.value.trim().toLowerCase() : "";
    var sets = {};
    boxes.forEach(function (b) {
      var key = b.getAttribute("data-filter-set");
      sets[key] = sets[key] || [];
      if (b.checked) { sets[key].push(b.value); }
    });
    var shown = 0;
    rows.forEach(function (r) {
      var ok = !q || r.textContent.toLowerCase().indexOf(q) >= 0;
      selects.forEach(function (s) {
        if (ok && s.value) { ok = has(r, s.getAttribute("data-filter"), s.value); }
      });
      Object.keys(sets).forEach(function (key) {
        if (ok) { ok = sets[key].some(function (v) { return has(r, key, v); }); }
      });
      r.hidden = !ok;
      if (ok) { shown += 1; }
    });
    if (counter) { counter.textContent = "显示 " + shown + " / " + rows.length + " 条"; }
  }
  if (search) { search.addEventListener("input", apply); }
  selects.forEach(function (s) { s.addEventListener("change", apply); });
  boxes.forEach(function (b) { b.addEventListener("change", apply); });
  function key(cell) {
    if (!cell) { return ""; }
    var v = cell.getAttribute("data-value");
    return v !== null ? v : cell.textContent.trim();
  }
  function number(text) {
    var x = parseFloat(text);
    return isNaN(x) ? -Infinity : x;
  }
  document.querySelectorAll("th[data-sort]").forEach(function (th) {
    th.title = "点击排序";
    th.addEventListener("click", function () {
      var table = th.closest("table");
      var body = table.tBodies[0];
      var col = Array.prototype.indexOf.call(th.parentNode.children, th);
      var asc = th.getAttribute("aria-sort") !== "ascending";
      table.querySelectorAll("th[data-sort]").forEach(function (o) { o.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", asc ? "ascending" : "descending");
      var numeric = th.getAttribute("data-sort") === "num";
      var items = Array.prototype.slice.call(body.rows).map(function (r, i) {
        return { row: r, key: key(r.cells[col]), at: i };
      });
      items.sort(function (a, b) {
        var d;
        if (numeric) {
          var x = number(a.key), y = number(b.key);
          d = x === y ? 0 : (x < y ? -1 : 1);
        } else {
          d = a.key.localeCompare(b.key, "zh-CN");
        }
        return (asc ? d : -d) || a.at - b.at;
      });
      items.forEach(function (it) { body.appendChild(it.row); });
    });
  });
  apply();
})();
