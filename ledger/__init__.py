"""公共收益明白账 — a double-entry ledger for residential compounds' public revenue."""
