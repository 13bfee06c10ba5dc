"""Every kind of effect the engine can decide has exactly one method that records it."""

import dataclasses
import inspect

from feedback_bot.conversation import effects
from feedback_bot.services.inbound.effects import _HANDLERS


def test_every_effect_kind_is_recorded_by_the_service():
    kinds = {
        value
        for name, value in vars(effects).items()
        if inspect.isclass(value)
        and dataclasses.is_dataclass(value)
        and value.__module__ == effects.__name__
        and name != "Outcome"
    }
    assert kinds == set(_HANDLERS)
