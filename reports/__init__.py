"""Printed and exported outputs rendered from read models."""
