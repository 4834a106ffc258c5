"""The problems a run reports as one clear line (and exit status 1), not a traceback."""


class ScoringError(Exception):
    """A run cannot go on; the message says what is wrong and how to fix it."""


class ConfigError(ScoringError):
    """A flag or environment variable has a value the job cannot use."""


class ModelError(ScoringError):
    """The model cannot be found, loaded or run."""


class InputDataError(ScoringError):
    """The input file is missing, empty or does not fit the model."""
