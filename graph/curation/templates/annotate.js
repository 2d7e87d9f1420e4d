"use strict";
// The coding page. Every string from the data is put in the page with textContent;
// nothing is ever parsed as HTML.
(function () {
  const token = document.querySelector('meta[name="sg-token"]').content;
  const $ = (id) => document.getElementById(id);
  const KINDS = ["party", "government", "nhs-body", "nhs-trust", "membership-body", "think-tank", "company",
    "social-enterprise", "cooperative", "mutual", "charity", "campaign", "media", "trade-union",
    "professional-body", "local-government", "academic", "informal-group", "other"];
  const DOCUMENT_KINDS = ["news", "letters", "blog", "report", "speech", "interview", "press-release", "other"];
  const sg = window.sgAnnotate = { state: null, doc: null, editing: null, idTouched: false };

  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }
  function status(text) { $("sg-status").textContent = text; }
  function slug(text) {
    return String(text || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  }

  async function getJSON(url) {
    const response = await fetch(url, { headers: { "Accept": "application/json" } });
    const body = await response.json();
    if (!response.ok) throw new Error(body.error ? body.error.message : response.statusText);
    return body;
  }

  // --- lookups ------------------------------------------------------------------------
  function entries(kind) { return sg.state ? sg.state[kind] : []; }
  function resolve(kind, value) {
    const v = String(value || "").trim();
    if (!v) return "";
    const list = entries(kind);
    if (list.some((e) => e.id === v)) return v;
    const low = v.toLowerCase();
    const hit = list.find((e) => String(e.name || "").toLowerCase() === low ||
      (e.aliases || []).some((a) => String(a).toLowerCase() === low));
    return hit ? hit.id : v;
  }
  function known(kind, id) { return entries(kind).some((e) => e.id === id); }

  function fillDatalist(id, list) {
    const node = $(id);
    node.replaceChildren();
    for (const e of list) {
      const option = el("option");
      option.value = e.id;
      option.label = [e.name, ...(e.aliases || [])].filter(Boolean).join(" · ");
      node.append(option);
    }
  }

  // --- documents ------------------------------------------------------------------------
  async function loadState() {
    sg.state = await getJSON("/api/state");
    fillDatalist("sg-people", sg.state.people);
    fillDatalist("sg-organisations", sg.state.organisations);
    fillDatalist("sg-concepts", sg.state.concepts);
    const list = $("sg-doc-list");
    list.replaceChildren();
    for (const d of sg.state.documents) {
      const item = el("li");
      const button = el("button");
      button.dataset.doc = d.id;
      button.append(el("span", d.title || d.id), el("br"),
        el("span", `${d.date || ""} · ${d.statements} statements` + (d.to_review ? ` · ${d.to_review} to review` : ""), "sg-count"));
      button.addEventListener("click", () => openDocument(d.id));
      item.append(button);
      list.append(item);
    }
  }

  function stanceClass(record) {
    const stance = record && record.stance;
    return ["support", "oppose", "mixed"].includes(stance) ? "sg-" + stance : "sg-review";
  }

  async function openDocument(id) {
    const doc = await getJSON("/api/documents/" + encodeURIComponent(id));
    sg.doc = doc;
    for (const b of document.querySelectorAll("#sg-doc-list button")) b.setAttribute("aria-current", String(b.dataset.doc === id));
    $("sg-doc-title").textContent = doc.title || doc.id;
    const record = doc.record || {};
    $("sg-doc-details").hidden = false;
    $("sg-doc-details").open = !record.kind || !record.date;
    for (const name of ["title", "kind", "date", "publisher"]) {
      const value = record[name];
      $("d-" + name).value = value === null || value === undefined ? "" : String(value);
    }
    $("sg-doc-problem").textContent = doc.problem || "";
    const missing = Object.entries(doc.statements).filter(([, s]) => !s.found).map(([sid]) => sid);
    if (missing.length) $("sg-doc-problem").textContent += (doc.problem ? "\n" : "") +
      "Quotes not found in the text: " + missing.join(", ");
    const text = $("sg-text");
    text.replaceChildren();
    for (const segment of doc.segments) {
      if (!segment.statements.length) { text.append(document.createTextNode(segment.text)); continue; }
      const first = doc.statements[segment.statements[0]].record;
      const span = el("span", segment.text, "sg-hl " + stanceClass(first));
      span.dataset.statements = segment.statements.join(" ");
      span.title = segment.statements.join(", ");
      text.append(span);
    }
    sg.idTouched = false;
    newStatement();
    document.documentElement.dataset.sgDocument = id;
  }

  // --- the form ---------------------------------------------------------------------------
  const FIELDS = ["id", "speaker", "organisation", "concept", "stance", "attribution", "date", "quote", "note"];
  function clearErrors() {
    for (const node of document.querySelectorAll(".sg-error[data-for]")) node.textContent = "";
    $("sg-general").textContent = "";
  }
  function newStatement(quote) {
    sg.editing = null;
    sg.idTouched = false;
    $("sg-form-title").textContent = "New statement";
    for (const name of FIELDS) $("f-" + name).value = "";
    if (quote) $("f-quote").value = quote;
    clearErrors();
    updateNew();
  }
  function editStatement(sid) {
    const entry = sg.doc.statements[sid];
    sg.editing = sid;
    sg.idTouched = true;
    $("sg-form-title").textContent = "Statement " + sid + " (" + entry.file + ")";
    for (const name of FIELDS) {
      const value = entry.record[name];
      $("f-" + name).value = value === null || value === undefined ? "" : String(value);
    }
    clearErrors();
    updateNew();
  }
  function proposeId() {
    if (sg.idTouched || !sg.doc) return;
    const parts = sg.doc.id.split("-");
    const prefix = parts[0].slice(0, 12) + (parts[1] && /^[0-9]+$/.test(parts[1]) ? "-" + parts[1] : "");
    const actor = slug($("f-speaker").value || $("f-organisation").value).split("-").pop() || "unknown";
    const concept = slug($("f-concept").value) || "concept";
    let id = slug(`${prefix}-${actor}-${concept}`), n = 1;
    while (sg.doc.statements[id]) id = slug(`${prefix}-${actor}-${concept}`) + "-" + (++n);
    $("f-id").value = id;
  }
  function updateNew() {
    const pairs = [["speaker", "people", "new-person", "np"], ["organisation", "organisations", "new-organisation", "no"],
      ["concept", "concepts", "new-concept", "nc"]];
    for (const [field, kind, box, prefix] of pairs) {
      const input = $("f-" + field);
      const value = input.value.trim();
      const resolved = resolve(kind, value);
      if (resolved !== value) input.value = resolved;
      const isNew = Boolean(resolved) && !known(kind, resolved);
      const fieldset = $(box);
      if (isNew && fieldset.hidden) {
        const nameField = $(prefix + (prefix === "nc" ? "-label" : "-name"));
        const idField = $(prefix + "-id");
        nameField.value = value;
        idField.value = slug(value);
        input.value = slug(value);
      }
      fieldset.hidden = !isNew;
    }
    proposeId();
  }
  for (const name of ["speaker", "organisation", "concept"]) $("f-" + name).addEventListener("change", updateNew);
  for (const [idField, target] of [["np-id", "f-speaker"], ["no-id", "f-organisation"], ["nc-id", "f-concept"]]) {
    $(idField).addEventListener("change", () => { $(target).value = $(idField).value.trim(); proposeId(); });
  }
  $("f-id").addEventListener("input", () => { sg.idTouched = true; });

  function collect() {
    const statement = {};
    for (const name of FIELDS) statement[name] = $("f-" + name).value;
    statement.document = sg.doc.id;
    if (sg.editing) {
      const old = sg.doc.statements[sg.editing].record;
      if (old.mentions) statement.mentions = old.mentions;
    }
    const fresh = { people: [], organisations: [], concepts: [] };
    if (!$("new-person").hidden) fresh.people.push({ id: $("np-id").value, name: $("np-name").value });
    if (!$("new-organisation").hidden) fresh.organisations.push({ id: $("no-id").value, name: $("no-name").value, kind: $("no-kind").value });
    if (!$("new-concept").hidden) fresh.concepts.push({ id: $("nc-id").value, label: $("nc-label").value,
      definition: $("nc-definition").value, broader: $("nc-broader").value });
    return { statement, original_id: sg.editing, new: fresh, versions: sg.doc.versions };
  }

  async function post(payload) {
    clearErrors();
    status("Saving…");
    try {
      const response = await fetch("/api/save", {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Stancegraph-Token": token },
        body: JSON.stringify(payload),
      });
      return [response, await response.json()];
    } catch (err) {
      status("Not saved: the server did not answer (is stancegraph annotate still running?); nothing was written");
      return [null, null];
    }
  }
  function showRefusal(response, body) {
    if (response.status === 422) {
      const count = body.problems.length;
      status("Not saved: " + count + (count === 1 ? " problem" : " problems") + "; nothing was written");
      for (const problem of body.problems) {
        const place = problem.target && problem.saved && document.querySelector(`.sg-error[data-for="${CSS.escape(problem.target)}"]`);
        const box = place || $("sg-general");
        box.textContent += (box.textContent ? "\n" : "") + problem.text;
      }
    } else {
      status("Not saved; nothing was written");
      $("sg-general").textContent = body.error ? body.error.message : response.statusText;
    }
  }
  function markSaved() {
    document.documentElement.dataset.sgSaved = String(Number(document.documentElement.dataset.sgSaved || 0) + 1);
  }

  async function saveDocument(event) {
    event.preventDefault();
    if (!sg.doc) return;
    const fields = { id: sg.doc.id };
    for (const name of ["title", "kind", "date", "publisher"]) fields[name] = $("d-" + name).value;
    const [response, body] = await post({ document: fields, versions: sg.doc.versions });
    if (!response) return;
    if (!response.ok) { $("sg-doc-details").open = true; showRefusal(response, body); return; }
    status("Saved: " + body.written.join(", "));
    await loadState();
    await openDocument(sg.doc.id);
    markSaved();
  }
  $("sg-doc-form").addEventListener("submit", saveDocument);
  for (const kind of DOCUMENT_KINDS) $("d-kind").append(el("option", kind));

  async function save(event) {
    event.preventDefault();
    if (!sg.doc) return;
    const [response, body] = await post(collect());
    if (!response) return;
    if (response.ok) {
      status("Saved: " + body.written.join(", "));
      const id = $("f-id").value.trim();
      await loadState();
      await openDocument(sg.doc.id);
      if (sg.doc.statements[id]) editStatement(id);
      markSaved();
      return;
    }
    showRefusal(response, body);
  }
  $("sg-form").addEventListener("submit", save);
  $("sg-new").addEventListener("click", () => newStatement());

  // --- selecting and clicking in the text -------------------------------------------------
  function takeSelection() {
    const selection = window.getSelection();
    const here = $("sg-here");
    if (selection && !selection.isCollapsed && $("sg-text").contains(selection.anchorNode) &&
        $("sg-text").contains(selection.focusNode)) {
      const quote = selection.toString().split(/\s+/).join(" ").trim();
      if (quote) { here.replaceChildren(); newStatement(quote); status("Passage selected: fill in the statement"); }
    }
  }
  $("sg-text").addEventListener("mouseup", takeSelection);
  $("sg-text").addEventListener("keyup", (event) => { if (event.shiftKey) takeSelection(); });
  $("sg-text").addEventListener("click", (event) => {
    const span = event.target.closest ? event.target.closest(".sg-hl") : null;
    const selection = window.getSelection();
    if (!span || (selection && !selection.isCollapsed)) return;
    const ids = span.dataset.statements.split(" ");
    const here = $("sg-here");
    here.replaceChildren(el("strong", "Statements on this passage:"));
    const list = el("ul");
    for (const sid of ids) {
      const record = sg.doc.statements[sid].record;
      const item = el("li");
      const button = el("button", sid);
      button.addEventListener("click", () => editStatement(sid));
      item.append(button, el("span", ` — ${record.speaker || record.organisation || "?"}, ${record.stance || "to review"}, ${record.concept || "?"}`));
      list.append(item);
    }
    here.append(list);
    editStatement(ids[0]);
  });

  for (const kind of KINDS) $("no-kind").append(el("option", kind));
  loadState().then(() => {
    document.documentElement.dataset.sgReady = "true";
    const unreadable = Object.entries(sg.state.unreadable || {});
    status(unreadable.length ? "Ready; not read: " + unreadable.map(([f, why]) => `${f} (${why})`).join(", ") : "Ready");
  },
    (err) => { status("Could not load the data: " + err.message); });
})();
