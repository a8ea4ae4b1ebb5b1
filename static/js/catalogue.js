// Progressive enhancement of the list page: facet links, chips, sorting, search and paging
// fetch the results+facets region instead of loading a whole page, and keep the URL in sync.
// Without this file every control is a plain link or GET form and works the same.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  var narrowScreen = window.matchMedia("(max-width: 55.99rem)");

  // Phones: 「N件を表示」 under the facets closes the panel and goes to the results. Without
  // this it is a plain link to #results, which lands there too with the panel left open.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-show-results]");
    if (!button || event.defaultPrevented) return;
    var target = document.getElementById("results");
    if (!target) return;
    event.preventDefault();
    var facets = button.closest("[data-facets]");
    if (facets) facets.open = false;
    target.scrollIntoView({ block: "start" });
    target.focus({ preventScroll: true });
  });

  // The insights page has the panel but no in-place loading: closed on phones, as on the list.
  if (narrowScreen.matches && !document.querySelector("[data-region]")) {
    var panel = document.querySelector("[data-facets]");
    if (panel) panel.open = false;
  }

  var region = document.querySelector("[data-region]");
  if (!region || !window.fetch || !window.history.pushState) return;

  var listPath = region.getAttribute("data-region");
  var facetsOpen = !narrowScreen.matches;
  var pending = null;

  function setFacetsOpen() {
    var facets = region.querySelector("[data-facets]");
    if (facets) facets.open = facetsOpen;
  }

  function isListUrl(url) {
    return url.origin === window.location.origin && url.pathname === listPath;
  }

  // The language switch returns to its `next` URL: keep it at the current state.
  function syncLanguageNext() {
    var next = document.querySelector("form.language input[name=next]");
    if (next) next.value = window.location.pathname + window.location.search;
  }

  // The new state in the tab's title, and the new result count for screen readers: the
  // heading itself was just replaced, and a replaced live region is not announced.
  function announce() {
    var layout = region.querySelector("[data-page-title]");
    if (layout) document.title = layout.getAttribute("data-page-title");
    var status = document.getElementById("results-status");
    var heading = document.getElementById("results-heading");
    if (status && heading) status.textContent = heading.textContent;
  }

  function restoreFocus(id) {
    var target = id && document.getElementById(id);
    if (!target) target = document.getElementById("results-heading");
    if (!target) return;
    if (!target.hasAttribute("tabindex") && target.tagName === "H2") {
      target.setAttribute("tabindex", "-1");
    }
    target.focus({ preventScroll: !!id && target.id === id });
  }

  // What is in the text boxes (the search) when a request leaves, and just before its answer
  // replaces them: by id, the value and the caret.
  function textBoxes() {
    var boxes = {};
    region.querySelectorAll("input[type=search][id], input[type=text][id]").forEach(function (box) {
      boxes[box.id] = { value: box.value, start: box.selectionStart, end: box.selectionEnd };
    });
    return boxes;
  }

  // The new region's boxes show the state the server read, except where the visitor typed
  // while the answer was on its way: that text is theirs and stays, not the previous search's.
  // The focused box gets its caret back where it was; a fresh box's caret would be at 0, and
  // typing " OR SQL" after searching 改ざん would give "OR SQL改ざん".
  function keepTyping(sent, before, focusedId) {
    Object.keys(before).forEach(function (id) {
      var box = document.getElementById(id);
      if (!box || !sent[id]) return;
      if (before[id].value !== sent[id].value) box.value = before[id].value;
      if (id === focusedId && document.activeElement === box) {
        var end = box.value.length;
        box.setSelectionRange(Math.min(before[id].start, end), Math.min(before[id].end, end));
      }
    });
  }

  function load(url, push) {
    if (pending) pending.abort();
    pending = new AbortController();
    var focused = document.activeElement && region.contains(document.activeElement)
      ? document.activeElement.id : "";
    var sent = textBoxes();
    var details = region.querySelector("[data-facets]");
    if (details) facetsOpen = details.open;
    region.classList.add("is-loading");
    region.setAttribute("aria-busy", "true");
    fetch(url, { headers: { "X-Requested-With": "fetch" }, signal: pending.signal })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.text();
      })
      .then(function (html) {
        var before = textBoxes();
        var typingIn = document.activeElement && region.contains(document.activeElement)
          ? document.activeElement.id : focused;
        region.innerHTML = html;
        setFacetsOpen();
        if (push) window.history.pushState({ catalogue: true }, "", url);
        syncLanguageNext();
        announce();
        restoreFocus(typingIn);
        keepTyping(sent, before, typingIn);
      })
      .catch(function (error) {
        if (error.name === "AbortError") return;
        window.location.href = url; // let the server render the page the usual way
      })
      .finally(function () {
        region.classList.remove("is-loading");
        region.removeAttribute("aria-busy");
      });
  }

  region.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var link = event.target.closest("a[href]");
    if (!link || link.hasAttribute("data-no-swap")) return;
    var url = new URL(link.href, window.location.href);
    if (!isListUrl(url)) return;
    event.preventDefault();
    load(url.pathname + url.search, true);
  });

  // Facet values look like checkboxes: let Space toggle them as well as Enter.
  region.addEventListener("keydown", function (event) {
    if (event.key !== " " || event.metaKey || event.ctrlKey || event.altKey) return;
    var link = event.target.closest("a.facet-value");
    if (!link) return;
    event.preventDefault(); // no page scroll
    link.click();
  });

  region.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-catalogue-form")) return;
    event.preventDefault();
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (value !== "") params.append(name, value);
    });
    var query = params.toString();
    load(listPath + (query ? "?" + query : ""), true);
  });

  region.addEventListener("change", function (event) {
    var select = event.target.closest("[data-autosubmit]");
    if (!select) return;
    if (select.form.requestSubmit) select.form.requestSubmit();
    else select.form.dispatchEvent(new Event("submit", { cancelable: true, bubbles: true }));
  });

  window.addEventListener("popstate", function () {
    if (window.location.pathname === listPath) {
      load(window.location.pathname + window.location.search, false);
    }
  });

  window.history.replaceState({ catalogue: true }, "", window.location.href);
  setFacetsOpen();
})();
