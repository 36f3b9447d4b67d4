// yrd-kg explorer. Everything from the data reaches the DOM through textContent
// or the canvas, never as HTML.
(function () {
  'use strict';

  // The page may carry several views; #view=NAME picks one (the first block is the default).
  var MAIN = document.getElementById('kg-data');
  var ALTS = Array.prototype.slice.call(document.querySelectorAll('script.kg-view'));
  var wanted = (location.hash.match(/(?:^#|&)view=([a-z]+)/) || [])[1];
  var chosen = ALTS.filter(function (s) { return s.getAttribute('data-view') === wanted; })[0];
  var DATA = JSON.parse((chosen || MAIN).textContent);
  var MAIN_VIEW = chosen ? JSON.parse(MAIN.textContent).view : DATA.view;
  var VIEW_NAMES = [MAIN_VIEW].concat(ALTS.map(function (s) { return s.getAttribute('data-view'); }));
  var LARGE = DATA.nodes.length > 800;

  var UI = {
    zh: {
      title: '长三角合作知识图谱', view: {full: '全图', organisations: '组织合作网络', provinces: '省际合作网络'},
      search: '搜索实体（中文或英文名）', toggle: 'English', legend: '类别', edges: '关系',
      provinces: '省级行政区', sectors: '领域', reset: '清除筛选',
      size: '节点大小表示 PageRank 中心性', large: '大图：放大后显示标签，点击边查看关系',
      status: function (v, t) { return '显示 ' + v + ' / ' + t + ' 个节点'; },
      omitted: function (n, total, notes) {
        return '本视图省略了 ' + n + ' 个节点（共 ' + total + ' 个）' + (notes ? '：' + notes : '');
      },
      layout: '正在布局…', empty: '点击节点查看其类型、属性与来源引文；在上方搜索实体。',
      props: '属性', quotes: '来源引文', facts: '关系', coops: '涉及的合作', noResults: '无匹配',
      offset: '位置', edge: '关系', none: '（无）', provisions: '条款',
      inferred: '推断', inferredLegend: '整理者推断（虚线）',
      time: '时间', timeNote: function (d, n) { return '显示 ' + d + ' 及以前的 ' + n + ' 个有日期的节点；无日期的节点始终显示'; },
      layoutBy: '布局：', byGraph: '网络', byMap: '地图',
      mapNote: function (n, t) { return '地图视图：' + t + ' 个节点中有 ' + n + ' 个带坐标（图谱所载的经纬度），其余暂不显示'; },
      noCoords: '图谱中尚无坐标，地图视图不可用',
      emptyFilter: '没有节点符合当前筛选条件。', relHint: '点击关系类型以显示或隐藏',
      exportTitle: '导出当前视图', dblHint: '双击节点展开其邻居', colourBy: '着色：', byClass: '类别', bySource: '来源', sources: '来源', severalSources: '多个来源',
      noSource: '无引文', areas: '区域分组', areaNote: '轮廓圈出各区域所含的城市（includesPlace）'
    },
    en: {
      title: 'Yangtze River Delta cooperation graph', view: {full: 'full graph', organisations: 'organisation network',
        provinces: 'province network'},
      search: 'Search an entity (Chinese or English name)', toggle: '中文', legend: 'Classes', edges: 'Relations',
      provinces: 'Provincial divisions', sectors: 'Fields', reset: 'Clear filters',
      size: 'Node size shows PageRank centrality',
      large: 'Large graph: zoom in to see labels; click an edge for its relation',
      status: function (v, t) { return 'Showing ' + v + ' of ' + t + ' nodes'; },
      omitted: function (n, total, notes) {
        return n + ' of ' + total + ' nodes left out of this view' + (notes ? ': ' + notes : '');
      },
      layout: 'Laying out…', empty: 'Click a node to see its type, properties and source quotes; search above.',
      props: 'Properties', quotes: 'Source quotes', facts: 'Relations', coops: 'Cooperations', noResults: 'No match',
      offset: 'offset', edge: 'Relation', none: '(none)', provisions: 'Provisions',
      inferred: 'inferred', inferredLegend: 'inferred by the curator (dashed)',
      time: 'Time', timeNote: function (d, n) { return n + ' dated nodes up to ' + d + ' shown; undated nodes always are'; },
      layoutBy: 'Layout', byGraph: 'network', byMap: 'map',
      mapNote: function (n, t) { return 'Map view: ' + n + ' of ' + t + ' nodes have coordinates in the graph; the others are left out'; },
      noCoords: 'The graph holds no coordinates yet: no map view',
      emptyFilter: 'No node matches the filters.', relHint: 'click a relation type to show or hide it',
      exportTitle: 'Export the view', dblHint: 'double-click a node to expand its neighbours', colourBy: 'Colour by', byClass: 'class', bySource: 'source', sources: 'Sources', severalSources: 'several sources',
      noSource: 'no quote', areas: 'Areas as groups', areaNote: 'Outlines enclose the cities each area includes (includesPlace)'
    }
  };

  var lang = 'zh';
  var byId = new Map();
  DATA.nodes.forEach(function (n) { byId.set(n.id, n); });
  var legendByGroup = new Map();
  DATA.legend.forEach(function (l) { legendByGroup.set(l.g, l); });
  var FADED = '#e4e8ee';

  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function pick(pair) { return lang === 'zh' ? pair[0] : pair[1]; }
  function name(id) {
    var n = DATA.names[id];
    return n ? pick(n) : id;
  }

  if (DATA.grouping) { return groupedExplorer(); }

  // -- vis data ---------------------------------------------------------------
  var colourBy = 'class';
  var mapMode = false;
  // the time slider: every distinct date, in text order (2024 < 2024-06 < 2024-06-05)
  var DATES = Array.from(new Set(DATA.nodes.filter(function (n) { return n.d; }).map(function (n) { return n.d; }))).sort();
  var until = DATES.length ? DATES[DATES.length - 1] : null;
  var located = DATA.nodes.filter(function (n) { return n.geo; });
  var areaOn = new Map(DATA.areas.map(function (a) { return [a.id, true]; }));
  var sourceColour = new Map(DATA.sources.map(function (x) { return [x.id, x.colour]; }));
  var NO_SOURCE = '#c3c9d2';
  var isText = new Set(DATA.sources.filter(function (x) { return !x.table; }).map(function (x) { return x.id; }));
  function textSources(n) { return n.src.filter(function (s) { return isText.has(s); }); }
  // Coloured by the texts that state its facts; reference tables (codes) only filter.
  function nodeColour(n) {
    if (colourBy === 'source') {
      var texts = textSources(n);
      if (texts.length > 1) { return DATA.severalSources; }
      return texts.length ? sourceColour.get(texts[0]) : NO_SOURCE;
    }
    var l = legendByGroup.get(n.g);
    return l ? l.colour : '#bab0ac';
  }
  function nodeStyle(n) {
    var l = legendByGroup.get(n.g);
    var colour = nodeColour(n);
    var s = {
      id: n.id, label: n[lang], shape: l ? l.shape : 'dot', size: n.sz,
      color: {background: colour, border: colour, highlight: {background: colour, border: '#2b3340'},
        hover: {background: colour, border: '#2b3340'}},
      font: {size: Math.round((LARGE ? 9 : 11) + n.sz / 3), color: '#2b3340', strokeWidth: 3,
        strokeColor: '#ffffff'},
      borderWidth: 1, borderWidthSelected: 3
    };
    if (n.id === DATA.focus) {   // the focus of a --focus view keeps a dark ring
      s.borderWidth = 4; s.borderWidthSelected = 5;
      s.color.border = '#2b3340';
    }
    return s;
  }
  // A fact the curator infers (no quote states it outright) is drawn dashed and fainter.
  var INFERRED_DASHES = [2, 5];
  function edgeLabel(e) { return pick(e.label) + (e.inf ? ' (' + UI[lang].inferred + ')' : ''); }
  function edgeStyle(e) {
    var s = DATA.edgeStyles[e.fam] || {colour: '#9aa5b1', dashes: false, width: 1};
    var width = s.width * (e.w > 1 ? Math.min(1 + Math.log(e.w), 4) : 1);
    return {
      id: e.id, from: e.from, to: e.to, label: LARGE ? undefined : edgeLabel(e),
      color: {color: s.colour, highlight: '#2b3340', hover: '#2b3340', opacity: e.inf ? 0.55 : 0.85},
      dashes: e.inf ? INFERRED_DASHES : s.dashes, width: width,
      arrows: {to: {enabled: DATA.view === 'full', scaleFactor: 0.45}},
      font: {size: 10, color: '#6b7585', strokeWidth: 3, strokeColor: '#ffffff', align: 'middle'}
    };
  }

  var nodes = new vis.DataSet(DATA.nodes.map(function (n) {
    var s = nodeStyle(n);
    s.x = n.x; s.y = n.y;
    return s;
  }));
  var edges = new vis.DataSet(DATA.edges.map(edgeStyle));
  var edgeById = new Map();
  DATA.edges.forEach(function (e) { edgeById.set(e.id, e); });

  // Positions come from Python (kg.render.layout): the browser never simulates.
  var options = {
    autoResize: true,
    layout: {improvedLayout: false},
    nodes: {scaling: {label: {drawThreshold: 6}}},
    edges: {smooth: LARGE ? false : {type: 'continuous', roundness: 0.2}, selectionWidth: 1.5},
    interaction: {hover: !LARGE, tooltipDelay: 200, hideEdgesOnDrag: LARGE, hideEdgesOnZoom: LARGE,
      multiselect: false},
    physics: {enabled: false}
  };

  var t0 = performance.now();
  var network = new vis.Network($('graph'), {nodes: nodes, edges: edges}, options);
  var explorer = window.kgExplorer = {network: network, nodes: nodes, edges: edges, data: DATA,
    state: 'loading', stabilisedMs: null, timing: {constructed: Math.round(performance.now() - t0)}};
  function settled() {
    if (explorer.state === 'ready') { return; }
    explorer.stabilisedMs = Math.max(1, Math.round(performance.now() - t0));
    explorer.state = 'ready';
    document.body.setAttribute('data-state', 'ready');
  }
  network.on('beforeDrawing', function (ctx) { drawAreas(ctx); });
  network.fit({animation: false});
  network.once('afterDrawing', settled);   // the first frame drawn at the given positions
  network.redraw();
  if (!DATA.nodes.length) { settled(); }

  // -- filters ------------------------------------------------------------------
  var groupOn = new Map(DATA.legend.map(function (l) { return [l.g, true]; }));
  var provSel = new Set();
  var secSel = new Set();
  var srcSel = new Set();
  var relOff = new Set();      // relation families hidden from the legend
  var expanded = new Set();    // nodes whose neighbours a double-click showed
  var neighbours = new Map();
  DATA.edges.forEach(function (e) {
    [[e.from, e.to], [e.to, e.from]].forEach(function (p) {
      if (!neighbours.has(p[0])) { neighbours.set(p[0], new Set()); }
      neighbours.get(p[0]).add(p[1]);
    });
  });
  function isExpanded(n) {
    if (expanded.has(n.id)) { return true; }
    var near = neighbours.get(n.id);
    if (!near) { return false; }
    for (var id of near) { if (expanded.has(id)) { return true; } }
    return false;
  }

  function visible(n) {
    if (mapMode && !n.geo) { return false; }   // the map draws only what has coordinates
    if (n.d && until !== null && n.d > until) { return false; }
    if (isExpanded(n)) { return true; }
    if (n.rs) { return false; }          // a --focus view's next ring waits for a double-click
    if (!groupOn.get(n.g)) { return false; }
    if (provSel.size && !n.prov.some(function (p) { return provSel.has(p); })) { return false; }
    if (secSel.size && !n.sec.some(function (s) { return secSel.has(s); })) { return false; }
    if (srcSel.size && !n.src.some(function (s) { return srcSel.has(s); })) { return false; }
    return true;
  }
  function applyFilters() {
    var shown = new Set();
    nodes.update(DATA.nodes.map(function (n) {
      var v = visible(n);
      if (v) { shown.add(n.id); }
      return {id: n.id, hidden: !v};
    }));
    edges.update(DATA.edges.map(function (e) {
      return {id: e.id, hidden: relOff.has(e.fam) || !(shown.has(e.from) && shown.has(e.to))};
    }));
    explorer.visibleCount = shown.size;
    // A selection the filter hides is dropped; one it keeps is highlighted among what is left.
    if (current && current.kind === 'node') {
      if (shown.has(current.id)) { highlight(current.id); } else { clearSelection(); }
    }
    $('empty-note').hidden = shown.size > 0 || DATA.nodes.length === 0;
    renderStatus();
  }
  function clearSelection() {
    network.unselectAll();
    unhighlight();
    current = null;
    renderDetails();
  }

  function count(pred) {
    var k = 0;
    DATA.nodes.forEach(function (n) { if (pred(n)) { k += 1; } });
    return k;
  }

  function swatch(shape, colour) {
    var ns = 'http://www.w3.org/2000/svg';
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 14 14');
    svg.setAttribute('class', 'swatch');
    var shapes = {
      dot: ['circle', {cx: 7, cy: 7, r: 6}],
      star: ['polygon', {points: '7,0.5 8.9,5 13.5,5.2 9.9,8.2 11.1,13 7,10.3 2.9,13 4.1,8.2 0.5,5.2 5.1,5'}],
      diamond: ['polygon', {points: '7,0.5 13.5,7 7,13.5 0.5,7'}],
      square: ['rect', {x: 1.5, y: 1.5, width: 11, height: 11}],
      box: ['rect', {x: 0.5, y: 3, width: 13, height: 8, rx: 2}],
      triangle: ['polygon', {points: '7,1 13.5,12.5 0.5,12.5'}],
      triangleDown: ['polygon', {points: '0.5,1.5 13.5,1.5 7,13'}],
      hexagon: ['polygon', {points: '3.5,1 10.5,1 13.5,7 10.5,13 3.5,13 0.5,7'}]
    };
    var spec = shapes[shape] || shapes.dot;
    var s = document.createElementNS(ns, spec[0]);
    Object.keys(spec[1]).forEach(function (k) { s.setAttribute(k, spec[1][k]); });
    s.setAttribute('fill', colour);
    svg.appendChild(s);
    return svg;
  }
  function edgeSwatch(style) {
    var ns = 'http://www.w3.org/2000/svg';
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 26 10');
    svg.setAttribute('class', 'edge-swatch');
    var line = document.createElementNS(ns, 'line');
    line.setAttribute('x1', 1); line.setAttribute('y1', 5); line.setAttribute('x2', 25); line.setAttribute('y2', 5);
    line.setAttribute('stroke', style.colour);
    line.setAttribute('stroke-width', Math.max(style.width, 1.2));
    if (style.dashes) { line.setAttribute('stroke-dasharray', style.dashes.join(' ')); }
    svg.appendChild(line);
    return svg;
  }

  function checkItem(list, label, n, checked, onChange, icon) {
    var li = el('li');
    var lab = el('label');
    var box = el('input');
    box.type = 'checkbox';
    box.checked = checked;
    box.addEventListener('change', function () { onChange(box.checked); });
    lab.appendChild(box);
    if (icon) { lab.appendChild(icon); }
    lab.appendChild(el('span', null, label));
    lab.appendChild(el('span', 'count', n));
    li.appendChild(lab);
    list.appendChild(li);
  }

  function renderSide() {
    var legend = $('legend');
    legend.textContent = '';
    DATA.legend.forEach(function (l) {
      checkItem(legend, l[lang], count(function (n) { return n.g === l.g; }), groupOn.get(l.g), function (on) {
        groupOn.set(l.g, on);
        applyFilters();
      }, swatch(l.shape, l.colour));
    });
    var el2 = $('edge-legend');
    el2.textContent = '';
    Object.keys(DATA.edgeStyles).sort().forEach(function (f) {
      var s = DATA.edgeStyles[f];
      var li = el('li', 'rel');
      li.setAttribute('role', 'button');
      li.setAttribute('aria-pressed', String(!relOff.has(f)));
      li.setAttribute('data-fam', f);
      li.title = UI[lang].relHint;
      li.appendChild(edgeSwatch(s));
      li.appendChild(el('span', null, s[lang]));
      li.appendChild(el('span', 'count', DATA.edges.filter(function (e) { return e.fam === f; }).length));
      li.addEventListener('click', function () {
        if (relOff.has(f)) { relOff.delete(f); } else { relOff.add(f); }
        li.setAttribute('aria-pressed', String(!relOff.has(f)));
        applyFilters();
      });
      el2.appendChild(li);
    });
    if (DATA.edges.some(function (e) { return e.inf; })) {
      var li = el('li', 'inferred-legend');
      li.appendChild(edgeSwatch({colour: '#7d7f99', width: 1.4, dashes: INFERRED_DASHES}));
      li.appendChild(el('span', null, UI[lang].inferredLegend));
      el2.appendChild(li);
    }
    var pl = $('provinces');
    pl.textContent = '';
    DATA.provinces.forEach(function (p) {
      checkItem(pl, name(p), count(function (n) { return n.prov.indexOf(p) >= 0; }), provSel.has(p), function (on) {
        if (on) { provSel.add(p); } else { provSel.delete(p); }
        applyFilters();
      });
    });
    $('province-section').hidden = DATA.provinces.length === 0 || DATA.view === 'provinces';
    var sl = $('sectors');
    sl.textContent = '';
    DATA.sectors.forEach(function (s) {
      checkItem(sl, name(s), count(function (n) { return n.sec.indexOf(s) >= 0; }), secSel.has(s), function (on) {
        if (on) { secSel.add(s); } else { secSel.delete(s); }
        applyFilters();
      });
    });
    $('sector-section').hidden = DATA.sectors.length === 0;
    var srl = $('sources');
    srl.textContent = '';
    DATA.sources.forEach(function (x) {
      checkItem(srl, x[lang] + (x.ym ? ' (' + x.ym + ')' : ''), count(function (n) { return n.src.indexOf(x.id) >= 0; }),
        srcSel.has(x.id), function (on) {
          if (on) { srcSel.add(x.id); } else { srcSel.delete(x.id); }
          applyFilters();
        }, colourBy === 'source' && !x.table ? swatch('dot', x.colour) : null);
    });
    if (colourBy === 'source') {
      [[UI[lang].severalSources, DATA.severalSources, function (n) { return textSources(n).length > 1; }],
       [UI[lang].noSource, NO_SOURCE, function (n) { return !textSources(n).length; }]].forEach(function (row) {
        var li = el('li', 'key');
        li.appendChild(swatch('dot', row[1]));
        li.appendChild(el('span', null, row[0]));
        li.appendChild(el('span', 'count', count(row[2])));
        srl.appendChild(li);
      });
    }
    $('source-section').hidden = DATA.sources.length === 0;
    var al = $('areas');
    al.textContent = '';
    DATA.areas.forEach(function (a) {
      checkItem(al, name(a.id), a.members.length, areaOn.get(a.id), function (on) {
        areaOn.set(a.id, on);
        network.redraw();
      }, swatch('dot', a.colour));
    });
    $('area-section').hidden = DATA.areas.length === 0;
    Array.prototype.forEach.call(document.querySelectorAll('#colour-by button'), function (b) {
      b.textContent = b.getAttribute('data-by') === 'class' ? UI[lang].byClass : UI[lang].bySource;
      b.setAttribute('aria-pressed', String(b.getAttribute('data-by') === colourBy));
    });
    $('colour-title').textContent = UI[lang].colourBy;
    renderLayoutControl();
    renderTime();
    $('colour-by').hidden = DATA.sources.length === 0;
  }
  // -- geographic view: places at their coordinates (equirectangular, north up) ------------------
  function mapPosition(n) {
    var lat0 = 0, lon0 = 0;
    located.forEach(function (m) { lat0 += m.geo[0] / located.length; lon0 += m.geo[1] / located.length; });
    var k = 160;   // canvas units per degree of latitude
    return {x: Math.round((n.geo[1] - lon0) * k * Math.cos(lat0 * Math.PI / 180) * 10) / 10,
      y: Math.round(-(n.geo[0] - lat0) * k * 10) / 10};
  }
  function setUntil(date) {
    until = date;
    $('time').value = String(DATES.indexOf(date));
    applyFilters();
    renderTime();
  }
  function renderTime() {
    $('time-section').hidden = DATES.length === 0;
    if (!DATES.length) { return; }
    $('time').max = String(DATES.length - 1);
    $('time').value = String(DATES.indexOf(until));
    $('time-title').textContent = UI[lang].time + ' · ' + until;
    $('time-note').textContent = UI[lang].timeNote(until,
      DATA.nodes.filter(function (n) { return n.d && n.d <= until; }).length);
  }
  $('time').addEventListener('input', function () { setUntil(DATES[Number(this.value)]); });
  explorer.setUntil = setUntil;

  function setLayout(by) {
    if (by === 'map' && !located.length) { return; }
    mapMode = by === 'map';
    nodes.update(DATA.nodes.map(function (n) {
      var p = mapMode && n.geo ? mapPosition(n) : {x: n.x, y: n.y};
      return {id: n.id, x: p.x, y: p.y};
    }));
    applyFilters();
    renderSide();
    network.fit({animation: false});
  }
  function renderLayoutControl() {
    var t = UI[lang];
    $('layout-title').textContent = t.layoutBy;
    Array.prototype.forEach.call(document.querySelectorAll('#layout-by button'), function (b) {
      var by = b.getAttribute('data-by');
      b.textContent = by === 'map' ? t.byMap : t.byGraph;
      b.setAttribute('aria-pressed', String((by === 'map') === mapMode));
      b.disabled = by === 'map' && !located.length;
    });
    $('map-note').textContent = !located.length ? t.noCoords
      : mapMode ? t.mapNote(located.length, DATA.nodes.length) : '';
  }
  Array.prototype.forEach.call(document.querySelectorAll('#layout-by button'), function (b) {
    b.addEventListener('click', function () { setLayout(b.getAttribute('data-by')); });
  });
  explorer.setLayout = setLayout;

  function setColourBy(by) {
    colourBy = by;
    restyle();
    renderSide();
  }
  Array.prototype.forEach.call(document.querySelectorAll('#colour-by button'), function (b) {
    b.addEventListener('click', function () { setColourBy(b.getAttribute('data-by')); });
  });

  // -- areas drawn as outlines around their cities ---------------------------------------------
  function hull(points) {   // Andrew's monotone chain
    points = points.slice().sort(function (a, b) { return a.x - b.x || a.y - b.y; });
    if (points.length < 3) { return points; }
    function cross(o, a, b) { return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x); }
    var lower = [], upper = [];
    points.forEach(function (p) {
      while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], p) <= 0) { lower.pop(); }
      lower.push(p);
    });
    points.slice().reverse().forEach(function (p) {
      while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], p) <= 0) { upper.pop(); }
      upper.push(p);
    });
    return lower.slice(0, -1).concat(upper.slice(0, -1));
  }
  function drawAreas(ctx) {
    explorer.areasDrawn = [];
    DATA.areas.forEach(function (a) {
      if (!areaOn.get(a.id)) { return; }
      var ids = [a.id].concat(a.members).filter(function (id) {
        var n = nodes.get(id);
        return n && !n.hidden;
      });
      if (!ids.length) { return; }
      var pos = network.getPositions(ids);
      var pts = hull(ids.map(function (id) { return pos[id]; }));
      ctx.save();
      ctx.lineJoin = 'round'; ctx.lineCap = 'round';
      ctx.lineWidth = 46;
      ctx.globalAlpha = 0.13;
      ctx.strokeStyle = a.colour; ctx.fillStyle = a.colour;
      ctx.beginPath();
      pts.forEach(function (p, k) { if (k) { ctx.lineTo(p.x, p.y); } else { ctx.moveTo(p.x, p.y); } });
      ctx.closePath();
      ctx.stroke(); ctx.fill();
      ctx.globalAlpha = 0.9;
      ctx.font = '600 13px sans-serif';
      ctx.fillStyle = a.colour;
      var top = pts.reduce(function (m, p) { return p.y < m.y ? p : m; }, pts[0]);
      ctx.fillText(name(a.id), top.x + 8, top.y - 26);
      ctx.restore();
      explorer.areasDrawn.push(a.id);
    });
  }


  function renderStatus() {
    var t = UI[lang];
    var st = $('status');
    st.textContent = '';
    var shown = explorer.visibleCount === undefined ? DATA.nodes.length : explorer.visibleCount;
    st.appendChild(el('span', null, t.status(shown, DATA.nodes.length)));
    if (LARGE) { st.appendChild(el('span', 'note', t.large)); }
    if (DATA.nodes.some(function (n) { return n.rs; })) { st.appendChild(el('span', 'note', t.dblHint)); }
    if (DATA.omitted > 0) {
      st.appendChild(el('span', 'omitted', t.omitted(DATA.omitted, DATA.total, DATA.notes.join('; '))));
    }
  }

  // -- details --------------------------------------------------------------------
  function quoteBlock(qi) {
    var q = DATA.quotes[qi];
    var b = el('blockquote', null, q.t);
    var where = pick(q.s) + (q.o !== null ? ' · ' + UI[lang].offset + ' ' + q.o : '');
    b.appendChild(el('cite', null, where));
    return b;
  }
  function inferredNote(reason) {
    // the curator's reason, shown with every inferred fact
    var p = el('p', 'inferred');
    p.appendChild(el('span', 'badge', UI[lang].inferred));
    p.appendChild(el('span', null, pick(reason)));
    return p;
  }
  function entityLink(id) {
    var b = el('button', 'link', name(id));
    b.type = 'button';
    if (byId.has(id)) {
      b.addEventListener('click', function () { focusNode(id); });
    } else {
      b.disabled = true;
    }
    return b;
  }

  var current = null;
  // The head of a node's details: its name, its name in the other language, its class and id.
  function detailsHead(d, n) {
    d.appendChild(el('h2', 'name', n[lang]));
    var other = lang === 'zh' ? n.en : n.zh;
    if (other !== n[lang]) { d.appendChild(el('p', 'other', other)); }
    var meta = el('p');
    var badge = el('span', 'type', pick(n.t));
    var l = legendByGroup.get(n.g);
    badge.style.background = l ? l.colour : '#9aa5b1';
    meta.appendChild(badge);
    meta.appendChild(el('span', 'id', 'id:' + n.id));
    d.appendChild(meta);
  }

  function renderDetails() {
    var t = UI[lang];
    var d = $('details');
    d.textContent = '';
    if (current && current.kind === 'edge') { return renderEdge(d, current.id); }
    var n = current && byId.get(current.id);
    if (!n) {
      d.appendChild(el('p', 'empty', t.empty));
      return;
    }
    detailsHead(d, n);

    if (n.props.length || n.alt.length) {
      d.appendChild(el('h3', null, t.props));
      var dl = el('dl');
      n.props.forEach(function (p) {
        dl.appendChild(el('dt', null, pick(p.k)));
        var vals = p.v[lang] || p.v[''] || p.v.zh || p.v.en || [];
        vals.forEach(function (v) { dl.appendChild(el('dd', null, v)); });
        if (p.inf) { dl.appendChild(inferredNote(p.inf)); }
        p.q.forEach(function (qi) { dl.appendChild(quoteBlock(qi)); });
      });
      d.appendChild(dl);
    }
    if (n.pv.length) {
      d.appendChild(el('h3', null, t.provisions));
      var pl = el('ul', 'facts provisions');
      n.pv.forEach(function (pv) {
        var li = el('li', pv.inf ? 'is-inferred' : null);
        li.appendChild(el('span', 'provision', pick(pv.l)));
        if (pv.inf) { li.appendChild(inferredNote(pv.inf)); }
        pv.q.forEach(function (qi) { li.appendChild(quoteBlock(qi)); });
        pl.appendChild(li);
      });
      d.appendChild(pl);
    }
    if (n.m.length) {
      d.appendChild(el('h3', null, t.quotes));
      n.m.forEach(function (qi) { d.appendChild(quoteBlock(qi)); });
    }
    if (n.f.length) {
      d.appendChild(el('h3', null, t.facts));
      var ul = el('ul', 'facts');
      n.f.forEach(function (f) {
        var li = el('li', f.inf ? 'is-inferred' : null);
        li.appendChild(el('span', 'rel', (f.dir === 'in' ? '← ' : '→ ') + pick(f.p)));
        li.appendChild(entityLink(f.o));
        if (f.inf) { li.appendChild(inferredNote(f.inf)); }
        f.q.forEach(function (qi) { li.appendChild(quoteBlock(qi)); });
        ul.appendChild(li);
      });
      d.appendChild(ul);
    }
  }
  function renderEdge(d, id) {
    var t = UI[lang];
    var e = edgeById.get(id);
    d.appendChild(el('h2', 'name', pick(e.label)));
    var p = el('p', 'other');
    p.appendChild(entityLink(e.from));
    p.appendChild(el('span', null, DATA.view === 'full' ? ' → ' : ' — '));
    p.appendChild(entityLink(e.to));
    d.appendChild(p);
    if (e.coops.length) {
      d.appendChild(el('h3', null, t.coops));
      var ul = el('ul', 'facts');
      e.coops.forEach(function (c) { var li = el('li'); li.appendChild(entityLink(c)); ul.appendChild(li); });
      d.appendChild(ul);
    }
    if (e.inf) { d.appendChild(inferredNote(e.inf)); }
    if (e.q.length) {
      d.appendChild(el('h3', null, t.quotes));
      e.q.forEach(function (qi) { d.appendChild(quoteBlock(qi)); });
    }
  }

  // -- neighbourhood highlight ---------------------------------------------------------
  var highlighted = false;
  function highlight(id) {
    var near = new Set(network.getConnectedNodes(id));
    near.add(id);
    var near_edges = new Set(network.getConnectedEdges(id));
    nodes.update(DATA.nodes.map(function (n) {
      if (near.has(n.id)) { return nodeStyle(n); }
      return {id: n.id, label: n[lang], color: {background: FADED, border: FADED},
        font: {color: 'rgba(0,0,0,0)', strokeWidth: 0}};  // faded labels would only clutter
    }));
    edges.update(DATA.edges.map(function (e) {
      var s = edgeStyle(e);
      if (!near_edges.has(e.id)) {
        s.color = {color: '#edf0f4', opacity: 1};
        s.font = {color: 'rgba(0,0,0,0)', strokeWidth: 0};
      }
      delete s.from; delete s.to;
      return s;
    }));
    highlighted = true;
  }
  function restyle() {
    if (highlighted && current && current.kind === 'node') { highlight(current.id); return; }
    nodes.update(DATA.nodes.map(nodeStyle));
  }
  function unhighlight() {
    if (!highlighted) { return; }
    nodes.update(DATA.nodes.map(function (n) { var s = nodeStyle(n); return s; }));
    edges.update(DATA.edges.map(function (e) { var s = edgeStyle(e); delete s.from; delete s.to; return s; }));
    highlighted = false;
  }

  function select(id) {
    current = {kind: 'node', id: id};
    highlight(id);
    renderDetails();
  }
  function focusNode(id) {
    var n = byId.get(id);
    if (!n) { return false; }
    if (!visible(n)) {   // a filtered-out node: clear the filters so it can be shown
      resetFilters();
    }
    network.selectNodes([id]);
    network.focus(id, {scale: Math.max(network.getScale(), 1.1), animation: {duration: 350}});
    select(id);
    return true;
  }

  network.on('click', function (params) {
    if (params.nodes.length) {
      select(params.nodes[0]);
    } else if (params.edges.length) {
      unhighlight();
      current = {kind: 'edge', id: params.edges[0]};
      renderDetails();
    } else {
      unhighlight();
      current = null;
      renderDetails();
    }
  });

  function resetFilters() {
    clearSelection();
    DATA.legend.forEach(function (l) { groupOn.set(l.g, true); });
    provSel.clear();
    secSel.clear();
    srcSel.clear();
    relOff.clear();
    expanded.clear();
    if (DATES.length) { until = DATES[DATES.length - 1]; }
    renderSide();
    applyFilters();
  }

  // -- search -------------------------------------------------------------------------
  var searchIndex = DATA.nodes.map(function (n) {
    return {id: n.id, text: [n.zh, n.en, n.id].concat(n.alt).join('\u0000').toLowerCase()};
  });
  var results = [];
  var active = 0;
  function search(q) {
    q = q.trim().toLowerCase();
    if (!q) { return []; }
    var exact = [], partial = [];
    searchIndex.forEach(function (s) {
      var n = byId.get(s.id);
      if (n.zh.toLowerCase() === q || n.en.toLowerCase() === q) { exact.push(s.id); }
      else if (s.text.indexOf(q) >= 0) { partial.push(s.id); }
    });
    partial.sort(function (a, b) { return byId.get(b).c - byId.get(a).c; });
    return exact.concat(partial).slice(0, 12);
  }
  function renderResults() {
    var ul = $('search-results');
    ul.textContent = '';
    var q = $('search').value.trim();
    if (!q) { ul.hidden = true; return; }
    if (!results.length) {
      ul.appendChild(el('li', 'sub', UI[lang].noResults));
    }
    results.forEach(function (id, k) {
      var n = byId.get(id);
      var li = el('li', k === active ? 'active' : '', n[lang]);
      li.appendChild(el('span', 'sub', (lang === 'zh' ? n.en : n.zh) + ' · ' + pick(n.t)));
      li.addEventListener('mousedown', function (ev) { ev.preventDefault(); choose(id); });
      ul.appendChild(li);
    });
    ul.hidden = false;
  }
  function choose(id) {
    $('search-results').hidden = true;
    $('search').value = byId.get(id)[lang];
    focusNode(id);
  }
  $('search').addEventListener('input', function () {
    results = search(this.value);
    active = 0;
    renderResults();
  });
  $('search').addEventListener('keydown', function (ev) {
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      if (results.length) {
        active = (active + (ev.key === 'ArrowDown' ? 1 : results.length - 1)) % results.length;
        renderResults();
      }
      ev.preventDefault();
    } else if (ev.key === 'Enter') {
      results = search(this.value);
      if (results.length) { choose(results[Math.min(active, results.length - 1)]); }
      ev.preventDefault();
    } else if (ev.key === 'Escape') {
      $('search-results').hidden = true;
    }
  });
  $('search').addEventListener('blur', function () { $('search-results').hidden = true; });

  // -- language ---------------------------------------------------------------------------
  // -- switch views: the page reloads itself on the other view's data, keeping the language --------
  function renderViewSwitch() {
    var box = $('view-switch');
    box.textContent = '';
    box.hidden = VIEW_NAMES.length < 2;
    $('view-name').hidden = !box.hidden;   // the pressed button names the view
    ['full', 'organisations', 'provinces'].filter(function (v) { return VIEW_NAMES.indexOf(v) >= 0; })
      .forEach(function (v) {
        var b = el('button', null, UI[lang].view[v]);
        b.type = 'button';
        b.setAttribute('data-view', v);
        b.setAttribute('aria-pressed', String(v === DATA.view));
        b.addEventListener('click', function () { switchView(v); });
        box.appendChild(b);
      });
  }
  function switchView(v) {
    if (v === DATA.view) { return; }
    var hash = (v === MAIN_VIEW ? '' : 'view=' + v) + (lang === 'zh' ? '' : (v === MAIN_VIEW ? '' : '&') + 'lang=' + lang);
    history.replaceState(null, '', hash ? '#' + hash : location.pathname + location.search);
    location.reload();
  }

  function setLang(l, initial) {
    lang = l;
    var t = UI[lang];
    document.documentElement.lang = lang;
    document.title = t.title + ' · ' + t.view[DATA.view];
    $('title').textContent = t.title;
    $('view-name').textContent = t.view[DATA.view];
    renderViewSwitch();
    $('search').placeholder = t.search;
    $('lang-toggle').textContent = t.toggle;
    $('legend-title').textContent = t.legend;
    $('edges-title').textContent = t.edges;
    $('province-title').textContent = t.provinces;
    $('sector-title').textContent = t.sectors;
    $('source-title').textContent = t.sources;
    $('area-title').textContent = t.areas;
    $('area-note').textContent = t.areaNote;
    $('reset').textContent = t.reset;
    $('export').title = t.exportTitle;
    $('empty-text').textContent = t.emptyFilter;
    $('empty-reset').textContent = t.reset;
    $('size-note').textContent = t.size;
    $('progress-text').textContent = t.layout;
    if (initial) {
      // the data sets were built with Chinese labels; updating them would restart the layout
    } else if (highlighted && current && current.kind === 'node') {
      highlight(current.id);
    } else {
      nodes.update(DATA.nodes.map(function (n) { return {id: n.id, label: n[lang]}; }));
      if (!LARGE) {
        edges.update(DATA.edges.map(function (e) { return {id: e.id, label: edgeLabel(e)}; }));
      }
    }
    explorer.lang = lang;
    renderSide();
    renderStatus();
    renderDetails();
    if (results.length && !$('search-results').hidden) { renderResults(); }   // never reopen a closed list
  }
  $('lang-toggle').addEventListener('click', function () { setLang(lang === 'zh' ? 'en' : 'zh'); });
  $('reset').addEventListener('click', resetFilters);
  $('empty-reset').addEventListener('click', resetFilters);

  // -- double-click: show a node's neighbours, whatever hides them ------------------------------
  network.on('doubleClick', function (params) {
    if (!params.nodes.length) { return; }
    expanded.add(params.nodes[0]);
    applyFilters();
    select(params.nodes[0]);
  });
  explorer.expand = function (id) { expanded.add(id); applyFilters(); };

  // -- the view's state in the URL: a link opens the same view ------------------------------------
  function writeState() {
    var parts = [['view', DATA.view === MAIN_VIEW ? '' : DATA.view], ['lang', lang === 'zh' ? '' : lang], ['sel', current && current.kind === 'node' ? current.id : ''],
      ['off', DATA.legend.filter(function (l) { return !groupOn.get(l.g); }).map(function (l) { return l.g; }).join(',')],
      ['prov', Array.from(provSel).sort().join(',')], ['sec', Array.from(secSel).sort().join(',')],
      ['src', Array.from(srcSel).sort().join(',')], ['rel', Array.from(relOff).sort().join(',')],
      ['open', Array.from(expanded).sort().join(',')], ['colour', colourBy === 'class' ? '' : colourBy],
      ['layout', mapMode ? 'map' : ''],
      ['until', DATES.length && until !== DATES[DATES.length - 1] ? until : '']];
    var hash = parts.filter(function (p) { return p[1]; }).map(function (p) {
      return p[0] + '=' + encodeURIComponent(p[1]);
    }).join('&');
    if (('#' + hash) !== location.hash && !(hash === '' && location.hash === '')) {
      history.replaceState(null, '', hash ? '#' + hash : location.pathname + location.search);
    }
  }
  function readState() {
    var st = {};
    location.hash.replace(/^#/, '').split('&').forEach(function (kv) {
      var k = kv.split('=')[0];
      if (k) { st[k] = decodeURIComponent(kv.slice(k.length + 1)); }
    });
    function list(k) { return st[k] ? st[k].split(',') : []; }
    list('off').forEach(function (g) { if (groupOn.has(g)) { groupOn.set(g, false); } });
    list('prov').forEach(function (p) { if (DATA.provinces.indexOf(p) >= 0) { provSel.add(p); } });
    list('sec').forEach(function (p) { if (DATA.sectors.indexOf(p) >= 0) { secSel.add(p); } });
    list('src').forEach(function (p) { if (sourceColour.has(p)) { srcSel.add(p); } });
    list('rel').forEach(function (f) { if (DATA.edgeStyles[f]) { relOff.add(f); } });
    list('open').forEach(function (id) { if (byId.has(id)) { expanded.add(id); } });
    if (st.colour === 'source') { colourBy = 'source'; }
    if (DATES.indexOf(st.until) >= 0) { until = st.until; }
    return {lang: st.lang === 'en' ? 'en' : 'zh', sel: byId.has(st.sel) ? st.sel : null, map: st.layout === 'map'};
  }
  ['click', 'change', 'keyup'].forEach(function (ev) {
    document.addEventListener(ev, function () { setTimeout(writeState, 0); });
  });
  network.on('click', function () { setTimeout(writeState, 0); });
  network.on('doubleClick', function () { setTimeout(writeState, 0); });
  explorer.writeState = writeState;

  // -- export the view as PNG or SVG --------------------------------------------------------------
  function download(name, href) {
    var a = el('a');
    a.href = href;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
  }
  function exportPng() {
    var src = document.querySelector('#graph canvas');
    var c = document.createElement('canvas');
    c.width = src.width; c.height = src.height;
    var ctx = c.getContext('2d');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, c.width, c.height);
    ctx.drawImage(src, 0, 0);
    download('yrd-kg-' + DATA.view + '.png', c.toDataURL('image/png'));
  }
  function svgOf() {
    // every drawn (not hidden) node and edge, at the positions on screen, labels as text nodes
    var ns = 'http://www.w3.org/2000/svg';
    var ids = nodes.getIds({filter: function (n) { return !n.hidden; }});
    var pos = network.getPositions(ids);
    var xs = ids.map(function (id) { return pos[id].x; }), ys = ids.map(function (id) { return pos[id].y; });
    var pad = 60;
    var x0 = Math.min.apply(null, xs.concat([0])) - pad, y0 = Math.min.apply(null, ys.concat([0])) - pad;
    var w = Math.max.apply(null, xs.concat([0])) + pad - x0, h = Math.max.apply(null, ys.concat([0])) + pad - y0;
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('xmlns', ns);
    svg.setAttribute('viewBox', [x0, y0, w, h].map(Math.round).join(' '));
    svg.setAttribute('width', Math.round(w)); svg.setAttribute('height', Math.round(h));
    svg.setAttribute('font-family', 'Noto Sans CJK SC, PingFang SC, Microsoft YaHei, sans-serif');
    var bg = document.createElementNS(ns, 'rect');
    [['x', x0], ['y', y0], ['width', w], ['height', h], ['fill', '#ffffff']].forEach(function (a) { bg.setAttribute(a[0], a[1]); });
    svg.appendChild(bg);
    var ge = document.createElementNS(ns, 'g');
    ge.setAttribute('class', 'edges');
    edges.get({filter: function (e) { return !e.hidden && pos[e.from] && pos[e.to]; }}).forEach(function (e) {
      var line = document.createElementNS(ns, 'line');
      var d = edgeById.get(e.id), s = DATA.edgeStyles[d.fam] || {colour: '#9aa5b1', width: 1};
      [['x1', pos[e.from].x], ['y1', pos[e.from].y], ['x2', pos[e.to].x], ['y2', pos[e.to].y],
        ['stroke', s.colour], ['stroke-width', s.width], ['stroke-opacity', 0.8]].forEach(function (a) {
        line.setAttribute(a[0], a[1]);
      });
      ge.appendChild(line);
    });
    svg.appendChild(ge);
    var gn = document.createElementNS(ns, 'g');
    gn.setAttribute('class', 'nodes');
    ids.forEach(function (id) {
      var n = byId.get(id), g = document.createElementNS(ns, 'g');
      g.setAttribute('data-id', id);
      var c = document.createElementNS(ns, 'circle');
      [['cx', pos[id].x], ['cy', pos[id].y], ['r', n.sz * 0.8], ['fill', nodeColour(n)]].forEach(function (a) {
        c.setAttribute(a[0], a[1]);
      });
      var t = document.createElementNS(ns, 'text');
      [['x', pos[id].x], ['y', pos[id].y + n.sz + 10], ['font-size', 10], ['text-anchor', 'middle'],
        ['fill', '#2b3340']].forEach(function (a) { t.setAttribute(a[0], a[1]); });
      t.textContent = n[lang];
      g.appendChild(c); g.appendChild(t);
      gn.appendChild(g);
    });
    svg.appendChild(gn);
    return new XMLSerializer().serializeToString(svg);
  }
  function exportSvg() {
    download('yrd-kg-' + DATA.view + '.svg', 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(svgOf()));
  }
  $('export-png').addEventListener('click', exportPng);
  $('export-svg').addEventListener('click', exportSvg);
  explorer.svg = svgOf;

  // A --focus view opens with its focus node selected, ringed and described.
  if (DATA.focus && byId.has(DATA.focus)) {
    network.selectNodes([DATA.focus]);
    select(DATA.focus);
  }
  explorer.setLang = setLang;
  explorer.setColourBy = setColourBy;
  explorer.focusNode = focusNode;
  var initial = readState();
  setLang('zh', true);
  if (initial.lang !== 'zh') { setLang(initial.lang); }
  applyFilters();
  if (colourBy !== 'class') { restyle(); renderSide(); }
  if (initial.map) { setLayout('map'); }
  if (initial.sel) { network.selectNodes([initial.sel]); select(initial.sel); }

  // -- a folded view: groups that open on click ---------------------------------------
  // DATA.grouping (kg.render.groups): groups with their positions, every node as a compact
  // row, every relation as [i, j, count]. A node is drawn as itself once all the groups it
  // lies in are open, else as the outermost closed one; relations follow what is drawn.
  function groupedExplorer() {
    var G = DATA.grouping;
    var T = {
      zh: {by: {province: '按省级行政区分组', city: '按城市分组', 'class': '按类别分组'},
        hint: '点击分组展开；点击已展开节点查看详情', members: '个节点', open: '展开', close: '收起',
        status: function (v, t) { return '图中 ' + v + ' 个分组或节点，共 ' + t + ' 个节点'; }},
      en: {by: {province: 'grouped by provincial division', city: 'grouped by city', 'class': 'grouped by class'},
        hint: 'Click a group to open it; click a node for its details', members: 'nodes', open: 'Open',
        close: 'Close',
        status: function (v, t) { return v + ' groups or nodes drawn, ' + t + ' nodes in all'; }}
    };
    var parentOf = new Map();   // group -> parent group
    Object.keys(G.groups).forEach(function (gid) {
      G.groups[gid].kids.forEach(function (k) { parentOf.set(k, gid); });
    });
    var open = new Set();
    var memberIndex = new Map();
    G.members.forEach(function (m, i) { memberIndex.set(m.id, i); });
    var gnodes = new vis.DataSet();
    var gedges = new vis.DataSet();
    function groupNode(gid) {
      var g = G.groups[gid];
      // drawn as large as it will be once open: the area shows the count
      return {id: gid, label: pick([g.zh, g.en]) + '\n' + g.n.toLocaleString('en'), shape: 'dot', size: g.r,
        x: g.x, y: g.y, color: {background: 'rgba(63,106,150,0.18)', border: '#3f6a96'}, borderWidth: 2,
        font: {size: Math.max(14, Math.round(g.r / 3)), color: '#2b3340', strokeWidth: 4, strokeColor: '#ffffff',
          vadjust: -Math.round(g.r * 1.1)}};
    }
    function memberNode(i) {
      var m = G.members[i];
      var l = legendByGroup.get(m.g);
      var colour = l ? l.colour : '#bab0ac';
      return {id: m.id, label: m[lang], shape: l ? l.shape : 'dot', size: 8, x: m.x, y: m.y,
        color: {background: colour, border: colour}, font: {size: 9, color: '#2b3340', strokeWidth: 3,
          strokeColor: '#ffffff'}};
    }
    // What stands for member i now: itself, or the outermost closed group it lies in.
    function shownAs(i) {
      var chain = [], g = G.members[i].grp;
      while (g) { chain.unshift(g); g = parentOf.get(g); }
      for (var k = 0; k < chain.length; k++) { if (!open.has(chain[k])) { return chain[k]; } }
      return G.members[i].id;
    }
    function draw() {
      var want = new Map();
      function add(gid) {
        if (!open.has(gid)) { want.set(gid, groupNode(gid)); return; }
        var g = G.groups[gid];
        g.kids.forEach(add);
        g.members.forEach(function (i) { want.set(G.members[i].id, memberNode(i)); });
      }
      G.top.forEach(add);
      var drop = gnodes.getIds().filter(function (id) { return !want.has(id); });
      gnodes.remove(drop);
      var fresh = [];
      want.forEach(function (n, id) { if (!gnodes.get(id)) { fresh.push(n); } else { gnodes.update({id: id, label: n.label}); } });
      gnodes.add(fresh);
      var rep = G.members.map(function (_m, i) { return shownAs(i); });
      var agg = new Map();
      G.edges.forEach(function (e) {
        var a = rep[e[0]], b = rep[e[1]];
        if (a === b) { return; }
        var key = a < b ? a + '\u0000' + b : b + '\u0000' + a;
        agg.set(key, (agg.get(key) || 0) + e[2]);
      });
      var list = [];
      agg.forEach(function (w, key) {
        var ab = key.split('\u0000');
        list.push({id: key, from: ab[0], to: ab[1], width: Math.min(1 + Math.log(w), 8),
          color: {color: '#9aa5b1', opacity: 0.6}, title: String(w)});
      });
      gedges.clear();
      gedges.add(list);
      explorer.drawn = gnodes.length;
      renderGroupStatus();
    }
    function renderGroupStatus() {
      var st = $('status');
      st.textContent = '';
      st.appendChild(el('span', null, T[lang].status(gnodes.length, G.members.length)));
      st.appendChild(el('span', 'note', T[lang].by[G.by] + ' · ' + T[lang].hint));
    }
    function toggle(gid) {
      if (open.has(gid)) {
        Object.keys(G.groups).forEach(function (k) { if (k === gid || k.indexOf(gid + '/') === 0) { open.delete(k); } });
      } else {
        open.add(gid);
      }
      draw();
    }
    function showGroup(gid) {
      var d = $('details');
      var g = G.groups[gid];
      d.textContent = '';
      d.appendChild(el('h2', 'name', pick([g.zh, g.en])));
      d.appendChild(el('p', 'other', g.n.toLocaleString('en') + ' ' + T[lang].members));
      var b = el('button', 'link', open.has(gid) ? T[lang].close : T[lang].open);
      b.type = 'button';
      b.addEventListener('click', function () { toggle(gid); showGroup(gid); });
      d.appendChild(b);
    }
    function showMember(id) {
      var m = G.members[memberIndex.get(id)];
      var d = $('details');
      d.textContent = '';
      detailsHead(d, m);
      d.appendChild(el('p', 'other', pick([G.groups[m.grp].zh, G.groups[m.grp].en])));
    }
    var t0 = performance.now();
    var network = new vis.Network($('graph'), {nodes: gnodes, edges: gedges}, {
      autoResize: true, layout: {improvedLayout: false}, physics: {enabled: false},
      edges: {smooth: false}, interaction: {hover: false, hideEdgesOnDrag: true, hideEdgesOnZoom: true},
      nodes: {scaling: {label: {drawThreshold: 5}}}
    });
    var explorer = window.kgExplorer = {network: network, nodes: gnodes, edges: gedges, data: DATA,
      state: 'loading', stabilisedMs: null, open: open, toggle: toggle};
    draw();
    network.fit({animation: false});
    network.once('afterDrawing', function () {
      explorer.stabilisedMs = Math.max(1, Math.round(performance.now() - t0));
      explorer.state = 'ready';
      document.body.setAttribute('data-state', 'ready');
    });
    network.redraw();
    network.on('click', function (params) {
      if (!params.nodes.length) { $('details').textContent = ''; return; }
      var id = params.nodes[0];
      if (G.groups[id]) { toggle(id); showGroup(id); } else { showMember(id); }
    });
    function renderGroupSide() {
      var t = UI[lang];
      document.title = t.title + ' · ' + t.view[DATA.view];
      $('title').textContent = t.title;
      $('view-name').textContent = t.view[DATA.view] + ' · ' + T[lang].by[G.by];
      $('lang-toggle').textContent = t.toggle;
      $('legend-title').textContent = t.legend;
      $('size-note').textContent = '';
      var legend = $('legend');
      legend.textContent = '';
      DATA.legend.forEach(function (l) {
        var li = el('li');
        li.appendChild(swatch(l.shape, l.colour));
        li.appendChild(el('span', null, l[lang]));
        legend.appendChild(li);
      });
      $('edges-title').parentNode.hidden = true;
      $('province-section').hidden = true;
      $('sector-section').hidden = true;
      $('reset').hidden = true;
      $('search').placeholder = t.search;
      renderGroupStatus();
    }
    $('lang-toggle').addEventListener('click', function () {
      lang = lang === 'zh' ? 'en' : 'zh';
      document.documentElement.lang = lang;
      renderGroupSide();
      draw();
    });
    // search: open the groups a node lies in, then focus it
    $('search').addEventListener('keydown', function (ev) {
      if (ev.key !== 'Enter') { return; }
      var q = this.value.trim().toLowerCase();
      var hit = G.members.find(function (m) {
        return m.zh.toLowerCase() === q || m.en.toLowerCase() === q || m.id === q;
      }) || G.members.find(function (m) { return (m.zh + '\u0000' + m.en).toLowerCase().indexOf(q) >= 0; });
      if (!q || !hit) { return; }
      var g = hit.grp;
      while (g) { open.add(g); g = parentOf.get(g); }
      draw();
      network.selectNodes([hit.id]);
      network.focus(hit.id, {scale: 1.2, animation: false});
      showMember(hit.id);
    });
    renderGroupSide();
  }

}());
