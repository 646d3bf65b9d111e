// The copy desk's page: a textarea over a backdrop that mirrors its text
// and underlines the findings. Hand-written, no build step; served as a
// file (the Content-Security-Policy allows no inline script).
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const story = $("story"), highlights = $("highlights"), backdrop = $("backdrop");
  const statusLine = $("status"), list = $("findings"), detail = $("detail");
  const cardBox = $("card"), completeBox = $("complete"), formatBox = $("format");
  const ORDER = ["error", "warning", "info", "hint"];
  const GROUP = { error: "Errors", warning: "Warnings", info: "Notes", hint: "Hints" };

  // The token, if the server wants one, comes in the address's fragment
  // (never sent to the server in the URL); it is then kept for the tab.
  const fromHash = new URLSearchParams(location.hash.slice(1)).get("token");
  if (fromHash) {
    sessionStorage.setItem("copydesk-token", fromHash);
    history.replaceState(null, "", location.pathname);
  }
  const token = sessionStorage.getItem("copydesk-token");
  const session = (crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2));

  let fileName = null;
  let rules = {};
  // The last answer: the text it was for, and its findings in UTF-16
  // offsets into that text.
  let checked = { text: null, findings: [] };
  let shown = [];           // findings shown, offsets into the current text
  let selected = null;      // the finding in the detail pane
  let ignored = new Set();  // "ignore here" in plain text: rule, words, paragraph
  let inFlight = false, again = false, timer = 0;

  // --- text positions: the API speaks UTF-8 bytes, the page UTF-16 ---

  function utf8Length(text) {
    let n = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x80) n += 1;
      else if (c < 0x800) n += 2;
      else if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) { n += 4; i++; }
      else n += 3;
    }
    return n;
  }

  // Byte offset → UTF-16 index, for every character boundary of `text`.
  function byteIndex(text) {
    const bytes = utf8Length(text);
    const map = new Int32Array(bytes + 1);
    let b = 0;
    for (let i = 0; i < text.length; i++) {
      map[b] = i;
      const c = text.charCodeAt(i);
      if (c < 0x80) b += 1;
      else if (c < 0x800) b += 2;
      else if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) { b += 4; i++; }
      else b += 3;
    }
    map[b] = text.length;
    return (offset) => map[Math.min(Math.max(offset, 0), bytes)];
  }

  // --- the API ---

  async function call(path, body, params) {
    const query = new URLSearchParams(params || {});
    const headers = { "Content-Type": "text/plain; charset=utf-8" };
    if (token) headers.Authorization = "Bearer " + token;
    const response = await fetch(path + (query.toString() ? "?" + query : ""), {
      method: body === undefined ? "GET" : "POST", headers, body,
    });
    const answer = await response.json();
    if (!response.ok) throw new Error(answer.error || response.statusText);
    return answer;
  }

  const format = () => formatBox.value;
  // The status line is read out by screen readers: written only when it
  // says something new.
  const say = (text) => { if (statusLine.textContent !== text) statusLine.textContent = text; };

  // --- checking as one types: one request at a time, the latest text ---

  function schedule(delay) {
    clearTimeout(timer);
    timer = setTimeout(check, delay);
  }

  async function check() {
    if (inFlight) { again = true; return; }
    inFlight = true;
    const text = story.value;
    try {
      const found = await call("/api/check", text, { format: format(), session });
      const at = byteIndex(text);
      checked = {
        text,
        findings: found.map((f, n) => ({
          id: n, rule: f.rule, severity: f.severity, message: f.message, line: f.start.line,
          start: at(f.byte_start), end: at(f.byte_end),
          fixes: f.fixes.map((fix) => ({
            title: fix.title, safe: fix.safe,
            edits: fix.edits.map((e) => ({ start: at(e.byte_start), end: at(e.byte_end), replacement: e.replacement })),
          })),
        })),
      };
      render();
    } catch (err) {
      say("Cannot check: " + err.message);
    } finally {
      inFlight = false;
      if (again || story.value !== text) { again = false; schedule(0); }
    }
  }

  // The checked findings moved onto the current text: those before the
  // changed middle stay, those after it shift, those in it wait for the
  // next answer.
  function current() {
    const old = checked.text, now = story.value;
    if (old === null) return [];
    if (old === now) return checked.findings;
    let p = 0;
    const max = Math.min(old.length, now.length);
    while (p < max && old.charCodeAt(p) === now.charCodeAt(p)) p++;
    let s = 0;
    while (s < max - p && old.charCodeAt(old.length - 1 - s) === now.charCodeAt(now.length - 1 - s)) s++;
    const oldEnd = old.length - s, shift = now.length - old.length;
    const move = (x) => (x <= p ? x : x >= oldEnd ? x + shift : -1);
    const out = [];
    for (const f of checked.findings) {
      const spans = [[f.start, f.end]].concat(f.fixes.flatMap((x) => x.edits.map((e) => [e.start, e.end])));
      if (spans.some(([a, b]) => !(b <= p || a >= oldEnd) || (a === b && a === p && p !== oldEnd))) continue;
      out.push(Object.assign({}, f, {
        start: move(f.start), end: move(f.end),
        fixes: f.fixes.map((x) => Object.assign({}, x, {
          edits: x.edits.map((e) => Object.assign({}, e, { start: move(e.start), end: move(e.end) })),
        })),
      }));
    }
    return out;
  }

  function paragraphOf(text, at) {
    const start = text.lastIndexOf("\n\n", at) + 1;
    let end = text.indexOf("\n\n", at);
    if (end < 0) end = text.length;
    return text.slice(start, end);
  }

  const ignoreKey = (text, f) => f.rule + "\u0000" + text.slice(f.start, f.end) + "\u0000" + paragraphOf(text, f.start);

  function render() {
    const text = story.value;
    const all = current();
    shown = all.filter((f) => !ignored.has(ignoreKey(text, f)));
    if (selected) {
      const was = selected;
      selected = shown.find((f) => f.rule === was.rule && f.start === was.start && f.message === was.message) || null;
    }
    drawUnderlines(text);
    drawList(text);
    drawDetail();
    const hidden = all.length - shown.length;
    $("ignored").hidden = hidden === 0;
    $("ignored").textContent = hidden === 1 ? "1 finding ignored here." : hidden + " findings ignored here.";
    if (!inFlight || checked.text === text) {
      say(shown.length === 0 ? (text.trim() ? "No findings." : "Paste or type a story.")
        : shown.length === 1 ? "1 finding." : shown.length + " findings.");
    }
  }

  // --- the backdrop: the same text, findings underlined ---

  function drawUnderlines(text) {
    const marks = shown.slice().sort((a, b) => a.start - b.start || b.end - a.end);
    const out = document.createDocumentFragment();
    let at = 0;
    const plain = (end) => {
      if (end <= at) return;
      const span = document.createElement("span");
      span.dataset.start = at;
      span.textContent = text.slice(at, end);
      out.appendChild(span);
      at = end;
    };
    for (const f of marks) {
      let start = Math.max(f.start, at), end = f.end;
      if (end <= start) {
        // An empty range (a missing comma): underline the character there.
        if (f.start < at || start >= text.length) continue;
        end = start + 1;
      }
      plain(start);
      const mark = document.createElement("mark");
      mark.className = f.severity + (f === selected ? " selected" : "");
      mark.dataset.start = start;
      mark.dataset.finding = f.id;
      mark.textContent = text.slice(start, end);
      out.appendChild(mark);
      at = end;
    }
    plain(text.length);
    // A last line break needs a line after it to take its height.
    out.appendChild(document.createTextNode("\u200b"));
    highlights.replaceChildren(out);
    syncScroll();
  }

  function syncScroll() {
    backdrop.style.width = story.clientWidth + "px";
    backdrop.scrollTop = story.scrollTop;
    backdrop.scrollLeft = story.scrollLeft;
  }

  // The on-screen rectangle of character `index` of the text, from the
  // backdrop (it lays the text out exactly as the textarea does).
  function rectAt(index) {
    let last = null;
    for (const node of highlights.children) {
      if (node.dataset.start === undefined || !node.firstChild) continue;
      const start = Number(node.dataset.start), len = node.textContent.length;
      last = node;
      if (index >= start && index < start + len) {
        const range = document.createRange();
        range.setStart(node.firstChild, index - start);
        range.setEnd(node.firstChild, index - start + 1);
        const rects = range.getClientRects();
        return rects.length ? rects[0] : node.getBoundingClientRect();
      }
    }
    if (last) {
      // At the very end of the text: just after its last character.
      const range = document.createRange();
      range.setStart(last.firstChild, last.textContent.length);
      const r = range.getBoundingClientRect();
      if (r.height) return r;
    }
    return story.getBoundingClientRect();
  }

  // The index of the character under the point, if the point is on text.
  function indexAt(x, y) {
    // The point on the backdrop's copy of the text, under the textarea.
    story.style.pointerEvents = "none";
    backdrop.style.pointerEvents = "auto";
    let container = null, offset = 0;
    try {
      if (document.caretPositionFromPoint) {
        const p = document.caretPositionFromPoint(x, y);
        if (p) { container = p.offsetNode; offset = p.offset; }
      } else if (document.caretRangeFromPoint) {
        const r = document.caretRangeFromPoint(x, y);
        if (r) { container = r.startContainer; offset = r.startOffset; }
      }
    } finally {
      story.style.pointerEvents = "";
      backdrop.style.pointerEvents = "";
    }
    if (!container || container.nodeType !== Node.TEXT_NODE || !highlights.contains(container)) return -1;
    const node = container.parentElement;
    if (!node || node.dataset.start === undefined) return -1;
    const caret = Number(node.dataset.start) + offset;
    // The caret falls between characters: the one under the point is
    // before or after it; none when the point is past a line's end.
    for (const index of [caret, caret - 1]) {
      if (index < 0 || index >= story.value.length) continue;
      const r = rectAt(index);
      if (x >= r.left - 1 && x <= r.right + 1 && y >= r.top - 1 && y <= r.bottom + 1) return index;
    }
    return -1;
  }

  // --- the side list, grouped by severity ---

  function drawList(text) {
    const out = document.createDocumentFragment();
    const lineOf = lines(text);
    // A re-check must not take the focus from the entry the user is on.
    const focused = list.contains(document.activeElement) ? document.activeElement.dataset.key : null;
    let refocus = null;
    for (const severity of ORDER) {
      const group = shown.filter((f) => f.severity === severity).sort((a, b) => a.start - b.start);
      if (!group.length) continue;
      const section = document.createElement("section");
      section.className = "group " + severity;
      const title = document.createElement("h3");
      title.textContent = GROUP[severity] + " (" + group.length + ")";
      section.appendChild(title);
      const ul = document.createElement("ul");
      for (const f of group) {
        const li = document.createElement("li");
        const button = document.createElement("button");
        button.type = "button";
        button.className = "finding";
        button.dataset.finding = f.id;
        button.dataset.key = f.rule + ":" + f.start;
        if (button.dataset.key === focused) refocus = button;
        if (f === selected) button.setAttribute("aria-current", "true");
        const message = document.createElement("span");
        message.textContent = f.message;
        const where = document.createElement("span");
        where.className = "where";
        where.textContent = " · line " + lineOf(f.start) + " · ";
        const code = document.createElement("code");
        code.textContent = f.rule;
        button.append(message, where, code);
        button.addEventListener("click", () => select(f, true));
        li.appendChild(button);
        ul.appendChild(li);
      }
      section.appendChild(ul);
      out.appendChild(section);
    }
    list.replaceChildren(out);
    if (focused !== null) (refocus || list.querySelector("button") || story).focus();
    $("findings-title").textContent = shown.length ? "Findings (" + shown.length + ")" : "Findings";
  }

  // The 1-based line of an index of `text` (a binary search over the
  // lines' starts, found once).
  function lines(text) {
    const starts = [0];
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
    return (index) => {
      let lo = 0, hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid] <= index) lo = mid; else hi = mid - 1;
      }
      return lo + 1;
    };
  }

  // --- a finding's detail: explanation, fixes, ignore ---

  function select(f, focusDetail) {
    selected = f;
    render();
    reveal(f.start, f.end);
    if (focusDetail) {
      const first = detail.querySelector("button");
      (first || $("detail-title")).focus();
    }
  }

  function reveal(start, end) {
    const r = rectAt(start), box = story.getBoundingClientRect();
    if (r.top < box.top + 10 || r.bottom > box.bottom - 10) {
      story.scrollTop += r.top - box.top - box.height / 3;
      syncScroll();
    }
    story.setSelectionRange(start, end);
  }

  function drawDetail() {
    if (!selected) { detail.hidden = true; return; }
    const f = selected;
    detail.hidden = false;
    $("detail-title").textContent = (GROUP[f.severity] || "Finding").replace(/s$/, "") + ": " + f.rule;
    $("detail-message").textContent = f.message;
    const fixes = $("detail-fixes");
    const buttons = [];
    for (const fix of f.fixes) {
      const b = document.createElement("button");
      b.type = "button";
      b.className = fix.safe ? "safe" : "";
      b.textContent = "Apply: " + fix.title;
      if (fix.safe) {
        const badge = document.createElement("span");
        badge.className = "badge";
        badge.textContent = "safe";
        b.appendChild(badge);
      }
      b.addEventListener("click", () => applyFix(f, fix));
      buttons.push(b);
    }
    const ignore = document.createElement("button");
    ignore.type = "button";
    ignore.id = "ignore-here";
    ignore.textContent = "Ignore here";
    ignore.addEventListener("click", () => ignoreHere(f));
    buttons.push(ignore);
    // A re-check must not take the focus from the button the user is on.
    const focused = [...fixes.children].indexOf(document.activeElement);
    fixes.replaceChildren(...buttons);
    if (focused >= 0) buttons[Math.min(focused, buttons.length - 1)].focus();
    const rule = rules[f.rule];
    $("detail-explanation").replaceChildren(markdown(rule ? rule.explanation : ""));
  }

  // True while the page itself edits the story (a fix, a completion): the
  // input that follows is not typing, so it offers no name completion.
  let editing = false;

  // Replaces `start..end` of the story with `text`, as typing would (the
  // browser's undo takes it back).
  function replace(start, end, text) {
    story.focus();
    story.setSelectionRange(start, end);
    editing = true;
    try {
      if (!document.execCommand("insertText", false, text)) {
        story.setRangeText(text, start, end, "end");
        story.dispatchEvent(new Event("input"));
      }
    } finally {
      editing = false;
    }
  }

  function applyFix(f, fix) {
    const edits = fix.edits.slice().sort((a, b) => b.start - a.start);
    if (edits.some((e) => e.start < 0 || e.end < 0)) {
      say("The text changed there; check again before fixing.");
      return;
    }
    for (const e of edits) replace(e.start, e.end, e.replacement);
    selected = null;
    say("Applied: " + fix.title);
    schedule(0);
  }

  function ignoreHere(f) {
    const text = story.value;
    if (format() === "markdown") {
      // A directive the checker honours, as the editors' "ignore" inserts.
      const lineStart = text.lastIndexOf("\n", f.start - 1) + 1;
      replace(lineStart, lineStart, "<!-- copydesk-disable-next-line " + f.rule + " -->\n");
    } else {
      // Plain text has no directives: the page hides it while the
      // paragraph stays as it is.
      ignored.add(ignoreKey(text, f));
      story.focus();
    }
    selected = null;
    render();
    schedule(0);
  }

  // A little Markdown, built as DOM nodes (never as HTML): headings, lists,
  // rules, paragraphs, **bold**, *italic*, `code`.
  function markdown(source) {
    const out = document.createDocumentFragment();
    let ul = null;
    const inline = (parent, text) => {
      const re = /(\*\*[^*]+\*\*|`[^`]+`|\*[^*\s][^*]*\*)/g;
      let at = 0, m;
      while ((m = re.exec(text))) {
        parent.appendChild(document.createTextNode(text.slice(at, m.index)));
        const t = m[0];
        const el = document.createElement(t.startsWith("**") ? "strong" : t.startsWith("`") ? "code" : "em");
        el.textContent = t.startsWith("**") ? t.slice(2, -2) : t.slice(1, -1);
        parent.appendChild(el);
        at = m.index + t.length;
      }
      parent.appendChild(document.createTextNode(text.slice(at)));
    };
    for (const block of source.split(/\n\s*\n/)) {
      for (const line of block.split("\n")) {
        const trimmed = line.trim();
        if (!trimmed) continue;
        if (trimmed === "---") { ul = null; out.appendChild(document.createElement("hr")); continue; }
        const heading = /^#{1,6}\s+(.*)$/.exec(trimmed);
        if (heading) { ul = null; const h = document.createElement("h3"); inline(h, heading[1]); out.appendChild(h); continue; }
        const item = /^[-*]\s+(.*)$/.exec(trimmed);
        if (item) {
          if (!ul) { ul = document.createElement("ul"); out.appendChild(ul); }
          const li = document.createElement("li"); inline(li, item[1]); ul.appendChild(li); continue;
        }
        ul = null;
        const p = document.createElement("p"); inline(p, trimmed); out.appendChild(p);
      }
      ul = null;
    }
    return out;
  }

  // --- the hover card ---

  let hoverTimer = 0, hoverAt = -1, cardRange = null;

  function hideCard() { cardBox.hidden = true; cardRange = null; }

  // Puts a card or list below the text at `r`, or above it when there is
  // more room there, never over the text itself (the pointer is on it).
  function place(box, r) {
    const below = window.innerHeight - r.bottom - 14, above = r.top - 14;
    box.style.maxHeight = "";
    const wanted = box.offsetHeight;
    const down = wanted <= below || below >= above;
    box.style.maxHeight = Math.max(80, down ? below : above) + "px";
    const height = box.offsetHeight;
    box.style.top = (down ? r.bottom + 6 : r.top - 6 - height) + "px";
    box.style.left = Math.max(8, Math.min(r.left, window.innerWidth - box.offsetWidth - 8)) + "px";
  }

  async function showCard(index, near) {
    const text = story.value;
    const prefix = utf8Length(text.slice(0, index));
    try {
      const hover = await call("/api/hover", text, { format: format(), session, at: prefix });
      if (story.value !== text || !hover.cards.length) { if (!near.keep) hideCard(); return false; }
      const at = byteIndex(text);
      cardRange = [at(hover.byte_start), at(hover.byte_end)];
      const parts = document.createDocumentFragment();
      hover.cards.forEach((card, n) => {
        if (n) parts.appendChild(document.createElement("hr"));
        parts.appendChild(markdown(card));
      });
      cardBox.replaceChildren(parts);
      cardBox.hidden = false;
      place(cardBox, rectAt(cardRange[0]));
      return true;
    } catch (err) {
      say("Cannot show the card: " + err.message);
      return false;
    }
  }

  story.addEventListener("mousemove", (event) => {
    const index = indexAt(event.clientX, event.clientY);
    if (cardRange && index >= cardRange[0] && index < cardRange[1]) return;
    clearTimeout(hoverTimer);
    if (index < 0) { hideCard(); hoverAt = -1; return; }
    hoverAt = index;
    hoverTimer = setTimeout(() => { if (hoverAt === index) showCard(index, {}); }, 250);
  });
  story.addEventListener("mouseleave", (event) => {
    clearTimeout(hoverTimer);
    hoverAt = -1;
    // Onto the card itself: it stays, to be read or scrolled.
    if (!cardBox.contains(event.relatedTarget)) hideCard();
  });
  cardBox.addEventListener("mouseleave", (event) => { if (event.relatedTarget !== story) hideCard(); });

  // --- name completion ---

  // `engaged`: the list was asked for (Ctrl+Space) or moved in; only then
  // does Enter accept, so Enter after a name typed out still starts a new
  // line. Tab always accepts.
  // `offeredText`/`offeredCaret`: the story as it was when the list was
  // drawn; once either moves on, the list no longer fits and is not used.
  let items = [], chosen = 0, completeStart = 0, completeTimer = 0, engaged = false;
  let offeredText = "", offeredCaret = -1;

  // Whether the story is still `text` with the caret, and no selection, at
  // `caret`: what a list of names offered there needs to stay right.
  const unmoved = (text, caret) => story.value === text && story.selectionStart === caret && story.selectionEnd === caret;

  function closeCompletion() { completeBox.hidden = true; items = []; story.removeAttribute("aria-activedescendant"); }

  async function complete(explicit) {
    const text = story.value, caret = story.selectionEnd;
    if (story.selectionStart !== caret) return;
    const lineStart = text.lastIndexOf("\n", caret - 1) + 1;
    const line = text.slice(lineStart, caret);
    if (!explicit && !/[A-Z][\w'’.-]*( [\w'’.-]+)*$/u.test(line)) { closeCompletion(); return; }
    try {
      const found = await call("/api/complete", line, {});
      if (!unmoved(text, caret)) return;
      const typed = line.slice(found.length ? byteIndex(line)(found[0].byte_start) : 0);
      // Nothing left to complete: the name is typed out already.
      items = found.filter((item) => item.label !== typed);
      if (!items.length) { closeCompletion(); if (explicit) say("No name to complete here."); return; }
      completeStart = lineStart + byteIndex(line)(items[0].byte_start);
      chosen = 0;
      engaged = explicit;
      offeredText = text;
      offeredCaret = caret;
      drawCompletion();
      place(completeBox, rectAt(caret));
    } catch (err) {
      say("Cannot complete: " + err.message);
    }
  }

  function drawCompletion() {
    const lis = items.map((item, n) => {
      const li = document.createElement("li");
      li.id = "name-" + n;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", String(n === chosen));
      li.textContent = item.label;
      if (item.detail) { const small = document.createElement("small"); small.textContent = item.detail; li.appendChild(small); }
      li.addEventListener("mousedown", (event) => { event.preventDefault(); chosen = n; accept(); });
      return li;
    });
    completeBox.replaceChildren(...lis);
    completeBox.hidden = false;
    story.setAttribute("aria-activedescendant", "name-" + chosen);
    say(items[chosen].label + (items[chosen].detail ? ", " + items[chosen].detail : "") +
      " (" + (chosen + 1) + " of " + items.length + "; Tab to accept)");
  }

  function accept() {
    if (!unmoved(offeredText, offeredCaret)) { closeCompletion(); return; }
    const item = items[chosen];
    closeCompletion();
    replace(completeStart, story.selectionEnd, item.label);
    say("Completed: " + item.label);
  }

  // --- keys ---

  function findingAt(index) {
    return shown.find((f) => f.start <= index && index <= Math.max(f.end, f.start + 1));
  }

  function step(direction) {
    if (!shown.length) { say("No findings."); return; }
    const sorted = shown.slice().sort((a, b) => a.start - b.start);
    const caret = story.selectionStart;
    let next = direction > 0 ? sorted.find((f) => f.start > caret) || sorted[0]
      : sorted.slice().reverse().find((f) => f.start < caret) || sorted[sorted.length - 1];
    selected = next;
    render();
    reveal(next.start, next.end);
    say(next.severity + ": " + next.message + " (" + next.rule + ")");
  }

  story.addEventListener("keydown", (event) => {
    if (!completeBox.hidden && (!unmoved(offeredText, offeredCaret) || /^(ArrowLeft|ArrowRight|Home|End|PageUp|PageDown)$/.test(event.key))) closeCompletion();
    if (!completeBox.hidden && items.length) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        engaged = true;
        chosen = (chosen + (event.key === "ArrowDown" ? 1 : items.length - 1)) % items.length;
        drawCompletion();
        event.preventDefault();
        return;
      }
      if (event.key === "Tab" || (event.key === "Enter" && engaged)) { event.preventDefault(); accept(); return; }
      if (event.key === "Enter") closeCompletion();
      if (event.key === "Escape") { event.preventDefault(); closeCompletion(); return; }
    }
    if (event.key === "Escape" && !cardBox.hidden) { event.preventDefault(); hideCard(); return; }
    if (event.key === "F8") { event.preventDefault(); step(event.shiftKey ? -1 : 1); return; }
    if (event.key === " " && event.ctrlKey) { event.preventDefault(); complete(true); return; }
    if (event.key === "." && event.ctrlKey) {
      event.preventDefault();
      const f = findingAt(story.selectionStart);
      if (f) select(f, true); else say("No finding at the cursor.");
      return;
    }
    if ((event.key === "i" || event.key === "I") && event.altKey) {
      event.preventDefault();
      // Read out too: the card is a tooltip, which screen readers skip.
      showCard(story.selectionStart, {}).then((ok) => {
        say(ok ? cardBox.textContent.slice(0, 300) : "Nothing to show at the cursor.");
      });
    }
  });

  // Esc in the detail pane goes back to the story.
  detail.addEventListener("keydown", (event) => {
    if (event.key === "Escape") { event.preventDefault(); story.focus(); }
  });
  list.addEventListener("keydown", (event) => {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const buttons = [...list.querySelectorAll("button")];
    const at = buttons.indexOf(document.activeElement);
    if (at < 0) return;
    event.preventDefault();
    buttons[Math.max(0, Math.min(buttons.length - 1, at + (event.key === "ArrowDown" ? 1 : -1)))].focus();
  });

  story.addEventListener("input", (event) => {
    hideCard();
    render();
    schedule(150);
    clearTimeout(completeTimer);
    if (!editing && (event.inputType === "insertText" || event.inputType === "deleteContentBackward")) {
      // Offered only where the typing stopped: a caret moved or text changed
      // in the pause (a click elsewhere, a fix) asks for nothing.
      const typed = story.value, caret = story.selectionEnd;
      completeTimer = setTimeout(() => {
        if (unmoved(typed, caret)) complete(false);
      }, 150);
    } else {
      closeCompletion();
    }
  });
  // A click in the text moves the caret away from the name being completed.
  story.addEventListener("mousedown", closeCompletion);
  story.addEventListener("scroll", () => {
    syncScroll();
    hideCard();
    // Typing at the foot of the story scrolls it: the list follows the
    // caret, and closes only once the caret is out of sight.
    if (completeBox.hidden) return;
    const r = rectAt(story.selectionEnd), box = story.getBoundingClientRect();
    if (r.bottom < box.top || r.top > box.bottom) closeCompletion(); else place(completeBox, r);
  });
  story.addEventListener("blur", () => setTimeout(() => { if (document.activeElement !== story) closeCompletion(); }, 0));
  window.addEventListener("resize", () => { syncScroll(); render(); });

  // --- the toolbar ---

  formatBox.addEventListener("change", () => { ignored.clear(); schedule(0); });

  $("fix-all").addEventListener("click", async () => {
    const text = story.value;
    try {
      const fixed = await call("/api/fix-all", text, { format: format() });
      if (story.value !== text) { say("The text changed; try again."); return; }
      if (fixed.text === text) { say("No safe fixes to apply."); return; }
      let p = 0;
      while (p < text.length && text[p] === fixed.text[p]) p++;
      let s = 0;
      while (s < text.length - p && s < fixed.text.length - p &&
        text[text.length - 1 - s] === fixed.text[fixed.text.length - 1 - s]) s++;
      replace(p, text.length - s, fixed.text.slice(p, fixed.text.length - s));
      say("Applied " + fixed.applied + (fixed.applied === 1 ? " safe fix." : " safe fixes."));
      schedule(0);
    } catch (err) {
      say("Cannot fix: " + err.message);
    }
  });

  $("download").addEventListener("click", () => {
    const markdownStory = format() === "markdown";
    const name = fileName || (markdownStory ? "story.md" : "story.txt");
    const blob = new Blob([story.value], { type: (markdownStory ? "text/markdown" : "text/plain") + ";charset=utf-8" });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
    say("Downloaded " + name + ".");
  });

  async function load(file) {
    if (!/\.(txt|md|markdown)$/i.test(file.name)) { say("Open a .txt or .md file."); return; }
    if (file.size > 4 * 1024 * 1024) { say("That file is too large for the page."); return; }
    story.value = await file.text();
    fileName = file.name;
    formatBox.value = /\.(md|markdown)$/i.test(file.name) ? "markdown" : "plain";
    ignored.clear();
    selected = null;
    render();
    schedule(0);
    story.focus();
  }

  $("open").addEventListener("click", () => $("file").click());
  $("file").addEventListener("change", () => { const f = $("file").files[0]; if (f) load(f); });
  const editor = $("editor");
  editor.addEventListener("dragover", (event) => { event.preventDefault(); editor.classList.add("dropping"); });
  editor.addEventListener("dragleave", () => editor.classList.remove("dropping"));
  editor.addEventListener("drop", (event) => {
    event.preventDefault();
    editor.classList.remove("dropping");
    const f = event.dataTransfer.files[0];
    if (f) load(f);
  });

  call("/api/rules").then((all) => {
    for (const rule of all) rules[rule.id] = rule;
    drawDetail();
  }).catch((err) => say("Cannot reach the server: " + err.message));
  render();
  if (story.value) schedule(0);
})();
