// vanban — trang làm việc: tải báo cáo lên, xem tình trạng, tổng hợp kỳ báo cáo.
// Built into the binary; talks only to this server's /api.
(function () {
  "use strict";
  const period = document.body.dataset.period;
  const api = "/api/periods/" + period;
  const $ = (id) => document.getElementById(id);
  const STATE = { "đúng hạn": "ok", "muộn": "late", "gửi sai định dạng": "wrong", "chưa nộp": "missing" };
  let status = null;
  let sortKey = "order", sortDir = 1;

  function text(tag, s, cls) {
    const e = document.createElement(tag);
    e.textContent = s == null ? "" : String(s);
    if (cls) e.className = cls;
    return e;
  }

  function stateOf(a) {
    if (a.submitted === "gửi sai định dạng") return [a.submitted, "wrong"];
    if (a.settled > 0 && a.status !== "errors" && a.status !== "unreadable") return [a.submitted + ", đã thống nhất", "settled"];
    if (a.status === "unreadable") return ["không đọc được", "unreadable"];
    if (a.status === "errors") return [a.submitted + ", có lỗi", "errors"];
    return [a.submitted, STATE[a.submitted] || "ok"];
  }

  async function load() {
    const r = await fetch(api + "/status");
    status = await r.json();
    if (!r.ok) { $("msg").textContent = status.error.message; return; }
    render();
    await loadReview();
  }

  function render() {
    const ag = status.agencies.map((a, i) => Object.assign({ order: i }, a));
    const c = (f) => ag.filter(f).length;
    const counts = $("counts");
    counts.replaceChildren(
      text("span", "Phải báo cáo: " + ag.length),
      text("span", "Đúng hạn: " + c((a) => a.submitted === "đúng hạn")),
      text("span", "Muộn: " + c((a) => a.submitted === "muộn")),
      text("span", "Gửi sai định dạng: " + c((a) => a.submitted === "gửi sai định dạng")),
      text("span", "Chưa nộp: " + c((a) => a.submitted === "chưa nộp")),
      text("span", "Có lỗi: " + c((a) => a.submitted !== "gửi sai định dạng" && (a.status === "errors" || a.status === "unreadable"))));
    const q = $("filter").value.trim().toLowerCase();
    const only = $("only").value;
    let rows = ag.filter((a) => (!q || a.name.toLowerCase().includes(q) || a.code.toLowerCase().includes(q))
      && (!only || stateOf(a)[1] === only));
    rows.sort((x, y) => {
      const a = x[sortKey], b = y[sortKey];
      return (typeof a === "number" ? a - b : String(a).localeCompare(String(b), "vi")) * sortDir;
    });
    const body = $("agencies");
    body.replaceChildren();
    for (const a of rows) {
      const tr = document.createElement("tr");
      tr.dataset.code = a.code;
      const [label, cls] = stateOf(a);
      const st = text("td", ""); st.appendChild(text("span", label, "state " + cls));
      tr.append(text("td", a.name), st, text("td", a.errors, "num"), text("td", a.warnings, "num"),
        text("td", a.files.map((f) => f.split(/[\\/]/).pop()).join(", ")));
      body.appendChild(tr);
    }
    renderFiles();
  }

  // The Sở's review: one row per finding it can settle, with the decision taken.
  let review = null;
  const DECISIONS = [["", "—"], ["accept", "Chấp nhận"], ["replace", "Sửa thành"], ["exclude", "Không tổng hợp"]];

  async function loadReview() {
    const r = await fetch(api + "/review");
    review = await r.json();
    if (!r.ok) { $("review-msg").textContent = review.error.message; return; }
    const t = document.createElement("table");
    t.className = "findings";
    const h = document.createElement("tr");
    for (const s of ["Cơ quan", "Vị trí", "Phát hiện", "Quyết định", "Giá trị mới", "Lý do, căn cứ"]) h.appendChild(text("th", s));
    t.appendChild(h);
    for (const f of review.findings) {
      const tr = document.createElement("tr");
      tr.dataset.id = f.id;
      const sel = document.createElement("select");
      for (const [v, l] of DECISIONS) { const o = text("option", l); o.value = v; sel.appendChild(o); }
      sel.value = f.decision || "";
      sel.className = "decision";
      const val = document.createElement("input"); val.className = "value"; val.value = f.value || "";
      const why = document.createElement("input"); why.className = "reason"; why.value = f.reason || "";
      const cell = (el) => { const td = document.createElement("td"); td.appendChild(el); return td; };
      tr.append(text("td", f.agency), text("td", f.place), text("td", "[" + f.code + "] " + f.message), cell(sel), cell(val), cell(why));
      t.appendChild(tr);
    }
    $("review").replaceChildren(t);
    const open = review.findings.filter((f) => f.severity === "lỗi" && !f.decision).length;
    $("pending").textContent = open ? "Còn " + open + " lỗi chưa có quyết định của Sở (mục 4): các nội dung này chưa được tổng hợp." : "Mọi lỗi đã có quyết định của Sở.";
  }

  async function saveReview() {
    const msg = $("review-msg");
    const rows = Array.from(document.querySelectorAll("#review tr[data-id]"));
    const before = new Map(review.findings.map((f) => [f.id, f]));
    const decisions = [];
    for (const tr of rows) {
      const f = before.get(tr.dataset.id);
      const d = tr.querySelector(".decision").value, v = tr.querySelector(".value").value, w = tr.querySelector(".reason").value;
      if (d === (f.decision || "") && v === (f.value || "") && w === (f.reason || "")) continue;
      decisions.push({ id: f.id, decision: d, value: v, reason: w, who: "", date: new Date().toLocaleDateString("vi-VN") });
    }
    if (!decisions.length) { msg.textContent = "Không có thay đổi."; return; }
    const r = await fetch(api + "/review", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ version: review.version, decisions }) });
    const j = await r.json();
    if (!r.ok) { msg.textContent = j.error.message; msg.className = "err"; return; }
    msg.className = "";
    msg.textContent = "Đã lưu " + decisions.length + " quyết định.";
    await load();
  }

  function renderFiles() {
    const box = $("files");
    box.replaceChildren();
    status.files.forEach((f, i) => box.appendChild(fileBlock(f, status.feedback[i])));
  }

  function fileBlock(f, feedback) {
    const d = document.createElement("details");
    const name = f.file.split(/[\\/]/).pop();
    const errs = f.diagnostics.filter((x) => x.severity === "error").length;
    const warns = f.diagnostics.filter((x) => x.severity === "warning").length;
    d.appendChild(text("summary", name + " — " + (f.agency || "?") + ": " + errs + " lỗi, " + warns + " cảnh báo"));
    d.dataset.file = name;
    if (feedback) {
      const a = text("a", "Tải tệp kết quả kiểm tra (gửi lại cơ quan)");
      a.href = api + "/files/" + feedback.split("/").map(encodeURIComponent).join("/");
      d.appendChild(a);
    }
    if (f.diagnostics.length) {
      const t = document.createElement("table");
      t.className = "findings";
      const h = document.createElement("tr");
      for (const s of ["Mã", "Trang", "Ô", "Nội dung", "Gợi ý"]) h.appendChild(text("th", s));
      t.appendChild(h);
      for (const x of f.diagnostics) {
        const tr = document.createElement("tr");
        tr.append(text("td", x.code, "code"), text("td", x.sheet), text("td", x.cell), text("td", x.message), text("td", x.hint));
        t.appendChild(tr);
      }
      d.appendChild(t);
    }
    return d;
  }

  async function upload(files) {
    const list = $("uploads");
    for (const f of files) {
      const li = text("li", "Đang kiểm tra " + f.name + "…");
      list.prepend(li);
      const fd = new FormData();
      fd.append("file", f, f.name);
      const r = await fetch(api + "/submissions", { method: "POST", body: fd });
      const j = await r.json();
      if (r.ok) {
        const errs = j.diagnostics.filter((x) => x.severity === "error").length;
        li.textContent = f.name + ": đã lưu — " + (j.agency || "chưa rõ cơ quan") + ", " + errs + " lỗi";
      } else {
        li.textContent = f.name + ": " + j.error.message;
        li.className = "err";
      }
    }
    await load();
  }

  async function run() {
    const b = $("run"), p = $("progress"), out = $("outputs");
    b.disabled = true; p.hidden = false; out.replaceChildren(text("span", "Đang tổng hợp…"));
    try {
      const r = await fetch(api + "/run", { method: "POST" });
      const j = await r.json();
      out.replaceChildren();
      if (!r.ok) { out.appendChild(text("span", j.error.message, "err")); return; }
      out.appendChild(text("p", "Đã tổng hợp: " + j.documents + " văn bản."));
      const order = (f) => (f.startsWith("bao-cao") ? 0 : f.startsWith("to-trinh") ? 1 : f.startsWith("cong-van") ? 2 : f.startsWith("quyet-dinh") ? 3 : 4);
      const files = j.files.map((f) => f.path).filter((f) => /\.(pdf|docx|xlsx)$/.test(f)).sort((a, b) => order(a) - order(b) || a.localeCompare(b));
      for (const f of files) {
        const a = text("a", f);
        a.href = api + "/files/" + f.split("/").map(encodeURIComponent).join("/");
        if (f.endsWith(".pdf")) a.target = "_blank";
        out.appendChild(a);
      }
      const z = text("a", "Tải tất cả (ZIP)");
      z.href = api + "/zip";
      out.prepend(z);
      await load();
    } finally { b.disabled = false; p.hidden = true; }
  }

  const drop = $("drop");
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => { e.preventDefault(); drop.classList.remove("over"); upload(e.dataTransfer.files); });
  $("picker").addEventListener("change", (e) => { upload(e.target.files); e.target.value = ""; });
  $("run").addEventListener("click", run);
  $("save-review").addEventListener("click", saveReview);
  $("filter").addEventListener("input", render);
  $("only").addEventListener("change", render);
  document.querySelectorAll("th[data-key]").forEach((th) => th.addEventListener("click", () => {
    const k = th.dataset.key;
    sortDir = sortKey === k ? -sortDir : 1; sortKey = k; render();
  }));
  load();
})();
