"""Sentences with a count that are built outside any widget.

lupdate records a plural form only from a ``tr(text, disambiguation, n)`` call of a class, not from
``QCoreApplication.translate(..., n)``: these live on one QObject (context "Plurals") for that reason.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QObject


class Plurals(QObject):
    def days(self, n: int) -> str:
        return self.tr("%Ln day(s)", "", n)

    def weeks(self, n: int) -> str:
        return self.tr("%Ln week(s)", "", n)

    def months(self, n: int) -> str:
        return self.tr("%Ln month(s)", "", n)

    def in_imports(self, n: int) -> str:
        return self.tr("in %n import(s)", "", n)

    def import_and_more(self, file: str, n: int) -> str:
        return self.tr("Import {file} and %n more", "", n).format(file=file)


@lru_cache(maxsize=1)
def plurals() -> Plurals:
    return Plurals()
