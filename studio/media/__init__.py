"""Media engine: sources, clock, compositor, encoder, outputs. Never imports Qt widgets."""
