"""Building the index: embedders, and the library that adds and removes reports through a store."""
