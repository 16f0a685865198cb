import sys
from types import ModuleType

from engine.models.warmup import unused_deferred


def _package(tmp_path, monkeypatch):
    """A package that, like numpy, names a submodule in ``__all__`` and imports it on first access."""
    root = tmp_path / "deferpkg"
    root.mkdir()
    (root / "__init__.py").write_text(
        "__all__ = ['heavy', 'light']\nlight = 1\n\n"
        "def __getattr__(name):\n"
        "    if name == 'heavy':\n"
        "        import deferpkg.heavy as heavy\n"
        "        return heavy\n"
        "    raise AttributeError(name)\n")
    (root / "heavy.py").write_text("import builtins\n"
                                   "builtins.deferpkg_runs = getattr(builtins, 'deferpkg_runs', 0) + 1\n"
                                   "VALUE = 42\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in ("deferpkg", "deferpkg.heavy"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    import builtins
    monkeypatch.setattr(builtins, "deferpkg_runs", 0, raising=False)
    return builtins


def test_a_deferred_submodule_is_star_imported_without_running_and_imports_normally_after(tmp_path, monkeypatch):
    builtins = _package(tmp_path, monkeypatch)
    with unused_deferred(("deferpkg.heavy",)) as deferred:
        assert deferred == ["deferpkg.heavy"]
        namespace: dict = {}
        exec("from deferpkg import *", namespace)
        assert isinstance(namespace["heavy"], ModuleType) and namespace["light"] == 1
        # out of sys.modules: a walk over them (inspect.getmodule) does not run it
        assert "deferpkg.heavy" not in sys.modules and builtins.deferpkg_runs == 0
    assert "heavy" not in vars(sys.modules["deferpkg"])
    import deferpkg.heavy
    assert deferpkg.heavy.VALUE == 42 and builtins.deferpkg_runs == 1


def test_a_deferred_submodule_runs_when_read_and_stays(tmp_path, monkeypatch):
    builtins = _package(tmp_path, monkeypatch)
    with unused_deferred(("deferpkg.heavy",)):
        namespace: dict = {}
        exec("from deferpkg import *", namespace)
        assert namespace["heavy"].VALUE == 42 and builtins.deferpkg_runs == 1
    assert vars(sys.modules["deferpkg"])["heavy"].VALUE == 42 and builtins.deferpkg_runs == 1


def test_an_imported_or_missing_module_is_not_deferred():
    import json.decoder  # noqa: F401
    with unused_deferred(("json.decoder", "json.no_such_module")) as deferred:
        assert deferred == []
