"""Bank statements, their matches to entries and monthly reconciliations (issue 7). Tables are
created by migration 0005."""

from __future__ import annotations
