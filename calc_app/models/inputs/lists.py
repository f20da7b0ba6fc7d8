"""The list inputs: loans, guarantees and procurement bids, one object per row.

Their fields are described in ``policies/inputs/items/<list>.yaml``; the models are made from
those files when this module is imported (``Loan``, ``Guarantee``, ``Bid`` and any other item model
the data names are attributes of this module).
"""
from __future__ import annotations

from pydantic import BaseModel

from calc_app.models.inputs.catalog import active_models

LIST_MODELS: dict[str, type[BaseModel]] = dict(active_models().lists)
"""List input name -> its item model."""
ITEM_FIELDS: dict[str, tuple[str, ...]] = {k: tuple(m.model_fields) for k, m in LIST_MODELS.items()}
"""List input name -> the names valid inside one item."""

globals().update({m.__name__: m for m in LIST_MODELS.values()})
Loan = LIST_MODELS["loans"]
Guarantee = LIST_MODELS["guarantees"]
Bid = LIST_MODELS["procurement_bids"]
