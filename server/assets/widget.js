/*
 * dxsearch widget.js -- instant search for a site's existing search box.
 *
 *   <script src="https://search.example.jp/widget.js"
 *           data-dxsearch="#site-search" defer></script>
 *
 * data-dxsearch         CSS selector of the search box
 *                       (default: input[type=search], else input[name=q])
 * data-dxsearch-api     search API (default: api/search beside widget.js)
 * data-dxsearch-more    "all results" page (default: ./ beside widget.js)
 * data-dxsearch-limit   results shown (default 8, at most 100)
 * data-dxsearch-delay   debounce in ms (default 150)
 * data-dxsearch-styles  "none": no built-in styles (style .dxs-* yourself)
 *
 * Typing searches after a short pause; while an input method (IME) is
 * composing, nothing is searched: the search runs on compositionend.
 * Results: role=listbox under the box; arrow keys move, Enter opens,
 * Escape closes.  Built-in styles use :where() (zero specificity) and
 * custom properties (--dxs-*), so any site rule overrides them.  After
 * each render the box receives a "dxsearch:results" event ({query,
 * total, count}).  If the API cannot be reached (e.g. the site's origin
 * is not in the server's --allow-origin), the box keeps working as
 * before.  Snippets are rebuilt from text and <mark> only; links are
 * http(s) or relative only.
 */
