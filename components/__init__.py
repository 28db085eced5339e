"""Custom NLU components of the MBC assistant."""
