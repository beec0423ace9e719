"""store layer (see DESIGN.md §4)."""
