"""cli layer (see DESIGN.md §4)."""
