"""Guards against a PySide6 reference-count bug that aborts the interpreter at exit.

Reading an unset dynamic property (``QObject.property('x')``) returns ``None`` without taking a
reference on Python 3.11; repeated, it drives ``None``'s count to zero ("none_dealloc"). The window
must not lose references to ``None`` when it recomputes and shows (or clears) messages.
"""
import sys


def test_recomputing_and_clearing_messages_keeps_none_alive(loaded, qapp):
    loaded.recompute.run(inline=True)
    qapp.processEvents()
    before = sys.getrefcount(None)
    for _ in range(20):
        loaded.form.show_errors({})
        loaded.form.show_errors({"monthly_rent": "bad"})
        loaded.recompute.run(inline=True)
        qapp.processEvents()
    lost = before - sys.getrefcount(None)
    assert lost < 200, f"the window dropped {lost} references to None"
