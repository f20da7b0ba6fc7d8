"""Inputs that the Jiangxi group of measures needs beyond the contract (see policies/)."""
from __future__ import annotations

from typing import Literal, Optional  # noqa: F401

from pydantic import BaseModel, ConfigDict

from .meta import Count, Flag, Fraction, IsoDate, Money, Number, described  # noqa: F401


class JiangxiInputs(BaseModel):
    model_config = ConfigDict(extra="forbid")
