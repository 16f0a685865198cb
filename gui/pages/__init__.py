"""One package per page. Every page follows one shape: ``page.py`` (the page widget,
a subclass of :class:`gui.pages.base.Page`), its charts and its table models beside it."""
