"""The engine: pure Python, no Qt. Loads policies, classifies, evaluates, traces."""
