"""Product groups for shops whose exports carry no category: derived from item names and
baskets (:mod:`engine.catalog.grouping`), stored through the item catalog
(:mod:`engine.catalog.derive`), reviewed and renamed by the merchandiser."""
