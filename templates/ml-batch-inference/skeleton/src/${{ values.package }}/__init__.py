"""Batch inference job ${{ values.name }}: scores ${{ values.inputDataset }} with ${{ values.model }}."""

from .config import DEFAULT_MODEL_URI, INPUT_DATASET_REF, MODEL_REF, OUTPUT_DATASET_REF
from .errors import ScoringError

__all__ = ["DEFAULT_MODEL_URI", "INPUT_DATASET_REF", "MODEL_REF", "OUTPUT_DATASET_REF", "ScoringError"]
