"""Custom actions of the MBC assistant (rasa-sdk), one module per concern."""
