"""Faster start: Rasa's TensorFlow models build their weights with one eager step.

To load DIETClassifier or ResponseSelector, Rasa 3.6 (``RasaModel.load``) creates an empty model,
trains it for one step on one example so that every weight exists with the right shape, then
loads the trained weights over them. Keras first traces that training step into a graph with
autograph: on this 2-core machine that took most of the model's loading time (make bench), for a
graph that is used once and thrown away.

``install_fast_model_load`` runs that single step eagerly instead: the same layers and weight
shapes, the trained weights loaded over them as before. The model is then switched back to graph
mode and warmed up on the example as Rasa does, so predictions are traced and as fast as before
(tests/test_model_load.py checks they are the same). Fine-tuning and models configured with
``run_eagerly`` keep Rasa's own path.

The model's graph also has two SpacyNLP nodes that each load the same spaCy pipeline from disk;
``install_fast_model_load`` makes the second one reuse the first (the pipeline is only read).
"""

from __future__ import annotations

from typing import Any

from runtime.patch_guard import RasaPatch

MARK = "_mbc_eager_build"
RASA_PATCHES = (
    RasaPatch(
        "rasa.utils.tensorflow.models:RasaModel.load",
        "84fd81c0fdd01a8048de2d9b5b3022bdbf1e155f7b4d67737eb51ecb0787d292",
        "loading DIET/ResponseSelector traced a one-off training graph (most of the load time)",
        "tests/test_model_load.py",
    ),
    RasaPatch(
        "rasa.nlu.utils.spacy_utils:SpacyNLP.load_model",
        "2e68d488b5c7a4f00b35fbb91810c3aa04f12a30eca9ad88b5d1963a2d7ad525",
        "the model's two SpacyNLP nodes each loaded the same spaCy pipeline from disk",
        "tests/test_model_load.py",
    ),
)


def install_fast_model_load() -> None:
    """Patches ``RasaModel.load`` to build weights eagerly, and shares spaCy pipelines."""
    install_shared_spacy_models()
    from rasa.utils.tensorflow.constants import RUN_EAGERLY
    from rasa.utils.tensorflow.models import RasaModel

    current = RasaModel.__dict__["load"].__func__
    if getattr(current, MARK, False):
        return
    original = current

    def load(
        cls: type[RasaModel],
        model_file_name: str,
        model_data_example: Any,
        predict_data_example: Any = None,
        finetune_mode: bool = False,
        *args: Any,
        **kwargs: Any,
    ) -> RasaModel:
        config = kwargs.get("config")
        if finetune_mode or not isinstance(config, dict) or config.get(RUN_EAGERLY):
            model: RasaModel = original(
                cls, model_file_name, model_data_example, predict_data_example, finetune_mode,
                *args, **kwargs,
            )  # fmt: skip
            return model
        kwargs["config"] = {**config, RUN_EAGERLY: True}
        model = original(cls, model_file_name, model_data_example, None, False, *args, **kwargs)
        model.run_eagerly = False  # predictions run as a traced graph again
        model.config[RUN_EAGERLY] = config.get(RUN_EAGERLY)
        if predict_data_example:
            model.run_inference(predict_data_example)  # Rasa's warm-up: traces the graph now
        return model

    setattr(load, MARK, True)
    load.__wrapped__ = original  # type: ignore[attr-defined]  # for runtime.patch_guard
    RasaModel.load = classmethod(load)  # type: ignore[arg-type]


def install_shared_spacy_models() -> None:
    """``SpacyNLP.load_model`` loads each spaCy pipeline once per process (idempotent)."""
    from rasa.nlu.utils.spacy_utils import SpacyNLP

    current = SpacyNLP.__dict__["load_model"].__func__
    if getattr(current, MARK, False):
        return
    loaded: dict[str, Any] = {}

    def load_model(spacy_model_name: str) -> Any:
        if spacy_model_name not in loaded:
            loaded[spacy_model_name] = current(spacy_model_name)
        return loaded[spacy_model_name]

    setattr(load_model, MARK, True)
    load_model.__wrapped__ = current  # type: ignore[attr-defined]  # for runtime.patch_guard
    SpacyNLP.load_model = staticmethod(load_model)
