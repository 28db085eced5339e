// Starts the rasa-webchat widget against the Rasa server that serves this page (same origin).
// The conversation id is kept in localStorage, so a reload continues the same conversation.
WebChat.default({
  selector: "#webchat",
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
}, null);
