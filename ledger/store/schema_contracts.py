"""Revenue contracts and what they are owed (issue 7). Tables are created by migration 0004."""

from __future__ import annotations
