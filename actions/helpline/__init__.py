"""The Komen Breast Care Helpline: opening hours, the clock, and the escalation action."""
