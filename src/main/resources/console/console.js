// Draws the statistics page's charts from its tables (the tables stay: they are the data without
// JavaScript and for screen readers). uPlot is served by the console itself.
(function () {
  'use strict';
  if (typeof uPlot === 'undefined') return;
  var colors = { ACCEPT: '#116329', REVIEW: '#bf8700', DECLINE: '#a40e26', fired: '#0b5cad', precision: '#8250df' };

  function rows(id) {
    var table = document.getElementById(id);
    return table ? Array.prototype.slice.call(table.tBodies[0].rows) : [];
  }
  function num(cell) { var n = parseFloat(cell.textContent); return isNaN(n) ? null : n; }
  function width(figure) { return Math.max(320, Math.min(figure.parentElement.clientWidth || 800, 1100)); }

  function verdicts(figure) {
    var data = [[], [], [], []];
    var steps = uPlot.paths.stepped({ align: 1 });
    rows(figure.dataset.source).forEach(function (row) {
      data[0].push(Date.parse(row.cells[0].dataset.time) / 1000);
      data[1].push(num(row.cells[1])); data[2].push(num(row.cells[2])); data[3].push(num(row.cells[3]));
    });
    return new uPlot({
      title: 'Screenings by verdict', width: width(figure), height: 260,
      series: [{}, { label: 'ACCEPT', stroke: colors.ACCEPT, width: 2, paths: steps },
        { label: 'REVIEW', stroke: colors.REVIEW, width: 2, paths: steps },
        { label: 'DECLINE', stroke: colors.DECLINE, width: 2, paths: steps }],
      axes: [{}, { label: 'screenings' }]
    }, data, figure);
  }

  function rules(figure) {
    var ids = [], fired = [], precision = [];
    rows(figure.dataset.source).slice(0, 30).forEach(function (row) {
      ids.push(row.cells[0].textContent + ' v' + row.cells[1].textContent);
      fired.push(num(row.cells[3])); precision.push(num(row.cells[5]));
    });
    var x = ids.map(function (_, i) { return i; });
    return new uPlot({
      title: 'Hits and precision by rule', width: width(figure), height: 320,
      scales: { x: { time: false, range: [-0.5, Math.max(0.5, ids.length - 0.5)] }, pct: { range: [0, 100] } },
      series: [{ value: function (u, v) { return v == null ? '' : ids[v]; } },
        { label: 'fired', stroke: colors.fired, fill: 'rgba(11,92,173,0.35)', paths: uPlot.paths.bars({ size: [0.5, 30], align: -1 }) },
        { label: 'precision %', stroke: colors.precision, fill: 'rgba(130,80,223,0.35)', scale: 'pct', paths: uPlot.paths.bars({ size: [0.5, 30], align: 1 }) }],
      axes: [{ values: function (u, splits) { return splits.map(function (v) { return Number.isInteger(v) && ids[v] ? ids[v].slice(0, 14) : ''; }); }, rotate: 0, size: 40, gap: 4 },
        { label: 'fired' }, { scale: 'pct', side: 1, label: 'precision %', grid: { show: false } }]
    }, [x, fired, precision], figure);
  }

  document.querySelectorAll('figure[data-chart]').forEach(function (figure) {
    var chart = figure.dataset.chart === 'verdicts' ? verdicts(figure) : rules(figure);
    figure.setAttribute('role', 'img');
    figure.setAttribute('aria-describedby', figure.dataset.source);
    figure.dataset.drawn = 'true';
    return chart;
  });
})();
