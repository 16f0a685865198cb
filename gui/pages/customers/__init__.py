"""The Customers page."""
