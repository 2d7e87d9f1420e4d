/* stancegraph network view: draws the pyvis-built network, filters it, and explains
 * every node and tie with the statements behind it.
 *
 * Safety: data strings are only ever put into the page with textContent (never
 * innerHTML), and links only when they are http(s) URLs. The page's Content Security
 * Policy allows this script and vis-network only (by hash).
 */
(function () {
  "use strict";

  function readJson(id) {
    return JSON.parse(document.getElementById(id).textContent);
  }

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  var data = readJson("sg-data");
  var nodes = new vis.DataSet(readJson("sg-vis-nodes"));
  var edges = new vis.DataSet(readJson("sg-vis-edges"));
  var options = readJson("sg-vis-options");
  var container = document.getElementById("mynetwork");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  window.network = network;

  var panel = document.getElementById("sg-panel");
  var status = document.getElementById("sg-status");
  var conceptSelect = document.getElementById("sg-filter-concept");
  var fromInput = document.getElementById("sg-filter-from");
  var toInput = document.getElementById("sg-filter-to");
  var search = document.getElementById("sg-search");
  var searchResult = document.getElementById("sg-search-result");
  var dateCount = document.getElementById("sg-date-count");
  var statementIds = Object.keys(data.statements);
  var subtrees = {};
  data.concepts.forEach(function (c) { subtrees[c.id] = c.subtree; });
  var edgeEnds = edges.get({ fields: ["id", "from", "to"] });
  var hiddenNodes = {};
  var hiddenEdges = {};
  var selected = null;

  function checkedValues(name) {
    var boxes = document.querySelectorAll("input[name='" + name + "']");
    var values = new Set();
    boxes.forEach(function (box) { if (box.checked) values.add(box.value); });
    return { values: values, all: values.size === boxes.length };
  }

  function currentFilter() {
    var concept = conceptSelect.value;
    var stances = checkedValues("stance");
    var kinds = checkedValues("kind");
    var from = fromInput.value || null;
    var to = toInput.value || null;
    var fullRange = (!from || from <= data.dateRange[0]) && (!to || to >= data.dateRange[1]);
    return {
      concepts: concept ? new Set(subtrees[concept] || [concept]) : null,
      stances: stances.values,
      kinds: kinds.values,
      from: from,
      to: to,
      isDefault: !concept && stances.all && kinds.all && fullRange
    };
  }

  /* A statement passes when its concept is in the chosen subtree, its stance is
   * ticked, and its date (first to last possible day) overlaps the date range. */
  function statementFilter(f) {
    var cache = {};
    return function (sid) {
      if (sid in cache) return cache[sid];
      var s = data.statements[sid];
      var ok = !!s &&
        (!f.concepts || f.concepts.has(s.conceptId)) &&
        f.stances.has(s.stance) &&
        (!f.from || s.to >= f.from) &&
        (!f.to || s.from <= f.to);
      cache[sid] = ok;
      return ok;
    };
  }

  /* A tie or node whose statements were not all shipped (it has "more") passes when
   * its profile of all its statements (concepts, stances, first and last day) meets
   * each filter, or when one of its shipped statements passes. */
  function profileFilter(f) {
    return function (profile) {
      return (!f.concepts || profile.concepts.some(function (n) { return f.concepts.has(data.conceptIds[n]); })) &&
        profile.stances.some(function (s) { return f.stances.has(s); }) &&
        (!f.from || !profile.to || profile.to >= f.from) &&
        (!f.to || !profile.from || profile.from <= f.to);
    };
  }

  function itemPasses(info, passes, profilePasses, f) {
    if (info.more) return profilePasses(info.profile) || info.statements.some(passes);
    return info.statements.length ? info.statements.some(passes) : f.isDefault;
  }

  function applyFilters() {
    var f = currentFilter();
    var passes = statementFilter(f);
    var profilePasses = profileFilter(f);
    var nodeUpdates = [];
    var edgeUpdates = [];
    var shownNodes = 0;
    var shownEdges = 0;
    Object.keys(data.nodes).forEach(function (id) {
      var info = data.nodes[id];
      var show = (info.kind === "concept" || f.kinds.has(info.key)) && itemPasses(info, passes, profilePasses, f);
      if (show) shownNodes += 1;
      if (!!hiddenNodes[id] === show) {
        hiddenNodes[id] = !show;
        nodeUpdates.push({ id: id, hidden: !show });
      }
    });
    edgeEnds.forEach(function (edge) {
      var info = data.edges[edge.id];
      var show = !hiddenNodes[edge.from] && !hiddenNodes[edge.to] && itemPasses(info, passes, profilePasses, f);
      if (show) shownEdges += 1;
      if (!!hiddenEdges[edge.id] === show) {
        hiddenEdges[edge.id] = !show;
        edgeUpdates.push({ id: edge.id, hidden: !show });
      }
    });
    if (nodeUpdates.length) nodes.update(nodeUpdates);
    if (edgeUpdates.length) edges.update(edgeUpdates);
    var inRange = statementIds.filter(function (sid) {
      var s = data.statements[sid];
      return (!f.from || s.to >= f.from) && (!f.to || s.from <= f.to);
    }).length;
    dateCount.dataset.inRange = String(inRange);
    dateCount.textContent = inRange + " of " + statementIds.length +
      (statementIds.length === 1 ? " statement" : " statements") +
      (data.cap && data.cap.quotesCapped ? " on this page" : "") + " dated in this range";
    status.dataset.visibleNodes = String(shownNodes);
    status.dataset.visibleEdges = String(shownEdges);
    status.textContent = f.isDefault
      ? shownNodes + " nodes · " + shownEdges + (shownEdges === 1 ? " tie" : " ties")
      : shownNodes + " of " + nodes.length + " nodes · " + shownEdges + " of " + edgeEnds.length + " ties shown";
    if (selected) showSelection(selected);
  }

  function describeStatement(sid) {
    var s = data.statements[sid];
    var item = el("article", null, "sg-statement sg-stance-" + s.stance);
    item.dataset.statement = sid;
    var meta = el("p", null, "sg-meta");
    meta.appendChild(el("span", s.stance, "sg-badge sg-badge-" + s.stance));
    meta.appendChild(el("span", s.concept, "sg-concept"));
    item.appendChild(meta);
    item.appendChild(el("blockquote", s.quote, "sg-quote"));
    var who = [s.speaker, s.organisation].filter(Boolean).join(", ");
    item.appendChild(el("p", "— " + who + (s.attribution === "reported" ? " (reported)" : ""), "sg-who"));
    var source = el("p", null, "sg-source");
    var doc = (data.documents && data.documents[s.document]) || { title: s.document, outlet: s.outlet, url: s.url };
    source.appendChild(el("cite", doc.title));
    var details = [doc.outlet, s.date].filter(Boolean).join(", ");
    if (details) source.appendChild(document.createTextNode(" · " + details));
    if (doc.url && /^https?:\/\//i.test(doc.url)) {
      source.appendChild(document.createTextNode(" · "));
      var link = el("a", "source");
      link.href = doc.url;
      link.target = "_blank";
      link.rel = "noopener noreferrer nofollow";
      source.appendChild(link);
    }
    item.appendChild(source);
    return item;
  }

  /* "and N more — see <command>" after a list the page ships only in part. */
  function moreLine(more, command) {
    var line = el("p", null, "sg-more");
    line.id = "sg-panel-more";
    line.dataset.more = String(more);
    line.appendChild(document.createTextNode("and " + more.toLocaleString("en") +
      (more === 1 ? " more statement" : " more statements") + " not on this page" + (command ? " — see " : ".")));
    if (command) line.appendChild(el("code", command));
    return line;
  }

  function showStatements(heading, detail, ids, more, command) {
    var passes = statementFilter(currentFilter());
    var shown = ids.filter(passes).sort(function (a, b) {
      var sa = data.statements[a];
      var sb = data.statements[b];
      return sa.from < sb.from ? -1 : sa.from > sb.from ? 1 : a < b ? -1 : a > b ? 1 : 0;
    });
    var parts = [el("h2", heading), el("p", detail, "sg-note")];
    var hidden = ids.length - shown.length;
    var count = el("p", shown.length + (shown.length === 1 ? " statement" : " statements") +
      (more ? " (the most recent on this page)" : "") +
      (hidden ? " (" + hidden + " more hidden by the filters)" : ""), "sg-count-line");
    count.id = "sg-panel-count";
    parts.push(count);
    var list = el("div", null, "sg-statements");
    shown.forEach(function (sid) { list.appendChild(describeStatement(sid)); });
    parts.push(list);
    if (more) parts.push(moreLine(more, command));
    panel.replaceChildren.apply(panel, parts);
    panel.scrollTop = 0;
  }

  /* A node's statements behind no drawn tie: counted under its tied ones, listed on request. */
  function showUntied(info, command) {
    var passes = statementFilter(currentFilter());
    var ids = info.untied.filter(passes);
    var total = info.untied.length + (info.untiedMore || 0);
    var tied = document.getElementById("sg-panel-count");
    if (tied) {
      tied.textContent = tied.textContent.replace(/ statements?/, function (word) { return word + " behind its drawn ties"; });
    }
    var line = el("p", total.toLocaleString("en") + (total === 1 ? " statement is" : " statements are") +
      " behind no drawn tie (no other node here spoke on the same concepts, or the tie is not drawn) ", "sg-count-line");
    line.id = "sg-panel-untied";
    var button = el("button", "show " + (total === 1 ? "it" : "them"));
    button.type = "button";
    button.id = "sg-show-untied";
    var list = el("div", null, "sg-statements");
    list.id = "sg-untied-list";
    list.hidden = true;
    ids.forEach(function (sid) { list.appendChild(describeStatement(sid)); });
    button.addEventListener("click", function () {
      list.hidden = !list.hidden;
      button.textContent = list.hidden ? "show " + (total === 1 ? "it" : "them") : "hide " + (total === 1 ? "it" : "them");
    });
    line.appendChild(button);
    var parts = [line, list];
    if (info.untiedMore) {
      var more = moreLine(info.untiedMore, command);
      more.id = "sg-panel-untied-more";
      list.appendChild(more);
    }
    parts.forEach(function (part) { panel.appendChild(part); });
  }

  function showSelection(sel) {
    if (sel.node !== undefined) {
      var info = data.nodes[sel.node];
      var kind = info.kind === "organisation" ? info.key.replace(/^org:/, "").replace(/-/g, " ") : info.kind;
      var nodeCommand = info.kind === "concept" ? null
        : "stancegraph query actor-statements --param actor=" + sel.node;
      showStatements(info.label, kind + " · " + info.count + (info.count === 1 ? " statement" : " statements"),
        info.statements, info.more, nodeCommand);
      if (info.untied && info.untied.length) { showUntied(info, nodeCommand); }
    } else {
      var edge = data.edges[sel.edge];
      var ends = edges.get(sel.edge);
      var heading = data.nodes[ends.from].label + " – " + data.nodes[ends.to].label;
      var detail = data.tie === "twomode" ? edge.stance : data.tie + " · " + edge.stance + " · weight " + edge.weight;
      var edgeCommand = data.explain ? data.explain + " " + ends.from + " " + ends.to : null;
      showStatements(heading, detail, edge.statements, edge.more, edgeCommand);
    }
  }

  function select(sel) {
    selected = sel;
    if (sel) {
      showSelection(sel);
    } else {
      panel.replaceChildren(el("p", "Click a node or a tie to see the statements behind it.", "sg-note"));
    }
  }

  network.on("click", function (params) {
    if (params.nodes.length) select({ node: String(params.nodes[0]) });
    else if (params.edges.length) select({ edge: String(params.edges[0]) });
    else select(null);
  });

  function findActor(text) {
    var query = text.trim().toLocaleLowerCase();
    if (!query) return null;
    var partial = null;
    var ids = Object.keys(data.nodes);
    for (var i = 0; i < ids.length; i += 1) {
      var info = data.nodes[ids[i]];
      if (info.kind === "concept") continue;
      var label = info.label.toLocaleLowerCase();
      if (label === query) return ids[i];
      if (partial === null && label.indexOf(query) !== -1) partial = ids[i];
    }
    return partial;
  }

  function focusActor() {
    var id = findActor(search.value);
    if (id === null) {
      searchResult.textContent = search.value.trim() ? "No actor matches “" + search.value.trim() + "”." : "";
      return;
    }
    var label = data.nodes[id].label;
    searchResult.textContent = hiddenNodes[id] ? label + " is hidden by the filters." : "Found " + label + ".";
    if (hiddenNodes[id]) return;
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.2), animation: false });
    select({ node: id });
  }

  search.addEventListener("change", focusActor);
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") focusActor();
  });
  document.querySelectorAll("#sg-controls select, #sg-controls input[type=checkbox], #sg-controls input[type=date]")
    .forEach(function (input) { input.addEventListener("change", applyFilters); });
  document.getElementById("sg-reset").addEventListener("click", function () {
    conceptSelect.value = "";
    document.querySelectorAll("#sg-controls input[type=checkbox]").forEach(function (box) { box.checked = true; });
    fromInput.value = data.dateRange[0] || "";
    toInput.value = data.dateRange[1] || "";
    applyFilters();
  });

  window.stancegraph = { data: data, nodes: nodes, edges: edges, applyFilters: applyFilters, findActor: findActor };
  /* The whole network on screen with a thin margin. fit() counts each node's label only once the label
     has been drawn (its size is measured then), so fit again after the first drawing, then say ready. */
  function fitDrawing() {
    network.fit({ animation: false, maxZoomLevel: 1.5 });
    network.moveTo({ scale: network.getScale() * 0.96, animation: false });
  }
  fitDrawing();
  network.once("afterDrawing", function () {
    fitDrawing();
    network.once("afterDrawing", function () { document.documentElement.dataset.sgReady = "true"; });
    network.redraw();
  });
  applyFilters();
})();
