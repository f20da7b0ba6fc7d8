import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LANG", "C.UTF-8")

# installed policy packs and the register live in the user data folder: never the developer's own
import tempfile  # noqa: E402

os.environ.setdefault("RELIEF_DATA_DIR", tempfile.mkdtemp(prefix="relief-test-data-"))
