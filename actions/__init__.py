"""Custom actions of the MBC assistant (rasa-sdk), one subpackage per concern.

The action server (``python -m actions.server``, or ``rasa run actions``) imports every module of
this package and registers each concrete Action subclass it finds: drugs.actions (drug lookups)
and helpline.actions (escalation to the helpline). Nothing is imported here, so that checking
the configuration stays fast.
"""
