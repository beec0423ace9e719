"""The demo street (迎宾街道): realistic books written through the same services users call."""
