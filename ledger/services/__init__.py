"""services layer (see DESIGN.md §4)."""
