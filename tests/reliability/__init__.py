"""Reliability tests: backup and restore, upgrades, concurrent writers, crashes, full disks."""
