// yusuan serve: findings marked in place in the disclosure, and the charts. No other requests.
(function () {
  'use strict';
  var SEV_COLOR = { error: '#c62828', warning: '#d98200', info: '#1e6fb8' };

  // ---- findings in place -------------------------------------------------------------------------
  function findingsOf() {
    return Array.prototype.slice.call(document.querySelectorAll('#findings li.finding'));
  }
  function targets(doc, li) {
    var out = [];
    (li.dataset.cells || '').split(' ').filter(Boolean).forEach(function (a) {
      var el = doc.querySelector('[data-cell="' + CSS.escape(a) + '"]');
      if (el) out.push(el);
    });
    if (li.dataset.text) {
      var el = doc.querySelector('[data-text="' + CSS.escape(li.dataset.text) + '"]');
      if (el) out.push(el);
    }
    return out;
  }
  var RANK = { error: 3, warning: 2, info: 1 };
  // Outlines `el` in the colour of the worst finding on it, and adds the finding to its tooltip.
  function markOne(el, li, sev, msg) {
    var prev = el.dataset.yfSeverity;
    if (!prev || RANK[sev] > RANK[prev]) {
      if (prev) el.classList.remove('yf-' + prev);
      el.classList.add('yf-' + sev);
      el.dataset.yfSeverity = sev;
    }
    el.title = (el.title ? el.title + '\n' : '') + '[' + li.dataset.rule + '] ' + msg;
  }
  function mark(frame) {
    var doc;
    try { doc = frame.contentDocument; } catch (e) { return; }
    if (!doc || !doc.body) return;
    if (!doc.getElementById('yusuan-marks')) {
      var style = doc.createElement('style');
      style.id = 'yusuan-marks';
      style.textContent =
        '.yf-error{outline:2px solid ' + SEV_COLOR.error + ';outline-offset:-2px;background:#fde7e7 !important}' +
        '.yf-warning{outline:2px solid ' + SEV_COLOR.warning + ';outline-offset:-2px;background:#fff3dc !important}' +
        '.yf-info{outline:2px dashed ' + SEV_COLOR.info + ';outline-offset:-2px;background:#e8f1fb !important}' +
        '.yf-focus{box-shadow:0 0 0 4px #1d4f91 !important;transition:box-shadow .3s}';
      doc.head.appendChild(style);
    }
    var marked = 0;
    findingsOf().forEach(function (li, i) {
      var sev = li.dataset.severity || 'info';
      var msg = li.querySelector('.msg') ? li.querySelector('.msg').textContent.trim() : '';
      var els = targets(doc, li);
      li.dataset.found = String(els.length);
      els.forEach(function (el) {
        markOne(el, li, sev, msg);
        el.dataset.yfFinding = el.dataset.yfFinding ? el.dataset.yfFinding + ' ' + (i + 1) : String(i + 1);
        marked++;
      });
    });
    document.body.dataset.marked = String(marked);
    var hint = document.getElementById('in-place-hint');
    if (hint) hint.hidden = marked === 0;
  }
  function focusFinding(frame, li) {
    findingsOf().forEach(function (o) { o.classList.remove('active'); });
    li.classList.add('active');
    var doc;
    try { doc = frame.contentDocument; } catch (e) { return; }
    if (!doc) return;
    var els = targets(doc, li);
    if (!els.length) return;
    doc.querySelectorAll('.yf-focus').forEach(function (e) { e.classList.remove('yf-focus'); });
    els.forEach(function (e) { e.classList.add('yf-focus'); });
    els[0].scrollIntoView({ block: 'center', behavior: 'smooth' });
  }
  function setupFindings() {
    var frame = document.getElementById('disclosure');
    if (!frame || frame.hasAttribute('sandbox')) return;
    var run = function () { mark(frame); };
    frame.addEventListener('load', run);
    if (frame.contentDocument && frame.contentDocument.readyState === 'complete' && frame.contentDocument.body &&
        frame.contentDocument.body.childElementCount) run();
    findingsOf().forEach(function (li) {
      li.addEventListener('click', function () { focusFinding(frame, li); });
      li.addEventListener('keydown', function (e) { if (e.key === 'Enter') focusFinding(frame, li); });
    });
  }

  // A published text document: findings mark the source lines they name.
  function setupDocumentLines() {
    var pre = document.getElementById('document-text');
    if (!pre) return;
    var marked = 0;
    findingsOf().forEach(function (li) {
      var sev = li.dataset.severity || 'info';
      var msg = li.querySelector('.msg') ? li.querySelector('.msg').textContent.trim() : '';
      var lines = (li.dataset.lines || '').split(' ').filter(Boolean);
      var els = lines.map(function (n) { return document.getElementById('L' + n); }).filter(Boolean);
      li.dataset.found = String(els.length);
      els.forEach(function (el) {
        markOne(el, li, sev, msg);
        marked++;
      });
      var focus = function () {
        if (!els.length) return;
        findingsOf().forEach(function (o) { o.classList.remove('active'); });
        li.classList.add('active');
        pre.querySelectorAll('.yf-focus').forEach(function (e) { e.classList.remove('yf-focus'); });
        els.forEach(function (e) { e.classList.add('yf-focus'); });
        pre.scrollTop = els[0].offsetTop - pre.offsetTop - pre.clientHeight / 2;
      };
      li.addEventListener('click', focus);
      li.addEventListener('keydown', function (e) { if (e.key === 'Enter') focus(); });
    });
    document.body.dataset.marked = String(marked);
  }

  // ---- charts ---------------------------------------------------------------------------------------
  function tip(name, text, unit) { return name + '<br><b>' + text + '</b> ' + unit; }
  function escapeHtml(s) { return String(s).replace(/[&<>"]/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]; }); }
  function barOption(bars, unit, horizontal) {
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' },
        formatter: function (ps) {
          return escapeHtml(ps[0].axisValue) + ps.map(function (p) {
            var s = bars.series[p.seriesIndex];
            return '<br>' + p.marker + escapeHtml(s.name) + '：<b>' + (s.texts[p.dataIndex] || '—') + '</b> ' + unit;
          }).join('');
        } },
      legend: { top: 0 },
      grid: { left: 8, right: 16, bottom: 8, top: 36, containLabel: true },
      xAxis: horizontal ? { type: 'value', axisLabel: { formatter: function (v) { return (v / 1e6).toLocaleString(); } } } : { type: 'category', data: bars.categories, axisLabel: { interval: 0, width: 72, overflow: 'break' } },
      yAxis: horizontal ? { type: 'category', data: bars.categories } : { type: 'value', name: unit, axisLabel: { formatter: function (v) { return (v / 1e6).toLocaleString(); } } },
      series: bars.series.map(function (s) { return { name: s.name, type: 'bar', data: s.values, barMaxWidth: 36 }; })
    };
  }
  function setupCharts() {
    var dataEl = document.getElementById('chart-data');
    if (!dataEl || typeof echarts === 'undefined') return;
    var data = JSON.parse(dataEl.textContent);
    var unit = data.unit;
    var charts = {};
    window.yusuanCharts = charts;

    // Functional: sunburst 类 → 款 → 项, drill down on click.
    var fdiv = document.getElementById('chart-functional');
    var up = document.getElementById('chart-functional-up');
    var byCode = {}, parentOf = {};
    (function index(nodes, parent) {
      nodes.forEach(function (n) { byCode[n.code] = n; parentOf[n.code] = parent; if (n.children) index(n.children, n.code); });
    })(data.functional, null);
    var fchart = echarts.init(fdiv);
    charts.functional = fchart;
    function showFunctional(code) {
      var nodes = code ? [byCode[code]] : data.functional;
      if (code) { fdiv.dataset.path = code; } else { delete fdiv.dataset.path; }
      if (up) up.hidden = !code;
      fchart.setOption({
        tooltip: { formatter: function (p) { return p.data ? tip(escapeHtml(p.data.name), p.data.text, unit) : ''; } },
        series: [{
          type: 'sunburst', data: nodes, radius: ['8%', '92%'], nodeClick: false, sort: null,
          label: { rotate: 'radial', minAngle: 12, overflow: 'truncate', width: 80, fontSize: 11,
            formatter: function (p) { return p.data.code; } },
          levels: [], itemStyle: { borderColor: '#fff', borderWidth: 1 },
          emphasis: { focus: 'ancestor' }
        }]
      }, { replaceMerge: ['series'] });
    }
    fchart.on('click', function (p) {
      var code = p.data && p.data.code;
      if (!code) return;
      var n = byCode[code];
      if (fdiv.dataset.path === code) { showFunctional(parentOf[code]); return; }
      if (n && n.children && n.children.length) showFunctional(code);
    });
    if (up) up.addEventListener('click', function () { showFunctional(parentOf[fdiv.dataset.path] || null); });
    showFunctional(null);
    charts.drillFunctional = showFunctional;

    // Economic: 类 inside, 款 outside.
    var echart = echarts.init(document.getElementById('chart-economic'));
    charts.economic = echart;
    var sections = [];
    data.economic.forEach(function (c) { (c.children || [{ name: c.name, code: c.code, value: c.value, text: c.text }]).forEach(function (s) { sections.push(s); }); });
    echart.setOption({
      tooltip: { formatter: function (p) { return tip(escapeHtml(p.data.name), p.data.text, unit) + ' (' + p.percent + '%)'; } },
      series: [
        { type: 'pie', radius: [0, '38%'], data: data.economic.map(function (c) { return { name: c.name, code: c.code, value: c.value, text: c.text }; }),
          label: { position: 'inner', fontSize: 11, formatter: function (p) { return p.data.code; } } },
        { type: 'pie', radius: ['48%', '70%'], data: sections,
          label: { fontSize: 11, formatter: function (p) { return p.data.name.length > 14 ? p.data.name.slice(0, 14) + '…' : p.data.name; } } }
      ]
    });

    var ychart = echarts.init(document.getElementById('chart-yoy'));
    charts.yoy = ychart;
    ychart.setOption(barOption(data.yoy, unit, false));
    var schart = echarts.init(document.getElementById('chart-sangong'));
    charts.sangong = schart;
    schart.setOption(barOption(data.sangong, unit, false));

    window.addEventListener('resize', function () { Object.keys(charts).forEach(function (k) { if (charts[k].resize) charts[k].resize(); }); });
    document.body.dataset.charts = 'ready';
  }

  function start() { setupFindings(); setupDocumentLines(); setupCharts(); }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
})();
