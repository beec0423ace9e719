"""Pure domain: money, accounts, entries, periods, rules, roles, hashing, errors.

Imports nothing from SQLAlchemy, Textual, ReportLab, openpyxl, YAML or beancount.
"""
