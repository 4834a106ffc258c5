"""Feast features ${{ values.name }}, computed from ${{ values.dataset }}."""

from .config import DATASET_REF, FEATURE_NAMES, FEATURE_VIEW, JOIN_KEY, PROJECT

__all__ = ["DATASET_REF", "FEATURE_NAMES", "FEATURE_VIEW", "JOIN_KEY", "PROJECT"]
