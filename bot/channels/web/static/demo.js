// Dumas demo page: a citizen's phone and a staff group, both drawn from /demo/api/state.
// Every word shown comes from the server's catalogs (the #config block).
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("config").textContent);
  var W = config.words;
  var $ = function (id) { return document.getElementById(id); };
  var user = localStorage.getItem("dumas-demo-user");
  if (!user) { user = newId("c-"); localStorage.setItem("dumas-demo-user", user); }
  var groupSelect = $("group-select"), officer = $("officer");
  var saved = localStorage.getItem("dumas-demo-group");
  if (saved && groupSelect.querySelector('option[value="' + saved + '"]')) groupSelect.value = saved;
  var version = "", replyTo = null, seenToasts = {}, firstState = true, inflight = null;

  function newId(prefix) {
    var a = new Uint8Array(8); crypto.getRandomValues(a);
    return prefix + Array.prototype.map.call(a, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function fmt(text, values) {
    return text.replace(/\{(\w+)\}/g, function (m, k) { return k in values ? values[k] : m; });
  }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }
  function post(url, body) {
    return fetch(url, {method: "POST", headers: {"Content-Type": "application/json"},
                       body: JSON.stringify(body)}).then(function (r) {
      if (!r.ok) throw new Error(r.status); return r.json(); });
  }
  function sayCitizen(body) {
    body.user = user; body.cid = newId("m");
    // a language picked on the page is the citizen's, as Telegram's app language;
    // otherwise the words of each message say it (the web adapter guesses)
    if (config.lang_chosen) body.language = config.lang;
    return post("/demo/api/citizen", body).then(refreshNow);
  }
  function sayStaff(body) {
    body.chat = groupSelect.value; body.user = officer.value; body.cid = newId("s");
    return post("/demo/api/staff", body).then(refreshNow);
  }

  // ------------------------------------------------------------ citizen chat
  function renderChat(items, busy) {
    var box = $("chat"), stick = box.scrollHeight - box.scrollTop - box.clientHeight < 80;
    box.textContent = "";
    items.forEach(function (m) {
      var b = el("div", "msg " + (m.from === "me" ? "me" : "bot"));
      b.dataset.key = m.key;
      if (m.location) b.appendChild(el("div", "text", fmt(W.pin, {lat: m.location[0].toFixed(5), lon: m.location[1].toFixed(5)})));
      if (m.file) b.appendChild(el("div", "text", fmt(W.file, {name: m.file})));
      if (m.text) b.appendChild(el("div", "text", m.text));
      (m.links || []).forEach(function (l) {
        var a = el("a", "link", l.label); a.href = l.url; a.rel = "noopener"; b.appendChild(a);
      });
      if (m.options && m.options.length) {
        var keys = el("div", "keys");
        keys.style.gridTemplateColumns = "repeat(" + Math.max(1, m.columns || 1) + ", 1fr)";
        m.options.forEach(function (o) {
          var k = el("button", "key", o.label); k.type = "button"; k.dataset.choice = o.id;
          k.addEventListener("click", function () { sayCitizen({choice: o.id, label: o.label, message: m.id}); });
          keys.appendChild(k);
        });
        b.appendChild(keys);
      }
      if (m.request_location) {
        var lk = el("button", "key loc", "📍 " + m.request_location); lk.type = "button";
        lk.addEventListener("click", openPicker); b.appendChild(lk);
      }
      box.appendChild(b);
    });
    if (busy) box.appendChild(el("div", "typing", W.typing));
    if (stick || firstState) box.scrollTop = box.scrollHeight;
  }

  // ------------------------------------------------------------ staff group
  function renderGroup(group) {
    var box = $("group"), stick = box.scrollHeight - box.scrollTop - box.clientHeight < 80;
    box.textContent = "";
    group.messages.forEach(function (m) {
      var b = el("div", "msg " + (m.from === "me" ? "me" : "bot") + (m.kind === "card" ? " card" : ""));
      b.dataset.key = m.key;
      if (m.id) b.dataset.id = m.id;
      if (m.from === "me") b.appendChild(el("div", "who", m.user || W.you));
      if (m.html !== undefined) { var t = el("div", "text"); t.innerHTML = m.html; b.appendChild(t); }
      else if (m.text) b.appendChild(el("div", "text", m.text));
      if (m.location) b.appendChild(el("div", "text", fmt(W.map_location, {lat: (+m.location[0]).toFixed(5), lon: (+m.location[1]).toFixed(5)})));
      if (m.media) b.appendChild(el("div", "text", fmt(W.file, {name: m.media})));
      (m.buttons || []).forEach(function (row) {
        var keys = el("div", "keys");
        keys.style.gridTemplateColumns = "repeat(" + row.length + ", 1fr)";
        row.forEach(function (k) {
          var btn = el("button", "key", k.label); btn.type = "button"; btn.dataset.callback = k.data;
          btn.addEventListener("click", function () { sayStaff({callback: k.data, message: m.id}); });
          keys.appendChild(btn);
        });
        b.appendChild(keys);
      });
      if (m.id && m.from !== "me") {
        var r = el("button", "reply-to", "↩ " + W.reply); r.type = "button";
        r.addEventListener("click", function () { setReply(m.id); });
        b.appendChild(r);
      }
      box.appendChild(b);
    });
    if (group.busy) box.appendChild(el("div", "typing", W.typing));
    if (stick || firstState) box.scrollTop = box.scrollHeight;
    group.messages.forEach(function (m) {
      // Like Telegram's ForceReply: a prompt for this officer opens the reply at once.
      if (!m.force_reply || seenToasts[m.key]) return;
      seenToasts[m.key] = true;
      if (!firstState) setReply(m.id);
    });
    group.toasts.forEach(function (t) {
      if (seenToasts[t.key]) return;
      seenToasts[t.key] = true;
      if (!firstState) toast(t.text);
    });
  }
  function toast(text) {
    var t = $("toast"); t.textContent = text; t.hidden = false;
    clearTimeout(toast.timer); toast.timer = setTimeout(function () { t.hidden = true; }, 4000);
  }
  function setReply(id) {
    replyTo = id; var bar = $("replybar");
    bar.querySelector("span").textContent = "↩ " + W.replying; bar.hidden = false; $("staff-text").focus();
  }
  $("reply-cancel").addEventListener("click", function () { replyTo = null; $("replybar").hidden = true; });

  // ------------------------------------------------------------ polling
  function url(wait) {
    return "/demo/api/state?user=" + encodeURIComponent(user) + "&group=" +
      encodeURIComponent(groupSelect.value) + "&since=" + encodeURIComponent(version) + "&wait=" + wait;
  }
  function apply(state) {
    version = state.version;
    renderChat(state.chat || [], state.chat_busy);
    if (state.group) renderGroup(state.group);
    firstState = false;
    document.body.dataset.version = version;
  }
  function poll() {
    var ctl = new AbortController(); inflight = ctl;
    fetch(url(20), {signal: ctl.signal}).then(function (r) {
      // 403: the demo was restarted and this page's session is gone: start a new one
      if (r.status === 403) { location.reload(); throw new Error(r.status); }
      return r.json(); })
      .then(function (s) { if (inflight === ctl) { apply(s); inflight = null; poll(); } })
      .catch(function (err) {
        if (err && err.name === "AbortError") return;
        inflight = null; setTimeout(poll, 1000);
      });
  }
  function refreshNow() {
    if (inflight) inflight.abort();
    inflight = null;
    version = ""; poll();
  }

  // ------------------------------------------------------------ composers
  $("composer").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var input = $("text"), text = input.value.trim();
    if (!text) return;
    input.value = ""; sayCitizen({text: text});
  });
  $("file").addEventListener("change", function () {
    var f = $("file").files[0]; if (!f) return;
    var form = new FormData();
    form.append("user", user); form.append("cid", newId("f"));
    if (config.lang_chosen) form.append("language", config.lang);
    form.append("file", f, f.name);
    fetch("/demo/api/upload", {method: "POST", body: form}).then(refreshNow);
    $("file").value = "";
  });
  $("staff-composer").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var input = $("staff-text"), text = input.value.trim();
    if (!text) return;
    input.value = ""; var body = {text: text};
    if (replyTo) body.reply_to = replyTo;
    replyTo = null; $("replybar").hidden = true;
    sayStaff(body);
  });
  groupSelect.addEventListener("change", function () {
    localStorage.setItem("dumas-demo-group", groupSelect.value); firstState = true; refreshNow();
  });
  $("new-citizen").addEventListener("click", function () {
    user = newId("c-"); localStorage.setItem("dumas-demo-user", user); firstState = true; refreshNow();
  });

  // ------------------------------------------------------------ map picker
  var province = null;
  function openPicker() {
    $("picker").hidden = false;
    if (!config.has_map) { $("map-help").textContent = W.no_map; $("map").textContent = ""; return; }
    loadMap(null);
  }
  function loadMap(prov) {
    province = prov;
    $("map-help").textContent = prov ? W.map_province : W.map_country;
    $("map-back").hidden = !prov;
    fetch("/demo/api/map" + (prov ? "?province=" + encodeURIComponent(prov) : ""))
      .then(function (r) { return r.text(); })
      .then(function (svg) { $("map").innerHTML = svg; });
  }
  $("map").addEventListener("click", function (ev) {
    var svg = $("map").querySelector("svg"); if (!svg) return;
    var target = ev.target.closest ? ev.target.closest("path") : null;
    if (!province) { if (target) loadMap(target.getAttribute("data-province")); return; }
    var pt = svg.createSVGPoint(); pt.x = ev.clientX; pt.y = ev.clientY;
    var p = pt.matrixTransform(svg.getScreenCTM().inverse());
    $("picker").hidden = true;
    sayCitizen({location: [-p.y, p.x]});
  });
  $("map-back").addEventListener("click", function () { loadMap(null); });
  $("map-close").addEventListener("click", function () { $("picker").hidden = true; });
  $("loc").addEventListener("click", openPicker);
  Array.prototype.forEach.call(document.querySelectorAll(".place"), function (b) {
    b.addEventListener("click", function () { $("picker").hidden = true; sayCitizen({text: b.dataset.place}); });
  });

  // ------------------------------------------------------------ phone tabs
  Array.prototype.forEach.call(document.querySelectorAll(".tabs button"), function (b) {
    b.addEventListener("click", function () {
      document.body.dataset.tab = b.dataset.tab;
      Array.prototype.forEach.call(document.querySelectorAll(".tabs button"), function (o) {
        o.setAttribute("aria-selected", o === b ? "true" : "false"); });
    });
  });
  document.body.dataset.tab = "citizen";
  poll();
})();
