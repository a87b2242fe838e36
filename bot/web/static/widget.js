/* The chat on a clinic's own website, in one line (docs/deploy.md):
 *
 *   <script src="https://chat.clinic.example/widget.js" async></script>
 *
 * It adds a launcher button at the bottom right and, when pressed, a panel holding the chat
 * page of this origin in an iframe: the conversation, its storage and its security policy stay
 * ours; the clinic's page sees none of it. The site must be in NMT_EMBED_ORIGINS (the page's
 * frame-ancestors), else the browser refuses the frame and the panel offers a link instead.
 *
 * Keyboard and phone: the launcher says whether the panel is open (aria-expanded); opening
 * moves the focus into the chat's message box, Escape (in the panel or the chat) and the
 * close button close it and give the focus back to the launcher. On a screen 480 px wide or
 * less the panel fills the screen. Optional: data-label="..." on the script tag names the
 * launcher. Everything is in a shadow root, so the site's styles and ours do not mix, and
 * nothing is loaded from anywhere else. Text is only ever set with textContent.
 */
(function () {
  "use strict";

  // filled in by the web app (bot/web/app.py, widget_script), as JSON strings
  var CLINIC_NAME = /*{{clinic_name}}*/ "";
  var PUBLIC_URL = /*{{public_url}}*/ "";

  var script = document.currentScript;
  if (!script || window.nmtChatWidget) return; // once per page, even if pasted twice
  window.nmtChatWidget = true;

  var BASE = PUBLIC_URL || new URL(script.src, window.location.href).origin;
  var LABEL = script.getAttribute("data-label") || "Self-assessment";
  var TITLE = CLINIC_NAME || "Self-assessment";
  // after the frame's load event, how long to wait for the chat page to say it is ready
  // before taking the frame as refused
  var REFUSED_AFTER_MS = 1500;
  var SVG = "http://www.w3.org/2000/svg";

  var CSS = [
    ":host { all: initial; }",
    ".launcher, .panel { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;",
    "  box-sizing: border-box; }",
    ".launcher { position: fixed; right: 16px; bottom: 16px; z-index: 2147483000;",
    "  display: flex; align-items: center; gap: 8px; min-height: 48px; padding: 0 18px;",
    "  border: 2px solid #ffffff; border-radius: 24px; background: #1f6f78; color: #ffffff;",
    "  font-size: 16px; font-weight: 600; line-height: 1.2; cursor: pointer;",
    "  box-shadow: 0 4px 14px rgb(0 0 0 / 30%); }",
    ".launcher:hover { background: #144c52; }",
    ".launcher svg { width: 22px; height: 22px; flex: none; }",
    "button:focus-visible, a:focus-visible, iframe:focus-visible {",
    "  outline: 3px solid #0b57d0; outline-offset: 2px; }",
    ".panel { position: fixed; right: 16px; bottom: 80px; z-index: 2147483001;",
    "  display: flex; flex-direction: column; width: min(400px, calc(100vw - 32px));",
    "  height: min(640px, calc(100vh - 112px)); background: #ffffff; color: #1b1f23;",
    "  border-radius: 12px; overflow: hidden; box-shadow: 0 8px 30px rgb(0 0 0 / 35%); }",
    ".panel[hidden], [hidden] { display: none !important; }",
    ".bar { display: flex; align-items: center; justify-content: space-between; gap: 8px;",
    "  padding: 2px 2px 2px 16px; background: #144c52; color: #ffffff; }",
    ".title { margin: 0; font-size: 16px; font-weight: 600; line-height: 1.3;",
    "  overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }",
    ".close { flex: none; width: 44px; height: 44px; padding: 0; border: 0; border-radius: 8px;",
    "  background: transparent; color: #ffffff; font-size: 28px; line-height: 1; cursor: pointer; }",
    ".close:hover { background: rgb(255 255 255 / 15%); }",
    ".close:focus-visible { outline-color: #ffffff; outline-offset: -4px; }",
    "iframe { flex: 1; display: block; width: 100%; min-height: 0; border: 0; }",
    ".refused { margin: 0; padding: 16px; font-size: 16px; line-height: 1.5; }",
    ".refused a { color: #144c52; }",
    "@media (max-width: 480px) {",
    "  .panel { top: 0; right: 0; bottom: 0; left: 0; width: 100%; height: 100%;",
    "    border-radius: 0; }",
    "  .open .launcher { display: none; }",
    "}",
  ].join("\n");

  var host, root, wrap, launcher, panel, closeButton, frame, refusedNote;
  var state = "closed"; // then "loading", "ready" or "refused" once the frame is made

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function setState(next) {
    state = next;
    host.setAttribute("data-state", next);
  }

  /* A speech bubble, drawn here (no image to fetch). */
  function bubbleIcon() {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var path = document.createElementNS(SVG, "path");
    path.setAttribute("fill", "currentColor");
    path.setAttribute(
      "d",
      "M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z"
    );
    svg.appendChild(path);
    return svg;
  }

  function addStyles() {
    if ("adoptedStyleSheets" in root && typeof CSSStyleSheet === "function") {
      try {
        var sheet = new CSSStyleSheet();
        sheet.replaceSync(CSS);
        root.adoptedStyleSheets = [sheet];
        return;
      } catch (error) {
        // an older browser: a style element below
      }
    }
    root.appendChild(el("style", null, CSS));
  }

  function panelHasFocus() {
    return root.activeElement !== null && panel.contains(root.activeElement);
  }

  /* The focus into the chat: its message box once the page is ready, else the frame. */
  function focusChat() {
    if (state === "refused") {
      refusedNote.querySelector("a").focus();
      return;
    }
    frame.focus();
    if (state === "ready") frame.contentWindow.postMessage({ nmt: "focus" }, BASE);
  }

  function refuse() {
    if (state === "ready") return;
    var hadFocus = panelHasFocus();
    setState("refused");
    frame.hidden = true;
    refusedNote.hidden = false;
    if (hadFocus && !panel.hidden) focusChat();
  }

  function makeFrame() {
    frame = el("iframe");
    frame.title = "Chat: " + TITLE;
    frame.src = BASE + "/";
    frame.addEventListener("load", function () {
      window.setTimeout(refuse, REFUSED_AFTER_MS);
    });
    panel.insertBefore(frame, refusedNote);
    setState("loading");
  }

  function open() {
    if (!frame) makeFrame();
    panel.hidden = false;
    wrap.classList.add("open");
    launcher.setAttribute("aria-expanded", "true");
    focusChat();
  }

  function close() {
    if (panel.hidden) return;
    panel.hidden = true;
    wrap.classList.remove("open");
    launcher.setAttribute("aria-expanded", "false");
    launcher.focus();
  }

  /* Messages from the chat page in our frame only: "ready" and "close". */
  function onMessage(event) {
    if (!frame || event.origin !== BASE || event.source !== frame.contentWindow) return;
    var data = event.data || {};
    if (data.nmt === "ready") {
      if (state === "refused") return;
      setState("ready");
      if (!panel.hidden && panelHasFocus()) focusChat();
    } else if (data.nmt === "close") {
      close();
    }
  }

  function build() {
    host = el("div");
    host.id = "nmt-chat-widget";
    root = host.attachShadow({ mode: "open" });
    addStyles();
    wrap = el("div", "nmt");

    launcher = el("button", "launcher");
    launcher.type = "button";
    launcher.setAttribute("aria-expanded", "false");
    launcher.setAttribute("aria-controls", "nmt-panel");
    launcher.appendChild(bubbleIcon());
    launcher.appendChild(el("span", null, LABEL));
    launcher.addEventListener("click", function () {
      if (panel.hidden) open();
      else close();
    });

    panel = el("div", "panel");
    panel.id = "nmt-panel";
    panel.hidden = true;
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-modal", "false");
    panel.setAttribute("aria-labelledby", "nmt-title");
    var bar = el("div", "bar");
    var title = el("p", "title", TITLE);
    title.id = "nmt-title";
    closeButton = el("button", "close", "\u00d7");
    closeButton.type = "button";
    closeButton.setAttribute("aria-label", "Close the chat");
    closeButton.addEventListener("click", close);
    bar.appendChild(title);
    bar.appendChild(closeButton);
    panel.appendChild(bar);

    refusedNote = el("p", "refused", "The chat cannot open on this page. ");
    refusedNote.hidden = true;
    var link = el("a", null, "Open the chat in a new tab");
    link.href = BASE + "/";
    link.target = "_blank";
    link.rel = "noopener";
    refusedNote.appendChild(link);
    refusedNote.appendChild(document.createTextNode("."));
    panel.appendChild(refusedNote);

    wrap.appendChild(launcher);
    wrap.appendChild(panel);
    root.appendChild(wrap);
    root.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !panel.hidden) {
        event.preventDefault();
        close();
      }
    });
    window.addEventListener("message", onMessage);
    setState("closed");
    document.body.appendChild(host);
  }

  if (document.body) build();
  else document.addEventListener("DOMContentLoaded", build);
})();
