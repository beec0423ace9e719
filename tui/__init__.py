"""Terminal UI (Textual)."""
