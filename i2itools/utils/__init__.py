"""Small shared helpers: image conversion and saving, atomic file writes."""
