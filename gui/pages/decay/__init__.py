"""The Decay page: how fast interest fades per category, who is about to lapse, and when."""