(function () {
  'use strict';
  var script = document.currentScript ||
    document.querySelector('script[data-dxsearch]');
  if (!script || !window.fetch) return;
  var base = new URL(script.src || location.href, location.href);
  function opt(name, def) {
    var v = script.getAttribute('data-dxsearch' + (name ? '-' + name : ''));
    return v === null || v === '' ? def : v;
  }
  /* Relative to the script: works behind a proxy under a sub-path. */
  var API = new URL(opt('api', 'api/search'), base).href;
  var MORE = new URL(opt('more', './'), base).href;
  var LIMIT = Math.min(100, Math.max(1, parseInt(opt('limit', '8'), 10) || 8));
  var DELAY = Math.max(0, parseInt(opt('delay', '150'), 10) || 0);
  var uid = 0;

  var CSS =
    ':where(.dxs-panel){position:absolute;z-index:2147483000;box-sizing:border-box;' +
    'background:var(--dxs-bg,#fff);color:var(--dxs-fg,#1b1b1b);' +
    'border:1px solid var(--dxs-line,#c8c8c8);border-radius:8px;' +
    'box-shadow:0 6px 24px rgba(0,0,0,.16);max-height:70vh;overflow:auto;' +
    'font:inherit;font-size:15px;line-height:1.6;text-align:left}' +
    ':where(.dxs-panel[hidden]){display:none}' +
    ':where(.dxs-item){display:block;padding:.6em .9em;color:inherit;' +
    'text-decoration:none;border-bottom:1px solid var(--dxs-line,#e4e4e4)}' +
    ':where(.dxs-item[aria-selected=true],.dxs-item:hover){' +
    'background:var(--dxs-active,#eef3fb)}' +
    ':where(.dxs-item-title){display:block;font-weight:bold;' +
    'color:var(--dxs-link,#1a4fa3)}' +
    ':where(.dxs-item-heading){display:block;font-size:.9em;' +
    'color:var(--dxs-muted,#555)}' +
    ':where(.dxs-item-snippet){display:-webkit-box;-webkit-box-orient:vertical;' +
    '-webkit-line-clamp:3;overflow:hidden;font-size:.9em;overflow-wrap:anywhere}' +
    ':where(.dxs-item-snippet mark){background:var(--dxs-mark,#ffe58a);' +
    'color:inherit;padding:0 .1em}' +
    ':where(.dxs-note,.dxs-more){display:block;padding:.6em .9em;font-size:.9em;' +
    'color:var(--dxs-muted,#555)}' +
    ':where(.dxs-more){color:var(--dxs-link,#1a4fa3)}' +
    ':where(.dxs-sr){position:absolute;width:1px;height:1px;overflow:hidden;' +
    'clip:rect(0 0 0 0);white-space:nowrap}';

  function addStyles() {
    if (opt('styles', '') === 'none' || document.getElementById('dxs-style'))
      return;
    var st = document.createElement('style');
    st.id = 'dxs-style';
    st.textContent = CSS;
    /* First in <head>: the site's own rules come later and win. */
    var head = document.head || document.documentElement;
    head.insertBefore(st, head.firstChild);
  }

  /* http(s) or relative without a scheme; nothing else is linked. */
  function safeUrl(u) {
    if (!u || /[\u0000-\u0020\u007f\\]/.test(u)) return null;
    if (/^https?:\/\//i.test(u)) return u;
    return /^[^\/?#]*:/.test(u) ? null : u;
  }
  function hitUrl(h) {
    if (!h.url) return null;
    var u = h.url;
    if (h.anchor) u = u.split('#')[0] + '#' + h.anchor;
    return safeUrl(u);
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  /* The API's snippet is escaped HTML with <mark>; keep text and marks
   * only, whatever it holds (parsed inertly, never inserted as HTML). */
  function snippet(html) {
    var out = el('span', 'dxs-item-snippet');
    var body = new DOMParser().parseFromString(
      '<!DOCTYPE html><body>' + (html || ''), 'text/html').body;
    body.childNodes.forEach(function (n) {
      if (n.nodeType === 1 && n.nodeName === 'MARK')
        out.appendChild(el('mark', '', n.textContent));
      else
        out.appendChild(document.createTextNode(n.textContent));
    });
    return out;
  }

  function attach(input) {
    if (input.dxsearch) return;
    input.dxsearch = true;
    var id = 'dxs-' + (++uid);
    var panel = el('div', 'dxs-panel');
    var status = el('div', 'dxs-sr');
    var composing = false, timer = 0, seq = 0, last = '', active = -1;
    var ctrl = null, items = [];

    panel.id = id + '-list';
    panel.setAttribute('role', 'listbox');
    panel.setAttribute('aria-label', '検索候補');
    panel.hidden = true;
    status.setAttribute('role', 'status');
    status.setAttribute('aria-live', 'polite');
    document.body.appendChild(panel);
    document.body.appendChild(status);
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-controls', panel.id);
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('autocomplete', 'off');

    function place() {
      var r = input.getBoundingClientRect();
      var w = Math.max(r.width, Math.min(420, document.documentElement.clientWidth - 16));
      var left = Math.min(r.left, document.documentElement.clientWidth - w - 8);
      panel.style.top = (r.bottom + window.scrollY + 4) + 'px';
      panel.style.left = (Math.max(8, left) + window.scrollX) + 'px';
      panel.style.width = w + 'px';
    }
    function open(on) {
      panel.hidden = !on;
      input.setAttribute('aria-expanded', on ? 'true' : 'false');
      if (on) place();
      else select(-1);
    }
    function select(i) {
      if (active >= 0 && items[active]) items[active].setAttribute('aria-selected', 'false');
      active = i;
      if (i >= 0 && items[i]) {
        items[i].setAttribute('aria-selected', 'true');
        input.setAttribute('aria-activedescendant', items[i].id);
        items[i].scrollIntoView({ block: 'nearest' });
      } else {
        input.removeAttribute('aria-activedescendant');
      }
    }
    function render(q, data) {
      var res = data.results || [];
      panel.textContent = '';
      items = [];
      active = -1;
      res.forEach(function (h, i) {
        var href = hitUrl(h);
        var a = el(href ? 'a' : 'div', 'dxs-item');
        if (href) a.href = href;
        a.id = id + '-' + i;
        a.setAttribute('role', 'option');
        a.setAttribute('aria-selected', 'false');
        a.tabIndex = -1;
        a.appendChild(el('span', 'dxs-item-title', h.title || h.path));
        if (h.heading) a.appendChild(el('span', 'dxs-item-heading', h.heading));
        a.appendChild(snippet(h.snippet));
        panel.appendChild(a);
        items.push(a);
      });
      if (!res.length)
        panel.appendChild(el('div', 'dxs-note', '「' + q + '」に一致する結果はありません'));
      var more = el('a', 'dxs-more', 'すべての結果を見る（約' + (data.total || 0) + '件）');
      more.href = MORE + (MORE.indexOf('?') < 0 ? '?' : '&') + 'q=' + encodeURIComponent(q);
      if (res.length) panel.appendChild(more);
      status.textContent = res.length ? '約' + data.total + '件の結果' : '結果はありません';
      open(true);
      input.dispatchEvent(new CustomEvent('dxsearch:results', {
        detail: { query: q, total: data.total || 0, count: res.length }
      }));
    }
    function run() {
      timer = 0;
      var q = input.value.trim();
      if (q === last) return;
      last = q;
      if (ctrl) ctrl.abort();
      ctrl = null;
      if (!q) { open(false); return; }
      var my = ++seq;
      ctrl = window.AbortController ? new AbortController() : null;
      window.fetch(API + '?q=' + encodeURIComponent(q) + '&limit=' + LIMIT, {
        credentials: 'omit', signal: ctrl ? ctrl.signal : undefined
      }).then(function (r) {
        return r.ok ? r.json() : null;
      }).then(function (data) {
        if (!data || my !== seq) return;
        if (composing) last = '';      /* typed on meanwhile: redo later */
        else render(q, data);
      }).catch(function () { /* offline, aborted or not allowed: stay quiet */ });
    }
    function schedule() {
      if (timer) clearTimeout(timer);
      timer = setTimeout(run, DELAY);
    }

    input.addEventListener('compositionstart', function () {
      composing = true;
      if (timer) clearTimeout(timer);
      timer = 0;
    });
    input.addEventListener('compositionend', function () {
      composing = false;
      schedule();
    });
    input.addEventListener('input', function (e) {
      if (composing || e.isComposing) return;
      schedule();
    });
    input.addEventListener('keydown', function (e) {
      /* keyCode 229: a key the IME is handling (e.g. Enter to confirm). */
      if (e.isComposing || e.keyCode === 229 || composing) return;
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        if (panel.hidden) { if (items.length) open(true); else return; }
        e.preventDefault();
        var n = items.length;
        if (!n) return;
        select(e.key === 'ArrowDown' ? (active + 1) % n : (active <= 0 ? n : active) - 1);
      } else if (e.key === 'Enter' && !panel.hidden && active >= 0 && items[active].href) {
        e.preventDefault();
        location.href = items[active].href;
      } else if (e.key === 'Escape' && !panel.hidden) {
        e.preventDefault();
        open(false);
      }
    });
    input.addEventListener('focus', function () {
      if (items.length && input.value.trim() === last) open(true);
    });
    document.addEventListener('mousedown', function (e) {
      if (e.target !== input && !panel.contains(e.target)) open(false);
    });
    input.addEventListener('blur', function () {
      /* Tabbing away closes; a click on a result keeps it (focus moves
       * into the panel first). */
      setTimeout(function () {
        if (document.activeElement !== input && !panel.contains(document.activeElement))
          open(false);
      }, 150);
    });
    function replace() { if (!panel.hidden) place(); }
    window.addEventListener('resize', replace);
    window.addEventListener('scroll', replace, { passive: true });
  }

  function init() {
    var sel = opt('', 'input[type=search], input[name=q]');
    var inputs;
    try { inputs = document.querySelectorAll(sel); } catch (e) { return; }
    if (!inputs.length) return;
    addStyles();
    inputs.forEach(function (i) { if (i.tagName === 'INPUT') attach(i); });
  }
  if (document.readyState === 'loading')
    document.addEventListener('DOMContentLoaded', init);
  else
    init();
})();
