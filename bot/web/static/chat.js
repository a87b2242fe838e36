/* The visitor's chat page: talks to the REST channel (docs/messages.md) at /chat/webhook on
 * its own origin, which the web app forwards to Rasa.
 *
 * Every text shown comes from the visitor or the bot and is plain text: it is only ever put
 * into the page with textContent and createElement, never parsed as HTML.
 * The conversation (the messages as received, not HTML) and the sender id are kept in
 * sessionStorage, so a reload keeps the conversation; Rasa keeps its state under the same id.
 *
 * In the widget's frame on a clinic's website (widget.js), the page tells the widget it is
 * ready, asks it to close on Escape, and takes the focus when the widget opens.
 */
(function () {
  "use strict";

  var SENDER_KEY = "nmt.sender";
  var TRANSCRIPT_KEY = "nmt.transcript";
  var MAX_ENTRIES = 1000;
  var TIMEOUT_MS = 60000;
  var UNREACHABLE =
    "The assistant can't be reached right now. Please try again in a minute, or call the clinic.";
  var PDF_UNAVAILABLE =
    "The PDF is not available right now. You can print this summary instead.";
  var REVOKE_AFTER_MS = 10000;
  // A reply slower than this shows SLOW_TEXT; a page may set data-slow-after-ms on <body> (the
  // browser tests do, so as not to wait 10 s).
  var SLOW_AFTER_MS = 10000;
  var SLOW_TEXT = "Still working on it\u2026 Thank you for waiting.";
  var CALL_THE_CLINIC = "call the clinic";
  // the message box: its limit is the textarea's data-max-chars (index.html); the count shows
  // from NEAR_LIMIT characters before it
  var MAX_CHARS = 4000;
  var NEAR_LIMIT = 200;
  var EMPTY_HINT = "Please type your message first.";
  // wider than this, the outcome's factors are shown unfolded (chat.css's small screens: 480px)
  var WIDE_SCREEN = "(min-width: 481px)";
  // the chat channel on this page's own origin (bot/web/app.py forwards it to Rasa)
  var CHAT_URL = "/chat/webhook";
  // in the widget's frame on another page (widget.js)
  var EMBEDDED = window.parent !== window;

  var config = null;
  // resolves once /config.json has been read or has failed (start); a message sent before then
  // waits for it, rather than being dropped
  var configLoaded = null;
  var sender = null;
  // {kind: "user", text, chosen} or {kind: "bot", message, booking}; a bot message followed by a
  // user message has been answered, and its buttons and card are disabled; `chosen`, when the
  // answer came from the controls of a bot message, is their state (answerState)
  var entries = [];
  var pending = false;
  var emergency = false;
  var memoryStore = {};
  var formCount = 0; // for the ids of the cards' controls

  var logEl, form, input, sendButton, noteEl, countEl;
  // what the note under the message box says: "", "empty", "near", "over" or "which"
  var noteKind = "";

  // --- storage ---------------------------------------------------------------------------

  function storageGet(key) {
    try {
      return window.sessionStorage.getItem(key);
    } catch (e) {
      return Object.prototype.hasOwnProperty.call(memoryStore, key) ? memoryStore[key] : null;
    }
  }

  function storageSet(key, value) {
    try {
      window.sessionStorage.setItem(key, value);
    } catch (e) {
      memoryStore[key] = value;
    }
  }

  function newSenderId() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID().replace(/-/g, "");
    }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map
      .call(bytes, function (b) {
        return (b + 256).toString(16).slice(1);
      })
      .join("");
  }

  function loadSender() {
    var id = storageGet(SENDER_KEY);
    if (!id || !/^[0-9a-f]{32}$/.test(id)) {
      id = newSenderId();
      storageSet(SENDER_KEY, id);
    }
    return id;
  }

  function loadTranscript() {
    var raw = storageGet(TRANSCRIPT_KEY);
    if (!raw) return [];
    try {
      var parsed = JSON.parse(raw);
      if (!Array.isArray(parsed)) return [];
      return parsed.filter(function (entry) {
        return (
          entry &&
          ((entry.kind === "user" && typeof entry.text === "string") ||
            (entry.kind === "bot" && entry.message && typeof entry.message === "object"))
        );
      });
    } catch (e) {
      return [];
    }
  }

  function saveTranscript() {
    if (entries.length > MAX_ENTRIES) entries = entries.slice(entries.length - MAX_ENTRIES);
    storageSet(TRANSCRIPT_KEY, JSON.stringify(entries));
  }

  // --- small DOM helpers -------------------------------------------------------------------

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function str(value) {
    return typeof value === "string" ? value : "";
  }

  function custom(message) {
    return message && message.custom && typeof message.custom === "object" ? message.custom : {};
  }

  /* Plain text as paragraphs; lines starting with "- " become list items. */
  function renderText(text, container) {
    var lines = str(text).split(/\r?\n/);
    var list = null;
    lines.forEach(function (line) {
      if (/^\s*- /.test(line)) {
        if (!list) {
          list = el("ul", "msg-list");
          container.appendChild(list);
        }
        list.appendChild(el("li", null, line.replace(/^\s*- /, "")));
        return;
      }
      list = null;
      if (line.trim() === "") return;
      container.appendChild(el("p", null, line));
    });
    return container;
  }

  /* `node` at the top of the conversation's view (below the log's own padding), or as near as
     the end of the log allows. */
  function scrollToTop(node) {
    var gap = logEl.clientTop + parseFloat(window.getComputedStyle(logEl).paddingTop);
    logEl.scrollTop += node.getBoundingClientRect().top - logEl.getBoundingClientRect().top - gap;
  }

  function scrollToEnd() {
    logEl.scrollTop = logEl.scrollHeight;
  }

  function httpUrl(url) {
    try {
      var parsed = new URL(url, window.location.href);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch (e) {
      return null;
    }
  }

  function externalLink(href, label) {
    var link = el("a", "booking-link", label);
    link.href = href;
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    return link;
  }

  // --- emergency ---------------------------------------------------------------------------

  function isEmergency(entry) {
    if (!entry || entry.kind !== "bot") return false;
    var c = custom(entry.message);
    return (
      (c.type === "assessment_outcome" &&
        (c.next_step === "call_emergency" || c.disposition === "emergency")) ||
      (c.type === "handoff" && c.next_step === "call_emergency")
    );
  }

  /* After an emergency outcome nothing on the page offers booking any more. */
  function enterEmergency() {
    emergency = true;
    document.body.classList.add("emergency-mode");
    Array.prototype.forEach.call(
      logEl.querySelectorAll(".booking, .booking-link, .next-step-booking"),
      function (node) {
        node.remove();
      }
    );
  }

  // --- the clinic's phone and address, the emergency number (config.json, bot/settings.py) -----

  function configText(name) {
    return config && typeof config[name] === "string" ? config[name].trim() : "";
  }

  function callLink(number, label, className) {
    var link = el("a", className || "call-link", label);
    link.href = "tel:" + number.replace(/[^0-9+]/g, "");
    return link;
  }

  /* `text` into `container`; where it says "call the clinic", the clinic's number follows as a
     link when it is set. */
  function renderCallText(container, text) {
    var phone = configText("clinic_phone");
    var at = text.indexOf(CALL_THE_CLINIC);
    if (!phone || at < 0) {
      container.appendChild(document.createTextNode(text));
      return container;
    }
    var end = at + CALL_THE_CLINIC.length;
    container.appendChild(document.createTextNode(text.slice(0, end) + " on "));
    container.appendChild(callLink(phone, phone));
    container.appendChild(document.createTextNode(text.slice(end)));
    return container;
  }

  /* The emergency card's tap-to-call button; null when no number is configured. */
  function emergencyCall() {
    var number = configText("emergency_number");
    if (!number) return null;
    var p = el("p", "call");
    p.appendChild(callLink(number, "Call " + number + " now", "call-button"));
    return p;
  }

  /* The footer: the emergency number, and the clinic's phone and address when they are set. */
  function showContact() {
    var number = configText("emergency_number");
    var note = document.getElementById("emergency-note");
    if (number && note) {
      note.textContent = "";
      note.appendChild(document.createTextNode("In an emergency, call "));
      note.appendChild(callLink(number, number));
      note.appendChild(document.createTextNode(" now. Do not wait for this chat."));
    }
    var phone = configText("clinic_phone");
    var address = configText("clinic_address");
    var contact = document.getElementById("clinic-contact");
    if (!contact || (!phone && !address)) return;
    contact.textContent = "";
    if (phone) {
      contact.appendChild(document.createTextNode("Clinic: "));
      contact.appendChild(callLink(phone, phone));
    }
    if (phone && address) contact.appendChild(document.createTextNode(" \u00b7 "));
    if (address) contact.appendChild(el("span", "clinic-address", address));
    contact.hidden = false;
  }

  // --- rendering messages --------------------------------------------------------------------

  function renderUser(text) {
    var wrap = el("div", "msg user");
    wrap.appendChild(el("span", "visually-hidden", "You said: "));
    wrap.appendChild(el("p", "user-text", text));
    return wrap;
  }

  // --- answering: buttons, multi-select, cards (docs/messages.md) ----------------------------
  // Every answer control sits in an element of class "answers"; once the visitor has sent
  // anything after it, closeAnswered() disables it.

  /* [{title, payload}] of a message's or a card row's buttons, the malformed ones left out. */
  function buttonList(buttons) {
    var list = [];
    (Array.isArray(buttons) ? buttons : []).forEach(function (button) {
      if (!button || typeof button !== "object") return;
      var title = str(button.title) || str(button.payload);
      if (!title) return;
      list.push({ title: title, payload: typeof button.payload === "string" ? button.payload : title });
    });
    return list;
  }

  function setDisabled(container, disabled) {
    Array.prototype.forEach.call(container.querySelectorAll("button, input"), function (control) {
      control.disabled = disabled;
    });
  }

  function closeAnswered() {
    Array.prototype.forEach.call(logEl.querySelectorAll(".answers"), function (group) {
      group.classList.add("used");
      setDisabled(group, true);
    });
  }

  /* The state of an answer's controls, in their order: for each, whether it is pressed,
     chosen or ticked, or the text typed into it. Kept with the answer, so that a reload shows
     the choices again (restoreAnswer). */
  function answerState(container) {
    return Array.prototype.map.call(container.querySelectorAll("button, input"), function (c) {
      if (c.type === "checkbox") return c.checked;
      if (c.tagName === "INPUT") return c.value;
      if (c.hasAttribute("aria-pressed")) return c.getAttribute("aria-pressed") === "true";
      return c.classList.contains("chosen");
    });
  }

  /* The controls of `container` as answerState saw them; nothing when they differ in number. */
  function restoreAnswer(container, state) {
    var controls = container.querySelectorAll("button, input");
    if (controls.length !== state.length) return;
    Array.prototype.forEach.call(controls, function (c, i) {
      var value = state[i];
      if (c.type === "checkbox") c.checked = value === true;
      else if (c.tagName === "INPUT") c.value = typeof value === "string" ? value : "";
      else if (c.hasAttribute("aria-pressed")) c.setAttribute("aria-pressed", String(value === true));
      else if (value === true) c.classList.add("chosen");
    });
  }

  /* Sends an answer from `container`'s controls, which stay disabled unless sending fails;
     `pressed`, the button that sent it, if it was itself the answer, is shown as chosen. */
  function sendAnswer(container, text, pressed) {
    if (pending) return;
    setDisabled(container, true);
    if (pressed) pressed.classList.add("chosen");
    send(text, text, answerState(container)).then(function (ok) {
      if (!ok) {
        setDisabled(container, false);
        if (pressed) pressed.classList.remove("chosen");
      }
      focusComposer();
    });
  }

  /* A button that is pressed or not (aria-pressed), for choosing before sending. */
  function toggleButton(title, onPress) {
    var node = el("button", "choice toggle", title);
    node.type = "button";
    node.setAttribute("aria-pressed", "false");
    node.addEventListener("click", function () {
      var pressed = node.getAttribute("aria-pressed") !== "true";
      if (onPress) onPress(node, pressed);
      node.setAttribute("aria-pressed", pressed ? "true" : "false");
    });
    return node;
  }

  /* In a multi-select, the option that excludes the others ("None of these", the payload's
     `none`): pressing it releases the others, and pressing another releases it. */
  function exclusiveToggle(group, none) {
    return function (node, pressed) {
      if (!pressed || !none) return;
      Array.prototype.forEach.call(group.querySelectorAll("[aria-pressed=true]"), function (b) {
        if (b !== node && (node.textContent === none || b.textContent === none)) {
          b.setAttribute("aria-pressed", "false");
        }
      });
    };
  }

  function pressedTitles(group) {
    return Array.prototype.map.call(group.querySelectorAll("[aria-pressed=true]"), function (b) {
      return b.textContent;
    });
  }

  /* One tap sends the button's payload, shown as its title. */
  function renderButtons(buttons, answered) {
    var group = el("div", "buttons answers");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Answer options");
    buttonList(buttons).forEach(function (button) {
      var node = el("button", "choice", button.title);
      node.type = "button";
      node.addEventListener("click", function () {
        if (pending) return;
        setDisabled(group, true);
        node.classList.add("chosen");
        send(button.payload, button.title, answerState(group)).then(function (ok) {
          if (!ok) {
            setDisabled(group, false);
            node.classList.remove("chosen");
          }
          focusComposer();
        });
      });
      group.appendChild(node);
    });
    if (answered) {
      group.classList.add("used");
      setDisabled(group, true);
    }
    return group;
  }

  /* A multi_choice question asked alone: toggles, and Done sends the chosen titles. */
  function renderMultiSelect(buttons, answered, none) {
    var box = el("div", "multi answers");
    var group = el("div", "buttons");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Choose all that apply");
    buttonList(buttons).forEach(function (button) {
      group.appendChild(toggleButton(button.title, exclusiveToggle(group, str(none))));
    });
    box.appendChild(group);
    var actions = el("div", "card-actions");
    var done = el("button", "primary", "Done");
    done.type = "button";
    var hint = el("p", "form-result");
    hint.setAttribute("role", "status");
    done.addEventListener("click", function () {
      var chosen = pressedTitles(group);
      if (!chosen.length) {
        hint.textContent = "Choose one or more, or type your answer below.";
        return;
      }
      hint.textContent = "";
      sendAnswer(box, chosen.join(", "));
    });
    actions.appendChild(done);
    actions.appendChild(hint);
    box.appendChild(actions);
    if (answered) {
      box.classList.add("used");
      setDisabled(box, true);
    }
    return box;
  }

  function isCard(card) {
    return Boolean(card && typeof card === "object" && Array.isArray(card.rows) && card.rows.length);
  }

  /* A row's text under its label, describing `described`; none when the row has no text, as
     its label and buttons say it all ("Side": Left, Right...; "Age"). */
  function appendRowText(wrap, row, textId, described) {
    if (!str(row.text)) return;
    described.setAttribute("aria-describedby", textId);
    var text = el("p", "row-text", str(row.text));
    text.id = textId;
    wrap.appendChild(text);
  }

  /* One row of a "rows" card: its label and question, and buttons or a text box. Returns
     {node, answer()}: answer() is the row's answer as text, "" when it is left empty. */
  function renderCardRow(row, prefix) {
    var label = str(row.label);
    var wrap = el("div", "card-row");
    var textId = prefix + "-text";
    var buttons = buttonList(row.buttons);
    if (row.kind === "number" || !buttons.length) {
      var box = el("input", "row-input");
      box.type = "text";
      box.id = prefix + "-input";
      box.maxLength = 200;
      box.autocomplete = "off";
      var labelEl = el("label", "row-label", label);
      labelEl.htmlFor = box.id;
      wrap.appendChild(labelEl);
      appendRowText(wrap, row, textId, box);
      wrap.appendChild(box);
      return {
        node: wrap,
        answer: function () {
          return box.value.trim();
        },
      };
    }
    var labelId = prefix + "-label";
    wrap.setAttribute("role", "group");
    wrap.setAttribute("aria-labelledby", labelId);
    var labelP = el("p", "row-label", label);
    labelP.id = labelId;
    wrap.appendChild(labelP);
    appendRowText(wrap, row, textId, wrap);
    var group = el("div", "buttons");
    var several = row.kind === "multi_choice";
    var exclusive = exclusiveToggle(group, str(row.none));
    buttons.forEach(function (button) {
      group.appendChild(
        toggleButton(button.title, function (node, pressed) {
          if (several) return exclusive(node, pressed);
          if (!pressed) return;
          // one answer: pressing a button releases the others
          Array.prototype.forEach.call(group.querySelectorAll("[aria-pressed=true]"), function (b) {
            if (b !== node) b.setAttribute("aria-pressed", "false");
          });
        })
      );
    });
    wrap.appendChild(group);
    return {
      node: wrap,
      answer: function () {
        return pressedTitles(group).join(", ");
      },
    };
  }

  function cardTitle(card, id) {
    var title = el("h3", "card-form-title", str(card.title) || "A few questions");
    title.id = id;
    return title;
  }

  /* kind "rows": Send sends "<label>: <answer>", one line per answered row. */
  function renderRowsCard(card, prefix) {
    var formEl = el("form", "card-form answers");
    formEl.noValidate = true;
    formEl.setAttribute("aria-labelledby", prefix + "-title");
    formEl.appendChild(cardTitle(card, prefix + "-title"));
    var rows = [];
    card.rows.forEach(function (row, i) {
      if (!row || typeof row !== "object" || !str(row.label)) return;
      var rendered = renderCardRow(row, prefix + "-" + i);
      rows.push({ label: str(row.label), answer: rendered.answer });
      formEl.appendChild(rendered.node);
    });
    var actions = el("div", "card-actions");
    var submit = el("button", "primary", "Send answers");
    submit.type = "submit";
    var hint = el("p", "form-result");
    hint.setAttribute("role", "status");
    actions.appendChild(submit);
    actions.appendChild(hint);
    formEl.appendChild(actions);
    formEl.addEventListener("submit", function (event) {
      event.preventDefault();
      var lines = [];
      rows.forEach(function (row) {
        var answer = row.answer();
        if (answer) lines.push(row.label + ": " + answer);
      });
      if (!lines.length) {
        hint.textContent = "Answer one or more of these, or type your answer below.";
        return;
      }
      hint.textContent = "";
      sendAnswer(formEl, lines.join("\n"));
    });
    return formEl;
  }

  /* kind "checklist": a checkbox per row; Done sends every row as Yes or No, "None of these"
     sends card.none. */
  function renderChecklist(card, prefix) {
    var formEl = el("form", "card-form checklist answers");
    formEl.noValidate = true;
    var fieldset = el("fieldset", null);
    var legend = el("legend", "card-form-title", str(card.title) || "Do any of these apply?");
    fieldset.appendChild(legend);
    var rows = [];
    card.rows.forEach(function (row, i) {
      if (!row || typeof row !== "object" || !str(row.label)) return;
      var line = el("div", "check-row");
      var box = el("input");
      box.type = "checkbox";
      box.id = prefix + "-" + i;
      var labelEl = el("label", null, str(row.text) || str(row.label));
      labelEl.htmlFor = box.id;
      line.appendChild(box);
      line.appendChild(labelEl);
      fieldset.appendChild(line);
      rows.push({ label: str(row.label), box: box });
    });
    formEl.appendChild(fieldset);
    var actions = el("div", "card-actions");
    var done = el("button", "primary", "Done");
    done.type = "submit";
    actions.appendChild(done);
    var none = str(card.none);
    if (none) {
      var noneButton = el("button", "choice", none);
      noneButton.type = "button";
      noneButton.addEventListener("click", function () {
        sendAnswer(formEl, none, noneButton);
      });
      actions.appendChild(noneButton);
    }
    formEl.appendChild(actions);
    formEl.addEventListener("submit", function (event) {
      event.preventDefault();
      var lines = rows.map(function (row) {
        return row.label + ": " + (row.box.checked ? "Yes" : "No");
      });
      sendAnswer(formEl, lines.join("\n"));
    });
    return formEl;
  }

  function renderCard(card, answered) {
    formCount += 1;
    var prefix = "card" + formCount;
    var formEl =
      card.kind === "checklist" ? renderChecklist(card, prefix) : renderRowsCard(card, prefix);
    if (answered) {
      formEl.classList.add("used");
      setDisabled(formEl, true);
    }
    return formEl;
  }

  function renderWhy(why) {
    var details = el("details", "why");
    details.appendChild(el("summary", null, "Why we ask"));
    renderText(why, details);
    return details;
  }

  /* The factor groups with their labels and hints as the server sends them (factors.yml). */
  function renderFactors(factors, groups) {
    // folded on a phone, so that the result and the next step fit on the screen
    var section = el("details", "factors");
    section.open = window.matchMedia(WIDE_SCREEN).matches;
    section.appendChild(el("summary", null, "What may be keeping the pain going"));
    (Array.isArray(groups) ? groups : []).forEach(function (group) {
      if (!group || typeof group !== "object") return;
      var id = str(group.id);
      var found = Array.isArray(factors && factors[id]) ? factors[id] : [];
      var box = el("div", "factor-group factor-" + id.replace(/[^a-z]/g, ""));
      box.appendChild(el("h5", null, str(group.label)));
      box.appendChild(el("p", "factor-hint", str(group.hint)));
      if (!found.length) {
        box.appendChild(el("p", "factor-none", "Nothing noted."));
      } else {
        var list = el("ul", "factor-list");
        found.forEach(function (factor) {
          if (!factor || typeof factor !== "object") return;
          var item = el("li", null);
          item.appendChild(el("span", "factor-name", str(factor.visitor_label) || str(factor.label)));
          var evidence = Array.isArray(factor.evidence) ? factor.evidence : [];
          if (evidence.length) {
            var details = el("details", "evidence");
            details.appendChild(el("summary", null, "What you told me"));
            var quotes = el("ul", null);
            evidence.forEach(function (text) {
              quotes.appendChild(el("li", null, "\u201c" + String(text) + "\u201d"));
            });
            details.appendChild(quotes);
            item.appendChild(details);
          }
          list.appendChild(item);
        });
        box.appendChild(list);
      }
      section.appendChild(box);
    });
    return section;
  }

  /* The result as soon as the safety questions are settled, before the questions that prepare
     the visit: its label as the heading, then the text. */
  function renderDisposition(c, text, index) {
    formCount += 1;
    var box = el("section", "card disposition");
    box.setAttribute("data-entry", String(index));
    box.setAttribute("data-disposition", str(c.disposition));
    // a doctor first (a red flag short of an emergency): the referral's colour, not the all-clear
    if (str(c.disposition) !== "book_nmt") box.classList.add("doctor-first");
    var heading = el("h3", "card-title", str(c.disposition_label) || "Your result");
    heading.id = "result" + formCount;
    box.setAttribute("aria-labelledby", heading.id);
    box.appendChild(el("p", "kicker", "Your result"));
    box.appendChild(heading);
    renderText(text, box);
    return box;
  }

  /* A result notice that a later outcome changed (a red flag after it) says so. */
  function markChangedResults() {
    var latest = lastOutcomeIndex();
    if (latest < 0) return;
    var disposition = str(custom(entries[latest].message).disposition);
    Array.prototype.forEach.call(logEl.querySelectorAll(".disposition"), function (box) {
      if (box.classList.contains("changed")) return;
      if (Number(box.getAttribute("data-entry")) > latest) return;
      if (box.getAttribute("data-disposition") === disposition) return;
      box.classList.add("changed");
      box.appendChild(el("p", "changed-note", "This has changed: see your latest result below."));
    });
  }

  function renderOutcome(entry, isLatest) {
    var c = custom(entry.message);
    var label = str(c.disposition_label) || "Your result";
    var card = el("section", "card outcome");
    card.setAttribute("aria-label", "Your result: " + label);
    if (c.next_step === "call_emergency" || c.disposition === "emergency") {
      card.classList.add("emergency");
      card.setAttribute("role", "alert");
      card.appendChild(el("h3", "card-title", label));
      var call = emergencyCall();
      if (call) card.appendChild(call);
      renderText(str(c.body), card);
      return card;
    }
    card.classList.add(c.next_step === "booking" ? "outcome-booking" : "outcome-referral");
    card.appendChild(el("p", "kicker", "Your result"));
    card.appendChild(el("h3", "card-title", label));
    renderText(str(c.body), card);
    if (c.next_step === "booking") {
      // the next step before the details
      if (!emergency) card.appendChild(renderBookingStep(entry, c, isLatest));
      card.appendChild(renderFactors(c.factors, c.factor_groups));
    } else {
      var next = el("section", "next-step");
      next.appendChild(el("h4", null, "Next step: see a doctor first"));
      next.appendChild(
        el(
          "p",
          null,
          "A summary of your answers for the doctor follows below when you ask for it. " +
            "You can print it or take it with you."
        )
      );
      card.appendChild(next);
    }
    return card;
  }

  function renderBookingStep(entry, c, isLatest) {
    var next = el("section", "next-step next-step-booking");
    next.appendChild(el("h4", null, "Next step: request an appointment"));
    var ref = str(c.assessment_id);
    if (ref) next.appendChild(el("p", "reference", "Your reference: " + ref));
    if (!ref) {
      next.appendChild(renderCallText(el("p"), "Please call the clinic to book an appointment."));
    } else if (entry.booking && entry.booking.status === "sent") {
      next.appendChild(bookingThanks());
    } else if (isLatest) {
      next.appendChild(renderBookingForm(entry, ref));
    } else {
      next.appendChild(el("p", "muted", "See your latest result below."));
    }
    if (typeof c.booking_url === "string") {
      var href = httpUrl(c.booking_url);
      if (href) {
        var p = el("p", null);
        p.appendChild(externalLink(href, "Or choose a time on our booking page"));
        next.appendChild(p);
      }
    }
    return next;
  }

  function bookingThanks() {
    var done = el("p", "booking-done", "Thank you. Your booking request has been sent; the clinic will contact you to arrange a time.");
    done.setAttribute("role", "status");
    return done;
  }

  function field(formEl, name, labelText, control) {
    var id = "booking-" + name.replace(/_/g, "-");
    var wrap = el("div", "field");
    var label = el("label", null, labelText);
    label.htmlFor = id;
    control.id = id;
    control.name = name;
    wrap.appendChild(label);
    wrap.appendChild(control);
    formEl.appendChild(wrap);
    return control;
  }

  function renderBookingForm(entry, ref) {
    // Only one booking form is on the page at a time: an older one is removed.
    var old = document.getElementById("booking-form");
    if (old) old.remove();
    var formEl = el("form", "booking");
    formEl.id = "booking-form";
    formEl.noValidate = true;
    formEl.setAttribute("aria-label", "Booking request");
    var hidden = el("input");
    hidden.type = "hidden";
    hidden.name = "assessment_id";
    hidden.value = ref;
    formEl.appendChild(hidden);

    var nameInput = el("input");
    nameInput.type = "text";
    nameInput.maxLength = 200;
    nameInput.required = true;
    nameInput.autocomplete = "name";
    field(formEl, "name", "Your name", nameInput);

    var contactInput = el("input");
    contactInput.type = "text";
    contactInput.maxLength = 200;
    contactInput.required = true;
    contactInput.autocomplete = "on";
    field(formEl, "contact", "Phone number or email address", contactInput);

    var times = el("textarea");
    times.rows = 2;
    times.maxLength = 1000;
    times.required = true;
    field(formEl, "preferred_times", "When suits you (days and times)", times);

    var consentWrap = el("div", "field checkbox");
    var consent = el("input");
    consent.type = "checkbox";
    consent.name = "consent_to_contact";
    consent.id = "booking-consent";
    consent.required = true;
    var consentLabel = el(
      "label",
      null,
      "I agree that the clinic may contact me about this booking request."
    );
    consentLabel.htmlFor = "booking-consent";
    consentWrap.appendChild(consent);
    consentWrap.appendChild(consentLabel);
    formEl.appendChild(consentWrap);

    var submit = el("button", "primary", "Send booking request");
    submit.type = "submit";
    formEl.appendChild(submit);
    var result = el("p", "form-result");
    result.setAttribute("role", "status");
    result.setAttribute("aria-live", "polite");
    formEl.appendChild(result);

    formEl.addEventListener("submit", function (event) {
      event.preventDefault();
      submitBooking(entry, formEl, submit, result);
    });
    return formEl;
  }

  function showFormError(result, text) {
    result.className = "form-result error";
    result.textContent = "";
    renderCallText(result, text);
  }

  function submitBooking(entry, formEl, submit, result) {
    var values = {
      sender_id: sender,
      assessment_id: formEl.elements.assessment_id.value,
      name: formEl.elements.name.value.trim(),
      contact: formEl.elements.contact.value.trim(),
      preferred_times: formEl.elements.preferred_times.value.trim(),
      consent_to_contact: formEl.elements.consent_to_contact.checked,
    };
    var firstInvalid = null;
    ["name", "contact", "preferred_times"].forEach(function (name) {
      var control = formEl.elements[name];
      var bad = !values[name];
      control.setAttribute("aria-invalid", bad ? "true" : "false");
      if (bad && !firstInvalid) firstInvalid = control;
    });
    var consent = formEl.elements.consent_to_contact;
    consent.setAttribute("aria-invalid", values.consent_to_contact ? "false" : "true");
    if (firstInvalid) {
      showFormError(result, "Please fill in your name, how to contact you and when suits you.");
      firstInvalid.focus();
      return;
    }
    if (!values.consent_to_contact) {
      showFormError(result, "Please tick the box to agree that the clinic may contact you.");
      consent.focus();
      return;
    }
    submit.disabled = true;
    result.className = "form-result";
    result.textContent = "Sending\u2026";
    fetch("/booking", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      credentials: "same-origin",
      body: JSON.stringify(values),
    })
      .then(function (res) {
        return res
          .json()
          .catch(function () {
            return {};
          })
          .then(function (body) {
            return { ok: res.status === 201, body: body };
          });
      })
      .then(function (answer) {
        if (!answer.ok) {
          var text =
            answer.body && typeof answer.body.error === "string"
              ? answer.body.error
              : "The booking request could not be sent. Please try again, or call the clinic.";
          showFormError(result, text);
          submit.disabled = false;
          return;
        }
        entry.booking = { status: "sent" };
        saveTranscript();
        var thanks = bookingThanks();
        formEl.replaceWith(thanks);
        thanks.setAttribute("tabindex", "-1");
        thanks.focus();
      })
      .catch(function () {
        showFormError(
          result,
          "The booking request could not be sent. Please check your connection and try again, or call the clinic."
        );
        submit.disabled = false;
      });
  }

  function renderSummary(c, text) {
    var summary = str(c.summary);
    var intro = str(text);
    if (summary && intro.endsWith(summary)) intro = intro.slice(0, intro.length - summary.length);
    var wrap = el("div", null);
    renderText(intro, wrap);
    if (!summary) return wrap;
    Array.prototype.forEach.call(document.querySelectorAll(".print-target"), function (node) {
      node.classList.remove("print-target");
    });
    var block = el("section", "summary-block print-target");
    block.setAttribute("aria-label", "Summary for your doctor");
    block.appendChild(el("h3", "summary-title", "Summary for your doctor"));
    block.appendChild(el("pre", "summary-text", summary));
    var actions = el("div", "summary-actions");
    var print = el("button", "print-button", "Print this summary");
    print.type = "button";
    print.addEventListener("click", function () {
      Array.prototype.forEach.call(document.querySelectorAll(".print-target"), function (node) {
        node.classList.remove("print-target");
      });
      block.classList.add("print-target");
      window.print();
    });
    actions.appendChild(print);
    block.appendChild(actions);
    var ref = str(c.assessment_id);
    if (c.summary_pdf === true && ref) {
      // Only a stored assessment (after consent) has a reference, and so a PDF.
      var pdfButton = el("button", "pdf-button", "Download as PDF");
      pdfButton.type = "button";
      var pdfResult = el("p", "pdf-result");
      pdfResult.setAttribute("role", "status");
      pdfResult.setAttribute("aria-live", "polite");
      pdfButton.addEventListener("click", function () {
        downloadPdf(ref, pdfButton, pdfResult);
      });
      actions.appendChild(pdfButton);
      block.appendChild(pdfResult);
    }
    wrap.appendChild(block);
    document.body.classList.add("has-summary");
    return wrap;
  }

  /* Asks the page's server for the summary as a PDF (POST, so that the sender id is in no URL)
     and saves it through a temporary object URL. */
  function downloadPdf(ref, button, result) {
    button.disabled = true;
    result.className = "pdf-result";
    result.textContent = "Preparing the PDF\u2026";
    fetch("/referral.pdf", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      credentials: "same-origin",
      body: JSON.stringify({ sender_id: sender, assessment_id: ref }),
    })
      .then(function (res) {
        var type = (res.headers.get("Content-Type") || "").split(";")[0].trim().toLowerCase();
        if (!res.ok || type !== "application/pdf") throw new Error("HTTP " + res.status);
        return res.blob();
      })
      .then(function (blob) {
        var url = URL.createObjectURL(blob);
        var link = el("a", "visually-hidden");
        link.href = url;
        link.download = "referral-summary-" + ref + ".pdf";
        document.body.appendChild(link);
        link.click();
        link.remove();
        // revoked later, not at once: some browsers read the URL after click() returns
        window.setTimeout(function () {
          URL.revokeObjectURL(url);
        }, REVOKE_AFTER_MS);
        result.textContent = "The PDF has been downloaded.";
      })
      .catch(function () {
        result.className = "pdf-result error";
        result.textContent = PDF_UNAVAILABLE;
      })
      .finally(function () {
        button.disabled = false;
      });
  }

  function renderHandoff(entry) {
    var c = custom(entry.message);
    var text = entry.message.text;
    if (c.next_step === "referral_summary") return renderSummary(c, text);
    var wrap = el("div", null);
    renderText(text, wrap);
    if (c.next_step === "call_emergency") {
      wrap.classList.add("emergency");
      wrap.setAttribute("role", "alert");
      var call = emergencyCall();
      if (call) wrap.appendChild(call);
    } else if (c.next_step === "booking" && !emergency && c.clearance && str(c.assessment_id)) {
      // after a referral, a doctor's clearance stated: the request form, marked for the clinic
      wrap.appendChild(renderClearanceBooking(entry, c));
    } else if (c.next_step === "booking" && !emergency && typeof c.booking_url === "string") {
      var href = httpUrl(c.booking_url);
      if (href) {
        var p = el("p", null);
        p.appendChild(externalLink(href, "Open the booking page"));
        wrap.appendChild(p);
      }
    }
    return wrap;
  }

  /* The booking request after a stated doctor's clearance (docs/messages.md): the clinic sees
     the request marked with `clearance.flag`, and so does the visitor. */
  function renderClearanceBooking(entry, c) {
    var next = el("section", "next-step next-step-booking");
    next.appendChild(el("h4", null, "Request an appointment"));
    next.appendChild(el("p", "reference", "Your reference: " + str(c.assessment_id)));
    if (str(c.clearance.flag)) next.appendChild(el("p", "muted", str(c.clearance.flag)));
    if (entry.booking && entry.booking.status === "sent") next.appendChild(bookingThanks());
    else next.appendChild(renderBookingForm(entry, str(c.assessment_id)));
    return next;
  }

  /* A question with a card: the card's title, its rows and its Send, instead of the single
     question's text and buttons. The text is shown too when it quotes the visitor (an answer
     not understood, or words in which a red flag may have been heard). */
  function renderCardQuestion(entry, answered) {
    var c = custom(entry.message);
    var wrap = el("div", "msg bot msg-form");
    wrap.appendChild(el("span", "visually-hidden", "Assistant: "));
    if (c.unread || c.heard) renderText(entry.message.text, wrap);
    wrap.appendChild(renderCard(c.card, answered));
    if (str(c.why)) wrap.appendChild(renderWhy(c.why));
    return wrap;
  }

  function renderBot(entry, index, isLatestOutcome, answered) {
    var message = entry.message;
    var c = custom(message);
    if (c.type === "question" && isCard(c.card)) return renderCardQuestion(entry, answered);
    var wrap = el("div", "msg bot");
    wrap.appendChild(el("span", "visually-hidden", "Assistant: "));
    if (c.type === "assessment_outcome") {
      wrap.classList.add("msg-card");
      wrap.appendChild(renderOutcome(entry, isLatestOutcome));
    } else if (c.type === "disposition") {
      wrap.classList.add("msg-card");
      wrap.appendChild(renderDisposition(c, message.text, index));
    } else if (c.type === "handoff") {
      wrap.appendChild(renderHandoff(entry));
    } else {
      renderText(message.text, wrap);
    }
    if (c.type === "disclaimer") {
      wrap.classList.add("notice");
      wrap.setAttribute("role", "note");
    }
    if (c.type === "question" && str(c.why)) wrap.appendChild(renderWhy(c.why));
    if (Array.isArray(message.buttons) && message.buttons.length) {
      wrap.appendChild(
        c.type === "question" && c.kind === "multi_choice"
          ? renderMultiSelect(message.buttons, answered, c.none)
          : renderButtons(message.buttons, answered)
      );
    }
    return wrap;
  }

  function lastUserIndex() {
    for (var i = entries.length - 1; i >= 0; i--) {
      if (entries[i].kind === "user") return i;
    }
    return -1;
  }

  function lastOutcomeIndex() {
    for (var i = entries.length - 1; i >= 0; i--) {
      var e = entries[i];
      if (e.kind === "bot" && custom(e.message).type === "assessment_outcome") return i;
    }
    return -1;
  }

  function appendEntry(entry, index) {
    var node;
    if (entry.kind === "user") {
      node = renderUser(entry.text);
    } else {
      if (isEmergency(entry) && !emergency) enterEmergency();
      node = renderBot(entry, index, index === lastOutcomeIndex(), index < lastUserIndex());
    }
    logEl.appendChild(node);
    return node;
  }

  function renderAll() {
    emergency = entries.some(isEmergency);
    if (emergency) document.body.classList.add("emergency-mode");
    entries.forEach(function (entry, index) {
      // the answered controls are the last ones before the answer
      if (entry.kind === "user" && Array.isArray(entry.chosen)) {
        var answered = logEl.querySelectorAll(".answers");
        if (answered.length) restoreAnswer(answered[answered.length - 1], entry.chosen);
      }
      appendEntry(entry, index);
    });
    markChangedResults();
    scrollToEnd();
  }

  // --- talking to the bot --------------------------------------------------------------------

  var typingEl = null;
  var slowTimer = null;

  function slowAfterMs() {
    var ms = Number(document.body.getAttribute("data-slow-after-ms"));
    return ms > 0 ? ms : SLOW_AFTER_MS;
  }

  function showTyping() {
    typingEl = el("div", "typing");
    typingEl.id = "typing";
    typingEl.setAttribute("aria-label", "The assistant is typing");
    typingEl.appendChild(el("span", "visually-hidden", "The assistant is typing\u2026"));
    for (var i = 0; i < 3; i++) typingEl.appendChild(el("span", "dot"));
    logEl.appendChild(typingEl);
    scrollToEnd();
    slowTimer = window.setTimeout(showSlow, slowAfterMs());
  }

  /* A slow reply: say so, rather than only the dots. */
  function showSlow() {
    if (!typingEl) return;
    typingEl.classList.add("slow");
    typingEl.appendChild(el("span", "slow-notice", SLOW_TEXT));
    scrollToEnd();
  }

  function hideTyping() {
    window.clearTimeout(slowTimer);
    slowTimer = null;
    if (typingEl) typingEl.remove();
    typingEl = null;
  }

  function setBusy(busy) {
    pending = busy;
    sendButton.disabled = busy;
    logEl.setAttribute("aria-busy", busy ? "true" : "false");
    form.classList.toggle("busy", busy);
  }

  function showError(text) {
    var node = renderCallText(el("div", "msg error"), text);
    node.setAttribute("role", "alert");
    logEl.appendChild(node);
    scrollToEnd();
  }

  function postMessage(text) {
    var controller = typeof AbortController === "function" ? new AbortController() : null;
    var timer = controller
      ? window.setTimeout(function () {
          controller.abort();
        }, TIMEOUT_MS)
      : null;
    return fetch(config.chat_url || CHAT_URL, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      credentials: "omit",
      body: JSON.stringify({ sender: sender, message: text }),
      signal: controller ? controller.signal : undefined,
    })
      .then(function (res) {
        if (!res.ok) throw new Error("HTTP " + res.status);
        return res.json();
      })
      .then(function (messages) {
        if (!Array.isArray(messages)) throw new Error("unexpected response");
        return messages;
      })
      .finally(function () {
        if (timer) window.clearTimeout(timer);
      });
  }

  /* Sends `payload`, showing `shown` as the visitor's message, and keeping `chosen` (the state
     of the controls that sent it, if any); resolves to true on success. */
  function send(payload, shown, chosen) {
    if (pending) return Promise.resolve(false);
    if (typeof payload !== "string" || payload.trim() === "") return Promise.resolve(false);
    if (!config) {
      if (!configLoaded) return Promise.resolve(false);
      // the page's settings are still on their way (a slow connection): send once they are here
      setBusy(true);
      return configLoaded.then(function () {
        setBusy(false);
        return config ? send(payload, shown, chosen) : false;
      });
    }
    setBusy(true);
    var userEntry = { kind: "user", text: shown };
    if (chosen) userEntry.chosen = chosen;
    var userNode = appendEntry(userEntry, -1);
    showTyping();
    return postMessage(payload)
      .then(function (messages) {
        hideTyping();
        entries.push(userEntry);
        closeAnswered();
        var start = entries.length;
        messages.forEach(function (message) {
          if (!message || typeof message !== "object") return;
          entries.push({ kind: "bot", message: message });
        });
        // render after pushing, so that the latest outcome is known when rendering
        var resultNode = null;
        var firstNode = null;
        var booking = false;
        for (var i = start; i < entries.length; i++) {
          var node = appendEntry(entries[i], i);
          if (!firstNode) firstNode = node;
          var c = custom(entries[i].message);
          if (c.type === "assessment_outcome" || c.type === "disposition") resultNode = node;
          if (c.type === "handoff" && c.next_step === "booking") booking = true;
        }
        saveTranscript();
        markChangedResults();
        var intro = document.getElementById("intro");
        if (intro) intro.remove();
        // the booking step opens the form; a result is read from its heading, not from the
        // messages after it; any other reply from its first message, not from its end
        if (booking && openBookingForm()) return true;
        if (resultNode) scrollToTop(resultNode);
        else if (firstNode) scrollToTop(firstNode);
        else scrollToEnd();
        return true;
      })
      .catch(function () {
        hideTyping();
        userNode.remove();
        showError(UNREACHABLE);
        return false;
      })
      .finally(function () {
        setBusy(false);
      });
  }

  /* The booking step: the request form scrolled into view, its first field focused. */
  function openBookingForm() {
    var formEl = document.getElementById("booking-form");
    if (!formEl || emergency) return false;
    scrollToTop(formEl.closest(".next-step") || formEl);
    formEl.querySelector("input:not([type=hidden]), textarea").focus({ preventScroll: true });
    return true;
  }

  /* After a reply, back to the message box, unless the reply moved the focus to the form. */
  function focusComposer() {
    var active = document.activeElement;
    if (active && active.closest && active.closest("#booking-form")) return;
    input.focus();
  }

  /* A plain "no" typed while a checklist is the open question answers the whole checklist
     ("Do any of these apply?" - "no"), as its "None of these" does; the server would read it
     as the answer to the first row alone and ask the others again. Anything more than a plain
     no is sent as typed. */
  var PLAIN_NO =
    /^(?:no+|nope|nah|none|nothing|no,? none|none of (?:them|these|those|the above)|no to (?:all|any|everything|all of them|all of these|them all))[.!]*$/i;

  /* A plain "yes" typed there is not sent: the server would read it as yes to the first row
     alone, an emergency's (a checklist shows emergencies first), when the visitor may mean
     another row. The note under the box asks which (found trying the page as a visitor). */
  var PLAIN_YES =
    /^(?:y|ya|yes+|yeah|yea|yep|yup|yes,? (?:some|one|a few)(?: of (?:them|these|those))?|some of (?:them|these|those)|one of (?:them|these|those))[.!]*$/i;
  var WHICH_HINT =
    "Which ones? Tick each that applies above and press Done, or tell me in your own words.";

  /* The open checklist: the question among the replies to the visitor's last message, when it
     is a checklist card with a "None of these"; else null. */
  function openChecklist() {
    for (var i = entries.length - 1; i >= 0 && entries[i].kind === "bot"; i--) {
      var c = custom(entries[i].message);
      if (c.type !== "question") continue;
      return isCard(c.card) && c.card.kind === "checklist" && str(c.card.none) ? c.card : null;
    }
    return null;
  }

  function cardAnswer(text) {
    var checklist = PLAIN_NO.test(text) ? openChecklist() : null;
    return checklist ? str(checklist.none) : text;
  }

  function onSubmit(event) {
    event.preventDefault();
    var text = input.value;
    if (text.trim() === "" && !pending) showNote("empty", EMPTY_HINT);
    if (text.trim() === "" || text.length > maxChars() || pending) {
      input.focus();
      return;
    }
    if (PLAIN_YES.test(text.trim()) && openChecklist()) {
      showNote("which", WHICH_HINT);
      input.focus();
      return;
    }
    send(cardAnswer(text.trim()), text.trim()).then(function (ok) {
      if (ok && input.value === text) {
        input.value = "";
        onInput();
      }
      focusComposer();
    });
  }

  function autosize() {
    input.style.height = "auto";
    input.style.height = Math.min(input.scrollHeight, 160) + "px";
  }

  // --- the note under the message box: an empty message, a long one ------------------------

  function maxChars() {
    var max = Number(input.getAttribute("data-max-chars"));
    return max > 0 ? max : MAX_CHARS;
  }

  function count(n) {
    return n.toLocaleString("en-GB");
  }

  /* The note, read out by screen readers (role=status) when it changes: so it changes only when
     what it says does, not with every key. */
  function showNote(kind, text) {
    noteKind = kind;
    noteEl.className = "composer-note" + (kind === "over" ? " error" : "");
    if (noteEl.textContent !== text) noteEl.textContent = text;
  }

  /* Nothing typed is ever cut: over the limit, the message stays in the box, is not sent, and
     the note says so; the count shows from near the limit. */
  function checkLength() {
    var max = maxChars();
    var length = input.value.length;
    var over = length > max;
    if (over) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
    countEl.textContent = length > max - NEAR_LIMIT ? count(length) + " / " + count(max) : "";
    countEl.className = "composer-count" + (over ? " error" : "");
    if (over) {
      showNote(
        "over",
        "Your message is too long to send. Please make it " + count(max) +
          " characters or less, or send it in two parts."
      );
    } else if (length > max - NEAR_LIMIT) {
      showNote("near", "You can type up to " + count(max) + " characters.");
    } else if (noteKind !== "empty" || input.value.trim() !== "") {
      showNote("", "");
    }
  }

  function onInput() {
    autosize();
    checkLength();
  }

  /* Before the conversation starts: a note (not from the bot, not kept) and a Start button. */
  function showIntro() {
    var intro = el("div", "intro");
    intro.id = "intro";
    intro.appendChild(
      el("p", null, "Type hello below, or press Start, to begin the self-assessment.")
    );
    var startButton = el("button", "choice", "Start");
    startButton.type = "button";
    startButton.addEventListener("click", function () {
      if (pending) return;
      startButton.disabled = true;
      send("hi", "Hi").then(function (ok) {
        startButton.disabled = false;
        input.focus();
        if (ok) intro.remove();
      });
    });
    intro.appendChild(startButton);
    logEl.appendChild(intro);
  }

  function loadConfig() {
    return fetch("/config.json", { credentials: "same-origin" }).then(function (res) {
      if (!res.ok) throw new Error("HTTP " + res.status);
      return res.json();
    });
  }

  // --- in the widget's frame (widget.js) -----------------------------------------------------

  /* Tells the widget (the embedding page) something; only that this page is ready or wants to
   * close, never anything of the conversation. */
  function tellWidget(event) {
    window.parent.postMessage({ nmt: event }, "*");
  }

  function embed() {
    document.body.classList.add("embedded");
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !event.defaultPrevented) tellWidget("close");
    });
    window.addEventListener("message", function (event) {
      if (event.source !== window.parent || !event.data) return;
      if (event.data.nmt === "focus") input.focus();
    });
    tellWidget("ready");
  }

  function start() {
    logEl = document.getElementById("log");
    form = document.getElementById("composer");
    input = document.getElementById("message");
    sendButton = document.getElementById("send");
    noteEl = document.getElementById("composer-note");
    countEl = document.getElementById("composer-count");

    sender = loadSender();
    entries = loadTranscript();

    form.addEventListener("submit", onSubmit);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        if (typeof form.requestSubmit === "function") form.requestSubmit();
        else onSubmit(event);
      }
    });
    input.addEventListener("input", onInput);
    if (EMBEDDED) embed();

    configLoaded = loadConfig()
      .then(function (loaded) {
        config = loaded;
        if (config && typeof config.clinic_name === "string" && config.clinic_name) {
          document.getElementById("clinic-name").textContent = config.clinic_name;
        }
        showContact();
        renderAll();
        if (!entries.length) showIntro();
      })
      .catch(function () {
        renderAll();
        showError(UNREACHABLE);
      });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
