"""Interest decay: per-category and per-customer half-lives, interest today, lapse risk, decay points."""
