"""Steps that span engine packages, owned above them so no package imports one beside or above it:
importing a shop (ingest) and then grouping its products (catalog). The CLI and the GUI call these."""

from engine.workflows.import_shop import import_shop, import_shop_file

__all__ = ["import_shop", "import_shop_file"]
