"""Custom actions of the MBC assistant (rasa-sdk), one module per concern.

``rasa run actions`` imports this package and registers every Action subclass it can see.
"""

from actions.drugs.actions import (
    ActionDescribeDrug,
    ActionDescribeDrugSideEffects,
    ActionListClassDrugs,
)

__all__ = ["ActionDescribeDrug", "ActionDescribeDrugSideEffects", "ActionListClassDrugs"]
