import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LANG", "C.UTF-8")

if "RELIEF_DATA_DIR" not in os.environ:  # the user's own folder stays untouched by tests
    import tempfile

    os.environ["RELIEF_DATA_DIR"] = tempfile.mkdtemp(prefix="relief-test-data-")
