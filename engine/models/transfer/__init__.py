"""Transfer: cold-start customers get shift scores from customers like them."""
