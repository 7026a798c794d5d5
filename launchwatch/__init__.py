"""Launchwatch: what the open reporting says about a missile launch."""
