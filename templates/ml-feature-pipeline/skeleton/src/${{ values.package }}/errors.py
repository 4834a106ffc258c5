"""Errors the command line reports as one line (exit status 1) instead of a traceback."""


class FeaturePipelineError(Exception):
    """Input or setup the pipeline cannot work with; the message says what to do."""


class EventsError(FeaturePipelineError, ValueError):
    """The events do not have the shape the transformations need."""


class MissingEventsError(FeaturePipelineError, FileNotFoundError):
    """No events export where one was expected."""


class NotReadyError(FeaturePipelineError, LookupError):
    """A step of the pipeline has not run yet (build, apply)."""
