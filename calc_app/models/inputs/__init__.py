"""The scenario's inputs: described as data in ``policies/inputs/`` and made into models here.

:mod:`.catalog` reads and validates the descriptions and builds the models, :mod:`.meta` holds the
type vocabulary and :func:`~.meta.field_meta`, :mod:`.lists` the list item models.
"""
