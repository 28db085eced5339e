"""Loads the trained model and parses a few messages: ``python -m tests.model_parse [--fast]``.

Prints one JSON document: how each TensorFlow model was built (eagerly or traced), which spaCy
pipelines were loaded from disk, and the parse results (intents, response selection, entities,
with their confidences). ``--fast`` loads with runtime.model_load installed, as runtime.serve
does. Used by tests/test_model_load.py.
"""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any

MESSAGES = [
    "what are the symptoms?", "what is ibrance", "which drugs are parp inhibitors",
    "can i talk to a person", "hi", "how do i pay for my treatment", "asdkjh qwe zzz",
    "my mom has mbc and i am her caregiver",
]  # fmt: skip


def main() -> int:
    """Loads, parses, prints."""
    import spacy
    import tensorflow as tf
    from rasa.core.agent import Agent

    if "--fast" in sys.argv:
        from runtime.model_load import install_fast_model_load

        install_fast_model_load()
    built: list[bool] = []
    fit = tf.keras.Model.fit

    def recording_fit(self: Any, *args: Any, **kwargs: Any) -> Any:
        built.append(bool(self.run_eagerly))
        return fit(self, *args, **kwargs)

    tf.keras.Model.fit = recording_fit
    spacy_loads: list[str] = []
    spacy_load = spacy.load

    def counting_load(name: Any, *args: Any, **kwargs: Any) -> Any:
        spacy_loads.append(str(name))
        return spacy_load(name, *args, **kwargs)

    spacy.load = counting_load
    agent = Agent.load("models/mbc.tar.gz")
    parsed = []
    for message in MESSAGES:
        result = asyncio.run(agent.parse_message(message))
        selector = result.get("response_selector", {})
        parsed.append({
            "text": message,
            "intent_ranking": result["intent_ranking"],
            "entities": result["entities"],
            "responses": {key: value["ranking"] for key, value in selector.items()
                          if key != "all_retrieval_intents"},
        })  # fmt: skip
    print(json.dumps({"built_eagerly": built, "spacy_loads": spacy_loads, "parsed": parsed}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
