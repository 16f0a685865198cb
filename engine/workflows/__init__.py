"""Steps that span engine packages, owned above them so no package imports one beside or above it:
importing a shop (ingest) and then grouping its products (catalog), removing an import and regrouping. The CLI and the GUI call these."""

from engine.workflows.import_shop import import_shop, import_shop_file
from engine.workflows.remove_import import remove_shop_import

__all__ = ["import_shop", "import_shop_file", "remove_shop_import"]
