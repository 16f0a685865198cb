"""Interest migration: an LSTM over weekly category sequences that predicts who shifts into which category."""
