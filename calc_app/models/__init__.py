"""Pydantic models with no Qt: the scenario (inputs), the policy-file schema."""
