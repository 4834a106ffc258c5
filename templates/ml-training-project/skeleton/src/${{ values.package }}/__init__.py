"""Training code for the ${{ values.name }} model."""

from .config import DATASET_REF, MODEL_NAME, TARGET, TASK

__all__ = ["DATASET_REF", "MODEL_NAME", "TARGET", "TASK"]
