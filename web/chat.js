// Starts the rasa-webchat widget against the Rasa server that serves this page (same origin).
// The conversation id is kept in localStorage, so a reload continues the same conversation.
(function () {
  "use strict";

  // The widget renders into the page's <main> (without this element it appends its own <div>
  // to <body>, outside every landmark and below an empty <main>).
  var root = document.getElementById("webchat");

  WebChat.default({
    initPayload: "/greet",
    socketUrl: window.location.origin,
    socketPath: "/socket.io/",
    title: "MBC information assistant",
    subtitle: "Automated, not a medical professional",
    inputTextFieldHint: "Type your question...",
    connectingText: "Connecting...",
    embedded: true,
    showFullScreenButton: false,
    showMessageDate: false,
    hideWhenNotConnected: false,
    customMessageDelay: function () { return 300; },
    params: { storage: "local" }
  }, root);

  // What rasa-webchat 1.0.1 leaves out for people using a screen reader or a keyboard, added to
  // its DOM as it renders (it has no option for any of these); tests/test_accessibility.py
  // checks them with axe-core and a keyboard-only conversation.
  function label(element, name) {
    if (element && element.getAttribute("aria-label") !== name) {
      element.setAttribute("aria-label", name);
    }
  }

  function enhance() {
    // The message list is a log: new messages (the assistant's answers) are announced.
    var log = root.querySelector(".rw-messages-container");
    if (log && log.getAttribute("role") !== "log") {
      log.setAttribute("role", "log");
      log.setAttribute("aria-live", "polite");
      log.setAttribute("aria-relevant", "additions");
      log.setAttribute("aria-label", "Conversation");
    }
    label(root.querySelector(".rw-new-message"), "Your question");
    var send = root.querySelector(".rw-send");
    label(send, "Send");
    var icon = send && send.querySelector("svg");
    if (icon && !icon.hasAttribute("aria-hidden")) {
      icon.setAttribute("aria-hidden", "true");
      icon.setAttribute("focusable", "false");
    }
    // Quick replies are <div>s with a click handler: make them buttons in the tab order.
    root.querySelectorAll("div.rw-reply:not([role])").forEach(function (reply) {
      reply.setAttribute("role", "button");
      reply.tabIndex = 0;
    });
  }

  new MutationObserver(enhance).observe(root, { childList: true, subtree: true });
  enhance();

  // Enter or Space on a quick reply chooses it, as a click does; the replies then disappear, so
  // the focus goes to the text field (the answer is announced from the log).
  root.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" && event.key !== " ") return;
    var reply = event.target.closest && event.target.closest('div.rw-reply[role="button"]');
    if (!reply) return;
    event.preventDefault();
    reply.click();
    var input = root.querySelector(".rw-new-message");
    if (input) input.focus();
  });
})();
