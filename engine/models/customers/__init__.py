"""Customer-level predictions: buy-again probability, expected orders, spend and next order date."""
