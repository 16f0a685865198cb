"""The interface language: translators.py installs the catalogs at start, engine_text.py renders the
engine's messages, plurals.py and names.py hold strings lupdate must find, fonts.py a CJK font."""
