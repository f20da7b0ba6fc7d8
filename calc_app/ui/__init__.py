"""The window: the only package that imports PySide6.

Views take the application state and the scenario form and listen to them; background work runs
through :mod:`calc_app.ui.background`.
"""
