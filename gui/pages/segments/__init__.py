"""The Segments page: tiers, interest clusters, tier movements and their customers."""
