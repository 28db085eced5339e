"""Rasa input channels of the MBC assistant: the web chat page (socket.io) and SMS (Twilio)."""
