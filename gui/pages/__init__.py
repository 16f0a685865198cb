"""One package per page. Every page follows one shape: ``state.py`` (what it shows, as plain data
read from the engine), ``page.py`` (the page widget, a subclass of :class:`gui.pages.base.Page`;
a model's page subclasses :class:`gui.pages.model_page.ModelPage`) and its charts beside it."""
