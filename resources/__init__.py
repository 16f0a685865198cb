"""Icons, translations and other files the app ships with."""

from importlib import resources
from pathlib import Path


def resource_path(*parts: str) -> Path:
    return Path(str(resources.files("resources").joinpath(*parts)))
