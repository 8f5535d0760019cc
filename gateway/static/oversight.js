"use strict";
// The oversight dashboard: every API string is put into the page as text, never as markup.
(function () {
  const config = JSON.parse(document.getElementById("oversight-config").textContent);
  const TOKEN_KEY = "simpul.oversight.token";
  // The list's page size: 100, or ?first=N (1 to 500) in the page's address.
  const PAGE_SIZE = (() => {
    const asked = Number.parseInt(new URLSearchParams(window.location.search).get("first"), 10);
    return Number.isInteger(asked) && asked >= 1 && asked <= 500 ? asked : 100;
  })();
  const EXPORT_PAGE_SIZE = 500;
  const ALIASES_PER_QUERY = 10;
  const SVG = "http://www.w3.org/2000/svg";
  const $ = (id) => document.getElementById(id);

  const SUMMARY = `query OversightSummary($code: RegionCode!) {
  anomalySummary(regionCode: $code) {
    region { code name level }
    total
    counts { type count }
    children { region { code name } total counts { type count } }
  }
}`;
  const ANOMALIES = `query OversightAnomalies($filter: AnomalyFilterInput, $first: Int, $after: String) {
  anomalies(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      id type regionCode village { name } observedOn householdId subjectNik
      evidence { agency kind recordId detail }
    } }
  }
}`;
  const CSV_HEADER = [
    "id", "type", "regionCode", "village", "observedOn", "householdId", "subjectNik", "evidence",
  ];

  const state = { trail: [], cursor: null, rows: [], generation: 0 };

  class ApiError extends Error {}

  async function graphql(query, variables) {
    const token = sessionStorage.getItem(TOKEN_KEY) || "";
    const headers = { "Content-Type": "application/json", Accept: "application/json" };
    if (token) headers.Authorization = `Bearer ${token}`;
    const response = await fetch(config.endpoint, {
      method: "POST",
      headers,
      body: JSON.stringify({ query, variables }),
      credentials: "omit",
      cache: "no-store",
    });
    let body;
    try {
      body = await response.json();
    } catch (_) {
      throw new ApiError(`HTTP ${response.status}: the hub did not answer with JSON`);
    }
    if (body.errors && body.errors.length) {
      const text = body.errors
        .map((e) => `${(e.extensions && e.extensions.code) || "ERROR"}: ${e.message}`)
        .join("\n");
      throw new ApiError(text);
    }
    return body.data;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function showError(error) {
    const box = $("error");
    box.textContent = error instanceof Error ? error.message : String(error);
    box.hidden = false;
    $("status").textContent = "";
  }

  function clearError() {
    $("error").textContent = "";
    $("error").hidden = true;
  }

  function countsByType(counts) {
    const map = new Map();
    for (const c of counts || []) map.set(c.type, c.count);
    return map;
  }

  // --- Summary -------------------------------------------------------------------------

  async function nationalSummary() {
    const provinces = (await graphql("query OversightProvinces { regions { code name } }", {}))
      .regions;
    if (!provinces.length) return { region: { code: "*", name: "Indonesia" }, children: [] };
    // The hub limits aliases per document, so ask for the provinces in small batches.
    const children = [];
    for (let start = 0; start < provinces.length; start += ALIASES_PER_QUERY) {
      const batch = provinces.slice(start, start + ALIASES_PER_QUERY);
      const params = batch.map((_, i) => `$p${i}: RegionCode!`).join(", ");
      const fields = batch
        .map((_, i) => `p${i}: anomalySummary(regionCode: $p${i}) { total counts { type count } }`)
        .join("\n");
      const variables = {};
      batch.forEach((p, i) => { variables[`p${i}`] = p.code; });
      const data = await graphql(`query OversightNational(${params}) {\n${fields}\n}`, variables);
      batch.forEach((p, i) => {
        const found = data[`p${i}`];
        children.push({
          region: { code: p.code, name: p.name },
          total: found ? found.total : 0,
          counts: found ? found.counts : [],
        });
      });
    }
    return { region: { code: "*", name: "Indonesia" }, children };
  }

  async function loadSummary(code) {
    if (code === "*") return nationalSummary();
    const summary = (await graphql(SUMMARY, { code })).anomalySummary;
    if (!summary) throw new ApiError(`NOT_FOUND: no anomaly summary for region ${code}`);
    return summary;
  }

  function renderBreadcrumb() {
    const nav = $("breadcrumb");
    clear(nav);
    state.trail.forEach((step, index) => {
      if (index > 0) nav.appendChild(element("span", " › ", "separator"));
      const last = index === state.trail.length - 1;
      const label = step.code === "*" ? step.name : `${step.name} (${step.code})`;
      if (last) {
        nav.appendChild(element("strong", label, "crumb current"));
      } else {
        const link = element("button", label, "crumb");
        link.type = "button";
        link.dataset.code = step.code;
        link.addEventListener("click", () => {
          state.trail = state.trail.slice(0, index + 1);
          show();
        });
        nav.appendChild(link);
      }
    });
  }

  function drillDown(region) {
    state.trail.push({ code: region.code, name: region.name });
    show();
  }

  function renderTable(children) {
    const head = $("children-head");
    clear(head);
    for (const title of ["Region", "Code", "Total", ...config.types]) {
      head.appendChild(element("th", title));
    }
    const body = $("children-body");
    clear(body);
    for (const child of children) {
      const row = element("tr", null, "child");
      row.dataset.code = child.region.code;
      const nameCell = element("td");
      const link = element("button", child.region.name, "drill");
      link.type = "button";
      link.addEventListener("click", () => drillDown(child.region));
      nameCell.appendChild(link);
      row.appendChild(nameCell);
      row.appendChild(element("td", child.region.code, "code"));
      row.appendChild(element("td", child.total, "total number"));
      const counts = countsByType(child.counts);
      for (const type of config.types) {
        const cell = element("td", counts.get(type) || 0, "number");
        cell.dataset.type = type;
        row.appendChild(cell);
      }
      body.appendChild(row);
    }
  }

  function renderChart(children) {
    const holder = $("chart");
    clear(holder);
    const barHeight = 20;
    const gap = 6;
    const labelWidth = 240;
    const barSpace = 520;
    const width = labelWidth + barSpace + 80;
    const height = Math.max(1, children.length) * (barHeight + gap) + gap;
    const max = Math.max(1, ...children.map((c) => c.total));
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("width", String(width));
    svg.setAttribute("height", String(height));
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    svg.setAttribute("role", "img");
    const title = document.createElementNS(SVG, "title");
    title.textContent = "Anomalies per region";
    svg.appendChild(title);
    children.forEach((child, i) => {
      const y = gap + i * (barHeight + gap);
      const group = document.createElementNS(SVG, "g");
      group.setAttribute("class", "bar-group");
      const label = document.createElementNS(SVG, "text");
      label.setAttribute("x", String(labelWidth - 8));
      label.setAttribute("y", String(y + barHeight * 0.75));
      label.setAttribute("text-anchor", "end");
      label.textContent = child.region.name;
      const bar = document.createElementNS(SVG, "rect");
      bar.setAttribute("class", "bar");
      bar.setAttribute("x", String(labelWidth));
      bar.setAttribute("y", String(y));
      bar.setAttribute("height", String(barHeight));
      bar.setAttribute("width", String(Math.max(1, (child.total / max) * barSpace)));
      bar.setAttribute("data-code", child.region.code);
      bar.setAttribute("data-total", String(child.total));
      const tip = document.createElementNS(SVG, "title");
      tip.textContent = `${child.region.name}: ${child.total}`;
      bar.appendChild(tip);
      const value = document.createElementNS(SVG, "text");
      value.setAttribute("x", String(labelWidth + Math.max(1, (child.total / max) * barSpace) + 6));
      value.setAttribute("y", String(y + barHeight * 0.75));
      value.textContent = String(child.total);
      group.append(label, bar, value);
      group.addEventListener("click", () => drillDown(child.region));
      svg.appendChild(group);
    });
    holder.appendChild(svg);
  }

  // --- Anomaly list --------------------------------------------------------------------

  function currentFilter() {
    const code = state.trail[state.trail.length - 1].code;
    return code === "*" ? {} : { regionCode: code };
  }

  function evidenceText(evidence) {
    return (evidence || [])
      .map((e) => `${e.agency} ${e.kind} ${e.recordId}${e.detail ? `: ${e.detail}` : ""}`)
      .join("; ");
  }

  function csvFields(node) {
    return [
      node.id,
      node.type,
      node.regionCode,
      node.village ? node.village.name : "",
      node.observedOn || "",
      node.householdId || "",
      node.subjectNik || "",
      evidenceText(node.evidence),
    ];
  }

  function appendRows(nodes) {
    const body = $("anomalies-body");
    for (const node of nodes) {
      const row = element("tr", null, "anomaly");
      row.dataset.id = node.id;
      const fields = csvFields(node);
      const cells = [fields[1], fields[2], fields[3], fields[4], fields[5], fields[6], fields[7]];
      const classes = ["type", "region", "village", "observed", "household", "nik", "evidence"];
      cells.forEach((value, i) => row.appendChild(element("td", value, classes[i])));
      body.appendChild(row);
    }
  }

  async function loadAnomalies(generation, reset) {
    const variables = { filter: currentFilter(), first: PAGE_SIZE, after: reset ? null : state.cursor };
    const page = (await graphql(ANOMALIES, variables)).anomalies;
    if (generation !== state.generation) return;
    if (reset) {
      clear($("anomalies-body"));
      state.rows = [];
    }
    const nodes = page.edges.map((e) => e.node);
    state.rows.push(...nodes);
    appendRows(nodes);
    state.cursor = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    $("more").hidden = state.cursor === null;
    $("anomaly-count").textContent = `(${state.rows.length} of ${page.totalCount})`;
    $("anomalies").dataset.total = String(page.totalCount);
    $("list").hidden = false;
  }

  // --- CSV export ----------------------------------------------------------------------

  function csvCell(value) {
    let text = value === null || value === undefined ? "" : String(value);
    // A cell that a spreadsheet would read as a formula is kept as text.
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return `"${text.replace(/"/g, '""')}"`;
  }

  async function exportCsv() {
    clearError();
    const button = $("export");
    button.disabled = true;
    $("status").textContent = "Exporting…";
    try {
      const lines = [CSV_HEADER.map(csvCell).join(",")];
      let after = null;
      do {
        const variables = { filter: currentFilter(), first: EXPORT_PAGE_SIZE, after };
        const page = (await graphql(ANOMALIES, variables)).anomalies;
        for (const edge of page.edges) lines.push(csvFields(edge.node).map(csvCell).join(","));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after !== null);
      const code = state.trail[state.trail.length - 1].code;
      const name = `anomalies-${code === "*" ? "all" : code}.csv`;
      const blob = new Blob([lines.join("\r\n") + "\r\n"], { type: "text/csv;charset=utf-8" });
      const url = URL.createObjectURL(blob);
      const link = document.createElement("a");
      link.href = url;
      link.download = name;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
      $("status").textContent = `Exported ${lines.length - 1} anomalies to ${name}`;
    } catch (error) {
      showError(error);
    } finally {
      button.disabled = false;
    }
  }

  // --- Navigation ----------------------------------------------------------------------

  async function show() {
    const generation = ++state.generation;
    const step = state.trail[state.trail.length - 1];
    clearError();
    $("status").textContent = `Loading ${step.code}…`;
    renderBreadcrumb();
    try {
      const summary = await loadSummary(step.code);
      if (generation !== state.generation) return;
      step.name = summary.region.name;
      renderBreadcrumb();
      const children = [...summary.children].sort(
        (a, b) => b.total - a.total || a.region.code.localeCompare(b.region.code),
      );
      $("summary-title").textContent =
        `${summary.region.name}: ${summary.total === undefined ? "" : `${summary.total} anomalies, `}` +
        `${children.length} regions below`;
      renderTable(children);
      renderChart(children);
      $("summary").hidden = false;
      state.cursor = null;
      await loadAnomalies(generation, true);
      if (generation === state.generation) {
        $("status").textContent = "";
        document.body.dataset.ready = step.code;
      }
    } catch (error) {
      if (generation !== state.generation) return;
      $("summary").hidden = true;
      $("list").hidden = true;
      showError(error);
    }
  }

  async function start() {
    clearError();
    delete document.body.dataset.ready;
    const token = $("token").value.trim();
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    $("token").value = "";
    let code = $("region-input").value.trim();
    try {
      if (!code) {
        const regions = (await graphql("query OversightMe { me { regions } }", {})).me.regions;
        if (!regions.length) throw new ApiError("FORBIDDEN: the token holds no regions");
        code = regions[0];
      }
    } catch (error) {
      showError(error);
      return;
    }
    state.trail = [{ code, name: code === "*" ? "Indonesia" : code }];
    show();
  }

  $("token-form").addEventListener("submit", (event) => {
    event.preventDefault();
    start();
  });
  $("forget").addEventListener("click", () => {
    sessionStorage.removeItem(TOKEN_KEY);
    $("token").value = "";
    $("status").textContent = "Token forgotten";
  });
  $("more").addEventListener("click", async () => {
    clearError();
    try {
      await loadAnomalies(state.generation, false);
    } catch (error) {
      showError(error);
    }
  });
  $("export").addEventListener("click", exportCsv);
  if (sessionStorage.getItem(TOKEN_KEY)) {
    $("token").placeholder = "token kept for this tab";
  }
})();
