"""``python -m calc_app`` paints a frame saying the policies are loading, then the main window takes
its place with its first result; a broken bundle is still refused (stderr, exit 1)."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHILD = r"""
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
seen = []
def poll():
    shown = {w.objectName(): w for w in app.topLevelWidgets() if w.isVisible() and w.objectName()}
    if shown and (not seen or seen[-1] != sorted(shown)):
        seen.append(sorted(shown))
        if "loading_window" in shown:
            from PySide6.QtWidgets import QLabel
            print("NOTE", shown["loading_window"].findChild(QLabel, "loading_note").text())
    w = shown.get("main_window")
    if w is not None and w.result is not None:
        print("RESULT", len(w.result["items"]), w.statusBar().currentMessage() != "")
        import gc
        print("COLLECTOR", gc.isenabled(), gc.get_freeze_count() > 10000)
        w.close()
        return
    QTimer.singleShot(2, poll)
QTimer.singleShot(0, poll)
from calc_app.cli import main
code = main([])
print("SEEN", seen)
print("EXIT", code)
"""


def run(env_extra=None):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LANG": "C.UTF-8", "PYTHONPATH": str(ROOT),
           **(env_extra or {})}
    return subprocess.run([sys.executable, "-c", CHILD], cwd=ROOT, env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=300)


def test_the_loading_frame_comes_first_then_the_window_with_its_result():
    r = run()
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "NOTE 正在载入政策文件…" in out
    seen = next(line for line in out.splitlines() if line.startswith("SEEN"))
    assert seen.index("loading_window") < seen.index("main_window")
    _, items, status = next(line for line in out.splitlines() if line.startswith("RESULT")).split()
    assert int(items) > 0 and status == "True"  # the first result is shown, with its status line
    # the collector, paused while the window started, runs again, leaving start-up's objects out
    assert "COLLECTOR True True" in out
    assert "EXIT 0" in out


def test_a_broken_bundle_is_refused_behind_the_frame(tmp_path):
    root = tmp_path / "root"
    shutil.copytree(ROOT / "policies", root / "policies", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "resources", root / "resources")
    p = next((root / "policies" / "cn").glob("*.yaml"))
    p.write_text(p.read_text(encoding="utf-8").replace("effect: ", "effect: gift_", 1), encoding="utf-8")
    r = run({"RELIEF_CALC_ROOT": str(root)})
    assert "EXIT 1" in r.stdout, (r.stdout, r.stderr)
    assert "refusing to start" in r.stderr and p.name in r.stderr


def test_the_collector_is_paused_while_the_window_is_made_and_left_as_it_was(qapp, monkeypatch):
    import gc

    import calc_app.app
    import calc_app.engine.policies as policies
    from calc_app.app import create_main_window
    seen = []
    own = policies.default_bundle
    monkeypatch.setattr(policies, "default_bundle", lambda: (seen.append(gc.isenabled()), own())[1])
    assert gc.isenabled()
    monkeypatch.setattr(calc_app.app, "_froze", False)  # as in a new process
    frozen = gc.get_freeze_count()
    counts = []
    for before in (True, False, True):
        (gc.enable if before else gc.disable)()
        try:
            window = create_main_window()
            assert gc.isenabled() is before
            counts.append(gc.get_freeze_count())
        finally:
            gc.enable()
        window.close()
        window.deleteLater()
    assert seen == [False, False, False]
    # the first window's objects and those before it are frozen; later windows are not
    assert counts[0] > frozen + 10_000 and counts[2] == counts[1] == counts[0]
