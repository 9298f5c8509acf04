(function () {
  if (window.laFitChart) { return; }
  var TICK_GAP = 8, OWN_MARK = 10;
  function overlaps(a, b) {
    return a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 &&
      b.top < a.bottom - 0.5;
  }
  function anchor(el) {  /* where a label is attached: its own mark is there */
    var m = el.getScreenCTM();
    if (!m) { return null; }
    return new DOMPoint(+el.getAttribute('x') || 0, +el.getAttribute('y') || 0).matrixTransform(m);
  }
  function fit(gd) {
    var svg = gd.querySelector('svg.main-svg');
    if (!svg) { return; }
    var frame = svg.getBoundingClientRect();
    var kept = [], marks = [];
    function place(el, gap) {
      el.style.display = '';
      el.removeAttribute('data-la-hidden');
      var r = el.getBoundingClientRect();
      if (!r.width || !el.textContent) { return; }
      var room = {left: r.left - gap, right: r.right + gap, top: r.top, bottom: r.bottom};
      var at = anchor(el);
      var inside = r.left >= frame.left - 0.5 && r.right <= frame.right + 0.5 &&
        r.top >= frame.top - 0.5 && r.bottom <= frame.bottom + 0.5;
      var free = !kept.some(function (k) { return overlaps(room, k); }) &&
        !marks.some(function (k) {
          return overlaps(room, k) && !(at && Math.hypot(k.x - at.x, k.y - at.y) < OWN_MARK);
        });
      if (inside && free) { kept.push(r); }
      else { el.style.display = 'none'; el.setAttribute('data-la-hidden', 'label'); }
    }
    gd.querySelectorAll('.xaxislayer-above text').forEach(function (el) {
      place(el, TICK_GAP / 2);
    });
    /* a map's place labels are its first annotations (layout.meta.laMapLabels of them):
       placed below, largest crowd first, like the text labels of the other charts */
    var mapLabels = (gd.layout && gd.layout.meta && gd.layout.meta.laMapLabels) || 0;
    function isMapLabel(el) {
      var g = el.closest('g.annotation');
      return !!g && +g.getAttribute('data-index') < mapLabels;
    }
    /* the time charts' mark labels are annotations named "label:<key>" (a leader line, when
       they have one, is the shape "leader:<key>"); other annotations are fixed text */
    var notes = (gd.layout && gd.layout.annotations) || [], markLabels = [];
    gd.querySelectorAll('g.annotation').forEach(function (g) {
      if (isMapLabel(g)) { return; }
      var note = notes[+g.getAttribute('data-index')];
      if (note && typeof note.name === 'string' && note.name.indexOf('label:') === 0) {
        markLabels.push({el: g, key: note.name.slice(6)});
      } else {
        var r = g.getBoundingClientRect();
        if (r.width) { kept.push(r); }
      }
    });
    gd.querySelectorAll('.yaxislayer-above text').forEach(function (el) {
      var r = el.getBoundingClientRect();
      if (r.width && !isMapLabel(el)) { kept.push(r); }
    });
    gd.querySelectorAll('.scatterlayer .points path.point').forEach(function (el) {
      var r = el.getBoundingClientRect();  /* a label may touch a mark, not cover its middle */
      var dx = r.width / 4, dy = r.height / 4;
      if (r.width) {
        marks.push({left: r.left + dx, right: r.right - dx, top: r.top + dy, bottom: r.bottom - dy,
          x: r.left + r.width / 2, y: r.top + r.height / 2});
      }
    });
    var shapes = (gd.layout && gd.layout.shapes) || [], hiddenKeys = {};
    markLabels.forEach(function (label) {  /* in drawing order: claims, then largest first */
      place(label.el, 0);
      if (label.el.getAttribute('data-la-hidden') === 'label') { hiddenKeys[label.key] = true; }
    });
    /* On a map the labels come largest crowd first: once one does not fit, the smaller
       places stay unlabelled too, so that a small crowd is never named where a big one is not */
    var ranked = !!(gd.layout && gd.layout.meta && gd.layout.meta.laMapRatio), full = false;
    var labels = Array.prototype.slice.call(
      gd.querySelectorAll('.scatterlayer .textpoint text'));
    gd.querySelectorAll('g.annotation text').forEach(function (el) {
      if (isMapLabel(el)) { labels.push(el); }
    });
    labels.forEach(function (el) {
      if (full && el.textContent) {
        el.style.display = 'none';
        el.setAttribute('data-la-hidden', 'label');
        return;
      }
      place(el, 0);
      full = ranked && el.getAttribute('data-la-hidden') === 'label';
    });
    /* a hidden label's leader line goes with it (a map label is its annotation's text) */
    gd.querySelectorAll('g.annotation text[data-la-hidden="label"]').forEach(function (el) {
      var g = el.closest('g.annotation'), note = g && notes[+g.getAttribute('data-index')];
      if (note && typeof note.name === 'string' && note.name.indexOf('label:') === 0) {
        hiddenKeys[note.name.slice(6)] = true;
      }
    });
    gd.querySelectorAll('.shapelayer path').forEach(function (el) {
      var shape = shapes[+el.getAttribute('data-index')];
      if (shape && typeof shape.name === 'string' && shape.name.indexOf('leader:') === 0) {
        el.style.display = hiddenKeys[shape.name.slice(7)] ? 'none' : '';
      }
    });
    /* never silently: the caption under the chart says how many labels this width hides,
       with those the chart's specification left out at its size (layout.meta.laLeftOut) */
    var hidden = Array.prototype.filter.call(
      gd.querySelectorAll('[data-la-hidden="label"]'),
      function (el) { return !el.closest('.xaxislayer-above'); }).length +
      (+(gd.layout && gd.layout.meta && gd.layout.meta.laLeftOut) || 0);
    var figure = gd.closest('figure'), note = figure && figure.querySelector('.la-hidden-labels');
    if (figure && !note && hidden) {  /* made here: the page may not be parsed past the chart */
      note = document.createElement('p');
      note.className = 'la-note la-hidden-labels';
      figure.appendChild(note);
    }
    if (note) {
      note.textContent = !hidden ? '' : hidden === 1
        ? '1 label is hidden at this width where it would cover a mark or another label: ' +
          'hover over or tap a mark to read it.'
        : hidden + ' labels are hidden at this width where they would cover a mark or ' +
          'another label: hover over or tap a mark to read them.';
      note.hidden = !hidden;
    }
  }
  function fitMap(gd) {  /* a map keeps its shape: its height follows its width */
    var meta = gd.layout && gd.layout.meta, full = gd._fullLayout;
    if (!meta || !meta.laMapRatio || !full || !window.Plotly) { return false; }
    var plot = gd.clientWidth - full.margin.l - full.margin.r;
    var want = Math.round(Math.min(plot * meta.laMapRatio, meta.laMapMax) + meta.laMapExtra);
    if (plot > 0 && Math.abs(full.height - want) > 2) {
      gd.style.height = want + 'px';  /* the div's own height, and its wrapper's, */
      var wrapper = gd.parentElement;  /* were set when the page was written */
      if (wrapper && wrapper.style.height) { wrapper.style.height = want + 'px'; }
      window.Plotly.relayout(gd, {height: want, width: null, autosize: true});
      return true;
    }
    return false;
  }
  /* A report draws each chart from one of its specifications: the desktop one, or the
     phone's (labels laid out for a phone's width) where the chart's box is narrower than
     PHONE_MAX px; crossing that width (a rotated phone, a resized window) redraws it. */
  var PHONE_MAX = 600;
  window.laDrawChart = function (id, sizes, config) {
    var gd = document.getElementById(id);
    if (!gd || !window.Plotly) { return; }
    var drawn = null;
    if (sizes.phone) {  /* a null trace is the desktop figure's trace at that place */
      sizes.phone.data = sizes.phone.data.map(function (trace, i) {
        return trace === null ? JSON.parse(JSON.stringify(sizes.wide.data[i])) : trace;
      });
    }
    function pick() { return sizes.phone && gd.clientWidth < PHONE_MAX ? 'phone' : 'wide'; }
    function draw() {
      var size = pick();
      if (size === drawn) { return; }
      drawn = size;
      var fig = sizes[size], height = fig.layout.height;
      if (height && gd.parentElement) { gd.parentElement.style.height = height + 'px'; }
      gd.setAttribute('data-la-size', size);
      var plot = gd.__laPlotted ? window.Plotly.react : window.Plotly.newPlot;
      gd.__laPlotted = true;
      plot(gd, fig.data, fig.layout, config).then(function () { window.laFitChart(gd); });
    }
    draw();
    window.addEventListener('resize', draw);
  };
  window.laFitChart = function (gd) {
    if (!gd || !gd.on) { return; }
    if (!gd.__laFit) {
      gd.__laFit = true;
      gd.on('plotly_afterplot', function () { if (!fitMap(gd)) { fit(gd); } });
    }
    if (!fitMap(gd)) { fit(gd); }  /* else fitted once the relayout is drawn */
  };
})();
