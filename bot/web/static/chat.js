/* The visitor's chat page: talks to Rasa's REST channel (docs/messages.md).
 *
 * Every text shown comes from the visitor or the bot and is plain text: it is only ever put
 * into the page with textContent and createElement, never parsed as HTML.
 * The conversation (the messages as received, not HTML) and the sender id are kept in
 * sessionStorage, so a reload keeps the conversation; Rasa keeps its state under the same id.
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

  var config = null;
  var sender = null;
  var entries = []; // {kind: "user", text} or {kind: "bot", message, used, booking}
  var pending = false;
  var emergency = false;
  var memoryStore = {};

  var logEl, form, input, sendButton;

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

  function scrollToTop(node) {
    logEl.scrollTop += node.getBoundingClientRect().top - logEl.getBoundingClientRect().top;
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

  // --- rendering messages --------------------------------------------------------------------

  function renderUser(text) {
    var wrap = el("div", "msg user");
    wrap.appendChild(el("span", "visually-hidden", "You said: "));
    wrap.appendChild(el("p", "user-text", text));
    return wrap;
  }

  function renderButtons(entry, buttons) {
    var group = el("div", "buttons");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Answer options");
    buttons.forEach(function (button) {
      if (!button || typeof button !== "object") return;
      var title = str(button.title) || str(button.payload);
      var payload = typeof button.payload === "string" ? button.payload : title;
      if (!title) return;
      var node = el("button", "choice", title);
      node.type = "button";
      node.disabled = Boolean(entry.used);
      node.addEventListener("click", function () {
        if (pending || entry.used) return;
        setGroupUsed(entry, group, true);
        send(payload, title).then(function (ok) {
          if (!ok) {
            setGroupUsed(entry, group, false);
          } else {
            saveTranscript();
            input.focus();
          }
        });
      });
      group.appendChild(node);
    });
    if (entry.used) group.classList.add("used");
    return group;
  }

  function setGroupUsed(entry, group, used) {
    entry.used = used;
    group.classList.toggle("used", used);
    Array.prototype.forEach.call(group.querySelectorAll("button"), function (b) {
      b.disabled = used;
    });
  }

  function renderWhy(why) {
    var details = el("details", "why");
    details.appendChild(el("summary", null, "Why we ask"));
    renderText(why, details);
    return details;
  }

  /* The factor groups with their labels and hints as the server sends them (factors.yml). */
  function renderFactors(factors, groups) {
    var section = el("section", "factors");
    section.appendChild(el("h4", null, "What may be keeping the pain going"));
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

  function renderOutcome(entry, isLatest) {
    var c = custom(entry.message);
    var label = str(c.disposition_label) || "Your result";
    var card = el("section", "card outcome");
    card.setAttribute("aria-label", "Your result: " + label);
    if (c.next_step === "call_emergency" || c.disposition === "emergency") {
      card.classList.add("emergency");
      card.setAttribute("role", "alert");
      card.appendChild(el("h3", "card-title", label));
      renderText(str(c.body), card);
      return card;
    }
    card.classList.add(c.next_step === "booking" ? "outcome-booking" : "outcome-referral");
    card.appendChild(el("h3", "card-title", label));
    renderText(str(c.body), card);
    if (c.next_step === "booking") {
      card.appendChild(renderFactors(c.factors, c.factor_groups));
      if (!emergency) card.appendChild(renderBookingStep(entry, c, isLatest));
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
      next.appendChild(el("p", null, "Please call the clinic to book an appointment."));
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
    result.textContent = text;
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

  function renderBot(entry, isLatestOutcome) {
    var message = entry.message;
    var c = custom(message);
    var wrap = el("div", "msg bot");
    wrap.appendChild(el("span", "visually-hidden", "Assistant: "));
    if (c.type === "assessment_outcome") {
      wrap.classList.add("msg-card");
      wrap.appendChild(renderOutcome(entry, isLatestOutcome));
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
      wrap.appendChild(renderButtons(entry, message.buttons));
    }
    return wrap;
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
      node = renderBot(entry, index === lastOutcomeIndex());
    }
    logEl.appendChild(node);
    return node;
  }

  function renderAll() {
    emergency = entries.some(isEmergency);
    if (emergency) document.body.classList.add("emergency-mode");
    entries.forEach(function (entry, index) {
      appendEntry(entry, index);
    });
    scrollToEnd();
  }

  // --- talking to the bot --------------------------------------------------------------------

  var typingEl = null;

  function showTyping() {
    typingEl = el("div", "typing");
    typingEl.id = "typing";
    typingEl.setAttribute("aria-label", "The assistant is typing");
    typingEl.appendChild(el("span", "visually-hidden", "The assistant is typing\u2026"));
    for (var i = 0; i < 3; i++) typingEl.appendChild(el("span", "dot"));
    logEl.appendChild(typingEl);
    scrollToEnd();
  }

  function hideTyping() {
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
    var node = el("div", "msg error", text);
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
    return fetch(config.rasa_rest_url, {
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

  /* Sends `payload`, showing `shown` as the visitor's message; resolves to true on success. */
  function send(payload, shown) {
    if (pending || !config) return Promise.resolve(false);
    if (typeof payload !== "string" || payload.trim() === "") return Promise.resolve(false);
    setBusy(true);
    var userEntry = { kind: "user", text: shown };
    var userNode = appendEntry(userEntry, -1);
    showTyping();
    return postMessage(payload)
      .then(function (messages) {
        hideTyping();
        entries.push(userEntry);
        messages.forEach(function (message) {
          if (!message || typeof message !== "object") return;
          entries.push({ kind: "bot", message: message });
        });
        // render after pushing, so that the latest outcome is known when rendering
        var start = entries.length - messages.length;
        var outcomeNode = null;
        for (var i = start; i < entries.length; i++) {
          var node = appendEntry(entries[i], i);
          if (custom(entries[i].message).type === "assessment_outcome") outcomeNode = node;
        }
        saveTranscript();
        var intro = document.getElementById("intro");
        if (intro) intro.remove();
        // an outcome is read from its heading, not from the messages after it
        if (outcomeNode) scrollToTop(outcomeNode);
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

  function onSubmit(event) {
    event.preventDefault();
    var text = input.value;
    if (text.trim() === "" || pending) {
      input.focus();
      return;
    }
    send(text.trim(), text.trim()).then(function (ok) {
      if (ok && input.value === text) {
        input.value = "";
        autosize();
      }
      input.focus();
    });
  }

  function autosize() {
    input.style.height = "auto";
    input.style.height = Math.min(input.scrollHeight, 160) + "px";
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

  function start() {
    logEl = document.getElementById("log");
    form = document.getElementById("composer");
    input = document.getElementById("message");
    sendButton = document.getElementById("send");

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
    input.addEventListener("input", autosize);

    loadConfig()
      .then(function (loaded) {
        config = loaded;
        if (config && typeof config.clinic_name === "string" && config.clinic_name) {
          document.getElementById("clinic-name").textContent = config.clinic_name;
        }
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
