"""The interface language, installed at start: Qt's own catalog (qtbase_<lang>.qm from the PySide6
install), ours (resources/i18n/shiftwise_<lang>.qm) and the engine's (engine_<lang>.qm), with
QLocale's default set to match so numbers and dates follow the language.

The language is Edit ▸ Settings' choice (gui.settings.LANGUAGE_KEY), or the system's when that
is "system". A change applies at the next start: widgets take their text when they are built.
English needs a catalog too: it holds the English plural forms of the ``%n`` strings.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from resources import resource_path

#: The languages the interface is translated into (besides "system").
SUPPORTED = ("en", "zh_CN")

_installed: list[QTranslator] = []


def resolve_language(choice: str, system: QLocale | None = None) -> str:
    """"en" or "zh_CN" for a Settings choice; "system" follows the system locale (Chinese of any
    region reads the Simplified catalog; every other language reads English)."""
    if choice in SUPPORTED:
        return choice
    locale = system if system is not None else QLocale.system()
    return "zh_CN" if locale.language() == QLocale.Language.Chinese else "en"


def catalog_paths(language: str) -> list[str]:
    """The .qm files of ``language`` that exist, most general first (Qt's, the engine's, ours)."""
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    candidates = [f"{qt_dir}/qtbase_{language}.qm",
                  str(resource_path("i18n", f"engine_{language}.qm")),
                  str(resource_path("i18n", f"shiftwise_{language}.qm"))]
    from pathlib import Path

    return [p for p in candidates if Path(p).is_file()]


def install_language(language: str) -> list[str]:
    """Load ``language``'s catalogs (replacing any installed before) and make it QLocale's
    default; returns the catalogs loaded."""
    for old in _installed:
        QCoreApplication.removeTranslator(old)
    _installed.clear()
    loaded = []
    for path in catalog_paths(language):
        translator = QTranslator()
        if translator.load(path):
            QCoreApplication.installTranslator(translator)
            _installed.append(translator)
            loaded.append(path)
    QLocale.setDefault(QLocale("zh_CN" if language == "zh_CN" else "en_US"))
    return loaded


def installed_language_catalogs() -> int:
    return len(_installed)
